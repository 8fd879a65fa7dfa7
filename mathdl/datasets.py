"""Data for the demos: generated in code or bundled with scikit-learn, never downloaded."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import make_moons

from mathdl.errors import MathDLError


def _check(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise MathDLError("out_of_range", name=name, low=low, high=high, value=value)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, the classic data set no straight line separates.

    Parameters
    ----------
    n : int in [2, 5000], the number of points.
    noise : float in [0, 1], the standard deviation of Gaussian noise added to each coordinate.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), the class of each point, 0 or 1.

    Examples
    --------
    >>> X, y = moons(100, 0.1, np.random.default_rng(0))
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    """
    _check("n", n, 2, 5000)
    _check("noise", noise, 0.0, 1.0)
    return make_moons(n, noise=noise, random_state=int(rng.integers(2**31)))


def noisy_line(
    n: int, slope: float, intercept: float, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Points y = slope · x + intercept + ε, with x uniform in [-1, 1] (sorted) and ε ~ N(0, noise²).

    Examples
    --------
    >>> x, y = noisy_line(5, 2.0, 1.0, 0.0, np.random.default_rng(0))
    >>> bool(np.allclose(y, 2 * x + 1))
    True
    """
    _check("n", n, 1, 100_000)
    _check("noise", noise, 0.0, 100.0)
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    return x, slope * x + intercept + noise * rng.standard_normal(n)
