"""Figures of lesson 1: a matrix as a map of the plane, the product entry by entry, a layer folding a cloud."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "linear_maps"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def linear_map(
    grid: np.ndarray,
    moved_grid: np.ndarray,
    square: np.ndarray,
    shape: np.ndarray,
    moved_shape: np.ndarray,
    M: np.ndarray,
    det: float,
    *,
    extent: float,
) -> Figure:
    """The plane before and after M: grid, F shape and unit square, and M's columns as arrows.

    ``grid`` and ``moved_grid`` are (L, 2, 2) line segments, ``square`` the (4, 2) corners of the
    image of the unit square, ``shape`` and ``moved_shape`` the (m, 2) outline of the F. The square
    is blue while M keeps the orientation (det ≥ 0) and red once it flips it.
    """
    before, after = t(f"{PAGE}.map.before"), t(f"{PAGE}.map.after")
    data = pd.concat(
        [
            charts.segments_frame(grid, layer="grid", stage=before),
            charts.segments_frame(moved_grid, layer="grid", stage=after),
            charts.path_frame(square, layer="square", stage=after, id=0),
            charts.path_frame(shape, layer="shape", stage=before, id=0),
            charts.path_frame(moved_shape, layer="shape", stage=after, id=0),
        ],
        ignore_index=True,
    )
    scale = charts.plane_scale(extent)
    base = alt.Chart(data).encode(
        x=alt.X("x:Q", scale=scale, title=None),
        y=alt.Y("y:Q", scale=scale, title=None),
        detail=["id:N", "stage:N"],  # one path per segment and per picture
        order="order:Q",
    )
    stage = alt.Color(
        "stage:N",
        scale=alt.Scale(domain=[before, after], range=[charts.NEUTRAL, charts.PALETTE[0]]),
        title=None,
        legend=charts.bottom_legend(),
    )
    was = f"datum.stage == '{before}'"
    lines = (
        base.transform_filter("datum.layer == 'grid'")
        .mark_line(clip=True, strokeWidth=1)
        .encode(color=stage, opacity=alt.condition(was, alt.value(0.4), alt.value(0.8)))
    )
    area = base.transform_filter("datum.layer == 'square'").mark_line(
        interpolate="linear-closed",
        filled=True,
        clip=True,
        opacity=0.3,
        color=charts.PALETTE[0] if det >= 0 else charts.PALETTE[3],
    )
    letter = (
        base.transform_filter("datum.layer == 'shape'")
        .mark_line(strokeWidth=3, clip=True)
        .encode(
            color=alt.condition(was, alt.value(charts.NEUTRAL), alt.value(charts.PALETTE[0])),
            strokeDash=alt.condition(was, alt.value(charts.DASH), alt.value([1, 0])),
        )
    )
    columns = pd.DataFrame(
        {"x0": 0.0, "y0": 0.0, "x": M[0], "y": M[1], "label": [t(f"{PAGE}.map.e1"), t(f"{PAGE}.map.e2")]}
    )
    vectors = charts.arrows(columns, extent=extent, palette=charts.PALETTE[1:3])
    chart = alt.layer(lines, area, letter, vectors).resolve_scale(color="independent")
    return charts.square(chart), data


def matrix_product(A: np.ndarray, B: np.ndarray, C: np.ndarray, i: int, j: int) -> Figure:
    """A, B and C = AB side by side as grids of numbers: row i of A, column j of B and C[i, j] lit (1-based)."""
    frames = {
        "A": charts.matrix_cells(A, row=i),
        "B": charts.matrix_cells(B, col=j),
        "C": charts.matrix_cells(C, row=i, col=j),
    }
    grids = [
        charts.matrix_heatmap(cells, title=f"{name} ({m}×{n})")
        for (name, cells), (m, n) in zip(frames.items(), (A.shape, B.shape, C.shape), strict=True)
    ]
    tidy = pd.concat([cells.assign(matrix=name) for name, cells in frames.items()], ignore_index=True)
    return alt.hconcat(*grids).resolve_scale(color="independent"), tidy


def point_cloud(points: np.ndarray, classes: np.ndarray, title: str, axes: tuple[str, str]) -> Figure:
    """A labelled 2-D point cloud on its own axes, with the coordinate axes drawn through the origin."""
    data = pd.DataFrame({axes[0]: points[:, 0], axes[1]: points[:, 1], "class": classes.astype(str)})
    origin = alt.Chart().mark_rule(color=charts.NEUTRAL)
    dots = (
        alt.Chart(data)
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=alt.X(f"{axes[0]}:Q", scale=alt.Scale(zero=False)),
            y=alt.Y(f"{axes[1]}:Q", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "class:N",
                scale=charts.colors(["0", "1"]),
                title=t(f"{PAGE}.layer.class"),
                legend=charts.bottom_legend(direction="horizontal"),
            ),
            tooltip=[f"{axes[0]}:Q", f"{axes[1]}:Q", alt.Tooltip("class:N", title=t(f"{PAGE}.layer.class"))],
        )
    )
    chart = origin.encode(x=alt.datum(0)) + origin.encode(y=alt.datum(0)) + dots
    return chart.properties(title=title, height=320), data


def dense_layer(
    X: np.ndarray, Z: np.ndarray, H: np.ndarray, y: np.ndarray, *, relu: bool
) -> tuple[list[alt.Chart], pd.DataFrame]:
    """The cloud X, its image Z = XWᵀ + b, and H = ReLU(Z) (or Z again without the ReLU), as three panels."""
    panels = [
        point_cloud(X, y, t(f"{PAGE}.layer.input"), ("x1", "x2")),
        point_cloud(Z, y, t(f"{PAGE}.layer.linear"), ("z1", "z2")),
        point_cloud(H, y, t(f"{PAGE}.layer.output" if relu else f"{PAGE}.layer.no_relu"), ("h1", "h2")),
    ]
    return [chart for chart, _ in panels], pd.concat([data for _, data in panels], axis=1)


def projection(a: np.ndarray, y: np.ndarray, p: np.ndarray, *, extent: float) -> Figure:
    """The line spanned by a (dashed), the vectors a and y, y's projection p onto the line, and y − p."""
    names = [t(f"{PAGE}.projection.{part}") for part in ("a", "y", "p", "r")]
    vectors = pd.DataFrame(
        {
            "x0": [0.0, 0.0, 0.0, p[0]],
            "y0": [0.0, 0.0, 0.0, p[1]],
            "x": [a[0], y[0], p[0], y[0]],
            "y": [a[1], y[1], p[1], y[1]],
            "label": names,
        }
    )
    span = pd.DataFrame({"x": [-50 * a[0], 50 * a[0]], "y": [-50 * a[1], 50 * a[1]]})  # beyond the picture
    scale = charts.plane_scale(extent)
    line = (
        alt.Chart(span)
        .mark_line(color=charts.NEUTRAL, strokeDash=charts.DASH, clip=True)
        .encode(x=alt.X("x:Q", scale=scale, title=None), y=alt.Y("y:Q", scale=scale, title=None))
    )
    return charts.square(line + charts.arrows(vectors, extent=extent)), vectors


def least_squares(
    x: np.ndarray, y: np.ndarray, fitted: np.ndarray, residual: np.ndarray, grid: np.ndarray, curve: np.ndarray
) -> Figure:
    """The data (orange), the fitted curve (blue), and each residual as a green segment from point to fit.

    Green, not red: the residuals must stand apart from the orange points beside them.
    """
    symbols = {"x": "x", "y": "y", "fitted": "ŷ", "residual": "y − ŷ"}  # the tooltip's titles
    points = pd.DataFrame({"x": x, "y": y, "fitted": fitted, "residual": residual})
    line = pd.DataFrame({"x": grid, "fitted": curve})
    chart = (
        alt.Chart(points).mark_rule(color=charts.PALETTE[2], strokeWidth=2).encode(x="x:Q", y="y:Q", y2="fitted:Q")
        + alt.Chart(line)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(x="x:Q", y=alt.Y("fitted:Q", title="y"))
        + alt.Chart(points)
        .mark_circle(size=60, color=charts.PALETTE[1], opacity=1)
        .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip(c, format=".3g", title=symbols[c]) for c in points.columns])
    )
    return chart.properties(height=360), points
