"""5. Hypothesis testing and statistical inference: whether a difference is real or luck."""

import numpy as np
import streamlit as st

from mathdl import datasets, error_rates, inference, multiple_testing, power, probability, resampling, sampling, special
from ui import charts, layout, predict, state
from ui.demo import demo
from ui.figures import inference as figures
from ui.i18n import t
from ui.snippet import Snippet

PAGE = "inference"
EXPERIMENTS = 400  # simulated studies in the multiple-testing demo

FORMULAS = {
    "t": r"t = \frac{\bar x - \mu_0}{s/\sqrt{n}}, \qquad t = \frac{\bar x_A - \bar x_B}{s_p\sqrt{1/n_A + 1/n_B}}, "
    r"\qquad p = P\big(|T| \ge |t| \mid H_0\big)",
    "errors": r"\alpha = P\big(|T| \ge c \mid H_0\big), \qquad \beta = P\big(|T| < c \mid H_1\big), "
    r"\qquad 1 - \beta = P\big(|T| \ge c \mid H_1\big)",
    "bootstrap": r"\bar d^{*}_b = \frac{1}{k}\sum_{i=1}^k d_{i_b}, \quad i_b \sim \text{Uniform}\{1..k\}, "
    r"\qquad \text{CI}_{95\%} = \big[q_{2.5\%}(\bar d^*),\ q_{97.5\%}(\bar d^*)\big]",
    "multiple": r"\begin{gathered} P(V \ge 1) = 1 - (1 - \alpha)^{m_0}, \quad "
    r"\mathrm{FDR} = E\Big[\frac{V}{\max(R, 1)}\Big], \quad 1 - \beta = E\Big[\frac{S}{m_1}\Big] \\ "
    r"p_{(i)} \le \frac{\alpha}{m}, \qquad p_{(i)} \le \frac{\alpha}{m - i + 1}, "
    r"\qquad p_{(i)} \le \frac{i\,\alpha}{m} \end{gathered}",
}


def radio(label: str, options: list[str], key: str, section: str) -> str:
    """A row of radio buttons over codes, kept in the URL by code."""
    return state.choice(label, options, key=key, section=section, widget=st.radio, horizontal=True)


def level(column, key: str, **kwargs) -> float:
    """The significance level α."""
    return column.slider("α", 0.005, 0.2, 0.05, 0.005, format="%.3f", key=key, bind="query-params", **kwargs)


# --- 1. Power, errors and one experiment -----------------------------------------------------


def design_widgets() -> dict:
    """The test's design and the world it runs in: one or two samples, H₁, δ, σ, n and α."""
    c1, c2 = st.columns(2)
    with c1:
        design = radio(t(f"{PAGE}.power.design"), ["one", "two"], "pw_design", f"{PAGE}.power.designs")
    with c2:
        alternative = radio(t(f"{PAGE}.alternative"), list(inference.ALTERNATIVES), "pw_alt", f"{PAGE}.alternatives")
    c1, c2, c3, c4 = st.columns(4)
    effect_help = t(f"{PAGE}.power.effect_help")
    effect = c1.slider(
        t(f"{PAGE}.power.effect"), -2.0, 2.0, 0.5, 0.05, key="pw_effect", bind="query-params", help=effect_help
    )
    sigma = c2.slider("σ", 0.5, 5.0, 1.0, 0.1, key="pw_sigma", bind="query-params", help=t(f"{PAGE}.power.sigma_help"))
    n = c3.slider(t(f"{PAGE}.power.n"), 2, 200, 20, key="pw_n", bind="query-params")
    alpha = level(c4, "pw_alpha", help=t(f"{PAGE}.power.alpha_help"))
    return {"design": design, "alternative": alternative, "effect": effect, "sigma": sigma, "n": n, "alpha": alpha}


