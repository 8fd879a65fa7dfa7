"""Probability distributions from their formulas: PMF or PDF, CDF, mean, variance, samples.

Each distribution is a small record in :data:`DISTRIBUTIONS` with its parameters and
their ranges, so a page can list them and a notebook can call them by name; the
tests compare every formula with ``scipy.stats``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mathdl.errors import MathDLError


@dataclass(frozen=True)
class Parameter:
    name: str
    low: float
    high: float
    default: float
    integer: bool = False


@dataclass(frozen=True)
class Distribution:
    """A family of distributions: its parameters, its formulas and how to draw from it."""

    parameters: tuple[Parameter, ...]
    discrete: bool
    density: Callable[..., np.ndarray]  # the PMF (discrete) or PDF (continuous) at x
    cdf: Callable[..., np.ndarray]
    mean: Callable[..., float]
    var: Callable[..., float]
    sample: Callable[..., np.ndarray]  # (rng, size, *params)
    support: Callable[..., tuple[float, float]]  # an interval holding almost all the mass


def _normal_cdf(x, mu, sigma):
    return 0.5 * (1 + np.vectorize(math.erf)((np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2))))


def _binomial_pmf(x, n, p):
    """C(n, k) p^k (1 − p)^(n − k), through log-gamma so that large n does not overflow."""
    k = np.asarray(x, dtype=float)
    valid = (k >= 0) & (k <= n) & (k == np.round(k))
    k = np.where(valid, k, 0)
    log_choose = np.vectorize(lambda j: math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1))(k)
    log_p = log_choose + _xlogy(k, p) + _xlogy(n - k, 1 - p)
    return np.where(valid, np.exp(log_p), 0.0)


def _xlogy(x, y):
    """x · log y, with 0 · log 0 = 0: a certain event (p = 0 or 1) has probability 1, not NaN."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def _poisson_pmf(x, lam):
    """λ^k e^{−λ} / k!"""
    k = np.asarray(x, dtype=float)
    valid = (k >= 0) & (k == np.round(k))
    k = np.where(valid, k, 0)
    log_p = k * math.log(lam) - lam - np.vectorize(math.lgamma)(k + 1)
    return np.where(valid, np.exp(log_p), 0.0)


def _discrete_cdf(pmf):
    """P(X ≤ x) = Σ_{k ≤ x} P(X = k), for a distribution on 0, 1, 2, …"""

    def cdf(x, *params):
        x = np.asarray(x, dtype=float)
        top = int(max(np.floor(x.max(initial=0)), 0))
        cumulative = np.cumsum(pmf(np.arange(top + 1), *params))  # (top + 1,)
        index = np.clip(np.floor(x).astype(int), -1, top)
        return np.where(index < 0, 0.0, cumulative[np.maximum(index, 0)])

    return cdf


def _beta_pdf(x, a, b):
    """x^{α−1} (1 − x)^{β−1} / B(α, β) on [0, 1]."""
    x = np.asarray(x, dtype=float)
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return np.where(inside, np.exp((a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - log_beta), 0.0)


def _beta_cdf(x, a, b):
    """The regularised incomplete beta function I_x(α, β), by its continued fraction."""
    return np.vectorize(lambda v: _incomplete_beta(float(v), a, b))(np.asarray(x, dtype=float))


def _incomplete_beta(x: float, a: float, b: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast only on this side; use symmetry
        return 1.0 - _incomplete_beta(1 - x, b, a)
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - (math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))) / a
    # Lentz's algorithm for the continued fraction 1 / (1 + d1 / (1 + d2 / (1 + ...)))
    tiny, f, c, d = 1e-300, 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            numerator = 1.0
        elif i % 2 == 0:
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(1.0 - c * d) < 1e-15:
            break
    return front * (f - 1.0)


