"""4. Probability distributions and random variables: densities, averages, likelihoods, priors."""

import json

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, probability
from ui import charts, layout, state
from ui.i18n import t

PAGE = "probability"
SYMBOLS = {"p": "p", "n": "n", "lam": "λ", "a": "a", "b": "b", "mu": "μ", "sigma": "σ", "alpha": "α", "beta": "β"}

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "moments": r"\mathbb{E}[X] = \sum_k k\,P(X = k) \ \ \big(\textstyle\int x f(x)\,dx\big), \qquad \operatorname{Var}(X) = \mathbb{E}\big[(X - \mathbb{E}[X])^2\big]",
        "limits": r"\bar X_n = \frac{1}{n}\sum_{i=1}^n X_i \to \mu, \qquad \frac{\bar X_n - \mu}{\sigma/\sqrt{n}} \approx \mathcal{N}(0, 1)",
        "mle": r"\begin{gathered}\hat\theta = \arg\max_\theta \sum_{i=1}^n \log p(x_i \mid \theta) \\ -\log \mathcal{N}(x \mid \mu, \sigma^2) = \frac{(x - \mu)^2}{2\sigma^2} + \log(\sigma\sqrt{2\pi}), \qquad -\log \operatorname{Bern}(x \mid p) = \underbrace{-x\log p - (1 - x)\log(1 - p)}_{\operatorname{BCE}(x,\, p)}\end{gathered}",
        "bayes": r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}, \qquad \operatorname{Beta}(\alpha, \beta) \xrightarrow{\ k \times 1,\ m \times 0\ } \operatorname{Beta}(\alpha + k, \beta + m)",
        "init": r"z_j = \sum_{i=1}^{n_\text{in}} w_{ij} h_i \ \Rightarrow\ \operatorname{Var}(z_j) = n_\text{in}\, \operatorname{Var}(w)\, \mathbb{E}[h^2]",
    },
)

layout.section("explore")


def parameter_sliders(name: str, prefix: str) -> dict[str, float]:
    """One slider per parameter of a distribution, each with its own URL key."""
    values = {}
    columns = st.columns(len(probability.DISTRIBUTIONS[name].parameters))
    for column, p in zip(columns, probability.DISTRIBUTIONS[name].parameters):
        step = 1 if p.integer else 0.01 if p.high - p.low <= 1 else 0.1
        kind = int if p.integer else float
        values[p.name] = column.slider(
            SYMBOLS[p.name],
            kind(p.low),
            kind(p.high),
            kind(p.default),
            kind(step),
            key=f"{prefix}_{name}_{p.name}",
            bind="query-params",
        )
    return values


def density_frame(dist: probability.Distribution, theta: tuple[float, ...], lo: float, hi: float) -> pd.DataFrame:
    """The PMF at every whole number, or the PDF on a fine grid, over [lo, hi]."""
    x = np.arange(int(lo), int(hi) + 1) if dist.discrete else np.linspace(lo, hi, 201)
    return pd.DataFrame({"x": x, "density": dist.density(x, *theta)})


def histogram_frame(x: np.ndarray, lo: float, hi: float, discrete: bool, bins: int = 40) -> pd.DataFrame:
    left, right, height = probability.histogram(x, lo, hi, discrete=discrete, bins=bins)
    return pd.DataFrame({"left": left, "right": right, "height": height})


def over_histogram(
    bars: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    discrete: bool = False,
    color: str = charts.PALETTE[0],
) -> alt.LayerChart:
    """A sample's histogram (grey) under the formula: stems for a PMF, since a discrete
    variable has no values between its points, and a curve for a PDF.
    """
    y_scale = alt.Scale(domain=[0, y_limit(curve["density"].to_numpy(), bars["height"].to_numpy())])
    histogram = (
        alt.Chart(bars)
        .mark_rect(color=charts.NEUTRAL, opacity=0.45, clip=True)
        .encode(
            x=alt.X("left:Q", title=x_title),
            x2="right:Q",
            y=alt.Y("height:Q", scale=y_scale, title=y_title),
            y2=alt.datum(0),
            tooltip=[alt.Tooltip("height:Q", format=".4f")],
        )
    )
    base = alt.Chart(curve).encode(
        x="x:Q",
        y=alt.Y("density:Q", scale=y_scale),
        tooltip=[alt.Tooltip("x:Q", format=".4g"), alt.Tooltip("density:Q", format=".4f")],
    )
    if discrete:
        return alt.layer(
            histogram,
            base.mark_rule(color=color, strokeWidth=2, clip=True),
            base.mark_circle(color=color, size=45, opacity=1, clip=True),
        )
    return alt.layer(histogram, base.mark_line(color=color, strokeWidth=2.5, clip=True))