@demo("power")
def power_and_errors(snippet: Snippet) -> None:
    d = design_widgets()
    effect, sigma, n, alpha, alternative = d["effect"], d["sigma"], d["n"], d["alpha"], d["alternative"]
    two_sample = d["design"] == "two"
    z_power = snippet("z_power", power.z_power, effect, sigma, n, alpha, alternative, two_sample=two_sample)
    t_power = snippet("t_power", power.t_power, effect, sigma, n, alpha, alternative, two_sample=two_sample)
    critical = snippet("critical", power.critical_values, alpha, alternative, note="reject beyond these")
    se = snippet("se", sampling.standard_error, sigma, n, two_sample=two_sample)
    shift = snippet("shift", power.z_shift, effect, sigma, n, two_sample=two_sample, note="δ/SE: the centre under H₁")
    z = snippet("z", np.linspace, min(-4.0, shift - 4), max(4.0, shift + 4), 241)
    h0 = snippet("h0", special.normal_pdf, z)
    h1 = snippet("h1", special.normal_pdf, z, shift)
    reject = snippet("reject", power.in_rejection_region, z, critical)
    question = predict.Question(t(f"{PAGE}.power.predict"), 0.0, 1.0, 0.01, close=0.05)
    if not predict.first(PAGE, "pw", question, z_power, snippet.code()):
        return  # the experiment below waits too: whether it rejects is a hint
    left, right = st.columns([3, 2])
    with left:
        charts.show(*figures.sampling_distributions(z, h0, h1, reject, critical), name="sampling_distributions")
    with right:
        m1, m2 = st.columns(2)
        m1.metric(t(f"{PAGE}.power.power"), f"{z_power:.1%}")
        m2.metric(t(f"{PAGE}.power.t_power"), f"{t_power:.1%}", help=t(f"{PAGE}.power.t_power_help"))
        m1, m2 = st.columns(2)
        m1.metric(t(f"{PAGE}.power.type1"), f"{alpha:.1%}")
        m2.metric(t(f"{PAGE}.power.type2"), f"{1 - z_power:.1%}")
        st.latex(rf"\text{{SE}} = {layout.tex_num(se)}, \quad \frac{{\delta}}{{\text{{SE}}}} = {layout.tex_num(shift)}")
        low, high = critical
        crossing = (
            rf"\pm {high:.3f}" if alternative == "two-sided" else f"{high if alternative == 'greater' else low:.3f}"
        )
        st.latex(rf"z_\text{{crit}} = {crossing}")
    st.caption(t(f"{PAGE}.power.caption"))
    experiment(snippet, d)


def experiment(snippet: Snippet, d: dict) -> None:
    """One experiment with the settings above: its data, Student's t statistic and its p-value."""
    st.markdown(f"#### {t(f'{PAGE}.experiment.title')}")
    st.markdown(t(f"{PAGE}.experiment.intro"))
    rng = snippet.rng(layout.seed("pw_seed"))
    normal = {"sigma": d["sigma"]}
    if d["design"] == "one":
        x = snippet("x", probability.sample, "normal", rng, d["n"], mu=d["effect"], **normal)
        result = snippet("result", inference.t_test_1samp, x, 0.0, d["alternative"])
        groups, means = {t(f"{PAGE}.experiment.sample"): x}, [snippet("mean", np.mean, x)]
    else:
        a = snippet("a", probability.sample, "normal", rng, d["n"], mu=0.0, **normal)
        b = snippet("b", probability.sample, "normal", rng, d["n"], mu=d["effect"], **normal)
        result = snippet("result", inference.t_test_ind, b, a, equal_var=True, alternative=d["alternative"])
        groups, means = {"A": a, "B": b}, [snippet("mean_a", np.mean, a), snippet("mean_b", np.mean, b)]
    grid = snippet("grid", np.linspace, -5.0, 5.0, 241)
    density = snippet("density", inference.t_pdf, grid, result.df, note="the t density under H₀")
    beyond = snippet("beyond", inference.as_extreme, grid, result.statistic, d["alternative"], note="p = their area")
    left, right = st.columns(2)
    with left:
        charts.show(*figures.experiment_data(groups, dict(zip(groups, means, strict=True))), name="experiment")
    with right:
        chart, data = figures.t_statistic(grid, density, beyond, result.statistic, result.df)
        charts.show(chart, data, name="t_statistic")
    tex, p_tex = layout.tex_num, layout.p_num(result.p_value, tex=True, symbol="p")  # never p = 0
    st.latex(rf"t = {tex(result.statistic, 4)}, \quad \text{{df}} = {tex(result.df, 4)}, \quad {p_tex}")
    verdict = "reject" if result.p_value <= d["alpha"] else "keep"
    truth = "null" if d["effect"] == 0 else "effect"
    p = layout.p_num(result.p_value, 3, symbol="p")
    message = t(f"{PAGE}.experiment.{verdict}_{truth}", p=p, alpha=layout.num(d["alpha"]))
    (st.success if (verdict == "reject") == (truth == "effect") else st.warning)(message)


