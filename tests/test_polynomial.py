"""Facts about polynomial fits on Legendre features and the split of their error into bias and
variance, checked against numpy's polynomials, scikit-learn's Ridge and cross-validation, and
against fitting one training set at a time.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn import linear_model, model_selection

from mathdl import MathDLError, datasets, evaluation, polynomial

# --- Polynomial regression ------------------------------------------------------------------------


@settings(max_examples=40)
@given(st.integers(0, 25), st.floats(-5, 5), st.floats(0.1, 10))
def test_the_features_are_numpys_legendre_polynomials_on_the_interval_mapped_to_minus_one_one(degree, a, width):
    x = np.linspace(a - width, a + 2 * width, 17)  # also outside the interval: extrapolation
    u = 2 * (x - a) / width - 1
    ours = polynomial.polynomial_features(x, degree, (a, a + width))
    assert ours.shape == (17, degree)
    assert_allclose(ours, np.polynomial.legendre.legvander(u, degree)[:, 1:], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("degree", [0, 1, 2, 3, 5])
def test_a_low_degree_fit_is_numpys_polyfit(degree):
    rng = np.random.default_rng(degree)
    x = rng.uniform(0, 5, 30)
    y = np.cos(x) + 0.1 * rng.standard_normal(30)
    p = polynomial.fit_polynomial(x, y, degree, interval=(0.0, 5.0))
    grid = np.linspace(-1, 6, 50)
    assert_allclose(
        polynomial.predict_polynomial(p, grid), np.polyval(np.polyfit(x, y, degree), grid), rtol=1e-7, atol=1e-7
    )


def test_degree_fifteen_stays_well_conditioned_and_is_numpys_legendre_fit():
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 200)
    y = np.sin(x) + 0.1 * rng.standard_normal(200)
    p = polynomial.fit_polynomial(x, y, 15, interval=(-3.0, 3.0))
    reference = np.polynomial.Legendre.fit(x, y, 15, domain=[-3, 3])
    grid = np.linspace(-3, 3, 61)
    assert_allclose(polynomial.predict_polynomial(p, grid), reference(grid), atol=1e-8)
    assert np.linalg.cond(polynomial.polynomial_features(x, 15, (-3.0, 3.0))) < 1e3  # the powers of x: about 1e10


def test_with_as_many_coefficients_as_points_the_curve_passes_through_every_point():
    x, y = polynomial.noisy_sample("runge", 12, 0.1, np.random.default_rng(1))
    p = polynomial.fit_polynomial(x, y, 11)
    assert_allclose(polynomial.predict_polynomial(p, x), y, atol=1e-8)
    wider = polynomial.fit_polynomial(x, y, 20)  # more coefficients than points: the smallest-norm interpolant
    assert_allclose(polynomial.predict_polynomial(wider, x), y, atol=1e-7)


@pytest.mark.parametrize("alpha", [0.01, 1.0, 30.0])
def test_a_penalised_polynomial_is_sklearns_ridge_on_the_same_features(alpha):
    x, y = polynomial.noisy_sample("sine", 25, 0.2, np.random.default_rng(2))
    Phi = polynomial.polynomial_features(x, 9)
    reference = linear_model.Ridge(alpha=alpha).fit(Phi, y)
    p = polynomial.fit_polynomial(x, y, 9, alpha)
    assert_allclose(p.model.coef, reference.coef_, atol=1e-8)
    assert p.model.intercept == pytest.approx(reference.intercept_, abs=1e-8)


@pytest.mark.parametrize("target", list(datasets.TARGETS))
def test_a_noisy_sample_is_the_target_plus_noise_of_the_given_size(target):
    x, y = polynomial.noisy_sample(target, 20_000, 0.3, np.random.default_rng(3))
    assert x.min() >= -1 and x.max() <= 1
    assert np.std(y - datasets.TARGETS[target](x)) == pytest.approx(0.3, rel=0.03)
    x0, y0 = polynomial.noisy_sample(target, 50, 0.0, np.random.default_rng(3))
    assert_allclose(y0, datasets.TARGETS[target](x0))


def test_training_error_only_falls_with_the_degree_but_test_error_makes_a_u():
    rng = np.random.default_rng(4)
    (x, y), (x_test, y_test) = (
        polynomial.noisy_sample("sine", 30, 0.25, rng),
        polynomial.noisy_sample("sine", 2000, 0.25, rng),
    )
    c = polynomial.degree_curve(x, y, x_test, y_test, range(0, 16))
    assert np.all(np.diff(c.train_mse) <= 1e-12)  # nested models: a larger one never fits worse
    best = int(np.argmin(c.test_mse))
    assert c.best_test == best and 3 <= best <= 9
    assert c.test_mse[0] > 2 * c.test_mse[best] and c.test_mse[15] > 2 * c.test_mse[best]
    assert c.cv_mse is None and c.best_cv is None


def test_the_cross_validated_degree_curve_is_sklearns_cross_val_score():
    x, y = polynomial.noisy_sample("cubic", 40, 0.2, np.random.default_rng(5))
    folds = evaluation.kfold_indices(40, 5)
    c = polynomial.degree_curve(x, y, x, y, [1, 3, 8], alpha=0.1, folds=folds)
    reference = {}
    for d, cv in zip([1, 3, 8], c.cv_mse, strict=True):
        scores = model_selection.cross_val_score(
            linear_model.Ridge(alpha=0.1),
            polynomial.polynomial_features(x, d),
            y,
            cv=model_selection.KFold(5),
            scoring="neg_mean_squared_error",
        )
        assert cv == pytest.approx(-scores.mean(), rel=1e-9)
        reference[d] = -scores.mean()
    assert c.best_cv == min(reference, key=reference.get) == 3


# --- Bias and variance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "degree", "alpha"), [("sine", 1, 0.0), ("sine", 5, 0.0), ("runge", 8, 0.0), ("step", 3, 1.0)]
)
def test_expected_test_error_is_bias_squared_plus_variance_plus_noise(target, degree, alpha):
    r = polynomial.bias_variance(target, degree, 30, 0.3, 400, np.random.default_rng(6), alpha=alpha)
    assert r.predictions.shape == (400, 101)
    # Exactly, over the R fits: mean (f̂ − f)² = bias² + variance.
    assert np.mean((r.predictions - r.truth) ** 2) == pytest.approx(r.bias2 + r.variance, rel=1e-12)
    # Up to Monte-Carlo error on fresh noisy y: E(y − f̂)² = bias² + variance + σ².
    assert r.test_mse == pytest.approx(r.bias2 + r.variance + r.noise, rel=0.03)
    assert r.total == r.bias2 + r.variance + r.noise
    assert r.noise == pytest.approx(0.09)


def test_a_model_that_contains_the_truth_has_no_bias_only_variance():
    r = polynomial.bias_variance("cubic", 3, 30, 0.3, 400, np.random.default_rng(7))
    assert r.bias2 < 3 * r.variance / 400  # what is left is the Monte-Carlo error of the mean
    too_simple = polynomial.bias_variance("cubic", 1, 30, 0.3, 400, np.random.default_rng(7))
    assert too_simple.bias2 > 20 * r.bias2


def test_the_curve_trades_bias_for_variance_and_agrees_with_the_single_degree_version():
    c = polynomial.bias_variance_curve("sine", [0, 1, 3, 5, 7], 40, 0.2, 200, np.random.default_rng(8))
    assert np.all(np.diff(c.bias2[:3]) < 0) and np.all(np.diff(c.variance[2:]) > 0)
    assert_allclose(c.test_mse, c.bias2 + c.variance + c.noise, rtol=0.04)
    single = polynomial.bias_variance("sine", 3, 40, 0.2, 200, np.random.default_rng(8))
    assert single.variance == pytest.approx(c.variance[2], rel=0.3)


def test_ridge_lowers_the_variance_of_a_high_degree_fit():
    plain = polynomial.bias_variance("sine", 12, 30, 0.3, 200, np.random.default_rng(9))
    ridged = polynomial.bias_variance("sine", 12, 30, 0.3, 200, np.random.default_rng(9), alpha=1.0)
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
    r = polynomial.bias_variance(target, degree, n, 0.3, 20, np.random.default_rng(10), alpha=alpha, m=31)
    rng = np.random.default_rng(10)  # the same training sets, drawn in the same order
    one_by_one = np.array(
        [
            polynomial.predict_polynomial(polynomial.fit_polynomial(x, y, degree, alpha), r.x)
            for x, y in (polynomial.noisy_sample(target, n, 0.3, rng) for _ in range(20))
        ]
    )
    assert_allclose(r.predictions, one_by_one, rtol=1e-10, atol=1e-10 * np.abs(one_by_one).max())


def test_each_degree_of_the_curve_is_the_single_degree_split_on_the_same_training_sets():
    degrees = [0, 2, 5, 11]
    c = polynomial.bias_variance_curve("runge", degrees, 25, 0.2, 50, np.random.default_rng(11), alpha=1e-4, m=41)
    for i, degree in enumerate(degrees):
        single = polynomial.bias_variance("runge", degree, 25, 0.2, 50, np.random.default_rng(11), alpha=1e-4, m=41)
        assert (c.bias2[i], c.variance[i], c.test_mse[i]) == pytest.approx(
            (single.bias2, single.variance, single.test_mse), rel=1e-12
        )


# --- Checks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: polynomial.noisy_sample("wave", 10, 0.1, np.random.default_rng(0)), "unknown_choice"),
        (lambda: polynomial.noisy_sample("sine", 0, 0.1, np.random.default_rng(0)), "out_of_range"),
        (lambda: polynomial.polynomial_features([0.0], 31), "out_of_range"),
        (lambda: polynomial.polynomial_features([0.0], 2, (1.0, 1.0)), "bad_interval"),
        (lambda: polynomial.bias_variance("sine", 31, 10, 0.1, 5, np.random.default_rng(0)), "out_of_range"),
        (lambda: polynomial.bias_variance_curve("sine", [3, -1], 10, 0.1, 5, np.random.default_rng(0)), "out_of_range"),
        (lambda: polynomial.bias_variance("sine", 3, 10, 0.1, 5, np.random.default_rng(0), alpha=-1.0), "out_of_range"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code
