"""Hypothesis tests from their formulas: Student's t distribution, t and z tests, p-values.

A test measures a difference in standard errors and asks how often a difference at least that
large would arise if there were none (the p-value). Rejection regions and power are in
:mod:`mathdl.power`, comparing two models by resampling in :mod:`mathdl.resampling`, many tests
at once in :mod:`mathdl.multiple_testing`. The tests compare every statistic and p-value with
``scipy.stats``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.special import betainc_from_logs, normal_cdf, normal_pdf
from mathdl.validation import as_sample, check_choice, same_length

Array = NDArray[np.float64]
ALTERNATIVES = ("two-sided", "greater", "less")


def check_level(alpha: float) -> float:
    """Return a significance level α if 0 < α < 1; refuse it otherwise.

    Parameters
    ----------
    alpha : float
        The level to check.

    Returns
    -------
    float
        ``alpha`` itself.

    Examples
    --------
    >>> check_level(0.05)
    0.05
    """
    if not 0 < alpha < 1:  # also refuses NaN
        raise MathDLError("out_of_range", name="alpha", low=0, high=1, value=alpha)
    return alpha


# --- Student's t distribution ---------------------------------------------------------------


def _check_df(df: float) -> None:
    if not df > 0:
        raise MathDLError("out_of_range", name="df", low=0, high="∞", value=df)


def _log1p_square(q: Array) -> Array:
    """log(1 + q²), without overflow for any finite q (q² overflows beyond 10¹⁵⁴)."""
    big = np.abs(q) > 1
    outside, inside = np.abs(np.where(big, q, 1.0)), np.where(big, 0.0, q)
    return np.where(big, 2 * np.log(outside) + np.log1p((1 / outside) ** 2), np.log1p(inside**2))


def t_pdf(x: ArrayLike, df: float) -> Array:
    """Student's t density Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^(−(ν+1)/2): wider tails than the normal.

    Parameters
    ----------
    x : array_like
        Points, any shape.
    df : float
        The degrees of freedom ν > 0.

    Returns
    -------
    ndarray of float
        The density at each point, the shape of ``x``.

    Examples
    --------
    >>> round(float(t_pdf(0.0, 1.0)), 6)  # the Cauchy density at 0 is 1/π
    0.31831
    """
    _check_df(df)
    q = np.asarray(x, dtype=float) / math.sqrt(df)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    density: Array = np.exp(log_c - (df + 1) / 2 * _log1p_square(q))
    return density


def t_cdf(x: ArrayLike, df: float) -> Array:
    """Student's t CDF, P(T ≤ x) = 1 − ½ I_{ν/(ν+x²)}(ν/2, ½) for x ≥ 0, and by symmetry for x < 0.

    I is the regularised incomplete beta. The tail ½ I_w(ν/2, ½) is a product of powers of
    w = ν/(ν + x²) and 1 − w times a fraction near 1, so it keeps its relative precision however
    small it is; :func:`mathdl.special.betainc_from_logs` takes it from log w = −log(1 + q²) and
    log(1 − w) = log q² − log(1 + q²), q = x/√ν, which neither overflow for large x nor lose
    digits as 1 − w does for small x. (½ − ½ I_{x²/(ν+x²)}(½, ν/2), the same tail, cancels to 0
    once it falls below 10⁻¹⁶.)

    Parameters
    ----------
    x : array_like
        Points, any shape.
    df : float
        The degrees of freedom ν > 0.

    Returns
    -------
    ndarray of float
        P(T ≤ x) at each point, the shape of ``x``. The lower tail keeps 12 significant digits
        down to 10⁻³⁰⁰ (t_cdf(−12, 200) = 1.2 · 10⁻²⁵).

    Examples
    --------
    >>> float(t_cdf(0.0, 5.0))
    0.5
    >>> round(float(t_cdf(-1e200, 1.0)) / (1e-200 / math.pi), 12)  # the Cauchy tail, arctan(10⁻²⁰⁰)/π
    1.0
    """
    _check_df(df)
    x = np.asarray(x, dtype=float)
    q = x / math.sqrt(df)  # x² / ν = q²
    big = np.abs(q) > 1  # there 1 − w = 1 / (1 + 1/q²), which stays finite as q → ∞
    outside, inside = np.where(big, q, 1.0), np.where(big, 0.5, q)
    log_w = -_log1p_square(q)
    with np.errstate(divide="ignore"):  # x = 0: log q² = −inf, w = 1 and the tail is ½
        log_1mw = np.where(big, -np.log1p((1 / outside) ** 2), 2 * np.log(np.abs(inside)) - np.log1p(inside**2))
    tail = 0.5 * betainc_from_logs(df / 2, 0.5, log_w, log_1mw)  # P(T > |x|)
    return np.where(x >= 0, 1 - tail, tail)


def t_sf(x: ArrayLike, df: float) -> Array:
    """The survival function P(T > x) = P(T < −x), without the cancellation of 1 − cdf in the right tail.

    Parameters
    ----------
    x : array_like
        Points, any shape.
    df : float
        The degrees of freedom ν > 0.

    Returns
    -------
    ndarray of float
        P(T > x) at each point, the shape of ``x``.

    Examples
    --------
    >>> round(float(t_sf(2.2281389, 10)), 6)
    0.025
    """
    return t_cdf(-np.asarray(x, dtype=float), df)


def _quantile(cdf: Callable[[float], float], pdf: Callable[[float], float], q: float) -> float:
    """The x with cdf(x) = q: Newton's steps x − (cdf(x) − q)/pdf(x) inside a bracket, halving it where they fail.

    The CDF is increasing, so the bracket always holds the answer. A Newton step is taken when
    it lands inside the bracket and is at most half the step before; otherwise the bracket is
    halved. Near the answer Newton doubles the correct digits at each CDF call, where halving
    alone takes about sixty calls. Above q = ½ the quantile is −x(1 − q): 1 − q is exact there,
    and the lower tail keeps every digit where the CDF near 1 has only its distance from 1.
    """
    if not 0 < q < 1:
        raise MathDLError("out_of_range", name="q", low=0, high=1, value=q)
    if q > 0.5:  # the distributions here are symmetric about 0
        return -_quantile(cdf, pdf, 1 - q)
    low, high = -1.0, 1.0
    while cdf(low) > q:
        low *= 2
    while cdf(high) < q:
        high *= 2
    x, last = (low + high) / 2, math.inf
    for _ in range(400):
        gap = cdf(x) - q
        if gap == 0:
            return x
        low, high = (x, high) if gap < 0 else (low, x)
        middle, slope = (low + high) / 2, pdf(x)
        if middle in (low, high):  # no double lies between them
            return middle
        step = -gap / slope if slope > 0 else math.inf
        following = x + step if low < x + step < high and abs(step) <= last / 2 else middle
        if abs(following - x) <= 1e-15 * abs(x):
            return following
        x, last = following, abs(following - x)
    return x


def t_ppf(q: float, df: float) -> float:
    """The q-quantile of Student's t with ν degrees of freedom: the x with P(T ≤ x) = q.

    Parameters
    ----------
    q : float
        A probability, 0 < q < 1.
    df : float
        The degrees of freedom ν > 0.

    Returns
    -------
    float
        The quantile.

    Examples
    --------
    >>> round(t_ppf(0.975, 10), 4)
    2.2281
    """
    _check_df(df)
    return _quantile(lambda x: float(t_cdf(x, df)), lambda x: float(t_pdf(x, df)), q)


def normal_ppf(q: float) -> float:
    """The q-quantile of the standard normal, Φ⁻¹(q).

    Parameters
    ----------
    q : float
        A probability, 0 < q < 1.

    Returns
    -------
    float
        The z with Φ(z) = q.

    Examples
    --------
    >>> round(normal_ppf(0.975), 4)
    1.96
    """
    return _quantile(lambda x: float(normal_cdf(x)), lambda x: float(normal_pdf(x)), q)


# --- t and z tests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TestResult:
    """The outcome of a t or z test."""

    statistic: float  # t or z
    df: float  # degrees of freedom (inf for a z test)
    p_value: float
    estimate: float  # the mean or the difference of means that was tested
    standard_error: float

    __test__ = False  # not a pytest test class, despite its name


def p_value(statistic: float, df: float, alternative: str = "two-sided") -> float:
    """The probability, under H₀, of a statistic at least as extreme as the one observed.

    two-sided: P(|T| ≥ |t|) = 2 P(T ≥ |t|); greater: P(T ≥ t); less: P(T ≤ t).

    Parameters
    ----------
    statistic : float
        The observed t (or z).
    df : float
        Its degrees of freedom; ``math.inf`` for the z test.
    alternative : str
        One of :data:`ALTERNATIVES`.

    Returns
    -------
    float
        The p-value (NaN for a NaN statistic).

    Examples
    --------
    >>> round(p_value(1.96, math.inf), 4)
    0.05
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    if np.isnan(statistic):
        return math.nan

    def sf(v: float) -> float:  # P(statistic > v) under H₀
        return float(normal_cdf(-v) if math.isinf(df) else t_sf(v, df))

    if alternative == "two-sided":
        return min(1.0, 2 * sf(abs(statistic)))
    return sf(statistic) if alternative == "greater" else sf(-statistic)


