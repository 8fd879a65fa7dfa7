"""Figures of lesson 8: gradient descent, optimisers on loss surfaces, mini-batches and schedules.

Steps on a parabola and the shrink factor against the learning rate; the paths of several
optimisers over a loss surface drawn as a picture in bands, and their losses; a cloud of
mini-batch gradients and their noise against the batch size; learning rates and losses of a
training with a schedule. Loss curves are :func:`ui.charts.log_lines`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mathdl import minibatch, surfaces
from mathdl.optim import Path
from ui import charts
from ui.i18n import t

PAGE = "optimisation"
HEIGHT = 380
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def _dot(data: pd.DataFrame, x: str, y: str, *, size: int = 160, shape: str = "circle") -> alt.Chart:
    """A large filled point in the accent colour: where the reader's setting puts us."""
    return (
        alt.Chart(data)
        .mark_point(size=size, shape=shape, filled=True, opacity=1, color=charts.PALETTE[3])
        .encode(x=f"{x}:Q", y=f"{y}:Q")
    )


# --- one dimension ----------------------------------------------------------------------------------


@charts.figure
def descent_1d(
    x: np.ndarray, loss: np.ndarray, steps: np.ndarray, heights: np.ndarray, *, current: bool = False
) -> Figure:
    """The parabola (grey) over ``x`` and the iterates x_k on it, joined in order of the step.

    The first iterates are named x₀, x₁, … (see :func:`step_labels`), so the order of a walk that
    jumps from side to side can be read. ``steps`` are the iterates x_k and ``heights`` the loss
    there; the data is the iterates. ``current`` rings the last of them: the step a stepping
    picture has reached.
    """
    scale_y = alt.Scale(domain=[0, float(loss.max())], nice=False)
    bowl = (
        alt.Chart(pd.DataFrame({"x": x, "loss": loss}))
        .mark_line(color=charts.NEUTRAL, strokeWidth=2)
        .encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[float(x[0]), float(x[-1])], nice=False), title="x"),
            y=alt.Y("loss:Q", scale=scale_y, title="L(x)"),
        )
    )
    iterates = pd.DataFrame({"step": np.arange(len(steps)), "x": steps, "loss": heights})
    walk = (
        alt.Chart(iterates)
        .mark_line(
            color=charts.PALETTE[3],
            strokeWidth=1.5,
            clip=True,
            point=alt.OverlayMarkDef(size=60, filled=True, color=charts.PALETTE[3]),
        )
        .encode(
            x="x:Q",
            y=alt.Y("loss:Q", scale=scale_y),
            order="step:Q",
            tooltip=[
                alt.Tooltip("step:Q", title=t(f"{PAGE}.surfaces.step_axis")),
                alt.Tooltip("x:Q", format=".4g"),
                alt.Tooltip("loss:Q", format=".4g", title="L(x)"),
            ],
        )
    )
    named = step_labels(iterates, window=float(x[-1]))
    labels = (
        alt.Chart(named)
        .mark_text(dy=-13, fontSize=13, fontWeight="bold", color=charts.TEXT)
        .encode(x="x:Q", y=alt.Y("loss:Q", scale=scale_y), text="label:N")
    )
    layers = [bowl, walk, labels]
    if current:
        ring = alt.Chart(iterates.tail(1)).mark_point(size=420, strokeWidth=3, color=charts.PALETTE[3], clip=True)
        layers.append(ring.encode(x="x:Q", y=alt.Y("loss:Q", scale=scale_y)))
    return alt.layer(*layers).properties(title=t(f"{PAGE}.one_d.walk_title"), height=HEIGHT), iterates


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def step_labels(iterates: pd.DataFrame, *, window: float, most: int = 5, gap: float = 0.8) -> pd.DataFrame:
    """The iterates to name x₀, x₁, …: in the order of the steps, inside the window |x| ≤ ``window``.

    Each is at least ``gap`` (in x) from those named before it, so no two names overlap, and at
    most ``most`` are named: the first steps, which show where the walk goes.
    """
    chosen: list[int] = []
    for k, value in enumerate(iterates.x):
        if len(chosen) == most or abs(value) > window:
            break
        if all(abs(value - iterates.x.iloc[c]) >= gap for c in chosen):
            chosen.append(k)
    named = iterates.iloc[chosen].copy()
    named["label"] = [f"x{str(k).translate(SUBSCRIPTS)}" for k in named.step]
    return named


