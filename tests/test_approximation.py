"""Facts about what a network approximates: a fit is the sum of its units, a decision grid holds the
class probabilities, and k folds of the tent map make 2^k pieces from 6k + 1 parameters.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import signal

from mathdl import MathDLError, approximation, datasets, mlp
from mathdl.activations import ACTIVATIONS
from tests.test_mlp import problem


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_the_fit_is_the_sum_of_its_hidden_units_plus_the_output_bias(activation):
    net, _, _ = problem("regression", (1, 7, 1), activation, seed=8)
    x = np.linspace(-3, 3, 41)
    parts = approximation.hidden_contributions(net, x)
    assert parts.shape == (41, 7)
    assert_allclose(parts.sum(axis=1) + net.biases[1][0], mlp.predict(net, x[:, None]), rtol=1e-12, atol=1e-12)
    j = 3  # one unit by hand: v_j φ(w_j x + b_j)
    assert_allclose(
        parts[:, j], net.weights[1][j, 0] * ACTIVATIONS[activation].f(net.weights[0][0, j] * x + net.biases[0][j])
    )


def test_the_decision_grid_holds_the_class_probabilities_at_each_grid_point():
    net = mlp.init_network((2, 8, 3), "tanh", np.random.default_rng(0))
    grid = approximation.decision_grid(net, (-2, 1, 0, 3), resolution=4)
    assert_allclose(grid.x, [-2, -1, 0, 1])
    assert_allclose(grid.y, [0, 1, 2, 3])
    assert_allclose(grid.proba[2, 1], mlp.predict_proba(net, [[-1.0, 2.0]])[0])  # row i is y[i], column j is x[j]
    assert_allclose(grid.proba.sum(axis=2), 1.0)
    assert_array_equal(grid.winner, grid.proba.argmax(axis=2))
    assert np.all(grid.confidence >= 1 / 3)
    assert approximation.data_extent([[0, 5], [1, -1]], margin=1.0) == (-1.0, 2.0, -2.0, 6.0)


@pytest.mark.parametrize("depth", [1, 2, 3, 5, 8])
def test_the_deep_tent_network_is_the_k_fold_tent_map_with_two_to_the_k_pieces(depth):
    """Telgarsky's construction, against the tent map t(x) = 1 − |2x − 1| composed in numpy."""
    x = np.linspace(0, 1, 4097)
    expected = x.copy()
    for _ in range(depth):
        expected = 1 - np.abs(2 * expected - 1)
    net = approximation.tent_network(depth)
    np.testing.assert_allclose(mlp.predict(net, x[:, None]), expected, atol=1e-12)
    assert approximation.linear_pieces(net, x) == 2**depth
    assert approximation.parameter_count(net.sizes) == 6 * depth + 1
    assert approximation.parameter_count((1, approximation.shallow_units_for(2**depth), 1)) == 3 * (2**depth - 1) + 1


def test_a_shallow_relu_network_has_at_most_one_piece_more_than_its_units():
    net = mlp.init_network((1, 12, 1), "relu", np.random.default_rng(4), task="regression")
    assert approximation.linear_pieces(net, np.linspace(-5, 5, 20001)) <= 13


def test_the_targets_are_the_named_functions_on_minus_one_to_one():
    x = np.linspace(-1, 1, 401)
    T = datasets.TARGETS
    assert_allclose(T["sine"](x), np.sin(np.pi * x), atol=1e-15)
    assert_allclose(T["cubic"](x), 2 * x**3 - x, atol=1e-15)
    assert_allclose(T["runge"](x), 1 / (1 + 25 * x**2))
    assert_array_equal(T["step"](x), np.heaviside(x, 1.0) - 0.5)
    assert_array_equal(T["abs"](x), np.abs(x))
    # Three teeth on [-1, 1]: scipy's sawtooth rises from −1 to 1 over each period 2π, shifted to pass 0 at x = 0.
    inside = np.abs((x * 3 / 2) % 1 - 0.5) > 1e-9  # away from the jumps, where either side is right
    assert_allclose(T["sawtooth"](x)[inside], signal.sawtooth(2 * np.pi * (x * 3 / 2 + 0.5))[inside], atol=1e-12)


