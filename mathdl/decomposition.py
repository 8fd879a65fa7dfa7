"""Eigenvectors, the singular value decomposition and PCA, from their definitions.

Symmetric eigenproblems are solved by Jacobi rotations, the SVD and PCA are built on
them; the tests compare every result with numpy and scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import as_matrix, as_vector, check_range

BLOCK = 4096  # rows PCA centres at a time: small enough to stay in cache
MAX_STEPS = 200  # power iteration steps

PRESETS: dict[str, NDArray[np.float64]] = {  # 2 × 2 matrices whose eigen-structure differs in kind
    "symmetric": np.array([[2.0, 1.0], [1.0, 2.0]]),  # two perpendicular real directions
    "shear": np.array([[1.0, 1.0], [0.0, 1.0]]),  # one repeated eigenvalue, a single direction
    "rotation": np.array([[0.8, -0.6], [0.6, 0.8]]),  # a complex pair: no real direction
    "reflection": np.array([[0.0, 1.0], [1.0, 0.0]]),  # eigenvalues 1 and −1
}
for _preset in PRESETS.values():
    _preset.setflags(write=False)


@dataclass(frozen=True)
class Eigen2x2:
    """The eigen-structure of a 2x2 matrix."""

    eigenvalues: NDArray[np.complex128]  # (2,) complex, larger real part first
    eigenvectors: NDArray[np.float64] | None  # (2, 2) unit columns when the eigenvalues are real
    trace: float
    det: float
    matrix: NDArray[np.float64]  # A itself

    @property
    def is_complex(self) -> bool:
        """Whether the eigenvalues are a complex pair (no real direction is only stretched)."""
        return bool(abs(self.eigenvalues[0].imag) > 0)

    @property
    def rotation_angle(self) -> float:
        """For complex eigenvalues r·e^{±iθ}: θ in radians, the angle of the rotation A is similar to.

        A = P (r R_θ) P⁻¹ (see :attr:`rotation_basis`): A turns by θ in the skewed axes of P, not
        every vector by θ, unless A is itself a scaled rotation.
        """
        return float(abs(np.angle(self.eigenvalues[0])))

    @property
    def rotation_degrees(self) -> float:
        """The angle θ of :attr:`rotation_angle`, in degrees."""
        return float(np.degrees(self.rotation_angle))

    @property
    def scale(self) -> float:
        """For complex eigenvalues r·e^{±iθ}: r = √det A, the scale of the rotation A is similar to."""
        return float(abs(self.eigenvalues[0]))

    @property
    def dominance(self) -> float:
        """|λ₂| / |λ₁|, smaller magnitude over larger: power iteration's error shrinks like its k-th power.

        1 when no eigenvalue dominates (a complex pair, λ = ±c) and power iteration cannot settle.
        """
        small, large = sorted(np.abs(self.eigenvalues))
        return float(small / large) if large > 0 else 1.0

    def remaining(self, steps: int) -> float:
        """|λ₂/λ₁|^k: what is left, after k steps, of the weaker eigen-direction's share of x_k."""
        return self.dominance**steps

    @property
    def is_defective(self) -> bool:
        """Whether one repeated eigenvalue has a single eigen-direction (a shear): not diagonalisable."""
        if self.is_complex or self.eigenvalues[0] != self.eigenvalues[1]:
            return False
        return bool(np.any(self.matrix - self.eigenvalues[0].real * np.eye(2)))  # only cI has two directions

    @property
    def rotation_basis(self) -> NDArray[np.float64] | None:
        """For a complex pair, P with A = P (r R_θ) P⁻¹, R_θ the rotation by θ; None for real eigenvalues.

        Its columns are the real part and minus the imaginary part of the eigenvector of
        λ = r e^{iθ}, scaled so that P's largest singular value is 1: the ellipse P·(unit circle)
        fits the unit circle, and A maps it onto itself scaled by r.
        """
        if not self.is_complex:
            return None
        A, lam = self.matrix, self.eigenvalues[0]
        # (A − λI) v = 0: v is perpendicular to a non-zero row of A − λI (A's off-diagonal is non-zero here).
        v = np.array([A[0, 1], lam - A[0, 0]]) if A[0, 1] != 0 else np.array([lam - A[1, 1], A[1, 0]])
        if lam.imag < 0:
            v = v.conj()
        P = np.column_stack([v.real, -v.imag])
        return np.asarray(P / np.linalg.norm(P, 2), dtype=float)


