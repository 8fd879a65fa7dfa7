"""Facts about hypothesis tests, checked against scipy.stats and by simulation."""

import math
import time
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from scipy import special as sp
from scipy import stats

from mathdl import MathDLError, inference, multiple_testing, power, resampling

ALTERNATIVES = ["two-sided", "greater", "less"]
samples = arrays(float, st.integers(3, 30), elements=st.floats(-100, 100)).filter(lambda x: np.ptp(x) > 1e-3)


# --- Student's t ------------------------------------------------------------------------------


@pytest.mark.parametrize("df", [1, 2, 5, 30, 1000])
def test_the_t_density_and_cdf_are_scipys(df):
    x = np.linspace(-50, 50, 401)
    assert_allclose(inference.t_pdf(x, df), stats.t(df).pdf(x), rtol=1e-10, atol=1e-300)
    assert_allclose(inference.t_cdf(x, df), stats.t(df).cdf(x), rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("df", [1, 2, 5, 30, 1000])
@pytest.mark.parametrize("q", [1e-6, 0.001, 0.025, 0.5, 0.9, 0.975, 1 - 1e-6])
def test_t_and_normal_quantiles_are_scipys(df, q):
    assert inference.t_ppf(q, df) == pytest.approx(stats.t(df).ppf(q), rel=1e-9, abs=1e-9)
    assert inference.normal_ppf(q) == pytest.approx(stats.norm.ppf(q), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("df", [1, 2, 3.5, 19, 398, 1000])
@pytest.mark.parametrize("q", [1e-300, 1e-100, 1e-12, 1 - 1e-12])
def test_quantiles_far_in_the_tails_are_where_scipys_cdf_is_q(df, q):
    """scipy's CDF at our quantile, rather than scipy's quantile: t.ppf(1e-300, 3.5) is -inf, and near 1
    t.ppf has only the distance from 1 to work with (t.ppf(1 − 1e-12, 1) is off by 1e-4). 1 − q is exact."""
    x = inference.t_ppf(q, df)
    t = stats.cauchy() if df == 1 else stats.t(df)  # scipy's t squares x: t.cdf(-3e299, 1) is 0
    assert (t.cdf(x) if q < 0.5 else t.sf(x)) == pytest.approx(min(q, 1 - q), rel=1e-11, abs=0)
    z = inference.normal_ppf(q)
    assert (stats.norm.cdf(z) if q < 0.5 else stats.norm.sf(z)) == pytest.approx(min(q, 1 - q), rel=1e-11, abs=0)


def test_with_many_degrees_of_freedom_t_becomes_normal():
    x = np.linspace(-4, 4, 81)
    assert_allclose(inference.t_cdf(x, 1e6), stats.norm.cdf(x), atol=1e-6)


# --- Student's t far in its tails: p-values keep their digits, never 0 ---------------------------

TAIL_DFS = [1, 1.5, 2, 2.5, 3, 4.2, 7, 10, 29.5, 100, 199, 200, 398, 555.5, 999.5, 1000]


def leading_tail(x: np.ndarray, df: float) -> np.ndarray:
    """P(T > x) where ν/x² < 1e-16: ½ I_w(ν/2, ½), w = ν/(ν + x²), is then (ν/x²)^{ν/2} / (ν B(ν/2, ½))."""
    return np.exp(df / 2 * (np.log(df) - 2 * np.log(x)) - np.log(df) - sp.betaln(df / 2, 0.5))


@pytest.mark.parametrize("df", TAIL_DFS)
def test_both_t_tails_keep_their_digits_down_to_1e_300(df):
    """t_cdf(−12, 200) was 0: ½ − ½ I_{x²/(ν+x²)}(½, ν/2) cancelled once the tail fell below 1e-16."""
    x = stats.t.isf(np.geomspace(1e-300, 0.45, 81), df)  # where the upper tail is 1e-300, ..., 0.45
    x = np.concatenate([x[x < 1e154], [1e-12, 1e-6, 1e-3]])  # scipy's t squares x, and gives 0 beyond 1.3e154
    tail = stats.t.sf(x, df) if df != 1 else np.arctan2(1, x) / np.pi  # scipy's t.sf(1e-12, 1) is 0.5
    assert np.all(tail > 0.99e-300)
    for ours in (inference.t_sf(x, df), inference.t_cdf(-x, df)):
        assert_allclose(ours, tail, rtol=1e-11, atol=0)
    assert_allclose(inference.t_cdf(x, df), 1 - tail, rtol=1e-13, atol=0)  # the other side, between ½ and 1
    assert_allclose(inference.t_sf(-x, df), 1 - tail, rtol=1e-13, atol=0)


@pytest.mark.parametrize("df", [1, 1.2, 1.5, 1.8])  # from ν = 2 on the tail is below 1e-300 there
def test_beyond_1e154_where_x_squared_overflows_the_tail_is_its_power_law(df):
    overlap = np.geomspace(1e100, 1e153, 12)  # the leading term is scipy's where both hold
    assert_allclose(leading_tail(overlap, df), stats.t.sf(overlap, df), rtol=1e-12)
    x = np.geomspace(1e154, 1e300, 300)
    x = x[leading_tail(x, df) >= 1e-300]
    assert len(x) >= 20
    assert_allclose(inference.t_sf(x, df), leading_tail(x, df), rtol=1e-11, atol=0)
    assert_allclose(inference.t_cdf(-x, df), leading_tail(x, df), rtol=1e-11, atol=0)
    if df == 1:  # the Cauchy tail, arctan(1/x)/π
        assert_allclose(inference.t_sf(x, df), np.arctan2(1, x) / np.pi, rtol=1e-11, atol=0)


def test_the_p_value_falls_as_t_grows_and_is_never_rounded_to_zero():
    assert float(inference.t_cdf(-12.0, 200)) == pytest.approx(1.2110680026233e-25, rel=1e-11, abs=0)  # scipy's t.cdf
    assert inference.p_value(12.0, 200) == pytest.approx(2 * stats.t.sf(12, 200), rel=1e-11, abs=0)
    for df in [1, 2, 30, 200, 398, 1000]:
        p = inference.t_sf(np.linspace(0, 80, 8001), df)
        p = p[p > 1e-300]
        assert len(p) > 1000 and np.all(np.diff(p) < 0)


def test_the_t_density_keeps_its_power_law_beyond_1e154():
    x = np.array([1e100, 1e154, 1e200])  # ν = 0.5: f(x) ≈ c x^{-3/2}, 1.6e-301 at 1e200
    log_c = sp.gammaln(0.75) - sp.gammaln(0.25) - 0.5 * np.log(0.5 * np.pi)
    assert_allclose(inference.t_pdf(x, 0.5), np.exp(log_c + 0.75 * np.log(0.5) - 1.5 * np.log(x)), rtol=1e-12)
    assert_allclose(inference.t_pdf(1e100, 0.5), stats.t.pdf(1e100, 0.5), rtol=1e-12)


# --- t and z tests -----------------------------------------------------------------------------


@settings(max_examples=40)
@given(samples, st.floats(-50, 50), st.sampled_from(ALTERNATIVES))
def test_the_one_sample_t_test_is_scipys(x, mu0, alternative):
    ours, ref = inference.t_test_1samp(x, mu0, alternative), stats.ttest_1samp(x, mu0, alternative=alternative)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-14)
    assert ours.df == len(x) - 1


@settings(max_examples=40)
@given(samples, samples, st.booleans(), st.sampled_from(ALTERNATIVES))
def test_the_two_sample_t_tests_are_scipys_student_and_welch(a, b, equal_var, alternative):
    ours = inference.t_test_ind(a, b, equal_var=equal_var, alternative=alternative)
    ref = stats.ttest_ind(a, b, equal_var=equal_var, alternative=alternative)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-14)
    assert ours.df == pytest.approx(ref.df, rel=1e-9)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_the_paired_t_test_is_scipys(alternative):
    rng = np.random.default_rng(1)
    a = rng.normal(0.8, 0.05, 10)
    b = a + rng.normal(0.01, 0.02, 10)
    ours, ref = inference.t_test_rel(b, a, alternative), stats.ttest_rel(b, a, alternative=alternative)
    assert (ours.statistic, ours.p_value) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-9)


