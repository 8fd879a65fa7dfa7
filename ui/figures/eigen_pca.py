"""Figures of lesson 3: the directions a matrix only stretches, PCA's variance and projection, an SVD's spectrum."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui import charts, drag, layout
from ui.i18n import t

PAGE = "eigen_pca"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]
MAX_POINTS = 3000  # points of a projection sent to the browser; the download has them all


@charts.figure
def eigenvectors(
    circle: np.ndarray,
    image: np.ndarray,
    directions: np.ndarray | None,
    iterates: np.ndarray,
    ellipse: np.ndarray | None = None,
    *,
    extent: float,
    stretched: np.ndarray | None = None,
) -> Figure:
    """The unit circle and its image under A, A's eigen-directions as dashed lines, and power iteration.

    ``circle`` and ``image`` are (m, 2) points, closed here into curves; ``directions`` holds the
    unit eigenvectors as columns (None when the eigenvalues are complex); ``iterates`` are the
    (k + 1, 2) unit vectors x_0 … x_k, drawn as dots with the last one as an arrow. ``ellipse``
    (m, 2), for a complex pair, is the curve that A turns onto a scaled copy of itself, dashed green.
    ``stretched`` (2,), if given, is A x_k, drawn as a second arrow from the origin: it lies along
    x_k exactly when x_k is an eigenvector.
    """
    scale = charts.plane_scale(extent)
    x, y = alt.X("x:Q", scale=scale, title=None), alt.Y("y:Q", scale=scale, title=None)
    curves, outline = _circle_and_image(circle, image, x, y)
    layers = [curves]
    if directions is not None:
        reach = 10 * extent  # a direction is drawn as a line through the whole picture
        lines = charts.segments_frame(
            np.stack([[-reach * v, reach * v] for v in directions.T]), label=t(f"{PAGE}.eigen.direction")
        )
        layers.append(
            alt.Chart(lines)
            .mark_line(strokeDash=charts.DASH, color=charts.PALETTE[3], clip=True)
            .encode(x=x, y=y, detail="id:N", tooltip=[alt.Tooltip("label:N", title=t("charts.name"))])
        )
    turned = None
    if ellipse is not None:
        turned = charts.path_frame(np.vstack([ellipse, ellipse[:1]]), stage=t(f"{PAGE}.eigen.ellipse"))
        layers.append(
            alt.Chart(turned)
            .mark_line(strokeDash=charts.DASH, strokeWidth=2, color=charts.PALETTE[2], clip=True)
            .encode(x=x, y=y, order="order:Q", tooltip=[alt.Tooltip("stage:N", title=t("charts.name"))])
        )
    steps = pd.DataFrame(
        {
            "x0": 0.0,
            "y0": 0.0,
            "x": iterates[:, 0],
            "y": iterates[:, 1],
            "label": [f"x{k}" for k in range(len(iterates))],
        }
    )
    last = steps.tail(1).assign(label=t(f"{PAGE}.eigen.iterate"))
    palette = charts.PALETTE[1:2]
    if stretched is not None:
        image_row = {"x0": 0.0, "y0": 0.0, "x": stretched[0], "y": stretched[1], "label": t(f"{PAGE}.power.image")}
        last, palette = pd.concat([last, pd.DataFrame([image_row])], ignore_index=True), [*palette, charts.PALETTE[4]]
    layers.append(charts.arrows(last, extent=extent, palette=palette))
    layers.append(
        alt.Chart(steps)
        .mark_point(color=charts.PALETTE[1], opacity=0.6, clip=True)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("label:N", title=t(f"{PAGE}.eigen.iterate"))])
    )
    chart = alt.layer(*layers).resolve_scale(color="independent", strokeDash="independent")
    return charts.square(chart), pd.concat([outline, turned, steps], ignore_index=True)


@charts.figure
def rayleigh_steps(estimates: np.ndarray, eigenvalues: np.ndarray, steps: int) -> Figure:
    """The Rayleigh quotients r_0 … r_k of power iteration against the step, on an axis to the run's last step.

    The real eigenvalues are dashed levels (none for a complex pair): r_k settles on the dominant
    one when the iteration converges, and the gap shows when it does not.
    """
    data = pd.DataFrame({"step": np.arange(len(estimates)), "rayleigh": estimates})
    x = alt.X("step:Q", scale=alt.Scale(domain=[0, max(steps, 1)], nice=False), title=t(f"{PAGE}.power.step_axis"))
    tooltip = [alt.Tooltip("step:Q", title="k"), alt.Tooltip("rayleigh:Q", format=".5g", title="xₖᵀ A xₖ")]
    line = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[1], point=alt.OverlayMarkDef(filled=True, size=50, color=charts.PALETTE[1]))
        .encode(x=x, y=alt.Y("rayleigh:Q", title=t(f"{PAGE}.power.rayleigh_axis")), tooltip=tooltip)
    )
    layers: list[alt.Chart] = [line]
    for value in eigenvalues.real if not np.any(eigenvalues.imag) else []:
        layers.append(charts.marker(float(value), "eigenvalue", axis="y", color=charts.PALETTE[3]))
    chart = alt.layer(*layers).properties(title=t(f"{PAGE}.power.title"), height=220)
    return chart, data


def _circle_and_image(circle: np.ndarray, image: np.ndarray, x: alt.X, y: alt.Y) -> tuple[alt.Chart, pd.DataFrame]:
    """The unit circle in grey and its image in blue, each closed, with a legend under the plot."""
    before, after = t(f"{PAGE}.eigen.circle"), t(f"{PAGE}.eigen.image")
    outline = pd.concat(
        [
            charts.path_frame(np.vstack([circle, circle[:1]]), stage=before),
            charts.path_frame(np.vstack([image, image[:1]]), stage=after),
        ],
        ignore_index=True,
    )
    stages, legend = [before, after], charts.dash_legend()
    stage = alt.Color(
        "stage:N", scale=alt.Scale(domain=stages, range=[charts.NEUTRAL, charts.PALETTE[0]]), title=None, legend=legend
    )
    # The circle dotted: the eigen-directions and the turned ellipse are dashed already.
    dots = alt.StrokeDash("stage:N", scale=alt.Scale(domain=stages, range=[[2, 2], [1, 0]]), title=None, legend=legend)
    chart = alt.Chart(outline).mark_line(clip=True).encode(x=x, y=y, order="order:Q", color=stage, strokeDash=dots)
    return chart, outline


@charts.figure
def scree(
    ratio: np.ndarray, cumulative: np.ndarray, errors: np.ndarray, k: int
) -> tuple[alt.LayerChart, alt.LayerChart, pd.DataFrame]:
    """The scree plot and the reconstruction error against k, with one table behind both.

    The scree plot shows each component's share of the variance as a bar (the first k solid) and
    the running total as a line; the error chart marks the k components kept with a dot.
    """
    data = pd.DataFrame(
        {"component": np.arange(1, len(ratio) + 1), "explained": ratio, "cumulative": cumulative, "error": errors}
    )
    return _scree_bars(data, k), _error_curve(data, k), data


def _scree_bars(data: pd.DataFrame, k: int) -> alt.LayerChart:
    """Each component's share of the variance as a bar, the first k solid, and the running total as a line."""
    bars = (
        alt.Chart(data)
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("component:O", title=t(f"{PAGE}.pca.component"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("explained:Q", title=t(f"{PAGE}.pca.explained"), axis=alt.Axis(format="%")),
            opacity=alt.condition(f"datum.component <= {k}", alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("component:O", title=t(f"{PAGE}.pca.component")),
                alt.Tooltip("explained:Q", format=".1%", title=t(f"{PAGE}.pca.explained")),
                alt.Tooltip("cumulative:Q", format=".1%", title=t(f"{PAGE}.pca.cumulative")),
            ],
        )
    )
    total = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=charts.PALETTE[1]), color=charts.PALETTE[1])
        .encode(x="component:O", y="cumulative:Q")
    )
    return (bars + total).properties(title=t(f"{PAGE}.pca.scree"), height=300)


