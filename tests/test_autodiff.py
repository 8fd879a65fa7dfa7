"""Reverse-mode automatic differentiation gives the derivatives of calculus, checked against
closed forms and finite differences.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl.autodiff import Value, topological_order


def loss(w: float, b: float, x: float = 1.5, y: float = 1.0) -> tuple[Value, Value, Value]:
    """L = (σ(w·x + b) − y)², the page's one-neuron graph."""
    wv, bv = Value(w, label="w"), Value(b, label="b")
    L = ((wv * x + bv).sigmoid() - y) ** 2
    return L, wv, bv


@settings(max_examples=100)
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_backpropagation_through_a_neuron_matches_finite_differences(w, b):
    L, wv, bv = loss(w, b)
    L.backward()
    h = 1e-6
    numeric_w = (loss(w + h, b)[0].data - loss(w - h, b)[0].data) / (2 * h)
    numeric_b = (loss(w, b + h)[0].data - loss(w, b - h)[0].data) / (2 * h)
    assert wv.grad == pytest.approx(numeric_w, abs=1e-7)
    assert bv.grad == pytest.approx(numeric_b, abs=1e-7)


def test_the_chain_rule_for_the_neuron_in_closed_form():
    w, b, x, y = 0.8, -0.2, 1.5, 1.0
    L, wv, bv = loss(w, b, x, y)
    L.backward()
    s = 1 / (1 + math.exp(-(w * x + b)))
    assert wv.grad == pytest.approx(2 * (s - y) * s * (1 - s) * x)
    assert bv.grad == pytest.approx(2 * (s - y) * s * (1 - s))


def test_a_value_used_twice_collects_both_gradients():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0
    y.backward()  # a second backward starts from zero again
    assert x.grad == 7.0


@pytest.mark.parametrize(
    ("f", "df", "a"),
    [
        (lambda v: v.exp(), math.exp, 0.7),
        (lambda v: v.log(), lambda a: 1 / a, 0.7),
        (lambda v: v.sqrt(), lambda a: 0.5 / math.sqrt(a), 0.7),
        (lambda v: v.tanh(), lambda a: 1 - math.tanh(a) ** 2, 0.7),
        (lambda v: v.relu(), lambda a: 1.0, 0.7),
        (lambda v: (-v).relu(), lambda a: 0.0, 0.7),
        (lambda v: 1 / v, lambda a: -1 / a**2, 0.7),
        (lambda v: 2**v, lambda a: 2**a * math.log(2), 0.7),
        (lambda v: 5 - v, lambda a: -1.0, 0.7),
    ],
)
def test_each_operation_has_its_textbook_derivative(f, df, a):
    x = Value(a)
    f(x).backward()
    assert x.grad == pytest.approx(df(a))


def test_the_graph_lists_every_node_after_its_inputs():
    L, wv, bv = loss(0.5, 0.1)
    order = topological_order(L)
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(c)] < position[id(n)] for n in order for c in n.children)
    assert order[-1] is L and {id(wv), id(bv)} <= set(position)


@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
@settings(max_examples=40)
@given(w=st.floats(-3, 3), b=st.floats(-3, 3), x=st.floats(-2, 2), y=st.sampled_from([0.0, 1.0]))
def test_the_pages_neuron_has_the_textbook_gradients(loss, w, b, x, y):
    """Squared error: ∂L/∂z = 2(a − y)·a(1 − a). Cross-entropy: ∂L/∂z = a − y, which never
    carries the vanishing factor a(1 − a).
    """
    from mathdl.autodiff import neuron, trace

    L = neuron(w, b, x, y, loss)
    L.backward()
    a = 1 / (1 + math.exp(-(w * x + b)))
    dz = 2 * (a - y) * a * (1 - a) if loss == "squared" else a - y
    nodes = {n.label: n for n in trace(L, named_only=True)[0]}
    assert nodes["z"].grad == pytest.approx(dz, abs=1e-9)
    assert nodes["w"].grad == pytest.approx(dz * x, abs=1e-9)
    assert nodes["b"].grad == pytest.approx(dz, abs=1e-9)


