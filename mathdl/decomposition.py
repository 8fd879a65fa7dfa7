"""Eigenvectors, the singular value decomposition and PCA, from their definitions.

Symmetric eigenproblems are solved by Jacobi rotations, the SVD and PCA are built on
them; the tests compare every result with numpy and scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathdl.errors import MathDLError
from mathdl.validation import as_matrix as _matrix

BLOCK = 4096  # rows PCA centres at a time: small enough to stay in cache


@dataclass(frozen=True)
class Eigen2x2:
    """The eigen-structure of a 2x2 matrix."""

    eigenvalues: np.ndarray  # (2,) complex, larger real part first
    eigenvectors: np.ndarray | None  # (2, 2) unit columns when the eigenvalues are real
    trace: float
    det: float

    @property
    def is_complex(self) -> bool:
        return bool(abs(self.eigenvalues[0].imag) > 0)

    @property
    def rotation_angle(self) -> float:
        """For complex eigenvalues r·e^{±iθ}: the angle θ (radians) the map turns by."""
        return float(abs(np.angle(self.eigenvalues[0])))

    @property
    def scale(self) -> float:
        """For complex eigenvalues r·e^{±iθ}: the factor r the map stretches by."""
        return float(abs(self.eigenvalues[0]))


def eigen_2x2(A) -> Eigen2x2:
    """Eigenvalues from the characteristic polynomial λ² − tr(A) λ + det(A) = 0.

    λ = (tr ± √(tr² − 4 det)) / 2; a negative discriminant gives a complex pair, and
    then no real direction is only stretched: the map turns every vector.

    Examples
    --------
    >>> eigen_2x2([[2.0, 0.0], [0.0, 3.0]]).eigenvalues
    array([3.+0.j, 2.+0.j])
    """
    A = _matrix(A, "A", (2, 2))
    trace, det = A[0, 0] + A[1, 1], A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    root = np.sqrt(complex(trace**2 - 4 * det))
    eigenvalues = np.array([(trace + root) / 2, (trace - root) / 2])
    vectors = None
    if root.imag == 0:
        vectors = np.column_stack([_null_direction(A - lam.real * np.eye(2)) for lam in eigenvalues])
    return Eigen2x2(eigenvalues, vectors, float(trace), float(det))


def _null_direction(M: np.ndarray) -> np.ndarray:
    """A unit vector v with M v = 0, for a singular 2x2 M: perpendicular to its largest row."""
    row = M[np.argmax(np.abs(M).sum(axis=1))]
    v = np.array([-row[1], row[0]]) if np.abs(row).max() > 1e-12 else np.array([1.0, 0.0])
    return v / np.linalg.norm(v)


@dataclass(frozen=True)
class PowerIteration:
    vectors: np.ndarray  # (steps + 1, n) the unit iterates x_0, x_1, ...
    estimates: np.ndarray  # (steps + 1,) Rayleigh quotients x_kᵀ A x_k


def power_iteration(A, x0, steps: int) -> PowerIteration:
    """Multiply by A and normalise, again and again: x_{k+1} = A x_k / ‖A x_k‖.

    The component along the eigenvector of the largest |λ| grows fastest, so x_k turns
    towards it; the Rayleigh quotient x_kᵀ A x_k estimates that λ.

    Examples
    --------
    >>> power_iteration([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0], 30).vectors[-1].round(6)
    array([1., 0.])
    """
    A = _matrix(A)
    if not 1 <= steps <= 200:
        raise MathDLError("out_of_range", name="steps", low=1, high=200, value=steps)
    x = _matrix(np.reshape(x0, (1, -1)), "x0", (1, len(A)))[0]
    if not np.any(x):
        raise MathDLError("zero_vector", name="x0")
    vectors = [x / np.linalg.norm(x)]
    for _ in range(steps):
        y = A @ vectors[-1]
        norm = np.linalg.norm(y)
        vectors.append(y / norm if norm > 0 else vectors[-1])  # A x = 0: nothing left to follow
    V = np.array(vectors)  # (steps + 1, n)
    return PowerIteration(V, np.einsum("ki,ij,kj->k", V, A, V))


def jacobi_eigh(S, tol: float = 1e-12, max_sweeps: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors of a symmetric matrix by Jacobi rotations.

    Each rotation in the (p, q) plane zeroes S[p, q]; sweeping over all pairs until
    the off-diagonal part vanishes leaves the eigenvalues on the diagonal, and the
    product of the rotations holds the eigenvectors as columns. Rotations in planes
    that share no index commute, so each sweep visits the pairs in n − 1 rounds of
    disjoint pairs (a round-robin tournament) and applies a whole round at once.

    Returns
    -------
    eigenvalues : ndarray of shape (n,), largest first.
    eigenvectors : ndarray of shape (n, n), unit columns in the same order.

    Examples
    --------
    >>> jacobi_eigh([[2.0, 1.0], [1.0, 2.0]])[0]
    array([3., 1.])
    """
    S = _matrix(S, "S")
    n = len(S)
    if S.shape != (n, n) or not np.allclose(S, S.T, atol=1e-10 * max(1.0, np.abs(S).max())):
        raise MathDLError("not_symmetric", name="S")
    V = np.eye(n)
    scale = max(np.abs(S).max(), np.finfo(float).tiny)
    rounds = _round_robin(n)
    for _ in range(max_sweeps):
        if np.abs(S - np.diag(np.diag(S))).max(initial=0.0) <= tol * scale:
            break
        for p, q in rounds:
            _rotate(S, V, p, q)
    order = np.argsort(np.diag(S))[::-1]
    return np.diag(S)[order], V[:, order]