def _ratio(estimate: float, se: float) -> float:
    """estimate / se, with a zero standard error giving ±inf (or nan for 0/0) as scipy does."""
    if se > 0:
        return estimate / se
    return math.nan if estimate == 0 else math.copysign(math.inf, estimate)


def t_test_1samp(x: ArrayLike, mu0: float = 0.0, alternative: str = "two-sided") -> TestResult:
    """One-sample t test of H₀: mean = μ₀, with t = (x̄ − μ₀) / (s/√n) and n − 1 degrees of freedom.

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample, n ≥ 2.
    mu0 : float
        The mean under H₀.
    alternative : str
        One of :data:`ALTERNATIVES`.

    Returns
    -------
    TestResult
        t, its degrees of freedom, the p-value, x̄ − μ₀ and s/√n.

    Examples
    --------
    >>> r = t_test_1samp([1.0, 2.0, 3.0, 4.0], mu0=1.0)
    >>> round(r.statistic, 4), r.df
    (2.3238, 3.0)
    """
    x = as_sample(x, "x", minimum=2)
    check_choice("alternative", alternative, ALTERNATIVES)
    n = len(x)
    estimate, se = float(x.mean() - mu0), float(x.std(ddof=1) / math.sqrt(n))
    statistic = _ratio(estimate, se)
    return TestResult(statistic, n - 1.0, p_value(statistic, n - 1.0, alternative), estimate, se)


