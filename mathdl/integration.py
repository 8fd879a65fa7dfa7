"""Integrals by numbers: four quadrature rules and Monte Carlo.

What each rule puts in f's place, and how fast each one's error falls as it looks at f more often.

A function to integrate is any callable on numpy arrays: ``np.exp``, or a function a reader
typed, ``expressions.parse("exp(-x^2)")``. The tests compare with closed forms and
``scipy.integrate.quad``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import check_choice, check_range

Function = Callable[[Any], Any]  # numbers or arrays in, the same shape out
RULES = ("left", "midpoint", "trapezoid", "simpson", "monte_carlo")
MAX_N = 10_000_000
REFERENCE_INTERVALS = 2**18  # Simpson's error here is ~1e-20·f⁽⁴⁾: far below anything on screen


def _check(a: float, b: float, n: int, rule: str) -> None:
    check_choice("rule", rule, RULES)
    check_range("n", n, 1, MAX_N)
    if not a < b:
        raise MathDLError("bad_interval", low=a, high=b)


def integrate(f: Function, a: float, b: float, n: int, rule: str, rng: np.random.Generator | None = None) -> float:
    """∫ₐᵇ f(x) dx from n function values.

    left: Σ f(xᵢ) Δx at the left ends, Δx = (b − a)/n (error ~ 1/n); midpoint and trapezoid
    (~ 1/n²); Simpson's parabolas, Δx/3 · (f₀ + 4f₁ + 2f₂ + … + 4f_{n−1} + f_n) (~ 1/n⁴, n
    rounded up to even); Monte Carlo: (b − a) · mean of f at n uniform random points (error
    ~ 1/√n, whatever the dimension).

    Parameters
    ----------
    f : callable
        The integrand, on arrays.
    a, b : float
        The interval, a < b.
    n : int
        Strips, or random points for Monte Carlo; 1 to 10⁷.
    rule : {"left", "midpoint", "trapezoid", "simpson", "monte_carlo"}
        A key of :data:`RULES`.
    rng : numpy.random.Generator, optional
        Draws Monte Carlo's points (a fresh generator if None).

    Returns
    -------
    float
        The estimate.

    Examples
    --------
    >>> round(integrate(lambda x: x**2, 0.0, 1.0, 10, "simpson"), 12)
    0.333333333333
    """
    _check(a, b, n, rule)
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


def reference_integral(f: Function, a: float, b: float) -> float:
    """∫ₐᵇ f(x) dx to near machine precision for a smooth f: Simpson's rule on 2¹⁸ intervals.

    The yardstick against which each rule's error is measured.

    Parameters
    ----------
    f : callable
        The integrand, on arrays.
    a, b : float
        The interval, a < b.

    Returns
    -------
    float
        The integral; NaN or ±inf where f is not finite somewhere on [a, b].

    Examples
    --------
    >>> round(reference_integral(np.exp, 0.0, 1.0), 12) == round(np.e - 1, 12)
    True
    """
    with np.errstate(all="ignore"):
        return integrate(f, a, b, REFERENCE_INTERVALS, "simpson")


@dataclass(frozen=True)
class Approximant:
    """What a rule really integrates, and where it looked at f.

    (x, y) outline the simpler function whose exact area is the rule's estimate; (nodes_x,
    nodes_y) are the points where the rule evaluated f.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    nodes_x: NDArray[np.float64]
    nodes_y: NDArray[np.float64]
    estimate: float


def approximant(
    f: Function, a: float, b: float, n: int, rule: str, rng: np.random.Generator | None = None
) -> Approximant:
    """The stand-in each rule puts in place of f on [a, b] with n pieces.

    Steps at the left ends or midpoints, straight lines between nodes (trapezoid), a parabola
    through each three nodes (Simpson), or one flat line at the mean of n random values (Monte
    Carlo): ∫ stand-in = the rule's estimate.

    Parameters
    ----------
    f : callable
        The integrand, on arrays.
    a, b : float
        The interval, a < b.
    n : int
        Strips, or random points for Monte Carlo.
    rule : str
        A key of :data:`RULES`.
    rng : numpy.random.Generator, optional
        Draws Monte Carlo's points.

    Returns
    -------
    Approximant
        The stand-in's outline (x, y), in order along x, its nodes and the estimate.

    Examples
    --------
    >>> s = approximant(lambda x: x**2, 0.0, 1.0, 2, "simpson")
    >>> s.nodes_x.tolist(), round(s.estimate, 12)
    ([0.0, 0.5, 1.0], 0.333333333333)
    """
    _check(a, b, n, rule)
    if rule == "monte_carlo":
        u = (rng if rng is not None else np.random.default_rng()).uniform(a, b, n)
        mean = float(np.mean(f(u)))
        return Approximant(np.array([a, b]), np.array([mean, mean]), u, f(u), (b - a) * mean)
    estimate, width = integrate(f, a, b, n, rule), (b - a) / n
    if rule in ("left", "midpoint"):
        edges: NDArray[np.float64] = a + width * np.arange(n + 1, dtype=float)
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
    left, mid, right = y[0:-1:2, None], y[1::2, None], y[2::2, None]  # (n/2, 1) each
    curve = mid + t * (right - left) / 2 + t**2 * (left + right - 2 * mid) / 2  # (n/2, 16) Lagrange parabola
    x: NDArray[np.float64] = nodes[1::2, None] + t * (b - a) / n  # (n/2, 16)
    return Approximant(np.append(x.ravel(), b), np.append(curve.ravel(), y[-1]), nodes, y, estimate)


@dataclass(frozen=True)
class Convergence:
    """Each rule's error at each n, against the reference integral, and f's mean on [a, b].

    ``errors[rule]`` has the shape of ``n``; ``mean`` is E[f(U)] for U uniform on [a, b].
    """

    n: NDArray[np.int64]
    errors: dict[str, NDArray[np.float64]]
    reference: float
    mean: float


def convergence(f: Function, a: float, b: float, rng: np.random.Generator, n: ArrayLike | None = None) -> Convergence:
    """|estimate − reference| of every rule at each n: the data of an error-against-n plot.

    On log–log axes each rule's error is a line whose slope is its order: −1 (left ends), −2
    (midpoint, trapezoid), −4 (Simpson) and −½ (Monte Carlo). E[f(U)] = (1/(b − a)) ∫ₐᵇ f(x) dx.

    Parameters
    ----------
    f : callable
        The integrand, on arrays.
    a, b : float
        The interval, a < b.
    rng : numpy.random.Generator
        Draws Monte Carlo's points, for each n in turn.
    n : array_like of int, optional
        The numbers of pieces; by default 1 to 10⁴, 25 of them evenly spaced on a log scale.

    Returns
    -------
    Convergence
        The errors by rule, the reference integral and the mean value.

    Examples
    --------
    >>> c = convergence(np.exp, 0.0, 1.0, np.random.default_rng(0), [10, 100])
    >>> round(float(np.log10(c.errors["simpson"][0] / c.errors["simpson"][1])), 1), round(c.mean, 6)
    (4.0, 1.718282)
    """
    counts = np.unique(np.round(np.logspace(0, 4, 25)).astype(np.int64)) if n is None else np.asarray(n, np.int64)
    exact = reference_integral(f, a, b)
    with np.errstate(all="ignore"):
        errors = {
            rule: np.array([abs(integrate(f, a, b, int(k), rule, rng) - exact) for k in counts]) for rule in RULES
        }
    return Convergence(counts, errors, exact, exact / (b - a))
