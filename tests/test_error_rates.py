"""mathdl.error_rates: simulated studies against scipy's t and noncentral t, the rates against closed forms."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from mathdl import MathDLError, error_rates, multiple_testing, power

STUDIES = 4000


def sigmas(rate: float, count: int = STUDIES) -> float:
    """Four binomial standard errors of a simulated rate: the tolerance of a check on it."""
    return 4 * math.sqrt(max(rate * (1 - rate), 1e-4) / count)


def test_the_first_round_share_m_tests_face_a_real_difference():
    assert error_rates.real_differences(20, 0.25).tolist() == [True] * 5 + [False] * 15
    assert error_rates.real_differences(5, 0.5).sum() == 3  # 2.5 rounds up
    assert not error_rates.real_differences(200, 0.0).any()
    assert error_rates.real_differences(1, 1.0).all()
    with pytest.raises(MathDLError):
        error_rates.real_differences(10, 1.5)
    with pytest.raises(MathDLError):
        error_rates.real_differences(0, 0.5)


@pytest.mark.parametrize("n", [2, 5, 30])
def test_null_p_values_are_uniform_and_real_ones_follow_the_noncentral_t(n):
    """The p-values drawn from (x̄, s²) have the distribution of scipy's t tests on n values."""
    delta = 0.6
    real = error_rates.real_differences(2, 0.5)
    p = error_rates.studies(STUDIES, real, delta, n, np.random.default_rng(n))
    assert stats.kstest(p[:, 1], "uniform").pvalue > 1e-3
    nct, t = stats.nct(n - 1, delta * math.sqrt(n)), stats.t(n - 1)

    def cdf(u):
        c = t.isf(np.asarray(u) / 2)
        return nct.sf(c) + nct.cdf(-c)  # P(p ≤ u) = P(|T'| ≥ t_{u/2})

    assert stats.kstest(p[:, 0], cdf).pvalue > 1e-3


def test_the_same_studies_drawn_from_data_have_the_same_distribution():
    """Against scipy.stats.ttest_1samp on n values drawn point by point (two-sample KS test)."""
    rng = np.random.default_rng(5)
    x = rng.normal(0.4, 1.0, (3000, 8))
    reference = stats.ttest_1samp(x, 0.0, axis=1).pvalue
    drawn = error_rates.studies(3000, [True], 0.4, 8, np.random.default_rng(6))[:, 0]
    assert stats.ks_2samp(reference, drawn).pvalue > 1e-3


@pytest.mark.parametrize(("m", "n", "alpha"), [(1, 10, 0.05), (20, 20, 0.05), (100, 5, 0.1)])
def test_on_pure_noise_bonferroni_and_holm_keep_the_fwer_below_alpha(m, n, alpha):
    real = error_rates.real_differences(m, 0.0)
    rates = error_rates.compare(error_rates.studies(STUDIES, real, 0.8, n, np.random.default_rng(m)), real, alpha)
    closed = multiple_testing.family_wise_error(alpha, m)  # independent tests: 1 − (1 − α)^m
    assert rates["none"].fwer == pytest.approx(closed, abs=sigmas(closed))
    for rule in ("bonferroni", "holm"):
        assert rates[rule].fwer <= alpha + sigmas(alpha)
    assert rates["bonferroni"].fwer == pytest.approx(1 - (1 - alpha / m) ** m, abs=sigmas(alpha))  # Šidák's form
    for rule, r in rates.items():
        assert r.fdr == r.fwer, rule  # with every H₀ true, V/R is 1 whenever anything is rejected
        assert math.isnan(r.power)
    assert rates["bh"].fdr <= alpha + sigmas(alpha)  # and BH's FDR is then exactly α


@pytest.mark.parametrize(("m", "share", "delta", "n", "alpha"), [(20, 0.25, 0.8, 20, 0.05), (50, 0.5, 0.5, 30, 0.1)])
def test_with_real_differences_the_rates_match_their_bounds_and_closed_forms(m, share, delta, n, alpha):
    real = error_rates.real_differences(m, share)
    m0 = int((~real).sum())
    p = error_rates.studies(STUDIES, real, delta, n, np.random.default_rng(7))
    rates = error_rates.compare(p, real, alpha)
    closed = 1 - (1 - alpha) ** m0
    assert rates["none"].fwer == pytest.approx(closed, abs=sigmas(closed))
    one = power.t_power(delta, 1.0, n, alpha, "two-sided")  # scipy's noncentral t in tests/test_power.py
    c = stats.t.isf(alpha / 2, n - 1)
    nct = stats.nct(n - 1, delta * math.sqrt(n))
    assert one == pytest.approx(nct.sf(c) + nct.cdf(-c), abs=1e-6)
    assert rates["none"].power == pytest.approx(one, abs=sigmas(one, STUDIES * int(real.sum())))
    for rule in ("bonferroni", "holm"):
        assert rates[rule].fwer <= alpha + sigmas(alpha)
    assert rates["bh"].fdr <= alpha * m0 / m + sigmas(alpha)
    assert rates["bonferroni"].power <= rates["holm"].power <= rates["bh"].power <= rates["none"].power


def test_holm_finds_all_that_bonferroni_finds_and_bh_all_that_holm_finds_in_every_study():
    real = error_rates.real_differences(30, 0.4)
    p = error_rates.studies(2000, real, 0.7, 15, np.random.default_rng(9))
    bonferroni, holm, bh = (multiple_testing.CORRECTIONS[r](p, 0.05) for r in ("bonferroni", "holm", "bh"))
    assert np.all(bonferroni <= holm) and np.all(holm <= bh)  # each a superset of the one before
    found = [np.count_nonzero(r & real, axis=1) for r in (bonferroni, holm, bh)]
    assert np.all(found[0] <= found[1]) and np.all(found[1] <= found[2])
    assert found[1].sum() > found[0].sum() and found[2].sum() > found[1].sum()  # and strictly more overall


def test_the_rates_are_the_counts_of_each_study_averaged():
    rng = np.random.default_rng(3)
    rejected, real = rng.random((200, 12)) < 0.3, np.arange(12) < 4
    rejected[:5] = False  # studies that reject nothing count 0 towards the FDR
    fwer, fdr, found = [], [], []
    for row in rejected:
        pairs = list(zip(row, real, strict=True))
        v, s = sum(r and not h for r, h in pairs), sum(r and h for r, h in pairs)
        fwer.append(v > 0)
        fdr.append(v / (v + s) if v + s else 0.0)
        found.append(s / 4)
    rates = error_rates.error_rates(rejected, real)
    assert_allclose([rates.fwer, rates.fdr, rates.power], [np.mean(fwer), np.mean(fdr), np.mean(found)])
    assert error_rates.error_rates(np.zeros((3, 4), bool), real[:4]).fdr == 0.0


def test_compare_covers_every_correction_and_the_studies_are_reproducible():
    real = error_rates.real_differences(10, 0.3)
    p = error_rates.studies(50, real, 0.5, 10, np.random.default_rng(1))
    assert_allclose(p, error_rates.studies(50, real, 0.5, 10, np.random.default_rng(1)))
    assert p.shape == (50, 10) and np.all((p >= 0) & (p <= 1))
    assert list(error_rates.compare(p, real, 0.05)) == list(multiple_testing.CORRECTIONS)
    for bad in [{"count": 0}, {"n": 1}, {"effect": math.nan}, {"real": []}]:
        args = {"count": 5, "real": real, "effect": 0.5, "n": 10} | bad
        with pytest.raises(MathDLError):
            error_rates.studies(**args, rng=np.random.default_rng(0))
