"""Judging a classifier: its confusion matrix, precision, recall and F1, the ROC curve and its area.

A classifier's scores become decisions through a threshold. The confusion matrix (rows the true
classes, columns the predicted ones) counts what the decisions got right and wrong; precision,
recall and F1 follow from it, and moving the threshold traces the ROC curve. What the mistakes
cost is in :mod:`mathdl.decisions`. The tests compare everything here with ``sklearn.metrics``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import datasets
from mathdl.errors import MathDLError
from mathdl.validation import as_sample, check_choice, check_range, finite, same_length

Floats = NDArray[np.float64]
Indices = NDArray[np.int_]

AVERAGES = ("binary", "macro", "weighted", None)
TEST_SIZE = 0.3  # the share of a data set the lessons hold out to score a classifier

# --- A classifier's scores ------------------------------------------------------------------------------


def classifier_scores(
    dataset: str = "breast_cancer", seed: int = 0, test_size: float = TEST_SIZE
) -> tuple[Indices, Floats]:
    """Test labels and the probabilities P(y = 1 | x) of a logistic regression trained on the rest.

    scikit-learn's LogisticRegression on standardised features, trained on a stratified share
    1 − test_size of a two-class bundled data set.

    Parameters
    ----------
    dataset : str
        A two-class table of :data:`mathdl.datasets.TABLES` ("breast_cancer").
    seed : int
        The seed of the train/test split.
    test_size : float
        The share of the data held out, in (0, 1).

    Returns
    -------
    y : ndarray of shape (m,)
        The test labels, 0 or 1.
    score : ndarray of shape (m,)
        P(y = 1 | x) for each test case.

    Examples
    --------
    >>> y, score = classifier_scores()
    >>> y.shape == score.shape, bool(((score > 0.5) == y).mean() > 0.9)
    (True, True)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    check_range("test_size", test_size, 0.01, 0.99)
    X, y, _, _ = datasets.table(dataset)
    if len(np.unique(y)) != 2:
        raise MathDLError("unknown_choice", name="dataset", allowed=["breast_cancer"], value=dataset)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_train, y_train)
    return y_test, model.predict_proba(X_test)[:, 1]


def malignant_scores(seed: int = 0) -> tuple[Indices, Floats]:
    """:func:`classifier_scores` on the breast cancer data with *malignant* as the positive class.

    scikit-learn codes malignant as 0, so the labels are 1 − y and the scores 1 − P(benign | x).

    Parameters
    ----------
    seed : int
        The seed of the train/test split.

    Returns
    -------
    y : ndarray of shape (171,)
        1 for a malignant test tumour, 0 for a benign one.
    score : ndarray of shape (171,)
        P(malignant | x).

    Examples
    --------
    >>> y, score = malignant_scores(seed=0)
    >>> len(y), bool(np.all((0 <= score) & (score <= 1)))
    (171, True)
    """
    y, benign = classifier_scores("breast_cancer", seed=seed)
    return 1 - y, 1 - benign


def _labels(y: ArrayLike, k: int, name: str) -> Indices:
    values = np.asarray(y).ravel()
    if values.dtype == bool:
        values = values.astype(int)
    if not (np.issubdtype(values.dtype, np.number) and np.all(np.isin(values, np.arange(k)))):
        raise MathDLError("out_of_range", name=name, low=0, high=k - 1, value=np.unique(values)[:10].tolist())
    return values.astype(int)


def _labels_and_scores(y: ArrayLike, scores: ArrayLike) -> tuple[Indices, Floats]:
    same_length("y", np.ravel(y), "scores", np.ravel(scores))
    return _labels(y, 2, "y"), finite("scores", scores).ravel()


def predict_positive(scores: ArrayLike, threshold: float) -> Indices:
    """The decisions of a threshold: ŷ = 1 where score ≥ t, else 0.

    Parameters
    ----------
    scores : array_like of shape (n,)
        The classifier's scores.
    threshold : float
        t.

    Returns
    -------
    ndarray of shape (n,)
        0 or 1 for each case.

    Examples
    --------
    >>> predict_positive([0.1, 0.5, 0.9], 0.5).tolist()
    [0, 1, 1]
    """
    called: Indices = (finite("scores", scores).ravel() >= threshold).astype(int)
    return called


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, k: int = 2) -> Indices:
    """C[i, j] = how many cases of class i were predicted as class j; the diagonal is right.

    For two classes, C = [[TN, FP], [FN, TP]].

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,)
        Class numbers 0 … k−1 (booleans count as 0 and 1).
    k : int
        The number of classes, 2 to 100.

    Returns
    -------
    ndarray of shape (k, k)
        Rows are the true classes, columns the predicted ones.

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    array([[1, 1, 0],
           [0, 1, 0],
           [1, 0, 1]])
    """
    check_range("k", k, 2, 100)
    truth, predicted = _labels(y_true, k, "y_true"), _labels(y_pred, k, "y_pred")
    same_length("y_true", truth, "y_pred", predicted)
    if len(truth) == 0:
        raise MathDLError("too_few_values", name="y_true", minimum=1, n=0)
    counts: Indices = np.bincount(k * truth + predicted, minlength=k * k).reshape(k, k)
    return counts


