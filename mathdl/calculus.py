"""Derivatives and integrals by numbers: finite differences and their error, four ways to
integrate, and the size of the gradient as it travels back through a deep stack.

Each function takes the function to study as a Python callable on numpy arrays, such as
``lambda x: evaluate(parse("sin(x)"), x)``; the tests compare with closed forms and
``scipy.integrate.quad``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mathdl.errors import MathDLError
from mathdl.information import sigmoid

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
    if rule not in RULES:
        raise MathDLError("unknown_choice", name="rule", allowed=list(RULES), value=rule)
    if not 1 <= n <= 10_000_000:
        raise MathDLError("out_of_range", name="n", low=1, high=10_000_000, value=n)
    if not a < b:
        raise MathDLError("bad_interval", low=a, high=b)
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


ACTIVATION_SLOPES = {  # φ'(z) for the three activations of the vanishing-gradient demo
    "sigmoid": lambda z: sigmoid(z) * (1 - sigmoid(z)),
    "tanh": lambda z: 1 - np.tanh(z) ** 2,
    "relu": lambda z: (z > 0).astype(float),
}
ACTIVATION_VALUES = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}


def gradient_norms(depth: int, width: int, activation: str, rng: np.random.Generator, scale: float | None = None) -> np.ndarray:
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
