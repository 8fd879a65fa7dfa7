"""10. Regularisation, generalisation and evaluation: fitting the data is easy; new data is the point.

The U-curve, bias and variance, ridge against lasso, early stopping and dropout, and the ways to
measure a model honestly.
"""

import numpy as np
import streamlit as st

from mathdl import (
    MathDLError,
    approximation,
    classification,
    constraints,
    datasets,
    evaluation,
    mlp,
    penalties,
    polynomial,
    training,
)
from ui import charts, layout, predict, state
from ui.demo import demo
from ui.figures import generalisation as figures
from ui.i18n import data_names, t
from ui.snippet import Snippet

PAGE = "generalisation"
DEGREES = list(range(16))  # beyond 15, unpenalised fits on 10 to 100 points are mostly noise
FOLDS = 5
TEST_POINTS = 1000
REPEATS = 200  # training sets drawn for the bias-variance split
GRID = 61  # test points on [-1, 1] where the repeated fits are compared
FAN = 12  # of the repeated fits, drawn as thin lines
RIDGE_RANGE = (-1.0, 5.0)  # log10 α of ridge on the diabetes data: from barely any shrinkage to nearly all
LASSO_RANGE = (-2.0, 2.0)  # log10 α of the lasso: every weight is 0 from α_max ≈ 45 on
NET = (1, 64, 64, 1)  # a network far larger than 10 to 60 points need: it can memorise them
NET_LR = 0.01
NET_NOISE = 0.3
VALIDATION_POINTS = 200
NET_POINTS = (10, 60, 15, 5)  # the slider of training points: least, most, default, step

FORMULAS = {
    "bias_variance": r"\begin{aligned} \mathbb{E}\big[(y - \hat f(x))^2\big] &= \big(\mathbb{E}\hat f(x) - f(x)\big)^2 "
    r"\\ &+ \mathbb{E}\big[(\hat f(x) - \mathbb{E}\hat f(x))^2\big] \\ &+ \sigma^2 \end{aligned}",
    "penalties": r"\begin{aligned} \hat{\mathbf w}_{L_2} &= \arg\min_{\mathbf w}\, \|\mathbf y - X\mathbf w - b\|_2^2 "
    r"+ \alpha\|\mathbf w\|_2^2 \\ \hat{\mathbf w}_{L_1} &= \arg\min_{\mathbf w}\, "
    r"\tfrac{1}{2n}\|\mathbf y - X\mathbf w - b\|_2^2 + \alpha\|\mathbf w\|_1 \end{aligned}",
    "constraint": r"\min_{\|\mathbf w\|_1 \le t} L(\mathbf w) \;\Longleftrightarrow\; "
    r"\min_{\mathbf w}\, L(\mathbf w) + \alpha_t\|\mathbf w\|_1",
    "network": r"\begin{aligned} \tilde{\mathbf h} &= \frac{\mathbf m \odot \mathbf h}{1 - p}, \quad "
    r"m_i \sim \mathrm{Bernoulli}(1 - p) \\ L &= \frac{1}{n}\sum_{i}(\hat y_i - y_i)^2 "
    r"+ \frac{\lambda}{2}\sum_l \|W_l\|^2 \end{aligned}",
    "cv": r"\mathrm{CV}_k = \frac{1}{k}\sum_{i=1}^{k} \frac{1}{|F_i|}"
    r"\sum_{j \in F_i}\big(y_j - \hat f^{(-i)}(x_j)\big)^2",
    "scores": r"\begin{aligned} P &= \frac{TP}{TP + FP}, \quad R = \frac{TP}{TP + FN} \\ F_1 &= \frac{2PR}{P + R}, "
    r"\quad \mathrm{FPR} = \frac{FP}{FP + TN} \\ \mathrm{AUC} &= \Pr\big(s(x^+) > s(x^-)\big) \end{aligned}",
}


def slider(column, label: str, low: float, high: float, default: float, step: float | None = None, **kwargs):
    """A slider kept in the URL, labelled from this page's locale section; ``tip`` names its help text there."""
    tip = kwargs.pop("tip", None)
    help_text = t(f"{PAGE}.{tip}") if tip else None
    return column.slider(t(f"{PAGE}.{label}"), low, high, default, step, bind="query-params", help=help_text, **kwargs)


