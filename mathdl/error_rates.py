"""What a correction for multiple testing costs and gains, measured over many simulated studies.

A study runs m two-sided one-sample t tests; m₁ of them test a real difference (mean δ, in units of
σ) and the other m₀ = m − m₁ test pure noise. Three rates describe a correction:

- the family-wise error rate (FWER): the share of studies with at least one false rejection;
- the false discovery rate (FDR): the mean over studies of V / max(R, 1), V false rejections
  among R rejections (0 when a study rejects nothing);
- the power: the mean share of the m₁ real differences that are rejected.

Bonferroni and Holm bound the first by α, Benjamini–Hochberg the second by α·m₀/m, and the price
of either bound is paid in power. The tests compare with ``scipy.stats`` and closed forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.inference import t_sf
from mathdl.multiple_testing import CORRECTIONS
from mathdl.validation import check_range

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class ErrorRates:
    """The three rates of one correction over many studies; ``power`` is nan without real differences."""

    fwer: float
    fdr: float
    power: float


def real_differences(m: int, share: float) -> Mask:
    """Which of m tests face a real difference: the first round(share · m), halves rounded up.

    Parameters
    ----------
    m : int
        The number of tests, 1 to 10 000.
    share : float
        The share of real differences, 0 to 1.

    Returns
    -------
    ndarray of bool, shape (m,)
        True for the tests whose H₀ is false.

    Examples
    --------
    >>> real_differences(5, 0.3).tolist()
    [True, True, False, False, False]
    """
    check_range("m", m, 1, 10_000)
    check_range("share", share, 0.0, 1.0)
    return np.arange(m) < math.floor(share * m + 0.5)


def studies(count: int, real: ArrayLike, effect: float, n: int, rng: np.random.Generator) -> Array:
    """The p-values of ``count`` studies of m two-sided one-sample t tests of H₀: mean = 0.

    Test i sees n values from N(δᵢ, 1), δᵢ = ``effect`` where ``real[i]`` and 0 elsewhere. The
    t statistic needs only the sample mean x̄ ~ N(δᵢ, 1/n) and the variance s², with
    (n − 1)s² ~ χ²ₙ₋₁ independent of x̄, so those two are drawn instead of the n values:
    t = x̄ / (s/√n), p = 2·P(Tₙ₋₁ ≥ |t|).

    Parameters
    ----------
    count : int
        The number of studies, 1 to 10 000.
    real : array_like of bool, shape (m,)
        Which tests face a real difference (:func:`real_differences`).
    effect : float
        The real differences' mean, in units of σ, |δ| ≤ 10.
    n : int
        Data points per test, 2 to 10 000.
    rng : numpy.random.Generator
        The source of the data.

    Returns
    -------
    ndarray of shape (count, m)
        Each study's p-values in a row.

    Examples
    --------
    >>> studies(4, [True, False, False], 0.5, 20, np.random.default_rng(0)).shape
    (4, 3)
    """
    check_range("count", count, 1, 10_000)
    check_range("effect", effect, -10.0, 10.0)
    check_range("n", n, 2, 10_000)
    real = np.asarray(real, dtype=bool).ravel()
    check_range("m", real.size, 1, 10_000)
    shape = (count, real.size)
    mean = effect * real + rng.standard_normal(shape) / math.sqrt(n)  # (count, m)
    s = np.sqrt(rng.chisquare(n - 1, shape) / (n - 1))  # (count, m)
    t = mean / (s / math.sqrt(n))
    return np.minimum(1.0, 2 * t_sf(np.abs(t), n - 1))


def error_rates(rejected: ArrayLike, real: ArrayLike) -> ErrorRates:
    """The FWER, the FDR and the power of the rejections of many studies.

    FWER = mean(V > 0), FDR = mean(V / max(R, 1)), power = mean(S / m₁), with V the false and S the
    true rejections of a study and R = V + S.

    Parameters
    ----------
    rejected : array_like of bool, shape (studies, m)
        Which of each study's hypotheses were rejected.
    real : array_like of bool, shape (m,)
        Which hypotheses are false (a real difference).

    Returns
    -------
    ErrorRates
        The three rates; ``power`` is nan when no hypothesis is false.

    Examples
    --------
    >>> error_rates([[True, True, False], [True, False, False]], [True, False, False])
    ErrorRates(fwer=0.5, fdr=0.25, power=1.0)
    """
    rejected = np.atleast_2d(np.asarray(rejected, dtype=bool))
    real = np.asarray(real, dtype=bool)
    false = np.count_nonzero(rejected & ~real, axis=-1)  # (studies,): V
    found = np.count_nonzero(rejected & real, axis=-1)  # (studies,): S
    fdr = float(np.mean(false / np.maximum(false + found, 1)))
    power = float(np.mean(found) / real.sum()) if real.any() else math.nan
    return ErrorRates(fwer=float(np.mean(false > 0)), fdr=fdr, power=power)


def compare(p: ArrayLike, real: ArrayLike, alpha: float) -> dict[str, ErrorRates]:
    """:func:`error_rates` of every correction in :data:`~mathdl.multiple_testing.CORRECTIONS`, at level α.

    Parameters
    ----------
    p : array_like of shape (studies, m)
        p-values, one study per row (:func:`studies`).
    real : array_like of bool, shape (m,)
        Which hypotheses are false.
    alpha : float
        The level each correction is run at, 0 < α < 1.

    Returns
    -------
    dict of str to ErrorRates
        One entry per correction, in the registry's order.

    Examples
    --------
    >>> rates = compare([[0.001, 0.02, 0.5]], [True, False, False], 0.05)
    >>> rates["none"].fwer, rates["bonferroni"].fwer
    (1.0, 0.0)
    """
    return {name: error_rates(correct(p, alpha), real) for name, correct in CORRECTIONS.items()}
