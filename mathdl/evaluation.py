"""Evaluation: measuring a model honestly on data it never trained on.

k-fold cross-validation estimates the test error from the training data alone and chooses a
penalty; learning curves tell whether more data would help; early stopping picks the epoch to
keep by a validation loss. The regressions here are ridge fits (:mod:`mathdl.penalties`); a
classifier's confusion matrix, scores and ROC curve are in :mod:`mathdl.classification`. The
tests compare everything here with ``sklearn.model_selection`` and Keras' ``EarlyStopping`` rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.penalties import check_penalty, predict, regression_data, ridge
from mathdl.validation import as_sample, check_range

Floats = NDArray[np.float64]
Indices = NDArray[np.int_]
Folds = list[tuple[Indices, Indices]]


def mean_squared_error(y: ArrayLike, y_hat: ArrayLike) -> float:
    """MSE = (1/n) Σ (yᵢ − ŷᵢ)².

    Parameters
    ----------
    y, y_hat : array_like of the same shape
        The values and their predictions.

    Returns
    -------
    float
        The mean of the squared differences.

    Examples
    --------
    >>> mean_squared_error([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))


# --- Folds and cross-validation ----------------------------------------------------------------------


def _fold_count(n: int, k: int) -> None:
    if n < 2:
        raise MathDLError("too_few_values", name="the data", minimum=2, n=n)
    check_range("k", k, 2, n)


def kfold_indices(n: int, k: int, shuffle: bool = False, rng: np.random.Generator | None = None) -> Folds:
    """Split 0, …, n−1 into k test folds of sizes ⌈n/k⌉ or ⌊n/k⌋, each index in exactly one.

    The larger folds come first; each fold's training set is the rest. As scikit-learn's KFold: the
    same folds when shuffle is False; with shuffle, the indices are permuted by ``rng`` first.

    Parameters
    ----------
    n : int
        The number of samples, at least 2.
    k : int
        The number of folds, 2 to n.
    shuffle : bool
        Deal the samples at random instead of in blocks.
    rng : numpy.random.Generator or None
        Used when shuffle is True (a fresh unseeded one if None).

    Returns
    -------
    list of k pairs (train, test)
        Sorted index arrays.

    Examples
    --------
    >>> [test.tolist() for train, test in kfold_indices(5, 2)]
    [[0, 1, 2], [3, 4]]
    """
    _fold_count(n, k)
    order = (rng if rng is not None else np.random.default_rng()).permutation(n) if shuffle else np.arange(n)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    ends = np.cumsum(sizes)  # (k,)
    tests = [np.sort(order[end - size : end]) for size, end in zip(sizes, ends, strict=True)]
    return [(np.setdiff1d(np.arange(n), test), test) for test in tests]


def stratified_kfold_indices(
    y: ArrayLike, k: int, shuffle: bool = False, rng: np.random.Generator | None = None
) -> Folds:
    """k folds that keep the class proportions of y, as scikit-learn's StratifiedKFold.

    Sort the labels by class (classes in order of first appearance) and deal them round-robin
    to the k folds: fold i gets the positions i, i + k, i + 2k, … of that list, so its count of
    every class differs from another fold's by at most 1. Within a class the members go to the
    folds in index order (shuffle=False, the same folds as scikit-learn) or in an order drawn by ``rng``.

    Parameters
    ----------
    y : array_like of shape (n,)
        Class labels of any kind.
    k : int
        The number of folds, 2 to n.
    shuffle : bool
        Deal the members of each class at random.
    rng : numpy.random.Generator or None
        Used when shuffle is True (a fresh unseeded one if None).

    Returns
    -------
    list of k pairs (train, test)
        Sorted index arrays.

    Examples
    --------
    >>> [test.tolist() for train, test in stratified_kfold_indices([0, 0, 0, 0, 1, 1], 2)]
    [[0, 1, 4], [2, 3, 5]]
    """
    labels = np.asarray(y).ravel()
    _fold_count(len(labels), k)
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    code = np.argsort(np.argsort(first))[inverse]  # (n,) classes numbered by first appearance
    allocation = np.array([np.bincount(np.sort(code)[i::k], minlength=len(first)) for i in range(k)])  # (k, classes)
    generator = rng if rng is not None else np.random.default_rng()
    fold = np.empty(len(labels), dtype=int)
    for label in range(len(first)):
        members = np.repeat(np.arange(k), allocation[:, label])  # fold of each member, in index order
        fold[code == label] = generator.permutation(members) if shuffle else members
    return [(np.flatnonzero(fold != i), np.flatnonzero(fold == i)) for i in range(k)]


