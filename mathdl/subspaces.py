"""Vector spaces and subspaces: span, basis and dimension; the column space and the null space.

A matrix A of shape (m, n) has two subspaces a lesson can draw. Its column space C(A) ⊂ Rᵐ is the
span of its columns: every output Ax. Its null space N(A) ⊂ Rⁿ holds the inputs it sends to 0:
the weights of the combinations of its columns that cancel. Their dimensions are the rank and the
nullity, and rank + nullity = n (the rank–nullity theorem). Both bases come from one singular value
decomposition A = U diag(σ) Vᵀ: the first r columns of U span C(A), the last n − r rows of Vᵀ span
N(A), where r counts the singular values above a tolerance, as ``numpy.linalg.matrix_rank`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.validation import as_matrix, as_vector, finite

Array = NDArray[np.float64]


def _read_only(A: ArrayLike) -> Array:
    """A constant of this module: a float array nobody can change by accident."""
    M = np.array(A, dtype=float)
    M.setflags(write=False)
    return M


# Small matrices whose subspaces tell apart the cases: columns that fill the plane or one line, a
# square matrix that is singular or invertible.
EXAMPLES: dict[str, np.ndarray] = {
    "plane": _read_only([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),  # a₁ + a₂ − a₃ = 0
    "line": _read_only([[1.0, 2.0, -1.0], [0.5, 1.0, -0.5]]),  # every column a multiple of (1, 0.5)
    "singular": _read_only([[1.0, 2.0], [0.5, 1.0]]),  # a₂ = 2 a₁
    "invertible": _read_only([[2.0, 1.0], [1.0, 1.0]]),
}


@dataclass(frozen=True)
class Subspaces:
    """The column space and the null space of a matrix, each by an orthonormal basis.

    ``column_basis`` is (m, r), ``null_basis`` (n, n − r): their columns are the basis vectors.
    """

    rank: int  # r = dim C(A)
    nullity: int  # n − r = dim N(A)
    column_basis: Array
    null_basis: Array
    singular_values: Array  # (min(m, n),) largest first


def subspaces(A: ArrayLike, tol: float | None = None) -> Subspaces:
    """Bases of the column space and the null space of A, from one SVD.

    A = U diag(σ) Vᵀ; r = #{σᵢ > tol}; C(A) = span of U[:, :r]; N(A) = span of Vᵀ[r:]ᵀ;
    rank + nullity = r + (n − r) = n.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    tol : float, optional
        Singular values at most ``tol`` count as zero; by default σ_max · max(m, n) · eps, the
        tolerance of ``numpy.linalg.matrix_rank``.

    Returns
    -------
    Subspaces
        The rank and the nullity, the two bases and the singular values. Each null-space basis
        vector has its largest entry (the first of equals) positive, so one A gives one picture.

    Examples
    --------
    >>> s = subspaces([[1.0, 2.0], [2.0, 4.0]])
    >>> s.rank, s.nullity
    (1, 1)
    >>> (s.null_basis.ravel() * 5**0.5).round(12)  # (2, -1) / √5: 2 a₁ − a₂ = 0
    array([ 2., -1.])
    """
    M = as_matrix(A)
    m, n = M.shape
    U, sigma, Vt = np.linalg.svd(M)  # (m, m), (min(m, n),), (n, n)
    if tol is None:
        tol = sigma.max(initial=0.0) * max(m, n) * np.finfo(float).eps
    r = int(np.count_nonzero(sigma > tol))
    null = Vt[r:].T  # (n, n − r)
    size = np.abs(null)
    biggest = np.argmax(size >= size.max(axis=0, initial=0.0) - 1e-9, axis=0)  # (n − r,) the first of a tie
    null = null * np.where(null[biggest, np.arange(n - r)] < 0, -1.0, 1.0)
    return Subspaces(rank=r, nullity=n - r, column_basis=U[:, :r], null_basis=null, singular_values=sigma)


def column_space(A: ArrayLike, tol: float | None = None) -> Array:
    """An orthonormal basis of the column space C(A) = {Ax}: the span of the columns of A.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    tol : float, optional
        As in :func:`subspaces`.

    Returns
    -------
    ndarray of shape (m, r)
        Orthonormal columns; r = rank A, their number, is the dimension of C(A).

    Examples
    --------
    >>> column_space([[3.0, 6.0], [4.0, 8.0]]).ravel().round(12) ** 2  # the line through (3, 4)
    array([0.36, 0.64])
    """
    return subspaces(A, tol).column_basis


def null_space(A: ArrayLike, tol: float | None = None) -> Array:
    """An orthonormal basis of the null space N(A) = {x : Ax = 0}.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    tol : float, optional
        As in :func:`subspaces`.

    Returns
    -------
    ndarray of shape (n, n − r)
        Orthonormal columns; their number n − r is the nullity.

    Examples
    --------
    >>> null_space([[1.0, 1.0]]).ravel().round(6)  # (1, −1) / √2: x₁ + x₂ = 0
    array([ 0.707107, -0.707107])
    """
    return subspaces(A, tol).null_basis


def distance_to_subspace(Q: ArrayLike, x: ArrayLike) -> float:
    """How far x lies from the subspace spanned by the orthonormal columns of Q: ‖x − QQᵀx‖.

    0 (up to rounding) exactly when x is in the subspace; QQᵀx is the nearest point of it.

    Parameters
    ----------
    Q : array_like of shape (m, r)
        Orthonormal columns, such as :func:`column_space` gives; r may be 0, the subspace {0}.
    x : array_like of shape (m,)
        The vector.

    Returns
    -------
    float

    Examples
    --------
    >>> distance_to_subspace([[1.0], [0.0]], [3.0, 4.0])  # from the x-axis
    4.0
    """
    x = as_vector(x, "x")
    basis = finite("Q", Q).reshape(len(x), -1)  # (m, r), also when r = 0
    return float(np.linalg.norm(x - basis @ (basis.T @ x)))


@dataclass(frozen=True)
class Closure:
    """Two vectors u, v, their sum and a multiple, and how far each lies from a subspace."""

    sum: Array  # (m,) u + v
    multiple: Array  # (m,) c u
    distances: Array  # (4,) from the subspace: u, v, u + v, c u


def closure(Q: ArrayLike, u: ArrayLike, v: ArrayLike, c: float) -> Closure:
    """Check the closure of a subspace: with u and v in it, u + v and cu are in it too.

    A subspace is a set closed under sums and multiples (so it holds 0). For the column space:
    u = Ax and v = Ay give u + v = A(x + y) and cu = A(cx), outputs again.

    Parameters
    ----------
    Q : array_like of shape (m, r)
        An orthonormal basis of the subspace.
    u, v : array_like of shape (m,)
        Two vectors.
    c : float
        The scalar.

    Returns
    -------
    Closure
        u + v, cu, and the distances of u, v, u + v and cu from the subspace
        (:func:`distance_to_subspace`): all zero, up to rounding, when u and v lie in it.

    Examples
    --------
    >>> closure([[0.6], [0.8]], [3.0, 4.0], [-1.5, -2.0], 2.0).sum
    array([1.5, 2. ])
    """
    u, v = as_vector(u, "u"), as_vector(v, "v", len(u))
    total, multiple = u + v, float(finite("c", c)) * u
    distances = [distance_to_subspace(Q, w) for w in (u, v, total, multiple)]
    return Closure(sum=total, multiple=multiple, distances=np.array(distances))


def combination_path(A: ArrayLike, x: ArrayLike) -> Array:
    """The walk from 0 along x₁a₁, then x₂a₂, …, xₙaₙ: it ends at Ax = x₁a₁ + … + xₙaₙ.

    With x in the null space the walk comes back to 0: the columns, so weighted, cancel.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix, columns a₁, …, aₙ.
    x : array_like of shape (n,)
        The weights.

    Returns
    -------
    ndarray of shape (n + 1, m)
        The points visited: 0, x₁a₁, x₁a₁ + x₂a₂, …, Ax.

    Examples
    --------
    >>> combination_path([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], [1.0, 1.0, -1.0])
    array([[0., 0.],
           [1., 0.],
           [1., 1.],
           [0., 0.]])
    """
    M = as_matrix(A)
    steps = M * as_vector(x, "x", M.shape[1])  # (m, n): column j times x_j
    return np.vstack([np.zeros(M.shape[0]), np.cumsum(steps.T, axis=0)])
