"""Figures of lesson 5: sampling distributions and power, one experiment, paired fold scores, many tests."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "inference"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]


@charts.figure
def sampling_distributions(
    z: np.ndarray, h0: np.ndarray, h1: np.ndarray, reject: np.ndarray, critical: tuple[float, float]
) -> Figure:
    """The statistic's density under H₀ (red) and H₁ (blue, dashed), with α and β shaded and the critical values dashed.

    ``reject`` marks the points of ``z`` in the rejection region; α is the H₀ curve's area there,
    β the H₁ curve's area outside it. One legend names the curves and the areas, one entry per
    row so that it fits a phone; H₀ and H₁ are written at their peaks and α and β on their areas,
    so that the picture is read without its colours too.
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
            strokeDash=alt.StrokeDash("curve:N", scale=charts.dashes([h0_name, h1_name]), legend=None),
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
    # In the page's text colour (a palette colour has under 4.5:1 on one theme or the other), each naming its series.
    written = {"x": "z:Q", "y": "density:Q", "text": "symbol:N", "color": alt.value(charts.TEXT)}
    on_areas = (
        alt.Chart(_area_labels(areas))
        .mark_text(fontSize=15, fontWeight="bold")
        .encode(**written, tooltip=alt.Tooltip("area:N", title=t("charts.name")))
    )
    peaks = _peak_labels(curves, (h0_name, h1_name))
    at_peaks = [  # H₀ to the left of its peak and H₁ to the right: they meet when δ = 0
        alt.Chart(peaks.iloc[[i]])
        .mark_text(fontSize=15, fontWeight="bold", baseline="bottom", dy=-4, align=align)
        .encode(**written, tooltip=alt.Tooltip("curve:N", title=t("charts.name")))
        for i, align in enumerate(("right", "left"))
    ]
    cuts = [charts.marker(c, "z", tooltip=[alt.Tooltip("z:Q", format=".3f")]) for c in critical if np.isfinite(c)]
    chart = alt.layer(shade, lines, on_areas, *at_peaks, *cuts)
    return chart.properties(title=t(f"{PAGE}.power.chart_title"), height=320), curves


def _peak_labels(curves: pd.DataFrame, names: tuple[str, str]) -> pd.DataFrame:
    """H₀ and H₁, to be written above each curve's peak."""
    peaks = curves.iloc[[int(np.argmax(np.where(curves.curve == name, curves.density, -np.inf))) for name in names]]
    return peaks[["z", "density", "curve"]].assign(symbol=["H₀", "H₁"])


def _area_labels(areas: pd.DataFrame) -> pd.DataFrame:
    """Where α and β are written: at the centre of mass of each shaded piece (each tail apart).

    The centre of the area under a density d over z is (Σ z d / Σ d, Σ d² / 2 Σ d).
    """
    rows = []
    for (area, _), piece in areas.groupby(["area", "segment"], sort=False):
        d, z = piece["density"].to_numpy(), piece["z"].to_numpy()
        if d.sum() > 0:
            rows.append(
                {
                    "area": area,
                    "symbol": area[0],
                    "z": (z * d).sum() / d.sum(),
                    "density": (d * d).sum() / (2 * d.sum()),
                }
            )
    return pd.DataFrame(rows, columns=["area", "symbol", "z", "density"])


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


@charts.figure
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


@charts.figure
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


@charts.figure
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
    legend = charts.bottom_legend(columns=1, labelLimit=300)
    base = alt.Chart(data).encode(
        x=alt.X("fold:O", title=t(f"{PAGE}.models.fold"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "accuracy:Q", title=t(f"{PAGE}.models.accuracy"), scale=alt.Scale(zero=False), axis=alt.Axis(format="%")
        ),
        color=alt.Color(
            "model:N", scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1]]), title=None, legend=legend
        ),
        shape=alt.Shape("model:N", scale=alt.Scale(range=charts.SHAPES[:2]), title=None, legend=legend),
        tooltip=[
            alt.Tooltip("model:N", title=t(f"{PAGE}.models.model")),
            alt.Tooltip("fold:O", title=t(f"{PAGE}.models.fold")),
            alt.Tooltip("accuracy:Q", format=".2%", title=t(f"{PAGE}.models.accuracy")),
        ],
    )
    pairs = base.mark_line(color=charts.NEUTRAL, opacity=0.6).encode(
        color=alt.value(charts.NEUTRAL), shape=alt.value("circle"), detail="fold:O"
    )
    chart = pairs + base.mark_point(size=90, opacity=1, filled=True)
    return chart.properties(title=t(f"{PAGE}.models.folds_title", k=k), height=300), data


