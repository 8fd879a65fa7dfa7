"""Information: entropy, cross-entropy, KL divergence, softmax, and the two losses of a logit.

A classifier is trained by minimising cross-entropy, its predicted probabilities come from a
softmax, and the slope of its loss is what training follows. Deciding with its scores (a
threshold, a confusion matrix, the cost of each mistake) is in :mod:`mathdl.classification`.
The tests compare these with ``scipy.stats.entropy``, ``scipy.special.softmax`` and
``sklearn.metrics.log_loss``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.activations import sigmoid
from mathdl.errors import MathDLError
from mathdl.validation import as_sample, check_choice, check_range, finite

Floats = NDArray[np.float64]

MAX_OUTCOMES = 12


# --- Distributions typed by a reader ------------------------------------------------------------


def parse_weights(text: str, name: str = "p") -> Floats:
    """Numbers separated by commas, semicolons or spaces, like ``0.5, 0.25, 0.25`` or ``3 1 1``.

    Parameters
    ----------
    text : str
        What was typed: 2 to 12 numbers.
    name : str
        The parameter's name, for the message.

    Returns
    -------
    ndarray of shape (k,)
        The numbers, as typed (not yet checked or normalised: see :func:`normalize`).

    Examples
    --------
    >>> parse_weights("0.5, 0.25 0.25")
    array([0.5 , 0.25, 0.25])
    """
    parts = [part for part in re.split(r"[\s,;，；]+", text.strip()) if part]
    try:
        values = np.array([float(part) for part in parts], dtype=float)
    except ValueError:
        raise MathDLError("not_a_distribution", name=name, value=text[:40]) from None
    if not 2 <= len(values) <= MAX_OUTCOMES:
        raise MathDLError("out_of_range", name=f"len({name})", low=2, high=MAX_OUTCOMES, value=len(values))
    return values


def normalize(p: ArrayLike, name: str = "p") -> tuple[Floats, bool]:
    """Weights divided by their sum, pᵢ = wᵢ / Σⱼ wⱼ, so they add up to 1; and whether they had to be.

    Parameters
    ----------
    p : array_like of shape (k,)
        Finite non-negative weights, not all 0.
    name : str
        The parameter's name, for the message.

    Returns
    -------
    p : ndarray of shape (k,)
        The distribution.
    rescaled : bool
        True if the weights did not already sum to 1.

    Examples
    --------
    >>> normalize([2.0, 1.0, 1.0])
    (array([0.5 , 0.25, 0.25]), True)
    """
    weights = finite(name, p)
    if np.any(weights < 0) or not np.any(weights):
        raise MathDLError("not_a_distribution", name=name, value=weights.tolist())
    # Scaled by the largest weight first: 1e308, 1e308 would overflow the sum, 1e-320s lose their digits.
    largest = float(weights.max())
    scaled = weights / largest
    total = largest * float(scaled.sum())  # a Python float: inf without a warning when it overflows
    return scaled / scaled.sum(), not math.isclose(total, 1.0, rel_tol=1e-9)


def _log(x: ArrayLike, base: float) -> Floats:
    with np.errstate(divide="ignore"):
        values: Floats = np.log(x) / math.log(base)
    return values


def entropy(p: ArrayLike, base: float = 2) -> float:
    """H(p) = −Σ pᵢ log pᵢ, with 0 · log 0 = 0: the average surprise, in bits for base 2.

    Parameters
    ----------
    p : array_like of shape (k,)
        Non-negative weights; they are normalised first.
    base : float
        The base of the logarithm: 2 for bits, e for nats.

    Returns
    -------
    float
        H(p), between 0 and log k.

    Examples
    --------
    >>> entropy([0.5, 0.25, 0.25])
    1.5
    """
    q, _ = normalize(p)
    nonzero = q > 0
    return float(-(q[nonzero] * _log(q[nonzero], base)).sum())


def max_entropy(k: int, base: float = 2) -> float:
    """The largest entropy of a distribution over k outcomes, log k, reached by the uniform one.

    Parameters
    ----------
    k : int
        The number of outcomes, at least 1.
    base : float
        The base of the logarithm.

    Returns
    -------
    float
        log_base k.

    Examples
    --------
    >>> max_entropy(8)
    3.0
    """
    check_range("k", k, 1, 10**9)
    return math.log(k, base)


def binary_entropy(p: ArrayLike, base: float = 2) -> Floats:
    """H(p) = −p log p − (1 − p) log(1 − p) of a coin with P(heads) = p: 0 at p = 0 or 1, 1 bit at ½.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], any shape.
    base : float
        The base of the logarithm.

    Returns
    -------
    ndarray of float
        H at each p, the shape of ``p``.

    Examples
    --------
    >>> binary_entropy([0.0, 0.5, 1.0]).tolist()
    [0.0, 1.0, 0.0]
    """
    q = np.asarray(p, dtype=float)
    if np.any((q < 0) | (q > 1)):
        raise MathDLError("out_of_range", name="p", low=0, high=1, value=q)
    terms = [np.where(v > 0, -v * _log(np.where(v > 0, v, 1.0), base), 0.0) for v in (q, 1 - q)]
    total: Floats = terms[0] + terms[1]
    return total


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[Floats, Floats]:
    first, _ = normalize(p, "p")
    second, _ = normalize(q, "q")
    if len(first) != len(second):
        raise MathDLError("lengths_differ", a="p", b="q", n=len(first), m=len(second))
    return first, second


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    """H(p, q) = −Σ pᵢ log qᵢ: the average surprise when outcomes follow p but you expect q.

    Infinite if q gives probability 0 to an outcome that p can produce.

    Parameters
    ----------
    p : array_like of shape (k,)
        The true distribution (normalised first).
    q : array_like of shape (k,)
        The model's distribution (normalised first).
    base : float
        The base of the logarithm.

    Returns
    -------
    float
        H(p, q) ≥ H(p).

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75]), 4)  # ½·2 bits + ½·log₂(4/3) bits
    1.2075
    """
    first, second = _pair(p, q)
    used = first > 0
    return float(-(first[used] * _log(second[used], base)).sum())


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    """KL(p‖q) = Σ pᵢ log(pᵢ/qᵢ) = H(p, q) − H(p) ≥ 0, zero only when q = p. Not symmetric.

    Parameters
    ----------
    p : array_like of shape (k,)
        The true distribution (normalised first).
    q : array_like of shape (k,)
        The model's distribution (normalised first).
    base : float
        The base of the logarithm.

    Returns
    -------
    float
        KL(p‖q); infinite when q rules out an outcome p allows.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4), round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 4)
    (0.737, 0.531)
    """
    first, second = _pair(p, q)
    used = first > 0
    if np.any(second[used] == 0):
        return math.inf
    return float((first[used] * _log(first[used] / second[used], base)).sum())


def impossible_outcomes(p: ArrayLike, q: ArrayLike) -> list[int]:
    """The outcomes i (0-based) with pᵢ > 0 but qᵢ = 0: each makes KL(p‖q) infinite.

    Parameters
    ----------
    p, q : array_like of shape (k,)
        Two distributions (normalised first).

    Returns
    -------
    list of int
        The outcomes p can produce but q calls impossible.

    Examples
    --------
    >>> impossible_outcomes([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
    [1]
    """
    first, second = _pair(p, q)
    return [int(i) for i in np.nonzero((first > 0) & (second == 0))[0]]


# --- Softmax and the losses of a logit -----------------------------------------------------------


def softmax(z: ArrayLike, temperature: float = 1.0) -> Floats:
    """softmax(z/T)ᵢ = exp(zᵢ/T) / Σⱼ exp(zⱼ/T). Small T sharpens, large T flattens.

    Subtracting the largest logit first changes nothing mathematically and keeps exp from overflowing.

    Parameters
    ----------
    z : array_like of shape (k,)
        Finite logits.
    temperature : float
        T > 0.

    Returns
    -------
    ndarray of shape (k,)
        A distribution.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(3)
    array([0.09 , 0.245, 0.665])
    """
    logits = finite("z", z)
    if not temperature > 0:
        raise MathDLError("out_of_range", name="temperature", low=0, high="∞", value=temperature)
    with np.errstate(over="ignore"):  # a gap beyond 1e308 becomes -inf, and exp(-inf) = 0 is right
        scaled = (logits - logits.max()) / temperature
    e = np.exp(scaled)
    probabilities: Floats = e / e.sum()
    return probabilities


def softmax_sweep(z: ArrayLike, temperatures: ArrayLike) -> Floats:
    """:func:`softmax` of the same logits at every temperature of a grid.

    Parameters
    ----------
    z : array_like of shape (k,)
        Finite logits.
    temperatures : array_like of shape (T,)
        Each > 0.

    Returns
    -------
    ndarray of shape (T, k)
        Row t is softmax(z / Tₜ).

    Examples
    --------
    >>> softmax_sweep([0.0, 1.0], [0.01, 1e6]).round(3)
    array([[0. , 1. ],
           [0.5, 0.5]])
    """
    return np.array([softmax(z, float(T)) for T in as_sample(temperatures, "temperatures")])


@dataclass(frozen=True)
class LogitLosses:
    """Both losses of a logit z and their slopes.

    Attributes
    ----------
    cross_entropy : ndarray
        −[y log σ(z) + (1 − y) log(1 − σ(z))].
    squared_error : ndarray
        (σ(z) − y)².
    cross_entropy_grad : ndarray
        d/dz of the cross-entropy: σ(z) − y.
    squared_error_grad : ndarray
        d/dz of the squared error: 2(σ(z) − y) σ(z)(1 − σ(z)).
    """

    cross_entropy: Floats
    squared_error: Floats
    cross_entropy_grad: Floats
    squared_error_grad: Floats


def logit_losses(z: ArrayLike, y: int) -> LogitLosses:
    """Both losses of a logit z for the label y ∈ {0, 1}, and their slopes in z.

    Cross-entropy = softplus(z) − y·z with softplus(z) = log(1 + eᶻ), which stays finite for
    any z. Its slope σ(z) − y is large whenever the prediction is confidently wrong; the
    squared error's slope carries the extra factor σ(z)(1 − σ(z)), which vanishes there.

    Parameters
    ----------
    z : array_like
        Logits, any shape.
    y : int
        The label, 0 or 1.

    Returns
    -------
    LogitLosses
        The two losses and their slopes, each the shape of ``z``.

    Examples
    --------
    >>> r = logit_losses(-10.0, 1)
    >>> round(float(r.cross_entropy_grad), 4), round(float(r.squared_error_grad), 6)
    (-1.0, -9.1e-05)
    """
    check_choice("y", y, (0, 1))
    logits = np.asarray(z, dtype=float)
    s = sigmoid(logits)
    softplus = np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))
    return LogitLosses(softplus - y * logits, (s - y) ** 2, s - y, 2 * (s - y) * s * (1 - s))