def _error_curve(data: pd.DataFrame, k: int) -> alt.LayerChart:
    """The reconstruction error against the number of components kept, with a larger dot at k."""
    error = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=charts.PALETTE[3]), color=charts.PALETTE[3])
        .encode(
            x=alt.X("component:Q", title=t(f"{PAGE}.pca.k_axis"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("error:Q", title=t(f"{PAGE}.pca.error")),
            tooltip=[
                alt.Tooltip("component:Q", title=t(f"{PAGE}.pca.k_axis")),
                alt.Tooltip("error:Q", format=".4g", title=t(f"{PAGE}.pca.error")),
            ],
        )
    )
    chosen = (
        alt.Chart(data[data.component == k])
        .mark_point(size=160, color=charts.PALETTE[3], filled=True)
        .encode(x="component:Q", y="error:Q")
    )
    return (error + chosen).properties(title=t(f"{PAGE}.pca.reconstruction"), height=300)


@charts.figure
def projection(scores: np.ndarray, classes: np.ndarray | None) -> Figure:
    """The data on its first two principal components, coloured by class ("—" without classes).

    ``scores`` is (n, k ≥ 2); at most the first 3,000 points are drawn, the table has all of them.
    """
    data = pd.DataFrame({"PC1": scores[:, 0], "PC2": scores[:, 1], "class": "—" if classes is None else classes})
    title, legend = t(f"{PAGE}.pca.class"), charts.bottom_legend(columns=5)  # ten digits in two rows, under the plot
    chart = (
        alt.Chart(data.iloc[:MAX_POINTS])
        .mark_point(size=30, opacity=0.7, filled=True)
        .encode(
            x="PC1:Q",
            y="PC2:Q",
            color=alt.Color("class:N", title=title, scale=alt.Scale(range=charts.PALETTE), legend=legend),
            shape=alt.Shape("class:N", title=title, scale=alt.Scale(range=charts.SHAPES), legend=legend),
            tooltip=[
                alt.Tooltip("class:N", title=t(f"{PAGE}.pca.class")),
                alt.Tooltip("PC1:Q", format=".3g"),
                alt.Tooltip("PC2:Q", format=".3g"),
            ],
        )
    )
    return chart.properties(title=t(f"{PAGE}.pca.projection"), height=400), data  # the legend takes ~60 of it


@charts.figure
def loadings(components: np.ndarray, features: Sequence[str]) -> Figure:
    """The weight of every feature in PC1 and PC2 as a diverging heat map (orange positive, blue negative).

    ``components`` holds the components as rows, (k ≥ 2, d); ``features`` their d names.
    """
    data = pd.DataFrame(
        {
            "feature": np.tile(list(features), 2),
            "component": np.repeat(["PC1", "PC2"], len(features)),
            "loading": components[:2].ravel(),
        }
    )
    chart = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("component:N", title=None),
            y=alt.Y("feature:N", sort=None, title=None, axis=alt.Axis(labelLimit=160)),
            color=alt.Color(
                "loading:Q", scale=alt.Scale(scheme="blueorange", domainMid=0), title=t(f"{PAGE}.pca.loading")
            ),
            tooltip=[
                alt.Tooltip("feature:N", title=t(f"{PAGE}.pca.feature")),
                alt.Tooltip("component:N", title=t(f"{PAGE}.pca.component")),
                alt.Tooltip("loading:Q", format=".3f", title=t(f"{PAGE}.pca.loading")),
            ],
        )
    )
    row = 12 if len(features) > 20 else 20  # pixels: 64 pixel features still fit on a screen
    return chart.properties(title=t(f"{PAGE}.pca.loadings"), height=alt.Step(row)), data