def log_slider(column, label: str, low: float, high: float, default: float, step: float, **kwargs) -> float:
    """A slider over powers of ten (exponents given) that shows the value, labelled from this page's section."""
    tip = kwargs.pop("tip", None)
    help_text = t(f"{PAGE}.{tip}") if tip else None
    return layout.log_slider(column, t(f"{PAGE}.{label}"), low, high, default, step, help=help_text, **kwargs)


# --- 1. Polynomial degree: underfitting, overfitting, bias and variance -------------------------------------


def poly_widgets() -> tuple[str, int, float, int, int, float]:
    """The target, n, σ, the seed, the degree and the ridge α (0 while the penalty is off)."""
    c = st.columns([3, 2, 2, 2])
    with c[0]:
        label, help_text = t(f"{PAGE}.poly.target"), t(f"{PAGE}.poly.target_help")
        target = state.choice(
            label, list(datasets.TARGETS), key="gen_target", section=f"{PAGE}.targets", help=help_text
        )
    n = slider(c[1], "poly.n", 10, 100, 30, key="gen_n", tip="poly.n_help")
    noise = slider(c[2], "poly.noise", 0.05, 1.0, 0.3, 0.05, key="gen_noise", tip="poly.noise_help")
    with c[3]:
        seed = layout.seed("gen_seed")
    c = st.columns([4, 2, 3])
    degree = slider(c[0], "poly.degree", 0, DEGREES[-1], 3, key="gen_degree", tip="poly.degree_help")
    label, help_text = t(f"{PAGE}.poly.ridge"), t(f"{PAGE}.poly.ridge_help")
    penalised = c[1].checkbox(label, False, key="gen_ridge", bind="query-params", help=help_text)
    alpha = log_slider(
        c[2], "poly.alpha", -6.0, 1.0, -2.0, 0.5, key="gen_alpha", disabled=not penalised, tip="poly.alpha_help"
    )
    return target, n, noise, seed, degree, alpha if penalised else 0.0


@demo("poly")
def poly(snippet: Snippet) -> dict[str, object]:
    target, n, noise, seed, degree, alpha = poly_widgets()
    # The steps that do not depend on the degree come first: moving the degree reuses their cache.
    rng = snippet.rng(seed)
    x, y = snippet("x, y", polynomial.noisy_sample, target, n, noise, rng)
    x_test, y_test = snippet("x_test, y_test", polynomial.noisy_sample, target, TEST_POINTS, noise, rng)
    folds = snippet("folds", evaluation.kfold_indices, n, FOLDS)
    with st.spinner(t(f"{PAGE}.poly.computing", degrees=len(DEGREES), repeats=REPEATS)):
        curve = snippet(
            "curve", polynomial.degree_curve, x, y, x_test, y_test, DEGREES, alpha=alpha, folds=folds, cache=True
        )
        draws = {"n": n, "noise": noise, "repeats": REPEATS, "alpha": alpha, "m": GRID}  # R training sets, as x, y
        split_rng = snippet.rng(seed, name="split_rng")
        split = snippet("split", polynomial.bias_variance_curve, target, DEGREES, rng=split_rng, **draws, cache=True)
        fits_rng = snippet.rng(seed, name="fits_rng")
        here = snippet("here", polynomial.bias_variance, target, degree, rng=fits_rng, **draws, cache=True)
    fit = snippet("fit", polynomial.fit_polynomial, x, y, degree, alpha=alpha)
    grid = snippet("grid", np.linspace, -1.0, 1.0, 161)
    truth = snippet("truth", datasets.TARGETS[target], grid)
    fitted = snippet("fitted", polynomial.predict_polynomial, fit, grid)
    # the reader may look at the points (and fit any degree to them) before guessing where the U-curve bottoms out
    question = predict.Question(
        t(f"{PAGE}.poly.predict", test_points=f"{TEST_POINTS:,}"), DEGREES[0], DEGREES[-1], 1, close=1, digits=0
    )
    revealed = predict.first(PAGE, "gen_poly", question, curve.best_test, snippet.code())
    poly_pictures(grid, truth, fitted, (x, y), curve, split, here, noise=noise, degree=degree, revealed=revealed)
    if revealed:
        poly_numbers(here)
    return {"test_points": f"{TEST_POINTS:,}", "folds": FOLDS, "degree": DEGREES[-1]}


