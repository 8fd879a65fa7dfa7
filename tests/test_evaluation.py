"""Facts about folds, cross-validation, learning curves and early stopping, checked against
scikit-learn's KFold, StratifiedKFold, cross_val_score and learning_curve, and Keras' EarlyStopping rule.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from sklearn import linear_model, metrics, model_selection

from mathdl import MathDLError, datasets, evaluation

DIABETES = datasets.diabetes(scale_target=False)


@settings(max_examples=60)
@given(st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))))
def test_unshuffled_folds_are_sklearns_kfold(nk):
    n, k = nk
    ours = evaluation.kfold_indices(n, k)
    theirs = list(model_selection.KFold(k).split(np.zeros(n)))
    assert len(ours) == k
    for (train, test), (train_ref, test_ref) in zip(ours, theirs, strict=True):
        assert train.tolist() == train_ref.tolist() and test.tolist() == test_ref.tolist()


@settings(max_examples=60)
@given(st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))), st.integers(0, 2**32 - 1))
def test_every_index_lands_in_exactly_one_shuffled_test_fold_of_nearly_equal_size(nk, seed):
    n, k = nk
    folds = evaluation.kfold_indices(n, k, shuffle=True, rng=np.random.default_rng(seed))
    tests = np.concatenate([test for _, test in folds])
    assert sorted(tests.tolist()) == list(range(n))
    sizes = [len(test) for _, test in folds]
    assert max(sizes) - min(sizes) <= 1
    for train, test in folds:
        assert sorted(np.r_[train, test].tolist()) == list(range(n))


labels = st.integers(2, 4).flatmap(lambda c: arrays(int, st.integers(12, 120), elements=st.integers(0, c - 1)))


@settings(max_examples=60)
@given(labels, st.integers(2, 6))
def test_unshuffled_stratified_folds_are_sklearns(y, k):
    counts = np.bincount(y)
    if counts.max() < k:  # sklearn refuses when no class can fill every fold
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when the smallest class has fewer than k members
        theirs = list(model_selection.StratifiedKFold(k).split(np.zeros(len(y)), y))
    for (train, test), (train_ref, test_ref) in zip(evaluation.stratified_kfold_indices(y, k), theirs, strict=True):
        assert train.tolist() == train_ref.tolist() and test.tolist() == test_ref.tolist()


@settings(max_examples=40)
@given(labels, st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_shuffled_stratified_folds_keep_every_class_spread_evenly(y, k, seed):
    folds = evaluation.stratified_kfold_indices(y, k, shuffle=True, rng=np.random.default_rng(seed))
    assert sorted(np.concatenate([test for _, test in folds]).tolist()) == list(range(len(y)))
    per_fold = np.array([np.bincount(y[test], minlength=y.max() + 1) for _, test in folds])  # (k, classes)
    assert np.all(per_fold.max(axis=0) - per_fold.min(axis=0) <= 1)


@settings(max_examples=30)
@given(st.integers(2, 120).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))), st.booleans())
def test_each_sample_is_labelled_with_the_fold_that_tests_it_as_sklearn_deals_them(nk, shuffle):
    n, k = nk
    folds = evaluation.kfold_indices(n, k, shuffle=shuffle, rng=np.random.default_rng(n))
    labels = evaluation.fold_labels(folds)
    for i, (_, test) in enumerate(folds):
        assert np.flatnonzero(labels == i).tolist() == test.tolist()
    if not shuffle:
        expected = np.empty(n, dtype=int)
        for i, (_, test) in enumerate(model_selection.KFold(k).split(np.zeros(n))):
            expected[test] = i
        assert labels.tolist() == expected.tolist()


def test_the_mean_squared_error_is_sklearns():
    rng = np.random.default_rng(0)
    y, y_hat = rng.standard_normal(50), rng.standard_normal(50)
    assert evaluation.mean_squared_error(y, y_hat) == pytest.approx(metrics.mean_squared_error(y, y_hat))


def test_the_cross_validation_curve_is_sklearns_and_its_best_alpha_the_lowest_mean():
    X, y, _ = DIABETES
    folds = evaluation.kfold_indices(len(y), 4, shuffle=True, rng=np.random.default_rng(3))
    alphas = np.logspace(-1, 5, 13)
    curve = evaluation.cross_val_curve(X, y, folds, alphas)
    reference = np.array(
        [
            -model_selection.cross_val_score(
                linear_model.Ridge(alpha=a), X, y, cv=folds, scoring="neg_mean_squared_error"
            )
            for a in alphas
        ]
    )
    assert_allclose(curve.errors, reference, rtol=1e-9)
    assert_allclose(curve.mean, reference.mean(axis=1), rtol=1e-9)
    assert curve.best_alpha == alphas[np.argmin(reference.mean(axis=1))]


@pytest.mark.parametrize(("n", "count"), [(100, 18), (50, 5), (500, 18), (12, 30)])
def test_the_learning_sizes_are_geometric_from_two_to_the_smallest_training_set(n, count):
    folds = evaluation.kfold_indices(n, 5)
    sizes = evaluation.learning_sizes(folds, count)
    largest = min(len(train) for train, _ in folds)
    assert sizes[0] == 2 and sizes[-1] == largest
    assert np.all(np.diff(sizes) > 0) and len(sizes) <= count
    assert set(sizes.tolist()) == {round(v) for v in np.geomspace(2, largest, count)}


@pytest.mark.parametrize("alpha", [0.0, 1.0, 100.0])
def test_cross_validated_errors_are_sklearns_on_the_same_folds(alpha):
    X, y, _ = DIABETES
    folds = evaluation.kfold_indices(len(y), 5, shuffle=True, rng=np.random.default_rng(0))
    scores = model_selection.cross_val_score(
        linear_model.Ridge(alpha=alpha), X, y, cv=folds, scoring="neg_mean_squared_error"
    )
    assert_allclose(evaluation.cross_val_errors(X, y, folds, alpha), -scores, rtol=1e-9)


def test_the_learning_curve_is_sklearns_on_the_same_splits():
    X, y, _ = DIABETES
    sizes = [5, 20, 60, 150, 350]
    ours = evaluation.learning_curve(X, y, sizes, evaluation.kfold_indices(len(y), 5), alpha=1.0)
    _, train, validation = model_selection.learning_curve(
        linear_model.Ridge(alpha=1.0),
        X,
        y,
        train_sizes=sizes,
        cv=model_selection.KFold(5),
        scoring="neg_mean_squared_error",
    )
    assert_allclose(ours.train_mse, -train, rtol=1e-9, atol=1e-9)
    assert_allclose(ours.train_mean, -train.mean(axis=1), rtol=1e-9, atol=1e-9)
    assert_allclose(ours.validation_mean, -validation.mean(axis=1), rtol=1e-9)
    assert_allclose(ours.validation_mse, -validation, rtol=1e-9)
    assert ours.validation_mse[-1].mean() < ours.validation_mse[0].mean()
    assert ours.train_mse[-1].mean() > ours.train_mse[1].mean()


def test_a_shuffled_learning_curve_uses_the_same_data_once_it_uses_all_of_it():
    X, y = DIABETES[0][:440], DIABETES[1][:440]
    folds = evaluation.kfold_indices(440, 4)  # every training set has 330 points
    full = 330
    plain = evaluation.learning_curve(X, y, [full], folds, alpha=1.0)
    shuffled = evaluation.learning_curve(X, y, [30, full], folds, alpha=1.0, rng=np.random.default_rng(0))
    assert_allclose(shuffled.validation_mse[1], plain.validation_mse[0], rtol=1e-9)


def keras_early_stopping(loss, patience):
    """The rule as Keras' EarlyStopping callback runs it, epoch by epoch: (best, stopped_at) counted from 1."""
    best, best_value, wait = None, np.inf, 0
    for epoch, value in enumerate(loss, start=1):
        wait += 1
        if value < best_value:
            best, best_value, wait = epoch, value, 0
        if wait >= patience:
            return best, epoch
    return best, len(loss)


