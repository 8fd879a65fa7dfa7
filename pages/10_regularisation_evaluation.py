"""10. Regularisation, generalisation and model evaluation: the U-curve, bias and variance, ridge against
lasso, early stopping and dropout, and the ways to measure a model honestly.
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, datasets, information, mlp, training
from mathdl import regularization as reg
from ui import charts, layout, state
from ui.i18n import t

PAGE = "generalisation"
HEIGHT = 390  # pixels for a chart with its title, axes and legend: the plot gets what is left
DEGREES = list(range(16))  # beyond 15, unpenalised fits on 10 to 100 points are mostly noise
FOLDS = 5
TEST_POINTS = 1000
REPEATS = 200  # training sets drawn for the bias-variance split
GRID = 61  # test points on [-1, 1] where the repeated fits are compared
FAN = 12  # of the repeated fits, drawn as thin lines
RING = 41  # points on each contour of the L1/L2 pictures
Y_LIMIT = 2.5  # the polynomial pictures show y in [-2.5, 2.5]; wilder fits leave through the edge
RIDGE_RANGE = (-1.0, 5.0)  # log10 α of ridge on the diabetes data: from barely any shrinkage to nearly all
LASSO_RANGE = (-2.0, 2.0)  # log10 α of the lasso: every weight is 0 from α_max ≈ 45 on
NET = (1, 64, 64, 1)  # a network far larger than 10 to 60 points need: it can memorise them
NET_LR = 0.01
NET_NOISE = 0.3
VALIDATION_POINTS = 200

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "bias_variance": r"\begin{aligned} \mathbb{E}\big[(y - \hat f(x))^2\big] &= \big(\mathbb{E}\hat f(x) - f(x)\big)^2 \\ &+ \mathbb{E}\big[(\hat f(x) - \mathbb{E}\hat f(x))^2\big] \\ &+ \sigma^2 \end{aligned}",
        "penalties": r"\begin{aligned} \hat{\mathbf w}_{L_2} &= \arg\min_{\mathbf w}\, \|\mathbf y - X\mathbf w - b\|_2^2 + \alpha\|\mathbf w\|_2^2 \\ \hat{\mathbf w}_{L_1} &= \arg\min_{\mathbf w}\, \tfrac{1}{2n}\|\mathbf y - X\mathbf w - b\|_2^2 + \alpha\|\mathbf w\|_1 \end{aligned}",
        "constraint": r"\min_{\|\mathbf w\|_1 \le t} L(\mathbf w) \;\Longleftrightarrow\; \min_{\mathbf w}\, L(\mathbf w) + \alpha_t\|\mathbf w\|_1",
        "network": r"\begin{aligned} \tilde{\mathbf h} &= \frac{\mathbf m \odot \mathbf h}{1 - p}, \quad m_i \sim \mathrm{Bernoulli}(1 - p) \\ L &= \frac{1}{n}\sum_{i}(\hat y_i - y_i)^2 + \frac{\lambda}{2}\sum_l \|W_l\|^2 \end{aligned}",
        "cv": r"\mathrm{CV}_k = \frac{1}{k}\sum_{i=1}^{k} \frac{1}{|F_i|}\sum_{j \in F_i}\big(y_j - \hat f^{(-i)}(x_j)\big)^2",
        "scores": r"\begin{aligned} P &= \frac{TP}{TP + FP}, \quad R = \frac{TP}{TP + FN} \\ F_1 &= \frac{2PR}{P + R}, \quad \mathrm{FPR} = \frac{FP}{FP + TN} \\ \mathrm{AUC} &= \Pr\big(s(x^+) > s(x^-)\big) \end{aligned}",
    },
)

layout.section("explore")


def tidy(chart: alt.Chart, columns: list[str], key: str, value: str) -> alt.Chart:
    """Send a chart's curves side by side, one column each, and stack them into (key, value) rows in
    the browser: each x is sent once, and no label is repeated on every row.
    """
    return chart.transform_fold(columns, as_=[key, value])


def legend(**kwargs) -> alt.Legend:
    return alt.Legend(orient="bottom", labelLimit=320, **kwargs)


def marker(value: float, field: str, color: str = charts.NEUTRAL) -> alt.Chart:
    """A dashed rule across the chart at the reader's current setting."""
    return (
        alt.Chart(pd.DataFrame({field: [value]}))
        .mark_rule(color=color, strokeDash=[6, 4], strokeWidth=2)
        .encode(x=f"{field}:Q")
    )


# --- 1. Polynomial degree: underfitting, overfitting, bias and variance -------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def polynomial_data(
    target: str, n: int, noise: float, seed: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return reg.noisy_sample(target, n, noise, rng), reg.noisy_sample(target, TEST_POINTS, noise, rng)


@st.cache_data(max_entries=32, show_spinner=False)
def u_curve(target: str, n: int, noise: float, seed: int, alpha: float) -> reg.DegreeCurve:
    (x, y), (x_test, y_test) = polynomial_data(target, n, noise, seed)
    return reg.degree_curve(x, y, x_test, y_test, DEGREES, alpha, folds=reg.kfold_indices(n, FOLDS))


@st.cache_data(max_entries=16, show_spinner=False)
def decomposition(target: str, n: int, noise: float, seed: int, alpha: float) -> reg.BiasVarianceCurve:
    return reg.bias_variance_curve(target, DEGREES, n, noise, REPEATS, np.random.default_rng(seed), alpha, m=GRID)


@st.cache_data(max_entries=64, show_spinner=False)
def repeated_fits(target: str, degree: int, n: int, noise: float, seed: int, alpha: float) -> reg.BiasVariance:
    return reg.bias_variance(target, degree, n, noise, REPEATS, np.random.default_rng(seed), alpha, m=GRID)


