"""Training the convolutional network of :mod:`mathdl.cnn` on mini-batches, with an update rule of :mod:`mathdl.optim`.

:func:`train` shuffles the images every epoch and takes one step per batch with any optimiser of
:data:`mathdl.optim.OPTIMIZERS` (Adam by default, the one lesson 8 runs on a loss surface), on the
parameters laid out as one vector. It returns a state to resume from, the :class:`mathdl.training.TrainState`
of the multilayer perceptron's training: training one epoch at a time gives exactly the weights of one run,
and :func:`chain` joins the epochs' results into that run's result.

>>> rng = np.random.default_rng(0)
>>> X, y = rng.random((40, 8, 8)), np.arange(40) % 2
>>> net = cnn.init_convnet(rng, filters=2, classes=2)
>>> first = train(net, X, y, rng, batch_size=10)
>>> then = train(first.net, X, y, None, state=first.state, batch_size=10)
>>> whole = train(net, X, y, rng, epochs=2, batch_size=10)
>>> bool(np.array_equal(parameters(chain([first, then]).net), parameters(whole.net)))
True
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import cnn
from mathdl.cnn import ConvGradients, ConvNet
from mathdl.errors import MathDLError
from mathdl.optim import OPTIMIZERS
from mathdl.training import TrainState
from mathdl.validation import check_choice, check_range

Array = NDArray[np.float64]


# --- The parameters as one vector, for an optimiser ---------------------------------------------


def parameters(net: ConvNet) -> Array:
    """θ: every parameter in one vector, in the order K, b_K, W, b.

    Parameters
    ----------
    net : ConvNet
        The network.

    Returns
    -------
    ndarray of shape (p,)
        A copy; p = F(k² + 1) + (D + 1)K.

    Examples
    --------
    >>> parameters(cnn.init_convnet(np.random.default_rng(0))).shape  # 8 · (9 + 1) + (128 + 1) · 10
    (1370,)
    """
    return np.concatenate([net.kernels.ravel(), net.kernel_bias, net.weights.ravel(), net.bias])


def with_parameters(like: ConvNet, theta: Array) -> ConvNet:
    """The network shaped like ``like`` whose parameters are θ (views into θ, not copies).

    Parameters
    ----------
    like : ConvNet
        Gives the shapes and the pooling.
    theta : ndarray of shape (p,)
        As :func:`parameters` lays it out.

    Returns
    -------
    ConvNet
        Its arrays share memory with θ.

    Examples
    --------
    >>> net = cnn.init_convnet(np.random.default_rng(0))
    >>> bool(np.array_equal(with_parameters(net, parameters(net)).weights, net.weights))
    True
    """
    parts: list[Array] = []
    for array in (like.kernels, like.kernel_bias, like.weights, like.bias):
        start = sum(p.size for p in parts)
        parts.append(theta[start : start + array.size].reshape(array.shape))
    kernels, kernel_bias, weights, bias = parts
    return ConvNet(kernels, kernel_bias, weights, bias, like.pool, like.mode)


def gradient_vector(g: ConvGradients) -> Array:
    """∂L/∂θ in the layout of :func:`parameters`.

    Parameters
    ----------
    g : ConvGradients
        From :func:`gradients`.

    Returns
    -------
    ndarray of shape (p,)

    Examples
    --------
    >>> net = cnn.init_convnet(np.random.default_rng(0))
    >>> gradient_vector(cnn.gradients(net, np.ones((2, 8, 8)), [1, 2])).shape
    (1370,)
    """
    return np.concatenate([g.kernels.ravel(), g.kernel_bias, g.weights.ravel(), g.bias])


@dataclass(frozen=True, eq=False)
class ConvHistory:
    """What each epoch ended with: on the training images as it went, on the validation data after it.

    ``epoch`` (e,) counts from the start of training. ``loss`` and ``accuracy`` (e,) are the mean
    cross-entropy and the share classified right over the epoch's batches, each measured before its
    step (as scikit-learn's ``loss_curve_``: no second pass over the data); ``validation_loss`` and
    ``validation_accuracy`` are measured on the held-out images at the epoch's end, or None without them.
    """

    epoch: NDArray[np.int64]
    loss: Array
    accuracy: Array
    validation_loss: Array | None
    validation_accuracy: Array | None


@dataclass(frozen=True, eq=False)
class ConvResult:
    """The trained net, the state to resume from, the history, and whether the loss stopped being finite."""

    net: ConvNet
    state: TrainState
    history: ConvHistory
    diverged: bool


@dataclass(frozen=True)
class _Settings:
    optimizer: str
    lr: float
    batch_size: int


def train(
    net: ConvNet,
    X: ArrayLike,
    y: ArrayLike,
    rng: np.random.Generator | None,
    *,
    epochs: int = 1,
    state: TrainState | None = None,
    optimizer: str = "adam",
    lr: float = 0.01,
    batch_size: int = 32,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
) -> ConvResult:
    """Mini-batch training on the mean cross-entropy, with an update rule of :mod:`mathdl.optim`.

    Each epoch shuffles the images and takes one step per batch, θ ← rule(θ, ∇L_batch(θ)), Adam by
    default (m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε)). Pass the returned
    ``state`` back to continue: k runs of one epoch give exactly the weights of one run of k epochs.
    If the loss or a weight stops being finite, training stops at the last finite epoch.

    Parameters
    ----------
    net : ConvNet
        The starting network; it is not changed.
    X : array_like of shape (n, H, W)
        The training images.
    y : array_like of shape (n,)
        Their classes.
    rng : numpy.random.Generator or None
        A new run shuffles with a copy of it; a resumed run uses the one in ``state`` (rng may be None).
    epochs : int
        Passes over the data, 1 to 10,000.
    state : TrainState or None
        From a previous call, to continue it.
    optimizer : str
        A key of :data:`mathdl.optim.OPTIMIZERS`.
    lr : float
        The learning rate η.
    batch_size : int
        Images per step.
    validation : tuple of (array_like of shape (n', H, W), array_like of shape (n',)) or None
        Held-out images whose loss and accuracy are recorded after every epoch.

    Returns
    -------
    ConvResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((40, 8, 8)), np.arange(40) % 2
    >>> net = cnn.init_convnet(rng, filters=2, classes=2)
    >>> r = train(net, X, y, rng, epochs=3, batch_size=10)
    >>> r.state.epoch, r.state.step, r.history.epoch.tolist()
    (3, 12, [1, 2, 3])
    """
    patches, Y = cnn.encode(net, X, y)  # cut once: every batch takes its rows
    check_range("epochs", epochs, 1, 10_000)
    check_choice("optimizer", optimizer, OPTIMIZERS)
    check_range("lr", lr, 1e-12, 100.0)
    check_range("batch_size", batch_size, 1, 100_000)
    held_out = None
    if validation is not None:
        held_out = cnn.encode(net, *validation)
    if state is None:
        if rng is None:
            raise MathDLError("unknown_choice", name="rng", allowed=["numpy.random.Generator"], value=None)
        state = TrainState(rng)
    return _run(net, (patches, Y), held_out, state, epochs, _Settings(optimizer, lr, batch_size))


class _Workspace:
    """A network of views into one buffer, which each step copies θ into; the run's generator; an epoch's tally.

    Building a network of new views at every step would cost more than the copy.
    """

    def __init__(self, like: ConvNet, rng: np.random.Generator) -> None:
        self.rng = rng
        self.theta = parameters(like)
        self.net = with_parameters(like, self.theta)
        self.loss, self.right = 0.0, 0

    def gradient(self, theta: Array, *, patches: Array, Y: Array) -> Array:
        """∇L(θ) on one batch (its images' patches), flat; the batch's loss and hits go to the tally."""
        self.theta[:] = theta
        trace, g = cnn.backprop(self.net, patches, Y)
        self.loss += g.loss * len(Y)
        self.right += int(np.sum(trace.scores.argmax(axis=1) == Y.argmax(axis=1)))
        return gradient_vector(g)


def _epoch(work: _Workspace, theta: Array, data: tuple[Array, Array], memory: dict[str, Any], s: _Settings) -> Any:
    """One pass over the shuffled images in mini-batches: the new θ, the optimiser's memory, the loss and accuracy."""
    patches, Y = data
    update, order = OPTIMIZERS[s.optimizer], work.rng.permutation(len(Y))
    work.loss, work.right = 0.0, 0
    for start in range(0, len(Y), s.batch_size):
        batch = order[start : start + s.batch_size]
        gradient = functools.partial(work.gradient, patches=patches[batch], Y=Y[batch])
        theta, memory = update(theta, gradient, memory, s.lr)
    return theta, memory, work.loss / len(Y), work.right / len(Y)


def _run(
    net: ConvNet,
    data: tuple[Array, Array],
    held_out: tuple[Array, Array] | None,
    state: TrainState,
    epochs: int,
    s: _Settings,
) -> ConvResult:
    work = _Workspace(net, copy.deepcopy(state.rng))  # the caller's generator stays where it was
    theta, memory, step = parameters(net), dict(state.memory), state.step
    rows: list[tuple[float, ...]] = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence is reported, not warned
        for _ in range(epochs):
            saved = work.rng.bit_generator.state
            new_theta, new_memory, loss, right = _epoch(work, theta, data, memory.get(s.optimizer, {}), s)
            if not (math.isfinite(loss) and np.all(np.isfinite(new_theta))):  # diverged: roll back and stop
                work.rng.bit_generator.state = saved
                break
            theta, memory[s.optimizer] = new_theta, new_memory
            step += -(-len(data[1]) // s.batch_size)
            rows.append((loss, right, *(cnn.evaluate(with_parameters(net, theta), *held_out) if held_out else ())))
    return ConvResult(
        with_parameters(net, theta),
        TrainState(work.rng, step, state.epoch + len(rows), memory),
        _history(state.epoch, rows, held_out is not None),
        diverged=len(rows) < epochs,
    )


def _history(first: int, rows: list[tuple[float, ...]], held_out: bool) -> ConvHistory:
    columns = np.array(rows, dtype=float).reshape(len(rows), 4 if held_out else 2).T  # (2 or 4, e)
    epoch = np.arange(first + 1, first + len(rows) + 1)
    return ConvHistory(epoch, columns[0], columns[1], *((columns[2], columns[3]) if held_out else (None, None)))


def chain(results: Sequence[ConvResult]) -> ConvResult:
    """One result for consecutive runs, each resumed from the state of the one before: what one run gives.

    Parameters
    ----------
    results : sequence of ConvResult
        In the order they ran.

    Returns
    -------
    ConvResult
        The last run's net and state, the histories joined end to end.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((8, 8, 8)), np.arange(8) % 2
    >>> a = train(cnn.init_convnet(rng, filters=2, classes=2), X, y, rng)
    >>> chain([a, train(a.net, X, y, None, state=a.state)]).history.epoch.tolist()
    [1, 2]
    """
    if not results:
        raise MathDLError("too_few_values", name="results", minimum=1, n=0)
    for before, after in zip(results[:-1], results[1:], strict=True):
        start = after.state.epoch - len(after.history.epoch)
        if start != before.state.epoch:
            raise MathDLError("not_consecutive", before=before.state.epoch, start=start)
    fields: dict[str, Any] = {}
    for name in ("epoch", "loss", "accuracy", "validation_loss", "validation_accuracy"):
        parts = [getattr(r.history, name) for r in results]
        fields[name] = None if any(p is None for p in parts) else np.concatenate(parts)
    return ConvResult(results[-1].net, results[-1].state, ConvHistory(**fields), results[-1].diverged)
