"""Every distribution's formulas against scipy.stats, and samples against the formulas."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special, stats

from mathdl import MathDLError, inference, probability

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


# --- The regularised incomplete beta, on whole arrays ------------------------------------------


def test_the_incomplete_beta_is_scipys_element_wise_on_arrays():
    rng = np.random.default_rng(5)
    a, b = 10 ** rng.uniform(-2, 3, (2, 40, 50))  # every element its own (a, b), from 0.01 to 1000
    x = rng.random((40, 50))
    x[0], x[1] = 0.0, 1.0  # the ends of the support
    x[2] = (a[2] + 1) / (a[2] + b[2] + 2)  # where the fraction converges slowest, and flips to 1 − I_{1−x}(b, a)
    x[3] = 1e-300
    assert_allclose(probability._betainc(x, a, b), special.betainc(a, b, x), rtol=1e-9, atol=1e-12)


def test_the_incomplete_beta_has_its_closed_forms():
    x = np.linspace(0.0, 1.0, 201)
    assert_allclose(probability._betainc(x, 3.5, 1.0), x**3.5, atol=1e-14)  # I_x(a, 1) = x^a
    assert_allclose(probability._betainc(x, 1.0, 0.25), 1 - (1 - x) ** 0.25, atol=1e-14)  # I_x(1, b) = 1 − (1 − x)^b
    assert_allclose(probability._betainc(x, 0.5, 0.5), 2 / np.pi * np.arcsin(np.sqrt(x)), atol=1e-14)  # the arcsine law


def test_each_element_of_the_incomplete_beta_is_the_same_as_alone():
    """One call on an array runs until its slowest element has converged: the others must not move."""
    rng = np.random.default_rng(6)
    x, a, b = rng.random(30), 10 ** rng.uniform(-1, 2.5, 30), 10 ** rng.uniform(-1, 2.5, 30)
    together = probability._betainc(x, a, b)
    alone = [float(probability._betainc(*v)) for v in zip(x, a, b)]
    assert_allclose(together, alone, rtol=1e-13, atol=1e-15)
    assert probability._betainc(0.3, 2.0, 5.0).shape == ()
    grid = probability._betainc(x[:, None], a[None, :5], 2.0)  # broadcast like any numpy function
    assert grid.shape == (30, 5)
    assert_allclose(grid[:, 0], special.betainc(a[0], 2.0, x), rtol=1e-10)


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
    means = probability.running_mean(x)
    assert_allclose(means[[0, 9, 99]], [x[:1].mean(), x[:10].mean(), x[:100].mean()])
    assert means[-1] == pytest.approx(2.0, rel=0.02)


def test_sample_means_of_a_skewed_distribution_have_the_clt_spread():
    means = probability.sample_means("exponential", 40, 20_000, np.random.default_rng(2), lam=1.0)
    assert means.mean() == pytest.approx(1.0, abs=0.01)
    assert means.std() == pytest.approx(1.0 / np.sqrt(40), rel=0.03)
    assert abs(stats.skew(means)) < stats.skew(np.random.default_rng(3).exponential(1.0, 20_000)) / 3


def test_the_normal_log_likelihood_is_scipys_and_peaks_at_the_closed_form_mle():
    x = np.random.default_rng(4).normal(1.5, 0.7, 200)
    mu_hat, sigma_hat = probability.normal_mle(x)
    assert (mu_hat, sigma_hat) == pytest.approx(stats.norm.fit(x))
    assert probability.normal_log_likelihood(x, 0.3, 0.9) == pytest.approx(stats.norm(0.3, 0.9).logpdf(x).sum())
    grid = np.linspace(0, 3, 3001)
    assert grid[np.argmax(probability.normal_log_likelihood(x, grid, sigma_hat))] == pytest.approx(mu_hat, abs=1e-3)


def test_the_bernoulli_log_likelihood_is_minus_the_summed_cross_entropy():
    from sklearn.metrics import log_loss

    x = np.array([1, 0, 1, 1, 0, 1])
    p = 0.6
    assert probability.bernoulli_log_likelihood(x, p) == pytest.approx(
        -len(x) * log_loss(x, np.full(len(x), p), labels=[0, 1])
    )
    grid = np.linspace(0.01, 0.99, 981)
    assert grid[np.argmax(probability.bernoulli_log_likelihood(x, grid))] == pytest.approx(x.mean(), abs=1e-3)


def test_bayes_with_a_rare_condition_and_the_beta_update():
    assert probability.bayes(0.01, 0.9, 0.05) == pytest.approx(0.009 / (0.009 + 0.0495))
    assert probability.bayes(0.0, 0.9, 0.0) == 0.0
    a, b = probability.beta_posterior(2.0, 3.0, successes=7, failures=1)
    assert (a, b) == (9.0, 4.0)
    assert stats.beta(a, b).mean() == pytest.approx(9 / 13)


@pytest.mark.parametrize(("init", "activation"), [("he", "relu"), ("xavier", "linear")])
def test_good_initialisations_keep_the_variance_of_the_signal(init, activation):
    v = probability.layer_variances(30, 256, init, activation, np.random.default_rng(5))
    assert 0.05 < v[-1] / v[1] < 20  # neither exploding nor vanishing over 30 layers


def test_naive_initialisation_saturates_tanh_units_at_plus_or_minus_one():
    v = probability.layer_variances(10, 256, "naive", "tanh", np.random.default_rng(7))
    assert v[-1] > 0.8  # a variance near 1 for values in (-1, 1): nearly all at the ends


def test_naive_initialisation_explodes_a_linear_stack_by_width_per_layer():
    v = probability.layer_variances(3, 100, "naive", "linear", np.random.default_rng(6))
    assert_allclose(v[1:] / v[:-1], 100, rtol=0.2)  # Var(z) = width · s² · Var(h), s = 1
    with pytest.raises(MathDLError):
        probability.layer_variances(3, 100, "lecun", "relu", np.random.default_rng(0))


def test_the_bernoulli_mle_maximises_the_log_likelihood_and_mse_is_minimised_by_the_mean():
    x = np.random.default_rng(3).random(40) < 0.3
    grid = np.linspace(0.001, 0.999, 999)
    assert grid[np.argmax(probability.bernoulli_log_likelihood(x, grid))] == pytest.approx(
        probability.bernoulli_mle(x), abs=1e-3
    )
    y = np.random.default_rng(4).normal(2.0, 1.0, 30)
    assert probability.mse(y, y.mean()) == pytest.approx(np.var(y))
    assert probability.mse(y, y.mean() + 0.1) > probability.mse(y, y.mean())


def test_the_histogram_is_on_the_scale_of_the_density():
    x = np.random.default_rng(0).normal(size=5000)
    left, right, height = probability.histogram(x, -4, 4, discrete=False, bins=32)
    counts, edges = np.histogram(x, bins=32, range=(-4, 4), density=False)
    assert_allclose(left, edges[:-1])
    assert_allclose(height * (right - left) * len(x), counts)
    k = np.random.default_rng(1).poisson(3.0, 2000)
    _, _, share = probability.histogram(k, 0, 20, discrete=True)
    assert_allclose(share, np.bincount(k, minlength=21)[:21] / len(k))


def test_the_empirical_cdf_is_scipys():
    x = np.random.default_rng(2).exponential(size=300)
    grid = np.linspace(-1, 6, 50)
    assert_allclose(probability.ecdf(x, grid), stats.ecdf(x).cdf.evaluate(grid))


@pytest.mark.parametrize(
    ("prior", "sensitivity", "fpr"), [(0.01, 0.9, 0.05), (0.5, 1.0, 0.0), (0.001, 0.5, 0.5), (0.333, 0.777, 0.123)]
)
def test_natural_frequencies_count_everyone_and_give_bayes_answer(prior, sensitivity, fpr):
    counts = probability.natural_frequencies(prior, sensitivity, fpr, 1000)
    assert sum(counts.values()) == 1000
    expected = 1000 * np.array(
        [prior * sensitivity, prior * (1 - sensitivity), (1 - prior) * fpr, (1 - prior) * (1 - fpr)]
    )
    assert np.all(np.abs(np.array(list(counts.values())) - expected) < 1)
    positives = counts["tp"] + counts["fp"]
    if positives >= 50:  # enough people for the count to approach the probability
        assert counts["tp"] / positives == pytest.approx(probability.bayes(prior, sensitivity, fpr), abs=0.02)