def poly_pictures(
    grid, truth, fitted, points, curve, split, here, *, noise: float, degree: int, revealed: bool
) -> None:
    """The fit; then, unless the U-curve's lowest degree waits for a guess, the errors against the degree."""
    left, right = st.columns(2)
    with left:
        charts.show(*figures.polynomial_fit(grid, truth, fitted, *points, degree=degree), name="polynomial_fit")
    if not revealed:
        return
    with right:
        charts.show(*figures.degree_errors(curve, noise**2, degree, folds=FOLDS), name="u_curve")
    poly_metrics(curve, degree)
    st.markdown(t(f"{PAGE}.poly.repeat_intro", repeats=REPEATS, n=len(points[0]), fits=FAN))
    left, right = st.columns(2)
    with left:
        charts.show(*figures.repeated_fits(here, degree=degree, fan=FAN), name="repeated_fits")
    with right:
        charts.show(*figures.bias_variance(split, degree=degree, repeats=REPEATS), name="bias_variance")


def poly_metrics(curve, degree: int) -> None:
    m = st.columns(5)
    m[0].metric(t(f"{PAGE}.poly.train_error"), layout.num(curve.train_mse[degree], 4))
    m[1].metric(t(f"{PAGE}.poly.test_error"), layout.num(curve.test_mse[degree], 4))
    m[2].metric(t(f"{PAGE}.poly.cv_error", k=FOLDS), layout.num(curve.cv_mse[degree], 4))
    m[3].metric(t(f"{PAGE}.poly.best_test"), str(curve.best_test))
    m[4].metric(t(f"{PAGE}.poly.best_cv"), str(curve.best_cv))


def poly_numbers(here) -> None:
    """The split at this degree, with its numbers in the formula."""
    b, v, s = (layout.tex_num(value, 3) for value in (here.bias2, here.variance, here.noise))
    st.latex(
        r"\begin{aligned} \big(\mathbb{E}\hat f - f\big)^2 + \mathbb{E}\big[(\hat f - \mathbb{E}\hat f)^2\big] "
        r"+ \sigma^2 "
        rf"&= {b} + {v} + {s} \\ &= {layout.tex_num(here.total, 3)} \\ "
        rf"\mathbb{{E}}\big[(y - \hat f(x))^2\big] &\approx {layout.tex_num(here.test_mse, 3)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.poly.caption"))


# --- 2. L2 against L1: coefficient paths on the diabetes data ---------------------------------------------------