@st.fragment
def polynomial_demo() -> None:
    layout.demo(PAGE, "poly")
    c = st.columns([3, 2, 2, 2])
    with c[0]:
        target = state.choice(
            t(f"{PAGE}.poly.target"),
            list(reg.TARGETS),
            key="gen_target",
            section=f"{PAGE}.targets",
            help=t(f"{PAGE}.poly.target_help"),
        )
    n = c[1].slider(t(f"{PAGE}.poly.n"), 10, 100, 30, key="gen_n", bind="query-params", help=t(f"{PAGE}.poly.n_help"))
    noise = c[2].slider(
        t(f"{PAGE}.poly.noise"),
        0.05,
        1.0,
        0.3,
        0.05,
        key="gen_noise",
        bind="query-params",
        help=t(f"{PAGE}.poly.noise_help"),
    )
    with c[3]:
        seed = layout.seed("gen_seed")
    c = st.columns([4, 2, 3])
    degree = c[0].slider(
        t(f"{PAGE}.poly.degree"),
        0,
        DEGREES[-1],
        3,
        key="gen_degree",
        bind="query-params",
        help=t(f"{PAGE}.poly.degree_help"),
    )
    penalised = c[1].checkbox(
        t(f"{PAGE}.poly.ridge"), False, key="gen_ridge", bind="query-params", help=t(f"{PAGE}.poly.ridge_help")
    )
    log_alpha = c[2].slider(
        t(f"{PAGE}.poly.alpha"),
        -6.0,
        1.0,
        -2.0,
        0.5,
        format="10^%.1f",
        key="gen_alpha",
        bind="query-params",
        disabled=not penalised,
        help=t(f"{PAGE}.poly.alpha_help"),
    )
    alpha = 10.0**log_alpha if penalised else 0.0
    (x, y), _ = polynomial_data(target, n, noise, seed)
    with st.spinner(t(f"{PAGE}.poly.computing")):
        curve = u_curve(target, n, noise, seed, alpha)
        split = decomposition(target, n, noise, seed, alpha)
        here = repeated_fits(target, degree, n, noise, seed, alpha)
    fit = reg.fit_polynomial(x, y, degree, alpha)
    grid = np.linspace(-1, 1, 161)
    scale_x = alt.Scale(domain=[-1, 1], nice=False)
    scale_y = alt.Scale(domain=[-Y_LIMIT, Y_LIMIT], nice=False)
    left, right = st.columns(2)
    with left:
        names = {
            "truth": t(f"{PAGE}.poly.truth"),
            "fit": t(f"{PAGE}.poly.fit", degree=degree),
            "train": t(f"{PAGE}.poly.train_points"),
        }
        palette = alt.Scale(domain=list(names.values()), range=[charts.NEUTRAL, charts.PALETTE[0], charts.PALETTE[1]])
        lines = pd.DataFrame(
            {"x": grid, names["truth"]: reg.TARGETS[target](grid), names["fit"]: reg.predict_polynomial(fit, grid)}
        )
        curves = (
            tidy(alt.Chart(lines), [names["truth"], names["fit"]], "what", "y")
            .mark_line(strokeWidth=2.5, clip=True)
            .encode(
                x=alt.X("x:Q", scale=scale_x, title="x"),
                y=alt.Y("y:Q", scale=scale_y, title="y"),
                color=alt.Color("what:N", scale=palette, title=None, legend=legend(symbolType="stroke")),
                strokeDash=alt.StrokeDash(
                    "what:N",
                    scale=alt.Scale(domain=[names["truth"], names["fit"]], range=[[6, 4], [1, 0]]),
                    legend=None,
                ),
            )
        )
        points = pd.DataFrame({"x": x, "y": y})
        dots = (
            alt.Chart(points)
            .mark_circle(size=60, opacity=0.9, clip=True)
            .encode(
                x="x:Q",
                y="y:Q",
                color=alt.ColorDatum(names["train"], type="nominal", scale=palette),
                tooltip=[alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")],
            )
        )
        charts.show(
            (curves + dots).properties(title=t(f"{PAGE}.poly.fit_title", degree=degree, n=n), height=HEIGHT),
            pd.concat([lines, points.rename(columns={"y": names["train"]})]),
            name="polynomial_fit",
        )
    with right:
        kinds = {
            "train": t(f"{PAGE}.poly.train_error"),
            "test": t(f"{PAGE}.poly.test_error"),
            "cv": t(f"{PAGE}.poly.cv_error", k=FOLDS),
        }
        errors = pd.DataFrame(
            {
                "degree": curve.degrees,
                kinds["train"]: curve.train_mse,
                kinds["test"]: curve.test_mse,
                kinds["cv"]: curve.cv_mse,
            }
        )
        u = (
            tidy(alt.Chart(errors), list(kinds.values()), "error", "mse")
            .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=40, filled=True), clip=True)
            .encode(
                x=alt.X(
                    "degree:Q",
                    title=t(f"{PAGE}.poly.degree_axis"),
                    scale=alt.Scale(domain=[0, DEGREES[-1]], nice=False),
                ),
                y=alt.Y(
                    "mse:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.poly.mse_axis"), axis=alt.Axis(format="~g")
                ),
                color=alt.Color(
                    "error:N",
                    scale=charts.colors(list(kinds.values())),
                    title=None,
                    legend=legend(columns=2, symbolType="stroke"),
                ),
                tooltip=["error:N", "degree:Q", alt.Tooltip("mse:Q", format=".4g")],
            )
        )
        floor = (
            alt.Chart(pd.DataFrame({"mse": [noise**2], "what": [t(f"{PAGE}.poly.noise_floor")]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[2, 3])
            .encode(y="mse:Q", tooltip=["what:N", alt.Tooltip("mse:Q", format=".4g")])
        )
        charts.show(
            (u + floor + marker(degree, "degree")).properties(title=t(f"{PAGE}.poly.u_title"), height=HEIGHT),
            errors,
            name="u_curve",
        )
    m = st.columns(5)
    m[0].metric(t(f"{PAGE}.poly.train_error"), layout.num(curve.train_mse[degree], 4))
    m[1].metric(t(f"{PAGE}.poly.test_error"), layout.num(curve.test_mse[degree], 4))
    m[2].metric(t(f"{PAGE}.poly.cv_error", k=FOLDS), layout.num(curve.cv_mse[degree], 4))
    m[3].metric(t(f"{PAGE}.poly.best_test"), str(int(curve.degrees[np.argmin(curve.test_mse)])))
    m[4].metric(t(f"{PAGE}.poly.best_cv"), str(int(curve.degrees[np.argmin(curve.cv_mse)])))
    st.markdown(t(f"{PAGE}.poly.repeat_intro", repeats=REPEATS, n=n, fits=FAN))
    left, right = st.columns(2)
    with left:
        names = {"truth": t(f"{PAGE}.poly.truth"), "mean": t(f"{PAGE}.poly.mean_fit")}
        drawn = [
            f"f{i + 1}" for i in range(FAN)
        ]  # FAN of the fits are enough to see the spread; all of them enter the numbers
        fits = pd.DataFrame(
            {
                "x": here.x,
                names["truth"]: here.truth,
                names["mean"]: here.mean_prediction,
                **dict(zip(drawn, here.predictions[:FAN])),
            }
        )
        fan = (
            tidy(alt.Chart(fits), drawn, "fit", "y")
            .mark_line(strokeWidth=1.2, opacity=0.6, color=charts.PALETTE[5], clip=True)
            .encode(x=alt.X("x:Q", scale=scale_x, title="x"), y=alt.Y("y:Q", scale=scale_y, title="y"), detail="fit:N")
        )
        both = (
            tidy(alt.Chart(fits), list(names.values()), "what", "y")
            .mark_line(strokeWidth=3, clip=True)
            .encode(
                x="x:Q",
                y="y:Q",
                color=alt.Color(
                    "what:N",
                    scale=alt.Scale(domain=list(names.values()), range=[charts.NEUTRAL, charts.PALETTE[3]]),
                    title=None,
                    legend=legend(symbolType="stroke"),
                ),
                strokeDash=alt.StrokeDash(
                    "what:N", scale=alt.Scale(domain=list(names.values()), range=[[6, 4], [1, 0]]), legend=None
                ),
            )
        )
        charts.show(
            (fan + both).properties(title=t(f"{PAGE}.poly.fan_title", degree=degree, fits=FAN), height=HEIGHT),
            fits,
            name="repeated_fits",
        )
    with right:
        parts = {
            "bias2": t(f"{PAGE}.poly.bias2"),
            "variance": t(f"{PAGE}.poly.variance"),
            "noise": t(f"{PAGE}.poly.noise_part"),
            "total": t(f"{PAGE}.poly.expected_error"),
        }
        frame = pd.DataFrame(
            {
                "degree": split.degrees,
                parts["bias2"]: split.bias2,
                parts["variance"]: split.variance,
                parts["noise"]: split.noise,
                parts["total"]: split.test_mse,
            }
        )
        lines = (
            tidy(alt.Chart(frame), list(parts.values()), "part", "value")
            .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=30, filled=True), clip=True)
            .encode(
                x=alt.X(
                    "degree:Q",
                    title=t(f"{PAGE}.poly.degree_axis"),
                    scale=alt.Scale(domain=[0, DEGREES[-1]], nice=False),
                ),
                y=alt.Y(
                    "value:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.poly.mse_axis"), axis=alt.Axis(format="~g")
                ),
                color=alt.Color(
                    "part:N",
                    scale=alt.Scale(
                        domain=list(parts.values()),
                        range=[charts.PALETTE[1], charts.PALETTE[0], charts.NEUTRAL, charts.PALETTE[3]],
                    ),
                    title=None,
                    legend=legend(columns=2),
                ),
                tooltip=["part:N", "degree:Q", alt.Tooltip("value:Q", format=".4g")],
            )
        )
        charts.show(
            (lines + marker(degree, "degree")).properties(
                title=t(f"{PAGE}.poly.split_title", repeats=REPEATS), height=HEIGHT
            ),
            frame,
            name="bias_variance",
        )
    total = here.bias2 + here.variance + here.noise
    st.latex(
        rf"\begin{{aligned}} \big(\mathbb{{E}}\hat f - f\big)^2 + \mathbb{{E}}\big[(\hat f - \mathbb{{E}}\hat f)^2\big] + \sigma^2 &= {layout.tex_num(here.bias2, 3)} + {layout.tex_num(here.variance, 3)} + {layout.tex_num(here.noise, 3)}"
        rf" \\ &= {layout.tex_num(total, 3)} \\ \mathbb{{E}}\big[(y - \hat f(x))^2\big] &\approx {layout.tex_num(here.test_mse, 3)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.poly.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import regularization as reg\n"
        f"rng = np.random.default_rng({seed})\n"
        f"(x, y), (x_test, y_test) = reg.noisy_sample({target!r}, {n}, {noise:g}, rng), reg.noisy_sample({target!r}, {TEST_POINTS}, {noise:g}, rng)\n"
        f"curve = reg.degree_curve(x, y, x_test, y_test, range(16), alpha={alpha:.4g}, folds=reg.kfold_indices({n}, {FOLDS}))\n"
        f"split = reg.bias_variance({target!r}, {degree}, {n}, {noise:g}, {REPEATS}, np.random.default_rng({seed}), alpha={alpha:.4g}, m={GRID})\n"
        f"curve.test_mse[{degree}], split.bias2, split.variance, split.noise, split.test_mse"
    )


