"""Facts about lesson 9's figures: each builds, its tidy data hold what it draws, markers sit where they should."""

import math
import re
from types import SimpleNamespace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from mathdl import approximation, mlp
from tests.helpers import pixels
from ui import charts, raster
from ui.figures import neural_networks as figures
from ui.i18n import catalog

EN = catalog("en")["neural_networks"]


def layers(chart, tables: dict | None = None) -> list[dict]:
    """The chart's layers as Vega-Lite dicts, each with its own data rows: inline, or a live figure's ``tables``."""
    spec = chart.to_dict(validate=False)
    datasets = spec.get("datasets", {}) | {name: frame.to_dict("records") for name, frame in (tables or {}).items()}
    found = []
    for layer in spec.get("layer", [spec]):
        name = layer.get("data", spec.get("data", {})).get("name")
        found.append(layer | {"rows": datasets.get(name, [])})
    return found


def derived(layer: dict) -> list[dict]:
    """A layer's rows after its row numbers and calculated fields, as Vega works them out in the browser.

    The expressions here are arithmetic, ``floor``, ``abs`` and one ``test ? a : b``: each is read as Python.
    """
    rows = [dict(row) for row in layer["rows"]]
    for step in layer.get("transform", []):
        if "window" in step:
            for n, row in enumerate(rows, start=1):
                row[step["window"][0]["as"]] = n
            continue
        python = re.sub(r"^(.*) \? (.*) : (.*)$", r"(\2) if (\1) else (\3)", step["calculate"]).replace("datum.", "d.")
        for row in rows:
            row[step["as"]] = eval(python, {"floor": math.floor, "abs": abs, "d": SimpleNamespace(**row)})
    return rows


def assert_picture_over_plane(picture: dict, axes: dict, x: np.ndarray, y: np.ndarray) -> None:
    """A picture spread over the whole plane of the layer with the axes, a pixel around each grid point, on its scales.

    The plane reaches half a cell beyond the first and the last grid point, so each of the r pixels across
    is centred on its grid point; the image's corners are the scales' ends, and the scales are the axes' own.
    """
    half = (x[1] - x[0]) / 2
    xs, ys = [x[0] - half, x[-1] + half], [y[0] - half, y[-1] + half]
    assert axes["encoding"]["x"]["scale"]["domain"] == pytest.approx(xs)
    assert axes["encoding"]["y"]["scale"]["domain"] == pytest.approx(ys)
    encoding = picture["encoding"]
    assert [encoding[c]["datum"] for c in ("x", "x2")] == pytest.approx(xs)
    assert [encoding[c]["datum"] for c in ("y", "y2")] == pytest.approx(ys)
    assert encoding["x"]["scale"] == axes["encoding"]["x"]["scale"]
    assert picture["mark"] | {"type": None} == {"type": None, "aspect": False, "smooth": False, "tooltip": False,
                                                 "aria": False}  # fmt: skip
    assert encoding["key"]["field"] == encoding["order"]["field"] == "frame"  # a picture kept by its number


def test_the_fit_figure_holds_the_target_and_the_fit_on_a_padded_axis():
    x, grid = np.linspace(-1, 1, 20), np.linspace(-1, 1, 9)
    y, curve = np.sin(np.pi * x), 0.9 * np.sin(np.pi * grid)
    chart, data = figures.fit(x, y, grid, curve, units=5)
    assert len(data) == 29
    assert_allclose(data.loc[data.curve == EN["approx"]["fit"], "y"], curve)
    assert_allclose(data.loc[data.curve == EN["approx"]["target"], "y"], y)
    spec = chart.to_dict(validate=False)
    low, high = y.min(), y.max()
    assert spec["encoding"]["y"]["scale"]["domain"] == pytest.approx(
        [low - 0.25 * (high - low), high + 0.25 * (high - low)]
    )
    assert spec["title"] == EN["approx"]["fit_title"].format(units=5)


def test_the_units_figure_has_one_line_per_unit_and_their_sum_dashed():
    net = mlp.init_network((1, 4, 1), "tanh", np.random.default_rng(0), task="regression")
    grid = np.linspace(-1, 1, 11)
    parts, curve = approximation.hidden_contributions(net, grid), mlp.predict(net, grid[:, None])
    chart, data = figures.hidden_units(grid, parts, curve)
    assert len(data) == 44 and sorted(data.unit.unique()) == [1, 2, 3, 4]
    assert_allclose(data.groupby("x").y.sum().to_numpy(), parts.sum(axis=1))
    total = layers(chart)[1]
    assert total["mark"]["strokeDash"] == [4, 2]
    assert_allclose([row["y"] for row in total["rows"]], curve)