@demo("paths")
def paths(snippet: Snippet) -> dict[str, object]:
    c = st.columns(2)
    ridge_alpha = log_slider(
        c[0], "paths.ridge_alpha", *RIDGE_RANGE, 2.0, 0.1, key="gen_ridge_alpha", tip="paths.ridge_help"
    )
    lasso_alpha = log_slider(
        c[1], "paths.lasso_alpha", *LASSO_RANGE, 0.0, 0.1, key="gen_lasso_alpha", tip="paths.lasso_help"
    )
    note = "standardised features"
    X, y, names = snippet("X, y, names", datasets.diabetes, scale_target=False, cache=True, note=note)
    with st.spinner(t(f"{PAGE}.paths.computing")):
        ridge_alphas = snippet("ridge_alphas", np.logspace, *RIDGE_RANGE, 31)
        lasso_alphas = snippet("lasso_alphas", np.logspace, *LASSO_RANGE, 41)
        ridge_path = snippet("ridge_path", penalties.regularization_path, X, y, ridge_alphas, "l2", cache=True)
        lasso_path = snippet("lasso_path", penalties.regularization_path, X, y, lasso_alphas, "l1", cache=True)
        alpha_max = snippet("alpha_max", penalties.lasso_alpha_max, X, y)
        least = snippet("least", penalties.ridge, X, y, 0.0, note="α = 0: least squares")
        ridge = snippet("ridge", penalties.ridge, X, y, ridge_alpha)
        lasso = snippet("lasso", penalties.lasso, X, y, lasso_alpha, cache=True)
    kept = snippet("kept", np.count_nonzero, lasso.coef)
    for column, (kind, path, alpha) in zip(
        st.columns(2), (("ridge", ridge_path, ridge_alpha), ("lasso", lasso_path, lasso_alpha)), strict=True
    ):
        with column:
            title = t(f"{PAGE}.paths.{kind}_title")
            short = data_names("diabetes", "short", names)
            charts.show(*figures.coefficient_path(path, short, alpha, title=title), name=f"{kind}_path")
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.paths.alpha_max"), layout.num(alpha_max, 4))
    m[1].metric(t(f"{PAGE}.paths.nonzero"), f"{kept} / {len(names)}")
    m[2].metric(t(f"{PAGE}.paths.sweeps"), str(lasso.n_iter))
    translated = data_names("diabetes", "features", names)
    table = figures.coefficient_table(translated, least, ridge, lasso, ridge_alpha=ridge_alpha, lasso_alpha=lasso_alpha)
    layout.table(table, "{:.2f}")
    paths_numbers(alpha_max, lasso_alpha, kept, n=len(y))
    return {"patients": len(y), "features": len(names)}


def paths_numbers(alpha_max: float, lasso_alpha: float, kept: int, *, n: int) -> None:
    st.latex(
        r"\begin{aligned} \alpha_{\max} &= \max_j \frac{|\mathbf x_j^\top(\mathbf y - \bar y)|}{n} "
        rf"= {layout.tex_num(alpha_max, 4)} \\ \|\hat{{\mathbf w}}_{{L_1}}({layout.tex_num(lasso_alpha)})\|_0 "
        rf"&= {kept} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.paths.caption", n=n))


# --- 3. The geometry: why the L1 diamond gives exact zeros ----------------------------------------------------------


def geometry_widgets(names: list[str]) -> tuple[str, str, float]:
    """Two features (bmi and bp first) and the radius as a share of ‖ŵ‖₁."""
    c = st.columns([2, 2, 3])
    with c[0]:
        first = state.choice(
            t(f"{PAGE}.geometry.first"),
            names[2:] + names[:2],
            key="gen_w1",
            section="datasets.diabetes.features",
            help=t(f"{PAGE}.geometry.feature_help"),
        )
    with c[1]:
        second = state.choice(
            t(f"{PAGE}.geometry.second"), names[3:] + names[:3], key="gen_w2", section="datasets.diabetes.features"
        )
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
    return first, second, share


@demo("geometry")
def geometry(snippet: Snippet) -> None:
    X, y, names = snippet("X, y, names", datasets.diabetes, scale_target=False, cache=True)
    first, second, share = geometry_widgets(names)
    pair = snippet("pair", np.take, X, [names.index(first), names.index(second)], axis=1, note=f"{first} and {second}")
    try:
        A, w_hat = snippet(
            "A, w_hat", constraints.least_squares_quadratic, pair, y, note="the loss as ½(w − ŵ)ᵀA(w − ŵ)"
        )
    except MathDLError as error:
        layout.error(error)
        return
    pictures = {norm: snippet(norm, constraints.ball_picture, A, w_hat, share, norm) for norm in penalties.NORMS}
    shown = data_names("diabetes", "short", [first, second])
    axes = tuple(t(f"{PAGE}.geometry.axis", w=w, feature=name) for w, name in zip(("w₁", "w₂"), shown, strict=True))
    for column, (norm, picture) in zip(st.columns(2), pictures.items(), strict=True):
        with column:
            chart, frame = figures.ball(picture, w_hat, norm=norm, axes=axes)
            charts.draw(chart, width="content")
            charts.download(frame, name=f"{norm}_ball_and_contours")
    layout.table(figures.constrained_table(pictures))
    geometry_verdict(pictures["l1"], first, second)
    l1 = pictures["l1"]
    st.latex(
        rf"\begin{{aligned}} t &= {layout.tex_num(share)} \cdot \|\hat{{\mathbf w}}\|_1 = {layout.tex_num(l1.t, 4)} \\ "
        rf"\mathbf w^*_{{L_1}} &= ({layout.tex_num(l1.best.w[0], 4)},\ {layout.tex_num(l1.best.w[1], 4)}) \\ "
        rf"\alpha &= \|A(\hat{{\mathbf w}} - \mathbf w^*_{{L_1}})\|_\infty "
        rf"= {layout.tex_num(l1.best.alpha, 4)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.geometry.caption", n=len(y)))


