"""Figures of lesson 9: a fit and its units, decision regions, loss curves, activations, depth against width."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from ui import charts, layout, raster
from ui.i18n import t

PAGE = "neural_networks"
HEIGHT = 360
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]
# A chart redrawn while a network trains (ui.charts.draw_live): the chart, made once for its shape on
# named data, this picture's tables by name, and the tidy frame a reader downloads.
LiveFigure = tuple[alt.TopLevelMixin, dict[str, pd.DataFrame], pd.DataFrame]


@charts.figure
def fit(x: np.ndarray, y: np.ndarray, grid: np.ndarray, curve: np.ndarray, *, units: int) -> Figure:
    """The target's samples (grey, dashed) and the network's fit on a grid (blue), on the target's range.

    The y axis spans the target with a quarter of its range to spare, so a fit that overshoots
    shows it without squashing the target.
    """
    names = {"target": t(f"{PAGE}.approx.target"), "fit": t(f"{PAGE}.approx.fit")}
    data = pd.concat(
        [
            pd.DataFrame({"x": x, "y": y, "curve": names["target"]}),
            pd.DataFrame({"x": grid, "y": curve, "curve": names["fit"]}),
        ],
        ignore_index=True,
    )
    low, high = float(np.min(y)), float(np.max(y))
    pad = 0.25 * max(high - low, 1e-6)
    domain = list(names.values())
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=3, clip=True)
        .encode(
            x=alt.X("x:Q", title="x"),
            y=alt.Y("y:Q", title="y", scale=alt.Scale(domain=[low - pad, high + pad], nice=False)),
            color=alt.Color(
                "curve:N",
                scale=alt.Scale(domain=domain, range=[charts.NEUTRAL, charts.PALETTE[0]]),
                title=None,
                legend=charts.bottom_legend(),
            ),
            strokeDash=alt.StrokeDash(
                "curve:N", legend=None, scale=alt.Scale(domain=domain, range=[charts.DASH, [1, 0]])
            ),
        )
    )
    return chart.properties(title=t(f"{PAGE}.approx.fit_title", units=units), height=HEIGHT), data


@charts.figure
def hidden_units(grid: np.ndarray, parts: np.ndarray, curve: np.ndarray) -> Figure:
    """Each hidden unit's contribution vⱼ φ(wⱼ x + bⱼ) as a thin line, and their sum, the fit, thick, dashed blue.

    The fit is blue as on the fit chart beside it, so the units take the other colours; no mark is
    black, which a dark theme would hide. Each unit has its dash too, to follow one line through the others
    without telling colours apart.

    ``parts`` is (g, N): one column per unit on the g points of ``grid``.
    """
    count = parts.shape[1]
    data = pd.DataFrame(
        {"x": np.tile(grid, count), "y": parts.T.ravel(), "unit": np.repeat(np.arange(1, count + 1), len(grid))}
    )
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=1.5, opacity=0.8, clip=True)
        .encode(
            x=alt.X("x:Q", title="x"),
            y=alt.Y("y:Q", title="vⱼ φ(wⱼ x + bⱼ)"),
            color=alt.Color("unit:N", legend=None, scale=alt.Scale(range=charts.PALETTE[1:])),
            strokeDash=alt.StrokeDash("unit:N", legend=None, scale=alt.Scale(range=charts.DASHES)),
            tooltip=[alt.Tooltip("unit:N", title=t(f"{PAGE}.approx.unit"))],
        )
    )
    total = (
        alt.Chart(pd.DataFrame({"x": grid, "y": curve}))
        .mark_line(color=charts.PALETTE[0], strokeWidth=3, strokeDash=[4, 2])
        .encode(x="x:Q", y="y:Q")
    )
    return (lines + total).properties(title=t(f"{PAGE}.approx.bumps_title"), height=HEIGHT), data


def fit_formula(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray, *, shown: int = 3) -> str:
    """The trained one-hidden-layer network f̂(x) = Σⱼ vⱼ φ(wⱼ x + bⱼ) + c as LaTeX, with its numbers.

    ``W1`` (1, N) and ``b1`` (N,) are the hidden layer's weights wⱼ and biases bⱼ, ``W2`` (N, 1) and
    ``b2`` (1,) the output's vⱼ and c. The first ``shown`` units are written out, the rest elided.
    """
    num = layout.tex_num
    units = W1.shape[1]

    def signed(value: float) -> str:
        return f"- {num(-value)}" if num(value).startswith("-") else f"+ {num(value)}"

    terms = [
        rf"{signed(v)}\,\varphi({num(w)}x {signed(b)})"
        for v, w, b in zip(W2[:shown, 0], W1[0, :shown], b1[:shown], strict=True)
    ]
    body = " ".join(terms).removeprefix("+ ")
    body = "-" + body[2:] if body.startswith("- ") else body
    more = r" + \dots" if units > shown else ""
    return rf"\hat f(x) = \sum_{{j=1}}^{{{units}}} v_j\,\varphi(w_j x + b_j) + c = {body}{more} {signed(b2[0])}"


def decision_regions(
    x: np.ndarray,
    y: np.ndarray,
    winner: np.ndarray,
    confidence: np.ndarray,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    classes: int,
) -> LiveFigure:
    """The decision regions as a picture, with the training points (filled) and the test points (hollow) on top.

    ``x`` and ``y`` are the grid's centres, ``winner`` and ``confidence`` its (r, r) most probable
    class and that class's probability; ``train`` and ``test`` are (points (n, 2), classes (n,)).
    A live figure: the chart is made once for the grid and the points, the regions are its table
    ``ui.charts.PICTURE`` (:func:`ui.charts.class_picture`, a pixel a grid point); the tidy frame holds the points.
    """
    chart, points = _regions_chart(x, y, train, test, classes)
    return chart, {charts.PICTURE: charts.class_picture(winner, confidence, classes)}, points


@charts.figure
def _regions_chart(
    x: np.ndarray,
    y: np.ndarray,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    classes: int,
) -> Figure:
    """The regions' picture over the plane, a pixel around each grid point, under the points (fixed as it trains)."""
    xs, ys = charts.cell_scale(x), charts.cell_scale(y)
    regions = _over_plane(xs, ys, themed=True)
    kinds = {"train": t(f"{PAGE}.play.train"), "test": t(f"{PAGE}.play.test")}
    points = pd.concat(
        [
            pd.DataFrame({"x": X[:, 0].round(3), "y": X[:, 1].round(3), "class": labels, "set": kinds[kind]})
            for (X, labels), kind in ((train, "train"), (test, "test"))
        ],
        ignore_index=True,
    )
    palette = alt.Scale(domain=list(range(classes)), range=charts.PALETTE[:classes])
    title, legend = t(f"{PAGE}.play.class"), charts.bottom_legend()
    dots = (
        alt.Chart(points)
        .mark_point(size=36, strokeWidth=1.5, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=xs, title="x₁"),
            y=alt.Y("y:Q", scale=ys, title="x₂"),
            color=alt.Color("class:N", scale=palette, title=title, legend=legend),
            fill=alt.condition(
                alt.datum.set == kinds["train"], alt.Color("class:N", scale=palette, legend=None), alt.value("white")
            ),  # filled and hollow: the intro says which is which
            shape=alt.Shape("class:N", scale=charts.shapes(list(range(classes))), title=title, legend=legend),
            tooltip=[
                alt.Tooltip("set:N", title=t(f"{PAGE}.play.dataset")),
                alt.Tooltip("class:N", title=t(f"{PAGE}.play.class")),
            ],
        )
    )
    return charts.square(regions + dots), points


