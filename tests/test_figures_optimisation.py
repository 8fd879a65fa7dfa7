"""What lesson 8's figures draw: the data each chart carries and the marks that sit where the numbers say."""

import math

import numpy as np
import pandas as pd
import pytest

from mathdl import datasets, minibatch, optim, surfaces
from tests.test_figures_calculus import layers, marks
from ui.figures import optimisation as figures
from ui.i18n import catalog

EN = catalog("en")["optimisation"]


def test_the_steps_sit_on_the_parabola():
    bowl = surfaces.parabola(2.0)
    path = optim.descend("sgd", bowl, [3.0], 0.3, 5)
    x, curve = surfaces.profile(bowl)
    chart, data = figures.descent_1d(x, curve, path.points[:, 0], surfaces.along(bowl, path))
    assert data.step.tolist() == list(range(6))
    np.testing.assert_allclose(data.loss, data.x**2)  # a x²/2 with a = 2


def test_the_shrink_factor_has_its_bounds_and_the_rate_chosen_marked():
    rates = np.linspace(0, 3, 31)
    stable = surfaces.stability(0.75, 2.0)
    chart, data = figures.contraction(rates, surfaces.contraction(rates, 2.0), 0.75, stable)
    assert len(data) == 31
    dashed = [m["rows"][0]["lr"] for m in marks(chart, "rule") if m["mark"].get("strokeDash") == [6, 4]]
    assert dashed == [0.5, 1.0]  # 1/a and 2/a
    (here,) = marks(chart, "point")
    assert here["rows"] == [{"lr": 0.75, "factor": 0.5}]


def race(name="rosenbrock", lr=0.1, steps=100):
    s = surfaces.surface(name)
    return s, optim.compare(s, lr, steps)


def test_a_diverged_optimiser_is_named_with_its_step():
    _, paths = race()
    names = figures.optimizer_names(paths)
    assert names["sgd"] == EN["surfaces"]["diverged_label"].format(name="GD", step=paths["sgd"].diverged_at)
    assert names["adam"] == "Adam"


def test_the_map_draws_only_the_optimisers_shown_with_the_start_and_the_minimum_pinned():
    s, paths = race("quadratic", 0.1, 400)
    chart, tables, tracks, grid = figures.surface_map(s, surfaces.landscape(s, 30), paths, ["sgd", "adam"])
    assert set(tracks.optimizer) == {"GD", "Adam"} and tracks.groupby("optimizer").size().max() <= 150
    assert len(grid) == 900 and list(grid.columns) == ["x", "y", "loss"]
    pins = tables[figures.PINS]
    assert list(zip(pins.x, pins.y, pins["shape"], strict=True)) == [(*s.start, "circle"), (*s.minimum, "cross")]
    pd.testing.assert_frame_equal(tables[figures.TRACKS], tracks)
    assert len(marks(chart, "image")) == 1  # the surface is one picture


def test_the_loss_chart_runs_from_the_floor_to_ten_times_the_start():
    s, paths = race("quadratic", 0.1, 50)
    gaps = surfaces.gaps(s, paths)
    chart, data = figures.surface_losses(gaps, paths, ["momentum"], 50)
    assert set(data.optimizer) == {"Momentum"} and len(data) == 51
    (line,) = layers(chart)
    low, high = line["encoding"]["y"]["scale"]["domain"]
    assert high == pytest.approx(10 * s.gap(s.start)) and low == pytest.approx(gaps["momentum"].min())


def test_the_standings_say_which_run_diverged():
    s, paths = race()
    table = figures.standings(surfaces.standings(s, paths), paths, ["sgd", "adam"])
    assert table.iloc[0, 1] == "—" and table.iloc[0, 3] == EN["surfaces"]["diverged_at"].format(
        step=paths["sgd"].diverged_at
    )
    assert float(table.iloc[1, 1]) == pytest.approx(float(s.gap(paths["adam"].points[-1])), rel=1e-3)
    assert table.iloc[1, 3] == EN["surfaces"]["ok"]


def test_the_cloud_is_drawn_around_the_full_gradient():
    X, y, names = datasets.diabetes()
    w = np.zeros(10)
    draws = minibatch.batch_gradients(X, y, w, 16, 50, np.random.default_rng(0))
    full = minibatch.mse_gradient(X, y, w)
    chart, data = figures.gradient_cloud(draws, full, 16, (2, 8), names)
    np.testing.assert_array_equal(data.g1, draws[:, 2])
    (cross,) = [m for m in marks(chart, "point") if m["mark"]["shape"] == "cross"]
    assert cross["rows"] == [{"g1": full[2], "g2": full[8]}]
    assert chart.to_dict()["title"] == EN["minibatch"]["cloud_title"].format(draws=50, batch=16)


