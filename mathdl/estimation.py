"""From data back to the distribution: maximum likelihood, and Bayes' rule from prior to posterior.

Maximum likelihood is where the usual losses come from: minus a Gaussian log-likelihood is the
squared error up to constants, minus a Bernoulli one is the binary cross-entropy. Bayes' rule
weighs evidence by a prior, shown with a base-rate example and a Beta prior updated by coin flips.
The tests compare with ``scipy.stats``, scikit-learn's ``log_loss`` and closed forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.special import xlogy
from mathdl.validation import as_sample, check_range

Array = NDArray[np.float64]


def normal_log_likelihood(x: ArrayLike, mu: ArrayLike, sigma: float) -> Array:
    """The log-likelihood of a normal sample, ℓ(μ, σ) = Σ log N(x_i | μ, σ²).

    ℓ(μ, σ) = −n log(σ√(2π)) − Σ (x_i − μ)² / (2σ²). Up to constants, −ℓ is the squared error:
    this is why a Gaussian likelihood gives the MSE loss.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data.
    mu : array_like
        One mean μ, or several (any shape) to draw the curve ℓ(μ).
    sigma : float
        The standard deviation σ > 0.

    Returns
    -------
    ndarray of float
        ℓ for each μ, the shape of ``mu``.

    Examples
    --------
    >>> round(float(normal_log_likelihood([0.0], 0.0, 1.0)), 4)
    -0.9189
    """
    x = np.asarray(x, dtype=float)
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)
    mu = np.asarray(mu, dtype=float)[..., None]  # (..., 1) against the data (n,)
    loglik: Array = -len(x) * math.log(sigma * math.sqrt(2 * math.pi)) - ((x - mu) ** 2).sum(axis=-1) / (2 * sigma**2)
    return loglik


def bernoulli_log_likelihood(x: ArrayLike, p: ArrayLike) -> Array:
    """The log-likelihood of a Bernoulli sample, ℓ(p) = Σ [x_i log p + (1 − x_i) log(1 − p)].

    It is minus the binary cross-entropy, summed over the points.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, zeros and ones.
    p : array_like
        One probability p of a one, or several (any shape) to draw the curve ℓ(p).

    Returns
    -------
    ndarray of float
        ℓ for each p, the shape of ``p``; −inf where p makes an observed outcome impossible.

    Examples
    --------
    >>> round(float(bernoulli_log_likelihood([1, 0], 0.5)), 4)
    -1.3863
    """
    x = np.asarray(x, dtype=float)
    p = np.asarray(p, dtype=float)[..., None]  # (..., 1) against the data (n,)
    loglik: Array = (xlogy(x, p) + xlogy(1 - x, 1 - p)).sum(axis=-1)
    return loglik


def normal_nll(x: ArrayLike, mu: float, sigma: float) -> float:
    """Minus the log-likelihood per point, −ℓ(μ, σ)/n = log(σ√(2π)) + MSE(μ)/(2σ²).

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, n ≥ 1.
    mu : float
        The mean μ.
    sigma : float
        The standard deviation σ > 0.

    Returns
    -------
    float
        The mean negative log-likelihood.

    Examples
    --------
    >>> round(normal_nll([1.0, 3.0], 2.0, 1.0), 4)  # log √(2π) + 1/2
    1.4189
    """
    x = as_sample(x, "x")
    return -float(normal_log_likelihood(x, mu, sigma)) / len(x)


def bernoulli_nll(x: ArrayLike, p: float) -> float:
    """Minus the log-likelihood per point, −ℓ(p)/n: the binary cross-entropy BCE(x, p).

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, zeros and ones, n ≥ 1.
    p : float
        The probability of a one.

    Returns
    -------
    float
        The mean negative log-likelihood (inf if p makes an observed outcome impossible).

    Examples
    --------
    >>> round(bernoulli_nll([1, 0], 0.5), 4)  # log 2
    0.6931
    """
    x = as_sample(x, "x")
    return -float(bernoulli_log_likelihood(x, check_range("p", p, 0.0, 1.0))) / len(x)


def mse(x: ArrayLike, mu: float) -> float:
    """The mean squared error (1/n) Σ (x_i − μ)² of predicting every x_i by μ.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, n ≥ 1.
    mu : float
        The prediction.

    Returns
    -------
    float
        The mean squared error.

    Examples
    --------
    >>> mse([1.0, 3.0], 2.0)
    1.0
    """
    x = as_sample(x, "x")
    return float(np.mean((x - mu) ** 2))


def normal_mle(x: ArrayLike) -> tuple[float, float]:
    """The maximum-likelihood μ̂ = x̄ and σ̂ = √(Σ (x_i − μ̂)² / n) of a normal.

    σ̂ divides by n, not n − 1: the maximum-likelihood estimate is biased low.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, n ≥ 1.

    Returns
    -------
    tuple of float
        ``(mu_hat, sigma_hat)``; σ̂ = 0 for a single point.

    Examples
    --------
    >>> normal_mle([1.0, 3.0])
    (2.0, 1.0)
    """
    x = as_sample(x, "x")
    mu = float(x.mean())
    return mu, float(np.sqrt(np.mean((x - mu) ** 2)))


def bernoulli_mle(x: ArrayLike) -> float:
    """The maximum-likelihood p̂ of a Bernoulli: the share of ones, k / n.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, zeros and ones, n ≥ 1.

    Returns
    -------
    float
        p̂ = k / n.

    Examples
    --------
    >>> bernoulli_mle([1, 0, 0, 1])
    0.5
    """
    return float(as_sample(x, "x").mean())


def bayes(prior: float, sensitivity: float, false_positive_rate: float) -> float:
    """Bayes' rule for a test: P(c | +) = P(+|c) P(c) / [P(+|c) P(c) + P(+|not c) (1 − P(c))].

    Parameters
    ----------
    prior : float
        The base rate P(c) of the condition, in [0, 1].
    sensitivity : float
        P(+ | c), the share of the ill whom the test finds, in [0, 1].
    false_positive_rate : float
        P(+ | not c), the share of the healthy for whom it fires, in [0, 1].

    Returns
    -------
    float
        P(c | +), the probability of the condition after a positive test (0 if no one tests positive).

    Examples
    --------
    >>> round(bayes(0.01, 0.9, 0.05), 4)
    0.1538
    """
    for name, value in (("prior", prior), ("sensitivity", sensitivity), ("false_positive_rate", false_positive_rate)):
        check_range(name, value, 0.0, 1.0)
    positive = sensitivity * prior + false_positive_rate * (1 - prior)
    return sensitivity * prior / positive if positive > 0 else 0.0


def natural_frequencies(
    prior: float, sensitivity: float, false_positive_rate: float, population: int = 1000
) -> dict[str, int]:
    """Bayes' rule as counts of people: how many are ill or healthy, and test positive or negative.

    The expected counts (population × P(c) × sensitivity, …) are rounded so that they still add up
    to ``population`` (largest remainders first), for a picture with one square per person.

    Parameters
    ----------
    prior, sensitivity, false_positive_rate : float
        As for :func:`bayes`.
    population : int
        The number of people, at least 1.

    Returns
    -------
    dict of str to int
        ``tp`` ill and positive, ``fn`` ill and negative, ``fp`` healthy and positive, ``tn``
        healthy and negative.

    Examples
    --------
    >>> natural_frequencies(0.01, 0.9, 0.05)
    {'tp': 9, 'fn': 1, 'fp': 50, 'tn': 940}
    """
    bayes(prior, sensitivity, false_positive_rate)  # checks the three probabilities
    check_range("population", population, 1, 10**9)
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
    return dict(zip(("tp", "fn", "fp", "tn"), counts.tolist(), strict=True))


@dataclass(frozen=True)
class BetaPosterior:
    """The posterior Beta(α', β') of a coin's probability of heads, with its mean and spread."""

    alpha: float  # α' = α + successes
    beta: float  # β' = β + failures
    mean: float  # α' / (α' + β')
    sd: float  # √(α'β' / ((α' + β')² (α' + β' + 1)))


def beta_posterior(alpha: float, beta: float, successes: int, failures: int) -> BetaPosterior:
    """A Beta(α, β) prior and Bernoulli data give the Beta(α + successes, β + failures) posterior.

    Parameters
    ----------
    alpha, beta : float
        The prior's parameters, > 0: it acts like α − 1 heads and β − 1 tails seen before.
    successes, failures : int
        The ones and zeros observed, ≥ 0.

    Returns
    -------
    BetaPosterior
        The posterior's parameters, mean and standard deviation.

    Examples
    --------
    >>> post = beta_posterior(1.0, 1.0, 7, 3)
    >>> post.alpha, post.beta, round(post.mean, 4), round(post.sd, 4)
    (8.0, 4.0, 0.6667, 0.1307)
    """
    if not (alpha > 0 and beta > 0 and successes >= 0 and failures >= 0):
        raise MathDLError(
            "out_of_range",
            name="alpha, beta, successes, failures",
            low=0,
            high="∞",
            value=(alpha, beta, successes, failures),
        )
    a, b = float(alpha + successes), float(beta + failures)
    return BetaPosterior(a, b, a / (a + b), math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))))
