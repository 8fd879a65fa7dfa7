"""Figures of lesson 6: distributions, entropy, softmax, the losses of a logit, and a classifier's decisions.

Distributions are bars; the binary entropy, softmax against temperature and the two losses of a
logit are curves; a classifier's decisions are its confusion matrix, its risk against the
threshold and its ROC curve.

The confusion matrix and the ROC curve are drawn by lesson 10 too, which imports them from here.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts, drag
from ui.i18n import t

PAGE = "information"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def _outcomes(p: np.ndarray, **columns: object) -> pd.DataFrame:
    return pd.DataFrame({"outcome": np.arange(1, len(p) + 1), "probability": p, **columns})


def _tip(field: str, **kwargs: object) -> alt.Tooltip:
    """A tooltip entry for an outcome or its probability, titled as its axis is."""
    name = field.split(":")[0]
    return alt.Tooltip(field, title=t(f"{PAGE}.{name}"), **kwargs)


def _probability_axis(title: str | None = None) -> alt.Y:
    return alt.Y("probability:Q", title=title or t(f"{PAGE}.probability"), scale=alt.Scale(domain=[0, 1]))


@charts.figure
def distribution(p: np.ndarray, *, title: str, color: str = charts.PALETTE[0], **columns: object) -> Figure:
    """A distribution over outcomes 1 … k as bars on a fixed [0, 1] axis; ``columns`` add to the CSV."""
    frame = _outcomes(p, **columns)
    chart = (
        alt.Chart(frame)
        .mark_bar(color=color)
        .encode(
            x=alt.X("outcome:O", title=t(f"{PAGE}.outcome"), axis=alt.Axis(labelAngle=0)),
            y=_probability_axis(),
            tooltip=[_tip("outcome:O"), _tip("probability:Q", format=".3f")],
        )
    )
    return chart.properties(title=title, height=260), frame


@charts.figure
def binary_entropy(grid: np.ndarray, curve: np.ndarray, coin: float, h_coin: float) -> Figure:
    """The binary entropy H(p) against p, with the reader's coin as a red dot on the curve."""
    frame = pd.DataFrame({"p": grid, "H": curve})
    line = (
        alt.Chart(frame)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(x=alt.X("p:Q", title=t(f"{PAGE}.entropy.p_axis")), y=alt.Y("H:Q", title=t(f"{PAGE}.entropy.h_axis")))
    )
    point = (
        alt.Chart(pd.DataFrame({"p": [coin], "H": [h_coin]}))
        .mark_point(size=160, filled=True, color=charts.PALETTE[3])
        .encode(x="p:Q", y="H:Q", tooltip=[alt.Tooltip("H:Q", format=".4f")])
    )
    return (line + point).properties(title=t(f"{PAGE}.entropy.binary_title"), height=260), frame


@charts.figure
def two_distributions(p: np.ndarray, q: np.ndarray) -> Figure:
    """p and q side by side, outcome by outcome, in two palette colours: p solid, q hollow, so not by colour alone."""
    frame = pd.concat([_outcomes(p, distribution="p"), _outcomes(q, distribution="q")])
    names = ["p", "q"]
    palette = charts.colors(names)
    chart = (
        alt.Chart(frame)
        .mark_bar(strokeWidth=1.5)
        .encode(
            x=alt.X("outcome:O", title=t(f"{PAGE}.outcome"), axis=alt.Axis(labelAngle=0)),
            xOffset="distribution:N",
            y=_probability_axis(),
            color=alt.Color("distribution:N", scale=palette, title=None, legend=charts.bottom_legend()),
            stroke=alt.Stroke("distribution:N", scale=palette, legend=None),
            fillOpacity=alt.FillOpacity(  # the title says which is which: Vega's legend draws both swatches solid
                "distribution:N", scale=alt.Scale(domain=names, range=[1.0, 0.2]), legend=None
            ),
            tooltip=[
                alt.Tooltip("distribution:N", title=t(f"{PAGE}.kl.distribution")),
                _tip("outcome:O"),
                _tip("probability:Q", format=".3f"),
            ],
        )
    )
    return chart.properties(title=t(f"{PAGE}.kl.bars_title"), height=280), frame