def geometry_verdict(l1, first: str, second: str) -> None:
    """Where the contour meets the diamond: at a corner (which weight is 0), on an edge, or not at all."""
    if l1.touching and np.count_nonzero(l1.best.w) < 2:
        zero = second if l1.best.w[1] == 0 else first
        st.info(
            t(f"{PAGE}.geometry.corner", feature=data_names("diabetes", "features", [zero])[0]),
            icon=":material/target:",
        )
    elif l1.touching:
        st.info(t(f"{PAGE}.geometry.edge"), icon=":material/info:")
    else:
        st.info(t(f"{PAGE}.geometry.inside"), icon=":material/info:")


# --- 4. Early stopping, dropout and weight decay on a small network --------------------------------------------------


def network_widgets() -> tuple[int, float, float, int, int, int]:
    """Training points, dropout p, weight decay λ, epochs, patience and the seed."""
    c = st.columns(6)
    n = slider(c[0], "network.n", *NET_POINTS, key="gen_net_n", tip="network.n_help")
    dropout = slider(c[1], "network.dropout", 0.0, 0.5, 0.0, 0.05, key="gen_dropout", tip="network.dropout_help")
    l2 = slider(c[2], "network.l2", 0.0, 0.03, 0.0, 0.001, format="%.3f", key="gen_l2", tip="network.l2_help")
    epochs = slider(c[3], "network.epochs", 200, 3000, 1500, 100, key="gen_epochs")
    patience = slider(c[4], "network.patience", 10, 1000, 200, 10, key="gen_patience", tip="network.patience_help")
    with c[5]:
        seed = layout.seed("gen_net_seed")
    return n, dropout, l2, epochs, patience, seed


@demo("network")
def network(snippet: Snippet) -> dict[str, object]:
    n, dropout, l2, epochs, patience, seed = network_widgets()
    rng = snippet.rng(seed)
    x, y = snippet("x, y", polynomial.noisy_sample, "sine", n, NET_NOISE, rng)
    x_val, y_val = snippet("x_val, y_val", polynomial.noisy_sample, "sine", VALIDATION_POINTS, NET_NOISE, rng)
    X, X_val = (
        snippet("X", np.reshape, x, (-1, 1), note="one input column"),
        snippet("X_val", np.reshape, x_val, (-1, 1)),
    )
    net_rng = snippet.rng(seed + 1, name="net_rng")
    net = snippet("net", mlp.init_network, NET, "tanh", net_rng, task="regression")
    settings = {"lr": NET_LR, "batch_size": n, "l2": l2, "dropout": dropout, "validation": (X_val, y_val)}
    with st.spinner(t(f"{PAGE}.network.training")):
        run = snippet("run", training.train, net, X, y, net_rng, epochs=epochs, **settings, cache=True)
        stop = snippet("stop", evaluation.early_stopping, run.history.validation_loss, patience)
        note = "the same run, stopped at the best epoch"
        best = stop.best_epoch
        kept = snippet("kept", training.train, net, X, y, net_rng, epochs=best, **settings, cache=True, note=note)
    grid = snippet("grid", np.linspace, -1.0, 1.0, 121)
    G = snippet("G", np.reshape, grid, (-1, 1))
    curves = {
        "truth": snippet("truth", datasets.sine, grid),
        "kept": snippet("kept_fit", mlp.predict, kept.net, G),
        "final": snippet("final_fit", mlp.predict, run.net, G),
    }
    kept_loss = snippet("kept_loss", mlp.loss, kept.net, X_val, y_val)
    last = int(run.history.epoch[-1])
    left, right = st.columns(2)
    with left:
        charts.show(*figures.training_curves(run.history, stop, epochs=epochs), name="training_and_validation_loss")
    with right:
        fits = figures.network_fits(grid, curves, (x, y), (x_val, y_val), epochs=(stop.best_epoch, last))
        charts.show(*fits, name="network_fits")
    network_numbers(run, stop, kept_loss, patience)
    parameters = snippet("parameters", approximation.parameter_count, NET)
    return {"units": NET[1], "parameters": f"{parameters:,}", "noise": NET_NOISE, "validation": VALIDATION_POINTS}


