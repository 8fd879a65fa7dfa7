"""Figures of lesson 10: fits and their errors, penalties, training curves, folds, scores, learning curves.

Curves that share an x axis travel side by side, one column each, and are stacked into rows in the
browser (:func:`_stacked`): each x is sent once and no label is repeated on every row. The
confusion matrix and the ROC curve are shared with lesson 6 (:mod:`ui.charts`).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "generalisation"
HEIGHT = 390  # pixels for a chart with its title, axes and legend: the plot gets what is left
Y_LIMIT = 2.5  # the pictures of fits show y in [-2.5, 2.5]; wilder fits leave through the edge
MOST_EPOCHS = 200  # at most about this many points of a training curve reach the browser
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def _stacked(chart: alt.Chart, columns: list[str], key: str, value: str) -> alt.Chart:
    """Stack a chart's side-by-side curve columns into (key, value) rows, in the browser."""
    return chart.transform_fold(columns, as_=[key, value])


def _legend(**kwargs: object) -> alt.Legend:
    return charts.bottom_legend(labelLimit=320, **kwargs)


def _lines(
    field: str, names: list[str], palette: alt.Scale, dashes: alt.Scale | None = None, **legend: object
) -> dict[str, alt.Color | alt.StrokeDash]:
    """Colour and dash (by default :func:`ui.charts.dashes`) for one line per value of ``field``, in one legend."""
    key = charts.dash_legend(labelLimit=320, **legend)
    return {
        "color": alt.Color(f"{field}:N", scale=palette, title=None, legend=key),
        "strokeDash": alt.StrokeDash(f"{field}:N", scale=dashes or charts.dashes(names), title=None, legend=key),
    }


def _unit_x(title: str = "x") -> alt.X:
    return alt.X("x:Q", scale=alt.Scale(domain=[-1, 1], nice=False), title=title)


def _fit_y() -> alt.Y:
    return alt.Y("y:Q", scale=alt.Scale(domain=[-Y_LIMIT, Y_LIMIT], nice=False), title="y")


def _dashed_first(names: list[str]) -> alt.StrokeDash:
    """The first curve (the truth) dashed, the next solid, any others each with a dash of its own."""
    dashes = [charts.DASH, [1, 0], *charts.DASHES[2:]][: len(names)]
    return alt.StrokeDash("what:N", scale=alt.Scale(domain=names, range=dashes), legend=None)


def _degree_axis(top: int) -> alt.X:
    return alt.X("degree:Q", title=t(f"{PAGE}.poly.degree_axis"), scale=alt.Scale(domain=[0, top], nice=False))


def _log_mse(field: str = "mse:Q") -> alt.Y:
    return alt.Y(field, scale=alt.Scale(type="log"), title=t(f"{PAGE}.poly.mse_axis"), axis=alt.Axis(format="~g"))


def _noise_floor(noise_var: float) -> alt.Chart:
    """A dotted level line at σ², the error no model can beat."""
    floor = pd.DataFrame({"mse": [noise_var], "what": [t(f"{PAGE}.poly.noise_floor")]})
    return (
        alt.Chart(floor)
        .mark_rule(color=charts.NEUTRAL, strokeDash=[2, 3])
        .encode(
            y="mse:Q",
            tooltip=[
                alt.Tooltip("what:N", title=t("charts.name")),
                alt.Tooltip("mse:Q", format=".4g", title=t(f"{PAGE}.poly.mse_axis")),
            ],
        )
    )


# --- 1. Polynomial degree --------------------------------------------------------------------------------


@charts.figure
def polynomial_fit(
    grid: np.ndarray, truth: np.ndarray, fitted: np.ndarray, x: np.ndarray, y: np.ndarray, *, degree: int
) -> Figure:
    """The true function (dashed), the fitted polynomial on the grid, and the training points."""
    names = [t(f"{PAGE}.poly.truth"), t(f"{PAGE}.poly.fit", degree=degree), t(f"{PAGE}.poly.train_points")]
    palette = alt.Scale(domain=names, range=[charts.NEUTRAL, charts.PALETTE[0], charts.PALETTE[1]])
    lines = pd.DataFrame({"x": grid, names[0]: truth, names[1]: fitted})
    curves = (
        _stacked(alt.Chart(lines), names[:2], "what", "y")
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=_unit_x(),
            y=_fit_y(),
            color=alt.Color(
                "what:N", scale=palette, title=None, legend=_legend(columns=1, symbolType="stroke")
            ),  # three side by side clip on a phone
            strokeDash=_dashed_first(names[:2]),
        )
    )
    points = pd.DataFrame({"x": x, "y": y})
    dots = (
        alt.Chart(points)
        .mark_circle(size=60, opacity=0.9, clip=True)
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.ColorDatum(names[2], type="nominal", scale=palette),
            tooltip=[alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")],
        )
    )
    title = t(f"{PAGE}.poly.fit_title", degree=degree, n=len(x))
    return (curves + dots).properties(title=title, height=HEIGHT), pd.concat(
        [lines, points.rename(columns={"y": names[2]})]
    )


