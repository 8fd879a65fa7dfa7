"""Matrix operations beyond the product: sum, scalar multiple, transpose, inverse, element-wise product.

Each is written from its definition, entry by entry or by elimination, and the tests compare it
with numpy. The element-wise (Hadamard) product is what NumPy's ``A * B`` computes; the matrix
product is ``A @ B`` (:func:`mathdl.linalg.matmul`). :func:`product_shapes` gives the shape rule
of each side by side, so a page can say which of the two a pair of shapes allows and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.linalg import rank
from mathdl.tensors import Shape, broadcast, broadcast_shape
from mathdl.validation import as_matrix, finite

Array = NDArray[np.float64]


def add(A: ArrayLike, B: ArrayLike) -> Array:
    """The sum of two matrices of one shape, entry by entry: (A + B)[i, j] = A[i, j] + B[i, j].

    As maps, (A + B)x = Ax + Bx: each point goes to the sum of its two images.

    Parameters
    ----------
    A, B : array_like of shape (m, n)
        The two matrices.

    Returns
    -------
    ndarray of shape (m, n)

    Examples
    --------
    >>> add([[1, 2], [3, 4]], [[10, 20], [30, 40]])
    array([[11., 22.],
           [33., 44.]])
    """
    L = as_matrix(A, "A")
    return L + as_matrix(B, "B", L.shape)


def scale(c: float, A: ArrayLike) -> Array:
    """A scalar multiple, entry by entry: (cA)[i, j] = c A[i, j].

    As a map, cA sends x to c times where A sends it; in the plane det(cA) = c² det A.

    Parameters
    ----------
    c : float
        The scalar, finite.
    A : array_like of shape (m, n)
        The matrix.

    Returns
    -------
    ndarray of shape (m, n)

    Examples
    --------
    >>> scale(2.0, [[1, -1], [0, 0.5]])
    array([[ 2., -2.],
           [ 0.,  1.]])
    """
    return float(finite("c", c)) * as_matrix(A)


def transpose(A: ArrayLike) -> Array:
    """The transpose: rows become columns, (Aᵀ)[i, j] = A[j, i].

    The columns of Aᵀ are the rows of A; a square A and its transpose have the same determinant.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.

    Returns
    -------
    ndarray of shape (n, m)

    Examples
    --------
    >>> transpose([[1, 2, 3], [4, 5, 6]])
    array([[1., 4.],
           [2., 5.],
           [3., 6.]])
    """
    M = as_matrix(A)
    i, j = np.indices((M.shape[1], M.shape[0]))  # (n, m) each: the entry (i, j) of Aᵀ
    return M[j, i]


def inverse(A: ArrayLike) -> Array:
    """The inverse by Gauss–Jordan elimination: row operations turn [A | I] into [I | A⁻¹].

    A⁻¹ undoes A: A⁻¹A = AA⁻¹ = I. It exists exactly when det A ≠ 0, that is when rank A = n;
    a singular A sends a whole line of points to one point, and nothing can send them back.

    Parameters
    ----------
    A : array_like of shape (n, n)
        A square matrix.

    Returns
    -------
    ndarray of shape (n, n)

    Raises
    ------
    MathDLError
        ``singular`` when rank A < n (with the tolerance of :func:`mathdl.linalg.rank`);
        ``number_too_large`` when A is so nearly singular that A⁻¹ overflows.

    Examples
    --------
    >>> inverse([[2.0, 1.0], [1.0, 1.0]])
    array([[ 1., -1.],
           [-1.,  2.]])
    """
    M = as_matrix(A)
    n = M.shape[0]
    if M.shape[1] != n:
        raise MathDLError("bad_shape", name="A", expected="(n, n)", shape=M.shape)
    r = rank(M)
    if r < n:
        raise MathDLError("singular", name="A", rank=r, n=n)
    augmented = np.hstack([M, np.eye(n)])  # (n, 2n): [A | I]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for col in range(n):
            pivot = col + int(np.argmax(np.abs(augmented[col:, col])))  # largest entry: least round-off
            augmented[[col, pivot]] = augmented[[pivot, col]]
            augmented[col] /= augmented[col, col]
            others = np.arange(n) != col
            augmented[others] -= np.outer(augmented[others, col], augmented[col])  # clear the column
    result = augmented[:, n:]
    if not np.all(np.isfinite(result)):
        raise MathDLError("number_too_large", part="A⁻¹")
    return result


def hadamard(A: ArrayLike, B: ArrayLike) -> Array:
    """The element-wise (Hadamard) product, NumPy's ``A * B``: C[i, j] = A[i, j] B[i, j].

    The strict Hadamard product A ∘ B needs two matrices of one shape. NumPy also allows a size
    of 1 in either, stretched to the other's size (broadcasting): a (3, 1) column times a (1, 3)
    row is their (3, 3) outer product.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The left factor.
    B : array_like of shape (p, q)
        The right factor: p = m or 1 or m = 1, and q = n or 1 or n = 1.

    Returns
    -------
    ndarray of shape (max(m, p), max(n, q))

    Raises
    ------
    MathDLError
        ``shapes_do_not_broadcast``, naming the axis whose sizes clash.

    Examples
    --------
    >>> hadamard([[1, 2], [3, 4]], [[10, 20], [30, 40]])
    array([[ 10.,  40.],
           [ 90., 160.]])
    """
    L, M = as_matrix(A, "A"), as_matrix(B, "B")
    shape = broadcast_shape(L.shape, M.shape)
    return np.broadcast_to(L, shape) * np.broadcast_to(M, shape)  # matching entries, after stretching


@dataclass(frozen=True)
class ProductShapes:
    """The shapes of ``A * B`` and ``A @ B`` for two matrix shapes, or None where the rule fails.

    ``clash`` is the first axis (-2 the rows, -1 the columns) whose sizes forbid ``A * B``, or None.
    """

    elementwise: tuple[int, int] | None
    matmul: tuple[int, int] | None
    clash: int | None


def product_shapes(a_shape: Shape, b_shape: Shape) -> ProductShapes:
    """Which of the two products a pair of matrix shapes allows, and the shape of each.

    A * B, element-wise: for each axis, sizes equal or one of them 1 (result: the larger).
    A @ B, the matrix product: (m, k) @ (k, p) is (m, p), the inner sizes equal.

    Parameters
    ----------
    a_shape, b_shape : tuple of two int
        The shapes (rows, columns) of A and B, each size at least 1.

    Returns
    -------
    ProductShapes

    Examples
    --------
    >>> product_shapes((2, 3), (3, 2))
    ProductShapes(elementwise=None, matmul=(2, 2), clash=-2)
    >>> product_shapes((3, 1), (1, 3))
    ProductShapes(elementwise=(3, 3), matmul=(3, 3), clash=None)
    """
    for name, shape in (("a_shape", a_shape), ("b_shape", b_shape)):
        if len(shape) != 2 or min(shape) < 1:
            raise MathDLError("bad_shape", name=name, expected="(m, n)", shape=tuple(shape))
    clashes = [k - 2 for k, axis in enumerate(broadcast(a_shape, b_shape)) if axis.result is None]
    elementwise = None
    if not clashes:
        rows, cols = broadcast_shape(a_shape, b_shape)
        elementwise = (rows, cols)
    matmul = (int(a_shape[0]), int(b_shape[1])) if a_shape[1] == b_shape[0] else None
    return ProductShapes(elementwise=elementwise, matmul=matmul, clash=clashes[0] if clashes else None)