def _over_plane(xs: alt.Scale, ys: alt.Scale, *, themed: bool = False) -> alt.Chart:
    """A picture (:func:`ui.charts.picture`) over the whole plot of the plane, from corner to corner of its scales."""
    (x0, x1), (y0, y1) = xs.domain, ys.domain
    return charts.picture(
        alt.X(datum=x0, scale=xs), alt.X2(datum=x1), alt.Y(datum=y0, scale=ys), alt.Y2(datum=y1), themed=themed
    )


LOSSES = "losses"  # the name of the loss curves' table


def loss_curves(
    epoch: np.ndarray, losses: dict[str, np.ndarray], *, title: str, y_title: str, most: int = 150
) -> LiveFigure:
    """Losses against the epoch, one line per named set, on a log scale; at most ``most`` points a line.

    The points kept are spaced geometrically (dense at the start, where a loss falls fastest),
    so the data sent stays small however long the training runs. A live figure: the chart is
    made once for the sets' names and the titles, the curves are its table ``LOSSES`` and the tidy frame.
    """
    kept = charts.sample(len(epoch), most, log=True)
    data = pd.concat(
        [
            pd.DataFrame({"epoch": np.asarray(epoch, dtype=int)[kept], "loss": np.asarray(values)[kept], "set": name})
            for name, values in losses.items()
        ],
        ignore_index=True,
    )
    return _losses_chart(list(losses), title=title, y_title=y_title), {LOSSES: data}, data


