"""4. Probability distributions and random variables: densities, averages, likelihoods, priors."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, estimation, initialisation, probability, sampling, special
from ui import charts, layout, predict, state
from ui.demo import demo
from ui.figures import probability as figures
from ui.i18n import t
from ui.snippet import Snippet

PAGE = "probability"
SYMBOLS = {"p": "p", "n": "n", "lam": "λ", "a": "a", "b": "b", "mu": "μ", "sigma": "σ", "alpha": "α", "beta": "β"}
LIMIT_DISTRIBUTIONS = ["exponential", "bernoulli", "poisson", "beta", "uniform"]
REPEATS = 2000  # means in the central limit theorem's histogram
POPULATION, WAFFLE_COLUMNS = 1000, 40
MAX_FLIPS = 200

FORMULAS = {
    "moments": r"\mathbb{E}[X] = \sum_k k\,P(X = k) \ \ \big(\textstyle\int x f(x)\,dx\big), \qquad "
    r"\operatorname{Var}(X) = \mathbb{E}\big[(X - \mathbb{E}[X])^2\big]",
    "limits": r"\bar X_n = \frac{1}{n}\sum_{i=1}^n X_i \to \mu, \qquad "
    r"\frac{\bar X_n - \mu}{\sigma/\sqrt{n}} \approx \mathcal{N}(0, 1)",
    "mle": r"\begin{gathered}\hat\theta = \arg\max_\theta \sum_{i=1}^n \log p(x_i \mid \theta) \\ "
    r"-\log \mathcal{N}(x \mid \mu, \sigma^2) = \frac{(x - \mu)^2}{2\sigma^2} + \log(\sigma\sqrt{2\pi}), \qquad "
    r"-\log \operatorname{Bern}(x \mid p) = \underbrace{-x\log p - (1 - x)\log(1 - p)}_{\operatorname{BCE}(x,\, p)}"
    r"\end{gathered}",
    "bayes": r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}, \qquad "
    r"\operatorname{Beta}(\alpha, \beta) \xrightarrow{\ k \times 1,\ m \times 0\ } "
    r"\operatorname{Beta}(\alpha + k, \beta + m)",
    "init": r"z_j = \sum_{i=1}^{n_\text{in}} w_{ij} h_i \ \Rightarrow\ "
    r"\operatorname{Var}(z_j) = n_\text{in}\, \operatorname{Var}(w)\, \mathbb{E}[h^2]",
}


def distribution_choice(options: list[str], key: str, label: str | None = None) -> str:
    """A row of radio buttons over distributions, kept in the URL by code."""
    return state.choice(
        label or t(f"{PAGE}.distribution"),
        options,
        key=key,
        section=f"{PAGE}.distributions",
        widget=st.radio,
        horizontal=True,
    )


# --- 1. Distribution explorer --------------------------------------------------------------


def parameter_sliders(name: str, prefix: str) -> dict[str, float]:
    """One slider per parameter of a distribution, each with its own URL key."""
    parameters = probability.DISTRIBUTIONS[name].parameters
    values = {}
    for column, p in zip(st.columns(len(parameters)), parameters, strict=True):
        step = 1 if p.integer else 0.01 if p.high - p.low <= 1 else 0.1
        kind = int if p.integer else float
        values[p.name] = state.dependent(  # drawn only while this distribution is chosen
            column.slider,
            SYMBOLS[p.name],
            kind(p.low),
            kind(p.high),
            kind(p.default),
            kind(step),
            key=f"{prefix}_{name}_{p.name}",
        )
    return values


@demo("explorer")
def explorer(snippet: Snippet) -> None:
    name = distribution_choice(list(probability.DISTRIBUTIONS), "pd_dist")
    params = parameter_sliders(name, "pd")
    c1, c2 = st.columns([3, 1])
    n = c1.slider(
        t(f"{PAGE}.explorer.n"), 1, 10_000, 500, key="pd_n", bind="query-params", help=t(f"{PAGE}.explorer.n_help")
    )
    with c2:
        rng = snippet.rng(layout.seed("pd_seed"))
    try:
        x = snippet("x", probability.sample, name, rng, n, **params)
    except MathDLError as error:
        layout.error(error)
        return
    discrete = probability.DISTRIBUTIONS[name].discrete
    lo, hi = snippet("lo, hi", probability.support, name, **params, note="where almost all the mass lies")
    if discrete:
        grid = snippet("grid", np.arange, int(lo), int(hi) + 1)
        cdf_grid = snippet("cdf_grid", np.arange, int(lo) - 1, int(hi) + 2)
    else:
        grid = cdf_grid = snippet("grid", np.linspace, lo, hi, 201)
    left, right = st.columns(2)
    with left:
        f = snippet("f", probability.density, name, grid, **params, note="the PMF or the PDF")
        bars = snippet("bars", sampling.histogram, x, lo, hi, discrete=discrete, note="on the density's scale")
        charts.show(*figures.distribution(bars, grid, f, discrete=discrete, n=n), name="distribution")
    with right:
        F = snippet("F", probability.cdf, name, cdf_grid, **params)
        F_n = snippet("F_n", sampling.ecdf, x, cdf_grid, note="the share of the draws at or below each point")
        charts.show(*figures.cdf(cdf_grid, F, F_n, discrete=discrete), name="cdf")
    explorer_metrics(snippet, name, params, x, n)


def explorer_metrics(snippet: Snippet, name: str, params: dict[str, float], x: np.ndarray, n: int) -> None:
    """The mean and variance from the formulas beside the sample's."""
    m = snippet("m", probability.moments, name, **params)
    mean, var = snippet("mean", np.mean, x), snippet("var", np.var, x, note="divided by n")
    cells = st.columns(4)
    cells[0].metric(t(f"{PAGE}.explorer.mean"), layout.num(m.mean, 4))
    cells[1].metric(t(f"{PAGE}.explorer.sample_mean", n=n), layout.num(mean, 4))
    cells[2].metric(t(f"{PAGE}.explorer.var"), layout.num(m.var, 4))
    cells[3].metric(t(f"{PAGE}.explorer.sample_var", n=n), layout.num(var, 4))
    if m.var == 0:
        st.info(t(f"{PAGE}.explorer.certain"))
    st.caption(t(f"{PAGE}.explorer.caption"))


