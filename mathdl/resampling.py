"""Is model B really better than model A? Paired fold scores, the bootstrap and a permutation test.

Two scikit-learn models scored on the same cross-validation folds give paired scores; the
bootstrap shows how much their mean difference would vary from sample to sample, and the
sign-flip permutation test how often a difference this large arises when the labels A and B
mean nothing. The tests compare with scikit-learn, ``scipy.stats.bootstrap`` and
``scipy.stats.permutation_test``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import datasets
from mathdl.errors import MathDLError
from mathdl.inference import ALTERNATIVES
from mathdl.validation import as_sample, check_choice, check_range, same_length

Array = NDArray[np.float64]
MODELS = ("logistic", "tree", "knn", "naive_bayes", "forest")


def _models() -> dict[str, Callable[[], Any]]:
    """A fresh, unfitted scikit-learn classifier for each key of :data:`MODELS` (imported when needed)."""
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


def fold_scores(dataset: str, model_a: str, model_b: str, k: int = 10, seed: int = 0) -> tuple[Array, Array]:
    """The accuracy of two scikit-learn models on the same k stratified folds of a bundled data set.

    The same folds for both models make the scores *paired*: fold i is easy or hard for both.

    Parameters
    ----------
    dataset : str
        A key of :data:`mathdl.datasets.TABLES`.
    model_a, model_b : str
        Keys of :data:`MODELS`.
    k : int
        The number of folds, 3 to 20.
    seed : int
        Shuffles the rows before they are split into folds.

    Returns
    -------
    a, b : ndarray of shape (k,)
        Each model's test accuracy on each fold.

    Examples
    --------
    >>> a, b = fold_scores("iris", "tree", "logistic", k=5)
    >>> a.shape, bool(b.mean() > 0.9)
    ((5,), True)
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # installed with scikit-learn

    check_choice("model_a", model_a, MODELS)
    check_choice("model_b", model_b, MODELS)
    check_range("k", k, 3, 20)
    X, y, _, _ = datasets.table(dataset)
    folds = StratifiedKFold(k, shuffle=True, random_state=seed)
    factories = _models()
    # One BLAS thread: on matrices this small, threads cost more than they save (10× here).
    with threadpool_limits(1):
        a, b = (np.asarray(cross_val_score(factories[m](), X, y, cv=folds), dtype=float) for m in (model_a, model_b))
    return a, b


@dataclass(frozen=True)
class Bootstrap:
    """A percentile bootstrap interval and the resampled statistics it comes from."""

    low: float
    high: float
    resamples: Array  # (B,) the statistic on every resample: its histogram is the bootstrap distribution


def bootstrap_ci(
    x: ArrayLike,
    confidence: float = 0.95,
    n_resamples: int = 5000,
    rng: np.random.Generator | None = None,
    statistic: Callable[..., Any] = np.mean,
) -> Bootstrap:
    """Percentile bootstrap: the middle share of a statistic's values over samples drawn with replacement.

    Each resample draws n values from the data with replacement; the interval runs from the
    (1 − c)/2 to the (1 + c)/2 quantile of the statistic over the resamples.

    Parameters
    ----------
    x : array_like of shape (n,)
        The data, n ≥ 2.
    confidence : float
        The share c of the interval, 0 < c < 1.
    n_resamples : int
        The number of resamples B, 1 to 1 000 000.
    rng : numpy.random.Generator, optional
        The source of randomness (a fresh one if None).
    statistic : callable
        A function of an array and ``axis=1`` (``np.mean``, ``np.median``).

    Returns
    -------
    Bootstrap
        ``low``, ``high`` and the B resampled statistics.

    Examples
    --------
    >>> b = bootstrap_ci([1.0, 2.0, 3.0, 4.0, 5.0], rng=np.random.default_rng(0))
    >>> bool(b.low < 3.0 < b.high)
    True
    """
    x = as_sample(x, "x", minimum=2)
    if not 0 < confidence < 1:
        raise MathDLError("out_of_range", name="confidence", low=0, high=1, value=confidence)
    check_range("n_resamples", n_resamples, 1, 1_000_000)
    rng = rng if rng is not None else np.random.default_rng()
    index = rng.integers(0, len(x), (n_resamples, len(x)))  # (B, n): one resample per row
    values = np.asarray(statistic(x[index], axis=1), dtype=float)  # (B,)
    low, high = np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2])
    return Bootstrap(float(low), float(high), values)


@dataclass(frozen=True)
class PermutationResult:
    """The outcome of a paired permutation test."""

    statistic: float  # the observed mean difference
    p_value: float
    null: Array  # the mean difference under every sign flip tried
    exact: bool  # True when every one of the 2^k sign flips was used


def paired_permutation_test(
    a: ArrayLike,
    b: ArrayLike,
    n_resamples: int = 10_000,
    rng: np.random.Generator | None = None,
    alternative: str = "two-sided",
) -> PermutationResult:
    """The sign-flip test of H₀: no difference between paired measurements.

    Under H₀ each pair's labels are arbitrary, so each difference d_i = a_i − b_i is as likely
    to be +d_i as −d_i. The p-value is the share of sign flips whose mean difference is at least
    as extreme as the observed one: all 2^k flips when that is at most ``n_resamples`` (exact),
    else ``n_resamples`` random ones, counted as (hits + 1) / (n + 1). Two-sided: twice the
    smaller one-sided p-value, at most 1 (as scipy does).

    Parameters
    ----------
    a, b : array_like of shape (k,)
        Paired measurements, k ≥ 2.
    n_resamples : int
        The most sign flips to try.
    rng : numpy.random.Generator, optional
        The source of random flips when not all are tried (a fresh one if None).
    alternative : str
        One of :data:`mathdl.inference.ALTERNATIVES`, for the mean of a − b.

    Returns
    -------
    PermutationResult
        The observed mean difference, the p-value, the null distribution, and whether it was exact.

    Examples
    --------
    >>> r = paired_permutation_test([2.0, 3.0, 4.0], [1.0, 1.0, 1.0])
    >>> r.exact, r.p_value  # only the observed signs (1 of 8 flips) give a mean this large
    (True, 0.25)
    """
    a, b = as_sample(a, "a", minimum=2), as_sample(b, "b", minimum=2)
    same_length("a", a, "b", b)
    check_choice("alternative", alternative, ALTERNATIVES)
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
