"""Page 8 shows what gradient descent and its optimisers do, checked against closed forms and the
least-squares solution computed independently with numpy.
"""

import math
import re

import numpy as np
import pytest
from sklearn.datasets import load_diabetes

from mathdl import optim, surfaces
from tests.helpers import ROOT, assert_healthy, chart_data, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/08_gradient_descent.py"
EN = catalog("en")["optimisation"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize(
    ("lr", "regime"), [("0.5", "converges"), ("1.5", "oscillates"), ("2", "cycles"), ("2.5", "diverges")]
)
def test_the_regime_named_is_the_one_the_bound_two_over_a_predicts(lr, regime):
    at = open_page(PAGE, gd1_L="1", gd1_lr=lr, gd1_x0="4", gd1_steps="40")
    assert_healthy(at)
    said = [box.value for box in (*at.success, *at.warning)]
    assert EN["regimes"][regime] in said
    final = metrics(at)[EN["one_d"]["final"]]
    expected = 4 * (1 - float(lr)) ** 40  # x_k = (1 − ηa)^k x₀
    if regime == "diverges":  # |x_k| = 4 · 1.5^k first exceeds 10⁶ at k = ⌈log(250000)/log 1.5⌉
        assert (
            final == "∞"
            and EN["diverged"].format(step=math.ceil(math.log(250_000) / math.log(1.5)), limit="1,000,000") in said
        )
    else:
        assert float(final) == pytest.approx(expected, rel=1e-3, abs=1e-12)


def test_every_optimiser_reaches_the_quadratics_closed_form_minimum_and_plain_gradient_descent_lags():
    at = open_page(PAGE, opt_surface="quadratic", opt_kappa="10", opt_lr="0.1", opt_steps="500")
    assert_healthy(at)
    table = at.table[0].value
    distance = dict(zip(table.iloc[:, 0], table.iloc[:, 2].astype(float), strict=True))
    assert distance["Momentum"] < 1e-6 and distance["Adam"] < 1e-2  # the minimum of (x²/κ + y²)/2 is 0
    assert distance["GD"] > 100 * distance["Momentum"]  # (1 − η/κ)^500 of 4.5 is 0.03


def test_a_diverging_optimiser_is_stopped_and_named_in_the_table():
    at = open_page(PAGE, "zh", opt_surface="rosenbrock", opt_lr="0.1", opt_steps="100")
    assert_healthy(at)
    table = at.table[0].value
    status = dict(zip(table.iloc[:, 0], table.iloc[:, 3], strict=True))
    zh = catalog("zh")["optimisation"]
    gd = zh["optimizers"]["sgd"]
    assert status[gd].startswith(zh["surfaces"]["diverged_at"].split("{")[0])
    assert dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))[gd] == "—"


def test_the_gradient_noise_shown_is_the_closed_form_computed_independently():
    at = open_page(PAGE, mb_batch="32")
    assert_healthy(at)
    data = load_diabetes()
    X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    y = (data.target - data.target.mean()) / data.target.std()
    per_example = -2 * X * y[:, None]  # gradients of (x·w − y)² at w = 0
    sigma2 = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    n, B = len(y), 32
    shown = metrics(at)
    assert float(shown[EN["minibatch"]["noise"].format(batch=B)]) == pytest.approx(
        sigma2 / B * (n - B) / (n - 1), rel=1e-3
    )
    assert float(shown["‖∇L‖²"]) == pytest.approx(np.sum(per_example.mean(axis=0) ** 2), rel=1e-3)


def test_the_least_squares_floor_is_numpys_and_a_cosine_schedule_gets_close_to_it():
    at = open_page(PAGE, sch_name="cosine", sch_lr="0.1", sch_batch="32", sch_epochs="60")
    assert_healthy(at)
    data = load_diabetes()
    X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    y = (data.target - data.target.mean()) / data.target.std()
    residual = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    best = np.mean(residual**2)
    shown = metrics(at)
    assert float(shown[EN["schedules"]["best"]]) == pytest.approx(best, abs=1e-5)
    cosine = float(shown[EN["schedules"]["final"].format(schedule=EN["schedule_names"]["cosine"])])
    constant = float(shown[EN["schedules"]["final"].format(schedule=EN["schedule_names"]["constant"])])
    assert best <= cosine < constant