# --- 2. Law of large numbers and the central limit theorem ------------------------------------


@demo("limits")
def limits(snippet: Snippet) -> None:
    name = distribution_choice(LIMIT_DISTRIBUTIONS, "lln_dist")
    c1, c2, c3 = st.columns([2, 2, 1])
    draws = c1.slider(t(f"{PAGE}.limits.draws"), 10, 5000, 1000, key="lln_draws", bind="query-params")
    n_help = t(f"{PAGE}.limits.n_help", repeats=REPEATS)
    n = c2.slider(t(f"{PAGE}.limits.n"), 1, 100, 5, key="clt_n", bind="query-params", help=n_help)
    with c3:
        rng = snippet.rng(layout.seed("lln_seed"))
    m = snippet("m", probability.moments, name)
    x = snippet("x", probability.sample, name, rng, draws)
    running = snippet("running", sampling.running_mean, x, note="the mean of the first k draws, k = 1 … draws")
    low, high = snippet("low, high", sampling.running_band, m.mean, m.sd, draws, note="μ ± 2σ/√k")
    means = snippet("means", sampling.sample_means, name, n, REPEATS, rng, note=f"{REPEATS} means of n draws")
    se = snippet("se", sampling.standard_error, m.sd, n, note="σ/√n")
    lo, hi = (m.mean - 4.5 * se, m.mean + 4.5 * se) if se > 0 else (m.mean - 1, m.mean + 1)
    grid = snippet("grid", np.linspace, lo, hi, 201)
    bars = snippet("bars", sampling.histogram, means, lo, hi, discrete=False)
    curve = snippet("curve", special.normal_pdf, grid, m.mean, se, note="N(μ, σ²/n), the CLT's prediction")
    left, right = st.columns(2)
    with left:
        charts.show(*figures.running_mean(running, low, high, m.mean), name="running_mean")
    with right:
        charts.show(*figures.sample_means(bars, grid, curve, n=n, repeats=REPEATS), name="sample_means")
    spread = snippet("spread", np.std, means)
    cells = st.columns(3)
    cells[0].metric("μ", layout.num(m.mean, 4))
    cells[1].metric(t(f"{PAGE}.limits.se", n=n), layout.num(se, 4))
    cells[2].metric(t(f"{PAGE}.limits.sd_means"), layout.num(spread, 4))
    skew = snippet("skew", sampling.skewness_of_mean, m.skewness, n, note="γ₁/√n")
    st.caption(t(f"{PAGE}.limits.caption", one=layout.num(m.skewness), mean=layout.num(skew), n=n))