def test_the_decision_regions_have_a_pixel_per_grid_point_and_every_point_filled_or_hollow():
    net = mlp.init_network((2, 5, 3), "relu", np.random.default_rng(0))
    grid = approximation.decision_grid(net, (-1, 1, -1, 1), resolution=6)
    rng = np.random.default_rng(1)
    train = rng.uniform(-1, 1, (10, 2)), rng.integers(0, 3, 10)
    test = rng.uniform(-1, 1, (4, 2)), rng.integers(0, 3, 4)
    chart, tables, points = figures.decision_regions(grid.x, grid.y, grid.winner, grid.confidence, train, test, 3)
    assert len(points) == 14
    assert (points.set == EN["play"]["train"]).sum() == 10 and (points.set == EN["play"]["test"]).sum() == 4
    regions, dots = layers(chart, tables)
    (row,) = regions["rows"]
    # The network's own prediction at each grid point, its row j from the bottom: the class whose colour is there.
    gx, gy = np.meshgrid(grid.x, grid.y)
    predicted = mlp.predict(net, np.c_[gx.ravel(), gy.ravel()]).reshape(6, 6)
    for theme, ground in raster.BACKGROUNDS.items():
        picture = pixels(row[theme]).astype(int)
        assert picture.shape == (6, 6, 3)
        for j, i in np.ndindex(6, 6):
            tints = [charts.PALETTE[k] for k in range(3)]
            # the colour is on the line from the background to the class colour: nearest in direction
            away = picture[5 - j, i] - raster.rgb([ground])[0]
            toward = raster.rgb(tints).astype(int) - raster.rgb([ground])[0]
            cosine = toward @ away / (np.linalg.norm(toward, axis=1) * np.linalg.norm(away) + 1e-9)
            assert np.linalg.norm(away) < 3 or cosine.argmax() == predicted[j, i], (theme, j, i)
    # Drawn by Vega for the page's background: the dark picture where it is dark.
    assert regions["transform"] == [
        {"calculate": "luminance(background) < 0.5 ? datum.dark : datum.light", "as": "url"}
    ]
    assert_picture_over_plane(regions, dots, grid.x, grid.y)
    assert "resolve" not in chart.to_dict(validate=False)  # one pair of scales: the picture's and the points'
    assert len(dots["rows"]) == 14  # the points are the chart's own: they do not change while it trains


def test_the_loss_curves_keep_at_most_the_points_asked_first_and_last_included():
    epoch = np.arange(1, 1001)
    losses = {"train": 1 / epoch, "test": 2 / epoch}
    chart, tables, data = figures.loss_curves(epoch, losses, title="losses", y_title="loss", most=50)
    assert tables[figures.LOSSES] is data
    for name, values in losses.items():
        kept = data[data.set == name]
        assert len(kept) <= 50 and kept.epoch.iloc[0] == 1 and kept.epoch.iloc[-1] == 1000
        assert_allclose(kept.loss, values[kept.epoch - 1])
    assert chart.to_dict(validate=False)["encoding"]["y"]["scale"]["type"] == "log"
    empty_chart, _, empty = figures.loss_curves([], {"train": [], "test": []}, title="", y_title="")
    assert len(empty) == 0


def test_the_activation_panels_stress_the_chosen_one_and_mark_its_value_and_slope():
    z = np.linspace(-4, 4, 9)
    names = ["relu", "tanh"]
    values, slopes = approximation.activation_curves(names, z)
    panels, data = figures.activations(z, values, slopes, ["ReLU", "tanh"], 1, (0.5, np.tanh(0.5), 0.79))
    assert len(panels) == 2 and len(data) == 18
    assert data.chosen.sum() == 9 and set(data[data.chosen].activation) == {"tanh"}
    assert_allclose(data[data.activation == "tanh"].slope, slopes[1])
    value_dot, slope_dot = layers(panels[0])[1]["rows"][0], layers(panels[1])[1]["rows"][0]
    assert value_dot == pytest.approx({"z": 0.5, "value": np.tanh(0.5)})
    assert slope_dot == pytest.approx({"z": 0.5, "slope": 0.79})


def test_the_sawtooth_draws_every_fourth_point_and_names_its_pieces():
    x = np.linspace(0, 1, 2049)
    y = mlp.predict(approximation.tent_network(2), x[:, None])
    chart, data = figures.sawtooth(x, y, layers=2, pieces=4)
    assert len(data) == 513 and data.x.iloc[-1] == 1.0
    assert chart.to_dict(validate=False)["title"] == EN["depth"]["curve_title"].format(layers=2, pieces=4)


