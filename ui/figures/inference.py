"""Figures of lesson 5: sampling distributions and power, one experiment, paired fold scores, many tests."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "inference"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


def sampling_distributions(
    z: np.ndarray, h0: np.ndarray, h1: np.ndarray, reject: np.ndarray, critical: tuple[float, float]
) -> Figure:
    """The statistic's density under H₀ (red) and H₁ (blue), with α and β shaded and the critical values dashed.

    ``reject`` marks the points of ``z`` in the rejection region; α is the H₀ curve's area there,
    β the H₁ curve's area outside it. One legend names the curves and the areas, one entry per
    row so that it fits a phone.
    """
    h0_name, h1_name = t(f"{PAGE}.power.h0"), t(f"{PAGE}.power.h1")
    alpha_name, beta_name = t(f"{PAGE}.power.alpha_area"), t(f"{PAGE}.power.beta_area")
    curves = pd.concat(
        [
            pd.DataFrame({"z": z, "density": f, "curve": name, "reject": reject})
            for f, name in ((h0, h0_name), (h1, h1_name))
        ]
    )
    areas = _error_areas(curves, (h0_name, h1_name), (alpha_name, beta_name))
    colors = alt.Scale(
        domain=[h0_name, h1_name, alpha_name, beta_name],
        range=[charts.PALETTE[3], charts.PALETTE[0], charts.PALETTE[3], charts.PALETTE[5]],
    )
    legend = charts.bottom_legend(columns=1, labelLimit=320)
    lines = (
        alt.Chart(curves)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("z:Q", title=t(f"{PAGE}.power.statistic")),
            y=alt.Y("density:Q", title=t("probability.explorer.pdf")),
            color=alt.Color("curve:N", scale=colors, title=None, legend=legend),
        )
    )
    shade = (
        alt.Chart(areas)
        .mark_area(opacity=0.35)
        .encode(
            x="z:Q",
            y=alt.Y("density:Q", stack=None),
            detail="segment:N",
            color=alt.Color("area:N", scale=colors, title=None, legend=legend),
        )
    )
    cuts = [charts.marker(c, "z", tooltip=[alt.Tooltip("z:Q", format=".3f")]) for c in critical if np.isfinite(c)]
    chart = alt.layer(shade, lines, *cuts)
    return chart.properties(title=t(f"{PAGE}.power.chart_title"), height=320), curves


def _error_areas(curves: pd.DataFrame, curve_names: tuple[str, str], area_names: tuple[str, str]) -> pd.DataFrame:
    """The rows under H₀'s curve where the test rejects (α) and under H₁'s where it does not (β)."""
    (h0, h1), (alpha, beta) = curve_names, area_names
    areas = pd.concat(
        [
            curves[(curves.curve == h0) & curves.reject].assign(area=alpha),
            curves[(curves.curve == h1) & ~curves.reject].assign(area=beta),
        ]
    )
    areas["segment"] = np.where((areas.area == alpha) & (areas.z < 0), "low", "high")  # the two tails apart
    return areas


def experiment_data(groups: dict[str, np.ndarray], means: dict[str, float]) -> Figure:
    """Each group's values as ticks on one row, with its mean as a black diamond."""
    data = pd.concat([pd.DataFrame({"value": v, "group": name}) for name, v in groups.items()])
    strip = (
        alt.Chart(data)
        .mark_tick(thickness=2, size=26, opacity=0.7)
        .encode(
            x=alt.X("value:Q", title=t(f"{PAGE}.experiment.value")),
            y=alt.Y("group:N", title=None),
            color=alt.Color("group:N", scale=alt.Scale(range=charts.PALETTE), legend=None),
        )
    )
    centres = pd.DataFrame({"group": list(means), "value": list(means.values())})
    diamonds = (
        alt.Chart(centres)
        .mark_point(shape="diamond", size=220, filled=True, color="black", stroke="white")
        .encode(x="value:Q", y="group:N", tooltip=[alt.Tooltip("value:Q", format=".3f", title=t("charts.mean"))])
    )
    n = len(next(iter(groups.values())))
    height = 130 if len(groups) == 1 else 180  # lower, Vega cuts the axis title's descenders
    return (strip + diamonds).properties(title=t(f"{PAGE}.experiment.data_title", n=n), height=height), data


def t_statistic(grid: np.ndarray, density: np.ndarray, beyond: np.ndarray, statistic: float, df: float) -> Figure:
    """The t density under H₀, the observed t (blue) and the p-value: the area of the values at least as extreme.

    A statistic beyond the plotted range is drawn at its edge.
    """
    data = pd.DataFrame({"t": grid, "density": density, "beyond": beyond})
    data["side"] = np.where(data.t < 0, "low", "high")  # the two tails of a two-sided p-value apart
    curve = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[3], strokeWidth=2)
        .encode(
            x=alt.X("t:Q", title=t(f"{PAGE}.experiment.t_axis", df=f"{df:.3g}")),
            y=alt.Y("density:Q", title=None),
        )
    )
    area = (
        alt.Chart(data[data.beyond])
        .mark_area(color=charts.PALETTE[3], opacity=0.35)
        .encode(x="t:Q", y=alt.Y("density:Q", stack=None), detail="side:N")
    )
    shown = float(np.clip(statistic, grid.min(), grid.max())) if len(grid) else statistic
    rule = (
        alt.Chart(pd.DataFrame({"t": [shown]}))
        .mark_rule(color=charts.PALETTE[0], strokeWidth=3)
        .encode(x="t:Q", tooltip=[alt.Tooltip("t:Q", format=".4g")])
    )
    return (area + curve + rule).properties(title=t(f"{PAGE}.experiment.p_title"), height=200), data


