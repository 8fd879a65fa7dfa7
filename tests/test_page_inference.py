"""Page 5 shows the numbers of hypothesis testing, checked against scipy.stats and scikit-learn."""

import re

import numpy as np
import pytest
from scipy import stats

from tests.helpers import assert_healthy, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/05_hypothesis_testing.py"
EN = catalog("en")["inference"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_power_is_the_area_of_the_h1_curve_beyond_the_critical_values():
    at = open_page(PAGE, pw_effect="0.5", pw_sigma="1", pw_n="20", pw_alpha="0.05")
    assert_healthy(at)
    shift, z = 0.5 / (1 / np.sqrt(20)), stats.norm.ppf(0.975)
    power = stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift)
    assert metrics(at)[EN["power"]["power"]] == f"{power:.1%}"
    t_crit, nct = stats.t.ppf(0.975, 19), stats.nct(19, shift)
    assert metrics(at)[EN["power"]["t_power"]] == f"{nct.sf(t_crit) + nct.cdf(-t_crit):.1%}"


def test_the_power_sliders_span_what_test_power_sweeps_against_scipys_noncentral_t():
    from tests.test_power import ALPHAS, EFFECTS, NS, SIGMAS

    at = open_page(PAGE)
    for key, grid in [("pw_effect", EFFECTS), ("pw_sigma", SIGMAS), ("pw_n", NS), ("pw_alpha", ALPHAS)]:
        slider = at.slider(key=key)
        assert (slider.min, slider.max, slider.step) == pytest.approx((grid[0], grid[-1], grid[1] - grid[0])), key
    assert sorted(at.radio(key="pw_design").options) == sorted(EN["power"]["designs"].values())
    assert len(at.radio(key="pw_alt").options) == 3  # the sweep covers all three alternatives


def revealed(at, key: str) -> predict.Verdict:
    """Click the demo's Reveal and read the verdict the session recorded."""
    at.button(key=f"{key}_reveal").click().run()
    assert_healthy(at)
    return at.session_state[predict.SCORE]["guess"]["inference"][key]


@pytest.mark.parametrize(
    ("design", "alt", "effect", "sigma", "n", "alpha"),
    [("one", "two-sided", 0.5, 1.0, 20, 0.05), ("two", "greater", 0.3, 2.0, 50, 0.01)],
)
def test_the_power_question_reveals_the_chance_of_rejecting_under_h1(design, alt, effect, sigma, n, alpha):
    query = {"pw_design": design, "pw_alt": alt, "pw_effect": effect, "pw_sigma": sigma, "pw_n": n, "pw_alpha": alpha}
    at = open_page(PAGE, demo="power", pw_predict="true", **query)
    assert_healthy(at)
    assert not metrics(at), "the power waits for the guess"
    shift = effect / (sigma * np.sqrt((2 if design == "two" else 1) / n))
    if alt == "two-sided":
        z = stats.norm.ppf(1 - alpha / 2)
        reference = stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift)
    else:
        reference = stats.norm.sf(stats.norm.ppf(1 - alpha) - shift)
    assert revealed(at, "pw").answer == pytest.approx(reference)


def test_the_powers_guess_holds_every_answer_the_sliders_can_give():
    at = open_page(PAGE, demo="power", pw_predict="true")
    corners = {
        "pw_effect": (2.0, -2.0, 0.0),
        "pw_sigma": (0.5, 5.0, 5.0),
        "pw_n": (200, 2, 2),
        "pw_alpha": (0.2, 0.005, 0.2),
    }
    for corner in range(3):  # almost certain to reject, almost never, and H₀ true: power α
        for key, values in corners.items():
            at.slider(key=key).set_value(values[corner])
        at.run()
        guess = at.slider(key="pw_guess")
        assert guess.min <= revealed(at, "pw").answer <= guess.max


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("effect", ["0", "0.6"])
def test_one_experiment_is_scipys_t_test_and_names_its_error(lang, effect):
    at = open_page(PAGE, lang, pw_design="two", pw_effect=effect, pw_n="15", pw_seed="3")
    assert_healthy(at)
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 15), rng.normal(float(effect), 1, 15)
    ref = stats.ttest_ind(b, a)
    verdict = "reject" if ref.pvalue <= 0.05 else "keep"
    truth = "null" if effect == "0" else "effect"
    text = catalog(lang)["inference"]["experiment"][f"{verdict}_{truth}"]
    shown = [e.value for e in (*at.success, *at.warning)]
    assert shown == [text.format(p=f"p = {ref.pvalue:.3g}", alpha="0.05")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("design", "effect", "sigma"), [("two", "1", "1"), ("one", "2", "0.5")])
