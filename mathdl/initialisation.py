"""Random variables through the layers: how the scale of random weights keeps or loses the signal.

A unit of a dense layer sums ``fan_in`` weighted inputs, z = Σ w_i h_i, so at initialisation
Var(z) = fan_in · Var(w) · E[h²]. A weight scale s with fan_in · s² ≈ 1 (Xavier), or 2 for ReLU,
which zeroes half its inputs (He), keeps the variance steady through any depth; s = 1 multiplies
it by about the width at every layer. The tests check these laws by simulation.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from mathdl.activations import ACTIVATIONS
from mathdl.validation import check_choice, check_range

Array = NDArray[np.float64]


def naive_scale(fan_in: int, fan_out: int) -> float:
    """The standard deviation s = 1 of a weight drawn from N(0, 1), whatever the layer's size.

    Parameters
    ----------
    fan_in, fan_out : int
        The layer's inputs and outputs.

    Returns
    -------
    float
        1.

    Examples
    --------
    >>> naive_scale(128, 128)
    1.0
    """
    return 1.0


def xavier_scale(fan_in: int, fan_out: int) -> float:
    """Xavier (Glorot and Bengio, 2010): s = √(2 / (fan_in + fan_out)), for tanh and linear units.

    Parameters
    ----------
    fan_in, fan_out : int
        The layer's inputs and outputs.

    Returns
    -------
    float
        The standard deviation of a weight.

    Examples
    --------
    >>> xavier_scale(100, 100)
    0.1
    """
    return math.sqrt(2.0 / (fan_in + fan_out))


def he_scale(fan_in: int, fan_out: int) -> float:
    """He (He et al., 2015): s = √(2 / fan_in), for ReLU units, which zero half their inputs.

    Parameters
    ----------
    fan_in, fan_out : int
        The layer's inputs and outputs.

    Returns
    -------
    float
        The standard deviation of a weight.

    Examples
    --------
    >>> he_scale(50, 10)
    0.2
    """
    return math.sqrt(2.0 / fan_in)


INITS = {"naive": naive_scale, "xavier": xavier_scale, "he": he_scale}
LAYER_ACTIVATIONS = ("linear", "tanh", "relu")  # keys of activations.ACTIVATIONS the variance demo compares


def _check_stack(depth: int, width: int, activation: str) -> None:
    check_choice("activation", activation, ACTIVATIONS)
    check_range("depth", depth, 1, 100)
    check_range("width", width, 1, 1024)


def layer_variances(
    depth: int, width: int, init: str, activation: str, rng: np.random.Generator, n: int = 500
) -> Array:
    """The variance of the activations after each layer of a deep stack at initialisation.

    h_{l+1} = φ(h_l W_l) with W_l ~ N(0, s²). Each unit sums ``width`` terms, so
    Var(z) = width · s² · E[h²]: s = √(2/fan_in) (He) keeps ReLU activations steady,
    s = 1 (naive) makes them explode or saturate.

    Parameters
    ----------
    depth : int
        The number of layers, 1 to 100.
    width : int
        Units per layer, 1 to 1024.
    init : str
        A key of :data:`INITS`.
    activation : str
        A key of :data:`mathdl.activations.ACTIVATIONS`.
    rng : numpy.random.Generator
        The source of the inputs and the weights.
    n : int
        The number of inputs, each of ``width`` standard normal features.

    Returns
    -------
    ndarray of shape (depth + 1,)
        The input's variance, then each layer's.

    Examples
    --------
    >>> layer_variances(3, 64, "he", "relu", np.random.default_rng(0)).shape
    (4,)
    """
    check_choice("init", init, INITS)
    _check_stack(depth, width, activation)
    h = rng.standard_normal((n, width))  # (n, width)
    variances = [h.var()]
    scale = INITS[init](width, width)
    for _ in range(depth):
        h = ACTIVATIONS[activation].f(h @ (scale * rng.standard_normal((width, width))))
        variances.append(h.var())
    return np.array(variances)


def compare_inits(depth: int, width: int, activation: str, rng: np.random.Generator, n: int = 200) -> dict[str, Array]:
    """:func:`layer_variances` for every initialisation of :data:`INITS`, on the same random numbers.

    Every initialisation sees the same inputs and the same standard normal matrices G_l, scaled
    to W_l = s G_l by its own s: the scale is the only difference between the curves.

    Parameters
    ----------
    depth, width : int
        As for :func:`layer_variances`.
    activation : str
        A key of :data:`mathdl.activations.ACTIVATIONS`.
    rng : numpy.random.Generator
        The source of the inputs and the weights.
    n : int
        The number of inputs.

    Returns
    -------
    dict of str to ndarray of shape (depth + 1,)
        For each key of :data:`INITS`, the input's variance, then each layer's.

    Examples
    --------
    >>> runs = compare_inits(2, 32, "relu", np.random.default_rng(0))
    >>> list(runs), runs["he"].shape
    (['naive', 'xavier', 'he'], (3,))
    """
    _check_stack(depth, width, activation)
    f = ACTIVATIONS[activation].f
    h0 = rng.standard_normal((n, width))  # (n, width)
    h = dict.fromkeys(INITS, h0)
    variances = {init: [h0.var()] for init in INITS}
    for _ in range(depth):
        G = rng.standard_normal((width, width))  # (width, width)
        for init, scale in INITS.items():
            h[init] = f(h[init] @ (scale(width, width) * G))
            variances[init].append(h[init].var())
    return {init: np.array(v) for init, v in variances.items()}
