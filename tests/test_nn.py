"""Facts about the multilayer perceptron: its derivatives are finite differences, its losses are
scikit-learn's, its optimisers are the published update rules, and it learns what
scikit-learn's MLPClassifier learns.
"""

import copy
import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import special
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.neural_network import MLPClassifier

from mathdl import MathDLError, nn
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
                [(f(shifted(kind, l, i, H)) - f(shifted(kind, l, i, -H))) / (2 * H) for i in np.ndindex(a.shape)]
            ).reshape(a.shape)
            for l, a in enumerate(getattr(net, kind))
        ]
        for kind in ("weights", "biases")
    }


def relative_error(ours, numeric):
    a = np.concatenate([g.ravel() for g in (*ours.weights, *ours.biases)])
    b = np.concatenate([g.ravel() for g in (*numeric["weights"], *numeric["biases"])])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def problem(task, sizes, activation, seed, n=7):
    rng = np.random.default_rng(seed)
    net = nn.init_network(sizes, activation, rng, task=task)
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
    net = nn.init_network((300, 500, 2), activation, np.random.default_rng(0))
    assert net.weights[0].var() == pytest.approx(variance(300, 500), rel=0.02)
    assert all(np.all(b == 0) for b in net.biases)


def test_the_forward_pass_is_the_composition_of_layers_written_out():
    net, X, _ = problem("classification", (3, 5, 4, 3), "tanh", seed=1)
    (W0, W1, W2), (b0, b1, b2) = net.weights, net.biases
    logits = np.tanh(np.tanh(X @ W0 + b0) @ W1 + b1) @ W2 + b2
    assert_allclose(nn.forward(net, X).pre[-1], logits)
    assert_allclose(nn.predict_proba(net, X), special.softmax(logits, axis=1))
    assert_array_equal(nn.predict(net, X), logits.argmax(axis=1))


def test_softmax_cross_entropy_is_scikit_learns_log_loss_and_l2_adds_half_lambda_norm_squared():
    net, X, y = problem("classification", (3, 6, 4), "relu", seed=2, n=50)
    proba = nn.predict_proba(net, X)
    assert nn.loss(net, X, y) == pytest.approx(log_loss(y, proba, labels=range(4)), rel=1e-12)
    penalty = 0.5 * 0.3 * sum(np.sum(W**2) for W in net.weights)
    assert nn.loss(net, X, y, l2=0.3) == pytest.approx(log_loss(y, proba, labels=range(4)) + penalty, rel=1e-12)


def test_cross_entropy_stays_finite_for_huge_logits():
    net = nn.init_network((1, 2), "linear", np.random.default_rng(0))
    net = replace(net, weights=(np.array([[1000.0, -1000.0]]),))
    assert nn.loss(net, [[1.0]], [1]) == pytest.approx(2000.0)  # −log softmax = 2000, not inf or nan


def test_regression_loss_is_the_mean_squared_error():
    net, X, y = problem("regression", (2, 5, 1), "tanh", seed=3, n=40)
    assert nn.loss(net, X, y[:, 0]) == pytest.approx(np.mean((nn.predict(net, X) - y[:, 0]) ** 2), rel=1e-12)
    net, X, y = problem("regression", (2, 5, 3), "tanh", seed=3, n=40)
    assert nn.loss(net, X, y) == pytest.approx(np.sum((nn.predict(net, X) - y) ** 2) / 40, rel=1e-12)


# --- Backpropagation --------------------------------------------------------------------------


@pytest.mark.parametrize("l2", [0.0, 0.1])
@pytest.mark.parametrize(("task", "sizes"), [("classification", (3, 5, 4, 3)), ("regression", (3, 5, 4, 2))])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backpropagation_equals_finite_differences(activation, task, sizes, l2):
    net, X, y = problem(task, sizes, activation, seed=4)
    ours = nn.gradients(net, X, y, l2=l2)
    numeric = numeric_gradients(net, lambda m: nn.loss(m, X, y, l2=l2))
    assert relative_error(ours, numeric) < 1e-6
    assert ours.loss == pytest.approx(nn.loss(net, X, y, l2=l2), rel=1e-14)


