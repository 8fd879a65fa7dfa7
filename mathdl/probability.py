"""Probability distributions from their formulas: PMF or PDF, CDF, moments and samples.

Each distribution is a small record in :data:`DISTRIBUTIONS` with its parameters and their
ranges, so a page can list them; a notebook calls them by name through :func:`density`,
:func:`cdf`, :func:`moments` and :func:`sample`. The tests compare every formula with
``scipy.stats``. What samples show of their distribution (histograms, averages, the limit
theorems) is in :mod:`mathdl.sampling`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.special import betainc, log_beta, normal_cdf, normal_pdf, xlogy
from mathdl.validation import check_choice, check_range

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Parameter:
    """A distribution's parameter: its name, the range a reader may choose from, its default."""

    name: str
    low: float
    high: float
    default: float
    integer: bool = False


@dataclass(frozen=True)
class Distribution:
    """A family of distributions: its parameters, its formulas and how to draw from it.

    Each formula takes the parameters in the order of ``parameters``; call them through
    :func:`density`, :func:`cdf`, :func:`moments`, :func:`sample` and :func:`support`,
    which check the parameters first.
    """

    parameters: tuple[Parameter, ...]
    discrete: bool
    density: Callable[..., Array]  # the PMF (discrete) or PDF (continuous) at x
    cdf: Callable[..., Array]
    mean: Callable[..., float]
    var: Callable[..., float]
    skewness: Callable[..., float]  # E[(X − μ)³] / σ³, nan when σ = 0
    sample: Callable[..., Array]  # (rng, size, *params)
    support: Callable[..., tuple[float, float]]  # an interval holding almost all the mass


def _binomial_pmf(x: ArrayLike, n: float, p: float) -> Array:
    """C(n, k) p^k (1 − p)^(n − k), through log-gamma so that large n does not overflow."""
    k = np.asarray(x, dtype=float)
    valid = (k >= 0) & (k <= n) & (k == np.round(k))
    k = np.where(valid, k, 0)
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    log_choose = np.asarray(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1), dtype=float)
    return np.where(valid, np.exp(log_choose + xlogy(k, p) + xlogy(n - k, 1 - p)), 0.0)


def _poisson_pmf(x: ArrayLike, lam: float) -> Array:
    """The Poisson PMF λ^k e^{−λ} / k!."""
    k = np.asarray(x, dtype=float)
    valid = (k >= 0) & (k == np.round(k))
    k = np.where(valid, k, 0)
    log_factorial = np.asarray(np.frompyfunc(math.lgamma, 1, 1)(k + 1), dtype=float)
    return np.where(valid, np.exp(k * math.log(lam) - lam - log_factorial), 0.0)


def _discrete_cdf(pmf: Callable[..., Array]) -> Callable[..., Array]:
    """The CDF P(X ≤ x) = Σ_{k ≤ x} P(X = k) of a distribution on 0, 1, 2, and so on."""

    def cdf(x: ArrayLike, *params: float) -> Array:
        x = np.asarray(x, dtype=float)
        top = int(max(np.floor(x.max(initial=0)), 0))
        cumulative = np.cumsum(pmf(np.arange(top + 1), *params))  # (top + 1,)
        index = np.clip(np.floor(x).astype(int), -1, top)
        return np.where(index < 0, 0.0, cumulative[np.maximum(index, 0)])

    return cdf


def _bernoulli_pmf(x: ArrayLike, p: float) -> Array:
    return _binomial_pmf(x, 1, p)


def beta_pdf(x: ArrayLike, a: float, b: float) -> Array:
    """The beta density x^{a−1} (1 − x)^{b−1} / B(a, b) on (0, 1), for any a, b > 0.

    Parameters
    ----------
    x : array_like
        Points, any shape; the density is 0 outside (0, 1).
    a, b : float
        The shape parameters α, β > 0 (without the explorer's upper limit of 20, so a
        posterior after many coin flips can be drawn too).

    Returns
    -------
    ndarray of float
        The density at each point, the shape of ``x``.

    Examples
    --------
    >>> beta_pdf([0.25, 0.5], 2.0, 2.0).round(6).tolist()  # 6x(1 − x)
    [1.125, 1.5]
    """
    for name, value in (("a", a), ("b", b)):
        if not value > 0:
            raise MathDLError("out_of_range", name=name, low=0, high="∞", value=value)
    x = np.asarray(x, dtype=float)
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    return np.where(inside, np.exp((a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - log_beta(a, b)), 0.0)


def _uniform_pdf(x: ArrayLike, a: float, b: float) -> Array:
    x = np.asarray(x, dtype=float)
    return np.where((x >= a) & (x <= b), 1 / (b - a), 0.0)


def _exponential_pdf(x: ArrayLike, lam: float) -> Array:
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, lam * np.exp(-lam * np.maximum(x, 0)), 0.0)