@charts.figure
def softmax_sweep(temperatures: np.ndarray, sweep: np.ndarray, temperature: float) -> Figure:
    """Each outcome's softmax probability against the temperature (log scale); a dashed marker at T.

    ``sweep`` is (T, k): row t holds the probabilities at ``temperatures[t]``.
    """
    T, k = sweep.shape
    frame = pd.DataFrame(
        {"T": np.repeat(temperatures, k), "outcome": np.tile(np.arange(1, k + 1), T), "probability": sweep.ravel()}
    )
    legend = charts.dash_legend(orient="right")
    lines = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("T:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.softmax.t_axis")),
            y=_probability_axis(),
            color=alt.Color("outcome:N", scale=alt.Scale(range=charts.PALETTE), title=None, legend=legend),
            strokeDash=alt.StrokeDash("outcome:N", scale=alt.Scale(range=charts.DASHES), title=None, legend=legend),
        )
    )
    chart = lines + charts.marker(temperature, "T")
    return chart.properties(title=t(f"{PAGE}.softmax.sweep_title"), height=300), frame


@charts.figure
def logit_losses(z: np.ndarray, curves, z0: float, here, y: int) -> tuple[list[alt.LayerChart], pd.DataFrame]:
    """Cross-entropy and squared error against the logit, then their slopes: two charts, each with dots at z0.

    ``curves`` and ``here`` are :class:`mathdl.information.LogitLosses` on the grid ``z`` and at ``z0``.
    """
    ce, se = t(f"{PAGE}.losses.ce"), t(f"{PAGE}.losses.se")
    frame = pd.concat(
        [
            pd.DataFrame({"z": z, "loss": curves.cross_entropy, "gradient": curves.cross_entropy_grad, "curve": ce}),
            pd.DataFrame({"z": z, "loss": curves.squared_error, "gradient": curves.squared_error_grad, "curve": se}),
        ]
    )
    points = pd.DataFrame(
        {
            "z": [z0, z0],
            "loss": [float(here.cross_entropy), float(here.squared_error)],
            "gradient": [float(here.cross_entropy_grad), float(here.squared_error_grad)],
            "curve": [ce, se],
        }
    )
    legend = charts.dash_legend(columns=1, labelLimit=300)  # side by side, a phone cuts the squared error
    color = alt.Color("curve:N", scale=charts.colors([ce, se]), title=None, legend=legend)
    dash = alt.StrokeDash("curve:N", scale=charts.dashes([ce, se]), title=None, legend=legend)
    built = []
    for field, title in (("loss", "loss_title"), ("gradient", "grad_title")):
        line = (
            alt.Chart(frame)
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X("z:Q", title=t(f"{PAGE}.losses.z_axis")),
                y=alt.Y(f"{field}:Q", title=t(f"{PAGE}.losses.{field}")),
                color=color,
                strokeDash=dash,
            )
        )
        dots = (
            alt.Chart(points)
            .mark_point(size=140, filled=True, opacity=1)
            .encode(
                x="z:Q",
                y=f"{field}:Q",
                color=color,
                tooltip=[
                    alt.Tooltip("curve:N", title=t("charts.curve")),
                    alt.Tooltip(f"{field}:Q", format=".4g", title=t(f"{PAGE}.losses.{field}")),
                ],
            )
        )
        built.append((line + dots).properties(title=t(f"{PAGE}.losses.{title}", y=y), height=280))
    return built, frame