# --- 2. Is model B really better than model A? ------------------------------------------------


def model_widgets() -> tuple[str, str, str]:
    """The data set and the two models; B starts on the second model, so A and B differ."""
    c1, c2, c3 = st.columns(3)
    with c1:
        dataset = state.choice(
            t(f"{PAGE}.models.data"), list(datasets.TABLES), key="cv_data", section="eigen_pca.pca.datasets"
        )
    models = list(resampling.MODELS)
    with c2:
        model_a = state.choice(t(f"{PAGE}.models.a"), models, key="cv_a", section=f"{PAGE}.models.names")
    with c3:
        others = [models[1], *(m for m in models if m != models[1])]
        model_b = state.choice(t(f"{PAGE}.models.b"), others, key="cv_b", section=f"{PAGE}.models.names")
    return dataset, model_a, model_b


@demo("models")
def models(snippet: Snippet) -> None:
    dataset, model_a, model_b = model_widgets()
    c1, c2 = st.columns([3, 1])
    k = c1.slider(t(f"{PAGE}.models.k"), 3, 20, 10, key="cv_k", bind="query-params", help=t(f"{PAGE}.models.k_help"))
    with c2:
        seed = layout.seed("cv_seed")
    with st.spinner(t(f"{PAGE}.models.training", k=k)):
        a, b = snippet("a, b", resampling.fold_scores, dataset, model_a, model_b, k, seed, cache=True)
    rng = snippet.rng(seed)
    d = snippet("d", np.subtract, b, a, note="B − A on each fold")
    paired = snippet("paired", inference.t_test_rel, b, a)
    boot = snippet("boot", resampling.bootstrap_ci, d, confidence=0.95, n_resamples=5000, rng=rng)
    perm = snippet("perm", resampling.paired_permutation_test, b, a, rng=rng, note="exact: all 2^k sign flips, k ≤ 13")
    names = [t(f"{PAGE}.models.names.{m}") for m in (model_a, model_b)]
    left, right = st.columns(2)
    with left:
        charts.show(*figures.fold_scores(a, b, *names), name="fold_scores")
    with right:
        charts.show(*figures.bootstrap(boot.resamples, boot.low, boot.high), name="bootstrap")
    model_verdict(snippet, d, paired, boot, perm, same=model_a == model_b)


def model_verdict(snippet: Snippet, d: np.ndarray, paired, boot, perm, *, same: bool) -> None:
    """The mean difference, the three tests' answers, and the paired t statistic with its numbers."""
    # Differences without spread (equal scores on every fold, or the same gap on each) make t divide by
    # s_d = 0: t is infinite or 0/0, so the t test is explained instead of shown.
    spread = paired.standard_error > 0
    cells = st.columns([1, 1, 1.6, 1])
    cells[0].metric(t(f"{PAGE}.models.mean_diff"), f"{paired.estimate:+.1%}")
    cells[1].metric(t(f"{PAGE}.models.paired_p"), layout.p_num(paired.p_value, 3) if spread else "—")
    cells[2].metric(t(f"{PAGE}.models.ci"), f"[{boot.low:+.1%}, {boot.high:+.1%}]")
    cells[3].metric(t(f"{PAGE}.models.perm_p"), layout.p_num(perm.p_value, 3))
    k = len(d)
    if spread:
        s_d = snippet("s_d", np.std, d, ddof=1, note="the spread of the differences")
        tex = layout.tex_num
        st.latex(
            rf"t = \frac{{\bar d}}{{s_d/\sqrt{{k}}}} = \frac{{{tex(paired.estimate, 3)}}}{{{tex(s_d, 3)}/\sqrt{{{k}}}}}"
            rf" = {tex(paired.statistic, 4)}"
        )
    if same:
        st.info(t(f"{PAGE}.models.same"))
    elif not spread:
        st.info(t(f"{PAGE}.models.no_spread", diff=f"{paired.estimate:+.1%}", k=k))
    st.caption(t(f"{PAGE}.models.caption"))


# --- 3. Multiple testing -----------------------------------------------------------------------


