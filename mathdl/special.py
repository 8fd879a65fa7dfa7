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

    Parameters
    ----------
    a, b : array_like
        Positive shape parameters.
    x : array_like
        Points in [0, 1]; a, b and x broadcast together.

    Returns
    -------
    ndarray of float
        I_x(a, b), the broadcast shape.

    Examples
    --------
    >>> round(float(betainc(2.0, 3.0, 0.4)), 6)  # = 1 − 0.6⁴ − 4 · 0.4 · 0.6³
    0.5248
    """
    x, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, a, b)))
    flip = x > (a + 1) / (a + b + 2)  # the fraction converges fast only below this point
    x, a, b = np.where(flip, 1 - x, x), np.where(flip, b, a), np.where(flip, a, b)
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    log_front = a * np.log(xs) + b * np.log1p(-xs) - log_beta(a, b)
    fraction = _continued_fraction(xs, a, b)
    value = np.where(inside, np.exp(log_front) / a * fraction, np.where(x >= 1, 1.0, 0.0))
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
