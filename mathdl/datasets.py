"""Data for the demos: generated in code or bundled with scikit-learn, never downloaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_sample_image,
    load_wine,
    make_moons,
)

from mathdl.validation import check_choice, check_range

Labelled = tuple[NDArray[np.float64], NDArray[np.int64]]  # points X (n, d) and their classes y (n,)


def moons(n: int, noise: float, rng: np.random.Generator) -> Labelled:
    """Two interleaving half circles, the classic data set no straight line separates.

    Parameters
    ----------
    n : int in [2, 5000]
        The number of points.
    noise : float in [0, 1]
        The standard deviation of Gaussian noise added to each coordinate.
    rng : numpy.random.Generator
        Draws the points.

    Returns
    -------
    X : ndarray of shape (n, 2)
        The points.
    y : ndarray of shape (n,)
        The class of each point, 0 or 1.

    Examples
    --------
    >>> X, y = moons(100, 0.1, np.random.default_rng(0))
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    """
    check_range("n", n, 2, 5000)
    check_range("noise", noise, 0.0, 1.0)
    return make_moons(n, noise=noise, random_state=int(rng.integers(2**31)))


def noisy_line(
    n: int, slope: float, intercept: float, noise: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points y = slope · x + intercept + ε, with x uniform in [-1, 1] (sorted) and ε ~ N(0, noise²).

    Parameters
    ----------
    n : int in [1, 100000]
        The number of points.
    slope, intercept : float
        The line.
    noise : float in [0, 100]
        The standard deviation of ε.
    rng : numpy.random.Generator
        Draws x, then ε.

    Returns
    -------
    x : ndarray of shape (n,)
        Sorted inputs.
    y : ndarray of shape (n,)
        Their noisy values.

    Examples
    --------
    >>> x, y = noisy_line(5, 2.0, 1.0, 0.0, np.random.default_rng(0))
    >>> bool(np.allclose(y, 2 * x + 1))
    True
    """
    check_range("n", n, 1, 100_000)
    check_range("noise", noise, 0.0, 100.0)
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    return x, slope * x + intercept + noise * rng.standard_normal(n)


IMAGES = {"china": "china.jpg", "flower": "flower.jpg"}  # the photos scikit-learn ships