@settings(max_examples=40, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 5), min_size=0, max_size=3),
    d=st.integers(1, 3),
    task=st.sampled_from(nn.TASKS),
    outputs=st.integers(2, 4),
    activation=st.sampled_from(list(ACTIVATIONS)),
    l2=st.sampled_from([0.0, 0.01, 1.0]),
    seed=st.integers(0, 2**16),
)
def test_backpropagation_equals_finite_differences_for_any_small_network(
    hidden, d, task, outputs, activation, l2, seed
):
    net, X, y = problem(task, (d, *hidden, outputs), activation, seed)
    ours = nn.gradients(net, X, y, l2=l2)
    assert relative_error(ours, numeric_gradients(net, lambda m: nn.loss(m, X, y, l2=l2))) < 1e-6


def test_with_dropout_the_gradient_is_that_of_the_thinned_network_drawn_by_the_same_rng():
    net, X, y = problem("classification", (3, 6, 6, 2), "relu", seed=5)
    ours = nn.gradients(net, X, y, dropout=0.5, rng=np.random.default_rng(9))
    numeric = numeric_gradients(net, lambda m: nn.loss(m, X, y, dropout=0.5, rng=np.random.default_rng(9)))
    assert relative_error(ours, numeric) < 1e-6
    assert not np.allclose(ours.weights[0], nn.gradients(net, X, y).weights[0])  # units really were dropped


def test_inverted_dropout_keeps_each_units_expected_value():
    net = nn.init_network((2, 50, 2), "relu", np.random.default_rng(0))
    X = np.tile([[0.3, -0.7]], (20_000, 1))
    dropped = nn.forward(net, X, dropout=0.4, rng=np.random.default_rng(1)).inputs[1]
    kept = nn.forward(net, X).inputs[1]
    active = kept[0] > 0
    assert np.mean(dropped[:, active] == 0) == pytest.approx(0.4, abs=0.01)
    assert_allclose(dropped.mean(axis=0), kept[0], rtol=0.05)


# --- Optimisers -------------------------------------------------------------------------------


def flat(g):
    return np.concatenate([a.ravel() for pair in zip(g.weights, g.biases) for a in pair])


def test_two_adam_steps_are_kingma_and_bas_algorithm():
    net, X, y = problem("classification", (2, 4, 2), "tanh", seed=6, n=16)
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    theta, m, v = flat(net), 0.0, 0.0
    ours = None
    for t in (1, 2):  # one full batch per epoch: one step each, the second resumed from the state
        g = flat(nn.gradients(replace(net, **unflat(theta, net)), X, y, l2=0.1))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        theta = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        ours = nn.train(
            ours.net if ours else net,
            X,
            y,
            np.random.default_rng(0),
            epochs=1,
            lr=lr,
            batch_size=16,
            l2=0.1,
            state=ours.state if ours else None,
        )
        assert_allclose(flat(ours.net), theta, rtol=1e-10, atol=1e-14)
    assert ours.state.step == 2


def test_an_sgd_step_moves_against_the_gradient():
    net, X, y = problem("regression", (2, 4, 1), "relu", seed=7, n=16)
    g = flat(nn.gradients(net, X, y[:, 0], l2=0.05))
    ours = nn.train(
        net, X, y[:, 0], np.random.default_rng(0), epochs=1, optimizer="sgd", lr=0.1, batch_size=16, l2=0.05
    )
    assert_allclose(flat(ours.net), flat(net) - 0.1 * g, rtol=1e-12, atol=1e-14)


def unflat(theta, like):
    parts, start = [], 0
    for a in (a for pair in zip(like.weights, like.biases) for a in pair):
        parts.append(theta[start : start + a.size].reshape(a.shape))
        start += a.size
    return {"weights": tuple(parts[0::2]), "biases": tuple(parts[1::2])}


# --- Training ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("optimizer", "dropout"), [("adam", 0.0), ("sgd", 0.3), ("adam", 0.3)])
def test_training_in_chunks_gives_exactly_the_weights_of_one_run(optimizer, dropout):
    X, y = make_moons(100, noise=0.2, random_state=0)
    net = nn.init_network((2, 8, 8, 2), "relu", np.random.default_rng(0))
    settings = {
        "optimizer": optimizer,
        "lr": 0.01,
        "batch_size": 16,
        "l2": 1e-3,
        "dropout": dropout,
        "validation": (X[:20], y[:20]),
    }
    once = nn.train(net, X, y, np.random.default_rng(1), epochs=30, **settings)
    first = nn.train(net, X, y, np.random.default_rng(1), epochs=10, **settings)
    second = nn.train(first.net, X, y, None, epochs=20, state=first.state, **settings)
    for a, b in zip((*once.net.weights, *once.net.biases), (*second.net.weights, *second.net.biases)):
        assert_array_equal(a, b)
    assert_array_equal(np.r_[first.history.loss, second.history.loss], once.history.loss)
    assert_array_equal(np.r_[first.history.epoch, second.history.epoch], np.arange(1, 31))
    assert_array_equal(
        np.r_[first.history.validation_loss, second.history.validation_loss], once.history.validation_loss
    )


