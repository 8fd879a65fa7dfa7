"""Linear algebra: matrices as maps of space, products, determinants, projections.

Each function is written from its textbook definition (elimination, Gram-Schmidt,
back substitution) rather than by calling ``numpy.linalg``: the tests compare
them with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathdl.errors import MathDLError


def _matrix(A, name: str = "A", shape: tuple[int | None, int | None] = (None, None), copy: bool = True) -> np.ndarray:
    """``A`` as a float matrix, checked for shape (None matches any size) and finiteness.

    A copy unless ``copy=False``, which a function that only reads ``A`` may ask for: no function here
    changes its input.
    """
    A = np.array(A, dtype=float, copy=copy or None)
    if A.ndim != 2 or any(want is not None and got != want for want, got in zip(shape, A.shape)):
        expected = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
        raise MathDLError("bad_shape", name=name, expected=expected, shape=A.shape)
    if not np.all(np.isfinite(A)):
        raise MathDLError("not_finite", name=name, value=A[~np.isfinite(A)][0])
    return A


def _vector(v, name: str, n: int | None = None) -> np.ndarray:
    return _matrix(np.reshape(v, (1, -1)) if np.ndim(v) == 1 else v, name, (1, n))[0]


def _read_only(A) -> np.ndarray:
    A = np.array(A, dtype=float)
    A.setflags(write=False)
    return A


def rotation(theta: float) -> np.ndarray:
    """The 2x2 matrix that turns the plane by ``theta`` radians counter-clockwise.

    R(θ) = [[cos θ, -sin θ], [sin θ, cos θ]]

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
        [0, 0],
        [0.3, 0],
        [0.3, 0.6],
        [0.8, 0.6],
        [0.8, 0.9],
        [0.3, 0.9],
        [0.3, 1.2],
        [1.0, 1.2],
        [1.0, 1.5],
        [0, 1.5],
        [0, 0],
    ]
)


