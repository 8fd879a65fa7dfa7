"""5. Hypothesis testing and statistical inference: is a difference real, or was it luck?"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import datasets, inference, probability
from ui import charts, layout, state
from ui.i18n import t

PAGE = "inference"
ALTERNATIVES = ["two-sided", "greater", "less"]

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "t": r"t = \frac{\bar x - \mu_0}{s/\sqrt{n}}, \qquad t = \frac{\bar x_A - \bar x_B}{s_p\sqrt{1/n_A + 1/n_B}}, \qquad p = P\big(|T| \ge |t| \mid H_0\big)",
        "errors": r"\alpha = P\big(|T| \ge c \mid H_0\big), \qquad \beta = P\big(|T| < c \mid H_1\big), \qquad 1 - \beta = P\big(|T| \ge c \mid H_1\big)",
        "bootstrap": r"\bar d^{*}_b = \frac{1}{k}\sum_{i=1}^k d_{i_b}, \quad i_b \sim \text{Uniform}\{1..k\}, \qquad \text{CI}_{95\%} = \big[q_{2.5\%}(\bar d^*),\ q_{97.5\%}(\bar d^*)\big]",
        "multiple": r"P\big(\min_{i \le m} p_i \le \alpha \mid H_0\big) = 1 - (1 - \alpha)^m, \qquad p_i \le \frac{\alpha}{m}",
    },
)

layout.section("explore")


# --- 1. Power, errors and one experiment -----------------------------------------------------


def normal_curve(center: float, lo: float, hi: float, name: str) -> pd.DataFrame:
    z = np.linspace(lo, hi, 241)
    return pd.DataFrame({"z": z, "density": probability.DISTRIBUTIONS["normal"].density(z, center, 1.0), "curve": name})


def rejected(z: np.ndarray, critical: tuple[float, float]) -> np.ndarray:
    """Where the test rejects: beyond the critical values (±inf for a one-sided test's unused tail)."""
    return (z <= critical[0]) | (z >= critical[1])


@st.fragment
def power_demo() -> None:
    layout.demo(PAGE, "power")
    c1, c2 = st.columns(2)
    with c1:
        design = state.choice(
            t(f"{PAGE}.power.design"),
            ["one", "two"],
            key="pw_design",
            section=f"{PAGE}.power.designs",
            widget=st.radio,
            horizontal=True,
        )
    with c2:
        alternative = state.choice(
            t(f"{PAGE}.alternative"),
            ALTERNATIVES,
            key="pw_alt",
            section=f"{PAGE}.alternatives",
            widget=st.radio,
            horizontal=True,
        )
    c1, c2, c3, c4 = st.columns(4)
    effect = c1.slider(
        t(f"{PAGE}.power.effect"),
        -2.0,
        2.0,
        0.5,
        0.05,
        key="pw_effect",
        bind="query-params",
        help=t(f"{PAGE}.power.effect_help"),
    )
    sigma = c2.slider("σ", 0.5, 5.0, 1.0, 0.1, key="pw_sigma", bind="query-params", help=t(f"{PAGE}.power.sigma_help"))
    n = c3.slider(t(f"{PAGE}.power.n"), 2, 200, 20, key="pw_n", bind="query-params")
    alpha = c4.slider(
        "α",
        0.005,
        0.2,
        0.05,
        0.005,
        format="%.3f",
        key="pw_alpha",
        bind="query-params",
        help=t(f"{PAGE}.power.alpha_help"),
    )
    two_sample = design == "two"
    power = inference.z_power(effect, sigma, n, alpha, alternative, two_sample=two_sample)
    critical = inference.critical_values(alpha, alternative)
    se = sigma * np.sqrt((2 if two_sample else 1) / n)
    shift = effect / se
    lo, hi = min(-4.0, shift - 4), max(4.0, shift + 4)
    h0, h1 = t(f"{PAGE}.power.h0"), t(f"{PAGE}.power.h1")
    curves = pd.concat([normal_curve(0.0, lo, hi, h0), normal_curve(shift, lo, hi, h1)])
    curves["reject"] = rejected(curves["z"].to_numpy(), critical)
    reject_a, keep_b = t(f"{PAGE}.power.alpha_area"), t(f"{PAGE}.power.beta_area")
    # One legend for the curves and the shaded areas.
    colors = alt.Scale(
        domain=[h0, h1, reject_a, keep_b],
        range=[charts.PALETTE[3], charts.PALETTE[0], charts.PALETTE[3], charts.PALETTE[5]],
    )
    legend = alt.Legend(orient="bottom", columns=1, labelLimit=320)  # one per row: fits a phone
    lines = (
        alt.Chart(curves)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("z:Q", title=t(f"{PAGE}.power.statistic")),
            y=alt.Y("density:Q", title=t("probability.explorer.pdf")),
            color=alt.Color("curve:N", scale=colors, title=None, legend=legend),
        )
    )
    areas = pd.concat(
        [
            curves[(curves.curve == h0) & curves.reject].assign(area=reject_a),
            curves[(curves.curve == h1) & ~curves.reject].assign(area=keep_b),
        ]
    )
    areas["segment"] = np.where((areas.area == reject_a) & (areas.z < 0), "low", "high")
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
    cuts = pd.DataFrame({"z": [c for c in critical if np.isfinite(c)]})
    rules = (
        alt.Chart(cuts)
        .mark_rule(strokeDash=[6, 4], color=charts.NEUTRAL, strokeWidth=2)
        .encode(x="z:Q", tooltip=[alt.Tooltip("z:Q", format=".3f")])
    )
    left, right = st.columns([3, 2])
    with left:
        picture = alt.layer(shade, lines, rules)
        charts.show(
            picture.properties(title=t(f"{PAGE}.power.chart_title"), height=320), curves, name="sampling_distributions"
        )
    with right:
        m1, m2 = st.columns(2)
        m1.metric(t(f"{PAGE}.power.power"), f"{power:.1%}")
        m2.metric(
            t(f"{PAGE}.power.t_power"),
            f"{inference.t_power(effect, sigma, n, alpha, alternative, two_sample=two_sample):.1%}",
            help=t(f"{PAGE}.power.t_power_help"),
        )
        m1, m2 = st.columns(2)
        m1.metric(t(f"{PAGE}.power.type1"), f"{alpha:.1%}")
        m2.metric(t(f"{PAGE}.power.type2"), f"{1 - power:.1%}")
        st.latex(rf"\text{{SE}} = {layout.tex_num(se)}, \quad \frac{{\delta}}{{\text{{SE}}}} = {layout.tex_num(shift)}")
        crossing = (
            rf"\pm {critical[1]:.3f}"
            if alternative == "two-sided"
            else f"{critical[1] if alternative == 'greater' else critical[0]:.3f}"
        )
        st.latex(rf"z_\text{{crit}} = {crossing}")
    st.caption(t(f"{PAGE}.power.caption"))
    experiment(design, alternative, effect, sigma, n, alpha)
    layout.reproduce(
        "from mathdl.inference import critical_values, z_power\n"
        f"z_power(effect={effect:g}, sigma={sigma:g}, n={n}, alpha={alpha:g}, alternative={alternative!r}, two_sample={two_sample})\n"
        f"critical_values({alpha:g}, {alternative!r})"
    )


