"""Facts about numerical derivatives and integrals, checked against closed forms and scipy."""

import numpy as np
import pytest
from scipy import integrate as scipy_integrate

from mathdl import MathDLError, calculus


def test_forward_differences_lose_accuracy_like_h_and_central_like_h_squared():
    h = np.array([1e-1, 1e-2, 1e-3])
    forward = np.abs(calculus.forward_difference(np.sin, 1.0, h) - np.cos(1.0))
    central = np.abs(calculus.central_difference(np.sin, 1.0, h) - np.cos(1.0))
    assert forward == pytest.approx(h * np.sin(1.0) / 2, rel=0.1)  # the f''/2 term
    assert central == pytest.approx(h**2 * np.cos(1.0) / 6, rel=0.1)  # the f'''/6 term


def test_a_tiny_step_is_ruined_by_rounding():
    tiny, good = calculus.forward_difference(np.exp, 1.0, np.array([1e-15, 1e-8]))
    assert abs(tiny - np.e) > 1e-2 > abs(good - np.e)


@pytest.mark.parametrize(("f", "a", "b"), [(np.sin, 0.0, 2.0), (lambda x: np.exp(-(x**2)), -2.0, 1.0), (lambda x: x**3 - x, -1.0, 2.0)])
@pytest.mark.parametrize(("rule", "order"), [("left", 1), ("midpoint", 2), ("trapezoid", 2), ("simpson", 4)])
def test_each_rule_converges_to_quad_at_its_order(f, a, b, rule, order):
    exact = scipy_integrate.quad(f, a, b)[0]
    errors = [abs(calculus.integrate(f, a, b, n, rule) - exact) for n in (20, 40)]
    if errors[1] < 1e-13:  # exact for this function (Simpson on a cubic)
        return
    assert errors[0] / errors[1] == pytest.approx(2**order, rel=0.25)


def test_monte_carlo_error_shrinks_like_one_over_root_n():
    exact = scipy_integrate.quad(np.sin, 0, np.pi)[0]
    rng = np.random.default_rng(0)
    spread = [np.std([calculus.integrate(np.sin, 0, np.pi, n, "monte_carlo", rng) - exact for _ in range(400)]) for n in (100, 1600)]
    assert spread[0] / spread[1] == pytest.approx(4, rel=0.2)


def test_bad_integration_requests_are_refused():
    for args in ((np.sin, 1.0, 0.0, 10, "left"), (np.sin, 0.0, 1.0, 0, "left"), (np.sin, 0.0, 1.0, 10, "gauss")):
        with pytest.raises(MathDLError):
            calculus.integrate(*args)


def test_sigmoid_gradients_vanish_with_depth_and_relu_with_he_scaling_keeps_them():
    rng = np.random.default_rng(1)
    sigmoid = calculus.gradient_norms(30, 128, "sigmoid", rng)
    relu = calculus.gradient_norms(30, 128, "relu", rng)
    assert sigmoid[0] < 1e-10 * sigmoid[-1]  # at most 1/4 per layer, 30 layers
    assert 0.1 < relu[0] / relu[-1] < 10


def test_the_backward_pass_is_the_derivative_of_the_forward_pass():
    """The input gradient's norm equals that of a finite-difference gradient of L = u · h_out,
    for the same network (drawn from the same seed in the same order: weights, then input)."""
    depth, width, h = 4, 6, 1e-6
    rng = np.random.default_rng(3)
    weights = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(depth)]
    x = rng.standard_normal(width)
    u = np.ones(width) / np.sqrt(width)

    def loss(v):
        for W in weights:
            v = np.tanh(W @ v)
        return u @ v

    numeric = np.array([(loss(x + h * e) - loss(x - h * e)) / (2 * h) for e in np.eye(width)])
    ours = calculus.gradient_norms(depth, width, "tanh", np.random.default_rng(3))
    assert ours[0] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)
