"""Facts about ridge and lasso and their coefficient paths, checked against scikit-learn's Ridge,
Lasso and lasso_path, their optimality conditions and brute force.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn import linear_model

from mathdl import MathDLError, datasets, penalties

DIABETES = datasets.diabetes(scale_target=False)


def centred(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return X - X.mean(axis=0), y - y.mean()


def random_regression(seed, n=40, d=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d))  # correlated columns
    return X, X @ rng.standard_normal(d) + rng.standard_normal(n)


@pytest.mark.parametrize("alpha", [0.0, 0.1, 1.0, 10.0, 1000.0])
def test_ridge_is_sklearns_ridge_on_the_diabetes_data(alpha):
    X, y, _ = DIABETES
    ours, reference = penalties.ridge(X, y, alpha), linear_model.Ridge(alpha=alpha).fit(X, y)
    assert_allclose(ours.coef, reference.coef_, atol=1e-6)
    assert ours.intercept == pytest.approx(reference.intercept_, abs=1e-6)
    assert_allclose(penalties.predict(ours, X), reference.predict(X), atol=1e-6)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 30.0])
def test_ridge_on_a_stack_is_sklearns_ridge_on_each_data_set(alpha):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((6, 25, 4))
    y = X @ rng.standard_normal(4) + rng.standard_normal((6, 25))
    w, b = penalties.ridge_stack(X, y, alpha)
    assert w.shape == (6, 4) and b.shape == (6,)
    for s in range(6):
        reference = linear_model.Ridge(alpha=alpha).fit(X[s], y[s])
        assert_allclose(w[s], reference.coef_, atol=1e-10)
        assert b[s] == pytest.approx(reference.intercept_, abs=1e-10)


def test_regression_data_flattens_y_and_checks_lengths_and_penalties():
    X, y = penalties.regression_data([[1, 2], [3, 4]], [[5.0], [6.0]])
    assert X.dtype == float and y.tolist() == [5.0, 6.0]
    assert penalties.check_penalty(0.0) == 0.0
    for bad in (-1.0, np.inf, np.nan):
        with pytest.raises(MathDLError):
            penalties.check_penalty(bad)


@settings(max_examples=40)
@given(st.integers(0, 10_000), st.floats(0, 100), st.floats(0, 100))
def test_the_ridge_weights_only_shrink_as_alpha_grows(seed, a, b):
    X, y = random_regression(seed)
    small, large = sorted([a, b])
    assert np.linalg.norm(penalties.ridge(X, y, large).coef) <= np.linalg.norm(penalties.ridge(X, y, small).coef) + 1e-9


@settings(max_examples=30)
@given(st.integers(0, 10_000), st.floats(0.001, 100))
def test_the_ridge_weights_solve_the_normal_equations(seed, alpha):
    X, y = random_regression(seed)
    Xc, yc = centred(X, y)
    w = penalties.ridge(X, y, alpha).coef
    assert_allclose((Xc.T @ Xc + alpha * np.eye(5)) @ w, Xc.T @ yc, atol=1e-8 * max(1.0, np.abs(Xc.T @ yc).max()))


def test_soft_thresholding_minimises_the_one_dimensional_lasso():
    z = np.linspace(-3, 3, 61)
    w = np.linspace(-4, 4, 80_001)
    brute = w[np.argmin(0.5 * (w[None, :] - z[:, None]) ** 2 + 0.7 * np.abs(w[None, :]), axis=1)]
    assert_allclose(penalties.soft_threshold(z, 0.7), brute, atol=1e-4)
    assert np.all(penalties.soft_threshold(z, 0.7)[np.abs(z) <= 0.7] == 0)


def lasso_reference(X, y, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns at alpha = 0
        return linear_model.Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000).fit(X, y)


@pytest.mark.parametrize("share", [1.0, 0.99, 0.5, 0.1, 0.01, 1e-4])
def test_lasso_is_sklearns_lasso_on_the_diabetes_data(share):
    X, y, _ = DIABETES
    alpha = share * penalties.lasso_alpha_max(X, y)
    ours, reference = penalties.lasso(X, y, alpha), lasso_reference(X, y, alpha)
    assert_allclose(ours.coef, reference.coef_, atol=1e-6)
    assert ours.intercept == pytest.approx(reference.intercept_, abs=1e-6)
    assert np.count_nonzero(ours.coef) == np.count_nonzero(reference.coef_)


def test_alpha_max_is_where_the_last_weight_leaves_zero():
    X, y, _ = DIABETES
    Xc, yc = centred(X, y)
    alpha_max = penalties.lasso_alpha_max(X, y)
    assert alpha_max == pytest.approx(np.abs(Xc.T @ yc).max() / len(y))
    assert np.all(penalties.lasso(X, y, alpha_max).coef == 0)
    assert np.all(lasso_reference(X, y, alpha_max).coef_ == 0)
    just_below = penalties.lasso(X, y, 0.99 * alpha_max).coef
    assert np.flatnonzero(just_below).tolist() == [
        int(np.argmax(np.abs(Xc.T @ yc)))
    ]  # the feature most correlated with y


@settings(max_examples=30)
@given(st.integers(0, 10_000), st.floats(0.01, 0.9))
def test_the_lasso_answer_satisfies_its_optimality_conditions(seed, share):
    """At the minimum the slope of the squared error, g = Xᵀ(y − Xw)/n, equals α·sign(w_j) where
    w_j ≠ 0 and is at most α in size where w_j = 0.
    """
    X, y = random_regression(seed)
    alpha = share * penalties.lasso_alpha_max(X, y)
    w = penalties.lasso(X, y, alpha).coef
    Xc, yc = centred(X, y)
    g = Xc.T @ (yc - Xc @ w) / len(y)
    scale = 1e-7 * max(1.0, alpha)
    assert_allclose(g[w != 0], alpha * np.sign(w[w != 0]), atol=scale)
    assert np.all(np.abs(g[w == 0]) <= alpha + scale)


def test_the_lasso_path_is_sklearns_lasso_path_and_warm_starts_save_sweeps():
    X, y, _ = DIABETES
    alphas = penalties.alpha_grid(X, y, 30)
    Xc, yc = centred(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference_alphas, reference_coefs, _ = linear_model.lasso_path(
            Xc, yc, alphas=alphas, tol=1e-14, max_iter=1_000_000
        )
    default_alphas, _, _ = linear_model.lasso_path(Xc, yc, alphas=30, eps=1e-3)
    assert_allclose(alphas, default_alphas, rtol=1e-12)  # the same grid as scikit-learn's
    path = penalties.regularization_path(X, y, alphas, "l1")
    assert_allclose(path.coefs, reference_coefs.T, atol=1e-6)
    assert_allclose(path.intercepts, y.mean() - X.mean(axis=0) @ path.coefs.T, atol=1e-9)
    cold = sum(penalties.lasso(X, y, a).n_iter for a in alphas)
    assert path.n_iter.sum() < cold
    assert np.count_nonzero(path.coefs[0]) == 0 and np.count_nonzero(path.coefs[-1]) == 10


def test_the_path_comes_back_in_the_order_the_alphas_were_given_and_ridge_is_sklearns():
    X, y, _ = DIABETES
    alphas = np.array([1.0, 100.0, 0.01, 10.0])
    lasso_path = penalties.regularization_path(X, y, alphas, "l1")
    for a, coef in zip(alphas, lasso_path.coefs, strict=True):
        assert_allclose(coef, lasso_reference(X, y, a).coef_, atol=1e-6)
    ridge_path = penalties.regularization_path(X, y, alphas, "l2")
    for a, coef, intercept in zip(alphas, ridge_path.coefs, ridge_path.intercepts, strict=True):
        reference = linear_model.Ridge(alpha=a).fit(X, y)
        assert_allclose(coef, reference.coef_, atol=1e-6)
        assert intercept == pytest.approx(reference.intercept_, abs=1e-9)
    assert np.all(ridge_path.coefs != 0)  # ridge shrinks but never zeroes a weight
    assert np.count_nonzero(lasso_path.coefs[1]) < 10


def test_functions_leave_their_inputs_untouched():
    X, y, _ = DIABETES
    X, y = X.copy(), y.copy()
    w0 = np.ones(10)
    for a in (X, y, w0):
        a.setflags(write=False)  # any write into them would raise
    penalties.ridge(X, y, 1.0)
    penalties.lasso(X, y, 1.0, w0=w0)
    penalties.regularization_path(X, y, [1.0, 10.0])


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: penalties.ridge([[1.0], [2.0]], [1.0], 1.0), "lengths_differ"),
        (lambda: penalties.ridge([[1.0], [np.nan]], [1.0, 2.0], 1.0), "not_finite"),
        (lambda: penalties.ridge([1.0, 2.0], [1.0, 2.0], 1.0), "bad_shape"),
        (lambda: penalties.lasso([[1.0], [2.0]], [1.0, 2.0], -1.0), "out_of_range"),
        (lambda: penalties.regularization_path([[1.0], [2.0]], [1.0, 2.0], [1.0], "l3"), "unknown_choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code
