"""Special functions that distributions and tests share: the normal curve and the incomplete beta.

numpy has neither the normal CDF nor the regularised incomplete beta, and mathdl does not depend
on scipy, so they are written here once, from their formulas: the normal CDF through ``erfc``,
the incomplete beta through its continued fraction. :mod:`mathdl.probability` draws the beta CDF
with :func:`betainc`, :mod:`mathdl.inference` Student's t CDF; the tests compare both with
``scipy.special`` and ``scipy.stats``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError

_erfc = np.frompyfunc(math.erfc, 1, 1)  # math.erfc as a ufunc: far less overhead than np.vectorize
_lgamma = np.frompyfunc(math.lgamma, 1, 1)


def _check_sigma(sigma: float) -> None:
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)


def normal_pdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> NDArray[np.float64]:
    """The normal density, φ(x) = exp(−(x − μ)² / (2σ²)) / (σ√(2π)).

    Parameters
    ----------
    x : array_like
        Points, any shape.
    mu : float
        The mean μ.
    sigma : float
        The standard deviation σ > 0.

    Returns
    -------
    ndarray of float
        The density at each point, the shape of ``x``.

    Examples
    --------
    >>> round(float(normal_pdf(0.0)), 6)  # 1/√(2π)
    0.398942
    """
    _check_sigma(sigma)
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-0.5 * z**2) / (sigma * math.sqrt(2 * math.pi))


def normal_cdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> NDArray[np.float64]:
    """The normal CDF, Φ((x − μ)/σ) = ½ erfc(−(x − μ) / (σ√2)).

    ``erfc`` rather than ``1 + erf``: far in the lower tail 1 + erf(z) cancels to 0, while
    erfc keeps every digit (Φ(−10) ≈ 7.6 · 10⁻²⁴, not 0).

    Parameters
    ----------
    x : array_like
        Points, any shape.
    mu : float
        The mean μ.
    sigma : float
        The standard deviation σ > 0.

    Returns
    -------
    ndarray of float
        P(X ≤ x) at each point, the shape of ``x``.

    Examples
    --------
    >>> round(float(normal_cdf(1.959964)), 6)
    0.975
    """
    _check_sigma(sigma)
    z = (np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2))
    return np.asarray(0.5 * _erfc(-z), dtype=float)


def xlogy(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """x · log y, with 0 · log 0 = 0: a certain event (p = 0 or 1) has log-probability 0, not NaN.

    Parameters
    ----------
    x, y : array_like
        Broadcastable arrays; y ≥ 0.

    Returns
    -------
    ndarray of float
        x log y element-wise, 0 where x = 0 (−inf where y = 0 < x).

    Examples
    --------
    >>> xlogy([0.0, 2.0], [0.0, np.e]).tolist()
    [0.0, 2.0]
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def log_beta(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), element-wise.

    Parameters
    ----------
    a, b : array_like
        Broadcastable arrays of positive numbers.

    Returns
    -------
    ndarray of float
        log B(a, b), the broadcast shape.

    Examples
    --------
    >>> round(float(log_beta(2.0, 3.0)), 6)  # B(2, 3) = 1/12
    -2.484907
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.asarray(_lgamma(a) + _lgamma(b) - _lgamma(a + b), dtype=float)


def betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """The regularised incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x), element-wise.

    The arguments come in scipy's order, ``scipy.special.betainc(a, b, x)``. By its continued fraction,

        I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …))),

    d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)), d_{2m} = m(b − m) x / ((a + 2m − 1)(a + 2m)).
    The fraction converges fast for x < (a + 1)/(a + b + 2); above that point I_x(a, b) = 1 − I_{1−x}(b, a).
    Its convergents P_n / Q_n obey Wallis's recurrence P_n = P_{n−1} + d_n P_{n−2} (the same for Q):
    two multiply-adds per term on whole arrays, a block of terms at a time, after which P and Q are
    divided by P_n (so they cannot overflow). The loop stops once every element's last two
    convergents agree to 1e-15.

    Below the flip point the fraction lies between ½ and 1 and the factor in front is a product of
    powers, so a small I_x keeps its relative precision down to the smallest double (a few units
    in the 13th digit: log B(a, b) is a difference of log-gammas). Above it I_x is not small (over
    2 · 10⁻⁴ for a and b from 10⁻³ to 10⁴), and 1 − I_{1−x}(b, a) keeps its absolute precision.
    :func:`betainc_from_logs` takes log x and log(1 − x) instead of x, for a caller that knows them
    better than x itself.

    Parameters
    ----------
    a, b : array_like
        Positive shape parameters.
    x : array_like
        Points in [0, 1] (0 below, 1 above); a, b and x broadcast together.

    Returns
    -------
    ndarray of float
        I_x(a, b), the broadcast shape.

    Examples
    --------
    >>> round(float(betainc(2.0, 3.0, 0.4)), 6)  # = 1 − 0.6⁴ − 4 · 0.4 · 0.6³
    0.5248
    """
    inside = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):  # log 0 = −inf: I_0 = 0 and I_1 = 1
        return betainc_from_logs(a, b, np.log(inside), np.log1p(-inside))


