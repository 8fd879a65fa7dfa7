"""What lesson 7's figures draw: the data each chart carries and the marks that sit where the numbers say."""

import numpy as np
import pandas as pd
import pytest

from mathdl import autodiff, calculus, expressions, integration
from ui import charts
from ui.figures import calculus as figures
from ui.i18n import catalog

EN = catalog("en")["calculus"]


def layers(chart) -> list[dict]:
    """Every single-view part of a chart's spec, with its data rows (a layer inside a layer too)."""
    spec = chart.to_dict(validate=False)
    datasets = spec.get("datasets", {})
    found = []

    def walk(part, data):
        data = datasets.get(part.get("data", {}).get("name"), data)
        if "layer" in part:
            for child in part["layer"]:
                walk(child, data)
        else:
            found.append(part | {"rows": data})

    walk(spec, None)
    return found


def marks(chart, kind: str) -> list[dict]:
    return [p for p in layers(chart) if (p["mark"] if isinstance(p["mark"], str) else p["mark"]["type"]) == kind]


def test_log_lines_leave_out_what_a_log_axis_cannot_show():
    data = pd.DataFrame({"h": [1e-3, 1e-2, 1e-1, 1.0], "error": [0.0, np.nan, 1e-4, 1e-2], "kind": "a"})
    chart = charts.log_lines(data, x="h", y="error", series="kind", names=["a"], x_title="h", y_title="e")
    (line,) = layers(chart)
    assert [row["h"] for row in line["rows"]] == [1e-1, 1.0]
    assert line["encoding"]["y"]["scale"]["type"] == "log" and line["encoding"]["x"]["scale"]["type"] == "log"


def test_a_curve_breaks_where_f_is_undefined():
    x = np.linspace(-1, 1, 5)
    frame = figures.curve_frame(x, expressions.parse("log(abs(x))")(x))  # −inf at 0
    assert frame.x.tolist() == [-1, -0.5, 0.5, 1] and frame.piece.tolist() == [0, 0, 1, 1]


def test_the_window_ignores_a_pole():
    y = np.concatenate([np.linspace(-1, 1, 99), [1e9]])
    low, high = figures.window(y).domain
    assert -1.5 < low < -0.9 and 0.9 < high < 1.5


def test_the_tangent_touches_the_curve_at_its_point():
    f = expressions.parse("x^2")
    x = np.linspace(-5, 5, 101)
    chart, data = figures.tangent(x, f(x), calculus.tangent(f, 1.0))
    assert len(data) == 101 and list(data.columns) == ["x", "y"]
    (dot,) = marks(chart, "point")
    assert dot["rows"] == [{"x": 1.0, "y": 1.0}]
    tangent = [m for m in marks(chart, "line") if m["mark"].get("strokeDash")]
    assert [(r["x"], r["y"]) for r in tangent[0]["rows"]] == [(-0.5, -2.0), (2.5, 4.0)]
    assert chart.to_dict()["title"] == EN["derivative"]["curve_title"]


def test_no_tangent_is_drawn_where_f_is_undefined():
    f = expressions.parse("sqrt(x)")
    x = np.linspace(-5, 5, 101)
    chart, data = figures.tangent(x, f(x), calculus.tangent(f, -1.0))
    assert not marks(chart, "point") and len(data) == 51  # x ≥ 0 only


def test_both_difference_quotients_are_drawn_at_every_step():
    errors = calculus.difference_errors(np.exp, 0.0, np.logspace(-12, -1, 12), exact=1.0)
    chart, data = figures.difference_errors(errors)
    assert len(data) == 24 and set(data.quotient) == {EN["derivative"]["forward"], EN["derivative"]["central"]}
    np.testing.assert_array_equal(data.error[:12], errors.forward)


@pytest.mark.parametrize(("rule", "shape"), [("midpoint", "rect"), ("simpson", "area")])
def test_the_area_drawn_is_the_rules_stand_in_and_the_data_its_nodes(rule, shape):
    f = expressions.parse("exp(-x^2)")
    piece = integration.approximant(f, -2.0, 2.0, 6, rule)
    x = np.linspace(-2, 2, 41)
    chart, data = figures.integral(x, f(x), piece, rule, 6)
    np.testing.assert_array_equal(data.x, piece.nodes_x)
    np.testing.assert_array_equal(data["f(x)"], piece.nodes_y)
    (shade,) = marks(chart, shape)
    assert len(shade["rows"]) == (6 if rule == "midpoint" else len(piece.x))


def test_the_error_chart_marks_the_n_chosen():
    curves = integration.convergence(np.exp, 0.0, 1.0, np.random.default_rng(0), [1, 10, 100])
    chart, data = figures.integration_errors(curves, 10)
    assert len(data) == 3 * len(integration.RULES)
    (marker,) = marks(chart, "rule")
    assert marker["rows"] == [{"n": 10}] and marker["mark"]["strokeDash"]


def test_the_graph_draws_every_node_and_edge_and_keeps_its_axes_mergeable():
    graph = autodiff.neuron_graph(0.8, -0.2, 1.5, 1, "squared")
    chart, data = figures.computational_graph(graph)
    assert data.node.tolist() == list(graph.labels) and data.op.tolist() == list(graph.ops)
    np.testing.assert_array_equal(data.grad, graph.grad)
    (edges,) = marks(chart, "rule")
    assert len(edges["rows"]) == len(graph.edges)
    texts = marks(chart, "text")
    assert {r["text"] for r in texts[0]["rows"]} >= {"w = 0.8", "x = 1.5"}
    # Hidden axes in the text layers too left the browser with a blank chart (a Vega-Lite merge error).
    assert all("axis" not in t["encoding"]["x"] for t in texts)


