"""The chain rule edge by edge: the local derivative on each edge of a graph, and backpropagation step by step.

:mod:`mathdl.autodiff` runs the whole backward pass at once. Here each edge of its graph gets its
local factor ∂(output)/∂(input), and :func:`pass_step` says what backpropagation has filled in after
k steps: first the forward values, inputs first, then each ∂L/∂node as the sum, over the nodes it
feeds, of local factor times their gradient. The tests compare the factors with closed forms and
their sums with the backward pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mathdl.autodiff import Graph, Value, neuron, topological_order, trace
from mathdl.validation import check_range


def local_derivatives(root: Value, named_only: bool = False) -> NDArray[np.float64]:
    """The local factor on every edge of the graph: ∂(output)/∂(input), the other drawn nodes held fixed.

    For each edge (i, j) of :func:`mathdl.autodiff.trace`, the derivative of node j with respect to node i through the
    operations between them alone (with ``named_only``, the unnamed nodes that the drawing leaves out).
    The chain rule then reads ∂L/∂v = Σ over the edges (v, c) of ∂c/∂v · ∂L/∂c. The graph's ``grad``
    fields are overwritten: call ``backward`` again to read ∂root/∂node.

    Parameters
    ----------
    root : Value
        The output.
    named_only : bool
        As for :func:`mathdl.autodiff.trace`.

    Returns
    -------
    ndarray of shape (edges,)
        One factor per edge, in the order of :func:`mathdl.autodiff.trace`'s edges.

    Examples
    --------
    >>> from mathdl.autodiff import neuron_graph
    >>> w = Value(3.0, label="w"); x = Value(2.0, label="x"); z = w * x; z.label = "z"
    >>> local_derivatives(z).tolist()  # ∂z/∂w = x, ∂z/∂x = w
    [2.0, 3.0]
    """
    nodes, edges = trace(root, named_only)
    drawn = {id(node) for node in nodes}
    reached: dict[int, dict[int, float]] = {}
    for j in dict.fromkeys(j for _, j in edges):
        out = nodes[j]
        order = topological_order(out)
        for node in order:
            node.grad = 0.0
        out.grad = 1.0
        for node in reversed(order):  # stop at every drawn node but the output: those are held fixed
            if node is out or id(node) not in drawn:
                node._backward()
        reached[j] = {id(node): node.grad for node in order}
    return np.array([reached[j][id(nodes[i])] for i, j in edges])


def neuron_local_derivatives(w: float, b: float, x: float, y: float, loss: str = "squared") -> NDArray[np.float64]:
    """The local factor on each edge of :func:`mathdl.autodiff.neuron_graph`'s graph (see :func:`local_derivatives`).

    Parameters
    ----------
    w, b, x, y : float
        As for :func:`mathdl.autodiff.neuron`.
    loss : {"squared", "cross_entropy"}
        A key of :data:`mathdl.autodiff.LOSSES`.

    Returns
    -------
    ndarray of shape (edges,)
        ∂(output)/∂(input) for each of the graph's edges, in its order.

    Examples
    --------
    >>> from mathdl.autodiff import neuron_graph
    >>> g, f = neuron_graph(0.0, 0.0, 2.0, 1.0), neuron_local_derivatives(0.0, 0.0, 2.0, 1.0)
    >>> [float(f[e]) for e, (i, j) in enumerate(g.edges) if g.labels[j] == "a"]  # ∂a/∂z = σ'(0)
    [0.25]
    """
    return local_derivatives(neuron(w, b, x, y, loss), named_only=True)


@dataclass(frozen=True)
class PassStep:
    """Step k of the forward pass then the backward pass over a graph, one node a step.

    ``phase`` is "start" (step 0), "forward" or "backward"; ``node`` the node filled in at this step
    (None at step 0); ``known_values`` and ``known_grads`` which nodes show their value and their
    ∂L/∂node so far. For a forward step, ``links`` are the node's inputs; for a backward step, the
    nodes it feeds, with ``factors`` the local derivative ∂(that node)/∂node of each, so that
    ∂L/∂node = Σ factors · ∂L/∂(those nodes).
    """

    phase: str
    node: int | None
    known_values: NDArray[np.bool_]
    known_grads: NDArray[np.bool_]
    links: tuple[int, ...]
    factors: tuple[float, ...]


def pass_step(g: Graph, factors: NDArray[np.float64], k: int) -> PassStep:
    """What backpropagation has filled in after step k: n forward steps, inputs first, then n backward steps.

    Step 0 shows nothing; step j ≤ n computes node j − 1's value; step n + j computes ∂L/∂node of
    node n − j, in reverse topological order, so every node it feeds is done before it.

    Parameters
    ----------
    g : Graph
        A graph after its backward pass, such as :func:`mathdl.autodiff.neuron_graph`'s, with n nodes.
    factors : ndarray of shape (edges,)
        The local derivative on each of its edges (:func:`local_derivatives`).
    k : int in [0, 2n]
        The step.

    Returns
    -------
    PassStep
        The phase, the node of this step, what is known, and the node's links and local factors.

    Examples
    --------
    >>> from mathdl.autodiff import neuron_graph
    >>> g = neuron_graph(0.0, 0.0, 2.0, 1.0)
    >>> s = pass_step(g, neuron_local_derivatives(0.0, 0.0, 2.0, 1.0), len(g.labels) + 3)
    >>> s.phase, g.labels[s.node], [g.labels[c] for c in s.links], s.factors
    ('backward', 'a', ['a − y'], (1.0,))
    """
    n = len(g.labels)
    check_range("k", k, 0, 2 * n)
    index = np.arange(n)
    if k == 0:
        return PassStep("start", None, index < 0, index < 0, (), ())
    if k <= n:
        node = k - 1
        links = tuple(i for i, j in g.edges if j == node)
        return PassStep("forward", node, index <= node, index < 0, links, ())
    node = 2 * n - k
    feeds = [(j, float(f)) for (i, j), f in zip(g.edges, factors, strict=True) if i == node]
    return PassStep("backward", node, index >= 0, index >= node, tuple(j for j, _ in feeds), tuple(f for _, f in feeds))