def _round_robin(n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """All n(n − 1)/2 pairs of 0 … n − 1, in rounds where no index appears twice.

    Player 0 stays put while the others rotate one seat a round; an odd n gets a
    dummy player whose games are dropped.
    """
    seats = list(range(n + n % 2))
    rounds = []
    for _ in range(len(seats) - 1):
        half = len(seats) // 2
        pairs = [(a, b) for a, b in zip(seats[:half], seats[::-1][:half]) if max(a, b) < n]
        if pairs:
            rounds.append(tuple(np.array(side) for side in zip(*pairs)))
        seats = [seats[0], seats[-1], *seats[1:-1]]
    return rounds


def _rotate(S: np.ndarray, V: np.ndarray, p: np.ndarray, q: np.ndarray) -> None:
    """Apply, in place, the rotations J in the disjoint planes (p_i, q_i) with (Jᵀ S J)[p_i, q_i] = 0.

    tan θ solves t² + 2t·cot 2θ − 1 = 0 with cot 2θ = (S_qq − S_pp) / 2S_pq; the root
    2S_pq / (d + sign(d)·√(d² + 4S_pq²)), d = S_qq − S_pp, is the smaller angle
    (Golub & Van Loan, 8.5) and is 0 where S_pq already is.
    """
    a, d = S[p, q], S[q, q] - S[p, p]
    root = d + np.where(d >= 0, 1.0, -1.0) * np.sqrt(d**2 + 4 * a**2)
    t = np.divide(2 * a, root, out=np.zeros_like(a), where=root != 0)
    c = 1 / np.sqrt(t**2 + 1)
    s = c * t
    for M in (S, V):  # M ← M J: mix columns p and q
        Mp, Mq = M[:, p], M[:, q]  # fancy indexing copies
        M[:, p], M[:, q] = c * Mp - s * Mq, s * Mp + c * Mq
    Sp, Sq = S[p], S[q]  # S ← Jᵀ S: mix rows p and q
    S[p], S[q] = c[:, None] * Sp - s[:, None] * Sq, s[:, None] * Sp + c[:, None] * Sq


@dataclass(frozen=True)
class SVD:
    U: np.ndarray  # (n, r) left singular vectors
    s: np.ndarray  # (r,) singular values, largest first
    Vt: np.ndarray  # (r, d) right singular vectors as rows


def svd(X) -> SVD:
    """Reduced SVD X = U diag(s) Vᵀ from the eigenvectors of the smaller Gram matrix.

    XᵀX = V diag(s²) Vᵀ, so s = √eigenvalues and U = X V / s. Forming XᵀX squares the
    condition number: singular values below about 1e-8 · s_max lose their accuracy,
    which is fine for pictures and PCA, not for solving ill-conditioned systems.

    Examples
    --------
    >>> svd([[3.0, 0.0], [0.0, -2.0]]).s
    array([3., 2.])
    """
    X = _matrix(X, "X")
    if X.shape[0] < X.shape[1]:  # work with the smaller Gram matrix, then swap back
        t = svd(X.T)
        return SVD(t.Vt.T, t.s, t.U.T)
    eigenvalues, V = jacobi_eigh(X.T @ X)  # (d,), (d, d)
    s = np.sqrt(np.clip(eigenvalues, 0.0, None))
    keep = s > s.max(initial=0.0) * 1e-10  # drop directions X does not use
    s, V = s[keep], V[:, keep]
    return SVD(X @ V / s, s, V.T)


@dataclass(frozen=True)
class LowRank:
    approximation: np.ndarray  # (n, d) the best rank-k matrix
    error_fro: float  # ‖X − X_k‖_F
    discarded: np.ndarray  # the singular values left out
    storage_ratio: float  # numbers kept, k(n + d + 1), over n·d


def low_rank(X, k: int, decomposed: SVD | None = None) -> LowRank:
    """Keep the k largest singular values: X_k = U_k diag(s_k) V_kᵀ.

    Eckart–Young: no matrix of rank k is closer to X, and the error is the size of
    what was left out, ‖X − X_k‖_F = √(s_{k+1}² + … + s_r²). Pass ``decomposed=svd(X)``
    to try many k without decomposing X again.

    Examples
    --------
    >>> low_rank(np.diag([3.0, 2.0, 1.0]), 2).error_fro
    1.0
    """
    X = _matrix(X, "X")
    parts = svd(X) if decomposed is None else decomposed
    if not 1 <= k <= len(parts.s):
        raise MathDLError("out_of_range", name="k", low=1, high=len(parts.s), value=k)
    approximation = (parts.U[:, :k] * parts.s[:k]) @ parts.Vt[:k]  # (n, d)
    n, d = X.shape
    return LowRank(
        approximation,
        float(np.linalg.norm(X - approximation)),
        parts.s[k:],
        k * (n + d + 1) / (n * d),
    )


@dataclass(frozen=True)
class PCA:
    components: np.ndarray  # (k, d) unit directions of largest variance, as rows
    explained_variance: np.ndarray  # (k,) variance of the data along each
    explained_variance_ratio: np.ndarray  # (k,) ... as a share of the total variance
    mean: np.ndarray  # (d,)
    scale: np.ndarray  # (d,) ones, or the standard deviations when standardised
    scores: np.ndarray  # (n, k) the data in the new coordinates


def pca(X, n_components: int, standardize: bool = False) -> PCA:
    """Principal component analysis: the eigenvectors of the covariance of the centred data.

    With C = X_cᵀ X_c / (n − 1) = V diag(λ) Vᵀ, the columns of V are the principal
    directions, λ_j is the variance along direction j (σ_j² / (n − 1) in terms of the
    SVD of X_c), and the scores are X_c V. Each component's sign is chosen so that its
    largest entry (in absolute value) is positive.

    Parameters
    ----------
    X : array_like of shape (n, d)
    n_components : int in [1, min(n, d)]
    standardize : bool, divide every column by its standard deviation first.

    Examples
    --------
    >>> pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]], 1).explained_variance
    array([4.])
    """
    X = _matrix(X, "X", copy=False)  # read only: a reader's 40 MB upload is not copied
    n, d = X.shape
    if not 1 <= n_components <= min(n, d):
        raise MathDLError("out_of_range", name="n_components", low=1, high=min(n, d), value=n_components)
    mean, scale = X.mean(axis=0), np.ones(d)
    # Centred a block of rows at a time: a large X is never copied whole (100,000 × 50: 40 MB).
    blocks = (X[i : i + BLOCK] - mean for i in range(0, n, BLOCK))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if standardize:
            std = X.std(axis=0)
            scale = np.where(std > 0, std, 1.0)  # a constant column stays all zeros
        C = sum(Z.T @ Z for Z in blocks) / ((n - 1) * np.outer(scale, scale))  # (d, d) the covariance
    if not (np.all(np.isfinite(C)) and np.trace(C) > 0):  # constant columns, or squares beyond double precision
        raise MathDLError("no_variance", name="X")
    # LAPACK's symmetric solver gives what jacobi_eigh gives, about 50 times faster on 64 columns.
    eigenvalues, V = np.linalg.eigh(C)  # (d,), (d, d), smallest first
    eigenvalues, V = eigenvalues[::-1], V[:, ::-1]
    variance = np.clip(eigenvalues, 0.0, None)  # round-off can leave -1e-17
    Vt = V.T[:n_components]  # (k, d)
    Vt = Vt * np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])[:, None]
    W = (Vt / scale).T  # (d, k): ((x − μ) / s) V = x W − μ W, the scores without a centred copy
    scores = X @ W  # (n, k)
    scores -= mean @ W
    return PCA(Vt, variance[:n_components], variance[:n_components] / variance.sum(), mean, scale, scores)


