"""Gradient descent and the optimisers built on it, on two-dimensional loss surfaces and on a
real regression with mini-batches.

Each optimiser is one update rule, written as its paper writes it: a function of the point,
the gradient function, the optimiser's memory (``state``) and the learning rate, returning the
next point and the new memory. :func:`descend` runs any of them and stops a run that diverges.

>>> path = descend("sgd", lambda x: 2 * x, [1.0], lr=0.25, steps=3)
>>> path.points[:, 0].tolist()
[1.0, 0.5, 0.25, 0.125]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mathdl.errors import MathDLError

Gradient = Callable[[np.ndarray], np.ndarray]
EPS = 1e-8  # the ε that keeps adaptive steps finite where the gradient history is zero


# --- the update rules ---------------------------------------------------------------------------


def sgd_step(x: np.ndarray, grad: Gradient, state: dict, lr: float) -> tuple[np.ndarray, dict]:
    """x ← x − η ∇f(x)."""
    return x - lr * grad(x), state


def momentum_step(x: np.ndarray, grad: Gradient, state: dict, lr: float, beta: float = 0.9) -> tuple[np.ndarray, dict]:
    """Polyak's heavy ball: v ← βv − η∇f(x), x ← x + v. A ball that keeps its speed through ravines."""
    v = beta * state.get("v", 0.0) - lr * grad(x)
    return x + v, {"v": v}


def nesterov_step(x: np.ndarray, grad: Gradient, state: dict, lr: float, beta: float = 0.9) -> tuple[np.ndarray, dict]:
    """Nesterov (as in Sutskever et al. 2013): v ← βv − η∇f(x + βv), x ← x + v: the slope is read
    where the momentum is about to carry x, so the ball brakes before the far wall.
    """
    v = state.get("v", 0.0)
    v = beta * v - lr * grad(x + beta * v)
    return x + v, {"v": v}


def adagrad_step(x: np.ndarray, grad: Gradient, state: dict, lr: float) -> tuple[np.ndarray, dict]:
    """Duchi et al. 2011: G ← G + g², x ← x − η g / (√G + ε): each coordinate's step shrinks with
    the sum of its past squared slopes.
    """
    g = grad(x)
    G = state.get("G", 0.0) + g**2
    return x - lr * g / (np.sqrt(G) + EPS), {"G": G}


def rmsprop_step(x: np.ndarray, grad: Gradient, state: dict, lr: float, rho: float = 0.9) -> tuple[np.ndarray, dict]:
    """Hinton's RMSProp: s ← ρs + (1 − ρ)g², x ← x − η g / (√s + ε): AdaGrad with a fading memory."""
    g = grad(x)
    s = rho * state.get("s", 0.0) + (1 - rho) * g**2
    return x - lr * g / (np.sqrt(s) + EPS), {"s": s}


def adam_step(
    x: np.ndarray, grad: Gradient, state: dict, lr: float, beta1: float = 0.9, beta2: float = 0.999
) -> tuple[np.ndarray, dict]:
    """Kingma and Ba 2015: momentum on the gradient (m) and on its square (v), both corrected for
    starting at zero, x ← x − η m̂ / (√v̂ + ε).
    """
    g, t = grad(x), state.get("t", 0) + 1
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + EPS), {"m": m, "v": v, "t": t}


OPTIMIZERS = {
    "sgd": sgd_step,
    "momentum": momentum_step,
    "nesterov": nesterov_step,
    "adagrad": adagrad_step,
    "rmsprop": rmsprop_step,
    "adam": adam_step,
}


# --- running one --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """The points an optimiser visited, ``(k + 1, d)``, and the step at which it blew up, if it did."""

    points: np.ndarray
    diverged_at: int | None