def multiple_widgets() -> dict:
    """How many tests, how many data points each, α, the seed, and the world: a share of real differences."""
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    m = c1.slider(t(f"{PAGE}.multiple.m"), 1, 200, 20, key="mt_m", bind="query-params")
    n = c2.slider(t(f"{PAGE}.multiple.n"), 5, 100, 20, key="mt_n", bind="query-params")
    alpha = level(c3, "mt_alpha")
    with c4:
        seed = layout.seed("mt_seed")
    c1, c2 = st.columns(2)
    share = c1.slider(
        t(f"{PAGE}.multiple.share"),
        0,
        50,
        25,
        5,
        format="%d%%",
        key="mt_share",
        bind="query-params",
        help=t(f"{PAGE}.multiple.share_help"),
    )
    effect = c2.slider(
        t(f"{PAGE}.multiple.effect"),
        0.1,
        2.0,
        0.8,
        0.1,
        key="mt_effect",
        bind="query-params",
        help=t(f"{PAGE}.multiple.effect_help"),
    )
    rules = list(multiple_testing.CORRECTIONS)
    correction = radio(t(f"{PAGE}.multiple.correction"), rules, "mt_fix", f"{PAGE}.multiple.corrections")
    return {"m": m, "n": n, "alpha": alpha, "seed": seed, "share": share / 100, "effect": effect, "fix": correction}


@demo("multiple")
def multiple(snippet: Snippet) -> None:
    w = multiple_widgets()
    m, alpha, correction = w["m"], w["alpha"], w["fix"]
    rng = snippet.rng(w["seed"])
    real = snippet(
        "real", error_rates.real_differences, m, w["share"], note="the first m₁ tests face a real difference"
    )
    m1 = snippet("m1", np.count_nonzero, real)
    with st.spinner(t(f"{PAGE}.multiple.running")):
        p = snippet(
            "p", error_rates.studies, EXPERIMENTS, real, w["effect"], w["n"], rng, cache=True, note="(studies, m)"
        )
    rejected = snippet("rejected", multiple_testing.CORRECTIONS[correction], p, alpha, note="every study at once")
    threshold = snippet("threshold", multiple_testing.thresholds, m, alpha, correction, note="by rank")
    rates = snippet("rates", error_rates.compare, p, real, alpha, note="FWER, FDR and power of every correction")
    fwer = snippet("fwer", multiple_testing.family_wise_error, alpha, m - m1, note="no correction: 1 − (1 − α)^m₀")
    names = {code: t(f"{PAGE}.multiple.corrections.{code}") for code in rates}
    left, right = st.columns(2)
    with left:
        charts.show(*figures.p_values(p[0], rejected[0], threshold, real), name="p_values")
    with right:
        charts.show(*figures.error_rates(rates, names, alpha), name="error_rates")
    chosen = rates[correction]
    cells = st.columns(4)
    cells[0].metric(t(f"{PAGE}.multiple.rates.fwer"), f"{chosen.fwer:.1%}")
    cells[1].metric(t(f"{PAGE}.multiple.rates.fdr"), f"{chosen.fdr:.1%}")
    cells[2].metric(t(f"{PAGE}.multiple.rates.power"), "—" if m1 == 0 else f"{chosen.power:.1%}")
    cells[3].metric(t(f"{PAGE}.multiple.formula", m0=m - m1), f"{fwer:.1%}", help=t(f"{PAGE}.multiple.formula_help"))
    multiple_caption(rates, names, alpha=alpha, m=m, m1=m1, fwer=fwer, studies=EXPERIMENTS)


def multiple_caption(rates: dict, names: dict[str, str], **counts: float) -> None:
    """What the reader sees, in numbers: the error each correction allows and the real differences it finds."""
    pct = {
        f"{kind}_{code}": f"{getattr(r, kind):.0%}" for code, r in rates.items() for kind in ("fwer", "fdr", "power")
    }
    values = {"alpha": layout.num(counts["alpha"]), "m": counts["m"], "m1": counts["m1"], "studies": counts["studies"]}
    key = "caption_null" if counts["m1"] == 0 else "caption"
    st.caption(t(f"{PAGE}.multiple.{key}", **pct, **values, fwer=f"{counts['fwer']:.0%}", bh=names["bh"]))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[power_and_errors, models, multiple],
    code=[
        inference.t_test_1samp,
        inference.t_test_ind,
        power.z_power,
        resampling.bootstrap_ci,
        resampling.paired_permutation_test,
        error_rates.studies,
        error_rates.error_rates,
        multiple_testing.benjamini_hochberg,
    ],
)
