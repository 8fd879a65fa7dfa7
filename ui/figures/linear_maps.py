"""Figures of lesson 1: a matrix as a map of the plane, the product entry by entry, a layer folding a cloud."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts, drag, layout
from ui.i18n import t

PAGE = "linear_maps"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


@charts.figure
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
    stages, legend = [before, after], charts.dash_legend()
    stage = alt.Color(
        "stage:N", scale=alt.Scale(domain=stages, range=[charts.NEUTRAL, charts.PALETTE[0]]), title=None, legend=legend
    )
    was = f"datum.stage == '{before}'"
    lines = (
        base.transform_filter("datum.layer == 'grid'")
        .mark_line(clip=True, strokeWidth=1)
        .encode(
            color=stage,
            # the grid before dashed, as the F before is: told apart without its grey
            strokeDash=alt.StrokeDash(
                "stage:N", scale=alt.Scale(domain=stages, range=[charts.DASH, [1, 0]]), title=None, legend=legend
            ),
            opacity=alt.condition(was, alt.value(0.4), alt.value(0.8)),
        )
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
    chart = alt.layer(lines, area, letter, vectors).resolve_scale(color="independent", strokeDash="independent")
    return charts.square(chart), data


@charts.figure
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


@charts.figure
def point_cloud(points: np.ndarray, classes: np.ndarray, title: str, axes: tuple[str, str]) -> Figure:
    """A labelled 2-D point cloud on its own axes, with the coordinate axes drawn through the origin."""
    data = pd.DataFrame({axes[0]: points[:, 0], axes[1]: points[:, 1], "class": classes.astype(str)})
    origin = alt.Chart().mark_rule(color=charts.NEUTRAL)
    title, legend = t(f"{PAGE}.layer.class"), charts.bottom_legend(direction="horizontal")
    dots = (
        alt.Chart(data)
        .mark_point(size=28, opacity=0.75, filled=True)
        .encode(
            x=alt.X(f"{axes[0]}:Q", scale=alt.Scale(zero=False)),
            y=alt.Y(f"{axes[1]}:Q", scale=alt.Scale(zero=False)),
            color=alt.Color("class:N", scale=charts.colors(["0", "1"]), title=title, legend=legend),
            shape=alt.Shape("class:N", scale=charts.shapes(["0", "1"]), title=title, legend=legend),
            tooltip=[f"{axes[0]}:Q", f"{axes[1]}:Q", alt.Tooltip("class:N", title=t(f"{PAGE}.layer.class"))],
        )
    )
    chart = origin.encode(x=alt.datum(0)) + origin.encode(y=alt.datum(0)) + dots
    return chart.properties(title=title, height=320), data


@charts.figure
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


@charts.figure
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


LSTSQ_VIEW = drag.View((-1.25, 1.25), (-4.0, 5.0), equal=False, origin=True, height=340, xlabel="x", ylabel="y")


def least_squares(
    x: np.ndarray, y: np.ndarray, fitted: np.ndarray, residual: np.ndarray, grid: np.ndarray, curve: np.ndarray
) -> tuple[drag.Picture, pd.DataFrame]:
    """The data (orange handles), the fitted curve (blue), and each residual as a green segment from point to fit.

    Green, not red: the residuals must stand apart from the orange points beside them. Each point can be
    dragged or removed, and a click on empty space adds one (:mod:`ui.drag`). ``fitted`` and ``residual``
    are None when there is no fit (too few points for the degree): the points alone are drawn.
    """
    points = pd.DataFrame({"x": x, "y": y, "fitted": fitted, "residual": residual})
    shapes = []
    if fitted is not None:
        stems = np.stack([np.column_stack([x, y]), np.column_stack([x, fitted])], axis=1)  # (n, 2, 2)
        shapes.append(drag.shape("segments", "residuals", stems, charts.PALETTE[2], width=2))
        shapes.append(drag.shape("line", "fit", np.column_stack([grid, curve]), charts.PALETTE[0], width=2.5))
    handles = [
        drag.Handle(
            f"p{i}",
            (float(a), float(b)),
            charts.PALETTE[1],
            bounds=LSTSQ_VIEW.bounds,
            size=5.5,
            removable=True,
            aria=t(f"{PAGE}.lstsq.point_aria", i=i + 1),
            step=0.05,
        )
        for i, (a, b) in enumerate(zip(x, y, strict=True))
    ]
    picture = drag.Picture(LSTSQ_VIEW, shapes, handles, aria=t(f"{PAGE}.lstsq.plane_aria"), add=True)
    return picture, points


# --- Matrix operations, element-wise against matrix products, subspaces -------------------------------------------

PANEL_SIDES = {1: charts.PLANE_SIDE, 2: 360, 3: 300}  # px: side by side, the pictures share one row


def plane_panel(
    grid: np.ndarray, shape: np.ndarray, moved_grid: np.ndarray, moved_shape: np.ndarray, *, stages: tuple[str, str]
) -> pd.DataFrame:
    """One picture's tidy rows: the grid and the F before (``stage`` the first of ``stages``) and after a map."""
    before, after = stages
    return pd.concat(
        [
            charts.segments_frame(grid, layer="grid", stage=before),
            charts.segments_frame(moved_grid, layer="grid", stage=after),
            charts.path_frame(shape, layer="shape", stage=before, id=0),
            charts.path_frame(moved_shape, layer="shape", stage=after, id=0),
        ],
        ignore_index=True,
    )


