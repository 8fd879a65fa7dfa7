"""Facts about training: each step is the update rule of mathdl.optim, training in chunks is one run,
a diverged epoch is rolled back, and the network learns what scikit-learn's MLPClassifier learns.
"""

import copy
import warnings
from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mathdl import MathDLError, mlp, optim, training
from tests.test_mlp import problem

# --- Optimisers -------------------------------------------------------------------------------


def flat(g):
    return np.concatenate([a.ravel() for pair in zip(g.weights, g.biases, strict=True) for a in pair])


def test_two_adam_steps_are_kingma_and_bas_algorithm():
    net, X, y = problem("classification", (2, 4, 2), "tanh", seed=6, n=16)
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    theta, m, v = flat(net), 0.0, 0.0
    ours = None
    for t in (1, 2):  # one full batch per epoch: one step each, the second resumed from the state
        g = flat(mlp.gradients(replace(net, **unflat(theta, net)), X, y, l2=0.1))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        theta = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        ours = training.train(
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
    g = flat(mlp.gradients(net, X, y[:, 0], l2=0.05))
    ours = training.train(
        net, X, y[:, 0], np.random.default_rng(0), epochs=1, optimizer="sgd", lr=0.1, batch_size=16, l2=0.05
    )
    assert_allclose(flat(ours.net), flat(net) - 0.1 * g, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_full_batch_training_takes_the_steps_of_the_optimisers_update_rule(name):
    """Each epoch on the full batch is one step of optim's rule on ∇L(θ), read wherever the rule asks
    (Nesterov asks ahead of θ)."""
    net, X, y = problem("classification", (2, 5, 3), "tanh", seed=12, n=20)

    def grad(theta):
        g = mlp.gradients(replace(net, **unflat(theta, net)), X, y, l2=0.01)
        return flat(g)

    path = optim.descend(name, grad, flat(net), lr=0.05, steps=4)
    ours = training.train(
        net, X, y, np.random.default_rng(0), epochs=4, optimizer=name, lr=0.05, batch_size=20, l2=0.01
    )
    assert_allclose(training.parameters(ours.net), path.points[-1], rtol=1e-12, atol=1e-15)


def test_each_optimiser_keeps_its_own_memory_when_a_run_switches_between_them():
    net, X, y = problem("regression", (2, 6, 1), "relu", seed=13, n=32)
    settings = {"lr": 0.01, "batch_size": 8}
    adam = training.train(net, X, y[:, 0], np.random.default_rng(0), epochs=3, **settings)
    momentum = training.train(adam.net, X, y[:, 0], None, epochs=2, state=adam.state, optimizer="momentum", **settings)
    fresh = training.train(
        adam.net, X, y[:, 0], None, epochs=2, state=replace(adam.state, memory={}), optimizer="momentum", **settings
    )  # momentum's velocity starts at 0: Adam's second moment, also called v, is not taken for it
    assert_array_equal(training.parameters(momentum.net), training.parameters(fresh.net))
    for key in ("m", "v", "t"):
        assert_array_equal(momentum.state.memory["adam"][key], adam.state.memory["adam"][key])
    assert momentum.state.step == adam.state.step + 2 * 4


def unflat(theta, like):
    parts, start = [], 0
    for a in (a for pair in zip(like.weights, like.biases, strict=True) for a in pair):
        parts.append(theta[start : start + a.size].reshape(a.shape))
        start += a.size
    return {"weights": tuple(parts[0::2]), "biases": tuple(parts[1::2])}


# --- Training ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("optimizer", "dropout"), [("adam", 0.0), ("sgd", 0.3), ("adam", 0.3)])
def test_training_in_chunks_gives_exactly_the_weights_of_one_run(optimizer, dropout):
    X, y = make_moons(100, noise=0.2, random_state=0)
    net = mlp.init_network((2, 8, 8, 2), "relu", np.random.default_rng(0))
    settings = {
        "optimizer": optimizer,
        "lr": 0.01,
        "batch_size": 16,
        "l2": 1e-3,
        "dropout": dropout,
        "validation": (X[:20], y[:20]),
    }
    once = training.train(net, X, y, np.random.default_rng(1), epochs=30, **settings)
    first = training.train(net, X, y, np.random.default_rng(1), epochs=10, **settings)
    second = training.train(first.net, X, y, None, epochs=20, state=first.state, **settings)
    for a, b in zip((*once.net.weights, *once.net.biases), (*second.net.weights, *second.net.biases), strict=True):
        assert_array_equal(a, b)
    assert_array_equal(np.r_[first.history.loss, second.history.loss], once.history.loss)
    assert_array_equal(np.r_[first.history.epoch, second.history.epoch], np.arange(1, 31))
    assert_array_equal(
        np.r_[first.history.validation_loss, second.history.validation_loss], once.history.validation_loss
    )
    # chain() makes the chunks' results into the one run's result, state included
    third = training.train(second.net, X, y, None, epochs=5, state=second.state, **settings)
    whole = training.train(net, X, y, np.random.default_rng(1), epochs=35, **settings)
    joined = training.chain([first, second, third])
    assert_array_equal(training.parameters(joined.net), training.parameters(whole.net))
    for field in ("epoch", "loss", "validation_loss"):
        assert_array_equal(getattr(joined.history, field), getattr(whole.history, field))
    assert (joined.state.step, joined.state.epoch, joined.diverged) == (whole.state.step, 35, False)
    assert joined.state.rng.bit_generator.state == whole.state.rng.bit_generator.state
    for key, value in whole.state.memory[optimizer].items():
        assert_array_equal(joined.state.memory[optimizer][key], value)


def test_training_changes_none_of_its_inputs():
    X, y = make_moons(60, noise=0.2, random_state=0)
    net = mlp.init_network((2, 4, 2), "tanh", np.random.default_rng(0))
    weights, rng = [W.copy() for W in net.weights], np.random.default_rng(1)
    before = copy.deepcopy(rng.bit_generator.state)
    first = training.train(net, X, y, rng, epochs=3, dropout=0.2)
    state = copy.deepcopy(first.state.rng.bit_generator.state), first.state.memory["adam"]["m"].copy()
    again = [training.train(first.net, X, y, None, epochs=3, state=first.state, dropout=0.2) for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(weights, net.weights, strict=True))
    assert rng.bit_generator.state == before and first.state.rng.bit_generator.state == state[0]
    assert_array_equal(first.state.memory["adam"]["m"], state[1])
    assert_array_equal(again[0].net.weights[0], again[1].net.weights[0])


def test_the_history_is_the_loss_of_the_network_after_each_epoch():
    X, y = make_moons(80, noise=0.2, random_state=3)
    net = mlp.init_network((2, 6, 2), "elu", np.random.default_rng(0))
    result = training.train(
        net, X[:60], y[:60], np.random.default_rng(0), epochs=5, l2=0.01, validation=(X[60:], y[60:])
    )
    assert len(result.history.loss) == 5 and result.state.epoch == 5 and result.state.step == 5 * 2
    assert result.history.loss[-1] == pytest.approx(
        mlp.loss(result.net, X[:60], y[:60]), rel=1e-12
    )  # data loss, no penalty
    assert result.history.validation_loss[-1] == pytest.approx(mlp.loss(result.net, X[60:], y[60:]), rel=1e-12)


def test_a_learning_rate_far_too_large_stops_training_and_says_so():
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = mlp.init_network((1, 20, 1), "tanh", np.random.default_rng(0), task="regression")
    result = training.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=50, optimizer="sgd", lr=10.0)
    done = len(result.history.loss)
    assert result.diverged and done < 50 and result.state.epoch == done
    assert all(np.all(np.isfinite(W)) for W in (*result.net.weights, *result.net.biases))
    last_good = training.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=done, optimizer="sgd", lr=10.0)
    assert not last_good.diverged
    assert_array_equal(result.net.weights[0], last_good.net.weights[0])  # the net of the last finite epoch