def _exponential_cdf(x: ArrayLike, lam: float) -> Array:
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, -np.expm1(-lam * np.maximum(x, 0)), 0.0)


def _ratio(a: float, b: float) -> float:
    """a / b, or nan where b = 0: a certain outcome has no skewness."""
    return a / b if b > 0 else math.nan


DISTRIBUTIONS: dict[str, Distribution] = {
    "bernoulli": Distribution(
        (Parameter("p", 0.0, 1.0, 0.3),),
        discrete=True,
        density=_bernoulli_pmf,
        cdf=_discrete_cdf(_bernoulli_pmf),
        mean=lambda p: p,
        var=lambda p: p * (1 - p),
        skewness=lambda p: _ratio(1 - 2 * p, math.sqrt(p * (1 - p))),
        sample=lambda rng, size, p: (rng.random(size) < p).astype(float),
        support=lambda p: (0, 1),
    ),
    "binomial": Distribution(
        (Parameter("n", 1, 100, 20, integer=True), Parameter("p", 0.0, 1.0, 0.3)),
        discrete=True,
        density=_binomial_pmf,
        cdf=_discrete_cdf(_binomial_pmf),
        mean=lambda n, p: n * p,
        var=lambda n, p: n * p * (1 - p),
        skewness=lambda n, p: _ratio(1 - 2 * p, math.sqrt(n * p * (1 - p))),
        sample=lambda rng, size, n, p: rng.binomial(int(n), p, size).astype(float),
        support=lambda n, p: (0, n),
    ),
    "poisson": Distribution(
        (Parameter("lam", 0.1, 30.0, 4.0),),
        discrete=True,
        density=_poisson_pmf,
        cdf=_discrete_cdf(_poisson_pmf),
        mean=lambda lam: lam,
        var=lambda lam: lam,
        skewness=lambda lam: 1 / math.sqrt(lam),
        sample=lambda rng, size, lam: rng.poisson(lam, size).astype(float),
        support=lambda lam: (0, math.ceil(lam + 6 * math.sqrt(lam) + 3)),
    ),
    "uniform": Distribution(
        (Parameter("a", -5.0, 5.0, 0.0), Parameter("b", -5.0, 5.0, 1.0)),
        discrete=False,
        density=_uniform_pdf,
        cdf=lambda x, a, b: np.clip((np.asarray(x, dtype=float) - a) / (b - a), 0.0, 1.0),
        mean=lambda a, b: (a + b) / 2,
        var=lambda a, b: (b - a) ** 2 / 12,
        skewness=lambda a, b: 0.0,
        sample=lambda rng, size, a, b: rng.uniform(a, b, size),
        support=lambda a, b: (a - 0.1 * (b - a), b + 0.1 * (b - a)),
    ),
    "normal": Distribution(
        (Parameter("mu", -5.0, 5.0, 0.0), Parameter("sigma", 0.1, 5.0, 1.0)),
        discrete=False,
        density=normal_pdf,
        cdf=normal_cdf,
        mean=lambda mu, sigma: mu,
        var=lambda mu, sigma: sigma**2,
        skewness=lambda mu, sigma: 0.0,
        sample=lambda rng, size, mu, sigma: rng.normal(mu, sigma, size),
        support=lambda mu, sigma: (mu - 4 * sigma, mu + 4 * sigma),
    ),
    "exponential": Distribution(
        (Parameter("lam", 0.1, 5.0, 1.0),),
        discrete=False,
        density=_exponential_pdf,
        cdf=_exponential_cdf,
        mean=lambda lam: 1 / lam,
        var=lambda lam: 1 / lam**2,
        skewness=lambda lam: 2.0,
        sample=lambda rng, size, lam: rng.exponential(1 / lam, size),
        support=lambda lam: (0.0, 7 / lam),
    ),
    "beta": Distribution(
        (Parameter("alpha", 0.2, 20.0, 2.0), Parameter("beta", 0.2, 20.0, 5.0)),
        discrete=False,
        density=beta_pdf,
        cdf=lambda x, a, b: betainc(a, b, x),
        mean=lambda a, b: a / (a + b),
        var=lambda a, b: a * b / ((a + b) ** 2 * (a + b + 1)),
        skewness=lambda a, b: 2 * (b - a) * math.sqrt(a + b + 1) / ((a + b + 2) * math.sqrt(a * b)),
        sample=lambda rng, size, a, b: rng.beta(a, b, size),
        support=lambda a, b: (0.0, 1.0),
    ),
}


