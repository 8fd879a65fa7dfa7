"""Facts about gradient descent and its optimisers, checked against the published update rules,
closed-form minima and finite differences.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl import MathDLError, datasets, optim


def quadratic_grad(x):  # f = x₁²/2 + 5x₂², minimum at 0, curvatures 1 and 10
    return np.array([1.0, 10.0]) * x


# --- each optimiser is its paper's update rule ------------------------------------------------------


def test_three_steps_of_each_optimiser_follow_the_published_rules():
    """The rules written out by hand, as in the papers (Polyak; Sutskever et al. 2013; Duchi et al.
    2011; Hinton's lecture 6e; Kingma and Ba 2015, Algorithm 1), for three steps from (1, 1).
    """
    lr, g, eps = 0.05, quadratic_grad, 1e-8
    x0 = np.array([1.0, 1.0])

    def by_hand(name):
        x, v, G, s, m, u = x0.copy(), np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2)
        for t in (1, 2, 3):
            if name == "sgd":
                x = x - lr * g(x)
            elif name == "momentum":
                v = 0.9 * v - lr * g(x)
                x = x + v
            elif name == "nesterov":
                v = 0.9 * v - lr * g(x + 0.9 * v)
                x = x + v
            elif name == "adagrad":
                G = G + g(x) ** 2
                x = x - lr * g(x) / (np.sqrt(G) + eps)
            elif name == "rmsprop":
                s = 0.9 * s + 0.1 * g(x) ** 2
                x = x - lr * g(x) / (np.sqrt(s) + eps)
            elif name == "adam":
                grad = g(x)
                m, u = 0.9 * m + 0.1 * grad, 0.999 * u + 0.001 * grad**2
                x = x - lr * (m / (1 - 0.9**t)) / (np.sqrt(u / (1 - 0.999**t)) + eps)
        return x

    for name in optim.OPTIMIZERS:
        path = optim.descend(name, g, x0, lr, 3)
        np.testing.assert_allclose(path.points[-1], by_hand(name), rtol=1e-12, err_msg=name)


def test_adams_first_step_has_length_lr_in_every_coordinate_whatever_the_gradient():
    """Bias correction makes m̂/√v̂ = g/|g| at t = 1: the step is η·sign(g)."""
    step = optim.descend("adam", lambda x: np.array([0.01, -300.0]), [0.0, 0.0], 0.1, 1).points[1]
    np.testing.assert_allclose(step, [-0.1, 0.1], rtol=1e-5)  # ε = 1e-8 against |g| = 0.01


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_every_optimiser_finds_the_closed_form_minimum_of_a_quadratic(name):
    """f(x) = ½ xᵀAx − bᵀx has its minimum at A⁻¹b. RMSProp's steps keep a length of about η
    however small the gradient, so with a constant rate it hovers within about η of the minimum.
    """
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
    lr = {"sgd": 0.2, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.5, "rmsprop": 0.001, "adam": 0.05}[name]
    path = optim.descend(name, lambda x: A @ x - b, [2.0, 2.0], lr, 6000)
    assert path.diverged_at is None
    np.testing.assert_allclose(path.points[-1], np.linalg.solve(A, b), atol=2e-3)


def test_momentum_beats_plain_gradient_descent_in_an_ill_conditioned_ravine():
    s = optim.surface("quadratic", condition=100)
    plain = optim.descend("sgd", s.grad, s.start, 1.0, 100).points[-1]
    heavy = optim.descend("momentum", s.grad, s.start, 1.0, 100).points[-1]
    assert s.f(heavy) < 1e-3 * s.f(plain)


def test_a_diverging_run_stops_at_the_step_that_leaves_the_limit():
    """x ← x − 3x = −2x: |x_k| = 2ᵏ passes 10⁶ at k = 20; the path keeps the 20 finite points."""
    path = optim.descend("sgd", lambda x: 2 * x, [1.0], 1.5, 100)
    assert path.diverged_at == 20
    assert len(path.points) == 20 and np.all(np.isfinite(path.points))


def test_bad_requests_are_refused():
    for kwargs in ({"name": "lbfgs"}, {"lr": 0.0}, {"steps": -1}):
        args = {"name": "sgd", "grad": quadratic_grad, "x0": [1.0, 1.0], "lr": 0.1, "steps": 5} | kwargs
        with pytest.raises(MathDLError):
            optim.descend(**args)


# --- the learning rate against the curvature -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.floats(0.1, 10), st.floats(0.01, 3))
def test_on_a_quadratic_descent_converges_exactly_when_lr_is_below_two_over_L(L, ratio):
    """x_k = (1 − ηL)ᵏ x₀: the regime the page names is what 200 steps actually do."""
    lr = ratio / L
    regime = optim.gd_regime(lr, L)
    path = optim.descend("sgd", lambda x: L * x, [1.0], lr, 200)
    final = abs(path.points[-1, 0])
    if regime in ("converges", "oscillates"):
        assert path.diverged_at is None and final <= abs(1 - lr * L) ** 200 * 1.0001
        assert regime == ("oscillates" if lr * L > 1 else "converges")
    elif regime == "diverges":
        assert lr * L > 2 and (path.diverged_at is not None or final > 1)


# --- the surfaces -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(optim.SURFACES))
def test_each_surface_has_its_stated_minimum_and_a_gradient_that_matches_finite_differences(name):
    s = optim.surface(name, condition=25)
    assert np.linalg.norm(s.grad(np.array(s.minimum))) < 1e-12
    rng, h = np.random.default_rng(0), 1e-6
    for point in rng.uniform([s.extent[0], s.extent[2]], [s.extent[1], s.extent[3]], size=(5, 2)):
        numeric = [(s.f(point + h * e) - s.f(point - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(s.grad(point), numeric, rtol=1e-6, atol=1e-5)


def test_known_minimum_values():
    assert optim.surface("rosenbrock").f(np.array([1.0, 1.0])) == 0
    assert optim.surface("beale").f(np.array([3.0, 0.5])) == pytest.approx(0, abs=1e-24)
    assert optim.surface("saddle").f(np.array([0.0, -1.0])) == -0.25


def test_the_saddle_has_a_negative_curvature_at_its_centre():
    g = optim.surface("saddle").grad
    h = 1e-5
    hessian = np.array([(g(h * e) - g(-h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [-1, 1], atol=1e-8)


def test_the_quadratics_hessian_has_the_condition_number_asked_for():
    g = optim.surface("quadratic", condition=40).grad
    hessian = np.array([g(e) for e in np.eye(2)])
    assert np.linalg.cond(hessian) == pytest.approx(40)


def test_the_grid_holds_f_at_each_point():
    s = optim.surface("beale")
    x, y, z = optim.surface_grid(s, 7)
    assert z[2, 5] == s.f(np.array([x[5], y[2]]))


# --- mini-batches and schedules -------------------------------------------------------------------


def test_the_mse_gradient_matches_finite_differences_on_real_data():
    X, y, _ = datasets.diabetes()
    w, h = np.random.default_rng(1).normal(size=10), 1e-6
    loss = lambda v: np.mean((X @ v - y) ** 2)
    numeric = [(loss(w + h * e) - loss(w - h * e)) / (2 * h) for e in np.eye(10)]
    np.testing.assert_allclose(optim.mse_gradient(X, y, w), numeric, rtol=1e-6)


@pytest.mark.parametrize("batch_size", [1, 10, 100, 400])
def test_mini_batch_gradients_are_unbiased_with_the_closed_form_noise(batch_size):
    X, y, _ = datasets.diabetes()
    w = np.zeros(10)
    draws = optim.batch_gradients(X, y, w, batch_size, 4000, np.random.default_rng(batch_size))
    full = optim.mse_gradient(X, y, w)
    noise = np.mean(np.sum((draws - full) ** 2, axis=1))
    assert noise == pytest.approx(optim.gradient_noise(X, y, w, batch_size), rel=0.08)
    np.testing.assert_allclose(draws.mean(axis=0), full, atol=4 * np.sqrt(noise / 4000))


def test_the_full_batch_has_no_noise():
    X, y, _ = datasets.diabetes()
    assert optim.gradient_noise(X, y, np.ones(10), len(y)) == 0


def test_minibatch_sgd_reaches_the_least_squares_solution():
    X, y, _ = datasets.diabetes()
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    fit = optim.minibatch_sgd(X, y, lr=0.05, batch_size=32, epochs=300, rng=np.random.default_rng(0), schedule="cosine")
    assert fit.diverged_at is None
    assert fit.loss[-1] == pytest.approx(np.mean((X @ best - y) ** 2), rel=1e-3)


def test_minibatch_sgd_with_too_large_a_step_stops_and_says_when():
    X, y, _ = datasets.diabetes()
    fit = optim.minibatch_sgd(X, y, lr=5.0, batch_size=len(y), epochs=200, rng=np.random.default_rng(0))
    assert fit.diverged_at is not None and np.all(np.isfinite(fit.loss))


@pytest.mark.parametrize("schedule", optim.SCHEDULES)
def test_each_schedule_starts_and_ends_where_its_formula_says(schedule):
    rates = optim.learning_rate(schedule, np.arange(1000), 1000, 0.1)
    start, end = {
        "constant": (0.1, 0.1),
        "step": (0.1, 0.1 * 0.5**3),
        "cosine": (0.1, 0.0),
        "warmup_cosine": (0.0, 0.0),
    }[schedule]
    assert rates[0] == pytest.approx(start, abs=1e-12)
    assert rates[-1] == pytest.approx(end, abs=1e-6)
    assert rates.max() == pytest.approx(0.1)


def test_warm_up_ramps_linearly_to_the_peak():
    rates = optim.learning_rate("warmup_cosine", np.arange(100), 100, 1.0, warmup=0.1)
    np.testing.assert_allclose(rates[:11], np.arange(11) / 10)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 5), st.floats(0.01, 3), st.floats(-5, 5))
def test_one_step_on_the_parabola_multiplies_x_by_one_minus_lr_times_L(L, lr, x0):
    f, grad = optim.parabola(L)
    step = optim.descend("sgd", grad, [x0], lr, 1).points[-1, 0]
    assert step == pytest.approx((1 - lr * L) * x0, abs=1e-12)
    assert abs(step) == pytest.approx(optim.contraction(lr, L) * abs(x0), abs=1e-12)
    assert f(x0) == pytest.approx(L * x0**2 / 2)


def test_the_gap_is_zero_at_the_minimum_and_the_height_above_it_elsewhere():
    s = optim.surface("saddle")
    assert s.gap(s.minimum) == 1e-16
    assert s.gap([0.0, 0.0]) == pytest.approx(0.25)
