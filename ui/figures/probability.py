"""Figures of lesson 4: densities over histograms, the limit theorems, likelihoods, Bayes, layer variances."""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "probability"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def _y_limit(density: np.ndarray, heights: np.ndarray) -> float:
    """A y range that shows the shape: a beta density with α < 1 is infinite at 0."""
    finite, tallest_bar = density[np.isfinite(density)], heights.max(initial=0.0)
    if not len(finite):
        return float(tallest_bar * 1.05) or 1.0
    typical = max(np.quantile(finite, 0.9), tallest_bar)
    return float(max(min(finite.max(), 1.6 * typical), tallest_bar) * 1.05) or 1.0


@charts.figure
def density_over_histogram(
    bars: Sequence[np.ndarray],
    x: np.ndarray,
    density: np.ndarray,
    *,
    x_title: str,
    y_title: str,
    discrete: bool = False,
    color: str = charts.PALETTE[0],
) -> Figure:
    """A sample's histogram (grey bars) under a density: stems for a PMF, a curve for a PDF.

    ``bars`` are the (left, right, height) arrays of :func:`mathdl.sampling.histogram`, on the scale
    of the density; ``x`` and ``density`` the formula's points. A discrete variable has no values
    between its points, so its PMF is drawn as stems, not as a line. The y axis stops short of an
    infinite density (a beta with α < 1 at 0). A mark other lessons may share: a sample against
    the distribution it came from.
    """
    left, right, height = (np.asarray(a, dtype=float) for a in bars)
    histogram = pd.DataFrame({"left": left, "right": right, "height": height})
    curve = pd.DataFrame({"x": x, "density": density})
    y_scale = alt.Scale(domain=[0, _y_limit(np.asarray(density, dtype=float), height)])
    rects = (
        alt.Chart(histogram)
        .mark_rect(color=charts.NEUTRAL, opacity=0.45, clip=True)
        .encode(
            x=alt.X("left:Q", title=x_title),
            x2="right:Q",
            y=alt.Y("height:Q", scale=y_scale, title=y_title),
            y2=alt.datum(0),
            tooltip=[alt.Tooltip("height:Q", format=".4f", title=y_title)],
        )
    )
    base = alt.Chart(curve).encode(
        x="x:Q",
        y=alt.Y("density:Q", scale=y_scale),
        tooltip=[alt.Tooltip("x:Q", format=".4g"), alt.Tooltip("density:Q", format=".4f", title=y_title)],
    )
    if discrete:
        marks = [
            base.mark_rule(color=color, strokeWidth=2, clip=True),
            base.mark_circle(color=color, size=45, opacity=1, clip=True),
        ]
    else:
        marks = [base.mark_line(color=color, strokeWidth=2.5, clip=True)]
    return alt.layer(rects, *marks), pd.concat([curve, histogram])


@charts.figure
def distribution(bars: Sequence[np.ndarray], x: np.ndarray, density: np.ndarray, *, discrete: bool, n: int) -> Figure:
    """The explorer's left panel: the PMF or PDF over a histogram of n draws."""
    kind = "pmf" if discrete else "pdf"
    chart, data = density_over_histogram(
        bars, x, density, x_title="x", y_title=t(f"{PAGE}.explorer.{kind}"), discrete=discrete
    )
    return chart.properties(title=t(f"{PAGE}.explorer.density_title", kind=kind.upper(), n=n), height=300), data