@charts.figure
def operation_panels(
    grid: np.ndarray, shape: np.ndarray, panels: list[tuple[str, np.ndarray, np.ndarray]], *, extent: float
) -> tuple[list[alt.TopLevelMixin], pd.DataFrame]:
    """Maps of the plane side by side, one picture each: ``panels`` lists (title, moved grid, moved F).

    Each picture has the grid and the F before (grey, the F dashed) and after its map (blue), as in
    :func:`linear_map`; ``grid`` is (L, 2, 2) segments and ``shape`` the F's (m, 2) outline.
    """
    side = PANEL_SIDES[len(panels)]
    before, after = t(f"{PAGE}.map.before"), t(f"{PAGE}.map.after")
    frames = [
        plane_panel(grid, shape, moved, letter, stages=(before, after)).assign(panel=title)
        for title, moved, letter in panels
    ]
    scale = charts.plane_scale(extent)
    # The layers are built once, without data: each picture only hands them its own.
    base = alt.Chart().encode(
        x=alt.X("x:Q", scale=scale, title=None),
        y=alt.Y("y:Q", scale=scale, title=None),
        detail=["id:N", "stage:N"],
        order="order:Q",
    )
    was = f"datum.stage == '{before}'"
    colour = alt.condition(was, alt.value(charts.NEUTRAL), alt.value(charts.PALETTE[0]))
    lines = (
        base.transform_filter("datum.layer == 'grid'")
        .mark_line(clip=True, strokeWidth=1)
        .encode(color=colour, opacity=alt.condition(was, alt.value(0.35), alt.value(0.8)))
    )
    letter = (
        base.transform_filter("datum.layer == 'shape'")
        .mark_line(strokeWidth=3, clip=True)
        .encode(color=colour, strokeDash=alt.condition(was, alt.value(charts.DASH), alt.value([1, 0])))
    )
    pictures = [
        alt.layer(lines, letter, data=data)
        .properties(title=title, width=side, height=side, autosize=alt.AutoSizeParams(type="pad"))
        .configure_axis(grid=False, tickCount=7)  # as charts.square, at this size
        for (title, _, _), data in zip(panels, frames, strict=True)
    ]
    return pictures, pd.concat(frames, ignore_index=True)


@charts.figure
def product_grids(matrices: dict[str, tuple[np.ndarray, dict[str, int]]], cell: int = 40) -> alt.TopLevelMixin:
    """Matrices side by side as grids of numbers; each comes with the row and column (1-based) to light."""
    grids = [
        charts.matrix_heatmap(charts.matrix_cells(X, **lit), title=f"{name} ({X.shape[0]}×{X.shape[1]})", cell=cell)
        for name, (X, lit) in matrices.items()
    ]
    return alt.hconcat(*grids).resolve_scale(color="independent")