@charts.figure
def contraction(rates: np.ndarray, factor: np.ndarray, lr: float, stable: surfaces.Stability) -> Figure:
    """|1 − ηa| against η, the rates 1/a and 2/a as dashed markers, the level 1, and a dot at the η chosen.

    a is the parabola's curvature (the loss is L, so the curvature is not).
    """
    data = pd.DataFrame({"lr": rates, "factor": factor})
    line = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(
            x=alt.X("lr:Q", title=t(f"{PAGE}.one_d.lr")),
            y=alt.Y(
                "factor:Q",
                title=t(f"{PAGE}.one_d.factor_axis"),
                scale=alt.Scale(domain=[0, 3], nice=False),
                axis=alt.Axis(tickCount=4),
            ),
        )
    )
    bounds = {"1/a": stable.ideal, "2/a": stable.bound}
    rules = [
        charts.marker(value, "lr", color=charts.PALETTE[3], tooltip=[alt.Tooltip("lr:Q", format=".3g", title=name)])
        for name, value in bounds.items()
    ]
    labels = (
        alt.Chart(pd.DataFrame({"lr": list(bounds.values()), "bound": list(bounds)}))
        .mark_text(align="left", dx=4, dy=-6, color=charts.TEXT, fontWeight="bold")
        .encode(x="lr:Q", y=alt.datum(2.8), text="bound:N")
    )
    one = (
        alt.Chart(pd.DataFrame({"factor": [1.0]}))
        .mark_rule(color=charts.NEUTRAL, strokeDash=[2, 2])
        .encode(y="factor:Q")
    )
    here = _dot(pd.DataFrame({"lr": [lr], "factor": [stable.contraction]}), "lr", "factor")
    chart = alt.layer(line, one, *rules, labels, here)
    return chart.properties(title=t(f"{PAGE}.one_d.factor_title"), height=HEIGHT), data


# --- two dimensions ---------------------------------------------------------------------------------


def _scale(extent: tuple[float, ...], axis: int) -> alt.Scale:
    return alt.Scale(domain=[float(v) for v in extent[2 * axis : 2 * axis + 2]], nice=False, zero=False)


def optimizer_names(paths: dict[str, Path]) -> dict[str, str]:
    """Each optimiser's name in the reader's language, with the step it diverged at if it did."""
    names = {n: t(f"{PAGE}.optimizers.{n}") for n in paths}
    return {
        n: names[n]
        if path.diverged_at is None
        else t(f"{PAGE}.surfaces.diverged_label", name=names[n], step=path.diverged_at)
        for n, path in paths.items()
    }


TRACKS, PINS = "tracks", "pins"  # the names of the map's tables: the paths, and the start and the minimum