def network_numbers(run, stop, kept_loss: float, patience: int) -> None:
    history, last = run.history, int(run.history.epoch[-1])
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.network.kept_epoch"), str(stop.best_epoch))
    m[1].metric(t(f"{PAGE}.network.kept_validation"), layout.num(kept_loss, 4))
    m[2].metric(t(f"{PAGE}.network.final_validation"), layout.num(history.validation_loss[-1], 4))
    m[3].metric(t(f"{PAGE}.network.final_train"), layout.num(history.loss[-1], 4))
    if stop.stopped:
        saved = last - stop.stop_epoch
        st.success(
            t(f"{PAGE}.network.stopped", stop=stop.stop_epoch, best=stop.best_epoch, saved=saved),
            icon=":material/timer:",
        )
    else:
        st.info(t(f"{PAGE}.network.not_stopped", patience=patience), icon=":material/info:")
    if run.diverged:
        st.warning(t(f"{PAGE}.network.diverged"), icon=":material/warning:")
    best_loss = layout.tex_num(history.validation_loss[stop.best_epoch - 1], 4)
    st.latex(
        rf"\begin{{aligned}} e^* &= \arg\min_{{e \le {stop.stop_epoch}}} L_{{\mathcal V}}(e) = {stop.best_epoch} \\ "
        rf"L_{{\mathcal V}}({stop.best_epoch}) &= {best_loss}, \quad "
        rf"L_{{\mathcal V}}({last}) = {layout.tex_num(history.validation_loss[-1], 4)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.network.caption", most=NET_POINTS[1]))


# --- 5. k-fold cross-validation, fold by fold ----------------------------------------------------------------------


def cv_widgets() -> tuple[int, bool, float, int]:
    """k, whether to shuffle, the ridge α and the seed."""
    c = st.columns([3, 2, 3, 2])
    k = slider(c[0], "cv.k", 2, 10, 5, key="gen_k", tip="cv.k_help")
    with c[1]:
        st.write("")  # lines the box up with the sliders beside it
        label, help_text = t(f"{PAGE}.cv.shuffle"), t(f"{PAGE}.cv.shuffle_help")
        shuffle = st.checkbox(label, True, key="gen_shuffle", bind="query-params", help=help_text)
    alpha = log_slider(c[2], "cv.alpha", *RIDGE_RANGE, 1.0, 0.1, key="gen_cv_alpha", tip="cv.alpha_help")
    with c[3]:
        seed = layout.seed("gen_cv_seed")
    return k, shuffle, alpha, seed


