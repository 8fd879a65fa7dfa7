"""The special functions that distributions and tests share, against scipy.special and scipy.stats."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special as sp
from scipy import stats

from mathdl import MathDLError, special

# --- The normal curve ------------------------------------------------------------------------------


@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (1.5, 0.2), (-3.0, 4.0)])
def test_the_normal_pdf_and_cdf_are_scipys(mu, sigma):
    x = mu + sigma * np.linspace(-9, 9, 181)
    assert_allclose(special.normal_pdf(x, mu, sigma), stats.norm(mu, sigma).pdf(x), rtol=1e-13, atol=1e-300)
    assert_allclose(special.normal_cdf(x, mu, sigma), stats.norm(mu, sigma).cdf(x), rtol=1e-12, atol=1e-300)


def test_the_normal_cdf_keeps_its_digits_deep_in_the_lower_tail():
    z = np.array([-10.0, -20.0, -37.0])
    assert_allclose(special.normal_cdf(z), stats.norm.cdf(z), rtol=1e-12)  # 7.6e-24, 2.8e-89, 5.7e-300
    assert np.all(special.normal_cdf(z) > 0)


def test_the_normal_curve_keeps_the_shape_of_its_input_and_refuses_a_spread_of_zero():
    assert special.normal_cdf(0.3).shape == ()
    assert special.normal_pdf(np.zeros((2, 3))).shape == (2, 3)
    with pytest.raises(MathDLError) as error:
        special.normal_pdf(0.0, 0.0, 0.0)
    assert error.value.params["name"] == "sigma"


# --- x log y and log B(a, b) -------------------------------------------------------------------------


def test_xlogy_and_log_beta_are_scipys():
    x, y = np.array([0.0, 0.0, 1.0, 2.5, 3.0]), np.array([0.0, 0.7, 0.0, 0.5, 4.0])
    assert_allclose(special.xlogy(x, y), sp.xlogy(x, y))
    a, b = 10 ** np.random.default_rng(0).uniform(-2, 3, (2, 50))
    assert_allclose(special.log_beta(a, b), sp.betaln(a, b), rtol=1e-12)


# --- The regularised incomplete beta, on whole arrays ------------------------------------------


def test_the_incomplete_beta_is_scipys_element_wise_on_arrays():
    rng = np.random.default_rng(5)
    a, b = 10 ** rng.uniform(-2, 3, (2, 40, 50))  # every element its own (a, b), from 0.01 to 1000
    x = rng.random((40, 50))
    x[0], x[1] = 0.0, 1.0  # the ends of the support
    x[2] = (a[2] + 1) / (a[2] + b[2] + 2)  # where the fraction converges slowest, and flips to 1 − I_{1−x}(b, a)
    x[3] = 1e-300
    assert_allclose(special.betainc(a, b, x), sp.betainc(a, b, x), rtol=1e-9, atol=1e-12)


def test_the_incomplete_beta_has_its_closed_forms():
    x = np.linspace(0.0, 1.0, 201)
    assert_allclose(special.betainc(3.5, 1.0, x), x**3.5, atol=1e-14)  # I_x(a, 1) = x^a
    assert_allclose(special.betainc(1.0, 0.25, x), 1 - (1 - x) ** 0.25, atol=1e-14)  # I_x(1, b) = 1 − (1 − x)^b
    assert_allclose(special.betainc(0.5, 0.5, x), 2 / np.pi * np.arcsin(np.sqrt(x)), atol=1e-14)  # the arcsine law


def test_each_element_of_the_incomplete_beta_is_the_same_as_alone():
    """One call on an array runs until its slowest element has converged: the others must not move."""
    rng = np.random.default_rng(6)
    x, a, b = rng.random(30), 10 ** rng.uniform(-1, 2.5, 30), 10 ** rng.uniform(-1, 2.5, 30)
    together = special.betainc(a, b, x)
    alone = [float(special.betainc(*v)) for v in zip(a, b, x, strict=True)]
    assert_allclose(together, alone, rtol=1e-13, atol=1e-15)
    assert special.betainc(2.0, 5.0, 0.3).shape == ()
    grid = special.betainc(a[None, :5], 2.0, x[:, None])  # broadcast like any numpy function
    assert grid.shape == (30, 5)
    assert_allclose(grid[:, 0], sp.betainc(a[0], 2.0, x), rtol=1e-10)


# --- Small values of the incomplete beta keep their digits --------------------------------------


def test_a_small_incomplete_beta_keeps_its_relative_precision():
    """Below the flip point I_x is a product of powers times a fraction: no 1 − (…) to cancel."""
    rng = np.random.default_rng(8)
    a, b = 10 ** rng.uniform(-2, 3, (2, 3000))  # from 0.01 to 1000
    x = sp.betaincinv(a, b, 10 ** rng.uniform(-250, -1, 3000))  # where I_x is 1e-250 to 0.1
    # Not below 1e-250 against scipy: scipy 1.17's betainc loses every digit there once a > 200
    # (betainc(272.5, 33.6, 0.0642) is 2.9e-282 there; mpmath at 40 digits and mathdl give 1.2e-282).
    inside = (x > 0) & (x < 1)
    assert inside.mean() > 0.95
    assert_allclose(special.betainc(a, b, x)[inside], sp.betainc(a, b, x)[inside], rtol=1e-9, atol=0)


@pytest.mark.parametrize("a", [0.05, 0.5, 2.0, 30.0, 700.0])
def test_the_closed_forms_hold_to_the_last_digits_down_to_1e_300(a):
    x = np.geomspace(1e-300, 1e-2, 60) ** (1 / a)  # I_x(a, 1) = x^a from 1e-300 to 0.01
    assert_allclose(special.betainc(a, 1.0, x), x**a, rtol=1e-12, atol=0)
    x = np.geomspace(1e-300, 1e-2, 60)  # I_x(1, b) = 1 − (1 − x)^b, without cancelling
    assert_allclose(special.betainc(1.0, a, x), -np.expm1(a * np.log1p(-x)), rtol=1e-12, atol=0)
    assert_allclose(special.betainc(0.5, 0.5, x), 2 / np.pi * np.arcsin(np.sqrt(x)), rtol=1e-12, atol=0)


def test_from_its_logs_the_incomplete_beta_reaches_below_the_smallest_double():
    log_x = -np.geomspace(1, 7000, 40)  # x = e^(−7000) is far below 5e-324, x^0.1 = e^(−700) is not
    ours = special.betainc_from_logs(0.1, 1.0, log_x, np.log1p(-np.exp(log_x)))
    assert_allclose(ours, np.exp(0.1 * log_x), rtol=1e-12, atol=0)  # I_x(a, 1) = x^a
    x = np.array([0.0, 1e-300, 0.3, 0.999, 1.0])
    with np.errstate(divide="ignore"):
        logs = np.log(x), np.log1p(-x)
    assert_allclose(special.betainc_from_logs(2.5, 4.0, *logs), sp.betainc(2.5, 4.0, x), rtol=1e-13, atol=0)
