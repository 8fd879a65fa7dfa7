"""Facts about the multilayer perceptron: its forward pass is the composition of its layers, its
losses are scikit-learn's, and its derivatives are finite differences.
"""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import special
from sklearn.metrics import log_loss
from sklearn.preprocessing import LabelBinarizer

from mathdl import MathDLError, mlp
from mathdl.activations import ACTIVATIONS

H = 1e-6  # the central-difference step: truncation ~h², rounding ~ε/h, both far below 1e-6 relative


def numeric_gradients(net, f):
    """∂f/∂θ for every weight and bias by central differences, one parameter at a time."""

    def shifted(kind, layer, index, step):
        arrays = [a.copy() for a in getattr(net, kind)]
        arrays[layer][index] += step
        return replace(net, **{kind: tuple(arrays)})

    return {
        kind: [
            np.array(
                [
                    (f(shifted(kind, layer, i, H)) - f(shifted(kind, layer, i, -H))) / (2 * H)
                    for i in np.ndindex(a.shape)
                ]
            ).reshape(a.shape)
            for layer, a in enumerate(getattr(net, kind))
        ]
        for kind in ("weights", "biases")
    }


def relative_error(ours, numeric):
    a = np.concatenate([g.ravel() for g in (*ours.weights, *ours.biases)])
    b = np.concatenate([g.ravel() for g in (*numeric["weights"], *numeric["biases"])])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def problem(task, sizes, activation, seed, n=7):
    rng = np.random.default_rng(seed)
    net = mlp.init_network(sizes, activation, rng, task=task)
    net = replace(net, biases=tuple(rng.normal(0, 0.5, b.shape) for b in net.biases))  # not all zero
    X = rng.standard_normal((n, sizes[0]))
    y = rng.integers(0, sizes[-1], n) if task == "classification" else rng.standard_normal((n, sizes[-1]))
    return net, X, y


# --- Initialisation, forward pass, losses -----------------------------------------------------


@pytest.mark.parametrize(
    ("activation", "variance"),
    [("relu", lambda a, b: 2 / a), ("elu", lambda a, b: 2 / a), ("tanh", lambda a, b: 2 / (a + b))],
)
def test_he_initialisation_for_relu_like_units_and_glorot_otherwise(activation, variance):
    net = mlp.init_network((300, 500, 2), activation, np.random.default_rng(0))
    assert net.weights[0].var() == pytest.approx(variance(300, 500), rel=0.02)
    assert all(np.all(b == 0) for b in net.biases)


def test_the_forward_pass_is_the_composition_of_layers_written_out():
    net, X, _ = problem("classification", (3, 5, 4, 3), "tanh", seed=1)
    (W0, W1, W2), (b0, b1, b2) = net.weights, net.biases
    logits = np.tanh(np.tanh(X @ W0 + b0) @ W1 + b1) @ W2 + b2
    assert_allclose(mlp.forward(net, X).pre[-1], logits)
    assert_allclose(mlp.predict_proba(net, X), special.softmax(logits, axis=1))
    assert_array_equal(mlp.predict(net, X), logits.argmax(axis=1))


def test_softmax_cross_entropy_is_scikit_learns_log_loss_and_l2_adds_half_lambda_norm_squared():
    net, X, y = problem("classification", (3, 6, 4), "relu", seed=2, n=50)
    proba = mlp.predict_proba(net, X)
    assert mlp.loss(net, X, y) == pytest.approx(log_loss(y, proba, labels=range(4)), rel=1e-12)
    penalty = 0.5 * 0.3 * sum(np.sum(W**2) for W in net.weights)
    assert mlp.loss(net, X, y, l2=0.3) == pytest.approx(log_loss(y, proba, labels=range(4)) + penalty, rel=1e-12)


def test_cross_entropy_stays_finite_for_huge_logits():
    net = mlp.init_network((1, 2), "linear", np.random.default_rng(0))
    net = replace(net, weights=(np.array([[1000.0, -1000.0]]),))
    assert mlp.loss(net, [[1.0]], [1]) == pytest.approx(2000.0)  # −log softmax = 2000, not inf or nan


def test_regression_loss_is_the_mean_squared_error():
    net, X, y = problem("regression", (2, 5, 1), "tanh", seed=3, n=40)
    assert mlp.loss(net, X, y[:, 0]) == pytest.approx(np.mean((mlp.predict(net, X) - y[:, 0]) ** 2), rel=1e-12)
    net, X, y = problem("regression", (2, 5, 3), "tanh", seed=3, n=40)
    assert mlp.loss(net, X, y) == pytest.approx(np.sum((mlp.predict(net, X) - y) ** 2) / 40, rel=1e-12)


# --- Backpropagation --------------------------------------------------------------------------


@pytest.mark.parametrize("l2", [0.0, 0.1])
@pytest.mark.parametrize(("task", "sizes"), [("classification", (3, 5, 4, 3)), ("regression", (3, 5, 4, 2))])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backpropagation_equals_finite_differences(activation, task, sizes, l2):
    net, X, y = problem(task, sizes, activation, seed=4)
    ours = mlp.gradients(net, X, y, l2=l2)
    numeric = numeric_gradients(net, lambda m: mlp.loss(m, X, y, l2=l2))
    assert relative_error(ours, numeric) < 1e-6
    assert ours.loss == pytest.approx(mlp.loss(net, X, y, l2=l2), rel=1e-14)