# --- 2. L2 against L1: coefficient paths on the diabetes data ---------------------------------------------------


@st.cache_data(max_entries=1, show_spinner=False)
def diabetes() -> tuple[np.ndarray, np.ndarray, list[str]]:
    return datasets.diabetes(scale_target=False)


@st.cache_data(max_entries=1, show_spinner=False)
def coefficient_paths() -> tuple[reg.RegularizationPath, reg.RegularizationPath]:
    X, y, _ = diabetes()
    return reg.regularization_path(X, y, np.logspace(*RIDGE_RANGE, 31), "l2"), reg.regularization_path(
        X, y, np.logspace(*LASSO_RANGE, 41), "l1"
    )


@st.cache_data(max_entries=64, show_spinner=False)
def penalised_fits(log_ridge: float, log_lasso: float) -> tuple[reg.LinearModel, reg.LinearModel, reg.LinearModel]:
    X, y, _ = diabetes()
    return reg.ridge(X, y, 0.0), reg.ridge(X, y, 10.0**log_ridge), reg.lasso(X, y, 10.0**log_lasso)


def path_chart(
    path: reg.RegularizationPath, names: list[str], alpha: float, title: str
) -> tuple[alt.LayerChart, pd.DataFrame]:
    frame = pd.DataFrame({"alpha": path.alphas, **dict(zip(names, path.coefs.T))})
    lines = (
        tidy(alt.Chart(frame), names, "feature", "weight")
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("alpha:Q", scale=alt.Scale(type="log"), title="α", axis=alt.Axis(format="~g")),
            y=alt.Y("weight:Q", title=t(f"{PAGE}.paths.weight_axis")),
            color=alt.Color(
                "feature:N",
                scale=alt.Scale(domain=names, scheme="tableau10"),
                title=None,
                legend=legend(columns=5, symbolType="stroke"),
            ),
            tooltip=["feature:N", alt.Tooltip("alpha:Q", format=".3g"), alt.Tooltip("weight:Q", format=".3f")],
        )
    )
    return (lines + marker(alpha, "alpha", charts.PALETTE[3])).properties(title=title, height=HEIGHT), frame


@st.fragment
def paths_demo() -> None:
    layout.demo(PAGE, "paths")
    c = st.columns(2)
    log_ridge = c[0].slider(
        t(f"{PAGE}.paths.ridge_alpha"),
        *RIDGE_RANGE,
        2.0,
        0.1,
        format="10^%.1f",
        key="gen_ridge_alpha",
        bind="query-params",
        help=t(f"{PAGE}.paths.ridge_help"),
    )
    log_lasso = c[1].slider(
        t(f"{PAGE}.paths.lasso_alpha"),
        *LASSO_RANGE,
        0.0,
        0.1,
        format="10^%.1f",
        key="gen_lasso_alpha",
        bind="query-params",
        help=t(f"{PAGE}.paths.lasso_help"),
    )
    X, y, names = diabetes()
    with st.spinner(t(f"{PAGE}.paths.computing")):
        ridge_path, lasso_path = coefficient_paths()
        least, ridge, lasso = penalised_fits(log_ridge, log_lasso)
    left, right = st.columns(2)
    with left:
        chart, frame = path_chart(ridge_path, names, 10.0**log_ridge, t(f"{PAGE}.paths.ridge_title"))
        charts.show(chart, frame, name="ridge_path")
    with right:
        chart, frame = path_chart(lasso_path, names, 10.0**log_lasso, t(f"{PAGE}.paths.lasso_title"))
        charts.show(chart, frame, name="lasso_path")
    alpha_max = reg.lasso_alpha_max(X, y)
    kept = int(np.count_nonzero(lasso.coef))
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.paths.alpha_max"), layout.num(alpha_max, 4))
    m[1].metric(t(f"{PAGE}.paths.nonzero"), f"{kept} / {len(names)}")
    m[2].metric(t(f"{PAGE}.paths.sweeps"), str(lasso.n_iter))
    table = pd.DataFrame(
        {
            t(f"{PAGE}.paths.feature"): [t(f"{PAGE}.features.{name}") for name in names],
            t(f"{PAGE}.paths.least_squares"): least.coef,
            t(f"{PAGE}.paths.ridge_column", alpha=layout.num(10.0**log_ridge)): ridge.coef,
            t(f"{PAGE}.paths.lasso_column", alpha=layout.num(10.0**log_lasso)): lasso.coef,
        }
    )
    layout.table(table, "{:.2f}")
    st.latex(
        rf"\begin{{aligned}} \alpha_{{\max}} &= \max_j \frac{{|\mathbf x_j^\top(\mathbf y - \bar y)|}}{{n}} = {layout.tex_num(alpha_max, 4)} \\ \|\hat{{\mathbf w}}_{{L_1}}({layout.tex_num(10.0**log_lasso)})\|_0 &= {kept} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.paths.caption"))
    layout.reproduce(
        "from mathdl import datasets, regularization as reg\n"
        "X, y, names = datasets.diabetes(scale_target=False)   # standardised features, as scikit-learn's Ridge and Lasso would see them\n"
        f"reg.ridge(X, y, {10.0**log_ridge:.4g}).coef, reg.lasso(X, y, {10.0**log_lasso:.4g}).coef, reg.lasso_alpha_max(X, y)"
    )


