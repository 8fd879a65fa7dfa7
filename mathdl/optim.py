"""Gradient descent and the optimisers built on it, and learning-rate schedules.

Each optimiser is one update rule, written as its paper writes it: a function of the point, the
gradient function, the optimiser's memory (``state``) and the learning rate, returning the next
point and the new memory, ``step(x, grad, state, lr, **hyper) -> (x, state)``. :func:`descend`
runs any of them and stops a run that diverges. The losses they descend are in
:mod:`mathdl.surfaces`; mini-batches on a real regression in :mod:`mathdl.minibatch`.

>>> path = descend("sgd", lambda x: 2 * x, [1.0], lr=0.25, steps=3)
>>> path.points[:, 0].tolist()
[1.0, 0.5, 0.25, 0.125]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import check_choice, check_range

Vector = NDArray[np.float64]
Gradient = Callable[[Vector], Vector]
State = dict[str, Any]
LIMIT = 1e6  # a run whose |x| passes it has diverged: the picture shows the escape, not infinity
EPS = 1e-8  # the ε that keeps adaptive steps finite where the gradient history is zero


# --- the update rules ---------------------------------------------------------------------------


def sgd_step(x: Vector, grad: Gradient, state: State, lr: float) -> tuple[Vector, State]:
    """Plain gradient descent: x ← x − η ∇f(x).

    Given the full gradient, as on the loss surfaces, this is gradient descent (GD); given a
    mini-batch's estimate of it, the same rule is stochastic gradient descent (SGD), whose name
    its registry key ``"sgd"`` keeps.

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        The optimiser's memory: none here.
    lr : float
        The learning rate η.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        Unchanged.

    Examples
    --------
    >>> sgd_step(np.array([1.0]), lambda x: 2 * x, {}, 0.25)[0].tolist()
    [0.5]
    """
    return x - lr * grad(x), state


def momentum_step(x: Vector, grad: Gradient, state: State, lr: float, beta: float = 0.9) -> tuple[Vector, State]:
    """Polyak's heavy ball: v ← βv − η∇f(x), x ← x + v.

    A ball that keeps its speed through ravines: zigzags across a valley cancel in v, steps
    along it add up.

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        ``v``, the velocity (0 at first).
    lr : float
        The learning rate η.
    beta : float
        The momentum β: how much of the previous step is kept.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        The new velocity.

    Examples
    --------
    >>> x, s = momentum_step(np.array([1.0]), lambda x: 2 * x, {"v": np.array([-0.5])}, 0.25)
    >>> x.round(6).tolist(), s["v"].round(6).tolist()
    ([0.05], [-0.95])
    """
    v = beta * state.get("v", 0.0) - lr * grad(x)
    return x + v, {"v": v}


def nesterov_step(x: Vector, grad: Gradient, state: State, lr: float, beta: float = 0.9) -> tuple[Vector, State]:
    """Nesterov's momentum (as in Sutskever et al. 2013): v ← βv − η∇f(x + βv), x ← x + v.

    The slope is read where the momentum is about to carry x, so the ball brakes before the far wall.

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        ``v``, the velocity (0 at first).
    lr : float
        The learning rate η.
    beta : float
        The momentum β.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        The new velocity.

    Examples
    --------
    >>> nesterov_step(np.array([1.0]), lambda x: 2 * x, {"v": np.array([-0.5])}, 0.25)[0].round(6).tolist()
    [0.275]
    """
    v = state.get("v", 0.0)
    v = beta * v - lr * grad(x + beta * v)
    return x + v, {"v": v}


def adagrad_step(x: Vector, grad: Gradient, state: State, lr: float) -> tuple[Vector, State]:
    """AdaGrad (Duchi et al. 2011): G ← G + g², x ← x − η g / (√G + ε).

    Each coordinate's step shrinks with the sum of its past squared slopes.

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        ``G``, the sum of squared gradients (0 at first).
    lr : float
        The learning rate η.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        The new sum.

    Examples
    --------
    >>> adagrad_step(np.array([1.0]), lambda x: 2 * x, {}, 0.5)[0].round(6).tolist()
    [0.5]
    """
    g = grad(x)
    G = state.get("G", 0.0) + g**2
    return x - lr * g / (np.sqrt(G) + EPS), {"G": G}


def rmsprop_step(x: Vector, grad: Gradient, state: State, lr: float, rho: float = 0.9) -> tuple[Vector, State]:
    """RMSProp (Hinton, lecture 6e): s ← ρs + (1 − ρ)g², x ← x − η g / (√s + ε).

    AdaGrad with a fading memory.

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        ``s``, the moving average of squared gradients (0 at first).
    lr : float
        The learning rate η.
    rho : float
        The decay ρ of the average.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        The new average.

    Examples
    --------
    >>> rmsprop_step(np.array([1.0]), lambda x: 2 * x, {}, 0.1)[0].round(4).tolist()
    [0.6838]
    """
    g = grad(x)
    s = rho * state.get("s", 0.0) + (1 - rho) * g**2
    return x - lr * g / (np.sqrt(s) + EPS), {"s": s}


def adam_step(
    x: Vector, grad: Gradient, state: State, lr: float, beta1: float = 0.9, beta2: float = 0.999
) -> tuple[Vector, State]:
    """Adam (Kingma and Ba 2015): momentum on the gradient and on its square, both bias-corrected.

    m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
    x ← x − η m̂ / (√v̂ + ε).

    Parameters
    ----------
    x : ndarray of shape (d,)
        The point.
    grad : callable
        ∇f, from shape (d,) to shape (d,).
    state : dict
        ``m``, ``v`` and the step count ``t`` (0 at first).
    lr : float
        The learning rate η.
    beta1, beta2 : float
        The decays of the two moving averages.

    Returns
    -------
    x : ndarray of shape (d,)
        The next point.
    state : dict
        The new averages and count.

    Examples
    --------
    >>> adam_step(np.array([1.0]), lambda x: 2 * x, {}, 0.1)[0].round(6).tolist()
    [0.9]
    """
    g, t = grad(x), state.get("t", 0) + 1
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + EPS), {"m": m, "v": v, "t": t}


Step = Callable[..., tuple[Vector, State]]
OPTIMIZERS: dict[str, Step] = {
    "sgd": sgd_step,
    "momentum": momentum_step,
    "nesterov": nesterov_step,
    "adagrad": adagrad_step,
    "rmsprop": rmsprop_step,
    "adam": adam_step,
}


# --- running one --------------------------------------------------------------------------------


class Differentiable(Protocol):
    """A loss that knows its gradient, such as a :class:`mathdl.surfaces.Surface`."""

    def grad(self, w: Vector) -> Vector:
        """∇f at w."""
        ...


class Landscape(Differentiable, Protocol):
    """A loss with its gradient and a point to start from."""

    @property
    def start(self) -> tuple[float, ...]:
        """Where every optimiser starts."""
        ...


@dataclass(frozen=True)
class Path:
    """The points an optimiser visited, shape (k + 1, d), and the step at which it blew up, if it did."""

    points: NDArray[np.float64]
    diverged_at: int | None


def descend(
    name: str,
    grad: Gradient | Differentiable,
    x0: ArrayLike,
    lr: float,
    steps: int,
    *,
    limit: float = LIMIT,
    **hyper: float,
) -> Path:
    """Run an optimiser from x₀ for ``steps`` steps, stopping when it diverges.

    x_{k+1}, state_{k+1} = step(x_k, ∇f, state_k, η). A run has diverged when a coordinate
    leaves [−limit, limit] or stops being a number; the path then ends at its last finite
    point, so a picture shows the escape and not infinity.

    Parameters
    ----------
    name : str
        A key of :data:`OPTIMIZERS`.
    grad : callable or Differentiable
        ∇f, from shape (d,) to shape (d,), or a loss whose ``grad`` method it is.
    x0 : array_like of shape (d,)
        The start.
    lr : float
        The learning rate η, in (0, 100].
    steps : int
        0 to 100,000.
    limit : float
        The size beyond which a run counts as diverged.
    **hyper
        The optimiser's own keyword arguments, such as ``beta`` for momentum.

    Returns
    -------
    Path
        The points, and the step that diverged (None if none did).

    Examples
    --------
    >>> descend("sgd", lambda x: 2 * x, [1.0], lr=1.5, steps=40).diverged_at
    20
    """
    check_choice("optimizer", name, OPTIMIZERS)
    if not 0 < lr <= 100:
        raise MathDLError("out_of_range", name="lr", low="0 (excluded)", high=100, value=lr)
    check_range("steps", steps, 0, 100_000)
    gradient = grad if callable(grad) else grad.grad
    x, points = np.asarray(x0, dtype=float), [np.asarray(x0, dtype=float)]
    state: State = {}
    with np.errstate(all="ignore"):  # overflow is how divergence shows itself; it is caught below
        for k in range(1, steps + 1):
            x, state = OPTIMIZERS[name](x, gradient, state, lr, **hyper)
            if not np.all(np.abs(x) <= limit):
                return Path(np.array(points), diverged_at=k)
            points.append(x)
    return Path(np.array(points), diverged_at=None)


def compare(
    s: Landscape, lr: float, steps: int, *, beta: float = 0.9, names: tuple[str, ...] = tuple(OPTIMIZERS)
) -> dict[str, Path]:
    """Every optimiser in ``names`` from the same start with the same learning rate.

    The momentum methods use ``beta``; the others their published defaults.

    Parameters
    ----------
    s : Landscape
        A loss with ``grad`` and ``start``, such as :func:`mathdl.surfaces.surface`'s.
    lr : float
        The learning rate η.
    steps : int
        Steps per optimiser.
    beta : float
        The momentum β of momentum and Nesterov.
    names : tuple of str
        Keys of :data:`OPTIMIZERS`.

    Returns
    -------
    dict of str to Path
        One path per optimiser, in the order of ``names``.

    Examples
    --------
    >>> from mathdl.surfaces import surface
    >>> paths = compare(surface("quadratic"), lr=0.1, steps=500)
    >>> sorted(name for name, p in paths.items() if np.linalg.norm(p.points[-1]) < 1e-3)
    ['adam', 'momentum', 'nesterov']
    """
    own = {"momentum": {"beta": beta}, "nesterov": {"beta": beta}}
    return {name: descend(name, s, s.start, lr, steps, **own.get(name, {})) for name in names}


def first_steps(path: Path, k: int) -> Path:
    """The path as it stands after step k: x_0 … x_k, the frame a stepping picture draws.

    A run that diverged ends at its last finite point, x_{d−1}, and escapes at step d: a frame that
    reaches x_{d−1} (or any k beyond) shows the whole path and the step that diverged; an earlier
    frame has not diverged yet.

    Parameters
    ----------
    path : Path
        A run of :func:`descend`, with points of shape (n + 1, d).
    k : int ≥ 0
        The step.

    Returns
    -------
    Path
        The first min(k, n) + 1 points, and ``diverged_at`` once they are all the run has.

    Examples
    --------
    >>> path = descend("sgd", lambda x: 2 * x, [1.0], lr=0.25, steps=3)
    >>> first_steps(path, 2).points[:, 0].tolist()
    [1.0, 0.5, 0.25]
    """
    check_range("k", k, 0, 100_000)
    diverged = path.diverged_at if k >= len(path.points) - 1 else None
    return Path(path.points[: k + 1], diverged_at=diverged)


def race_at(paths: dict[str, Path], k: int) -> dict[str, Path]:
    """Every optimiser's path as it stands after step k (see :func:`first_steps`): a race, frame by frame.

    Parameters
    ----------
    paths : dict of str to Path
        Runs such as :func:`compare` gives.
    k : int ≥ 0
        The step.

    Returns
    -------
    dict of str to Path
        The same keys, each path cut after step k.

    Examples
    --------
    >>> from mathdl.surfaces import surface
    >>> race = race_at(compare(surface("quadratic"), lr=0.1, steps=50), 3)
    >>> {name: len(path.points) for name, path in race.items()}["adam"]
    4
    """
    return {name: first_steps(path, k) for name, path in paths.items()}


# --- learning-rate schedules ------------------------------------------------------------------------

SCHEDULES = ("constant", "step", "cosine", "warmup_cosine")


def learning_rate(
    schedule: str,
    step: ArrayLike,
    total: int,
    lr: float,
    *,
    warmup: float = 0.1,
    drop: float = 0.5,
    every: float = 0.3,
) -> NDArray[np.float64]:
    """The learning rate at each step of a schedule, steps counted from 0 to total − 1.

    With t = step/total the fraction of training done: constant, η; step, η · drop^⌊t/every⌋;
    cosine, η (1 + cos πt)/2; warmup_cosine, η t/warmup over the first ``warmup`` fraction,
    then the cosine over the rest.

    Parameters
    ----------
    schedule : str
        A key of :data:`SCHEDULES`.
    step : array_like of int
        The steps, any shape.
    total : int
        The number of steps of the whole training.
    lr : float
        The peak learning rate η.
    warmup : float
        The fraction of training spent warming up.
    drop : float
        The step schedule's factor.
    every : float
        The fraction of training between two drops.

    Returns
    -------
    ndarray of float
        The rate at each step, the shape of ``step``.

    Examples
    --------
    >>> learning_rate("cosine", [0, 50, 100], 100, 1.0).round(3).tolist()
    [1.0, 0.5, 0.0]
    """
    check_choice("schedule", schedule, SCHEDULES)
    t = np.asarray(step, dtype=float) / max(total, 1)  # fraction of training done
    rate: NDArray[np.float64]
    if schedule == "constant":
        rate = np.full_like(t, lr)
    elif schedule == "step":
        rate = lr * drop ** np.floor(t / every)
    elif schedule == "cosine":
        rate = lr * (1 + np.cos(np.pi * t)) / 2
    else:
        ramp = np.minimum(t / warmup, 1.0) if warmup > 0 else np.ones_like(t)
        rest = np.clip((t - warmup) / (1 - warmup), 0, 1)
        rate = lr * np.where(t < warmup, ramp, (1 + np.cos(np.pi * rest)) / 2)
    return rate