def surface_map(
    s: surfaces.Surface, grid: tuple[np.ndarray, np.ndarray, np.ndarray], paths: dict[str, Path], shown: list[str]
) -> tuple[alt.TopLevelMixin, dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """The surface as a picture in bands of L − L*, with the paths of the ``shown`` optimisers over it.

    Drawn to scale (a unit of x as long as a unit of y), so a step of gradient descent crosses the
    contours at right angles, as it does on paper. The start is a dot and the minimum a cross. The
    paths' colours match :func:`surface_losses`, whose legend names them.

    A live figure (:func:`ui.charts.draw_live`): the chart is made once for the surface and the
    optimisers' names, so a click that moves the start, or a step of the race, sends only its tables:
    the paths (``TRACKS``, thinned to 150 points each) and the pins (``PINS``). Returns the chart, its
    tables, and the paths and the grid for two downloads.
    """
    names = optimizer_names(paths)
    tracks = pd.DataFrame(
        [
            {"step": k, "x": paths[n].points[k, 0], "y": paths[n].points[k, 1], "optimizer": names[n]}
            for n in shown
            for k in charts.sample(len(paths[n].points), 150)
        ],
        columns=["step", "x", "y", "optimizer"],
    )
    pins = pd.DataFrame(
        {
            "x": [s.start[0], s.minimum[0]],
            "y": [s.start[1], s.minimum[1]],
            "what": [t(f"{PAGE}.surfaces.start"), t(f"{PAGE}.surfaces.minimum")],
            "shape": ["circle", "cross"],
        }
    )
    chart, frame = _surface_chart(s.name, tuple(s.extent), grid, list(names.values()))
    return chart, {TRACKS: tracks, PINS: pins}, tracks, frame


@charts.figure
def _surface_chart(
    name: str, extent: tuple[float, ...], grid: tuple[np.ndarray, np.ndarray, np.ndarray], names: list[str]
) -> tuple[alt.TopLevelMixin, pd.DataFrame]:
    """The map of the surface ``name`` over its window, on the tables ``TRACKS`` and ``PINS``; and the grid's frame."""
    x, y, gap = grid
    x_scale, y_scale = _scale(extent, 0), _scale(extent, 1)
    contours, frame = charts.filled_contours(x, y, gap, x_scale=x_scale, y_scale=y_scale)
    title = t(f"{PAGE}.surfaces.map_title", surface=t(f"{PAGE}.surface_names.{name}"))
    chart = (contours + _picker(x, y) + _tracks(names) + _pins()).properties(title=title)
    return charts.to_scale(chart, x_scale, y_scale), frame


PICK = "start"  # the name of the map's click selection: the point every optimiser starts from
PICK_EVERY = 3  # grid points between two that a click can pick: 40 × 40 of the 120 × 120 grid


def _picker(x: np.ndarray, y: np.ndarray) -> alt.Chart:
    """Invisible points over the map; a click anywhere picks the nearest one as the start (selection ``PICK``).

    The surface is one image, whose click would name the image and not a place on it; these points do.
    """
    gx, gy = np.meshgrid(x[::PICK_EVERY], y[::PICK_EVERY])
    points = pd.DataFrame({"x": gx.ravel(), "y": gy.ravel()})
    click = alt.selection_point(name=PICK, on="click", nearest=True, fields=["x", "y"], clear=False)
    return alt.Chart(points).mark_circle(size=20, opacity=0).encode(x="x:Q", y="y:Q").add_params(click)


def _tracks(names: list[str]) -> alt.Chart:
    """The paths (table ``TRACKS``) with dots, coloured and dashed as the loss chart's legend names them."""
    palette = alt.Scale(domain=names, range=charts.PALETTE[: len(names)])
    return (
        alt.Chart(alt.NamedData(TRACKS))
        .mark_line(strokeWidth=2.5, clip=True, point=alt.OverlayMarkDef(size=14, filled=True))
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.Color("optimizer:N", scale=palette, legend=None),
            strokeDash=alt.StrokeDash("optimizer:N", scale=charts.dashes(names), legend=None),
            order="step:Q",
            tooltip=[
                alt.Tooltip("optimizer:N", title=t(f"{PAGE}.surfaces.optimizer")),
                alt.Tooltip("step:Q", title=t(f"{PAGE}.surfaces.step_axis")),
            ],
        )
    )


def _pins() -> alt.Chart:
    """The start (a dot) and the minimum (a cross) of the table ``PINS``, black with a white edge on any band."""
    return (
        alt.Chart(alt.NamedData(PINS))
        .mark_point(size=220, filled=True, opacity=1, color="black", stroke="white", strokeWidth=1.5)
        .encode(
            x="x:Q",
            y="y:Q",
            shape=alt.Shape("shape:N", scale=None),
            tooltip=[alt.Tooltip("what:N", title=t("charts.name"))],
        )
    )


