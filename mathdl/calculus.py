"""Derivatives and integrals by numbers: finite differences and their error, four ways to
integrate, and the size of the gradient as it travels back through a deep stack.

Each function takes the function to study as a Python callable on numpy arrays, such as
``lambda x: evaluate(parse("sin(x)"), x)``; the tests compare with closed forms and
``scipy.integrate.quad``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mathdl.activations import ACTIVATIONS
from mathdl.errors import MathDLError

Function = Callable[[np.ndarray], np.ndarray]
RULES = ("left", "midpoint", "trapezoid", "simpson", "monte_carlo")


def forward_difference(f: Function, x0: float, h) -> np.ndarray:
    """(f(x₀ + h) − f(x₀)) / h: error about (h/2) f''(x₀), until rounding, about ε/h, takes over.

    Examples
    --------
    >>> round(float(forward_difference(np.sin, 0.0, 1e-6)), 6)
    1.0
    """
    h = np.asarray(h, dtype=float)
    return (f(x0 + h) - f(np.full_like(h, x0))) / h


def central_difference(f: Function, x0: float, h) -> np.ndarray:
    """(f(x₀ + h) − f(x₀ − h)) / 2h: the h² terms cancel, so the error falls like h².

    Examples
    --------
    >>> round(float(central_difference(np.exp, 0.0, 1e-4)), 8)
    1.0
    """
    h = np.asarray(h, dtype=float)
    return (f(x0 + h) - f(x0 - h)) / (2 * h)


@dataclass(frozen=True)
class DifferenceErrors:
    """|difference quotient − f'(x₀)| for each step h, and the step where each error is smallest."""

    h: np.ndarray
    forward: np.ndarray
    central: np.ndarray
    best_forward: float
    best_central: float


def difference_errors(f: Function, x0: float, exact: float, h) -> DifferenceErrors:
    """The error of both difference quotients against the exact derivative over a range of steps.

    Truncation makes the error fall as h shrinks (like h, or h² for the central quotient) until
    rounding, about ε·|f|/h, takes over: the best step is near √ε ≈ 1e-8 (forward) or ∛ε ≈ 1e-5
    (central).

    Examples
    --------
    >>> e = difference_errors(np.exp, 0.0, 1.0, np.logspace(-12, -1, 12))
    >>> f"{e.best_forward:.0e}, {e.best_central:.0e}"
    '1e-08, 1e-05'
    """
    h = np.asarray(h, dtype=float)
    with np.errstate(all="ignore"):
        forward = np.abs(forward_difference(f, x0, h) - exact)
        central = np.abs(central_difference(f, x0, h) - exact)
    return DifferenceErrors(h, forward, central, float(h[np.nanargmin(forward)]), float(h[np.nanargmin(central)]))


def _check_rule(a: float, b: float, n: int, rule: str) -> None:
    if rule not in RULES:
        raise MathDLError("unknown_choice", name="rule", allowed=list(RULES), value=rule)
    if not 1 <= n <= 10_000_000:
        raise MathDLError("out_of_range", name="n", low=1, high=10_000_000, value=n)
    if not a < b:
        raise MathDLError("bad_interval", low=a, high=b)


def integrate(f: Function, a: float, b: float, n: int, rule: str, rng: np.random.Generator | None = None) -> float:
    """∫ₐᵇ f(x) dx from n function values.

    left: Σ f(xᵢ) Δx at left ends (error ~ 1/n); midpoint and trapezoid (~ 1/n²); Simpson's
    parabolas (~ 1/n⁴, n rounded up to even); Monte Carlo: (b − a) · mean of f at n uniform
    random points (error ~ 1/√n, whatever the dimension).

    Examples
    --------
    >>> round(integrate(lambda x: x**2, 0.0, 1.0, 10, "simpson"), 12)
    0.333333333333
    """
    _check_rule(a, b, n, rule)
    width = (b - a) / n
    if rule == "left":
        return float(np.sum(f(a + width * np.arange(n))) * width)
    if rule == "midpoint":
        return float(np.sum(f(a + width * (np.arange(n) + 0.5))) * width)
    if rule == "trapezoid":
        y = f(np.linspace(a, b, n + 1))
        return float((y.sum() - (y[0] + y[-1]) / 2) * width)
    if rule == "simpson":
        n += n % 2
        y = f(np.linspace(a, b, n + 1))
        weights = np.ones(n + 1)
        weights[1:-1:2], weights[2:-1:2] = 4, 2
        return float(np.dot(weights, y) * (b - a) / n / 3)
    rng = rng if rng is not None else np.random.default_rng()
    return float((b - a) * np.mean(f(rng.uniform(a, b, n))))


# φ'(z) and φ(z) of the three activations of the vanishing-gradient demo, from the one registry in nn
ACTIVATION_SLOPES = {name: ACTIVATIONS[name].grad for name in ("sigmoid", "tanh", "relu")}
ACTIVATION_VALUES = {name: ACTIVATIONS[name].f for name in ACTIVATION_SLOPES}


