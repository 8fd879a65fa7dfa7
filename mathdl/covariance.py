"""Covariance and its eigenvectors: the principal axes of a data cloud, and PCA by two routes.

The covariance matrix C = X_cᵀ X_c / (n − 1) of centred data X_c is symmetric, so its eigenvectors
are perpendicular: they are the axes of the cloud's covariance ellipse, and its eigenvalues are the
variances along them. PCA is exactly this eigen-decomposition; the SVD X_c = U Σ Vᵀ gives the same
directions (the rows of Vᵀ) and the same variances, σ_j² / (n − 1). The tests check each against
numpy, scipy and scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.decomposition import jacobi_eigh
from mathdl.errors import MathDLError
from mathdl.validation import as_matrix, as_vector, check_range

MAX_POINTS = 100_000  # points a generated cloud may have


def population_covariance(sigma1: float, sigma2: float, rho: float) -> NDArray[np.float64]:
    """The covariance matrix of two variables from their spreads and their correlation.

    Σ = [[σ₁², ρσ₁σ₂], [ρσ₁σ₂, σ₂²]].

    Parameters
    ----------
    sigma1, sigma2 : float > 0
        The standard deviations of the two variables.
    rho : float in [−1, 1]
        Their correlation.

    Returns
    -------
    ndarray of shape (2, 2)
        Σ, symmetric.

    Examples
    --------
    >>> population_covariance(2.0, 1.0, 0.5)
    array([[4., 1.],
           [1., 1.]])
    """
    check_range("sigma1", sigma1, 0.0, np.inf)
    check_range("sigma2", sigma2, 0.0, np.inf)
    check_range("rho", rho, -1.0, 1.0)
    off = rho * sigma1 * sigma2
    return np.array([[sigma1**2, off], [off, sigma2**2]])


def correlated_cloud(n: int, sigma1: float, sigma2: float, rho: float, rng: np.random.Generator) -> NDArray[np.float64]:
    """n points of a two-dimensional normal cloud centred at 0 with covariance Σ (:func:`population_covariance`).

    From two independent standard normals z₁, z₂: x = σ₁ z₁ and y = σ₂ (ρ z₁ + √(1 − ρ²) z₂), so that
    Var x = σ₁², Var y = σ₂² and Cov(x, y) = ρ σ₁ σ₂.

    Parameters
    ----------
    n : int in [2, 100000]
        The number of points.
    sigma1, sigma2 : float > 0
        The spreads along x and y.
    rho : float in [−1, 1]
        The correlation.
    rng : numpy.random.Generator
        The source of z: ``rng.standard_normal((n, 2))``.

    Returns
    -------
    ndarray of shape (n, 2)
        The points, one per row.

    Examples
    --------
    >>> correlated_cloud(4, 1.0, 2.0, 0.5, np.random.default_rng(0)).shape
    (4, 2)
    """
    check_range("n", n, 2, MAX_POINTS)
    population_covariance(sigma1, sigma2, rho)  # checks the three parameters
    z = rng.standard_normal((n, 2))  # (n, 2)
    return np.column_stack([sigma1 * z[:, 0], sigma2 * (rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1])])


def covariance_matrix(X: ArrayLike) -> NDArray[np.float64]:
    """The sample covariance of the columns of X: C = X_cᵀ X_c / (n − 1), X_c the data minus its mean.

    C_jk = Σ_i (x_ij − x̄_j)(x_ik − x̄_k) / (n − 1): the variances on the diagonal, the covariances off it.

    Parameters
    ----------
    X : array_like of shape (n, d), n ≥ 2
        The data, one example per row.

    Returns
    -------
    ndarray of shape (d, d)
        C, symmetric, as ``np.cov(X, rowvar=False)`` gives it.

    Examples
    --------
    >>> covariance_matrix([[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]])
    array([[4., 2.],
           [2., 1.]])
    """
    data = as_matrix(X, "X")
    if len(data) < 2:
        raise MathDLError("too_few_values", name="X", minimum=2, n=len(data))
    Xc = data - data.mean(axis=0)  # (n, d)
    C = Xc.T @ Xc / (len(data) - 1)
    return (C + C.T) / 2  # exactly symmetric, whatever the rounding


def correlation(C: ArrayLike) -> float:
    """The correlation of two variables from their covariance matrix: r = C₁₂ / √(C₁₁ C₂₂).

    Parameters
    ----------
    C : array_like of shape (2, 2)
        A covariance matrix.

    Returns
    -------
    float in [−1, 1]
        r, or 0 when either variable has no variance.

    Examples
    --------
    >>> correlation([[4.0, 1.0], [1.0, 1.0]])
    0.5
    """
    M = as_matrix(C, "C", (2, 2))
    scale = np.sqrt(M[0, 0] * M[1, 1])
    return float(np.clip(M[0, 1] / scale, -1.0, 1.0)) if scale > 0 else 0.0


@dataclass(frozen=True)
class Axes:
    """The principal axes of a covariance matrix: C = V diag(λ) Vᵀ."""

    variances: NDArray[np.float64]  # (d,) the eigenvalues λ, largest first: the variance along each axis
    directions: NDArray[np.float64]  # (d, d) the unit eigenvectors, as columns in the same order

    @property
    def spreads(self) -> NDArray[np.float64]:
        """(d,) the standard deviations √λ along the axes: the semi-axes of the one-σ ellipse."""
        return np.sqrt(self.variances)


def principal_axes(C: ArrayLike) -> Axes:
    """The eigenvectors and eigenvalues of a covariance matrix, largest variance first.

    C is symmetric, so its eigenvectors are perpendicular (found here by Jacobi rotations,
    :func:`mathdl.decomposition.jacobi_eigh`); along eigenvector v_j the data vary with variance
    v_jᵀ C v_j = λ_j. Each direction's sign is chosen so that its largest entry is positive, as PCA
    chooses it.

    Parameters
    ----------
    C : array_like of shape (d, d)
        A covariance matrix: symmetric, positive semi-definite.

    Returns
    -------
    Axes
        The eigenvalues (d,), largest first (round-off below 0 set to 0), and the unit eigenvectors
        as the columns of a (d, d) matrix.

    Examples
    --------
    >>> principal_axes([[2.0, 1.0], [1.0, 2.0]]).variances
    array([3., 1.])
    """
    eigenvalues, V = jacobi_eigh(C)  # (d,), (d, d)
    signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(V.shape[1])])  # (d,)
    return Axes(np.clip(eigenvalues, 0.0, None), V * signs)


@dataclass(frozen=True)
class Cloud:
    """A data cloud summed up: its mean, its covariance matrix and the principal axes of that matrix."""

    mean: NDArray[np.float64]  # (d,)
    covariance: NDArray[np.float64]  # (d, d) C
    axes: Axes  # C's eigenvalues and eigenvectors
    n: int  # the number of points


def describe(X: ArrayLike) -> Cloud:
    """The mean, the covariance matrix C (:func:`covariance_matrix`) and C's principal axes (:func:`principal_axes`).

    Parameters
    ----------
    X : array_like of shape (n, d), n ≥ 2
        The data, one point per row.

    Returns
    -------
    Cloud
        The mean (d,), C (d, d), its axes and n.

    Examples
    --------
    >>> describe([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]]).axes.variances
    array([4., 0.])
    """
    data = as_matrix(X, "X")
    C = covariance_matrix(data)
    return Cloud(data.mean(axis=0), C, principal_axes(C), len(data))


def ellipse(mean: ArrayLike, axes: Axes, k: float = 1.0, points: int = 121) -> NDArray[np.float64]:
    """The covariance ellipse at k standard deviations: every x with (x − μ)ᵀ C⁻¹ (x − μ) = k².

    x(t) = μ + k V diag(√λ) (cos t, sin t): a circle stretched by √λ_j along eigenvector v_j. Its axes
    are the eigenvectors, its semi-axes k√λ_j.

    Parameters
    ----------
    mean : array_like of shape (2,)
        The centre μ.
    axes : Axes
        The principal axes of C (two of them).
    k : float in (0, 10]
        How many standard deviations out.
    points : int in [4, 2000]
        Points on the curve; the last repeats the first, so it is closed.

    Returns
    -------
    ndarray of shape (points, 2)
        The curve.

    Examples
    --------
    >>> ellipse([0.0, 0.0], principal_axes([[4.0, 0.0], [0.0, 1.0]]), points=5).round(12) + 0.0
    array([[ 2.,  0.],
           [ 0.,  1.],
           [-2.,  0.],
           [ 0., -1.],
           [ 2.,  0.]])
    """
    centre = as_vector(mean, "mean", 2)
    check_range("k", k, 1e-9, 10.0)
    check_range("points", points, 4, 2000)
    if axes.directions.shape != (2, 2):
        raise MathDLError("bad_shape", name="axes.directions", expected="(2, 2)", shape=axes.directions.shape)
    t = np.linspace(0.0, 2 * np.pi, points)
    circle = np.column_stack([np.cos(t), np.sin(t)])  # (points, 2)
    return centre + k * (circle * axes.spreads) @ axes.directions.T


def semi_axes(mean: ArrayLike, axes: Axes, k: float = 1.0) -> NDArray[np.float64]:
    """The ends of the ellipse's semi-axes: μ + k √λ_j v_j, one per eigenvector.

    Parameters
    ----------
    mean : array_like of shape (d,)
        The centre μ.
    axes : Axes
        The principal axes of C.
    k : float in (0, 10]
        How many standard deviations out.

    Returns
    -------
    ndarray of shape (d, d)
        Row j is the end of the j-th semi-axis, which starts at μ.

    Examples
    --------
    >>> semi_axes([1.0, 1.0], principal_axes([[4.0, 0.0], [0.0, 1.0]]))
    array([[3., 1.],
           [1., 2.]])
    """
    check_range("k", k, 1e-9, 10.0)
    centre = as_vector(mean, "mean", len(axes.variances))
    return centre + k * (axes.directions * axes.spreads).T


def mahalanobis(X: ArrayLike, mean: ArrayLike, axes: Axes) -> NDArray[np.float64]:
    """Each point's distance from the mean in standard deviations: √((x − μ)ᵀ C⁻¹ (x − μ)).

    In the eigenvector basis C⁻¹ is diagonal: d² = Σ_j (v_jᵀ (x − μ))² / λ_j. Along an axis with no
    variance (λ_j = 0) a point that leaves the axis is infinitely far; one on it adds nothing.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The points.
    mean : array_like of shape (d,)
        The centre μ.
    axes : Axes
        The principal axes of C.

    Returns
    -------
    ndarray of shape (n,)
        The distances.

    Examples
    --------
    >>> mahalanobis([[2.0, 0.0], [0.0, 2.0]], [0.0, 0.0], principal_axes([[4.0, 0.0], [0.0, 1.0]]))
    array([1., 2.])
    """
    points = as_matrix(X, "X")
    coordinates = (points - as_vector(mean, "mean", points.shape[1])) @ axes.directions  # (n, d)
    squares = coordinates**2
    tiny = 1e-12 * max(float(axes.variances.max(initial=0.0)), np.finfo(float).tiny)
    flat = axes.variances <= tiny  # axes with no variance
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(flat, np.where(squares > tiny, np.inf, 0.0), squares / axes.variances)
    return np.asarray(np.sqrt(ratios.sum(axis=1)), dtype=float)


def normal_coverage(k: float) -> float:
    """The share of a two-dimensional normal distribution inside its k-σ covariance ellipse: 1 − e^(−k²/2).

    The squared Mahalanobis distance of a normal point in two dimensions is χ² with 2 degrees of
    freedom, whose distribution function is 1 − e^(−x/2).

    Parameters
    ----------
    k : float ≥ 0
        How many standard deviations out.

    Returns
    -------
    float in [0, 1)
        The probability that a point falls inside.

    Examples
    --------
    >>> round(normal_coverage(2.0), 4)
    0.8647
    """
    check_range("k", k, 0.0, np.inf)
    return float(-np.expm1(-(k**2) / 2))


@dataclass(frozen=True)
class CentredSVD:
    """PCA by the second route: the singular value decomposition of the centred data, X_c = U Σ Vᵀ."""

    singular_values: NDArray[np.float64]  # (k,) σ_j, largest first
    variances: NDArray[np.float64]  # (k,) σ_j² / (n − 1): the eigenvalues of C
    components: NDArray[np.float64]  # (k, d) the rows of Vᵀ: the eigenvectors of C
    n: int  # the number of rows


def centred_svd(X: ArrayLike, standardize: bool = False) -> CentredSVD:
    """The principal components from the SVD of the centred data, never forming its covariance matrix.

    With X_c = U Σ Vᵀ, C = X_cᵀ X_c / (n − 1) = V (Σ² / (n − 1)) Vᵀ: the right singular vectors are
    the eigenvectors of C and σ_j² / (n − 1) are its eigenvalues. So this gives what
    :func:`mathdl.decomposition.pca` gets from the eigenvectors of C, by another algorithm (LAPACK's
    SVD works on X_c itself), with the same sign convention: each component's largest entry positive.

    Parameters
    ----------
    X : array_like of shape (n, d), n ≥ 2
        The data, one example per row.
    standardize : bool
        Divide every column by its standard deviation first (a constant column is left as it is), as
        :func:`mathdl.decomposition.pca` does.

    Returns
    -------
    CentredSVD
        The min(n, d) singular values, the variances σ_j² / (n − 1), the components as rows and n.

    Examples
    --------
    >>> centred_svd([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]]).variances
    array([4., 0.])
    """
    data = as_matrix(X, "X", copy=False)
    n = len(data)
    if n < 2:
        raise MathDLError("too_few_values", name="X", minimum=2, n=n)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        Z = data - data.mean(axis=0)  # (n, d)
        if standardize:
            std = data.std(axis=0)
            Z /= np.where(std > 0, std, 1.0)
        if not np.all(np.isfinite(Z)) or not np.any(Z):
            raise MathDLError("no_variance", name="X")
        _, s, Vt = np.linalg.svd(Z, full_matrices=False)  # (k,), (k, d)
        variances = s**2 / (n - 1)
    if not np.all(np.isfinite(variances)):  # squares beyond double precision
        raise MathDLError("no_variance", name="X")
    Vt = Vt * np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])[:, None]
    return CentredSVD(s, variances, Vt, n)


def share_inside(X: ArrayLike, mean: ArrayLike, axes: Axes, k: float) -> float:
    """The share of the points inside (or on) the k-σ covariance ellipse: Mahalanobis distance ≤ k.

    For a normal cloud it is close to :func:`normal_coverage` (k); a cloud of another shape may differ.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The points.
    mean : array_like of shape (d,)
        The centre μ.
    axes : Axes
        The principal axes of C.
    k : float ≥ 0
        How many standard deviations out.

    Returns
    -------
    float in [0, 1]
        The share of the n points with (x − μ)ᵀ C⁻¹ (x − μ) ≤ k².

    Examples
    --------
    >>> share_inside([[0.5, 0.0], [3.0, 0.0]], [0.0, 0.0], principal_axes([[1.0, 0.0], [0.0, 1.0]]), 1.0)
    0.5
    """
    check_range("k", k, 0.0, np.inf)
    return float(np.mean(mahalanobis(X, mean, axes) <= k))


def alignment(A: ArrayLike, B: ArrayLike) -> NDArray[np.float64]:
    """How well two sets of unit directions agree, row by row: |a_j · b_j| = |cos θ_j|, 1 for the same line.

    Parameters
    ----------
    A, B : array_like of shape (k, d)
        Unit vectors as rows, such as two routes' principal components.

    Returns
    -------
    ndarray of shape (k,)
        |cos θ_j| in [0, 1]; the sign of a direction does not count.

    Examples
    --------
    >>> alignment([[1.0, 0.0], [0.0, 1.0]], [[-1.0, 0.0], [0.6, 0.8]])
    array([1. , 0.8])
    """
    a, b = as_matrix(A, "A"), as_matrix(B, "B")
    if a.shape != b.shape:
        raise MathDLError("lengths_differ", a="A", b="B", n=a.shape, m=b.shape)
    return np.asarray(np.clip(np.abs(np.sum(a * b, axis=1)), 0.0, 1.0), dtype=float)