@charts.figure
def products(
    A: np.ndarray, B: np.ndarray, elementwise: np.ndarray | None, matmul: np.ndarray | None
) -> tuple[dict[str, alt.TopLevelMixin | None], pd.DataFrame]:
    """``A * B`` and ``A @ B``, each drawn as A, B and the result, with what makes the entry (1, 1) lit.

    For ``A * B`` that is the entry (1, 1) of each; for ``A @ B`` row 1 of A and column 1 of B. A product
    the shapes do not allow is None, and has no picture.
    """
    first = {"row": 1, "col": 1}
    figures: dict[str, alt.TopLevelMixin | None] = {"elementwise": None, "matmul": None}
    cells = [charts.matrix_cells(A).assign(matrix="A"), charts.matrix_cells(B).assign(matrix="B")]
    if elementwise is not None:
        figures["elementwise"] = product_grids({"A": (A, first), "B": (B, first), "A * B": (elementwise, first)})
        cells.append(charts.matrix_cells(elementwise).assign(matrix="A * B"))
    if matmul is not None:
        figures["matmul"] = product_grids({"A": (A, {"row": 1}), "B": (B, {"col": 1}), "A @ B": (matmul, first)})
        cells.append(charts.matrix_cells(matmul).assign(matrix="A @ B"))
    return figures, pd.concat(cells, ignore_index=True).drop(columns="highlight")


SUBSCRIPTS = "₁₂₃₄₅₆₇₈₉"


def plane_extent(points: np.ndarray, least: float = 3.0) -> float:
    """Half the side of a picture that shows every point, in whole units and never below ``least``."""
    return max(least, float(np.ceil(np.abs(points).max(initial=0.0) * 1.05)))


def span_layer(Q: np.ndarray, extent: float, name: str) -> alt.Chart:
    """A subspace of the plane given by its orthonormal basis Q (2, r): a tinted plane, a wide line, or the origin."""
    scale = charts.plane_scale(extent)
    rank = Q.shape[1]
    tip = alt.Tooltip("name:N", title=t("charts.name"))
    if rank == 2:
        data = pd.DataFrame({"x": [-extent], "x2": [extent], "y": [-extent], "y2": [extent], "name": [name]})
        mark = alt.Chart(data).mark_rect(color=charts.PALETTE[5], opacity=0.15)
        return mark.encode(
            x=alt.X("x:Q", scale=scale, title=None),
            x2="x2:Q",
            y=alt.Y("y:Q", scale=scale, title=None),
            y2="y2:Q",
            tooltip=tip,
        )
    reach = 2 * extent * (Q[:, 0] if rank else np.zeros(2))  # past the corners, or the origin alone
    data = pd.DataFrame({"x": [-reach[0], reach[0]], "y": [-reach[1], reach[1]], "name": name})
    mark = alt.Chart(data).mark_line(color=charts.PALETTE[5], strokeWidth=10, opacity=0.35, clip=True, point=rank == 0)
    return mark.encode(x=alt.X("x:Q", scale=scale, title=None), y=alt.Y("y:Q", scale=scale, title=None), tooltip=tip)


@charts.figure
def column_space(
    A: np.ndarray, Q: np.ndarray, total: np.ndarray, multiple: np.ndarray, c: float, *, extent: float
) -> tuple[alt.TopLevelMixin, pd.DataFrame]:
    """The columns of A (2, n) as arrows over their span, the column space with basis Q (2, r), and its closure.

    Closure: u = a₁ and v = a₂ give ``total`` = u + v (dashed lines complete the parallelogram) and
    ``multiple`` = c u, and both stay inside the tinted subspace.
    """
    n = A.shape[1]
    names = [f"a{SUBSCRIPTS[j]}" for j in range(n)] + ["a₁ + a₂", f"{c:g} a₁"]
    ends = np.column_stack([A, total, multiple]).T  # (n + 2, 2)
    vectors = pd.DataFrame({"x0": 0.0, "y0": 0.0, "x": ends[:, 0], "y": ends[:, 1], "label": names})
    sides = pd.DataFrame(
        {"x": [A[0, 0], total[0], A[0, 1]], "y": [A[1, 0], total[1], A[1, 1]], "order": [0, 1, 2]}
    )  # a₁ → a₁ + a₂ → a₂
    scale = charts.plane_scale(extent)
    dashes = (
        alt.Chart(sides)
        .mark_line(color=charts.NEUTRAL, strokeDash=charts.DASH, clip=True)
        .encode(x=alt.X("x:Q", scale=scale, title=None), y=alt.Y("y:Q", scale=scale, title=None), order="order:Q")
    )
    span = span_layer(Q, extent, t(f"{PAGE}.subspaces.column_space"))
    arrows = charts.arrows(vectors, extent=extent)
    chart = alt.layer(span, dashes, arrows).properties(title=t(f"{PAGE}.subspaces.column_title", rank=Q.shape[1]))
    side = PANEL_SIDES[2]
    return charts.square(chart).properties(width=side, height=side), vectors.assign(kind="column space")