def test_the_depth_costs_draw_both_networks_and_a_marker_at_the_pieces_shown():
    costs = approximation.depth_costs(5)
    chart, data = figures.depth_costs(costs.pieces, costs.deep, costs.shallow, 8)
    assert len(data) == 10
    deep = data[data.network == EN["depth"]["deep"]]
    assert_array_equal(deep.parameters, 6 * np.arange(1, 6) + 1)
    marker = layers(chart)[1]
    assert marker["rows"] == [{"pieces": 8}] and marker["mark"]["strokeDash"] == [6, 4]


def test_the_fit_formula_writes_out_the_first_units_with_their_trained_numbers():
    W1, b1 = np.array([[1.2, -0.5, 2.0, 3.0]]), np.array([-0.3, 0.2, 0.0, 1.0])
    W2, b2 = np.array([[-0.83], [0.41], [1.0], [2.0]]), np.array([-0.05])
    tex = figures.fit_formula(W1, b1, W2, b2)
    assert tex.startswith(r"\hat f(x) = \sum_{j=1}^{4} v_j\,\varphi(w_j x + b_j) + c = ")
    assert tex.endswith(
        r"= -0.83\,\varphi(1.2x - 0.3) + 0.41\,\varphi(-0.5x + 0.2) + 1\,\varphi(2x + 0) + \dots - 0.05"
    )
    assert r"\dots" not in figures.fit_formula(W1[:, :1], b1[:1], W2[:1], b2)


def test_the_unit_maps_hold_every_units_output_and_draw_each_shaded_by_its_own_largest_value():
    net = mlp.init_network((2, 3, 2, 2), "tanh", np.random.default_rng(0))
    maps = approximation.unit_maps(net, (-1, 1, -2, 2), resolution=5)
    chart, tables, data = figures.unit_maps(maps.x, maps.y, maps.layers, (2, 1))
    assert len(data) == 5 * 5 * 5 and sorted(set(zip(data.layer, data.unit, strict=True))) == [
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (2, 2),
    ]
    row = data[(data.layer == 2) & (data.unit == 2) & (data.x1 == maps.x[3]) & (data.x2 == maps.y[1])]
    assert_allclose(row.h, [maps.layers[1][1, 3, 1]])
    maps_, ring, hits, header = layers(chart, tables)
    block = 5 + figures.GAP
    picture = pixels(maps_["rows"][0]["url"]).astype(int)
    assert picture.shape == (3 * block - figures.GAP, 2 * block - figures.GAP, 4)  # 3 units high, 2 layers wide
    shown = [(layer, unit) for layer, n in ((1, 3), (2, 2)) for unit in range(1, n + 1)]
    for layer, unit in shown:
        h = maps.layers[layer - 1][:, :, unit - 1]
        square = picture[(unit - 1) * block : (unit - 1) * block + 5, (layer - 1) * block : (layer - 1) * block + 5]
        assert (square[:, :, 3] == 255).all()  # every map opaque
        top = np.abs(h).max()
        for j, i in np.ndindex(5, 5):  # row j from the bottom: drawn 4 - j from the top
            r, _, b = square[4 - j, i, :3]
            # orange (red over blue) where positive, blue where negative; the scale's ends at ±the map's largest |h|
            assert (r > b) == (h[j, i] > 0.02 * top) or abs(h[j, i]) <= 0.02 * top
        ends = square[:, :, :3][np.abs(h[::-1]) == top]
        assert ends.tolist() and all(e.tolist() in ([0x99, 0x4A, 0x07], [0x13, 0x4B, 0x85]) for e in ends)
    gaps = np.ones(picture.shape[:2], bool)
    for layer, unit in shown:
        gaps[(unit - 1) * block : (unit - 1) * block + 5, (layer - 1) * block : (layer - 1) * block + 5] = False
    assert (picture[gaps, 3] == 0).all()  # clear between the maps and where layer 2 has no third unit
    assert [p["name"] for p in chart.to_dict(validate=False)["params"]] == [figures.PICK]
    encoding = maps_["encoding"]
    # the picture's corners on the maps' own scales: a pixel a cell, from the top left corner
    assert [encoding[c]["datum"] for c in ("x", "x2", "y", "y2")] == [0, 2 * block - figures.GAP, 0, 3 * block - 3]
    assert encoding["x"]["scale"] == ring["encoding"]["x"]["scale"] and encoding["y"]["scale"]["reverse"] is True
    assert ring["rows"][0]["cx"] == pytest.approx(block - 0.6)  # the chosen one, layer 2, is outlined
    # A click or a hover finds a unit by a clear rect over its map; the picture itself carries no tooltip.
    assert [(h["layer"], h["unit"], h["cx"], h["cy"], h["cx2"] - h["cx"]) for h in hits["rows"]] == [
        (1, 1, 0, 0, 5), (1, 2, 0, block, 5), (1, 3, 0, 2 * block, 5), (2, 1, block, 0, 5), (2, 2, block, block, 5)
    ]  # fmt: skip
    (pick,) = chart.to_dict(validate=False)["params"]
    assert pick["select"]["fields"] == ["layer", "unit"] and pick["views"] == [hits["name"]]
    assert len(hits["encoding"]["tooltip"]) == 2
    assert maps_["mark"]["tooltip"] is False and "tooltip" not in maps_["encoding"]
    assert [h["text"] for h in header["rows"]] == [EN["inside"]["layer"].format(layer=n) for n in (1, 2)]


