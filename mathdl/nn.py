"""A multilayer perceptron in plain numpy, with backpropagation written out by hand.

A network maps a batch X of shape (n, d) through layers z_l = h_l W_l + b_l, h_{l+1} = φ(z_l),
to a linear output (regression, mean squared error) or a softmax over K classes
(classification, cross-entropy). ``gradients`` applies the chain rule layer by layer, from the
output back to the input; ``train`` runs mini-batch SGD or Adam in chunks that a page can
resume. The tests compare the gradients with finite differences and the training with
``sklearn.neural_network.MLPClassifier``.

>>> rng = np.random.default_rng(0)
>>> X = rng.standard_normal((40, 2))
>>> y = (X[:, 0] * X[:, 1] > 0).astype(int)
>>> net = init_network((2, 8, 2), "tanh", rng)
>>> result = train(net, X, y, rng, epochs=300, lr=0.05, batch_size=10)
>>> bool(result.history.loss[-1] < result.history.loss[0]), result.diverged
(True, False)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mathdl.activations import ACTIVATIONS
from mathdl.errors import MathDLError

Function = Callable[[np.ndarray], np.ndarray]

TASKS = ("classification", "regression")
MAX_UNITS = 1024


# --- Checks ---------------------------------------------------------------------------------------


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:  # also refuses NaN
        raise MathDLError("out_of_range", name=name, low=low, high=high, value=value)


def _check_choice(name: str, value: str, allowed) -> None:
    if value not in allowed:
        raise MathDLError("unknown_choice", name=name, allowed=list(allowed), value=value)


def _finite(name: str, a: np.ndarray) -> np.ndarray:
    if not np.all(np.isfinite(a)):
        raise MathDLError("not_finite", name=name, value=a[~np.isfinite(a)][0])
    return a


# --- The network ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Network:
    """The weights and biases of every layer, the hidden activation, and what the output means."""

    weights: tuple[np.ndarray, ...]  # W_l of shape (n_l, n_{l+1}): row i holds the weights leaving unit i
    biases: tuple[np.ndarray, ...]  # b_l of shape (n_{l+1},)
    activation: str  # φ of every hidden layer, a key of ACTIVATIONS
    task: str  # "regression": linear output, squared error; "classification": softmax, cross-entropy

    @property
    def sizes(self) -> tuple[int, ...]:
        """(d, n_1, …, n_L): the width of the input and of every layer."""
        return (self.weights[0].shape[0], *(W.shape[1] for W in self.weights))


def init_network(sizes, activation: str, rng: np.random.Generator, task: str = "classification") -> Network:
    """Random weights W_l ~ N(0, s²) and zero biases for the layer widths ``sizes``.

    s² = 2 / fan_in (He et al., 2015) for ReLU-like activations, whose half-zero output would
    otherwise halve the signal's variance at every layer; s² = 2 / (fan_in + fan_out)
    (Glorot & Bengio, 2010) for tanh, sigmoid and linear units.

    Parameters
    ----------
    sizes : sequence of int, (d, n_1, …, n_L): inputs, hidden widths, outputs (K ≥ 2 classes
        for classification).
    activation : a key of ACTIVATIONS, used in every hidden layer.
    rng : numpy.random.Generator
    task : "classification" or "regression".

    Examples
    --------
    >>> net = init_network((2, 16, 16, 3), "relu", np.random.default_rng(0))
    >>> net.sizes, net.weights[1].shape, net.biases[1].shape
    ((2, 16, 16, 3), (16, 16), (16,))
    """
    _check_choice("activation", activation, ACTIVATIONS)
    _check_choice("task", task, TASKS)
    sizes = tuple(int(s) for s in sizes)
    if len(sizes) < 2:
        raise MathDLError("too_few_values", name="sizes", minimum=2, n=len(sizes))
    for i, size in enumerate(sizes):
        _check_range(f"sizes[{i}]", size, 2 if task == "classification" and i == len(sizes) - 1 else 1, MAX_UNITS)
    he = ACTIVATIONS[activation].init == "he"
    weights = tuple(
        rng.standard_normal((fan_in, fan_out)) * math.sqrt(2 / fan_in if he else 2 / (fan_in + fan_out))
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:])
    )
    return Network(weights, tuple(np.zeros(fan_out) for fan_out in sizes[1:]), activation, task)


def _inputs(net: Network, X) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != net.sizes[0]:
        raise MathDLError("bad_shape", name="X", expected=f"(n, {net.sizes[0]})", shape=X.shape)
    return _finite("X", X)


def _targets(net: Network, y, n: int) -> np.ndarray:
    """y as the output layer sees it: one-hot rows (n, K) for classes, values (n, m) for regression."""
    y = np.asarray(y, dtype=float)
    if len(y) != n:
        raise MathDLError("lengths_differ", a="X", b="y", n=n, m=len(y))
    _finite("y", y)
    outputs = net.sizes[-1]
    if net.task == "regression":
        if y.shape not in ((n, outputs), (n,) if outputs == 1 else None):
            raise MathDLError("bad_shape", name="y", expected=f"({n},) or ({n}, {outputs})", shape=y.shape)
        return y.reshape(n, outputs)
    if y.ndim != 1:
        raise MathDLError("bad_shape", name="y", expected=f"({n},)", shape=y.shape)
    bad = (y != np.round(y)) | (y < 0) | (y >= outputs)
    if np.any(bad):
        raise MathDLError("out_of_range", name="y (class labels)", low=0, high=outputs - 1, value=y[bad][0])
    return np.eye(outputs)[y.astype(int)]  # (n, K)


# --- Forward and backward -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Trace:
    """What the forward pass keeps for the backward pass."""

    inputs: tuple[np.ndarray, ...]  # h_l, the input of layer l (after dropout); h_0 = X
    pre: tuple[np.ndarray, ...]  # z_l = h_l W_l + b_l; the last is the output (logits or values)
    masks: tuple[np.ndarray | None, ...]  # the dropout mask applied to h_l, already scaled by 1/(1 − p)


def _forward(net: Network, X: np.ndarray, dropout: float, rng: np.random.Generator | None) -> Trace:
    phi = ACTIVATIONS[net.activation].f
    inputs, pre, masks = [X], [], [None]
    for W, b in zip(net.weights, net.biases):
        pre.append(inputs[-1] @ W + b)  # (n, n_{l+1})
        if len(pre) == len(net.weights):
            break
        h = phi(pre[-1])
        mask = None
        if dropout > 0:  # inverted dropout: keep a unit with probability 1 − p, scale it by 1/(1 − p)
            mask = (rng.random(h.shape) >= dropout) / (1 - dropout)
            h = h * mask
        inputs.append(h)
        masks.append(mask)
    return Trace(tuple(inputs), tuple(pre), tuple(masks))


def forward(net: Network, X, *, dropout: float = 0.0, rng: np.random.Generator | None = None) -> Trace:
    """The forward pass z_l = h_l W_l + b_l, h_{l+1} = φ(z_l), keeping every h_l and z_l.

    With ``dropout`` p > 0 (training only), each hidden unit is kept with probability 1 − p and
    the kept ones are scaled by 1/(1 − p), so a unit's expected value is unchanged and nothing
    needs rescaling at test time (inverted dropout). The input layer is never dropped.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n, d)
    dropout : float in [0, 0.95], the probability p of dropping a hidden unit.
    rng : numpy.random.Generator, needed when dropout > 0.

    Returns
    -------
    Trace: ``pre[-1]`` of shape (n, n_L) is the output: logits or predicted values.

    Examples
    --------
    >>> net = init_network((2, 3, 2), "relu", np.random.default_rng(0))
    >>> [z.shape for z in forward(net, np.ones((5, 2))).pre]
    [(5, 3), (5, 2)]
    """
    _check_range("dropout", dropout, 0.0, 0.95)
    if dropout > 0 and rng is None:
        raise MathDLError("unknown_choice", name="rng", allowed=["numpy.random.Generator"], value=None)
    return _forward(net, _inputs(net, X), dropout, rng)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)  # the largest logit becomes 0: exp cannot overflow
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _data_loss(task: str, z: np.ndarray, Y: np.ndarray) -> float:
    if task == "classification":
        return float(-np.sum(Y * _log_softmax(z)) / len(z))  # −(1/n) Σᵢ log pᵢ,yᵢ
    return float(np.sum((z - Y) ** 2) / len(z))  # (1/n) Σᵢ ‖ŷᵢ − yᵢ‖²


def _output_delta(task: str, z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """∂L/∂z_L, the gradient at the output's pre-activation, (n, n_L)."""
    if task == "classification":
        return (np.exp(_log_softmax(z)) - Y) / len(z)  # softmax and cross-entropy together: (p − y)/n
    return 2 * (z - Y) / len(z)  # linear output and squared error: 2(ŷ − y)/n