def test_activation_curves_are_each_activation_and_its_slope_on_the_grid():
    z = np.linspace(-4, 4, 161)
    names = ["relu", "tanh", "sigmoid", "leaky_relu", "elu"]
    values, slopes = approximation.activation_curves(names, z)
    assert values.shape == slopes.shape == (5, 161)
    assert_allclose(values[1], np.tanh(z))
    assert_allclose(values[2], 1 / (1 + np.exp(-z)))
    assert_allclose(slopes[1], 1 - np.tanh(z) ** 2)
    h = 1e-6  # the slopes are the central differences of the values, away from the kinks at 0
    for k, name in enumerate(names):
        f = ACTIVATIONS[name].f
        smooth = np.abs(z) > 1e-3
        assert_allclose(slopes[k][smooth], ((f(z + h) - f(z - h)) / (2 * h))[smooth], atol=1e-6)


def test_depth_costs_are_the_parameter_counts_of_the_tent_network_and_of_one_unit_per_kink():
    costs = approximation.depth_costs(10)
    assert_array_equal(costs.depth, np.arange(1, 11))
    assert_array_equal(costs.pieces, 2 ** np.arange(1, 11))
    assert_array_equal(costs.deep, 6 * np.arange(1, 11) + 1)
    assert_array_equal(costs.shallow, 3 * (2 ** np.arange(1, 11) - 1) + 1)
    for k in (1, 4, 10):  # the counts are those of the networks themselves
        net = approximation.tent_network(k)
        assert costs.deep[k - 1] == sum(W.size + b.size for W, b in zip(net.weights, net.biases, strict=True))
        assert costs.pieces[k - 1] == approximation.linear_pieces(net, np.linspace(0, 1, 8193))


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda net: approximation.hidden_contributions(net, [0.0]), "bad_shape"),
        (lambda net: approximation.decision_grid(net, (1, 0, 0, 1)), "bad_interval"),
        (lambda net: approximation.decision_grid(net, (0, 1, 0, 1), resolution=1), "out_of_range"),
        (lambda net: approximation.data_extent([[0.0, 1.0, 2.0]]), "bad_shape"),
        (lambda net: approximation.tent_network(0), "out_of_range"),
        (lambda net: approximation.activation_curves(["relu", "swish"], [0.0]), "unknown_choice"),
        (lambda net: approximation.depth_costs(21), "out_of_range"),
    ],
)
def test_bad_input_is_refused_with_the_reason(call, code):
    net = mlp.init_network((2, 4, 2), "relu", np.random.default_rng(0))
    with pytest.raises(MathDLError) as error:
        call(net)
    assert error.value.code == code


def test_the_decision_grid_sees_each_grid_point_through_the_chosen_features():
    net = mlp.init_network((3, 4, 2), "tanh", np.random.default_rng(2))
    grid = approximation.decision_grid(net, (-2, 2, -1, 1), resolution=4, features=("x1x2", "sin2", "x1sq"))
    i, j = 2, 1
    x1, x2 = grid.x[j], grid.y[i]
    assert_allclose(grid.proba[i, j], mlp.predict_proba(net, [[x1 * x2, np.sin(x2), x1**2]])[0])


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_every_hidden_units_map_is_a_hand_written_forward_pass(activation):
    net = mlp.init_network((2, 3, 5, 2), activation, np.random.default_rng(1))
    maps = approximation.unit_maps(net, (-1, 2, -3, 1), resolution=6, features=("x2", "sin1"))
    phi = ACTIVATIONS[activation].f
    (W0, W1, W2), (b0, b1, b2) = net.weights, net.biases
    for i, j in [(0, 0), (3, 5), (5, 2)]:
        x1, x2 = maps.x[j], maps.y[i]
        h1 = phi(np.array([x2, np.sin(x1)]) @ W0 + b0)  # (3,)
        h2 = phi(h1 @ W1 + b1)  # (5,)
        assert_allclose(maps.layers[0][i, j], h1, rtol=1e-12)
        assert_allclose(maps.layers[1][i, j], h2, rtol=1e-12)
        assert_allclose(h2 @ W2 + b2, mlp.forward(net, [[x2, np.sin(x1)]]).pre[-1][0], rtol=1e-12)
    assert [h.shape for h in maps.layers] == [(6, 6, 3), (6, 6, 5)]
    assert (
        approximation.unit_maps(mlp.init_network((2, 2), "relu", np.random.default_rng(0)), (0, 1, 0, 1)).layers == ()
    )