def t_test_ind(a: ArrayLike, b: ArrayLike, equal_var: bool = True, alternative: str = "two-sided") -> TestResult:
    """Two-sample t test of H₀: mean(a) = mean(b).

    Student (equal variances): s_p² = ((n_a − 1)s_a² + (n_b − 1)s_b²) / (n_a + n_b − 2),
    SE = s_p √(1/n_a + 1/n_b). Welch: SE = √(s_a²/n_a + s_b²/n_b) and the
    Welch–Satterthwaite degrees of freedom.

    Parameters
    ----------
    a : array_like of shape (n_a,)
        The first sample, n_a ≥ 2.
    b : array_like of shape (n_b,)
        The second sample, n_b ≥ 2.
    equal_var : bool
        Student's test (True) or Welch's (False).
    alternative : str
        One of :data:`ALTERNATIVES`, for mean(a) − mean(b).

    Returns
    -------
    TestResult
        t, its degrees of freedom, the p-value, mean(a) − mean(b) and its standard error.

    Examples
    --------
    >>> round(t_test_ind([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]).statistic, 4)
    -3.6742
    """
    a, b = as_sample(a, "a", minimum=2), as_sample(b, "b", minimum=2)
    check_choice("alternative", alternative, ALTERNATIVES)
    na, nb = len(a), len(b)
    va, vb = a.var(ddof=1), b.var(ddof=1)
    if equal_var:
        df = na + nb - 2.0
        se = math.sqrt(((na - 1) * va + (nb - 1) * vb) / df * (1 / na + 1 / nb))
    else:
        wa, wb = va / na, vb / nb
        se = math.sqrt(wa + wb)
        df = (wa + wb) ** 2 / (wa**2 / (na - 1) + wb**2 / (nb - 1)) if wa + wb > 0 else na + nb - 2.0
    estimate = float(a.mean() - b.mean())
    statistic = _ratio(estimate, se)
    return TestResult(statistic, float(df), p_value(statistic, df, alternative), estimate, se)


