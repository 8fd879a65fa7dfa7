"""Facts about entropy, KL divergence, softmax and the losses of a logit, checked against scipy
and scikit-learn (cost-based decisions are in tests/test_classification.py).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from scipy import special, stats
from sklearn import metrics

from mathdl import MathDLError, activations, information

weights = arrays(float, st.integers(2, 12), elements=st.floats(0, 10)).filter(lambda w: w.sum() > 1e-3)


@settings(max_examples=80)
@given(weights, st.sampled_from([2, math.e]))
def test_entropy_is_scipys_and_at_most_log_k(w, base):
    assert information.entropy(w, base) == pytest.approx(stats.entropy(w, base=base), abs=1e-12)
    assert information.entropy(w, base) <= math.log(len(w), base) + 1e-12


@settings(max_examples=80)
@given(
    st.integers(2, 12).flatmap(lambda k: st.tuples(*(arrays(float, k, elements=st.floats(0.01, 10)) for _ in range(2))))
)
def test_kl_is_scipys_nonnegative_and_the_gap_between_cross_entropy_and_entropy(pq):
    p, q = pq
    kl = information.kl_divergence(p, q)
    assert kl == pytest.approx(stats.entropy(p, q, base=2), abs=1e-10)
    assert kl >= -1e-12  # Gibbs' inequality
    assert information.cross_entropy(p, q) == pytest.approx(information.entropy(p) + kl, abs=1e-10)


def test_kl_is_not_symmetric_and_is_infinite_where_q_rules_out_what_p_allows():
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert information.kl_divergence(p, q) != pytest.approx(information.kl_divergence(q, p))
    assert (
        information.kl_divergence([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
        == math.inf
        == stats.entropy([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
    )
    assert information.impossible_outcomes([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == [1]
    assert information.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0)  # q may be 0 where p is 0 too


@pytest.mark.parametrize("k", [1, 2, 3, 8, 12])
def test_the_largest_entropy_is_the_uniform_distributions(k):
    assert information.max_entropy(k) == pytest.approx(stats.entropy(np.ones(k), base=2), abs=1e-12)
    assert information.max_entropy(k, math.e) == pytest.approx(stats.entropy(np.ones(k)), abs=1e-12)


def test_binary_entropy_peaks_at_one_bit():
    p = np.linspace(0, 1, 101)
    assert_allclose(information.binary_entropy(p), [stats.entropy([v, 1 - v], base=2) for v in p], atol=1e-12)
    assert information.binary_entropy(0.5) == 1.0


def test_typed_weights_are_parsed_normalised_or_refused():
    assert_allclose(information.parse_weights("3, 1 1；1"), [3, 1, 1, 1])
    p, changed = information.normalize([3, 1, 1, 1])
    assert_allclose(p, [0.5, 1 / 6, 1 / 6, 1 / 6]) and changed
    assert information.normalize([0.25, 0.75])[1] is False
    for bad in ["", "0.5", "a, b", "1, 2, __import__('os')", "1e999, 1", ", ".join(["1"] * 13)]:
        with pytest.raises(MathDLError):
            information.normalize(information.parse_weights(bad))
    for bad in ([-0.5, 1.5], [0.0, 0.0], [np.nan, 1.0]):
        with pytest.raises(MathDLError):
            information.normalize(bad)


@settings(max_examples=60)
@given(arrays(float, st.integers(1, 10), elements=st.floats(-1000, 1000)), st.floats(0.01, 100))
def test_softmax_is_scipys_at_any_temperature_and_sums_to_one(z, temperature):
    ours = information.softmax(z, temperature)
    assert_allclose(ours, special.softmax(z / temperature), rtol=1e-9, atol=1e-300)
    assert ours.sum() == pytest.approx(1.0)


def test_the_temperature_sweep_is_scipys_softmax_at_each_temperature():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    temperatures = np.logspace(-2, 2, 9)
    sweep = information.softmax_sweep(z, temperatures)
    assert sweep.shape == (9, 4)
    for row, T in zip(sweep, temperatures, strict=True):
        assert_allclose(row, special.softmax(z / T), rtol=1e-12, atol=1e-300)


def test_temperature_sharpens_to_argmax_and_flattens_to_uniform():
    z = np.array([1.0, 3.0, 2.0])
    assert_allclose(information.softmax(z, 0.01), [0, 1, 0], atol=1e-30)
    assert_allclose(information.softmax(z, 1000), np.full(3, 1 / 3), atol=1e-3)


@pytest.mark.parametrize("y", [0, 1])
def test_the_logit_losses_are_sklearns_and_their_slopes_are_finite_differences(y):
    z = np.linspace(-50, 50, 401)
    r = information.logit_losses(z, y)
    moderate = np.abs(z) <= 10  # beyond, sklearn's 1 − (1 − p) loses digits that the softplus form keeps
    expected = [metrics.log_loss([y], [[1 - v, v]], labels=[0, 1]) for v in activations.sigmoid(z[moderate])]
    assert_allclose(r.cross_entropy[moderate], expected, rtol=1e-8)
    assert np.all(np.isfinite(r.cross_entropy))  # no overflow at z = ±50
    h = 1e-5
    for loss, grad in (("cross_entropy", "cross_entropy_grad"), ("squared_error", "squared_error_grad")):
        numeric = (
            getattr(information.logit_losses(z + h, y), loss) - getattr(information.logit_losses(z - h, y), loss)
        ) / (2 * h)
        assert_allclose(getattr(r, grad), numeric, atol=1e-6)


def test_a_confidently_wrong_logit_saturates_the_squared_error_but_not_cross_entropy():
    r = information.logit_losses(-10.0, 1)
    assert abs(r.squared_error_grad) < 1e-3
    assert r.cross_entropy_grad == pytest.approx(-1.0, abs=1e-4)