def eigen_2x2(A: ArrayLike) -> Eigen2x2:
    """Eigenvalues from the characteristic polynomial λ² − tr(A) λ + det(A) = 0.

    λ = (tr ± √(tr² − 4 det)) / 2; a negative discriminant gives a complex pair r e^{±iθ}, and
    then no real direction is only stretched: A is similar to a rotation by θ scaled by r.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The matrix.

    Returns
    -------
    Eigen2x2
        The eigenvalues (larger real part first), the unit eigenvectors as columns when the
        eigenvalues are real (else None), the trace and the determinant.

    Examples
    --------
    >>> eigen_2x2([[2.0, 0.0], [0.0, 3.0]]).eigenvalues
    array([3.+0.j, 2.+0.j])
    """
    M = as_matrix(A, "A", (2, 2))
    trace, det = M[0, 0] + M[1, 1], M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    root = np.sqrt(complex(trace**2 - 4 * det))
    eigenvalues = np.array([(trace + root) / 2, (trace - root) / 2])
    vectors = None
    if root.imag == 0 and np.any(M - trace / 2 * np.eye(2)):
        vectors = np.column_stack([_null_direction(M - lam.real * np.eye(2)) for lam in eigenvalues])
    elif root.imag == 0:  # A = cI: every direction is an eigen-direction; name the axes
        vectors = np.eye(2)
    return Eigen2x2(eigenvalues, vectors, float(trace), float(det), M)


def _null_direction(M: NDArray[np.float64]) -> NDArray[np.float64]:
    """A unit vector v with M v = 0, for a singular 2x2 M: perpendicular to its largest row."""
    row = M[np.argmax(np.abs(M).sum(axis=1))]
    v = np.array([-row[1], row[0]]) if np.abs(row).max() > 1e-12 else np.array([1.0, 0.0])
    return np.asarray(v / np.linalg.norm(v), dtype=float)


@dataclass(frozen=True)
class PowerIteration:
    """The iterates of power iteration and the eigenvalue each one estimates."""

    vectors: NDArray[np.float64]  # (steps + 1, n) the unit iterates x_0, x_1, ...
    estimates: NDArray[np.float64]  # (steps + 1,) Rayleigh quotients x_kᵀ A x_k


def power_iteration(A: ArrayLike, x0: ArrayLike, steps: int) -> PowerIteration:
    """Multiply by A and normalise, again and again: x_{k+1} = A x_k / ‖A x_k‖.

    The component along the eigenvector of the largest |λ| grows fastest, so x_k turns
    towards it; the Rayleigh quotient x_kᵀ A x_k estimates that λ.

    Parameters
    ----------
    A : array_like of shape (n, n)
        The matrix.
    x0 : array_like of shape (n,)
        The start, any non-zero vector.
    steps : int in [1, 200]
        How many multiplications.

    Returns
    -------
    PowerIteration
        The unit iterates x_0 … x_steps (x_0 is x0 normalised) and their Rayleigh quotients.

    Examples
    --------
    >>> power_iteration([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0], 30).vectors[-1].round(6)
    array([1., 0.])
    """
    M = as_matrix(A, "A")
    n = len(M)
    if M.shape != (n, n):
        raise MathDLError("bad_shape", name="A", expected="(n, n)", shape=M.shape)
    check_range("steps", steps, 1, MAX_STEPS)
    x = as_vector(x0, "x0", n)
    if not np.any(x):
        raise MathDLError("zero_vector", name="x0")
    vectors = [x / np.linalg.norm(x)]
    for _ in range(steps):
        y = M @ vectors[-1]
        norm = np.linalg.norm(y)
        vectors.append(y / norm if norm > 0 else vectors[-1])  # A x = 0: nothing left to follow
    V = np.array(vectors)  # (steps + 1, n)
    return PowerIteration(V, np.einsum("ki,ij,kj->k", V, M, V))