def test_a_tiny_p_value_is_shown_with_scipys_digits_never_as_0(lang, design, effect, sigma):
    """Two samples of 200 a standard deviation apart gave t = 9.0 and the page printed p = 0."""
    at = open_page(PAGE, lang, pw_design=design, pw_effect=effect, pw_sigma=sigma, pw_n="200", pw_seed="0")
    assert_healthy(at)
    rng, e, s = np.random.default_rng(0), float(effect), float(sigma)
    if design == "two":
        a, b = rng.normal(0, s, 200), rng.normal(e, s, 200)
        ref = stats.ttest_ind(b, a)
    else:
        ref = stats.ttest_1samp(rng.normal(e, s, 200), 0.0)
    assert 0 < ref.pvalue < 1e-16  # 9.7e-18 and 6.2e-128: below what the old t CDF could tell from 0
    [message] = [e.value for e in at.success]
    shown = re.match(r"p = (\S+) ≤", message).group(1)
    assert float(shown) == float(f"{ref.pvalue:.3g}")  # scipy's p-value, to the three digits shown
    text = catalog(lang)["inference"]["experiment"]["reject_effect"]
    assert message == text.format(p=f"p = {shown}", alpha="0.05")
    mantissa, exponent = shown.split("e")
    assert any(rf"\quad p = {mantissa} \times 10^{{{int(exponent)}}}" in f.value for f in at.latex)


def test_the_model_comparison_is_a_paired_test_on_scikit_learns_fold_scores():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mathdl import datasets

    at = open_page(PAGE, cv_data="breast_cancer", cv_a="naive_bayes", cv_b="logistic", cv_k="8", cv_seed="2")
    assert_healthy(at)
    X, y, _, _ = datasets.table("breast_cancer")
    folds = StratifiedKFold(8, shuffle=True, random_state=2)
    a = cross_val_score(GaussianNB(), X, y, cv=folds)
    b = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)), X, y, cv=folds)
    shown = metrics(at)
    assert shown[EN["models"]["mean_diff"]] == f"{(b - a).mean():+.1%}"
    assert float(shown[EN["models"]["paired_p"]]) == pytest.approx(stats.ttest_rel(b, a).pvalue, rel=1e-2)
    exact = stats.permutation_test(
        (b, a), lambda x, z, axis: np.mean(x - z, axis=axis), permutation_type="samples", n_resamples=np.inf
    )
    assert float(shown[EN["models"]["perm_p"]]) == pytest.approx(exact.pvalue, rel=1e-2)


def test_a_model_against_itself_has_nothing_to_test():
    at = open_page(PAGE, "zh", cv_a="tree", cv_b="tree", cv_k="3")
    assert_healthy(at)
    assert catalog("zh")["inference"]["models"]["same"] in [i.value for i in at.info]


def multiple_rates(at):
    """The rates the multiple-testing demo computed, by correction, and the demo's snippet values."""
    values = at.session_state["_snippets"]["multiple"].values
    return values["rates"], values


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_with_real_differences_the_metrics_and_caption_quote_the_simulated_rates(lang):
    at = open_page(PAGE, lang, mt_m="20", mt_share="25", mt_effect="0.8", mt_n="20", mt_alpha="0.05", mt_fix="holm")
    assert_healthy(at)
    rates, values = multiple_rates(at)
    assert values["m1"] == 5 and values["p"].shape == (400, 20)
    text = catalog(lang)["inference"]["multiple"]
    shown = metrics(at)
    assert shown[text["rates"]["fwer"]] == f"{rates['holm'].fwer:.1%}"
    assert shown[text["rates"]["fdr"]] == f"{rates['holm'].fdr:.1%}"
    assert shown[text["rates"]["power"]] == f"{rates['holm'].power:.1%}"
    assert shown[text["formula"].format(m0=15)] == f"{1 - 0.95**15:.1%}"
    # The simulation against closed forms: no correction's FWER is 1 − (1 − α)^m₀, its power scipy's noncentral t.
    assert rates["none"].fwer == pytest.approx(1 - 0.95**15, abs=0.1)
    c, nct = stats.t.isf(0.025, 19), stats.nct(19, 0.8 * np.sqrt(20))
    assert rates["none"].power == pytest.approx(nct.sf(c) + nct.cdf(-c), abs=0.05)
    assert rates["bonferroni"].power <= rates["holm"].power <= rates["bh"].power <= rates["none"].power
    pct = {f"{k}_{code}": f"{getattr(r, k):.0%}" for code, r in rates.items() for k in ("fwer", "fdr", "power")}
    caption = text["caption"].format(
        **pct, alpha="0.05", m=20, m1=5, studies=400, fwer=f"{1 - 0.95**15:.0%}", bh=text["corrections"]["bh"]
    )
    assert caption in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_pure_noise_there_is_no_power_and_bonferroni_keeps_the_fwer_near_alpha(lang):
    at = open_page(PAGE, lang, mt_m="50", mt_share="0", mt_alpha="0.05", mt_fix="bonferroni")
    assert_healthy(at)
    rates, values = multiple_rates(at)
    text = catalog(lang)["inference"]["multiple"]
    shown = metrics(at)
    assert shown[text["rates"]["power"]] == "—"
    assert rates["bonferroni"].fwer <= 0.05 + 0.03 and rates["bonferroni"].fdr == rates["bonferroni"].fwer
    assert rates["none"].fwer == pytest.approx(1 - 0.95**50, abs=0.08)  # 400 simulated studies
    assert shown[text["formula"].format(m0=50)] == f"{1 - 0.95**50:.1%}"
    assert any(c.value.startswith(text["caption_null"][:12]) for c in at.caption)