# --- 3. The geometry: why the L1 diamond gives exact zeros ----------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def bowl(first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
    """The lasso's loss on two diabetes features as ½(w − ŵ)ᵀA(w − ŵ): its shape A and its bottom ŵ."""
    X, y, names = diabetes()
    return reg.least_squares_quadratic(X[:, [names.index(first), names.index(second)]], y)


def ball_chart(
    A: np.ndarray, c: np.ndarray, t_radius: float, norm: str, extent: float, axes: tuple[str, str]
) -> tuple[alt.LayerChart, pd.DataFrame, reg.ConstrainedMinimum]:
    best = reg.constrained_minimum(A, c, t_radius, norm)
    scale = charts.plane_scale(extent)
    base_level = float(reg.quadratic_loss(A, c, [0.0, 0.0]))  # the loss with both weights 0
    levels = {f"L(0)·({j}/5)²": base_level * (j / 5) ** 2 for j in range(1, 9)}  # evenly spaced ellipses
    if best.loss > 0:
        levels["L(w*)"] = best.loss
    curves = {name: reg.level_curve(A, c, level, RING) for name, level in levels.items()}
    rings = pd.DataFrame(np.concatenate(list(curves.values())), columns=["x", "y"])
    ball = pd.DataFrame(reg.ball_boundary(t_radius, norm, 5 if norm == "l1" else 73), columns=["x", "y"])
    x = alt.X("x:Q", scale=scale, title=axes[0])
    y = alt.Y("y:Q", scale=scale, title=axes[1])
    in_order = (
        alt.Chart(rings)
        .transform_window(row="row_number()")
        .transform_calculate(ring=f"floor((datum.row - 1) / {RING})")
    )
    touching = len(levels) - 1 if best.loss > 0 else -1  # the last ring, when the constraint is active
    contours = in_order.mark_line(clip=True).encode(
        x=x,
        y=y,
        detail="ring:N",
        order="row:Q",
        color=alt.condition(f"datum.ring == {touching}", alt.value(charts.PALETTE[3]), alt.value(charts.NEUTRAL)),
        strokeWidth=alt.condition(f"datum.ring == {touching}", alt.value(2.5), alt.value(1)),
    )
    outline = alt.Chart(ball).transform_window(row="row_number()")
    disc = outline.mark_line(
        interpolate="linear-closed", filled=True, opacity=0.25, color=charts.PALETTE[0], clip=True
    ).encode(x=x, y=y, order="row:Q")
    edge = outline.mark_line(interpolate="linear-closed", strokeWidth=2.5, color=charts.PALETTE[0], clip=True).encode(
        x=x, y=y, order="row:Q"
    )
    pins = pd.DataFrame(
        {
            "x": [c[0], best.w[0]],
            "y": [c[1], best.w[1]],
            "what": [t(f"{PAGE}.geometry.unconstrained"), t(f"{PAGE}.geometry.constrained")],
            "shape": ["cross", "circle"],
            "fill": ["black", charts.PALETTE[3]],
        }
    )
    layers = [contours, disc, edge]
    layers.append(
        alt.Chart(pins)
        .mark_point(size=200, filled=True, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x="x:Q",
            y="y:Q",
            shape=alt.Shape("shape:N", scale=None),
            color=alt.Color("fill:N", scale=None),
            tooltip=["what:N", alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")],
        )
    )
    title = t(f"{PAGE}.geometry.{norm}_title")
    frame = pd.concat(
        [
            *(pd.DataFrame(points, columns=["x", "y"]).assign(curve=f"L = {name}") for name, points in curves.items()),
            ball.assign(curve=f"‖w‖ = {t_radius:.4g}"),
        ],
        ignore_index=True,
    )
    return charts.square(alt.layer(*layers).properties(title=title)), frame, best


@st.fragment
def geometry_demo() -> None:
    layout.demo(PAGE, "geometry")
    _, _, names = diabetes()
    c = st.columns([2, 2, 3])
    with c[0]:
        first = state.choice(
            t(f"{PAGE}.geometry.first"),
            names[2:] + names[:2],
            key="gen_w1",
            section=f"{PAGE}.features",
            help=t(f"{PAGE}.geometry.feature_help"),
        )  # bmi first
    with c[1]:
        second = state.choice(
            t(f"{PAGE}.geometry.second"), names[3:] + names[:3], key="gen_w2", section=f"{PAGE}.features"
        )  # bp first
    share = c[2].slider(
        t(f"{PAGE}.geometry.radius"),
        0.05,
        1.0,
        0.3,
        0.05,
        key="gen_radius",
        bind="query-params",
        help=t(f"{PAGE}.geometry.radius_help"),
    )
    try:
        A, w_hat = bowl(first, second)
    except MathDLError as error:
        layout.error(error)
        return
    radius = share * float(np.linalg.norm(w_hat, 1))
    extent = 1.15 * max(float(np.abs(w_hat).max()), radius)
    axes = (f"w₁ ({first})", f"w₂ ({second})")
    results = {}
    columns = st.columns(2)
    for column, norm in zip(columns, reg.NORMS):
        with column:
            chart, frame, results[norm] = ball_chart(A, w_hat, radius, norm, extent, axes)
            charts.draw(chart, width="content")
            charts.download(frame, name=f"{norm}_ball_and_contours")
    table = pd.DataFrame(
        {
            t(f"{PAGE}.geometry.ball"): [t(f"{PAGE}.geometry.{norm}") for norm in reg.NORMS],
            "w₁": [f"{results[norm].w[0]:.3f}" for norm in reg.NORMS],
            "w₂": [f"{results[norm].w[1]:.3f}" for norm in reg.NORMS],
            t(f"{PAGE}.geometry.loss"): [f"{results[norm].loss:.4g}" for norm in reg.NORMS],
            t(f"{PAGE}.geometry.alpha"): [f"{results[norm].alpha:.4g}" for norm in reg.NORMS],
        }
    )
    layout.table(table)
    l1 = results["l1"]
    if l1.loss > 0 and np.count_nonzero(l1.w) < 2:
        zero = second if l1.w[1] == 0 else first
        st.info(t(f"{PAGE}.geometry.corner", feature=t(f"{PAGE}.features.{zero}")), icon=":material/target:")
    elif l1.loss > 0:
        st.info(t(f"{PAGE}.geometry.edge"), icon=":material/info:")
    else:
        st.info(t(f"{PAGE}.geometry.inside"), icon=":material/info:")
    st.latex(
        rf"\begin{{aligned}} t &= {layout.tex_num(share)} \cdot \|\hat{{\mathbf w}}\|_1 = {layout.tex_num(radius, 4)} \\ \mathbf w^*_{{L_1}} &= ({layout.tex_num(l1.w[0], 4)},\ {layout.tex_num(l1.w[1], 4)}) \\ \alpha &= \|A(\hat{{\mathbf w}} - \mathbf w^*_{{L_1}})\|_\infty = {layout.tex_num(l1.alpha, 4)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.geometry.caption"))
    layout.reproduce(
        "from mathdl import datasets, regularization as reg\n"
        "X, y, names = datasets.diabetes(scale_target=False)\n"
        f"A, w_hat = reg.least_squares_quadratic(X[:, [names.index({first!r}), names.index({second!r})]], y)\n"
        f"t = {share:g} * abs(w_hat).sum()\n"
        "reg.constrained_minimum(A, w_hat, t, 'l1'), reg.constrained_minimum(A, w_hat, t, 'l2')"
    )