def test_training_changes_none_of_its_inputs():
    X, y = make_moons(60, noise=0.2, random_state=0)
    net = nn.init_network((2, 4, 2), "tanh", np.random.default_rng(0))
    weights, rng = [W.copy() for W in net.weights], np.random.default_rng(1)
    before = copy.deepcopy(rng.bit_generator.state)
    first = nn.train(net, X, y, rng, epochs=3, dropout=0.2)
    state = copy.deepcopy(first.state.rng.bit_generator.state), first.state.m.copy()
    again = [nn.train(first.net, X, y, None, epochs=3, state=first.state, dropout=0.2) for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(weights, net.weights))
    assert rng.bit_generator.state == before and first.state.rng.bit_generator.state == state[0]
    assert_array_equal(first.state.m, state[1])
    assert_array_equal(again[0].net.weights[0], again[1].net.weights[0])


def test_the_history_is_the_loss_of_the_network_after_each_epoch():
    X, y = make_moons(80, noise=0.2, random_state=3)
    net = nn.init_network((2, 6, 2), "elu", np.random.default_rng(0))
    result = nn.train(net, X[:60], y[:60], np.random.default_rng(0), epochs=5, l2=0.01, validation=(X[60:], y[60:]))
    assert len(result.history.loss) == 5 and result.state.epoch == 5 and result.state.step == 5 * 2
    assert result.history.loss[-1] == pytest.approx(
        nn.loss(result.net, X[:60], y[:60]), rel=1e-12
    )  # data loss, no penalty
    assert result.history.validation_loss[-1] == pytest.approx(nn.loss(result.net, X[60:], y[60:]), rel=1e-12)


def test_a_learning_rate_far_too_large_stops_training_and_says_so():
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = nn.init_network((1, 20, 1), "tanh", np.random.default_rng(0), task="regression")
    result = nn.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=50, optimizer="sgd", lr=10.0)
    done = len(result.history.loss)
    assert result.diverged and done < 50 and result.state.epoch == done
    assert all(np.all(np.isfinite(W)) for W in (*result.net.weights, *result.net.biases))
    last_good = nn.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=done, optimizer="sgd", lr=10.0)
    assert not last_good.diverged
    assert_array_equal(result.net.weights[0], last_good.net.weights[0])  # the net of the last finite epoch


