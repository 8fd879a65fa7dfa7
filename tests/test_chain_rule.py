"""The chain rule edge by edge: local factors against closed-form derivatives, and backpropagation's steps
against the backward pass of mathdl.autodiff.
"""

import numpy as np
import pytest

from mathdl.autodiff import neuron_graph
from mathdl.chain_rule import neuron_local_derivatives, pass_step


@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
def test_local_factors_are_the_closed_form_derivatives_and_sum_by_the_chain_rule_to_each_gradient(loss):
    w, b, x, y = 0.9, -0.3, 1.7, 1.0
    g, factors = neuron_graph(w, b, x, y, loss), neuron_local_derivatives(w, b, x, y, loss)
    a = 1 / (1 + np.exp(-(w * x + b)))
    local = {(g.labels[i], g.labels[j]): f for (i, j), f in zip(g.edges, factors, strict=True)}
    assert local[("w", "w·x")] == pytest.approx(x) and local[("x", "w·x")] == pytest.approx(w)
    assert local[("b", "z")] == 1 and local[("z", "a")] == pytest.approx(a * (1 - a))  # σ' = σ(1 − σ)
    if loss == "squared":
        assert local[("a − y", "L")] == pytest.approx(2 * (a - y)) and local[("y", "a − y")] == -1
    else:
        assert local[("log(1 − a)", "L")] == pytest.approx(-(1 - y)) and local[("a", "log a")] == pytest.approx(1 / a)
    n = len(g.labels)
    for k in range(n + 1, 2 * n + 1):  # every backward step: ∂L/∂v = Σ ∂c/∂v · ∂L/∂c over the nodes c it feeds
        step = pass_step(g, factors, k)
        expected = sum(f * g.grad[c] for c, f in zip(step.links, step.factors, strict=True)) if step.links else 1.0
        assert g.grad[step.node] == pytest.approx(expected, rel=1e-12)
        assert step.known_grads.sum() == k - n and step.known_values.all()
    assert pass_step(g, factors, 3).known_values.sum() == 3 and not pass_step(g, factors, 3).known_grads.any()
