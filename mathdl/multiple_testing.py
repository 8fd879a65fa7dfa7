"""Many tests at once: the false positives they produce by chance, and the corrections that bound them.

Under H₀ a p-value is uniform on [0, 1], so each of m tests at level α rejects with probability
α, and the chance of at least one false positive grows as 1 − (1 − α)^m. A correction compares
the i-th smallest p-value with a smaller threshold (:func:`thresholds`); :data:`CORRECTIONS`
names them. Every correction works on one study (a vector of p-values) or on many at once (one
study per row). The tests compare with ``scipy.stats`` and with simulation.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.inference import check_level, t_sf
from mathdl.validation import check_choice, check_range

Array = NDArray[np.float64]
Rejections = NDArray[np.bool_]
RULES = ("none", "bonferroni", "holm", "bh")


def null_p_values(m: int, n: int, rng: np.random.Generator) -> Array:
    """The p-values of m two-sided one-sample t tests of H₀: mean = 0, on standard normal data where H₀ is true.

    Each p-value is uniform on [0, 1], so about α·m of them fall below α by chance.

    Parameters
    ----------
    m : int
        The number of tests, 1 to 10 000.
    n : int
        Data points per test, n ≥ 2.
    rng : numpy.random.Generator
        The source of the data.

    Returns
    -------
    ndarray of shape (m,)
        The p-values.

    Examples
    --------
    >>> null_p_values(3, 10, np.random.default_rng(0)).shape
    (3,)
    """
    check_range("m", m, 1, 10_000)
    if n < 2:
        raise MathDLError("too_few_values", name="n", minimum=2, n=n)
    x = rng.standard_normal((m, n))  # (m, n): one test per row
    t = x.mean(axis=1) / (x.std(axis=1, ddof=1) / math.sqrt(n))
    return np.minimum(1.0, 2 * t_sf(np.abs(t), n - 1))


def null_studies(studies: int, m: int, n: int, rng: np.random.Generator) -> Array:
    """:func:`null_p_values` for many studies of m tests each, one study after the other.

    Parameters
    ----------
    studies : int
        The number of studies, 1 to 10 000.
    m, n : int
        As for :func:`null_p_values`.
    rng : numpy.random.Generator
        The source of the data.

    Returns
    -------
    ndarray of shape (studies, m)
        Each study's p-values in a row.

    Examples
    --------
    >>> null_studies(4, 3, 10, np.random.default_rng(0)).shape
    (4, 3)
    """
    check_range("studies", studies, 1, 10_000)
    return np.stack([null_p_values(m, n, rng) for _ in range(studies)])  # (studies, m)


def family_wise_error(alpha: float, m: ArrayLike) -> float | Array:
    """P(at least one false positive among m independent tests at level α) = 1 − (1 − α)^m.

    Parameters
    ----------
    alpha : float
        The level of each test, 0 < α < 1.
    m : int or array_like of int
        The number of tests.

    Returns
    -------
    float or ndarray
        The family-wise error rate; an array of the shape of ``m`` if ``m`` is one.

    Examples
    --------
    >>> round(family_wise_error(0.05, 20), 3)
    0.642
    """
    check_level(alpha)
    if np.ndim(m):
        rate: Array = 1 - (1 - alpha) ** np.asarray(m, dtype=float)
        return rate
    return float(1 - (1 - alpha) ** float(np.asarray(m, dtype=float)))


def any_rejection_rate(rejected: ArrayLike) -> float:
    """The share of studies with at least one rejection: under H₀, the simulated family-wise error rate.

    Parameters
    ----------
    rejected : array_like of bool, shape (studies, m)
        Which of each study's tests rejected H₀.

    Returns
    -------
    float
        The share of rows with a True.

    Examples
    --------
    >>> any_rejection_rate([[True, False], [False, False]])
    0.5
    """
    return float(np.any(np.atleast_2d(rejected), axis=-1).mean())


def thresholds(m: int, alpha: float, correction: str) -> Array:
    """The level that each rule compares the i-th smallest of m p-values with, for i = 1 … m.

    none: α; Bonferroni: α/m; Holm: α/(m − i + 1), rejecting up to the first failure;
    Benjamini–Hochberg (bh): iα/m, rejecting up to the last success.

    Parameters
    ----------
    m : int
        The number of tests, m ≥ 1.
    alpha : float
        The level, 0 < α < 1.
    correction : str
        One of :data:`RULES`.

    Returns
    -------
    ndarray of shape (m,)
        The thresholds, by rank.

    Examples
    --------
    >>> thresholds(4, 0.04, "holm").tolist()
    [0.01, 0.013333333333333334, 0.02, 0.04]
    """
    check_range("m", m, 1, 10**7)
    check_level(alpha)
    check_choice("correction", correction, RULES)
    ranks = np.arange(1, m + 1)
    if correction == "holm":
        return alpha / (m - ranks + 1)
    if correction == "bh":
        return alpha * ranks / m
    return np.full(m, alpha / m if correction == "bonferroni" else alpha)


def _p_values(p: ArrayLike) -> Array:
    """p-values as floats in [0, 1], one study per row (at least one value each)."""
    p = np.asarray(p, dtype=float)
    if p.ndim == 0 or p.shape[-1] == 0 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise MathDLError("out_of_range", name="p", low=0, high=1, value=p)
    return p


def _by_rank(p: Array, alpha: float, correction: str) -> tuple[NDArray[np.intp], Rejections]:
    """The order that sorts each study's p-values, and whether each sorted one passes its threshold."""
    order = np.argsort(p, axis=-1, kind="stable")
    passes = np.take_along_axis(p, order, axis=-1) <= thresholds(p.shape[-1], alpha, correction)
    return order, passes