def descend(name: str, grad: Gradient, x0, lr: float, steps: int, *, limit: float = 1e6, **hyper: float) -> Path:
    """Run an optimiser from x₀ for ``steps`` steps, stopping when it diverges.

    A run has diverged when a coordinate leaves [−limit, limit] or stops being a number; the
    path then ends at its last finite point, so a picture shows the escape and not infinity.

    Parameters
    ----------
    name : str
        A key of :data:`OPTIMIZERS`.
    grad : callable
        ∇f, from an ndarray of shape (d,) to one of shape (d,).
    x0 : array_like of shape (d,)
    lr : float
        The learning rate η > 0.
    steps : int
    **hyper
        The optimiser's own keyword arguments, such as ``beta`` for momentum.

    Examples
    --------
    >>> descend("sgd", lambda x: 2 * x, [1.0], lr=1.5, steps=40).diverged_at
    20
    """
    if name not in OPTIMIZERS:
        raise MathDLError("unknown_choice", name="optimizer", allowed=list(OPTIMIZERS), value=name)
    if not 0 < lr <= 100:
        raise MathDLError("out_of_range", name="lr", low="0 (excluded)", high=100, value=lr)
    if not 0 <= steps <= 100_000:
        raise MathDLError("out_of_range", name="steps", low=0, high=100_000, value=steps)
    x, state, points = np.asarray(x0, dtype=float), {}, [np.asarray(x0, dtype=float)]
    with np.errstate(all="ignore"):  # overflow is how divergence shows itself; it is caught below
        for k in range(1, steps + 1):
            x, state = OPTIMIZERS[name](x, grad, state, lr, **hyper)
            if not np.all(np.abs(x) <= limit):
                return Path(np.array(points), diverged_at=k)
            points.append(x)
    return Path(np.array(points), diverged_at=None)


def compare(s: Surface, lr: float, steps: int, *, beta: float = 0.9, names=tuple(OPTIMIZERS)) -> dict[str, Path]:
    """Every optimiser in ``names`` from the surface's start with the same learning rate; the
    momentum methods use ``beta``, the others their published defaults.

    Examples
    --------
    >>> paths = compare(surface("quadratic"), lr=0.1, steps=500)
    >>> sorted(name for name, p in paths.items() if np.linalg.norm(p.points[-1]) < 1e-3)
    ['adam', 'momentum', 'nesterov']
    """
    own = {"momentum": {"beta": beta}, "nesterov": {"beta": beta}}
    return {name: descend(name, s.grad, s.start, lr, steps, **own.get(name, {})) for name in names}


# --- one dimension: the learning rate against the curvature -------------------------------------


def parabola(curvature: float) -> tuple[Callable, Gradient]:
    """f(x) = L x²/2 and its gradient L x: the simplest loss, whose curvature L is the same everywhere.

    Examples
    --------
    >>> f, grad = parabola(2.0)
    >>> float(f(3.0)), grad(3.0)
    (9.0, 6.0)
    """
    if not 0 < curvature <= 1e3:
        raise MathDLError("out_of_range", name="curvature", low="0 (excluded)", high=1000, value=curvature)
    return (lambda x: curvature * np.asarray(x, dtype=float) ** 2 / 2), (lambda x: curvature * x)


def contraction(lr, curvature: float) -> np.ndarray:
    """|1 − ηL|: the factor by which each step of gradient descent shrinks x on a parabola.

    Examples
    --------
    >>> contraction([0.5, 1.0, 2.0, 2.5], 1.0).tolist()
    [0.5, 0.0, 1.0, 1.5]
    """
    return np.abs(1 - np.asarray(lr, dtype=float) * curvature)


