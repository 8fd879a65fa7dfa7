"""Reverse-mode automatic differentiation on scalars, in the style of micrograd.

Every operation records its inputs and how to pass a gradient back to them, right beside the
forward computation; ``backward`` visits the graph from the output to the inputs and applies the
chain rule once per edge. This is what a deep-learning framework does, on tensors instead of
numbers.

>>> x = Value(2.0, label="x")
>>> y = x * x + x.sin()
>>> y.backward()
>>> round(x.grad, 6) == round(2 * 2.0 + math.cos(2.0), 6)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mathdl.validation import check_choice


class Value:
    """A number, the operation that made it, and d(output)/d(this number) after ``backward``.

    Parameters
    ----------
    data : float
        The number.
    children : tuple of Value
        The inputs of the operation that made it (none for an input or a constant).
    op : str
        The operation's symbol, for drawing.
    label : str
        A name for drawing and for finding the node again ("w", "z", "L").

    Examples
    --------
    >>> w = Value(3.0, label="w"); L = w * w; L.backward(); w.grad
    6.0
    """

    def __init__(self, data: float, children: tuple[Value, ...] = (), op: str = "", label: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self.children = children
        self.op = op
        self.label = label
        self._backward: Callable[[], None] = lambda: None

    def __repr__(self) -> str:
        return f"Value({self.label or self.op or 'const'}={self.data:.6g}, grad={self.grad:.6g})"

    # --- arithmetic: each returns the result and knows its local derivatives ---------------------

    def __add__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward() -> None:  # ∂(a + b)/∂a = ∂(a + b)/∂b = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(self.data * other.data, (self, other), "×")

        def backward() -> None:  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(_power(self.data, other.data), (self, other), "^")

        def backward() -> None:  # ∂(a^b)/∂a = b a^(b−1); ∂(a^b)/∂b = a^b log a, defined for a > 0
            self.grad += other.data * _power(self.data, other.data - 1) * out.grad if other.data != 0 else 0.0
            other.grad += (out.data * math.log(self.data) if self.data > 0 else math.nan) * out.grad

        out._backward = backward
        return out

    def _unary(self, op: str, value: float, slope: float) -> Value:
        """f(self) with f' = ``slope`` at self: the forward value and the backward step of every one-input function."""
        out = Value(value, (self,), op)

        def backward() -> None:  # the chain rule: ∂L/∂a = f'(a) · ∂L/∂f(a)
            self.grad += slope * out.grad

        out._backward = backward
        return out

    def exp(self) -> Value:
        """e^a, whose slope is e^a itself."""
        e = _exp(self.data)
        return self._unary("exp", e, e)

    def log(self) -> Value:
        """log a (NaN for a < 0, −inf at 0), whose slope is 1/a."""
        a = self.data
        value = math.log(a) if a > 0 else (-math.inf if a == 0 else math.nan)
        return self._unary("log", value, 1 / a if a != 0 else math.inf)

    def sqrt(self) -> Value:
        """√a (NaN for a < 0), whose slope is 1/(2√a)."""
        root = math.sqrt(self.data) if self.data >= 0 else math.nan
        return self._unary("sqrt", root, 0.5 / root if root > 0 else math.inf)

    def sin(self) -> Value:
        """sin a, whose slope is cos a."""
        return self._unary("sin", _safe(math.sin, self.data), _safe(math.cos, self.data))

    def cos(self) -> Value:
        """cos a, whose slope is −sin a."""
        return self._unary("cos", _safe(math.cos, self.data), -_safe(math.sin, self.data))

    def tan(self) -> Value:
        """tan a, whose slope is 1/cos² a."""
        return self._unary("tan", _safe(math.tan, self.data), 1 / _safe(math.cos, self.data) ** 2)

    def tanh(self) -> Value:
        """tanh a, whose slope is 1 − tanh² a."""
        th = math.tanh(self.data)
        return self._unary("tanh", th, 1 - th**2)

    def sigmoid(self) -> Value:
        """σ(a) = 1/(1 + e^−a), whose slope is σ(a)(1 − σ(a)) ≤ 1/4; written so neither side overflows."""
        a = self.data
        s = 1 / (1 + _exp(-a)) if a >= 0 else _exp(a) / (1 + _exp(a))
        return self._unary("σ", s, s * (1 - s))

    def relu(self) -> Value:
        """max(a, 0), whose slope is 1 for a > 0 and 0 otherwise."""
        return self._unary("ReLU", max(self.data, 0.0), 1.0 if self.data > 0 else 0.0)

    def abs(self) -> Value:
        """|a|, whose slope is the sign of a (0 at 0)."""
        return self._unary("abs", abs(self.data), math.copysign(1.0, self.data) if self.data != 0 else 0.0)

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other: Value | float) -> Value:
        return self + (-_value(other))

    def __truediv__(self, other: Value | float) -> Value:
        return self * _value(other) ** -1

    def __radd__(self, other: float) -> Value:
        return _value(other) + self

    def __rmul__(self, other: float) -> Value:
        return _value(other) * self

    def __rsub__(self, other: float) -> Value:
        return _value(other) - self

    def __rtruediv__(self, other: float) -> Value:
        return _value(other) / self

    def __rpow__(self, other: float) -> Value:
        return _value(other) ** self

    # --- the chain rule over the whole graph -------------------------------------------------------

    def backward(self) -> None:
        """Set every ``grad`` in the graph to d(self)/d(that value).

        Nodes are visited in reverse topological order, so a node passes its gradient back only
        after every path from the output has added its share to it. Gradients start from zero
        on every call.

        Examples
        --------
        >>> x = Value(3.0); y = x * x + x; y.backward(); x.grad
        7.0
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def _value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _exp(a: float) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        return math.inf


def _safe(f: Callable[[float], float], a: float) -> float:
    """f(a), or NaN where math refuses (sin of infinity), as numpy gives it."""
    try:
        return f(a)
    except (ValueError, OverflowError):
        return math.nan


def _power(a: float, b: float) -> float:
    try:
        result = a**b
    except (OverflowError, ZeroDivisionError):
        return math.inf
    return result if isinstance(result, float) else math.nan  # a negative base, fractional power: complex


def topological_order(root: Value) -> list[Value]:
    """Every node of the graph once, each after all of its inputs.

    Iterative depth-first search, so graphs thousands of operations deep are fine.

    Parameters
    ----------
    root : Value
        The output.

    Returns
    -------
    list of Value
        The nodes, inputs first and ``root`` last.

    Examples
    --------
    >>> a = Value(1.0); b = a + a
    >>> len(topological_order(b))
    2
    """
    order: list[Value] = []
    seen: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in node.children if id(child) not in seen)
    return order


def trace(root: Value, named_only: bool = False) -> tuple[list[Value], list[tuple[int, int]]]:
    """The graph behind ``root``, for drawing: its nodes, each after its inputs, and its edges.

    With ``named_only``, nodes without a label (constants, the −1 inside a subtraction) are
    left out and an edge joins two named nodes whenever a path through unnamed ones does.

    Parameters
    ----------
    root : Value
        The output.
    named_only : bool
        Keep only labelled nodes.

    Returns
    -------
    nodes : list of Value
        In topological order.
    edges : list of (int, int)
        (input index, output index) pairs into ``nodes``, grouped by output in the order of ``nodes``.

    Examples
    --------
    >>> a = Value(2.0, label="a"); nodes, edges = trace(a * a + 1)
    >>> [n.op or n.label or "const" for n in nodes], edges
    (['const', 'a', '×', '+'], [(1, 2), (2, 3), (0, 3)])
    >>> [n.label for n in trace(neuron(1.0, 0.0, 2.0, 1.0), named_only=True)[0]][-3:]
    ['a', 'a − y', 'L']
    """
    nodes = [n for n in topological_order(root) if n.label or not named_only]
    index = {id(node): i for i, node in enumerate(nodes)}

    def sources(node: Value) -> list[Value]:  # the nearest drawn inputs of a node
        return [c for child in node.children for c in ([child] if id(child) in index else sources(child))]

    return nodes, [(index[id(child)], index[id(node)]) for node in nodes for child in dict.fromkeys(sources(node))]


@dataclass(frozen=True)
class Graph:
    """A computational graph after its backward pass, as plain numbers for a table or a drawing.

    ``labels``, ``data`` and ``grad`` are each node's name, forward value and ∂root/∂node, in
    topological order; ``ops`` the operation that made each node from its drawn inputs ("" for an
    input); ``edges`` are (input, output) index pairs; ``depth`` is each node's longest distance
    from an input.
    """

    labels: tuple[str, ...]
    data: NDArray[np.float64]
    grad: NDArray[np.float64]
    edges: tuple[tuple[int, int], ...]
    depth: NDArray[np.int64]
    ops: tuple[str, ...]


def graph(root: Value, named_only: bool = False) -> Graph:
    """Run the backward pass from ``root`` and record every node's value and gradient.

    depth(input) = 0 and depth(v) = 1 + max depth of v's inputs.

    Parameters
    ----------
    root : Value
        The output, usually a loss.
    named_only : bool
        Keep only labelled nodes, as :func:`trace` does.

    Returns
    -------
    Graph
        The nodes' values, gradients, edges and depths.

    Examples
    --------
    >>> w = Value(3.0, label="w"); L = w * w; L.label = "L"
    >>> g = graph(L, named_only=True)
    >>> g.labels, g.ops, g.grad.tolist(), g.depth.tolist()
    (('w', 'L'), ('', '×'), [6.0, 1.0], [0, 1])
    """
    root.backward()
    nodes, edges = trace(root, named_only)
    depth = np.zeros(len(nodes), dtype=np.int64)
    for i, j in edges:  # grouped by output, in topological order: every input's depth is final
        depth[j] = max(depth[j], depth[i] + 1)
    return Graph(
        tuple(n.label for n in nodes),
        np.array([n.data for n in nodes]),
        np.array([n.grad for n in nodes]),
        tuple(edges),
        depth,
        tuple(n.op for n in nodes),
    )


LOSSES = ("squared", "cross_entropy")


def neuron(w: float, b: float, x: float, y: float, loss: str = "squared") -> Value:
    """One neuron and its loss as a graph: z = w·x + b, a = σ(z), then the loss of a against y.

    L = (a − y)² (``"squared"``) or L = −y log a − (1 − y) log(1 − a) (``"cross_entropy"``).
    Every node is labelled with its name, so a page can draw the graph and a reader can find
    each factor of the chain rule ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w in it. A node that stands for
    several operations (a − y is a + (−1)·y) carries the one a textbook writes (−) as its ``op``.

    Parameters
    ----------
    w, b : float
        The weight and the bias.
    x : float
        The input.
    y : float
        The target, 0 or 1 for the cross-entropy.
    loss : {"squared", "cross_entropy"}
        A key of :data:`LOSSES`.

    Returns
    -------
    Value
        L, with the graph that computed it.

    Examples
    --------
    >>> L = neuron(0.0, 0.0, 1.0, 1.0); L.backward(); round(L.data, 4)
    0.25
    """
    check_choice("loss", loss, LOSSES)
    wv, bv, xv, yv = Value(w, label="w"), Value(b, label="b"), Value(x, label="x"), Value(y, label="y")
    wx = _named(wv * xv, "w·x")
    z = _named(wx + bv, "z")
    a = _named(z.sigmoid(), "a")
    if loss == "squared":
        return _named(_named(a - yv, "a − y", "−") ** 2, "L", "(·)²")
    log_a, log_not_a = _named(a.log(), "log a"), _named((1 - a).log(), "log(1 − a)", "log(1 − ·)")
    return _named(-(yv * log_a + (1 - yv) * log_not_a), "L", "−Σ")


def neuron_graph(w: float, b: float, x: float, y: float, loss: str = "squared") -> Graph:
    """The neuron of :func:`neuron` after its forward and backward pass: every named node's value and ∂L/∂node.

    Parameters
    ----------
    w, b, x, y : float
        As for :func:`neuron`.
    loss : {"squared", "cross_entropy"}
        A key of :data:`LOSSES`.

    Returns
    -------
    Graph
        The named nodes only: inputs, w·x, z, a and the loss's parts, each with its operation.

    Examples
    --------
    >>> g = neuron_graph(0.0, 0.0, 2.0, 1.0)
    >>> dict(zip(g.labels, g.grad.round(3).tolist()))["w"]
    -0.5
    >>> {n: op for n, op in zip(g.labels, g.ops) if op}
    {'w·x': '×', 'z': '+', 'a': 'σ', 'a − y': '−', 'L': '(·)²'}
    """
    return graph(neuron(w, b, x, y, loss), named_only=True)


@dataclass(frozen=True)
class ChainRule:
    """The factors of ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w for :func:`neuron`, each from its own formula."""

    dL_da: float
    da_dz: float
    dz_dw: float

    @property
    def dL_dw(self) -> float:
        """The product of the three factors."""
        return self.dL_da * self.da_dz * self.dz_dw


def neuron_chain_rule(w: float, b: float, x: float, y: float, loss: str = "squared") -> ChainRule:
    """The chain rule for the neuron by hand, one local derivative at a time.

    ∂L/∂a is 2(a − y) for the squared error and (a − y)/(a(1 − a)) for the cross-entropy;
    ∂a/∂z = a(1 − a), the sigmoid's slope; ∂z/∂w = x.

    Parameters
    ----------
    w, b, x, y : float
        As for :func:`neuron`.
    loss : {"squared", "cross_entropy"}
        A key of :data:`LOSSES`.

    Returns
    -------
    ChainRule
        The three factors; their product is ``dL_dw``.

    Examples
    --------
    >>> c = neuron_chain_rule(0.0, 0.0, 2.0, 1.0)
    >>> c.dL_da, c.da_dz, c.dz_dw, c.dL_dw
    (-1.0, 0.25, 2.0, -0.5)
    """
    check_choice("loss", loss, LOSSES)
    a = Value(w * x + b).sigmoid().data
    dL_da = 2 * (a - y) if loss == "squared" else (a - y) / (a * (1 - a))
    return ChainRule(dL_da, a * (1 - a), x)


def _named(value: Value, label: str, op: str = "") -> Value:
    """Name a node for drawing and, when it stands for several operations, say which one it draws as."""
    value.label = label
    value.op = op or value.op
    return value
