"""Losses to descend: a parabola in one dimension and four surfaces in two.

The parabola a x²/2 shows the learning rate against the curvature a (the bound η < 2/a; the
curvature is a, not L, because L names the loss). The
surfaces (an ill-conditioned quadratic, Rosenbrock's valley, Beale's function and a saddle) show
what momentum and adaptive steps do. A :class:`Surface` is named by its registry key and holds
only numbers, so it can be written in a notebook, compared and pickled; its loss and gradient are
the named functions of :data:`SURFACES`. The optimisers are in :mod:`mathdl.optim`.

>>> s = surface("rosenbrock")
>>> float(s.f(np.array([1.0, 1.0]))), s.grad(np.array([0.0, 0.0])).tolist()
(0.0, [-2.0, 0.0])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.optim import Path
from mathdl.validation import as_vector, check_choice, check_range

Array = NDArray[np.float64]
FLOOR = 1e-16  # the smallest gap drawn: a log axis cannot show 0


# --- one dimension: the learning rate against the curvature -------------------------------------


@dataclass(frozen=True)
class Parabola:
    """The loss f(x) = a x²/2, whose curvature f'' = a is the same everywhere."""

    curvature: float

    def f(self, x: ArrayLike) -> Array:
        """a x²/2 at every x."""
        values: Array = self.curvature * np.asarray(x, dtype=float) ** 2 / 2
        return values

    def grad(self, x: ArrayLike) -> Array:
        """a x at every x."""
        return self.curvature * np.asarray(x, dtype=float)


def parabola(curvature: float) -> Parabola:
    """The simplest loss, f(x) = a x²/2 with gradient a x.

    Parameters
    ----------
    curvature : float
        a, in (0, 1000].

    Returns
    -------
    Parabola
        The loss, with ``f`` and ``grad``.

    Examples
    --------
    >>> p = parabola(2.0)
    >>> float(p.f(3.0)), float(p.grad(3.0))
    (9.0, 6.0)
    """
    if not 0 < curvature <= 1e3:
        raise MathDLError("out_of_range", name="curvature", low="0 (excluded)", high=1000, value=curvature)
    return Parabola(float(curvature))


def profile(p: Parabola, half_width: float = 6.0, n: int = 121) -> tuple[Array, Array]:
    """The parabola drawn over [−half_width, half_width]: n points x and f(x).

    Parameters
    ----------
    p : Parabola
        The loss.
    half_width : float
        How far the window reaches on each side of the minimum.
    n : int
        Points.

    Returns
    -------
    x : ndarray of shape (n,)
    loss : ndarray of shape (n,)

    Examples
    --------
    >>> profile(parabola(1.0), 2.0, 3)[1].tolist()
    [2.0, 0.0, 2.0]
    """
    x = np.linspace(-half_width, half_width, n)
    return x, p.f(x)


def contraction(lr: ArrayLike, curvature: float) -> Array:
    """|1 − ηa|: the factor by which each step of gradient descent shrinks x on a parabola of curvature a.

    Parameters
    ----------
    lr : array_like
        Learning rates η, any shape.
    curvature : float
        a.

    Returns
    -------
    ndarray of float
        The factor for each rate, the shape of ``lr``.

    Examples
    --------
    >>> contraction([0.5, 1.0, 2.0, 2.5], 1.0).tolist()
    [0.5, 0.0, 1.0, 1.5]
    """
    return np.abs(1 - np.asarray(lr, dtype=float) * curvature)


def gd_regime(lr: float, curvature: float) -> str:
    """What gradient descent does on f(x) = a x²/2, where x ← (1 − ηa) x.

    ``"converges"`` straight down for η ≤ 1/a, ``"oscillates"`` while shrinking for
    1/a < η < 2/a, ``"cycles"`` at exactly η = 2/a, and ``"diverges"`` beyond: the bound η < 2/a.

    Parameters
    ----------
    lr : float
        The learning rate η.
    curvature : float
        a.

    Returns
    -------
    str
        One of the four regimes.

    Examples
    --------
    >>> [gd_regime(lr, 1.0) for lr in (0.5, 1.5, 2.0, 2.5)]
    ['converges', 'oscillates', 'cycles', 'diverges']
    """
    factor = 1 - lr * curvature  # x_k = factor^k x_0
    if contraction(lr, curvature) > 1 + 1e-12:
        return "diverges"
    if abs(factor) > 1 - 1e-12:
        return "cycles" if factor < 0 else "converges"
    return "oscillates" if factor < 0 else "converges"


@dataclass(frozen=True)
class Stability:
    """Gradient descent on a parabola of curvature a in numbers: x_k = factorᵏ x₀, and the rates 1/a and 2/a."""

    factor: float  # 1 − ηa
    contraction: float  # |1 − ηa|
    ideal: float  # 1/a: one step to the minimum
    bound: float  # 2/a: the largest rate that does not diverge
    regime: str


def stability(lr: float, curvature: float) -> Stability:
    """What a learning rate does on a parabola of curvature a: x ← (1 − ηa) x.

    It converges exactly when |1 − ηa| < 1, that is η < 2/a; η = 1/a reaches the minimum in
    one step.

    Parameters
    ----------
    lr : float
        The learning rate η.
    curvature : float
        a > 0.

    Returns
    -------
    Stability
        The factor, its size, 1/a, 2/a and the regime (see :func:`gd_regime`).

    Examples
    --------
    >>> s = stability(1.5, 1.0)
    >>> s.factor, s.bound, s.regime
    (-0.5, 2.0, 'oscillates')
    """
    factor = 1 - lr * curvature
    return Stability(factor, abs(factor), 1 / curvature, 2 / curvature, gd_regime(lr, curvature))


# --- two-dimensional loss surfaces ----------------------------------------------------------------


def _xy(w: ArrayLike) -> tuple[Array, Array]:
    x, y = np.moveaxis(np.asarray(w, dtype=float), -1, 0)
    return x, y


# Each loss takes points of shape (..., 2) and returns shape (...); each gradient returns shape (..., 2).


def _quadratic(w: ArrayLike, condition: float) -> Array:
    """f(x, y) = (x²/κ + y²)/2: curvatures 1/κ and 1, so κ is the Hessian's condition number."""
    x, y = _xy(w)
    return 0.5 * (x**2 / condition + y**2)


