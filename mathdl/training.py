"""Training a multilayer perceptron: mini-batches through the update rules of :mod:`mathdl.optim`.

:func:`train` shuffles the rows every epoch and takes one step per batch with any optimiser of
:data:`mathdl.optim.OPTIMIZERS` (the same Adam that lesson 8 runs on a loss surface), and returns
a state to resume from: training in chunks gives exactly the weights of one run, and
:func:`chain` joins the chunks' results into that run's result. The tests compare the steps with
the published update rules and the training with scikit-learn's ``MLPClassifier``.

>>> rng = np.random.default_rng(0)
>>> X = rng.uniform(-1, 1, (50, 1))
>>> net = mlp.init_network((1, 8, 1), "tanh", rng, task="regression")
>>> first = train(net, X, 2 * X[:, 0], rng, epochs=100, lr=0.01, batch_size=10)
>>> then = train(first.net, X, 2 * X[:, 0], None, epochs=100, state=first.state, lr=0.01, batch_size=10)
>>> whole = train(net, X, 2 * X[:, 0], rng, epochs=200, lr=0.01, batch_size=10)
>>> bool(np.array_equal(chain([first, then]).history.loss, whole.history.loss))
True
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import mlp
from mathdl.errors import MathDLError
from mathdl.mlp import Network
from mathdl.optim import OPTIMIZERS
from mathdl.validation import check_choice, check_range, same_length

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class TrainState:
    """Everything a run needs to continue exactly where it stopped.

    ``rng`` shuffles the batches and draws dropout masks; ``step`` counts the updates so far and
    ``epoch`` the passes over the data. ``memory`` holds each optimiser's own memory, keyed by its
    name, as its update rule keeps it (Adam's moments ``m``, ``v`` and its step ``t``), with one
    entry per parameter in the layout of :func:`parameters`.
    """

    rng: np.random.Generator
    step: int = 0
    epoch: int = 0
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class History:
    """What each epoch ended with.

    ``epoch`` (e,): its number, counted from the start of training; ``loss`` (e,): the data loss on
    the whole training set (no penalty, no dropout); ``validation_loss`` (e,): the same on the
    validation data, or None without them.
    """

    epoch: NDArray[np.int64]
    loss: Array
    validation_loss: Array | None


@dataclass(frozen=True, eq=False)
class TrainResult:
    """The trained net, the state to resume from, the per-epoch history, and whether it diverged.

    ``diverged``: the loss or a weight stopped being finite, so training stopped and ``net`` is the
    last finite one.
    """

    net: Network
    state: TrainState
    history: History
    diverged: bool


# --- The parameters as one vector, for an optimiser ---------------------------------------------


def parameters(net: Network) -> Array:
    """θ: every weight and bias in one vector, in the order W_0, b_0, W_1, b_1 and so on.

    Parameters
    ----------
    net : Network
        The network.

    Returns
    -------
    ndarray of shape (p,)
        A copy; p = Σ (n_l + 1) n_{l+1}.

    Examples
    --------
    >>> parameters(mlp.init_network((2, 3, 2), "relu", np.random.default_rng(0))).shape
    (17,)
    """
    return np.concatenate([p.ravel() for pair in zip(net.weights, net.biases, strict=True) for p in pair])


def with_parameters(like: Network, theta: Array) -> Network:
    """The network shaped like ``like`` whose weights and biases are θ (views into θ, not copies).

    Parameters
    ----------
    like : Network
        Gives the layer sizes, the activation and the task.
    theta : ndarray of shape (p,)
        As :func:`parameters` lays it out.

    Returns
    -------
    Network
        Its arrays share memory with θ.

    Examples
    --------
    >>> net = mlp.init_network((2, 3, 2), "relu", np.random.default_rng(0))
    >>> bool(np.array_equal(with_parameters(net, parameters(net)).weights[1], net.weights[1]))
    True
    """
    weights, biases, start = [], [], 0
    for W, b in zip(like.weights, like.biases, strict=True):  # each update rule asks: kept lean
        end = start + W.size
        weights.append(theta[start:end].reshape(W.shape))
        start = end + b.size
        biases.append(theta[end:start])
    return Network(tuple(weights), tuple(biases), like.activation, like.task)


@dataclass(frozen=True)
class _Settings:
    optimizer: str
    lr: float
    batch_size: int
    l2: float
    dropout: float


def train(
    net: Network,
    X: ArrayLike,
    y: ArrayLike,
    rng: np.random.Generator | None,
    *,
    epochs: int = 100,
    state: TrainState | None = None,
    optimizer: str = "adam",
    lr: float = 1e-3,
    batch_size: int = 32,
    l2: float = 0.0,
    dropout: float = 0.0,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
) -> TrainResult:
    """Mini-batch gradient descent on L = data loss + (λ/2) Σ‖W‖², for ``epochs`` passes over X.

    Each epoch shuffles the rows and takes one step per batch of ``batch_size`` rows with the
    update rule ``OPTIMIZERS[optimizer]`` of :mod:`mathdl.optim`, at its published defaults: SGD
    θ ← θ − η g; Adam (Kingma & Ba, 2015) m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    θ ← θ − η m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Pass the returned ``state`` back
    to continue: two chunks of 50 epochs give exactly the weights of one run of 100. If the
    loss or a weight stops being finite, training stops at the last finite epoch and says so.

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,) or (n, m)
        Class labels or target values.
    rng : numpy.random.Generator or None
        A new run shuffles and drops units with a copy of it (so it is not advanced); a resumed
        run continues with the generator in ``state``, and rng may be None.
    epochs : int
        Passes over the data, 1 to 100,000.
    state : TrainState or None
        From a previous call, to continue it; None to start.
    optimizer : str
        A key of :data:`mathdl.optim.OPTIMIZERS`.
    lr : float
        The learning rate η.
    batch_size : int
        Rows per step (n or more: the full batch).
    l2 : float
        λ (scikit-learn's ``alpha`` is λ · batch_size).
    dropout : float
        The probability p of dropping a hidden unit.
    validation : tuple of (array_like of shape (n', d), array_like of shape (n',)) or None
        Data whose loss is recorded after every epoch.

    Returns
    -------
    TrainResult
        The trained net, the state to resume from, the per-epoch history, and ``diverged``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, (50, 1))
    >>> net = mlp.init_network((1, 8, 1), "tanh", rng, task="regression")
    >>> r = train(net, X, 2 * X[:, 0], rng, epochs=200, lr=0.01, batch_size=10)
    >>> r.state.epoch, r.state.step, bool(r.history.loss[-1] < 0.01)
    (200, 1000, True)
    """
    inputs, Y = mlp.encode(net, X, y)
    check_range("epochs", epochs, 1, 100_000)
    check_choice("optimizer", optimizer, OPTIMIZERS)
    check_range("lr", lr, 1e-12, 100.0)
    check_range("batch_size", batch_size, 1, 100_000)
    check_range("l2", l2, 0.0, 100.0)
    check_range("dropout", dropout, 0.0, 0.95)
    encoded = None if validation is None else mlp.encode(net, *validation)
    if state is None:
        if rng is None:
            raise MathDLError("unknown_choice", name="rng", allowed=["numpy.random.Generator"], value=None)
        state = TrainState(rng)
    _check_memory(state, parameters(net).size)
    settings = _Settings(optimizer, lr, min(batch_size, len(inputs)), l2, dropout)
    return _run(net, (inputs, Y), encoded, state, epochs, settings)


def _check_memory(state: TrainState, size: int) -> None:
    """Refuse a state whose optimiser memory belongs to a network of another size."""
    for name, memory in state.memory.items():
        for key, value in memory.items():
            if np.ndim(value) and np.shape(value) != (size,):
                raise MathDLError(
                    "bad_shape", name=f"state.memory[{name!r}][{key!r}]", expected=(size,), shape=np.shape(value)
                )


def _epoch(
    work: _Workspace, theta: Array, X: Array, Y: Array, memory: dict[str, Any], s: _Settings
) -> tuple[Array, dict[str, Any], int]:
    """One pass over the shuffled rows in mini-batches: the new θ, the optimiser's memory, the steps taken."""
    update, order, starts = OPTIMIZERS[s.optimizer], work.rng.permutation(len(X)), range(0, len(X), s.batch_size)
    for start in starts:
        batch = order[start : start + s.batch_size]
        # The rule is handed ∇L as a function of θ, as it asks for it: Nesterov reads it ahead of θ.
        theta, memory = update(theta, partial(work.gradient, X=X[batch], Y=Y[batch], s=s), memory, s.lr)
    return theta, memory, len(starts)