def y_limit(density: np.ndarray, heights: np.ndarray) -> float:
    """A y range that shows the shape: a beta density with α < 1 is infinite at 0."""
    finite, tallest_bar = density[np.isfinite(density)], heights.max(initial=0.0)
    if not len(finite):
        return float(tallest_bar * 1.05) or 1.0
    typical = max(np.quantile(finite, 0.9), tallest_bar)
    return float(max(min(finite.max(), 1.6 * typical), tallest_bar) * 1.05) or 1.0


# --- 1. Distribution explorer --------------------------------------------------------------


@st.fragment
def explorer_demo() -> None:
    layout.demo(PAGE, "explorer")
    name = state.choice(
        t(f"{PAGE}.distribution"),
        list(probability.DISTRIBUTIONS),
        key="pd_dist",
        section=f"{PAGE}.distributions",
        widget=st.radio,
        horizontal=True,
    )
    params = parameter_sliders(name, "pd")
    c1, c2 = st.columns([3, 1])
    n = c1.slider(
        t(f"{PAGE}.explorer.n"), 1, 10_000, 500, key="pd_n", bind="query-params", help=t(f"{PAGE}.explorer.n_help")
    )
    with c2:
        seed = layout.seed("pd_seed")
    try:
        dist, theta = probability.distribution(name, **params)
    except MathDLError as error:
        layout.error(error)
        return
    x = dist.sample(np.random.default_rng(seed), n, *theta)
    lo, hi = dist.support(*theta)
    bars = histogram_frame(x, lo, hi, dist.discrete)
    frame = density_frame(dist, theta, lo, hi)
    kind = "pmf" if dist.discrete else "pdf"
    left, right = st.columns(2)
    with left:
        picture = over_histogram(bars, frame, x_title="x", y_title=t(f"{PAGE}.explorer.{kind}"), discrete=dist.discrete)
        charts.show(
            picture.properties(title=t(f"{PAGE}.explorer.density_title", kind=kind.upper(), n=n), height=300),
            pd.concat([frame, bars]),
            name="distribution",
        )
    with right:
        grid = np.arange(int(lo) - 1, int(hi) + 2) if dist.discrete else np.linspace(lo, hi, 201)
        formula, sample = t(f"{PAGE}.explorer.formula"), t(f"{PAGE}.explorer.sample")
        cdf = pd.concat(
            [
                pd.DataFrame({"x": grid, "F": dist.cdf(grid, *theta), "curve": formula}),
                pd.DataFrame({"x": grid, "F": probability.ecdf(x, grid), "curve": sample}),
            ]
        )
        step = "step-after" if dist.discrete else "linear"
        chart = (
            alt.Chart(cdf)
            .mark_line(interpolate=step, strokeWidth=2)
            .encode(
                x=alt.X("x:Q"),
                y=alt.Y("F:Q", title="F(x) = P(X ≤ x)", scale=alt.Scale(domain=[0, 1])),
                color=alt.Color(
                    "curve:N", scale=charts.colors([formula, sample]), title=None, legend=alt.Legend(orient="bottom")
                ),
                strokeDash=alt.StrokeDash(
                    "curve:N", scale=alt.Scale(domain=[formula, sample], range=[[1, 0], [5, 3]]), legend=None
                ),
            )
        )
        charts.show(chart.properties(title=t(f"{PAGE}.explorer.cdf_title"), height=300), cdf, name="cdf")
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.explorer.mean"), layout.num(dist.mean(*theta), 4))
    m[1].metric(t(f"{PAGE}.explorer.sample_mean", n=n), layout.num(x.mean(), 4))
    m[2].metric(t(f"{PAGE}.explorer.var"), layout.num(dist.var(*theta), 4))
    m[3].metric(t(f"{PAGE}.explorer.sample_var", n=n), layout.num(x.var(), 4))
    if dist.var(*theta) == 0:
        st.info(t(f"{PAGE}.explorer.certain"))
    st.caption(t(f"{PAGE}.explorer.caption"))
    arguments = ", ".join(f"{k}={v:g}" for k, v in params.items())
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.probability import distribution\n"
        f"dist, theta = distribution({name!r}, {arguments})\n"
        "dist.mean(*theta), dist.var(*theta)\n"
        f"x = dist.sample(np.random.default_rng({seed}), {n}, *theta)\n"
        f"dist.density([{lo:g}, {(lo + hi) / 2:g}, {hi:g}], *theta), dist.cdf({(lo + hi) / 2:g}, *theta)"
    )