def _in_place(order: NDArray[np.intp], by_rank: Rejections) -> Rejections:
    """Values given by rank, put back in the places of the p-values they belong to."""
    out = np.empty_like(by_rank)
    np.put_along_axis(out, order, by_rank, axis=-1)
    return out


def uncorrected(p: ArrayLike, alpha: float) -> Rejections:
    """Reject H₀ᵢ when pᵢ ≤ α, each test on its own: about α·m false positives under H₀.

    Parameters
    ----------
    p : array_like of shape (m,) or (studies, m)
        p-values, one study per row.
    alpha : float
        The level, 0 < α < 1.

    Returns
    -------
    ndarray of bool, the shape of ``p``
        True where H₀ is rejected.

    Examples
    --------
    >>> uncorrected([0.01, 0.04, 0.3], 0.05).tolist()
    [True, True, False]
    """
    return _p_values(p) <= check_level(alpha)


def bonferroni(p: ArrayLike, alpha: float) -> Rejections:
    """Reject H₀ᵢ when pᵢ ≤ α/m: the chance of any false positive stays at most α.

    Parameters
    ----------
    p : array_like of shape (m,) or (studies, m)
        p-values, one study per row.
    alpha : float
        The family-wise level, 0 < α < 1.

    Returns
    -------
    ndarray of bool, the shape of ``p``
        True where H₀ is rejected.

    Examples
    --------
    >>> bonferroni([0.01, 0.02, 0.3], 0.05).tolist()
    [True, False, False]
    """
    p = _p_values(p)
    return p <= thresholds(p.shape[-1], alpha, "bonferroni")[0]


def holm(p: ArrayLike, alpha: float) -> Rejections:
    """Holm's step-down: reject the i-th smallest p-value while it is at most α/(m − i + 1).

    Rejection stops at the first p-value that fails. Never rejects less than Bonferroni, with the
    same guarantee.

    Parameters
    ----------
    p : array_like of shape (m,) or (studies, m)
        p-values, one study per row.
    alpha : float
        The family-wise level, 0 < α < 1.

    Returns
    -------
    ndarray of bool, the shape of ``p``
        True where H₀ is rejected.

    Examples
    --------
    >>> holm([0.01, 0.02, 0.3], 0.05).tolist()
    [True, True, False]
    """
    order, passes = _by_rank(_p_values(p), alpha, "holm")
    return _in_place(order, np.logical_and.accumulate(passes, axis=-1))  # up to the first failure


def benjamini_hochberg(p: ArrayLike, alpha: float) -> Rejections:
    """Benjamini–Hochberg: find the largest i with p₍ᵢ₎ ≤ iα/m and reject the i smallest.

    It bounds the expected share of false discoveries among the rejections (FDR) by α.

    Parameters
    ----------
    p : array_like of shape (m,) or (studies, m)
        p-values, one study per row.
    alpha : float
        The false discovery rate, 0 < α < 1.

    Returns
    -------
    ndarray of bool, the shape of ``p``
        True where H₀ is rejected.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.03, 0.02, 0.5], 0.05).tolist()  # Bonferroni keeps only 0.01
    [True, True, True, False]
    """
    order, passes = _by_rank(_p_values(p), alpha, "bh")
    m = passes.shape[-1]
    last = np.where(passes.any(axis=-1), m - np.argmax(passes[..., ::-1], axis=-1), 0)  # how many to reject
    return _in_place(order, np.arange(m) < last[..., None])


def bh_adjusted(p: ArrayLike) -> Array:
    """Benjamini–Hochberg adjusted p-values: min over j ≥ i of p₍ⱼ₎ m / j, capped at 1.

    H₀ᵢ is rejected at level α exactly when its adjusted p-value is at most α.

    Parameters
    ----------
    p : array_like of shape (m,) or (studies, m)
        p-values, one study per row.

    Returns
    -------
    ndarray of float, the shape of ``p``
        The adjusted p-values.

    Examples
    --------
    >>> bh_adjusted([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = _p_values(p)
    m = p.shape[-1]
    order = np.argsort(p, axis=-1, kind="stable")
    scaled = np.take_along_axis(p, order, axis=-1) * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[..., ::-1], axis=-1)[..., ::-1]
    out = np.empty_like(p)
    np.put_along_axis(out, order, np.minimum(adjusted, 1.0), axis=-1)
    return out


CORRECTIONS: dict[str, Callable[[ArrayLike, float], Rejections]] = {
    "none": uncorrected,
    "bonferroni": bonferroni,
    "holm": holm,
    "bh": benjamini_hochberg,
}