@settings(max_examples=200)
@given(arrays(float, st.integers(1, 60), elements=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])), st.integers(1, 12))
def test_early_stopping_stops_where_keras_callback_would_and_keeps_the_best_weights(loss, patience):
    r = evaluation.early_stopping(loss, patience)
    assert (r.best_epoch, r.stop_epoch) == keras_early_stopping(loss, patience)
    assert r.best_epoch == np.argmin(loss[: r.stop_epoch]) + 1  # the first lowest loss before the stop
    assert r.stopped == (r.stop_epoch < len(loss))
    if r.stopped:
        assert r.stop_epoch - r.best_epoch == patience


def test_early_stopping_with_endless_patience_keeps_the_overall_best_epoch():
    loss = np.r_[np.linspace(1, 0.1, 50), np.linspace(0.1, 1, 50)]
    assert evaluation.early_stopping(loss, 1000) == evaluation.EarlyStop(int(np.argmin(loss)) + 1, 100, False)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: evaluation.kfold_indices(5, 6), "out_of_range"),
        (lambda: evaluation.kfold_indices(1, 2), "too_few_values"),
        (
            lambda: evaluation.learning_curve(
                [[1.0], [2.0], [3.0], [4.0]], [1.0, 2.0, 3.0, 4.0], [3], evaluation.kfold_indices(4, 2)
            ),
            "out_of_range",
        ),
        (lambda: evaluation.early_stopping([1.0, np.inf], 3), "not_finite"),
        (lambda: evaluation.early_stopping([1.0, 2.0], 0), "out_of_range"),
        (lambda: evaluation.learning_sizes(evaluation.kfold_indices(10, 2), 1), "out_of_range"),
        (
            lambda: evaluation.cross_val_curve([[1.0], [2.0]], [1.0, 2.0], evaluation.kfold_indices(2, 2), []),
            "too_few_values",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code


def test_functions_leave_their_inputs_untouched():
    X, y, _ = DIABETES
    X, y = X.copy(), y.copy()
    labels = np.array([0, 1, 1, 0])
    for a in (X, y, labels):
        a.setflags(write=False)  # any write into them would raise
    folds = evaluation.kfold_indices(len(y), 3)
    evaluation.learning_curve(X, y, [50], folds, rng=np.random.default_rng(0))
    evaluation.cross_val_curve(X, y, folds, [1.0, 10.0])
    evaluation.stratified_kfold_indices(labels, 2, shuffle=True, rng=np.random.default_rng(0))