@dataclass(frozen=True)
class ClassificationScores:
    """Precision, recall, F1 (one per class, or their average) and accuracy.

    Attributes
    ----------
    precision : float or ndarray of shape (k,)
        TP / (TP + FP): of the cases called class j, the share that are.
    recall : float or ndarray of shape (k,)
        TP / (TP + FN): of the cases of class j, the share found.
    f1 : float or ndarray of shape (k,)
        2PR / (P + R) = 2TP / (2TP + FP + FN), the harmonic mean.
    accuracy : float
        trace(C) / n.
    """

    precision: float | Floats
    recall: float | Floats
    f1: float | Floats
    accuracy: float


def _ratio(a: Floats, b: Floats) -> Floats:
    return np.divide(a, b, out=np.zeros(len(a)), where=b > 0)  # 0 when nothing to count, as scikit-learn


def scores_from_confusion(C: ArrayLike, average: str | None = "binary") -> ClassificationScores:
    """Precision, recall and F1 of every class from a confusion matrix, and their average.

    For class j: P = C_jj / Σᵢ C_ij, R = C_jj / Σᵢ C_ji, F1 = 2 C_jj / (Σᵢ C_ij + Σᵢ C_ji). The
    average is "binary" (class 1 of two), "macro" (the plain mean over classes), "weighted" (the mean
    weighted by each class's count), or None (one value per class). An undefined 0/0 counts as 0.

    Parameters
    ----------
    C : array_like of shape (k, k)
        Counts, rows true, columns predicted.
    average : {"binary", "macro", "weighted", None}
        "binary" only for k = 2.

    Returns
    -------
    ClassificationScores
        Precision, recall, F1 and accuracy.

    Examples
    --------
    >>> s = scores_from_confusion([[5, 1], [2, 2]])  # TP = 2, FP = 1, FN = 2
    >>> round(s.precision, 4), s.recall, s.f1, s.accuracy
    (0.6667, 0.5, 0.5714285714285714, 0.7)
    """
    counts = np.asarray(C)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise MathDLError("bad_shape", name="C", expected="(k, k)", shape=counts.shape)
    check_choice("average", average, [a for a in AVERAGES if len(counts) == 2 or a != "binary"])
    tp, predicted, actual = np.diag(counts).astype(float), counts.sum(axis=0), counts.sum(axis=1)
    precision, recall, f1 = _ratio(tp, predicted), _ratio(tp, actual), _ratio(2 * tp, predicted + actual)  # (k,)
    accuracy = float(tp.sum() / counts.sum()) if counts.sum() else 0.0
    if average is None:
        return ClassificationScores(precision, recall, f1, accuracy)
    if average == "binary":
        return ClassificationScores(float(precision[1]), float(recall[1]), float(f1[1]), accuracy)
    weights = actual if average == "weighted" else None
    p, r, f = (float(np.average(v, weights=weights)) for v in (precision, recall, f1))
    return ClassificationScores(p, r, f, accuracy)


def precision_recall_f1(
    y_true: ArrayLike, y_pred: ArrayLike, k: int = 2, average: str | None = "binary"
) -> ClassificationScores:
    """Precision, recall and F1 of predicted labels: :func:`scores_from_confusion` of :func:`confusion_matrix`.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,)
        Class numbers 0 … k−1.
    k : int
        The number of classes, 2 to 100.
    average : {"binary", "macro", "weighted", None}
        "binary" only for k = 2.

    Returns
    -------
    ClassificationScores
        Precision, recall, F1 and accuracy.

    Examples
    --------
    >>> s = precision_recall_f1([0, 1, 1, 1], [1, 1, 1, 0])
    >>> round(s.precision, 4), round(s.recall, 4), round(s.f1, 4)
    (0.6667, 0.6667, 0.6667)
    """
    return scores_from_confusion(confusion_matrix(y_true, y_pred, k), average)


def threshold_scores(y: ArrayLike, scores: ArrayLike, threshold: float) -> ClassificationScores:
    """Precision, recall and F1 of the positive class when a score ≥ threshold means positive.

    Raising the threshold trades recall for precision.

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        The classifier's scores.
    threshold : float
        t.

    Returns
    -------
    ClassificationScores
        Precision, recall, F1 and accuracy of class 1.

    Examples
    --------
    >>> s = threshold_scores([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5)
    >>> s.precision, s.recall, s.accuracy
    (0.5, 0.5, 0.5)
    """
    labels, values = _labels_and_scores(y, scores)
    return scores_from_confusion(confusion_matrix(labels, predict_positive(values, threshold)))


@dataclass(frozen=True)
class ThresholdCurves:
    """Precision, recall and F1 of the positive class at every threshold of a grid.

    Attributes
    ----------
    thresholds : ndarray of shape (T,)
        The grid.
    precision, recall, f1 : ndarray of shape (T,)
        The scores at each threshold.
    best : int
        The index of the highest F1 (the first, if several tie).
    """

    thresholds: Floats
    precision: Floats
    recall: Floats
    f1: Floats
    best: int