def experiment(design: str, alternative: str, effect: float, sigma: float, n: int, alpha: float) -> None:
    """One experiment with the settings above: its data, its t statistic and its p-value."""
    st.markdown(f"#### {t(f'{PAGE}.experiment.title')}")
    st.markdown(t(f"{PAGE}.experiment.intro"))
    seed = layout.seed("pw_seed")
    rng = np.random.default_rng(seed)
    if design == "one":
        x = rng.normal(effect, sigma, n)
        result = inference.t_test_1samp(x, 0.0, alternative)
        groups = pd.DataFrame({"value": x, "group": t(f"{PAGE}.experiment.sample")})
    else:
        a, b = rng.normal(0.0, sigma, n), rng.normal(effect, sigma, n)
        result = inference.t_test_ind(b, a, equal_var=True, alternative=alternative)
        groups = pd.concat([pd.DataFrame({"value": a, "group": "A"}), pd.DataFrame({"value": b, "group": "B"})])
    grid = np.linspace(-5, 5, 241) if np.isfinite(result.statistic) else np.zeros(0)
    statistic = float(np.clip(result.statistic, -5, 5))
    density = pd.DataFrame({"t": grid, "density": inference.t_pdf(grid, result.df)})
    if alternative == "two-sided":
        beyond = np.abs(grid) >= abs(statistic)
    else:
        beyond = grid >= statistic if alternative == "greater" else grid <= statistic
    left, right = st.columns(2)
    with left:
        strip = (
            alt.Chart(groups)
            .mark_tick(thickness=2, size=26, opacity=0.7)
            .encode(
                x=alt.X("value:Q", title=t(f"{PAGE}.experiment.value")),
                y=alt.Y("group:N", title=None),
                color=alt.Color("group:N", scale=alt.Scale(range=charts.PALETTE), legend=None),
            )
        )
        means = groups.groupby("group", as_index=False)["value"].mean()
        marks = (
            alt.Chart(means)
            .mark_point(shape="diamond", size=220, filled=True, color="black", stroke="white")
            .encode(x="value:Q", y="group:N", tooltip=[alt.Tooltip("value:Q", format=".3f")])
        )
        charts.show(
            (strip + marks).properties(
                title=t(f"{PAGE}.experiment.data_title", n=n), height=160 if design == "two" else 110
            ),
            groups,
            name="experiment",
        )
    with right:
        curve = (
            alt.Chart(density)
            .mark_line(color=charts.PALETTE[3], strokeWidth=2)
            .encode(
                x=alt.X("t:Q", title=t(f"{PAGE}.experiment.t_axis", df=layout.num(result.df))),
                y=alt.Y("density:Q", title=None),
            )
        )
        area = (
            alt.Chart(density.assign(beyond=beyond, side=np.where(density.t < 0, "low", "high"))[beyond])
            .mark_area(color=charts.PALETTE[3], opacity=0.35)
            .encode(x="t:Q", y=alt.Y("density:Q", stack=None), detail="side:N")
        )
        rule = (
            alt.Chart(pd.DataFrame({"t": [statistic]}))
            .mark_rule(color=charts.PALETTE[0], strokeWidth=3)
            .encode(x="t:Q")
        )
        charts.draw((area + curve + rule).properties(title=t(f"{PAGE}.experiment.p_title"), height=200))
    st.latex(
        rf"t = {layout.tex_num(result.statistic, 4)}, \quad \text{{df}} = {layout.tex_num(result.df, 4)}, \quad p = {layout.tex_num(result.p_value, 3)}"
    )
    verdict = "reject" if result.p_value <= alpha else "keep"
    truth = "null" if effect == 0 else "effect"
    message = t(f"{PAGE}.experiment.{verdict}_{truth}", p=layout.num(result.p_value, 3), alpha=layout.num(alpha))
    (st.success if (verdict == "reject") == (truth == "effect") else st.warning)(message)


