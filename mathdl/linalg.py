"""Linear algebra: matrices as maps of the plane, elimination, determinants, products, a dense layer.

Each function is written from its textbook definition (elimination, the sum that defines a
product) rather than by calling ``numpy.linalg``: the tests compare them with numpy. Projections
and least squares are in :mod:`mathdl.projection`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import as_matrix, as_vector, check_range

Array = NDArray[np.float64]


def _read_only(A: ArrayLike) -> Array:
    """A constant of this module: a float array nobody can change by accident."""
    M = np.array(A, dtype=float)
    M.setflags(write=False)
    return M


def rotation(theta: float) -> Array:
    """The 2x2 matrix that turns the plane by ``theta`` radians counter-clockwise.

    R(θ) = [[cos θ, -sin θ], [sin θ, cos θ]]

    Parameters
    ----------
    theta : float
        The angle, in radians.

    Returns
    -------
    ndarray of shape (2, 2)

    Examples
    --------
    >>> rotation(np.pi / 2) @ [1.0, 0.0]
    array([6.123234e-17, 1.000000e+00])
    """
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s], [s, c]])


PRESETS: dict[str, np.ndarray] = {
    "identity": _read_only(np.eye(2)),
    "rotation": _read_only(rotation(np.pi / 6)),
    "scaling": _read_only([[1.5, 0.0], [0.0, 0.5]]),
    "shear": _read_only([[1.0, 1.0], [0.0, 1.0]]),
    "reflection": _read_only([[0.0, 1.0], [1.0, 0.0]]),  # across the line y = x
    "projection": _read_only([[1.0, 0.0], [0.0, 0.0]]),  # onto the x-axis
    "singular": _read_only([[1.0, 2.0], [0.5, 1.0]]),  # second column = 2 x first
}

# The letter F: unlike a square or a circle it shows whether a map mirrors the plane.
F_SHAPE: np.ndarray = _read_only(
    [
        [0.0, 0.0],
        [0.3, 0.0],
        [0.3, 0.6],
        [0.8, 0.6],
        [0.8, 0.9],
        [0.3, 0.9],
        [0.3, 1.2],
        [1.0, 1.2],
        [1.0, 1.5],
        [0.0, 1.5],
        [0.0, 0.0],
    ]
)


def unit_circle(n: int = 24) -> Array:
    """n unit vectors at equal angles: (cos 2πk/n, sin 2πk/n) for k = 0, …, n − 1.

    Parameters
    ----------
    n : int
        How many.

    Returns
    -------
    ndarray of shape (n, 2)

    Examples
    --------
    >>> unit_circle(4).round(12)
    array([[ 1.,  0.],
           [ 0.,  1.],
           [-1.,  0.],
           [-0., -1.]])
    """
    angles = 2 * np.pi * np.arange(n) / n
    return np.column_stack([np.cos(angles), np.sin(angles)])


def polar_angle(v: ArrayLike) -> float:
    """The angle of the vector v from the positive x-axis, counter-clockwise, in degrees in [0, 360).

    φ = atan2(v₂, v₁), taken modulo 360°; the zero vector has angle 0.

    Parameters
    ----------
    v : array_like of shape (2,)
        The vector.

    Returns
    -------
    float

    Examples
    --------
    >>> polar_angle([0.0, -2.0])
    270.0
    """
    x, y = as_vector(v, "v", 2)
    angle = float(np.degrees(np.arctan2(y, x)) % 360.0)
    return 0.0 if angle >= 360.0 else angle  # -1e-15 % 360 rounds to 360


def interpolate(A: ArrayLike, t: float) -> Array:
    """The matrix part way from the identity to ``A``: (1 - t) I + t A.

    Parameters
    ----------
    A : array_like of shape (n, n)
        The matrix to arrive at.
    t : float in [0, 1]
        How far: 0 gives the identity, 1 gives A.

    Returns
    -------
    ndarray of shape (n, n)

    Examples
    --------
    >>> interpolate([[2.0, 0.0], [0.0, 2.0]], 0.5)
    array([[1.5, 0. ],
           [0. , 1.5]])
    """
    M = as_matrix(A)
    check_range("t", t, 0.0, 1.0)
    return (1.0 - t) * np.eye(len(M)) + t * M


def transform(A: ArrayLike, points: ArrayLike) -> Array:
    """Apply x ↦ A x to every row of ``points``.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The map.
    points : array_like of shape (n, 2)
        One point per row.

    Returns
    -------
    ndarray of shape (n, 2)
        Row i is A @ points[i], computed at once as points @ Aᵀ.

    Examples
    --------
    >>> transform([[0, -1], [1, 0]], [[1, 0], [0, 1]])
    array([[ 0.,  1.],
           [-1.,  0.]])
    """
    return as_matrix(points, "points", (None, 2)) @ as_matrix(A, "A", (2, 2)).T


def grid_lines(extent: float = 3.0, step: float = 1.0) -> Array:
    """The square grid over [-extent, extent]², as segments given by their two end points.

    A linear map sends lines to lines, so moving the end points moves the whole grid.

    Parameters
    ----------
    extent : float
        Half the side of the square.
    step : float
        The distance between neighbouring lines.

    Returns
    -------
    ndarray of shape (L, 2, 2)
        Segment l runs from [l, 0] to [l, 1]; vertical lines first.

    Examples
    --------
    >>> grid_lines(1.0, 1.0).shape
    (6, 2, 2)
    """
    ticks = np.arange(-extent, extent + step / 2, step)  # (k,)
    ends = np.full_like(ticks, extent)
    vertical = np.stack([np.stack([ticks, -ends], 1), np.stack([ticks, ends], 1)], 1)  # (k, 2, 2)
    return np.concatenate([vertical, vertical[:, :, ::-1]])


def transform_grid(A: ArrayLike, extent: float = 3.0, step: float = 1.0) -> Array:
    """The grid of :func:`grid_lines` after the map x ↦ A x.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The map.
    extent, step : float
        The grid, as in :func:`grid_lines`.

    Returns
    -------
    ndarray of shape (L, 2, 2)
        The moved end points of every segment.

    Examples
    --------
    >>> transform_grid(2 * np.eye(2), 1.0)[0]
    array([[-2., -2.],
           [-2.,  2.]])
    """
    lines = grid_lines(extent, step)
    return transform(A, lines.reshape(-1, 2)).reshape(lines.shape)


def unit_square(A: ArrayLike) -> Array:
    """The image of the unit square: corners 0, A e₁, A(e₁ + e₂), A e₂.

    Its signed area is det A.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The map.

    Returns
    -------
    ndarray of shape (4, 2)
        The corners, in order around the parallelogram.

    Examples
    --------
    >>> unit_square([[2, 0], [0, 3]])
    array([[0., 0.],
           [2., 0.],
           [2., 3.],
           [0., 3.]])
    """
    return transform(A, [[0, 0], [1, 0], [1, 1], [0, 1]])


def row_echelon(A: ArrayLike, tol: float | None = None) -> tuple[Array, int]:
    """Gaussian elimination with partial pivoting.

    Row operations reduce A to an upper staircase U. Swapping two rows flips the
    sign of the determinant, adding a multiple of one row to another keeps it.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    tol : float, optional
        Entries with absolute value at most ``tol`` count as zero; by default
        √eps · max|A| (about 1.5e-8 relative): elimination loses more digits to
        round-off than the singular value decomposition numpy's ``matrix_rank`` uses.

    Returns
    -------
    U : ndarray of shape (m, n)
        The row echelon form.
    swaps : int
        How many row swaps were made.

    Examples
    --------
    >>> row_echelon([[0.0, 1.0], [2.0, 4.0]])
    (array([[2., 4.],
           [0., 1.]]), 1)
    """
    U = as_matrix(A)
    m, n = U.shape
    tol = np.sqrt(np.finfo(float).eps) * np.abs(U).max(initial=0.0) if tol is None else tol
    row = swaps = 0
    for col in range(n):
        if row == m:
            break
        pivot = row + int(np.argmax(np.abs(U[row:, col])))  # largest entry: least round-off
        if abs(U[pivot, col]) <= tol:
            U[row:, col] = 0.0
            continue
        if pivot != row:
            U[[row, pivot]] = U[[pivot, row]]
            swaps += 1
        U[row + 1 :] -= np.outer(U[row + 1 :, col] / U[row, col], U[row])  # clear below the pivot
        U[row + 1 :, col] = 0.0
        row += 1
    return U, swaps


def determinant(A: ArrayLike) -> float:
    """det A, from elimination: the product of the pivots, times -1 per row swap.

    For a 2x2 matrix this is a₁₁a₂₂ - a₁₂a₂₁, the signed area of the image of the unit square.

    Parameters
    ----------
    A : array_like of shape (n, n)
        A square matrix.

    Returns
    -------
    float

    Examples
    --------
    >>> determinant([[1.0, 2.0], [3.0, 4.0]])
    -2.0
    """
    M = as_matrix(A)
    if M.shape[0] != M.shape[1]:
        raise MathDLError("bad_shape", name="A", expected="(n, n)", shape=M.shape)
    U, swaps = row_echelon(M, tol=0.0)
    return float((-1) ** swaps * np.prod(np.diag(U)))


def rank(A: ArrayLike, tol: float | None = None) -> int:
    """The number of independent rows (= columns) of A: the non-zero rows after elimination.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    tol : float, optional
        What counts as zero, as in :func:`row_echelon`.

    Returns
    -------
    int

    Examples
    --------
    >>> rank([[1.0, 2.0], [2.0, 4.0]])
    1
    """
    U, _ = row_echelon(A, tol)
    return int(np.count_nonzero(np.any(U != 0.0, axis=1)))


def matmul(A: ArrayLike, B: ArrayLike) -> Array:
    """The matrix product from its definition: C[i, j] = Σ_k A[i, k] B[k, j].

    Parameters
    ----------
    A : array_like of shape (m, k)
        The left factor.
    B : array_like of shape (k, p)
        The right factor.

    Returns
    -------
    ndarray of shape (m, p)

    Examples
    --------
    >>> matmul([[1, 2]], [[3], [4]])
    array([[11.]])
    """
    L, M = _factors(A, B)
    products = L[:, :, None] * M[None, :, :]  # (m, k, p): every A[i, k] B[k, j]
    return products.sum(axis=1)


@dataclass(frozen=True)
class MatmulEntry:
    """One entry of a product: the terms A[i, k] B[k, j] and their sum."""

    terms: Array  # (k,)
    value: float


def _factors(A: ArrayLike, B: ArrayLike) -> tuple[Array, Array]:
    """A and B as matrices that can be multiplied: A's columns as many as B's rows."""
    L, M = as_matrix(A, "A"), as_matrix(B, "B")
    if L.shape[1] != M.shape[0]:
        raise MathDLError("shapes_do_not_multiply", cols=L.shape[1], rows=M.shape[0])
    return L, M


def matmul_entry(A: ArrayLike, B: ArrayLike, i: int, j: int) -> MatmulEntry:
    """Row i of A meets column j of B: C[i, j] = Σ_k A[i, k] B[k, j], term by term.

    Parameters
    ----------
    A : array_like of shape (m, k)
        The left factor.
    B : array_like of shape (k, p)
        The right factor.
    i, j : int
        The entry, counted from 0: 0 ≤ i < m, 0 ≤ j < p.

    Returns
    -------
    MatmulEntry
        The k products A[i, q] B[q, j] and their sum.

    Examples
    --------
    >>> matmul_entry([[1, 2]], [[3], [4]], 0, 0)
    MatmulEntry(terms=array([3., 8.]), value=11.0)
    """
    L, M = _factors(A, B)
    check_range("i", i, 0, L.shape[0] - 1)
    check_range("j", j, 0, M.shape[1] - 1)
    terms = L[i, :] * M[:, j]
    return MatmulEntry(terms=terms, value=float(terms.sum()))


def dense_layer(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> Array:
    """A dense (fully connected) layer without activation: z = W x + b for every row x of X.

    Parameters
    ----------
    X : array_like of shape (n, d)
        One input per row.
    W : array_like of shape (m, d)
        The weights.
    b : array_like of shape (m,)
        The bias.

    Returns
    -------
    ndarray of shape (n, m)
        Computed for the whole batch at once as X Wᵀ + b.

    Examples
    --------
    >>> dense_layer([[1.0, 2.0]], [[1.0, 0.0], [0.0, -1.0]], [0.5, 0.5])
    array([[ 1.5, -1.5]])
    """
    weights = as_matrix(W, "W")
    inputs = as_matrix(X, "X", (None, weights.shape[1]))
    return inputs @ weights.T + as_vector(b, "b", weights.shape[0])
