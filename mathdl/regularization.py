"""Regularisation, generalisation and model evaluation: polynomial regression and its U-curve,
bias and variance by repeated sampling, ridge and lasso with their coefficient paths, why the
L1 ball gives zero weights, and the ways to measure a model honestly (k-fold cross-validation,
learning curves, confusion matrices, precision, recall and F1), and when to stop training early.

Ridge and lasso use scikit-learn's objectives, so their α mean the same thing:
ridge minimises ‖y − Xw − b‖² + α‖w‖², lasso (1/2n)‖y − Xw − b‖² + α‖w‖₁, the intercept b
unpenalised. The ROC curve and its area are :func:`mathdl.information.roc_curve` and
:func:`mathdl.information.auc`. The tests compare everything here with ``sklearn.linear_model``,
``sklearn.model_selection`` and ``sklearn.metrics``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mathdl import information
from mathdl.validation import check_range as _check
from mathdl.errors import MathDLError
from mathdl.validation import as_matrix as _matrix

MAX_DEGREE = 30  # Legendre features stay well conditioned far beyond this
MAX_SAMPLES = 100_000
NORMS = ("l1", "l2")  # the penalty / constraint: lasso's ‖w‖₁, ridge's ‖w‖₂
AVERAGES = ("binary", "macro", "weighted", None)

# Functions on [-1, 1] for the polynomial demos: smooth, polynomial, hard for polynomials, jumpy.
TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": lambda x: np.sin(np.pi * x),
    "cubic": lambda x: 2 * x**3 - x,
    "runge": lambda x: 1 / (1 + 25 * x**2),
    "step": lambda x: np.where(x < 0, -0.5, 0.5),
}


# --- Checks ------------------------------------------------------------------------------------------


def _data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = _matrix(X, "X")
    y = np.array(y, dtype=float).ravel()
    if len(y) != len(X):
        raise MathDLError("lengths_differ", a="X", b="y", n=len(X), m=len(y))
    if not np.all(np.isfinite(y)):
        raise MathDLError("not_finite", name="y", value=y[~np.isfinite(y)][0])
    if len(y) < 1:
        raise MathDLError("too_few_values", name="y", minimum=1, n=0)
    return X, y


def _check_alpha(alpha: float) -> None:
    if not (np.isfinite(alpha) and alpha >= 0):
        raise MathDLError("out_of_range", name="alpha", low=0, high="∞", value=alpha)


def _target(name: str) -> Callable[[np.ndarray], np.ndarray]:
    if name not in TARGETS:
        raise MathDLError("unknown_choice", name="target", allowed=list(TARGETS), value=name)
    return TARGETS[name]


def _mse(y, y_hat) -> float:
    return float(np.mean((np.asarray(y) - y_hat) ** 2))


# --- Polynomial regression ----------------------------------------------------------------------------


def noisy_sample(target: str, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n points y = f(x) + ε of a target in :data:`TARGETS`, x uniform on [-1, 1], ε ~ N(0, σ²).

    Parameters
    ----------
    target : a key of :data:`TARGETS`.
    n : int in [1, 100000]
    noise : float in [0, 10], the standard deviation σ of the noise.
    rng : numpy.random.Generator

    Returns
    -------
    x, y : ndarray of shape (n,), in the order drawn (not sorted, so unshuffled folds stay fair).

    Examples
    --------
    >>> x, y = noisy_sample("cubic", 4, 0.0, np.random.default_rng(0))
    >>> bool(np.allclose(y, 2 * x**3 - x))
    True
    """
    f = _target(target)
    _check("n", n, 1, MAX_SAMPLES)
    _check("noise", noise, 0.0, 10.0)
    x = rng.uniform(-1.0, 1.0, n)
    return x, f(x) + noise * rng.standard_normal(n)


def polynomial_features(x, degree: int, interval: tuple[float, float] = (-1.0, 1.0)) -> np.ndarray:
    """Legendre polynomials P₁(u), …, P_d(u) of u = 2(x − a)/(b − a) − 1, which maps [a, b] to [-1, 1].

    P₀ = 1, P₁ = u, (j + 1) P_{j+1} = (2j + 1) u P_j − j P_{j−1}. They span the same functions as
    u, u², …, u^d, but they are nearly orthogonal on [-1, 1] and stay between -1 and 1 there, so the
    least-squares problem stays well conditioned at degree 20, where the powers of x do not.
    The constant P₀ is left out: the intercept of :func:`ridge` plays its part.

    Parameters
    ----------
    x : array_like of shape (n,)
    degree : int in [0, 30]
    interval : (a, b) with a < b, the range of x that is mapped to [-1, 1].

    Returns
    -------
    ndarray of shape (n, degree)

    Examples
    --------
    >>> polynomial_features([0.0, 0.5, 1.0], 2, interval=(0.0, 1.0))
    array([[-1. ,  1. ],
           [ 0. , -0.5],
           [ 1. ,  1. ]])
    """
    x = np.array(x, dtype=float).ravel()
    _check("degree", degree, 0, MAX_DEGREE)
    low, high = interval
    if not low < high:
        raise MathDLError("bad_interval", low=low, high=high)
    u = 2 * (x - low) / (high - low) - 1  # (n,)
    P = [np.ones_like(u), u]
    for j in range(1, degree):
        P.append(((2 * j + 1) * u * P[j] - j * P[j - 1]) / (j + 1))
    return np.stack(P[1 : degree + 1], axis=1) if degree else np.empty((len(u), 0))


@dataclass(frozen=True)
class LinearModel:
    coef: np.ndarray  # (d,) the weights w
    intercept: float  # b: the prediction is X w + b
    n_iter: int = 0  # sweeps of coordinate descent (lasso); 0 for a closed form


