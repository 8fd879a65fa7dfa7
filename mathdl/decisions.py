"""Decisions: what a classifier's mistakes cost, and the threshold that costs least.

A threshold t turns scores into decisions; with a cost for each cell of the confusion matrix
(:func:`mathdl.classification.confusion_matrix`), each threshold has an expected risk, the average
cost per case. When the scores are calibrated probabilities, the Bayes-optimal threshold
minimises it. The tests compare the risk with counts from ``sklearn.metrics`` and the Bayes
threshold with the best one on simulated calibrated scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.classification import confusion_matrix, predict_positive
from mathdl.errors import MathDLError
from mathdl.validation import as_sample, check_range, same_length

Floats = NDArray[np.float64]


def _costs(costs: ArrayLike) -> Floats:
    """C[true][predicted]: finite, non-negative, and a right answer never costs more than a wrong one."""
    C = np.asarray(costs, dtype=float)
    if C.shape != (2, 2):
        raise MathDLError("bad_shape", name="costs", expected=(2, 2), shape=C.shape)
    if not np.all(np.isfinite(C)) or np.any(C < 0) or C[0, 0] > C[0, 1] or C[1, 1] > C[1, 0]:
        raise MathDLError("out_of_range", name="costs", low=0, high="∞", value=C.tolist())
    return C


def expected_risk(y: ArrayLike, scores: ArrayLike, threshold: float, costs: ArrayLike) -> float:
    """The average cost per case of a threshold: R = Σᵢⱼ Cost[i, j] · C[i, j] / n.

    With C = :func:`confusion_matrix`: (C₀₀·TN + C₀₁·FP + C₁₀·FN + C₁₁·TP) / n.

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        The classifier's scores.
    threshold : float
        t: positive where score ≥ t.
    costs : array_like of shape (2, 2)
        Cost[true][predicted], non-negative, a right answer no dearer than a wrong one.

    Returns
    -------
    float
        The risk per case.

    Examples
    --------
    >>> expected_risk([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, [[0, 1], [5, 0]])
    1.5
    """
    price = _costs(costs)
    C = confusion_matrix(y, predict_positive(scores, threshold))
    return float((price * C).sum() / C.sum())


def risk_curve(y: ArrayLike, scores: ArrayLike, costs: ArrayLike, thresholds: ArrayLike) -> Floats:
    """The expected risk at each threshold of a grid: R(t) for the risk-against-threshold chart.

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        The classifier's scores.
    costs : array_like of shape (2, 2)
        Cost[true][predicted].
    thresholds : array_like of shape (T,)
        The grid.

    Returns
    -------
    ndarray of shape (T,)
        :func:`expected_risk` at each threshold.

    Examples
    --------
    >>> risk_curve([0, 1], [0.2, 0.8], [[0, 1], [1, 0]], [0.0, 0.5, 1.0]).tolist()
    [0.5, 0.0, 0.5]
    """
    return np.array([expected_risk(y, scores, float(t), costs) for t in as_sample(thresholds, "thresholds")])


def best_threshold(y: ArrayLike, scores: ArrayLike, costs: ArrayLike, thresholds: ArrayLike | None = None) -> float:
    """The threshold of a grid with the lowest expected risk on these data: argmin_t R(t).

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        The classifier's scores.
    costs : array_like of shape (2, 2)
        Cost[true][predicted].
    thresholds : array_like of shape (T,) or None
        The grid; None for 201 points on [0, 1].

    Returns
    -------
    float
        The best threshold (the first, if several tie).

    Examples
    --------
    >>> best_threshold([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], [[0, 1], [1, 0]], [0.2, 0.5, 0.8])
    0.5
    """
    grid = np.linspace(0, 1, 201) if thresholds is None else as_sample(thresholds, "thresholds")
    return float(grid[np.argmin(risk_curve(y, scores, costs, grid))])


def bayes_threshold(costs: ArrayLike) -> float:
    """The Bayes-optimal threshold t* = (C₀₁ − C₀₀) / ((C₀₁ − C₀₀) + (C₁₀ − C₁₁)) on P(y = 1 | x).

    Predicting positive costs (1 − p)·C₀₁ + p·C₁₁, negative p·C₁₀ + (1 − p)·C₀₀; the first is
    lower exactly when p ≥ t*. It minimises the risk when the scores are calibrated probabilities.

    Parameters
    ----------
    costs : array_like of shape (2, 2)
        Cost[true][predicted].

    Returns
    -------
    float
        t*; ½ when no mistake costs anything.

    Examples
    --------
    >>> bayes_threshold([[0, 1], [1, 0]]), bayes_threshold([[0, 1], [9, 0]])
    (0.5, 0.1)
    """
    C = _costs(costs)
    false_alarm, miss = C[0, 1] - C[0, 0], C[1, 0] - C[1, 1]
    return float(false_alarm / (false_alarm + miss)) if false_alarm + miss > 0 else 0.5


@dataclass(frozen=True)
class ScoreHistograms:
    """How the scores of each class spread: bin edges, shape (bins + 1,), and counts, shape (2, bins)."""

    edges: Floats
    counts: NDArray[np.int64]  # row 0: the negatives (y = 0), row 1: the positives


def score_histograms(y: ArrayLike, scores: ArrayLike, bins: int = 20) -> ScoreHistograms:
    """The scores of the negatives and of the positives, counted in ``bins`` equal bins over [0, 1].

    counts[c, b] = #{i : yᵢ = c, edges[b] ≤ sᵢ < edges[b + 1]}, the last bin closed on the right (as
    ``numpy.histogram``). A threshold t calls every case right of it positive: the positives left of it
    are the misses (FN), the negatives right of it the false alarms (FP).

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        Scores in [0, 1], such as predicted probabilities.
    bins : int
        1 to 200.

    Returns
    -------
    ScoreHistograms
        The edges and the two rows of counts.

    Examples
    --------
    >>> score_histograms([0, 0, 1], [0.1, 0.2, 0.9], bins=2).counts
    array([[2, 0],
           [0, 1]])
    """
    check_range("bins", bins, 1, 200)
    labels, s = np.asarray(y).ravel(), as_sample(scores, "scores")
    same_length("y", labels, "scores", s)
    if not np.all(np.isin(labels, (0, 1))):
        raise MathDLError("out_of_range", name="y", low=0, high=1, value=np.unique(labels)[:10].tolist())
    labels = labels.astype(int)
    if np.any(s < 0) or np.any(s > 1):
        outside = float(s[(s < 0) | (s > 1)][0])
        raise MathDLError("out_of_range", name="scores", low=0, high=1, value=outside)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.minimum((s * bins).astype(int), bins - 1)  # (n,): the bin of each score, 1.0 in the last
    counts = np.zeros((2, bins), dtype=np.int64)
    np.add.at(counts, (labels, index), 1)
    return ScoreHistograms(edges, counts)