def test_the_noise_chart_has_the_formula_the_measurements_and_the_batch_marked():
    X, y, _ = datasets.diabetes()
    curve = minibatch.noise_curve(X, y, np.zeros(10), np.random.default_rng(0), repeats=20)
    chart, data = figures.gradient_noise(curve, 32)
    assert len(data) == len(curve.sizes) and data.noise_measured.notna().sum() == len(curve.tried)
    (marker,) = marks(chart, "rule")
    assert marker["rows"] == [{"batch": 32}]


def test_the_schedules_carry_their_rates_and_losses_and_the_floor():
    X, y, _ = datasets.diabetes()
    runs = minibatch.compare_schedules(
        X, y, ("cosine", "constant"), lr=0.05, batch_size=64, epochs=3, rng=np.random.default_rng(0)
    )
    labels = {"cosine": "cos", "constant": "const"}
    chart, rates = figures.schedule_rates(runs, labels)
    assert set(rates.schedule) == {"cos", "const"} and rates.step.min() == 0
    chart, losses = figures.schedule_losses(runs, labels, 0.48, len(y))
    assert chart.to_dict()["title"] == EN["schedules"]["loss_title"].format(n=442)
    assert losses.step.min() == 1 and len(losses) == 2 * len(runs["cosine"].loss)
    (floor,) = marks(chart, "rule")
    assert floor["rows"] == [{"loss": 0.48}]
    assert math.isclose(losses[losses.schedule == "const"].loss.iloc[-1], runs["constant"].loss[-1])


def test_with_no_optimiser_shown_the_charts_are_empty_not_broken():
    s, paths = race("quadratic", 0.1, 20)
    chart, data = figures.surface_losses(surfaces.gaps(s, paths), paths, [], 20)
    assert data.empty and chart.to_dict(validate=False)
    chart, _, tracks, _ = figures.surface_map(s, surfaces.landscape(s, 10), paths, [])
    assert tracks.empty


def test_a_run_that_diverged_at_once_leaves_an_empty_loss_curve():
    X, y, _ = datasets.diabetes()
    runs = minibatch.compare_schedules(
        X, y, ("constant",), lr=1e6, batch_size=1, epochs=1, rng=np.random.default_rng(0)
    )
    assert runs["constant"].diverged_at == 1
    chart, losses = figures.schedule_losses(runs, {"constant": "c"}, 0.48, len(y))
    assert losses.empty and chart.to_dict(validate=False)


def pixels_per_unit(spec: dict) -> tuple[float, float]:
    """How many pixels one unit of x and one unit of y take in a chart's spec."""
    x = next(p["encoding"]["x"]["scale"]["domain"] for p in layers_of(spec) if "scale" in p["encoding"].get("x", {}))
    y = next(p["encoding"]["y"]["scale"]["domain"] for p in layers_of(spec) if "scale" in p["encoding"].get("y", {}))
    return spec["width"] / (x[1] - x[0]), spec["height"] / (y[1] - y[0])


def layers_of(spec: dict) -> list[dict]:
    return [part for part in spec.get("layer", [spec]) for part in part.get("layer", [part])]


@pytest.mark.parametrize("name", list(surfaces.SURFACES))
def test_every_surface_is_drawn_to_scale_so_a_gradient_step_meets_the_contours_at_right_angles(name):
    """One unit of x is as many pixels as one unit of y, and the picture of the loss fills the plot exactly."""
    s, paths = race(name, 0.01, 20)
    chart = figures.surface_map(s, surfaces.landscape(s, 20), paths, list(paths))[0]
    spec = chart.to_dict(validate=False)
    across, up = pixels_per_unit(spec)
    assert across == pytest.approx(up, rel=1e-12)
    x0, x1, y0, y1 = s.extent
    assert max(spec["width"], spec["height"]) == 420 and spec["width"] / spec["height"] == pytest.approx(
        (x1 - x0) / (y1 - y0)
    )
    (image,) = marks(chart, "image")
    assert (image["mark"]["width"], image["mark"]["height"]) == (spec["width"], spec["height"])


def test_the_quadratics_window_is_a_rectangle_ten_by_six_not_a_square():
    s, paths = race("quadratic", 0.1, 5)
    spec = figures.surface_map(s, surfaces.landscape(s, 10), paths, ["sgd"])[0].to_dict(validate=False)
    assert (spec["width"], spec["height"]) == pytest.approx((420, 252))