def test_the_z_test_is_the_closed_form():
    x = np.random.default_rng(2).normal(0.3, 2.0, 25)
    z = (x.mean() - 0.0) / (2.0 / 5)
    assert inference.z_test(x, 0.0, 2.0).statistic == pytest.approx(z)
    assert inference.z_test(x, 0.0, 2.0).p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert inference.z_test(x, 0.0, 2.0, "less").p_value == pytest.approx(stats.norm.cdf(z))


def test_a_constant_sample_gives_an_infinite_statistic_like_scipy():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns about the zero variance; that is the case tested
        ref = stats.ttest_1samp([2.0, 2.0, 2.0], 1.0)
    ours = inference.t_test_1samp([2.0, 2.0, 2.0], 1.0)
    assert ours.statistic == ref.statistic == math.inf
    assert ours.p_value == ref.pvalue == 0.0
    assert math.isnan(inference.t_test_1samp([1.0, 1.0], 1.0).statistic)


def test_too_little_data_or_a_bad_value_is_refused_with_a_reason():
    with pytest.raises(MathDLError) as error:
        inference.t_test_1samp([1.0])
    assert error.value.code == "too_few_values"
    with pytest.raises(MathDLError, match="finite"):
        inference.t_test_ind([1.0, np.nan, 2.0], [1.0, 2.0])
    with pytest.raises(MathDLError, match="same length"):
        inference.t_test_rel([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(MathDLError, match="alternative"):
        inference.t_test_1samp([1.0, 2.0], alternative="bigger")
    with pytest.raises(MathDLError, match="alpha"):
        power.critical_values(1.0)


# --- Model comparison, bootstrap and permutations --------------------------------------------------


def test_fold_scores_are_scikit_learns_cross_validation_on_shared_folds():
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import GaussianNB

    from mathdl import datasets

    start = time.perf_counter()
    a, b = resampling.fold_scores("breast_cancer", "naive_bayes", "logistic", k=10, seed=4)
    assert time.perf_counter() - start < 5  # a reader waits for this; usually well under a second
    X, y, _, _ = datasets.table("breast_cancer")
    assert_allclose(a, cross_val_score(GaussianNB(), X, y, cv=StratifiedKFold(10, shuffle=True, random_state=4)))
    assert a.shape == b.shape == (10,)
    assert 0.9 < b.mean() <= 1  # scaled logistic regression on breast cancer: about 97 %


def test_the_percentile_bootstrap_agrees_with_scipys():
    x = np.random.default_rng(5).exponential(1.0, 40)
    ours = resampling.bootstrap_ci(x, 0.95, 20_000, np.random.default_rng(6))
    ref = stats.bootstrap(
        (x,), np.mean, confidence_level=0.95, n_resamples=20_000, method="percentile", rng=np.random.default_rng(7)
    ).confidence_interval
    assert (ours.low, ours.high) == pytest.approx((ref.low, ref.high), abs=0.03)
    assert ours.resamples.shape == (20_000,)


def test_a_95_percent_bootstrap_interval_covers_the_mean_about_95_percent_of_the_time():
    rng = np.random.default_rng(8)
    covered = [
        (b := resampling.bootstrap_ci(rng.normal(0.0, 1.0, 50), 0.95, 1000, rng)).low <= 0.0 <= b.high
        for _ in range(300)
    ]
    assert np.mean(covered) == pytest.approx(0.95, abs=0.04)  # percentile intervals run a little narrow


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_the_exact_sign_flip_test_is_scipys_paired_permutation_test(alternative):
    rng = np.random.default_rng(9)
    a = rng.normal(0.9, 0.02, 10)
    b = a + rng.normal(0.005, 0.01, 10)
    ours = resampling.paired_permutation_test(b, a, n_resamples=2**10, alternative=alternative)
    ref = stats.permutation_test(
        (b, a),
        lambda x, y, axis: np.mean(x - y, axis=axis),
        permutation_type="samples",
        alternative=alternative,
        n_resamples=np.inf,
    )
    assert ours.exact
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-12, abs=0)
    assert ours.statistic == pytest.approx(ref.statistic)


def test_random_sign_flips_approach_the_exact_p_value():
    rng = np.random.default_rng(10)
    a, b = rng.normal(0.0, 1.0, 16), rng.normal(0.4, 1.0, 16)
    exact = resampling.paired_permutation_test(b, a, n_resamples=2**16)
    sampled = resampling.paired_permutation_test(b, a, n_resamples=20_000, rng=rng)
    assert exact.exact and not sampled.exact
    assert sampled.p_value == pytest.approx(exact.p_value, abs=0.01)


# --- Multiple testing --------------------------------------------------------------------------------


def test_null_p_values_are_uniform_and_are_scipys_t_tests():
    p = multiple_testing.null_p_values(2000, 12, np.random.default_rng(11))
    assert stats.kstest(p, "uniform").pvalue > 0.01
    x = np.random.default_rng(12).standard_normal((5, 12))
    assert_allclose(
        multiple_testing.null_p_values(5, 12, np.random.default_rng(12)),
        stats.ttest_1samp(x, 0.0, axis=1).pvalue,
        rtol=1e-9,
    )


def test_the_family_wise_error_matches_simulation_and_bonferroni_holds_it_below_alpha():
    rng = np.random.default_rng(13)
    m, alpha = 20, 0.05
    studies = [multiple_testing.null_p_values(m, 10, rng) for _ in range(1500)]
    assert np.mean([(p <= alpha).any() for p in studies]) == pytest.approx(
        multiple_testing.family_wise_error(alpha, m), abs=0.04
    )
    assert np.mean([multiple_testing.bonferroni(p, alpha).any() for p in studies]) <= alpha + 0.015


@settings(max_examples=60)
@given(arrays(float, st.integers(1, 40), elements=st.floats(0, 1)), st.sampled_from([0.01, 0.05, 0.2]))
def test_the_corrections_nest_and_bh_matches_scipys_adjusted_p_values(p, alpha):
    bonf, holm, bh = (
        multiple_testing.bonferroni(p, alpha),
        multiple_testing.holm(p, alpha),
        multiple_testing.benjamini_hochberg(p, alpha),
    )
    assert np.all(bonf <= holm) and np.all(holm <= bh)  # each rejects at least what the stricter one does
    # atol: a subnormal p (below 2.2e-308) keeps only a few significant digits in either computation
    assert_allclose(multiple_testing.bh_adjusted(p), stats.false_discovery_control(p), rtol=1e-12, atol=1e-300)
    adjusted = multiple_testing.bh_adjusted(p)
    # Rejected exactly when the adjusted p is at most α, up to rounding on the boundary itself:
    # p = 0.2 at rank 3 of 3 passes 0.2 ≤ 0.2·3/3, while 0.2·3/3 = 0.20000000000000004.
    assert np.all((bh == (adjusted <= alpha)) | np.isclose(adjusted, alpha, rtol=1e-12, atol=0))


# --- New pieces: the survival function, extreme values ------------------------------------------------


@pytest.mark.parametrize("df", [1, 4, 30])
def test_the_t_survival_function_is_scipys(df):
    x = np.linspace(-30, 30, 121)
    assert_allclose(inference.t_sf(x, df), stats.t(df).sf(x), rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_the_p_value_is_the_probability_of_the_values_as_extreme_as_the_statistic(alternative):
    df, statistic = 7.0, 1.3
    grid = np.linspace(-60, 60, 480_001)
    inside = inference.as_extreme(grid, statistic, alternative)
    area = np.trapezoid(np.where(inside, inference.t_pdf(grid, df), 0.0), grid)
    expected = {"two-sided": 2 * stats.t(df).sf(statistic), "greater": stats.t(df).sf(statistic)}
    assert area == pytest.approx(expected.get(alternative, stats.t(df).cdf(statistic)), abs=1e-3)
    assert inference.p_value(statistic, df, alternative) == pytest.approx(area, abs=1e-3)


# --- Many studies at once, and the registry of corrections ------------------------------------------------


def test_null_studies_are_null_p_values_one_study_after_the_other():
    rng = np.random.default_rng(14)
    expected = np.stack([multiple_testing.null_p_values(7, 9, rng) for _ in range(5)])
    assert_allclose(multiple_testing.null_studies(5, 7, 9, np.random.default_rng(14)), expected)


def test_the_thresholds_are_the_published_ones():
    m, alpha, i = 5, 0.05, np.arange(1, 6)
    assert_allclose(multiple_testing.thresholds(m, alpha, "none"), np.full(m, alpha))
    assert_allclose(multiple_testing.thresholds(m, alpha, "bonferroni"), np.full(m, alpha / m))
    assert_allclose(multiple_testing.thresholds(m, alpha, "holm"), alpha / (m - i + 1))
    assert_allclose(multiple_testing.thresholds(m, alpha, "bh"), i * alpha / m)
    with pytest.raises(MathDLError):
        multiple_testing.thresholds(m, alpha, "sidak")


@settings(max_examples=30)
@given(arrays(float, st.tuples(st.integers(1, 6), st.integers(1, 12)), elements=st.floats(0, 1)))
def test_every_correction_on_many_studies_is_each_study_alone(p):
    assert list(multiple_testing.CORRECTIONS) == list(multiple_testing.RULES)
    for rule in multiple_testing.CORRECTIONS.values():
        together = rule(p, 0.1)
        assert together.shape == p.shape
        assert [row.tolist() for row in together] == [rule(row, 0.1).tolist() for row in p]
    assert_allclose(multiple_testing.bh_adjusted(p), stats.false_discovery_control(p, axis=-1), rtol=1e-12)


def test_without_correction_each_test_rejects_alone_and_the_rate_counts_studies_with_any():
    p = np.array([[0.01, 0.2], [0.3, 0.6], [0.04, 0.049]])
    rejected = multiple_testing.uncorrected(p, 0.05)
    assert rejected.tolist() == [[True, False], [False, False], [True, True]]
    assert multiple_testing.any_rejection_rate(rejected) == pytest.approx(2 / 3)
    assert multiple_testing.any_rejection_rate(rejected[0]) == 1.0