def fold_labels(folds: Folds) -> Indices:
    """The fold that tests each sample: f[j] = i when j is in the test set of fold i (0-based).

    Parameters
    ----------
    folds : list of k (train, test) index pairs
        From :func:`kfold_indices`; every sample in exactly one test set.

    Returns
    -------
    ndarray of shape (n,)
        The fold of each sample.

    Examples
    --------
    >>> fold_labels(kfold_indices(5, 2)).tolist()
    [0, 0, 0, 1, 1]
    """
    tests = [np.asarray(test, dtype=int) for _, test in folds]
    labels = np.empty(sum(len(test) for test in tests), dtype=int)
    for i, test in enumerate(tests):
        labels[test] = i
    return labels


def cross_val_errors(X: ArrayLike, y: ArrayLike, folds: Folds, alpha: float) -> Floats:
    """The k-fold validation errors of ridge: fit on all folds but one, the MSE on that one.

    Their mean, CV = (1/k) Σᵢ MSEᵢ, estimates the test error using the training data alone.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    folds : list of k (train, test) index pairs
        From :func:`kfold_indices`.
    alpha : float
        The ridge penalty α ≥ 0.

    Returns
    -------
    ndarray of shape (k,)
        The mean squared error on each held-out fold.

    Examples
    --------
    >>> x = np.arange(6.0)[:, None]
    >>> cross_val_errors(x, 2 * x[:, 0] + 1, kfold_indices(6, 3), 0.0).round(12)
    array([0., 0., 0.])
    """
    X, y = regression_data(X, y)
    check_penalty(alpha)
    return np.array(
        [mean_squared_error(y[test], predict(ridge(X[train], y[train], alpha), X[test])) for train, test in folds]
    )


@dataclass(frozen=True)
class CrossValCurve:
    """The k-fold validation errors of ridge at every α of a grid.

    Attributes
    ----------
    alphas : ndarray of shape (A,)
        The penalties.
    errors : ndarray of shape (A, k)
        The error of each fold at each α.
    mean : ndarray of shape (A,)
        The cross-validation estimate at each α.
    best_alpha : float
        The α with the lowest estimate.
    """

    alphas: Floats
    errors: Floats
    mean: Floats
    best_alpha: float


def cross_val_curve(X: ArrayLike, y: ArrayLike, folds: Folds, alphas: ArrayLike) -> CrossValCurve:
    """:func:`cross_val_errors` at every α of a grid, and the α whose mean error is lowest.

    α* = argmin_α (1/k) Σᵢ MSEᵢ(α): choosing the penalty by cross-validation.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    folds : list of k (train, test) index pairs
        From :func:`kfold_indices`.
    alphas : array_like of shape (A,)
        The penalties, each ≥ 0.

    Returns
    -------
    CrossValCurve
        The errors by α and fold, their means and the best α.

    Examples
    --------
    >>> x = np.arange(8.0)[:, None]
    >>> c = cross_val_curve(x, 2 * x[:, 0], kfold_indices(8, 2), [0.0, 100.0])
    >>> c.errors.shape, c.best_alpha
    ((2, 2), 0.0)
    """
    grid = as_sample(alphas, "alphas")
    errors = np.array([cross_val_errors(X, y, folds, float(a)) for a in grid])  # (A, k)
    mean = errors.mean(axis=1)
    return CrossValCurve(grid, errors, mean, float(grid[np.argmin(mean)]))


# --- Learning curves and early stopping ----------------------------------------------------------------


def learning_sizes(folds: Folds, count: int = 18, smallest: int = 2) -> Indices:
    """Training-set sizes for a learning curve: about ``count``, spaced geometrically.

    m_j = round(smallest · (M / smallest)^(j / (count − 1))) without repeats, up to M, the
    smallest training set of the folds.

    Parameters
    ----------
    folds : list of k (train, test) index pairs
        From :func:`kfold_indices`.
    count : int
        The most sizes, 2 to 1000.
    smallest : int
        The first size, 1 to M.

    Returns
    -------
    ndarray of shape (S,)
        Increasing sizes, S ≤ count.

    Examples
    --------
    >>> learning_sizes(kfold_indices(100, 5), 5).tolist()
    [2, 5, 13, 32, 80]
    """
    check_range("count", count, 2, 1000)
    largest = min(len(train) for train, _ in folds)
    check_range("smallest", smallest, 1, largest)
    sizes: Indices = np.unique(np.geomspace(smallest, largest, count).round().astype(int))
    return sizes


