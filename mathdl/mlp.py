"""A multilayer perceptron in plain numpy, with backpropagation written out by hand.

A network maps a batch X of shape (n, d) through layers z_l = h_l W_l + b_l, h_{l+1} = φ(z_l),
to a linear output (regression, mean squared error) or a softmax over K classes
(classification, cross-entropy). Rows are examples, so the W_l stored here, of shape
(n_l, n_{l+1}), is the transpose of the lessons' W_l in z = W_l h + b. :func:`gradients`
applies the chain rule layer by layer, from the output back to the input;
:mod:`mathdl.training` fits the weights with them. The tests compare the gradients with finite
differences and the losses with scikit-learn's.

>>> rng = np.random.default_rng(0)
>>> net = init_network((2, 8, 2), "tanh", rng)
>>> X, y = rng.standard_normal((40, 2)), np.arange(40) % 2
>>> g = gradients(net, X, y)
>>> moved = Network(tuple(W - 0.1 * dW for W, dW in zip(net.weights, g.weights)), net.biases, "tanh", net.task)
>>> bool(loss(moved, X, y) < g.loss)  # a small step against the gradient lowers the loss
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.activations import ACTIVATIONS
from mathdl.errors import MathDLError
from mathdl.validation import check_choice, check_range, finite

Array = NDArray[np.float64]

TASKS = ("classification", "regression")
MAX_UNITS = 1024


# --- The network ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Network:
    """The weights and biases of every layer, the hidden activation, and what the output means.

    ``weights[l]`` has shape (n_l, n_{l+1}): row i holds the weights leaving unit i;
    ``biases[l]`` has shape (n_{l+1},). ``activation`` is φ of every hidden layer, a key of
    :data:`~mathdl.activations.ACTIVATIONS`. ``task`` is "regression" (linear output, squared
    error) or "classification" (softmax, cross-entropy).
    """

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    activation: str
    task: str

    @property
    def sizes(self) -> tuple[int, ...]:
        """(d, n_1, …, n_L): the width of the input and of every layer."""
        return (int(self.weights[0].shape[0]), *(int(W.shape[1]) for W in self.weights))


def init_network(
    sizes: Sequence[int], activation: str, rng: np.random.Generator, task: str = "classification"
) -> Network:
    """Random weights W_l ~ N(0, s²) and zero biases for the layer widths ``sizes``.

    s² = 2 / fan_in (He et al., 2015) for ReLU-like activations, whose half-zero output would
    otherwise halve the signal's variance at every layer; s² = 2 / (fan_in + fan_out)
    (Glorot & Bengio, 2010) for tanh, sigmoid and linear units.

    Parameters
    ----------
    sizes : sequence of int
        (d, n_1, …, n_L): inputs, hidden widths, outputs (K ≥ 2 classes for classification).
    activation : str
        A key of ACTIVATIONS, used in every hidden layer.
    rng : numpy.random.Generator
        Draws the weights.
    task : str
        "classification" or "regression".

    Returns
    -------
    Network
        Weights of shapes (n_l, n_{l+1}), biases of shapes (n_{l+1},).

    Examples
    --------
    >>> net = init_network((2, 16, 16, 3), "relu", np.random.default_rng(0))
    >>> net.sizes, net.weights[1].shape, net.biases[1].shape
    ((2, 16, 16, 3), (16, 16), (16,))
    """
    check_choice("activation", activation, ACTIVATIONS)
    check_choice("task", task, TASKS)
    widths = tuple(int(s) for s in sizes)
    if len(widths) < 2:
        raise MathDLError("too_few_values", name="sizes", minimum=2, n=len(widths))
    for i, size in enumerate(widths):
        check_range(f"sizes[{i}]", size, 2 if task == "classification" and i == len(widths) - 1 else 1, MAX_UNITS)
    he = ACTIVATIONS[activation].init == "he"
    weights = tuple(
        rng.standard_normal((fan_in, fan_out)) * math.sqrt(2 / fan_in if he else 2 / (fan_in + fan_out))
        for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True)
    )
    return Network(weights, tuple(np.zeros(fan_out) for fan_out in widths[1:]), activation, task)


def _inputs(net: Network, X: ArrayLike) -> Array:
    M = finite("X", X)
    if M.ndim != 2 or M.shape[1] != net.sizes[0]:
        raise MathDLError("bad_shape", name="X", expected=f"(n, {net.sizes[0]})", shape=M.shape)
    return M


def _targets(net: Network, y: ArrayLike, n: int) -> Array:
    """y as the output layer sees it: one-hot rows (n, K) for classes, values (n, m) for regression."""
    Y = finite("y", y)
    if len(Y) != n:
        raise MathDLError("lengths_differ", a="X", b="y", n=n, m=len(Y))
    outputs = net.sizes[-1]
    if net.task == "regression":
        if Y.shape not in ((n, outputs), (n,) if outputs == 1 else None):
            raise MathDLError("bad_shape", name="y", expected=f"({n},) or ({n}, {outputs})", shape=Y.shape)
        return Y.reshape(n, outputs)
    if Y.ndim != 1:
        raise MathDLError("bad_shape", name="y", expected=f"({n},)", shape=Y.shape)
    labels = Y
    bad = (labels != np.round(labels)) | (labels < 0) | (labels >= outputs)
    if np.any(bad):
        raise MathDLError("out_of_range", name="y (class labels)", low=0, high=outputs - 1, value=labels[bad][0])
    one_hot: Array = np.eye(outputs)[labels.astype(int)]  # (n, K)
    return one_hot


# --- Forward and backward -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Trace:
    """What the forward pass keeps for the backward pass.

    ``inputs[l]`` is h_l, the input of layer l (after dropout), with h_0 = X; ``pre[l]`` is
    z_l = h_l W_l + b_l, the last being the output (logits or values); ``masks[l]`` is the dropout
    mask applied to h_l, already scaled by 1/(1 − p), or None.
    """

    inputs: tuple[Array, ...]
    pre: tuple[Array, ...]
    masks: tuple[Array | None, ...]


def _forward(net: Network, X: Array, dropout: float, rng: np.random.Generator | None) -> Trace:
    phi = ACTIVATIONS[net.activation].f
    inputs: list[Array] = [X]
    pre: list[Array] = []
    masks: list[Array | None] = [None]
    for W, b in zip(net.weights, net.biases, strict=True):
        pre.append(inputs[-1] @ W + b)  # (n, n_{l+1})
        if len(pre) == len(net.weights):
            break
        h = phi(pre[-1])
        mask = None
        if dropout > 0 and rng is not None:  # inverted dropout: keep a unit with probability 1 − p, scale by 1/(1 − p)
            mask = (rng.random(h.shape) >= dropout) / (1 - dropout)
            h = h * mask
        inputs.append(h)
        masks.append(mask)
    return Trace(tuple(inputs), tuple(pre), tuple(masks))


def forward(net: Network, X: ArrayLike, *, dropout: float = 0.0, rng: np.random.Generator | None = None) -> Trace:
    """The forward pass z_l = h_l W_l + b_l, h_{l+1} = φ(z_l), keeping every h_l and z_l.

    With ``dropout`` p > 0 (training only), each hidden unit is kept with probability 1 − p and
    the kept ones are scaled by 1/(1 − p), so a unit's expected value is unchanged and nothing
    needs rescaling at test time (inverted dropout). The input layer is never dropped.

    Parameters
    ----------
    net : Network
        The network.
    X : array_like of shape (n, d)
        The inputs, one row each.
    dropout : float
        The probability p in [0, 0.95] of dropping a hidden unit.
    rng : numpy.random.Generator or None
        Draws the dropout masks; needed when dropout > 0.

    Returns
    -------
    Trace
        ``pre[-1]``, of shape (n, n_L), is the output: logits or predicted values.

    Examples
    --------
    >>> net = init_network((2, 3, 2), "relu", np.random.default_rng(0))
    >>> [z.shape for z in forward(net, np.ones((5, 2))).pre]
    [(5, 3), (5, 2)]
    """
    check_range("dropout", dropout, 0.0, 0.95)
    if dropout > 0 and rng is None:
        raise MathDLError("unknown_choice", name="rng", allowed=["numpy.random.Generator"], value=None)
    return _forward(net, _inputs(net, X), dropout, rng)


def _log_softmax(z: Array) -> Array:
    shifted = z - z.max(axis=1, keepdims=True)  # the largest logit becomes 0: exp cannot overflow
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _data_loss(task: str, z: Array, Y: Array) -> float:
    if task == "classification":
        return float(-np.sum(Y * _log_softmax(z)) / len(z))  # −(1/n) Σᵢ log pᵢ,yᵢ
    return float(np.sum((z - Y) ** 2) / len(z))  # (1/n) Σᵢ ‖ŷᵢ − yᵢ‖²


def _output_delta(task: str, z: Array, Y: Array) -> Array:
    """∂L/∂z_L, the gradient at the output's pre-activation, (n, n_L)."""
    if task == "classification":
        return (np.exp(_log_softmax(z)) - Y) / len(z)  # softmax and cross-entropy together: (p − y)/n
    return 2 * (z - Y) / len(z)  # linear output and squared error: 2(ŷ − y)/n


