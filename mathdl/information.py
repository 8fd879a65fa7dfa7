"""Information and decisions: entropy, cross-entropy, KL divergence, softmax, the two losses of
a logit, and choosing a classifier's threshold by what its mistakes cost.

The tests compare these with ``scipy.stats.entropy``, ``scipy.special.softmax`` and
``sklearn.metrics``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from mathdl import datasets
from mathdl.activations import sigmoid
from mathdl.errors import MathDLError

MAX_OUTCOMES = 12


# --- Distributions typed by a reader ------------------------------------------------------------


def parse_weights(text: str, name: str = "p") -> np.ndarray:
    """Numbers separated by commas or spaces, like ``0.5, 0.25, 0.25`` or ``3 1 1``.

    Examples
    --------
    >>> parse_weights("0.5, 0.25 0.25")
    array([0.5 , 0.25, 0.25])
    """
    parts = [part for part in re.split(r"[\s,;，；]+", text.strip()) if part]
    try:
        values = np.array([float(part) for part in parts], dtype=float)
    except ValueError:
        raise MathDLError("not_a_distribution", name=name, value=text[:40]) from None
    if not 2 <= len(values) <= MAX_OUTCOMES:
        raise MathDLError("out_of_range", name=f"len({name})", low=2, high=MAX_OUTCOMES, value=len(values))
    return values


def normalize(p, name: str = "p") -> tuple[np.ndarray, bool]:
    """Weights divided by their sum, so they add up to 1; and whether they had to be.

    Examples
    --------
    >>> normalize([2.0, 1.0, 1.0])
    (array([0.5 , 0.25, 0.25]), True)
    """
    p = np.asarray(p, dtype=float)
    if not np.all(np.isfinite(p)):
        raise MathDLError("not_finite", name=name, value=p[~np.isfinite(p)][0])
    if np.any(p < 0) or not np.any(p):
        raise MathDLError("not_a_distribution", name=name, value=p.tolist())
    # Scaled by the largest weight first: 1e308, 1e308 would overflow the sum, 1e-320s lose their digits.
    largest = float(p.max())
    scaled = p / largest
    total = largest * float(scaled.sum())  # a Python float: inf without a warning when it overflows
    return scaled / scaled.sum(), not math.isclose(total, 1.0, rel_tol=1e-9)


def _log(x, base: float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(x) / math.log(base)


def entropy(p, base: float = 2) -> float:
    """H(p) = −Σ pᵢ log pᵢ, with 0 · log 0 = 0: the average surprise, in bits for base 2.

    Examples
    --------
    >>> entropy([0.5, 0.25, 0.25])
    1.5
    """
    p, _ = normalize(p)
    nonzero = p > 0
    return float(-(p[nonzero] * _log(p[nonzero], base)).sum())


def binary_entropy(p, base: float = 2) -> np.ndarray:
    """H(p) of a coin with P(heads) = p: 0 at p = 0 or 1, the maximum 1 bit at p = ½.

    Examples
    --------
    >>> binary_entropy([0.0, 0.5, 1.0]).tolist()
    [0.0, 1.0, 0.0]
    """
    p = np.asarray(p, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise MathDLError("out_of_range", name="p", low=0, high=1, value=p)
    terms = [np.where(q > 0, -q * _log(np.where(q > 0, q, 1.0), base), 0.0) for q in (p, 1 - p)]
    return terms[0] + terms[1]


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    p, _ = normalize(p, "p")
    q, _ = normalize(q, "q")
    if len(p) != len(q):
        raise MathDLError("lengths_differ", a="p", b="q", n=len(p), m=len(q))
    return p, q


def cross_entropy(p, q, base: float = 2) -> float:
    """H(p, q) = −Σ pᵢ log qᵢ: the average surprise when outcomes follow p but you expect q.
    Infinite if q gives probability 0 to an outcome that p can produce.

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75]), 4)  # ½·2 bits + ½·log₂(4/3) bits
    1.2075
    """
    p, q = _pair(p, q)
    used = p > 0
    return float(-(p[used] * _log(q[used], base)).sum())


def kl_divergence(p, q, base: float = 2) -> float:
    """KL(p‖q) = Σ pᵢ log(pᵢ/qᵢ) = H(p, q) − H(p) ≥ 0, zero only when q = p. Not symmetric.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4), round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 4)
    (0.737, 0.531)
    """
    p, q = _pair(p, q)
    used = p > 0
    if np.any(q[used] == 0):
        return math.inf
    return float((p[used] * _log(p[used] / q[used], base)).sum())


def impossible_outcomes(p, q) -> list[int]:
    """The outcomes (0-based) that p can produce but q calls impossible: each makes KL(p‖q) infinite.

    Examples
    --------
    >>> impossible_outcomes([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
    [1]
    """
    p, q = _pair(p, q)
    return np.nonzero((p > 0) & (q == 0))[0].tolist()


# --- Softmax and the losses of a logit -----------------------------------------------------------


def softmax(z, temperature: float = 1.0) -> np.ndarray:
    """softmax(z/T)ᵢ = exp(zᵢ/T) / Σⱼ exp(zⱼ/T). Subtracting the largest logit first changes
    nothing mathematically and keeps exp from overflowing. Small T sharpens, large T flattens.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(3)
    array([0.09 , 0.245, 0.665])
    """
    z = np.asarray(z, dtype=float)
    if not np.all(np.isfinite(z)):
        raise MathDLError("not_finite", name="z", value=z[~np.isfinite(z)][0])
    if not temperature > 0:
        raise MathDLError("out_of_range", name="temperature", low=0, high="∞", value=temperature)
    with np.errstate(over="ignore"):  # a gap beyond 1e308 becomes -inf, and exp(-inf) = 0 is right
        scaled = (z - z.max()) / temperature
    e = np.exp(scaled)
    return e / e.sum()


@dataclass(frozen=True)
class LogitLosses:
    cross_entropy: np.ndarray  # −[y log σ(z) + (1 − y) log(1 − σ(z))]
    squared_error: np.ndarray  # (σ(z) − y)²
    cross_entropy_grad: np.ndarray  # d/dz: σ(z) − y
    squared_error_grad: np.ndarray  # d/dz: 2(σ(z) − y) σ(z)(1 − σ(z))


def logit_losses(z, y: int) -> LogitLosses:
    """Both losses of a logit z for the label y ∈ {0, 1}, and their slopes in z.

    Cross-entropy = softplus(z) − y·z with softplus(z) = log(1 + eᶻ), which stays finite for
    any z. Its slope σ(z) − y is large whenever the prediction is confidently wrong; the
    squared error's slope carries the extra factor σ(z)(1 − σ(z)), which vanishes there.

    Examples
    --------
    >>> r = logit_losses(-10.0, 1)
    >>> round(float(r.cross_entropy_grad), 4), round(float(r.squared_error_grad), 6)
    (-1.0, -9.1e-05)
    """
    if y not in (0, 1):
        raise MathDLError("unknown_choice", name="y", allowed=[0, 1], value=y)
    z = np.asarray(z, dtype=float)
    s = sigmoid(z)
    softplus = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
    return LogitLosses(softplus - y * z, (s - y) ** 2, s - y, 2 * (s - y) * s * (1 - s))


# --- Decisions with a real classifier --------------------------------------------------------------


def classifier_scores(
    dataset: str = "breast_cancer", seed: int = 0, test_size: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """Test labels and the predicted probabilities P(y = 1 | x) of a logistic regression
    (scikit-learn, on standardised features) trained on the rest of a two-class data set.

    In breast_cancer, y = 1 is *benign*; the page's positive class is malignant, y = 0,
    so it uses 1 − y and 1 − score.

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

    X, y, _, _ = datasets.table(dataset)
    if len(np.unique(y)) != 2:
        raise MathDLError("unknown_choice", name="dataset", allowed=["breast_cancer"], value=dataset)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_train, y_train)
    return y_test, model.predict_proba(X_test)[:, 1]


def malignant_scores(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """:func:`classifier_scores` on the breast cancer data with *malignant* as the positive class
    (scikit-learn codes malignant as 0): test labels, 1 = malignant, and P(malignant | x).

    Examples
    --------
    >>> y, score = malignant_scores(seed=0)
    >>> len(y), bool(np.all((0 <= score) & (score <= 1)))
    (171, True)
    """
    y, benign = classifier_scores("breast_cancer", seed=seed)
    return 1 - y, 1 - benign


def _labels_and_scores(y, scores) -> tuple[np.ndarray, np.ndarray]:
    y, scores = np.asarray(y).ravel(), np.asarray(scores, dtype=float).ravel()
    if len(y) != len(scores):
        raise MathDLError("lengths_differ", a="y", b="scores", n=len(y), m=len(scores))
    if not np.all(np.isin(y, (0, 1))):
        raise MathDLError("unknown_choice", name="y", allowed=[0, 1], value=np.unique(y).tolist())
    if not np.all(np.isfinite(scores)):
        raise MathDLError("not_finite", name="scores", value=scores[~np.isfinite(scores)][0])
    return y.astype(int), scores


def confusion(y, scores, threshold: float) -> dict[str, int]:
    """Predict positive when score ≥ threshold and count the four outcomes.

    Examples
    --------
    >>> confusion([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5)
    {'tn': 1, 'fp': 1, 'fn': 1, 'tp': 1}
    """
    y, scores = _labels_and_scores(y, scores)
    predicted = scores >= threshold
    positive = y == 1
    return {
        "tn": int(np.sum(~predicted & ~positive)),
        "fp": int(np.sum(predicted & ~positive)),
        "fn": int(np.sum(~predicted & positive)),
        "tp": int(np.sum(predicted & positive)),
    }


def _costs(costs) -> np.ndarray:
    """C[true][predicted]: finite, non-negative, and a right answer never costs more than a wrong one."""
    C = np.asarray(costs, dtype=float)
    if C.shape != (2, 2):
        raise MathDLError("bad_shape", name="costs", expected=(2, 2), shape=C.shape)
    if not np.all(np.isfinite(C)) or np.any(C < 0) or C[0, 0] > C[0, 1] or C[1, 1] > C[1, 0]:
        raise MathDLError("out_of_range", name="costs", low=0, high="∞", value=C.tolist())
    return C


def expected_risk(y, scores, threshold: float, costs) -> float:
    """The average cost per case: (C₀₀·TN + C₀₁·FP + C₁₀·FN + C₁₁·TP) / n.

    Examples
    --------
    >>> expected_risk([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, [[0, 1], [5, 0]])
    1.5
    """
    C = _costs(costs)
    c = confusion(y, scores, threshold)
    total = C[0, 0] * c["tn"] + C[0, 1] * c["fp"] + C[1, 0] * c["fn"] + C[1, 1] * c["tp"]
    return float(total / sum(c.values()))


def risk_curve(y, scores, costs, thresholds) -> np.ndarray:
    """The expected risk at each threshold, for the risk-against-threshold chart.

    Examples
    --------
    >>> risk_curve([0, 1], [0.2, 0.8], [[0, 1], [1, 0]], [0.0, 0.5, 1.0]).tolist()
    [0.5, 0.0, 0.5]
    """
    return np.array([expected_risk(y, scores, float(th), costs) for th in np.asarray(thresholds, dtype=float)])


def best_threshold(y, scores, costs, thresholds=None) -> float:
    """The threshold with the lowest expected risk on these data (the first, if several tie).

    Examples
    --------
    >>> best_threshold([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], [[0, 1], [1, 0]], [0.2, 0.5, 0.8])
    0.5
    """
    thresholds = np.linspace(0, 1, 201) if thresholds is None else np.asarray(thresholds, dtype=float)
    return float(thresholds[np.argmin(risk_curve(y, scores, costs, thresholds))])


def bayes_threshold(costs) -> float:
    """Predict positive when its expected cost is lower: P(1|x)·C₁₀ + ... gives the threshold
    t* = (C₀₁ − C₀₀) / ((C₀₁ − C₀₀) + (C₁₀ − C₁₁)) on a calibrated probability P(y = 1 | x).

    Examples
    --------
    >>> bayes_threshold([[0, 1], [1, 0]]), bayes_threshold([[0, 1], [9, 0]])
    (0.5, 0.1)
    """
    C = _costs(costs)
    false_alarm, miss = C[0, 1] - C[0, 0], C[1, 0] - C[1, 1]
    return float(false_alarm / (false_alarm + miss)) if false_alarm + miss > 0 else 0.5


@dataclass(frozen=True)
class ROC:
    fpr: np.ndarray  # false-positive rate FP / (FP + TN) at each threshold
    tpr: np.ndarray  # true-positive rate (recall) TP / (TP + FN)
    thresholds: np.ndarray  # decreasing; the first is +inf (nothing predicted positive)


def roc_curve(y, scores) -> ROC:
    """Every distinct score, from the highest down, as a threshold: sort once and count.

    Examples
    --------
    >>> r = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r.fpr.tolist(), r.tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    y, scores = _labels_and_scores(y, scores)
    positives, negatives = y.sum(), len(y) - y.sum()
    if positives == 0 or negatives == 0:
        raise MathDLError("too_few_values", name="y (each class)", minimum=1, n=0)
    order = np.argsort(-scores, kind="stable")
    s, labels = scores[order], y[order]
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # the last case of each tied score
    tp = np.cumsum(labels)[last]
    fp = (last + 1) - tp
    return ROC(np.r_[0.0, fp / negatives], np.r_[0.0, tp / positives], np.r_[np.inf, s[last]])


def auc(fpr, tpr) -> float:
    """The area under the ROC curve by the trapezoid rule: the chance that a random positive
    scores higher than a random negative (ties count half).

    Examples
    --------
    >>> auc([0.0, 0.0, 1.0], [0.0, 1.0, 1.0])
    1.0
    """
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
