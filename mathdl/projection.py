"""Projections and least squares: the closest point of a subspace, found by Gram-Schmidt.

Least squares is a projection: the fitted values Aĉ are the point of A's column space nearest y,
and the residual y − Aĉ is orthogonal to every column. Each function is written from its textbook
definition; the tests compare them with ``numpy.linalg``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.linalg import matmul, rank
from mathdl.validation import as_matrix, as_vector, check_range

Array = NDArray[np.float64]


def qr(A: ArrayLike) -> tuple[Array, Array]:
    """Reduced QR decomposition A = Q R by modified Gram-Schmidt.

    Each column of A, minus its components along the earlier orthonormal
    columns, is normalised to give the next column of Q.

    Parameters
    ----------
    A : array_like of shape (n, k)
        n ≥ k, with independent columns.

    Returns
    -------
    Q : ndarray of shape (n, k)
        Orthonormal columns.
    R : ndarray of shape (k, k)
        Upper triangular with a positive diagonal.

    Examples
    --------
    >>> Q, R = qr([[3.0], [4.0]])
    >>> Q.ravel(), R.ravel()
    (array([0.6, 0.8]), array([5.]))
    """
    V = as_matrix(A)  # (n, k), overwritten column by column with what is left to normalise
    n, k = V.shape
    Q, R = np.zeros((n, k)), np.zeros((k, k))
    lengths = np.linalg.norm(V, axis=0)  # (k,)
    for j in range(k):
        R[j, j] = np.linalg.norm(V[:, j])
        # Almost nothing of column j is new: it is (numerically) a mix of the earlier ones.
        if lengths[j] == 0.0 or R[j, j] <= np.sqrt(np.finfo(float).eps) * lengths[j]:
            raise MathDLError("rank_deficient", name="A", rank=rank(A), cols=k)
        Q[:, j] = V[:, j] / R[j, j]
        R[j, j + 1 :] = Q[:, j] @ V[:, j + 1 :]
        V[:, j + 1 :] -= np.outer(Q[:, j], R[j, j + 1 :])  # remove the new direction from the rest
    return Q, R


def back_substitution(R: ArrayLike, z: ArrayLike) -> Array:
    """Solve R c = z for upper triangular R, from the last unknown up: c_i = (z_i − Σ_{j>i} R_ij c_j) / R_ii.

    Parameters
    ----------
    R : array_like of shape (k, k)
        Upper triangular, with no zero on the diagonal.
    z : array_like of shape (k,)
        The right-hand side.

    Returns
    -------
    ndarray of shape (k,)

    Examples
    --------
    >>> back_substitution([[2.0, 1.0], [0.0, 4.0]], [4.0, 8.0])
    array([1., 2.])
    """
    U, rhs = as_matrix(R, "R"), as_vector(z, "z")
    c = np.zeros(len(rhs))
    for i in reversed(range(len(rhs))):
        c[i] = (rhs[i] - U[i, i + 1 :] @ c[i + 1 :]) / U[i, i]
    return c


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares fit of y by the columns of A."""

    coef: Array  # (k,) the coefficients ĉ
    fitted: Array  # (n,) A ĉ, the projection of y onto the column space
    residual: Array  # (n,) y - A ĉ
    rss: float  # ‖y - A ĉ‖², the sum of squared residuals
    normal_residual: Array  # (k,) Aᵀ(y - A ĉ): zero, by the normal equations


def least_squares(A: ArrayLike, y: ArrayLike) -> LeastSquares:
    """Minimise ‖y - A c‖² over c, through A = QR: then R ĉ = Qᵀ y.

    Parameters
    ----------
    A : array_like of shape (n, k)
        Independent columns.
    y : array_like of shape (n,)
        The values to fit.

    Returns
    -------
    LeastSquares
        ĉ, the fitted values Aĉ, the residual, its squared length, and Aᵀ times it (zero).

    Examples
    --------
    >>> fit = least_squares([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 3.0, 5.0])
    >>> fit.coef.round(12)
    array([1., 2.])
    """
    X = as_matrix(A)
    target = as_vector(y, "y", X.shape[0])
    Q, R = qr(X)
    coef = back_substitution(R, Q.T @ target)
    fitted = X @ coef
    residual = target - fitted
    return LeastSquares(coef, fitted, residual, float(residual @ residual), X.T @ residual)


def projection_matrix(A: ArrayLike) -> Array:
    """P = Q Qᵀ, the orthogonal projector onto the column space of A.

    P is symmetric and idempotent (P P = P): projecting twice changes nothing.

    Parameters
    ----------
    A : array_like of shape (n, k)
        Independent columns.

    Returns
    -------
    ndarray of shape (n, n)

    Examples
    --------
    >>> projection_matrix([[1.0], [0.0]])
    array([[1., 0.],
           [0., 0.]])
    """
    Q, _ = qr(A)
    return Q @ Q.T


@dataclass(frozen=True)
class LineProjection:
    """y split into its part along a and the part perpendicular to it."""

    coef: float  # aᵀy / aᵀa
    projection: Array  # (n,) coef · a
    residual: Array  # (n,) y - projection
    orthogonality: float  # aᵀ(y - projection): zero


def project_onto_line(y: ArrayLike, a: ArrayLike) -> LineProjection:
    """The orthogonal projection of y onto the line spanned by a: p = (aᵀy / aᵀa) a.

    Parameters
    ----------
    y : array_like of shape (n,)
        The vector to project.
    a : array_like of shape (n,)
        The direction of the line; not the zero vector.

    Returns
    -------
    LineProjection
        aᵀy / aᵀa, the projection p, the residual y − p, and aᵀ(y − p) (zero).

    Examples
    --------
    >>> project_onto_line([1.0, 2.0], [1.0, 0.0]).projection
    array([1., 0.])
    """
    direction = as_vector(a, "a")
    v = as_vector(y, "y", len(direction))
    aa = direction @ direction
    if aa == 0.0:
        raise MathDLError("zero_vector", name="a")
    coef = (direction @ v) / aa
    projection = coef * direction
    residual = v - projection
    return LineProjection(float(coef), projection, residual, float(direction @ residual))


def polynomial_design(x: ArrayLike, degree: int) -> Array:
    """The design matrix of a polynomial fit: columns 1, x, x², …, x^degree.

    Parameters
    ----------
    x : array_like of shape (n,)
        The inputs.
    degree : int in [0, 10]
        The highest power.

    Returns
    -------
    ndarray of shape (n, degree + 1)

    Examples
    --------
    >>> polynomial_design([2.0, 3.0], 2)
    array([[1., 2., 4.],
           [1., 3., 9.]])
    """
    check_range("degree", degree, 0, 10)
    return as_vector(x, "x")[:, None] ** np.arange(degree + 1)  # (n, degree + 1)


def polynomial_values(coef: ArrayLike, x: ArrayLike) -> Array:
    """The polynomial p(x) = c₀ + c₁x + … + c_d x^d at each x: the design matrix times the coefficients.

    Parameters
    ----------
    coef : array_like of shape (d + 1,)
        c₀, …, c_d, as :func:`least_squares` returns them for a :func:`polynomial_design`.
    x : array_like of shape (n,)
        Where to evaluate it.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> polynomial_values([1.0, 0.0, 2.0], [0.0, 1.0, 2.0])
    array([1., 3., 9.])
    """
    c = as_vector(coef, "coef")
    return matmul(polynomial_design(x, len(c) - 1), c[:, None])[:, 0]  # (n,)