@pytest.mark.parametrize(
    "bit_generator", [np.random.PCG64, np.random.MT19937]
)  # a state of integers; one with an array
def test_a_diverged_epoch_is_rolled_back_with_its_generator_moments_and_step(bit_generator):
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = mlp.init_network((1, 20, 1), "tanh", np.random.default_rng(0), task="regression")
    settings = {"batch_size": 50, "dropout": 0.1}  # the generator shuffles and drops units
    warm = training.train(
        net, x, np.sin(x[:, 0]), np.random.Generator(bit_generator(3)), epochs=3, lr=0.01, **settings
    )  # Adam: moments ≠ 0
    result = training.train(
        warm.net, x, np.sin(x[:, 0]), None, epochs=200, state=warm.state, optimizer="sgd", lr=10.0, **settings
    )
    done = len(result.history.loss)
    assert result.diverged and 0 < done < 200
    last_good = training.train(
        warm.net, x, np.sin(x[:, 0]), None, epochs=done, state=warm.state, optimizer="sgd", lr=10.0, **settings
    )
    assert not last_good.diverged
    assert (
        (result.state.step, result.state.epoch)
        == (last_good.state.step, last_good.state.epoch)
        == (4 * (3 + done), 3 + done)
    )
    assert np.all(warm.state.memory["adam"]["m"] != 0)  # SGD leaves them alone: the rollback must give back Adam's
    for key in ("m", "v", "t"):
        assert_array_equal(result.state.memory["adam"][key], last_good.state.memory["adam"][key])
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
        net = mlp.init_network((2, 16, 16, 2), activation, np.random.default_rng(seed))
        net = training.train(net, X, y, np.random.default_rng(seed), epochs=200, batch_size=batch, l2=alpha / batch).net
        theirs.append((log_loss(y, clf.predict_proba(X)), accuracy_score(y, clf.predict(X))))
        ours.append((log_loss(y, mlp.predict_proba(net, X)), mlp.accuracy(net, X, y)))
    (their_loss, their_accuracy), (our_loss, our_accuracy) = np.median(theirs, axis=0), np.median(ours, axis=0)
    assert 1 / 1.5 < our_loss / their_loss < 1.5
    assert our_accuracy == pytest.approx(their_accuracy, abs=0.03)


