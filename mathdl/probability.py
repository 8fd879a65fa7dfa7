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

from mathdl.activations import ACTIVATIONS
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


def _log_beta(a, b) -> np.ndarray:
    """log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), element-wise (numpy has no log-gamma)."""
    lgamma = np.frompyfunc(math.lgamma, 1, 1)  # math.lgamma as a ufunc: far less overhead than np.vectorize
    return np.asarray(lgamma(a) + lgamma(b) - lgamma(a + b), dtype=float)


def _betainc(x, a, b) -> np.ndarray:
    """The regularised incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x), element-wise on arrays:
    the beta CDF here and Student's t CDF in mathdl.inference.

    I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …))), with
    d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
    d_{2m} = m(b − m) x / ((a + 2m − 1)(a + 2m)). The fraction converges fast for
    x < (a + 1)/(a + b + 2); above that point, I_x(a, b) = 1 − I_{1−x}(b, a).

    The convergents P_n / Q_n of 1 + d₁ / (1 + … + d_n) obey Wallis's recurrence
    P_n = P_{n−1} + d_n P_{n−2} (and the same for Q), two multiply-adds per term on whole
    arrays. The terms are made a block at a time; after each block, P and Q are divided by
    P_n (so they cannot overflow) and the loop stops once every element's last two
    convergents agree to 1e-15.
    """
    x, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, a, b)))
    flip = x > (a + 1) / (a + b + 2)  # the fraction converges fast only below this point
    x, a, b = np.where(flip, 1 - x, x), np.where(flip, b, a), np.where(flip, a, b)
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    log_front = a * np.log(xs) + b * np.log1p(-xs) - _log_beta(a, b)
    # Row 0 holds P, row 1 holds Q: they obey the same recurrence, from P/Q = 1/0 and then 1/1.
    before, now = np.stack([np.ones_like(xs), np.zeros_like(xs)]), np.ones((2, *xs.shape))
    pairs = 8  # (d_{2m+1}, d_{2m+2}) pairs per block: fewer blocks cost fewer numpy calls, more overshoot
    for start in range(0, 500, pairs):  # at most 1000 terms
        m = np.arange(start, start + pairs).reshape(-1, *([1] * xs.ndim))  # (pairs, 1, …) against xs
        odd = -(a + m) * (a + b + m) * xs / ((a + 2 * m) * (a + 2 * m + 1))  # d_{2m+1}
        even = (m + 1) * (b - m - 1) * xs / ((a + 2 * m + 1) * (a + 2 * m + 2))  # d_{2m+2}
        for d_odd, d_even in zip(odd, even):
            before, now = now, now + d_odd * before
            before, now = now, now + d_even * before
        before, now = before / now[0], now / now[0]  # now[1] = Q_n / P_n ≈ 1 / (1 + d₁ / (1 + …))
        if np.all(
            np.abs(now[1] * before[0] - before[1]) <= 1e-15 * np.abs(now[1] * before[0])
        ):  # Q_n/P_n ≈ Q_{n−1}/P_{n−1}
            break
    value = np.where(inside, np.exp(log_front) / a * now[1], np.where(x >= 1, 1.0, 0.0))
    return np.where(flip, 1 - value, value)


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
        density=lambda x, mu, sigma: (
            np.exp(-0.5 * ((np.asarray(x, dtype=float) - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
        ),
        cdf=_normal_cdf,
        mean=lambda mu, sigma: mu,
        var=lambda mu, sigma: sigma**2,
        sample=lambda rng, size, mu, sigma: rng.normal(mu, sigma, size),
        support=lambda mu, sigma: (mu - 4 * sigma, mu + 4 * sigma),
    ),
    "exponential": Distribution(
        (Parameter("lam", 0.1, 5.0, 1.0),),
        discrete=False,
        density=lambda x, lam: np.where(
            np.asarray(x) >= 0, lam * np.exp(-lam * np.maximum(np.asarray(x, dtype=float), 0)), 0.0
        ),
        cdf=lambda x, lam: np.where(
            np.asarray(x) >= 0, -np.expm1(-lam * np.maximum(np.asarray(x, dtype=float), 0)), 0.0
        ),
        mean=lambda lam: 1 / lam,
        var=lambda lam: 1 / lam**2,
        sample=lambda rng, size, lam: rng.exponential(1 / lam, size),
        support=lambda lam: (0.0, 7 / lam),
    ),
    "beta": Distribution(
        (Parameter("alpha", 0.2, 20.0, 2.0), Parameter("beta", 0.2, 20.0, 5.0)),
        discrete=False,
        density=_beta_pdf,
        cdf=_betainc,
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


def running_mean(x) -> np.ndarray:
    """The mean of the first k draws, for k = 1 … n: the law of large numbers, step by step.

    Examples
    --------
    >>> running_mean([1.0, 3.0, 5.0])
    array([1., 2., 3.])
    """
    x = np.asarray(x, dtype=float)
    return np.cumsum(x) / np.arange(1, len(x) + 1)


def sample_means(name: str, n: int, repeats: int, rng: np.random.Generator, **params: float) -> np.ndarray:
    """``repeats`` means of n independent draws each: by the central limit theorem they are
    close to normal with mean μ and variance σ²/n, whatever the distribution.

    Examples
    --------
    >>> sample_means("exponential", 50, 4, np.random.default_rng(0), lam=1.0).shape
    (4,)
    """
    for label, value, high in (("n", n, 1000), ("repeats", repeats, 100_000)):
        if not 1 <= value <= high:
            raise MathDLError("out_of_range", name=label, low=1, high=high, value=value)
    dist, theta = distribution(name, **params)
    return dist.sample(rng, (repeats, n), *theta).mean(axis=1)


def normal_log_likelihood(x, mu, sigma) -> np.ndarray:
    """ℓ(μ, σ) = Σ log N(x_i | μ, σ²) = −n log(σ√(2π)) − Σ (x_i − μ)² / (2σ²).

    Up to constants, −ℓ is the squared error: this is why a Gaussian likelihood gives the MSE loss.
    ``mu`` may be an array, to draw the curve ℓ(μ).

    Examples
    --------
    >>> round(float(normal_log_likelihood([0.0], 0.0, 1.0)), 4)
    -0.9189
    """
    x = np.asarray(x, dtype=float)
    mu = np.asarray(mu, dtype=float)[..., None]  # (..., 1) against the data (n,)
    return -len(x) * math.log(sigma * math.sqrt(2 * math.pi)) - ((x - mu) ** 2).sum(axis=-1) / (2 * sigma**2)


def bernoulli_log_likelihood(x, p) -> np.ndarray:
    """ℓ(p) = Σ [x_i log p + (1 − x_i) log(1 − p)]: minus the binary cross-entropy, summed.

    Examples
    --------
    >>> round(float(bernoulli_log_likelihood([1, 0], 0.5)), 4)
    -1.3863
    """
    x = np.asarray(x, dtype=float)
    p = np.asarray(p, dtype=float)[..., None]
    return (_xlogy(x, p) + _xlogy(1 - x, 1 - p)).sum(axis=-1)


def normal_mle(x) -> tuple[float, float]:
    """The maximum-likelihood μ̂ = mean and σ̂ = √(Σ (x_i − μ̂)² / n) (divided by n, not n − 1).

    Examples
    --------
    >>> normal_mle([1.0, 3.0])
    (2.0, 1.0)
    """
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        raise MathDLError("out_of_range", name="n", low=1, high="∞", value=0)
    mu = float(x.mean())
    return mu, float(np.sqrt(np.mean((x - mu) ** 2)))


def bernoulli_mle(x) -> float:
    """The maximum-likelihood p̂ of a Bernoulli: the share of ones, k / n.

    Examples
    --------
    >>> bernoulli_mle([1, 0, 0, 1])
    0.5
    """
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        raise MathDLError("out_of_range", name="n", low=1, high="∞", value=0)
    return float(x.mean())


def bayes(prior: float, sensitivity: float, false_positive_rate: float) -> float:
    """P(condition | positive test) = P(+|c) P(c) / [P(+|c) P(c) + P(+|not c) (1 − P(c))].

    Examples
    --------
    >>> round(bayes(0.01, 0.9, 0.05), 4)
    0.1538
    """
    for name, value in (("prior", prior), ("sensitivity", sensitivity), ("false_positive_rate", false_positive_rate)):
        if not 0.0 <= value <= 1.0:
            raise MathDLError("out_of_range", name=name, low=0, high=1, value=value)
    positive = sensitivity * prior + false_positive_rate * (1 - prior)
    return sensitivity * prior / positive if positive > 0 else 0.0


def beta_posterior(alpha: float, beta: float, successes: int, failures: int) -> tuple[float, float]:
    """Beta(α, β) prior, Bernoulli data → Beta(α + successes, β + failures) posterior.

    Examples
    --------
    >>> beta_posterior(1.0, 1.0, 7, 3)
    (8.0, 4.0)
    """
    if alpha <= 0 or beta <= 0 or successes < 0 or failures < 0:
        raise MathDLError(
            "out_of_range",
            name="alpha, beta, successes, failures",
            low=0,
            high="∞",
            value=(alpha, beta, successes, failures),
        )
    return float(alpha + successes), float(beta + failures)


INITS = {  # the standard deviation of a weight, for a layer with fan_in inputs and fan_out outputs
    "naive": lambda fan_in, fan_out: 1.0,
    "xavier": lambda fan_in, fan_out: math.sqrt(2.0 / (fan_in + fan_out)),  # Glorot & Bengio, 2010
    "he": lambda fan_in, fan_out: math.sqrt(2.0 / fan_in),  # He et al., 2015, for ReLU
}
LAYER_ACTIVATIONS = ("linear", "tanh", "relu")  # keys of activations.ACTIVATIONS the variance demo compares


def layer_variances(
    depth: int, width: int, init: str, activation: str, rng: np.random.Generator, n: int = 500
) -> np.ndarray:
    """The variance of the activations after each layer of a deep stack at initialisation.

    h_{l+1} = φ(h_l W_l) with W_l ~ N(0, s²). Each unit sums ``width`` terms, so
    Var(z) = width · s² · E[h²]: s = √(2/fan_in) (He) keeps ReLU activations steady,
    s = 1 (naive) makes them explode or saturate.

    Returns
    -------
    ndarray of shape (depth + 1,): the input's variance, then each layer's.

    Examples
    --------
    >>> layer_variances(3, 64, "he", "relu", np.random.default_rng(0)).shape
    (4,)
    """
    if init not in INITS or activation not in ACTIVATIONS:
        bad = ("init", init, list(INITS)) if init not in INITS else ("activation", activation, list(ACTIVATIONS))
        raise MathDLError("unknown_choice", name=bad[0], value=bad[1], allowed=bad[2])
    for label, value, high in (("depth", depth, 100), ("width", width, 1024)):
        if not 1 <= value <= high:
            raise MathDLError("out_of_range", name=label, low=1, high=high, value=value)
    h = rng.standard_normal((n, width))  # (n, width)
    variances = [h.var()]
    scale = INITS[init](width, width)
    for _ in range(depth):
        h = ACTIVATIONS[activation].f(h @ (scale * rng.standard_normal((width, width))))
        variances.append(h.var())
    return np.array(variances)


def mse(x, mu) -> float:
    """The mean squared error (1/n) Σ (x_i − μ)² of predicting every x_i by μ.

    Examples
    --------
    >>> mse([1.0, 3.0], 2.0)
    1.0
    """
    x = np.asarray(x, dtype=float)
    return float(np.mean((x - mu) ** 2))


def histogram(x, lo: float, hi: float, *, discrete: bool, bins: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sample's histogram on the scale of its PMF or PDF, so the two can be drawn together.

    Discrete: the share of draws equal to each whole number k in [lo, hi]. Continuous: ``bins``
    equal bins on [lo, hi], each bar's height the share in it divided by its width.

    Returns
    -------
    left edges, right edges and heights; a discrete bar k runs from k − 0.5 to k + 0.5.

    Examples
    --------
    >>> histogram([0, 1, 1, 1], 0, 1, discrete=True)[2]
    array([0.25, 0.75])
    """
    x = np.asarray(x, dtype=float)
    if discrete:
        k = np.arange(math.floor(lo), math.floor(hi) + 1)
        share = (x[:, None] == k).mean(axis=0) if len(x) else np.zeros(len(k))
        return k - 0.5, k + 0.5, share
    edges = np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(x, edges)
    return edges[:-1], edges[1:], counts / (max(len(x), 1) * np.diff(edges))


def ecdf(x, grid) -> np.ndarray:
    """The empirical CDF: the share of the sample at or below each point of ``grid``.

    Examples
    --------
    >>> ecdf([1.0, 2.0, 2.0, 5.0], [0.0, 2.0, 10.0])
    array([0.  , 0.75, 1.  ])
    """
    x = np.sort(np.asarray(x, dtype=float))
    return np.searchsorted(x, np.asarray(grid, dtype=float), side="right") / len(x)


def natural_frequencies(
    prior: float, sensitivity: float, false_positive_rate: float, population: int = 1000
) -> dict[str, int]:
    """Bayes' rule as counts of people: of ``population``, how many are ill and test positive
    (tp), ill and negative (fn), healthy and positive (fp), healthy and negative (tn).

    The expected counts are rounded so that they still add up to ``population`` (largest
    remainders first), for a picture with one square per person.

    Examples
    --------
    >>> natural_frequencies(0.01, 0.9, 0.05)
    {'tp': 9, 'fn': 1, 'fp': 50, 'tn': 940}
    """
    bayes(prior, sensitivity, false_positive_rate)  # validates the three probabilities
    expected = population * np.array(
        [
            prior * sensitivity,
            prior * (1 - sensitivity),
            (1 - prior) * false_positive_rate,
            (1 - prior) * (1 - false_positive_rate),
        ]
    )
    counts = np.floor(expected).astype(int)
    short = population - counts.sum()
    counts[np.argsort(counts - expected)[:short]] += 1  # the largest remainders round up
    return dict(zip(("tp", "fn", "fp", "tn"), counts.tolist()))