def fold_scores(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> Figure:
    """Both models' accuracy on each fold, the two scores of a fold joined by a grey line."""
    k = len(a)
    data = pd.DataFrame(
        {
            "fold": np.tile(np.arange(1, k + 1), 2),
            "accuracy": np.concatenate([a, b]),
            "model": np.repeat([f"A: {name_a}", f"B: {name_b}"], k),
        }
    )
    base = alt.Chart(data).encode(
        x=alt.X("fold:O", title=t(f"{PAGE}.models.fold"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "accuracy:Q", title=t(f"{PAGE}.models.accuracy"), scale=alt.Scale(zero=False), axis=alt.Axis(format="%")
        ),
        color=alt.Color(
            "model:N",
            scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1]]),
            title=None,
            legend=charts.bottom_legend(columns=1, labelLimit=300),
        ),
        tooltip=[
            alt.Tooltip("model:N", title=t(f"{PAGE}.models.model")),
            alt.Tooltip("fold:O", title=t(f"{PAGE}.models.fold")),
            alt.Tooltip("accuracy:Q", format=".2%", title=t(f"{PAGE}.models.accuracy")),
        ],
    )
    pairs = base.mark_line(color=charts.NEUTRAL, opacity=0.6).encode(color=alt.value(charts.NEUTRAL), detail="fold:O")
    chart = pairs + base.mark_circle(size=90, opacity=1)
    return chart.properties(title=t(f"{PAGE}.models.folds_title", k=k), height=300), data


def bootstrap(resamples: np.ndarray, low: float, high: float) -> Figure:
    """The histogram of the bootstrapped mean differences, the interval as a green band, and 0 dashed in red."""
    data = pd.DataFrame({"mean": resamples})
    bars = (
        alt.Chart(data)
        .mark_bar(color=charts.NEUTRAL, opacity=0.6)
        .encode(
            x=alt.X(
                "mean:Q", bin=alt.Bin(maxbins=40), title=t(f"{PAGE}.models.diff_axis"), axis=alt.Axis(format=".1%")
            ),
            y=alt.Y("count()", title=t(f"{PAGE}.models.count")),
        )
    )
    band = (
        alt.Chart(pd.DataFrame({"low": [low], "high": [high]}))
        .mark_rect(color=charts.PALETTE[2], opacity=0.2)
        .encode(x="low:Q", x2="high:Q")
    )
    zero = charts.marker(0.0, "x", color=charts.PALETTE[3])
    return (band + bars + zero).properties(title=t(f"{PAGE}.models.boot_title"), height=300), data


def p_values(p: np.ndarray, rejected: np.ndarray, threshold: np.ndarray) -> Figure:
    """One study's p-values sorted by rank, the rejected ones red, and the correction's threshold by rank dashed."""
    order = np.argsort(p, kind="stable")
    yes, no = t(f"{PAGE}.multiple.false_positive"), t(f"{PAGE}.multiple.kept")
    data = pd.DataFrame(
        {
            "rank": np.arange(1, len(p) + 1),
            "p": p[order],
            "rejected": rejected[order],
            "threshold": threshold,
            "verdict": np.where(rejected[order], yes, no),
        }
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=50, opacity=1)
        .encode(
            x=alt.X("rank:Q", title=t(f"{PAGE}.multiple.rank")),
            y=alt.Y("p:Q", title=t(f"{PAGE}.multiple.p"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=[yes, no], range=[charts.PALETTE[3], charts.NEUTRAL]),
                title=None,
                legend=charts.bottom_legend(),
            ),
            tooltip=[
                alt.Tooltip("rank:Q", title=t(f"{PAGE}.multiple.rank")),
                alt.Tooltip("p:Q", format=".3~g", title=t(f"{PAGE}.multiple.p")),  # 1.2e-7, never 0.0000
                alt.Tooltip("verdict:N", title=t("charts.kind")),
            ],
        )
    )
    line = (
        alt.Chart(data).mark_line(color=charts.PALETTE[0], strokeDash=charts.DASH).encode(x="rank:Q", y="threshold:Q")
    )
    title = t(f"{PAGE}.multiple.study_title", m=len(p), count=int(np.count_nonzero(rejected)))
    return (dots + line).properties(title=title, height=300), data


def family_wise_error(ms: np.ndarray, fwer: np.ndarray, alpha: float, m: int, simulated: float) -> Figure:
    """1 − (1 − α)^m against m (red), α (green, dashed), and the simulated rate at the current m (blue dot)."""
    data = pd.DataFrame({"m": ms, "fwer": fwer})
    formula = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[3], strokeWidth=2)
        .encode(
            x=alt.X("m:Q", title=t(f"{PAGE}.multiple.m")),
            y=alt.Y(
                "fwer:Q", title=t(f"{PAGE}.multiple.fwer"), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
            ),
        )
    )
    level = charts.marker(alpha, "alpha", axis="y", color=charts.PALETTE[2])
    observed = (
        alt.Chart(pd.DataFrame({"m": [m], "fwer": [simulated]}))
        .mark_point(size=200, filled=True, color=charts.PALETTE[0])
        .encode(x="m:Q", y="fwer:Q", tooltip=[alt.Tooltip("fwer:Q", format=".1%", title=t(f"{PAGE}.multiple.fwer"))])
    )
    chart = (formula + level + observed).properties(title=t(f"{PAGE}.multiple.fwer_title"), height=300)
    return chart, data.assign(simulated=np.where(data.m == m, simulated, np.nan))