def sample_image(name: str, max_side: int = 160) -> NDArray[np.uint8]:
    """A photo that ships with scikit-learn, shrunk by block averaging, as an (H, W, 3) uint8 tensor.

    Parameters
    ----------
    name : {"china", "flower"}
        The photo (each 427 × 640 × 3 at full size).
    max_side : int
        The longer side is reduced to at most this many pixels.

    Returns
    -------
    ndarray of shape (H, W, 3)
        Red, green and blue levels 0–255.

    Examples
    --------
    >>> sample_image("china", max_side=64).shape
    (42, 64, 3)
    """
    check_choice("name", name, IMAGES)
    image = load_sample_image(IMAGES[name]).astype(float)  # (427, 640, 3)
    f = -(-max(image.shape[:2]) // max_side)  # the smallest whole factor that fits
    h, w = image.shape[0] // f, image.shape[1] // f
    blocks = image[: h * f, : w * f].reshape(h, f, w, f, 3)  # (h, f, w, f, 3): f x f blocks
    return blocks.mean(axis=(1, 3)).round().astype(np.uint8)


def digits() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """scikit-learn's 1,797 handwritten digits as a batch tensor of grey levels 0..16, and their labels.

    Returns
    -------
    images : ndarray of shape (1797, 8, 8)
        One 8 × 8 image per digit.
    labels : ndarray of shape (1797,)
        The digit each image shows, 0 to 9.

    Examples
    --------
    >>> images, labels = digits()
    >>> images.shape, labels[:3].tolist()
    ((1797, 8, 8), [0, 1, 2])
    """
    data = load_digits()
    return data.images, data.target


TABLES = {"iris": load_iris, "wine": load_wine, "digits": load_digits, "breast_cancer": load_breast_cancer}


def table(name: str) -> tuple[NDArray[np.float64], NDArray[np.int64], list[str], list[str]]:
    """One of scikit-learn's bundled classification tables, with the names of its columns and classes.

    Parameters
    ----------
    name : {"iris", "wine", "digits", "breast_cancer"}
        A key of :data:`TABLES`.

    Returns
    -------
    X : ndarray of shape (n, d)
        The features.
    y : ndarray of shape (n,)
        The class of each row.
    features : list of str
        The d column names.
    classes : list of str
        The class names, by class number.

    Examples
    --------
    >>> X, y, features, classes = table("iris")
    >>> X.shape, classes
    ((150, 4), ['setosa', 'versicolor', 'virginica'])
    """
    check_choice("name", name, TABLES)
    data = TABLES[name]()
    return data.data, data.target, [str(f) for f in data.feature_names], [str(c) for c in data.target_names]


def diabetes(scale_target: bool = True) -> tuple[NDArray[np.float64], NDArray[np.float64], list[str]]:
    """scikit-learn's diabetes regression: 442 patients, 10 standardised features, a year's progression.

    The features have mean 0 and standard deviation 1, so that one learning rate suits every
    weight (as a network's inputs are) and one penalty α weighs every coefficient alike.

    Parameters
    ----------
    scale_target : bool
        Standardise y too; without it, y stays in its own units.

    Returns
    -------
    X : ndarray of shape (442, 10)
        The standardised features.
    y : ndarray of shape (442,)
        The disease progression a year later.
    names : list of str
        The feature names.

    Examples
    --------
    >>> X, y, names = diabetes()
    >>> X.shape, names[:3], bool(abs(y.mean()) < 1e-12), np.allclose(X.std(axis=0), 1), float(y.std())
    ((442, 10), ['age', 'sex', 'bmi'], True, True, 1.0)
    """
    data = load_diabetes()
    X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    y = (data.target - data.target.mean()) / data.target.std() if scale_target else data.target.astype(float)
    return X, y, [str(name) for name in data.feature_names]


# --- 2-D toy classification sets for the network playground ---------------------------------------


def _moons(n: int, noise: float, classes: int, rng: np.random.Generator) -> Labelled:
    return moons(n, noise, rng)


def _circles(n: int, noise: float, classes: int, rng: np.random.Generator) -> Labelled:
    y = np.arange(n) % 2  # class 0 on the outer circle (radius 1), class 1 on the inner (radius ½)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.where(y[:, None] == 0, 1.0, 0.5) * np.column_stack([np.cos(angle), np.sin(angle)])  # (n, 2)
    return X + noise * rng.standard_normal((n, 2)), y


def _xor(n: int, noise: float, classes: int, rng: np.random.Generator) -> Labelled:
    X = rng.uniform(-1.0, 1.0, (n, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)  # class 1 where the two signs differ
    return X + noise * rng.standard_normal((n, 2)), y


BLOB_SPREAD = 0.3  # each blob's own standard deviation; the noise adds to it


def _blobs(n: int, noise: float, classes: int, rng: np.random.Generator) -> Labelled:
    y = np.arange(n) % classes
    angle = 2 * np.pi * y / classes  # the centres sit evenly on a circle of radius 1.5
    centres = 1.5 * np.column_stack([np.cos(angle), np.sin(angle)])  # (n, 2)
    return centres + (BLOB_SPREAD + noise) * rng.standard_normal((n, 2)), y


SPIRAL_TURNS = 1.25


def _spiral(n: int, noise: float, classes: int, rng: np.random.Generator) -> Labelled:
    y = np.arange(n) % classes
    r = rng.uniform(0.0, 1.0, n)  # the distance from the centre, 0 to 1
    angle = 2 * np.pi * (y / classes + SPIRAL_TURNS * r)  # arm k starts at angle 2πk/K and winds outwards
    X = r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])  # (n, 2)
    return X + noise * rng.standard_normal((n, 2)), y


@dataclass(frozen=True)
class ToySet:
    """How to draw one playground data set, and how many classes its shape allows."""

    make: Callable[[int, float, int, np.random.Generator], Labelled]  # (n, noise, K, rng) -> X, y
    max_classes: int  # 2 where the shape has two sides; blobs and spirals take up to 5


TOY_SETS = {
    "moons": ToySet(_moons, 2),
    "circles": ToySet(_circles, 2),
    "blobs": ToySet(_blobs, 5),
    "xor": ToySet(_xor, 2),
    "spiral": ToySet(_spiral, 5),
}