@dataclass(frozen=True)
class LearningCurve:
    """Training and validation error against the number of training points.

    Attributes
    ----------
    sizes : ndarray of shape (S,)
        Training-set sizes m.
    train_mse : ndarray of shape (S, k)
        The error on the m points trained on, per fold.
    validation_mse : ndarray of shape (S, k)
        The error on the fold held out.
    train_mean, validation_mean : ndarray of shape (S,)
        Their means over the folds.
    """

    sizes: Indices
    train_mse: Floats
    validation_mse: Floats
    train_mean: Floats
    validation_mean: Floats


def learning_curve(
    X: ArrayLike,
    y: ArrayLike,
    sizes: ArrayLike,
    folds: Folds,
    alpha: float = 1.0,
    rng: np.random.Generator | None = None,
) -> LearningCurve:
    """Training and validation error of ridge against the number of training points m.

    For every fold and every m, fit on the first m of the fold's training indices (shuffled by
    ``rng`` first, if given) and measure on them and on the held-out fold: as scikit-learn's
    learning_curve. The training error rises with m and the validation error falls; the gap
    between them is the variance that more data removes.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    sizes : array_like of shape (S,)
        Training-set sizes, each in [1, the smallest training set of the folds].
    folds : list of k (train, test) index pairs
        From :func:`kfold_indices`.
    alpha : float
        The ridge penalty α ≥ 0.
    rng : numpy.random.Generator or None
        Shuffles each training set before taking its first m.

    Returns
    -------
    LearningCurve
        The errors per size and fold, and their means.

    Examples
    --------
    >>> from mathdl import datasets
    >>> X, y, _ = datasets.diabetes(scale_target=False)
    >>> c = learning_curve(X, y, [20, 300], kfold_indices(442, 5), alpha=1.0)
    >>> bool(c.train_mean[0] < c.train_mean[1]), bool(c.validation_mean[0] > c.validation_mean[1])
    (True, True)
    """
    X, y = regression_data(X, y)
    m_values = np.asarray(sizes, dtype=int).ravel()
    shortest = min(len(train) for train, _ in folds)
    for m in m_values:
        check_range("sizes", int(m), 1, shortest)
    train_mse, validation_mse = np.zeros((len(m_values), len(folds))), np.zeros((len(m_values), len(folds)))
    for j, (train, test) in enumerate(folds):
        order = rng.permutation(train) if rng is not None else train
        for i, m in enumerate(m_values):
            model = ridge(X[order[:m]], y[order[:m]], alpha)
            train_mse[i, j] = mean_squared_error(y[order[:m]], predict(model, X[order[:m]]))
            validation_mse[i, j] = mean_squared_error(y[test], predict(model, X[test]))
    return LearningCurve(m_values, train_mse, validation_mse, train_mse.mean(axis=1), validation_mse.mean(axis=1))


@dataclass(frozen=True)
class EarlyStop:
    """When early stopping ends training, and which epoch's weights it keeps (epochs from 1).

    Attributes
    ----------
    best_epoch : int
        The epoch whose weights are kept: the lowest validation loss up to the stop.
    stop_epoch : int
        The epoch after which training stops (the last epoch if patience never ran out).
    stopped : bool
        Whether patience ran out before the last epoch.
    """

    best_epoch: int
    stop_epoch: int
    stopped: bool


def early_stopping(validation_loss: ArrayLike, patience: int) -> EarlyStop:
    """Early stopping with patience P: stop once P epochs in a row bring no new lowest validation loss.

    Train while the validation loss keeps reaching new lows, and keep the weights of the best
    epoch, as Keras' ``EarlyStopping(patience=P, restore_best_weights=True)``. Epochs count from 1.

    Parameters
    ----------
    validation_loss : array_like of shape (E,)
        The validation loss after epochs 1 … E.
    patience : int
        P, 1 to 1000000.

    Returns
    -------
    EarlyStop
        The epoch kept, the epoch of the stop, and whether it stopped early.

    Examples
    --------
    >>> early_stopping([5.0, 3.0, 4.0, 2.0, 2.5, 2.6, 2.7, 1.0], 3)
    EarlyStop(best_epoch=4, stop_epoch=7, stopped=True)
    """
    loss = as_sample(validation_loss, "validation_loss")
    check_range("patience", patience, 1, 1_000_000)
    best, wait = 0, 0  # 0-based: the epoch of the lowest loss so far, and the epochs since it
    for epoch in range(1, len(loss)):
        if loss[epoch] < loss[best]:
            best, wait = epoch, 0
        else:
            wait += 1
            if wait == patience:
                return EarlyStop(best + 1, epoch + 1, epoch + 1 < len(loss))
    return EarlyStop(best + 1, len(loss), False)