def test_the_drawn_neuron_graph_joins_named_nodes_through_hidden_constants():
    from mathdl.autodiff import neuron, trace

    nodes, edges = trace(neuron(0.5, 0.1, 1.0, 1.0), named_only=True)
    names = [n.label for n in nodes]
    drawn = {(names[i], names[j]) for i, j in edges}
    assert drawn == {
        ("w", "w·x"),
        ("x", "w·x"),
        ("w·x", "z"),
        ("b", "z"),
        ("z", "a"),
        ("a", "a − y"),
        ("y", "a − y"),
        ("a − y", "L"),
    }


@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
def test_the_chain_rule_by_hand_is_what_backpropagation_and_finite_differences_give(loss):
    from mathdl.autodiff import neuron, neuron_chain_rule
    from mathdl.calculus import numeric_gradient

    point = {"w": -1.3, "b": 0.4, "x": 0.7, "y": 1.0}
    L = neuron(**point, loss=loss)
    L.backward()
    w = next(n for n in topological_order(L) if n.label == "w")
    numeric = numeric_gradient(lambda **p: neuron(**p, loss=loss).data, point)["w"]
    assert neuron_chain_rule(**point, loss=loss).dL_dw == pytest.approx(w.grad, rel=1e-12)
    assert w.grad == pytest.approx(numeric, rel=1e-7)


def test_the_recorded_graph_holds_every_value_and_gradient_and_each_nodes_column():
    from mathdl.autodiff import graph, neuron_graph

    w, b, x, y = 0.8, -0.2, 1.5, 1.0
    g = neuron_graph(w, b, x, y)
    at = dict(zip(g.labels, range(len(g.labels)), strict=True))
    a = 1 / (1 + math.exp(-(w * x + b)))
    assert g.data[at["z"]] == pytest.approx(w * x + b) and g.data[at["a"]] == pytest.approx(a)
    assert g.data[at["L"]] == pytest.approx((a - y) ** 2) and g.grad[at["L"]] == 1.0
    assert g.grad[at["a"]] == pytest.approx(2 * (a - y))
    assert g.grad[at["w"]] == pytest.approx(2 * (a - y) * a * (1 - a) * x)
    depth = dict(zip(g.labels, g.depth.tolist(), strict=True))
    assert depth == {"w": 0, "x": 0, "b": 0, "y": 0, "w·x": 1, "z": 2, "a": 3, "a − y": 4, "L": 5}
    assert all(depth[g.labels[i]] < depth[g.labels[j]] for i, j in g.edges)
    v = Value(2.0, label="v")
    assert graph(v * v).grad.tolist()[-2:] == [4.0, 1.0]


def test_a_function_math_refuses_gives_nan_as_numpy_does():
    x = Value(math.inf)
    assert math.isnan(x.sin().data) and math.isnan(x.cos().data)


# What each drawn operation computes from the drawn inputs, in the order the graph lists them.
MEANING = {
    "×": lambda v: v[0] * v[1],
    "+": lambda v: v[0] + v[1],
    "σ": lambda v: 1 / (1 + math.exp(-v[0])),
    "−": lambda v: v[0] - v[1],
    "(·)²": lambda v: v[0] ** 2,
    "log": lambda v: math.log(v[0]),
    "log(1 − ·)": lambda v: math.log(1 - v[0]),
    "−Σ": lambda v: -(v[0] * v[1] + (1 - v[0]) * v[2]),  # y, log a, log(1 − a): −Σₖ yₖ log aₖ
}


@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
@settings(max_examples=30)
@given(w=st.floats(-3, 3), b=st.floats(-3, 3), x=st.floats(-2, 2), y=st.sampled_from([0.0, 1.0]))
def test_every_drawn_operation_computes_its_node_from_the_nodes_drawn_as_its_inputs(loss, w, b, x, y):
    """The label on a node is not decoration: applied to its inputs' values it gives the node's value."""
    from mathdl.autodiff import neuron_graph

    g = neuron_graph(w, b, x, y, loss)
    for j, op in enumerate(g.ops):
        inputs = [g.data[i] for i, k in g.edges if k == j]
        if not op:
            assert not inputs  # only an input has no operation
            continue
        assert MEANING[op](inputs) == pytest.approx(g.data[j], rel=1e-9, abs=1e-12), (g.labels[j], op)
    expected = {"squared": ["×", "+", "σ", "−", "(·)²"], "cross_entropy": ["×", "+", "σ", "log", "log(1 − ·)", "−Σ"]}
    assert sorted(op for op in g.ops if op) == sorted(expected[loss])