class _Workspace:
    """A network whose arrays are views into one buffer, and the generator of the run.

    Evaluating the network at a point θ copies θ into the buffer: building a network of views
    at every step would cost more than the copy.
    """

    def __init__(self, like: Network, rng: np.random.Generator) -> None:
        self.theta = parameters(like)
        self.net = with_parameters(like, self.theta)
        self.rng = rng

    def at(self, theta: Array) -> Network:
        """The network with parameters θ (valid until the next call)."""
        self.theta[:] = theta
        return self.net

    def gradient(self, theta: Array, *, X: Array, Y: Array, s: _Settings) -> Array:
        """∇L(θ) on one batch, flat."""
        return mlp.gradient_vector(self.at(theta), X, Y, l2=s.l2, dropout=s.dropout, rng=self.rng)


def _run(
    net: Network,
    data: tuple[Array, Array],
    validation: tuple[Array, Array] | None,
    state: TrainState,
    epochs: int,
    s: _Settings,
) -> TrainResult:
    X, Y = data  # checked, and encoded as the output layer sees them
    work = _Workspace(net, copy.deepcopy(state.rng))  # the caller's generator stays where it was
    theta, memory, step = parameters(net), dict(state.memory), state.step  # the rules return new θ and memory
    losses: list[float] = []
    validation_losses: list[float] = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence is reported, not warned
        for _ in range(epochs):
            # The generator is kept as its bit generator's state, a small dict: a deep copy of it, every
            # epoch, costs far more. θ and the memory need no copy: the update rules never change them.
            saved = work.rng.bit_generator.state
            new_theta, new_memory, steps = _epoch(work, theta, X, Y, memory.get(s.optimizer, {}), s)
            now = mlp.data_loss(work.at(new_theta), X, Y) if np.all(np.isfinite(new_theta)) else math.nan
            if not math.isfinite(now):  # diverged: roll the epoch back and stop
                work.rng.bit_generator.state = saved
                break
            theta, memory[s.optimizer], step = new_theta, new_memory, step + steps
            losses.append(now)
            if validation is not None:
                validation_losses.append(mlp.data_loss(work.net, *validation))
    epoch = state.epoch + len(losses)
    history = History(
        np.arange(state.epoch + 1, epoch + 1),
        np.array(losses),
        None if validation is None else np.array(validation_losses),
    )
    done = TrainState(work.rng, step, epoch, memory)
    return TrainResult(with_parameters(net, theta), done, history, diverged=len(losses) < epochs)