def gd_regime(lr: float, curvature: float) -> str:
    """What gradient descent does on f(x) = L x²/2, where x ← (1 − ηL) x.

    ``"converges"`` straight down for η < 1/L, ``"oscillates"`` while shrinking for 1/L < η < 2/L,
    ``"cycles"`` at exactly η = 2/L, and ``"diverges"`` beyond: the bound η < 2/L.

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


# --- two-dimensional loss surfaces ----------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """A loss f(x, y) with its gradient, a starting point, its minimum and a window to draw."""

    f: Callable[[np.ndarray], np.ndarray]  # (..., 2) -> (...)
    grad: Gradient  # (2,) -> (2,)
    start: tuple[float, float]
    minimum: tuple[float, float]
    extent: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max

    def gap(self, w) -> np.ndarray:
        """f(w) − f(w*), how far above the minimum, floored at 1e-16 so that it fits a log axis."""
        return np.maximum(self.f(np.asarray(w, dtype=float)) - self.f(np.array(self.minimum)), 1e-16)


def _quadratic(condition: float) -> Surface:
    # f = (x²/κ + y²)/2: curvatures 1/κ and 1, so κ is the Hessian's condition number.
    scale = np.array([1 / condition, 1.0])
    return Surface(
        lambda w: 0.5 * np.sum(scale * np.asarray(w) ** 2, axis=-1),
        lambda w: scale * w,
        (-4.5, 2.5),
        (0.0, 0.0),
        (-5, 5, -3, 3),
    )


def _rosenbrock() -> Surface:
    def f(w):
        x, y = np.moveaxis(np.asarray(w), -1, 0)
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2

    def grad(w):
        x, y = w
        return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])

    return Surface(f, grad, (-1.5, 2.0), (1.0, 1.0), (-2, 2, -1, 3))


BEALE_C = np.array([1.5, 2.25, 2.625])


def _beale() -> Surface:
    def terms(x, y):  # the three squared residuals cᵢ − x + x yⁱ, i = 1, 2, 3
        return [c - x + x * y**i for i, c in enumerate(BEALE_C, start=1)]

    def f(w):
        x, y = np.moveaxis(np.asarray(w), -1, 0)
        return sum(r**2 for r in terms(x, y))

    def grad(w):
        x, y = w
        r = terms(x, y)
        return np.array(
            [
                sum(2 * r[i - 1] * (y**i - 1) for i in (1, 2, 3)),
                sum(2 * r[i - 1] * i * x * y ** (i - 1) for i in (1, 2, 3)),
            ]
        )

    return Surface(f, grad, (1.0, 1.5), (3.0, 0.5), (-4.5, 4.5, -4.5, 4.5))


def _saddle() -> Surface:
    # f = x²/2 + y⁴/4 − y²/2: a saddle at the origin between two valleys at (0, ±1).
    def f(w):
        x, y = np.moveaxis(np.asarray(w), -1, 0)
        return x**2 / 2 + y**4 / 4 - y**2 / 2

    return Surface(f, lambda w: np.array([w[0], w[1] ** 3 - w[1]]), (-2.5, 1e-3), (0.0, 1.0), (-3, 3, -2, 2))


SURFACES = {"quadratic": _quadratic, "rosenbrock": _rosenbrock, "beale": _beale, "saddle": _saddle}


def surface(name: str, condition: float = 10.0) -> Surface:
    """One of :data:`SURFACES`; ``condition`` (κ ≥ 1) shapes the quadratic's ravine.

    Examples
    --------
    >>> float(surface("rosenbrock").f(np.array([1.0, 1.0])))
    0.0
    """
    if name not in SURFACES:
        raise MathDLError("unknown_choice", name="surface", allowed=list(SURFACES), value=name)
    if not 1 <= condition <= 1e4:
        raise MathDLError("out_of_range", name="condition", low=1, high=10_000, value=condition)
    return _quadratic(condition) if name == "quadratic" else SURFACES[name]()


def surface_grid(s: Surface, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f on an n × n grid over the surface's window: x (n,), y (n,) and values (n, n), rows along y."""
    x = np.linspace(s.extent[0], s.extent[1], n)
    y = np.linspace(s.extent[2], s.extent[3], n)
    return x, y, s.f(np.stack(np.meshgrid(x, y), axis=-1))  # (n, n)


# --- mini-batches on a real regression --------------------------------------------------------------


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """∇ of the mean squared error L(w) = (1/n)‖Xw − y‖²: (2/n) Xᵀ(Xw − y).

    Examples
    --------
    >>> mse_gradient(np.eye(2), np.array([1.0, 0.0]), np.zeros(2)).tolist()
    [-1.0, 0.0]
    """
    return 2 * X.T @ (X @ w - y) / len(y)


def batch_gradients(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, batch_size: int, repeats: int, rng: np.random.Generator
) -> np.ndarray:
    """``repeats`` mini-batch estimates of the gradient, each from ``batch_size`` rows drawn
    without replacement: an unbiased estimate whose spread shrinks as the batch grows.

    Returns
    -------
    ndarray of shape (repeats, d)
    """
    n = len(y)
    if not 1 <= batch_size <= n:
        raise MathDLError("out_of_range", name="batch_size", low=1, high=n, value=batch_size)
    rows = np.argsort(rng.random((repeats, n)), axis=1)[:, :batch_size]  # (repeats, B) without replacement
    return np.array([mse_gradient(X[r], y[r], w) for r in rows])