@pytest.mark.parametrize(
    "bit_generator", [np.random.PCG64, np.random.MT19937]
)  # a state of integers; one with an array
def test_a_diverged_epoch_is_rolled_back_with_its_generator_moments_and_step(bit_generator):
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = nn.init_network((1, 20, 1), "tanh", np.random.default_rng(0), task="regression")
    settings = {"batch_size": 50, "dropout": 0.1}  # the generator shuffles and drops units
    warm = nn.train(
        net, x, np.sin(x[:, 0]), np.random.Generator(bit_generator(3)), epochs=3, lr=0.01, **settings
    )  # Adam: moments ≠ 0
    result = nn.train(
        warm.net, x, np.sin(x[:, 0]), None, epochs=200, state=warm.state, optimizer="sgd", lr=10.0, **settings
    )
    done = len(result.history.loss)
    assert result.diverged and 0 < done < 200
    last_good = nn.train(
        warm.net, x, np.sin(x[:, 0]), None, epochs=done, state=warm.state, optimizer="sgd", lr=10.0, **settings
    )
    assert not last_good.diverged
    assert (
        (result.state.step, result.state.epoch)
        == (last_good.state.step, last_good.state.epoch)
        == (4 * (3 + done), 3 + done)
    )
    assert np.all(warm.state.m != 0)  # SGD leaves them alone: the rollback must give back Adam's
    assert_array_equal(result.state.m, last_good.state.m)
    assert_array_equal(result.state.v, last_good.state.v)
    assert_array_equal(result.state.rng.random(8), last_good.state.rng.random(8))  # the generator as the epoch found it


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_training_on_moons_reaches_the_loss_and_accuracy_of_scikit_learns_mlp(activation):
    """Same data, layers, activation, Adam (lr 1e-3), batch 32, 200 epochs and L2 (alpha = λ · batch).
    The runs differ in initialisation (Glorot-uniform against He/Glorot-normal), in the binary output
    (one logistic unit against a two-way softmax, the same model) and in the shuffling, so the final
    loss varies with the seed: scikit-learn's own spread over seeds 0..5 is 0.071 to 0.122 here. The
    medians over three seeds must agree within a factor 1.5, and the accuracies within 3 points.
    """
    X, y = make_moons(500, noise=0.2, random_state=1)
    alpha, batch = 1e-4, 32
    theirs, ours = [], []
    for seed in range(3):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf = MLPClassifier(
                (16, 16),
                activation=activation,
                solver="adam",
                batch_size=batch,
                max_iter=200,
                alpha=alpha,
                tol=0.0,
                n_iter_no_change=10**6,
                random_state=seed,
            ).fit(X, y)
        net = nn.init_network((2, 16, 16, 2), activation, np.random.default_rng(seed))
        net = nn.train(net, X, y, np.random.default_rng(seed), epochs=200, batch_size=batch, l2=alpha / batch).net
        theirs.append((log_loss(y, clf.predict_proba(X)), accuracy_score(y, clf.predict(X))))
        ours.append((log_loss(y, nn.predict_proba(net, X)), nn.accuracy(net, X, y)))
    (their_loss, their_accuracy), (our_loss, our_accuracy) = np.median(theirs, axis=0), np.median(ours, axis=0)
    assert 1 / 1.5 < our_loss / their_loss < 1.5
    assert our_accuracy == pytest.approx(their_accuracy, abs=0.03)


def test_one_hidden_layer_fits_a_sine():
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = nn.init_network((1, 10, 1), "tanh", np.random.default_rng(0), task="regression")
    result = nn.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=500, lr=0.01, batch_size=20)
    assert np.mean((nn.predict(result.net, x) - np.sin(x[:, 0])) ** 2) < 1e-3  # Var(sin) = 0.5: R² > 0.998


# --- The demos --------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_the_fit_is_the_sum_of_its_hidden_units_plus_the_output_bias(activation):
    net, _, _ = problem("regression", (1, 7, 1), activation, seed=8)
    x = np.linspace(-3, 3, 41)
    parts = nn.hidden_contributions(net, x)
    assert parts.shape == (41, 7)
    assert_allclose(parts.sum(axis=1) + net.biases[1][0], nn.predict(net, x[:, None]), rtol=1e-12, atol=1e-12)
    j = 3  # one unit by hand: v_j φ(w_j x + b_j)
    assert_allclose(
        parts[:, j], net.weights[1][j, 0] * ACTIVATIONS[activation].f(net.weights[0][0, j] * x + net.biases[0][j])
    )


def test_targets_are_the_named_functions():
    x = np.array([-2.5, -1.0, -0.25, 0.0, 0.25, 1.5])
    assert_allclose(nn.TARGETS["sine"](x), np.sin(x))
    assert_allclose(nn.TARGETS["abs"](x), np.abs(x))
    assert_allclose(nn.TARGETS["step"](x), np.heaviside(x, 1.0))
    assert_allclose(nn.TARGETS["sawtooth"](x), [-0.5, -1.0, -0.25, 0.0, 0.25, -0.5])  # period 2, in [−1, 1)


def test_the_decision_grid_holds_the_class_probabilities_at_each_grid_point():
    net = nn.init_network((2, 8, 3), "tanh", np.random.default_rng(0))
    grid = nn.decision_grid(net, (-2, 1, 0, 3), resolution=4)
    assert_allclose(grid.x, [-2, -1, 0, 1])
    assert_allclose(grid.y, [0, 1, 2, 3])
    assert_allclose(grid.proba[2, 1], nn.predict_proba(net, [[-1.0, 2.0]])[0])  # row i is y[i], column j is x[j]
    assert_allclose(grid.proba.sum(axis=2), 1.0)
    assert_array_equal(grid.winner, grid.proba.argmax(axis=2))
    assert np.all(grid.confidence >= 1 / 3)
    assert nn.data_extent([[0, 5], [1, -1]], margin=1.0) == (-1.0, 2.0, -2.0, 6.0)