def _penalty(net: Network, l2: float) -> float:
    return 0.5 * l2 * sum(float(np.sum(W * W)) for W in net.weights)


def loss(
    net: Network,
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
) -> float:
    """The training objective L = data loss + (λ/2) Σ_l ‖W_l‖² (biases are not penalised).

    Classification: cross-entropy −(1/n) Σᵢ log softmax(zᵢ)_{yᵢ}, from the logits by log-sum-exp.
    Regression: mean squared error (1/n) Σᵢ ‖ŷᵢ − yᵢ‖².

    Parameters
    ----------
    net : Network
        The network.
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,) or (n, m)
        Class labels 0 … K−1, or target values.
    l2 : float
        λ ≥ 0.
    dropout : float
        As in :func:`forward`.
    rng : numpy.random.Generator or None
        As in :func:`forward`; with the same generator state, the same units are dropped.

    Returns
    -------
    float
        L at the current weights.

    Examples
    --------
    >>> net = init_network((1, 4, 2), "tanh", np.random.default_rng(0))
    >>> round(loss(net, [[0.0]], [1]), 4)  # zero input, zero biases: p = (½, ½), loss log 2
    0.6931
    """
    check_range("l2", l2, 0.0, 100.0)
    trace = forward(net, X, dropout=dropout, rng=rng)
    return _data_loss(net.task, trace.pre[-1], _targets(net, y, len(trace.pre[-1]))) + _penalty(net, l2)