@demo("cv")
def cv(snippet: Snippet) -> dict[str, object]:
    k, shuffle, alpha, seed = cv_widgets()
    X, y, names = snippet("X, y, names", datasets.diabetes, scale_target=False, cache=True)
    folds = snippet("folds", evaluation.kfold_indices, len(y), k, shuffle=shuffle, rng=snippet.rng(seed))
    labels = snippet("labels", evaluation.fold_labels, folds, note="the fold that tests each patient")
    alphas = snippet("alphas", np.logspace, *RIDGE_RANGE, 31)
    by_alpha = snippet("by_alpha", evaluation.cross_val_curve, X, y, folds, alphas, cache=True)
    errors = snippet("errors", evaluation.cross_val_errors, X, y, folds, alpha)
    estimate = snippet("estimate", np.mean, errors, note="the cross-validation estimate")
    charts.show(*figures.fold_strip(labels, k), name="cv_folds")
    left, right = st.columns(2)
    with left:
        sizes = [len(test) for _, test in folds]
        charts.show(*figures.fold_errors(errors, sizes, estimate, alpha=alpha), name="cv_fold_errors")
    with right:
        charts.show(*figures.cv_against_alpha(by_alpha, alpha), name="cv_against_alpha")
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.cv.cv_mse", k=k), layout.num(estimate, 5))
    m[1].metric(t(f"{PAGE}.cv.spread"), f"{layout.num(errors.min(), 4)} – {layout.num(errors.max(), 4)}")
    m[2].metric(t(f"{PAGE}.cv.best_alpha"), layout.num(by_alpha.best_alpha, 3))
    rows = [" + ".join(layout.tex_num(e, 4) for e in errors[i : i + 4]) for i in range(0, k, 4)]  # a phone's width
    terms = r" \\ &\qquad + ".join(rows)
    st.latex(
        rf"\begin{{aligned}} \mathrm{{CV}}_{{{k}}} &= \tfrac{{1}}{{{k}}}\big({terms}\big) \\ "
        rf"&= {layout.tex_num(estimate, 5)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.cv.caption", patients=len(y), features=len(names)))
    return {"patients": len(y), "features": len(names)}


# --- 6. A classifier at a threshold: confusion matrix, precision, recall, F1, ROC ------------------------------------


@demo("classifier")
def classifier(snippet: Snippet) -> dict[str, object]:
    c1, c2 = st.columns([4, 1])
    threshold = slider(
        c1, "classifier.threshold", 0.0, 1.0, 0.5, 0.01, key="gen_threshold", tip="classifier.threshold_help"
    )
    with c2:
        seed = layout.seed("gen_clf_seed")
    with st.spinner(t(f"{PAGE}.classifier.training")):
        y, score = snippet("y, score", classification.malignant_scores, seed, cache=True, note="1 = malignant")
    roc = snippet("roc", classification.roc_curve, y, score)
    area = snippet("area", classification.auc, roc.fpr, roc.tpr)
    thresholds = snippet("thresholds", np.linspace, 0.0, 1.0, 101)
    curves = snippet("curves", classification.threshold_curves, y, score, thresholds, cache=True)
    called = snippet("called", classification.predict_positive, score, threshold)
    C = snippet("C", classification.confusion_matrix, y, called, note="[[TN, FP], [FN, TP]]")
    s = snippet("s", classification.scores_from_confusion, C)
    point = snippet("point", classification.roc_point, C, note="(FPR, TPR) of this threshold")
    left, right = st.columns([2, 3])
    with left:
        title = t(f"{PAGE}.classifier.confusion_title", n=len(y))
        kinds = {k: k.upper() for k in ("tn", "fp", "fn", "tp")}
        chart, frame = charts.confusion(C, section=f"{PAGE}.classifier", kinds=kinds, title=title)
        charts.show(chart, frame, name="confusion_matrix", width="content")
        classifier_metrics(s)
    with right:
        charts.show(*figures.threshold_scores(curves, threshold), name="precision_recall_f1")
    left, right = st.columns([2, 3])
    with left:
        title = t(f"{PAGE}.classifier.roc_title", auc=f"{area:.3f}")
        roc_figure = charts.roc(roc.fpr, roc.tpr, point, section=f"{PAGE}.classifier", title=title, height=350)
        charts.show(*roc_figure, name="roc_curve")
    with right:
        classifier_numbers(C, s, area, curves)
    baseline = snippet("baseline", classification.majority_share, y, note="accuracy of calling every tumour benign")
    st.caption(t(f"{PAGE}.classifier.caption", baseline=f"{baseline:.0%}"))
    test = classification.TEST_SIZE
    return {"train": f"{1 - test:.0%}", "test": f"{test:.0%}", "tumours": len(y)}


