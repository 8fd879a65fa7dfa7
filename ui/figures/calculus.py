"""Figures of lesson 7: derivatives, integrals, backpropagation and vanishing gradients.

A typed function and its tangent, errors against a step or a count on log–log axes, the area a
rule integrates, a computational graph, gradients through a deep stack.

Most of these charts are :func:`ui.charts.log_lines`: several error curves on log axes.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mathdl import autodiff, calculus, chain_rule, integration
from ui import charts, layout
from ui.i18n import t

PAGE = "calculus"
HEIGHT = 400  # pixels for a chart with its title, axes and legend: the plot gets what is left
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def curve_frame(x: np.ndarray, y: np.ndarray, **labels: object) -> pd.DataFrame:
    """Points of a curve; where y is not finite the curve breaks, and each ``piece`` is drawn apart."""
    finite = np.isfinite(y)
    frame = pd.DataFrame({"x": x, "y": np.where(finite, y, np.nan), "piece": np.cumsum(~finite), **labels})
    return frame[finite]


def window(y: np.ndarray) -> alt.Scale:
    """A y scale that shows the shape of f, not its one huge value near a pole.

    It spans the middle 96 % of the finite values, with some room above and below.
    """
    finite = y[np.isfinite(y)]
    low, high = np.percentile(finite, [2, 98]) if len(finite) else (-1.0, 1.0)
    pad = max(high - low, 1e-9) * 0.15
    return alt.Scale(domain=[float(low - pad), float(high + pad)], nice=False)


def _curve(frame: pd.DataFrame, scale: alt.Scale) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5, clip=True)
        .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="f(x)", scale=scale), detail="piece:N")
    )


def _dots(frame: pd.DataFrame, *, size: int) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_point(filled=True, size=size, opacity=1 if size > 100 else 0.9, color=charts.PALETTE[3], clip=True)
        .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("x:Q", format=".3g"), alt.Tooltip("y:Q", format=".4g")])
    )


# --- the derivative -------------------------------------------------------------------------------


@charts.figure
def tangent(x: np.ndarray, y: np.ndarray, touch: calculus.Tangent) -> Figure:
    """f over its window and, where it exists, its tangent at x₀ (dashed) and the point of contact.

    Where f is undefined the curve breaks into pieces.
    """
    frame = curve_frame(x, y)
    chart = _curve(frame, window(y))
    if touch.defined:
        line = pd.DataFrame({"x": touch.x, "y": touch.y})
        chart += (
            alt.Chart(line)
            .mark_line(color=charts.PALETTE[3], strokeWidth=2, strokeDash=charts.DASH, clip=True)
            .encode(x="x:Q", y="y:Q")
        )
        chart += _dots(pd.DataFrame({"x": [touch.x0], "y": [touch.value]}), size=140)
    title = t(f"{PAGE}.derivative.curve_title")
    return chart.properties(title=title, height=HEIGHT), frame.drop(columns="piece")


@charts.figure
def difference_errors(errors: calculus.DifferenceErrors) -> Figure:
    """The error of the forward and the central quotient against the step h, on log–log axes."""
    names = {"forward": t(f"{PAGE}.derivative.forward"), "central": t(f"{PAGE}.derivative.central")}
    data = pd.concat(
        [pd.DataFrame({"h": errors.h, "error": getattr(errors, k), "quotient": v}) for k, v in names.items()],
        ignore_index=True,
    )
    chart = charts.log_lines(
        data,
        x="h",
        y="error",
        series="quotient",
        names=list(names.values()),
        x_title=t(f"{PAGE}.derivative.h_axis"),
        y_title=t(f"{PAGE}.derivative.error_axis"),
        x_format="~e",
    )
    return chart.properties(title=t(f"{PAGE}.derivative.error_title"), height=HEIGHT), data


# --- the integral ---------------------------------------------------------------------------------


@charts.figure
def integral(x: np.ndarray, y: np.ndarray, piece: integration.Approximant, rule: str, n: int) -> Figure:
    """f, the stand-in the rule integrates (shaded), and the nodes where the rule looked at f.

    The stand-in is drawn as strips for left ends and midpoints, as an area otherwise. The data is
    the nodes.
    """
    scale = window(np.concatenate([y, [0.0]]))
    shade_style = {"color": charts.PALETTE[1], "opacity": 0.45, "clip": True}
    if rule in ("left", "midpoint"):  # strips; an area would join the steps' vertical edges in any order
        strips = pd.DataFrame({"x": piece.x[0::2], "x2": piece.x[1::2], "y": piece.y[0::2], "zero": 0.0})
        shade = (
            alt.Chart(strips)
            .mark_rect(stroke=charts.PALETTE[1], **shade_style)
            .encode(x="x:Q", x2="x2:Q", y=alt.Y("y:Q", scale=scale), y2="zero:Q")
        )
    else:
        area = pd.DataFrame({"x": piece.x, "y": piece.y})
        shade = (
            alt.Chart(area)
            .mark_area(line={"color": charts.PALETTE[1]}, **shade_style)
            .encode(x="x:Q", y=alt.Y("y:Q", scale=scale))
        )
    nodes = pd.DataFrame({"x": piece.nodes_x, "y": piece.nodes_y})
    title = t(f"{PAGE}.integral.area_title", rule=t(f"{PAGE}.rules.{rule}"), n=n)
    chart = (shade + _curve(curve_frame(x, y), scale) + _dots(nodes, size=40)).properties(title=title, height=HEIGHT)
    return chart, nodes.rename(columns={"y": "f(x)"})


@charts.figure
def integration_errors(curves: integration.Convergence, n: int) -> Figure:
    """Every rule's error against the number of pieces on log–log axes, with a dashed marker at the n chosen."""
    names = {rule: t(f"{PAGE}.rules.{rule}") for rule in curves.errors}
    data = pd.concat(
        [pd.DataFrame({"n": curves.n, "error": e, "rule": names[r]}) for r, e in curves.errors.items()],
        ignore_index=True,
    )
    lines = charts.log_lines(
        data,
        x="n",
        y="error",
        series="rule",
        names=list(names.values()),
        x_title="n",
        y_title=t(f"{PAGE}.integral.error_axis"),
        legend={"columns": 3, "labelLimit": 200},
        series_title=t(f"{PAGE}.integral.rule"),
    )
    chart = lines + charts.marker(n, "n")
    return chart.properties(title=t(f"{PAGE}.integral.error_title"), height=HEIGHT), data


