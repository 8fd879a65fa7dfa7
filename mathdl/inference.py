"""Hypothesis tests from their formulas: t and z tests, power, the bootstrap, permutations,
and what happens when many tests are run at once.

The tests compare every statistic and p-value with ``scipy.stats``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mathdl import datasets
from mathdl.errors import MathDLError
from mathdl.probability import _betainc, _normal_cdf

ALTERNATIVES = ("two-sided", "greater", "less")


# --- Student's t distribution ---------------------------------------------------------------


def _check_df(df: float) -> None:
    if not df > 0:
        raise MathDLError("out_of_range", name="df", low=0, high="∞", value=df)


def t_pdf(x, df: float) -> np.ndarray:
    """Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^(−(ν+1)/2): wider tails than the normal for small ν.

    Examples
    --------
    >>> round(float(t_pdf(0.0, 1.0)), 6)  # the Cauchy density at 0 is 1/π
    0.31831
    """
    _check_df(df)
    x = np.asarray(x, dtype=float)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return np.exp(log_c - (df + 1) / 2 * np.log1p(x**2 / df))


def t_cdf(x, df: float) -> np.ndarray:
    """P(T ≤ x) = 1 − ½ I_{ν/(ν+x²)}(ν/2, ½) for x ≥ 0, and by symmetry for x < 0.

    Examples
    --------
    >>> float(t_cdf(0.0, 5.0))
    0.5
    """
    _check_df(df)
    x = np.asarray(x, dtype=float)
    x2 = x**2
    with np.errstate(divide="ignore", invalid="ignore"):
        # P(T > |x|) = ½ I_{ν/(ν+x²)}(ν/2, ½) = ½ − ½ I_{x²/(ν+x²)}(½, ν/2): near 0 the second
        # form keeps its digits, since ν/(ν+x²) rounds to 1 there.
        far = 0.5 * _betainc(df / (df + x2), df / 2, 0.5)
        near = 0.5 - 0.5 * _betainc(x2 / (df + x2), 0.5, df / 2)
    tail = np.where(x2 < df, near, far)
    return np.where(x >= 0, 1 - tail, tail)


def _t_sf(x, df: float) -> np.ndarray:
    """P(T > x), computed without the cancellation of 1 − cdf in the far right tail."""
    return t_cdf(-np.asarray(x, dtype=float), df)


def _quantile(cdf, q: float) -> float:
    """The x with cdf(x) = q, by bisection: the CDF is increasing, so this always converges."""
    if not 0 < q < 1:
        raise MathDLError("out_of_range", name="q", low=0, high=1, value=q)
    low, high = -1.0, 1.0
    while cdf(low) > q:
        low *= 2
    while cdf(high) < q:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        low, high = (middle, high) if cdf(middle) < q else (low, middle)
    return (low + high) / 2


def t_ppf(q: float, df: float) -> float:
    """The q-quantile of Student's t with ν = df degrees of freedom.

    Examples
    --------
    >>> round(t_ppf(0.975, 10), 4)
    2.2281
    """
    _check_df(df)
    return _quantile(lambda x: float(t_cdf(x, df)), q)


def normal_ppf(q: float) -> float:
    """The q-quantile of the standard normal, Φ⁻¹(q).

    Examples
    --------
    >>> round(normal_ppf(0.975), 4)
    1.96
    """
    return _quantile(lambda x: float(_normal_cdf(x, 0.0, 1.0)), q)


# --- t and z tests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TestResult:
    statistic: float  # t or z
    df: float  # degrees of freedom (inf for a z test)
    p_value: float
    estimate: float  # the mean or the difference of means that was tested
    standard_error: float

    __test__ = False  # not a pytest test class, despite its name


def _check_alternative(alternative: str) -> None:
    if alternative not in ALTERNATIVES:
        raise MathDLError("unknown_choice", name="alternative", allowed=list(ALTERNATIVES), value=alternative)


def _sample(x, name: str, minimum: int = 2) -> np.ndarray:
    x = np.asarray(x, dtype=float).ravel()
    if len(x) < minimum:
        raise MathDLError("too_few_values", name=name, minimum=minimum, n=len(x))
    if not np.all(np.isfinite(x)):
        raise MathDLError("not_finite", name=name, value=x[~np.isfinite(x)][0])
    return x


def p_value(statistic: float, df: float, alternative: str = "two-sided") -> float:
    """The probability, under H₀, of a statistic at least as extreme as the one observed.

    two-sided: P(|T| ≥ |t|) = 2 P(T ≥ |t|); greater: P(T ≥ t); less: P(T ≤ t). ``df = inf`` is the z test.

    Examples
    --------
    >>> round(p_value(1.96, math.inf), 4)
    0.05
    """
    _check_alternative(alternative)
    if np.isnan(statistic):
        return math.nan
    sf = (lambda v: float(_normal_cdf(-v, 0.0, 1.0))) if math.isinf(df) else (lambda v: float(_t_sf(v, df)))
    if alternative == "two-sided":
        return min(1.0, 2 * sf(abs(statistic)))
    return sf(statistic) if alternative == "greater" else sf(-statistic)


def _ratio(estimate: float, se: float) -> float:
    """estimate / se, with a zero standard error giving ±inf (or nan for 0/0) as scipy does."""
    if se > 0:
        return estimate / se
    return math.nan if estimate == 0 else math.copysign(math.inf, estimate)


def t_test_1samp(x, mu0: float = 0.0, alternative: str = "two-sided") -> TestResult:
    """One-sample t test of H₀: mean = μ₀. t = (x̄ − μ₀) / (s/√n) with n − 1 degrees of freedom.

    Examples
    --------
    >>> r = t_test_1samp([1.0, 2.0, 3.0, 4.0], mu0=1.0)
    >>> round(r.statistic, 4), r.df
    (2.3238, 3.0)
    """
    x = _sample(x, "x")
    _check_alternative(alternative)
    n = len(x)
    estimate, se = float(x.mean() - mu0), float(x.std(ddof=1) / math.sqrt(n))
    statistic = _ratio(estimate, se)
    return TestResult(statistic, n - 1.0, p_value(statistic, n - 1.0, alternative), estimate, se)


def t_test_ind(a, b, equal_var: bool = True, alternative: str = "two-sided") -> TestResult:
    """Two-sample t test of H₀: mean(a) = mean(b).

    Student (equal variances): s_p² = ((n_a − 1)s_a² + (n_b − 1)s_b²) / (n_a + n_b − 2),
    SE = s_p √(1/n_a + 1/n_b). Welch: SE = √(s_a²/n_a + s_b²/n_b) and the
    Welch–Satterthwaite degrees of freedom.

    Examples
    --------
    >>> round(t_test_ind([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]).statistic, 4)
    -3.6742
    """
    a, b = _sample(a, "a"), _sample(b, "b")
    _check_alternative(alternative)
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


def t_test_rel(a, b, alternative: str = "two-sided") -> TestResult:
    """Paired t test: a one-sample t test on the differences d_i = a_i − b_i.

    Examples
    --------
    >>> t_test_rel([2.0, 3.0, 5.0], [1.0, 1.0, 2.0]).estimate
    2.0
    """
    a, b = _sample(a, "a"), _sample(b, "b")
    if len(a) != len(b):
        raise MathDLError("lengths_differ", a="a", b="b", n=len(a), m=len(b))
    return t_test_1samp(a - b, 0.0, alternative)


def z_test(x, mu0: float, sigma: float, alternative: str = "two-sided") -> TestResult:
    """z test with a known σ: z = (x̄ − μ₀) / (σ/√n), compared with the standard normal.

    Examples
    --------
    >>> round(z_test([0.5, 1.5], 0.0, 1.0).statistic, 4)
    1.4142
    """
    x = _sample(x, "x", minimum=1)
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)
    _check_alternative(alternative)
    estimate, se = float(x.mean() - mu0), sigma / math.sqrt(len(x))
    statistic = estimate / se
    return TestResult(statistic, math.inf, p_value(statistic, math.inf, alternative), estimate, se)


# --- Power -------------------------------------------------------------------------------------


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise MathDLError("out_of_range", name="alpha", low=0, high=1, value=alpha)


def critical_values(alpha: float, alternative: str = "two-sided", df: float | None = None) -> tuple[float, float]:
    """The statistic's values beyond which H₀ is rejected at level α: (low, high), with
    −inf or +inf for the side a one-sided test never rejects on. ``df=None`` is the z test.

    Examples
    --------
    >>> tuple(round(c, 3) for c in critical_values(0.05))
    (-1.96, 1.96)
    """
    _check_alpha(alpha)
    _check_alternative(alternative)
    ppf = normal_ppf if df is None else (lambda q: t_ppf(q, df))
    if alternative == "two-sided":
        q = ppf(1 - alpha / 2)
        return -q, q
    return (-math.inf, ppf(1 - alpha)) if alternative == "greater" else (ppf(alpha), math.inf)


def _standard_error(sigma: float, n: int, two_sample: bool) -> float:
    if not sigma > 0:
        raise MathDLError("out_of_range", name="sigma", low=0, high="∞", value=sigma)
    if n < 2:
        raise MathDLError("too_few_values", name="n", minimum=2, n=n)
    return sigma * math.sqrt((2 if two_sample else 1) / n)


def z_power(
    effect: float, sigma: float, n: int, alpha: float, alternative: str = "two-sided", two_sample: bool = False
) -> float:
    """P(reject H₀ | the true difference is ``effect``) for a z test.

    Under H₁ the statistic is N(δ/SE, 1), so the power is the area of that curve beyond
    the critical values: Φ(δ/SE − z_{1−α}) one-sided, Φ(δ/SE − z) + Φ(−z − δ/SE) two-sided.
    SE = σ/√n, or σ√(2/n) for two groups of n.

    Examples
    --------
    >>> round(z_power(0.5, 1.0, 32, 0.05, "greater"), 3)  # Φ(0.5·√32 − 1.645)
    0.882
    """
    shift = effect / _standard_error(sigma, n, two_sample)
    low, high = critical_values(alpha, alternative)
    return float(_normal_cdf(shift - high, 0.0, 1.0) + _normal_cdf(low - shift, 0.0, 1.0))


def t_power(
    effect: float, sigma: float, n: int, alpha: float, alternative: str = "two-sided", two_sample: bool = False
) -> float:
    """Power of the t test, from its definition.

    T = (Z + δ) / √(V/ν) with Z ~ N(0, 1), V ~ χ²_ν and δ = effect/SE. Given V = v, the test
    rejects when Z > c√(v/ν) − δ, so the power is that normal probability averaged over
    the χ² density of V (a one-dimensional integral, here with v = u² to tame v → 0).

    Examples
    --------
    >>> round(t_power(0.5, 1.0, 32, 0.05, "greater"), 3)  # a little below the z test's 0.882
    0.869
    """
    shift = effect / _standard_error(sigma, n, two_sample)
    df = 2.0 * n - 2 if two_sample else n - 1.0
    low, high = critical_values(alpha, alternative, df)
    u = np.linspace(0.0, math.sqrt(df + 40 * math.sqrt(2 * df) + 60), 20_001)[1:]  # (U,)
    v = u**2
    log_chi2 = (df / 2 - 1) * np.log(v) - v / 2 - df / 2 * math.log(2) - math.lgamma(df / 2)
    weight = 2 * u * np.exp(log_chi2)  # the χ² density of v = u², times dv/du
    scale = np.sqrt(v / df)
    reject = _normal_cdf(shift - high * scale, 0.0, 1.0) if math.isfinite(high) else 0.0
    reject = reject + (_normal_cdf(low * scale - shift, 0.0, 1.0) if math.isfinite(low) else 0.0)
    return float(np.trapezoid(reject * weight, u))


# --- Comparing two models on cross-validation folds ---------------------------------------------


def _models():
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    return {
        "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "tree": lambda: DecisionTreeClassifier(max_depth=3, random_state=0),
        "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier()),
        "naive_bayes": GaussianNB,
        "forest": lambda: RandomForestClassifier(n_estimators=30, random_state=0),
    }


MODELS = ("logistic", "tree", "knn", "naive_bayes", "forest")


def fold_scores(dataset: str, model_a: str, model_b: str, k: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The accuracy of two scikit-learn models on the same k stratified folds of a bundled data set.

    The same folds for both models make the scores *paired*: fold i is easy or hard for both.

    Examples
    --------
    >>> a, b = fold_scores("iris", "tree", "logistic", k=5)
    >>> a.shape, bool(b.mean() > 0.9)
    ((5,), True)
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    for name, value in (("model_a", model_a), ("model_b", model_b)):
        if value not in MODELS:
            raise MathDLError("unknown_choice", name=name, allowed=list(MODELS), value=value)
    if not 3 <= k <= 20:
        raise MathDLError("out_of_range", name="k", low=3, high=20, value=k)
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    X, y, _, _ = datasets.table(dataset)
    folds = StratifiedKFold(k, shuffle=True, random_state=seed)
    factories = _models()
    # One BLAS thread: on matrices this small, threads cost more than they save (10× here).
    with threadpool_limits(1):
        return tuple(cross_val_score(factories[m](), X, y, cv=folds) for m in (model_a, model_b))


# --- The bootstrap and the permutation test -------------------------------------------------------


@dataclass(frozen=True)
class Bootstrap:
    low: float
    high: float
    resamples: np.ndarray  # the statistic on every resample: its histogram is the bootstrap distribution


def bootstrap_ci(
    x, confidence: float = 0.95, n_resamples: int = 5000, rng: np.random.Generator | None = None, statistic=np.mean
) -> Bootstrap:
    """Percentile bootstrap: recompute the statistic on samples drawn with replacement from
    the data, and take the middle ``confidence`` share of those values as the interval.

    Examples
    --------
    >>> b = bootstrap_ci([1.0, 2.0, 3.0, 4.0, 5.0], rng=np.random.default_rng(0))
    >>> bool(b.low < 3.0 < b.high)
    True
    """
    x = _sample(x, "x")
    if not 0 < confidence < 1:
        raise MathDLError("out_of_range", name="confidence", low=0, high=1, value=confidence)
    if not 1 <= n_resamples <= 1_000_000:
        raise MathDLError("out_of_range", name="n_resamples", low=1, high=1_000_000, value=n_resamples)
    rng = rng if rng is not None else np.random.default_rng()
    index = rng.integers(0, len(x), (n_resamples, len(x)))  # (B, n): one resample per row
    values = statistic(x[index], axis=1)
    low, high = np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2])
    return Bootstrap(float(low), float(high), values)


@dataclass(frozen=True)
class PermutationResult:
    statistic: float  # the observed mean difference
    p_value: float
    null: np.ndarray  # the mean difference under every sign flip tried
    exact: bool  # True when every one of the 2^k sign flips was used


def paired_permutation_test(
    a, b, n_resamples: int = 10_000, rng: np.random.Generator | None = None, alternative: str = "two-sided"
) -> PermutationResult:
    """Under H₀ (no difference) each pair's label is arbitrary, so each difference d_i = a_i − b_i
    is as likely to be +d_i as −d_i. The p-value is the share of sign flips whose mean
    difference is at least as extreme as the observed one: all 2^k flips when that is at
    most ``n_resamples`` (exact), else ``n_resamples`` random ones, counted as (hits + 1) / (n + 1).
    Two-sided: twice the smaller one-sided p-value, at most 1 (as scipy does).

    Examples
    --------
    >>> r = paired_permutation_test([2.0, 3.0, 4.0], [1.0, 1.0, 1.0])
    >>> r.exact, r.p_value  # only the observed signs (1 of 8 flips) give a mean this large
    (True, 0.25)
    """
    a, b = _sample(a, "a"), _sample(b, "b")
    if len(a) != len(b):
        raise MathDLError("lengths_differ", a="a", b="b", n=len(a), m=len(b))
    _check_alternative(alternative)
    d = a - b
    k = len(d)
    exact = 2**k <= n_resamples
    if exact:
        signs = 1 - 2 * ((np.arange(2**k)[:, None] >> np.arange(k)) & 1)  # (2^k, k): every ± pattern
    else:
        rng = rng if rng is not None else np.random.default_rng()
        signs = rng.choice([-1.0, 1.0], (n_resamples, k))
    null = (signs * d).mean(axis=1)
    observed = float(d.mean())
    slack = 1e-12 * max(abs(observed), 1e-300)  # equal sums computed in another order still count
    extra = 0 if exact else 1
    greater = (np.sum(null >= observed - slack) + extra) / (len(null) + extra)
    less = (np.sum(null <= observed + slack) + extra) / (len(null) + extra)
    p = {"greater": greater, "less": less, "two-sided": min(1.0, 2 * min(greater, less))}[alternative]
    return PermutationResult(observed, float(p), null, exact)


# --- Many tests at once -----------------------------------------------------------------------------


def null_p_values(m: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """The p-values of m one-sample t tests of H₀: mean = 0, on data where H₀ is true.

    Each p-value is uniform on [0, 1], so about α·m of them fall below α by chance.

    Examples
    --------
    >>> null_p_values(3, 10, np.random.default_rng(0)).shape
    (3,)
    """
    if not 1 <= m <= 10_000:
        raise MathDLError("out_of_range", name="m", low=1, high=10_000, value=m)
    if n < 2:
        raise MathDLError("too_few_values", name="n", minimum=2, n=n)
    x = rng.standard_normal((m, n))
    t = x.mean(axis=1) / (x.std(axis=1, ddof=1) / math.sqrt(n))
    return np.minimum(1.0, 2 * _t_sf(np.abs(t), n - 1))


def family_wise_error(alpha: float, m) -> np.ndarray | float:
    """P(at least one false positive among m independent tests at level α) = 1 − (1 − α)^m.

    Examples
    --------
    >>> round(family_wise_error(0.05, 20), 3)
    0.642
    """
    _check_alpha(alpha)
    return 1 - (1 - alpha) ** np.asarray(m, dtype=float) if np.ndim(m) else 1 - (1 - alpha) ** m


def _p_values(p) -> np.ndarray:
    p = np.asarray(p, dtype=float).ravel()
    if len(p) == 0 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise MathDLError("out_of_range", name="p", low=0, high=1, value=p)
    return p


def bonferroni(p, alpha: float) -> np.ndarray:
    """Reject H₀ᵢ when pᵢ ≤ α/m: the chance of any false positive stays at most α.

    Examples
    --------
    >>> bonferroni([0.01, 0.02, 0.3], 0.05).tolist()
    [True, False, False]
    """
    p = _p_values(p)
    _check_alpha(alpha)
    return p <= alpha / len(p)


def holm(p, alpha: float) -> np.ndarray:
    """Holm's step-down: compare the i-th smallest p-value with α/(m − i + 1), and reject
    until the first one that fails. Never rejects less than Bonferroni, same guarantee.

    Examples
    --------
    >>> holm([0.01, 0.02, 0.3], 0.05).tolist()
    [True, True, False]
    """
    p = _p_values(p)
    _check_alpha(alpha)
    m = len(p)
    order = np.argsort(p, kind="stable")
    passes = p[order] <= alpha / (m - np.arange(m))
    accepted = np.cumprod(passes).astype(bool)  # stop at the first failure
    reject = np.zeros(m, dtype=bool)
    reject[order] = accepted
    return reject


def benjamini_hochberg(p, alpha: float) -> np.ndarray:
    """Benjamini–Hochberg: find the largest i with p₍ᵢ₎ ≤ iα/m and reject the i smallest.
    It bounds the expected share of false discoveries among the rejections (FDR) by α.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.03, 0.02, 0.5], 0.05).tolist()  # Bonferroni keeps only 0.01
    [True, True, True, False]
    """
    p = _p_values(p)
    _check_alpha(alpha)
    m = len(p)
    order = np.argsort(p, kind="stable")
    passes = np.nonzero(p[order] <= alpha * np.arange(1, m + 1) / m)[0]
    reject = np.zeros(m, dtype=bool)
    if len(passes):
        reject[order[: passes[-1] + 1]] = True
    return reject


def bh_adjusted(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values: min over j ≥ i of p₍ⱼ₎ m / j, capped at 1.
    H₀ᵢ is rejected at level α exactly when its adjusted p-value is at most α.

    Examples
    --------
    >>> bh_adjusted([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = _p_values(p)
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out