def threshold_curves(y: ArrayLike, scores: ArrayLike, thresholds: ArrayLike) -> ThresholdCurves:
    """:func:`threshold_scores` at every threshold of a grid, and where F1 peaks.

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1.
    scores : array_like of shape (n,)
        The classifier's scores.
    thresholds : array_like of shape (T,)
        The grid.

    Returns
    -------
    ThresholdCurves
        The three curves and the index of the highest F1.

    Examples
    --------
    >>> c = threshold_curves([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], [0.0, 0.5, 1.0])
    >>> c.recall.tolist(), c.thresholds[c.best]
    ([1.0, 0.5, 0.0], np.float64(0.0))
    """
    grid = as_sample(thresholds, "thresholds")
    each = [threshold_scores(y, scores, float(t)) for t in grid]
    precision, recall, f1 = (np.array([getattr(s, name) for s in each]) for name in ("precision", "recall", "f1"))
    return ThresholdCurves(grid, precision, recall, f1, int(np.argmax(f1)))


@dataclass(frozen=True)
class ROC:
    """The receiver operating characteristic: one point per threshold.

    Attributes
    ----------
    fpr : ndarray of shape (T,)
        False-positive rate FP / (FP + TN) at each threshold.
    tpr : ndarray of shape (T,)
        True-positive rate (recall) TP / (TP + FN).
    thresholds : ndarray of shape (T,)
        Decreasing; the first is +inf (nothing predicted positive).
    """

    fpr: Floats
    tpr: Floats
    thresholds: Floats


def majority_share(y: ArrayLike) -> float:
    """The accuracy of always predicting the commoner class: the baseline every classifier must beat.

    Parameters
    ----------
    y : array_like of shape (n,)
        Labels 0 or 1.

    Returns
    -------
    float
        max(share of 0, share of 1).

    Examples
    --------
    >>> majority_share([0, 0, 0, 1])
    0.75
    """
    labels = _labels(y, 2, "y")
    positive = float(np.mean(labels))
    return max(positive, 1.0 - positive)


def roc_curve(y: ArrayLike, scores: ArrayLike) -> ROC:
    """The ROC curve: every distinct score, from the highest down, as a threshold; sort once and count.

    At threshold s: TPR = #{positives ≥ s} / #positives, FPR = #{negatives ≥ s} / #negatives.

    Parameters
    ----------
    y : array_like of shape (n,)
        The labels, 0 or 1, both present.
    scores : array_like of shape (n,)
        The classifier's scores.

    Returns
    -------
    ROC
        The false- and true-positive rates, and the thresholds.

    Examples
    --------
    >>> r = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r.fpr.tolist(), r.tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    labels, values = _labels_and_scores(y, scores)
    positives, negatives = labels.sum(), len(labels) - labels.sum()
    if positives == 0 or negatives == 0:
        raise MathDLError("too_few_values", name="y (each class)", minimum=1, n=0)
    order = np.argsort(-values, kind="stable")
    s, sorted_labels = values[order], labels[order]
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # the last case of each tied score
    tp = np.cumsum(sorted_labels)[last]
    fp = (last + 1) - tp
    return ROC(np.r_[0.0, fp / negatives], np.r_[0.0, tp / positives], np.r_[np.inf, s[last]])


def roc_point(C: ArrayLike) -> tuple[float, float]:
    """The point of the ROC curve that a 2 × 2 confusion matrix [[TN, FP], [FN, TP]] sits at.

    FPR = FP / (FP + TN), TPR = TP / (TP + FN); 0 for a class with no cases.

    Parameters
    ----------
    C : array_like of shape (2, 2)
        Counts, rows true, columns predicted.

    Returns
    -------
    fpr : float
    tpr : float

    Examples
    --------
    >>> roc_point([[8, 2], [1, 4]])
    (0.2, 0.8)
    """
    counts = np.asarray(C, dtype=float)
    if counts.shape != (2, 2):
        raise MathDLError("bad_shape", name="C", expected=(2, 2), shape=counts.shape)
    fpr, tpr = _ratio(counts[:, 1], counts.sum(axis=1))  # row 0: FP / negatives; row 1: TP / positives
    return float(fpr), float(tpr)


def auc(fpr: ArrayLike, tpr: ArrayLike) -> float:
    """The area under the ROC curve by the trapezoid rule: Σ (FPRᵢ₊₁ − FPRᵢ)(TPRᵢ₊₁ + TPRᵢ)/2.

    It is the chance that a random positive scores higher than a random negative (ties count half).

    Parameters
    ----------
    fpr, tpr : array_like of shape (T,)
        The curve, from :func:`roc_curve`.

    Returns
    -------
    float
        The area, 0 to 1.

    Examples
    --------
    >>> auc([0.0, 0.0, 1.0], [0.0, 1.0, 1.0])
    1.0
    """
    x, y = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
