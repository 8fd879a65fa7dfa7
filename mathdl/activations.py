"""Activation functions, each written beside its derivative.

A hidden layer computes h = φ(z) with z = hW + b; backpropagation multiplies by φ'(z). The
registry :data:`ACTIVATIONS` is the one list every page and module chooses from: the dense
layer of lesson 1, the vanishing gradients of lesson 7, the networks of lesson 9. The tests
compare each φ with scipy or its closed form, and each φ' with finite differences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Function = Callable[[ArrayLike], NDArray[np.float64]]

LEAKY_SLOPE = 0.01  # the slope of leaky ReLU for z < 0
ELU_ALPHA = 1.0  # ELU's value as z → −∞ is −α


def linear(z: ArrayLike) -> NDArray[np.float64]:
    """φ(z) = z.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> linear([-1.0, 2.0]).tolist()
    [-1.0, 2.0]
    """
    return np.asarray(z, dtype=float)


def linear_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = 1.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> linear_grad([-1.0, 2.0]).tolist()
    [1.0, 1.0]
    """
    return np.ones_like(z, dtype=float)


def relu(z: ArrayLike) -> NDArray[np.float64]:
    """φ(z) = max(z, 0).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> relu([-1.0, 2.0]).tolist()
    [0.0, 2.0]
    """
    return np.maximum(z, 0.0)


def relu_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = 1 for z > 0, else 0 (the kink at 0 gets slope 0).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> relu_grad([-1.0, 2.0]).tolist()
    [0.0, 1.0]
    """
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z: ArrayLike) -> NDArray[np.float64]:
    """φ(z) = z for z > 0, else a·z with a = 0.01: a unit below zero still passes a little gradient.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> leaky_relu([-1.0, 2.0]).tolist()
    [-0.01, 2.0]
    """
    x = np.asarray(z, dtype=float)
    return np.where(x > 0, x, LEAKY_SLOPE * x)


def leaky_relu_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = 1 for z > 0, else a = 0.01.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> leaky_relu_grad([-1.0, 2.0]).tolist()
    [0.01, 1.0]
    """
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def elu(z: ArrayLike) -> NDArray[np.float64]:
    """φ(z) = z for z > 0, else α(eᶻ − 1) with α = 1: smooth, and negative values push the mean to 0.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> elu([-1.0, 2.0]).round(4).tolist()
    [-0.6321, 2.0]
    """
    x = np.asarray(z, dtype=float)
    return np.where(x > 0, x, ELU_ALPHA * np.expm1(np.minimum(x, 0.0)))


def elu_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = 1 for z > 0, else α eᶻ.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> elu_grad([-1.0, 2.0]).round(4).tolist()
    [0.3679, 1.0]
    """
    x = np.asarray(z, dtype=float)
    return np.where(x > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(x, 0.0)))


def tanh(z: ArrayLike) -> NDArray[np.float64]:
    """φ(z) = tanh z = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ), between −1 and 1.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> tanh([0.0]).tolist()
    [0.0]
    """
    return np.tanh(z)


def tanh_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = 1 − tanh² z.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> tanh_grad([0.0]).tolist()
    [1.0]
    """
    return 1 - np.tanh(z) ** 2


def sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    """σ(z) = 1 / (1 + e^{−z}), written so that neither side overflows.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> sigmoid([0.0, 1000.0, -1000.0]).tolist()
    [0.5, 1.0, 0.0]
    """
    x = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(x))
    sigma: NDArray[np.float64] = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return sigma


def sigmoid_grad(z: ArrayLike) -> NDArray[np.float64]:
    """φ'(z) = σ(z)(1 − σ(z)), at most 1/4 (at z = 0).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray of float
        φ'(z) at each entry, the shape of ``z``.

    Examples
    --------
    >>> sigmoid_grad([0.0]).tolist()
    [0.25]
    """
    return sigmoid(z) * (1 - sigmoid(z))


@dataclass(frozen=True)
class Activation:
    """A hidden layer's nonlinearity φ, its derivative φ', and the initialisation that suits it."""

    f: Function  # φ(z)
    grad: Function  # φ'(z)
    init: str  # "he" (variance 2/fan_in) for ReLU-like units, "xavier" (2/(fan_in + fan_out)) otherwise


ACTIVATIONS = {
    "relu": Activation(relu, relu_grad, "he"),
    "leaky_relu": Activation(leaky_relu, leaky_relu_grad, "he"),
    "elu": Activation(elu, elu_grad, "he"),
    "tanh": Activation(tanh, tanh_grad, "xavier"),
    "sigmoid": Activation(sigmoid, sigmoid_grad, "xavier"),
    "linear": Activation(linear, linear_grad, "xavier"),
}
