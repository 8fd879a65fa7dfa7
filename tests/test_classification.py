"""Facts about judging a classifier: one confusion matrix, precision, recall, F1, ROC and AUC,
checked against scikit-learn's metrics.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from sklearn import metrics
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mathdl import MathDLError, classification, datasets

# --- The classifier ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 3])
def test_the_malignant_scores_are_sklearns_logistic_regression_with_malignant_as_positive(seed):
    X, y, _, _ = datasets.table("breast_cancer")
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_train, y_train)
    truth, score = classification.malignant_scores(seed)
    assert truth.tolist() == (y_test == 0).astype(int).tolist()  # scikit-learn codes malignant as 0
    assert_allclose(score, model.predict_proba(X_test)[:, 0], rtol=1e-12)


def test_the_classifier_is_good_and_its_confusion_matrix_at_any_threshold_is_sklearns():
    y, score = classification.classifier_scores("breast_cancer", seed=0)
    assert metrics.roc_auc_score(y, score) > 0.95
    for threshold in (0.0, 0.1, 0.5, 0.93, 1.0):
        called = classification.predict_positive(score, threshold)
        assert called.tolist() == (score >= threshold).astype(int).tolist()
        C = classification.confusion_matrix(y, called)
        assert C.tolist() == metrics.confusion_matrix(y, score >= threshold, labels=[0, 1]).tolist()
        fpr, tpr = classification.roc_point(C)
        (tn, fp), (fn, tp) = C
        assert (fpr, tpr) == pytest.approx((fp / (fp + tn), metrics.recall_score(y, called)))


# --- Precision, recall and F1 -----------------------------------------------------------------------


@settings(max_examples=60)
@given(
    st.integers(2, 6).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.integers(1, 80).flatmap(
                lambda n: st.tuples(*(arrays(int, n, elements=st.integers(0, k - 1)) for _ in range(2)))
            ),
        )
    )
)
def test_the_confusion_matrix_and_the_scores_are_sklearns(data):
    k, (y_true, y_pred) = data
    C = classification.confusion_matrix(y_true, y_pred, k)
    assert C.tolist() == metrics.confusion_matrix(y_true, y_pred, labels=range(k)).tolist()
    averages = ["macro", "weighted", None] + (["binary"] if k == 2 else [])
    for average in averages:
        ours = classification.precision_recall_f1(y_true, y_pred, k, average)
        p, r, f, _ = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=range(k), average=average, zero_division=0
        )
        assert_allclose([ours.precision, ours.recall, ours.f1], [p, r, f], atol=1e-12)
    assert classification.precision_recall_f1(y_true, y_pred, k, "macro").accuracy == pytest.approx(
        metrics.accuracy_score(y_true, y_pred)
    )


def test_raising_the_threshold_trades_recall_for_precision_as_sklearn_counts_them():
    y, score = classification.classifier_scores("breast_cancer", seed=0)
    previous = None
    for threshold in (0.05, 0.3, 0.5, 0.8, 0.99):
        ours = classification.threshold_scores(y, score, threshold)
        p, r, f, _ = metrics.precision_recall_fscore_support(y, score >= threshold, average="binary", zero_division=0)
        assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))
        if previous is not None:
            assert ours.recall <= previous.recall
        previous = ours


def test_the_threshold_curves_are_sklearns_scores_at_every_threshold_and_peak_where_f1_does():
    y, score = classification.malignant_scores(seed=1)
    grid = np.linspace(0.0, 1.0, 51)
    curves = classification.threshold_curves(y, score, grid)
    for i, threshold in enumerate(grid):
        p, r, f, _ = metrics.precision_recall_fscore_support(y, score >= threshold, average="binary", zero_division=0)
        assert (curves.precision[i], curves.recall[i], curves.f1[i]) == pytest.approx((p, r, f))
    f1 = [metrics.f1_score(y, score >= t, zero_division=0) for t in grid]
    assert curves.best == int(np.argmax(f1))
    assert np.all(np.diff(curves.recall) <= 0)


# --- The ROC curve ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_the_roc_curve_and_auc_are_sklearns_even_with_ties(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 200)
    score = np.round(rng.random(200) * 0.6 + 0.4 * y, 1)  # rounding makes many ties
    ours = classification.roc_curve(y, score)
    fpr, tpr, thresholds = metrics.roc_curve(y, score, drop_intermediate=False)
    assert_allclose(ours.fpr, fpr)
    assert_allclose(ours.tpr, tpr)
    assert_allclose(ours.thresholds[1:], thresholds[1:])
    assert classification.auc(ours.fpr, ours.tpr) == pytest.approx(metrics.roc_auc_score(y, score))


@pytest.mark.parametrize("seed", range(3))
def test_each_thresholds_confusion_matrix_sits_on_the_roc_curve(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 80)
    score = rng.random(80) * 0.7 + 0.3 * y
    roc = classification.roc_curve(y, score)
    for threshold in roc.thresholds[1:]:
        C = classification.confusion_matrix(y, classification.predict_positive(score, threshold))
        point = classification.roc_point(C)
        assert any(np.allclose(point, p) for p in zip(roc.fpr, roc.tpr, strict=True))


def test_functions_leave_their_inputs_untouched():
    y, score = np.array([0, 1, 1, 0]), np.array([0.2, 0.9, 0.4, 0.6])
    for a in (y, score):
        a.setflags(write=False)  # any write into them would raise
    classification.confusion_matrix(y, y, 2)
    classification.roc_curve(y, score)
    classification.threshold_curves(y, score, [0.1, 0.5])


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: classification.confusion_matrix([0, 3], [0, 1], 3), "out_of_range"),
        (lambda: classification.confusion_matrix([0, 1], [0, 1, 1], 2), "lengths_differ"),
        (lambda: classification.precision_recall_f1([0, 2], [0, 1], 3, "binary"), "unknown_choice"),
        (lambda: classification.scores_from_confusion([[1, 2, 3]]), "bad_shape"),
        (lambda: classification.roc_curve([1, 1, 1], [0.1, 0.2, 0.3]), "too_few_values"),
        (lambda: classification.roc_curve([0, 1], [0.1, np.nan]), "not_finite"),
        (lambda: classification.roc_curve([0, 2], [0.1, 0.2]), "out_of_range"),
        (lambda: classification.roc_point([[1, 2, 3]]), "bad_shape"),
        (lambda: classification.predict_positive([0.1, np.inf], 0.5), "not_finite"),
        (lambda: classification.classifier_scores("iris"), "unknown_choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code


def test_the_majority_baseline_is_the_accuracy_of_scikit_learns_most_frequent_dummy():
    from sklearn.dummy import DummyClassifier

    y = np.random.default_rng(3).integers(0, 2, 171)
    dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((171, 1)), y)
    assert classification.majority_share(y) == pytest.approx(dummy.score(np.zeros((171, 1)), y))