def gradient_noise(X: np.ndarray, y: np.ndarray, w: np.ndarray, batch_size: int) -> float:
    """E‖ĝ_B − ∇L‖², the mean squared error of a mini-batch gradient, in closed form.

    With per-example gradients gᵢ of total variance σ² = (1/n) Σ‖gᵢ − ḡ‖², a batch of B drawn
    without replacement has E‖ĝ_B − ḡ‖² = (σ²/B) · (n − B)/(n − 1): 1/B, and zero at B = n.

    Examples
    --------
    >>> X, y = np.eye(3), np.ones(3)
    >>> gradient_noise(X, y, np.zeros(3), 3)
    0.0
    """
    n = len(y)
    per_example = 2 * X * (X @ w - y)[:, None]  # (n, d): the gradient of each example's loss
    variance = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    return float(variance / batch_size * (n - batch_size) / (n - 1)) if n > 1 else 0.0


SCHEDULES = ("constant", "step", "cosine", "warmup_cosine")


def learning_rate(
    schedule: str, step, total: int, lr: float, *, warmup: float = 0.1, drop: float = 0.5, every: float = 0.3
) -> np.ndarray:
    """The learning rate at each step of a schedule (steps counted from 0 to total − 1).

    constant: η. step: η · dropᵏ after each ``every`` fraction of training. cosine:
    η (1 + cos(π t/T))/2. warmup_cosine: a linear ramp over the first ``warmup`` fraction, then
    the cosine over the rest.

    Examples
    --------
    >>> learning_rate("cosine", [0, 50, 100], 100, 1.0).round(3).tolist()
    [1.0, 0.5, 0.0]
    """
    if schedule not in SCHEDULES:
        raise MathDLError("unknown_choice", name="schedule", allowed=list(SCHEDULES), value=schedule)
    t = np.asarray(step, dtype=float) / max(total, 1)  # fraction of training done
    if schedule == "constant":
        return np.full_like(t, lr)
    if schedule == "step":
        return lr * drop ** np.floor(t / every)
    if schedule == "cosine":
        return lr * (1 + np.cos(np.pi * t)) / 2
    ramp = np.minimum(t / warmup, 1.0) if warmup > 0 else np.ones_like(t)
    rest = np.clip((t - warmup) / (1 - warmup), 0, 1)
    return lr * np.where(t < warmup, ramp, (1 + np.cos(np.pi * rest)) / 2)


@dataclass(frozen=True)
class Training:
    """Mini-batch SGD on a least-squares problem: the weights, and the full-data loss and
    learning rate after every step (``diverged_at`` is the step that blew up, if one did).
    """

    w: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    diverged_at: int | None


def minibatch_sgd(
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator,
    schedule: str = "constant",
) -> Training:
    """Fit w for L(w) = (1/n)‖Xw − y‖² by SGD: each epoch shuffles the rows and takes one step per batch.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(50, 2)); y = X @ [1.0, -2.0]
    >>> minibatch_sgd(X, y, lr=0.1, batch_size=10, epochs=50, rng=np.random.default_rng(0)).w.round(3).tolist()
    [1.0, -2.0]
    """
    n = len(y)
    if not 1 <= batch_size <= n:
        raise MathDLError("out_of_range", name="batch_size", low=1, high=n, value=batch_size)
    per_epoch = -(-n // batch_size)
    rates = learning_rate(schedule, np.arange(per_epoch * epochs), per_epoch * epochs, lr)
    w, losses = np.zeros(X.shape[1]), []
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(n)
            for b in range(per_epoch):
                rows = order[b * batch_size : (b + 1) * batch_size]
                w = w - rates[len(losses)] * mse_gradient(X[rows], y[rows], w)
                losses.append(np.mean((X @ w - y) ** 2))
                if not np.isfinite(losses[-1]) or losses[-1] > 1e12:
                    return Training(w, np.array(losses[:-1]), rates[: len(losses) - 1], diverged_at=len(losses))
    return Training(w, np.array(losses), rates, diverged_at=None)