def _penalty(net: Network, l2: float) -> float:
    return 0.5 * l2 * sum(float(np.sum(W * W)) for W in net.weights)


def loss(net: Network, X, y, *, l2: float = 0.0, dropout: float = 0.0, rng: np.random.Generator | None = None) -> float:
    """The training objective L = data loss + (λ/2) Σ_l ‖W_l‖² (biases are not penalised).

    Classification: cross-entropy −(1/n) Σᵢ log softmax(zᵢ)_{yᵢ}, from the logits by log-sum-exp.
    Regression: mean squared error (1/n) Σᵢ ‖ŷᵢ − yᵢ‖².

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,): class labels 0 … K−1, or target values (also (n, m)).
    l2 : float ≥ 0, λ.
    dropout, rng : as in :func:`forward`; with the same rng state, the same units are dropped.

    Examples
    --------
    >>> net = init_network((1, 4, 2), "tanh", np.random.default_rng(0))
    >>> round(loss(net, [[0.0]], [1]), 4)  # zero input, zero biases: p = (½, ½), loss log 2
    0.6931
    """
    _check_range("l2", l2, 0.0, 100.0)
    trace = forward(net, X, dropout=dropout, rng=rng)
    return _data_loss(net.task, trace.pre[-1], _targets(net, y, len(trace.pre[-1]))) + _penalty(net, l2)