def predict(model: LinearModel, X) -> np.ndarray:
    """ŷ = X w + b.

    Examples
    --------
    >>> predict(LinearModel(np.array([2.0]), 1.0), [[0.0], [1.0]])
    array([1., 3.])
    """
    return _matrix(X, "X", (None, len(model.coef))) @ model.coef + model.intercept


@dataclass(frozen=True)
class Polynomial:
    degree: int
    interval: tuple[float, float]  # the x range mapped to [-1, 1] for the Legendre features
    model: LinearModel  # weights of P₁ … P_d, and the intercept


def fit_polynomial(x, y, degree: int, alpha: float = 0.0, interval: tuple[float, float] = (-1.0, 1.0)) -> Polynomial:
    """Least squares on Legendre features, with an optional ridge penalty:
    minimise ‖y − Φw − b‖² + α‖w‖² with Φ = :func:`polynomial_features` (x, degree).

    With α = 0 and more coefficients than points, the curve passes through every point and
    the smallest-norm such w is returned.

    Parameters
    ----------
    x, y : array_like of shape (n,)
    degree : int in [0, 30]
    alpha : float ≥ 0, the penalty on the Legendre coefficients (not on the intercept).
    interval : (a, b), the range of x mapped to [-1, 1].

    Examples
    --------
    >>> p = fit_polynomial([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 1, interval=(0.0, 2.0))
    >>> predict_polynomial(p, [3.0]).round(12)
    array([7.])
    """
    return Polynomial(degree, interval, ridge(polynomial_features(x, degree, interval), y, alpha))


def predict_polynomial(p: Polynomial, x) -> np.ndarray:
    """The fitted curve at x: Φ(x) w + b.

    Examples
    --------
    >>> p = fit_polynomial([-1.0, 0.0, 1.0], [1.0, 0.0, 1.0], 2)
    >>> predict_polynomial(p, [0.5]).round(12)
    array([0.25])
    """
    return predict(p.model, polynomial_features(x, p.degree, p.interval))


@dataclass(frozen=True)
class DegreeCurve:
    degrees: np.ndarray  # (D,)
    train_mse: np.ndarray  # (D,) falls as the degree grows
    test_mse: np.ndarray  # (D,) falls, then rises: the U-curve
    cv_mse: np.ndarray | None  # (D,) mean k-fold validation error on the training set, if folds were given


def degree_curve(x_train, y_train, x_test, y_test, degrees, alpha: float = 0.0, folds=None) -> DegreeCurve:
    """Mean squared error (1/n) Σ (yᵢ − ŷᵢ)² of a polynomial fit on the training and the test set,
    degree by degree; with ``folds`` (from :func:`kfold_indices` on the training set) also the
    cross-validated error, which estimates the test error from the training set alone.

    Parameters
    ----------
    x_train, y_train : array_like of shape (n,)
    x_test, y_test : array_like of shape (m,)
    degrees : array_like of ints in [0, 30], shape (D,)
    alpha : float ≥ 0, the ridge penalty (see :func:`fit_polynomial`).
    folds : list of (train, test) index pairs into the training set, or None.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> (x, y), (x_test, y_test) = noisy_sample("sine", 20, 0.2, rng), noisy_sample("sine", 500, 0.2, rng)
    >>> c = degree_curve(x, y, x_test, y_test, [1, 5, 19])
    >>> bool(c.train_mse[2] < c.train_mse[0]), int(c.degrees[np.argmin(c.test_mse)])
    (True, 5)
    """
    degrees = np.asarray(degrees, dtype=int)
    fits = [fit_polynomial(x_train, y_train, int(d), alpha) for d in degrees]
    train = [_mse(y_train, predict_polynomial(p, x_train)) for p in fits]
    test = [_mse(y_test, predict_polynomial(p, x_test)) for p in fits]
    cv = None
    if folds is not None:
        cv = np.array(
            [cross_val_errors(polynomial_features(x_train, int(d)), y_train, folds, alpha).mean() for d in degrees]
        )
    return DegreeCurve(degrees, np.array(train), np.array(test), cv)


# --- Bias and variance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BiasVariance:
    x: np.ndarray  # (m,) the test grid on [-1, 1]
    truth: np.ndarray  # (m,) f(x)
    predictions: np.ndarray  # (R, m) one fitted curve per training set
    mean_prediction: np.ndarray  # (m,) E[f̂(x)] over training sets
    bias2: float  # mean over x of (E[f̂(x)] − f(x))²
    variance: float  # mean over x of E[(f̂(x) − E[f̂(x)])²]
    noise: float  # σ², the error no model can remove
    test_mse: float  # mean over x and training sets of (y − f̂(x))² on fresh noisy y


