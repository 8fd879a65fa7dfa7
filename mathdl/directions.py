"""Directions a matrix keeps: how far A turns a unit vector x, and whether x is an eigenvector.

The hunt for eigenvectors on page 3 turns x around the unit circle until Ax lies on its line; the
tests compare what it finds with numpy's eigenvectors and eigenvalues.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.decomposition import eigen_2x2
from mathdl.validation import as_matrix, check_range

ALIGNED = 1.0  # degrees: x and Ax closer than this lie on one line, for the eigenvector hunt


@dataclass(frozen=True)
class Alignment:
    """How far A turns the unit vector x: the angle between the lines of x and Ax, and what it stretches."""

    x: NDArray[np.float64]  # (2,) the unit vector at the given angle
    image: NDArray[np.float64]  # (2,) A x
    angle: float  # degrees, 0 to 90, between the line through x and the line through Ax
    stretch: float  # xᵀ A x: the signed length of Ax along x (its Rayleigh quotient)
    aligned: bool  # whether x lies on a real eigen-direction, within the tolerance
    eigenvalue: float | None  # that direction's eigenvalue, when aligned


def alignment(A: ArrayLike, degrees: float, tolerance: float = ALIGNED) -> Alignment:
    """Whether the unit vector at ``degrees`` is an eigenvector of A: the angle between x and Ax.

    x = (cos φ, sin φ); the angle between the lines of x and Ax is atan2(|x × Ax|, |x · Ax|), 0 exactly
    when Ax = λx (Ax = 0 counts, λ = 0). Within ``tolerance`` degrees x is taken to lie on the real
    eigen-direction nearest to it, and its eigenvalue is reported from :func:`eigen_2x2`.

    Parameters
    ----------
    A : array_like of shape (2, 2)
        The matrix.
    degrees : float
        The angle φ of x, in degrees.
    tolerance : float
        Degrees, 0 to 45: how close the two lines must be.

    Returns
    -------
    Alignment
        x, Ax, the angle between their lines, xᵀAx, and the eigenvalue when they line up.

    Examples
    --------
    >>> hit = alignment([[2.0, 1.0], [1.0, 2.0]], 45.0)
    >>> hit.aligned, round(hit.eigenvalue, 6)
    (True, 3.0)
    """
    M = as_matrix(A, "A", (2, 2))
    check_range("degrees", degrees, -1e6, 1e6)
    check_range("tolerance", tolerance, 0, 45)
    phi = np.radians(degrees)
    x = np.array([np.cos(phi), np.sin(phi)])
    image = M @ x
    cross, dot = x[0] * image[1] - x[1] * image[0], float(x @ image)
    null = np.linalg.norm(image) <= 1e-12 * np.abs(M).max()  # Ax = 0 (up to rounding): x is in the null space
    angle = 0.0 if null else float(np.degrees(np.arctan2(abs(cross), abs(dot))))
    eig = eigen_2x2(M)
    aligned = angle <= tolerance and eig.eigenvectors is not None
    eigenvalue = None
    if aligned:
        nearest = int(np.argmax(np.abs(x @ eig.eigenvectors)))  # the eigen-direction x lies closest to
        eigenvalue = float(eig.eigenvalues[nearest].real)
    return Alignment(x, image, angle, dot, aligned, eigenvalue)