def boxes(frame: pd.DataFrame) -> dict[str, tuple[float, float, float, float]]:
    """Each node's box in pixels: left, top, right, bottom."""
    w, h = figures.BOX_W / 2, figures.BOX_H / 2
    return {row.node: (row.x - w, row.y - h, row.x + w, row.y + h) for row in frame.itertuples()}


def crosses(box: tuple[float, float, float, float], a: np.ndarray, b: np.ndarray) -> bool:
    """Whether the segment from a to b passes inside the box (sampled finely: the boxes are 44 px high)."""
    left, top, right, bottom = box
    points = a + np.linspace(0, 1, 2001)[:, None] * (b - a)
    return bool(np.any((points[:, 0] > left) & (points[:, 0] < right) & (points[:, 1] > top) & (points[:, 1] < bottom)))


@pytest.mark.parametrize("loss", autodiff.LOSSES)
def test_every_edge_is_an_arrow_pointing_forward_that_no_box_hides(loss):
    """An arrow from each input to the node it feeds, its head at the end turned along it, and no box
    (not even its own two) over any part of it: b's edge no longer runs behind the w·x box."""
    graph = autodiff.neuron_graph(0.8, -0.2, 1.5, 1, loss)
    chart, _ = figures.computational_graph(graph)
    frame = figures.graph_layout(graph)
    (shafts,) = marks(chart, "rule")
    (heads,) = [m for m in marks(chart, "point") if m["mark"]["shape"] == "triangle"]
    assert heads["encoding"]["angle"]["field"] == "angle" and heads["encoding"]["x"]["field"] == "x2"
    placed = boxes(frame)
    assert len(shafts["rows"]) == len(graph.edges)
    for edge, (i, j) in zip(shafts["rows"], graph.edges, strict=True):
        source, target = graph.labels[i], graph.labels[j]
        assert (edge["source"], edge["target"]) == (source, target)
        start, end = np.array([edge["x"], edge["y"]]), np.array([edge["x2"], edge["y2"]])
        assert not any(crosses(box, start, end) for box in placed.values()), (source, target)
        # The head turns clockwise from upright (screen y runs down) to point along the edge, into the target.
        direction = end - start
        angle = np.radians(edge["angle"])
        np.testing.assert_allclose([np.sin(angle), -np.cos(angle)], direction / np.linalg.norm(direction), atol=1e-9)
        assert np.linalg.norm(end - frame.set_index("node").loc[target, ["x", "y"]].to_numpy()) < np.linalg.norm(
            start - frame.set_index("node").loc[target, ["x", "y"]].to_numpy()
        )
        assert edge["y2"] <= placed[target][1]  # it stops at the pill on the target's top edge, outside the box


@pytest.mark.parametrize("loss", autodiff.LOSSES)
def test_no_two_boxes_overlap_and_the_graph_fits_a_phone(loss):
    frame = figures.graph_layout(autodiff.neuron_graph(0.8, -0.2, 1.5, 1, loss))
    placed = list(boxes(frame).values())
    for k, (l1, t1, r1, b1) in enumerate(placed):
        for l2, t2, r2, b2 in placed[k + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1
    spec = figures.computational_graph(autodiff.neuron_graph(0.8, -0.2, 1.5, 1, loss))[0].to_dict(validate=False)
    assert spec["width"] <= 350  # a 390-pixel phone leaves about 358 for the chart and its padding
    assert frame.set_index("node").y.idxmax() == "L"  # the loss at the bottom, every input above it


@pytest.mark.parametrize(
    ("loss", "ops"),
    [
        ("squared", {"w·x": "×", "z": "+", "a": "σ", "a − y": "−", "L": "(·)²"}),
        ("cross_entropy", {"w·x": "×", "z": "+", "a": "σ", "log a": "log", "log(1 − a)": "log(1 − ·)", "L": "−Σ"}),
    ],
)
def test_each_computed_node_wears_its_operation_on_the_box_where_its_arrows_arrive(loss, ops):
    graph = autodiff.neuron_graph(0.8, -0.2, 1.5, 1, loss)
    chart, _ = figures.computational_graph(graph)
    frame = figures.graph_layout(graph).set_index("node")
    (symbols,) = [m for m in marks(chart, "text") if m["encoding"]["text"]["field"] == "op"]
    assert symbols["transform"][0] == {"filter": "datum.op != ''"}
    drawn = {row["node"]: row["op"] for row in symbols["rows"] if row["op"]}
    assert drawn == ops
    (shafts,) = marks(chart, "rule")
    for edge in shafts["rows"]:  # every arrow ends within a few pixels of its target's pill
        pill_x, pill_y = frame.loc[edge["target"], "x"], frame.loc[edge["target"], "y"] - figures.BOX_H / 2
        reach = max(frame.loc[edge["target"], "pill_w"], figures.PILL_H) / 2 + 8
        assert abs(edge["x2"] - pill_x) <= reach and abs(edge["y2"] - pill_y) <= figures.PILL_H / 2 + 8


def test_the_gradient_check_table_has_both_gradients_and_their_difference():
    check = calculus.gradient_check(autodiff.neuron, {"w": 0.5, "b": 0.1}, x=1.0, y=1.0)
    table = figures.gradient_check(check)
    assert table.iloc[:, 0].tolist() == ["w", "b"]
    np.testing.assert_array_equal(table.iloc[:, 1], check.backprop)
    np.testing.assert_array_equal(table.iloc[:, 3], check.difference)


def test_every_activation_has_a_value_per_layer():
    flow = calculus.vanishing_gradients(12, 16, np.random.default_rng(0))
    chart, data = figures.gradient_norms(flow)
    assert len(data) == 36 and data.layer.max() == 12
    assert chart.to_dict()["title"] == EN["vanishing"]["chart_title"].format(depth=12)