def test_too_large_a_learning_rate_on_single_examples_diverges_with_a_message():
    at = open_page(PAGE, sch_lr="1", sch_batch="1", sch_epochs="5")
    assert_healthy(at)
    middle = EN["schedules"]["diverged"].split("{step}")[0].removeprefix("{schedule}")  # ": training diverged at step "
    assert any(w.value.startswith(EN["schedule_names"]["constant"] + middle) for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_steps_drawn_are_the_closed_form_iterates_on_the_parabola(lang):
    a, lr, x0 = 2.0, 0.8, -3.0  # the curvature a is still gd1_L in the URL, so old links open
    at = open_page(PAGE, lang, demo="one_d", gd1_L=str(a), gd1_lr=str(lr), gd1_x0=str(x0), gd1_steps="10")
    assert_healthy(at)
    _, steps, named = chart_data(at, catalog(lang)["optimisation"]["one_d"]["walk_title"])
    assert named.label.iloc[0] == "x₀" and named.x.iloc[0] == x0  # the walk's start is named
    np.testing.assert_allclose(steps.x, x0 * (1 - lr * a) ** np.arange(11), rtol=1e-12)
    np.testing.assert_allclose(steps.loss, a * steps.x**2 / 2, rtol=1e-12)


def all_text(section) -> list[str]:
    """Every string under a locale section, quizzes included."""
    if isinstance(section, str):
        return [section]
    items = section.values() if isinstance(section, dict) else section
    return [text for item in items if not isinstance(item, int) for text in all_text(item)]


# L written where the curvature is meant: 2/L, ηL, η L, (L/2)x², "curvature L", "L = 4" for a curvature.
CURVATURE_AS_L = re.compile(r"[12]/L|η ?L\b|\\eta L|\\tfrac\{L\}|L x²|curvature L|曲率 L|curvature L =|\bL = [0-9]")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_8_calls_the_curvature_a_and_keeps_L_for_the_loss(lang):
    """L is the loss everywhere on the page; the parabola's curvature is a (κ is the condition number)."""
    words = all_text(catalog(lang)["optimisation"])
    source = (ROOT / PAGE).read_text(encoding="utf-8")
    formulas = source[source.index("FORMULAS = {") : source.index("\n}\n")]
    assert not [text for text in [*words, formulas] if CURVATURE_AS_L.search(text)]
    one_d = catalog(lang)["optimisation"]["one_d"]
    assert "a" in one_d["curvature"].split() and "a x²" in one_d["walk_title"] and "ηa" in one_d["factor_axis"]
    assert "L(x)" in one_d["walk_title"]  # the loss keeps its name


def test_the_one_d_metrics_and_formula_use_a_with_the_numbers_of_the_closed_form():
    a, lr = 2.5, 0.3
    at = open_page(PAGE, demo="one_d", gd1_L=str(a), gd1_lr=str(lr), gd1_x0="4", gd1_steps="5")
    assert_healthy(at)
    shown = metrics(at)
    assert float(shown["1/a"]) == pytest.approx(1 / a) and float(shown["2/a"]) == pytest.approx(2 / a)
    assert "1/L" not in shown and "2/L" not in shown
    assert any(r"\cdot 2.5)" in tex.value and "0.25" in tex.value for tex in at.latex)  # 1 − 0.3 · 2.5


def test_the_mathdl_docstrings_of_the_parabola_name_its_curvature_a():
    from mathdl import surfaces

    for function in (surfaces, surfaces.Parabola, surfaces.parabola, surfaces.contraction, surfaces.gd_regime):
        assert not CURVATURE_AS_L.search(function.__doc__), function
    for function in (surfaces.stability, surfaces.Stability):
        assert not CURVATURE_AS_L.search(function.__doc__), function


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_surfaces_demo_names_full_batch_descent_gd_in_its_boxes_legend_and_table(lang):
    at = open_page(PAGE, lang, demo="surfaces", opt_surface="quadratic", opt_steps="50")
    assert_healthy(at)
    gd = catalog(lang)["optimisation"]["optimizers"]["sgd"]
    assert gd in [box.label for box in at.checkbox]
    assert gd in at.table[0].value.iloc[:, 0].tolist()
    legend = chart_data(at, catalog(lang)["optimisation"]["surfaces"]["loss_title"])[0]
    assert gd in set(legend.optimizer)
    shown = [box.label for box in at.checkbox] + at.table[0].value.iloc[:, 0].tolist() + list(legend.optimizer)
    assert not any("SGD" in text for text in shown)


def test_the_numbers_in_the_minibatch_words_are_the_datas_and_the_draws():
    """442 is scikit-learn's count of diabetes patients, read here independently; 300 the gradients drawn."""
    n = len(load_diabetes().target)
    at = open_page(PAGE, demo="minibatch", mb_batch="16")
    assert_healthy(at)
    assert f"B = {n}" in at.caption[-1].value
    cloud = chart_data(at, EN["minibatch"]["cloud_title"].format(draws=300, batch=16))[0]
    assert len(cloud) == 300
    at = open_page(PAGE, demo="schedules", sch_epochs="5")
    chart_data(at, EN["schedules"]["loss_title"].format(n=n))


@pytest.mark.parametrize("surface", ["quadratic", "rosenbrock"])
def test_the_race_asks_which_optimiser_ends_lowest_and_reveals_the_one_whose_final_loss_is_least(surface):
    at = open_page(PAGE, demo="surfaces", opt_surface=surface, opt_predict="true")
    assert_healthy(at)
    assert at.radio(key="opt_guess").options == [EN["optimizers"][n] for n in optim.OPTIMIZERS]
    at.button(key="opt_reveal").click().run()
    verdict = at.session_state[predict.SCORE]["guess"]["optimisation"]["opt"]
    s = surfaces.surface(surface, 10)  # the page's defaults: κ = 10, η = 0.1, 150 steps, β = 0.9
    paths = optim.compare(s, 0.1, 150, beta=0.9)
    ends = {n: float(s.f(p.points[-1])) for n, p in paths.items() if p.diverged_at is None}
    assert list(optim.OPTIMIZERS)[int(verdict.answer)] == min(ends, key=ends.get)