@charts.figure
def risk_curve(grid: np.ndarray, risk: np.ndarray, threshold: float, best: float, optimal: float) -> Figure:
    """The expected risk against the threshold, with markers at three thresholds, each dashed its own way.

    The reader's, the one of lowest risk on the test set, and the Bayes-optimal one (drawn last:
    it often hides the other).
    """
    frame = pd.DataFrame({"threshold": grid, "risk": risk})
    line = (
        alt.Chart(frame)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(
            x=alt.X("threshold:Q", title=t(f"{PAGE}.decision.threshold")),
            y=alt.Y("risk:Q", title=t(f"{PAGE}.decision.risk")),
        )
    )
    names = [t(f"{PAGE}.decision.{k}") for k in ("current", "bayes", "best")]
    marks = pd.DataFrame({"threshold": [threshold, best, optimal], "which": [names[0], names[2], names[1]]})
    legend = charts.dash_legend(columns=1, labelLimit=300)  # one a row: three side by side clip on a phone
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeWidth=2)
        .encode(
            x="threshold:Q",
            color=alt.Color(
                "which:N",
                scale=alt.Scale(domain=names, range=[charts.NEUTRAL, charts.PALETTE[3], charts.PALETTE[2]]),
                title=None,
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "which:N", scale=alt.Scale(domain=names, range=charts.DASHES[1:4]), title=None, legend=legend
            ),
            tooltip=[
                alt.Tooltip("which:N", title=t("charts.name")),
                alt.Tooltip("threshold:Q", format=".2f", title=t(f"{PAGE}.decision.threshold")),
            ],
        )
    )
    return (line + rules).properties(title=t(f"{PAGE}.decision.risk_title"), height=320), frame


HISTOGRAM_CAP = 25  # cases: taller bars are cut here and labelled with their count, so the few in between show


def threshold_plane(edges: np.ndarray, counts: np.ndarray, threshold: float) -> tuple[drag.Picture, pd.DataFrame]:
    """The scores of the benign (blue) and malignant (red) tumours, each bin's two bars side by side, and t.

    ``edges`` (bins + 1,) and ``counts`` (2, bins) are :func:`mathdl.decisions.score_histograms`'. The
    threshold is a vertical line the reader drags (:mod:`ui.drag`): right of it every case is called
    malignant. Bars above HISTOGRAM_CAP are cut and carry their count.
    """
    names = [t(f"{PAGE}.decision.benign"), t(f"{PAGE}.decision.malignant")]
    colors = [charts.PALETTE[0], charts.PALETTE[3]]
    top = min(int(counts.max()), HISTOGRAM_CAP) * 1.15
    left, right, middle = edges[:-1], edges[1:], (edges[:-1] + edges[1:]) / 2
    shapes = []
    for c, (name, color) in enumerate(zip(names, colors, strict=True)):
        a, b = (left, middle) if c == 0 else (middle, right)
        shapes.append(drag.shape("bars", name, np.column_stack([a, b, counts[c]]), color, opacity=0.85))
        where = (0.12, top) if c == 0 else (0.88, top)
        shapes.append(drag.shape("text", f"legend{c}", where, color, label=name, dy=16, anchor="middle"))
        for b_, (x, n) in enumerate(zip((a + b) / 2, counts[c], strict=True)):
            if n > HISTOGRAM_CAP:
                shapes.append(
                    drag.shape("text", f"cut{c}_{b_}", (x, HISTOGRAM_CAP), color, label=str(n), anchor="middle", dy=-2)
                )
    handle = drag.Handle(
        "t",
        (float(threshold), 0.8 * top),
        "currentColor",  # the theme's text colour, dark or light
        bounds=((0.0, 1.0), (0.0, top)),
        kind="vline",
        constrain="x",
        step=0.01,
        label=f"t = {threshold:.2f}",
        aria=t(f"{PAGE}.decision.threshold_aria"),
    )
    view = drag.View(
        (0.0, 1.0),
        (0.0, top),
        equal=False,
        origin=False,
        height=200,
        xlabel=t(f"{PAGE}.decision.score"),
        ylabel=t(f"{PAGE}.decision.cases"),
    )
    picture = drag.Picture(view, shapes, [handle], aria=t(f"{PAGE}.decision.scores_aria"))
    data = pd.DataFrame({"from": left, "to": right, names[0]: counts[0], names[1]: counts[1]})
    return picture, data