def _quadratic_grad(w: ArrayLike, condition: float) -> Array:
    """∇f = (x/κ, y)."""
    x, y = _xy(w)
    return np.stack([x / condition, y], axis=-1)


def _rosenbrock(w: ArrayLike) -> Array:
    """Rosenbrock's valley f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1)."""
    x, y = _xy(w)
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _rosenbrock_grad(w: ArrayLike) -> Array:
    """∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²))."""
    x, y = _xy(w)
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)


BEALE_C = (1.5, 2.25, 2.625)


def _beale(w: ArrayLike) -> Array:
    """Beale's function f(x, y) = Σᵢ rᵢ², rᵢ = cᵢ − x + x yⁱ, c = (1.5, 2.25, 2.625), minimum 0 at (3, 0.5)."""
    x, y = _xy(w)
    total: Array = sum((c - x + x * y**i) ** 2 for i, c in enumerate(BEALE_C, start=1))  # type: ignore[assignment]
    return total


def _beale_grad(w: ArrayLike) -> Array:
    """∇f = (Σ 2rᵢ(yⁱ − 1), Σ 2rᵢ · i x yⁱ⁻¹)."""
    x, y = _xy(w)
    r = [c - x + x * y**i for i, c in enumerate(BEALE_C, start=1)]
    dx = sum(2 * r[i - 1] * (y**i - 1) for i in (1, 2, 3))
    dy = sum(2 * r[i - 1] * i * x * y ** (i - 1) for i in (1, 2, 3))
    return np.stack([dx, dy], axis=-1)


def _saddle(w: ArrayLike) -> Array:
    """f(x, y) = x²/2 + y⁴/4 − y²/2: a saddle at the origin between two valleys at (0, ±1)."""
    x, y = _xy(w)
    return x**2 / 2 + y**4 / 4 - y**2 / 2


def _saddle_grad(w: ArrayLike) -> Array:
    """∇f = (x, y³ − y)."""
    x, y = _xy(w)
    return np.stack([x, y**3 - y], axis=-1)


