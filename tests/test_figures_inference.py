"""The figures of lesson 5 build, carry the data they draw, and put their markers where they are told."""

import json
import re

import altair as alt
import numpy as np
import pytest

from mathdl import inference, multiple_testing, power, resampling, special
from ui.figures import inference as figures


def layers(chart) -> list:
    """Every single-view chart inside a layered one, in drawing order."""
    return [view for part in chart.layer for view in layers(part)] if isinstance(chart, alt.LayerChart) else [chart]


def rules(chart) -> list[float]:
    """The values of the dashed markers (one-row layers drawn as rules)."""
    values = []
    for view in layers(chart):
        mark = view.mark if isinstance(view.mark, str) else view.mark.type
        if mark == "rule" and len(view.data) == 1:
            values.append(float(view.data.iloc[0, 0]))
    return values


@pytest.mark.parametrize(("alternative", "cuts"), [("two-sided", 2), ("greater", 1), ("less", 1)])
def test_the_sampling_distributions_shade_alpha_and_beta_and_dash_each_critical_value(alternative, cuts):
    z = np.linspace(-4, 6, 201)
    critical = power.critical_values(0.05, alternative)
    reject = power.in_rejection_region(z, critical)
    chart, data = figures.sampling_distributions(z, special.normal_pdf(z), special.normal_pdf(z, 2.0), reject, critical)
    assert len(data) == 2 * len(z)
    assert rules(chart) == pytest.approx([c for c in critical if np.isfinite(c)])
    assert len(rules(chart)) == cuts
    shaded = layers(chart)[0].data
    assert set(shaded["area"]) == {"α: reject although H₀ is true", "β: keep H₀ although H₁ is true"}


def test_one_experiment_shows_each_group_with_its_mean():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=10), rng.normal(size=10)
    chart, data = figures.experiment_data({"A": a, "B": b}, {"A": a.mean(), "B": b.mean()})
    assert len(data) == 20 and chart.to_dict(validate=False)["height"] == 180
    assert layers(chart)[1].data["value"].tolist() == [a.mean(), b.mean()]
    chart, _ = figures.experiment_data({"sample": a}, {"sample": a.mean()})
    assert chart.to_dict(validate=False)["height"] == 130


def test_the_p_value_area_is_the_values_as_extreme_and_a_far_statistic_sits_at_the_edge():
    grid = np.linspace(-5, 5, 101)
    beyond = inference.as_extreme(grid, 9.0, "two-sided")
    chart, data = figures.t_statistic(grid, inference.t_pdf(grid, 10), beyond, 9.0, 10.0)
    assert len(data) == 101 and not data["beyond"].any()
    assert layers(chart)[-1].data["t"].tolist() == [5.0]
    beyond = inference.as_extreme(grid, 2.0, "greater")
    chart, _ = figures.t_statistic(grid, inference.t_pdf(grid, 10), beyond, 2.0, 10.0)
    assert layers(chart)[0].data["t"].min() == pytest.approx(2.0)


def test_the_fold_scores_and_the_bootstrap_carry_their_numbers():
    a, b = np.array([0.9, 0.92, 0.95]), np.array([0.93, 0.94, 0.96])
    _, data = figures.fold_scores(a, b, "tree", "forest")
    assert len(data) == 6 and data["model"].unique().tolist() == ["A: tree", "B: forest"]
    boot = resampling.bootstrap_ci(b - a, n_resamples=500, rng=np.random.default_rng(0))
    chart, data = figures.bootstrap(boot.resamples, boot.low, boot.high)
    assert len(data) == 500
    assert layers(chart)[0].data[["low", "high"]].iloc[0].tolist() == [boot.low, boot.high]
    assert rules(chart) == [0.0]


def test_the_p_values_are_drawn_by_rank_with_the_threshold_of_each_rank():
    p = np.array([0.5, 0.001, 0.03, 0.2])
    rejected = multiple_testing.holm(p, 0.05)
    threshold = multiple_testing.thresholds(4, 0.05, "holm")
    chart, data = figures.p_values(p, rejected, threshold)
    assert data["p"].tolist() == sorted(p) and data["rank"].tolist() == [1, 2, 3, 4]
    assert data["rejected"].tolist() == [True, False, False, False]
    np.testing.assert_allclose(data["threshold"], threshold)
    assert "1 false positive" in chart.to_dict(validate=False)["title"]
    # A p-value of 1e-7 shows its digits in the tooltip: significant figures ("g"), not fixed decimals (0.0000).
    spec = json.dumps(chart.to_dict(validate=False))
    formats = re.findall(r'\{"field": "p", "format": "([^"]*)"', spec)
    assert formats and all(re.fullmatch(r"\.\d+~?[ge]", f) for f in formats), formats


def test_the_family_wise_error_curve_marks_alpha_and_the_simulated_rate():
    ms = np.arange(1, 201)
    chart, data = figures.family_wise_error(ms, multiple_testing.family_wise_error(0.05, ms), 0.05, 20, 0.6)
    assert len(data) == 200 and data["simulated"].notna().sum() == 1
    assert data.loc[data.m == 20, "simulated"].item() == 0.6
    assert rules(chart) == [0.05]