# --- 4. Early stopping, dropout and weight decay on a small network --------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def network_data(n: int, seed: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return reg.noisy_sample("sine", n, NET_NOISE, rng), reg.noisy_sample("sine", VALIDATION_POINTS, NET_NOISE, rng)


@st.cache_data(max_entries=32, show_spinner=False)
def trained(n: int, dropout: float, l2: float, epochs: int, seed: int) -> training.TrainResult:
    """The network after ``epochs`` of full-batch Adam; the same seed replays the same run, so a shorter
    run is exactly the longer one stopped early.
    """
    (x, y), (x_val, y_val) = network_data(n, seed)
    rng = np.random.default_rng(seed + 1)
    net = mlp.init_network(NET, "tanh", rng, task="regression")
    return training.train(
        net,
        x[:, None],
        y,
        rng,
        epochs=epochs,
        lr=NET_LR,
        batch_size=n,
        l2=l2,
        dropout=dropout,
        validation=(x_val[:, None], y_val),
    )


@st.fragment
def network_demo() -> None:
    layout.demo(PAGE, "network")
    c = st.columns(6)
    n = c[0].slider(
        t(f"{PAGE}.network.n"), 10, 60, 15, 5, key="gen_net_n", bind="query-params", help=t(f"{PAGE}.network.n_help")
    )
    dropout = c[1].slider(
        t(f"{PAGE}.network.dropout"),
        0.0,
        0.5,
        0.0,
        0.05,
        key="gen_dropout",
        bind="query-params",
        help=t(f"{PAGE}.network.dropout_help"),
    )
    l2 = c[2].slider(
        t(f"{PAGE}.network.l2"),
        0.0,
        0.03,
        0.0,
        0.001,
        format="%.3f",
        key="gen_l2",
        bind="query-params",
        help=t(f"{PAGE}.network.l2_help"),
    )
    epochs = c[3].slider(t(f"{PAGE}.network.epochs"), 200, 3000, 1500, 100, key="gen_epochs", bind="query-params")
    patience = c[4].slider(
        t(f"{PAGE}.network.patience"),
        10,
        1000,
        200,
        10,
        key="gen_patience",
        bind="query-params",
        help=t(f"{PAGE}.network.patience_help"),
    )
    with c[5]:
        seed = layout.seed("gen_net_seed")
    with st.spinner(t(f"{PAGE}.network.training")):
        run = trained(n, dropout, l2, epochs, seed)
        history = run.history
        stop = reg.early_stopping(history.validation_loss, patience)
        kept = trained(n, dropout, l2, stop.best_epoch, seed)
    (x, y), (x_val, y_val) = network_data(n, seed)
    left, right = st.columns(2)
    with left:
        kinds = {"train": t(f"{PAGE}.network.train_loss"), "validation": t(f"{PAGE}.network.validation_loss")}
        every = slice(
            None, None, max(1, len(history.epoch) // 200)
        )  # at most about 200 points a curve reach the browser
        losses = pd.DataFrame(
            {
                "epoch": history.epoch[every],
                kinds["train"]: history.loss[every],
                kinds["validation"]: history.validation_loss[every],
            }
        )
        events = {stop.best_epoch: t(f"{PAGE}.network.best", epoch=stop.best_epoch)} | (
            {stop.stop_epoch: t(f"{PAGE}.network.stop", epoch=stop.stop_epoch)} if stop.stopped else {}
        )
        domain = [*kinds.values(), *events.values()]
        palette = alt.Scale(
            domain=domain,
            range=[charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[2], charts.NEUTRAL][: len(domain)],
        )
        lines = (
            tidy(alt.Chart(losses), list(kinds.values()), "kind", "loss")
            .mark_line(strokeWidth=2.2)
            .encode(
                x=alt.X(
                    "epoch:Q", title=t(f"{PAGE}.network.epoch_axis"), scale=alt.Scale(domain=[0, epochs], nice=False)
                ),
                y=alt.Y(
                    "loss:Q",
                    scale=alt.Scale(type="log"),
                    title=t(f"{PAGE}.network.loss_axis"),
                    axis=alt.Axis(format="~g"),
                ),
                color=alt.Color("kind:N", scale=palette, title=None, legend=legend(columns=2, symbolType="stroke")),
                tooltip=["kind:N", "epoch:Q", alt.Tooltip("loss:Q", format=".4g")],
            )
        )
        moments = pd.DataFrame({"epoch": list(events), "kind": list(events.values())})
        rules = (
            alt.Chart(moments)
            .mark_rule(strokeDash=[6, 4], strokeWidth=2)
            .encode(x="epoch:Q", color=alt.Color("kind:N", scale=palette), tooltip=["kind:N"])
        )
        charts.show(
            (lines + rules).properties(title=t(f"{PAGE}.network.loss_title"), height=HEIGHT + 80),
            losses,
            name="training_and_validation_loss",
        )
    with right:
        grid = np.linspace(-1, 1, 121)
        names = {
            "truth": t(f"{PAGE}.poly.truth"),
            "kept": t(f"{PAGE}.network.kept_fit", epoch=stop.best_epoch),
            "final": t(f"{PAGE}.network.final_fit", epoch=int(history.epoch[-1])),
            "train": t(f"{PAGE}.network.train_points"),
            "validation": t(f"{PAGE}.network.validation_points"),
        }
        palette = alt.Scale(
            domain=list(names.values()),
            range=[charts.NEUTRAL, charts.PALETTE[2], charts.PALETTE[3], charts.PALETTE[1], "#AAAAAA"],
        )
        curves = pd.DataFrame(
            {
                "x": grid,
                names["truth"]: reg.TARGETS["sine"](grid),
                names["kept"]: mlp.predict(kept.net, grid[:, None]),
                names["final"]: mlp.predict(run.net, grid[:, None]),
            }
        )
        scale_y = alt.Scale(domain=[-Y_LIMIT, Y_LIMIT], nice=False)
        fits = (
            tidy(alt.Chart(curves), [names["truth"], names["kept"], names["final"]], "what", "y")
            .mark_line(strokeWidth=2.5, clip=True)
            .encode(
                x=alt.X("x:Q", title="x", scale=alt.Scale(domain=[-1, 1], nice=False)),
                y=alt.Y("y:Q", title="y", scale=scale_y),
                color=alt.Color("what:N", scale=palette, title=None, legend=legend(columns=1, symbolType="stroke")),
                strokeDash=alt.StrokeDash(
                    "what:N",
                    scale=alt.Scale(
                        domain=[names["truth"], names["kept"], names["final"]], range=[[6, 4], [1, 0], [1, 0]]
                    ),
                    legend=None,
                ),
            )
        )
        held_out = (
            alt.Chart(pd.DataFrame({"x": x_val, "y": y_val}))
            .mark_circle(size=14, opacity=0.5, clip=True)
            .encode(x="x:Q", y="y:Q", color=alt.ColorDatum(names["validation"], type="nominal", scale=palette))
        )
        trained_on = (
            alt.Chart(pd.DataFrame({"x": x, "y": y}))
            .mark_circle(size=70, opacity=1, clip=True)
            .encode(x="x:Q", y="y:Q", color=alt.ColorDatum(names["train"], type="nominal", scale=palette))
        )
        charts.show(
            (held_out + fits + trained_on).properties(title=t(f"{PAGE}.network.fit_title", n=n), height=HEIGHT + 80),
            curves,
            name="network_fits",
        )
    best_loss = float(history.validation_loss[stop.best_epoch - 1])
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.network.kept_epoch"), str(stop.best_epoch))
    m[1].metric(t(f"{PAGE}.network.kept_validation"), layout.num(mlp.loss(kept.net, x_val[:, None], y_val), 4))
    m[2].metric(t(f"{PAGE}.network.final_validation"), layout.num(history.validation_loss[-1], 4))
    m[3].metric(t(f"{PAGE}.network.final_train"), layout.num(history.loss[-1], 4))
    if stop.stopped:
        st.success(
            t(
                f"{PAGE}.network.stopped",
                stop=stop.stop_epoch,
                best=stop.best_epoch,
                saved=int(history.epoch[-1]) - stop.stop_epoch,
            ),
            icon=":material/timer:",
        )
    else:
        st.info(t(f"{PAGE}.network.not_stopped", patience=patience), icon=":material/info:")
    if run.diverged:
        st.warning(t(f"{PAGE}.network.diverged"), icon=":material/warning:")
    st.latex(
        rf"\begin{{aligned}} e^* &= \arg\min_{{e \le {stop.stop_epoch}}} L_{{\mathcal V}}(e) = {stop.best_epoch} \\ L_{{\mathcal V}}({stop.best_epoch}) &= {layout.tex_num(best_loss, 4)}, \quad L_{{\mathcal V}}({int(history.epoch[-1])}) = {layout.tex_num(history.validation_loss[-1], 4)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.network.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import mlp, regularization as reg, training\n"
        f"rng = np.random.default_rng({seed})\n"
        f"(x, y), (x_val, y_val) = reg.noisy_sample('sine', {n}, {NET_NOISE}, rng), reg.noisy_sample('sine', {VALIDATION_POINTS}, {NET_NOISE}, rng)\n"
        f"rng = np.random.default_rng({seed + 1})\n"
        f"net = mlp.init_network({NET}, 'tanh', rng, task='regression')\n"
        f"run = training.train(net, x[:, None], y, rng, epochs={epochs}, lr={NET_LR}, batch_size={n}, l2={l2:g}, dropout={dropout:g}, validation=(x_val[:, None], y_val))\n"
        f"reg.early_stopping(run.history.validation_loss, patience={patience})"
    )


# --- 5. k-fold cross-validation, fold by fold ----------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def folds(n: int, k: int, shuffle: bool, seed: int) -> reg.Folds:
    return reg.kfold_indices(n, k, shuffle, np.random.default_rng(seed))


@st.cache_data(max_entries=32, show_spinner=False)
def cv_by_alpha(k: int, shuffle: bool, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each fold's validation error of ridge at 31 values of α: (31,) and (31, k)."""
    X, y, _ = diabetes()
    alphas = np.logspace(*RIDGE_RANGE, 31)
    split = folds(len(y), k, shuffle, seed)
    return alphas, np.array([reg.cross_val_errors(X, y, split, a) for a in alphas])


@st.fragment
def cv_demo() -> None:
    layout.demo(PAGE, "cv")
    c = st.columns([3, 2, 3, 2])
    k = c[0].slider(t(f"{PAGE}.cv.k"), 2, 10, 5, key="gen_k", bind="query-params", help=t(f"{PAGE}.cv.k_help"))
    with c[1]:
        st.write("")  # lines the box up with the sliders beside it
        shuffle = st.checkbox(
            t(f"{PAGE}.cv.shuffle"), True, key="gen_shuffle", bind="query-params", help=t(f"{PAGE}.cv.shuffle_help")
        )
    log_alpha = c[2].slider(
        t(f"{PAGE}.cv.alpha"),
        *RIDGE_RANGE,
        1.0,
        0.1,
        format="10^%.1f",
        key="gen_cv_alpha",
        bind="query-params",
        help=t(f"{PAGE}.cv.alpha_help"),
    )
    with c[3]:
        seed = layout.seed("gen_cv_seed")
    X, y, _ = diabetes()
    split = folds(len(y), k, shuffle, seed)
    errors = reg.cross_val_errors(X, y, split, 10.0**log_alpha)
    roles = {"train": t(f"{PAGE}.cv.train_role"), "test": t(f"{PAGE}.cv.test_role")}
    palette = alt.Scale(domain=list(roles.values()), range=[charts.PALETTE[0], charts.PALETTE[1]])
    fold_axis = alt.Y("fold:O", title=t(f"{PAGE}.cv.fold_axis"))
    membership = pd.DataFrame(
        {
            "patient": np.concatenate([test for _, test in split]),
            "fold": np.concatenate([np.full(len(test), i + 1) for i, (_, test) in enumerate(split)]),
        }
    ).sort_values("patient")
    bars = pd.DataFrame({"fold": range(1, k + 1), "start": 0, "end": len(y)})
    background = (
        alt.Chart(bars)
        .mark_bar(height={"band": 0.8})
        .encode(
            x=alt.X("start:Q", title=t(f"{PAGE}.cv.patient_axis"), scale=alt.Scale(domain=[0, len(y)], nice=False)),
            x2="end:Q",
            y=fold_axis,
            color=alt.ColorDatum(roles["train"], type="nominal", scale=palette, title=None, legend=legend()),
        )
    )
    # Only each patient's fold is sent; the patient is the row number, counted in the browser.
    cells = (
        alt.Chart(membership[["fold"]])
        .transform_window(row="row_number()")
        .transform_calculate(patient="datum.row - 1", after="datum.row")
        .mark_bar(height={"band": 0.8})
        .encode(
            x="patient:Q",
            x2="after:Q",
            y=fold_axis,
            color=alt.ColorDatum(roles["test"], type="nominal", scale=palette),
            tooltip=["fold:O", "patient:Q"],
        )
    )
    charts.show(
        (background + cells).properties(
            title=t(f"{PAGE}.cv.strip_title", k=k, n=len(y)), height=alt.Step(28 if k <= 6 else 22)
        ),
        membership,
        name="cv_folds",
    )
    left, right = st.columns(2)
    with left:
        scores = pd.DataFrame({"fold": range(1, k + 1), "mse": errors, "size": [len(test) for _, test in split]})
        bar = (
            alt.Chart(scores)
            .mark_bar(color=charts.PALETTE[1], opacity=0.85)
            .encode(
                x=alt.X("fold:O", title=t(f"{PAGE}.cv.fold_axis"), axis=alt.Axis(labelAngle=0)),
                y=alt.Y("mse:Q", title=t(f"{PAGE}.cv.mse_axis")),
                tooltip=["fold:O", "size:Q", alt.Tooltip("mse:Q", format=".1f")],
            )
        )
        mean = (
            alt.Chart(scores)
            .mark_rule(color=charts.PALETTE[3], strokeWidth=2.5, strokeDash=[6, 4])
            .encode(y="mean(mse):Q", tooltip=[alt.Tooltip("mean(mse):Q", format=".1f", title="CV")])
        )
        charts.show(
            (bar + mean).properties(
                title=t(f"{PAGE}.cv.bars_title", alpha=layout.num(10.0**log_alpha)), height=HEIGHT - 40
            ),
            scores,
            name="cv_fold_errors",
        )
    with right:
        alphas, table = cv_by_alpha(k, shuffle, seed)
        fold_names = [str(i) for i in range(1, k + 1)]
        curve = pd.DataFrame({"alpha": alphas, **dict(zip(fold_names, table.T))})
        by_fold = tidy(alt.Chart(curve), fold_names, "fold", "mse")
        each = by_fold.mark_line(color=charts.PALETTE[1], strokeWidth=1, opacity=0.5).encode(
            x=alt.X("alpha:Q", scale=alt.Scale(type="log"), title="α", axis=alt.Axis(format="~g")),
            y=alt.Y("mse:Q", title=t(f"{PAGE}.cv.mse_axis"), scale=alt.Scale(zero=False)),
            detail="fold:N",
            tooltip=["fold:O", alt.Tooltip("mse:Q", format=".1f")],
        )
        mean_line = by_fold.mark_line(color=charts.PALETTE[3], strokeWidth=3).encode(
            x="alpha:Q",
            y="mean(mse):Q",
            tooltip=[alt.Tooltip("alpha:Q", format=".3g"), alt.Tooltip("mean(mse):Q", format=".1f", title="CV")],
        )
        charts.show(
            (each + mean_line + marker(10.0**log_alpha, "alpha")).properties(
                title=t(f"{PAGE}.cv.alpha_title"), height=HEIGHT - 40
            ),
            curve,
            name="cv_against_alpha",
        )
    best_alpha = float(alphas[np.argmin(table.mean(axis=1))])
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.cv.cv_mse", k=k), layout.num(errors.mean(), 5))
    m[1].metric(t(f"{PAGE}.cv.spread"), f"{layout.num(errors.min(), 4)} – {layout.num(errors.max(), 4)}")
    m[2].metric(t(f"{PAGE}.cv.best_alpha"), layout.num(best_alpha, 3))
    rows = [
        " + ".join(layout.tex_num(e, 4) for e in errors[i : i + 4]) for i in range(0, k, 4)
    ]  # four terms a line: a phone's width
    terms = r" \\ &\qquad + ".join(rows)
    st.latex(
        rf"\begin{{aligned}} \mathrm{{CV}}_{{{k}}} &= \tfrac{{1}}{{{k}}}\big({terms}\big) \\ &= {layout.tex_num(errors.mean(), 5)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.cv.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import datasets, regularization as reg\n"
        "X, y, _ = datasets.diabetes(scale_target=False)\n"
        f"folds = reg.kfold_indices(len(y), {k}, shuffle={shuffle}, rng=np.random.default_rng({seed}))\n"
        f"reg.cross_val_errors(X, y, folds, alpha={10.0**log_alpha:.4g})"
    )


# --- 6. A classifier at a threshold: confusion matrix, precision, recall, F1, ROC ------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def malignant_scores(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return information.malignant_scores(seed)


@st.cache_data(max_entries=8, show_spinner=False)
def score_curves(seed: int) -> pd.DataFrame:
    y, score = malignant_scores(seed)
    grid = np.linspace(0.0, 1.0, 101)
    scores = [reg.threshold_scores(y, score, float(th)) for th in grid]
    return pd.DataFrame(
        {
            "threshold": grid,
            "precision": [s.precision for s in scores],
            "recall": [s.recall for s in scores],
            "f1": [s.f1 for s in scores],
        }
    )


@st.fragment
def classifier_demo() -> None:
    layout.demo(PAGE, "classifier")
    c1, c2 = st.columns([4, 1])
    threshold = c1.slider(
        t(f"{PAGE}.classifier.threshold"),
        0.0,
        1.0,
        0.5,
        0.01,
        key="gen_threshold",
        bind="query-params",
        help=t(f"{PAGE}.classifier.threshold_help"),
    )
    with c2:
        seed = layout.seed("gen_clf_seed")
    with st.spinner(t(f"{PAGE}.classifier.training")):
        y, score = malignant_scores(seed)
    counts = information.confusion(y, score, threshold)
    s = reg.threshold_scores(y, score, threshold)
    roc = information.roc_curve(y, score)
    area = information.auc(roc.fpr, roc.tpr)
    left, right = st.columns([2, 3])
    with left:
        chart, frame = charts.confusion_matrix(
            counts,
            negative=t(f"{PAGE}.classifier.benign"),
            positive=t(f"{PAGE}.classifier.malignant"),
            actual=t(f"{PAGE}.classifier.actual"),
            predicted=t(f"{PAGE}.classifier.predicted"),
            kinds={k: k.upper() for k in ("tn", "fp", "fn", "tp")},
        )
        charts.show(
            chart.properties(title=t(f"{PAGE}.classifier.confusion_title", n=len(y))),
            frame,
            name="confusion_matrix",
            width="content",
        )
        m = st.columns(2)
        m[0].metric(t(f"{PAGE}.classifier.precision"), f"{s.precision:.3f}")
        m[1].metric(t(f"{PAGE}.classifier.recall"), f"{s.recall:.3f}")
        m[0].metric("F₁", f"{s.f1:.3f}")
        m[1].metric(t(f"{PAGE}.classifier.accuracy"), f"{s.accuracy:.3f}")
    with right:
        curves = score_curves(seed)
        best = curves.loc[curves.f1.idxmax()]
        kinds = {"precision": t(f"{PAGE}.classifier.precision"), "recall": t(f"{PAGE}.classifier.recall"), "f1": "F₁"}
        named = curves.rename(columns=kinds)
        lines = (
            tidy(alt.Chart(named), list(kinds.values()), "score", "value")
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X("threshold:Q", title=t(f"{PAGE}.classifier.threshold")),
                y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1])),
                color=alt.Color("score:N", scale=charts.colors(list(kinds.values())), title=None, legend=legend()),
                tooltip=["score:N", alt.Tooltip("threshold:Q", format=".2f"), alt.Tooltip("value:Q", format=".3f")],
            )
        )
        top = (
            alt.Chart(pd.DataFrame({"threshold": [best.threshold], "value": [best.f1]}))
            .mark_point(size=120, filled=True, opacity=1, color=charts.PALETTE[2], shape="diamond")
            .encode(
                x="threshold:Q",
                y="value:Q",
                tooltip=[alt.Tooltip("threshold:Q", format=".2f"), alt.Tooltip("value:Q", format=".3f", title="F₁")],
            )
        )
        charts.show(
            (lines + top + marker(threshold, "threshold")).properties(
                title=t(f"{PAGE}.classifier.scores_title"), height=HEIGHT - 40
            ),
            named,
            name="precision_recall_f1",
        )
    left, right = st.columns([2, 3])
    with left:
        points = pd.DataFrame({"fpr": roc.fpr, "tpr": roc.tpr})
        roc_line = (
            alt.Chart(points)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5, interpolate="step-after")
            .encode(
                x=alt.X("fpr:Q", title=t(f"{PAGE}.classifier.fpr"), scale=alt.Scale(domain=[0, 1])),
                y=alt.Y("tpr:Q", title=t(f"{PAGE}.classifier.tpr"), scale=alt.Scale(domain=[0, 1])),
            )
        )
        chance = (
            alt.Chart(pd.DataFrame({"fpr": [0, 1], "tpr": [0, 1]}))
            .mark_line(color=charts.NEUTRAL, strokeDash=[4, 4])
            .encode(x="fpr:Q", y="tpr:Q")
        )
        here = pd.DataFrame({"fpr": [counts["fp"] / (counts["fp"] + counts["tn"])], "tpr": [s.recall]})
        dot = (
            alt.Chart(here)
            .mark_point(size=180, filled=True, color=charts.PALETTE[3], opacity=1)
            .encode(
                x="fpr:Q", y="tpr:Q", tooltip=[alt.Tooltip("fpr:Q", format=".3f"), alt.Tooltip("tpr:Q", format=".3f")]
            )
        )
        charts.show(
            (chance + roc_line + dot).properties(
                title=t(f"{PAGE}.classifier.roc_title", auc=f"{area:.3f}"), height=HEIGHT - 40
            ),
            points,
            name="roc_curve",
        )
    with right:
        st.metric("AUC", f"{area:.3f}")
        st.metric(
            t(f"{PAGE}.classifier.best_f1"),
            f"{best.f1:.3f}",
            help=t(f"{PAGE}.classifier.best_f1_help", threshold=f"{best.threshold:.2f}"),
        )
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        st.latex(
            rf"\begin{{aligned}} P &= \frac{{{tp}}}{{{tp} + {fp}}} = {s.precision:.3f} \\ R &= \frac{{{tp}}}{{{tp} + {fn}}} = {s.recall:.3f}"
            rf" \\ F_1 &= \frac{{2 \cdot {s.precision:.3f} \cdot {s.recall:.3f}}}{{{s.precision:.3f} + {s.recall:.3f}}} = {s.f1:.3f} \end{{aligned}}"
        )
    st.caption(t(f"{PAGE}.classifier.caption"))
    layout.reproduce(
        "from mathdl import information, regularization as reg\n"
        f"y, score = information.malignant_scores(seed={seed})   # malignant is the positive class\n"
        f"information.confusion(y, score, {threshold:g}), reg.threshold_scores(y, score, {threshold:g})\n"
        "roc = information.roc_curve(y, score); information.auc(roc.fpr, roc.tpr)"
    )