@charts.figure
def _losses_chart(names: list[str], *, title: str, y_title: str) -> alt.Chart:
    """The loss curves on the named table ``LOSSES``: the axes follow the data inside Vega."""
    legend = charts.dash_legend()
    return (
        alt.Chart(alt.NamedData(LOSSES))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("epoch:Q", title=t(f"{PAGE}.play.epoch"), scale=alt.Scale(domainMin=0)),
            y=alt.Y("loss:Q", title=y_title, scale=alt.Scale(type="log")),
            color=alt.Color("set:N", scale=charts.colors(names), title=None, legend=legend),
            strokeDash=alt.StrokeDash("set:N", scale=charts.dashes(names), title=None, legend=legend),
            tooltip=[
                alt.Tooltip("set:N", title=t("charts.curve")),
                alt.Tooltip("epoch:Q", title=t(f"{PAGE}.play.epoch")),
                alt.Tooltip("loss:Q", format=".4f", title=y_title),
            ],
        )
        .properties(title=title, height=420)
    )


@charts.figure
def activations(
    z: np.ndarray,
    values: np.ndarray,
    slopes: np.ndarray,
    names: list[str],
    chosen: int,
    here: tuple[float, float, float],
) -> tuple[list[alt.LayerChart], pd.DataFrame]:
    """Every activation φ(z) (left) and its slope φ′(z) (right), the chosen one bold, with a dot at z₀.

    ``values`` and ``slopes`` are (k, n): one row per activation named in ``names``, ``chosen`` the
    row to stress, and ``here`` = (z₀, φ(z₀), φ′(z₀)) for the chosen one.
    """
    data = pd.DataFrame(
        {
            "z": np.tile(z, len(names)),
            "value": values.ravel(),
            "slope": slopes.ravel(),
            "activation": np.repeat(names, len(z)),
            "chosen": np.repeat(np.arange(len(names)) == chosen, len(z)),
        }
    )
    legend = charts.dash_legend(columns=3)
    color = alt.Color("activation:N", scale=charts.colors(names), title=None, legend=legend)
    dash = alt.StrokeDash("activation:N", scale=charts.dashes(names), title=None, legend=legend)
    panels = []
    for field, axis, domain, point in (("value", "φ(z)", [-1.5, 4], here[1]), ("slope", "φ′(z)", [-0.1, 1.2], here[2])):
        lines = (
            alt.Chart(data)
            .mark_line(clip=True)
            .encode(
                x=alt.X("z:Q", title="z"),
                y=alt.Y(f"{field}:Q", title=axis, scale=alt.Scale(domain=domain, nice=False)),
                color=color,
                strokeDash=dash,
                strokeWidth=alt.condition("datum.chosen", alt.value(4), alt.value(1.5)),
                opacity=alt.condition("datum.chosen", alt.value(1), alt.value(0.45)),
            )
        )
        dot = (
            alt.Chart(pd.DataFrame({"z": [here[0]], field: [point]}))
            .mark_point(size=150, filled=True, opacity=1, color="black", stroke="white", strokeWidth=1.5)
            .encode(x="z:Q", y=f"{field}:Q")
        )
        panels.append((lines + dot).properties(title=t(f"{PAGE}.activations.{field}_title"), height=HEIGHT))
    return panels, data