def unit_circle(n: int = 24) -> np.ndarray:
    """n unit vectors at equal angles, (cos 2πk/n, sin 2πk/n), shape (n, 2).

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


def interpolate(A, t: float) -> np.ndarray:
    """The matrix part way from the identity to ``A``: (1 - t) I + t A.

    Parameters
    ----------
    A : array_like of shape (n, n)
    t : float in [0, 1]; 0 gives the identity, 1 gives A.

    Examples
    --------
    >>> interpolate([[2.0, 0.0], [0.0, 2.0]], 0.5)
    array([[1.5, 0. ],
           [0. , 1.5]])
    """
    A = _matrix(A)
    if not 0.0 <= t <= 1.0:
        raise MathDLError("out_of_range", name="t", low=0, high=1, value=t)
    return (1.0 - t) * np.eye(len(A)) + t * A


def transform(A, points) -> np.ndarray:
    """Apply x ↦ A x to every row of ``points``.

    Parameters
    ----------
    A : array_like of shape (2, 2)
    points : array_like of shape (n, 2), one point per row.

    Returns
    -------
    ndarray of shape (n, 2): row i is A @ points[i] (computed at once as points @ Aᵀ).

    Examples
    --------
    >>> transform([[0, -1], [1, 0]], [[1, 0], [0, 1]])
    array([[ 0.,  1.],
           [-1.,  0.]])
    """
    A = _matrix(A, "A", (2, 2))
    points = _matrix(points, "points", (None, 2))
    return points @ A.T


def grid_lines(extent: float = 3.0, step: float = 1.0) -> np.ndarray:
    """The square grid over [-extent, extent]², as segments given by their two end points.

    A linear map sends lines to lines, so moving the end points moves the whole grid.

    Returns
    -------
    ndarray of shape (L, 2, 2): segment l runs from [l, 0] to [l, 1]; vertical lines first.

    Examples
    --------
    >>> grid_lines(1.0, 1.0).shape
    (6, 2, 2)
    """
    ticks = np.arange(-extent, extent + step / 2, step)  # (k,)
    ends = np.full_like(ticks, extent)
    vertical = np.stack([np.stack([ticks, -ends], 1), np.stack([ticks, ends], 1)], 1)  # (k, 2, 2)
    return np.concatenate([vertical, vertical[:, :, ::-1]])


def transform_grid(A, extent: float = 3.0, step: float = 1.0) -> np.ndarray:
    """The grid of :func:`grid_lines` after the map x ↦ A x, shape (L, 2, 2).

    Examples
    --------
    >>> transform_grid(2 * np.eye(2), 1.0)[0]
    array([[-2., -2.],
           [-2.,  2.]])
    """
    lines = grid_lines(extent, step)
    return transform(A, lines.reshape(-1, 2)).reshape(lines.shape)


def unit_square(A) -> np.ndarray:
    """The image of the unit square: corners 0, A e₁, A(e₁ + e₂), A e₂, shape (4, 2).

    Its signed area is det A.

    Examples
    --------
    >>> unit_square([[2, 0], [0, 3]])
    array([[0., 0.],
           [2., 0.],
           [2., 3.],
           [0., 3.]])
    """
    return transform(A, [[0, 0], [1, 0], [1, 1], [0, 1]])


def row_echelon(A, tol: float | None = None) -> tuple[np.ndarray, int]:
    """Gaussian elimination with partial pivoting.

    Row operations reduce A to an upper staircase U. Swapping two rows flips the
    sign of the determinant, adding a multiple of one row to another keeps it.

    Parameters
    ----------
    A : array_like of shape (m, n)
    tol : entries with absolute value at most ``tol`` count as zero; by default
        √eps · max|A| (about 1.5e-8 relative): elimination loses more digits to
        round-off than the singular value decomposition numpy's ``matrix_rank`` uses.

    Returns
    -------
    U : ndarray of shape (m, n), the row echelon form.
    swaps : int, how many row swaps were made.

    Examples
    --------
    >>> row_echelon([[0.0, 1.0], [2.0, 4.0]])
    (array([[2., 4.],
           [0., 1.]]), 1)
    """
    U = _matrix(A)
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


def determinant(A) -> float:
    """det A, from elimination: the product of the pivots, times -1 per row swap.

    For a 2x2 matrix this is a₁₁a₂₂ - a₁₂a₂₁, the signed area of the image of the unit square.

    Parameters
    ----------
    A : array_like of shape (n, n)

    Examples
    --------
    >>> determinant([[1.0, 2.0], [3.0, 4.0]])
    -2.0
    """
    A = _matrix(A)
    if A.shape[0] != A.shape[1]:
        raise MathDLError("bad_shape", name="A", expected="(n, n)", shape=A.shape)
    U, swaps = row_echelon(A, tol=0.0)
    return float((-1) ** swaps * np.prod(np.diag(U)))


def rank(A, tol: float | None = None) -> int:
    """The number of independent rows (= columns) of A: the non-zero rows after elimination.

    Examples
    --------
    >>> rank([[1.0, 2.0], [2.0, 4.0]])
    1
    """
    U, _ = row_echelon(A, tol)
    return int(np.count_nonzero(np.any(U != 0.0, axis=1)))


def matmul(A, B) -> np.ndarray:
    """The matrix product from its definition: C[i, j] = Σ_k A[i, k] B[k, j].

    Parameters
    ----------
    A : array_like of shape (m, k)
    B : array_like of shape (k, p)

    Returns
    -------
    ndarray of shape (m, p)

    Examples
    --------
    >>> matmul([[1, 2]], [[3], [4]])
    array([[11.]])
    """
    A, B = _matrix(A, "A"), _matrix(B, "B")
    if A.shape[1] != B.shape[0]:
        raise MathDLError("shapes_do_not_multiply", cols=A.shape[1], rows=B.shape[0])
    products = A[:, :, None] * B[None, :, :]  # (m, k, p): every A[i, k] B[k, j]
    return products.sum(axis=1)


@dataclass(frozen=True)
class MatmulEntry:
    """One entry of a product: the terms A[i, k] B[k, j] and their sum."""

    terms: np.ndarray  # (k,)
    value: float


def matmul_entry(A, B, i: int, j: int) -> MatmulEntry:
    """Row i of A meets column j of B: C[i, j] = Σ_k A[i, k] B[k, j], term by term.

    Examples
    --------
    >>> matmul_entry([[1, 2]], [[3], [4]], 0, 0)
    MatmulEntry(terms=array([3., 8.]), value=11.0)
    """
    A, B = _matrix(A, "A"), _matrix(B, "B")
    if A.shape[1] != B.shape[0]:
        raise MathDLError("shapes_do_not_multiply", cols=A.shape[1], rows=B.shape[0])
    for name, index, size in (("i", i, A.shape[0]), ("j", j, B.shape[1])):
        if not 0 <= index < size:
            raise MathDLError("out_of_range", name=name, low=0, high=size - 1, value=index)
    terms = A[i, :] * B[:, j]
    return MatmulEntry(terms=terms, value=float(terms.sum()))


def dense_layer(X, W, b) -> np.ndarray:
    """A dense (fully connected) layer without activation: z = W x + b for every row x of X.

    Parameters
    ----------
    X : array_like of shape (n, d), one input per row.
    W : array_like of shape (m, d), the weights.
    b : array_like of shape (m,), the bias.

    Returns
    -------
    ndarray of shape (n, m), computed for the whole batch at once as X Wᵀ + b.

    Examples
    --------
    >>> dense_layer([[1.0, 2.0]], [[1.0, 0.0], [0.0, -1.0]], [0.5, 0.5])
    array([[ 1.5, -1.5]])
    """
    W = _matrix(W, "W")
    X = _matrix(X, "X", (None, W.shape[1]))
    b = _vector(b, "b", W.shape[0])
    return X @ W.T + b


def qr(A) -> tuple[np.ndarray, np.ndarray]:
    """Reduced QR decomposition A = Q R by modified Gram-Schmidt.

    Each column of A, minus its components along the earlier orthonormal
    columns, is normalised to give the next column of Q.

    Parameters
    ----------
    A : array_like of shape (n, k) with n >= k and independent columns.

    Returns
    -------
    Q : ndarray of shape (n, k) with orthonormal columns.
    R : ndarray of shape (k, k), upper triangular with a positive diagonal.

    Examples
    --------
    >>> Q, R = qr([[3.0], [4.0]])
    >>> Q.ravel(), R.ravel()
    (array([0.6, 0.8]), array([5.]))
    """
    V = _matrix(A)  # (n, k), overwritten column by column with what is left to normalise
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


def back_substitution(R, z) -> np.ndarray:
    """Solve R c = z for upper triangular R, from the last unknown up.

    Examples
    --------
    >>> back_substitution([[2.0, 1.0], [0.0, 4.0]], [4.0, 8.0])
    array([1., 2.])
    """
    R, z = _matrix(R, "R"), _vector(z, "z")
    c = np.zeros(len(z))
    for i in reversed(range(len(z))):
        c[i] = (z[i] - R[i, i + 1 :] @ c[i + 1 :]) / R[i, i]
    return c


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares fit of y by the columns of A."""

    coef: np.ndarray  # (k,) the coefficients ĉ
    fitted: np.ndarray  # (n,) A ĉ, the projection of y onto the column space
    residual: np.ndarray  # (n,) y - A ĉ
    rss: float  # ‖y - A ĉ‖², the sum of squared residuals
    normal_residual: np.ndarray  # (k,) Aᵀ(y - A ĉ): zero, by the normal equations