# --- 3. Maximum likelihood ---------------------------------------------------------------------


def true_value(column, symbol: str, low: float, high: float, value: float, step: float, key: str) -> float:
    """A slider for a parameter of the distribution the sample is drawn from (drawn only with its model)."""
    return state.dependent(column.slider, t(f"{PAGE}.mle.true", symbol=symbol), low, high, value, step, key=key)


@demo("mle")
def mle(snippet: Snippet) -> None:
    model = distribution_choice(["normal", "bernoulli"], "mle_model", t(f"{PAGE}.mle.model"))
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    if model == "normal":
        true = {"mu": true_value(c1, "μ", -3.0, 3.0, 1.0, 0.1, "mle_mu")}
        true["sigma"] = true_value(c2, "σ", 0.2, 3.0, 1.0, 0.1, "mle_sigma")
    else:
        true = {"p": true_value(c1, "p", 0.0, 1.0, 0.3, 0.01, "mle_p")}
    n = c3.slider(t(f"{PAGE}.mle.n"), 1, 500, 20, key="mle_n", bind="query-params")
    with c4:
        rng = snippet.rng(layout.seed("mle_seed"))
    x = snippet("x", probability.sample, model, rng, n, **true)
    left, right = st.columns(2)
    (normal_fit if model == "normal" else bernoulli_fit)(snippet, x, true, left, right)
    st.caption(t(f"{PAGE}.mle.caption_{model}"))