@charts.figure
def sawtooth(x: np.ndarray, y: np.ndarray, *, layers: int, pieces: int, every: int = 4) -> Figure:
    """The deep tent network's output on [0, 1]: a sawtooth (every ``every``-th point is drawn)."""
    data = pd.DataFrame({"x": x[::every], "y": y[::every]})
    chart = (
        alt.Chart(data)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2)
        .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="ŷ", scale=alt.Scale(domain=[0, 1])))
    )
    return chart.properties(title=t(f"{PAGE}.depth.curve_title", layers=layers, pieces=pieces), height=HEIGHT), data


@charts.figure
def depth_costs(pieces: np.ndarray, deep: np.ndarray, shallow: np.ndarray, now: int) -> Figure:
    """Parameters against linear pieces for the deep and the shallow network, log–log.

    A dashed marker stands at the pieces of the network shown.
    """
    names = [t(f"{PAGE}.depth.deep"), t(f"{PAGE}.depth.shallow")]
    data = pd.DataFrame(
        {
            "pieces": np.r_[pieces, pieces],
            "parameters": np.r_[deep, shallow],
            "network": np.repeat(names, len(pieces)),
        }
    )
    legend = charts.dash_legend(columns=1, labelLimit=320)  # Vega's default limit cut the shallow one
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("pieces:Q", scale=alt.Scale(type="log", base=2), title=t(f"{PAGE}.depth.pieces_axis")),
            y=alt.Y("parameters:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.depth.parameters_axis")),
            color=alt.Color("network:N", scale=charts.colors(names), title=None, legend=legend),
            strokeDash=alt.StrokeDash("network:N", scale=charts.dashes(names), title=None, legend=legend),
            tooltip=[
                alt.Tooltip("network:N", title=t("charts.curve")),
                alt.Tooltip("pieces:Q", title=t(f"{PAGE}.depth.piece_count")),
                alt.Tooltip("parameters:Q", title=t(f"{PAGE}.depth.parameters")),
            ],
        )
    )
    chart = lines + charts.marker(now, "pieces")
    return chart.properties(title=t(f"{PAGE}.depth.cost_title"), height=HEIGHT), data


# --- Inside the network: every hidden unit, and the weights between them --------------------------------

PICK = "unit"  # the name of the unit maps' click selection: the unit shown large
DIVERGING = "blueorange"  # colour-blind safe, and readable on a light and a dark background
FEATURE_TEX = {
    "x1": "x_1", "x2": "x_2", "x1sq": "x_1^2", "x2sq": "x_2^2", "x1x2": "x_1 x_2", "sin1": r"\sin x_1",
    "sin2": r"\sin x_2",
}  # fmt: skip
GAP = 3  # empty cells between two unit maps
MAP_HEIGHT = 560  # px: the tallest the grid of unit maps grows

CHOSEN = "chosen"  # the name of the unit maps' table holding the outline of the unit shown large


def unit_maps(x: np.ndarray, y: np.ndarray, layers: tuple[np.ndarray, ...], chosen: tuple[int, int]) -> LiveFigure:
    """Every hidden unit's output over the plane as a small map: a column per layer, a unit per row.

    ``layers[l]`` is (r, r, n_l), hidden layer l + 1 on the grid ``x`` (r,) by ``y`` (r,), rows from
    the bottom up. Each map is shaded by its own largest |h|, orange positive and blue negative; the
    ``chosen`` (layer, unit), both from 1, is outlined. A click on a map selects it (selection
    ``PICK``, fields ``layer`` and ``unit``). A live figure, made once for the layers' sizes: its
    tables are the maps as one picture (``ui.charts.PICTURE``, :func:`map_pixels`) and the outline
    (``CHOSEN``); the tidy frame holds the values h at (x₁, x₂).
    """
    r = len(x)
    block = r + GAP
    frames = []
    for l, h in enumerate(layers, start=1):  # noqa: E741 (l is the layer)
        n = h.shape[2]
        unit = np.repeat(np.arange(1, n + 1), r * r)  # map by map, each row by row from the bottom
        plane = {"x1": np.tile(x, r * n), "x2": np.tile(np.repeat(y, r), n)}
        frames.append(pd.DataFrame({"layer": l, "unit": unit} | plane | {"h": h.transpose(2, 0, 1).ravel()}))
    l, u = chosen  # noqa: E741
    outline = pd.DataFrame({"cx": [(l - 1) * block - 0.6], "cx2": [(l - 1) * block + r + 0.6],
                            "cy": [(u - 1) * block - 0.6], "cy2": [(u - 1) * block + r + 0.6]})  # fmt: skip
    chart = _unit_maps_chart(r, tuple(h.shape[2] for h in layers))
    picture = pd.DataFrame({"url": [raster.data_url(map_pixels(layers))]})
    return chart, {charts.PICTURE: picture, CHOSEN: outline}, pd.concat(frames, ignore_index=True)


