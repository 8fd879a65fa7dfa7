"""A small convolutional network in plain numpy: convolution → ReLU → pooling → dense → softmax.

Images are batches X of shape (n, H, W); feature maps keep their channels last, (n, H, W, F). The
convolution is the cross-correlation of :mod:`mathdl.convolution` with "same" zero padding, for a whole
batch at once by im2col: every k × k patch becomes a row, and the layer is one matrix product with the
kernels as columns. :func:`backprop` goes back through the four layers, as a textbook's worked example
does; :mod:`mathdl.cnn_training` trains the network. The tests compare the convolution with
``scipy.signal.correlate2d``, the pooling with a direct loop and every gradient with finite differences.

>>> from dataclasses import replace
>>> rng = np.random.default_rng(0)
>>> net = init_convnet(rng, image_shape=(6, 6), filters=2, classes=3)
>>> X, y = rng.random((5, 6, 6)), np.array([0, 1, 2, 0, 1])
>>> g = gradients(net, X, y)
>>> moved = replace(net, kernels=net.kernels - 0.1 * g.kernels, weights=net.weights - 0.1 * g.weights)
>>> bool(gradients(moved, X, y).loss < g.loss)  # a small step against the gradient lowers the loss
True
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.convolution import POOLS
from mathdl.errors import MathDLError
from mathdl.initialisation import he_scale
from mathdl.validation import check_choice, check_range, finite, same_length

Array = NDArray[np.float64]
MAX_FILTERS = 64
ONE_THREAD = 2**18  # m·k·n of the largest product OpenBLAS keeps on one thread (its 65,536 × 4)


# --- The network ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ConvNet:
    """The kernels and biases of the convolution, the weights and biases of the dense layer, the pooling.

    ``kernels`` (F, k, k) and ``kernel_bias`` (F,) make the F feature maps; ``weights`` (D, K) and
    ``bias`` (K,) turn the D = F·(H/s)·(W/s) pooled values into K class scores. ``pool`` is the
    side s of a pooling window and ``mode`` a key of :data:`mathdl.convolution.POOLS`.
    """

    kernels: Array
    kernel_bias: Array
    weights: Array
    bias: Array
    pool: int
    mode: str

    @property
    def pooled_shape(self) -> tuple[int, int, int]:
        """(H/s, W/s, F): the shape of one image's pooled maps, which the dense layer reads flattened."""
        side = math.isqrt(self.weights.shape[0] // len(self.kernels))
        return side, side, len(self.kernels)


def init_convnet(
    rng: np.random.Generator,
    *,
    image_shape: tuple[int, int] = (8, 8),
    filters: int = 8,
    kernel_size: int = 3,
    pool: int = 2,
    mode: str = "max",
    classes: int = 10,
) -> ConvNet:
    """He-initialised weights, N(0, 2/fan_in), and zero biases, for square images.

    A kernel's fan-in is its k² pixels; the dense layer's is its D = F·(H/s)² inputs.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws the weights.
    image_shape : tuple of int
        (H, W), square, each side a multiple of ``pool``.
    filters : int in [1, 64]
        F, the number of kernels and feature maps.
    kernel_size : int
        k, odd, at most H.
    pool : int
        s, the side of a pooling window.
    mode : {"max", "avg"}
        The pooling.
    classes : int
        K ≥ 2.

    Returns
    -------
    ConvNet

    Examples
    --------
    >>> net = init_convnet(np.random.default_rng(0))
    >>> net.kernels.shape, net.weights.shape, net.pooled_shape
    ((8, 3, 3), (128, 10), (4, 4, 8))
    """
    check_range("filters", filters, 1, MAX_FILTERS)
    check_range("classes", classes, 2, 1000)
    height, width = image_shape
    check_range("pool", pool, 1, height)
    if height != width or height % pool:
        raise MathDLError("bad_shape", name="image_shape", expected=f"(s·m, s·m) with s = {pool}", shape=image_shape)
    if kernel_size % 2 == 0 or not 1 <= kernel_size <= height:
        raise MathDLError("out_of_range", name="kernel_size (odd)", low=1, high=height, value=kernel_size)
    check_choice("mode", mode, POOLS)
    fan_in = filters * (height // pool) ** 2
    kernels = rng.standard_normal((filters, kernel_size, kernel_size)) * he_scale(kernel_size**2, filters)
    weights = rng.standard_normal((fan_in, classes)) * he_scale(fan_in, classes)
    return ConvNet(kernels, np.zeros(filters), weights, np.zeros(classes), pool, mode)


# --- The layers, forward ------------------------------------------------------------------------------


def im2col(X: Array, size: int) -> Array:
    """Every size × size patch of every image, zero-padded at the border ("same"), as a row.

    patches[i, r, c] = the window of image i centred on pixel (r, c), flattened row by row.

    Parameters
    ----------
    X : ndarray of shape (n, H, W)
        The images.
    size : int
        k, odd.

    Returns
    -------
    ndarray of shape (n, H, W, k²)
        A copy: a convolution is then ``patches @ kernels.reshape(F, k²).T``.

    Examples
    --------
    >>> im2col(np.arange(9.0).reshape(1, 3, 3), 3)[0, 1, 1].tolist()  # the centre's window is the image
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    """
    p = size // 2
    padded = np.pad(X, ((0, 0), (p, p), (p, p)))  # (n, H + 2p, W + 2p)
    windows = np.lib.stride_tricks.sliding_window_view(padded, (size, size), axis=(1, 2))  # (n, H, W, k, k)
    return windows.reshape(*X.shape, size * size)


def convolve(patches: Array, kernels: Array, bias: Array) -> Array:
    """The convolution layer: Z[i, r, c, f] = Σ_{u,v} x_i[r + u − p, c + v − p] · K_f[u, v] + b_f.

    Parameters
    ----------
    patches : ndarray of shape (n, H, W, k²)
        From :func:`im2col`.
    kernels : ndarray of shape (F, k, k)
        The kernels K_f.
    bias : ndarray of shape (F,)
        One bias b_f per feature map.

    Returns
    -------
    ndarray of shape (n, H, W, F)
        The F feature maps of every image.

    Examples
    --------
    >>> X = np.arange(9.0).reshape(1, 3, 3)
    >>> convolve(im2col(X, 3), np.ones((1, 3, 3)), np.zeros(1))[0, :, :, 0].tolist()  # sums of 3 × 3 windows
    [[8.0, 15.0, 12.0], [21.0, 36.0, 27.0], [20.0, 33.0, 24.0]]
    """
    rows = patches.reshape(-1, patches.shape[-1])  # (nHW, k²): one matrix product, not n·H small ones
    Z = _matmul(rows, kernels.reshape(len(kernels), -1).T) + bias  # (nHW, k²) @ (k², F)
    return Z.reshape(*patches.shape[:-1], len(kernels))


def _matmul(A: Array, B: Array) -> Array:
    """A @ B, in pieces that BLAS keeps on one thread each: rows of A, or slices of the inner axis added up.

    Over ONE_THREAD, OpenBLAS shares a product among threads, which on a busy machine made an epoch
    ten times slower (7 × 7 kernels, measured on two loaded cores); these products are small anyway.
    """
    (m, k), n = A.shape, B.shape[1]
    if m * k * n <= ONE_THREAD:
        return np.asarray(A @ B)
    if m >= k:
        step = max(1, ONE_THREAD // (k * n))
        return np.concatenate([A[i : i + step] @ B for i in range(0, m, step)])
    step = max(1, ONE_THREAD // (m * n))
    return np.asarray(sum(A[:, i : i + step] @ B[i : i + step] for i in range(0, k, step)))


def _blocks(A: Array, size: int) -> list[Array]:
    """The s² entries of every s × s block, one strided view each: A[:, u::s, v::s] for (u, v) row by row."""
    return [A[:, u::size, v::size] for u in range(size) for v in range(size)]


def pool(A: Array, size: int, mode: str = "max") -> Array:
    """Max or average pooling of every map over non-overlapping size × size blocks.

    P[i, r, c, f] = max (or mean) of A[i, s·r + u, s·c + v, f] over 0 ≤ u, v < s.

    Parameters
    ----------
    A : ndarray of shape (n, H, W, F)
        Feature maps, H and W multiples of s.
    size : int
        s.
    mode : {"max", "avg"}
        The pooling.

    Returns
    -------
    ndarray of shape (n, H/s, W/s, F)

    Examples
    --------
    >>> A = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> pool(A, 2)[0, :, :, 0].tolist(), pool(A, 2, "avg")[0, :, :, 0].tolist()
    ([[5.0, 7.0], [13.0, 15.0]], [[2.5, 4.5], [10.5, 12.5]])
    """
    blocks = _blocks(A, size)  # s² views of shape (n, H/s, W/s, F)
    if check_choice("mode", mode, POOLS) == "max":
        return np.asarray(functools.reduce(np.maximum, blocks))
    return np.asarray(sum(blocks) / size**2)


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=1, keepdims=True))  # the largest score becomes e⁰: no overflow
    return np.asarray(e / e.sum(axis=1, keepdims=True))


@dataclass(frozen=True, eq=False)
class ConvTrace:
    """What the forward pass computes, layer by layer, kept for the backward pass and for pictures.

    ``patches`` (n, H, W, k²); ``conv`` Z and ``relu`` A = max(Z, 0), both (n, H, W, F); ``pooled``
    (n, H/s, W/s, F); ``scores`` (n, K), the logits; ``proba`` (n, K), their softmax.
    """

    patches: Array
    conv: Array
    relu: Array
    pooled: Array
    scores: Array
    proba: Array


def _patches(net: ConvNet, X: ArrayLike) -> Array:
    """The images checked, cut into the patches the kernels see: (n, H, W, k²)."""
    images, side = finite("X", X), net.pooled_shape[0] * net.pool
    if images.ndim != 3 or images.shape[1:] != (side, side):
        raise MathDLError("bad_shape", name="X", expected=f"(n, {side}, {side})", shape=images.shape)
    return im2col(images, net.kernels.shape[1])


def _forward(net: ConvNet, patches: Array) -> ConvTrace:
    Z = convolve(patches, net.kernels, net.kernel_bias)  # (n, H, W, F)
    A = np.maximum(Z, 0.0)
    P = pool(A, net.pool, net.mode)  # (n, H/s, W/s, F)
    scores = _matmul(P.reshape(len(P), -1), net.weights) + net.bias  # (n, D) @ (D, K)
    return ConvTrace(patches, Z, A, P, scores, _softmax(scores))


def forward(net: ConvNet, X: ArrayLike) -> ConvTrace:
    """The forward pass: patches → convolution Z → ReLU A → pooling P → scores z = P W + b → softmax p.

    Parameters
    ----------
    net : ConvNet
        The network.
    X : array_like of shape (n, H, W)
        The images.

    Returns
    -------
    ConvTrace
        Every layer's output.

    Examples
    --------
    >>> net = init_convnet(np.random.default_rng(0), filters=4)
    >>> trace = forward(net, np.zeros((2, 8, 8)))
    >>> trace.relu.shape, trace.pooled.shape, trace.proba.sum(axis=1).round(12).tolist()
    ((2, 8, 8, 4), (2, 4, 4, 4), [1.0, 1.0])
    """
    return _forward(net, _patches(net, X))


# --- Backward -----------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ConvGradients:
    """The mean cross-entropy L, and ∂L/∂ of every parameter, shaped as the parameter."""

    loss: float
    kernels: Array
    kernel_bias: Array
    weights: Array
    bias: Array


def _unpool(net: ConvNet, trace: ConvTrace, dP: Array) -> Array:
    """∂L/∂A from ∂L/∂P: max pooling routes it to each block's largest entry, averaging spreads it evenly.

    Where a block's largest value occurs twice, the first (row by row) takes it, as argmax would.
    """
    s = net.pool
    dA = np.zeros_like(trace.relu)
    if net.mode == "avg":
        for u, v in np.ndindex(s, s):
            dA[:, u::s, v::s] = dP / s**2
        return dA
    taken = np.zeros(dP.shape, dtype=bool)
    for (u, v), block in zip(np.ndindex(s, s), _blocks(trace.relu, s), strict=True):
        first = (block == trace.pooled) & ~taken  # (n, H/s, W/s, F): this entry is its block's maximum
        dA[:, u::s, v::s] = dP * first
        taken |= first
    return dA


def _one_hot(net: ConvNet, y: ArrayLike, n: int) -> Array:
    labels = np.asarray(y)
    if labels.shape != (n,):
        raise MathDLError("bad_shape", name="y", expected=f"({n},)", shape=labels.shape)
    classes = net.weights.shape[1]
    bad = (labels != np.round(labels)) | (labels < 0) | (labels >= classes)
    if np.any(bad):
        raise MathDLError("out_of_range", name="y (class labels)", low=0, high=classes - 1, value=labels[bad][0])
    return np.eye(classes)[labels.astype(int)]  # (n, K)


def encode(net: ConvNet, X: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    """The images checked and cut into patches, and the classes as one-hot rows: what training reads.

    Parameters
    ----------
    net : ConvNet
        The network.
    X : array_like of shape (n, H, W)
        The images.
    y : array_like of shape (n,)
        Their classes, 0 … K−1.

    Returns
    -------
    patches : ndarray of shape (n, H, W, k²)
    Y : ndarray of shape (n, K)

    Examples
    --------
    >>> patches, Y = encode(init_convnet(np.random.default_rng(0), classes=3), np.ones((2, 8, 8)), [2, 0])
    >>> patches.shape, Y.tolist()
    ((2, 8, 8, 9), [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    """
    patches = _patches(net, X)
    return patches, _one_hot(net, y, len(patches))


def backprop(net: ConvNet, patches: Array, Y: Array) -> tuple[ConvTrace, ConvGradients]:
    """The forward pass, then the backward pass through the four layers in reverse, on encoded data.

    With δ = (p − y)/n at the scores: ∂L/∂W = hᵀδ, ∂L/∂b = Σᵢ δᵢ; ∂L/∂P = δWᵀ; ∂L/∂A routes each
    pooled gradient to its block's maximum (or spreads it evenly, averaging); ∂L/∂Z = ∂L/∂A ⊙ [Z > 0];
    ∂L/∂K_f = Σ ∂L/∂Z_f · patch, the same im2col product transposed; ∂L/∂b_f = Σ ∂L/∂Z_f.
    No checks: one training step's work.

    Parameters
    ----------
    net : ConvNet
        The network.
    patches, Y : ndarray of shape (n, H, W, k²) and (n, K)
        As :func:`encode` returns them.

    Returns
    -------
    trace : ConvTrace
    gradients : ConvGradients

    Examples
    --------
    >>> net = init_convnet(np.random.default_rng(0))
    >>> trace, g = backprop(net, *encode(net, np.ones((3, 8, 8)), [1, 2, 3]))
    >>> trace.scores.shape, g.weights.shape
    ((3, 10), (128, 10))
    """
    trace = _forward(net, patches)
    n = len(Y)
    delta = (trace.proba - Y) / n  # ∂L/∂z for softmax and cross-entropy together, (n, K)
    h = trace.pooled.reshape(n, -1)  # (n, D)
    dW, db = h.T @ delta, delta.sum(axis=0)  # ∂L/∂W = hᵀδ, ∂L/∂b = Σᵢ δᵢ
    dP = (delta @ net.weights.T).reshape(trace.pooled.shape)  # back through the dense layer
    dZ = _unpool(net, trace, dP) * (trace.conv > 0)  # back through the pooling, then ReLU's slope
    rows = trace.patches.reshape(-1, trace.patches.shape[-1])  # (nHW, k²)
    dK = _matmul(dZ.reshape(-1, len(net.kernels)).T, rows)  # (F, k²): each kernel's Σ ∂L/∂Z · patch
    loss = float(-np.sum(Y * np.log(np.maximum(trace.proba, 1e-300))) / n)
    return trace, ConvGradients(loss, dK.reshape(net.kernels.shape), dZ.sum(axis=(0, 1, 2)), dW, db)


def evaluate(net: ConvNet, patches: Array, Y: Array) -> tuple[float, float]:
    """The mean cross-entropy and the accuracy on a whole set of encoded data, without checks.

    Parameters
    ----------
    net : ConvNet
        The network.
    patches, Y : ndarray of shape (n, H, W, k²) and (n, K)
        As :func:`encode` returns them.

    Returns
    -------
    loss : float
        −(1/n) Σᵢ log pᵢ,yᵢ.
    accuracy : float
        The share of images whose most probable class is the true one.

    Examples
    --------
    >>> net = init_convnet(np.random.default_rng(0), classes=4)
    >>> loss, hits = evaluate(net, *encode(net, np.zeros((2, 8, 8)), [0, 2]))
    >>> round(loss, 4), hits  # zero images, zero biases: p uniform, L = log 4, and class 0 is picked
    (1.3863, 0.5)
    """
    proba = _forward(net, patches).proba
    right = proba[Y.astype(bool)]  # (n,): each image's probability of its true class
    return float(-np.mean(np.log(np.maximum(right, 1e-300)))), float(np.mean(proba.argmax(axis=1) == Y.argmax(axis=1)))


def gradients(net: ConvNet, X: ArrayLike, y: ArrayLike) -> ConvGradients:
    """∂L/∂ of every parameter, by backpropagation (:func:`backprop`) on checked input.

    Parameters
    ----------
    net : ConvNet
        The network.
    X : array_like of shape (n, H, W)
        The images.
    y : array_like of shape (n,)
        Their classes, 0 … K−1.

    Returns
    -------
    ConvGradients
        L = −(1/n) Σᵢ log pᵢ,yᵢ and its gradients.

    Examples
    --------
    >>> net = init_convnet(np.random.default_rng(0), filters=2, classes=3)
    >>> g = gradients(net, np.ones((4, 8, 8)), [0, 1, 2, 0])
    >>> g.kernels.shape, abs(float(g.bias.sum())) < 1e-15  # Σₖ (pₖ − yₖ) = 0
    ((2, 3, 3), True)
    """
    return backprop(net, *encode(net, X, y))[1]


# --- Predictions -------------------------------------------------------------------------------


def predict(net: ConvNet, X: ArrayLike) -> NDArray[np.int64]:
    """The most probable class argmax_k pₖ of every image.

    Parameters
    ----------
    net : ConvNet
        The network.
    X : array_like of shape (n, H, W)
        The images.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> predict(init_convnet(np.random.default_rng(0)), np.zeros((3, 8, 8))).tolist()  # all scores 0: class 0
    [0, 0, 0]
    """
    return np.asarray(forward(net, X).scores.argmax(axis=1), dtype=np.int64)


def mistakes(net: ConvNet, X: ArrayLike, y: ArrayLike) -> NDArray[np.int64]:
    """The rows the network gets wrong, sorted by the probability it gave its wrong answer, the highest first.

    Parameters
    ----------
    net : ConvNet
        The network.
    X : array_like of shape (n, H, W)
        The images.
    y : array_like of shape (n,)
        Their classes.

    Returns
    -------
    ndarray of shape (m,)
        Row indices, m the number of mistakes; ties by row.

    Examples
    --------
    >>> mistakes(init_convnet(np.random.default_rng(0)), np.zeros((4, 8, 8)), [0, 3, 0, 1]).tolist()
    [1, 3]
    """
    labels = np.asarray(y)
    same_length("X", np.asarray(X), "y", labels)
    proba = forward(net, X).proba  # (n, K)
    wrong = np.flatnonzero(proba.argmax(axis=1) != labels)
    return wrong[np.argsort(-proba[wrong].max(axis=1), kind="stable")]
