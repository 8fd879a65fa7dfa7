"""What samples show of their distribution: histograms, empirical CDFs, and averages.

The law of large numbers (the running mean settles on μ) and the central limit theorem (means
of n draws spread as N(μ, σ²/n), whatever the distribution), with the standard error σ/√n that
both are about. The tests compare with numpy, ``scipy.stats`` and closed forms.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.probability import sample
from mathdl.validation import as_sample, check_range

Array = NDArray[np.float64]


class Histogram(NamedTuple):
    """A histogram as bars: each from ``left`` to ``right``, ``height`` tall."""

    left: Array
    right: Array
    height: Array


def histogram(x: ArrayLike, lo: float, hi: float, *, discrete: bool, bins: int = 40) -> Histogram:
    """A sample's histogram on the scale of its PMF or PDF, so the two can be drawn together.

    Discrete: the share of draws equal to each whole number k in [lo, hi], a bar from k − ½ to
    k + ½. Continuous: ``bins`` equal bins on [lo, hi], each bar's height the share of draws in
    it divided by its width, so the bars' total area is the share of draws inside [lo, hi].

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample.
    lo, hi : float
        The range of the bars.
    discrete : bool
        Whether the values are whole numbers.
    bins : int
        The number of bins of a continuous histogram.

    Returns
    -------
    Histogram
        ``left``, ``right`` and ``height``, arrays of shape (bars,).

    Examples
    --------
    >>> histogram([0, 1, 1, 1], 0, 1, discrete=True).height
    array([0.25, 0.75])
    """
    x = np.asarray(x, dtype=float)
    if discrete:
        k = np.arange(math.floor(lo), math.floor(hi) + 1, dtype=float)
        share = (x[:, None] == k).mean(axis=0) if len(x) else np.zeros(len(k))
        return Histogram(k - 0.5, k + 0.5, share)
    edges = np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(x, edges)
    return Histogram(edges[:-1], edges[1:], counts / (max(len(x), 1) * np.diff(edges)))


def ecdf(x: ArrayLike, grid: ArrayLike) -> Array:
    """The empirical CDF F_n(t) = #{x_i ≤ t} / n: the share of the sample at or below each point.

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample, n ≥ 1.
    grid : array_like
        Points t, any shape.

    Returns
    -------
    ndarray of float
        F_n at each point, the shape of ``grid``.

    Examples
    --------
    >>> ecdf([1.0, 2.0, 2.0, 5.0], [0.0, 2.0, 10.0])
    array([0.  , 0.75, 1.  ])
    """
    x = np.sort(as_sample(x, "x"))
    return np.searchsorted(x, np.asarray(grid, dtype=float), side="right") / len(x)


def running_mean(x: ArrayLike) -> Array:
    """The mean of the first k draws, x̄_k = (x_1 + … + x_k) / k, for k = 1 … n.

    The law of large numbers, step by step: x̄_k settles on the mean μ as k grows.

    Parameters
    ----------
    x : array_like of shape (n,)
        The draws, in order.

    Returns
    -------
    ndarray of shape (n,)
        x̄_1, …, x̄_n.

    Examples
    --------
    >>> running_mean([1.0, 3.0, 5.0])
    array([1., 2., 3.])
    """
    x = np.asarray(x, dtype=float)
    return np.cumsum(x) / np.arange(1, len(x) + 1)


def standard_error(sigma: float, n: ArrayLike, *, two_sample: bool = False) -> Array:
    """The standard error of a mean of n draws, SE = σ/√n.

    For the difference of the means of two independent groups of n draws each, SE = σ√(2/n).

    Parameters
    ----------
    sigma : float
        The standard deviation σ ≥ 0 of one draw.
    n : array_like of int
        Draws per mean (per group), each ≥ 1; any shape.
    two_sample : bool
        The difference of two independent means instead of one mean.

    Returns
    -------
    ndarray of float
        The standard error for each n, the shape of ``n``.

    Examples
    --------
    >>> float(standard_error(2.0, 16)), float(standard_error(2.0, 16, two_sample=True))
    (0.5, 0.7071067811865476)
    """
    check_range("sigma", sigma, 0.0, math.inf)
    n = np.asarray(n, dtype=float)
    if np.any(~(n >= 1)):
        raise MathDLError("out_of_range", name="n", low=1, high="∞", value=n[~(n >= 1)].ravel()[0])
    return sigma * np.sqrt((2 if two_sample else 1) / n)


def skewness_of_mean(skewness: float, n: int) -> float:
    """The skewness of the mean of n independent draws, γ₁ / √n: averaging removes asymmetry slowly.

    Parameters
    ----------
    skewness : float
        γ₁ of one draw.
    n : int
        Draws per mean, ≥ 1.

    Returns
    -------
    float
        γ₁ / √n; nan stays nan.

    Examples
    --------
    >>> round(skewness_of_mean(2.0, 30), 3)  # the exponential's means at n = 30
    0.365
    """
    check_range("n", n, 1, math.inf)
    return skewness / math.sqrt(n)


def running_band(mu: float, sigma: float, n: int, z: float = 2.0) -> tuple[Array, Array]:
    """The band μ ± z σ/√k where the mean of the first k draws falls, for k = 1 … n.

    For z = 2, about 95 % of means of k draws fall inside it (once k is large enough for the CLT).

    Parameters
    ----------
    mu : float
        The mean μ of one draw.
    sigma : float
        Its standard deviation σ ≥ 0.
    n : int
        The number of draws.
    z : float
        The half-width in standard errors.

    Returns
    -------
    low, high : ndarray of shape (n,)
        μ − z σ/√k and μ + z σ/√k.

    Examples
    --------
    >>> low, high = running_band(0.0, 1.0, 4)
    >>> high.round(4).tolist()
    [2.0, 1.4142, 1.1547, 1.0]
    """
    half = z * standard_error(sigma, np.arange(1, check_range("n", n, 1, 10**7) + 1))
    return mu - half, mu + half


def sample_means(name: str, n: int, repeats: int, rng: np.random.Generator, **params: float) -> Array:
    """``repeats`` means of n independent draws each.

    By the central limit theorem they are close to N(μ, σ²/n), whatever the distribution.

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    n : int
        Draws per mean, 1 to 1000.
    repeats : int
        The number of means, 1 to 100 000.
    rng : numpy.random.Generator
        The source of randomness.
    **params : float
        The distribution's parameters by name.

    Returns
    -------
    ndarray of shape (repeats,)
        The means.

    Examples
    --------
    >>> sample_means("exponential", 50, 4, np.random.default_rng(0), lam=1.0).shape
    (4,)
    """
    check_range("n", n, 1, 1000)
    check_range("repeats", repeats, 1, 100_000)
    means: Array = sample(name, rng, (repeats, n), **params).mean(axis=1)
    return means
