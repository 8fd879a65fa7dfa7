"""Facts about polynomial fits, bias and variance, ridge and lasso, the L1 diamond and the L2 disc,
and honest evaluation, checked against numpy, scikit-learn and brute force.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from sklearn import linear_model, metrics, model_selection

from mathdl import MathDLError, datasets, information
from mathdl import regularization as reg

DIABETES = datasets.diabetes(scale_target=False)


def centred(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return X - X.mean(axis=0), y - y.mean()


def random_regression(seed, n=40, d=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d))  # correlated columns
    return X, X @ rng.standard_normal(d) + rng.standard_normal(n)


# --- Polynomial regression -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 25), st.floats(-5, 5), st.floats(0.1, 10))
def test_the_features_are_numpys_legendre_polynomials_on_the_interval_mapped_to_minus_one_one(degree, a, width):
    x = np.linspace(a - width, a + 2 * width, 17)  # also outside the interval: extrapolation
    u = 2 * (x - a) / width - 1
    ours = reg.polynomial_features(x, degree, (a, a + width))
    assert ours.shape == (17, degree)
    assert_allclose(ours, np.polynomial.legendre.legvander(u, degree)[:, 1:], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("degree", [0, 1, 2, 3, 5])
def test_a_low_degree_fit_is_numpys_polyfit(degree):
    rng = np.random.default_rng(degree)
    x = rng.uniform(0, 5, 30)
    y = np.cos(x) + 0.1 * rng.standard_normal(30)
    p = reg.fit_polynomial(x, y, degree, interval=(0.0, 5.0))
    grid = np.linspace(-1, 6, 50)
    assert_allclose(reg.predict_polynomial(p, grid), np.polyval(np.polyfit(x, y, degree), grid), rtol=1e-7, atol=1e-7)


def test_degree_fifteen_stays_well_conditioned_and_is_numpys_legendre_fit():
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 200)
    y = np.sin(x) + 0.1 * rng.standard_normal(200)
    p = reg.fit_polynomial(x, y, 15, interval=(-3.0, 3.0))
    reference = np.polynomial.Legendre.fit(x, y, 15, domain=[-3, 3])
    grid = np.linspace(-3, 3, 61)
    assert_allclose(reg.predict_polynomial(p, grid), reference(grid), atol=1e-8)
    assert np.linalg.cond(reg.polynomial_features(x, 15, (-3.0, 3.0))) < 1e3  # the powers of x: about 1e10


def test_with_as_many_coefficients_as_points_the_curve_passes_through_every_point():
    x, y = reg.noisy_sample("runge", 12, 0.1, np.random.default_rng(1))
    p = reg.fit_polynomial(x, y, 11)
    assert_allclose(reg.predict_polynomial(p, x), y, atol=1e-8)
    wider = reg.fit_polynomial(x, y, 20)  # more coefficients than points: the smallest-norm interpolant
    assert_allclose(reg.predict_polynomial(wider, x), y, atol=1e-7)


@pytest.mark.parametrize("alpha", [0.01, 1.0, 30.0])
def test_a_penalised_polynomial_is_sklearns_ridge_on_the_same_features(alpha):
    x, y = reg.noisy_sample("sine", 25, 0.2, np.random.default_rng(2))
    Phi = reg.polynomial_features(x, 9)
    reference = linear_model.Ridge(alpha=alpha).fit(Phi, y)
    p = reg.fit_polynomial(x, y, 9, alpha)
    assert_allclose(p.model.coef, reference.coef_, atol=1e-8)
    assert p.model.intercept == pytest.approx(reference.intercept_, abs=1e-8)


@pytest.mark.parametrize("target", list(reg.TARGETS))
def test_a_noisy_sample_is_the_target_plus_noise_of_the_given_size(target):
    x, y = reg.noisy_sample(target, 20_000, 0.3, np.random.default_rng(3))
    assert x.min() >= -1 and x.max() <= 1
    assert np.std(y - reg.TARGETS[target](x)) == pytest.approx(0.3, rel=0.03)
    x0, y0 = reg.noisy_sample(target, 50, 0.0, np.random.default_rng(3))
    assert_allclose(y0, reg.TARGETS[target](x0))


def test_training_error_only_falls_with_the_degree_but_test_error_makes_a_u():
    rng = np.random.default_rng(4)
    (x, y), (x_test, y_test) = reg.noisy_sample("sine", 30, 0.25, rng), reg.noisy_sample("sine", 2000, 0.25, rng)
    c = reg.degree_curve(x, y, x_test, y_test, range(0, 16))
    assert np.all(np.diff(c.train_mse) <= 1e-12)  # nested models: a larger one never fits worse
    best = int(np.argmin(c.test_mse))
    assert 3 <= best <= 9
    assert c.test_mse[0] > 2 * c.test_mse[best] and c.test_mse[15] > 2 * c.test_mse[best]
    assert c.cv_mse is None


def test_the_cross_validated_degree_curve_is_sklearns_cross_val_score():
    x, y = reg.noisy_sample("cubic", 40, 0.2, np.random.default_rng(5))
    folds = reg.kfold_indices(40, 5)
    c = reg.degree_curve(x, y, x, y, [1, 3, 8], alpha=0.1, folds=folds)
    for d, cv in zip([1, 3, 8], c.cv_mse):
        scores = model_selection.cross_val_score(
            linear_model.Ridge(alpha=0.1),
            reg.polynomial_features(x, d),
            y,
            cv=model_selection.KFold(5),
            scoring="neg_mean_squared_error",
        )
        assert cv == pytest.approx(-scores.mean(), rel=1e-9)


# --- Bias and variance -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "degree", "alpha"), [("sine", 1, 0.0), ("sine", 5, 0.0), ("runge", 8, 0.0), ("step", 3, 1.0)]
)
def test_expected_test_error_is_bias_squared_plus_variance_plus_noise(target, degree, alpha):
    r = reg.bias_variance(target, degree, 30, 0.3, 400, np.random.default_rng(6), alpha=alpha)
    assert r.predictions.shape == (400, 101)
    # Exactly, over the R fits: mean (f̂ − f)² = bias² + variance.
    assert np.mean((r.predictions - r.truth) ** 2) == pytest.approx(r.bias2 + r.variance, rel=1e-12)
    # Up to Monte-Carlo error on fresh noisy y: E(y − f̂)² = bias² + variance + σ².
    assert r.test_mse == pytest.approx(r.bias2 + r.variance + r.noise, rel=0.03)
    assert r.noise == pytest.approx(0.09)


def test_a_model_that_contains_the_truth_has_no_bias_only_variance():
    r = reg.bias_variance("cubic", 3, 30, 0.3, 400, np.random.default_rng(7))
    assert r.bias2 < 3 * r.variance / 400  # what is left is the Monte-Carlo error of the mean
    too_simple = reg.bias_variance("cubic", 1, 30, 0.3, 400, np.random.default_rng(7))
    assert too_simple.bias2 > 20 * r.bias2


def test_the_curve_trades_bias_for_variance_and_agrees_with_the_single_degree_version():
    c = reg.bias_variance_curve("sine", [0, 1, 3, 5, 7], 40, 0.2, 200, np.random.default_rng(8))
    assert np.all(np.diff(c.bias2[:3]) < 0) and np.all(np.diff(c.variance[2:]) > 0)
    assert_allclose(c.test_mse, c.bias2 + c.variance + c.noise, rtol=0.04)
    single = reg.bias_variance("sine", 3, 40, 0.2, 200, np.random.default_rng(8))
    assert single.variance == pytest.approx(c.variance[2], rel=0.3)


def test_ridge_lowers_the_variance_of_a_high_degree_fit():
    plain = reg.bias_variance("sine", 12, 30, 0.3, 200, np.random.default_rng(9))
    ridged = reg.bias_variance("sine", 12, 30, 0.3, 200, np.random.default_rng(9), alpha=1.0)
    assert ridged.variance < plain.variance / 10 and ridged.test_mse < plain.test_mse


@pytest.mark.parametrize(
    ("target", "degree", "n", "alpha"),
    [
        ("sine", 0, 30, 0.0),
        ("runge", 7, 12, 1e-3),
        ("step", 15, 10, 0.0),
        ("cubic", 30, 50, 1e-6),
    ],  # (step, 15, 10): more coefficients than points
)
def test_the_repeated_fits_are_fit_polynomial_on_each_training_set_one_at_a_time(target, degree, n, alpha):
    r = reg.bias_variance(target, degree, n, 0.3, 20, np.random.default_rng(10), alpha=alpha, m=31)
    rng = np.random.default_rng(10)  # the same training sets, drawn in the same order
    one_by_one = np.array(
        [
            reg.predict_polynomial(reg.fit_polynomial(x, y, degree, alpha), r.x)
            for x, y in (reg.noisy_sample(target, n, 0.3, rng) for _ in range(20))
        ]
    )
    assert_allclose(r.predictions, one_by_one, rtol=1e-10, atol=1e-10 * np.abs(one_by_one).max())


def test_each_degree_of_the_curve_is_the_single_degree_split_on_the_same_training_sets():
    degrees = [0, 2, 5, 11]
    c = reg.bias_variance_curve("runge", degrees, 25, 0.2, 50, np.random.default_rng(11), alpha=1e-4, m=41)
    for i, degree in enumerate(degrees):
        single = reg.bias_variance("runge", degree, 25, 0.2, 50, np.random.default_rng(11), alpha=1e-4, m=41)
        assert (c.bias2[i], c.variance[i], c.test_mse[i]) == pytest.approx(
            (single.bias2, single.variance, single.test_mse), rel=1e-12
        )


# --- Ridge and lasso ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.0, 0.1, 1.0, 10.0, 1000.0])
def test_ridge_is_sklearns_ridge_on_the_diabetes_data(alpha):
    X, y, _ = DIABETES
    ours, reference = reg.ridge(X, y, alpha), linear_model.Ridge(alpha=alpha).fit(X, y)
    assert_allclose(ours.coef, reference.coef_, atol=1e-6)
    assert ours.intercept == pytest.approx(reference.intercept_, abs=1e-6)
    assert_allclose(reg.predict(ours, X), reference.predict(X), atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.floats(0, 100), st.floats(0, 100))
def test_the_ridge_weights_only_shrink_as_alpha_grows(seed, a, b):
    X, y = random_regression(seed)
    small, large = sorted([a, b])
    assert np.linalg.norm(reg.ridge(X, y, large).coef) <= np.linalg.norm(reg.ridge(X, y, small).coef) + 1e-9


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.001, 100))
def test_the_ridge_weights_solve_the_normal_equations(seed, alpha):
    X, y = random_regression(seed)
    Xc, yc = centred(X, y)
    w = reg.ridge(X, y, alpha).coef
    assert_allclose((Xc.T @ Xc + alpha * np.eye(5)) @ w, Xc.T @ yc, atol=1e-8 * max(1.0, np.abs(Xc.T @ yc).max()))


def test_soft_thresholding_minimises_the_one_dimensional_lasso():
    z = np.linspace(-3, 3, 61)
    w = np.linspace(-4, 4, 80_001)
    brute = w[np.argmin(0.5 * (w[None, :] - z[:, None]) ** 2 + 0.7 * np.abs(w[None, :]), axis=1)]
    assert_allclose(reg.soft_threshold(z, 0.7), brute, atol=1e-4)
    assert np.all(reg.soft_threshold(z, 0.7)[np.abs(z) <= 0.7] == 0)


def lasso_reference(X, y, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns at alpha = 0
        return linear_model.Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000).fit(X, y)


@pytest.mark.parametrize("share", [1.0, 0.99, 0.5, 0.1, 0.01, 1e-4])
def test_lasso_is_sklearns_lasso_on_the_diabetes_data(share):
    X, y, _ = DIABETES
    alpha = share * reg.lasso_alpha_max(X, y)
    ours, reference = reg.lasso(X, y, alpha), lasso_reference(X, y, alpha)
    assert_allclose(ours.coef, reference.coef_, atol=1e-6)
    assert ours.intercept == pytest.approx(reference.intercept_, abs=1e-6)
    assert np.count_nonzero(ours.coef) == np.count_nonzero(reference.coef_)


def test_alpha_max_is_where_the_last_weight_leaves_zero():
    X, y, _ = DIABETES
    Xc, yc = centred(X, y)
    alpha_max = reg.lasso_alpha_max(X, y)
    assert alpha_max == pytest.approx(np.abs(Xc.T @ yc).max() / len(y))
    assert np.all(reg.lasso(X, y, alpha_max).coef == 0)
    assert np.all(lasso_reference(X, y, alpha_max).coef_ == 0)
    just_below = reg.lasso(X, y, 0.99 * alpha_max).coef
    assert np.flatnonzero(just_below).tolist() == [
        int(np.argmax(np.abs(Xc.T @ yc)))
    ]  # the feature most correlated with y


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.01, 0.9))
def test_the_lasso_answer_satisfies_its_optimality_conditions(seed, share):
    """At the minimum the slope of the squared error, g = Xᵀ(y − Xw)/n, equals α·sign(w_j) where
    w_j ≠ 0 and is at most α in size where w_j = 0.
    """
    X, y = random_regression(seed)
    alpha = share * reg.lasso_alpha_max(X, y)
    w = reg.lasso(X, y, alpha).coef
    Xc, yc = centred(X, y)
    g = Xc.T @ (yc - Xc @ w) / len(y)
    scale = 1e-7 * max(1.0, alpha)
    assert_allclose(g[w != 0], alpha * np.sign(w[w != 0]), atol=scale)
    assert np.all(np.abs(g[w == 0]) <= alpha + scale)


def test_the_lasso_path_is_sklearns_lasso_path_and_warm_starts_save_sweeps():
    X, y, _ = DIABETES
    alphas = reg.alpha_grid(X, y, 30)
    Xc, yc = centred(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference_alphas, reference_coefs, _ = linear_model.lasso_path(
            Xc, yc, alphas=alphas, tol=1e-14, max_iter=1_000_000
        )
    default_alphas, _, _ = linear_model.lasso_path(Xc, yc, alphas=30, eps=1e-3)
    assert_allclose(alphas, default_alphas, rtol=1e-12)  # the same grid as scikit-learn's
    path = reg.regularization_path(X, y, alphas, "l1")
    assert_allclose(path.coefs, reference_coefs.T, atol=1e-6)
    assert_allclose(path.intercepts, y.mean() - X.mean(axis=0) @ path.coefs.T, atol=1e-9)
    cold = sum(reg.lasso(X, y, a).n_iter for a in alphas)
    assert path.n_iter.sum() < cold
    assert np.count_nonzero(path.coefs[0]) == 0 and np.count_nonzero(path.coefs[-1]) == 10


def test_the_path_comes_back_in_the_order_the_alphas_were_given_and_ridge_is_sklearns():
    X, y, _ = DIABETES
    alphas = np.array([1.0, 100.0, 0.01, 10.0])
    lasso_path = reg.regularization_path(X, y, alphas, "l1")
    for a, coef in zip(alphas, lasso_path.coefs):
        assert_allclose(coef, lasso_reference(X, y, a).coef_, atol=1e-6)
    ridge_path = reg.regularization_path(X, y, alphas, "l2")
    for a, coef in zip(alphas, ridge_path.coefs):
        assert_allclose(coef, linear_model.Ridge(alpha=a).fit(X, y).coef_, atol=1e-6)
    assert np.all(ridge_path.coefs != 0)  # ridge shrinks but never zeroes a weight
    assert np.count_nonzero(lasso_path.coefs[1]) < 10


# --- The geometric picture --------------------------------------------------------------------------


def random_bowl(seed):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((2, 2))
    return M @ M.T + 0.1 * np.eye(2), rng.uniform(-3, 3, 2)


def test_the_loss_grid_is_the_quadratic_form_with_rows_following_w2():
    A, c = np.array([[2.0, 0.5], [0.5, 1.0]]), np.array([1.0, -0.5])
    ticks, L = reg.loss_grid(A, c, 2.0, 41)
    i, j = 7, 30
    w = np.array([ticks[j], ticks[i]])
    assert L[i, j] == pytest.approx(0.5 * (w - c) @ A @ (w - c))
    assert L.min() >= 0


def test_the_bowl_of_least_squares_is_the_lasso_loss_up_to_a_constant():
    X, y = DIABETES[0][:, [2, 8]], DIABETES[1]  # bmi and s5
    A, c = reg.least_squares_quadratic(X, y)
    Xc, yc = centred(X, y)
    W = np.random.default_rng(0).normal(0, 30, (20, 2))
    squared_error = ((yc[:, None] - Xc @ W.T) ** 2).sum(axis=0) / (2 * len(y))
    gaps = squared_error - reg.quadratic_loss(A, c, W)
    assert_allclose(gaps, gaps[0], rtol=1e-10)


@pytest.mark.parametrize("norm", reg.NORMS)
@pytest.mark.parametrize("seed", range(8))
def test_the_constrained_minimum_beats_every_point_of_a_fine_search_along_the_edge(norm, seed):
    A, c = random_bowl(seed)
    t = 0.5 * np.linalg.norm(c, ord=1 if norm == "l1" else 2)  # c outside: the edge matters
    r = reg.constrained_minimum(A, c, t, norm)
    edge = reg.ball_boundary(t, norm, 400_001)  # includes the four corners of the diamond
    brute = reg.quadratic_loss(A, c, edge)
    assert np.linalg.norm(r.w, ord=1 if norm == "l1" else 2) == pytest.approx(t, rel=1e-9)
    assert r.loss <= brute.min() + 1e-12
    assert r.loss == pytest.approx(brute.min(), rel=1e-8, abs=1e-12)
    assert r.loss == pytest.approx(reg.quadratic_loss(A, c, r.w))


def test_the_l2_minimum_is_scipys_constrained_minimum():
    from scipy.optimize import minimize

    for seed in range(5):
        A, c = random_bowl(seed)
        t = 0.4 * np.linalg.norm(c)
        reference = minimize(
            lambda w: 0.5 * (w - c) @ A @ (w - c),
            np.zeros(2),
            method="SLSQP",
            constraints=[{"type": "ineq", "fun": lambda w: t**2 - w @ w}],
            options={"ftol": 1e-14},
        )
        assert_allclose(reg.constrained_minimum(A, c, t, "l2").w, reference.x, atol=1e-6)


def test_the_l1_diamond_puts_the_answer_on_an_axis_where_the_l2_disc_does_not():
    A, c = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([2.0, 0.5])  # a tilted bowl up and to the right
    l1, l2 = reg.constrained_minimum(A, c, 1.0, "l1"), reg.constrained_minimum(A, c, 1.0, "l2")
    assert l1.w.tolist() == [1.0, 0.0]  # the corner: w₂ exactly zero
    assert np.all(np.abs(l2.w) > 0.1)


@settings(max_examples=60, deadline=None)
@given(arrays(float, 2, elements=st.floats(-5, 5)), st.floats(0.1, 3))
def test_on_a_round_bowl_the_minimum_is_the_nearest_point_of_the_ball(c, t):
    """With A = I the constrained minimum is the Euclidean projection: c scaled to the circle, or c
    soft-thresholded onto the diamond, which lands on a corner exactly when ||c₁| − |c₂|| ≥ t.
    """
    l2 = reg.constrained_minimum(np.eye(2), c, t, "l2").w
    assert_allclose(l2, c * min(1.0, t / max(np.linalg.norm(c), 1e-300)), atol=1e-9)
    l1 = reg.constrained_minimum(np.eye(2), c, t, "l1").w
    if np.abs(c).sum() <= t:
        assert_allclose(l1, c)
        return
    theta = (np.abs(c).sum() - t) / 2 if abs(abs(c[0]) - abs(c[1])) < t else abs(np.abs(c).max()) - t
    assert_allclose(l1, reg.soft_threshold(c, theta), atol=1e-9)
    assert (np.count_nonzero(l1) < 2) == (abs(abs(c[0]) - abs(c[1])) >= t)


@pytest.mark.parametrize("seed", range(4))
def test_every_constraint_radius_is_a_penalty_the_multiplier_alpha_gives_the_same_weights(seed):
    X, y = random_regression(seed, n=60, d=2)
    A, c = reg.least_squares_quadratic(X, y)
    for t_share in (0.2, 0.6):
        l1 = reg.constrained_minimum(A, c, t_share * np.abs(c).sum(), "l1")
        assert_allclose(reg.lasso(X, y, l1.alpha).coef, l1.w, atol=1e-7)
        l2 = reg.constrained_minimum(A, c, t_share * np.linalg.norm(c), "l2")
        assert_allclose(reg.ridge(X, y, len(y) * l2.alpha).coef, l2.w, atol=1e-7)  # ridge's α is n times larger


def test_inside_the_ball_the_unconstrained_minimum_stands():
    r = reg.constrained_minimum(np.eye(2), [0.2, 0.1], 1.0, "l1")
    assert r.w.tolist() == [0.2, 0.1] and r.loss == 0.0 and r.alpha == 0.0


@pytest.mark.parametrize("norm", reg.NORMS)
def test_the_ball_boundary_lies_on_the_ball(norm):
    edge = reg.ball_boundary(2.5, norm, 333)
    assert_allclose(np.linalg.norm(edge, ord=1 if norm == "l1" else 2, axis=1), 2.5)
    assert_allclose(edge[0], edge[-1], atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_the_level_curve_is_the_ellipse_of_that_loss_with_the_area_of_its_closed_form(seed):
    """Every point has loss = level, computed here as a plain quadratic form, and the polygon's area
    (shoelace formula) is that of the ellipse (w − c)ᵀA(w − c) ≤ 2·level: 2π·level / √det A.
    """
    A, c = random_bowl(seed)
    level = 0.7 + seed
    points = reg.level_curve(A, c, level, 20_001)
    r = points - c
    assert_allclose(0.5 * np.sum((r @ A) * r, axis=1), level, rtol=1e-10)
    x, y = points[:, 0], points[:, 1]
    area = 0.5 * abs(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))
    assert area == pytest.approx(2 * np.pi * level / np.sqrt(np.linalg.det(A)), rel=1e-6)
    assert_allclose(points[0], points[-1], atol=1e-12)


def test_the_level_curve_through_the_constrained_minimum_touches_the_ball_there():
    A, c = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([2.0, 0.5])
    r = reg.constrained_minimum(A, c, 1.0, "l2")
    ellipse = reg.level_curve(A, c, r.loss, 100_000)
    assert np.linalg.norm(ellipse, axis=1).min() == pytest.approx(1.0, abs=1e-6)  # it reaches the disc, never enters it


# --- Evaluation ------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))))
def test_unshuffled_folds_are_sklearns_kfold(nk):
    n, k = nk
    ours = reg.kfold_indices(n, k)
    theirs = list(model_selection.KFold(k).split(np.zeros(n)))
    assert len(ours) == k
    for (train, test), (train_ref, test_ref) in zip(ours, theirs):
        assert train.tolist() == train_ref.tolist() and test.tolist() == test_ref.tolist()


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))), st.integers(0, 2**32 - 1))
def test_every_index_lands_in_exactly_one_shuffled_test_fold_of_nearly_equal_size(nk, seed):
    n, k = nk
    folds = reg.kfold_indices(n, k, shuffle=True, rng=np.random.default_rng(seed))
    tests = np.concatenate([test for _, test in folds])
    assert sorted(tests.tolist()) == list(range(n))
    sizes = [len(test) for _, test in folds]
    assert max(sizes) - min(sizes) <= 1
    for train, test in folds:
        assert sorted(np.r_[train, test].tolist()) == list(range(n))


labels = st.integers(2, 4).flatmap(lambda c: arrays(int, st.integers(12, 120), elements=st.integers(0, c - 1)))


@settings(max_examples=60, deadline=None)
@given(labels, st.integers(2, 6))
def test_unshuffled_stratified_folds_are_sklearns(y, k):
    counts = np.bincount(y)
    if counts.max() < k:  # sklearn refuses when no class can fill every fold
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when the smallest class has fewer than k members
        theirs = list(model_selection.StratifiedKFold(k).split(np.zeros(len(y)), y))
    for (train, test), (train_ref, test_ref) in zip(reg.stratified_kfold_indices(y, k), theirs):
        assert train.tolist() == train_ref.tolist() and test.tolist() == test_ref.tolist()


@settings(max_examples=40, deadline=None)
@given(labels, st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_shuffled_stratified_folds_keep_every_class_spread_evenly(y, k, seed):
    folds = reg.stratified_kfold_indices(y, k, shuffle=True, rng=np.random.default_rng(seed))
    assert sorted(np.concatenate([test for _, test in folds]).tolist()) == list(range(len(y)))
    per_fold = np.array([np.bincount(y[test], minlength=y.max() + 1) for _, test in folds])  # (k, classes)
    assert np.all(per_fold.max(axis=0) - per_fold.min(axis=0) <= 1)


@pytest.mark.parametrize("alpha", [0.0, 1.0, 100.0])
def test_cross_validated_errors_are_sklearns_on_the_same_folds(alpha):
    X, y, _ = DIABETES
    folds = reg.kfold_indices(len(y), 5, shuffle=True, rng=np.random.default_rng(0))
    scores = model_selection.cross_val_score(
        linear_model.Ridge(alpha=alpha), X, y, cv=folds, scoring="neg_mean_squared_error"
    )
    assert_allclose(reg.cross_val_errors(X, y, folds, alpha), -scores, rtol=1e-9)


def test_the_learning_curve_is_sklearns_on_the_same_splits():
    X, y, _ = DIABETES
    sizes = [5, 20, 60, 150, 350]
    ours = reg.learning_curve(X, y, sizes, reg.kfold_indices(len(y), 5), alpha=1.0)
    _, train, validation = model_selection.learning_curve(
        linear_model.Ridge(alpha=1.0),
        X,
        y,
        train_sizes=sizes,
        cv=model_selection.KFold(5),
        scoring="neg_mean_squared_error",
    )
    assert_allclose(ours.train_mse, -train, rtol=1e-9, atol=1e-9)
    assert_allclose(ours.validation_mse, -validation, rtol=1e-9)
    assert ours.validation_mse[-1].mean() < ours.validation_mse[0].mean()
    assert ours.train_mse[-1].mean() > ours.train_mse[1].mean()


def test_a_shuffled_learning_curve_uses_the_same_data_once_it_uses_all_of_it():
    X, y = DIABETES[0][:440], DIABETES[1][:440]
    folds = reg.kfold_indices(440, 4)  # every training set has 330 points
    full = 330
    plain = reg.learning_curve(X, y, [full], folds, alpha=1.0)
    shuffled = reg.learning_curve(X, y, [30, full], folds, alpha=1.0, rng=np.random.default_rng(0))
    assert_allclose(shuffled.validation_mse[1], plain.validation_mse[0], rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.integers(1, 80).flatmap(
                lambda n: st.tuples(*(arrays(int, n, elements=st.integers(0, k - 1)) for _ in range(2)))
            ),
        )
    )
)
def test_the_confusion_matrix_and_the_scores_are_sklearns(data):
    k, (y_true, y_pred) = data
    C = reg.confusion_matrix(y_true, y_pred, k)
    assert C.tolist() == metrics.confusion_matrix(y_true, y_pred, labels=range(k)).tolist()
    averages = ["macro", "weighted", None] + (["binary"] if k == 2 else [])
    for average in averages:
        ours = reg.precision_recall_f1(y_true, y_pred, k, average)
        p, r, f, _ = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=range(k), average=average, zero_division=0
        )
        assert_allclose([ours.precision, ours.recall, ours.f1], [p, r, f], atol=1e-12)
    assert reg.precision_recall_f1(y_true, y_pred, k, "macro").accuracy == pytest.approx(
        metrics.accuracy_score(y_true, y_pred)
    )


def test_raising_the_threshold_trades_recall_for_precision_as_sklearn_counts_them():
    y, score = information.classifier_scores("breast_cancer", seed=0)
    previous = None
    for threshold in (0.05, 0.3, 0.5, 0.8, 0.99):
        ours = reg.threshold_scores(y, score, threshold)
        p, r, f, _ = metrics.precision_recall_fscore_support(y, score >= threshold, average="binary", zero_division=0)
        assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))
        if previous is not None:
            assert ours.recall <= previous.recall
        previous = ours


def keras_early_stopping(loss, patience):
    """The rule as Keras' EarlyStopping callback runs it, epoch by epoch: (best, stopped_at) counted from 1."""
    best, best_value, wait = None, np.inf, 0
    for epoch, value in enumerate(loss, start=1):
        wait += 1
        if value < best_value:
            best, best_value, wait = epoch, value, 0
        if wait >= patience:
            return best, epoch
    return best, len(loss)