@charts.figure
def singular_values(s: np.ndarray, k: int) -> Figure:
    """The singular values σ_j against j on a log scale, the k kept in blue and the rest grey."""
    j = np.arange(1, len(s) + 1)
    data = pd.DataFrame({"j": j, "sigma": s, "kept": j <= k})
    chart = (
        alt.Chart(data)
        .mark_circle(size=36, opacity=1)
        .encode(
            x=alt.X("j:Q", title="j"),
            y=alt.Y("sigma:Q", scale=alt.Scale(type="log"), title="σⱼ"),
            color=alt.condition("datum.kept", alt.value(charts.PALETTE[0]), alt.value(charts.NEUTRAL)),
            tooltip=["j:Q", alt.Tooltip("sigma:Q", format=".4g", title="σⱼ")],
        )
    )
    return chart.properties(title=t(f"{PAGE}.svd.spectrum"), height=260), data


def grey_levels(x: np.ndarray) -> np.ndarray:
    """A grey image in [0, 1] for ``st.image``, its values kept as they are.

    Values outside (an approximation's overshoot) are shown black or white, so two images drawn
    on this one scale compare by eye.
    """
    return np.clip(x, 0.0, 1.0)


# --- Covariance: a cloud's principal axes -------------------------------------------------------


@charts.figure
def covariance_cloud(
    points: np.ndarray,
    ellipses: Sequence[np.ndarray],
    mean: np.ndarray,
    ends: np.ndarray,
    labels: Sequence[str],
    *,
    extent: tuple[float, float, float, float],
    titles: tuple[str, str],
) -> Figure:
    """The points, their covariance ellipses, and the eigenvectors of C as arrows from the mean: the ellipse's axes.

    ``points`` (n, 2); ``ellipses`` the closed curves at 1 σ (solid) and 2 σ (dashed), each (m, 2); ``ends`` (2, 2)
    the ends of the semi-axes √λ_j v_j from ``mean``, named by ``labels`` in the legend; ``extent`` is
    (x_min, x_max, y_min, y_max), drawn to scale, so the axes look as perpendicular as they are; ``titles`` name x, y.
    At most 3,000 points are drawn; the table has them all, with the curves and the arrows.
    """
    x_scale = alt.Scale(domain=list(extent[:2]), nice=False, zero=False)
    y_scale = alt.Scale(domain=list(extent[2:]), nice=False, zero=False)
    x, y = alt.X("x:Q", scale=x_scale, title=titles[0]), alt.Y("y:Q", scale=y_scale, title=titles[1])
    cloud = pd.DataFrame({"x": points[:, 0], "y": points[:, 1], "layer": "point"})
    dots = (
        alt.Chart(cloud.iloc[:MAX_POINTS])
        .mark_circle(size=22, opacity=0.45, color=charts.PALETTE[0], clip=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("x:Q", format=".3g", title=titles[0]),
                alt.Tooltip("y:Q", format=".3g", title=titles[1]),
            ],
        )
    )
    curves = pd.concat(
        [charts.path_frame(curve, k=k, layer="ellipse") for k, curve in enumerate(ellipses, 1)], ignore_index=True
    )
    rings = (
        alt.Chart(curves)
        .mark_line(color=charts.PALETTE[1], strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            order="order:Q",
            detail="k:N",
            strokeDash=alt.StrokeDash("k:N", scale=alt.Scale(domain=[1, 2], range=[[1, 0], charts.DASH]), legend=None),
        )
    )
    arrows = pd.DataFrame(
        {"x0": mean[0], "y0": mean[1], "x": ends[:, 0], "y": ends[:, 1], "label": list(labels), "layer": "axis"}
    )
    chart = alt.layer(dots, rings, _arrows(arrows, x_scale, y_scale))
    chart = chart.resolve_scale(color="independent", strokeDash="independent")
    return charts.to_scale(chart, x_scale, y_scale), pd.concat([cloud, curves, arrows], ignore_index=True)