def normal_fit(snippet: Snippet, x: np.ndarray, true: dict[str, float], left, right) -> None:
    """μ̂ and σ̂, the fitted normal over the sample, ℓ(μ) with σ known, and −ℓ/n as a constant plus the MSE."""
    sigma, n = true["sigma"], len(x)
    mu_hat, sigma_hat = snippet("mu_hat, sigma_hat", estimation.normal_mle, x)
    lo, hi = x.min() - 2 * sigma, x.max() + 2 * sigma  # the picture's range
    bars = snippet("bars", sampling.histogram, x, lo, hi, discrete=False, bins=min(30, max(5, n // 3)))
    grid, fitted = np.zeros(0), np.zeros(0)
    if sigma_hat > 0:
        grid = snippet("grid", np.linspace, lo, hi, 201)
        fitted = snippet("fitted", special.normal_pdf, grid, mu_hat, sigma_hat)
    mu_grid = snippet("mu_grid", np.linspace, mu_hat - 3 * sigma, mu_hat + 3 * sigma, 241)
    loglik = snippet("loglik", estimation.normal_log_likelihood, x, mu_grid, sigma, note="ℓ(μ), with σ known")
    nll = snippet("nll", estimation.normal_nll, x, mu_hat, sigma, note="−ℓ(μ̂)/n")
    loss = snippet("loss", estimation.mse, x, mu_hat)
    with left:
        charts.show(*figures.normal_fit(bars, grid, fitted), name="mle_fit")
    with right:
        charts.show(*figures.log_likelihood(mu_grid, loglik, mu_hat, symbol="μ"), name="log_likelihood")
    tex = layout.tex_num
    st.latex(rf"\hat\mu = \bar x = {tex(mu_hat, 4)}, \quad \hat\sigma = {tex(sigma_hat, 4)}")
    st.latex(
        rf"-\tfrac{{1}}{{n}}\ell(\hat\mu) = {tex(nll, 4)}"
        rf" = \log({tex(sigma)} \cdot \sqrt{{2\pi}}) + \frac{{\text{{MSE}}}}{{2 \cdot {tex(sigma)}^2}},"
        rf" \qquad \text{{MSE}} = {tex(loss, 4)}"
    )
    if sigma_hat == 0:
        st.info(t(f"{PAGE}.mle.one_point"))


def bernoulli_fit(snippet: Snippet, x: np.ndarray, true: dict[str, float], left, right) -> None:
    """p̂ = k/n, the counts of zeros and ones, ℓ(p), and −ℓ/n as the binary cross-entropy."""
    n = len(x)
    p_hat = snippet("p_hat", estimation.bernoulli_mle, x)
    k = snippet("k", np.count_nonzero, x)
    p_grid = snippet("p_grid", np.linspace, 0.0, 1.0, 201)
    loglik = snippet("loglik", estimation.bernoulli_log_likelihood, x, p_grid)
    bce = snippet("bce", estimation.bernoulli_nll, x, p_hat, note="−ℓ(p̂)/n, the binary cross-entropy")
    with left:
        charts.show(*figures.flips(n, k), name="mle_flips")
    with right:
        charts.show(*figures.log_likelihood(p_grid, loglik, p_hat, symbol="p"), name="log_likelihood")
    st.latex(rf"\hat p = \frac{{k}}{{n}} = \frac{{{k}}}{{{n}}} = {layout.tex_num(p_hat, 4)}")
    st.latex(rf"-\tfrac{{1}}{{n}}\ell(\hat p) = \operatorname{{BCE}}(x, \hat p) = {layout.tex_num(bce, 4)}")
    if p_hat in (0.0, 1.0):
        st.info(t(f"{PAGE}.mle.certain", value=layout.num(p_hat)))


# --- 4. Bayes' theorem and a base rate -----------------------------------------------------------


@demo("bayes")
def bayes(snippet: Snippet) -> None:
    c1, c2, c3 = st.columns(3)
    prior = c1.slider(
        t(f"{PAGE}.bayes.prior"), 0.001, 0.5, 0.01, 0.001, format="%.3f", key="bayes_prior", bind="query-params"
    )
    sensitivity = c2.slider(t(f"{PAGE}.bayes.sensitivity"), 0.5, 1.0, 0.9, 0.01, key="bayes_sens", bind="query-params")
    fpr = c3.slider(t(f"{PAGE}.bayes.fpr"), 0.0, 0.5, 0.05, 0.005, format="%.3f", key="bayes_fpr", bind="query-params")
    posterior = snippet("posterior", estimation.bayes, prior, sensitivity, fpr, note="P(ill | positive test)")
    counts = snippet("counts", estimation.natural_frequencies, prior, sensitivity, fpr, POPULATION)
    question = predict.Question(t(f"{PAGE}.bayes.predict"), 0.0, 1.0, 0.01, close=0.05)
    if not predict.first(PAGE, "bayes", question, posterior, snippet.code()):
        return  # the squares count the positives: they would give the answer away
    left, right = st.columns([3, 2])
    with left:
        chart, data = figures.natural_frequencies(counts, population=POPULATION, columns=WAFFLE_COLUMNS)
        charts.show(chart, data, name="natural_frequencies", width="content")
    with right:
        st.metric(t(f"{PAGE}.bayes.posterior"), f"{posterior:.1%}")
        tex = layout.tex_num
        st.latex(
            rf"\frac{{{tex(sensitivity)} \cdot {tex(prior)}}}"
            rf"{{{tex(sensitivity)} \cdot {tex(prior)} + {tex(fpr)} \cdot {tex(1 - prior)}}} = {tex(posterior)}"
        )
        positives = counts["tp"] + counts["fp"]
        st.markdown(t(f"{PAGE}.bayes.reading", population=POPULATION, **counts, positives=positives))
    st.caption(t(f"{PAGE}.bayes.caption"))


# --- 5. A Beta prior updated by coin flips -------------------------------------------------------


@demo("posterior")
def posterior(snippet: Snippet) -> None:
    c1, c2, c3, c4, c5 = st.columns([2, 2, 2, 3, 1])
    prior_help, n_help = t(f"{PAGE}.posterior.prior_help"), t(f"{PAGE}.posterior.n_help")
    alpha = c1.slider("α", 0.5, 20.0, 2.0, 0.5, key="post_a", bind="query-params", help=prior_help)
    beta = c2.slider("β", 0.5, 20.0, 2.0, 0.5, key="post_b", bind="query-params", help=prior_help)
    p = true_value(c3, "p", 0.0, 1.0, 0.7, 0.01, "post_p")
    n = c4.slider(t(f"{PAGE}.posterior.n"), 0, MAX_FLIPS, 10, key="post_n", bind="query-params", help=n_help)
    with c5:
        rng = snippet.rng(layout.seed("post_seed"))
    # The first n draws of one seeded stream: moving n right reveals more of the same flips.
    flips = snippet("flips", probability.sample, "bernoulli", rng, n, p=p, note="the first n flips of one sequence")
    heads = snippet("heads", np.count_nonzero, flips)
    post = snippet("post", estimation.beta_posterior, alpha, beta, heads, n - heads)
    grid = snippet("grid", np.linspace, 0.0025, 0.9975, 200)
    prior_pdf = snippet("prior_pdf", probability.beta_pdf, grid, alpha, beta)
    post_pdf = snippet("post_pdf", probability.beta_pdf, grid, post.alpha, post.beta)
    left, right = st.columns([3, 2])
    with left:
        charts.show(*figures.beta_update(grid, prior_pdf, post_pdf, p, heads=heads, n=n), name="beta_posterior")
    with right:
        tex = layout.tex_num
        st.latex(
            rf"\operatorname{{Beta}}({tex(alpha)}, {tex(beta)}) \to "
            rf"\operatorname{{Beta}}({tex(post.alpha)}, {tex(post.beta)})"
        )
        st.metric(t(f"{PAGE}.posterior.mean"), layout.num(post.mean, 3))
        st.metric(t(f"{PAGE}.posterior.sd"), layout.num(post.sd, 3))
        if n:
            st.metric(t(f"{PAGE}.posterior.mle"), layout.num(snippet("p_hat", estimation.bernoulli_mle, flips), 3))
    st.caption(t(f"{PAGE}.posterior.caption"))


# --- 6. Variance through the layers of a deep network ------------------------------------------


@demo("init")
def init(snippet: Snippet) -> None:
    c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
    with c1:
        activation = state.choice(
            t(f"{PAGE}.init.activation"),
            list(initialisation.LAYER_ACTIVATIONS),
            key="init_act",
            section=f"{PAGE}.init.activations",
            widget=st.radio,
            horizontal=True,
        )
    depth = c2.slider(t(f"{PAGE}.init.depth"), 1, 50, 20, key="init_depth", bind="query-params")
    width = c3.slider(t(f"{PAGE}.init.width"), 16, 256, 128, 16, key="init_width", bind="query-params")
    with c4:
        rng = snippet.rng(layout.seed("init_seed"))
    runs = snippet(
        "runs", initialisation.compare_inits, depth, width, activation, rng, cache=True, note="the same weights, scaled"
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(*figures.layer_variances(runs, depth=depth, width=width), name="layer_variances")
    with right:
        for name, v in runs.items():
            st.metric(t(f"{PAGE}.init.last", init=t(f"{PAGE}.init.inits.{name}")), layout.num(v[-1], 3))
    st.caption(t(f"{PAGE}.init.caption"))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[explorer, limits, mle, bayes, posterior, init],
    code=[
        probability.distribution,
        sampling.histogram,
        sampling.sample_means,
        sampling.standard_error,
        estimation.normal_log_likelihood,
        estimation.bernoulli_nll,
        estimation.bayes,
        estimation.beta_posterior,
        initialisation.compare_inits,
    ],
)
