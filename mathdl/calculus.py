"""Derivatives by numbers and by the chain rule.

Difference quotients and their error, the tangent of a typed function, the gradient check, and
the size of a gradient as it travels back through a deep stack.

A function to study is any callable on numpy arrays: ``np.sin``, or a function a reader typed,
``expressions.parse("sin(x) * x^2")``, which is callable and also knows its exact derivative.
The tests compare with closed forms and finite differences. Integrals are in
:mod:`mathdl.integration`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import autodiff, expressions
from mathdl.activations import ACTIVATIONS
from mathdl.validation import check_choice, check_range

Function = Callable[[Any], Any]  # numbers or arrays in, the same shape out


def forward_difference(f: Function, x0: float, h: ArrayLike) -> NDArray[np.float64]:
    """The forward difference quotient (f(x₀ + h) − f(x₀)) / h.

    Its error is about (h/2)·f''(x₀) until rounding, about ε·|f|/h, takes over.

    Parameters
    ----------
    f : callable
        The function, on arrays.
    x0 : float
        The point.
    h : array_like
        Steps, any shape.

    Returns
    -------
    ndarray of float
        One quotient per step, the shape of ``h``.

    Examples
    --------
    >>> round(float(forward_difference(np.sin, 0.0, 1e-6)), 6)
    1.0
    """
    steps = np.asarray(h, dtype=float)
    quotient: NDArray[np.float64] = (f(x0 + steps) - f(np.full_like(steps, x0))) / steps
    return quotient


def central_difference(f: Function, x0: float, h: ArrayLike) -> NDArray[np.float64]:
    """The central difference quotient (f(x₀ + h) − f(x₀ − h)) / 2h.

    The h² terms of the two Taylor series cancel, so the error falls like h²·f'''(x₀)/6.

    Parameters
    ----------
    f : callable
        The function, on arrays.
    x0 : float
        The point.
    h : array_like
        Steps, any shape.

    Returns
    -------
    ndarray of float
        One quotient per step, the shape of ``h``.

    Examples
    --------
    >>> round(float(central_difference(np.exp, 0.0, 1e-4)), 8)
    1.0
    """
    steps = np.asarray(h, dtype=float)
    quotient: NDArray[np.float64] = (f(x0 + steps) - f(x0 - steps)) / (2 * steps)
    return quotient


@dataclass(frozen=True)
class Tangent:
    """f(x₀), the exact slope f'(x₀), and the tangent line y = f(x₀) + f'(x₀)(x − x₀) as two end points."""

    x0: float
    value: float
    slope: float
    x: NDArray[np.float64]
    y: NDArray[np.float64]

    @property
    def defined(self) -> bool:
        """Whether f and f' are both finite at x₀, so the tangent exists."""
        return bool(np.isfinite(self.value) and np.isfinite(self.slope))


def tangent(f: expressions.Node, x0: float, half_width: float = 1.5) -> Tangent:
    """The tangent of a typed function at x₀, its slope by automatic differentiation.

    y = f(x₀) + f'(x₀)(x − x₀) for x in [x₀ − half_width, x₀ + half_width].

    Parameters
    ----------
    f : Node
        A function from :func:`mathdl.expressions.parse`.
    x0 : float
        The point of contact.
    half_width : float
        How far the line reaches on each side.

    Returns
    -------
    Tangent
        NaN or ±inf in ``value`` or ``slope`` where f or f' is undefined at x₀.

    Examples
    --------
    >>> t = tangent(expressions.parse("x^2"), 1.0, half_width=1.0)
    >>> t.value, t.slope, t.y.tolist()
    (1.0, 2.0, [-1.0, 3.0])
    """
    value, slope = float(f(x0)), expressions.derivative(f, x0)
    x = np.array([x0 - half_width, x0 + half_width])
    with np.errstate(all="ignore"):
        return Tangent(x0, value, slope, x, value + slope * (x - x0))


@dataclass(frozen=True)
class DifferenceErrors:
    """|difference quotient − f'(x₀)| for each step h, and the step where each error is smallest."""

    h: NDArray[np.float64]
    forward: NDArray[np.float64]
    central: NDArray[np.float64]
    best_forward: float
    best_central: float


def difference_errors(f: Function, x0: float, h: ArrayLike, exact: float | None = None) -> DifferenceErrors:
    """The error of both difference quotients against the exact derivative, over a range of steps.

    error(h) = |quotient(h) − f'(x₀)|. Truncation makes it fall as h shrinks (like h, or h² for
    the central quotient) until rounding, about ε·|f|/h, takes over: the best step is near
    √ε ≈ 1e-8 (forward) or ∛ε ≈ 1e-5 (central).

    Parameters
    ----------
    f : callable
        The function, on arrays.
    x0 : float
        The point.
    h : array_like of shape (k,)
        The steps.
    exact : float, optional
        f'(x₀); by default f must be a parsed expression, differentiated automatically.

    Returns
    -------
    DifferenceErrors
        Both errors, shape (k,), and the best step of each.

    Examples
    --------
    >>> e = difference_errors(np.exp, 0.0, np.logspace(-12, -1, 12), exact=1.0)
    >>> f"{e.best_forward:.0e}, {e.best_central:.0e}"
    '1e-08, 1e-05'
    """
    steps = np.asarray(h, dtype=float)
    slope = expressions.derivative(f, x0) if exact is None else exact  # type: ignore[arg-type]
    with np.errstate(all="ignore"):
        forward = np.abs(forward_difference(f, x0, steps) - slope)
        central = np.abs(central_difference(f, x0, steps) - slope)
    return DifferenceErrors(
        steps, forward, central, float(steps[np.nanargmin(forward)]), float(steps[np.nanargmin(central)])
    )


@dataclass(frozen=True)
class CentralStep:
    """One central difference written out: the two points, f there, and the quotient."""

    h: float
    x_ahead: float
    x_behind: float
    ahead: float
    behind: float
    quotient: float


def central_step(f: Function, x0: float, h: float) -> CentralStep:
    """One central difference, (f(x₀ + h) − f(x₀ − h)) / 2h, with the numbers that go into it.

    Parameters
    ----------
    f : callable
        The function, on arrays.
    x0 : float
        The point.
    h : float
        The step.

    Returns
    -------
    CentralStep
        x₀ ± h, f at both, and the quotient.

    Examples
    --------
    >>> s = central_step(lambda x: x**2, 1.0, 0.5)
    >>> s.ahead, s.behind, s.quotient
    (2.25, 0.25, 2.0)
    """
    ahead, behind = float(f(np.float64(x0 + h))), float(f(np.float64(x0 - h)))
    with np.errstate(all="ignore"):
        return CentralStep(h, x0 + h, x0 - h, ahead, behind, float(np.float64(ahead - behind) / (2 * h)))


def numeric_gradient(f: Callable[..., float], point: Mapping[str, float], h: float = 1e-6) -> dict[str, float]:
    """∂f/∂pᵢ at ``point`` by central differences, one named argument at a time.

    ∂f/∂pᵢ ≈ (f(p + h eᵢ) − f(p − h eᵢ)) / 2h: the check every hand-written or automatic
    backward pass is held to.

    Parameters
    ----------
    f : callable
        Takes the entries of ``point`` as keyword arguments and returns a number.
    point : mapping of str to float
        Where to differentiate.
    h : float
        The step.

    Returns
    -------
    dict of str to float
        One partial derivative per argument.

    Examples
    --------
    >>> g = numeric_gradient(lambda w, b: w * w + 3 * b, {"w": 2.0, "b": 1.0})
    >>> {k: round(v, 6) for k, v in g.items()}
    {'w': 4.0, 'b': 3.0}
    """
    return {
        name: (f(**(dict(point) | {name: value + h})) - f(**(dict(point) | {name: value - h}))) / (2 * h)
        for name, value in point.items()
    }


@dataclass(frozen=True)
class GradientCheck:
    """Each parameter's gradient by backpropagation and by central differences with step ``h``, and their gap."""

    names: tuple[str, ...]
    backprop: NDArray[np.float64]
    numeric: NDArray[np.float64]
    difference: NDArray[np.float64]
    h: float

    @property
    def largest_difference(self) -> float:
        """The largest gap between the two gradients: the figure a gradient check reports."""
        return float(self.difference.max())


def gradient_check(
    build: Callable[..., autodiff.Value], point: Mapping[str, float], h: float = 1e-6, **fixed: Any
) -> GradientCheck:
    """Check a backward pass: ∂L/∂p by backpropagation against central differences, for each p.

    difference = |∂L/∂p (backprop) − (L(p + h) − L(p − h)) / 2h|; about 1e-10 for a correct
    backward pass, and about 1e-2 or worse for a wrong one.

    Parameters
    ----------
    build : callable
        Builds the loss as an autodiff graph from keyword arguments, labelling each parameter's
        node with its name (as :func:`mathdl.autodiff.neuron` does).
    point : mapping of str to float
        The parameters to check and their values.
    h : float
        The step of the differences.
    **fixed
        The other arguments of ``build``, held still.

    Returns
    -------
    GradientCheck
        Arrays of shape (len(point),), in the order of ``point``, and the step ``h``.

    Examples
    --------
    >>> c = gradient_check(autodiff.neuron, {"w": 0.5, "b": 0.1}, x=1.0, y=1.0)
    >>> bool(np.all(c.difference < 1e-8)), c.largest_difference < 1e-8
    (True, True)
    """
    root = build(**point, **fixed)
    root.backward()
    nodes = {node.label: node for node in autodiff.topological_order(root) if node.label}
    numeric = numeric_gradient(lambda **p: build(**p, **fixed).data, point, h)
    backprop = np.array([nodes[name].grad for name in point])
    by_differences = np.array([numeric[name] for name in point])
    return GradientCheck(tuple(point), backprop, by_differences, np.abs(backprop - by_differences), h)


# --- vanishing gradients -------------------------------------------------------------------------

VANISHING = ("sigmoid", "tanh", "relu")  # the activations of the vanishing-gradient demo, from ACTIVATIONS


def _stack(depth: int, width: int, rng: np.random.Generator) -> tuple[list[NDArray[np.float64]], NDArray[np.float64]]:
    """Standard normal weights, one (width, width) matrix per layer, then an input: drawn in that order."""
    check_range("depth", depth, 1, 200)
    check_range("width", width, 1, 1024)
    weights = [rng.standard_normal((width, width)) for _ in range(depth)]
    return weights, rng.standard_normal(width)


def _backward_norms(
    weights: list[NDArray[np.float64]], h: NDArray[np.float64], activation: str, scale: float
) -> NDArray[np.float64]:
    phi = ACTIVATIONS[activation]
    width = len(h)
    layers = [W * scale / np.sqrt(width) for W in weights]
    pre = []
    for W in layers:  # forward, keeping each layer's pre-activation
        z = W @ h
        pre.append(z)
        h = phi.f(z)
    grad = np.ones(width) / np.sqrt(width)  # ∂L/∂h at the output, norm 1
    norms = []
    for W, z in zip(reversed(layers), reversed(pre), strict=True):  # backward: the chain rule, layer by layer
        grad = W.T @ (grad * phi.grad(z))
        norms.append(np.linalg.norm(grad))
    return np.array(norms[::-1])


def _default_scale(activation: str) -> float:
    return float(np.sqrt(2.0)) if activation == "relu" else 1.0  # He for ReLU, Xavier-like otherwise


def gradient_norms(
    depth: int, width: int, activation: str, rng: np.random.Generator, scale: float | None = None
) -> NDArray[np.float64]:
    """‖∂L/∂h_l‖ for every layer l of a deep stack h_{l+1} = φ(W_l h_l), at initialisation.

    Backpropagation multiplies the gradient at each layer by W_lᵀ and by φ'(z_l):
    ∂L/∂h_l = W_lᵀ(φ'(z_l) ⊙ ∂L/∂h_{l+1}). With sigmoid, φ' ≤ 1/4, so the product shrinks
    geometrically towards the input. A gradient of norm 1 enters at the output.

    Parameters
    ----------
    depth : int
        Layers, 1 to 200.
    width : int
        Units per layer, 1 to 1024.
    activation : {"sigmoid", "tanh", "relu"}
        A key of :data:`VANISHING`.
    rng : numpy.random.Generator
        Draws the weights, then the input.
    scale : float, optional
        The weights' standard deviation times √width (default: 1 for sigmoid and tanh, √2 for
        ReLU, the usual initialisations).

    Returns
    -------
    ndarray of shape (depth,)
        The gradient's norm at the input of each layer, input side first.

    Examples
    --------
    >>> gradient_norms(10, 32, "sigmoid", np.random.default_rng(0)).shape
    (10,)
    """
    check_choice("activation", activation, VANISHING)
    weights, h = _stack(depth, width, rng)
    return _backward_norms(weights, h, activation, _default_scale(activation) if scale is None else scale)


@dataclass(frozen=True)
class GradientFlow:
    """Gradient norms per layer for several activations of the same network, and what they add up to.

    ``norms[a]`` has shape (depth,), input side first; ``shrink[a]`` is first / last layer (NaN when
    the last layer passes nothing); ``silent[a]`` counts the layers that receive exactly zero.
    """

    norms: dict[str, NDArray[np.float64]]
    shrink: dict[str, float]
    silent: dict[str, int]


def vanishing_gradients(
    depth: int, width: int, rng: np.random.Generator, activations: tuple[str, ...] = VANISHING
) -> GradientFlow:
    """The same deep stack, the same input, one activation after another: :func:`gradient_norms` for each.

    The weights are drawn once (standard normal, then scaled for each activation's usual
    initialisation), so only the activation differs between the curves.

    Parameters
    ----------
    depth : int
        Layers, 1 to 200.
    width : int
        Units per layer, 1 to 1024.
    rng : numpy.random.Generator
        Draws the weights, then the input.
    activations : tuple of str
        Keys of :data:`VANISHING`.

    Returns
    -------
    GradientFlow
        Norms, first/last ratios and silent layers, by activation.

    Examples
    --------
    >>> flow = vanishing_gradients(20, 64, np.random.default_rng(0))
    >>> bool(flow.shrink["sigmoid"] < 1e-6 < flow.shrink["relu"])
    True
    """
    for name in activations:
        check_choice("activation", name, VANISHING)
    weights, h = _stack(depth, width, rng)
    norms = {name: _backward_norms(weights, h, name, _default_scale(name)) for name in activations}
    return GradientFlow(
        norms,
        {name: float(v[0] / v[-1]) if v[-1] > 0 else float("nan") for name, v in norms.items()},
        {name: int(np.sum(v == 0)) for name, v in norms.items()},
    )
