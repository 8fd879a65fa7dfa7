"""Reverse-mode automatic differentiation on scalars, in the style of micrograd.

Every operation records its inputs and how to pass a gradient back to them; ``backward``
visits the graph from the output to the inputs and applies the chain rule once per edge.
This is what a deep-learning framework does, on tensors instead of numbers.

>>> x = Value(2.0, label="x")
>>> y = x * x + x.sin()
>>> y.backward()
>>> round(x.grad, 6) == round(2 * 2.0 + math.cos(2.0), 6)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mathdl.errors import MathDLError


class Value:
    """A number, the operation that made it, and d(output)/d(this number) after ``backward``."""

    def __init__(self, data: float, children: tuple[Value, ...] = (), op: str = "", label: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self.children = children
        self.op = op
        self.label = label
        self._backward = lambda: None

    def __repr__(self) -> str:
        return f"Value({self.label or self.op or 'const'}={self.data:.6g}, grad={self.grad:.6g})"

    # --- arithmetic: each returns the result and knows its local derivatives ---------------------

    def __add__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(self.data * other.data, (self, other), "×")

        def backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        other = _value(other)
        out = Value(_power(self.data, other.data), (self, other), "^")

        def backward() -> None:
            # d(a^b)/da = b a^(b−1); d(a^b)/db = a^b log a, defined for a > 0
            self.grad += other.data * _power(self.data, other.data - 1) * out.grad if other.data != 0 else 0.0
            other.grad += (out.data * math.log(self.data) if self.data > 0 else math.nan) * out.grad

        out._backward = backward
        return out

    def _unary(self, op: str, value: float, slope: float) -> Value:
        """f(self) with f' = ``slope`` at self: the pattern of every one-input function."""
        out = Value(value, (self,), op)

        def backward() -> None:
            self.grad += slope * out.grad

        out._backward = backward
        return out

    def exp(self) -> Value:
        e = _exp(self.data)
        return self._unary("exp", e, e)

    def log(self) -> Value:
        a = self.data
        return self._unary(
            "log", math.log(a) if a > 0 else (-math.inf if a == 0 else math.nan), 1 / a if a != 0 else math.inf
        )

    def sqrt(self) -> Value:
        a = self.data
        root = math.sqrt(a) if a >= 0 else math.nan
        return self._unary("sqrt", root, 0.5 / root if root > 0 else math.inf)

    def sin(self) -> Value:
        return self._unary("sin", math.sin(self.data), math.cos(self.data))

    def cos(self) -> Value:
        return self._unary("cos", math.cos(self.data), -math.sin(self.data))

    def tan(self) -> Value:
        return self._unary("tan", math.tan(self.data), 1 / math.cos(self.data) ** 2)

    def tanh(self) -> Value:
        th = math.tanh(self.data)
        return self._unary("tanh", th, 1 - th**2)

    def sigmoid(self) -> Value:
        s = 1 / (1 + _exp(-self.data)) if self.data >= 0 else _exp(self.data) / (1 + _exp(self.data))
        return self._unary("σ", s, s * (1 - s))

    def relu(self) -> Value:
        return self._unary("ReLU", max(self.data, 0.0), 1.0 if self.data > 0 else 0.0)

    def abs(self) -> Value:
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

        Nodes are visited in reverse topological order, so a node passes its gradient back
        only after every path from the output has added its share to it.
        """
        for node in topological_order(self):
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            node._backward()


def _value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _exp(a: float) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        return math.inf


def _power(a: float, b: float) -> float:
    try:
        result = a**b
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return math.inf
    return result if isinstance(result, float) else math.nan  # a negative base, fractional power: complex


def topological_order(root: Value) -> list[Value]:
    """Every node of the graph once, each after all of its inputs (iterative, so deep graphs are fine).

    >>> a = Value(1.0); b = a + a
    >>> len(topological_order(b))
    2
    """
    order, seen, stack = [], set(), [(root, False)]
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
    """The graph behind ``root``, for drawing: its nodes, each after its inputs, and its edges
    as (input index, output index) pairs into that list.

    With ``named_only``, nodes without a label (constants, the −1 inside a subtraction) are
    left out and an edge joins two named nodes whenever a path through unnamed ones does.

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


LOSSES = ("squared", "cross_entropy")


def neuron(w: float, b: float, x: float, y: float, loss: str = "squared") -> Value:
    """One neuron and its loss as a graph: z = w·x + b, a = σ(z), then
    L = (a − y)² (``"squared"``) or L = −y log a − (1 − y) log(1 − a) (``"cross_entropy"``).

    Every node is labelled with its name, so a page can draw the graph and a reader can find
    each factor of the chain rule ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w in it.

    Examples
    --------
    >>> L = neuron(0.0, 0.0, 1.0, 1.0); L.backward(); round(L.data, 4)
    0.25
    """
    if loss not in LOSSES:
        raise MathDLError("unknown_choice", name="loss", allowed=list(LOSSES), value=loss)
    w, b, x, y = Value(w, label="w"), Value(b, label="b"), Value(x, label="x"), Value(y, label="y")
    wx = _named(w * x, "w·x")
    z = _named(wx + b, "z")
    a = _named(z.sigmoid(), "a")
    if loss == "squared":
        return _named(_named(a - y, "a − y") ** 2, "L")
    log_a, log_not_a = _named(a.log(), "log a"), _named((1 - a).log(), "log(1 − a)")
    return _named(-(y * log_a + (1 - y) * log_not_a), "L")


@dataclass(frozen=True)
class ChainRule:
    """The factors of ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w for :func:`neuron`, each from its own formula."""

    dL_da: float
    da_dz: float
    dz_dw: float

    @property
    def dL_dw(self) -> float:
        return self.dL_da * self.da_dz * self.dz_dw


def neuron_chain_rule(w: float, b: float, x: float, y: float, loss: str = "squared") -> ChainRule:
    """The chain rule for the neuron by hand: ∂L/∂a is 2(a − y) for the squared error and
    (a − y)/(a(1 − a)) for the cross-entropy, ∂a/∂z = a(1 − a) (the sigmoid's slope), ∂z/∂w = x.

    Examples
    --------
    >>> c = neuron_chain_rule(0.0, 0.0, 2.0, 1.0)
    >>> c.dL_da, c.da_dz, c.dz_dw, c.dL_dw
    (-1.0, 0.25, 2.0, -0.5)
    """
    if loss not in LOSSES:
        raise MathDLError("unknown_choice", name="loss", allowed=list(LOSSES), value=loss)
    a = Value(w * x + b).sigmoid().data
    dL_da = 2 * (a - y) if loss == "squared" else (a - y) / (a * (1 - a))
    return ChainRule(dL_da, a * (1 - a), x)


def _named(value: Value, label: str) -> Value:
    value.label = label
    return value