# --- Refusals -----------------------------------------------------------------------------------


def state_of_another_network():
    other = nn.init_network((2, 5, 2), "relu", np.random.default_rng(0))
    return nn.train(other, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), epochs=1).state


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda net: nn.init_network((2, 4, 2), "swish", np.random.default_rng(0)), "unknown_choice"),
        (lambda net: nn.init_network((2, 4, 2), "relu", np.random.default_rng(0), task="ranking"), "unknown_choice"),
        (lambda net: nn.init_network((2,), "relu", np.random.default_rng(0)), "too_few_values"),
        (lambda net: nn.init_network((2, 4, 1), "relu", np.random.default_rng(0)), "out_of_range"),  # one class
        (lambda net: nn.init_network((2, 0, 2), "relu", np.random.default_rng(0)), "out_of_range"),
        (lambda net: nn.loss(net, np.ones((3, 3)), [0, 1, 0]), "bad_shape"),
        (lambda net: nn.loss(net, np.ones((3, 2)), [0, 1]), "lengths_differ"),
        (lambda net: nn.loss(net, np.ones((3, 2)), [0, 2, 1]), "out_of_range"),
        (lambda net: nn.loss(net, np.ones((3, 2)), [0, 0.5, 1]), "out_of_range"),
        (lambda net: nn.loss(net, [[np.nan, 1.0]], [0]), "not_finite"),
        (lambda net: nn.loss(net, np.ones((3, 2)), [0, 1, 0], l2=-1), "out_of_range"),
        (
            lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), optimizer="lbfgs"),
            "unknown_choice",
        ),
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), lr=0.0), "out_of_range"),
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), batch_size=0), "out_of_range"),
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), dropout=1.0), "out_of_range"),
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), epochs=0), "out_of_range"),
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], None), "unknown_choice"),  # no rng and no state
        (lambda net: nn.forward(net, np.ones((3, 2)), dropout=0.5), "unknown_choice"),  # dropout needs an rng
        (lambda net: nn.train(net, np.ones((3, 2)), [0, 1, 0], None, state=state_of_another_network()), "bad_shape"),
        (
            lambda net: nn.accuracy(
                nn.init_network((2, 4, 1), "relu", np.random.default_rng(0), task="regression"),
                np.ones((3, 2)),
                [0, 1, 0],
            ),
            "unknown_choice",
        ),
        (lambda net: nn.hidden_contributions(net, [0.0]), "bad_shape"),
        (lambda net: nn.decision_grid(net, (1, 0, 0, 1)), "bad_interval"),
        (lambda net: nn.decision_grid(net, (0, 1, 0, 1), resolution=1), "out_of_range"),
    ],
)
def test_bad_input_is_refused_with_the_reason(call, code):
    net = nn.init_network((2, 4, 2), "relu", np.random.default_rng(0))
    with pytest.raises(MathDLError) as error:
        call(net)
    assert error.value.code == code


@pytest.mark.parametrize("depth", [1, 2, 3, 5, 8])
def test_the_deep_tent_network_is_the_k_fold_tent_map_with_two_to_the_k_pieces(depth):
    """Telgarsky's construction, against the tent map t(x) = 1 − |2x − 1| composed in numpy."""
    x = np.linspace(0, 1, 4097)
    expected = x.copy()
    for _ in range(depth):
        expected = 1 - np.abs(2 * expected - 1)
    net = nn.tent_network(depth)
    np.testing.assert_allclose(nn.predict(net, x[:, None]), expected, atol=1e-12)
    assert nn.linear_pieces(net, x) == 2**depth
    assert nn.parameter_count(net.sizes) == 6 * depth + 1
    assert nn.parameter_count((1, nn.shallow_units_for(2**depth), 1)) == 3 * (2**depth - 1) + 1


def test_a_shallow_relu_network_has_at_most_one_piece_more_than_its_units():
    net = nn.init_network((1, 12, 1), "relu", np.random.default_rng(4), task="regression")
    assert nn.linear_pieces(net, np.linspace(-5, 5, 20001)) <= 13
