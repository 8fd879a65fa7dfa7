"""Power and errors: z power against scipy.stats.norm, t power against the noncentral t, scipy.stats.nct."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from mathdl import MathDLError, inference, power

ALTERNATIVES = ["two-sided", "greater", "less"]

# The ranges of page 5's power demo (tests/test_page_inference.py checks that the page still has them).
EFFECTS = np.round(np.arange(-2.0, 2.0 + 1e-9, 0.05), 2)
SIGMAS = np.round(np.arange(0.5, 5.0 + 1e-9, 0.1), 1)
NS = np.arange(2, 201)
ALPHAS = np.round(np.arange(0.005, 0.2 + 1e-9, 0.005), 3)


def noncentral_t_power(effect, sigma, n, alpha, alternative, two_sample):
    """The power from scipy's noncentral t: T ~ t_ν(δ/SE) under H₁, rejected beyond scipy's critical values."""
    shift = effect / (sigma * np.sqrt((2 if two_sample else 1) / n))
    df = 2 * n - 2 if two_sample else n - 1
    nct = stats.nct(df, shift)
    if alternative == "two-sided":
        c = stats.t.isf(alpha / 2, df)
        return nct.sf(c) + nct.cdf(-c)
    c = stats.t.isf(alpha, df)
    return nct.sf(c) if alternative == "greater" else nct.cdf(-c)


def slider_cases(count: int, seed: int) -> list[tuple]:
    """Settings a reader can reach: every corner of the sliders, then random positions on their steps."""
    corners = itertools.product(
        [-2.0, -0.05, 0.0, 0.05, 2.0], [0.5, 5.0], [2, 3, 200], [0.005, 0.2], ALTERNATIVES, [False, True]
    )
    rng = np.random.default_rng(seed)
    random = zip(
        rng.choice(EFFECTS, count),
        rng.choice(SIGMAS, count),
        rng.choice(NS, count),
        rng.choice(ALPHAS, count),
        rng.choice(ALTERNATIVES, count),
        rng.random(count) < 0.5,
        strict=True,
    )
    return [*corners, *((float(e), float(s), int(n), float(a), str(h), bool(t)) for e, s, n, a, h, t in random)]


def test_t_power_is_the_noncentral_t_over_the_whole_slider_range():
    """Before: n = 2 (ν = 1) dropped the integrand's first point, which is not 0 there: 0.04957 at δ = 0."""
    errors = [abs(power.t_power(*case) - noncentral_t_power(*case)) for case in slider_cases(400, seed=0)]
    assert max(errors) < 1e-9


@pytest.mark.parametrize("two_sample", [False, True])
@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_without_an_effect_the_t_test_rejects_exactly_alpha_of_the_time(alternative, two_sample):
    for n, alpha, sigma in [(2, 0.05, 1.0), (2, 0.005, 0.5), (3, 0.2, 5.0), (20, 0.05, 1.0), (200, 0.005, 2.0)]:
        assert power.t_power(0.0, sigma, n, alpha, alternative, two_sample) == pytest.approx(alpha, rel=1e-12, abs=0)


def test_the_issues_cases_at_two_measurements():
    assert power.t_power(0.0, 1.0, 2, 0.05) == pytest.approx(0.05, rel=1e-12, abs=0)  # was 0.04957
    expected = noncentral_t_power(0.4, 1.0, 2, 0.05, "two-sided", False)  # 0.05776
    assert power.t_power(0.4, 1.0, 2, 0.05) == pytest.approx(expected, rel=1e-10, abs=0)  # was 0.05733


@pytest.mark.parametrize("alternative", ALTERNATIVES)
@pytest.mark.parametrize(
    ("effect", "n", "two_sample"), [(0.5, 20, False), (-0.3, 50, True), (1.0, 5, False), (0.0, 30, True)]
)
def test_z_power_is_the_normal_tail_and_t_power_is_the_noncentral_t(alternative, effect, n, two_sample):
    sigma, alpha = 1.5, 0.05
    se = sigma * np.sqrt((2 if two_sample else 1) / n)
    shift = effect / se
    z = stats.norm.ppf(1 - alpha / 2 if alternative == "two-sided" else 1 - alpha)
    expected_z = {
        "two-sided": stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift),
        "greater": stats.norm.sf(z - shift),
        "less": stats.norm.cdf(-z - shift),
    }[alternative]
    assert power.z_power(effect, sigma, n, alpha, alternative, two_sample) == pytest.approx(expected_z, rel=1e-9)
    df = 2 * n - 2 if two_sample else n - 1
    c = stats.t.ppf(1 - alpha / 2 if alternative == "two-sided" else 1 - alpha, df)
    nct = stats.nct(df, shift)
    expected_t = {"two-sided": nct.sf(c) + nct.cdf(-c), "greater": nct.sf(c), "less": nct.cdf(-c)}[alternative]
    assert power.t_power(effect, sigma, n, alpha, alternative, two_sample) == pytest.approx(expected_t, abs=1e-6)


def test_under_h0_a_test_rejects_alpha_of_the_time_and_under_h1_its_power():
    rng = np.random.default_rng(3)
    n, alpha, experiments = 15, 0.05, 4000
    null = rng.normal(0.0, 1.0, (experiments, n))
    type_one = np.mean([inference.t_test_1samp(x).p_value <= alpha for x in null[:1000]])
    assert type_one == pytest.approx(alpha, abs=0.02)
    shifted = rng.normal(0.6, 1.0, (experiments, n))
    t = shifted.mean(axis=1) / (shifted.std(axis=1, ddof=1) / np.sqrt(n))
    rejected = np.abs(t) >= stats.t.ppf(1 - alpha / 2, n - 1)
    assert rejected.mean() == pytest.approx(power.t_power(0.6, 1.0, n, alpha), abs=0.025)


def test_critical_values_are_the_normal_and_t_quantiles():
    assert power.critical_values(0.05) == pytest.approx((stats.norm.ppf(0.025), stats.norm.ppf(0.975)))
    assert power.critical_values(0.1, "greater", df=7) == (-math.inf, pytest.approx(stats.t.ppf(0.9, 7)))
    assert power.critical_values(0.1, "less") == (pytest.approx(stats.norm.ppf(0.1)), math.inf)


def test_the_rejection_region_is_where_the_statistic_passes_a_critical_value():
    z = np.array([-3.0, -1.0, 0.0, 1.96, 2.5])
    assert power.in_rejection_region(z, power.critical_values(0.05)).tolist() == [True, False, False, True, True]
    assert power.in_rejection_region(z, power.critical_values(0.05, "less")).tolist() == [True] + [False] * 4
    area = stats.norm.cdf(-1.959963984540054) + stats.norm.sf(1.959963984540054)
    assert area == pytest.approx(0.05)  # the region's probability under H₀ is α


def test_the_shift_is_the_effect_in_standard_errors_and_levels_are_checked():
    assert power.z_shift(0.6, 2.0, 25) == pytest.approx(0.6 / (2.0 / 5))
    assert power.z_shift(0.6, 2.0, 25, two_sample=True) == pytest.approx(0.6 / (2.0 * np.sqrt(2 / 25)))
    assert inference.check_level(0.05) == 0.05
    for bad in (0.0, 1.0, float("nan")):
        with pytest.raises(MathDLError):
            inference.check_level(bad)