def reconstruction_errors(X, standardize: bool = False) -> np.ndarray:
    """Mean squared error of rebuilding the (centred) data from its first k components, k = 1 … min(n, d).

    Projecting onto k components loses exactly the variance along the others, so the
    error needs no reconstruction: (λ_{k+1} + … + λ_d) · (n − 1) / (n · d).

    Examples
    --------
    >>> reconstruction_errors([[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]]).round(12)
    array([0., 0.])
    """
    X = _matrix(X, "X")
    n, d = X.shape
    variance = pca(X, min(n, d), standardize).explained_variance
    lost = variance.sum() - np.cumsum(variance)  # (k,) the variance of the components left out
    return np.clip(lost, 0.0, None) * (n - 1) / (n * d)


def image_to_gray(image) -> np.ndarray:
    """An RGB image (h, w, 3) in 0…255 as grey levels (h, w) in [0, 1]: 0.299 R + 0.587 G + 0.114 B.

    Examples
    --------
    >>> image_to_gray(np.full((1, 1, 3), 255)).round(12).tolist()
    [[1.0]]
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 3 or image.shape[2] != 3:
        raise MathDLError("bad_shape", name="image", expected="(h, w, 3)", shape=image.shape)
    return image @ np.array([0.299, 0.587, 0.114]) / 255