def _backward(net: Network, trace: Trace, Y: Array, l2: float) -> tuple[list[Array], list[Array]]:
    phi_grad = ACTIVATIONS[net.activation].grad
    delta = _output_delta(net.task, trace.pre[-1], Y)  # δ_L = ∂L/∂z_L, (n, n_L)
    dW: list[Array] = [np.empty(0)] * len(net.weights)
    db: list[Array] = [np.empty(0)] * len(net.weights)
    for l in reversed(range(len(net.weights))):  # noqa: E741 (l is the layer, as in the formulas)
        dW[l] = trace.inputs[l].T @ delta + l2 * net.weights[l]  # ∂L/∂W_l = h_lᵀ δ_l + λ W_l, (n_l, n_{l+1})
        db[l] = delta.sum(axis=0)  # ∂L/∂b_l = Σᵢ δ_l,i
        if l > 0:  # δ_{l−1} = (δ_l W_lᵀ) ⊙ mask_l ⊙ φ'(z_{l−1}): back through the weights, then the unit
            delta = delta @ net.weights[l].T  # ∂L/∂h_l, (n, n_l)
            mask = trace.masks[l]
            if mask is not None:
                delta = delta * mask
            delta = delta * phi_grad(trace.pre[l - 1])
    return dW, db


@dataclass(frozen=True, eq=False)
class Gradients:
    """L at the current weights (with the penalty and any dropout mask), and ∂L/∂W_l, ∂L/∂b_l, shaped as W_l, b_l."""

    loss: float
    weights: tuple[Array, ...]
    biases: tuple[Array, ...]


def gradients(
    net: Network,
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
) -> Gradients:
    """∂L/∂W_l and ∂L/∂b_l for every layer, by backpropagation.

    Start at the output with δ_L = ∂L/∂z_L (p − y over n for softmax and cross-entropy,
    2(ŷ − y)/n for squared error), then for l = L, …, 1:
    ∂L/∂W_l = h_lᵀ δ_l + λ W_l,   ∂L/∂b_l = Σᵢ δ_l,i,   δ_{l−1} = (δ_l W_lᵀ) ⊙ φ'(z_{l−1}).
    One backward pass costs about as much as the forward pass, whatever the number of weights.

    Parameters
    ----------
    net : Network
        The network.
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,) or (n, m)
        Class labels or target values.
    l2 : float
        λ ≥ 0.
    dropout : float
        As in :func:`forward`.
    rng : numpy.random.Generator or None
        As in :func:`forward`.

    Returns
    -------
    Gradients
        The loss and one gradient per weight matrix and bias vector.

    Examples
    --------
    >>> net = init_network((2, 3, 2), "tanh", np.random.default_rng(0))
    >>> g = gradients(net, np.ones((4, 2)), [0, 1, 1, 0])
    >>> [dW.shape for dW in g.weights], abs(float(g.biases[-1].sum())) < 1e-15  # Σₖ (pₖ − yₖ) = 0
    ([(2, 3), (3, 2)], True)
    """
    check_range("l2", l2, 0.0, 100.0)
    trace = forward(net, X, dropout=dropout, rng=rng)
    Y = _targets(net, y, len(trace.pre[-1]))
    dW, db = _backward(net, trace, Y, l2)
    return Gradients(_data_loss(net.task, trace.pre[-1], Y) + _penalty(net, l2), tuple(dW), tuple(db))


# --- Predictions ----------------------------------------------------------------------------------