# --- backpropagation ------------------------------------------------------------------------------


# Pixels of the drawn graph: the box of a node, the pill of its operation, the spacing of its places.
BOX_W, BOX_H = 124, 44
SLOT, LEVEL = 136, 112  # from one place to the next, across and down
PILL_H = 20
PAD = 8


@charts.figure
def computational_graph(graph: autodiff.Graph, step: chain_rule.PassStep | None = None) -> Figure:
    """The graph as a textbook draws it: boxes joined by arrows pointing forward, from the inputs down to the loss.

    Each box holds a node's forward value and, below it, ∂L/∂node; a computed node wears its
    operation (×, +, σ, −, ²) in a pill on its top edge, where the arrows from its inputs arrive.
    The layout (:func:`graph_layout`) is in pixels, so no edge runs behind a box at any width.
    With a ``step`` of backpropagation, only what it has computed so far is written (a question
    mark stands for the rest), and the node it computes now wears a thick orange frame.
    """
    frame = graph_layout(graph)
    if step is not None:
        frame["text"] = frame.text.where(step.known_values, [f"{n} = ?" for n in frame.node])
        frame["grad_text"] = frame.grad_text.where(step.known_grads, "")
        frame["current"] = frame.index == step.node
    edges = graph_edges(graph, frame)
    width = float(frame.x.max() + BOX_W / 2 + PAD)
    height = float(frame.y.max() + BOX_H / 2 + PAD)
    scale_x = alt.Scale(domain=[0, width], nice=False, zero=False)
    scale_y = alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True)  # 0 at the top
    shafts = (
        alt.Chart(edges)
        .mark_rule(color=charts.NEUTRAL, strokeWidth=2)
        .encode(
            x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None), x2="x2:Q", y2="y2:Q"
        )
    )
    heads = (
        alt.Chart(edges)
        .mark_point(shape="triangle", filled=True, size=110, opacity=1, color=charts.NEUTRAL)
        .encode(x="x2:Q", y="y2:Q", angle=alt.Angle("angle:Q", scale=None))
    )
    # Only the shafts hide the axes: hidden in the other layers too, Vega-Lite fails to merge the layers' axes.
    base = alt.Chart(frame).encode(x=alt.X("x:Q", scale=scale_x), y=alt.Y("y:Q", scale=scale_y))
    now = [_current(base)] if step is not None else []
    chart = alt.layer(shafts, heads, *_boxes(base), *now, *_pills(base)).properties(
        title=t(f"{PAGE}.backprop.graph_title"), width=width, height=height, autosize=alt.AutoSizeParams(type="pad")
    )
    return chart.configure_view(stroke=None), frame[["node", "op", "value", "grad"]]