def test_one_hidden_layer_fits_a_sine():
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    net = mlp.init_network((1, 10, 1), "tanh", np.random.default_rng(0), task="regression")
    result = training.train(net, x, np.sin(x[:, 0]), np.random.default_rng(0), epochs=500, lr=0.01, batch_size=20)
    assert np.mean((mlp.predict(result.net, x) - np.sin(x[:, 0])) ** 2) < 1e-3  # Var(sin) = 0.5: R² > 0.998


def test_a_train_test_split_has_scikit_learns_sizes_and_partitions_the_rows():
    rng = np.random.default_rng(5)
    for n, test_size in [(300, 0.3), (10, 0.25), (7, 0.5), (101, 0.01)]:
        X, y = np.arange(2 * n).reshape(n, 2), np.arange(n)
        X_train, X_test, y_train, y_test = training.train_test_split(X, y, test_size, rng)
        theirs = train_test_split(X, y, test_size=test_size, random_state=0)
        assert [len(a) for a in (X_train, X_test, y_train, y_test)] == [len(a) for a in theirs]
        assert sorted([*y_train.tolist(), *y_test.tolist()]) == list(range(n))
        assert_array_equal(X_train[:, 1], 2 * y_train + 1)  # rows stay whole
    order = np.random.default_rng(8).permutation(10)
    _, _, y_train, y_test = training.train_test_split(np.zeros((10, 1)), np.arange(10), 0.3, np.random.default_rng(8))
    assert_array_equal(np.r_[y_train, y_test], order)


def test_chain_refuses_runs_that_do_not_follow_one_another():
    X, y = np.eye(2), [0, 1]
    net = mlp.init_network((2, 2), "linear", np.random.default_rng(0))
    a = training.train(net, X, y, np.random.default_rng(0), epochs=3)
    b = training.train(net, X, y, np.random.default_rng(0), epochs=3)  # starts afresh, not from a
    with pytest.raises(MathDLError) as error:
        training.chain([a, b])
    assert error.value.code == "not_consecutive"
    with pytest.raises(MathDLError):
        training.chain([])


def state_of_another_network():
    other = mlp.init_network((2, 5, 2), "relu", np.random.default_rng(0))
    return training.train(other, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), epochs=1).state


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), optimizer="lbfgs"),
            "unknown_choice",
        ),
        (lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), lr=0.0), "out_of_range"),
        (
            lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), batch_size=0),
            "out_of_range",
        ),
        (
            lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), dropout=1.0),
            "out_of_range",
        ),
        (
            lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), epochs=0),
            "out_of_range",
        ),
        (lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], None), "unknown_choice"),  # no rng and no state
        (
            lambda net: training.train(net, np.ones((3, 2)), [0, 1, 0], None, state=state_of_another_network()),
            "bad_shape",
        ),
        (
            lambda net: training.train(
                net, np.ones((3, 2)), [0, 1, 0], np.random.default_rng(0), validation=(np.ones((2, 2)), [0])
            ),
            "lengths_differ",
        ),
        (
            lambda net: training.train_test_split(np.ones((3, 2)), [0, 1], 0.5, np.random.default_rng(0)),
            "lengths_differ",
        ),
        (
            lambda net: training.train_test_split(np.ones((3, 2)), [0, 1, 1], 0.9, np.random.default_rng(0)),
            "too_few_values",
        ),
        (
            lambda net: training.train_test_split(np.ones((3, 2)), [0, 1, 1], 1.0, np.random.default_rng(0)),
            "out_of_range",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason(call, code):
    net = mlp.init_network((2, 4, 2), "relu", np.random.default_rng(0))
    with pytest.raises(MathDLError) as error:
        call(net)
    assert error.value.code == code