@dataclass(frozen=True)
class Shape:
    """A registry entry: the loss and its gradient (taking κ if ``conditioned``), a start, the minimum, a window."""

    f: Callable[..., Array]
    grad: Callable[..., Array]
    start: tuple[float, float]
    minimum: tuple[float, float]
    extent: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max
    conditioned: bool = False


SURFACES = {
    "quadratic": Shape(_quadratic, _quadratic_grad, (-4.5, 2.5), (0.0, 0.0), (-5, 5, -3, 3), conditioned=True),
    "rosenbrock": Shape(_rosenbrock, _rosenbrock_grad, (-1.5, 2.0), (1.0, 1.0), (-2, 2, -1, 3)),
    "beale": Shape(_beale, _beale_grad, (1.0, 1.5), (3.0, 0.5), (-4.5, 4.5, -4.5, 4.5)),
    "saddle": Shape(_saddle, _saddle_grad, (-2.5, 1e-3), (0.0, 1.0), (-3, 3, -2, 2)),
}


@dataclass(frozen=True)
class Surface:
    """One of :data:`SURFACES` with its κ: a loss f(x, y), its gradient, a start, its minimum and a window."""

    name: str
    condition: float
    start: tuple[float, float]
    minimum: tuple[float, float]
    extent: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max

    def _params(self) -> dict[str, Any]:
        return {"condition": self.condition} if SURFACES[self.name].conditioned else {}

    def f(self, w: ArrayLike) -> Array:
        """The loss at points of shape (..., 2), shape (...)."""
        return SURFACES[self.name].f(w, **self._params())

    def grad(self, w: ArrayLike) -> Array:
        """The gradient at points of shape (..., 2), shape (..., 2)."""
        return SURFACES[self.name].grad(w, **self._params())

    def gap(self, w: ArrayLike) -> Array:
        """f(w) − f(w*), how far above the minimum, floored at 1e-16 so that it fits a log axis."""
        return np.maximum(self.f(w) - self.f(np.array(self.minimum)), FLOOR)


def surface(name: str, condition: float = 10.0) -> Surface:
    """One of :data:`SURFACES`; ``condition`` (κ) shapes the quadratic's ravine.

    Parameters
    ----------
    name : str
        A key of :data:`SURFACES`.
    condition : float
        κ, 1 to 10⁴; only the quadratic uses it.

    Returns
    -------
    Surface
        The loss, by name.

    Examples
    --------
    >>> float(surface("rosenbrock").f(np.array([1.0, 1.0])))
    0.0
    """
    check_choice("surface", name, SURFACES)
    check_range("condition", condition, 1, 10_000)
    shape = SURFACES[name]
    return Surface(name, float(condition), shape.start, shape.minimum, shape.extent)


def starting_at(s: Surface, start: ArrayLike) -> Surface:
    """The same surface with every optimiser starting from ``start`` instead of its usual point.

    Parameters
    ----------
    s : Surface
        A surface of :func:`surface`.
    start : array_like of shape (2,)
        (x₀, y₀), inside the surface's window ``s.extent``.

    Returns
    -------
    Surface
        ``s`` with ``start`` replaced.

    Examples
    --------
    >>> starting_at(surface("rosenbrock"), (0.5, -0.5)).start
    (0.5, -0.5)
    """
    x0, y0 = (float(v) for v in as_vector(start, "start", 2))
    x_min, x_max, y_min, y_max = s.extent
    check_range("x0", x0, x_min, x_max)
    check_range("y0", y0, y_min, y_max)
    return Surface(s.name, s.condition, (x0, y0), s.minimum, s.extent)


def surface_grid(s: Surface, n: int = 60) -> tuple[Array, Array, Array]:
    """f on an n × n grid over the surface's window.

    Parameters
    ----------
    s : Surface
        The loss.
    n : int
        Points along each axis.

    Returns
    -------
    x : ndarray of shape (n,)
    y : ndarray of shape (n,)
    values : ndarray of shape (n, n)
        f(x[j], y[i]) in row i, column j: rows along y.

    Examples
    --------
    >>> surface_grid(surface("saddle"), 3)[2].tolist()[1]
    [4.5, 0.0, 4.5]
    """
    x = np.linspace(s.extent[0], s.extent[1], n)
    y = np.linspace(s.extent[2], s.extent[3], n)
    return x, y, s.f(np.stack(np.meshgrid(x, y), axis=-1))  # (n, n)


