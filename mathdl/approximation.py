"""What a network approximates, piece by piece: the numbers behind lesson 9's pictures.

A one-hidden-layer network on one input is a sum of scaled and shifted copies of its activation
(:func:`hidden_contributions`); a classifier of the plane splits it into regions
(:func:`decision_grid`); a deep ReLU network folds its input, and counts of its linear pieces and
parameters show what depth buys (:func:`tent_network`, :func:`linear_pieces`, :func:`depth_costs`).

>>> net = tent_network(3)
>>> linear_pieces(net, np.linspace(0, 1, 1025)), parameter_count(net.sizes)
(8, 19)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl import mlp
from mathdl.activations import ACTIVATIONS
from mathdl.errors import MathDLError
from mathdl.features import RAW, feature_map
from mathdl.mlp import Network
from mathdl.validation import as_matrix, as_sample, check_choice, check_range

Array = NDArray[np.float64]


# --- Activations, side by side ----------------------------------------------------------------------


def activation_curves(names: Sequence[str], z: ArrayLike) -> tuple[Array, Array]:
    """φ(z) and its slope φ'(z) for each named activation, to compare them on one grid.

    Parameters
    ----------
    names : sequence of str
        Keys of :data:`~mathdl.activations.ACTIVATIONS`, k of them.
    z : array_like of shape (n,)
        The pre-activations.

    Returns
    -------
    values : ndarray of shape (k, n)
        φ(z), one row per activation.
    slopes : ndarray of shape (k, n)
        φ'(z).

    Examples
    --------
    >>> values, slopes = activation_curves(["relu", "tanh"], [-1.0, 0.0, 2.0])
    >>> values[0].tolist(), slopes[1].tolist()[1]
    ([0.0, 0.0, 2.0], 1.0)
    """
    grid = as_sample(z, "z")
    for name in names:
        check_choice("activation", name, ACTIVATIONS)
    values = np.array([ACTIVATIONS[name].f(grid) for name in names]).reshape(len(names), len(grid))
    slopes = np.array([ACTIVATIONS[name].grad(grid) for name in names]).reshape(len(names), len(grid))
    return values, slopes


# --- A fit on one input as a sum of its units ------------------------------------------------------


def hidden_contributions(net: Network, x: ArrayLike) -> Array:
    """Each hidden unit's share vⱼ φ(wⱼ x + bⱼ) of a one-hidden-layer regression on one input.

    The network's prediction is ŷ(x) = Σⱼ vⱼ φ(wⱼ x + bⱼ) + c: a sum of N scaled and shifted
    copies of φ (bumps, ramps or steps), plus the output bias c = ``net.biases[1][0]``.

    Parameters
    ----------
    net : Network
        Sizes (1, N, 1), task "regression".
    x : array_like of shape (n,)
        The inputs.

    Returns
    -------
    ndarray of shape (n, N)
        Its row sums plus c are the predictions.

    Examples
    --------
    >>> net = mlp.init_network((1, 5, 1), "tanh", np.random.default_rng(0), task="regression")
    >>> x = np.linspace(-1, 1, 7)
    >>> bool(np.allclose(hidden_contributions(net, x).sum(axis=1) + net.biases[1][0], mlp.predict(net, x[:, None])))
    True
    """
    if len(net.weights) != 2 or net.sizes[0] != 1 or net.sizes[-1] != 1 or net.task != "regression":
        raise MathDLError("bad_shape", name="net.sizes (a regression)", expected="(1, N, 1)", shape=net.sizes)
    inputs = as_sample(x, "x")
    h = ACTIVATIONS[net.activation].f(inputs[:, None] @ net.weights[0] + net.biases[0])  # φ(wⱼ x + bⱼ), (n, N)
    parts: Array = h * net.weights[1][:, 0]  # vⱼ φ(…), (n, N)
    return parts


# --- A classifier of the plane -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DecisionGrid:
    """A classifier's probabilities on a grid of the plane.

    ``x`` (r,) holds the grid's first coordinates, left to right, and ``y`` (r,) its second, bottom
    to top; ``proba`` (r, r, K) holds P(class | (x[j], y[i])) at ``proba[i, j]``.
    """

    x: Array
    y: Array
    proba: Array

    @property
    def winner(self) -> NDArray[np.intp]:
        """(r, r): the most probable class at each grid point."""
        return self.proba.argmax(axis=2)

    @property
    def confidence(self) -> Array:
        """(r, r): the winning class's probability, from 1/K (undecided) to 1."""
        return self.proba.max(axis=2)


def _plane(extent: Sequence[float], resolution: int) -> tuple[Array, Array, Array]:
    """The grid's columns xs (r,), rows ys (r,), and its points (r², 2), row by row from the bottom."""
    check_range("resolution", resolution, 2, 400)
    x_min, x_max, y_min, y_max = (float(e) for e in extent)
    for low, high in ((x_min, x_max), (y_min, y_max)):
        if not low < high:
            raise MathDLError("bad_interval", low=low, high=high)
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    XX, YY = np.meshgrid(xs, ys)  # (r, r) each: XX[i, j] = xs[j], YY[i, j] = ys[i]
    return xs, ys, np.column_stack([XX.ravel(), YY.ravel()])