def least_squares(A, y) -> LeastSquares:
    """Minimise ‖y - A c‖² over c, through A = QR: then R ĉ = Qᵀ y.

    Parameters
    ----------
    A : array_like of shape (n, k), independent columns.
    y : array_like of shape (n,)

    Examples
    --------
    >>> fit = least_squares([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 3.0, 5.0])
    >>> fit.coef.round(12)
    array([1., 2.])
    """
    A = _matrix(A)
    y = _vector(y, "y", A.shape[0])
    Q, R = qr(A)
    coef = back_substitution(R, Q.T @ y)
    fitted = A @ coef
    residual = y - fitted
    return LeastSquares(coef, fitted, residual, float(residual @ residual), A.T @ residual)


def projection_matrix(A) -> np.ndarray:
    """P = Q Qᵀ, the orthogonal projector onto the column space of A, shape (n, n).

    P is symmetric and idempotent (P P = P): projecting twice changes nothing.

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
    projection: np.ndarray  # (n,) coef · a
    residual: np.ndarray  # (n,) y - projection
    orthogonality: float  # aᵀ(y - projection): zero


def project_onto_line(y, a) -> LineProjection:
    """The orthogonal projection of y onto the line spanned by a: p = (aᵀy / aᵀa) a.

    Parameters
    ----------
    y, a : array_like of shape (n,); a must not be the zero vector.

    Examples
    --------
    >>> project_onto_line([1.0, 2.0], [1.0, 0.0]).projection
    array([1., 0.])
    """
    a = _vector(a, "a")
    y = _vector(y, "y", len(a))
    aa = a @ a
    if aa == 0.0:
        raise MathDLError("zero_vector", name="a")
    coef = (a @ y) / aa
    projection = coef * a
    residual = y - projection
    return LineProjection(float(coef), projection, residual, float(a @ residual))


def polynomial_design(x, degree: int) -> np.ndarray:
    """The design matrix of a polynomial fit: columns 1, x, x², …, x^degree.

    Parameters
    ----------
    x : array_like of shape (n,)
    degree : int in [0, 10]

    Returns
    -------
    ndarray of shape (n, degree + 1)

    Examples
    --------
    >>> polynomial_design([2.0, 3.0], 2)
    array([[1., 2., 4.],
           [1., 3., 9.]])
    """
    x = _vector(x, "x")
    if not 0 <= degree <= 10:
        raise MathDLError("out_of_range", name="degree", low=0, high=10, value=degree)
    return x[:, None] ** np.arange(degree + 1)  # (n, degree + 1)


def polynomial_values(coef, x) -> np.ndarray:
    """The polynomial p(x) = c₀ + c₁x + … + c_d x^d at each x: the design matrix times the coefficients.

    Parameters
    ----------
    coef : array_like of shape (d + 1,)
        c₀, …, c_d, as :func:`least_squares` returns them for a :func:`polynomial_design`.
    x : array_like of shape (n,)

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> polynomial_values([1.0, 0.0, 2.0], [0.0, 1.0, 2.0])
    array([1., 3., 9.])
    """
    coef = _vector(coef, "coef")
    return matmul(polynomial_design(x, len(coef) - 1), coef[:, None])[:, 0]  # (n,)