def landscape(s: Surface, n: int = 120) -> tuple[Array, Array, Array]:
    """f − f* on an n × n grid over the surface's window: what a map of the surface shows.

    Parameters
    ----------
    s : Surface
        The loss.
    n : int
        Points along each axis.

    Returns
    -------
    x : ndarray of shape (n,)
    y : ndarray of shape (n,)
    gap : ndarray of shape (n, n)
        f(x[j], y[i]) − f*, at least 1e-16, in row i, column j.

    Examples
    --------
    >>> landscape(surface("saddle"), 3)[2].tolist()[1]
    [4.75, 0.25, 4.75]
    """
    x, y, _ = surface_grid(s, n)
    return x, y, s.gap(np.stack(np.meshgrid(x, y), axis=-1))


def along(s: Parabola | Surface, path: Path) -> Array:
    """The loss at every point a path visited, shape (k + 1,).

    Parameters
    ----------
    s : Parabola or Surface
        The loss the path descended.
    path : Path
        From :func:`mathdl.optim.descend`.

    Returns
    -------
    ndarray of shape (k + 1,)

    Examples
    --------
    >>> from mathdl.optim import descend
    >>> p = parabola(1.0)
    >>> along(p, descend("sgd", p, [2.0], 0.5, 2)).tolist()
    [2.0, 0.5, 0.125]
    """
    return s.f(path.points[:, 0]) if isinstance(s, Parabola) else s.f(path.points)


def gaps(s: Surface, paths: dict[str, Path]) -> dict[str, Array]:
    """f − f* at every point of each path: the loss curves of a race between optimisers.

    Parameters
    ----------
    s : Surface
        The loss.
    paths : dict of str to Path
        From :func:`mathdl.optim.compare`.

    Returns
    -------
    dict of str to ndarray of shape (k + 1,)
        At least 1e-16, for a log axis.

    Examples
    --------
    >>> from mathdl.optim import compare
    >>> s = surface("quadratic")
    >>> gaps(s, compare(s, 0.1, 3, names=("sgd",)))["sgd"].shape
    (4,)
    """
    return {name: s.gap(path.points) for name, path in paths.items()}


@dataclass(frozen=True)
class Standings:
    """Where each optimiser ended: f − f* and the distance to the minimum (NaN for a run that diverged)."""

    gap: dict[str, float]
    distance: dict[str, float]


def standings(s: Surface, paths: dict[str, Path]) -> Standings:
    """How close each path ended to the minimum: f(w_K) − f* and ‖w_K − w*‖.

    Parameters
    ----------
    s : Surface
        The loss.
    paths : dict of str to Path
        From :func:`mathdl.optim.compare`.

    Returns
    -------
    Standings
        Both measures by optimiser; NaN for a run that diverged.

    Examples
    --------
    >>> from mathdl.optim import compare
    >>> s = surface("quadratic")
    >>> round(standings(s, compare(s, 1.0, 0, names=("sgd",))).distance["sgd"], 4)
    5.1478
    """
    ended = {name: path.points[-1] for name, path in paths.items() if path.diverged_at is None}
    nan = float("nan")
    return Standings(
        {name: float(s.gap(ended[name])) if name in ended else nan for name in paths},
        {name: float(np.linalg.norm(ended[name] - s.minimum)) if name in ended else nan for name in paths},
    )


def closest(standings: Standings) -> str | None:
    """The optimiser that ended nearest the minimum in loss, f(w_K) − f* smallest; None if every run diverged.

    Parameters
    ----------
    standings : Standings
        From :func:`standings`.

    Returns
    -------
    str or None
        Its name; of two equal gaps, the first in ``standings``' order.

    Examples
    --------
    >>> closest(Standings({"sgd": 0.5, "adam": 0.01, "rmsprop": float("nan")}, {}))
    'adam'
    """
    ended = {name: gap for name, gap in standings.gap.items() if not np.isnan(gap)}
    return min(ended, key=ended.__getitem__) if ended else None