def distribution(name: str, **params: float) -> tuple[Distribution, tuple[float, ...]]:
    """Look a distribution up by name and check its parameters against their ranges.

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    **params : float
        Its parameters by name (``mu=1.0``); a missing one takes its default.

    Returns
    -------
    Distribution
        The record of the family.
    tuple of float
        Its parameters θ in their declared order, for ``dist.density(x, *theta)``.

    Examples
    --------
    >>> dist, theta = distribution("normal", mu=1.0, sigma=2.0)
    >>> dist.mean(*theta), dist.var(*theta)
    (1.0, 4.0)
    """
    dist = DISTRIBUTIONS[check_choice("name", name, DISTRIBUTIONS)]
    values = []
    for p in dist.parameters:
        value = check_range(p.name, float(params.get(p.name, p.default)), p.low, p.high)
        if p.integer and value != round(value):
            raise MathDLError("out_of_range", name=p.name, low=p.low, high=p.high, value=value)
        values.append(value)
    if name == "uniform" and values[0] >= values[1]:
        raise MathDLError("bad_interval", low=values[0], high=values[1])
    return dist, tuple(values)


def density(name: str, x: ArrayLike, **params: float) -> Array:
    """The PMF P(X = x) of a discrete distribution, or the PDF f(x) of a continuous one.

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    x : array_like
        Points, any shape.
    **params : float
        The distribution's parameters by name, checked by :func:`distribution`.

    Returns
    -------
    ndarray of float
        The PMF or PDF at each point, the shape of ``x``.

    Examples
    --------
    >>> density("binomial", [0, 1, 2], n=2, p=0.5).round(6).tolist()
    [0.25, 0.5, 0.25]
    """
    dist, theta = distribution(name, **params)
    return dist.density(x, *theta)


def cdf(name: str, x: ArrayLike, **params: float) -> Array:
    """The cumulative distribution function F(x) = P(X ≤ x).

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    x : array_like
        Points, any shape.
    **params : float
        The distribution's parameters by name, checked by :func:`distribution`.

    Returns
    -------
    ndarray of float
        F at each point, the shape of ``x``.

    Examples
    --------
    >>> cdf("exponential", [0.0, 1.0], lam=1.0).round(4).tolist()  # 1 − e^{−x}
    [0.0, 0.6321]
    """
    dist, theta = distribution(name, **params)
    return dist.cdf(x, *theta)


@dataclass(frozen=True)
class Moments:
    """The mean, variance, standard deviation and skewness of a distribution, from its formulas."""

    mean: float  # E[X]
    var: float  # Var(X) = E[(X − E[X])²]
    sd: float  # √Var(X)
    skewness: float  # E[(X − E[X])³] / sd³: 0 for a symmetric distribution, nan when sd = 0


def moments(name: str, **params: float) -> Moments:
    """E[X], Var(X) and the skewness of a distribution, from its closed forms (and σ = √Var(X)).

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    **params : float
        The distribution's parameters by name, checked by :func:`distribution`.

    Returns
    -------
    Moments
        ``mean``, ``var``, ``sd`` and ``skewness``.

    Examples
    --------
    >>> moments("binomial", n=10, p=0.5)
    Moments(mean=5.0, var=2.5, sd=1.5811388300841898, skewness=0.0)
    """
    dist, theta = distribution(name, **params)
    var = float(dist.var(*theta))
    return Moments(float(dist.mean(*theta)), var, math.sqrt(var), float(dist.skewness(*theta)))


def support(name: str, **params: float) -> tuple[float, float]:
    """An interval [lo, hi] that holds (almost) all of a distribution's mass: where to draw it.

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    **params : float
        The distribution's parameters by name, checked by :func:`distribution`.

    Returns
    -------
    tuple of float
        ``(lo, hi)``; whole numbers for a discrete distribution.

    Examples
    --------
    >>> support("normal", mu=1.0, sigma=0.5)  # μ ± 4σ
    (-1.0, 3.0)
    """
    dist, theta = distribution(name, **params)
    lo, hi = dist.support(*theta)
    return float(lo), float(hi)


def sample(name: str, rng: np.random.Generator, size: int | tuple[int, ...], **params: float) -> Array:
    """Independent draws from a distribution.

    Parameters
    ----------
    name : str
        A key of :data:`DISTRIBUTIONS`.
    rng : numpy.random.Generator
        The source of randomness.
    size : int or tuple of int
        The shape of the result.
    **params : float
        The distribution's parameters by name, checked by :func:`distribution`.

    Returns
    -------
    ndarray of float of shape ``size``
        The draws; a discrete distribution's as whole numbers.

    Examples
    --------
    >>> sample("bernoulli", np.random.default_rng(0), 5, p=0.5).tolist()
    [0.0, 1.0, 1.0, 1.0, 0.0]
    """
    dist, theta = distribution(name, **params)
    return dist.sample(rng, size, *theta)
