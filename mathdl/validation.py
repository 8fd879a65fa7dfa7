"""The checks every mathdl function runs on its input, in one place.

Each raises :class:`~mathdl.errors.MathDLError` with a message that names the parameter, the
value it got and what is allowed, so a notebook user and a page (which translates the message)
read the same thing. Functions here are public so that any module may use them; no module reaches
into another's private helpers.

>>> check_range("lr", 0.1, 0.0, 1.0)
0.1
>>> as_matrix([[1, 2], [3, 4]], "A", shape=(2, 2)).dtype
dtype('float64')
>>> check_choice("norm", "l3", ("l1", "l2"))
Traceback (most recent call last):
...
mathdl.errors.MathDLError: norm must be one of ['l1', 'l2']; got 'l3'.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError

Real = TypeVar("Real", int, float)
Choice = TypeVar("Choice")


def check_range(name: str, value: Real, low: float, high: float) -> Real:
    """Return ``value`` if low ≤ value ≤ high; refuse it otherwise (NaN included).

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : int or float
        The value to check.
    low, high : float
        The allowed range, both ends included.

    Returns
    -------
    int or float
        ``value`` itself.
    """
    if not low <= value <= high:  # also refuses NaN, which compares false with everything
        raise MathDLError("out_of_range", name=name, low=low, high=high, value=value)
    return value


def check_choice(name: str, value: Choice, allowed: Iterable[Choice]) -> Choice:
    """Return ``value`` if it is one of ``allowed`` (a registry's keys); refuse it otherwise.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        The value to check.
    allowed : iterable
        The values accepted.

    Returns
    -------
    object
        ``value`` itself.
    """
    options = list(allowed)
    if value not in options:
        raise MathDLError("unknown_choice", name=name, allowed=options, value=value)
    return value


def finite(name: str, a: ArrayLike) -> NDArray[np.float64]:
    """``a`` as a float array, refused if any entry is NaN or infinite.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    a : array_like
        Numbers of any shape.

    Returns
    -------
    ndarray of float
        ``a`` as floats, a copy.
    """
    x = np.array(a, dtype=float)
    if not np.all(np.isfinite(x)):
        raise MathDLError("not_finite", name=name, value=x[~np.isfinite(x)][0])
    return x


def as_matrix(
    A: ArrayLike,
    name: str = "A",
    shape: tuple[int | None, int | None] = (None, None),
    *,
    copy: bool = True,
) -> NDArray[np.float64]:
    """``A`` as a finite float matrix, checked for shape; ``None`` in ``shape`` matches any size.

    Parameters
    ----------
    A : array_like of shape (m, n)
        The matrix.
    name : str
        The parameter's name, for the message.
    shape : tuple of (int or None, int or None)
        The required shape.
    copy : bool
        False lets a function that only reads ``A`` skip the copy: a large data matrix is then
        checked in place. No mathdl function changes its input either way.

    Returns
    -------
    ndarray of shape (m, n)
        ``A`` as floats.
    """
    M = np.array(A, dtype=float, copy=copy or None)
    if M.ndim != 2 or any(want is not None and got != want for want, got in zip(shape, M.shape, strict=True)):
        expected = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
        raise MathDLError("bad_shape", name=name, expected=expected, shape=M.shape)
    if not np.all(np.isfinite(M)):
        raise MathDLError("not_finite", name=name, value=M[~np.isfinite(M)][0])
    return M


def as_vector(v: ArrayLike, name: str, n: int | None = None) -> NDArray[np.float64]:
    """``v`` as a finite float vector of length ``n`` (any length if None).

    Parameters
    ----------
    v : array_like of shape (n,)
        The vector.
    name : str
        The parameter's name, for the message.
    n : int or None
        The required length.

    Returns
    -------
    ndarray of shape (n,)
        ``v`` as floats, a copy.
    """
    x = np.asarray(v)
    return as_matrix(x.reshape(1, -1) if x.ndim == 1 else x, name, (1, n))[0]


def as_sample(x: ArrayLike, name: str, minimum: int = 1) -> NDArray[np.float64]:
    """A sample of numbers as a finite 1-D float array with at least ``minimum`` values.

    Parameters
    ----------
    x : array_like
        The values; any shape is flattened.
    name : str
        The parameter's name, for the message.
    minimum : int
        The fewest values accepted.

    Returns
    -------
    ndarray of shape (n,)
        The values as floats, a copy.
    """
    values = finite(name, x).ravel()
    if len(values) < minimum:
        raise MathDLError("too_few_values", name=name, minimum=minimum, n=len(values))
    return values


def same_length(a_name: str, a: ArrayLike, b_name: str, b: ArrayLike) -> None:
    """Refuse two sequences of different lengths (paired data, labels and scores).

    Parameters
    ----------
    a_name, b_name : str
        The parameters' names, for the message.
    a, b : array_like
        The two sequences.
    """
    n, m = len(np.asarray(a)), len(np.asarray(b))
    if n != m:
        raise MathDLError("lengths_differ", a=a_name, b=b_name, n=n, m=m)