def _arrows(data: pd.DataFrame, x_scale: alt.Scale, y_scale: alt.Scale) -> alt.LayerChart:
    """Arrows from (x0, y0) to (x, y) on these scales, one colour and dash per eigenvector, named in a legend below."""
    labels = data["label"].tolist()
    legend = charts.dash_legend(direction="vertical", labelLimit=400)
    base = alt.Chart(data).encode(
        color=alt.Color(
            "label:N",
            scale=alt.Scale(domain=labels, range=[charts.PALETTE[3], charts.PALETTE[2]][: len(labels)]),
            title=None,
            legend=legend,
        ),
        tooltip=[alt.Tooltip("label:N", title=t("charts.name"))],
    )
    shaft = base.mark_rule(strokeWidth=3.5).encode(
        x=alt.X("x0:Q", scale=x_scale),
        y=alt.Y("y0:Q", scale=y_scale),
        x2="x:Q",
        y2="y:Q",
        strokeDash=alt.StrokeDash("label:N", scale=charts.dashes(labels), title=None, legend=legend),
    )
    head = (
        base.transform_calculate(angle="90 - atan2(datum.y - datum.y0, datum.x - datum.x0) * 180 / PI")
        .mark_point(shape="triangle", filled=True, size=160, opacity=1)
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), angle=alt.Angle("angle:Q", scale=None))
    )
    return shaft + head