def chain(results: Sequence[TrainResult]) -> TrainResult:
    """One result for consecutive runs, each resumed from the state of the one before: what one run gives.

    The net and the state are the last run's, the histories are joined end to end, and
    ``diverged`` is the last run's (a run resumed with a smaller learning rate may recover).

    Parameters
    ----------
    results : sequence of TrainResult
        In the order they ran; each history must begin at the epoch after the previous one ends.

    Returns
    -------
    TrainResult
        As :func:`train` returns it for all the epochs at once.

    Examples
    --------
    >>> X, y = np.eye(2), [0, 1]
    >>> net = mlp.init_network((2, 2), "linear", np.random.default_rng(0))
    >>> a = train(net, X, y, np.random.default_rng(0), epochs=3)
    >>> chain([a, train(a.net, X, y, None, epochs=2, state=a.state)]).history.epoch.tolist()
    [1, 2, 3, 4, 5]
    """
    if not results:
        raise MathDLError("too_few_values", name="results", minimum=1, n=0)
    for before, after in zip(results[:-1], results[1:], strict=True):
        start = after.state.epoch - len(after.history.epoch)
        if start != before.state.epoch:
            raise MathDLError("not_consecutive", before=before.state.epoch, start=start)
    validation = [r.history.validation_loss for r in results]
    history = History(
        np.concatenate([r.history.epoch for r in results]),
        np.concatenate([r.history.loss for r in results]),
        None if any(v is None for v in validation) else np.concatenate([v for v in validation if v is not None]),
    )
    return TrainResult(results[-1].net, results[-1].state, history, results[-1].diverged)


def train_test_split(
    X: ArrayLike, y: ArrayLike, test_size: float, rng: np.random.Generator
) -> tuple[Array, Array, NDArray[Any], NDArray[Any]]:
    """The rows of X and y shuffled and cut in two: a training set and a held-out test set.

    The first n − ⌈t·n⌉ rows of a random permutation train and the others test, as scikit-learn's
    function of the same name counts them (with its own random numbers).

    Parameters
    ----------
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,)
        The labels or targets.
    test_size : float
        The share t of rows held out, in (0, 1).
    rng : numpy.random.Generator
        Draws the permutation.

    Returns
    -------
    X_train : ndarray of shape (n − ⌈t·n⌉, d)
    X_test : ndarray of shape (⌈t·n⌉, d)
    y_train : ndarray of shape (n − ⌈t·n⌉,)
    y_test : ndarray of shape (⌈t·n⌉,)

    Examples
    --------
    >>> parts = train_test_split(np.ones((10, 2)), np.arange(10), 0.3, np.random.default_rng(0))
    >>> X_train, X_test, y_train, y_test = parts
    >>> X_train.shape, X_test.shape, sorted([*y_train.tolist(), *y_test.tolist()]) == list(range(10))
    ((7, 2), (3, 2), True)
    """
    inputs, labels = np.asarray(X, dtype=float), np.asarray(y)
    same_length("X", inputs, "y", labels)
    check_range("test_size", test_size, 1e-9, 1 - 1e-9)
    n_test = math.ceil(test_size * len(labels))
    if not 0 < n_test < len(labels):  # one of the two sets would be empty
        raise MathDLError("too_few_values", name="X", minimum=max(2, math.ceil(1 / (1 - test_size))), n=len(labels))
    order = rng.permutation(len(labels))
    train_rows, test_rows = order[: len(labels) - n_test], order[len(labels) - n_test :]
    return inputs[train_rows], inputs[test_rows], labels[train_rows], labels[test_rows]