@settings(max_examples=200, deadline=None)
@given(arrays(float, st.integers(1, 60), elements=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])), st.integers(1, 12))
def test_early_stopping_stops_where_keras_callback_would_and_keeps_the_best_weights(loss, patience):
    r = reg.early_stopping(loss, patience)
    assert (r.best_epoch, r.stop_epoch) == keras_early_stopping(loss, patience)
    assert r.best_epoch == np.argmin(loss[: r.stop_epoch]) + 1  # the first lowest loss before the stop
    assert r.stopped == (r.stop_epoch < len(loss))
    if r.stopped:
        assert r.stop_epoch - r.best_epoch == patience


def test_early_stopping_with_endless_patience_keeps_the_overall_best_epoch():
    loss = np.r_[np.linspace(1, 0.1, 50), np.linspace(0.1, 1, 50)]
    assert reg.early_stopping(loss, 1000) == reg.EarlyStop(int(np.argmin(loss)) + 1, 100, False)


def test_functions_leave_their_inputs_untouched():
    X, y, _ = DIABETES
    X, y = X.copy(), y.copy()
    w0 = np.ones(10)
    for a in (X, y, w0):
        a.setflags(write=False)  # any write into them would raise
    reg.ridge(X, y, 1.0)
    reg.lasso(X, y, 1.0, w0=w0)
    reg.regularization_path(X, y, [1.0, 10.0])
    reg.learning_curve(X, y, [50], reg.kfold_indices(len(y), 3), rng=np.random.default_rng(0))
    labels_ = np.array([0, 1, 1, 0])
    labels_.setflags(write=False)
    reg.stratified_kfold_indices(labels_, 2, shuffle=True, rng=np.random.default_rng(0))
    reg.confusion_matrix(labels_, labels_, 2)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: reg.noisy_sample("wave", 10, 0.1, np.random.default_rng(0)), "unknown_choice"),
        (lambda: reg.noisy_sample("sine", 0, 0.1, np.random.default_rng(0)), "out_of_range"),
        (lambda: reg.polynomial_features([0.0], 31), "out_of_range"),
        (lambda: reg.polynomial_features([0.0], 2, (1.0, 1.0)), "bad_interval"),
        (lambda: reg.bias_variance("sine", 31, 10, 0.1, 5, np.random.default_rng(0)), "out_of_range"),
        (lambda: reg.bias_variance_curve("sine", [3, -1], 10, 0.1, 5, np.random.default_rng(0)), "out_of_range"),
        (lambda: reg.bias_variance("sine", 3, 10, 0.1, 5, np.random.default_rng(0), alpha=-1.0), "out_of_range"),
        (lambda: reg.ridge([[1.0], [2.0]], [1.0], 1.0), "lengths_differ"),
        (lambda: reg.ridge([[1.0], [np.nan]], [1.0, 2.0], 1.0), "not_finite"),
        (lambda: reg.ridge([1.0, 2.0], [1.0, 2.0], 1.0), "bad_shape"),
        (lambda: reg.lasso([[1.0], [2.0]], [1.0, 2.0], -1.0), "out_of_range"),
        (lambda: reg.regularization_path([[1.0], [2.0]], [1.0, 2.0], [1.0], "l3"), "unknown_choice"),
        (lambda: reg.constrained_minimum([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], 1.0, "l1"), "not_symmetric"),
        (lambda: reg.constrained_minimum([[1.0, 2.0], [2.0, 1.0]], [1.0, 1.0], 1.0, "l1"), "out_of_range"),
        (lambda: reg.constrained_minimum(np.eye(2), [1.0, 1.0], 0.0, "l2"), "out_of_range"),
        (lambda: reg.least_squares_quadratic([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0]), "rank_deficient"),
        (lambda: reg.kfold_indices(5, 6), "out_of_range"),
        (lambda: reg.kfold_indices(1, 2), "too_few_values"),
        (
            lambda: reg.learning_curve(
                [[1.0], [2.0], [3.0], [4.0]], [1.0, 2.0, 3.0, 4.0], [3], reg.kfold_indices(4, 2)
            ),
            "out_of_range",
        ),
        (lambda: reg.level_curve(np.eye(2), [0.0, 0.0], -1.0), "out_of_range"),
        (lambda: reg.early_stopping([1.0, np.inf], 3), "not_finite"),
        (lambda: reg.early_stopping([1.0, 2.0], 0), "out_of_range"),
        (lambda: reg.confusion_matrix([0, 3], [0, 1], 3), "out_of_range"),
        (lambda: reg.confusion_matrix([0, 1], [0, 1, 1], 2), "lengths_differ"),
        (lambda: reg.precision_recall_f1([0, 2], [0, 1], 3, "binary"), "unknown_choice"),
        (lambda: reg.scores_from_confusion([[1, 2, 3]]), "bad_shape"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code