@charts.figure
def degree_errors(curve, noise_var: float, degree: int, *, folds: int) -> Figure:
    """Training, test and cross-validated error against the degree (log scale): the U-curve.

    ``curve`` is a :class:`mathdl.polynomial.DegreeCurve`; a dotted line marks σ², a dashed one the degree.
    """
    kinds = [t(f"{PAGE}.poly.train_error"), t(f"{PAGE}.poly.test_error"), t(f"{PAGE}.poly.cv_error", k=folds)]
    errors = pd.DataFrame(
        {"degree": curve.degrees, kinds[0]: curve.train_mse, kinds[1]: curve.test_mse, kinds[2]: curve.cv_mse}
    )
    u = (
        _stacked(alt.Chart(errors), kinds, "error", "mse")
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=40, filled=True), clip=True)
        .encode(
            x=_degree_axis(int(curve.degrees[-1])),
            y=_log_mse(),
            **_lines("error", kinds, charts.colors(kinds), columns=2),
            tooltip=[
                alt.Tooltip("error:N", title=t("charts.curve")),
                alt.Tooltip("degree:Q", title=t(f"{PAGE}.poly.degree_axis")),
                alt.Tooltip("mse:Q", format=".4g", title=t(f"{PAGE}.poly.mse_axis")),
            ],
        )
    )
    chart = u + _noise_floor(noise_var) + charts.marker(degree, "degree")
    return chart.properties(title=t(f"{PAGE}.poly.u_title"), height=HEIGHT), errors


@charts.figure
def repeated_fits(fits, *, degree: int, fan: int) -> Figure:
    """``fan`` of the repeated fits as thin lines, their average over all fits, and the true function.

    ``fits`` is a :class:`mathdl.polynomial.BiasVariance`: a fan of a dozen shows the spread; all
    of the fits enter the average and the numbers.
    """
    names = [t(f"{PAGE}.poly.truth"), t(f"{PAGE}.poly.mean_fit")]
    drawn = [f"f{i + 1}" for i in range(fan)]
    frame = pd.DataFrame(
        {
            "x": fits.x,
            names[0]: fits.truth,
            names[1]: fits.mean_prediction,
            **dict(zip(drawn, fits.predictions[:fan], strict=True)),
        }
    )
    thin = (
        _stacked(alt.Chart(frame), drawn, "fit", "y")
        .mark_line(strokeWidth=1.2, opacity=0.6, color=charts.PALETTE[5], clip=True)
        .encode(x=_unit_x(), y=_fit_y(), detail="fit:N")
    )
    both = (
        _stacked(alt.Chart(frame), names, "what", "y")
        .mark_line(strokeWidth=3, clip=True)
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.Color(
                "what:N",
                scale=alt.Scale(domain=names, range=[charts.NEUTRAL, charts.PALETTE[3]]),
                title=None,
                legend=_legend(symbolType="stroke"),
            ),
            strokeDash=_dashed_first(names),
        )
    )
    title = t(f"{PAGE}.poly.fan_title", degree=degree, fits=fan)
    return (thin + both).properties(title=title, height=HEIGHT), frame


