"""Penalties as constraints: why the L1 diamond gives exact zeros and the L2 disc does not.

Minimising a loss inside the ball ‖w‖ ≤ t gives the same weights as adding a penalty α‖w‖ with
one matching α (a Lagrange multiplier). In two dimensions this is a picture: the loss is a bowl
L(w) = ½ (w − c)ᵀ A (w − c) whose contours are ellipses around its bottom c, and the answer is
where the lowest contour that reaches the ball touches it, often a corner of the diamond, where
one weight is 0. The tests compare these with brute force along the ball's edge,
``scipy.optimize`` and :mod:`mathdl.penalties` (scikit-learn's Lasso and Ridge).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.penalties import NORMS, regression_data, ridge
from mathdl.validation import as_matrix, as_vector, check_choice, check_range

Floats = NDArray[np.float64]


def bowl(A: ArrayLike, c: ArrayLike) -> tuple[Floats, Floats]:
    """Check a bowl L(w) = ½ (w − c)ᵀ A (w − c) in the plane: A symmetric positive definite, c a point.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The shape of the bowl.
    c : array_like of shape (2,)
        Its bottom.

    Returns
    -------
    A : ndarray of shape (2, 2)
    c : ndarray of shape (2,)

    Examples
    --------
    >>> bowl([[2, 0], [0, 1]], [1, 0])[1]
    array([1., 0.])
    """
    M = as_matrix(A, "A", (2, 2))
    bottom = as_vector(c, "c", 2)
    if not np.allclose(M, M.T):
        raise MathDLError("not_symmetric", name="A")
    eigenvalues = np.linalg.eigvalsh(M)
    if eigenvalues[0] <= 0:
        raise MathDLError(
            "out_of_range", name="the eigenvalues of A", low=0, high="∞", value=eigenvalues.round(6).tolist()
        )
    return M, bottom


def quadratic_loss(A: ArrayLike, c: ArrayLike, w: ArrayLike) -> Floats:
    """L(w) = ½ (w − c)ᵀ A (w − c): a bowl with its bottom at c, elliptic contours shaped by A.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        Symmetric positive definite.
    c : array_like of shape (2,)
        The unconstrained minimum.
    w : array_like of shape (..., 2)
        Points in the plane.

    Returns
    -------
    ndarray of shape (...)
        L at each point.

    Examples
    --------
    >>> quadratic_loss([[2.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [[0.0, 0.0], [1.0, 2.0]])
    array([1., 2.])
    """
    M, bottom = bowl(A, c)
    r = np.asarray(w, dtype=float) - bottom  # (..., 2)
    loss: Floats = 0.5 * np.einsum("...i,ij,...j->...", r, M, r)
    return loss


def least_squares_quadratic(X: ArrayLike, y: ArrayLike) -> tuple[Floats, Floats]:
    """The lasso's loss on two features as a bowl: (1/2n)‖y − Xw − b‖² = ½ (w − ŵ)ᵀ A (w − ŵ) + const.

    Minimised over b, with A = X_cᵀX_c / n (X_c centred) and ŵ the least-squares weights.

    Parameters
    ----------
    X : array_like of shape (n, 2)
        Two features.
    y : array_like of shape (n,)
        The targets.

    Returns
    -------
    A : ndarray of shape (2, 2)
        The shape of the bowl.
    c : ndarray of shape (2,)
        Its bottom ŵ.

    Examples
    --------
    >>> A, c = least_squares_quadratic([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]], [2.0, -2.0, 1.0, -1.0])
    >>> A, c
    (array([[0.5, 0. ],
           [0. , 0.5]]), array([2., 1.]))
    """
    X, y = regression_data(X, y)
    if X.shape[1] != 2:
        raise MathDLError("bad_shape", name="X", expected="(n, 2)", shape=X.shape)
    Xc = X - X.mean(axis=0)
    rank = int(np.linalg.matrix_rank(Xc))
    if rank < 2:
        raise MathDLError("rank_deficient", name="X", rank=rank, cols=2)
    return Xc.T @ Xc / len(y), ridge(X, y, 0.0).coef


def loss_grid(A: ArrayLike, c: ArrayLike, extent: float = 3.0, m: int = 101) -> tuple[Floats, Floats]:
    """:func:`quadratic_loss` on an m × m grid over [-extent, extent]², for drawing contours.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        Symmetric positive definite.
    c : array_like of shape (2,)
        The unconstrained minimum.
    extent : float
        The half-width of the square.
    m : int
        Grid points along each axis, 2 to 1000.

    Returns
    -------
    ticks : ndarray of shape (m,)
        The grid along each axis.
    L : ndarray of shape (m, m)
        L[i, j] = L(w₁ = ticks[j], w₂ = ticks[i]) (rows follow w₂).

    Examples
    --------
    >>> ticks, L = loss_grid(np.eye(2), [0.0, 0.0], 1.0, 3)
    >>> L
    array([[1. , 0.5, 1. ],
           [0.5, 0. , 0.5],
           [1. , 0.5, 1. ]])
    """
    check_range("extent", extent, 1e-6, 1e6)
    check_range("m", m, 2, 1000)
    ticks = np.linspace(-extent, extent, m)
    W1, W2 = np.meshgrid(ticks, ticks)  # (m, m) each
    return ticks, quadratic_loss(A, c, np.stack([W1, W2], axis=-1))


def ball_boundary(t: float, norm: str, m: int = 200) -> Floats:
    """Points once around the edge of the ball ‖w‖ ≤ t: the L1 diamond or the L2 circle.

    "l1": |w₁| + |w₂| = t; "l2": w₁² + w₂² = t². The first point is (t, 0), repeated at the end.

    Parameters
    ----------
    t : float
        The radius, 0 to 10⁶.
    norm : {"l1", "l2"}
        Which ball.
    m : int
        The number of points, at least 2 (5 draw the diamond exactly: its four corners and the first again).

    Returns
    -------
    ndarray of shape (m, 2)
        The points, counter-clockwise.

    Examples
    --------
    >>> ball_boundary(1.0, "l1", 5)[:3].round(12)
    array([[ 1.,  0.],
           [ 0.,  1.],
           [-1.,  0.]])
    """
    check_choice("norm", norm, NORMS)
    check_range("t", t, 0.0, 1e6)
    check_range("m", m, 2, 1_000_000)
    theta = np.linspace(0.0, 2 * np.pi, m)
    points = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (m, 2) on the unit circle
    edge: Floats = t * points / np.abs(points).sum(axis=1, keepdims=True) if norm == "l1" else t * points
    return edge


def level_curve(A: ArrayLike, c: ArrayLike, level: float, m: int = 100) -> Floats:
    """Points once around the contour L(w) = level of the bowl L(w) = ½ (w − c)ᵀ A (w − c).

    An ellipse centred on c, drawn as w = c + √(2·level) · R⁻¹ (cos θ, sin θ) with A = RᵀR (Cholesky),
    since then (w − c)ᵀ A (w − c) = 2·level · ‖(cos θ, sin θ)‖² = 2·level. The first point is
    repeated at the end.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        Symmetric positive definite.
    c : array_like of shape (2,)
        The centre (the unconstrained minimum).
    level : float
        The loss on the contour, ≥ 0; at 0 every point is c.
    m : int
        The number of points, 2 to 100000.

    Returns
    -------
    ndarray of shape (m, 2)
        The points of the ellipse.

    Examples
    --------
    >>> level_curve([[2.0, 0.0], [0.0, 0.5]], [1.0, 0.0], 1.0, 5)[:3].round(12)  # semi-axes 1 and 2
    array([[2., 0.],
           [1., 2.],
           [0., 0.]])
    """
    M, bottom = bowl(A, c)
    check_range("level", level, 0.0, 1e300)
    check_range("m", m, 2, 100_000)
    theta = np.linspace(0.0, 2 * np.pi, m)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (m, 2)
    R = np.linalg.cholesky(M).T  # upper triangular, A = RᵀR
    curve: Floats = bottom + np.sqrt(2 * level) * np.linalg.solve(R, circle.T).T  # (m, 2)
    return curve


@dataclass(frozen=True)
class ConstrainedMinimum:
    """Where the lowest contour of a bowl touches a ball ‖w‖ ≤ t.

    Attributes
    ----------
    w : ndarray of shape (2,)
        The constrained minimum w*.
    loss : float
        L(w*): the level of that contour.
    alpha : float
        The penalty that gives the same w*: ½(w−c)ᵀA(w−c) + α‖w‖₁, or + (α/2)‖w‖₂².
    """

    w: Floats
    loss: float
    alpha: float


def _segment_minimum(A: Floats, c: Floats, p: Floats, q: Floats) -> Floats:
    """The minimum of ½(w − c)ᵀA(w − c) on the segment from p to q: a parabola in s ∈ [0, 1]."""
    d = q - p
    s = np.clip(d @ A @ (c - p) / (d @ A @ d), 0.0, 1.0)
    point: Floats = p + s * d
    return point


def constrained_minimum(A: ArrayLike, c: ArrayLike, t: float, norm: str) -> ConstrainedMinimum:
    """Minimise L(w) = ½(w − c)ᵀA(w − c) subject to ‖w‖ ≤ t, in the plane.

    If c is inside the ball it is the answer. Otherwise the answer lies on the edge.
    "l1": the diamond's edge is four segments, and on each L is a parabola with a closed-form
    minimum; when the best point of a segment is its end, the answer is a corner, where one
    weight is exactly zero. "l2": w(α) = (A + αI)⁻¹Ac (ridge) shrinks as α grows; bisection finds
    the α with ‖w(α)‖₂ = t. The multiplier α = ‖A(c − w)‖∞ (l1) or ‖A(c − w)‖₂ / t (l2) is the
    penalty weight with the same minimiser.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        Symmetric positive definite.
    c : array_like of shape (2,)
        The unconstrained minimum.
    t : float
        The radius of the ball, > 0.
    norm : {"l1", "l2"}
        Which ball.

    Returns
    -------
    ConstrainedMinimum
        w*, L(w*) and the equivalent penalty α.

    Examples
    --------
    >>> r = constrained_minimum(np.eye(2), [2.0, 0.5], 1.0, "l1")
    >>> r.w, r.alpha  # a corner: w₂ = 0
    (array([1., 0.]), 1.0)
    """
    M, bottom = bowl(A, c)
    check_choice("norm", norm, NORMS)
    check_range("t", t, 1e-12, 1e6)
    if np.linalg.norm(bottom, ord=1 if norm == "l1" else 2) <= t:
        return ConstrainedMinimum(bottom, 0.0, 0.0)
    if norm == "l1":
        corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])  # (5, 2)
        candidates = np.array(
            [_segment_minimum(M, bottom, p, q) for p, q in zip(corners[:-1], corners[1:], strict=True)]
        )
        w = candidates[np.argmin(quadratic_loss(M, bottom, candidates))]
        return ConstrainedMinimum(w, float(quadratic_loss(M, bottom, w)), float(np.abs(M @ (bottom - w)).max()))
    low, high = 0.0, np.linalg.eigvalsh(M)[-1] * np.linalg.norm(bottom) / t  # ‖w(high)‖ ≤ t
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if np.linalg.norm(np.linalg.solve(M + mid * np.eye(2), M @ bottom)) > t else (low, mid)
    w = np.linalg.solve(M + high * np.eye(2), M @ bottom)
    return ConstrainedMinimum(w, float(quadratic_loss(M, bottom, w)), float(np.linalg.norm(M @ (bottom - w)) / t))


@dataclass(frozen=True)
class BallPicture:
    """A bowl's contours meeting a ball ‖w‖ ≤ t in the plane: everything the picture draws.

    Attributes
    ----------
    t : float
        The radius of the ball.
    ball : ndarray of shape (m, 2)
        Its edge (:func:`ball_boundary`).
    levels : ndarray of shape (L,)
        The losses of the contours drawn; the last is L(w*) when the constraint is active.
    contours : ndarray of shape (L, r, 2)
        One ellipse (:func:`level_curve`) per level.
    best : ConstrainedMinimum
        w*, its loss and the equivalent penalty.
    touching : bool
        Whether the last contour is the one through w* (False when c lies inside the ball).
    """

    t: float
    ball: Floats
    levels: Floats
    contours: Floats
    best: ConstrainedMinimum
    touching: bool


def ball_picture(A: ArrayLike, c: ArrayLike, share: float, norm: str, rings: int = 8, m: int = 41) -> BallPicture:
    """The constrained minimum in a ball of radius t = share · ‖c‖₁, with contours to draw it.

    The contours are at the levels L(0) · (j/5)², j = 1 … rings: ellipses evenly spaced in size,
    the fifth through the origin; then the one of level L(w*), which touches the ball at w*.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        Symmetric positive definite.
    c : array_like of shape (2,)
        The unconstrained minimum.
    share : float
        t as a share of ‖c‖₁, in (0, 10]: the same t for both balls of a picture.
    norm : {"l1", "l2"}
        Which ball.
    rings : int
        The evenly spaced contours, 1 to 50.
    m : int
        The points on each contour, 2 to 100000.

    Returns
    -------
    BallPicture
        The radius, the ball's edge, the contours and the constrained minimum.

    Examples
    --------
    >>> p = ball_picture(np.eye(2), [2.0, 0.5], 0.4, "l1", rings=3, m=5)
    >>> p.t, p.best.w.tolist(), p.contours.shape, p.touching
    (1.0, [1.0, 0.0], (4, 5, 2), True)
    """
    M, bottom = bowl(A, c)
    check_range("share", share, 1e-9, 10.0)
    check_range("rings", rings, 1, 50)
    t = share * float(np.abs(bottom).sum())
    best = constrained_minimum(M, bottom, t, norm)
    base = float(quadratic_loss(M, bottom, [0.0, 0.0]))  # the loss with both weights 0
    levels = [base * (j / 5) ** 2 for j in range(1, rings + 1)] + ([best.loss] if best.loss > 0 else [])
    contours = np.array([level_curve(M, bottom, level, m) for level in levels])  # (L, m, 2)
    ball = ball_boundary(t, norm, 5 if norm == "l1" else 73)
    return BallPicture(t, ball, np.array(levels), contours, best, best.loss > 0)
