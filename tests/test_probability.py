"""Every distribution's formulas against scipy.stats, and samples against the formulas."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from mathdl import MathDLError, probability

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
    "beta": [({"alpha": 0.2, "beta": 0.2}, stats.beta(0.2, 0.2)), ({"alpha": 20.0, "beta": 0.5}, stats.beta(20.0, 0.5))],
    "normal": [({"mu": -5.0, "sigma": 0.1}, stats.norm(-5.0, 0.1))],
    "exponential": [({"lam": 5.0}, stats.expon(scale=0.2))],
}
CASES = [(name, *PARAMS[name]) for name in PARAMS] + [(name, *case) for name, cases in EXTREMES.items() for case in cases]


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