def toy_set(name: str, n: int, noise: float, rng: np.random.Generator, classes: int = 2) -> Labelled:
    """A 2-D classification set for the network playground: points X and their classes y.

    moons: two interleaving half circles (scikit-learn's ``make_moons``). circles: a circle of
    radius 1 around one of radius ½. xor: uniform points in [−1, 1]², class 1 where x₁x₂ < 0.
    blobs: K Gaussian clouds (standard deviation 0.3) around centres evenly spaced on a circle
    of radius 1.5. spiral: K arms rᵢ(cos θᵢ, sin θᵢ), θᵢ = 2π(k/K + 1.25 rᵢ), rᵢ ~ U(0, 1).
    Every set then gets Gaussian noise of standard deviation ``noise`` on each coordinate.

    Parameters
    ----------
    name : str
        A key of :data:`TOY_SETS`.
    n : int in [max(2, K), 5000]
        The number of points (classes as even as n allows).
    noise : float in [0, 1]
        The standard deviation of the noise on each coordinate.
    rng : numpy.random.Generator
        Draws the points.
    classes : int
        K: 2 for moons, circles and xor; 2 to 5 for blobs and spiral.

    Returns
    -------
    X : ndarray of shape (n, 2)
        The points.
    y : ndarray of shape (n,)
        Their classes 0 … K−1.

    Examples
    --------
    >>> X, y = toy_set("spiral", 300, 0.05, np.random.default_rng(0), classes=3)
    >>> X.shape, np.bincount(y).tolist()
    ((300, 2), [100, 100, 100])
    """
    check_choice("name", name, TOY_SETS)
    check_range("classes", classes, 2, TOY_SETS[name].max_classes)
    check_range("n", n, max(2, classes), 5000)
    check_range("noise", noise, 0.0, 1.0)
    return TOY_SETS[name].make(int(n), float(noise), int(classes), rng)


# --- Targets: the functions on [-1, 1] that lessons 9 and 10 learn from samples ---------------------


def sine(x: ArrayLike) -> NDArray[np.float64]:
    """f(x) = sin(πx): one smooth period on [-1, 1].

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> sine([-0.5, 0.0, 0.5]).round(12).tolist()
    [-1.0, 0.0, 1.0]
    """
    return np.sin(np.pi * np.asarray(x, dtype=float))


def cubic(x: ArrayLike) -> NDArray[np.float64]:
    """f(x) = 2x³ − x: a polynomial, which a cubic fits exactly.

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> cubic([-1.0, 0.5, 1.0]).tolist()
    [-1.0, -0.25, 1.0]
    """
    x = np.asarray(x, dtype=float)
    return 2 * x**3 - x


def runge(x: ArrayLike) -> NDArray[np.float64]:
    """f(x) = 1 / (1 + 25x²), Runge's function: smooth, yet high-degree polynomials swing at its ends.

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> runge([0.0, 0.2]).tolist()
    [1.0, 0.5]
    """
    x = np.asarray(x, dtype=float)
    return 1 / (1 + 25 * x**2)


def step(x: ArrayLike) -> NDArray[np.float64]:
    """f(x) = −½ for x < 0 and ½ for x ≥ 0: a jump that no smooth function follows.

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.0]).tolist()
    [-0.5, 0.5, 0.5]
    """
    jump: NDArray[np.float64] = np.where(np.asarray(x, dtype=float) < 0, -0.5, 0.5)
    return jump


def absolute(x: ArrayLike) -> NDArray[np.float64]:
    """f(x) = |x|: one kink, which two ReLU units make exactly.

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> absolute([-0.5, 0.25]).tolist()
    [0.5, 0.25]
    """
    return np.abs(np.asarray(x, dtype=float))


SAWTOOTH_PERIOD = 2 / 3  # three teeth on [-1, 1]


def sawtooth(x: ArrayLike) -> NDArray[np.float64]:
    """A sawtooth between −1 and 1 of period p = 2/3: 2(x/p − ⌊x/p + ½⌋), rising, then dropping by 2.

    Parameters
    ----------
    x : array_like
        Inputs, any shape.

    Returns
    -------
    ndarray of float
        f at each input.

    Examples
    --------
    >>> sawtooth([0.0, 1 / 6, -1 / 6]).round(12).tolist()
    [0.0, 0.5, -0.5]
    """
    u = np.asarray(x, dtype=float) / SAWTOOTH_PERIOD
    return 2 * (u - np.floor(u + 0.5))


# The one registry of target functions: the 1-D network fit and the polynomial fits choose from it.
TARGETS: dict[str, Callable[[ArrayLike], NDArray[np.float64]]] = {
    "sine": sine,
    "cubic": cubic,
    "runge": runge,
    "step": step,
    "abs": absolute,
    "sawtooth": sawtooth,
}
