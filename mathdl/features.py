"""Input features of a point of the plane: what a network sees of (x₁, x₂) before its first layer.

A network on the raw coordinates must build every curve it needs out of its hidden units; given
x₁² and x₂², a circle x₁² + x₂² = r² is a straight line in feature space, and a network with no
hidden layer at all (logistic regression) separates it.

>>> feature_map(np.array([[1.0, 2.0]]), ["x1", "x1x2", "x2sq"]).tolist()
[[1.0, 2.0, 4.0]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import check_choice, finite

Array = NDArray[np.float64]

# The features a reader may give the network, each a function of the columns x₁ and x₂, in this order.
FEATURES: dict[str, Callable[[Array, Array], Array]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin1": lambda x1, x2: np.sin(x1),
    "sin2": lambda x1, x2: np.sin(x2),
}
RAW = ("x1", "x2")  # the coordinates themselves: the playground's default


def feature_map(X: ArrayLike, names: Sequence[str]) -> Array:
    """The chosen features φ(x) of each point x = (x₁, x₂), one column per name, in the order given.

    φ(x) = (f₁(x), …, f_d(x)) with each f among x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂
    (codes ``x1``, ``x2``, ``x1sq``, ``x2sq``, ``x1x2``, ``sin1``, ``sin2``).

    Parameters
    ----------
    X : array_like of shape (n, 2)
        The points.
    names : sequence of str
        One or more distinct codes of :data:`FEATURES`.

    Returns
    -------
    ndarray of shape (n, d)
        d = len(names); with ``names`` = ("x1", "x2"), X itself.

    Examples
    --------
    >>> feature_map([[0.0, 3.0], [2.0, -1.0]], ["x2sq", "sin1"]).round(3).tolist()
    [[9.0, 0.0], [1.0, 0.909]]
    """
    M = finite("X", X)
    if M.ndim != 2 or M.shape[1] != 2:
        raise MathDLError("bad_shape", name="X", expected="(n, 2)", shape=M.shape)
    if len(names) == 0:
        raise MathDLError("too_few_values", name="features", minimum=1, n=0)
    for name in names:
        check_choice("features", name, FEATURES)
    if len(set(names)) != len(names):
        raise MathDLError("unknown_choice", name="features", allowed=list(FEATURES), value=list(names))
    x1, x2 = M[:, 0], M[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in names])  # (n, d)