def map_pixels(layers: tuple[np.ndarray, ...]) -> np.ndarray:
    """The unit maps as one RGBA picture, a pixel a grid point: a column of maps per layer, GAP clear pixels apart.

    Layer l's unit u (from 1), ``layers[l - 1][:, :, u - 1]`` (r, r) with rows from the bottom up, is
    the r × r square whose top left pixel is ((u - 1)(r + GAP), (l - 1)(r + GAP)) (row, column), each
    value h coloured on the diverging scale at h / its map's largest |h| (0 in the middle); the rest is clear.
    """
    r, block = layers[0].shape[0], layers[0].shape[0] + GAP
    most = max(h.shape[2] for h in layers)
    pixels = np.zeros((most * block - GAP, len(layers) * block - GAP, 4), np.uint8)  # clear
    for l, h in enumerate(layers):  # noqa: E741 (l is the layer)
        scale = np.abs(h).max(axis=(0, 1))  # (n,): each map's own largest |h|
        colours = raster.ramp((h / np.where(scale > 0, scale, 1) + 1) / 2)[::-1]  # (r, r, n, 3), top row first
        for u in range(h.shape[2]):
            square = pixels[u * block : u * block + r, l * block : l * block + r]  # a view: filled in place
            square[:, :, :3], square[:, :, 3] = colours[:, :, u], 255
    return pixels