def t_test_rel(a: ArrayLike, b: ArrayLike, alternative: str = "two-sided") -> TestResult:
    """Paired t test: a one-sample t test on the differences d_i = a_i − b_i.

    Parameters
    ----------
    a, b : array_like of shape (n,)
        Paired measurements, n ≥ 2.
    alternative : str
        One of :data:`ALTERNATIVES`, for the mean difference.

    Returns
    -------
    TestResult
        t, n − 1, the p-value, the mean difference d̄ and s_d/√n.

    Examples
    --------
    >>> t_test_rel([2.0, 3.0, 5.0], [1.0, 1.0, 2.0]).estimate
    2.0
    """
    a, b = as_sample(a, "a", minimum=2), as_sample(b, "b", minimum=2)
    same_length("a", a, "b", b)
    return t_test_1samp(a - b, 0.0, alternative)


def z_test(x: ArrayLike, mu0: float, sigma: float, alternative: str = "two-sided") -> TestResult:
    """z test with a known σ: z = (x̄ − μ₀) / (σ/√n), compared with the standard normal.

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample, n ≥ 1.
    mu0 : float
        The mean under H₀.
    sigma : float
        The known standard deviation σ > 0.
    alternative : str
        One of :data:`ALTERNATIVES`.

    Returns
    -------
    TestResult
        z, inf degrees of freedom, the p-value, x̄ − μ₀ and σ/√n.

    Examples
    --------
    >>> round(z_test([0.5, 1.5], 0.0, 1.0).statistic, 4)
    1.4142
    """
    x = as_sample(x, "x")
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)
    check_choice("alternative", alternative, ALTERNATIVES)
    estimate, se = float(x.mean() - mu0), sigma / math.sqrt(len(x))
    statistic = estimate / se
    return TestResult(statistic, math.inf, p_value(statistic, math.inf, alternative), estimate, se)


# --- Which values count as extreme -------------------------------------------------------------


def as_extreme(t: ArrayLike, statistic: float, alternative: str = "two-sided") -> NDArray[np.bool_]:
    """Which values t are at least as extreme as the observed statistic: the p-value is their probability under H₀.

    two-sided: |t| ≥ |statistic|; greater: t ≥ statistic; less: t ≤ statistic.

    Parameters
    ----------
    t : array_like
        Values of the statistic, any shape.
    statistic : float
        The observed value.
    alternative : str
        One of :data:`ALTERNATIVES`.

    Returns
    -------
    ndarray of bool
        The shape of ``t``.

    Examples
    --------
    >>> as_extreme([-3.0, -1.0, 0.0, 2.5], 2.0).tolist()
    [True, False, False, True]
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    t = np.asarray(t, dtype=float)
    if alternative == "two-sided":
        return np.abs(t) >= abs(statistic)
    return t >= statistic if alternative == "greater" else t <= statistic