def decision_grid(
    net: Network, extent: Sequence[float], resolution: int = 60, features: Sequence[str] = RAW
) -> DecisionGrid:
    """The class probabilities P(k | x) on a resolution × resolution grid over the rectangle ``extent``.

    The network sees each grid point x through the feature map φ(x) of :func:`mathdl.features.feature_map`.

    Parameters
    ----------
    net : Network
        A classifier with ``len(features)`` inputs.
    extent : sequence of 4 floats
        (x_min, x_max, y_min, y_max).
    resolution : int
        Grid points per side, 2 to 400.
    features : sequence of str
        The codes of the network's input features; by default the coordinates (x₁, x₂).

    Returns
    -------
    DecisionGrid
        Probabilities of shape (r, r, K).

    Examples
    --------
    >>> net = mlp.init_network((2, 8, 3), "relu", np.random.default_rng(0))
    >>> grid = decision_grid(net, (-1, 1, -2, 2), resolution=5)
    >>> grid.proba.shape, grid.winner.shape, grid.y.tolist()
    ((5, 5, 3), (5, 5), [-2.0, -1.0, 0.0, 1.0, 2.0])
    """
    xs, ys, points = _plane(extent, resolution)
    proba = mlp.predict_proba(net, feature_map(points, features))  # (r², K)
    return DecisionGrid(xs, ys, proba.reshape(resolution, resolution, -1))


@dataclass(frozen=True, eq=False)
class UnitMaps:
    """Every hidden unit's output on a grid of the plane.

    ``x`` (r,) and ``y`` (r,) are the grid's columns and rows, as in :class:`DecisionGrid`;
    ``layers[l]`` (r, r, n_l) holds hidden layer l + 1's outputs h = φ(z), unit j at ``[i, j_col, j]``.
    """

    x: Array
    y: Array
    layers: tuple[Array, ...]


def unit_maps(net: Network, extent: Sequence[float], resolution: int = 24, features: Sequence[str] = RAW) -> UnitMaps:
    """The output h_{l,j}(x) of every hidden unit at every point x of a resolution × resolution grid.

    One forward pass h_0 = φ(x), h_{l+1} = act(h_l W_l + b_l) over the grid's points, keeping each
    hidden layer's h (not the output's logits).

    Parameters
    ----------
    net : Network
        A network with ``len(features)`` inputs.
    extent : sequence of 4 floats
        (x_min, x_max, y_min, y_max).
    resolution : int
        Grid points per side, 2 to 400.
    features : sequence of str
        The codes of the network's input features.

    Returns
    -------
    UnitMaps
        One (r, r, n_l) array per hidden layer; none for a network without hidden layers.

    Examples
    --------
    >>> net = mlp.init_network((2, 3, 4, 2), "relu", np.random.default_rng(0))
    >>> [h.shape for h in unit_maps(net, (-1, 1, -1, 1), resolution=5).layers]
    [(5, 5, 3), (5, 5, 4)]
    """
    xs, ys, points = _plane(extent, resolution)
    hidden = mlp.forward(net, feature_map(points, features)).inputs[1:]  # h_1 … h_L, each (r², n_l)
    return UnitMaps(xs, ys, tuple(h.reshape(resolution, resolution, -1) for h in hidden))


def data_extent(X: ArrayLike, margin: float = 0.5) -> tuple[float, float, float, float]:
    """The bounding box of 2-D points, widened by ``margin`` on every side, for :func:`decision_grid`.

    Parameters
    ----------
    X : array_like of shape (n, 2)
        The points.
    margin : float
        Added beyond the outermost point on each side.

    Returns
    -------
    tuple of 4 floats
        (x_min, x_max, y_min, y_max).

    Examples
    --------
    >>> data_extent([[0.0, 1.0], [2.0, 3.0]], margin=0.5)
    (-0.5, 2.5, 0.5, 3.5)
    """
    points = as_matrix(X, "X", (None, 2))
    if len(points) == 0:
        raise MathDLError("too_few_values", name="X", minimum=1, n=0)
    low, high = points.min(axis=0) - margin, points.max(axis=0) + margin
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


# --- Depth against width ---------------------------------------------------------------------------