def _predictions(
    target: str, degrees, n: int, noise: float, repeats: int, rng: np.random.Generator, alpha: float, m: int
):
    f = _target(target)
    _check("repeats", repeats, 2, 10_000)
    _check("m", m, 2, 10_000)
    _check_alpha(alpha)
    degrees = [int(d) for d in degrees]
    for d in degrees:
        _check("degree", d, 0, MAX_DEGREE)
    x = np.linspace(-1.0, 1.0, m)
    samples = [noisy_sample(target, n, noise, rng) for _ in range(repeats)]
    y_new = f(x) + noise * rng.standard_normal((repeats, m))  # (R, m): a fresh test set per training set
    xs, ys = (np.stack(v) for v in zip(*samples))  # (R, n) each
    # The Legendre features of degree d are the first d columns of those of any higher degree, so
    # the grid's and the training sets' are made once, at the highest degree. The R fits of one
    # degree are then one ridge on the stack of R training sets: fit_polynomial R times at once.
    top = max(degrees, default=0)
    grid, features = (
        polynomial_features(x, top),
        polynomial_features(xs, top).reshape(repeats, n, top),
    )  # (m, top), (R, n, top)
    curves = []
    for d in degrees:
        w, b = _ridge_stack(features[..., :d], ys, alpha)  # (R, d), (R,)
        curves.append(w @ grid[:, :d].T + b[:, None])  # (R, m): Φ(x) w + b, one fitted curve per row
    return x, f(x), curves, y_new  # curves: one (R, m) array per degree


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
    """Draw R training sets of n points, fit a polynomial to each, and split its expected test error:

    E[(y − f̂(x))²] = (E f̂(x) − f(x))² + E[(f̂(x) − E f̂(x))²] + σ²  =  bias² + variance + noise,

    averaged over a grid of m points on [-1, 1]; expectations are averages over the R fits.
    ``test_mse`` measures the left side directly on fresh noisy y, so it matches the sum up to
    Monte-Carlo error. (The mean of R fits is itself noisy, so ``bias2`` reads about variance / R high.)

    Parameters
    ----------
    target : a key of :data:`TARGETS`.
    degree : int in [0, 30]
    n : int, the points in each training set (see :func:`noisy_sample`).
    noise : float in [0, 10], σ.
    repeats : int in [2, 10000], R, the number of training sets.
    rng : numpy.random.Generator
    alpha : float ≥ 0, the ridge penalty of every fit.
    m : int in [2, 10000], the points of the test grid.

    Examples
    --------
    >>> r = bias_variance("sine", 1, 20, 0.3, 200, np.random.default_rng(0))
    >>> bool(r.bias2 > r.variance), round(r.noise, 2)
    (True, 0.09)
    """
    x, truth, (P,), y_new = _predictions(target, [degree], n, noise, repeats, rng, alpha, m)  # P: (R, m)
    mean = P.mean(axis=0)  # (m,)
    return BiasVariance(
        x,
        truth,
        P,
        mean,
        float(np.mean((mean - truth) ** 2)),
        float(np.mean((P - mean) ** 2)),
        noise**2,
        _mse(y_new, P),
    )


@dataclass(frozen=True)
class BiasVarianceCurve:
    degrees: np.ndarray  # (D,)
    bias2: np.ndarray  # (D,) falls with the degree
    variance: np.ndarray  # (D,) grows with the degree
    noise: float  # σ²
    test_mse: np.ndarray  # (D,) ≈ bias² + variance + σ²


def bias_variance_curve(
    target: str, degrees, n: int, noise: float, repeats: int, rng: np.random.Generator, alpha: float = 0.0, m: int = 101
) -> BiasVarianceCurve:
    """:func:`bias_variance` for every degree, on the same R training sets (so the curves are smooth).

    Examples
    --------
    >>> c = bias_variance_curve("sine", [1, 3, 9], 30, 0.2, 100, np.random.default_rng(0))
    >>> bool(c.bias2[0] > c.bias2[1]), bool(c.variance[1] < c.variance[2])  # too simple, then too wiggly
    (True, True)
    """
    degrees = np.asarray(degrees, dtype=int)
    x, truth, curves, y_new = _predictions(target, degrees, n, noise, repeats, rng, alpha, m)
    means = [P.mean(axis=0) for P in curves]
    bias2 = [np.mean((mean - truth) ** 2) for mean in means]
    variance = [np.mean((P - mean) ** 2) for P, mean in zip(curves, means)]
    return BiasVarianceCurve(
        degrees, np.array(bias2), np.array(variance), noise**2, np.array([_mse(y_new, P) for P in curves])
    )


# --- Ridge and lasso ------------------------------------------------------------------------------------


def ridge(X, y, alpha: float) -> LinearModel:
    """Ridge regression in closed form: minimise ‖y − Xw − b‖² + α‖w‖².

    Centring X and y removes b; then w = (XᵀX + αI)⁻¹ Xᵀy = V diag(sᵢ / (sᵢ² + α)) Uᵀy with
    X = U diag(s) Vᵀ, and b = ȳ − x̄ᵀw. Each direction of the data is shrunk by sᵢ² / (sᵢ² + α):
    the weakly determined ones (small sᵢ) the most. Directions with sᵢ = 0 get weight 0, so at
    α = 0 this is the least-squares solution of smallest norm.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    alpha : float ≥ 0

    Examples
    --------
    >>> ridge([[0.0], [1.0], [2.0]], [0.0, 2.0, 4.0], 2.0).coef  # Σx_c² = 2, so w = 4 / (2 + 2)
    array([1.])
    """
    X, y = _data(X, y)
    _check_alpha(alpha)
    mean_x, mean_y = X.mean(axis=0), y.mean()
    U, s, Vt = np.linalg.svd(X - mean_x, full_matrices=False)  # (n, r), (r,), (r, d)
    seen = s > s.max(initial=0.0) * max(X.shape) * np.finfo(float).eps  # directions the data determine
    shrink = np.divide(s, s**2 + alpha, out=np.zeros_like(s), where=seen)  # (r,)
    w = Vt.T @ (shrink * (U.T @ (y - mean_y)))  # (d,)
    return LinearModel(w, float(mean_y - mean_x @ w))


