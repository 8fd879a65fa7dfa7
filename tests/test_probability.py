"""Every distribution's formulas against scipy.stats, and samples against the formulas."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from mathdl import MathDLError, estimation, inference, initialisation, probability, sampling

PARAMS = {  # name: (our parameters, the same distribution in scipy)
    "bernoulli": ({"p": 0.3}, stats.bernoulli(0.3)),
    "binomial": ({"n": 20, "p": 0.35}, stats.binom(20, 0.35)),
    "poisson": ({"lam": 4.5}, stats.poisson(4.5)),
    "uniform": ({"a": -1.0, "b": 2.5}, stats.uniform(-1.0, 3.5)),
    "normal": ({"mu": 1.0, "sigma": 2.0}, stats.norm(1.0, 2.0)),
    "exponential": ({"lam": 1.5}, stats.expon(scale=1 / 1.5)),
    "beta": ({"alpha": 2.0, "beta": 5.0}, stats.beta(2.0, 5.0)),
}
EXTREMES = {  # parameters at the ends of their ranges
    "bernoulli": [({"p": 0.0}, stats.bernoulli(0.0)), ({"p": 1.0}, stats.bernoulli(1.0))],
    "binomial": [({"n": 100, "p": 0.0}, stats.binom(100, 0.0)), ({"n": 1, "p": 1.0}, stats.binom(1, 1.0))],
    "poisson": [({"lam": 0.1}, stats.poisson(0.1)), ({"lam": 30.0}, stats.poisson(30.0))],
    "beta": [
        ({"alpha": 0.2, "beta": 0.2}, stats.beta(0.2, 0.2)),
        ({"alpha": 20.0, "beta": 0.5}, stats.beta(20.0, 0.5)),
    ],
    "normal": [({"mu": -5.0, "sigma": 0.1}, stats.norm(-5.0, 0.1))],
    "exponential": [({"lam": 5.0}, stats.expon(scale=0.2))],
}
CASES = [(name, *PARAMS[name]) for name in PARAMS] + [
    (name, *case) for name, cases in EXTREMES.items() for case in cases
]


@pytest.mark.parametrize(("name", "params", "ref"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_density_cdf_mean_and_variance_match_scipy(name, params, ref):
    dist, theta = probability.distribution(name, **params)
    lo, hi = dist.support(*theta)
    if dist.discrete:
        x = np.arange(-1, int(hi) + 2)
        assert_allclose(dist.density(x, *theta), ref.pmf(x), atol=1e-12)
        assert_allclose(dist.cdf(x + 0.5, *theta), ref.cdf(x + 0.5), atol=1e-12)
    else:
        x = np.linspace(lo, hi, 101)[1:-1]  # open interval: a beta density may be infinite at 0 or 1
        assert_allclose(dist.density(x, *theta), ref.pdf(x), rtol=1e-9, atol=1e-12)
        assert_allclose(dist.cdf(x, *theta), ref.cdf(x), atol=1e-9)
    assert dist.mean(*theta) == pytest.approx(ref.mean())
    assert dist.var(*theta) == pytest.approx(ref.var(), abs=1e-12)


@pytest.mark.parametrize("name", list(PARAMS))
def test_samples_have_the_mean_and_variance_of_the_formulas(name):
    dist, theta = probability.distribution(name, **PARAMS[name][0])
    x = dist.sample(np.random.default_rng(0), 200_000, *theta)
    sd = np.sqrt(dist.var(*theta))
    assert abs(x.mean() - dist.mean(*theta)) < 5 * sd / np.sqrt(len(x))
    assert np.var(x) == pytest.approx(dist.var(*theta), rel=0.02)


@pytest.mark.parametrize("name", list(PARAMS))
def test_the_density_integrates_to_one_over_the_support(name):
    dist, theta = probability.distribution(name, **PARAMS[name][0])
    lo, hi = dist.support(*theta)
    if dist.discrete:
        total = dist.density(np.arange(0, int(hi) + 1), *theta).sum()
    else:
        x = np.linspace(lo, hi, 20_001)
        total = np.trapezoid(dist.density(x, *theta), x)
    assert total == pytest.approx(1.0, abs=1e-3)


def test_parameters_out_of_range_are_named():
    with pytest.raises(MathDLError) as error:
        probability.distribution("normal", sigma=0.0)
    assert error.value.params["name"] == "sigma" and error.value.code == "out_of_range"
    with pytest.raises(MathDLError) as error:
        probability.distribution("binomial", n=2.5)
    assert error.value.params["name"] == "n"
    with pytest.raises(MathDLError) as error:
        probability.distribution("uniform", a=2.0, b=1.0)
    assert error.value.code == "bad_interval"
    with pytest.raises(MathDLError) as error:
        probability.distribution("cauchy")
    assert error.value.code == "unknown_choice"


# --- Student's t CDF on whole arrays (the incomplete beta itself is in test_special.py) ------------


@pytest.mark.parametrize("df", [0.05, 0.5, 3.0, 7.5, 300.0, 10_000.0])
def test_the_t_cdf_of_an_array_is_scipys(df):
    x = np.concatenate([[-np.inf, -1e10, -1e-8, 0.0, 1e-8, 1e10, np.inf], np.linspace(-40, 40, 161)])
    assert_allclose(inference.t_cdf(x, df), stats.t.cdf(x, df), rtol=1e-9, atol=1e-14)
    assert_allclose(inference.t_cdf(x.reshape(-1, 7), df), inference.t_cdf(x, df).reshape(-1, 7))


def test_the_t_cdf_has_its_closed_forms_for_one_and_two_degrees_of_freedom():
    # Closed forms rather than scipy, whose t CDF loses digits at ν = 1 near 0 (t.cdf(1e-8, 1) is off by 1.6e-9).
    x = np.concatenate([[-1e10, -1e-8, 0.0, 1e-12, 1e-8], np.linspace(-40, 40, 161)])
    assert_allclose(inference.t_cdf(x, 1.0), 0.5 + np.arctan(x) / np.pi, rtol=1e-12, atol=1e-15)  # Cauchy
    assert_allclose(inference.t_cdf(x, 2.0), 0.5 + x / (2 * np.sqrt(2 + x**2)), rtol=1e-12, atol=1e-15)


def test_the_running_mean_settles_on_the_true_mean():
    x = np.random.default_rng(1).exponential(2.0, 100_000)
    means = sampling.running_mean(x)
    assert_allclose(means[[0, 9, 99]], [x[:1].mean(), x[:10].mean(), x[:100].mean()])
    assert means[-1] == pytest.approx(2.0, rel=0.02)


def test_sample_means_of_a_skewed_distribution_have_the_clt_spread():
    means = sampling.sample_means("exponential", 40, 20_000, np.random.default_rng(2), lam=1.0)
    assert means.mean() == pytest.approx(1.0, abs=0.01)
    assert means.std() == pytest.approx(1.0 / np.sqrt(40), rel=0.03)
    assert abs(stats.skew(means)) < stats.skew(np.random.default_rng(3).exponential(1.0, 20_000)) / 3


def test_the_normal_log_likelihood_is_scipys_and_peaks_at_the_closed_form_mle():
    x = np.random.default_rng(4).normal(1.5, 0.7, 200)
    mu_hat, sigma_hat = estimation.normal_mle(x)
    assert (mu_hat, sigma_hat) == pytest.approx(stats.norm.fit(x))
    assert estimation.normal_log_likelihood(x, 0.3, 0.9) == pytest.approx(stats.norm(0.3, 0.9).logpdf(x).sum())
    grid = np.linspace(0, 3, 3001)
    assert grid[np.argmax(estimation.normal_log_likelihood(x, grid, sigma_hat))] == pytest.approx(mu_hat, abs=1e-3)


def test_the_bernoulli_log_likelihood_is_minus_the_summed_cross_entropy():
    from sklearn.metrics import log_loss

    x = np.array([1, 0, 1, 1, 0, 1])
    p = 0.6
    assert estimation.bernoulli_log_likelihood(x, p) == pytest.approx(
        -len(x) * log_loss(x, np.full(len(x), p), labels=[0, 1])
    )
    grid = np.linspace(0.01, 0.99, 981)
    assert grid[np.argmax(estimation.bernoulli_log_likelihood(x, grid))] == pytest.approx(x.mean(), abs=1e-3)


def test_bayes_with_a_rare_condition_and_the_beta_update():
    assert estimation.bayes(0.01, 0.9, 0.05) == pytest.approx(0.009 / (0.009 + 0.0495))
    assert estimation.bayes(0.0, 0.9, 0.0) == 0.0
    post = estimation.beta_posterior(2.0, 3.0, successes=7, failures=1)
    assert (post.alpha, post.beta) == (9.0, 4.0)
    assert (post.mean, post.sd) == pytest.approx((stats.beta(9, 4).mean(), stats.beta(9, 4).std()), rel=1e-12)


@pytest.mark.parametrize(("init", "activation"), [("he", "relu"), ("xavier", "linear")])
def test_good_initialisations_keep_the_variance_of_the_signal(init, activation):
    v = initialisation.layer_variances(30, 256, init, activation, np.random.default_rng(5))
    assert 0.05 < v[-1] / v[1] < 20  # neither exploding nor vanishing over 30 layers


def test_naive_initialisation_saturates_tanh_units_at_plus_or_minus_one():
    v = initialisation.layer_variances(10, 256, "naive", "tanh", np.random.default_rng(7))
    assert v[-1] > 0.8  # a variance near 1 for values in (-1, 1): nearly all at the ends


def test_naive_initialisation_explodes_a_linear_stack_by_width_per_layer():
    v = initialisation.layer_variances(3, 100, "naive", "linear", np.random.default_rng(6))
    assert_allclose(v[1:] / v[:-1], 100, rtol=0.2)  # Var(z) = width · s² · Var(h), s = 1
    with pytest.raises(MathDLError):
        initialisation.layer_variances(3, 100, "lecun", "relu", np.random.default_rng(0))


def test_the_bernoulli_mle_maximises_the_log_likelihood_and_mse_is_minimised_by_the_mean():
    x = np.random.default_rng(3).random(40) < 0.3
    grid = np.linspace(0.001, 0.999, 999)
    assert grid[np.argmax(estimation.bernoulli_log_likelihood(x, grid))] == pytest.approx(
        estimation.bernoulli_mle(x), abs=1e-3
    )
    y = np.random.default_rng(4).normal(2.0, 1.0, 30)
    assert estimation.mse(y, y.mean()) == pytest.approx(np.var(y))
    assert estimation.mse(y, y.mean() + 0.1) > estimation.mse(y, y.mean())


def test_the_histogram_is_on_the_scale_of_the_density():
    x = np.random.default_rng(0).normal(size=5000)
    left, right, height = sampling.histogram(x, -4, 4, discrete=False, bins=32)
    counts, edges = np.histogram(x, bins=32, range=(-4, 4), density=False)
    assert_allclose(left, edges[:-1])
    assert_allclose(height * (right - left) * len(x), counts)
    k = np.random.default_rng(1).poisson(3.0, 2000)
    _, _, share = sampling.histogram(k, 0, 20, discrete=True)
    assert_allclose(share, np.bincount(k, minlength=21)[:21] / len(k))


def test_the_empirical_cdf_is_scipys():
    x = np.random.default_rng(2).exponential(size=300)
    grid = np.linspace(-1, 6, 50)
    assert_allclose(sampling.ecdf(x, grid), stats.ecdf(x).cdf.evaluate(grid))


@pytest.mark.parametrize(
    ("prior", "sensitivity", "fpr"), [(0.01, 0.9, 0.05), (0.5, 1.0, 0.0), (0.001, 0.5, 0.5), (0.333, 0.777, 0.123)]
)
def test_natural_frequencies_count_everyone_and_give_bayes_answer(prior, sensitivity, fpr):
    counts = estimation.natural_frequencies(prior, sensitivity, fpr, 1000)
    assert sum(counts.values()) == 1000
    expected = 1000 * np.array(
        [prior * sensitivity, prior * (1 - sensitivity), (1 - prior) * fpr, (1 - prior) * (1 - fpr)]
    )
    assert np.all(np.abs(np.array(list(counts.values())) - expected) < 1)
    positives = counts["tp"] + counts["fp"]
    if positives >= 50:  # enough people for the count to approach the probability
        assert counts["tp"] / positives == pytest.approx(estimation.bayes(prior, sensitivity, fpr), abs=0.02)


# --- By name, as a notebook calls them ------------------------------------------------------------


@pytest.mark.parametrize("name", list(PARAMS))
def test_the_functions_by_name_are_scipys(name):
    params, ref = PARAMS[name]
    lo, hi = probability.support(name, **params)
    discrete = probability.DISTRIBUTIONS[name].discrete
    x = np.arange(int(lo), int(hi) + 1) if discrete else np.linspace(lo, hi, 51)
    assert_allclose(probability.density(name, x, **params), ref.pmf(x) if discrete else ref.pdf(x), atol=1e-12)
    assert_allclose(probability.cdf(name, x, **params), ref.cdf(x), atol=1e-9)
    m = probability.moments(name, **params)
    assert (m.mean, m.var, m.sd) == pytest.approx((ref.mean(), ref.var(), ref.std()), abs=1e-12)
    assert m.skewness == pytest.approx(float(ref.stats(moments="s")), abs=1e-12)
    assert ref.cdf(hi) - ref.cdf(lo - 1e-9) > 0.999  # the support holds almost all the mass
    draws = probability.sample(name, np.random.default_rng(1), (3, 4), **params)
    dist, theta = probability.distribution(name, **params)
    assert_allclose(draws, dist.sample(np.random.default_rng(1), (3, 4), *theta))


def test_the_functions_by_name_check_the_parameters():
    with pytest.raises(MathDLError) as error:
        probability.sample("normal", np.random.default_rng(0), 3, sigma=-1.0)
    assert error.value.params["name"] == "sigma"
    with pytest.raises(MathDLError):
        probability.moments("uniform", a=1.0, b=1.0)


def test_the_beta_density_is_scipys_beyond_the_explorers_range():
    x = np.linspace(0.001, 0.999, 99)
    for a, b in [(212.0, 12.0), (0.5, 80.0), (2.0, 2.0)]:
        assert_allclose(probability.beta_pdf(x, a, b), stats.beta(a, b).pdf(x), rtol=1e-9, atol=1e-300)
    assert probability.beta_pdf([0.0, 1.0, 1.5], 2.0, 2.0).tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(MathDLError):
        probability.beta_pdf(0.5, 0.0, 1.0)


# --- Standard errors, the running band and the limit theorems -----------------------------------------


def test_the_standard_error_is_sigma_over_root_n_and_matches_simulation():
    assert_allclose(sampling.standard_error(3.0, [1, 4, 9]), [3.0, 1.5, 1.0])
    assert float(sampling.standard_error(1.0, 8, two_sample=True)) == pytest.approx(0.5)
    rng = np.random.default_rng(8)
    means = rng.normal(0.0, 2.0, (20_000, 25)).mean(axis=1)
    assert means.std() == pytest.approx(float(sampling.standard_error(2.0, 25)), rel=0.02)
    differences = rng.normal(0.0, 2.0, (20_000, 25)).mean(axis=1) - means
    assert differences.std() == pytest.approx(float(sampling.standard_error(2.0, 25, two_sample=True)), rel=0.02)
    with pytest.raises(MathDLError):
        sampling.standard_error(1.0, 0)


def test_the_running_band_holds_about_95_percent_of_running_means():
    low, high = sampling.running_band(1.0, 2.0, 400)
    k = np.arange(1, 401)
    assert_allclose(high, 1.0 + 2 * 2.0 / np.sqrt(k))
    assert_allclose(low, 1.0 - 2 * 2.0 / np.sqrt(k))
    running = np.cumsum(np.random.default_rng(9).normal(1.0, 2.0, (4000, 400)), axis=1) / k
    inside = ((running >= low) & (running <= high))[:, -1].mean()
    assert inside == pytest.approx(stats.norm.cdf(2) - stats.norm.cdf(-2), abs=0.015)


def test_the_histogram_is_a_named_tuple_of_bars():
    bars = sampling.histogram([0.1, 0.2, 0.9], 0.0, 1.0, discrete=False, bins=2)
    assert bars.left.tolist() == [0.0, 0.5] and bars.right.tolist() == [0.5, 1.0]
    assert_allclose(bars.height, [2 / 3 / 0.5, 1 / 3 / 0.5])
    left, right, height = bars
    assert height is bars.height


# --- Losses per point ------------------------------------------------------------------------------------


def test_the_losses_per_point_are_minus_scipys_mean_log_likelihood_and_sklearns_log_loss():
    from sklearn.metrics import log_loss

    x = np.random.default_rng(10).normal(0.5, 1.3, 60)
    assert estimation.normal_nll(x, 0.4, 1.3) == pytest.approx(-stats.norm(0.4, 1.3).logpdf(x).mean(), rel=1e-12)
    assert estimation.normal_nll(x, 0.4, 1.3) == pytest.approx(
        np.log(1.3 * np.sqrt(2 * np.pi)) + estimation.mse(x, 0.4) / (2 * 1.3**2), rel=1e-12
    )
    flips = (np.random.default_rng(11).random(40) < 0.3).astype(float)
    assert estimation.bernoulli_nll(flips, 0.35) == pytest.approx(log_loss(flips, np.full(40, 0.35)), rel=1e-12)
    assert estimation.bernoulli_nll([1.0, 1.0], 1.0) == 0.0  # a certain outcome costs nothing
    assert estimation.bernoulli_nll([1.0, 0.0], 1.0) == np.inf


# --- Initialisation on common random numbers ------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_compared_initialisations_differ_only_by_the_scale_of_the_same_weights(activation):
    """Linear and ReLU units are positively homogeneous, so scaling every W by c scales layer l by c^l."""
    depth, width = 6, 64
    runs = initialisation.compare_inits(depth, width, activation, np.random.default_rng(12))
    assert list(runs) == list(initialisation.INITS)
    layers = np.arange(depth + 1)
    for init in ("xavier", "he"):
        c = initialisation.INITS[init](width, width)
        assert_allclose(runs[init] / runs["naive"], c ** (2 * layers), rtol=1e-9)
    alone = initialisation.layer_variances(depth, width, "he", activation, np.random.default_rng(12), n=200)
    assert alone[0] == runs["he"][0]  # the same inputs as layer_variances draws first


def test_the_initialisation_scales_are_the_published_formulas():
    assert initialisation.naive_scale(10, 20) == 1.0
    assert initialisation.xavier_scale(10, 20) == pytest.approx(np.sqrt(2 / 30))
    assert initialisation.he_scale(10, 20) == pytest.approx(np.sqrt(2 / 10))


@pytest.mark.parametrize("n", [1, 4, 30])
def test_the_mean_of_n_exponential_draws_has_skewness_two_over_root_n(n):
    # The mean of n Exp(1) draws is Gamma(n, 1/n), whose skewness is 2/√n.
    expected = float(stats.gamma(n, scale=1 / n).stats(moments="s"))
    assert sampling.skewness_of_mean(probability.moments("exponential").skewness, n) == pytest.approx(expected)
    draws = probability.sample("exponential", np.random.default_rng(0), (200_000, n)).mean(axis=1)
    assert stats.skew(draws) == pytest.approx(expected, abs=0.05)


def test_a_certain_outcome_has_no_skewness():
    assert np.isnan(probability.moments("bernoulli", p=0.0).skewness)