def betainc_from_logs(a: ArrayLike, b: ArrayLike, log_x: ArrayLike, log_1mx: ArrayLike) -> NDArray[np.float64]:
    """I_x(a, b) of :func:`betainc`, from log x and log(1 − x) rather than x.

    A caller whose x comes from a formula often knows these logs better than x: Student's t puts
    x = ν/(ν + t²), where t² overflows beyond |t| ≈ 10¹⁵⁴ and 1 − x = t²/(ν + t²) would lose every
    digit to rounding for small t, but log x = −log(1 + t²/ν) can be written without either.
    The factor in front, x^a (1 − x)^b / (a B(a, b)), is then exp(a log x + b log(1 − x) − log(a B(a, b))):
    I_x stays right for an x below the smallest double (I_x(a, b) ≈ x^a / (a B(a, b)) there).

    Parameters
    ----------
    a, b : array_like
        Positive shape parameters.
    log_x, log_1mx : array_like
        log x and log(1 − x) of the same x in [0, 1] (−inf for x = 0, or for x = 1 in ``log_1mx``);
        a, b and the logs broadcast together.

    Returns
    -------
    ndarray of float
        I_x(a, b), the broadcast shape.

    Examples
    --------
    >>> x = betainc_from_logs(0.5, 2.0, -800.0, 0.0)  # x = e⁻⁸⁰⁰, which no double can hold
    >>> round(float(x / math.exp(-400.0)), 12)  # I_x(½, 2) ≈ x^½ / (½ B(½, 2)) = 1.5 e⁻⁴⁰⁰
    1.5
    """
    log_x, log_1mx, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (log_x, log_1mx, a, b)))
    flip = np.exp(log_x) > (a + 1) / (a + b + 2)  # the fraction converges fast only below this point
    log_x, log_1mx = np.where(flip, log_1mx, log_x), np.where(flip, log_x, log_1mx)
    a, b = np.where(flip, b, a), np.where(flip, a, b)
    with np.errstate(invalid="ignore"):  # an end (log x = −inf) gives exp(−inf) = 0, whatever the fraction
        log_front = a * log_x + b * log_1mx - log_beta(a, b) - np.log(a)
        value = np.exp(log_front) * _continued_fraction(np.exp(log_x), a, b)
    return np.asarray(np.where(flip, 1 - value, value), dtype=float)


def _continued_fraction(x: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """1 / (1 + d₁ / (1 + d₂ / (1 + …))) of :func:`betainc`, for x below the flip point."""
    # Row 0 holds P, row 1 holds Q: they obey the same recurrence, from P/Q = 1/0 and then 1/1.
    before, now = np.stack([np.ones_like(x), np.zeros_like(x)]), np.ones((2, *x.shape))
    pairs = 8  # (d_{2m+1}, d_{2m+2}) pairs per block: fewer blocks cost fewer numpy calls, more overshoot
    for start in range(0, 500, pairs):  # at most 1000 terms
        m = np.arange(start, start + pairs).reshape(-1, *([1] * x.ndim))  # (pairs, 1, …) against x
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))  # d_{2m+1}
        even = (m + 1) * (b - m - 1) * x / ((a + 2 * m + 1) * (a + 2 * m + 2))  # d_{2m+2}
        for d_odd, d_even in zip(odd, even, strict=True):
            before, now = now, now + d_odd * before
            before, now = now, now + d_even * before
        before, now = before / now[0], now / now[0]  # now[1] = Q_n / P_n ≈ 1 / (1 + d₁ / (1 + …))
        if np.all(np.abs(now[1] * before[0] - before[1]) <= 1e-15 * np.abs(now[1] * before[0])):  # Q_n/P_n settled
            break
    fraction: NDArray[np.float64] = now[1]
    return fraction
