"""Page 7 shows derivatives, integrals and gradients that agree with closed forms, scipy and finite
differences, and answers a hostile typed function with a message, never a traceback.
"""

import math

import numpy as np
import pytest
from scipy import integrate

from mathdl.errors import MESSAGES
from tests.helpers import assert_healthy, chart_data, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/07_calculus_backprop.py"
EN = catalog("en")["calculus"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_slope_of_the_default_function_is_its_closed_form_derivative():
    at = open_page(PAGE, cal_x0="1.5")
    assert_healthy(at)
    exact = math.cos(1.5) * 1.5**2 + math.sin(1.5) * 2 * 1.5  # (sin x · x²)' = cos x · x² + 2x sin x
    assert float(metrics(at)[EN["derivative"]["exact"]]) == pytest.approx(exact, rel=1e-5)


def test_the_best_steps_shown_are_near_the_roots_of_machine_epsilon():
    shown = metrics(open_page(PAGE, cal_f="exp(x)", cal_x0="0"))
    assert 1e-9 <= float(shown[EN["derivative"]["best_forward"]]) <= 1e-7
    assert 1e-6 <= float(shown[EN["derivative"]["best_central"]]) <= 1e-4


def test_a_function_undefined_on_part_of_the_window_is_drawn_with_gaps_and_a_notice():
    at = open_page(PAGE, cal_f="log(x)", cal_x0="2")
    assert_healthy(at)
    assert EN["gaps"] in [i.value for i in at.info]
    assert float(metrics(at)[EN["derivative"]["exact"]]) == pytest.approx(0.5)


def test_at_a_point_where_f_is_undefined_the_page_says_so():
    at = open_page(PAGE, cal_f="sqrt(x)", cal_x0="-1")
    assert_healthy(at)
    assert EN["derivative"]["undefined"].format(x0="-1") in [w.value for w in at.warning]


HOSTILE = [
    "__import__('os').system('ls')",
    "x.__class__",
    "open('/etc/passwd')",
    "lambda: 1",
    "'abc'",
    "sin(x, x)",
    "sin",
    "10**10**10",
    "x" * 201,
    "(" * 40 + "x" + ")" * 40,
    "exec('1')",
    "x; import os",
    "[x for x in ()]",
    "x if x else 1",
    "x @ x",
    "x == 1",
    "globals()",
    "sin()",
    "2 +",
    "",
    "1e999 * x",
    "eval('x')",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_functions_get_one_translated_message_each(lang):
    at = open_page(PAGE, lang)
    for typed in HOSTILE:
        at.text_input(key="cal_f").input(typed).run()
        assert_healthy(at)
        assert len(at.error) == 1, typed
        assert (
            at.error[0].value in {text for key, text in catalog(lang)["errors"].items() if key in MESSAGES}
            or "{" not in at.error[0].value
        )
        assert "Traceback" not in at.error[0].value


def test_the_integral_shown_is_quads_and_the_error_is_the_difference():
    at = open_page(PAGE, int_f="exp(-x^2)", int_a="-1", int_b="2", int_rule="trapezoid", int_n="10")
    assert_healthy(at)
    shown = metrics(at)
    exact = integrate.quad(lambda x: math.exp(-(x**2)), -1, 2)[0]
    assert float(shown[EN["integral"]["reference"]]) == pytest.approx(exact, rel=1e-9)
    x = np.linspace(-1, 2, 11)
    trapezoid = integrate.trapezoid(np.exp(-(x**2)), x)
    assert float(shown[EN["integral"]["estimate"]]) == pytest.approx(trapezoid, rel=1e-7)
    assert float(shown[EN["integral"]["expectation"]]) == pytest.approx(exact / 3, rel=1e-5)


def test_an_empty_interval_and_a_pole_are_explained():
    at = open_page(PAGE, int_a="2", int_b="1")
    assert [e.value for e in at.error] == [catalog("en")["errors"]["bad_interval"].format(low=2.0, high=1.0)]
    at = open_page(PAGE, int_f="1/x", int_a="-1", int_b="1")
    assert EN["integral"]["improper"] in [w.value for w in at.warning]


@pytest.mark.parametrize(("loss", "lang"), [("squared", "en"), ("cross_entropy", "zh")])
def test_backpropagation_on_the_page_matches_the_closed_form_and_finite_differences(loss, lang):
    w, b, x, y = -1.0, 0.5, 1.2, 1
    at = open_page(PAGE, lang, bp_w=str(w), bp_b=str(b), bp_x=str(x), bp_y=str(y), bp_loss=loss)
    assert_healthy(at)
    a = 1 / (1 + math.exp(-(w * x + b)))
    dz = 2 * (a - y) * a * (1 - a) if loss == "squared" else a - y
    table = at.table[0].value
    backprop, numeric = table.iloc[:, 1].tolist(), table.iloc[:, 2].tolist()
    assert backprop == pytest.approx([dz * x, dz], rel=1e-10)
    assert numeric == pytest.approx([dz * x, dz], rel=1e-6)
    assert f"= {dz * x:.5g}".replace("-", "-") in at.latex[-1].value.replace(" ", "").replace("=", "= ")


@pytest.mark.parametrize(
    ("w", "b", "x", "y", "loss"),
    [(0.8, -0.2, 1.5, 1, "squared"), (-3.0, -3.0, 2.0, 1, "cross_entropy"), (3.0, 3.0, 2.0, 0, "cross_entropy")],
)  # the defaults, then the two most confidently wrong neurons: the largest gradients, near −2 and +2
def test_the_backprop_demo_asks_for_the_weights_gradient_and_its_answer_is_the_closed_form(w, b, x, y, loss):
    query = {"bp_w": str(w), "bp_b": str(b), "bp_x": str(x), "bp_y": str(y), "bp_loss": loss}
    at = open_page(PAGE, demo="backprop", bp_predict="true", **query)
    assert_healthy(at)
    assert not at.get("vega_lite_chart") and not at.table, "neither the graph nor the gradient check gives it away"
    guess = at.slider(key="bp_guess")
    at.button(key="bp_reveal").click().run()
    verdict = at.session_state[predict.SCORE]["guess"]["calculus"]["bp"]
    a = 1 / (1 + math.exp(-(w * x + b)))
    expected = (2 * (a - y) * a * (1 - a) if loss == "squared" else a - y) * x
    assert verdict.answer == pytest.approx(expected, rel=1e-10)
    assert guess.min <= verdict.answer <= guess.max


def test_sigmoid_gradients_vanish_across_twenty_layers_and_relus_do_not():
    shown = metrics(open_page(PAGE, van_depth="20", van_width="64"))
    names = EN["activations"]
    assert float(shown[EN["vanishing"]["ratio"].format(activation=names["sigmoid"])]) < 1e-6
    assert 0.1 < float(shown[EN["vanishing"]["ratio"].format(activation=names["relu"])]) < 10


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_graph_drawn_carries_every_nodes_closed_form_value_and_gradient(lang):
    w, b, x = 0.5, -1.0, 2.0
    at = open_page(PAGE, lang, demo="backprop", bp_w=str(w), bp_b=str(b), bp_x=str(x), bp_y="0")
    assert_healthy(at)
    edges, nodes = chart_data(at, catalog(lang)["calculus"]["backprop"]["graph_title"])
    assert len(edges) == 8
    node = {row.node: row for row in nodes.itertuples()}
    a = 1 / (1 + math.exp(-(w * x + b)))
    assert node["a"].value == pytest.approx(a) and node["L"].value == pytest.approx(a**2)
    assert node["a"].grad == pytest.approx(2 * a) and node["z"].grad == pytest.approx(2 * a * a * (1 - a))
    assert node["w"].grad == pytest.approx(2 * a * a * (1 - a) * x)


def test_the_error_shown_is_the_distance_between_the_estimate_and_quads_integral():
    at = open_page(PAGE, int_f="sin(x)", int_a="0", int_b="3", int_rule="simpson", int_n="4")
    assert_healthy(at)
    shown = metrics(at)
    x = np.linspace(0, 3, 5)
    simpson = integrate.simpson(np.sin(x), x=x)
    assert float(shown[EN["integral"]["estimate"]]) == pytest.approx(simpson, rel=1e-7)
    assert float(shown[EN["integral"]["error"]]) == pytest.approx(abs(simpson - (1 - math.cos(3))), rel=1e-2)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_derivative_caption_quotes_the_best_steps_the_metrics_show(lang):
    """No step is typed into the words: the caption gives the two best h measured beside it."""
    words = catalog(lang)["calculus"]["derivative"]
    at = open_page(PAGE, lang, demo="derivative", cal_f="exp(x)", cal_x0="0")
    assert_healthy(at)
    shown = metrics(at)
    forward, central = shown[words["best_forward"]], shown[words["best_central"]]
    assert at.caption[-1].value == words["caption"].format(forward=forward, central=central)
    # Near √ε and ∛ε, the roots of double precision's ε = 2.2e-16 where rounding meets truncation.
    assert 1e-9 <= float(forward) <= 1e-7 and 1e-6 <= float(central) <= 1e-4


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_gradient_check_caption_and_header_quote_the_check_the_table_shows(lang):
    words = catalog(lang)["calculus"]["backprop"]
    at = open_page(PAGE, lang, demo="backprop", bp_w="-3", bp_x="2", bp_y="1")
    assert_healthy(at)
    table = at.table[0].value
    assert words["by_differences"].format(h="1e-06") in table.columns
    largest = max(float(v) for v in table.iloc[:, 3])
    quoted = at.caption[-1].value
    assert quoted == words["caption"].format(difference=f"{largest:.1e}")
    assert largest < 1e-8  # a right backward pass: the two gradients agree to rounding and truncation


def test_the_integral_caption_names_the_reference_rules_pieces():
    at = open_page(PAGE, demo="integral")
    assert_healthy(at)
    assert "262,144" in at.caption[-1].value  # 2¹⁸, the reference's pieces