@charts.figure
def bias_variance(split, *, degree: int, repeats: int) -> Figure:
    """Bias², variance, noise and the measured test error against the degree (log scale).

    ``split`` is a :class:`mathdl.polynomial.BiasVarianceCurve`; a dashed line marks the degree.
    """
    parts = [t(f"{PAGE}.poly.{k}") for k in ("bias2", "variance", "noise_part", "expected_error")]
    frame = pd.DataFrame(
        {
            "degree": split.degrees,
            parts[0]: split.bias2,
            parts[1]: split.variance,
            parts[2]: split.noise,
            parts[3]: split.test_mse,
        }
    )
    palette = alt.Scale(domain=parts, range=[charts.PALETTE[1], charts.PALETTE[0], charts.NEUTRAL, charts.PALETTE[3]])
    lines = (
        _stacked(alt.Chart(frame), parts, "part", "value")
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=30, filled=True), clip=True)
        .encode(
            x=_degree_axis(int(split.degrees[-1])),
            y=_log_mse("value:Q"),
            **_lines("part", parts, palette, columns=2),
            tooltip=[
                alt.Tooltip("part:N", title=t("charts.curve")),
                alt.Tooltip("degree:Q", title=t(f"{PAGE}.poly.degree_axis")),
                alt.Tooltip("value:Q", format=".4g", title=t(f"{PAGE}.poly.mse_axis")),
            ],
        )
    )
    title = t(f"{PAGE}.poly.split_title", repeats=repeats)
    return (lines + charts.marker(degree, "degree")).properties(title=title, height=HEIGHT), frame


# --- 2. Coefficient paths ----------------------------------------------------------------------------------


@charts.figure
def coefficient_path(path, names: list[str], alpha: float, *, title: str) -> Figure:
    """Each feature's weight against α (log scale), one line per feature; a red dashed line at α.

    ``path`` is a :class:`mathdl.penalties.RegularizationPath`.
    """
    frame = pd.DataFrame({"alpha": path.alphas, **dict(zip(names, path.coefs.T, strict=True))})
    lines = (
        _stacked(alt.Chart(frame), names, "feature", "weight")
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("alpha:Q", scale=alt.Scale(type="log"), title="α", axis=alt.Axis(format="~g")),
            y=alt.Y("weight:Q", title=t(f"{PAGE}.paths.weight_axis")),
            **_lines("feature", names, alt.Scale(domain=names, scheme="tableau10"), columns=5),
            tooltip=[
                alt.Tooltip("feature:N", title=t(f"{PAGE}.paths.feature")),
                alt.Tooltip("alpha:Q", format=".3g", title="α"),
                alt.Tooltip("weight:Q", format=".3f", title=t(f"{PAGE}.paths.weight_axis")),
            ],
        )
    )
    chart = lines + charts.marker(alpha, "alpha", color=charts.PALETTE[3])
    return chart.properties(title=title, height=HEIGHT), frame


def coefficient_table(names: list[str], least, ridge, lasso, *, ridge_alpha: float, lasso_alpha: float) -> pd.DataFrame:
    """The weights of least squares, ridge and lasso, one row per feature (``names`` already translated)."""
    return pd.DataFrame(
        {
            t(f"{PAGE}.paths.feature"): names,
            t(f"{PAGE}.paths.least_squares"): least.coef,
            t(f"{PAGE}.paths.ridge_column", alpha=f"{ridge_alpha:.3g}"): ridge.coef,
            t(f"{PAGE}.paths.lasso_column", alpha=f"{lasso_alpha:.3g}"): lasso.coef,
        }
    )


# --- 3. The L1 diamond and the L2 disc ------------------------------------------------------------------------


@charts.figure
def ball(picture, c: np.ndarray, *, norm: str, axes: tuple[str, str]) -> Figure:
    """Loss contours (grey), the ball ‖w‖ ≤ t (blue), the contour that touches it (red), ŵ and w*.

    ``picture`` is a :class:`mathdl.constraints.BallPicture`. The plane is drawn square, just large
    enough for ŵ and the ball: the same square for both balls of one radius, so they compare.
    """
    scale = charts.plane_scale(1.15 * max(float(np.abs(c).max()), picture.t))
    x, y = alt.X("x:Q", scale=scale, title=axes[0]), alt.Y("y:Q", scale=scale, title=axes[1])
    ring_size = picture.contours.shape[1]
    rings = pd.DataFrame(picture.contours.reshape(-1, 2), columns=["x", "y"])
    # Only the points are sent; which ring a point is on is counted in the browser.
    in_order = (
        alt.Chart(rings)
        .transform_window(row="row_number()")
        .transform_calculate(ring=f"floor((datum.row - 1) / {ring_size})")
    )
    touching = len(picture.levels) - 1 if picture.touching else -1
    lit = f"datum.ring == {touching}"
    contours = in_order.mark_line(clip=True).encode(
        x=x,
        y=y,
        detail="ring:N",
        order="row:Q",
        color=alt.condition(lit, alt.value(charts.PALETTE[3]), alt.value(charts.NEUTRAL)),
        strokeWidth=alt.condition(lit, alt.value(2.5), alt.value(1)),
    )
    edge = pd.DataFrame(picture.ball, columns=["x", "y"])
    outline = alt.Chart(edge).transform_window(row="row_number()")
    blue = {"interpolate": "linear-closed", "color": charts.PALETTE[0], "clip": True}
    disc = outline.mark_line(filled=True, opacity=0.25, **blue).encode(x=x, y=y, order="row:Q")
    rim = outline.mark_line(strokeWidth=2.5, **blue).encode(x=x, y=y, order="row:Q")
    chart = alt.layer(contours, disc, rim, _pins(c, picture.best.w)).properties(
        title=t(f"{PAGE}.geometry.{norm}_title")
    )
    return charts.square(chart), _ball_frame(picture)


