"""Penalties: ridge and lasso, and their coefficient paths.

Ridge and lasso use scikit-learn's objectives, so their α mean the same thing:
ridge minimises ‖y − Xw − b‖² + α‖w‖², lasso (1/2n)‖y − Xw − b‖² + α‖w‖₁, the intercept b
unpenalised. Why the lasso's weights reach exactly 0 is drawn in :mod:`mathdl.constraints`.
The tests compare everything here with ``sklearn.linear_model``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import as_matrix, as_vector, check_choice, check_range

Floats = NDArray[np.float64]

NORMS = ("l1", "l2")  # the penalty / constraint: lasso's ‖w‖₁, ridge's ‖w‖₂


# --- Checks ------------------------------------------------------------------------------------------


def regression_data(X: ArrayLike, y: ArrayLike) -> tuple[Floats, Floats]:
    """Check a regression data set: X a finite matrix, y finite values, one per row of X.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features, one row per sample.
    y : array_like of shape (n,)
        The targets; any shape with n values is flattened.

    Returns
    -------
    X : ndarray of shape (n, d)
        The features as floats (not copied if they already were).
    y : ndarray of shape (n,)
        The targets as floats.

    Examples
    --------
    >>> X, y = regression_data([[1, 2], [3, 4]], [[5], [6]])
    >>> X.shape, y.tolist()
    ((2, 2), [5.0, 6.0])
    """
    X = as_matrix(X, "X", copy=False)
    values = np.asarray(y, dtype=float).ravel()
    if len(values) != len(X):
        raise MathDLError("lengths_differ", a="X", b="y", n=len(X), m=len(values))
    if len(values) < 1:
        raise MathDLError("too_few_values", name="y", minimum=1, n=0)
    return X, as_vector(values, "y")


def check_penalty(alpha: float) -> float:
    """Return a penalty weight α if it is finite and α ≥ 0; refuse it otherwise.

    Parameters
    ----------
    alpha : float
        The penalty weight.

    Returns
    -------
    float
        ``alpha`` itself.

    Examples
    --------
    >>> check_penalty(0.5)
    0.5
    """
    if not (np.isfinite(alpha) and alpha >= 0):
        raise MathDLError("out_of_range", name="alpha", low=0, high="∞", value=alpha)
    return alpha


# --- Ridge and lasso ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    """A fitted linear model ŷ = X w + b.

    Attributes
    ----------
    coef : ndarray of shape (d,)
        The weights w.
    intercept : float
        The intercept b.
    n_iter : int
        Sweeps of coordinate descent (lasso); 0 for a closed form.
    """

    coef: Floats
    intercept: float
    n_iter: int = 0


def predict(model: LinearModel, X: ArrayLike) -> Floats:
    """The predictions ŷ = X w + b of a linear model.

    Parameters
    ----------
    model : LinearModel
        Weights w of shape (d,) and the intercept b.
    X : array_like of shape (n, d)
        The inputs.

    Returns
    -------
    ndarray of shape (n,)
        ŷ for each row of X.

    Examples
    --------
    >>> predict(LinearModel(np.array([2.0]), 1.0), [[0.0], [1.0]])
    array([1., 3.])
    """
    values: Floats = as_matrix(X, "X", (None, len(model.coef)), copy=False) @ model.coef + model.intercept
    return values


def ridge(X: ArrayLike, y: ArrayLike, alpha: float) -> LinearModel:
    """Ridge regression in closed form: minimise ‖y − Xw − b‖² + α‖w‖².

    Centring X and y removes b; then w = (XᵀX + αI)⁻¹ Xᵀy = V diag(sᵢ / (sᵢ² + α)) Uᵀy with
    X = U diag(s) Vᵀ, and b = ȳ − x̄ᵀw. Each direction of the data is shrunk by sᵢ² / (sᵢ² + α):
    the weakly determined ones (small sᵢ) the most. Directions with sᵢ = 0 get weight 0, so at
    α = 0 this is the least-squares solution of smallest norm.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    alpha : float
        The penalty α ≥ 0.

    Returns
    -------
    LinearModel
        The weights w (d,) and the intercept b.

    Examples
    --------
    >>> ridge([[0.0], [1.0], [2.0]], [0.0, 2.0, 4.0], 2.0).coef  # Σx_c² = 2, so w = 4 / (2 + 2)
    array([1.])
    """
    X, y = regression_data(X, y)
    w, b = _ridge_along(X, y, np.array([check_penalty(alpha)]))
    return LinearModel(w[0], float(b[0]))


def _ridge_along(X: Floats, y: Floats, alphas: Floats) -> tuple[Floats, Floats]:
    """Ridge for each data set of a stack, X (..., n, d) and y (..., n), at every α of a grid (A,).

    One SVD per data set serves the whole grid: only the shrinkage sᵢ / (sᵢ² + α) depends on α.
    Returns w (..., A, d) and b (..., A).
    """
    mean_x, mean_y = X.mean(axis=-2), y.mean(axis=-1)  # (..., d), (...)
    U, s, Vt = np.linalg.svd(X - mean_x[..., None, :], full_matrices=False)  # (..., n, r), (..., r), (..., r, d)
    seen = s > s.max(axis=-1, keepdims=True, initial=0.0) * max(X.shape[-2:]) * np.finfo(float).eps
    s, seen = s[..., None, :], seen[..., None, :]  # a row per α
    shape = np.broadcast_shapes(s.shape, (len(alphas), 1))
    shrink = np.divide(s, s**2 + alphas[:, None], out=np.zeros(shape), where=seen)  # (..., A, r)
    Uty = np.einsum("...nr,...n->...r", U, y - mean_y[..., None])  # Uᵀ(y − ȳ)
    w: Floats = (shrink * Uty[..., None, :]) @ Vt  # V diag(shrink) Uᵀ(y − ȳ) for each α: (..., A, d)
    b: Floats = mean_y[..., None] - (w @ mean_x[..., :, None])[..., 0]
    return w, b


def ridge_stack(X: ArrayLike, y: ArrayLike, alpha: float) -> tuple[Floats, Floats]:
    """:func:`ridge` on a stack of S data sets at once, by the same steps (numpy's SVD works on stacks).

    For each data set s: w_s = V_s diag(sᵢ / (sᵢ² + α)) U_sᵀ(y_s − ȳ_s), b_s = ȳ_s − x̄_sᵀ w_s.
    The inputs are not checked: it is the inner loop of :func:`mathdl.polynomial.bias_variance`.

    Parameters
    ----------
    X : array_like of shape (S, n, d)
        S feature matrices of the same shape.
    y : array_like of shape (S, n)
        Their targets.
    alpha : float
        The penalty α ≥ 0, the same for every data set.

    Returns
    -------
    w : ndarray of shape (S, d)
        The weights of each data set.
    b : ndarray of shape (S,)
        The intercepts.

    Examples
    --------
    >>> w, b = ridge_stack([[[0.0], [1.0], [2.0]], [[0.0], [1.0], [2.0]]], [[0.0, 2.0, 4.0], [1.0, 1.0, 1.0]], 2.0)
    >>> w.round(12).tolist(), b.round(12).tolist()
    ([[1.0], [0.0]], [1.0, 1.0])
    """
    w, b = _ridge_along(np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.array([float(alpha)]))
    return w[:, 0], b[:, 0]


def soft_threshold(z: ArrayLike, alpha: float) -> Floats:
    """S(z, α) = sign(z) · max(|z| − α, 0): move z towards 0 by α, and stop at 0.

    It is the minimiser of ½(w − z)² + α|w|: the L1 penalty's kink at 0 holds every
    |z| ≤ α exactly at zero.

    Parameters
    ----------
    z : array_like
        Values, any shape.
    alpha : float
        The threshold α ≥ 0.

    Returns
    -------
    ndarray of float
        S(z, α), the shape of ``z``.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.5, 3.0], 1.0)
    array([-2., -0.,  0.,  2.])
    """
    values = np.asarray(z, dtype=float)
    shrunk: Floats = np.sign(values) * np.maximum(np.abs(values) - alpha, 0.0)
    return shrunk


def lasso(
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    w0: ArrayLike | None = None,
    tol: float = 1e-12,
    max_sweeps: int = 100_000,
) -> LinearModel:
    """The lasso by cyclic coordinate descent: minimise (1/2n)‖y − Xw − b‖² + α‖w‖₁.

    With X and y centred, G = XᵀX/n and c = Xᵀy/n, each step minimises over one weight with the
    others fixed, in closed form: w_j ← S(c_j − Σ_{k≠j} G_jk w_k, α) / G_jj (:func:`soft_threshold`).
    Sweeps stop when no weight moves by more than tol · max(1, max|w|). ``w0`` is a warm start.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    alpha : float
        The penalty α ≥ 0; from :func:`lasso_alpha_max` on, every weight is 0.
    w0 : array_like of shape (d,) or None
        The weights to start from; None for zeros.
    tol : float
        The relative change of the weights below which the sweeps stop.
    max_sweeps : int
        The most sweeps over the weights.

    Returns
    -------
    LinearModel
        The weights w (d,), the intercept b and the sweeps taken.

    Examples
    --------
    >>> lasso([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0], 0.5).coef  # c = 4/3, G = 2/3: (4/3 − ½)/(2/3)
    array([1.25])
    """
    X, y = regression_data(X, y)
    check_penalty(alpha)
    n, d = X.shape
    mean_x, mean_y = X.mean(axis=0), y.mean()
    Xc = X - mean_x
    G, c = Xc.T @ Xc / n, Xc.T @ (y - mean_y) / n  # (d, d), (d,)
    w = np.zeros(d) if w0 is None else as_vector(w0, "w0", d)
    live = np.diag(G) > 1e-12 * np.diag(G).max(initial=0.0)  # a constant column keeps weight 0
    w[~live] = 0.0
    sweeps = 0
    while sweeps < max_sweeps:
        sweeps += 1
        largest = 0.0
        for j in np.flatnonzero(live):
            new = float(soft_threshold(c[j] - G[j] @ w + G[j, j] * w[j], alpha)) / G[j, j]
            largest, w[j] = max(largest, abs(new - w[j])), new
        if largest <= tol * max(1.0, np.abs(w).max(initial=0.0)):
            break
    return LinearModel(w, float(mean_y - mean_x @ w), sweeps)


def lasso_alpha_max(X: ArrayLike, y: ArrayLike) -> float:
    """α_max = max_j |x_jᵀ(y − ȳ)| / n (X centred): the smallest α at which the lasso sets every weight to 0.

    At w = 0 the slope of the squared-error term along w_j is −x_jᵀy/n; the penalty's kink can hold
    w_j at zero only while that slope is at most α in size.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.

    Returns
    -------
    float
        α_max.

    Examples
    --------
    >>> lasso_alpha_max([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0])  # |(−1)(−2) + 1·2| / 3
    1.3333333333333333
    """
    X, y = regression_data(X, y)
    return float(np.abs((X - X.mean(axis=0)).T @ (y - y.mean())).max(initial=0.0) / len(y))


def alpha_grid(X: ArrayLike, y: ArrayLike, n_alphas: int = 50, eps: float = 1e-3) -> Floats:
    """Values of α from α_max down to eps · α_max, evenly spaced on a log scale (scikit-learn's grid).

    αᵢ = α_max · eps^(i / (A − 1)) for i = 0, …, A − 1.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    n_alphas : int
        A, the number of values, 2 to 1000.
    eps : float
        The ratio of the smallest α to α_max, in (0, 1].

    Returns
    -------
    ndarray of shape (A,)
        The α, largest first.

    Examples
    --------
    >>> alpha_grid([[-1.0], [0.0], [1.0]], [-2.0, 0.0, 2.0], 3, 0.01).round(6)
    array([1.333333, 0.133333, 0.013333])
    """
    check_range("n_alphas", n_alphas, 2, 1000)
    check_range("eps", eps, 1e-12, 1.0)
    alpha_max = lasso_alpha_max(X, y)
    return np.geomspace(alpha_max, alpha_max * eps, n_alphas)


@dataclass(frozen=True)
class RegularizationPath:
    """The weights of a penalised regression at every α of a grid.

    Attributes
    ----------
    alphas : ndarray of shape (A,)
        The α, as given.
    coefs : ndarray of shape (A, d)
        The weights at each α.
    intercepts : ndarray of shape (A,)
        The intercepts.
    n_iter : ndarray of shape (A,)
        Coordinate-descent sweeps at each α (0 for ridge).
    """

    alphas: Floats
    coefs: Floats
    intercepts: Floats
    n_iter: NDArray[np.int_]


def regularization_path(X: ArrayLike, y: ArrayLike, alphas: ArrayLike, penalty: str = "l1") -> RegularizationPath:
    """The weights of ridge (penalty "l2") or lasso ("l1") at every α of a grid.

    Ridge takes the whole grid from one SVD of X, since only the shrinkage sᵢ / (sᵢ² + α) changes
    with α. The lasso walks the grid from the largest α down, starting each fit from the previous
    weights (a warm start): neighbouring α have nearly the same answer, so few sweeps are needed.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The features.
    y : array_like of shape (n,)
        The targets.
    alphas : array_like of shape (A,)
        The penalties, each ≥ 0, in any order.
    penalty : {"l1", "l2"}
        Lasso or ridge.

    Returns
    -------
    RegularizationPath
        The weights and intercepts at each α, in the order given.

    Examples
    --------
    >>> X, y = [[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], [-2.0, 0.5, 2.0]
    >>> regularization_path(X, y, [10.0, 0.1]).coefs.round(3)
    array([[0.  , 0.  ],
           [1.85, 0.05]])
    """
    check_choice("penalty", penalty, NORMS)
    X, y = regression_data(X, y)
    grid = np.array(alphas, dtype=float).ravel()
    for alpha in grid:
        check_penalty(alpha)
    n_iter = np.zeros(len(grid), int)
    if penalty == "l2":
        return RegularizationPath(grid, *_ridge_along(X, y, grid), n_iter)
    coefs, intercepts, w = np.zeros((len(grid), X.shape[1])), np.zeros(len(grid)), None
    for i in np.argsort(-grid, kind="stable"):
        model = lasso(X, y, grid[i], w0=w)
        w = coefs[i] = model.coef
        intercepts[i], n_iter[i] = model.intercept, model.n_iter
    return RegularizationPath(grid, coefs, intercepts, n_iter)