@charts.figure
def _unit_maps_chart(r: int, sizes: tuple[int, ...]) -> alt.LayerChart:
    """The unit maps of r × r cells for hidden layers of ``sizes`` units, on the tables ``PICTURE`` and ``CHOSEN``."""
    block, most = r + GAP, max(sizes)
    px = int(np.clip(MAP_HEIGHT // (most * block), 2, 4))  # whole pixels a cell: sharp, the same size every one
    x_scale = alt.Scale(domain=[0, len(sizes) * block - GAP], nice=False)
    y_scale = alt.Scale(domain=[-4, most * block], nice=False, reverse=True)  # as many cells as the height
    # The maps, a pixel a cell of each, from the top left corner: cell (cx, cy) covers [cx, cx + 1] × [cy, cy + 1].
    maps = charts.picture(
        alt.X(datum=0, scale=x_scale, axis=None),
        alt.X2(datum=len(sizes) * block - GAP),
        alt.Y(datum=0, scale=y_scale, axis=None),
        alt.Y2(datum=most * block - GAP),
    )
    numbers = range(1, len(sizes) + 1)
    heads = pd.DataFrame({"cx": [(n - 0.5) * block - GAP / 2 for n in numbers], "cy": -2.0})
    heads["text"] = [t(f"{PAGE}.inside.layer", layer=n) for n in numbers]
    header = (
        alt.Chart(heads)
        .mark_text(fontSize=12, baseline="bottom", color=charts.NEUTRAL)
        .encode(x=alt.X("cx:Q", scale=x_scale, axis=None), y=alt.Y("cy:Q", scale=y_scale, axis=None), text="text:N")
    )
    ring = (
        alt.Chart(alt.NamedData(CHOSEN))
        .mark_rect(fillOpacity=0, stroke=charts.PALETTE[3], strokeWidth=2.5, tooltip=False)
        .encode(
            x=alt.X("cx:Q", scale=x_scale, axis=None), x2="cx2:Q", y=alt.Y("cy:Q", scale=y_scale, axis=None), y2="cy2:Q"
        )
    )
    pick = alt.selection_point(name=PICK, on="click", fields=["layer", "unit"], clear=False)
    layer, unit = np.repeat(numbers, sizes), np.concatenate([np.arange(1, n + 1) for n in sizes])
    units = pd.DataFrame({"layer": layer, "unit": unit, "cx": (layer - 1) * block, "cy": (unit - 1) * block})
    hits = (  # one clear rect over each map, which does not change while it trains: its name, and a click on it
        alt.Chart(units.assign(cx2=units.cx + r, cy2=units.cy + r))
        .mark_rect(fill=charts.NEUTRAL, fillOpacity=0, cursor="pointer")
        .encode(
            x=alt.X("cx:Q", scale=x_scale, axis=None),
            x2="cx2:Q",
            y=alt.Y("cy:Q", scale=y_scale, axis=None),
            y2="cy2:Q",
            tooltip=[
                alt.Tooltip("layer:O", title=t(f"{PAGE}.inside.layer_axis")),
                alt.Tooltip("unit:O", title=t(f"{PAGE}.inside.unit_axis")),
            ],
        )
        .add_params(pick)
    )
    chart = (maps + ring + hits + header).properties(
        width=round(px * (len(sizes) * block - GAP)), height=round(px * (most * block + 4)),
        autosize=alt.AutoSizeParams(type="pad"),
    )  # fmt: skip
    return chart.configure_view(stroke=None)


BOUNDS = "bounds"  # the name of the large unit map's table of ±its largest |h|


def unit_map(x: np.ndarray, y: np.ndarray, h: np.ndarray, *, title: str) -> LiveFigure:
    """One hidden unit's output h (r, r) over the plane, large, on a diverging scale centred on 0, with its legend.

    A live figure, made once for the grid ``x`` (r,) by ``y`` (r,) and the title: its tables are the
    picture (``ui.charts.PICTURE``: a pixel a grid point, h coloured at h / max|h| with 0 in the
    middle of the scale) and ±the largest |h| (``BOUNDS``), which set the legend's colour scale
    inside Vega, centred on 0; the tidy frame holds h at (x₁, x₂).
    """
    top = float(np.abs(h).max()) or 1.0
    pixels = raster.ramp((h / top + 1) / 2)[::-1]  # (r, r, 3), top row first
    tables = {
        charts.PICTURE: pd.DataFrame({"url": [raster.data_url(pixels)]}),
        BOUNDS: pd.DataFrame({"h": np.array([-top, top], dtype=np.float32)}),
    }
    data = pd.DataFrame({"x1": np.tile(x, len(y)).round(4), "x2": np.repeat(y, len(x)).round(4), "h": h.ravel()})
    return _unit_map_chart(x, y, title=title), tables, data


@charts.figure
def _unit_map_chart(x: np.ndarray, y: np.ndarray, *, title: str) -> alt.LayerChart:
    """The large unit map on the tables ``PICTURE`` and ``BOUNDS``: its picture over the plane, axes in x₁ and x₂."""
    xs, ys = charts.cell_scale(x), charts.cell_scale(y)
    colour = alt.Color(
        "h:Q",
        scale=alt.Scale(scheme=DIVERGING, nice=False),
        title="h",
        legend=charts.bottom_legend(gradientLength=220, format=".2~g"),
    )
    # ±top, drawn nowhere (a rect keeps the legend a gradient): the colour scale's domain, centred on 0; and the axes
    bounds = (
        alt.Chart(alt.NamedData(BOUNDS))
        .mark_rect(opacity=0, tooltip=False)
        .encode(
            color=colour,
            x=alt.X(datum=float(x[0]), scale=xs, axis=alt.Axis(title="x₁")),
            y=alt.Y(datum=float(y[0]), scale=ys, axis=alt.Axis(title="x₂")),
        )
    )
    return charts.square(_over_plane(xs, ys) + bounds).properties(title=title)


def unit_formula(w: np.ndarray, b: float, inputs: list[str], activation: str, *, name: str, per_line: int = 3) -> str:
    """A unit's output ``name`` = φ(Σᵢ wᵢ inputᵢ + b) as LaTeX with its incoming weights ``w`` (n,) and bias ``b``.

    ``inputs`` are the n inputs' TeX names, ``activation`` the TeX name of φ; ``per_line`` terms a line,
    so that sixteen weights fit a narrow screen.
    """
    num = layout.tex_num
    terms = [f"{'-' if v < 0 else '+'} {num(abs(v))}\\,{x}" for v, x in zip(w, inputs, strict=True)]
    terms.append(f"{'-' if b < 0 else '+'} {num(abs(b))}")
    terms[0] = "-" + terms[0][2:] if terms[0].startswith("- ") else terms[0].removeprefix("+ ")
    lines = [" ".join(terms[k : k + per_line]) for k in range(0, len(terms), per_line)]
    body = r" \\ &\quad ".join(lines)
    return rf"\begin{{aligned}}{name} = {activation}\big(&{body}\big)\end{{aligned}}"


EDGE_WIDTH = (0.4, 6.0)  # px: the thinnest and the thickest connection
NODE_GAP = 24  # px between two units of a layer
LAYER_GAP = 130  # px between two layers


def _centred(n: int) -> np.ndarray:
    """The heights of a layer's n units, one apart and centred on 0, the first on top."""
    return np.arange(n) - (n - 1) / 2


def _nodes(sizes: tuple[int, ...]) -> pd.DataFrame:
    """Every unit's place: ``layer`` 0 (the inputs) to L (the outputs), ``y`` centred, the first unit on top."""
    return pd.DataFrame(
        {"layer": np.repeat(np.arange(len(sizes)), sizes), "unit": np.concatenate([np.arange(n) for n in sizes]),
         "y": np.concatenate([_centred(n) for n in sizes])}
    )  # fmt: skip


EDGES = "edges"  # the name of the diagram's table of weights


def network_diagram(weights: tuple[np.ndarray, ...], inputs: list[str], classes: int) -> LiveFigure:
    """The network as units in columns (features, hidden layers, output) joined by one line per weight.

    ``weights[l]`` is W_l, (n_l, n_{l+1}); ``inputs`` are the features' names. A line's thickness
    follows |w| (the largest weight drawn thickest), its colour and dash its sign: orange and solid
    positive, blue and dashed negative, as the legend says. The output units take their class's colour.
    A live figure, made once for the layers' sizes and the names: its table ``EDGES`` holds each
    line's layer, the heights of its two ends and its weight; the tidy frame each weight's layer,
    units and sign.
    """
    sizes = (weights[0].shape[0], *(W.shape[1] for W in weights))

    def each(part) -> np.ndarray:  # one entry per weight: layer by layer, row by row of each W
        return np.concatenate([part(k, *W.shape) for k, W in enumerate(weights)])

    layer = each(lambda k, n, m: np.full(n * m, k))
    weight = each(lambda k, n, m: weights[k].ravel())
    y = each(lambda k, n, m: np.repeat(_centred(n), m)).astype(np.float32)
    y2 = each(lambda k, n, m: np.tile(_centred(m), n)).astype(np.float32)
    lines = pd.DataFrame({"layer": layer.astype(np.int8), "y": y, "y2": y2, "weight": weight.astype(np.float32)})
    signs = np.array([t(f"{PAGE}.inside.positive"), t(f"{PAGE}.inside.negative")])
    tidy = pd.DataFrame(
        {
            "layer": layer,
            "from": each(lambda k, n, m: np.repeat(np.arange(1, n + 1), m)),
            "to": each(lambda k, n, m: np.tile(np.arange(1, m + 1), n)),
            "weight": weight,
            "sign": signs[(weight < 0).astype(int)],
        }
    )
    return _diagram_chart(sizes, inputs, classes), {EDGES: lines}, tidy


@charts.figure
def _diagram_chart(sizes: tuple[int, ...], inputs: list[str], classes: int) -> alt.LayerChart:
    """The diagram's lines on the table ``EDGES``, their sign and thickness worked out inside Vega."""
    signs = {1: t(f"{PAGE}.inside.positive"), -1: t(f"{PAGE}.inside.negative")}
    half = (max(sizes) - 1) / 2 + 0.6
    x_scale = alt.Scale(domain=[-0.9, len(sizes) - 1 + 0.9], nice=False)
    y_scale = alt.Scale(domain=[-half - 0.9, half], nice=False, reverse=True)
    domain = list(signs.values())
    legend = charts.bottom_legend(symbolType="stroke", symbolStrokeWidth=2.5)  # colour and dash in one legend
    title = t(f"{PAGE}.inside.weight")
    lines = (
        alt.Chart(alt.NamedData(EDGES))
        .transform_calculate(
            layer2="datum.layer + 1", size="abs(datum.weight)",
            sign=f"datum.weight < 0 ? {json.dumps(signs[-1])} : {json.dumps(signs[1])}",
        )  # fmt: skip
        .mark_rule(opacity=0.85)
        .encode(
            x=alt.X("layer:Q", scale=x_scale, axis=None),
            x2="layer2:Q",
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            y2="y2:Q",
            color=alt.Color("sign:N", scale=alt.Scale(domain=domain, range=[charts.PALETTE[1], charts.PALETTE[0]]),
                            title=title, legend=legend),
            strokeDash=alt.StrokeDash("sign:N", scale=alt.Scale(domain=domain, range=[[1, 0], [4, 3]]), title=title,
                                      legend=legend),
            # from 0 to the largest |w| of this picture, found by Vega: the spec stays the same as it trains
            strokeWidth=alt.StrokeWidth("size:Q", scale=alt.Scale(domainMin=0, nice=False, range=list(EDGE_WIDTH)),
                                        legend=None),
            tooltip=[alt.Tooltip("weight:Q", format=".3f", title=title)],
        )
    )  # fmt: skip
    return _diagram(lines, _nodes(sizes), sizes, inputs, classes).properties(
        width=LAYER_GAP * (len(sizes) + 0.8), height=NODE_GAP * (2 * half + 0.9)
    )


def _diagram(
    lines: alt.Chart, nodes: pd.DataFrame, sizes: tuple[int, ...], inputs: list[str], classes: int
) -> alt.LayerChart:
    """The lines under the units, the inputs' names on the left, the classes on the right, a head per column.

    Words in mid grey: readable on the light and the dark theme alike.
    """
    last = len(sizes) - 1
    nodes = nodes.assign(kind=np.where(nodes.layer == last, nodes.unit, -1))
    nodes["text"] = ""
    nodes.loc[nodes.layer == 0, "text"] = inputs
    nodes.loc[nodes.layer == last, "text"] = [f"{t(f'{PAGE}.play.class')} {k}" for k in range(classes)]
    colours = alt.Scale(domain=[-1, *range(classes)], range=[charts.NEUTRAL, *charts.PALETTE[:classes]])
    base = alt.Chart(nodes).encode(x="layer:Q", y="y:Q")
    dots = base.mark_circle(size=110, opacity=1, stroke="white", strokeWidth=1).encode(
        fill=alt.Fill("kind:N", scale=colours, legend=None)  # fill, not colour: the lines' legend stays theirs
    )
    left = (
        base.transform_filter("datum.layer == 0")
        .mark_text(align="right", dx=-10, fontSize=12, color=charts.NEUTRAL)
        .encode(text="text:N")
    )
    right = (
        base.transform_filter(f"datum.layer == {last}")
        .mark_text(align="left", dx=10, fontSize=12, color=charts.NEUTRAL)
        .encode(text="text:N")
    )
    heads = pd.DataFrame({"layer": range(last + 1), "y": nodes.y.min() - 0.9})
    heads["text"] = [t(f"{PAGE}.play.features")] + [t(f"{PAGE}.inside.layer", layer=n) for n in range(1, last)] + [
        t(f"{PAGE}.inside.output")
    ]  # fmt: skip
    header = (
        alt.Chart(heads)
        .mark_text(fontSize=12, fontWeight="bold", color=charts.NEUTRAL)
        .encode(x="layer:Q", y="y:Q", text="text:N")
    )
    return (lines + dots + left + right + header).configure_view(stroke=None)