@charts.figure
def null_walk(path: np.ndarray, *, extent: float) -> tuple[alt.TopLevelMixin, pd.DataFrame]:
    """The walk x₁a₁, then x₂a₂, … of :func:`mathdl.subspaces.combination_path`, arrow after arrow.

    ``path`` is (n + 1, 2): for x in the null space it starts and ends at the origin. Step j has the
    colour of column j in :func:`column_space`.
    """
    steps = len(path) - 1
    names = [f"x{SUBSCRIPTS[j]}a{SUBSCRIPTS[j]}" for j in range(steps)]
    vectors = pd.DataFrame({"x0": path[:-1, 0], "y0": path[:-1, 1], "x": path[1:, 0], "y": path[1:, 1], "label": names})
    origin = (
        alt.Chart(pd.DataFrame({"x": [0.0], "y": [0.0]}))
        .mark_point(shape="circle", size=120, filled=True, color=charts.NEUTRAL, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=charts.plane_scale(extent), title=None),
            y=alt.Y("y:Q", scale=charts.plane_scale(extent), title=None),
        )
    )
    chart = alt.layer(origin, charts.arrows(vectors, extent=extent)).properties(title=t(f"{PAGE}.subspaces.null_title"))
    side = PANEL_SIDES[2]
    return charts.square(chart).properties(width=side, height=side), vectors.assign(kind="null space")


@charts.figure
def subspaces(
    A: np.ndarray, Q: np.ndarray, total: np.ndarray, multiple: np.ndarray, c: float, path: np.ndarray | None
) -> tuple[list[alt.TopLevelMixin | None], pd.DataFrame]:
    """The column space with its closure (:func:`column_space`) and the null-space walk (:func:`null_walk`).

    Each picture is scaled to hold its arrows: the walk's steps, weighted by a unit vector, are often
    shorter than the columns. The walk is None when the null space is {0} (``path`` None).
    """
    column_chart, column_data = column_space(
        A, Q, total, multiple, c, extent=plane_extent(np.vstack([A.T, total, multiple]))
    )
    if path is None:
        return [column_chart, None], column_data
    null_chart, null_data = null_walk(path, extent=plane_extent(path, least=1.0))
    return [column_chart, null_chart], pd.concat([column_data, null_data], ignore_index=True)


def point_text(name: str, p: np.ndarray) -> str:
    """``name = (x, y)`` with three significant figures, for a label on the plane."""
    return f"{name} = ({layout.num(p[0])}, {layout.num(p[1])})"


def vector_plane(grid: np.ndarray, moved_grid: np.ndarray, x: np.ndarray, Ax: np.ndarray, *, extent: float):
    """x as a handle on the plane and Ax as an arrow, over the grid before (grey) and after A (blue).

    ``grid`` and ``moved_grid`` are (L, 2, 2) segments. The window grows past ``extent`` to keep Ax in
    sight. Returns the :class:`ui.drag.Picture` and the tidy data (the two vectors) for the CSV.
    """
    reach = float(np.ceil(max(extent, *np.abs(Ax), *np.abs(x)) + 0.5))
    window = (-reach, reach)
    shapes = [
        drag.shape("segments", "grid", grid, charts.NEUTRAL, width=1, opacity=0.5),
        drag.shape("segments", "moved", moved_grid, charts.PALETTE[0], width=1, opacity=0.35),
        drag.shape("arrow", "Ax", [[0.0, 0.0], Ax], charts.PALETTE[3], width=3, label=point_text("Ax", Ax), dy=16),
    ]
    handle = drag.Handle(
        "x",
        (float(x[0]), float(x[1])),
        charts.PALETTE[0],
        bounds=((-extent, extent), (-extent, extent)),
        label=point_text("x", x),
        aria=t(f"{PAGE}.map.x_aria"),
        arrow=True,
    )
    picture = drag.Picture(drag.View(window, window), shapes, [handle], aria=t(f"{PAGE}.map.drag_aria"))
    data = pd.DataFrame({"vector": ["x", "Ax"], "x1": [x[0], Ax[0]], "x2": [x[1], Ax[1]]})
    return picture, data