def _backward(net: Network, trace: Trace, Y: np.ndarray, l2: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    phi_grad = ACTIVATIONS[net.activation].grad
    delta = _output_delta(net.task, trace.pre[-1], Y)  # δ_L = ∂L/∂z_L, (n, n_L)
    dW, db = [None] * len(net.weights), [None] * len(net.weights)
    for l in reversed(range(len(net.weights))):
        dW[l] = trace.inputs[l].T @ delta + l2 * net.weights[l]  # ∂L/∂W_l = h_lᵀ δ_l + λ W_l, (n_l, n_{l+1})
        db[l] = delta.sum(axis=0)  # ∂L/∂b_l = Σᵢ δ_l,i
        if l > 0:  # δ_{l−1} = (δ_l W_lᵀ) ⊙ mask_l ⊙ φ'(z_{l−1}): back through the weights, then the unit
            delta = delta @ net.weights[l].T  # ∂L/∂h_l, (n, n_l)
            if trace.masks[l] is not None:
                delta = delta * trace.masks[l]
            delta = delta * phi_grad(trace.pre[l - 1])
    return dW, db


@dataclass(frozen=True, eq=False)
class Gradients:
    loss: float  # L at the current weights (with the penalty, and the dropout mask if any)
    weights: tuple[np.ndarray, ...]  # ∂L/∂W_l, each the shape of W_l
    biases: tuple[np.ndarray, ...]  # ∂L/∂b_l


def gradients(
    net: Network, X, y, *, l2: float = 0.0, dropout: float = 0.0, rng: np.random.Generator | None = None
) -> Gradients:
    """∂L/∂W_l and ∂L/∂b_l for every layer, by backpropagation.

    Start at the output with δ_L = ∂L/∂z_L (p − y over n for softmax and cross-entropy,
    2(ŷ − y)/n for squared error), then for l = L, …, 1:
    ∂L/∂W_l = h_lᵀ δ_l + λ W_l,   ∂L/∂b_l = Σᵢ δ_l,i,   δ_{l−1} = (δ_l W_lᵀ) ⊙ φ'(z_{l−1}).
    One backward pass costs about as much as the forward pass, whatever the number of weights.

    Parameters
    ----------
    As for :func:`loss`.

    Examples
    --------
    >>> net = init_network((2, 3, 2), "tanh", np.random.default_rng(0))
    >>> g = gradients(net, np.ones((4, 2)), [0, 1, 1, 0])
    >>> [dW.shape for dW in g.weights], abs(float(g.biases[-1].sum())) < 1e-15  # Σₖ (pₖ − yₖ) = 0
    ([(2, 3), (3, 2)], True)
    """
    _check_range("l2", l2, 0.0, 100.0)
    trace = forward(net, X, dropout=dropout, rng=rng)
    Y = _targets(net, y, len(trace.pre[-1]))
    dW, db = _backward(net, trace, Y, l2)
    return Gradients(_data_loss(net.task, trace.pre[-1], Y) + _penalty(net, l2), tuple(dW), tuple(db))


# --- Predictions ----------------------------------------------------------------------------------


def predict_proba(net: Network, X) -> np.ndarray:
    """P(class k | x) = softmax(z_L)_k for each row of X, shape (n, K).

    Examples
    --------
    >>> net = init_network((2, 5, 3), "relu", np.random.default_rng(0))
    >>> predict_proba(net, np.ones((4, 2))).sum(axis=1).round(12).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    if net.task != "classification":
        raise MathDLError("unknown_choice", name="net.task", allowed=["classification"], value=net.task)
    return np.exp(_log_softmax(forward(net, X).pre[-1]))


def predict(net: Network, X) -> np.ndarray:
    """The most probable class argmax_k p_k (n,) for a classifier; ŷ = z_L, (n,) or (n, m), for a regression.

    Examples
    --------
    >>> net = init_network((1, 4, 1), "tanh", np.random.default_rng(0), task="regression")
    >>> predict(net, np.zeros((3, 1))).tolist()  # zero biases: 0 in, 0 out
    [0.0, 0.0, 0.0]
    """
    z = forward(net, X).pre[-1]  # (n, n_L)
    if net.task == "classification":
        return z.argmax(axis=1)
    return z[:, 0] if z.shape[1] == 1 else z


def accuracy(net: Network, X, y) -> float:
    """The share of rows whose most probable class is the true one.

    Examples
    --------
    >>> net = init_network((2, 4, 2), "relu", np.random.default_rng(0))
    >>> 0.0 <= accuracy(net, np.ones((3, 2)), [0, 1, 1]) <= 1.0
    True
    """
    labels = predict_proba(net, X).argmax(axis=1)  # (n,)
    Y = _targets(net, y, len(labels))
    return float(np.mean(Y.argmax(axis=1) == labels))


# --- Training -------------------------------------------------------------------------------------

ADAM_BETAS = (0.9, 0.999)  # decay rates of the first and second moment estimates (Kingma & Ba, 2015)
ADAM_EPSILON = 1e-8


def _sgd(theta: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float) -> None:
    theta -= lr * g  # θ ← θ − η g


def _adam(theta: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float) -> None:
    beta1, beta2 = ADAM_BETAS
    m *= beta1
    m += (1 - beta1) * g  # m ← β₁ m + (1 − β₁) g
    v *= beta2
    v += (1 - beta2) * g * g  # v ← β₂ v + (1 − β₂) g²
    theta -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + ADAM_EPSILON)  # θ ← θ − η m̂ / (√v̂ + ε)


OPTIMIZERS = {"sgd": _sgd, "adam": _adam}  # each updates the flat parameter vector θ in place


@dataclass(frozen=True, eq=False)
class TrainState:
    """Everything a run needs to continue exactly where it stopped."""

    rng: np.random.Generator  # shuffles the batches and draws dropout masks
    step: int = 0  # t, the number of updates so far (Adam's bias correction uses it)
    epoch: int = 0
    m: np.ndarray | None = None  # Adam's first moment, one entry per parameter (W_0, b_0, W_1, …)
    v: np.ndarray | None = None  # Adam's second moment


@dataclass(frozen=True, eq=False)
class History:
    epoch: np.ndarray  # (e,): the number of each epoch run, counted from the start of training
    loss: np.ndarray  # (e,): the data loss on the whole training set after each epoch (no penalty, no dropout)
    validation_loss: np.ndarray | None  # (e,): the same on the validation data, if given


@dataclass(frozen=True, eq=False)
class TrainResult:
    net: Network
    state: TrainState
    history: History
    diverged: bool  # the loss or a weight stopped being finite: training stopped, net is the last finite one


def _flatten(net: Network) -> np.ndarray:
    return np.concatenate([p.ravel() for pair in zip(net.weights, net.biases) for p in pair])


def _unflatten(theta: np.ndarray, like: Network) -> Network:
    """A network whose arrays are views into θ, so updating θ in place updates every layer."""
    parts, start = [], 0
    for p in (p for pair in zip(like.weights, like.biases) for p in pair):
        parts.append(theta[start : start + p.size].reshape(p.shape))
        start += p.size
    return Network(tuple(parts[0::2]), tuple(parts[1::2]), like.activation, like.task)


def _epoch(work: Network, theta: np.ndarray, X: np.ndarray, Y: np.ndarray, run: dict, settings: dict) -> None:
    """One pass over the shuffled data in mini-batches; updates θ and ``run`` (moments, step, rng) in place."""
    update, rng, size = OPTIMIZERS[settings["optimizer"]], run["rng"], settings["batch_size"]
    order = rng.permutation(len(X))
    for start in range(0, len(X), size):
        batch = order[start : start + size]
        trace = _forward(work, X[batch], settings["dropout"], rng)
        dW, db = _backward(work, trace, Y[batch], settings["l2"])
        run["step"] += 1
        g = np.concatenate([p.ravel() for pair in zip(dW, db) for p in pair])  # in the order of θ
        update(theta, g, run["m"], run["v"], run["step"], settings["lr"])
    run["epoch"] += 1


def _thaw(state: TrainState) -> dict:
    """A private, mutable copy of a state, so the caller's state is never changed."""
    return {
        "rng": copy.deepcopy(state.rng),
        "step": state.step,
        "epoch": state.epoch,
        "m": state.m.copy(),
        "v": state.v.copy(),
    }


def _freeze(run: dict) -> TrainState:
    return TrainState(copy.deepcopy(run["rng"]), run["step"], run["epoch"], run["m"].copy(), run["v"].copy())


def _check_training(epochs: int, optimizer: str, lr: float, batch_size: int, l2: float, dropout: float) -> None:
    _check_range("epochs", epochs, 1, 100_000)
    _check_choice("optimizer", optimizer, OPTIMIZERS)
    _check_range("lr", lr, 1e-12, 100.0)
    _check_range("batch_size", batch_size, 1, 100_000)
    _check_range("l2", l2, 0.0, 100.0)
    _check_range("dropout", dropout, 0.0, 0.95)


def train(
    net: Network,
    X,
    y,
    rng: np.random.Generator | None,
    *,
    epochs: int = 100,
    state: TrainState | None = None,
    optimizer: str = "adam",
    lr: float = 1e-3,
    batch_size: int = 32,
    l2: float = 0.0,
    dropout: float = 0.0,
    validation: tuple | None = None,
) -> TrainResult:
    """Mini-batch gradient descent on L = data loss + (λ/2) Σ‖W‖², for ``epochs`` passes over X.

    Each epoch shuffles the rows and takes one step per batch of ``batch_size`` rows:
    SGD θ ← θ − η g; Adam (Kingma & Ba, 2015) m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    θ ← θ − η m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Pass the returned ``state`` back
    to continue: two chunks of 50 epochs give exactly the weights of one run of 100. If the
    loss or a weight stops being finite, training stops at the last finite epoch and says so.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n, d); y : ndarray of shape (n,) (labels or values) or (n, m).
    rng : numpy.random.Generator; a new run shuffles and drops units with a copy of it (so it
        is not advanced); a resumed run continues with the generator in ``state``, and rng may be None.
    epochs : int; state : TrainState from a previous call, or None to start.
    optimizer : "sgd" or "adam"; lr : η; batch_size : rows per step (n or more: the full batch);
    l2 : λ (scikit-learn's ``alpha`` is λ · batch_size); dropout : p for the hidden layers.
    validation : (X_val, y_val) to record their loss after every epoch.

    Returns
    -------
    TrainResult: the trained net, the state to resume from, the per-epoch history, and ``diverged``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, (50, 1))
    >>> net = init_network((1, 8, 1), "tanh", rng, task="regression")
    >>> r = train(net, X, 2 * X[:, 0], rng, epochs=200, lr=0.01, batch_size=10)
    >>> r.state.epoch, r.state.step, bool(r.history.loss[-1] < 0.01)
    (200, 1000, True)
    """
    X = _inputs(net, X)
    Y = _targets(net, y, len(X))
    _check_training(epochs, optimizer, lr, batch_size, l2, dropout)
    if validation is not None:
        X_val = _inputs(net, validation[0])
        validation = (X_val, _targets(net, validation[1], len(X_val)))
    if state is None and rng is None:
        raise MathDLError("unknown_choice", name="rng", allowed=["numpy.random.Generator"], value=None)
    size = sum(p.size for p in (*net.weights, *net.biases))
    if state is None:
        state = TrainState(rng, m=np.zeros(size), v=np.zeros(size))  # one moment per parameter
    elif state.m is None or state.m.shape != (size,) or state.v is None or state.v.shape != (size,):
        raise MathDLError(
            "bad_shape",
            name="state.m and state.v (one per parameter)",
            expected=(size,),
            shape=getattr(state.m, "shape", None),
        )
    settings = {"optimizer": optimizer, "lr": lr, "batch_size": min(batch_size, len(X)), "l2": l2, "dropout": dropout}
    return _run(net, X, Y, state, epochs, settings, validation)


def _run(net: Network, X, Y, state: TrainState, epochs: int, settings: dict, validation) -> TrainResult:
    theta = _flatten(net)  # a fresh copy: the caller's net is never changed
    work, run = _unflatten(theta, net), _thaw(state)
    losses, validation_losses, diverged = [], [], False
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence is reported, not warned
        for _ in range(epochs):
            # What an epoch changes, kept to roll it back if it diverges. The generator is kept as
            # its bit generator's state, a small dict: a deep copy of it, every epoch, costs far more.
            saved_theta, saved_rng = theta.copy(), run["rng"].bit_generator.state
            saved_run = {**run, "m": run["m"].copy(), "v": run["v"].copy()}
            _epoch(work, theta, X, Y, run, settings)
            now = _data_loss(net.task, _forward(work, X, 0.0, None).pre[-1], Y)
            if not (math.isfinite(now) and np.all(np.isfinite(theta))):
                theta[:], run, diverged = saved_theta, saved_run, True
                run["rng"].bit_generator.state = saved_rng  # the same generator, back where the epoch began
                break
            losses.append(now)
            if validation is not None:
                validation_losses.append(
                    _data_loss(net.task, _forward(work, validation[0], 0.0, None).pre[-1], validation[1])
                )
    history = History(
        np.arange(state.epoch + 1, run["epoch"] + 1),
        np.array(losses),
        None if validation is None else np.array(validation_losses),
    )
    return TrainResult(_unflatten(theta, net), _freeze(run), history, diverged)


# --- The 1-D universal-approximation demo ---------------------------------------------------------


def step(x) -> np.ndarray:
    """The Heaviside step: 0 for x < 0, 1 for x ≥ 0.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.0]).tolist()
    [0.0, 1.0, 1.0]
    """
    return np.where(np.asarray(x, dtype=float) >= 0, 1.0, 0.0)


def sawtooth(x) -> np.ndarray:
    """A sawtooth of period 2 between −1 and 1: 2(x/2 − ⌊x/2 + ½⌋), rising with slope 1, then dropping by 2.

    Examples
    --------
    >>> sawtooth([-1.0, -0.5, 0.0, 0.5, 1.0]).tolist()
    [-1.0, -0.5, 0.0, 0.5, -1.0]
    """
    x = np.asarray(x, dtype=float)
    return 2 * (x / 2 - np.floor(x / 2 + 0.5))


TARGETS: dict[str, Function] = {"sine": np.sin, "step": step, "abs": np.abs, "sawtooth": sawtooth}


def hidden_contributions(net: Network, x) -> np.ndarray:
    """Each hidden unit's share vⱼ φ(wⱼ x + bⱼ) of a one-hidden-layer regression on one input.

    The network's prediction is ŷ(x) = Σⱼ vⱼ φ(wⱼ x + bⱼ) + c: a sum of N scaled and shifted
    copies of φ (bumps, ramps or steps), plus the output bias c = ``net.biases[1][0]``.

    Parameters
    ----------
    net : Network with sizes (1, N, 1) and task "regression".
    x : ndarray of shape (n,)

    Returns
    -------
    ndarray of shape (n, N); its row sums plus c are the predictions.

    Examples
    --------
    >>> net = init_network((1, 5, 1), "tanh", np.random.default_rng(0), task="regression")
    >>> x = np.linspace(-1, 1, 7)
    >>> bool(np.allclose(hidden_contributions(net, x).sum(axis=1) + net.biases[1][0], predict(net, x[:, None])))
    True
    """
    if len(net.weights) != 2 or net.sizes[0] != 1 or net.sizes[-1] != 1 or net.task != "regression":
        raise MathDLError("bad_shape", name="net.sizes (a regression)", expected="(1, N, 1)", shape=net.sizes)
    x = _finite("x", np.asarray(x, dtype=float).ravel())
    h = ACTIVATIONS[net.activation].f(x[:, None] @ net.weights[0] + net.biases[0])  # φ(wⱼ x + bⱼ), (n, N)
    return h * net.weights[1][:, 0]  # vⱼ φ(…), (n, N)


# --- The 2-D classifier playground ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DecisionGrid:
    x: np.ndarray  # (r,): the grid's first coordinates, left to right
    y: np.ndarray  # (r,): its second coordinates, bottom to top
    proba: np.ndarray  # (r, r, K): proba[i, j] = P(class | (x[j], y[i]))

    @property
    def winner(self) -> np.ndarray:
        """(r, r): the most probable class at each grid point."""
        return self.proba.argmax(axis=2)

    @property
    def confidence(self) -> np.ndarray:
        """(r, r): the winning class's probability, from 1/K (undecided) to 1."""
        return self.proba.max(axis=2)


def decision_grid(net: Network, extent, resolution: int = 60) -> DecisionGrid:
    """The class probabilities P(k | x) on a resolution × resolution grid over the rectangle ``extent``.

    Parameters
    ----------
    net : Network, a classifier with two inputs.
    extent : (x_min, x_max, y_min, y_max)
    resolution : int in [2, 400], grid points per side.

    Examples
    --------
    >>> net = init_network((2, 8, 3), "relu", np.random.default_rng(0))
    >>> grid = decision_grid(net, (-1, 1, -2, 2), resolution=5)
    >>> grid.proba.shape, grid.winner.shape, grid.y.tolist()
    ((5, 5, 3), (5, 5), [-2.0, -1.0, 0.0, 1.0, 2.0])
    """
    _check_range("resolution", resolution, 2, 400)
    x_min, x_max, y_min, y_max = (float(e) for e in extent)
    for low, high in ((x_min, x_max), (y_min, y_max)):
        if not low < high:
            raise MathDLError("bad_interval", low=low, high=high)
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    XX, YY = np.meshgrid(xs, ys)  # (r, r) each: XX[i, j] = xs[j], YY[i, j] = ys[i]
    proba = predict_proba(net, np.column_stack([XX.ravel(), YY.ravel()]))  # (r², K)
    return DecisionGrid(xs, ys, proba.reshape(resolution, resolution, -1))


def data_extent(X, margin: float = 0.5) -> tuple[float, float, float, float]:
    """The bounding box of 2-D points, widened by ``margin`` on every side, for :func:`decision_grid`.

    Examples
    --------
    >>> data_extent([[0.0, 1.0], [2.0, 3.0]], margin=0.5)
    (-0.5, 2.5, 0.5, 3.5)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise MathDLError("bad_shape", name="X", expected="(n, 2)", shape=X.shape)
    low, high = _finite("X", X).min(axis=0) - margin, X.max(axis=0) + margin
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


# --- Depth against width --------------------------------------------------------------------------


def tent_network(depth: int) -> Network:
    """A ReLU network of ``depth`` hidden layers of 2 units that folds [0, 1] onto itself ``depth`` times.

    Each layer computes the tent map t(x) = 2 relu(x) − 4 relu(x − ½) (up to 1 at x = ½, back
    to 0 at 1), and composing it k times gives a sawtooth with 2ᵏ⁻¹ teeth, 2ᵏ linear pieces,
    from only 6k + 1 weights (Telgarsky, 2016). A network with one hidden layer needs a unit per
    kink, 2ᵏ − 1 of them: depth buys pieces exponentially, width only linearly.

    Examples
    --------
    >>> net = tent_network(2)
    >>> predict(net, np.array([[0.0], [0.25], [0.5], [0.75], [1.0]])).tolist()
    [0.0, 1.0, 0.0, 1.0, 0.0]
    """
    _check_range("depth", depth, 1, 20)
    first = np.array([[1.0, 1.0]]), np.array([0.0, -0.5])  # (x, x − ½) into the two ReLUs
    fold = np.array([[2.0, 2.0], [-4.0, -4.0]]), np.array([0.0, -0.5])  # t = 2a − 4b, then (t, t − ½)
    out = np.array([[2.0], [-4.0]]), np.zeros(1)  # the last tent: 2a − 4b
    layers = [first, *[fold] * (depth - 1), out]
    return Network(tuple(W for W, _ in layers), tuple(b for _, b in layers), "relu", "regression")


def linear_pieces(net: Network, x, tol: float = 1e-9) -> int:
    """How many straight pieces the output of a one-input ReLU network has along the sorted points x.

    Between kinks the slope Δŷ/Δx is constant; a kink shows as a change of slope (two adjacent
    changes when it falls inside a grid step, counted once). The grid must be fine enough to
    separate the kinks.

    Examples
    --------
    >>> linear_pieces(tent_network(3), np.linspace(0, 1, 1001))
    8
    """
    x = np.sort(_finite("x", np.asarray(x, dtype=float).ravel()))
    slope = np.diff(predict(net, x[:, None])) / np.diff(x)  # (n − 1,)
    bends = np.abs(np.diff(slope)) > tol * (1 + np.abs(slope[1:]))  # (n − 2,): a kink near x[i + 1]
    return 1 + int(np.sum(bends[1:] & ~bends[:-1]) + bends[0]) if len(bends) else 1


def shallow_units_for(pieces: int) -> int:
    """Hidden units a one-layer ReLU network of one input needs for ``pieces`` linear pieces: one per kink.

    Examples
    --------
    >>> shallow_units_for(8)
    7
    """
    return max(pieces - 1, 1)


def parameter_count(sizes) -> int:
    """Weights and biases of a fully connected network with layer widths ``sizes``: Σ (nₗ + 1) nₗ₊₁.

    Examples
    --------
    >>> parameter_count((1, 2, 2, 1))
    13
    """
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
