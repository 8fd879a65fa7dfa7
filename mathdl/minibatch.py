"""Mini-batch gradients on a real regression: unbiased, noisy, and tamed by a schedule.

The loss is the mean squared error of a linear model, L(w) = (1/n)‖Xw − y‖². A mini-batch of B
rows estimates its gradient without bias, with a noise that falls like 1/B; stochastic gradient
descent (:func:`minibatch_sgd`) takes one step per batch, with a learning rate from one of
:data:`mathdl.optim.SCHEDULES`. The tests compare with numpy's least squares and finite
differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import projection
from mathdl.optim import learning_rate
from mathdl.validation import as_matrix, as_vector, check_range, same_length

Array = NDArray[np.float64]
DIVERGED = 1e12  # a loss above this (or not a number) ends a run


def mse_gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> Array:
    """∇ of the mean squared error L(w) = (1/n)‖Xw − y‖²: (2/n) Xᵀ(Xw − y).

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    w : array_like of shape (d,)
        The weights.

    Returns
    -------
    ndarray of shape (d,)

    Examples
    --------
    >>> mse_gradient(np.eye(2), np.array([1.0, 0.0]), np.zeros(2)).tolist()
    [-1.0, 0.0]
    """
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    gradient: Array = 2 * X.T @ (X @ w - y) / len(y)
    return gradient


def batch_gradients(
    X: ArrayLike, y: ArrayLike, w: ArrayLike, batch_size: int, repeats: int, rng: np.random.Generator
) -> Array:
    """``repeats`` mini-batch estimates of the gradient, each from ``batch_size`` rows drawn without replacement.

    ĝ_B = (2/B) X_Bᵀ(X_B w − y_B): an unbiased estimate of ∇L whose spread shrinks as B grows.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    w : array_like of shape (d,)
        The weights.
    batch_size : int
        B, 1 to n.
    repeats : int
        How many batches.
    rng : numpy.random.Generator
        Draws the batches.

    Returns
    -------
    ndarray of shape (repeats, d)

    Examples
    --------
    >>> X, y = np.eye(4), np.arange(4.0)
    >>> batch_gradients(X, y, np.zeros(4), 4, 2, np.random.default_rng(0)).tolist()[0]
    [0.0, -0.5, -1.0, -1.5]
    """
    Xa, ya = as_matrix(X, "X", copy=False), as_vector(y, "y")
    same_length("X", Xa, "y", ya)
    n = len(ya)
    check_range("batch_size", batch_size, 1, n)
    rows = np.argsort(rng.random((repeats, n)), axis=1)[:, :batch_size]  # (repeats, B) without replacement
    return np.array([mse_gradient(Xa[r], ya[r], w) for r in rows])


def gradient_noise(X: ArrayLike, y: ArrayLike, w: ArrayLike, batch_size: int) -> float:
    """E‖ĝ_B − ∇L‖², the mean squared error of a mini-batch gradient, in closed form.

    With per-example gradients gᵢ of total variance σ² = (1/n) Σ‖gᵢ − ḡ‖², a batch of B drawn
    without replacement has E‖ĝ_B − ḡ‖² = (σ²/B) · (n − B)/(n − 1): 1/B, and zero at B = n.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    w : array_like of shape (d,)
        The weights.
    batch_size : int
        B, 1 to n.

    Returns
    -------
    float

    Examples
    --------
    >>> X, y = np.eye(3), np.ones(3)
    >>> gradient_noise(X, y, np.zeros(3), 3)
    0.0
    """
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    n = len(y)
    per_example = 2 * X * (X @ w - y)[:, None]  # (n, d): the gradient of each example's loss
    variance = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    return float(variance / batch_size * (n - batch_size) / (n - 1)) if n > 1 else 0.0


@dataclass(frozen=True)
class GradientNoise:
    """The full gradient's size ‖∇L‖², a batch's noise E‖ĝ_B − ∇L‖², and noise / size."""

    signal: float
    noise: float
    ratio: float


def batch_noise(X: ArrayLike, y: ArrayLike, w: ArrayLike, batch_size: int) -> GradientNoise:
    """How noisy a batch of B is next to the gradient it estimates: E‖ĝ_B − ∇L‖² / ‖∇L‖².

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    w : array_like of shape (d,)
        The weights.
    batch_size : int
        B, 1 to n.

    Returns
    -------
    GradientNoise
        ‖∇L‖², the noise (:func:`gradient_noise`) and their ratio.

    Examples
    --------
    >>> batch_noise(np.eye(2), np.ones(2), np.zeros(2), 2)
    GradientNoise(signal=2.0, noise=0.0, ratio=0.0)
    """
    full = mse_gradient(X, y, w)
    signal, noise = float(full @ full), gradient_noise(X, y, w, batch_size)
    return GradientNoise(signal, noise, noise / signal if signal > 0 else float("nan"))


@dataclass(frozen=True)
class NoiseCurve:
    """Gradient noise against the batch size: the formula at every size, measured at a few."""

    sizes: NDArray[np.int64]
    theory: Array
    tried: NDArray[np.int64]
    measured: Array


def noise_curve(
    X: ArrayLike, y: ArrayLike, w: ArrayLike, rng: np.random.Generator, *, points: int = 40, repeats: int = 300
) -> NoiseCurve:
    """E‖ĝ_B − ∇L‖² against B, from :func:`gradient_noise` and measured from ``repeats`` batches.

    The sizes run from 1 to n, evenly spaced on a log scale; about ten of them (not B = n, whose
    noise is zero) are also measured: the mean of ‖ĝ_B − ∇L‖² over the batches drawn.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    w : array_like of shape (d,)
        The weights.
    rng : numpy.random.Generator
        Draws the batches.
    points : int
        Sizes on the formula's curve (fewer where rounding makes two equal).
    repeats : int
        Batches per measured size.

    Returns
    -------
    NoiseCurve
        The sizes and the formula's noise at each; the sizes tried and the noise measured.

    Examples
    --------
    >>> X, y, _ = __import__("mathdl.datasets").datasets.diabetes()
    >>> c = noise_curve(X, y, np.zeros(10), np.random.default_rng(0), repeats=50)
    >>> int(c.sizes[0]), int(c.sizes[-1]), bool(c.theory[-1] == 0)
    (1, 442, True)
    """
    n = len(np.asarray(y))
    full = mse_gradient(X, y, w)
    sizes = np.unique(np.geomspace(1, n, points).round().astype(np.int64))
    theory = np.array([gradient_noise(X, y, w, int(b)) for b in sizes])
    tried = sizes[: -1 : max(1, len(sizes) // 10)]
    measured = np.array(
        [np.mean(np.sum((batch_gradients(X, y, w, int(b), repeats, rng) - full) ** 2, axis=1)) for b in tried]
    )
    return NoiseCurve(sizes, theory, tried, measured)


def mse_floor(X: ArrayLike, y: ArrayLike) -> float:
    """L* = min_w (1/n)‖Xw − y‖², the lowest loss any training can reach, by least squares.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features, linearly independent columns.
    y : array_like of shape (n,)
        The targets.

    Returns
    -------
    float

    Examples
    --------
    >>> round(mse_floor([[1.0], [1.0]], [0.0, 2.0]), 12)
    1.0
    """
    fit = projection.least_squares(X, y)
    return float(fit.rss / len(np.asarray(y)))


@dataclass(frozen=True)
class Training:
    """Mini-batch SGD on a least-squares problem: the weights, and the full-data loss and rate after every step.

    ``diverged_at`` is the step that blew up, if one did; ``loss`` and ``lr`` then stop before it.
    """

    w: Array
    loss: Array
    lr: Array
    diverged_at: int | None


def minibatch_sgd(
    X: ArrayLike,
    y: ArrayLike,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator,
    schedule: str = "constant",
) -> Training:
    """Fit w for L(w) = (1/n)‖Xw − y‖² by SGD: each epoch shuffles the rows and takes one step per batch.

    w ← w − η_k ĝ_B(w), with η_k from :func:`mathdl.optim.learning_rate`; w starts at 0.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    lr : float
        The peak learning rate η₀.
    batch_size : int
        B, 1 to n (the last batch of an epoch may be smaller).
    epochs : int
        Passes over the data.
    rng : numpy.random.Generator
        Shuffles the rows, once per epoch.
    schedule : str
        A key of :data:`mathdl.optim.SCHEDULES`.

    Returns
    -------
    Training
        The weights, and the loss and rate after each step.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(50, 2)); y = X @ [1.0, -2.0]
    >>> minibatch_sgd(X, y, lr=0.1, batch_size=10, epochs=50, rng=np.random.default_rng(0)).w.round(3).tolist()
    [1.0, -2.0]
    """
    Xa, ya = as_matrix(X, "X", copy=False), as_vector(y, "y")
    same_length("X", Xa, "y", ya)
    n = len(ya)
    check_range("batch_size", batch_size, 1, n)
    per_epoch = -(-n // batch_size)
    rates = learning_rate(schedule, np.arange(per_epoch * epochs), per_epoch * epochs, lr)
    w, losses = np.zeros(Xa.shape[1]), list[float]()
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for b in range(per_epoch):
                rows = order[b * batch_size : (b + 1) * batch_size]
                w = w - rates[len(losses)] * mse_gradient(Xa[rows], ya[rows], w)
                losses.append(np.mean((Xa @ w - ya) ** 2))
                if not np.isfinite(losses[-1]) or losses[-1] > DIVERGED:
                    return Training(w, np.array(losses[:-1]), rates[: len(losses) - 1], diverged_at=len(losses))
    return Training(w, np.array(losses), rates, diverged_at=None)


def compare_schedules(
    X: ArrayLike,
    y: ArrayLike,
    schedules: tuple[str, ...],
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator,
) -> dict[str, Training]:
    """:func:`minibatch_sgd` once per schedule, every run on the same shuffles of the data.

    Each run starts from the generator's state as it was passed in, so only the schedule differs
    between the runs; the generator is left where the last run left it.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    schedules : tuple of str
        Keys of :data:`mathdl.optim.SCHEDULES`.
    lr, batch_size, epochs
        As for :func:`minibatch_sgd`.
    rng : numpy.random.Generator
        Shuffles the rows.

    Returns
    -------
    dict of str to Training
        One run per schedule, in the order given.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(40, 2)); y = X @ [1.0, 2.0]
    >>> runs = compare_schedules(X, y, ("constant", "cosine"), lr=0.1, batch_size=8, epochs=5,
    ...                          rng=np.random.default_rng(0))
    >>> [round(float(run.lr[-1]), 2) for run in runs.values()]
    [0.1, 0.0]
    """
    start = rng.bit_generator.state
    runs = {}
    for name in schedules:
        rng.bit_generator.state = start
        runs[name] = minibatch_sgd(X, y, lr=lr, batch_size=batch_size, epochs=epochs, rng=rng, schedule=name)
    return runs
