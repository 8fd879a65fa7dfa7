"""Facts about mini-batch gradients and SGD on a real regression, checked against numpy's least
squares and finite differences.
"""

import numpy as np
import pytest

from mathdl import datasets, minibatch


def test_the_mse_gradient_matches_finite_differences_on_real_data():
    X, y, _ = datasets.diabetes()
    w, h = np.random.default_rng(1).normal(size=10), 1e-6
    loss = lambda v: np.mean((X @ v - y) ** 2)
    numeric = [(loss(w + h * e) - loss(w - h * e)) / (2 * h) for e in np.eye(10)]
    np.testing.assert_allclose(minibatch.mse_gradient(X, y, w), numeric, rtol=1e-6)


@pytest.mark.parametrize("batch_size", [1, 10, 100, 400])
def test_mini_batch_gradients_are_unbiased_with_the_closed_form_noise(batch_size):
    X, y, _ = datasets.diabetes()
    w = np.zeros(10)
    draws = minibatch.batch_gradients(X, y, w, batch_size, 4000, np.random.default_rng(batch_size))
    full = minibatch.mse_gradient(X, y, w)
    noise = np.mean(np.sum((draws - full) ** 2, axis=1))
    assert noise == pytest.approx(minibatch.gradient_noise(X, y, w, batch_size), rel=0.08)
    np.testing.assert_allclose(draws.mean(axis=0), full, atol=4 * np.sqrt(noise / 4000))


def test_the_full_batch_has_no_noise():
    X, y, _ = datasets.diabetes()
    assert minibatch.gradient_noise(X, y, np.ones(10), len(y)) == 0


def test_minibatch_sgd_reaches_the_least_squares_solution():
    X, y, _ = datasets.diabetes()
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    rng = np.random.default_rng(0)
    fit = minibatch.minibatch_sgd(X, y, lr=0.05, batch_size=32, epochs=300, rng=rng, schedule="cosine")
    assert fit.diverged_at is None
    assert fit.loss[-1] == pytest.approx(np.mean((X @ best - y) ** 2), rel=1e-3)


def test_minibatch_sgd_with_too_large_a_step_stops_and_says_when():
    X, y, _ = datasets.diabetes()
    fit = minibatch.minibatch_sgd(X, y, lr=5.0, batch_size=len(y), epochs=200, rng=np.random.default_rng(0))
    assert fit.diverged_at is not None and np.all(np.isfinite(fit.loss))


def test_the_noise_to_signal_ratio_is_the_closed_form_over_the_full_gradients_size():
    X, y, _ = datasets.diabetes()
    w = np.full(10, 0.1)
    full = 2 * X.T @ (X @ w - y) / len(y)
    noise = minibatch.batch_noise(X, y, w, 16)
    assert noise.signal == pytest.approx(full @ full, rel=1e-12)
    assert noise.noise == minibatch.gradient_noise(X, y, w, 16)
    assert noise.ratio == pytest.approx(noise.noise / (full @ full))


def test_the_noise_curve_falls_like_one_over_b_and_its_measurements_agree():
    X, y, _ = datasets.diabetes()
    curve = minibatch.noise_curve(X, y, np.zeros(10), np.random.default_rng(0))
    assert curve.sizes[0] == 1 and curve.sizes[-1] == 442 and curve.theory[-1] == 0
    small = curve.sizes < 20  # where (n − B)/(n − 1) is nearly 1
    np.testing.assert_allclose(curve.theory[small] * curve.sizes[small], curve.theory[0], rtol=0.05)
    assert len(curve.tried) >= 8 and 442 not in curve.tried
    expected = np.interp(curve.tried, curve.sizes, curve.theory)
    np.testing.assert_allclose(curve.measured, expected, rtol=0.25)


def test_the_floor_is_numpys_least_squares_loss():
    X, y, _ = datasets.diabetes()
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    assert minibatch.mse_floor(X, y) == pytest.approx(np.mean((X @ best - y) ** 2), rel=1e-12)


def test_every_schedule_runs_on_the_same_shuffles():
    X, y, _ = datasets.diabetes()
    settings = {"lr": 0.05, "batch_size": 32, "epochs": 3}
    runs = minibatch.compare_schedules(X, y, ("cosine", "constant"), **settings, rng=np.random.default_rng(5))
    for name, run in runs.items():
        alone = minibatch.minibatch_sgd(X, y, **settings, rng=np.random.default_rng(5), schedule=name)
        np.testing.assert_array_equal(run.loss, alone.loss)