# --- 2. Law of large numbers and the central limit theorem ------------------------------------

LIMIT_DISTRIBUTIONS = ["exponential", "bernoulli", "poisson", "beta", "uniform"]
REPEATS = 2000


@st.fragment
def limits_demo() -> None:
    layout.demo(PAGE, "limits")
    name = state.choice(
        t(f"{PAGE}.distribution"),
        LIMIT_DISTRIBUTIONS,
        key="lln_dist",
        section=f"{PAGE}.distributions",
        widget=st.radio,
        horizontal=True,
    )
    c1, c2, c3 = st.columns([2, 2, 1])
    draws = c1.slider(t(f"{PAGE}.limits.draws"), 10, 5000, 1000, key="lln_draws", bind="query-params")
    n = c2.slider(t(f"{PAGE}.limits.n"), 1, 100, 5, key="clt_n", bind="query-params", help=t(f"{PAGE}.limits.n_help"))
    with c3:
        seed = layout.seed("lln_seed")
    dist, theta = probability.distribution(name)
    rng = np.random.default_rng(seed)
    mu, sigma = dist.mean(*theta), np.sqrt(dist.var(*theta))
    running = probability.running_mean(dist.sample(rng, draws, *theta))
    means = probability.sample_means(name, n, REPEATS, rng)
    left, right = st.columns(2)
    with left:
        k = charts.sample(len(running), 400, log=True) + 1  # a long running mean stays a small chart
        frame = pd.DataFrame(
            {"k": k, "mean": running[k - 1], "low": mu - 2 * sigma / np.sqrt(k), "high": mu + 2 * sigma / np.sqrt(k)}
        )
        axis_x = alt.X("k:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.limits.k"))
        band = (
            alt.Chart(frame).mark_area(opacity=0.18, color=charts.PALETTE[0]).encode(x=axis_x, y="low:Q", y2="high:Q")
        )
        line = (
            alt.Chart(frame)
            .mark_line(color=charts.PALETTE[0])
            .encode(
                x=axis_x,
                y=alt.Y("mean:Q", title=t(f"{PAGE}.limits.running")),
                tooltip=["k:Q", alt.Tooltip("mean:Q", format=".4f")],
            )
        )
        rule = (
            alt.Chart(pd.DataFrame({"mu": [mu]}))
            .mark_rule(color=charts.PALETTE[3], strokeDash=[6, 4], strokeWidth=2)
            .encode(y="mu:Q")
        )
        charts.show(
            (band + line + rule).properties(title=t(f"{PAGE}.limits.lln_title"), height=300), frame, name="running_mean"
        )
    with right:
        se = sigma / np.sqrt(n)
        lo, hi = (mu - 4.5 * se, mu + 4.5 * se) if se > 0 else (mu - 1, mu + 1)
        bars = histogram_frame(means, lo, hi, discrete=False)
        grid = np.linspace(lo, hi, 201)
        curve = pd.DataFrame({"x": grid, "density": probability.DISTRIBUTIONS["normal"].density(grid, mu, se)})
        picture = over_histogram(
            bars,
            curve,
            x_title=t(f"{PAGE}.limits.mean_axis", n=n),
            y_title=t(f"{PAGE}.explorer.pdf"),
            color=charts.PALETTE[1],
        )
        charts.show(
            picture.properties(title=t(f"{PAGE}.limits.clt_title", repeats=REPEATS, n=n), height=300),
            pd.concat([bars, curve]),
            name="sample_means",
        )
    m = st.columns(3)
    m[0].metric("μ", layout.num(mu, 4))
    m[1].metric(t(f"{PAGE}.limits.se", n=n), layout.num(se, 4))
    m[2].metric(t(f"{PAGE}.limits.sd_means"), layout.num(means.std(), 4))
    st.caption(t(f"{PAGE}.limits.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.probability import distribution, running_mean, sample_means\n"
        f"rng = np.random.default_rng({seed})\n"
        f"dist, theta = distribution({name!r})\n"
        f"running_mean(dist.sample(rng, {draws}, *theta))   # the law of large numbers\n"
        f"sample_means({name!r}, n={n}, repeats={REPEATS}, rng=rng)   # the central limit theorem"
    )


# --- 3. Maximum likelihood ---------------------------------------------------------------------


@st.fragment
def mle_demo() -> None:
    layout.demo(PAGE, "mle")
    model = state.choice(
        t(f"{PAGE}.mle.model"),
        ["normal", "bernoulli"],
        key="mle_model",
        section=f"{PAGE}.distributions",
        widget=st.radio,
        horizontal=True,
    )
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    if model == "normal":
        mu = c1.slider(t(f"{PAGE}.mle.true", symbol="μ"), -3.0, 3.0, 1.0, 0.1, key="mle_mu", bind="query-params")
        sigma = c2.slider(t(f"{PAGE}.mle.true", symbol="σ"), 0.2, 3.0, 1.0, 0.1, key="mle_sigma", bind="query-params")
    else:
        p = c1.slider(t(f"{PAGE}.mle.true", symbol="p"), 0.0, 1.0, 0.3, 0.01, key="mle_p", bind="query-params")
    n = c3.slider(t(f"{PAGE}.mle.n"), 1, 500, 20, key="mle_n", bind="query-params")
    with c4:
        seed = layout.seed("mle_seed")
    rng = np.random.default_rng(seed)
    left, right = st.columns(2)
    if model == "normal":
        x = rng.normal(mu, sigma, n)
        mu_hat, sigma_hat = probability.normal_mle(x)
        grid = np.linspace(mu_hat - 3 * sigma, mu_hat + 3 * sigma, 241)
        curve = pd.DataFrame({"theta": grid, "loglik": probability.normal_log_likelihood(x, grid, sigma)})
        best, symbol = mu_hat, "μ"
        with left:
            lo, hi = x.min() - 2 * sigma, x.max() + 2 * sigma
            bars = histogram_frame(x, lo, hi, discrete=False, bins=min(30, max(5, n // 3)))
            grid_x = np.linspace(lo, hi, 201)
            fitted = (
                pd.DataFrame(
                    {"x": grid_x, "density": probability.DISTRIBUTIONS["normal"].density(grid_x, mu_hat, sigma_hat)}
                )
                if sigma_hat > 0
                else pd.DataFrame({"x": [], "density": []})
            )
            picture = over_histogram(
                bars, fitted, x_title="x", y_title=t(f"{PAGE}.explorer.pdf"), color=charts.PALETTE[1]
            )
            charts.show(
                picture.properties(title=t(f"{PAGE}.mle.fit_title"), height=280),
                pd.concat([bars, fitted]),
                name="mle_fit",
            )
        ll_hat = float(probability.normal_log_likelihood(x, mu_hat, sigma))
        loss = probability.mse(x, mu_hat)
        st.latex(rf"\hat\mu = \bar x = {layout.tex_num(mu_hat, 4)}, \quad \hat\sigma = {layout.tex_num(sigma_hat, 4)}")
        st.latex(
            rf"-\tfrac{{1}}{{n}}\ell(\hat\mu) = {layout.tex_num(-ll_hat / n, 4)}"
            rf" = \log({layout.tex_num(sigma)}\sqrt{{2\pi}}) + \frac{{\text{{MSE}} = {layout.tex_num(loss, 4)}}}{{2\cdot{layout.tex_num(sigma)}^2}}"
        )
        if sigma_hat == 0:
            st.info(t(f"{PAGE}.mle.one_point"))
    else:
        x = (rng.random(n) < p).astype(float)
        p_hat = probability.bernoulli_mle(x)
        grid = np.linspace(0.0, 1.0, 201)
        with np.errstate(divide="ignore"):
            loglik = probability.bernoulli_log_likelihood(x, grid)
        finite = np.isfinite(loglik)
        curve = pd.DataFrame({"theta": grid[finite], "loglik": loglik[finite]})
        best, symbol = p_hat, "p"
        with left:
            counts = pd.DataFrame({"x": [0, 1], "count": [int(n - x.sum()), int(x.sum())]})
            chart = (
                alt.Chart(counts)
                .mark_bar(color=charts.NEUTRAL, size=40)
                .encode(
                    x=alt.X("x:O", title=t(f"{PAGE}.mle.outcome"), axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("count:Q", title=t(f"{PAGE}.mle.count")),
                    tooltip=["x:O", "count:Q"],
                )
            )
            charts.show(
                chart.properties(title=t(f"{PAGE}.mle.flips_title", k=int(x.sum()), n=n), height=280),
                counts,
                name="mle_flips",
            )
        with np.errstate(divide="ignore"):
            ll_hat = float(probability.bernoulli_log_likelihood(x, p_hat))
        st.latex(rf"\hat p = \frac{{k}}{{n}} = \frac{{{int(x.sum())}}}{{{n}}} = {layout.tex_num(p_hat, 4)}")
        st.latex(rf"-\tfrac{{1}}{{n}}\ell(\hat p) = \operatorname{{BCE}}(x, \hat p) = {layout.tex_num(-ll_hat / n, 4)}")
        if p_hat in (0.0, 1.0):
            st.info(t(f"{PAGE}.mle.certain", value=layout.num(p_hat)))
    with right:
        ll = (
            alt.Chart(curve)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
            .encode(
                x=alt.X("theta:Q", title=symbol),
                y=alt.Y("loglik:Q", title=t(f"{PAGE}.mle.loglik"), scale=alt.Scale(zero=False)),
                tooltip=[alt.Tooltip("theta:Q", format=".3f"), alt.Tooltip("loglik:Q", format=".2f")],
            )
        )
        peak = (
            alt.Chart(pd.DataFrame({"theta": [best]}))
            .mark_rule(color=charts.PALETTE[3], strokeDash=[6, 4], strokeWidth=2)
            .encode(x="theta:Q")
        )
        charts.show(
            (ll + peak).properties(title=t(f"{PAGE}.mle.ll_title", symbol=symbol), height=280),
            curve,
            name="log_likelihood",
        )
    st.caption(t(f"{PAGE}.mle.caption_{model}"))
    draw = f"rng.normal({mu:g}, {sigma:g}, {n})" if model == "normal" else f"(rng.random({n}) < {p:g}).astype(float)"
    fit = (
        f"normal_mle(x), normal_log_likelihood(x, mu_grid, sigma={sigma:g})"
        if model == "normal"
        else "bernoulli_mle(x), bernoulli_log_likelihood(x, p_grid)"
    )
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.probability import bernoulli_log_likelihood, bernoulli_mle, normal_log_likelihood, normal_mle\n"
        f"rng = np.random.default_rng({seed})\n"
        f"x = {draw}\n"
        f"{fit}"
    )


# --- 4. Bayes' theorem and a base rate -----------------------------------------------------------

POPULATION, WAFFLE_COLUMNS = 1000, 40


@st.fragment
def bayes_demo() -> None:
    layout.demo(PAGE, "bayes")
    c1, c2, c3 = st.columns(3)
    prior = c1.slider(
        t(f"{PAGE}.bayes.prior"), 0.001, 0.5, 0.01, 0.001, format="%.3f", key="bayes_prior", bind="query-params"
    )
    sensitivity = c2.slider(t(f"{PAGE}.bayes.sensitivity"), 0.5, 1.0, 0.9, 0.01, key="bayes_sens", bind="query-params")
    fpr = c3.slider(t(f"{PAGE}.bayes.fpr"), 0.0, 0.5, 0.05, 0.005, format="%.3f", key="bayes_fpr", bind="query-params")
    posterior = probability.bayes(prior, sensitivity, fpr)
    counts = probability.natural_frequencies(prior, sensitivity, fpr, POPULATION)
    names = {group: t(f"{PAGE}.bayes.groups.{group}") for group in counts}
    # One square per person, laid out by Vega from the four counts: a tiny payload.
    cut = np.cumsum(list(counts.values()))
    group_of = f"datum.i < {cut[0]} ? {json.dumps(names['tp'])} : datum.i < {cut[1]} ? {json.dumps(names['fn'])} : datum.i < {cut[2]} ? {json.dumps(names['fp'])} : {json.dumps(names['tn'])}"
    waffle = (
        alt.Chart(alt.sequence(0, POPULATION, as_="i"))
        .transform_calculate(
            col=f"datum.i % {WAFFLE_COLUMNS}", row=f"floor(datum.i / {WAFFLE_COLUMNS})", group=group_of
        )
        .mark_square(size=70, opacity=1)
        .encode(
            x=alt.X("col:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=list(names.values()),
                    range=[charts.PALETTE[3], charts.PALETTE[1], charts.PALETTE[0], "#D9D9D9"],
                ),
                title=None,
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
            ),
            tooltip=["group:N"],
        )
        .properties(
            title=t(f"{PAGE}.bayes.waffle_title", population=POPULATION), width=alt.Step(11), height=alt.Step(11)
        )
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(
            waffle,
            pd.DataFrame({"group": list(names.values()), "people": list(counts.values())}),
            name="natural_frequencies",
            width="content",
        )
    with right:
        st.metric(t(f"{PAGE}.bayes.posterior"), f"{posterior:.1%}")
        st.latex(
            rf"\frac{{{layout.tex_num(sensitivity)} \cdot {layout.tex_num(prior)}}}"
            rf"{{{layout.tex_num(sensitivity)} \cdot {layout.tex_num(prior)} + {layout.tex_num(fpr)} \cdot {layout.tex_num(1 - prior)}}} = {layout.tex_num(posterior)}"
        )
        st.markdown(t(f"{PAGE}.bayes.reading", population=POPULATION, **counts, positives=counts["tp"] + counts["fp"]))
    st.caption(t(f"{PAGE}.bayes.caption"))
    layout.reproduce(
        "from mathdl.probability import bayes, natural_frequencies\n"
        f"bayes(prior={prior:g}, sensitivity={sensitivity:g}, false_positive_rate={fpr:g})\n"
        f"natural_frequencies({prior:g}, {sensitivity:g}, {fpr:g}, population={POPULATION})"
    )


# --- 5. A Beta prior updated by coin flips -------------------------------------------------------

MAX_FLIPS = 200


@st.fragment
def posterior_demo() -> None:
    layout.demo(PAGE, "posterior")
    c1, c2, c3, c4, c5 = st.columns([2, 2, 2, 3, 1])
    alpha = c1.slider(
        "α", 0.5, 20.0, 2.0, 0.5, key="post_a", bind="query-params", help=t(f"{PAGE}.posterior.prior_help")
    )
    beta = c2.slider(
        "β", 0.5, 20.0, 2.0, 0.5, key="post_b", bind="query-params", help=t(f"{PAGE}.posterior.prior_help")
    )
    p = c3.slider(t(f"{PAGE}.mle.true", symbol="p"), 0.0, 1.0, 0.7, 0.01, key="post_p", bind="query-params")
    n = c4.slider(
        t(f"{PAGE}.posterior.n"),
        0,
        MAX_FLIPS,
        10,
        key="post_n",
        bind="query-params",
        help=t(f"{PAGE}.posterior.n_help"),
    )
    with c5:
        seed = layout.seed("post_seed")
    # The same stream of flips for every n: moving the slider reveals more of it.
    flips = np.random.default_rng(seed).random(MAX_FLIPS)[:n] < p
    heads = int(flips.sum())
    a, b = probability.beta_posterior(alpha, beta, heads, n - heads)
    grid = np.linspace(0.0025, 0.9975, 200)
    prior_name, post_name = t(f"{PAGE}.posterior.prior"), t(f"{PAGE}.posterior.posterior")
    beta_pdf = probability.DISTRIBUTIONS["beta"].density
    curves = pd.concat(
        [
            pd.DataFrame({"p": grid, "density": beta_pdf(grid, alpha, beta), "curve": prior_name}),
            pd.DataFrame({"p": grid, "density": beta_pdf(grid, a, b), "curve": post_name}),
        ]
    )
    top = y_limit(curves["density"].to_numpy(), np.zeros(1))
    chart = (
        alt.Chart(curves)
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=alt.X("p:Q", title="p"),
            y=alt.Y("density:Q", title=t(f"{PAGE}.explorer.pdf"), scale=alt.Scale(domain=[0, top])),
            color=alt.Color(
                "curve:N",
                scale=alt.Scale(domain=[prior_name, post_name], range=[charts.NEUTRAL, charts.PALETTE[0]]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "curve:N", scale=alt.Scale(domain=[prior_name, post_name], range=[[5, 3], [1, 0]]), legend=None
            ),
        )
    )
    truth = (
        alt.Chart(pd.DataFrame({"p": [p]}))
        .mark_rule(color=charts.PALETTE[3], strokeDash=[6, 4], strokeWidth=2)
        .encode(x="p:Q")
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(
            (chart + truth).properties(title=t(f"{PAGE}.posterior.chart_title", heads=heads, n=n), height=300),
            curves,
            name="beta_posterior",
        )
    with right:
        mean = probability.DISTRIBUTIONS["beta"].mean(a, b)
        st.latex(
            rf"\operatorname{{Beta}}({layout.tex_num(alpha)}, {layout.tex_num(beta)}) \to \operatorname{{Beta}}({layout.tex_num(a)}, {layout.tex_num(b)})"
        )
        st.metric(t(f"{PAGE}.posterior.mean"), layout.num(mean, 3))
        st.metric(t(f"{PAGE}.posterior.sd"), layout.num(np.sqrt(probability.DISTRIBUTIONS["beta"].var(a, b)), 3))
        if n:
            st.metric(t(f"{PAGE}.posterior.mle"), layout.num(probability.bernoulli_mle(flips), 3))
    st.caption(t(f"{PAGE}.posterior.caption"))
    layout.reproduce(
        "from mathdl.probability import beta_posterior, distribution\n"
        f"a, b = beta_posterior({alpha:g}, {beta:g}, successes={heads}, failures={n - heads})\n"
        "dist, theta = distribution('beta', alpha=a, beta=b)\n"
        "dist.mean(*theta), dist.var(*theta)"
    )


# --- 6. Variance through the layers of a deep network ------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def variances(depth: int, width: int, activation: str, seed: int) -> dict[str, np.ndarray]:
    return {
        init: probability.layer_variances(depth, width, init, activation, np.random.default_rng(seed), n=200)
        for init in probability.INITS
    }


@st.fragment
def init_demo() -> None:
    layout.demo(PAGE, "init")
    c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
    with c1:
        activation = state.choice(
            t(f"{PAGE}.init.activation"),
            list(probability.LAYER_ACTIVATIONS),
            key="init_act",
            section=f"{PAGE}.init.activations",
            widget=st.radio,
            horizontal=True,
        )
    depth = c2.slider(t(f"{PAGE}.init.depth"), 1, 50, 20, key="init_depth", bind="query-params")
    width = c3.slider(t(f"{PAGE}.init.width"), 16, 256, 128, 16, key="init_width", bind="query-params")
    with c4:
        seed = layout.seed("init_seed")
    runs = variances(depth, width, activation, seed)
    names = {init: t(f"{PAGE}.init.inits.{init}") for init in runs}
    frame = pd.concat(
        [pd.DataFrame({"layer": np.arange(depth + 1), "variance": v, "init": names[init]}) for init, v in runs.items()]
    )
    frame["variance"] = frame["variance"].clip(lower=1e-30)  # a log axis has no 0
    chart = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=25))
        .encode(
            x=alt.X("layer:Q", title=t(f"{PAGE}.init.layer"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(
                "variance:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.init.variance"), axis=alt.Axis(format="~g")
            ),
            color=alt.Color(
                "init:N",
                scale=charts.colors(list(names.values())),
                title=None,
                legend=alt.Legend(orient="bottom", labelLimit=300),
            ),
            tooltip=["init:N", "layer:Q", alt.Tooltip("variance:Q", format=".3g")],
        )
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(
            chart.properties(title=t(f"{PAGE}.init.chart_title", depth=depth, width=width), height=380),
            frame,
            name="layer_variances",
        )
    with right:
        for init, v in runs.items():
            st.metric(t(f"{PAGE}.init.last", init=names[init]), layout.num(v[-1], 3))
    st.caption(t(f"{PAGE}.init.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.probability import layer_variances\n"
        + "".join(
            f"layer_variances({depth}, {width}, {init!r}, {activation!r}, np.random.default_rng({seed}), n=200)\n"
            for init in runs
        )
    )


explorer_demo()
st.divider()
limits_demo()
st.divider()
mle_demo()
st.divider()
bayes_demo()
st.divider()
posterior_demo()
st.divider()
init_demo()

layout.source_code(
    [
        probability.distribution,
        probability.sample_means,
        probability.normal_log_likelihood,
        probability.bayes,
        probability.beta_posterior,
        probability.layer_variances,
    ]
)
layout.quiz(PAGE)