def jacobi_eigh(
    S: ArrayLike, tol: float = 1e-12, max_sweeps: int = 100
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Eigenvalues and eigenvectors of a symmetric matrix by Jacobi rotations: S = V diag(λ) Vᵀ.

    Each rotation in the (p, q) plane zeroes S[p, q]; sweeping over all pairs until
    the off-diagonal part vanishes leaves the eigenvalues on the diagonal, and the
    product of the rotations holds the eigenvectors as columns. Rotations in planes
    that share no index commute, so each sweep visits the pairs in n − 1 rounds of
    disjoint pairs (a round-robin tournament) and applies a whole round at once.

    Parameters
    ----------
    S : array_like of shape (n, n)
        A symmetric matrix.
    tol : float
        Stop when every off-diagonal entry is below tol times the largest entry.
    max_sweeps : int
        The most sweeps over all pairs.

    Returns
    -------
    eigenvalues : ndarray of shape (n,)
        Largest first.
    eigenvectors : ndarray of shape (n, n)
        Unit columns in the same order.

    Examples
    --------
    >>> jacobi_eigh([[2.0, 1.0], [1.0, 2.0]])[0]
    array([3., 1.])
    """
    D = as_matrix(S, "S")  # a copy: the rotations work on it in place
    n = len(D)
    if D.shape != (n, n) or not np.allclose(D, D.T, atol=1e-10 * max(1.0, np.abs(D).max(initial=0.0))):
        raise MathDLError("not_symmetric", name="S")
    V = np.eye(n)
    scale = max(np.abs(D).max(initial=0.0), np.finfo(float).tiny)
    rounds = _round_robin(n)
    for _ in range(max_sweeps):
        if np.abs(D - np.diag(np.diag(D))).max(initial=0.0) <= tol * scale:
            break
        for p, q in rounds:
            _rotate(D, V, p, q)
    order = np.argsort(np.diag(D))[::-1]
    return np.diag(D)[order], V[:, order]


Pairs = tuple[NDArray[np.intp], NDArray[np.intp]]


def _round_robin(n: int) -> list[Pairs]:
    """All n(n − 1)/2 pairs of 0 … n − 1, in rounds where no index appears twice.

    Player 0 stays put while the others rotate one seat a round; an odd n gets a
    dummy player whose games are dropped.
    """
    seats = list(range(n + n % 2))
    rounds = []
    for _ in range(len(seats) - 1):
        half = len(seats) // 2
        pairs = [(a, b) for a, b in zip(seats[:half], seats[::-1][:half], strict=True) if max(a, b) < n]
        if pairs:
            rounds.append((np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])))
        seats = [seats[0], seats[-1], *seats[1:-1]]
    return rounds


def _rotate(S: NDArray[np.float64], V: NDArray[np.float64], p: NDArray[np.intp], q: NDArray[np.intp]) -> None:
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
    """A reduced singular value decomposition X = U diag(s) Vt."""

    U: NDArray[np.float64]  # (n, r) left singular vectors
    s: NDArray[np.float64]  # (r,) singular values, largest first
    Vt: NDArray[np.float64]  # (r, d) right singular vectors as rows


def svd(X: ArrayLike) -> SVD:
    """Reduced SVD X = U diag(s) Vᵀ from the eigenvectors of the smaller Gram matrix.

    XᵀX = V diag(s²) Vᵀ, so s = √eigenvalues and U = X V / s. Forming XᵀX squares the
    condition number: singular values below about 1e-8 · s_max lose their accuracy,
    which is fine for pictures and PCA, not for solving ill-conditioned systems.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The matrix.

    Returns
    -------
    SVD
        U (n, r), s (r,) and Vt (r, d), for the r directions X uses (s > 1e-10 · s_max).

    Examples
    --------
    >>> svd([[3.0, 0.0], [0.0, -2.0]]).s
    array([3., 2.])
    """
    M = as_matrix(X, "X")
    if M.shape[0] < M.shape[1]:  # work with the smaller Gram matrix, then swap back
        t = svd(M.T)
        return SVD(t.Vt.T, t.s, t.U.T)
    eigenvalues, V = jacobi_eigh(M.T @ M)  # (d,), (d, d)
    s = np.sqrt(np.clip(eigenvalues, 0.0, None))
    keep = s > s.max(initial=0.0) * 1e-10  # drop directions X does not use
    s, V = s[keep], V[:, keep]
    return SVD(M @ V / s, s, V.T)


@dataclass(frozen=True)
class LowRank:
    """The best rank-k approximation of a matrix and what it costs."""

    approximation: NDArray[np.float64]  # (n, d) the best rank-k matrix
    error_fro: float  # ‖X − X_k‖_F
    discarded: NDArray[np.float64]  # the singular values left out
    storage_ratio: float  # numbers kept, k(n + d + 1), over n·d


def low_rank(X: ArrayLike, k: int, decomposed: SVD | None = None) -> LowRank:
    """Keep the k largest singular values: X_k = U_k diag(s_k) V_kᵀ.

    Eckart–Young: no matrix of rank k is closer to X, and the error is the size of
    what was left out, ‖X − X_k‖_F = √(s_{k+1}² + … + s_r²).

    Parameters
    ----------
    X : array_like of shape (n, d)
        The matrix.
    k : int in [1, r]
        The rank kept, at most the number r of singular values.
    decomposed : SVD or None
        ``svd(X)``, to try many k without decomposing X again.

    Returns
    -------
    LowRank
        X_k (n, d), ‖X − X_k‖_F, the discarded singular values and k(n + d + 1) / (n d).

    Examples
    --------
    >>> low_rank(np.diag([3.0, 2.0, 1.0]), 2).error_fro
    1.0
    """
    M = as_matrix(X, "X")
    parts = svd(M) if decomposed is None else decomposed
    check_range("k", k, 1, len(parts.s))
    approximation = (parts.U[:, :k] * parts.s[:k]) @ parts.Vt[:k]  # (n, d)
    n, d = M.shape
    return LowRank(approximation, float(np.linalg.norm(M - approximation)), parts.s[k:], k * (n + d + 1) / (n * d))


@dataclass(frozen=True)
class PCA:
    """Principal components of a data set, their variances and the data in their coordinates."""

    components: NDArray[np.float64]  # (k, d) unit directions of largest variance, as rows
    explained_variance: NDArray[np.float64]  # (k,) variance of the data along each
    explained_variance_ratio: NDArray[np.float64]  # (k,) ... as a share of the total variance
    mean: NDArray[np.float64]  # (d,)
    scale: NDArray[np.float64]  # (d,) ones, or the standard deviations when standardised
    scores: NDArray[np.float64]  # (n, k) the data in the new coordinates

    @property
    def cumulative_variance_ratio(self) -> NDArray[np.float64]:
        """(k,) the share of the variance the first 1, 2, …, k components explain together."""
        return np.cumsum(self.explained_variance_ratio)


def pca(X: ArrayLike, n_components: int | None = None, standardize: bool = False) -> PCA:
    """Principal component analysis: the eigenvectors of the covariance of the centred data.

    With C = X_cᵀ X_c / (n − 1) = V diag(λ) Vᵀ, the columns of V are the principal
    directions, λ_j is the variance along direction j (σ_j² / (n − 1) in terms of the
    SVD of X_c), and the scores are X_c V. Each component's sign is chosen so that its
    largest entry (in absolute value) is positive.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The data, one example per row.
    n_components : int in [1, min(n, d)] or None
        How many components to keep; None keeps all min(n, d).
    standardize : bool
        Divide every column by its standard deviation first.

    Returns
    -------
    PCA
        The components (k, d), their variances and shares (k,), the mean and scale (d,)
        and the scores (n, k).

    Examples
    --------
    >>> pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]], 1).explained_variance
    array([4.])
    """
    data = as_matrix(X, "X", copy=False)  # read only: a reader's 40 MB upload is not copied
    n, d = data.shape
    k = min(n, d) if n_components is None else check_range("n_components", n_components, 1, min(n, d))
    mean, scale = data.mean(axis=0), np.ones(d)
    # Centred a block of rows at a time: a large X is never copied whole (100,000 × 50: 40 MB).
    blocks = (data[i : i + BLOCK] - mean for i in range(0, n, BLOCK))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if standardize:
            std = data.std(axis=0)
            scale = np.where(std > 0, std, 1.0)  # a constant column stays all zeros
        C = sum((Z.T @ Z for Z in blocks), np.zeros((d, d))) / ((n - 1) * np.outer(scale, scale))  # (d, d)
    if not (np.all(np.isfinite(C)) and np.trace(C) > 0):  # constant columns, or squares beyond double precision
        raise MathDLError("no_variance", name="X")
    # LAPACK's symmetric solver gives what jacobi_eigh gives, about 50 times faster on 64 columns.
    eigenvalues, V = np.linalg.eigh(C)  # (d,), (d, d), smallest first
    eigenvalues, V = eigenvalues[::-1], V[:, ::-1]
    variance = np.clip(eigenvalues, 0.0, None)  # round-off can leave -1e-17
    Vt = V.T[:k]  # (k, d)
    Vt = Vt * np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])[:, None]
    W = (Vt / scale).T  # (d, k): ((x − μ) / s) V = x W − μ W, the scores without a centred copy
    scores = data @ W  # (n, k)
    scores -= mean @ W
    return PCA(Vt, variance[:k], variance[:k] / variance.sum(), mean, scale, scores)


def reconstruction_errors(X: ArrayLike, standardize: bool = False) -> NDArray[np.float64]:
    """Mean squared error of rebuilding the (centred) data from its first k components, k = 1 … min(n, d).

    Projecting onto k components loses exactly the variance along the others, so the
    error needs no reconstruction: (λ_{k+1} + … + λ_d) · (n − 1) / (n · d).

    Parameters
    ----------
    X : array_like of shape (n, d)
        The data, one example per row.
    standardize : bool
        Divide every column by its standard deviation first, as :func:`pca` does.

    Returns
    -------
    ndarray of shape (min(n, d),)
        Entry k − 1 is the error with k components; the last is 0.

    Examples
    --------
    >>> reconstruction_errors([[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]]).round(12)
    array([0., 0.])
    """
    data = as_matrix(X, "X", copy=False)
    n, d = data.shape
    variance = pca(data, None, standardize).explained_variance
    lost = variance.sum() - np.cumsum(variance)  # (k,) the variance of the components left out
    return np.asarray(np.clip(lost, 0.0, None) * (n - 1) / (n * d), dtype=float)


def image_to_gray(image: ArrayLike) -> NDArray[np.float64]:
    """An RGB image (h, w, 3) in 0…255 as grey levels (h, w) in [0, 1]: (0.299 R + 0.587 G + 0.114 B) / 255.

    Parameters
    ----------
    image : array_like of shape (h, w, 3)
        Red, green and blue levels from 0 to 255.

    Returns
    -------
    ndarray of shape (h, w)
        Grey levels, weighted as the eye weighs the channels.

    Examples
    --------
    >>> image_to_gray(np.full((1, 1, 3), 255)).round(12).tolist()
    [[1.0]]
    """
    rgb = np.asarray(image, dtype=float)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise MathDLError("bad_shape", name="image", expected="(h, w, 3)", shape=rgb.shape)
    return np.asarray(rgb @ np.array([0.299, 0.587, 0.114]) / 255, dtype=float)
