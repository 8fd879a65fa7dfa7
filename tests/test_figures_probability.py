"""The figures of lesson 4 build, carry the data they draw, and put their markers where they are told."""

import altair as alt
import numpy as np
import pytest

from mathdl import estimation, initialisation, probability, sampling
from ui.figures import probability as figures


def layers(chart) -> list:
    """Every single-view chart inside a layered one, in drawing order."""
    return [view for part in chart.layer for view in layers(part)] if isinstance(chart, alt.LayerChart) else [chart]


def marks(chart) -> list[str]:
    return [view.mark if isinstance(view.mark, str) else view.mark.type for view in layers(chart)]


def spec(chart) -> dict:
    return chart.to_dict(validate=False)


@pytest.mark.parametrize("discrete", [False, True])
def test_a_density_over_a_histogram_draws_stems_for_a_pmf_and_a_line_for_a_pdf(discrete):
    x = np.arange(0, 6) if discrete else np.linspace(0, 5, 51)
    bars = sampling.histogram([0, 1, 1, 2, 4], 0, 5, discrete=discrete, bins=5)
    density = np.full(len(x), 0.2)
    chart, data = figures.density_over_histogram(bars, x, density, x_title="x", y_title="f", discrete=discrete)
    assert marks(chart) == (["rect", "rule", "circle"] if discrete else ["rect", "line"])
    assert len(data) == len(x) + len(bars.left)
    top = spec(layers(chart)[0])["encoding"]["y"]["scale"]["domain"][1]
    assert top >= max(bars.height.max(), 0.2)


def test_an_infinite_density_does_not_stretch_the_axis():
    x = np.linspace(0, 1, 101)
    density = probability.beta_pdf(x, 0.3, 0.3)
    density[0] = np.inf
    chart, _ = figures.density_over_histogram(([0.0], [0.5], [1.0]), x, density, x_title="x", y_title="f")
    top = spec(layers(chart)[0])["encoding"]["y"]["scale"]["domain"][1]
    assert np.isfinite(top) and top < np.nanmax(density[1:-1]) + 1


def test_the_explorer_panels_name_the_pmf_and_carry_both_cdfs():
    bars = sampling.histogram([0, 1, 1], 0, 1, discrete=True)
    chart, _ = figures.distribution(bars, np.arange(2), np.array([0.3, 0.7]), discrete=True, n=3)
    assert "PMF" in spec(chart)["title"] and "3" in spec(chart)["title"]
    grid = np.arange(-1, 3)
    chart, data = figures.cdf(
        grid, probability.cdf("bernoulli", grid, p=0.7), sampling.ecdf([0, 1, 1], grid), discrete=True
    )
    assert len(data) == 2 * len(grid) and data["curve"].nunique() == 2
    assert spec(chart)["mark"]["interpolate"] == "step-after"


def test_the_running_mean_is_thinned_to_at_most_400_points_from_the_first_to_the_last():
    x = np.random.default_rng(0).exponential(size=5000)
    running = sampling.running_mean(x)
    low, high = sampling.running_band(1.0, 1.0, 5000)
    chart, data = figures.running_mean(running, low, high, 1.0)
    assert len(data) <= 400 and data["k"].iloc[0] == 1 and data["k"].iloc[-1] == 5000
    np.testing.assert_allclose(data["mean"], running[data["k"] - 1])
    np.testing.assert_allclose(data["high"], high[data["k"] - 1])
    assert layers(chart)[-1].data["mu"].tolist() == [1.0]  # the dashed μ


def test_the_clt_and_the_fit_draw_their_curve_and_a_fit_may_be_missing():
    bars = sampling.histogram([0.9, 1.0, 1.1], 0.5, 1.5, discrete=False, bins=4)
    chart, data = figures.sample_means(bars, np.linspace(0.5, 1.5, 11), np.ones(11), n=5, repeats=2000)
    assert "2000" in spec(chart)["title"]
    assert len(data) == 11 + 4
    chart, data = figures.normal_fit(bars, np.zeros(0), np.zeros(0))
    assert data["x"].isna().sum() == 4  # only the bars: σ̂ = 0 has no curve


def test_the_flips_count_zeros_and_ones_and_the_likelihood_marks_its_maximum():
    _, data = figures.flips(20, 7)
    assert data["count"].tolist() == [13, 7]
    x = np.array([1.0, 1.0, 1.0])
    grid = np.linspace(0, 1, 11)
    chart, data = figures.log_likelihood(grid, estimation.bernoulli_log_likelihood(x, grid), 1.0, symbol="p")
    assert len(data) == 10  # p = 0 makes the ones impossible: ℓ = −∞ is left out
    assert layers(chart)[-1].data["theta"].tolist() == [1.0]


def test_the_waffle_has_one_square_per_person_in_four_groups():
    counts = estimation.natural_frequencies(0.01, 0.9, 0.05, 1000)
    chart, data = figures.natural_frequencies(counts, population=1000, columns=40)
    assert data["people"].sum() == 1000 and len(data) == 4
    d = spec(chart)
    assert d["data"]["sequence"] == {"start": 0, "stop": 1000, "as": "i"}
    groups = next(c["calculate"] for c in d["transform"] if c["as"] == "group")
    assert "datum.i < 9 ?" in groups and "datum.i < 10 ?" in groups and "datum.i < 60 ?" in groups


def test_the_beta_update_draws_prior_and_posterior_and_marks_the_true_p():
    grid = np.linspace(0.01, 0.99, 50)
    chart, data = figures.beta_update(
        grid, probability.beta_pdf(grid, 2, 2), probability.beta_pdf(grid, 9, 3), 0.7, heads=7, n=8
    )
    assert len(data) == 100 and data["curve"].nunique() == 2
    assert layers(chart)[-1].data["p"].tolist() == [0.7]


def test_the_layer_variances_are_one_line_per_initialisation_and_never_zero_on_the_log_axis():
    runs = initialisation.compare_inits(4, 16, "tanh", np.random.default_rng(0))
    runs["naive"] = runs["naive"] * 0  # a variance of 0 must still be drawable
    chart, data = figures.layer_variances(runs, depth=4, width=16)
    assert len(data) == 3 * 5 and data["init"].nunique() == 3
    assert data["variance"].min() == 1e-30
    assert spec(chart)["encoding"]["y"]["scale"]["type"] == "log"
    assert spec(chart)["encoding"]["y"]["axis"]["format"] == ".0e"  # 1e+10 and 1e+40 alike, not 10000000000
