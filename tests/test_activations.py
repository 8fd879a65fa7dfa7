"""Facts about the activations: each is its textbook formula (scipy's where scipy has it), and each
derivative is the slope of its function.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special

from mathdl import activations
from mathdl.activations import ACTIVATIONS

H = 1e-6  # the central-difference step: truncation ~h², rounding ~ε/h, both far below 1e-6 relative


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_derivative_is_the_slope_of_its_function(name):
    z = np.concatenate([np.linspace(-4, -0.01, 50), np.linspace(0.01, 4, 50)])  # away from the kink at 0
    act = ACTIVATIONS[name]
    assert_allclose(act.grad(z), (act.f(z + H) - act.f(z - H)) / (2 * H), rtol=1e-7, atol=1e-9)


def test_activations_are_their_textbook_formulas():
    z = np.linspace(-3, 3, 13)
    assert_allclose(activations.relu(z), np.where(z > 0, z, 0))
    assert_allclose(activations.leaky_relu(z), np.where(z > 0, z, 0.01 * z))
    assert_allclose(activations.elu(z), np.where(z > 0, z, np.exp(z) - 1))
    assert_allclose(activations.sigmoid(z), special.expit(z))
    assert_allclose(activations.tanh(z), (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)))
    assert activations.sigmoid_grad(np.array([0.0])).max() == 0.25 >= activations.sigmoid_grad(z).max()


def test_relu_is_zero_for_every_non_positive_input_and_its_slope_there_is_zero():
    z = np.array([-2.0, -0.0, 0.0, 0.5, 3.0])
    assert_allclose(activations.relu(z), [0, 0, 0, 0.5, 3])
    assert_allclose(activations.relu_grad(z), [0, 0, 0, 1, 1])


def test_the_sigmoid_neither_overflows_nor_loses_its_tails():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        assert_allclose(activations.sigmoid(z), special.expit(z), rtol=1e-15)
