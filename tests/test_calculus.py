"""Facts about numerical derivatives, the tangent, the gradient check and vanishing gradients,
checked against closed forms and finite differences.
"""

import math

import numpy as np
import pytest

from mathdl import MathDLError, autodiff, calculus, expressions


def test_forward_differences_lose_accuracy_like_h_and_central_like_h_squared():
    h = np.array([1e-1, 1e-2, 1e-3])
    forward = np.abs(calculus.forward_difference(np.sin, 1.0, h) - np.cos(1.0))
    central = np.abs(calculus.central_difference(np.sin, 1.0, h) - np.cos(1.0))
    assert forward == pytest.approx(h * np.sin(1.0) / 2, rel=0.1)  # the f''/2 term
    assert central == pytest.approx(h**2 * np.cos(1.0) / 6, rel=0.1)  # the f'''/6 term


def test_a_tiny_step_is_ruined_by_rounding():
    tiny, good = calculus.forward_difference(np.exp, 1.0, np.array([1e-15, 1e-8]))
    assert abs(tiny - np.e) > 1e-2 > abs(good - np.e)


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


def test_the_numeric_gradient_of_a_closed_form():
    g = calculus.numeric_gradient(lambda u, v: np.sin(u) * v**2, {"u": 0.3, "v": -2.0})
    assert g["u"] == pytest.approx(np.cos(0.3) * 4, rel=1e-8)
    assert g["v"] == pytest.approx(np.sin(0.3) * 2 * -2.0, rel=1e-8)


def test_the_best_difference_steps_are_near_the_roots_of_machine_epsilon():
    e = calculus.difference_errors(np.sin, 1.0, np.logspace(-14, -1, 53), exact=np.cos(1.0))
    eps = np.finfo(float).eps
    assert 0.1 * eps ** (1 / 2) < e.best_forward < 10 * eps ** (1 / 2)
    assert 0.1 * eps ** (1 / 3) < e.best_central < 10 * eps ** (1 / 3)


def test_the_error_curves_of_a_typed_function_use_its_exact_derivative():
    f = expressions.parse("sin(x) * x^2")
    h = np.logspace(-4, -1, 4)  # where truncation, not the last bits of rounding, makes the error
    ours = calculus.difference_errors(f, 1.2, h)
    exact = math.cos(1.2) * 1.44 + 2 * 1.2 * math.sin(1.2)
    reference = np.abs((np.sin(1.2 + h) * (1.2 + h) ** 2 - np.sin(1.2 - h) * (1.2 - h) ** 2) / (2 * h) - exact)
    np.testing.assert_allclose(ours.central, reference, rtol=1e-6, atol=1e-15)


def test_the_tangent_touches_the_curve_with_the_closed_form_slope():
    t = calculus.tangent(expressions.parse("exp(x)"), 0.5, half_width=2.0)
    assert t.value == pytest.approx(math.exp(0.5)) and t.slope == pytest.approx(math.exp(0.5), rel=1e-14)
    np.testing.assert_allclose(t.x, [-1.5, 2.5])
    np.testing.assert_allclose(t.y, math.exp(0.5) * (1 + t.x - 0.5))
    assert t.defined


def test_a_tangent_where_f_is_undefined_says_so():
    assert not calculus.tangent(expressions.parse("sqrt(x)"), -1.0).defined
    assert not calculus.tangent(expressions.parse("log(x)"), 0.0).defined


def test_one_central_step_is_the_quotient_of_its_two_values():
    s = calculus.central_step(np.sin, 1.0, 0.1)
    assert (s.x_ahead, s.x_behind) == pytest.approx((1.1, 0.9))
    assert (s.ahead, s.behind) == (math.sin(1.1), math.sin(0.9))
    assert s.quotient == pytest.approx(float(calculus.central_difference(np.sin, 1.0, 0.1)), rel=1e-15)


@pytest.mark.parametrize("loss", autodiff.LOSSES)
def test_the_gradient_check_of_the_neuron_agrees_with_the_closed_form(loss):
    w, b, x, y = -1.0, 0.5, 1.2, 1.0
    c = calculus.gradient_check(autodiff.neuron, {"w": w, "b": b}, x=x, y=y, loss=loss)
    a = 1 / (1 + math.exp(-(w * x + b)))
    dz = 2 * (a - y) * a * (1 - a) if loss == "squared" else a - y
    assert c.names == ("w", "b")
    np.testing.assert_allclose(c.backprop, [dz * x, dz], rtol=1e-12)
    np.testing.assert_allclose(c.numeric, [dz * x, dz], rtol=1e-6)
    np.testing.assert_allclose(c.difference, np.abs(c.backprop - c.numeric))
    assert np.all(c.difference < 1e-8)


def test_the_gradient_check_catches_a_wrong_backward_pass():
    def wrong(w):  # the forward pass is w², but the backward step claims a slope of w
        v = autodiff.Value(w, label="w")
        out = autodiff.Value(w * w, (v,), "sq", "L")

        def backward():
            v.grad += w * out.grad

        out._backward = backward
        return out

    assert calculus.gradient_check(wrong, {"w": 3.0}).difference[0] == pytest.approx(3.0)


def test_every_activation_sees_the_same_network_and_the_norms_of_gradient_norms():
    flow = calculus.vanishing_gradients(6, 16, np.random.default_rng(4))
    for name in calculus.VANISHING:
        np.testing.assert_array_equal(flow.norms[name], calculus.gradient_norms(6, 16, name, np.random.default_rng(4)))
        v = flow.norms[name]
        assert flow.shrink[name] == pytest.approx(v[0] / v[-1])
        assert flow.silent[name] == 0


def test_a_dead_relu_layer_is_counted_and_its_ratio_is_not_a_number():
    flow = calculus.vanishing_gradients(52, 8, np.random.default_rng(3927))
    assert flow.silent["relu"] == 52 and math.isnan(flow.shrink["relu"])


def test_bad_stacks_are_refused():
    rng = np.random.default_rng(0)
    for args in ((0, 8, "relu"), (5, 2000, "relu"), (5, 8, "softplus")):
        with pytest.raises(MathDLError):
            calculus.gradient_norms(*args, rng)