def tent_network(depth: int) -> Network:
    """A ReLU network of ``depth`` hidden layers of 2 units that folds [0, 1] onto itself ``depth`` times.

    Each layer computes the tent map t(x) = 2 relu(x) − 4 relu(x − ½) (up to 1 at x = ½, back
    to 0 at 1), and composing it k times gives a sawtooth with 2ᵏ⁻¹ teeth, 2ᵏ linear pieces,
    from only 6k + 1 weights (Telgarsky, 2016). A network with one hidden layer needs a unit per
    kink, 2ᵏ − 1 of them: depth buys pieces exponentially, width only linearly.

    Parameters
    ----------
    depth : int
        k, the number of hidden layers, 1 to 20.

    Returns
    -------
    Network
        Sizes (1, 2, …, 2, 1), ReLU, a regression.

    Examples
    --------
    >>> net = tent_network(2)
    >>> mlp.predict(net, np.array([[0.0], [0.25], [0.5], [0.75], [1.0]])).tolist()
    [0.0, 1.0, 0.0, 1.0, 0.0]
    """
    check_range("depth", depth, 1, 20)
    first = np.array([[1.0, 1.0]]), np.array([0.0, -0.5])  # (x, x − ½) into the two ReLUs
    fold = np.array([[2.0, 2.0], [-4.0, -4.0]]), np.array([0.0, -0.5])  # t = 2a − 4b, then (t, t − ½)
    out = np.array([[2.0], [-4.0]]), np.zeros(1)  # the last tent: 2a − 4b
    layers = [first, *[fold] * (depth - 1), out]
    return Network(tuple(W for W, _ in layers), tuple(b for _, b in layers), "relu", "regression")


def linear_pieces(net: Network, x: ArrayLike, tol: float = 1e-9) -> int:
    """How many straight pieces the output of a one-input ReLU network has along the sorted points x.

    Between kinks the slope Δŷ/Δx is constant; a kink shows as a change of slope (two adjacent
    changes when it falls inside a grid step, counted once). The grid must be fine enough to
    separate the kinks.

    Parameters
    ----------
    net : Network
        A network with one input and one output.
    x : array_like of shape (n,)
        The points, in any order.
    tol : float
        The relative change of slope that counts as a kink.

    Returns
    -------
    int
        The number of pieces, at least 1.

    Examples
    --------
    >>> linear_pieces(tent_network(3), np.linspace(0, 1, 1001))
    8
    """
    points = np.sort(as_sample(x, "x"))
    slope = np.diff(mlp.predict(net, points[:, None])) / np.diff(points)  # (n − 1,)
    bends = np.abs(np.diff(slope)) > tol * (1 + np.abs(slope[1:]))  # (n − 2,): a kink near x[i + 1]
    return 1 + int(np.sum(bends[1:] & ~bends[:-1]) + bends[0]) if len(bends) else 1


def shallow_units_for(pieces: int) -> int:
    """Hidden units a one-layer ReLU network of one input needs for ``pieces`` linear pieces: one per kink.

    Parameters
    ----------
    pieces : int
        The number of linear pieces wanted.

    Returns
    -------
    int
        max(pieces − 1, 1).

    Examples
    --------
    >>> shallow_units_for(8)
    7
    """
    return max(pieces - 1, 1)


def parameter_count(sizes: Sequence[int]) -> int:
    """Weights and biases of a fully connected network with layer widths ``sizes``: Σ (nₗ + 1) nₗ₊₁.

    Parameters
    ----------
    sizes : sequence of int
        (d, n_1, …, n_L).

    Returns
    -------
    int
        The number of parameters.

    Examples
    --------
    >>> parameter_count((1, 2, 2, 1))
    13
    """
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


@dataclass(frozen=True, eq=False)
class DepthCosts:
    """The parameters a deep and a shallow ReLU network need for the same sawtooth, depth by depth.

    ``depth`` (m,) holds k = 1 … m; ``pieces`` (m,) the 2ᵏ linear pieces of k folds; ``deep`` (m,)
    the parameters of k layers of 2 units; ``shallow`` (m,) those of one layer with a unit per kink.
    """

    depth: NDArray[np.int64]
    pieces: NDArray[np.int64]
    deep: NDArray[np.int64]
    shallow: NDArray[np.int64]


def depth_costs(max_depth: int) -> DepthCosts:
    """For k = 1 … max_depth folds: 2ᵏ pieces from 6k + 1 parameters deep, 3(2ᵏ − 1) + 1 shallow.

    Parameters
    ----------
    max_depth : int
        The deepest network compared, 1 to 20.

    Returns
    -------
    DepthCosts
        Arrays of shape (max_depth,).

    Examples
    --------
    >>> costs = depth_costs(3)
    >>> costs.pieces.tolist(), costs.deep.tolist(), costs.shallow.tolist()
    ([2, 4, 8], [7, 13, 19], [4, 10, 22])
    """
    check_range("max_depth", max_depth, 1, 20)
    depth = np.arange(1, max_depth + 1)
    pieces = 2**depth
    deep = [parameter_count((1, *[2] * int(k), 1)) for k in depth]
    shallow = [parameter_count((1, shallow_units_for(int(p)), 1)) for p in pieces]
    return DepthCosts(depth, pieces, np.array(deep), np.array(shallow))
