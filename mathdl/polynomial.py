"""Polynomial fitting: underfitting, overfitting, and the split of the test error into bias and variance.

Noisy samples of a target function of :data:`mathdl.datasets.TARGETS` are fitted by least squares
(optionally with a ridge penalty) on Legendre features, which stay well conditioned at high
degree. Training and test error against the degree make the U-curve; repeating the fit on many
training sets splits the expected test error into bias², variance and noise. The tests compare
the fits with ``numpy.polynomial`` and scikit-learn's Ridge and cross-validation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.datasets import TARGETS
from mathdl.errors import MathDLError
from mathdl.evaluation import Folds, cross_val_errors, mean_squared_error
from mathdl.penalties import LinearModel, check_penalty, predict, ridge, ridge_stack
from mathdl.validation import as_sample, check_choice, check_range

Floats = NDArray[np.float64]

MAX_DEGREE = 30  # Legendre features stay well conditioned far beyond this
MAX_SAMPLES = 100_000


def noisy_sample(target: str, n: int, noise: float, rng: np.random.Generator) -> tuple[Floats, Floats]:
    """n points y = f(x) + ε of a target f, x uniform on [-1, 1], ε ~ N(0, σ²).

    Parameters
    ----------
    target : str
        A key of :data:`mathdl.datasets.TARGETS`.
    n : int
        The number of points, 1 to 100000.
    noise : float
        The standard deviation σ of the noise, 0 to 10.
    rng : numpy.random.Generator
        Draws x, then ε.

    Returns
    -------
    x : ndarray of shape (n,)
        In the order drawn (not sorted, so unshuffled folds stay fair).
    y : ndarray of shape (n,)
        f(x) + ε.

    Examples
    --------
    >>> x, y = noisy_sample("cubic", 4, 0.0, np.random.default_rng(0))
    >>> bool(np.allclose(y, 2 * x**3 - x))
    True
    """
    f = TARGETS[check_choice("target", target, TARGETS)]
    check_range("n", n, 1, MAX_SAMPLES)
    check_range("noise", noise, 0.0, 10.0)
    x = rng.uniform(-1.0, 1.0, n)
    return x, f(x) + noise * rng.standard_normal(n)


def polynomial_features(x: ArrayLike, degree: int, interval: tuple[float, float] = (-1.0, 1.0)) -> Floats:
    """Legendre polynomials P₁(u), …, P_d(u) of u = 2(x − a)/(b − a) − 1, which maps [a, b] to [-1, 1].

    P₀ = 1, P₁ = u, (j + 1) P_{j+1} = (2j + 1) u P_j − j P_{j−1}. They span the same functions as
    u, u², …, u^d, but they are nearly orthogonal on [-1, 1] and stay between -1 and 1 there, so the
    least-squares problem stays well conditioned at degree 20, where the powers of x do not.
    The constant P₀ is left out: the intercept of :func:`mathdl.penalties.ridge` plays its part.

    Parameters
    ----------
    x : array_like of shape (n,)
        The inputs; any shape is flattened.
    degree : int
        d, 0 to 30.
    interval : tuple of (float, float)
        (a, b) with a < b, the range of x that is mapped to [-1, 1].

    Returns
    -------
    ndarray of shape (n, degree)
        Column j − 1 is P_j(u).

    Examples
    --------
    >>> polynomial_features([0.0, 0.5, 1.0], 2, interval=(0.0, 1.0))
    array([[-1. ,  1. ],
           [ 0. , -0.5],
           [ 1. ,  1. ]])
    """
    values = np.array(x, dtype=float).ravel()
    check_range("degree", degree, 0, MAX_DEGREE)
    low, high = interval
    if not low < high:
        raise MathDLError("bad_interval", low=low, high=high)
    u = 2 * (values - low) / (high - low) - 1  # (n,)
    P = [np.ones_like(u), u]
    for j in range(1, degree):
        P.append(((2 * j + 1) * u * P[j] - j * P[j - 1]) / (j + 1))
    return np.stack(P[1 : degree + 1], axis=1) if degree else np.empty((len(u), 0))


@dataclass(frozen=True)
class Polynomial:
    """A polynomial fitted on Legendre features.

    Attributes
    ----------
    degree : int
        d.
    interval : tuple of (float, float)
        The x range mapped to [-1, 1] for the features.
    model : LinearModel
        The weights of P₁ … P_d, and the intercept.
    """

    degree: int
    interval: tuple[float, float]
    model: LinearModel


def fit_polynomial(
    x: ArrayLike, y: ArrayLike, degree: int, alpha: float = 0.0, interval: tuple[float, float] = (-1.0, 1.0)
) -> Polynomial:
    """Least squares on Legendre features, with an optional ridge penalty: minimise ‖y − Φw − b‖² + α‖w‖².

    Φ = :func:`polynomial_features` (x, degree). With α = 0 and more coefficients than points, the
    curve passes through every point and the smallest-norm such w is returned.

    Parameters
    ----------
    x, y : array_like of shape (n,)
        The points.
    degree : int
        d, 0 to 30.
    alpha : float
        The penalty α ≥ 0 on the Legendre coefficients (not on the intercept).
    interval : tuple of (float, float)
        (a, b), the range of x mapped to [-1, 1].

    Returns
    -------
    Polynomial
        The degree, the interval and the fitted weights.

    Examples
    --------
    >>> p = fit_polynomial([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 1, interval=(0.0, 2.0))
    >>> predict_polynomial(p, [3.0]).round(12)
    array([7.])
    """
    return Polynomial(degree, interval, ridge(polynomial_features(x, degree, interval), y, alpha))


def predict_polynomial(p: Polynomial, x: ArrayLike) -> Floats:
    """The fitted curve at x: Φ(x) w + b.

    Parameters
    ----------
    p : Polynomial
        From :func:`fit_polynomial`.
    x : array_like of shape (m,)
        Where to evaluate it.

    Returns
    -------
    ndarray of shape (m,)
        The curve's values.

    Examples
    --------
    >>> p = fit_polynomial([-1.0, 0.0, 1.0], [1.0, 0.0, 1.0], 2)
    >>> predict_polynomial(p, [0.5]).round(12)
    array([0.25])
    """
    return predict(p.model, polynomial_features(x, p.degree, p.interval))


@dataclass(frozen=True)
class DegreeCurve:
    """Errors of polynomial fits against their degree.

    Attributes
    ----------
    degrees : ndarray of shape (D,)
        The degrees.
    train_mse : ndarray of shape (D,)
        The error on the training set: it falls as the degree grows.
    test_mse : ndarray of shape (D,)
        The error on the test set: it falls, then rises (the U-curve).
    cv_mse : ndarray of shape (D,) or None
        The mean k-fold validation error on the training set, if folds were given.
    best_test : int
        The degree of the lowest test error (the first, if several tie).
    best_cv : int or None
        The degree of the lowest cross-validated error, if folds were given.
    """

    degrees: NDArray[np.int_]
    train_mse: Floats
    test_mse: Floats
    cv_mse: Floats | None
    best_test: int
    best_cv: int | None


def degree_curve(
    x_train: ArrayLike,
    y_train: ArrayLike,
    x_test: ArrayLike,
    y_test: ArrayLike,
    degrees: ArrayLike,
    alpha: float = 0.0,
    folds: Folds | None = None,
) -> DegreeCurve:
    """The mean squared error (1/n) Σ (yᵢ − ŷᵢ)² of a polynomial fit on training and test set, degree by degree.

    With ``folds`` (from :func:`mathdl.evaluation.kfold_indices` on the training set) also the
    cross-validated error, which estimates the test error from the training set alone.

    Parameters
    ----------
    x_train, y_train : array_like of shape (n,)
        The points fitted.
    x_test, y_test : array_like of shape (m,)
        The points the fits are tested on.
    degrees : array_like of shape (D,)
        Degrees, each 0 to 30.
    alpha : float
        The ridge penalty α ≥ 0 (see :func:`fit_polynomial`).
    folds : list of (train, test) index pairs into the training set, or None
        The folds of the cross-validation.

    Returns
    -------
    DegreeCurve
        Training, test and (with folds) cross-validated error per degree.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> (x, y), (x_test, y_test) = noisy_sample("sine", 20, 0.2, rng), noisy_sample("sine", 500, 0.2, rng)
    >>> c = degree_curve(x, y, x_test, y_test, [1, 5, 19])
    >>> bool(c.train_mse[2] < c.train_mse[0]), c.best_test
    (True, 5)
    """
    ds = np.asarray(degrees, dtype=int).ravel()
    fits = [fit_polynomial(x_train, y_train, int(d), alpha) for d in ds]
    train = [mean_squared_error(y_train, predict_polynomial(p, x_train)) for p in fits]
    test = [mean_squared_error(y_test, predict_polynomial(p, x_test)) for p in fits]
    cv, best_cv = None, None
    if folds is not None:
        cv = np.array(
            [cross_val_errors(polynomial_features(x_train, int(d)), y_train, folds, alpha).mean() for d in ds]
        )
        best_cv = int(ds[np.argmin(cv)])
    return DegreeCurve(ds, np.array(train), np.array(test), cv, int(ds[np.argmin(test)]), best_cv)


# --- Bias and variance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BiasVariance:
    """One degree's repeated fits and the split of their expected test error.

    Attributes
    ----------
    x : ndarray of shape (m,)
        The test grid on [-1, 1].
    truth : ndarray of shape (m,)
        f(x).
    predictions : ndarray of shape (R, m)
        One fitted curve per training set.
    mean_prediction : ndarray of shape (m,)
        E[f̂(x)] over the training sets.
    bias2 : float
        The mean over x of (E[f̂(x)] − f(x))².
    variance : float
        The mean over x of E[(f̂(x) − E[f̂(x)])²].
    noise : float
        σ², the error no model can remove.
    test_mse : float
        The mean over x and training sets of (y − f̂(x))² on fresh noisy y.
    total : float
        bias² + variance + noise, which ``test_mse`` measures up to Monte-Carlo error.
    """

    x: Floats
    truth: Floats
    predictions: Floats
    mean_prediction: Floats
    bias2: float
    variance: float
    noise: float
    test_mse: float
    total: float


def _predictions(
    target: str, degrees: list[int], n: int, noise: float, repeats: int, rng: np.random.Generator, alpha: float, m: int
) -> tuple[Floats, Floats, list[Floats], Floats]:
    """The grid, f on it, one (R, m) array of fitted curves per degree, and fresh noisy y (R, m)."""
    f = TARGETS[check_choice("target", target, TARGETS)]
    check_range("repeats", repeats, 2, 10_000)
    check_range("m", m, 2, 10_000)
    check_penalty(alpha)
    for d in degrees:
        check_range("degree", d, 0, MAX_DEGREE)
    x = np.linspace(-1.0, 1.0, m)
    samples = [noisy_sample(target, n, noise, rng) for _ in range(repeats)]
    y_new = f(x) + noise * rng.standard_normal((repeats, m))  # (R, m): a fresh test set per training set
    xs, ys = np.stack([s[0] for s in samples]), np.stack([s[1] for s in samples])  # (R, n) each
    # The Legendre features of degree d are the first d columns of those of any higher degree, so
    # the grid's and the training sets' are made once, at the highest degree. The R fits of one
    # degree are then one ridge on the stack of R training sets: fit_polynomial R times at once.
    top = max(degrees, default=0)
    grid = polynomial_features(x, top)  # (m, top)
    features = polynomial_features(xs, top).reshape(repeats, n, top)  # (R, n, top)
    curves = []
    for d in degrees:
        w, b = ridge_stack(features[..., :d], ys, alpha)  # (R, d), (R,)
        curves.append(w @ grid[:, :d].T + b[:, None])  # (R, m): Φ(x) w + b, one fitted curve per row
    return x, f(x), curves, y_new


def bias_variance(
    target: str,
    degree: int,
    n: int,
    noise: float,
    repeats: int,
    rng: np.random.Generator,
    alpha: float = 0.0,
    m: int = 101,
) -> BiasVariance:
    """Fit one degree to R training sets of n points and split its expected test error.

    E[(y − f̂(x))²] = (E f̂(x) − f(x))² + E[(f̂(x) − E f̂(x))²] + σ²  =  bias² + variance + noise,

    averaged over a grid of m points on [-1, 1]; expectations are averages over the R fits.
    ``test_mse`` measures the left side directly on fresh noisy y, so it matches the sum up to
    Monte-Carlo error. (The mean of R fits is itself noisy, so ``bias2`` reads about variance / R high.)

    Parameters
    ----------
    target : str
        A key of :data:`mathdl.datasets.TARGETS`.
    degree : int
        d, 0 to 30.
    n : int
        The points in each training set (see :func:`noisy_sample`).
    noise : float
        σ, 0 to 10.
    repeats : int
        R, the number of training sets, 2 to 10000.
    rng : numpy.random.Generator
        Draws the R training sets, then the fresh test values.
    alpha : float
        The ridge penalty α ≥ 0 of every fit.
    m : int
        The points of the test grid, 2 to 10000.

    Returns
    -------
    BiasVariance
        The R fitted curves and the three parts of their error.

    Examples
    --------
    >>> r = bias_variance("sine", 1, 20, 0.3, 200, np.random.default_rng(0))
    >>> bool(r.bias2 > r.variance), round(r.noise, 2)
    (True, 0.09)
    """
    x, truth, (P,), y_new = _predictions(target, [degree], n, noise, repeats, rng, alpha, m)  # P: (R, m)
    mean = P.mean(axis=0)  # (m,)
    bias2, variance = float(np.mean((mean - truth) ** 2)), float(np.mean((P - mean) ** 2))
    error = mean_squared_error(y_new, P)
    return BiasVariance(x, truth, P, mean, bias2, variance, noise**2, error, bias2 + variance + noise**2)


@dataclass(frozen=True)
class BiasVarianceCurve:
    """Bias², variance and the expected test error against the degree.

    Attributes
    ----------
    degrees : ndarray of shape (D,)
        The degrees.
    bias2 : ndarray of shape (D,)
        Falls with the degree.
    variance : ndarray of shape (D,)
        Grows with the degree.
    noise : float
        σ².
    test_mse : ndarray of shape (D,)
        ≈ bias² + variance + σ².
    """

    degrees: NDArray[np.int_]
    bias2: Floats
    variance: Floats
    noise: float
    test_mse: Floats


def bias_variance_curve(
    target: str,
    degrees: ArrayLike,
    n: int,
    noise: float,
    repeats: int,
    rng: np.random.Generator,
    alpha: float = 0.0,
    m: int = 101,
) -> BiasVarianceCurve:
    """:func:`bias_variance` for every degree, on the same R training sets (so the curves are smooth).

    Parameters
    ----------
    target : str
        A key of :data:`mathdl.datasets.TARGETS`.
    degrees : array_like of shape (D,)
        Degrees, each 0 to 30.
    n : int
        The points in each training set.
    noise : float
        σ, 0 to 10.
    repeats : int
        R, 2 to 10000.
    rng : numpy.random.Generator
        Draws the R training sets, then the fresh test values.
    alpha : float
        The ridge penalty α ≥ 0 of every fit.
    m : int
        The points of the test grid, 2 to 10000.

    Returns
    -------
    BiasVarianceCurve
        Bias², variance and expected test error per degree.

    Examples
    --------
    >>> c = bias_variance_curve("sine", [1, 3, 9], 30, 0.2, 100, np.random.default_rng(0))
    >>> bool(c.bias2[0] > c.bias2[1]), bool(c.variance[1] < c.variance[2])  # too simple, then too wiggly
    (True, True)
    """
    ds = as_sample(degrees, "degrees").astype(int)
    x, truth, curves, y_new = _predictions(target, ds.tolist(), n, noise, repeats, rng, alpha, m)
    means = [P.mean(axis=0) for P in curves]
    bias2 = np.array([np.mean((mean - truth) ** 2) for mean in means])
    variance = np.array([np.mean((P - mean) ** 2) for P, mean in zip(curves, means, strict=True)])
    test = np.array([mean_squared_error(y_new, P) for P in curves])
    return BiasVarianceCurve(ds, bias2, variance, noise**2, test)