# --- 2. Is model B really better than model A? ------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def scores(dataset: str, model_a: str, model_b: str, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return inference.fold_scores(dataset, model_a, model_b, k, seed)


@st.fragment
def models_demo() -> None:
    layout.demo(PAGE, "models")
    c1, c2, c3 = st.columns(3)
    with c1:
        dataset = state.choice(
            t(f"{PAGE}.models.data"), list(datasets.TABLES), key="cv_data", section="eigen_pca.pca.datasets"
        )
    models = list(inference.MODELS)
    with c2:
        model_a = state.choice(t(f"{PAGE}.models.a"), models, key="cv_a", section=f"{PAGE}.models.names")
    with c3:
        model_b = state.choice(
            t(f"{PAGE}.models.b"),
            [models[1], *(m for m in models if m != models[1])],
            key="cv_b",
            section=f"{PAGE}.models.names",
        )
    c1, c2 = st.columns([3, 1])
    k = c1.slider(t(f"{PAGE}.models.k"), 3, 20, 10, key="cv_k", bind="query-params", help=t(f"{PAGE}.models.k_help"))
    with c2:
        seed = layout.seed("cv_seed")
    with st.spinner(t(f"{PAGE}.models.training", k=k)):
        a, b = scores(dataset, model_a, model_b, k, seed)
    d = b - a
    rng = np.random.default_rng(seed)
    paired = inference.t_test_rel(b, a)
    boot = inference.bootstrap_ci(d, confidence=0.95, n_resamples=5000, rng=rng)
    resamples = 2**k if k <= 12 else 10_000
    permutation = inference.paired_permutation_test(b, a, n_resamples=resamples, rng=rng)
    name_a, name_b = t(f"{PAGE}.models.names.{model_a}"), t(f"{PAGE}.models.names.{model_b}")
    folds = pd.DataFrame(
        {
            "fold": np.tile(np.arange(1, k + 1), 2),
            "accuracy": np.concatenate([a, b]),
            "model": np.repeat([f"A: {name_a}", f"B: {name_b}"], k),
        }
    )
    left, right = st.columns(2)
    with left:
        base = alt.Chart(folds).encode(
            x=alt.X("fold:O", title=t(f"{PAGE}.models.fold"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "accuracy:Q", title=t(f"{PAGE}.models.accuracy"), scale=alt.Scale(zero=False), axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "model:N",
                scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1]]),
                title=None,
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=300),
            ),
            tooltip=["model:N", "fold:O", alt.Tooltip("accuracy:Q", format=".2%")],
        )
        pairs = (
            alt.Chart(folds)
            .mark_line(color=charts.NEUTRAL, opacity=0.6)
            .encode(x="fold:O", y="accuracy:Q", detail="fold:O")
        )
        charts.show(
            (pairs + base.mark_circle(size=90, opacity=1)).properties(
                title=t(f"{PAGE}.models.folds_title", k=k), height=300
            ),
            folds,
            name="fold_scores",
        )
    with right:
        means = pd.DataFrame({"mean": boot.resamples})
        hist = (
            alt.Chart(means)
            .mark_bar(color=charts.NEUTRAL, opacity=0.6)
            .encode(
                x=alt.X(
                    "mean:Q", bin=alt.Bin(maxbins=40), title=t(f"{PAGE}.models.diff_axis"), axis=alt.Axis(format=".1%")
                ),
                y=alt.Y("count()", title=t(f"{PAGE}.models.count")),
            )
        )
        band = (
            alt.Chart(pd.DataFrame({"low": [boot.low], "high": [boot.high]}))
            .mark_rect(color=charts.PALETTE[2], opacity=0.2)
            .encode(x="low:Q", x2="high:Q")
        )
        zero = (
            alt.Chart(pd.DataFrame({"x": [0.0]}))
            .mark_rule(color=charts.PALETTE[3], strokeWidth=2, strokeDash=[6, 4])
            .encode(x="x:Q")
        )
        charts.draw((band + hist + zero).properties(title=t(f"{PAGE}.models.boot_title"), height=300))
    # Differences without spread (equal scores on every fold, or the same gap on each) make t divide by
    # s_d = 0: t is infinite or 0/0, so the t test is explained instead of shown.
    spread = paired.standard_error > 0
    m = st.columns([1, 1, 1.6, 1])
    m[0].metric(t(f"{PAGE}.models.mean_diff"), f"{d.mean():+.1%}")
    m[1].metric(t(f"{PAGE}.models.paired_p"), layout.num(paired.p_value, 3) if spread else "—")
    m[2].metric(t(f"{PAGE}.models.ci"), f"[{boot.low:+.1%}, {boot.high:+.1%}]")
    m[3].metric(t(f"{PAGE}.models.perm_p"), layout.num(permutation.p_value, 3))
    if spread:
        st.latex(
            rf"t = \frac{{\bar d}}{{s_d/\sqrt{{k}}}} = \frac{{{layout.tex_num(d.mean(), 3)}}}{{{layout.tex_num(d.std(ddof=1), 3)}/\sqrt{{{k}}}}} = {layout.tex_num(paired.statistic, 4)}"
        )
    if model_a == model_b:
        st.info(t(f"{PAGE}.models.same"))
    elif not spread:
        st.info(t(f"{PAGE}.models.no_spread", diff=f"{d.mean():+.1%}", k=k))
    st.caption(t(f"{PAGE}.models.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.inference import bootstrap_ci, fold_scores, paired_permutation_test, t_test_rel\n"
        f"a, b = fold_scores({dataset!r}, {model_a!r}, {model_b!r}, k={k}, seed={seed})\n"
        f"rng = np.random.default_rng({seed})\n"
        "t_test_rel(b, a)\n"
        "bootstrap_ci(b - a, confidence=0.95, n_resamples=5000, rng=rng)\n"
        f"paired_permutation_test(b, a, n_resamples={resamples}, rng=rng)"
    )


# --- 3. Multiple testing -----------------------------------------------------------------------

CORRECTIONS = ["none", "bonferroni", "holm", "bh"]
EXPERIMENTS = 400


@st.cache_data(max_entries=32, show_spinner=False)
def null_experiments(m: int, n: int, seed: int) -> np.ndarray:
    """p-values of m tests under H0, for EXPERIMENTS repetitions of the whole study."""
    rng = np.random.default_rng(seed)
    return np.stack([inference.null_p_values(m, n, rng) for _ in range(EXPERIMENTS)])  # (EXPERIMENTS, m)


def rejections(p: np.ndarray, alpha: float, correction: str) -> np.ndarray:
    if correction == "none":
        return p <= alpha
    rule = {"bonferroni": inference.bonferroni, "holm": inference.holm, "bh": inference.benjamini_hochberg}[correction]
    return rule(p, alpha)


@st.fragment
def multiple_demo() -> None:
    layout.demo(PAGE, "multiple")
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    m = c1.slider(t(f"{PAGE}.multiple.m"), 1, 200, 20, key="mt_m", bind="query-params")
    n = c2.slider(t(f"{PAGE}.multiple.n"), 5, 100, 20, key="mt_n", bind="query-params")
    alpha = c3.slider("α", 0.005, 0.2, 0.05, 0.005, format="%.3f", key="mt_alpha", bind="query-params")
    with c4:
        seed = layout.seed("mt_seed")
    correction = state.choice(
        t(f"{PAGE}.multiple.correction"),
        CORRECTIONS,
        key="mt_fix",
        section=f"{PAGE}.multiple.corrections",
        widget=st.radio,
        horizontal=True,
    )
    with st.spinner(t(f"{PAGE}.multiple.running")):
        p = null_experiments(m, n, seed)
    first = p[0]
    shown = rejections(first, alpha, correction)
    any_false = np.array([rejections(row, alpha, correction).any() for row in p])
    left, right = st.columns(2)
    with left:
        order = np.argsort(first)
        study = pd.DataFrame({"rank": np.arange(1, m + 1), "p": first[order], "rejected": shown[order]})
        threshold = {
            "none": np.full(m, alpha),
            "bonferroni": np.full(m, alpha / m),
            "holm": alpha / (m - np.arange(m)),
            "bh": alpha * np.arange(1, m + 1) / m,
        }[correction]
        study["threshold"] = threshold
        label_yes, label_no = t(f"{PAGE}.multiple.false_positive"), t(f"{PAGE}.multiple.kept")
        study["verdict"] = np.where(study.rejected, label_yes, label_no)
        dots = (
            alt.Chart(study)
            .mark_circle(size=50, opacity=1)
            .encode(
                x=alt.X("rank:Q", title=t(f"{PAGE}.multiple.rank")),
                y=alt.Y("p:Q", title=t(f"{PAGE}.multiple.p"), scale=alt.Scale(domain=[0, 1])),
                color=alt.Color(
                    "verdict:N",
                    scale=alt.Scale(domain=[label_yes, label_no], range=[charts.PALETTE[3], charts.NEUTRAL]),
                    title=None,
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=["rank:Q", alt.Tooltip("p:Q", format=".4f"), "verdict:N"],
            )
        )
        line = (
            alt.Chart(study).mark_line(color=charts.PALETTE[0], strokeDash=[6, 4]).encode(x="rank:Q", y="threshold:Q")
        )
        charts.show(
            (dots + line).properties(title=t(f"{PAGE}.multiple.study_title", m=m, count=int(shown.sum())), height=300),
            study,
            name="p_values",
        )
    with right:
        ms = np.arange(1, 201)
        curve = pd.DataFrame({"m": ms, "fwer": inference.family_wise_error(alpha, ms)})
        formula = (
            alt.Chart(curve)
            .mark_line(color=charts.PALETTE[3], strokeWidth=2)
            .encode(
                x=alt.X("m:Q", title=t(f"{PAGE}.multiple.m")),
                y=alt.Y(
                    "fwer:Q",
                    title=t(f"{PAGE}.multiple.fwer"),
                    scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(format="%"),
                ),
            )
        )
        flat = (
            alt.Chart(pd.DataFrame({"alpha": [alpha]}))
            .mark_rule(color=charts.PALETTE[2], strokeDash=[6, 4])
            .encode(y="alpha:Q")
        )
        observed = (
            alt.Chart(pd.DataFrame({"m": [m], "fwer": [any_false.mean()]}))
            .mark_point(size=200, filled=True, color=charts.PALETTE[0])
            .encode(x="m:Q", y="fwer:Q", tooltip=[alt.Tooltip("fwer:Q", format=".1%")])
        )
        charts.draw((formula + flat + observed).properties(title=t(f"{PAGE}.multiple.fwer_title"), height=300))
    c1, c2 = st.columns(2)
    c1.metric(t(f"{PAGE}.multiple.formula", m=m), f"{inference.family_wise_error(alpha, m):.1%}")
    c2.metric(t(f"{PAGE}.multiple.simulated", experiments=EXPERIMENTS), f"{any_false.mean():.1%}")
    st.caption(t(f"{PAGE}.multiple.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.inference import benjamini_hochberg, bonferroni, family_wise_error, holm, null_p_values\n"
        f"p = null_p_values({m}, {n}, np.random.default_rng({seed}))   # every null hypothesis is true\n"
        f"(p <= {alpha:g}).sum(), bonferroni(p, {alpha:g}).sum(), holm(p, {alpha:g}).sum(), benjamini_hochberg(p, {alpha:g}).sum()\n"
        f"family_wise_error({alpha:g}, {m})"
    )


power_demo()
st.divider()
models_demo()
st.divider()
multiple_demo()

layout.source_code(
    [
        inference.t_test_1samp,
        inference.t_test_ind,
        inference.z_power,
        inference.bootstrap_ci,
        inference.paired_permutation_test,
        inference.benjamini_hochberg,
    ]
)
layout.quiz(PAGE)