def _ridge_stack(X: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`ridge` on a stack of data sets at once, X (S, n, d) and y (S, n), unchecked: the same
    steps, as numpy's SVD works on stacks of matrices. Returns the weights (S, d) and intercepts (S,).
    """
    mean_x, mean_y = X.mean(axis=1), y.mean(axis=1)  # (S, d), (S,)
    U, s, Vt = np.linalg.svd(X - mean_x[:, None, :], full_matrices=False)  # (S, n, r), (S, r), (S, r, d)
    seen = s > s.max(axis=1, keepdims=True, initial=0.0) * max(X.shape[1:]) * np.finfo(float).eps
    shrink = np.divide(s, s**2 + alpha, out=np.zeros_like(s), where=seen)  # (S, r)
    Uty = np.einsum("snr,sn->sr", U, y - mean_y[:, None])  # Uᵀ(y − ȳ) for each data set s
    w = np.einsum("srd,sr->sd", Vt, shrink * Uty)  # V diag(shrink) Uᵀ(y − ȳ): (S, d)
    return w, mean_y - np.einsum("sd,sd->s", mean_x, w)


def soft_threshold(z, alpha: float) -> np.ndarray:
    """S(z, α) = sign(z) · max(|z| − α, 0): move z towards 0 by α, and stop at 0.

    It is the minimiser of ½(w − z)² + α|w|: the L1 penalty's kink at 0 holds every
    |z| ≤ α exactly at zero.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.5, 3.0], 1.0)
    array([-2., -0.,  0.,  2.])
    """
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - alpha, 0.0)


def lasso(X, y, alpha: float, w0=None, tol: float = 1e-12, max_sweeps: int = 100_000) -> LinearModel:
    """The lasso by cyclic coordinate descent: minimise (1/2n)‖y − Xw − b‖² + α‖w‖₁.

    With X and y centred, G = XᵀX/n and c = Xᵀy/n, each step minimises over one weight with the
    others fixed, in closed form: w_j ← S(c_j − Σ_{k≠j} G_jk w_k, α) / G_jj (:func:`soft_threshold`).
    Sweeps stop when no weight moves by more than tol · max(1, max|w|). ``w0`` is a warm start.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    alpha : float ≥ 0; from :func:`lasso_alpha_max` on, every weight is 0.
    w0 : array_like of shape (d,), or None for zeros.

    Examples
    --------
    >>> lasso([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0], 0.5).coef  # c = 4/3, G = 2/3: (4/3 − ½)/(2/3)
    array([1.25])
    """
    X, y = _data(X, y)
    _check_alpha(alpha)
    n, d = X.shape
    mean_x, mean_y = X.mean(axis=0), y.mean()
    Xc = X - mean_x
    G, c = Xc.T @ Xc / n, Xc.T @ (y - mean_y) / n  # (d, d), (d,)
    w = np.zeros(d) if w0 is None else np.array(_matrix(np.reshape(w0, (1, -1)), "w0", (1, d))[0])
    live = np.diag(G) > 1e-12 * np.diag(G).max(initial=0.0)  # a constant column keeps weight 0
    w[~live] = 0.0
    for sweep in range(1, max_sweeps + 1):
        largest = 0.0
        for j in np.flatnonzero(live):
            new = float(soft_threshold(c[j] - G[j] @ w + G[j, j] * w[j], alpha)) / G[j, j]
            largest, w[j] = max(largest, abs(new - w[j])), new
        if largest <= tol * max(1.0, np.abs(w).max(initial=0.0)):
            break
    return LinearModel(w, float(mean_y - mean_x @ w), sweep)


def lasso_alpha_max(X, y) -> float:
    """α_max = max_j |x_jᵀ(y − ȳ)| / n (X centred): the smallest α at which the lasso sets every weight to 0.

    At w = 0 the slope of the squared-error term along w_j is −x_jᵀy/n; the penalty's kink can hold
    w_j at zero only while that slope is at most α in size.

    Examples
    --------
    >>> lasso_alpha_max([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0])  # |(−1)(−2) + 1·2| / 3
    1.3333333333333333
    """
    X, y = _data(X, y)
    return float(np.abs((X - X.mean(axis=0)).T @ (y - y.mean())).max(initial=0.0) / len(y))


def alpha_grid(X, y, n_alphas: int = 50, eps: float = 1e-3) -> np.ndarray:
    """n_alphas values of α from α_max down to eps · α_max, evenly spaced on a log scale (scikit-learn's grid).

    Examples
    --------
    >>> alpha_grid([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0], 3, 0.01).round(6)
    array([1.333333, 0.133333, 0.013333])
    """
    _check("n_alphas", n_alphas, 2, 1000)
    _check("eps", eps, 1e-12, 1.0)
    alpha_max = lasso_alpha_max(X, y)
    return np.geomspace(alpha_max, alpha_max * eps, n_alphas)


@dataclass(frozen=True)
class RegularizationPath:
    alphas: np.ndarray  # (A,) as given
    coefs: np.ndarray  # (A, d) the weights at each α
    intercepts: np.ndarray  # (A,)
    n_iter: np.ndarray  # (A,) coordinate-descent sweeps at each α (0 for ridge)


def regularization_path(X, y, alphas, penalty: str = "l1") -> RegularizationPath:
    """The weights of ridge (penalty "l2") or lasso ("l1") at every α of a grid.

    The lasso walks the grid from the largest α down, starting each fit from the previous
    weights (a warm start): neighbouring α have nearly the same answer, so few sweeps are needed.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    alphas : array_like of shape (A,), each ≥ 0, in any order.
    penalty : "l1" (lasso) or "l2" (ridge).

    Examples
    --------
    >>> X, y = [[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], [-2.0, 0.5, 2.0]
    >>> regularization_path(X, y, [10.0, 0.1]).coefs.round(3)
    array([[0.  , 0.  ],
           [1.85, 0.05]])
    """
    if penalty not in NORMS:
        raise MathDLError("unknown_choice", name="penalty", allowed=list(NORMS), value=penalty)
    X, y = _data(X, y)
    alphas = np.array(alphas, dtype=float).ravel()
    coefs, intercepts, n_iter = np.zeros((len(alphas), X.shape[1])), np.zeros(len(alphas)), np.zeros(len(alphas), int)
    w = None
    for i in np.argsort(-alphas, kind="stable"):
        model = ridge(X, y, alphas[i]) if penalty == "l2" else lasso(X, y, alphas[i], w0=w)
        w = coefs[i] = model.coef
        intercepts[i], n_iter[i] = model.intercept, model.n_iter
    return RegularizationPath(alphas, coefs, intercepts, n_iter)


# --- The geometric picture in two dimensions --------------------------------------------------------------


def _quadratic(A, c) -> tuple[np.ndarray, np.ndarray]:
    A = _matrix(A, "A", (2, 2))
    c = _matrix(np.reshape(c, (1, -1)), "c", (1, 2))[0]
    if not np.allclose(A, A.T):
        raise MathDLError("not_symmetric", name="A")
    eigenvalues = np.linalg.eigvalsh(A)
    if eigenvalues[0] <= 0:
        raise MathDLError(
            "out_of_range", name="the eigenvalues of A", low=0, high="∞", value=eigenvalues.round(6).tolist()
        )
    return A, c


def quadratic_loss(A, c, w) -> np.ndarray:
    """L(w) = ½ (w − c)ᵀ A (w − c): a bowl with its bottom at c, elliptic contours shaped by A.

    Parameters
    ----------
    A : array_like of shape (2, 2), symmetric positive definite.
    c : array_like of shape (2,), the unconstrained minimum.
    w : array_like of shape (..., 2), points in the plane.

    Returns
    -------
    ndarray of shape (...)

    Examples
    --------
    >>> quadratic_loss([[2.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [[0.0, 0.0], [1.0, 2.0]])
    array([1., 2.])
    """
    A, c = _quadratic(A, c)
    r = np.asarray(w, dtype=float) - c  # (..., 2)
    return 0.5 * np.einsum("...i,ij,...j->...", r, A, r)


def least_squares_quadratic(X, y) -> tuple[np.ndarray, np.ndarray]:
    """The lasso's loss on two features as a bowl: (1/2n)‖y − Xw − b‖² minimised over b equals
    ½ (w − ŵ)ᵀ A (w − ŵ) + const, with A = X_cᵀX_c / n and ŵ the least-squares weights.

    Returns
    -------
    A : ndarray of shape (2, 2)
    c : ndarray of shape (2,), ŵ.

    Examples
    --------
    >>> A, c = least_squares_quadratic([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]], [2.0, -2.0, 1.0, -1.0])
    >>> A, c
    (array([[0.5, 0. ],
           [0. , 0.5]]), array([2., 1.]))
    """
    X, y = _data(X, y)
    if X.shape[1] != 2:
        raise MathDLError("bad_shape", name="X", expected="(n, 2)", shape=X.shape)
    Xc = X - X.mean(axis=0)
    if np.linalg.matrix_rank(Xc) < 2:
        raise MathDLError("rank_deficient", name="X", rank=int(np.linalg.matrix_rank(Xc)), cols=2)
    return Xc.T @ Xc / len(y), ridge(X, y, 0.0).coef


def loss_grid(A, c, extent: float = 3.0, m: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """:func:`quadratic_loss` on an m × m grid over [-extent, extent]², for drawing contours.

    Returns
    -------
    ticks : ndarray of shape (m,)
    L : ndarray of shape (m, m), L[i, j] = L(w₁ = ticks[j], w₂ = ticks[i]) (rows follow w₂).

    Examples
    --------
    >>> ticks, L = loss_grid(np.eye(2), [0.0, 0.0], 1.0, 3)
    >>> L
    array([[1. , 0.5, 1. ],
           [0.5, 0. , 0.5],
           [1. , 0.5, 1. ]])
    """
    _check("extent", extent, 1e-6, 1e6)
    _check("m", m, 2, 1000)
    ticks = np.linspace(-extent, extent, m)
    W1, W2 = np.meshgrid(ticks, ticks)  # (m, m) each
    return ticks, quadratic_loss(A, c, np.stack([W1, W2], axis=-1))


def ball_boundary(t: float, norm: str, m: int = 200) -> np.ndarray:
    """m points on the edge of the ball ‖w‖ ≤ t, going once around: the diamond |w₁| + |w₂| = t
    for "l1", the circle w₁² + w₂² = t² for "l2". The first point is (t, 0), and repeated at the end.

    Examples
    --------
    >>> ball_boundary(1.0, "l1", 5)[:3].round(12)
    array([[ 1.,  0.],
           [ 0.,  1.],
           [-1.,  0.]])
    """
    if norm not in NORMS:
        raise MathDLError("unknown_choice", name="norm", allowed=list(NORMS), value=norm)
    _check("t", t, 0.0, 1e6)
    _check("m", m, 2, 1_000_000)
    theta = np.linspace(0.0, 2 * np.pi, m)
    points = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (m, 2) on the unit circle
    return t * points / np.abs(points).sum(axis=1, keepdims=True) if norm == "l1" else t * points


def level_curve(A, c, level: float, m: int = 100) -> np.ndarray:
    """m points going once around the contour L(w) = level of the bowl L(w) = ½ (w − c)ᵀ A (w − c):
    an ellipse centred on c, drawn as w = c + √(2·level) · R⁻¹ (cos θ, sin θ) with A = RᵀR (Cholesky),
    since then (w − c)ᵀ A (w − c) = 2·level · ‖(cos θ, sin θ)‖² = 2·level. The first point is repeated at the end.

    Parameters
    ----------
    A : array_like of shape (2, 2), symmetric positive definite.
    c : array_like of shape (2,), the centre (the unconstrained minimum).
    level : float ≥ 0; at 0 every point is c.
    m : int in [2, 100000]

    Returns
    -------
    ndarray of shape (m, 2)

    Examples
    --------
    >>> level_curve([[2.0, 0.0], [0.0, 0.5]], [1.0, 0.0], 1.0, 5)[:3].round(12)  # semi-axes 1 and 2
    array([[2., 0.],
           [1., 2.],
           [0., 0.]])
    """
    A, c = _quadratic(A, c)
    _check("level", level, 0.0, 1e300)
    _check("m", m, 2, 100_000)
    theta = np.linspace(0.0, 2 * np.pi, m)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (m, 2)
    R = np.linalg.cholesky(A).T  # upper triangular, A = RᵀR
    return c + np.sqrt(2 * level) * np.linalg.solve(R, circle.T).T  # (m, 2)


@dataclass(frozen=True)
class ConstrainedMinimum:
    w: np.ndarray  # (2,) where the lowest contour touches the ball
    loss: float  # L(w): the level of that contour
    alpha: float  # the penalty that gives the same w: ½(w−c)ᵀA(w−c) + α‖w‖₁, or + (α/2)‖w‖₂²


def _segment_minimum(A: np.ndarray, c: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The minimum of ½(w − c)ᵀA(w − c) on the segment from p to q: a parabola in s ∈ [0, 1]."""
    d = q - p
    s = np.clip(d @ A @ (c - p) / (d @ A @ d), 0.0, 1.0)
    return p + s * d


def constrained_minimum(A, c, t: float, norm: str) -> ConstrainedMinimum:
    """Minimise L(w) = ½(w − c)ᵀA(w − c) subject to ‖w‖ ≤ t, in the plane.

    If c is inside the ball it is the answer. Otherwise the answer lies on the edge.
    "l1": the diamond's edge is four segments, and on each L is a parabola with a closed-form
    minimum; when the best point of a segment is its end, the answer is a corner, where one
    weight is exactly zero. "l2": w(α) = (A + αI)⁻¹Ac (ridge) shrinks as α grows; bisection finds
    the α with ‖w(α)‖₂ = t. The multiplier α = ‖A(c − w)‖∞ (l1) or ‖A(c − w)‖₂ / t (l2) is the
    penalty weight with the same minimiser.

    Parameters
    ----------
    A : array_like of shape (2, 2), symmetric positive definite.
    c : array_like of shape (2,), the unconstrained minimum.
    t : float > 0, the radius of the ball.
    norm : "l1" or "l2".

    Examples
    --------
    >>> r = constrained_minimum(np.eye(2), [2.0, 0.5], 1.0, "l1")
    >>> r.w, r.alpha  # a corner: w₂ = 0
    (array([1., 0.]), 1.0)
    """
    A, c = _quadratic(A, c)
    if norm not in NORMS:
        raise MathDLError("unknown_choice", name="norm", allowed=list(NORMS), value=norm)
    _check("t", t, 1e-12, 1e6)
    if np.linalg.norm(c, ord=1 if norm == "l1" else 2) <= t:
        return ConstrainedMinimum(c, 0.0, 0.0)
    if norm == "l1":
        corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])  # (5, 2)
        candidates = np.array([_segment_minimum(A, c, p, q) for p, q in zip(corners[:-1], corners[1:])])  # (4, 2)
        w = candidates[np.argmin(quadratic_loss(A, c, candidates))]
        return ConstrainedMinimum(w, float(quadratic_loss(A, c, w)), float(np.abs(A @ (c - w)).max()))
    low, high = 0.0, np.linalg.eigvalsh(A)[-1] * np.linalg.norm(c) / t  # ‖w(high)‖ ≤ t
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if np.linalg.norm(np.linalg.solve(A + mid * np.eye(2), A @ c)) > t else (low, mid)
    w = np.linalg.solve(A + high * np.eye(2), A @ c)
    return ConstrainedMinimum(w, float(quadratic_loss(A, c, w)), float(np.linalg.norm(A @ (c - w)) / t))


# --- Evaluation ------------------------------------------------------------------------------------------------


Folds = list[tuple[np.ndarray, np.ndarray]]


def _fold_count(n: int, k: int) -> None:
    if n < 2:
        raise MathDLError("too_few_values", name="the data", minimum=2, n=n)
    _check("k", k, 2, n)


def kfold_indices(n: int, k: int, shuffle: bool = False, rng: np.random.Generator | None = None) -> Folds:
    """Split 0, …, n−1 into k test folds of sizes ⌈n/k⌉ or ⌊n/k⌋ (the larger ones first), each
    index in exactly one; each fold's training set is the rest. As scikit-learn's KFold: the same
    folds when shuffle is False; with shuffle, the indices are permuted by ``rng`` first.

    Parameters
    ----------
    n : int ≥ 2, the number of samples.
    k : int in [2, n]
    shuffle : bool
    rng : numpy.random.Generator, used when shuffle is True (a fresh unseeded one if None).

    Returns
    -------
    list of k pairs (train, test) of sorted index arrays.

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
    tests = [np.sort(order[end - size : end]) for size, end in zip(sizes, ends)]
    return [(np.setdiff1d(np.arange(n), test), test) for test in tests]


def stratified_kfold_indices(y, k: int, shuffle: bool = False, rng: np.random.Generator | None = None) -> Folds:
    """k folds that keep the class proportions of y, as scikit-learn's StratifiedKFold.

    Sort the labels by class (classes in order of first appearance) and deal them round-robin
    to the k folds: fold i gets the positions i, i + k, i + 2k, … of that list, so its count of
    every class differs from another fold's by at most 1. Within a class the members go to the
    folds in index order (shuffle=False, the same folds as scikit-learn) or in an order drawn by ``rng``.

    Parameters
    ----------
    y : array_like of shape (n,), class labels of any kind.
    k : int in [2, n]
    shuffle : bool
    rng : numpy.random.Generator, used when shuffle is True (a fresh unseeded one if None).

    Returns
    -------
    list of k pairs (train, test) of sorted index arrays.

    Examples
    --------
    >>> [test.tolist() for train, test in stratified_kfold_indices([0, 0, 0, 0, 1, 1], 2)]
    [[0, 1, 4], [2, 3, 5]]
    """
    y = np.asarray(y).ravel()
    _fold_count(len(y), k)
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    code = np.argsort(np.argsort(first))[inverse]  # (n,) classes numbered by first appearance
    allocation = np.array([np.bincount(np.sort(code)[i::k], minlength=len(first)) for i in range(k)])  # (k, classes)
    rng = rng if rng is not None else np.random.default_rng()
    fold = np.empty(len(y), dtype=int)
    for label in range(len(first)):
        members = np.repeat(np.arange(k), allocation[:, label])  # fold of each member, in index order
        fold[code == label] = rng.permutation(members) if shuffle else members
    return [(np.flatnonzero(fold != i), np.flatnonzero(fold == i)) for i in range(k)]


def cross_val_errors(X, y, folds: Folds, alpha: float) -> np.ndarray:
    """The k-fold validation errors of ridge: for each fold, fit on the others and take the mean
    squared error on it. Their mean estimates the test error using the training data alone.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    folds : list of k (train, test) index pairs, from :func:`kfold_indices`.
    alpha : float ≥ 0, the ridge penalty.

    Returns
    -------
    ndarray of shape (k,)

    Examples
    --------
    >>> x = np.arange(6.0)[:, None]
    >>> cross_val_errors(x, 2 * x[:, 0] + 1, kfold_indices(6, 3), 0.0).round(12)
    array([0., 0., 0.])
    """
    X, y = _data(X, y)
    _check_alpha(alpha)
    return np.array([_mse(y[test], predict(ridge(X[train], y[train], alpha), X[test])) for train, test in folds])


@dataclass(frozen=True)
class EarlyStop:
    best_epoch: int  # the epoch whose weights are kept: the lowest validation loss up to the stop
    stop_epoch: int  # the epoch after which training stops (the last epoch if patience never ran out)
    stopped: bool  # whether patience ran out before the last epoch


def early_stopping(validation_loss, patience: int) -> EarlyStop:
    """Early stopping with patience P: train while the validation loss keeps reaching new lows, stop
    once P epochs in a row bring no new low, and keep the weights of the best epoch (as Keras'
    ``EarlyStopping(patience=P, restore_best_weights=True)``). Epochs are counted from 1.

    Parameters
    ----------
    validation_loss : array_like of shape (E,), the validation loss after epochs 1 … E.
    patience : int in [1, 1000000]

    Examples
    --------
    >>> early_stopping([5.0, 3.0, 4.0, 2.0, 2.5, 2.6, 2.7, 1.0], 3)
    EarlyStop(best_epoch=4, stop_epoch=7, stopped=True)
    """
    loss = np.asarray(validation_loss, dtype=float).ravel()
    if len(loss) < 1:
        raise MathDLError("too_few_values", name="validation_loss", minimum=1, n=0)
    if not np.all(np.isfinite(loss)):
        raise MathDLError("not_finite", name="validation_loss", value=loss[~np.isfinite(loss)][0])
    _check("patience", patience, 1, 1_000_000)
    best, wait = 0, 0  # 0-based: the epoch of the lowest loss so far, and the epochs since it
    for epoch in range(1, len(loss)):
        if loss[epoch] < loss[best]:
            best, wait = epoch, 0
        else:
            wait += 1
            if wait == patience:
                return EarlyStop(best + 1, epoch + 1, epoch + 1 < len(loss))
    return EarlyStop(best + 1, len(loss), False)


@dataclass(frozen=True)
class LearningCurve:
    sizes: np.ndarray  # (S,) training-set sizes
    train_mse: np.ndarray  # (S, k) error on the m points trained on, per fold
    validation_mse: np.ndarray  # (S, k) error on the fold held out


def learning_curve(
    X, y, sizes, folds: Folds, alpha: float = 1.0, rng: np.random.Generator | None = None
) -> LearningCurve:
    """Training and validation error of ridge against the number of training points m.

    For every fold and every m, fit on the first m of the fold's training indices (shuffled by
    ``rng`` first, if given) and measure on them and on the held-out fold: as scikit-learn's
    learning_curve. The training error rises with m and the validation error falls; the gap
    between them is the variance that more data removes.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    sizes : array_like of ints, shape (S,), each in [1, the smallest training set of the folds].
    folds : list of k (train, test) index pairs, from :func:`kfold_indices`.
    alpha : float ≥ 0, the ridge penalty.
    rng : numpy.random.Generator or None.

    Examples
    --------
    >>> from mathdl import datasets
    >>> X, y, _ = datasets.diabetes(scale_target=False)
    >>> c = learning_curve(X, y, [20, 300], kfold_indices(442, 5), alpha=1.0)
    >>> bool(c.train_mse[0].mean() < c.train_mse[1].mean()), bool(c.validation_mse[0].mean() > c.validation_mse[1].mean())
    (True, True)
    """
    X, y = _data(X, y)
    sizes = np.asarray(sizes, dtype=int).ravel()
    shortest = min(len(train) for train, _ in folds)
    for m in sizes:
        _check("sizes", int(m), 1, shortest)
    train_mse, validation_mse = np.zeros((len(sizes), len(folds))), np.zeros((len(sizes), len(folds)))
    for j, (train, test) in enumerate(folds):
        train = rng.permutation(train) if rng is not None else train
        for i, m in enumerate(sizes):
            model = ridge(X[train[:m]], y[train[:m]], alpha)
            train_mse[i, j] = _mse(y[train[:m]], predict(model, X[train[:m]]))
            validation_mse[i, j] = _mse(y[test], predict(model, X[test]))
    return LearningCurve(sizes, train_mse, validation_mse)


def _labels(y, k: int, name: str) -> np.ndarray:
    y = np.asarray(y).ravel()
    if y.dtype == bool:
        y = y.astype(int)
    if not (np.issubdtype(y.dtype, np.number) and np.all(np.isin(y, np.arange(k)))):
        raise MathDLError("out_of_range", name=name, low=0, high=k - 1, value=np.unique(y)[:10].tolist())
    return y.astype(int)


def confusion_matrix(y_true, y_pred, k: int) -> np.ndarray:
    """C[i, j] = how many cases of class i were predicted as class j; the diagonal is right.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,), class numbers 0 … k−1 (booleans count as 0 and 1).
    k : int in [2, 100], the number of classes.

    Returns
    -------
    ndarray of shape (k, k): rows are the true classes, columns the predicted ones.

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    array([[1, 1, 0],
           [0, 1, 0],
           [1, 0, 1]])
    """
    _check("k", k, 2, 100)
    y_true, y_pred = _labels(y_true, k, "y_true"), _labels(y_pred, k, "y_pred")
    if len(y_true) != len(y_pred):
        raise MathDLError("lengths_differ", a="y_true", b="y_pred", n=len(y_true), m=len(y_pred))
    if len(y_true) == 0:
        raise MathDLError("too_few_values", name="y_true", minimum=1, n=0)
    return np.bincount(k * y_true + y_pred, minlength=k * k).reshape(k, k)


@dataclass(frozen=True)
class ClassificationScores:
    precision: float | np.ndarray  # TP / (TP + FP): of the cases called class j, the share that are
    recall: float | np.ndarray  # TP / (TP + FN): of the cases of class j, the share found
    f1: float | np.ndarray  # 2PR / (P + R) = 2TP / (2TP + FP + FN), the harmonic mean
    accuracy: float  # trace(C) / n


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.zeros(len(a)), where=b > 0)  # 0 when nothing to count, as scikit-learn


def scores_from_confusion(C, average: str | None = "binary") -> ClassificationScores:
    """Precision, recall and F1 of every class from a confusion matrix C (rows true, columns predicted),
    and their average: "binary" (class 1 of two), "macro" (the plain mean over classes), "weighted"
    (the mean weighted by each class's count), or None (one value per class). An undefined ratio
    (0/0) counts as 0.

    Parameters
    ----------
    C : array_like of shape (k, k), counts.
    average : "binary" (only for k = 2), "macro", "weighted" or None.

    Examples
    --------
    >>> s = scores_from_confusion([[5, 1], [2, 2]])  # TP = 2, FP = 1, FN = 2
    >>> round(s.precision, 4), s.recall, s.f1, s.accuracy
    (0.6667, 0.5, 0.5714285714285714, 0.7)
    """
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise MathDLError("bad_shape", name="C", expected="(k, k)", shape=C.shape)
    if average not in AVERAGES or (average == "binary" and len(C) != 2):
        raise MathDLError(
            "unknown_choice",
            name="average",
            allowed=[a for a in AVERAGES if len(C) == 2 or a != "binary"],
            value=average,
        )
    tp, predicted, actual = np.diag(C).astype(float), C.sum(axis=0), C.sum(axis=1)
    per_class = [_ratio(tp, predicted), _ratio(tp, actual), _ratio(2 * tp, predicted + actual)]  # each (k,)
    accuracy = float(tp.sum() / C.sum()) if C.sum() else 0.0
    if average is None:
        return ClassificationScores(*per_class, accuracy)
    summary = {"binary": lambda v: v[1], "macro": np.mean, "weighted": lambda v: np.average(v, weights=actual)}[average]
    return ClassificationScores(*(float(summary(v)) for v in per_class), accuracy)


def precision_recall_f1(y_true, y_pred, k: int = 2, average: str | None = "binary") -> ClassificationScores:
    """Precision, recall and F1 of predicted labels: :func:`scores_from_confusion` of :func:`confusion_matrix`.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,), class numbers 0 … k−1.
    k : int in [2, 100]
    average : "binary" (only for k = 2), "macro", "weighted" or None.

    Examples
    --------
    >>> s = precision_recall_f1([0, 1, 1, 1], [1, 1, 1, 0])
    >>> round(s.precision, 4), round(s.recall, 4), round(s.f1, 4)
    (0.6667, 0.6667, 0.6667)
    """
    return scores_from_confusion(confusion_matrix(y_true, y_pred, k), average)


def threshold_scores(y, scores, threshold: float) -> ClassificationScores:
    """Precision, recall and F1 of the positive class when a score ≥ threshold means positive,
    from :func:`mathdl.information.confusion`. Raising the threshold trades recall for precision.

    Parameters
    ----------
    y : array_like of shape (n,), 0 or 1.
    scores : array_like of shape (n,)
    threshold : float

    Examples
    --------
    >>> s = threshold_scores([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5)
    >>> s.precision, s.recall, s.accuracy
    (0.5, 0.5, 0.5)
    """
    c = information.confusion(y, scores, threshold)
    return scores_from_confusion([[c["tn"], c["fp"]], [c["fn"], c["tp"]]], "binary")