@charts.figure
def surface_losses(gaps: dict[str, np.ndarray], paths: dict[str, Path], shown: list[str], steps: int) -> Figure:
    """L − L* against the step for the ``shown`` optimisers, on a log axis, named in a legend below.

    The axis runs from the lowest loss reached to ten times the start's: a diverging run leaves
    through the top.
    """
    names = optimizer_names(paths)
    data = pd.DataFrame(
        [
            {"step": k, "gap": gaps[n][k], "optimizer": names[n]}
            for n in shown
            for k in charts.sample(len(gaps[n]), 300)
        ],
        columns=["step", "gap", "optimizer"],
    )
    top = 10 * float(next(iter(gaps.values()))[0])  # every path starts at the same point
    bottom = max(float(data.gap.min()), 1e-16) if len(data) else 1e-16
    chart = charts.log_lines(
        data,
        x="step",
        y="gap",
        series="optimizer",
        names=list(names.values()),
        x_title=t(f"{PAGE}.surfaces.step_axis"),
        y_title="L − L*",
        x_scale=alt.Scale(domain=[0, steps]),
        y_domain=[bottom, top],
        points=False,
        legend={"columns": 2, "labelLimit": 300},
        series_title=t(f"{PAGE}.surfaces.optimizer"),
    )
    return chart.properties(title=t(f"{PAGE}.surfaces.loss_title"), height=480), data


def standings(table: surfaces.Standings, paths: dict[str, Path], shown: list[str]) -> pd.DataFrame:
    """Where each shown optimiser ended, as a table: L − L*, the distance to the minimum and its status."""
    ran = {n: paths[n].diverged_at is None for n in shown}
    return pd.DataFrame(
        {
            t(f"{PAGE}.surfaces.optimizer"): [t(f"{PAGE}.optimizers.{n}") for n in shown],
            "L − L*": [f"{table.gap[n]:.3e}" if ran[n] else "—" for n in shown],
            t(f"{PAGE}.surfaces.distance"): [f"{table.distance[n]:.3e}" if ran[n] else "—" for n in shown],
            t(f"{PAGE}.surfaces.status"): [
                t(f"{PAGE}.surfaces.ok") if ran[n] else t(f"{PAGE}.surfaces.diverged_at", step=paths[n].diverged_at)
                for n in shown
            ],
        }
    )


# --- mini-batches -------------------------------------------------------------------------------------


@charts.figure
def gradient_cloud(
    draws: np.ndarray, full: np.ndarray, batch: int, features: tuple[int, int], names: list[str]
) -> Figure:
    """Mini-batch gradients of ``batch`` rows in two coordinates, and the full-batch gradient as a cross.

    ``features`` index the two coordinates and ``names`` the features by index. Drawn to scale, so
    the cloud's spread in each direction and the gradient's direction are seen as they are; show it
    with ``width="content"``.
    """
    i, j = features
    data = pd.DataFrame({"g1": draws[:, i], "g2": draws[:, j]})
    scale = alt.Scale(domain=[-6, 2], nice=False)
    dots = (
        alt.Chart(data)
        .mark_circle(size=22, opacity=0.5, color=charts.PALETTE[0], clip=True)
        .encode(
            x=alt.X("g1:Q", title=t(f"{PAGE}.minibatch.g_axis", feature=names[i]), scale=scale),
            y=alt.Y("g2:Q", title=t(f"{PAGE}.minibatch.g_axis", feature=names[j]), scale=scale),
        )
    )
    truth = _dot(pd.DataFrame({"g1": [full[i]], "g2": [full[j]]}), "g1", "g2", size=260, shape="cross")
    title = t(f"{PAGE}.minibatch.cloud_title", draws=len(draws), batch=batch)
    return charts.to_scale((dots + truth).properties(title=title), scale, scale), data