@charts.figure
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


@charts.figure
def p_values(p: np.ndarray, rejected: np.ndarray, threshold: np.ndarray, real: np.ndarray) -> Figure:
    """One study's p-values sorted by rank, coloured by what the test decided and what was true.

    The title's two lines give the study's size, then what it found.

    Green: a real difference found; red: a false positive; orange: a real difference missed; grey:
    no difference, kept. The correction's threshold by rank is dashed.
    """
    order = np.argsort(p, kind="stable")
    verdicts = [t(f"{PAGE}.multiple.verdicts.{v}") for v in ("found", "false_positive", "missed", "kept")]
    found, false, missed, kept = verdicts
    hit, truth = rejected[order], real[order]
    data = pd.DataFrame(
        {
            "rank": np.arange(1, len(p) + 1),
            "p": p[order],
            "rejected": hit,
            "real": truth,
            "threshold": threshold,
            "verdict": np.where(hit, np.where(truth, found, false), np.where(truth, missed, kept)),
        }
    )
    palette = [charts.PALETTE[2], charts.PALETTE[3], charts.PALETTE[1], charts.NEUTRAL]
    legend = charts.bottom_legend(columns=1, labelLimit=320)
    dots = (
        alt.Chart(data)
        .mark_point(size=50, opacity=1, filled=True)
        .encode(
            x=alt.X("rank:Q", title=t(f"{PAGE}.multiple.rank")),
            y=alt.Y("p:Q", title=t(f"{PAGE}.multiple.p"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("verdict:N", scale=alt.Scale(domain=verdicts, range=palette), title=None, legend=legend),
            shape=alt.Shape("verdict:N", scale=charts.shapes(verdicts), title=None, legend=legend),
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
    counts = {"found": int(np.count_nonzero(hit & truth)), "real": int(np.count_nonzero(truth))}
    false_count = int(np.count_nonzero(hit & ~truth))
    key = "study_counts" if counts["real"] else "study_counts_null"
    title = [t(f"{PAGE}.multiple.study_title", m=len(p)), t(f"{PAGE}.multiple.{key}", **counts, false=false_count)]
    return (dots + line).properties(title=title, height=440), data


@charts.figure
def error_rates(rates: dict[str, object], names: dict[str, str], alpha: float) -> Figure:
    """For each correction, its family-wise error rate, false discovery rate and power as bars side by side.

    ``rates`` maps a correction's code to its rates (attributes fwer, fdr and power; a power that
    is nan, without real differences, is left out); ``names`` gives each code its label. α is dashed:
    Bonferroni and Holm keep the first bar below it, Benjamini–Hochberg the second.
    """
    kinds = {kind: t(f"{PAGE}.multiple.rates.{kind}") for kind in ("fwer", "fdr", "power")}
    rows = [
        {"correction": names[code], "rate": label, "value": float(getattr(r, kind))}
        for code, r in rates.items()
        for kind, label in kinds.items()
    ]
    data = pd.DataFrame(rows).dropna(subset=["value"])
    order = [names[code] for code in rates]
    base = alt.Chart(data).encode(
        y=alt.Y("correction:N", title=None, sort=order, axis=alt.Axis(labelLimit=160)),
        yOffset=alt.YOffset("rate:N", sort=list(kinds.values())),
        x=alt.X(
            "value:Q",
            title=t(f"{PAGE}.multiple.rates.axis"),
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        color=alt.Color(
            "rate:N",
            scale=alt.Scale(
                domain=list(kinds.values()), range=[charts.PALETTE[3], charts.PALETTE[4], charts.PALETTE[2]]
            ),
            title=None,
            legend=charts.bottom_legend(columns=1, labelLimit=320),
        ),
        tooltip=[
            alt.Tooltip("correction:N", title=t(f"{PAGE}.multiple.correction")),
            alt.Tooltip("rate:N", title=t("charts.kind")),
            alt.Tooltip("value:Q", format=".1%", title=t(f"{PAGE}.multiple.rates.axis")),
        ],
    )
    bars = base.mark_bar(height={"band": 0.9})
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(
        text=alt.Text("value:Q", format=".0%"), color=alt.value(charts.TEXT)
    )
    level = charts.marker(alpha, "alpha", axis="x", color=charts.NEUTRAL)
    chart = (level + bars + labels).properties(title=t(f"{PAGE}.multiple.rates.title"), height=440)
    return chart, data