def _pins(c: np.ndarray, w: np.ndarray) -> alt.Chart:
    """The unconstrained minimum ŵ as a black cross, the constrained one w* as a red dot."""
    pins = pd.DataFrame(
        {
            "x": [c[0], w[0]],
            "y": [c[1], w[1]],
            "what": [t(f"{PAGE}.geometry.unconstrained"), t(f"{PAGE}.geometry.constrained")],
            "shape": ["cross", "circle"],
            "fill": ["black", charts.PALETTE[3]],
        }
    )
    return (
        alt.Chart(pins)
        .mark_point(size=200, filled=True, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x="x:Q",
            y="y:Q",
            shape=alt.Shape("shape:N", scale=None),
            color=alt.Color("fill:N", scale=None),
            tooltip=[
                alt.Tooltip("what:N", title=t("charts.name")),
                alt.Tooltip("x:Q", format=".3f", title="w₁"),
                alt.Tooltip("y:Q", format=".3f", title="w₂"),
            ],
        )
    )


def _ball_frame(picture) -> pd.DataFrame:
    """The picture's curves for the CSV: every contour named by its loss, then the ball's edge."""
    return pd.concat(
        [
            *(
                pd.DataFrame(ring, columns=["x", "y"]).assign(curve=f"L = {level:.4g}")
                for level, ring in zip(picture.levels, picture.contours, strict=True)
            ),
            pd.DataFrame(picture.ball, columns=["x", "y"]).assign(curve=f"‖w‖ = {picture.t:.4g}"),
        ],
        ignore_index=True,
    )


def constrained_table(pictures: dict) -> pd.DataFrame:
    """w*, its loss and the equivalent penalty α, one row per ball (``pictures`` by norm)."""
    best = {norm: p.best for norm, p in pictures.items()}
    return pd.DataFrame(
        {
            t(f"{PAGE}.geometry.ball"): [t(f"{PAGE}.geometry.{norm}") for norm in best],
            "w₁": [f"{b.w[0]:.3f}" for b in best.values()],
            "w₂": [f"{b.w[1]:.3f}" for b in best.values()],
            t(f"{PAGE}.geometry.loss"): [f"{b.loss:.4g}" for b in best.values()],
            t(f"{PAGE}.geometry.alpha"): [f"{b.alpha:.4g}" for b in best.values()],
        }
    )


# --- 4. Early stopping -----------------------------------------------------------------------------------------