@charts.figure
def cdf(x: np.ndarray, formula: np.ndarray, sample: np.ndarray, *, discrete: bool) -> Figure:
    """The CDF F(x) from the formula (solid) and the sample's empirical CDF (dashed); steps for a discrete variable."""
    names = [t(f"{PAGE}.explorer.formula"), t(f"{PAGE}.explorer.sample")]
    data = pd.concat(
        [pd.DataFrame({"x": x, "F": F, "curve": name}) for F, name in zip((formula, sample), names, strict=True)]
    )
    chart = (
        alt.Chart(data)
        .mark_line(interpolate="step-after" if discrete else "linear", strokeWidth=2)
        .encode(
            x=alt.X("x:Q"),
            y=alt.Y("F:Q", title="F(x) = P(X ≤ x)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("curve:N", scale=charts.colors(names), title=None, legend=charts.bottom_legend()),
            strokeDash=alt.StrokeDash("curve:N", scale=alt.Scale(domain=names, range=[[1, 0], [5, 3]]), legend=None),
        )
    )
    return chart.properties(title=t(f"{PAGE}.explorer.cdf_title"), height=300), data


@charts.figure
def running_mean(running: np.ndarray, low: np.ndarray, high: np.ndarray, mu: float) -> Figure:
    """The running mean on a log axis of k, inside its band μ ± 2σ/√k, with μ dashed.

    At most 400 values of k are drawn, dense at the start where the mean moves most.
    """
    k = charts.sample(len(running), 400, log=True)
    data = pd.DataFrame({"k": k + 1, "mean": running[k], "low": low[k], "high": high[k]})
    axis_x = alt.X("k:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.limits.k"))
    band = alt.Chart(data).mark_area(opacity=0.18, color=charts.PALETTE[0]).encode(x=axis_x, y="low:Q", y2="high:Q")
    line = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[0])
        .encode(
            x=axis_x,
            y=alt.Y("mean:Q", title=t(f"{PAGE}.limits.running")),
            tooltip=["k:Q", alt.Tooltip("mean:Q", format=".4f", title=t(f"{PAGE}.limits.running"))],
        )
    )
    mean = charts.marker(mu, "mu", axis="y", color=charts.PALETTE[3])
    return (band + line + mean).properties(title=t(f"{PAGE}.limits.lln_title"), height=300), data


@charts.figure
def sample_means(bars: Sequence[np.ndarray], x: np.ndarray, density: np.ndarray, *, n: int, repeats: int) -> Figure:
    """The histogram of ``repeats`` means of n draws under the normal curve the CLT predicts."""
    chart, data = density_over_histogram(
        bars,
        x,
        density,
        x_title=t(f"{PAGE}.limits.mean_axis", n=n),
        y_title=t(f"{PAGE}.explorer.pdf"),
        color=charts.PALETTE[1],
    )
    return chart.properties(title=t(f"{PAGE}.limits.clt_title", repeats=repeats, n=n), height=300), data


@charts.figure
def normal_fit(bars: Sequence[np.ndarray], x: np.ndarray, fitted: np.ndarray) -> Figure:
    """The sample's histogram and the fitted normal N(μ̂, σ̂²) (none when σ̂ = 0: pass empty arrays)."""
    chart, data = density_over_histogram(
        bars, x, fitted, x_title="x", y_title=t(f"{PAGE}.explorer.pdf"), color=charts.PALETTE[1]
    )
    return chart.properties(title=t(f"{PAGE}.mle.fit_title"), height=280), data


@charts.figure
def flips(n: int, k: int) -> Figure:
    """Two bars: the zeros and the ones among n draws of a Bernoulli, k of them ones."""
    data = pd.DataFrame({"x": [0, 1], "count": [n - k, k]})
    chart = (
        alt.Chart(data)
        .mark_bar(color=charts.NEUTRAL, size=40)
        .encode(
            x=alt.X("x:O", title=t(f"{PAGE}.mle.outcome"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=t(f"{PAGE}.mle.count")),
            tooltip=["x:O", alt.Tooltip("count:Q", title=t(f"{PAGE}.mle.count"))],
        )
    )
    return chart.properties(title=t(f"{PAGE}.mle.flips_title", k=k, n=n), height=280), data


@charts.figure
def log_likelihood(theta: np.ndarray, loglik: np.ndarray, best: float, *, symbol: str) -> Figure:
    """The log-likelihood against the parameter, its maximum dashed; −∞ (an impossible outcome) is left out."""
    finite = np.isfinite(loglik)
    data = pd.DataFrame({"theta": theta[finite], "loglik": loglik[finite]})
    curve = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(
            x=alt.X("theta:Q", title=symbol),
            y=alt.Y("loglik:Q", title=t(f"{PAGE}.mle.loglik"), scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("theta:Q", format=".3f", title=symbol),
                alt.Tooltip("loglik:Q", format=".2f", title=t(f"{PAGE}.mle.loglik")),
            ],
        )
    )
    peak = charts.marker(best, "theta", color=charts.PALETTE[3])
    return (curve + peak).properties(title=t(f"{PAGE}.mle.ll_title", symbol=symbol), height=280), data


