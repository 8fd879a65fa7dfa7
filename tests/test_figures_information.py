"""The figures of lesson 6 build, carry the numbers they were given, and put their marks where they belong."""

import numpy as np
import pytest

from mathdl import information
from ui import charts
from ui.figures import information as figures
from ui.i18n import catalog

EN = catalog("en")["information"]


def layers(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec.get("layer", [spec])


def rows(chart, layer: int) -> list[dict]:
    """The rows of one layer's data, as the spec holds them."""
    spec = chart.to_dict()
    name = spec["layer"][layer]["data"]["name"]
    return spec["datasets"][name]


def test_a_distribution_is_one_bar_per_outcome_on_a_fixed_unit_axis():
    p = np.array([0.5, 0.25, 0.125, 0.125])
    chart, frame = figures.distribution(p, title="p", logit=np.arange(4.0))
    assert frame.outcome.tolist() == [1, 2, 3, 4] and frame.probability.tolist() == p.tolist()
    assert "logit" in frame
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert spec["title"] == "p"


def test_the_binary_entropy_curve_carries_the_coin_as_a_dot_on_it():
    grid = np.linspace(0, 1, 11)
    chart, frame = figures.binary_entropy(grid, information.binary_entropy(grid), 0.3, 0.8813)
    assert len(frame) == 11 and frame.H.iloc[5] == 1.0
    assert rows(chart, 1) == [{"p": 0.3, "H": 0.8813}]
    assert chart.to_dict()["title"] == EN["entropy"]["binary_title"]


def test_two_distributions_stack_p_above_q_with_one_row_per_outcome_each():
    chart, frame = figures.two_distributions(np.array([0.5, 0.5]), np.array([0.9, 0.1]))
    assert frame.distribution.tolist() == ["p", "p", "q", "q"]
    assert frame.probability.tolist() == [0.5, 0.5, 0.9, 0.1]
    assert chart.to_dict()["encoding"]["color"]["legend"]["orient"] == "bottom"


def test_the_softmax_sweep_has_a_row_per_temperature_and_outcome_and_a_marker_at_t():
    temperatures = np.array([0.1, 1.0, 10.0])
    sweep = information.softmax_sweep([2.0, 1.0], temperatures)
    chart, frame = figures.softmax_sweep(temperatures, sweep, 1.0)
    assert len(frame) == 6
    at_one = frame[frame["T"] == 1.0].sort_values("outcome").probability.to_numpy()
    np.testing.assert_allclose(at_one, information.softmax([2.0, 1.0]))
    marker = layers(chart)[1]
    assert marker["mark"]["type"] == "rule" and rows(chart, 1) == [{"T": 1.0}]


@pytest.mark.parametrize("y", [0, 1])
def test_the_logit_losses_give_two_charts_with_dots_at_the_chosen_logit(y):
    z = np.linspace(-10, 10, 21)
    panels, frame = figures.logit_losses(z, information.logit_losses(z, y), -4.0, information.logit_losses(-4.0, y), y)
    assert len(panels) == 2 and len(frame) == 42
    assert [p.to_dict()["title"] for p in panels] == [
        EN["losses"]["loss_title"].format(y=y),
        EN["losses"]["grad_title"].format(y=y),
    ]
    dots = rows(panels[1], 1)
    assert [d["z"] for d in dots] == [-4.0, -4.0]
    assert dots[0]["gradient"] == pytest.approx(float(information.logit_losses(-4.0, y).cross_entropy_grad))


def test_the_risk_curve_marks_the_three_thresholds_in_their_colours():
    grid = np.linspace(0, 1, 5)
    chart, frame = figures.risk_curve(grid, grid**2, 0.5, 0.25, 0.1)
    assert frame.risk.tolist() == (grid**2).tolist()
    marks = {r["which"]: r["threshold"] for r in rows(chart, 1)}
    decision = EN["decision"]
    assert marks == {decision["current"]: 0.5, decision["best"]: 0.25, decision["bayes"]: 0.1}


def test_the_confusion_matrix_puts_each_count_in_its_cell():
    kinds = {k: k.upper() for k in ("tn", "fp", "fn", "tp")}
    chart, frame = charts.confusion(
        np.array([[50, 3], [7, 40]]), section="information.decision", kinds=kinds, title="C"
    )
    cells = {(r.actual, r.predicted): r["count"] for _, r in frame.iterrows()}
    benign, malignant = EN["decision"]["benign"], EN["decision"]["malignant"]
    assert cells == {(benign, benign): 50, (benign, malignant): 3, (malignant, benign): 7, (malignant, malignant): 40}
    assert dict(zip(frame.kind, frame["count"], strict=True)) == {"TN": 50, "FP": 3, "FN": 7, "TP": 40}
    assert chart.to_dict()["title"] == "C"


def test_the_roc_curve_has_its_points_the_diagonal_and_the_operating_point():
    fpr, tpr = np.array([0.0, 0.1, 1.0]), np.array([0.0, 0.8, 1.0])
    chart, frame = charts.roc(fpr, tpr, (0.1, 0.8), section="information.decision", title="ROC", height=300)
    assert frame.fpr.tolist() == fpr.tolist() and frame.tpr.tolist() == tpr.tolist()
    assert rows(chart, 0) == [{"fpr": 0, "tpr": 0}, {"fpr": 1, "tpr": 1}]  # the diagonal of guessing
    assert rows(chart, 2) == [{"fpr": 0.1, "tpr": 0.8}]
    assert layers(chart)[1]["encoding"]["x"]["title"] == EN["decision"]["fpr"]


def test_the_score_picture_puts_each_class_in_its_half_of_a_bin_and_cuts_tall_bars():
    edges = np.linspace(0.0, 1.0, 5)
    counts = np.array([[40, 3, 0, 1], [0, 2, 5, 30]])
    picture, data = figures.threshold_plane(edges, counts, 0.42)
    bars = {s["name"]: np.array(s["points"]) for s in picture.shapes if s["kind"] == "bars"}
    benign, malignant = bars[EN["decision"]["benign"]], bars[EN["decision"]["malignant"]]
    assert_bars = np.testing.assert_allclose
    assert_bars(benign[:, 2], counts[0]) and assert_bars(malignant[:, 2], counts[1])
    assert_bars(benign[:, 1], malignant[:, 0])  # side by side, meeting at each bin's middle
    cut = sorted(s["label"] for s in picture.shapes if s["name"].startswith("cut"))
    assert cut == ["30", "40"] and picture.view.y[1] == pytest.approx(figures.HISTOGRAM_CAP * 1.15)
    (handle,) = picture.handles
    assert (handle.kind, handle.constrain, handle.at[0], handle.label) == ("vline", "x", 0.42, "t = 0.42")
    assert data.iloc[:, 2:].to_numpy().T.tolist() == counts.tolist()