def gradient_norms(
    depth: int, width: int, activation: str, rng: np.random.Generator, scale: float | None = None
) -> np.ndarray:
    """‖∂L/∂h_l‖ for every layer l of a deep stack h_{l+1} = φ(W_l h_l), at initialisation.

    Backpropagation multiplies the gradient at each layer by W_lᵀ and by φ'(z_l); with
    sigmoid, φ' ≤ 1/4, so the product shrinks geometrically towards the input. ``scale`` is
    the standard deviation of the weights times √width (default: 1 for sigmoid and tanh,
    √2 for ReLU, the usual initialisations).

    Returns
    -------
    ndarray of shape (depth,): the gradient's norm at the input of each layer, input side first.

    Examples
    --------
    >>> gradient_norms(10, 32, "sigmoid", np.random.default_rng(0)).shape
    (10,)
    """
    if activation not in ACTIVATION_SLOPES:
        raise MathDLError("unknown_choice", name="activation", allowed=list(ACTIVATION_SLOPES), value=activation)
    for label, value, high in (("depth", depth, 200), ("width", width, 1024)):
        if not 1 <= value <= high:
            raise MathDLError("out_of_range", name=label, low=1, high=high, value=value)
    scale = (np.sqrt(2.0) if activation == "relu" else 1.0) if scale is None else scale
    weights = [rng.standard_normal((width, width)) * scale / np.sqrt(width) for _ in range(depth)]
    h, pre = rng.standard_normal(width), []
    for W in weights:  # forward, keeping each layer's pre-activation
        z = W @ h
        pre.append(z)
        h = ACTIVATION_VALUES[activation](z)
    grad = np.ones(width) / np.sqrt(width)  # ∂L/∂h at the output, norm 1
    norms = []
    for W, z in zip(reversed(weights), reversed(pre)):  # backward: the chain rule, layer by layer
        grad = W.T @ (grad * ACTIVATION_SLOPES[activation](z))
        norms.append(np.linalg.norm(grad))
    return np.array(norms[::-1])


def numeric_gradient(f: Callable[..., float], point: dict[str, float], h: float = 1e-6) -> dict[str, float]:
    """∂f/∂pᵢ at ``point`` by central differences, one named argument at a time: the check that
    every hand-written or automatic backward pass is held to.

    Examples
    --------
    >>> g = numeric_gradient(lambda w, b: w * w + 3 * b, {"w": 2.0, "b": 1.0})
    >>> {k: round(v, 6) for k, v in g.items()}
    {'w': 4.0, 'b': 3.0}
    """
    return {
        name: (f(**(point | {name: value + h})) - f(**(point | {name: value - h}))) / (2 * h)
        for name, value in point.items()
    }


REFERENCE_INTERVALS = 2**18  # Simpson's error here is ~1e-20·f⁽⁴⁾: far below anything on screen


def reference_integral(f: Function, a: float, b: float) -> float:
    """∫ₐᵇ f(x) dx to near machine precision for a smooth f (Simpson's rule on 2¹⁸ intervals), the
    yardstick against which the page measures each rule's error; NaN or ±inf where f is not finite.

    Examples
    --------
    >>> round(reference_integral(np.exp, 0.0, 1.0), 12) == round(np.e - 1, 12)
    True
    """
    with np.errstate(all="ignore"):
        return integrate(f, a, b, REFERENCE_INTERVALS, "simpson")


@dataclass(frozen=True)
class Approximant:
    """What a rule really integrates: the simpler function (x, y) whose exact area is the rule's
    estimate, and the points (nodes_x, nodes_y) where it looked at f.
    """

    x: np.ndarray
    y: np.ndarray
    nodes_x: np.ndarray
    nodes_y: np.ndarray
    estimate: float


def approximant(
    f: Function, a: float, b: float, n: int, rule: str, rng: np.random.Generator | None = None
) -> Approximant:
    """The stand-in each rule puts in place of f on [a, b] with n pieces: steps at the left ends or
    midpoints, straight lines between nodes (trapezoid), a parabola through each three nodes
    (Simpson), or one flat line at the mean of n random values (Monte Carlo).

    Examples
    --------
    >>> s = approximant(lambda x: x**2, 0.0, 1.0, 2, "simpson")
    >>> s.nodes_x.tolist(), round(s.estimate, 12)
    ([0.0, 0.5, 1.0], 0.333333333333)
    """
    _check_rule(a, b, n, rule)
    if rule == "monte_carlo":
        u = (rng if rng is not None else np.random.default_rng()).uniform(a, b, n)
        mean = float(np.mean(f(u)))
        return Approximant(np.array([a, b]), np.array([mean, mean]), u, f(u), (b - a) * mean)
    estimate, width = integrate(f, a, b, n, rule), (b - a) / n
    if rule in ("left", "midpoint"):
        edges = a + width * np.arange(n + 1)
        nodes = edges[:-1] + (width / 2 if rule == "midpoint" else 0)
        heights = f(nodes)
        return Approximant(np.repeat(edges, 2)[1:-1], np.repeat(heights, 2), nodes, heights, estimate)
    if rule == "trapezoid":
        nodes = np.linspace(a, b, n + 1)
        return Approximant(nodes, f(nodes), nodes, f(nodes), estimate)
    n += n % 2  # Simpson: parabolas over pairs of intervals
    nodes = np.linspace(a, b, n + 1)
    y = f(nodes)
    t = np.linspace(-1, 1, 17)[:-1]  # within each pair of intervals, centred on its middle node
    left, mid, right = y[0:-1:2, None], y[1::2, None], y[2::2, None]
    curve = mid + t * (right - left) / 2 + t**2 * (left + right - 2 * mid) / 2  # (n/2, 16) Lagrange parabola
    x = nodes[1::2, None] + t * (b - a) / n
    return Approximant(np.append(x.ravel(), b), np.append(curve.ravel(), y[-1]), nodes, y, estimate)


def convergence(f: Function, a: float, b: float, ns, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """|estimate − reference| of every rule at each n in ``ns``: the data of an error-against-n plot,
    whose slopes on log–log axes are each rule's order (−1, −2, −2, −4, and −½ for Monte Carlo).
    """
    exact = reference_integral(f, a, b)
    with np.errstate(all="ignore"):
        return {rule: np.array([abs(integrate(f, a, b, int(n), rule, rng) - exact) for n in ns]) for rule in RULES}
