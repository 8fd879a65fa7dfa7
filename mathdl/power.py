"""Rejection regions and power: how often a test rejects H₀, when H₀ is true (α) and when it is not (1 − β).

Under H₀ the z statistic is N(0, 1); under H₁ it is N(δ/SE, 1), shifted by the true difference in
standard errors. The power is the area of the shifted curve beyond the critical values. The tests
compare with ``scipy.stats.norm`` and the noncentral t, ``scipy.stats.nct``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.inference import ALTERNATIVES, check_level, normal_ppf, t_ppf
from mathdl.sampling import standard_error
from mathdl.special import normal_cdf
from mathdl.validation import check_choice

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)  # Gauss–Legendre's rule on [−1, 1], for t_power
_AROUND = np.array([-8.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 8.0])  # its panel edges, in widths of the fall


def critical_values(alpha: float, alternative: str = "two-sided", df: float | None = None) -> tuple[float, float]:
    """The statistic's values beyond which H₀ is rejected at level α.

    Parameters
    ----------
    alpha : float
        The level, 0 < α < 1.
    alternative : str
        One of :data:`ALTERNATIVES`.
    df : float or None
        The t test's degrees of freedom; None for the z test.

    Returns
    -------
    tuple of float
        ``(low, high)``: reject when the statistic is at most low or at least high; −inf or +inf
        for the side a one-sided test never rejects on.

    Examples
    --------
    >>> tuple(round(c, 3) for c in critical_values(0.05))
    (-1.96, 1.96)
    """
    check_level(alpha)
    check_choice("alternative", alternative, ALTERNATIVES)
    ppf = normal_ppf if df is None else (lambda q: t_ppf(q, df))
    if alternative == "two-sided":
        q = ppf(1 - alpha / 2)
        return -q, q
    return (-math.inf, ppf(1 - alpha)) if alternative == "greater" else (ppf(alpha), math.inf)


def in_rejection_region(statistic: ArrayLike, critical: tuple[float, float]) -> NDArray[np.bool_]:
    """Whether a test with these critical values rejects H₀: statistic ≤ low or statistic ≥ high.

    Parameters
    ----------
    statistic : array_like
        Values of the test statistic, any shape.
    critical : tuple of float
        ``(low, high)`` from :func:`critical_values`.

    Returns
    -------
    ndarray of bool
        True where H₀ is rejected, the shape of ``statistic``.

    Examples
    --------
    >>> in_rejection_region([-2.5, 0.0, 1.7], (-math.inf, 1.645)).tolist()
    [False, False, True]
    """
    z = np.asarray(statistic, dtype=float)
    return (z <= critical[0]) | (z >= critical[1])


def _power_design(sigma: float, n: int) -> None:
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)
    if n < 2:
        raise MathDLError("too_few_values", name="n", minimum=2, n=n)


def z_shift(effect: float, sigma: float, n: int, two_sample: bool = False) -> float:
    """Where the z statistic is centred under H₁: δ/SE, the true difference in standard errors.

    SE = σ/√n for one sample, σ√(2/n) for two groups of n (:func:`mathdl.sampling.standard_error`).

    Parameters
    ----------
    effect : float
        The true difference δ.
    sigma : float
        The standard deviation σ > 0 of one measurement.
    n : int
        Measurements per group, n ≥ 2.
    two_sample : bool
        Two groups instead of one sample.

    Returns
    -------
    float
        δ/SE.

    Examples
    --------
    >>> z_shift(0.5, 1.0, 16)  # 0.5 / (1/4)
    2.0
    """
    _power_design(sigma, n)
    return effect / float(standard_error(sigma, n, two_sample=two_sample))


def z_power(
    effect: float, sigma: float, n: int, alpha: float, alternative: str = "two-sided", two_sample: bool = False
) -> float:
    """P(reject H₀ | the true difference is ``effect``) for a z test.

    Under H₁ the statistic is N(δ/SE, 1), so the power is the area of that curve beyond
    the critical values: Φ(δ/SE − z_{1−α}) one-sided, Φ(δ/SE − z) + Φ(−z − δ/SE) two-sided.

    Parameters
    ----------
    effect : float
        The true difference δ.
    sigma : float
        The standard deviation σ > 0 of one measurement.
    n : int
        Measurements per group, n ≥ 2.
    alpha : float
        The level, 0 < α < 1.
    alternative : str
        One of :data:`ALTERNATIVES`.
    two_sample : bool
        Two groups of n instead of one sample.

    Returns
    -------
    float
        The power 1 − β.

    Examples
    --------
    >>> round(z_power(0.5, 1.0, 32, 0.05, "greater"), 3)  # Φ(0.5·√32 − 1.645)
    0.882
    """
    shift = z_shift(effect, sigma, n, two_sample)
    low, high = critical_values(alpha, alternative)
    return float(normal_cdf(shift - high) + normal_cdf(low - shift))


def t_power(
    effect: float, sigma: float, n: int, alpha: float, alternative: str = "two-sided", two_sample: bool = False
) -> float:
    """Power of the t test, from its definition.

    T = (Z + δ) / (U/√ν) with Z ~ N(0, 1), U = √V, V ~ χ²_ν and δ = effect/SE. Given U = u, the
    test rejects when Z > c u/√ν − δ, so the power is that normal probability averaged over
    the density of U (the χ distribution, u^{ν−1} e^{−u²/2} / (2^{ν/2−1} Γ(ν/2))): a one-dimensional
    integral. It is taken by Gauss–Legendre's rule, 16 points on each panel: panels half a unit
    wide where U has its mass, √ν ± 9, and narrower ones where the normal probability falls from
    1 to 0, within 8 of its widths √ν/|c| around u = δ√ν/c. That fall is sharp when ν is small
    and c large (0.008 wide for ν = 1 and α = 0.005). It agrees with the noncentral t to about 10⁻¹².

    Parameters
    ----------
    effect, sigma, n, alpha, alternative, two_sample
        As for :func:`z_power`; ν = n − 1 for one sample, 2n − 2 for two.

    Returns
    -------
    float
        The power 1 − β.

    Examples
    --------
    >>> round(t_power(0.5, 1.0, 32, 0.05, "greater"), 3)  # a little below the z test's 0.882
    0.869
    """
    shift = z_shift(effect, sigma, n, two_sample)
    df = 2.0 * n - 2 if two_sample else n - 1.0
    low, high = critical_values(alpha, alternative, df)
    root = math.sqrt(df)
    start, stop = max(0.0, root - 9), root + 9  # χ_ν beyond these holds less than 10⁻²² (ν = 1 to 1000)
    edges = [np.linspace(start, stop, 2 * round(stop - start) + 1)]
    for c in (low, high):
        if math.isfinite(c):  # Z ≷ c u/√ν − δ turns over at u = δ√ν/c, over a width √ν/|c|
            edges.append(shift * root / c + root / abs(c) * _AROUND)
    panels = np.unique(np.clip(np.concatenate(edges), start, stop))  # (P + 1,)
    half = np.diff(panels)[:, None] / 2  # (P, 1)
    u = panels[:-1, None] + half * (1 + _NODES)  # (P, 16)
    density = np.exp((df - 1) * np.log(u) - u**2 / 2 - (df / 2 - 1) * math.log(2) - math.lgamma(df / 2))
    scale = u / root
    reject = normal_cdf(shift - high * scale) if math.isfinite(high) else 0.0
    reject = reject + (normal_cdf(low * scale - shift) if math.isfinite(low) else 0.0)
    return float(np.sum(half * _WEIGHTS * density * reject))