# --- 7. Learning curves: would more data help? ------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def learning(degree: int, n: int, noise: float, seed: int) -> reg.LearningCurve:
    x, y = reg.noisy_sample("sine", n, noise, np.random.default_rng(seed))
    split = reg.kfold_indices(n, FOLDS)  # the points come in random order, so unshuffled folds are fair
    shortest = min(len(train) for train, _ in split)
    sizes = np.unique(np.geomspace(2, shortest, 18).round().astype(int))
    return reg.learning_curve(reg.polynomial_features(x, degree), y, sizes, split, alpha=0.0)


@st.fragment
def learning_demo() -> None:
    layout.demo(PAGE, "learning")
    c = st.columns(4)
    degree = c[0].slider(
        t(f"{PAGE}.poly.degree"),
        1,
        15,
        3,
        key="gen_lc_degree",
        bind="query-params",
        help=t(f"{PAGE}.learning.degree_help"),
    )
    n = c[1].slider(
        t(f"{PAGE}.learning.n"),
        50,
        500,
        200,
        10,
        key="gen_lc_n",
        bind="query-params",
        help=t(f"{PAGE}.learning.n_help", k=FOLDS),
    )
    noise = c[2].slider(t(f"{PAGE}.poly.noise"), 0.05, 1.0, 0.3, 0.05, key="gen_lc_noise", bind="query-params")
    with c[3]:
        seed = layout.seed("gen_lc_seed")
    curve = learning(degree, n, noise, seed)
    kinds = {"train": t(f"{PAGE}.learning.train"), "validation": t(f"{PAGE}.learning.validation")}
    folds_k = curve.train_mse.shape[1]
    frame = pd.DataFrame(
        {
            "size": np.repeat(curve.sizes, folds_k),
            "fold": np.tile(np.arange(1, folds_k + 1), len(curve.sizes)),
            kinds["train"]: curve.train_mse.ravel(),
            kinds["validation"]: curve.validation_mse.ravel(),
        }
    )
    final_train, final_validation = float(curve.train_mse[-1].mean()), float(curve.validation_mse[-1].mean())
    top = 3 * max(
        final_validation, noise**2
    )  # a spike where the model just interpolates its m points leaves through the top
    color = alt.Color(
        "kind:N", scale=charts.colors(list(kinds.values())), title=None, legend=legend(symbolType="stroke")
    )
    x = alt.X(
        "size:Q",
        scale=alt.Scale(type="log", domain=[int(curve.sizes[0]), int(curve.sizes[-1])], nice=False),
        title=t(f"{PAGE}.learning.size_axis"),
        axis=alt.Axis(format="~g"),
    )
    y = alt.Y("mean(mse):Q", scale=alt.Scale(domain=[0, top], nice=False), title=t(f"{PAGE}.poly.mse_axis"))
    stacked = tidy(alt.Chart(frame), list(kinds.values()), "kind", "mse")
    band = stacked.mark_errorband(extent="stdev", opacity=0.2, clip=True).encode(
        x=x,
        y=alt.Y("mse:Q", scale=alt.Scale(domain=[0, top], nice=False), title=t(f"{PAGE}.poly.mse_axis")),
        color=color,
    )
    line = stacked.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=36, filled=True), clip=True).encode(
        x=x,
        y=y,
        color=color,
        tooltip=["kind:N", "size:Q", alt.Tooltip("mean(mse):Q", format=".4g", title=t(f"{PAGE}.poly.mse_axis"))],
    )
    floor = (
        alt.Chart(pd.DataFrame({"mse": [noise**2], "what": [t(f"{PAGE}.poly.noise_floor")]}))
        .mark_rule(color=charts.NEUTRAL, strokeDash=[2, 3])
        .encode(y="mse:Q", tooltip=["what:N", alt.Tooltip("mse:Q", format=".4g")])
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(
            (band + line + floor).properties(title=t(f"{PAGE}.learning.title_chart", degree=degree), height=HEIGHT),
            frame,
            name="learning_curve",
        )
    with right:
        m = st.columns(2)
        m[0].metric(t(f"{PAGE}.learning.final_train", m=int(curve.sizes[-1])), layout.num(final_train, 4))
        m[1].metric(t(f"{PAGE}.learning.final_validation", m=int(curve.sizes[-1])), layout.num(final_validation, 4))
        m[0].metric(t(f"{PAGE}.learning.gap"), layout.num(final_validation - final_train, 3))
        m[1].metric("σ²", layout.num(noise**2, 3))
    st.caption(t(f"{PAGE}.learning.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import regularization as reg\n"
        f"x, y = reg.noisy_sample('sine', {n}, {noise:g}, np.random.default_rng({seed}))\n"
        f"folds = reg.kfold_indices({n}, {FOLDS})\n"
        f"curve = reg.learning_curve(reg.polynomial_features(x, {degree}), y, {curve.sizes.tolist()}, folds, alpha=0.0)\n"
        "curve.train_mse.mean(axis=1), curve.validation_mse.mean(axis=1)"
    )


polynomial_demo()
st.divider()
paths_demo()
st.divider()
geometry_demo()
st.divider()
network_demo()
st.divider()
cv_demo()
st.divider()
classifier_demo()
st.divider()
learning_demo()

layout.source_code(
    [
        reg.fit_polynomial,
        reg.bias_variance,
        reg.ridge,
        reg.lasso,
        reg.constrained_minimum,
        reg.level_curve,
        reg.early_stopping,
        reg.kfold_indices,
        reg.cross_val_errors,
        reg.scores_from_confusion,
        information.roc_curve,
        reg.learning_curve,
    ]
)
layout.quiz(PAGE)
