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


@pytest.mark.parametrize(
    ("f", "a", "b"), [(np.sin, 0.0, 2.0), (lambda x: np.exp(-(x**2)), -2.0, 1.0), (lambda x: x**3 - x, -1.0, 2.0)]
)
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
    spread = [
        np.std([calculus.integrate(np.sin, 0, np.pi, n, "monte_carlo", rng) - exact for _ in range(400)])
        for n in (100, 1600)
    ]
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
    for the same network (drawn from the same seed in the same order: weights, then input).
    """
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


@pytest.mark.parametrize(
    ("f", "a", "b"), [(np.sin, 0.0, 3.0), (lambda x: np.exp(-(x**2)), -2.0, 1.0), (np.sqrt, 1.0, 4.0)]
)
def test_the_reference_integral_is_quads(f, a, b):
    assert calculus.reference_integral(f, a, b) == pytest.approx(scipy_integrate.quad(f, a, b)[0], abs=1e-12)


def test_an_integral_across_a_pole_is_not_a_number():
    assert not np.isfinite(calculus.reference_integral(lambda x: 1 / x, -1.0, 1.0))


@pytest.mark.parametrize("rule", ["left", "midpoint", "trapezoid", "simpson"])
def test_each_rules_stand_in_passes_through_f_at_its_nodes_and_has_the_rules_area(rule):
    f = lambda x: np.exp(-(x**2)) + x
    s = calculus.approximant(f, -1.0, 2.0, 6, rule)
    np.testing.assert_allclose(s.nodes_y, f(s.nodes_x))
    on_curve = np.isin(np.round(s.x, 12), np.round(s.nodes_x, 12))
    if rule in ("trapezoid", "simpson"):  # a line or parabola through the nodes
        np.testing.assert_allclose(s.y[on_curve], f(s.x[on_curve]), atol=1e-12)
    area = np.trapezoid(s.y, s.x)  # exact for steps and lines; the parabola's, to the grid's accuracy
    assert area == pytest.approx(s.estimate, rel=1e-12 if rule != "simpson" else 1e-3)


def test_monte_carlos_flat_line_sits_at_the_mean_of_its_random_values():
    s = calculus.approximant(np.cos, 0.0, 1.0, 500, "monte_carlo", np.random.default_rng(2))
    assert s.y[0] == pytest.approx(np.mean(np.cos(s.nodes_x)))
    assert np.all((s.nodes_x >= 0) & (s.nodes_x <= 1))


def test_the_convergence_plot_has_each_rules_order_as_its_slope():
    errors = calculus.convergence(np.exp, 0.0, 1.0, [10, 100], np.random.default_rng(0))
    slopes = {rule: np.log10(e[0] / e[1]) for rule, e in errors.items() if rule != "monte_carlo"}
    assert slopes == pytest.approx({"left": 1, "midpoint": 2, "trapezoid": 2, "simpson": 4}, abs=0.05)


def test_the_numeric_gradient_of_a_closed_form():
    g = calculus.numeric_gradient(lambda u, v: np.sin(u) * v**2, {"u": 0.3, "v": -2.0})
    assert g["u"] == pytest.approx(np.cos(0.3) * 4, rel=1e-8)
    assert g["v"] == pytest.approx(np.sin(0.3) * 2 * -2.0, rel=1e-8)


def test_the_best_difference_steps_are_near_the_roots_of_machine_epsilon():
    e = calculus.difference_errors(np.sin, 1.0, np.cos(1.0), np.logspace(-14, -1, 53))
    eps = np.finfo(float).eps
    assert 0.1 * eps ** (1 / 2) < e.best_forward < 10 * eps ** (1 / 2)
    assert 0.1 * eps ** (1 / 3) < e.best_central < 10 * eps ** (1 / 3)