def test_the_large_unit_map_is_centred_on_zero_and_its_formula_lists_the_incoming_weights():
    h = np.array([[0.5, -2.0], [1.0, 0.0]])
    chart, tables, data = figures.unit_map(np.array([0.0, 1.0]), np.array([0.0, 1.0]), h, title="u")
    picture, bounds = layers(chart, tables)
    assert [r["h"] for r in bounds["rows"]] == [-2.0, 2.0]  # ±the largest |h|: the colour scale's domain
    colour = bounds["encoding"]["color"]  # the legend's: its domain from the data in the browser, not from the spec
    assert colour["field"] == "h" and colour["scale"] == {"scheme": "blueorange", "nice": False}
    drawn = pixels(picture["rows"][0]["url"])  # the top row first: h[1] above h[0]
    # -2 is the scale's blue end, 0 its middle, 0.5 and 1 a quarter and half way to its orange end
    assert_array_equal(drawn[1, 1], raster.rgb(["134b85"])[0])
    assert_array_equal(drawn[0, 1], raster.rgb(["f2f0eb"])[0])
    assert_array_equal(drawn, raster.ramp((h[::-1] + 2) / 4))
    assert_picture_over_plane(picture, bounds, np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    assert [bounds["encoding"][c]["axis"]["title"] for c in "xy"] == ["x₁", "x₂"]  # the axes: the plane's numbers
    assert_allclose(data.h, h.ravel())
    tex = figures.unit_formula(np.array([-0.5, 2.0]), -0.25, ["x_1", r"\sin x_2"], r"\varphi", name="h_{1,1}")
    assert tex == r"\begin{aligned}h_{1,1} = \varphi\big(&-0.5\,x_1 + 2\,\sin x_2 - 0.25\big)\end{aligned}"
    long = figures.unit_formula(np.arange(1.0, 6.0), 0.5, list("abcde"), r"\varphi", name="h", per_line=3)
    assert long.count(r"\\") == 1 and r"5\,e + 0.5\big)" in long  # six terms, two lines


def test_the_diagram_draws_a_line_per_weight_thick_as_its_size_and_dashed_when_negative():
    weights = (np.array([[0.5, -2.0, 0.0]]), np.array([[1.0, -1.0], [0.25, 0.5], [-0.1, 3.0]]))
    chart, tables, edges = figures.network_diagram(weights, ["x₁"], 2)
    assert len(edges) == 3 + 6
    assert_allclose(edges.weight, np.r_[weights[0].ravel(), weights[1].ravel()])
    assert list(edges.sign) == [EN["inside"][s] for s in ["positive", "negative", "positive", "positive", "negative",
                                                          "positive", "positive", "negative", "positive"]]  # fmt: skip
    lines = layers(chart, tables)[0]
    drawn = derived(lines)
    assert [r["sign"] for r in drawn] == list(edges.sign)
    assert [r["size"] for r in drawn] == pytest.approx(abs(edges.weight), rel=1e-7)  # sent as float32
    encoding = lines["encoding"]
    assert encoding["strokeWidth"]["field"] == "size"  # from 0 to the largest |w|, 3, found in the browser
    assert encoding["strokeWidth"]["scale"] == {"domainMin": 0, "nice": False, "range": list(figures.EDGE_WIDTH)}
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [4, 3]]  # negative: dashed, not colour alone
    assert encoding["color"]["title"] == encoding["strokeDash"]["title"]  # one legend for both
    texts = [r["text"] for layer in layers(chart)[2:] for r in layer["rows"] if r.get("text")]
    assert "x₁" in texts and f"{EN['play']['class']} 1" in texts and EN["inside"]["output"] in texts