def classifier_metrics(s) -> None:
    m = st.columns(2)
    m[0].metric(t(f"{PAGE}.classifier.precision"), f"{s.precision:.3f}")
    m[1].metric(t(f"{PAGE}.classifier.recall"), f"{s.recall:.3f}")
    m[0].metric("F₁", f"{s.f1:.3f}")
    m[1].metric(t(f"{PAGE}.classifier.accuracy"), f"{s.accuracy:.3f}")


def classifier_numbers(C, s, area: float, curves) -> None:
    """AUC, the highest F₁, and precision, recall and F₁ with this threshold's counts in the formulas."""
    st.metric("AUC", f"{area:.3f}")
    best = f"{curves.thresholds[curves.best]:.2f}"
    st.metric(
        t(f"{PAGE}.classifier.best_f1"),
        f"{curves.f1[curves.best]:.3f}",
        help=t(f"{PAGE}.classifier.best_f1_help", threshold=best),
    )
    (_, fp), (fn, tp) = C
    p, r, f = f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"
    st.latex(
        rf"\begin{{aligned}} P &= \frac{{{tp}}}{{{tp} + {fp}}} = {p} \\ R &= \frac{{{tp}}}{{{tp} + {fn}}} = {r}"
        rf" \\ F_1 &= \frac{{2 \cdot {p} \cdot {r}}}{{{p} + {r}}} = {f} \end{{aligned}}"
    )


# --- 7. Learning curves: would more data help? ------------------------------------------------------------------------


def learning_widgets() -> tuple[int, int, float, int]:
    """The degree, n, σ and the seed."""
    c = st.columns(4)
    degree = slider(c[0], "poly.degree", 1, 15, 3, key="gen_lc_degree", tip="learning.degree_help")
    n_help = t(f"{PAGE}.learning.n_help", k=FOLDS)
    n = c[1].slider(t(f"{PAGE}.learning.n"), 50, 500, 200, 10, key="gen_lc_n", bind="query-params", help=n_help)
    noise = slider(c[2], "poly.noise", 0.05, 1.0, 0.3, 0.05, key="gen_lc_noise")
    with c[3]:
        seed = layout.seed("gen_lc_seed")
    return degree, n, noise, seed


@demo("learning")
def learning(snippet: Snippet) -> dict[str, object]:
    degree, n, noise, seed = learning_widgets()
    x, y = snippet("x, y", polynomial.noisy_sample, "sine", n, noise, snippet.rng(seed))
    folds = snippet(
        "folds", evaluation.kfold_indices, n, FOLDS, note="the points come in random order: blocks are fair"
    )
    sizes = snippet("sizes", evaluation.learning_sizes, folds, 18)
    Phi = snippet("Phi", polynomial.polynomial_features, x, degree)
    curve = snippet("curve", evaluation.learning_curve, Phi, y, sizes, folds, alpha=0.0, cache=True)
    left, right = st.columns([3, 2])
    with left:
        charts.show(*figures.learning_curve(curve, noise**2, degree=degree), name="learning_curve")
    with right:
        m, largest = st.columns(2), int(curve.sizes[-1])
        train, validation = float(curve.train_mean[-1]), float(curve.validation_mean[-1])
        m[0].metric(t(f"{PAGE}.learning.final_train", m=largest), layout.num(train, 4))
        m[1].metric(t(f"{PAGE}.learning.final_validation", m=largest), layout.num(validation, 4))
        m[0].metric(t(f"{PAGE}.learning.gap"), layout.num(validation - train, 3))
        m[1].metric("σ²", layout.num(noise**2, 3))
    st.caption(t(f"{PAGE}.learning.caption"))
    return {"folds": FOLDS}


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[poly, paths, geometry, network, cv, classifier, learning],
    code=[
        polynomial.fit_polynomial,
        polynomial.bias_variance,
        penalties.ridge,
        penalties.lasso,
        constraints.constrained_minimum,
        constraints.level_curve,
        evaluation.early_stopping,
        evaluation.kfold_indices,
        evaluation.cross_val_errors,
        classification.scores_from_confusion,
        classification.roc_curve,
        evaluation.learning_curve,
    ],
)