@charts.figure
def training_curves(history, stop, *, epochs: int) -> Figure:
    """Training and validation loss per epoch (log scale), with dashed lines at the epoch kept and the stop.

    ``history`` is the network's :class:`mathdl.training.History`, ``stop`` a :class:`mathdl.evaluation.EarlyStop`.
    """
    kinds = [t(f"{PAGE}.network.train_loss"), t(f"{PAGE}.network.validation_loss")]
    every = slice(None, None, max(1, len(history.epoch) // MOST_EPOCHS))
    losses = pd.DataFrame(
        {"epoch": history.epoch[every], kinds[0]: history.loss[every], kinds[1]: history.validation_loss[every]}
    )
    events = {stop.best_epoch: t(f"{PAGE}.network.best", epoch=stop.best_epoch)}
    if stop.stopped:
        events[stop.stop_epoch] = t(f"{PAGE}.network.stop", epoch=stop.stop_epoch)
    domain = [*kinds, *events.values()]
    palette = alt.Scale(domain=domain, range=[*charts.PALETTE[:3], charts.NEUTRAL][: len(domain)])
    # The losses solid and dotted, the epoch kept dashed and the stop dash-dotted: one legend shows each as drawn.
    dashes = alt.Scale(domain=domain, range=[[1, 0], [2, 2], charts.DASH, [10, 3, 2, 3]][: len(domain)])
    styles = _lines("kind", domain, palette, dashes, columns=2)
    lines = (
        _stacked(alt.Chart(losses), kinds, "kind", "loss")
        .mark_line(strokeWidth=2.2)
        .encode(
            x=alt.X("epoch:Q", title=t(f"{PAGE}.network.epoch_axis"), scale=alt.Scale(domain=[0, epochs], nice=False)),
            y=alt.Y(
                "loss:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.network.loss_axis"), axis=alt.Axis(format="~g")
            ),
            **styles,
            tooltip=[
                alt.Tooltip("kind:N", title=t("charts.curve")),
                alt.Tooltip("epoch:Q", title=t(f"{PAGE}.network.epoch_axis")),
                alt.Tooltip("loss:Q", format=".4g", title=t(f"{PAGE}.network.loss_axis")),
            ],
        )
    )
    moments = pd.DataFrame({"epoch": list(events), "kind": list(events.values())})
    rules = (
        alt.Chart(moments)
        .mark_rule(strokeWidth=2)
        .encode(
            x="epoch:Q",
            **styles,
            tooltip=[alt.Tooltip("kind:N", title=t("charts.name"))],
        )
    )
    return (lines + rules).properties(title=t(f"{PAGE}.network.loss_title"), height=HEIGHT + 80), losses


@charts.figure
def network_fits(
    grid: np.ndarray, curves: dict[str, np.ndarray], train: tuple, validation: tuple, *, epochs: tuple
) -> Figure:
    """The true function (dashed), the early-stopped fit and the last epoch's, over the points.

    ``curves`` holds the values on ``grid`` under "truth", "kept" and "final"; ``train`` and
    ``validation`` are (x, y) pairs; ``epochs`` is (the epoch kept, the last epoch).
    """
    names = {
        "truth": t(f"{PAGE}.poly.truth"),
        "kept": t(f"{PAGE}.network.kept_fit", epoch=epochs[0]),
        "final": t(f"{PAGE}.network.final_fit", epoch=epochs[1]),
        "train": t(f"{PAGE}.network.train_points"),
        "validation": t(f"{PAGE}.network.validation_points"),
    }
    palette = alt.Scale(
        domain=list(names.values()),
        range=[charts.NEUTRAL, charts.PALETTE[2], charts.PALETTE[3], charts.PALETTE[1], "#AAAAAA"],
    )
    lines = [names[k] for k in ("truth", "kept", "final")]
    frame = pd.DataFrame({"x": grid, **{names[k]: curves[k] for k in ("truth", "kept", "final")}})
    fits = (
        _stacked(alt.Chart(frame), lines, "what", "y")
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=_unit_x(),
            y=_fit_y(),
            color=alt.Color("what:N", scale=palette, title=None, legend=_legend(columns=1, symbolType="stroke")),
            strokeDash=_dashed_first(lines),
        )
    )

    def dots(points: tuple, name: str, size: int, opacity: float) -> alt.Chart:
        return (
            alt.Chart(pd.DataFrame({"x": points[0], "y": points[1]}))
            .mark_circle(size=size, opacity=opacity, clip=True)
            .encode(x="x:Q", y="y:Q", color=alt.ColorDatum(names[name], type="nominal", scale=palette))
        )

    chart = dots(validation, "validation", 14, 0.5) + fits + dots(train, "train", 70, 1)
    return chart.properties(title=t(f"{PAGE}.network.fit_title", n=len(train[0])), height=HEIGHT + 80), frame


# --- 5. Cross-validation ----------------------------------------------------------------------------------------


