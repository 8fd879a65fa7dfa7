"""Power iteration frame by frame: the iterate at step k, where A sends it, and the estimates so far.

:func:`mathdl.decomposition.power_iteration` runs every step at once; a picture that steps through it
draws :func:`power_step` for k = 0, 1, 2, … The tests compare with numpy's matrix powers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.decomposition import MAX_STEPS, PowerIteration
from mathdl.validation import as_matrix, check_range


@dataclass(frozen=True)
class PowerStep:
    """Step k of power iteration: the iterate, where A sends it, and the estimates so far."""

    vectors: NDArray[np.float64]  # (k + 1, n) the unit iterates x_0 … x_k
    Ax: NDArray[np.float64]  # (n,) A x_k, whose direction is x_{k+1}
    estimates: NDArray[np.float64]  # (k + 1,) the Rayleigh quotients x_0ᵀ A x_0 … x_kᵀ A x_k

    @property
    def x(self) -> NDArray[np.float64]:
        """The iterate x_k."""
        return self.vectors[-1]


def power_step(A: ArrayLike, run: PowerIteration, k: int) -> PowerStep:
    """The frame at step k of a power iteration: x_k, A x_k and the Rayleigh quotients r_0 … r_k.

    x_k = A^k x_0 / ‖A^k x_0‖ and r_j = x_jᵀ A x_j; x_k and A x_k point the same way (or opposite
    ways) exactly when x_k is an eigenvector, and then A x_k = r_k x_k.

    Parameters
    ----------
    A : array_like of shape (n, n)
        The matrix the run multiplied by.
    run : PowerIteration
        A run of :func:`mathdl.decomposition.power_iteration` with A.
    k : int in [0, steps]
        The step; beyond the run's last, its last.

    Returns
    -------
    PowerStep
        x_0 … x_k, A x_k and the estimates up to step k.

    Examples
    --------
    >>> from mathdl.decomposition import power_iteration
    >>> A = [[2.0, 0.0], [0.0, 1.0]]
    >>> s = power_step(A, power_iteration(A, [1.0, 1.0], 5), 1)
    >>> s.x.round(4).tolist(), s.Ax.round(4).tolist(), s.estimates.round(4).tolist()
    ([0.8944, 0.4472], [1.7889, 0.4472], [1.5, 1.8])
    """
    M = as_matrix(A, "A")
    check_range("k", k, 0, MAX_STEPS)
    k = min(k, len(run.vectors) - 1)
    return PowerStep(run.vectors[: k + 1], M @ run.vectors[k], run.estimates[: k + 1])


def dominant_share(A: ArrayLike, x0: ArrayLike) -> float:
    """How much of the start lies along the dominant eigenvector: |c₁| / ‖c‖ where x₀ = Σ c_j v_j.

    Power iteration multiplies each c_j by λ_j every step, so it finds v₁ (the eigenvector of the
    largest |λ|) only if c₁ ≠ 0: a start with no part along v₁ stays in the span of the others and
    settles on their eigenvalue instead. Defined for a diagonalisable A with real eigenvalues and one
    largest |λ|; NaN otherwise (then no single direction wins anyway).

    Parameters
    ----------
    A : array_like of shape (n, n)
        The matrix.
    x0 : array_like of shape (n,)
        The start, non-zero.

    Returns
    -------
    float
        The share, in [0, 1]; NaN when A has no single dominant real eigenvector.

    Examples
    --------
    >>> dominant_share([[2.0, 1.0], [1.0, 2.0]], [1.0, -1.0])  # all of it along the eigenvector of λ = 1
    0.0
    >>> round(dominant_share([[2.0, 1.0], [1.0, 2.0]], [1.0, 0.0]), 4)
    0.7071
    """
    M = as_matrix(A, "A")
    x = np.asarray(x0, dtype=float)
    values, vectors = np.linalg.eig(M)
    magnitude = np.sort(np.abs(values))[::-1]
    if np.any(np.iscomplex(values)) or np.isclose(magnitude[0], magnitude[1]) or np.linalg.cond(vectors) > 1e12:
        return float("nan")
    c = np.linalg.solve(vectors.real, x)  # x0 in the eigenbasis
    share = abs(c[np.argmax(np.abs(values))]) / np.linalg.norm(c)
    return float(share) if share > 1e-12 else 0.0  # rounding's crumbs count as none
