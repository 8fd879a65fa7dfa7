"""The figures of lesson 5 build, carry the data they draw, and put their markers where they are told."""

import json
import re

import altair as alt
import numpy as np
import pytest

from mathdl import error_rates, inference, multiple_testing, power, resampling, special
from ui.figures import inference as figures
from ui.i18n import catalog

EN = catalog("en")["inference"]


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


def test_the_p_values_are_drawn_by_rank_with_the_threshold_and_what_was_true():
    p = np.array([0.5, 0.001, 0.03, 0.2, 0.004])
    real = np.array([False, True, True, False, False])
    rejected = multiple_testing.holm(p, 0.05)
    threshold = multiple_testing.thresholds(5, 0.05, "holm")
    chart, data = figures.p_values(p, rejected, threshold, real)
    assert data["p"].tolist() == sorted(p) and data["rank"].tolist() == [1, 2, 3, 4, 5]
    assert data["rejected"].tolist() == [True, True, False, False, False]
    np.testing.assert_allclose(data["threshold"], threshold)
    names = EN["multiple"]["verdicts"]
    assert data["verdict"].tolist() == [names[v] for v in ("found", "false_positive", "missed", "kept", "kept")]
    title = [EN["multiple"]["study_title"].format(m=5), EN["multiple"]["study_counts"].format(found=1, real=2, false=1)]
    assert chart.to_dict(validate=False)["title"] == title
    _, null = figures.p_values(p, rejected, threshold, np.zeros(5, bool))
    assert set(null["verdict"]) == {names["false_positive"], names["kept"]}
    # A p-value of 1e-7 shows its digits in the tooltip: significant figures ("g"), not fixed decimals (0.0000).
    spec = json.dumps(chart.to_dict(validate=False))
    formats = re.findall(r'\{"field": "p", "format": "([^"]*)"', spec)
    assert formats and all(re.fullmatch(r"\.\d+~?[ge]", f) for f in formats), formats


def test_the_error_rates_are_bars_per_correction_with_alpha_dashed():
    real = error_rates.real_differences(20, 0.25)
    p = error_rates.studies(200, real, 0.8, 20, np.random.default_rng(0))
    rates = error_rates.compare(p, real, 0.05)
    names = EN["multiple"]["corrections"]
    chart, data = figures.error_rates(rates, names, 0.05)
    assert len(data) == 12 and data["correction"].unique().tolist() == [names[c] for c in rates]
    shown = data.set_index(["correction", "rate"])["value"]
    kinds = EN["multiple"]["rates"]
    for code, r in rates.items():
        assert shown[names[code], kinds["fwer"]] == r.fwer and shown[names[code], kinds["power"]] == r.power
    assert rules(chart) == [0.05]
    null = error_rates.real_differences(20, 0.0)
    _, data = figures.error_rates(error_rates.compare(p, null, 0.05), names, 0.05)
    assert len(data) == 8 and kinds["power"] not in set(data["rate"])  # no real difference, no power