@charts.figure
def fold_strip(folds: np.ndarray, k: int) -> Figure:
    """One row per round: the held-out fold in orange over the training rest in blue, sample by sample.

    ``folds`` gives the (0-based) fold that tests each sample; only it is sent, the sample is its row.
    """
    n = len(folds)
    roles = [t(f"{PAGE}.cv.train_role"), t(f"{PAGE}.cv.test_role")]
    palette = alt.Scale(domain=roles, range=charts.PALETTE[:2])
    fold_axis = alt.Y("fold:O", title=t(f"{PAGE}.cv.fold_axis"))
    bars = pd.DataFrame({"fold": range(1, k + 1), "start": 0, "end": n})
    background = (
        alt.Chart(bars)
        .mark_bar(height={"band": 0.8})
        .encode(
            x=alt.X("start:Q", title=t(f"{PAGE}.cv.patient_axis"), scale=alt.Scale(domain=[0, n], nice=False)),
            x2="end:Q",
            y=fold_axis,
            color=alt.ColorDatum(roles[0], type="nominal", scale=palette, title=None, legend=_legend()),
        )
    )
    membership = pd.DataFrame({"fold": folds + 1})
    cells = (
        alt.Chart(membership)
        .transform_window(row="row_number()")
        .transform_calculate(patient="datum.row - 1", after="datum.row")
        .mark_bar(height={"band": 0.8})
        .encode(
            x="patient:Q",
            x2="after:Q",
            y=fold_axis,
            color=alt.ColorDatum(roles[1], type="nominal", scale=palette),
            tooltip=[
                alt.Tooltip("fold:O", title=t(f"{PAGE}.cv.fold_axis")),
                alt.Tooltip("patient:Q", title=t(f"{PAGE}.cv.patient_axis")),
            ],
        )
    )
    title = t(f"{PAGE}.cv.strip_title", k=k, n=n)
    height = alt.Step(28 if k <= 6 else 22)
    return (background + cells).properties(title=title, height=height), membership.assign(patient=np.arange(n))


@charts.figure
def fold_errors(errors: np.ndarray, sizes: list[int], cv: float, *, alpha: float) -> Figure:
    """Each fold's test error as a bar, and their mean, the cross-validation estimate, as a dashed red line."""
    scores = pd.DataFrame({"fold": range(1, len(errors) + 1), "mse": errors, "size": sizes})
    bars = (
        alt.Chart(scores)
        .mark_bar(color=charts.PALETTE[1], opacity=0.85)
        .encode(
            x=alt.X("fold:O", title=t(f"{PAGE}.cv.fold_axis"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mse:Q", title=t(f"{PAGE}.cv.mse_axis")),
            tooltip=[
                alt.Tooltip("fold:O", title=t(f"{PAGE}.cv.fold_axis")),
                alt.Tooltip("size:Q", title=t(f"{PAGE}.cv.fold_size")),
                alt.Tooltip("mse:Q", format=".1f", title=t(f"{PAGE}.cv.mse_axis")),
            ],
        )
    )
    mean = charts.marker(cv, "CV", axis="y", color=charts.PALETTE[3], tooltip=[alt.Tooltip("CV:Q", format=".1f")])
    title = t(f"{PAGE}.cv.bars_title", alpha=f"{alpha:.3g}")
    return (bars + mean).properties(title=title, height=HEIGHT - 40), scores


@charts.figure
def cv_against_alpha(curve, alpha: float) -> Figure:
    """Each fold's error against α (thin lines) and their mean (bold), a dashed line at the reader's α.

    ``curve`` is a :class:`mathdl.evaluation.CrossValCurve`.
    """
    names = [str(i) for i in range(1, curve.errors.shape[1] + 1)]
    frame = pd.DataFrame({"alpha": curve.alphas, **dict(zip(names, curve.errors.T, strict=True)), "CV": curve.mean})
    log_alpha = alt.X("alpha:Q", scale=alt.Scale(type="log"), title="α", axis=alt.Axis(format="~g"))
    each = (
        _stacked(alt.Chart(frame), names, "fold", "mse")
        .mark_line(color=charts.PALETTE[1], strokeWidth=1, opacity=0.5)
        .encode(
            x=log_alpha,
            y=alt.Y("mse:Q", title=t(f"{PAGE}.cv.mse_axis"), scale=alt.Scale(zero=False)),
            detail="fold:N",
            tooltip=[
                alt.Tooltip("fold:O", title=t(f"{PAGE}.cv.fold_axis")),
                alt.Tooltip("mse:Q", format=".1f", title=t(f"{PAGE}.cv.mse_axis")),
            ],
        )
    )
    mean = (
        alt.Chart(frame)
        .mark_line(color=charts.PALETTE[3], strokeWidth=3)
        .encode(
            x="alpha:Q",
            y="CV:Q",
            tooltip=[alt.Tooltip("alpha:Q", format=".3g", title="α"), alt.Tooltip("CV:Q", format=".1f")],
        )
    )
    chart = each + mean + charts.marker(alpha, "alpha")
    return chart.properties(title=t(f"{PAGE}.cv.alpha_title"), height=HEIGHT - 40), frame


# --- 6. A classifier at a threshold -------------------------------------------------------------------------------


@charts.figure
def threshold_scores(curves, threshold: float) -> Figure:
    """Precision, recall and F₁ against the threshold, the highest F₁ as a green diamond, a dashed line at t.

    ``curves`` is a :class:`mathdl.classification.ThresholdCurves`.
    """
    kinds = {"precision": t(f"{PAGE}.classifier.precision"), "recall": t(f"{PAGE}.classifier.recall"), "f1": "F₁"}
    frame = pd.DataFrame({"threshold": curves.thresholds, **{kinds[k]: getattr(curves, k) for k in kinds}})
    lines = (
        _stacked(alt.Chart(frame), list(kinds.values()), "score", "value")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("threshold:Q", title=t(f"{PAGE}.classifier.threshold")),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1])),
            **_lines("score", list(kinds.values()), charts.colors(list(kinds.values()))),
            tooltip=[
                alt.Tooltip("score:N", title=t("charts.curve")),
                alt.Tooltip("threshold:Q", format=".2f", title=t(f"{PAGE}.classifier.threshold")),
                alt.Tooltip("value:Q", format=".3f", title=t("charts.value")),
            ],
        )
    )
    best = pd.DataFrame({"threshold": [curves.thresholds[curves.best]], "value": [curves.f1[curves.best]]})
    top = (
        alt.Chart(best)
        .mark_point(size=120, filled=True, opacity=1, color=charts.PALETTE[2], shape="diamond")
        .encode(
            x="threshold:Q",
            y="value:Q",
            tooltip=[
                alt.Tooltip("threshold:Q", format=".2f", title=t(f"{PAGE}.classifier.threshold")),
                alt.Tooltip("value:Q", format=".3f", title="F₁"),
            ],
        )
    )
    chart = lines + top + charts.marker(threshold, "threshold")
    return chart.properties(title=t(f"{PAGE}.classifier.scores_title"), height=HEIGHT - 40), frame