def graph_layout(graph: autodiff.Graph) -> pd.DataFrame:
    """Each node's place in pixels (x across, y down), its operation and its two lines of text.

    The loss sits at the bottom centre, each computed node on the row of its ``depth``. Going back
    from the loss, the computed inputs of a node are spread around it on their rows, and a node
    that feeds two is centred between them. An input computed from nothing (a weight, a label)
    sits on the row above the node it feeds when all that node's inputs are such (w and x above
    w·x), and otherwise half a row above it, one place to the side (b beside the arrow into z).
    Two boxes that would overlap are pushed a place apart.
    """
    n = len(graph.labels)
    inputs: list[list[int]] = [[] for _ in range(n)]
    for i, j in graph.edges:
        inputs[j].append(i)
    leaf = [not inputs[k] for k in range(n)]
    asked: list[list[tuple[float, float]]] = [[] for _ in range(n)]  # (place, row) each consumer asks for
    place, row = [0.0] * n, [float(d) for d in graph.depth]
    asked[n - 1].append((0.0, row[n - 1]))
    for k in reversed(range(n)):  # every consumer of k comes after k in topological order
        place[k] = float(np.mean([p for p, _ in asked[k]]))
        if leaf[k]:
            row[k] = asked[k][0][1]
            near = [place[m] for m in range(k + 1, n) if abs(row[m] - row[k]) * LEVEL < BOX_H + 8]
            place[k] = _free(place[k], near)
        inner = [i for i in inputs[k] if not leaf[i]]
        outer = [i for i in inputs[k] if leaf[i]]
        for position, i in enumerate(inner or outer):
            spread = position - (len(inner or outer) - 1) / 2
            asked[i].append((place[k] + spread, row[i] if inner else row[k] - 1))
        for position, i in enumerate(outer if inner else []):
            side = (1 if position % 2 == 0 else -1) * (position // 2 + 1)
            asked[i].append((place[k] + side, row[k] - 0.5))
    left, top = min(place), min(row)
    frame = pd.DataFrame(
        {
            "node": graph.labels,
            "op": graph.ops,
            "value": graph.data,
            "grad": graph.grad,
            "x": [PAD + BOX_W / 2 + (p - left) * SLOT for p in place],
            "y": [PAD + PILL_H / 2 + BOX_H / 2 + (r - top) * LEVEL for r in row],
        }
    )
    frame["text"] = [f"{n} = {layout.num(v, 4)}" for n, v in zip(frame.node, frame.value, strict=True)]
    frame["grad_text"] = [f"∂L/∂{n} = {layout.num(g, 3)}" for n, g in zip(frame.node, frame.grad, strict=True)]
    frame["pill_w"] = [0.0 if not op else max(PILL_H + 4, 12 + 7.5 * len(op)) for op in frame.op]
    return frame


def _free(wanted: float, taken: list[float]) -> float:
    """The place nearest ``wanted``, going away from the taken ones, at least one slot from each."""
    place, step = wanted, 1.0 if wanted >= np.mean(taken or [wanted]) else -1.0
    while any(abs(place - other) < 1 for other in taken):
        place += step
    return place


def graph_edges(graph: autodiff.Graph, frame: pd.DataFrame) -> pd.DataFrame:
    """Each edge as an arrow in pixels: from its input's box to the pill of its output's operation.

    It leaves the input's box by the bottom when the pill is at least half a row lower, by the
    side facing it otherwise; the head (``x2``, ``y2``, turned by ``angle`` degrees clockwise from
    upright) stops just short of the pill's edge.
    """
    rows = []
    for i, j in graph.edges:
        source, target = frame.iloc[i], frame.iloc[j]
        tx, ty = target.x, target.y - BOX_H / 2  # the pill's centre, on the top edge of the box
        if ty - source.y >= LEVEL / 2:
            sx, sy = source.x, source.y + BOX_H / 2
        else:
            sx, sy = source.x + np.sign(tx - source.x) * BOX_W / 2, source.y
        dx, dy = tx - sx, ty - sy
        half_w, half_h = max(target.pill_w, PILL_H) / 2, PILL_H / 2
        reach = min(half_w / abs(dx) if dx else np.inf, half_h / abs(dy) if dy else np.inf)  # the pill's edge
        back = reach + 6 / np.hypot(dx, dy)  # the head's centre sits 6 px before it
        rows.append(
            {
                "source": source.node,
                "target": target.node,
                "x": sx,
                "y": sy,
                "x2": tx - back * dx,
                "y2": ty - back * dy,
                "angle": float(np.degrees(np.arctan2(dx, -dy))),
            }
        )
    return pd.DataFrame(rows, columns=["source", "target", "x", "y", "x2", "y2", "angle"])


def _boxes(base: alt.Chart) -> list[alt.Chart]:
    """Light boxes and their black text, as in ui.charts.matrix_heatmap: readable in both themes."""
    tooltip = [
        alt.Tooltip("node:N", title=t(f"{PAGE}.backprop.node")),
        alt.Tooltip("op:N", title=t(f"{PAGE}.backprop.operation")),
        alt.Tooltip("value:Q", format=".6g", title=t(f"{PAGE}.backprop.value")),
        alt.Tooltip("grad:Q", format=".6g", title=t(f"{PAGE}.backprop.gradient")),
    ]
    boxes = (
        base.transform_calculate(
            left=f"datum.x - {BOX_W / 2}",
            right=f"datum.x + {BOX_W / 2}",
            top=f"datum.y - {BOX_H / 2}",
            bottom=f"datum.y + {BOX_H / 2}",
        )
        .mark_rect(color="#F3F3F3", stroke=charts.PALETTE[0], strokeWidth=2, cornerRadius=6)
        .encode(x="left:Q", x2="right:Q", y="top:Q", y2="bottom:Q", tooltip=tooltip)
    )
    value = base.mark_text(fontSize=12, fontWeight="bold", color="black", dy=-1).encode(text="text:N")
    grad = base.mark_text(fontSize=11, color="#B34700", dy=13).encode(text="grad_text:N")
    return [boxes, value, grad]


def _current(base: alt.Chart) -> alt.Chart:
    """A thick orange frame round the node that a step of backpropagation computes."""
    return (
        base.transform_filter("datum.current")
        .transform_calculate(
            left=f"datum.x - {BOX_W / 2 + 3}",
            right=f"datum.x + {BOX_W / 2 + 3}",
            top=f"datum.y - {BOX_H / 2 + 3}",
            bottom=f"datum.y + {BOX_H / 2 + 3}",
        )
        .mark_rect(filled=False, stroke=charts.PALETTE[3], strokeWidth=4, cornerRadius=8)
        .encode(x="left:Q", x2="right:Q", y="top:Q", y2="bottom:Q")
    )


def _pills(base: alt.Chart) -> list[alt.Chart]:
    """Each computed node's operation, white on blue, in a pill on the top edge of its box."""
    ops = base.transform_filter("datum.op != ''").transform_calculate(top=f"datum.y - {BOX_H / 2}")
    pill = (
        ops.transform_calculate(left="datum.x - datum.pill_w / 2", right="datum.x + datum.pill_w / 2")
        .transform_calculate(up=f"datum.top - {PILL_H / 2}", down=f"datum.top + {PILL_H / 2}")
        .mark_rect(color=charts.PALETTE[0], cornerRadius=PILL_H / 2)
        .encode(x="left:Q", x2="right:Q", y="up:Q", y2="down:Q")
    )
    symbol = ops.mark_text(fontSize=13, fontWeight="bold", color="white").encode(y="top:Q", text="op:N")
    return [pill, symbol]


def gradient_check(check: calculus.GradientCheck) -> pd.DataFrame:
    """The gradient check as a table: each parameter, its gradient both ways, and their difference."""
    return pd.DataFrame(
        {
            t(f"{PAGE}.backprop.parameter"): list(check.names),
            t(f"{PAGE}.backprop.by_backprop"): check.backprop,
            t(f"{PAGE}.backprop.by_differences", h=f"{check.h:.0e}"): check.numeric,
            t(f"{PAGE}.backprop.difference"): check.difference,
        }
    )


# --- vanishing gradients --------------------------------------------------------------------------


@charts.figure
def gradient_norms(flow: calculus.GradientFlow) -> Figure:
    """‖∂L/∂h‖ at every layer (1 = input side) for each activation, on a log axis."""
    names = {k: t(f"{PAGE}.activations.{k}") for k in flow.norms}
    depth = len(next(iter(flow.norms.values())))
    data = pd.concat(
        [
            pd.DataFrame({"layer": np.arange(1, depth + 1), "norm": v, "activation": names[k]})
            for k, v in flow.norms.items()
        ],
        ignore_index=True,
    )
    chart = charts.log_lines(
        data,
        x="layer",
        y="norm",
        series="activation",
        names=list(names.values()),
        x_title=t(f"{PAGE}.vanishing.layer_axis"),
        y_title=t(f"{PAGE}.vanishing.norm_axis"),
        x_scale=alt.Scale(domain=[1, depth]),
        series_title=t(f"{PAGE}.vanishing.activation"),
    )
    return chart.properties(title=t(f"{PAGE}.vanishing.chart_title", depth=depth), height=HEIGHT), data