@settings(max_examples=40)
@given(
    hidden=st.lists(st.integers(1, 5), min_size=0, max_size=3),
    d=st.integers(1, 3),
    task=st.sampled_from(mlp.TASKS),
    outputs=st.integers(2, 4),
    activation=st.sampled_from(list(ACTIVATIONS)),
    l2=st.sampled_from([0.0, 0.01, 1.0]),
    seed=st.integers(0, 2**16),
)
def test_backpropagation_equals_finite_differences_for_any_small_network(
    hidden, d, task, outputs, activation, l2, seed
):
    net, X, y = problem(task, (d, *hidden, outputs), activation, seed)
    ours = mlp.gradients(net, X, y, l2=l2)
    assert relative_error(ours, numeric_gradients(net, lambda m: mlp.loss(m, X, y, l2=l2))) < 1e-6


def test_with_dropout_the_gradient_is_that_of_the_thinned_network_drawn_by_the_same_rng():
    net, X, y = problem("classification", (3, 6, 6, 2), "relu", seed=5)
    ours = mlp.gradients(net, X, y, dropout=0.5, rng=np.random.default_rng(9))
    numeric = numeric_gradients(net, lambda m: mlp.loss(m, X, y, dropout=0.5, rng=np.random.default_rng(9)))
    assert relative_error(ours, numeric) < 1e-6
    assert not np.allclose(ours.weights[0], mlp.gradients(net, X, y).weights[0])  # units really were dropped


def test_inverted_dropout_keeps_each_units_expected_value():
    net = mlp.init_network((2, 50, 2), "relu", np.random.default_rng(0))
    X = np.tile([[0.3, -0.7]], (20_000, 1))
    dropped = mlp.forward(net, X, dropout=0.4, rng=np.random.default_rng(1)).inputs[1]
    kept = mlp.forward(net, X).inputs[1]
    active = kept[0] > 0
    assert np.mean(dropped[:, active] == 0) == pytest.approx(0.4, abs=0.01)
    assert_allclose(dropped.mean(axis=0), kept[0], rtol=0.05)


# --- Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda net: mlp.init_network((2, 4, 2), "swish", np.random.default_rng(0)), "unknown_choice"),
        (lambda net: mlp.init_network((2, 4, 2), "relu", np.random.default_rng(0), task="ranking"), "unknown_choice"),
        (lambda net: mlp.init_network((2,), "relu", np.random.default_rng(0)), "too_few_values"),
        (lambda net: mlp.init_network((2, 4, 1), "relu", np.random.default_rng(0)), "out_of_range"),  # one class
        (lambda net: mlp.init_network((2, 0, 2), "relu", np.random.default_rng(0)), "out_of_range"),
        (lambda net: mlp.loss(net, np.ones((3, 3)), [0, 1, 0]), "bad_shape"),
        (lambda net: mlp.loss(net, np.ones((3, 2)), [0, 1]), "lengths_differ"),
        (lambda net: mlp.loss(net, np.ones((3, 2)), [0, 2, 1]), "out_of_range"),
        (lambda net: mlp.loss(net, np.ones((3, 2)), [0, 0.5, 1]), "out_of_range"),
        (lambda net: mlp.loss(net, [[np.nan, 1.0]], [0]), "not_finite"),
        (lambda net: mlp.loss(net, np.ones((3, 2)), [0, 1, 0], l2=-1), "out_of_range"),
        (lambda net: mlp.forward(net, np.ones((3, 2)), dropout=0.5), "unknown_choice"),  # dropout needs an rng
        (lambda net: mlp.encode(net, np.ones((3, 2)), [[0], [1], [0]]), "bad_shape"),
        (
            lambda net: mlp.accuracy(
                mlp.init_network((2, 4, 1), "relu", np.random.default_rng(0), task="regression"),
                np.ones((3, 2)),
                [0, 1, 0],
            ),
            "unknown_choice",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason(call, code):
    net = mlp.init_network((2, 4, 2), "relu", np.random.default_rng(0))
    with pytest.raises(MathDLError) as error:
        call(net)
    assert error.value.code == code


# --- What a training loop uses ------------------------------------------------------------------


def test_encode_gives_the_one_hot_rows_of_scikit_learns_label_binarizer_and_checks_x():
    net = mlp.init_network((2, 4, 3), "relu", np.random.default_rng(0))
    X, Y = mlp.encode(net, [[1, 2], [3, 4], [5, 6]], [2, 0, 1])
    assert X.dtype == np.float64
    assert_array_equal(Y, LabelBinarizer().fit([0, 1, 2]).transform([2, 0, 1]))
    regression = mlp.init_network((2, 4, 1), "relu", np.random.default_rng(0), task="regression")
    assert_array_equal(mlp.encode(regression, [[0, 0], [1, 1]], [0.5, -2.0])[1], [[0.5], [-2.0]])


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_the_data_loss_on_encoded_data_is_the_loss_without_its_penalty(task):
    net, X, y = problem(task, (3, 5, 4, 3), "tanh", seed=11)
    assert mlp.data_loss(net, *mlp.encode(net, X, y)) == pytest.approx(mlp.loss(net, X, y, l2=0.0), rel=1e-14)
    assert mlp.data_loss(net, *mlp.encode(net, X, y)) < mlp.loss(net, X, y, l2=0.5)


@pytest.mark.parametrize(("task", "dropout"), [("classification", 0.0), ("regression", 0.0), ("classification", 0.4)])
def test_the_gradient_vector_is_every_gradient_laid_end_to_end(task, dropout):
    net, X, y = problem(task, (3, 5, 4, 3), "tanh", seed=11)
    Xe, Ye = mlp.encode(net, X, y)
    ours = mlp.gradient_vector(net, Xe, Ye, l2=0.2, dropout=dropout, rng=np.random.default_rng(3))
    reference = mlp.gradients(net, X, y, l2=0.2, dropout=dropout, rng=np.random.default_rng(3))
    assert_array_equal(
        ours,
        np.concatenate([a.ravel() for pair in zip(reference.weights, reference.biases, strict=True) for a in pair]),
    )
