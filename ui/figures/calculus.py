"""Figures of lesson 7: derivatives, integrals, backpropagation and vanishing gradients.

A typed function and its tangent, errors against a step or a count on log–log axes, the area a
rule integrates, a computational graph, gradients through a deep stack.

:func:`log_lines` (several error or loss curves on log axes, named by a bottom legend) is the mark
most of these charts share; lesson 8's figures use it too.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mathdl import autodiff, calculus, integration
from ui import charts, layout
from ui.i18n import t

PAGE = "calculus"
HEIGHT = 400  # pixels for a chart with its title, axes and legend: the plot gets what is left
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


# --- shared marks ---------------------------------------------------------------------------------


def log_lines(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    names: list[str],
    x_title: str,
    y_title: str,
    x_scale: alt.Scale | None = None,
    x_format: str | None = None,
    y_format: str | None = "~e",  # 1e-8 reads better than 0.00000001
    y_domain: list[float] | None = None,
    points: bool = True,
    legend: dict[str, object] | None = None,
    series_title: str | None = None,
) -> alt.Chart:
    """One line per value of ``series`` (in the order of ``names``, palette colours), y on a log axis.

    x is on a log axis too unless ``x_scale`` says otherwise; the tooltip names the series
    ``series_title`` (by default "curve") and x and y by their axis titles. Rows whose y is not a positive number
    are left out: a log axis cannot show them (an error of exactly 0, a gradient that vanished).
    """
    values = data[y].astype(float)  # an empty frame's columns have no number type
    shown = data[(values > 0) & np.isfinite(values)]
    return (
        alt.Chart(shown)
        .mark_line(point=points, strokeWidth=2 if points else 2.5, clip=True)
        .encode(
            x=alt.X(
                f"{x}:Q",
                scale=x_scale or alt.Scale(type="log"),
                title=x_title,
                axis=alt.Axis(format=x_format) if x_format else alt.Axis(),
            ),
            y=alt.Y(
                f"{y}:Q",
                scale=alt.Scale(type="log", domain=y_domain) if y_domain else alt.Scale(type="log"),
                title=y_title,
                axis=alt.Axis(format=y_format) if y_format else alt.Axis(),
            ),
            color=alt.Color(
                f"{series}:N", scale=charts.colors(names), title=None, legend=charts.bottom_legend(**(legend or {}))
            ),
            tooltip=[
                alt.Tooltip(f"{series}:N", title=series_title or t("charts.curve")),
                alt.Tooltip(f"{x}:Q", format=".3~g", title=x_title),
                alt.Tooltip(f"{y}:Q", format=".3e", title=y_title),
            ],
        )
    )


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


def difference_errors(errors: calculus.DifferenceErrors) -> Figure:
    """The error of the forward and the central quotient against the step h, on log–log axes."""
    names = {"forward": t(f"{PAGE}.derivative.forward"), "central": t(f"{PAGE}.derivative.central")}
    data = pd.concat(
        [pd.DataFrame({"h": errors.h, "error": getattr(errors, k), "quotient": v}) for k, v in names.items()],
        ignore_index=True,
    )
    chart = log_lines(
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


def integration_errors(curves: integration.Convergence, n: int) -> Figure:
    """Every rule's error against the number of pieces on log–log axes, with a dashed marker at the n chosen."""
    names = {rule: t(f"{PAGE}.rules.{rule}") for rule in curves.errors}
    data = pd.concat(
        [pd.DataFrame({"n": curves.n, "error": e, "rule": names[r]}) for r, e in curves.errors.items()],
        ignore_index=True,
    )
    lines = log_lines(
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


def computational_graph(graph: autodiff.Graph) -> Figure:
    """The graph as boxes, each with its forward value and, below it, ∂L/∂node.

    Inputs are on the left and the loss on the right: each node sits in the column of its depth,
    stacked with the others of that column.
    """
    frame = _graph_layout(graph)
    lines = pd.DataFrame(
        [{"x": frame.x[i], "y": frame.y[i], "x2": frame.x[j], "y2": frame.y[j]} for i, j in graph.edges]
    )
    rows = int(frame.x.value_counts().max())
    scale_x = alt.Scale(domain=[-0.5, float(frame.x.max()) + 0.5], nice=False)
    scale_y = alt.Scale(domain=[-rows / 2, rows / 2], nice=False)
    edges = (
        alt.Chart(lines)
        .mark_rule(color=charts.NEUTRAL, strokeWidth=2)
        .encode(
            x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None), x2="x2:Q", y2="y2:Q"
        )
    )
    # Only the edges hide the axes: hidden in the text layers too, Vega-Lite fails to merge the layers' axes.
    base = alt.Chart(frame).encode(x=alt.X("x:Q", scale=scale_x), y=alt.Y("y:Q", scale=scale_y))
    chart = alt.layer(edges, *_boxes(base)).properties(title=t(f"{PAGE}.backprop.graph_title"), height=110 * rows + 40)
    return chart.configure_view(stroke=None), frame[["node", "value", "grad"]]


def _graph_layout(graph: autodiff.Graph) -> pd.DataFrame:
    """Each node's place (x its depth, y centred within its column) and its two lines of text."""
    column = graph.depth.tolist()
    row = [column[:i].count(c) for i, c in enumerate(column)]
    frame = pd.DataFrame(
        {
            "node": graph.labels,
            "value": graph.data,
            "grad": graph.grad,
            "x": column,
            "y": [r - (column.count(c) - 1) / 2 for r, c in zip(row, column, strict=True)],
        }
    )
    frame["text"] = [f"{n} = {layout.num(v, 4)}" for n, v in zip(frame.node, frame.value, strict=True)]
    frame["grad_text"] = [f"∂L/∂{n} = {layout.num(g, 3)}" for n, g in zip(frame.node, frame.grad, strict=True)]
    return frame


def _boxes(base: alt.Chart) -> list[alt.Chart]:
    """Light boxes and their black text, as in ui.charts.matrix_heatmap: readable in both themes."""
    boxes = (
        base.transform_calculate(
            left="datum.x - 0.42", right="datum.x + 0.42", top="datum.y + 0.36", bottom="datum.y - 0.36"
        )
        .mark_rect(color="#F3F3F3", stroke=charts.PALETTE[0], strokeWidth=2, cornerRadius=6)
        .encode(
            x="left:Q",
            x2="right:Q",
            y="bottom:Q",
            y2="top:Q",
            tooltip=[
                alt.Tooltip("node:N", title=t(f"{PAGE}.backprop.node")),
                alt.Tooltip("value:Q", format=".6g", title=t(f"{PAGE}.backprop.value")),
                alt.Tooltip("grad:Q", format=".6g", title=t(f"{PAGE}.backprop.grad")),
            ],
        )
    )
    value = base.mark_text(fontSize=13, fontWeight="bold", color="black", dy=-9).encode(text="text:N")
    grad = base.mark_text(fontSize=12, color="#B34700", dy=10).encode(text="grad_text:N")
    return [boxes, value, grad]


def gradient_check(check: calculus.GradientCheck) -> pd.DataFrame:
    """The gradient check as a table: each parameter, its gradient both ways, and their difference."""
    return pd.DataFrame(
        {
            t(f"{PAGE}.backprop.parameter"): list(check.names),
            t(f"{PAGE}.backprop.by_backprop"): check.backprop,
            t(f"{PAGE}.backprop.by_differences"): check.numeric,
            t(f"{PAGE}.backprop.difference"): check.difference,
        }
    )


# --- vanishing gradients --------------------------------------------------------------------------


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
    chart = log_lines(
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