@charts.figure
def gradient_noise(curve: minibatch.NoiseCurve, batch: int) -> Figure:
    """The formula's noise against B (line), the noise measured (dots), and a dashed marker at the B chosen."""
    kinds = {"theory": t(f"{PAGE}.minibatch.theory"), "measured": t(f"{PAGE}.minibatch.measured")}
    theory = pd.DataFrame({"batch": curve.sizes, "noise": curve.theory, "kind": kinds["theory"]})
    measured = pd.DataFrame({"batch": curve.tried, "noise": curve.measured, "kind": kinds["measured"]})
    line = charts.log_lines(
        theory,
        x="batch",
        y="noise",
        series="kind",
        names=list(kinds.values()),
        x_title=t(f"{PAGE}.minibatch.batch"),
        y_title="E‖ĝ − ∇L‖²",
        points=False,
        legend={"labelLimit": 320},
        dashed=False,  # one line, the formula: the measured noise is dots
    )
    dots = (
        alt.Chart(measured[measured.noise > 0])
        .mark_point(size=80, filled=True, opacity=1)
        .encode(
            x="batch:Q",
            y="noise:Q",
            color=alt.Color("kind:N", scale=charts.colors(list(kinds.values()))),
            tooltip=[
                alt.Tooltip("batch:Q", title=t(f"{PAGE}.minibatch.batch")),
                alt.Tooltip("noise:Q", format=".3g", title="E‖ĝ − ∇L‖²"),
            ],
        )
    )
    data = theory.drop(columns="kind").merge(
        measured.drop(columns="kind"), on="batch", how="left", suffixes=("_theory", "_measured")
    )
    chart = line + dots + charts.marker(batch, "batch")
    return chart.properties(title=t(f"{PAGE}.minibatch.noise_title"), height=HEIGHT), data


# --- schedules ----------------------------------------------------------------------------------------


def _runs_frame(runs: dict[str, minibatch.Training], field: str, labels: dict[str, str], first: int) -> pd.DataFrame:
    """One run's ``field`` (the rate or the loss) at most 300 steps, numbered from ``first``."""
    return pd.DataFrame(
        [
            {"step": k + first, field: getattr(run, field)[k], "schedule": labels[n]}
            for n, run in runs.items()
            for k in charts.sample(len(getattr(run, field)), 300)
        ],
        columns=["step", field, "schedule"],
    )


@charts.figure
def schedule_rates(runs: dict[str, minibatch.Training], labels: dict[str, str]) -> Figure:
    """The learning rate at each step of each run."""
    data = _runs_frame(runs, "lr", labels, 0)
    names, legend = list(labels.values()), charts.dash_legend()
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("step:Q", title=t(f"{PAGE}.schedules.step_axis")),
            y=alt.Y("lr:Q", title="η"),
            color=alt.Color("schedule:N", scale=charts.colors(names), title=None, legend=legend),
            strokeDash=alt.StrokeDash("schedule:N", scale=charts.dashes(names), title=None, legend=legend),
        )
    )
    return chart.properties(title=t(f"{PAGE}.schedules.lr_title"), height=HEIGHT), data


@charts.figure
def schedule_losses(runs: dict[str, minibatch.Training], labels: dict[str, str], floor: float, n: int) -> Figure:
    """The loss on all ``n`` examples after each step of each run (log axis), and the least-squares floor L* dashed."""
    data = _runs_frame(runs, "loss", labels, 1)
    lines = charts.log_lines(
        data,
        x="step",
        y="loss",
        series="schedule",
        names=list(labels.values()),
        x_title=t(f"{PAGE}.schedules.step_axis"),
        y_title=t(f"{PAGE}.schedules.loss_axis"),
        x_scale=alt.Scale(),
        y_format=None,
        points=False,
        series_title=t(f"{PAGE}.schedules.schedule"),
    )
    best = charts.marker(floor, "loss", axis="y", tooltip=[alt.Tooltip("loss:Q", format=".5f", title="L*")])
    return (lines + best).properties(title=t(f"{PAGE}.schedules.loss_title", n=n), height=HEIGHT), data