def test_a_step_of_gradient_descent_drawn_on_the_map_crosses_its_contour_at_a_right_angle():
    """In pixels, the first step of GD is perpendicular to the level set at the start (its tangent
    from the closed form of the quadratic's gradient), because both axes share one scale."""
    s = surfaces.surface("quadratic", condition=10)
    chart, _, tracks, _ = figures.surface_map(s, surfaces.landscape(s, 20), optim.compare(s, 0.5, 3), ["sgd"])
    across, up = pixels_per_unit(chart.to_dict(validate=False))
    x, y = s.start
    tangent = np.array([-y, x / 10])  # perpendicular to ∇f = (x/κ, y)
    first = tracks[tracks.step <= 1][["x", "y"]].to_numpy()
    step = first[1] - first[0]
    assert (step[0] * across) * (tangent[0] * across) + (step[1] * up) * (tangent[1] * up) == pytest.approx(0, abs=1e-9)


def test_the_gradient_cloud_is_drawn_to_scale():
    X, y, names = datasets.diabetes()
    draws = minibatch.batch_gradients(X, y, np.zeros(10), 16, 20, np.random.default_rng(0))
    chart, _ = figures.gradient_cloud(draws, minibatch.mse_gradient(X, y, np.zeros(10)), 16, (2, 8), names)
    across, up = pixels_per_unit(chart.to_dict(validate=False))
    assert across == pytest.approx(up, rel=1e-12)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_full_batch_descent_is_named_gradient_descent_and_sgd_is_kept_for_sampled_batches(lang):
    words = catalog(lang)["optimisation"]
    assert words["optimizers"]["sgd"] in {"GD", "梯度下降"}
    full_batch = [words["surfaces"][k] for k in ("intro", "caption", "lr_help")] + list(words["optimizers"].values())
    assert not any("SGD" in text for text in full_batch)
    assert "SGD" in words["schedules"]["intro"]  # mini-batches are sampled there: that is SGD


def test_the_first_steps_on_the_parabola_are_named_in_order_so_a_zigzag_can_be_followed():
    bowl = surfaces.parabola(1.0)
    path = optim.descend("sgd", bowl, [4.0], 1.5, 12)  # x_k = 4 · (−0.5)^k: from side to side
    x, curve = surfaces.profile(bowl)
    chart, _ = figures.descent_1d(x, curve, path.points[:, 0], surfaces.along(bowl, path))
    (names,) = marks(chart, "text")
    assert [r["label"] for r in names["rows"]] == ["x₀", "x₁", "x₂", "x₃"]  # x₄ = 0.25 would sit on x₂ = 1
    assert [r["x"] for r in names["rows"]] == pytest.approx(4 * (-0.5) ** np.arange(4))
    slow = figures.step_labels(pd.DataFrame({"step": range(30), "x": 4 * 0.9 ** np.arange(30)}), window=6)
    assert slow.label.iloc[0] == "x₀" and slow.step.is_monotonic_increasing and len(slow) <= 5
    assert np.all(np.abs(np.subtract.outer(slow.x.to_numpy(), slow.x.to_numpy()))[np.triu_indices(len(slow), 1)] >= 0.8)
    away = figures.step_labels(pd.DataFrame({"step": range(4), "x": [4.0, -8.0, 16.0, -32.0]}), window=6)
    assert away.label.tolist() == ["x₀"]  # a diverging walk leaves the window: nothing named outside it


def test_a_new_start_or_a_step_of_the_race_sends_new_tables_to_the_same_chart():
    """The map's spec depends on the surface and the optimisers' names only: what moves is data."""
    s = surfaces.surface("quadratic", condition=10)
    grid = surfaces.landscape(s, 20)
    one = figures.surface_map(s, grid, optim.compare(s, 0.1, 30), ["sgd", "adam"])
    moved = surfaces.starting_at(s, (1.0, 1.0))
    other = figures.surface_map(moved, grid, optim.race_at(optim.compare(moved, 0.1, 30), 5), ["sgd"])
    assert other[0] is one[0]
    assert other[1][figures.PINS].x[0] == 1.0 and other[1][figures.TRACKS].step.max() == 5


def test_a_click_anywhere_on_the_map_picks_the_nearest_of_a_coarse_grid_as_the_start():
    s = surfaces.starting_at(surfaces.surface("rosenbrock"), (0.5, -0.5))
    paths = optim.compare(s, 1e-3, 5)
    chart, tables, _, _ = figures.surface_map(s, surfaces.landscape(s, 30), paths, ["sgd"])
    spec = chart.to_dict(validate=False)
    (param,) = spec["params"]  # Altair lifts a layer's selection to the top, naming the layer it watches
    (picker,) = [layer for layer in spec["layer"] if layer.get("name") in param["views"]]
    assert param["name"] == figures.PICK and param["select"]["on"] == "click" and param["select"]["nearest"]
    assert picker["mark"]["opacity"] == 0 and len(spec["datasets"][picker["data"]["name"]]) > 0
    assert all(path.points[0].tolist() == [0.5, -0.5] for path in paths.values())
    pins = tables[figures.PINS]
    assert (pins.x[0], pins.y[0]) == (0.5, -0.5)