# --- 7. Learning curves -------------------------------------------------------------------------------------------


@charts.figure
def learning_curve(curve, noise_var: float, *, degree: int) -> Figure:
    """Training and validation error against the training-set size (log scale), over a dotted σ² floor.

    The mean over the folds is a line, one standard deviation a band. ``curve`` is a
    :class:`mathdl.evaluation.LearningCurve`. The y axis stops at three times the larger
    of the last validation error and σ²: a spike where the model just interpolates its m points
    leaves through the top.
    """
    kinds = [t(f"{PAGE}.learning.train"), t(f"{PAGE}.learning.validation")]
    k = curve.train_mse.shape[1]
    frame = pd.DataFrame(
        {
            "size": np.repeat(curve.sizes, k),
            "fold": np.tile(np.arange(1, k + 1), len(curve.sizes)),
            kinds[0]: curve.train_mse.ravel(),
            kinds[1]: curve.validation_mse.ravel(),
        }
    )
    top = 3 * max(float(curve.validation_mean[-1]), noise_var)
    mse = alt.Scale(domain=[0, top], nice=False)
    styles = _lines("kind", kinds, charts.colors(kinds))
    color = styles["color"]
    x = alt.X(
        "size:Q",
        scale=alt.Scale(type="log", domain=[int(curve.sizes[0]), int(curve.sizes[-1])], nice=False),
        title=t(f"{PAGE}.learning.size_axis"),
        axis=alt.Axis(format="~g"),
    )
    axis_title = t(f"{PAGE}.poly.mse_axis")
    stacked = _stacked(alt.Chart(frame), kinds, "kind", "mse")
    band = stacked.mark_errorband(extent="stdev", opacity=0.2, clip=True).encode(
        x=x, y=alt.Y("mse:Q", scale=mse, title=axis_title), color=color
    )
    line = stacked.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=36, filled=True), clip=True).encode(
        x=x,
        y=alt.Y("mean(mse):Q", scale=mse, title=axis_title),
        **styles,
        tooltip=[
            alt.Tooltip("kind:N", title=t("charts.curve")),
            alt.Tooltip("size:Q", title="m"),
            alt.Tooltip("mean(mse):Q", format=".4g", title=axis_title),
        ],
    )
    chart = band + line + _noise_floor(noise_var)
    return chart.properties(title=t(f"{PAGE}.learning.title_chart", degree=degree), height=HEIGHT), frame