def two_routes(
    eigenvalues: np.ndarray, singular_values: np.ndarray, variances: np.ndarray, cosines: np.ndarray
) -> pd.DataFrame:
    """PCA's numbers by its two routes, side by side: one row per component j.

    The eigenvalues λ_j of the covariance matrix, the singular values σ_j of the centred data, σ_j² / (n − 1),
    and |cos| of the angle between the two routes' j-th directions (1: the same line). Headers in the reader's
    language; the rows are as many as ``cosines`` has.
    """
    rows = len(cosines)
    c = f"{PAGE}.pca"
    return pd.DataFrame(
        {
            "j": np.arange(1, rows + 1),
            t(f"{c}.eigenvalue"): eigenvalues[:rows],
            t(f"{c}.singular_value"): singular_values[:rows],
            t(f"{c}.svd_variance"): variances[:rows],
            t(f"{c}.alignment"): cosines,
        }
    )


def eigen_hunt(circle: np.ndarray, image: np.ndarray, hit, *, extent: float):
    """The unit circle and its image under A, x as a handle on the circle and Ax as an arrow.

    ``hit`` is :func:`mathdl.directions.alignment`'s answer for x. When x and Ax line up, the line
    they share is drawn through the origin. Returns the :class:`ui.drag.Picture` and the two vectors.
    """
    reach = float(np.ceil(max(extent, *np.abs(image).ravel(), *np.abs(hit.image)) + 0.25))
    window = (-reach, reach)
    loop = np.vstack([circle, circle[:1]])
    shapes = [
        drag.shape("line", "circle", loop, charts.NEUTRAL, width=1.5, dash=[5, 4]),
        drag.shape("line", "ellipse", np.vstack([image, image[:1]]), charts.PALETTE[0], width=1.5, opacity=0.6),
    ]
    if hit.aligned:
        shapes.append(drag.shape("line", "eigenline", [-reach * hit.x, reach * hit.x], charts.PALETTE[2], width=2))
    ax = f"Ax = ({layout.num(hit.image[0])}, {layout.num(hit.image[1])})"
    shapes.append(drag.shape("arrow", "Ax", [[0.0, 0.0], hit.image], charts.PALETTE[3], width=3, label=ax, dy=16))
    handle = drag.Handle(
        "x",
        (float(hit.x[0]), float(hit.x[1])),
        charts.PALETTE[0],
        bounds=((-1.0, 1.0), (-1.0, 1.0)),
        label=f"x = ({layout.num(hit.x[0])}, {layout.num(hit.x[1])})",
        aria=t(f"{PAGE}.eigen.x_aria"),
        constrain="circle",
        step=0.5,
        arrow=True,
    )
    picture = drag.Picture(drag.View(window, window), shapes, [handle], aria=t(f"{PAGE}.eigen.hunt_aria"))
    data = pd.DataFrame({"vector": ["x", "Ax"], "x1": [hit.x[0], hit.image[0]], "x2": [hit.x[1], hit.image[1]]})
    return picture, data