DISTRIBUTIONS: dict[str, Distribution] = {
    "bernoulli": Distribution(
        (Parameter("p", 0.0, 1.0, 0.3),),
        discrete=True,
        density=lambda x, p: _binomial_pmf(x, 1, p),
        cdf=lambda x, p: _discrete_cdf(lambda k, q: _binomial_pmf(k, 1, q))(x, p),
        mean=lambda p: p,
        var=lambda p: p * (1 - p),
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
        sample=lambda rng, size, lam: rng.poisson(lam, size).astype(float),
        support=lambda lam: (0, math.ceil(lam + 6 * math.sqrt(lam) + 3)),
    ),
    "uniform": Distribution(
        (Parameter("a", -5.0, 5.0, 0.0), Parameter("b", -5.0, 5.0, 1.0)),
        discrete=False,
        density=lambda x, a, b: np.where((np.asarray(x) >= a) & (np.asarray(x) <= b), 1 / (b - a), 0.0),
        cdf=lambda x, a, b: np.clip((np.asarray(x, dtype=float) - a) / (b - a), 0.0, 1.0),
        mean=lambda a, b: (a + b) / 2,
        var=lambda a, b: (b - a) ** 2 / 12,
        sample=lambda rng, size, a, b: rng.uniform(a, b, size),
        support=lambda a, b: (a - 0.1 * (b - a), b + 0.1 * (b - a)),
    ),
    "normal": Distribution(
        (Parameter("mu", -5.0, 5.0, 0.0), Parameter("sigma", 0.1, 5.0, 1.0)),
        discrete=False,
        density=lambda x, mu, sigma: np.exp(-0.5 * ((np.asarray(x, dtype=float) - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi)),
        cdf=_normal_cdf,
        mean=lambda mu, sigma: mu,
        var=lambda mu, sigma: sigma**2,
        sample=lambda rng, size, mu, sigma: rng.normal(mu, sigma, size),
        support=lambda mu, sigma: (mu - 4 * sigma, mu + 4 * sigma),
    ),
    "exponential": Distribution(
        (Parameter("lam", 0.1, 5.0, 1.0),),
        discrete=False,
        density=lambda x, lam: np.where(np.asarray(x) >= 0, lam * np.exp(-lam * np.maximum(np.asarray(x, dtype=float), 0)), 0.0),
        cdf=lambda x, lam: np.where(np.asarray(x) >= 0, -np.expm1(-lam * np.maximum(np.asarray(x, dtype=float), 0)), 0.0),
        mean=lambda lam: 1 / lam,
        var=lambda lam: 1 / lam**2,
        sample=lambda rng, size, lam: rng.exponential(1 / lam, size),
        support=lambda lam: (0.0, 7 / lam),
    ),
    "beta": Distribution(
        (Parameter("alpha", 0.2, 20.0, 2.0), Parameter("beta", 0.2, 20.0, 5.0)),
        discrete=False,
        density=_beta_pdf,
        cdf=_beta_cdf,
        mean=lambda a, b: a / (a + b),
        var=lambda a, b: a * b / ((a + b) ** 2 * (a + b + 1)),
        sample=lambda rng, size, a, b: rng.beta(a, b, size),
        support=lambda a, b: (0.0, 1.0),
    ),
}


def distribution(name: str, **params: float) -> tuple[Distribution, tuple[float, ...]]:
    """Look a distribution up by name and check its parameters against their ranges.

    Returns
    -------
    The :class:`Distribution` and its parameters in their declared order.

    Examples
    --------
    >>> dist, theta = distribution("normal", mu=1.0, sigma=2.0)
    >>> dist.mean(*theta), dist.var(*theta)
    (1.0, 4.0)
    """
    if name not in DISTRIBUTIONS:
        raise MathDLError("unknown_choice", name="name", allowed=list(DISTRIBUTIONS), value=name)
    dist = DISTRIBUTIONS[name]
    values = []
    for p in dist.parameters:
        value = float(params.get(p.name, p.default))
        if not p.low <= value <= p.high or (p.integer and value != round(value)):
            raise MathDLError("out_of_range", name=p.name, low=p.low, high=p.high, value=value)
        values.append(value)
    if name == "uniform" and values[0] >= values[1]:
        raise MathDLError("bad_interval", low=values[0], high=values[1])
    return dist, tuple(values)