@charts.figure
def natural_frequencies(counts: dict[str, int], *, population: int, columns: int = 40) -> Figure:
    """One mark per person, by ill or healthy and positive or negative (``counts`` by tp, fn, fp, tn).

    Each group has its colour and its shape: the ill are triangles (pointing up when the test is
    positive, down when it is negative), the healthy a diamond when positive and a square when negative.
    Vega lays the marks out from the four counts, so the browser receives four numbers, not a
    thousand rows.
    """
    names = {group: t(f"{PAGE}.bayes.groups.{group}") for group in counts}
    cut = np.cumsum(list(counts.values()))  # where each group's squares end
    tp, fn, fp, tn = (json.dumps(names[g]) for g in ("tp", "fn", "fp", "tn"))
    group_of = f"datum.i < {cut[0]} ? {tp} : datum.i < {cut[1]} ? {fn} : datum.i < {cut[2]} ? {fp} : {tn}"
    palette = [charts.PALETTE[3], charts.PALETTE[1], charts.PALETTE[0], "#D9D9D9"]
    shapes = ["triangle-up", "triangle-down", "diamond", "square"]
    domain, legend = list(names.values()), charts.bottom_legend(columns=2, labelLimit=300)
    waffle = (
        alt.Chart(alt.sequence(0, population, as_="i"))
        .transform_calculate(col=f"datum.i % {columns}", row=f"floor(datum.i / {columns})", group=group_of)
        .mark_point(size=70, opacity=1, filled=True)
        .encode(
            x=alt.X("col:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color("group:N", scale=alt.Scale(domain=domain, range=palette), title=None, legend=legend),
            shape=alt.Shape("group:N", scale=alt.Scale(domain=domain, range=shapes), title=None, legend=legend),
            tooltip=[alt.Tooltip("group:N", title=t("charts.name"))],
        )
        .properties(
            title=t(f"{PAGE}.bayes.waffle_title", population=population), width=alt.Step(11), height=alt.Step(11)
        )
    )
    return waffle, pd.DataFrame({"group": list(names.values()), "people": list(counts.values())})


@charts.figure
def beta_update(grid: np.ndarray, prior: np.ndarray, posterior: np.ndarray, p: float, *, heads: int, n: int) -> Figure:
    """The Beta prior (grey, dashed) and posterior (blue) densities of p, with the true p dashed in red."""
    names = [t(f"{PAGE}.posterior.prior"), t(f"{PAGE}.posterior.posterior")]
    data = pd.concat(
        [
            pd.DataFrame({"p": grid, "density": f, "curve": name})
            for f, name in zip((prior, posterior), names, strict=True)
        ]
    )
    top = _y_limit(data["density"].to_numpy(), np.zeros(1))
    curves = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=alt.X("p:Q", title="p"),
            y=alt.Y("density:Q", title=t(f"{PAGE}.explorer.pdf"), scale=alt.Scale(domain=[0, top])),
            color=alt.Color(
                "curve:N",
                scale=alt.Scale(domain=names, range=[charts.NEUTRAL, charts.PALETTE[0]]),
                title=None,
                legend=charts.bottom_legend(),
            ),
            strokeDash=alt.StrokeDash("curve:N", scale=alt.Scale(domain=names, range=[[5, 3], [1, 0]]), legend=None),
        )
    )
    truth = charts.marker(p, "p", color=charts.PALETTE[3])
    return (curves + truth).properties(title=t(f"{PAGE}.posterior.chart_title", heads=heads, n=n), height=300), data


@charts.figure
def layer_variances(runs: dict[str, np.ndarray], *, depth: int, width: int) -> Figure:
    """The activations' variance against the layer, one line per initialisation, on a log axis."""
    names = {init: t(f"{PAGE}.init.inits.{init}") for init in runs}
    data = pd.concat(
        [pd.DataFrame({"layer": np.arange(len(v)), "variance": v, "init": names[init]}) for init, v in runs.items()]
    )
    data["variance"] = data["variance"].clip(lower=1e-30)  # a log axis has no 0
    inits = list(names.values())
    legend = charts.dash_legend(columns=1, labelLimit=300)  # three in a row clip at 1280 px in zh
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=25))
        .encode(
            x=alt.X("layer:Q", title=t(f"{PAGE}.init.layer"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(
                "variance:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.init.variance"), axis=alt.Axis(format=".0e")
            ),
            color=alt.Color("init:N", scale=charts.colors(inits), title=None, legend=legend),
            strokeDash=alt.StrokeDash("init:N", scale=charts.dashes(inits), title=None, legend=legend),
            tooltip=[
                alt.Tooltip("init:N", title=t("charts.curve")),
                alt.Tooltip("layer:Q", title=t(f"{PAGE}.init.layer")),
                alt.Tooltip("variance:Q", format=".3g", title=t(f"{PAGE}.init.variance")),
            ],
        )
    )
    return chart.properties(title=t(f"{PAGE}.init.chart_title", depth=depth, width=width), height=380), data