def predict_proba(net: Network, X: ArrayLike) -> Array:
    """P(class k | x) = softmax(z_L)_k for each row of X.

    Parameters
    ----------
    net : Network
        A classifier.
    X : array_like of shape (n, d)
        The inputs.

    Returns
    -------
    ndarray of shape (n, K)
        Each row sums to 1.

    Examples
    --------
    >>> net = init_network((2, 5, 3), "relu", np.random.default_rng(0))
    >>> predict_proba(net, np.ones((4, 2))).sum(axis=1).round(12).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    if net.task != "classification":
        raise MathDLError("unknown_choice", name="net.task", allowed=["classification"], value=net.task)
    return np.exp(_log_softmax(forward(net, X).pre[-1]))


def predict(net: Network, X: ArrayLike) -> NDArray[Any]:
    """The most probable class argmax_k p_k for a classifier; ŷ = z_L for a regression.

    Parameters
    ----------
    net : Network
        The network.
    X : array_like of shape (n, d)
        The inputs.

    Returns
    -------
    ndarray of shape (n,) or (n, m)
        Class labels (int), or predicted values: (n,) for one output, (n, m) for m.

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


def accuracy(net: Network, X: ArrayLike, y: ArrayLike) -> float:
    """The share of rows whose most probable class is the true one: (1/n) Σᵢ [argmax_k pᵢₖ = yᵢ].

    Parameters
    ----------
    net : Network
        A classifier.
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,)
        The true classes.

    Returns
    -------
    float
        A number in [0, 1].

    Examples
    --------
    >>> net = init_network((2, 4, 2), "relu", np.random.default_rng(0))
    >>> 0.0 <= accuracy(net, np.ones((3, 2)), [0, 1, 1]) <= 1.0
    True
    """
    labels = predict_proba(net, X).argmax(axis=1)  # (n,)
    Y = _targets(net, y, len(labels))
    return float(np.mean(Y.argmax(axis=1) == labels))


# --- For a training loop ---------------------------------------------------------------------------


def encode(net: Network, X: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    """X checked, and y as the output layer sees it: one-hot rows for classes, values for a regression.

    Parameters
    ----------
    net : Network
        The network.
    X : array_like of shape (n, d)
        The inputs.
    y : array_like of shape (n,) or (n, m)
        Class labels 0 … K−1, or target values.

    Returns
    -------
    X : ndarray of shape (n, d)
    Y : ndarray of shape (n, n_L)

    Examples
    --------
    >>> net = init_network((1, 2, 3), "relu", np.random.default_rng(0))
    >>> encode(net, [[0.5], [1.0]], [2, 0])[1].tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    inputs = _inputs(net, X)
    return inputs, _targets(net, y, len(inputs))


def data_loss(net: Network, X: Array, Y: Array) -> float:
    """:func:`loss` with l2 = 0 and no dropout, without checks: what training records every epoch.

    Parameters
    ----------
    net : Network
        The network.
    X, Y : ndarray of shape (n, d) and (n, n_L)
        As :func:`encode` returns them.

    Returns
    -------
    float
        The mean cross-entropy or squared error.
    """
    return _data_loss(net.task, _forward(net, X, 0.0, None).pre[-1], Y)


def gradient_vector(
    net: Network, X: Array, Y: Array, *, l2: float = 0.0, dropout: float = 0.0, rng: np.random.Generator | None = None
) -> Array:
    """∇L as one vector in the layout of :func:`mathdl.training.parameters`, by backpropagation.

    What an update rule of :mod:`mathdl.optim` needs at every step, θ = (W_0, b_0, W_1, b_1, …) and ∂L/∂θ
    laid out alike. No checks (on a small batch they cost more than the step): X, Y as from :func:`encode`.

    Parameters
    ----------
    net : Network
        The network.
    X : ndarray of shape (n, d)
        The inputs.
    Y : ndarray of shape (n, n_L)
        The encoded targets.
    l2 : float
        λ.
    dropout : float
        The probability p of dropping a hidden unit.
    rng : numpy.random.Generator or None
        Draws the dropout masks.

    Returns
    -------
    ndarray of shape (p,)
        ∂L/∂θ.

    Examples
    --------
    >>> net = init_network((2, 3, 2), "tanh", np.random.default_rng(0))
    >>> X, Y = encode(net, np.ones((4, 2)), [0, 1, 1, 0])
    >>> g = gradient_vector(net, X, Y)
    >>> g.shape, bool(np.allclose(g[-2:], gradients(net, X, [0, 1, 1, 0]).biases[-1]))  # the last entries: ∂L/∂b_L
    ((17,), True)
    """
    dW, db = _backward(net, _forward(net, X, dropout, rng), Y, l2)
    return np.concatenate([p.ravel() for pair in zip(dW, db, strict=True) for p in pair])
