"""Altair chart builders in the house style, and how a chart reaches the screen.

Charts are drawn with Streamlit's theme, which follows the reader's light or
dark setting; colours come from the Okabe-Ito palette, which stays distinct
for colour-blind readers.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from ui import perf, present, raster
from ui.i18n import current, lookup, t

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
NEUTRAL = "#999999"
# Text on the page's background: its own text colour in either theme. A palette colour cannot be read on
# both: #D55E00 has 3.9:1 on white, and a colour with 4.5:1 on white has under 4.5:1 on the dark theme's ground.
TEXT = "currentColor"
DASH = [6, 4]  # the dash of a marker line or of a curve drawn for reference
# Series told apart by more than colour (a reader who cannot tell the palette apart, a grey print-out): each
# line its own dash, each group of points its own shape, in the order of the palette. Ten of each: the ten
# features of the diabetes data, the ten digits; with the palette's seven colours no pair repeats before 70.
DASHES = [[1, 0], DASH, [2, 2], [10, 3, 2, 3], [12, 4], [6, 2, 1, 2, 1, 2], [1, 4], [16, 4, 4, 4], [4, 1], [8, 3, 1, 3]]
SHAPES = [
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
    "wedge",
    "arrow",
]
PADDING = {"top": 10, "bottom": 5, "left": 5, "right": 5}  # px around a chart: Vega-Lite's 5, and more above


def bottom_legend(**kwargs: object) -> alt.Legend:
    """A legend under the plot, where it never squeezes a narrow chart."""
    return alt.Legend(orient="bottom", **kwargs)


def dash_legend(**kwargs: object) -> alt.Legend:
    """A legend under the plot whose symbols are lines long enough to show each series' dash (:func:`dashes`)."""
    shown = {"orient": "bottom", "symbolType": "stroke", "symbolSize": 256, "symbolStrokeWidth": 2, "symbolOpacity": 1}
    return alt.Legend(**(shown | kwargs))


def marker(value: float, field: str, *, axis: str = "x", color: str = NEUTRAL, **encodings: object) -> alt.Chart:
    """A dashed line across the plot at ``value`` (a threshold, the current setting, a mean).

    ``axis="x"`` draws it upright at x = value, ``"y"`` level at y = value; ``field`` names the
    value in the chart's data and tooltip, and ``encodings`` adds channels such as ``tooltip``.
    """
    data = pd.DataFrame({field: [value]})
    return (
        alt.Chart(data)
        .mark_rule(color=color, strokeDash=DASH, strokeWidth=2)
        .encode(**{axis: f"{field}:Q"}, **encodings)
    )


def colors(domain: list[str]) -> alt.Scale:
    """A nominal colour scale that gives each value of ``domain`` a palette colour."""
    return alt.Scale(domain=domain, range=PALETTE[: len(domain)])


def dashes(domain: list[str]) -> alt.Scale:
    """A strokeDash scale that gives each value of ``domain`` its own dash, the first one solid."""
    return alt.Scale(domain=domain, range=[DASHES[i % len(DASHES)] for i in range(len(domain))])


def shapes(domain: list[str]) -> alt.Scale:
    """A shape scale that gives each value of ``domain`` its own point shape, the first one a circle."""
    return alt.Scale(domain=domain, range=[SHAPES[i % len(SHAPES)] for i in range(len(domain))])


# --- Figures shared by every reader -----------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])
SHARED_FIGURES = 96  # built figures kept per server: a page has at most 28 charts, each a few tens of kB
_shared = perf.Shared(SHARED_FIGURES)


def figure(build: F) -> F:
    """Build a figure once per server for the same inputs and language, and share it with every reader.

    A class opens a page in its default state: every reader's run would build the same charts, and
    building them is most of what a run costs (Altair's objects, their spec, their tables; profiled
    with py-spy). The figure is kept by a fingerprint of its arguments (:func:`fingerprint`), in a
    small LRU; :func:`draw` keeps the spec of a kept chart, so a hit costs neither. Builders take
    everything they draw as arguments and words from the locale, so inputs and language decide the
    figure; one given something without a fingerprint is built afresh.
    """

    @functools.wraps(build)
    def shared(*args: Any, **kwargs: Any) -> Any:
        try:
            key = (build.__module__, build.__qualname__, current(), fingerprint(args), fingerprint(kwargs))
        except TypeError:
            return build(*args, **kwargs)
        kept = _shared.get(key)
        if kept is not None:
            return kept
        built = build(*args, **kwargs)
        for chart in _charts_in(built):
            object.__setattr__(chart, "_mathdl_shared", True)  # kept out of Altair's own attributes
        return _shared.put(key, built)

    return shared  # type: ignore[return-value]


def fingerprint(value: Any) -> Any:
    """A hashable digest of a builder's argument: its numbers' bytes, not its identity; TypeError if unknown."""
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic)):
        return (type(value).__name__, value)
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return ("array", data.shape, data.dtype.str, hashlib.blake2b(data.reshape(-1).view(np.uint8)).hexdigest())
    if isinstance(value, pd.DataFrame):
        cells = pd.util.hash_pandas_object(value, index=True).to_numpy()
        return ("frame", tuple(map(str, value.columns)), tuple(map(str, value.dtypes)), fingerprint(cells))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *map(fingerprint, value))
    if isinstance(value, dict):
        return ("dict", *((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, *(fingerprint(getattr(value, f.name)) for f in fields))
    raise TypeError(f"no fingerprint for {type(value).__name__}")


def _charts_in(built: Any) -> list[alt.TopLevelMixin]:
    """The charts inside a builder's result: a chart, or charts in tuples, lists and dicts."""
    if isinstance(built, alt.TopLevelMixin):
        return [built]
    if isinstance(built, (list, tuple)):
        return [c for item in built for c in _charts_in(item)]
    if isinstance(built, dict):
        return [c for item in built.values() for c in _charts_in(item)]
    return []


def show(chart: alt.TopLevelMixin, data: pd.DataFrame, *, name: str, width: str = "stretch") -> None:
    """Draw a chart, with its data offered as a CSV download below it.

    ``width="content"`` keeps the chart's own size: pictures of the plane stay square.
    """
    draw(chart, width=width)
    download(data, name=name)


def draw(chart: alt.TopLevelMixin, *, width: str = "stretch", canvas: bool = False, **selection: Any) -> None:
    """Send a chart to the browser, drawn as SVG, or on a ``canvas`` when it has thousands of marks.

    The chart's own schema check is skipped: the builders here are fixed code, and the
    check costs about 40 ms a chart on every slider move (measured in benchmarks/). ``selection`` is
    ``on_select``, ``key`` and ``selection_mode`` for a chart the reader clicks. Its
    tables go to Streamlit as Arrow, which Streamlit sends anyway, instead of through
    Altair's JSON records (half of what building a chart cost, measured with cProfile).
    """
    text, tables = _spec(chart)
    _send(text, tables, width=width, canvas=canvas, **selection)


def draw_live(chart: alt.TopLevelMixin, tables: Mapping[str, pd.DataFrame], **options: Any) -> None:
    """Draw a chart made on named data (``alt.NamedData(name)``) with this picture's ``tables``, by name.

    For a picture redrawn several times a second, such as page 9's playground while it trains. The
    chart comes from a :func:`figure` builder given only what shapes it (sizes, words, the plane's
    extent), so its spec is made once and every picture costs only its tables, as Arrow: building
    the Altair charts anew cost page 9's training picture 90 ms of its 200 (py-spy). The spec stays
    the same, so the browser swaps the data in place too. Scale domains that follow the numbers
    come from the data inside Vega, never written into the spec. A table named ``PICTURE`` (one
    row, the latest picture of an image mark, see :func:`picture`) goes with the few before it
    (:func:`recent_pictures`). ``options`` are :func:`draw`'s.
    """
    text, kept = _spec(chart)
    if PICTURE in tables:
        kept_pictures = st.session_state.setdefault("_pictures", {})  # the reader's, across reruns
        tables = {**tables, PICTURE: recent_pictures(kept_pictures, text, tables[PICTURE])}
    _send(text, kept | {name: perf.arrow_bytes(frame) for name, frame in tables.items()}, **options)


PICTURE = "picture"  # the name of a live chart's table of pictures for its image mark (see picture)
ANCHOR = 4  # every ANCHOR-th picture is kept longer: a browser that skips up to ANCHOR - 1 in a row still holds one
KEPT_CHARTS = 8  # charts whose recent pictures a reader's session keeps


def recent_pictures(store: dict[str, dict[int, tuple]], spec: str, latest: pd.DataFrame) -> pd.DataFrame:
    """The ``latest`` picture (one row of data URLs) and the recent ones a browser may hold, oldest first, numbered.

    Vega draws nothing for an image whose URL is new until the browser has decoded it, a frame or
    two: a picture alone in its table would leave the plot blank between pictures, again and again
    while a network trains. So the image mark keeps each picture by its ``frame`` number (its key)
    and draws them oldest first: the ones the browser has decoded stay drawn under the new one
    until it is ready, and the new one, opaque, covers them. A browser that falls behind applies
    only the last of several updates (seen: three pictures in a row skipped on a loaded machine),
    so besides the one before, the two latest of pictures 1, 1 + ANCHOR, 1 + 2 ANCHOR, ... stay: any ANCHOR - 1
    skipped in a row leave one it has decoded. They are kept in ``store`` (the reader's session), by
    chart (``spec``, its JSON: a chart of a new shape starts afresh), for the last ``KEPT_CHARTS`` charts.
    """
    key = hashlib.blake2b(spec.encode(), digest_size=8).hexdigest()
    pictures: dict[int, tuple] = store.pop(key, {})
    row = tuple(latest[name].iat[0] for name in latest.columns)
    newest = max(pictures, default=0)
    if pictures.get(newest) != row:  # a new picture; a rerun that draws the same adds none
        newest += 1
        pictures[newest] = row
    anchor = ANCHOR * ((newest - 1) // ANCHOR) + 1  # the latest of pictures 1, 1 + ANCHOR, 1 + 2 ANCHOR, ...
    store[key] = {n: p for n, p in pictures.items() if n in (newest, newest - 1, anchor, anchor - ANCHOR)}
    while len(store) > KEPT_CHARTS:  # the oldest chart's (dicts keep their order of insertion)
        del store[next(iter(store))]
    frames = sorted(store[key])
    columns = {name: [store[key][n][k] for n in frames] for k, name in enumerate(latest.columns)}
    return pd.DataFrame(columns | {"frame": frames})


def picture(x: alt.X, x2: alt.X2, y: alt.Y, y2: alt.Y2, *, themed: bool = False) -> alt.Chart:
    """An image mark spread over [x, x2] × [y, y2] of the chart's scales: a heat map drawn as one picture.

    The pictures are the named table ``PICTURE`` (:func:`draw_live` adds the recent ones, the
    newest drawn on top); its column ``url`` holds each as a data URL (:func:`ui.raster.data_url`),
    one pixel a cell, which Vega scales up without smoothing so that cells stay sharp. Thousands of
    rects cost the browser Vega's work on each of them in every picture; a picture costs one image.
    ``themed``: the table holds a picture for each theme, ``light`` and ``dark``, and Vega draws the one
    for the chart's background (its ``background`` signal, which Streamlit's theme sets).
    """
    chart = alt.Chart(alt.NamedData(PICTURE))
    if themed:
        chart = chart.transform_calculate(url="luminance(background) < 0.5 ? datum.dark : datum.light")
    return chart.mark_image(aspect=False, smooth=False, tooltip=False, aria=False).encode(
        x=x, x2=x2, y=y, y2=y2, url="url:N", key="frame:N", order="frame:Q"
    )


def _spec(chart: alt.TopLevelMixin) -> tuple[str, dict[str, bytes]]:
    """A chart's spec as JSON text and its tables as Arrow bytes; a shared figure's (see figure) made once."""
    kept = chart.__dict__.get("_mathdl_spec")  # a shared figure's, made by the first reader
    if kept is None:
        spec, tables = spec_of(chart)
        kept = (json.dumps(spec), tables)
        if chart.__dict__.get("_mathdl_shared"):
            object.__setattr__(chart, "_mathdl_spec", kept)
    return kept


def _send(
    text: str, tables: dict[str, bytes], *, width: str = "stretch", canvas: bool = False, **selection: Any
) -> None:
    """Hand a spec and its tables to Streamlit, in the house's padding, lecture mode and renderer."""
    spec = json.loads(text)  # Streamlit changes the spec it is given: each reader gets a copy
    spec["datasets"] = spec.get("datasets", {}) | tables
    # Vega makes room for a title by its font size, but Chinese characters reach higher: with
    # Vega-Lite's 5 px above it, the picture cuts the top off a Chinese title.
    spec.setdefault("padding", PADDING)
    if present.active():
        spec = present.chart(spec)
    if canvas:
        spec["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
    else:  # a canvas draws "currentColor" black: its text keeps Streamlit's grey
        _readable_text(spec)
    st.vega_lite_chart(spec, width=width, **selection)


# --- The text alternative of a chart ------------------------------------------------------------------------------

AXES = ("x", "y")


def describe(spec: dict[str, Any], frames: dict[str, pd.DataFrame]) -> str:
    """What a chart shows, in words from the locale's ``charts.describe``: its text alternative.

    Its title, its marks, each axis's title with the range of the numbers drawn along it (3
    significant figures), and the names of its series (the values its colours stand for). Read
    from the Vega-Lite ``spec`` and its tables (``frames``, by their names in the spec).
    """
    views = list(_views(spec, None, {}))
    words = lookup("charts.describe")
    sentences = [words["titled"].format(title=title) if (title := _title(spec)) else words["untitled"]]
    drawn = [mark for mark, _, _ in _views(spec, None, {}, visible=True)]
    marks = list(dict.fromkeys(words["marks"][mark] for mark in drawn if mark in words["marks"]))
    if marks:
        sentences.append(words["marks_are"].format(marks=words["separator"].join(marks)))
    for axis in AXES:
        sentences.extend(_axis(axis, views, frames, words))
    names = _series(views, frames)
    if names:
        shown = names[:SERIES_NAMED] + (["…"] if len(names) > SERIES_NAMED else [])
        sentences.append(words["series"].format(names=words["separator"].join(shown)))
    return " ".join(sentences)  # a space between sentences, as a screen reader pauses, in either language


SERIES_NAMED = 8  # a longer list is no help to a listener


def _views(spec: dict[str, Any], data: str | None, encoding: dict[str, Any], *, visible: bool = False):
    """Each single view of a (layered, concatenated) spec: its mark, its table's name, its encoding.

    ``visible``: only the views whose marks can be seen, not a clear rect that carries a legend or takes clicks.
    """
    data = (spec.get("data") or {}).get("name", data)
    encoding = encoding | spec.get("encoding", {})
    if "mark" in spec:
        mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
        clear = mark.get("opacity") == 0 or (mark.get("fillOpacity") == 0 and not mark.get("stroke"))
        if not (visible and clear):
            yield mark.get("type", ""), data, encoding
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from _views(child, data, encoding, visible=visible)
    if isinstance(spec.get("spec"), dict):  # a facet or repeat
        yield from _views(spec["spec"], data, encoding, visible=visible)


def _table(arrow: bytes) -> pd.DataFrame:
    import pyarrow as pa

    return pa.ipc.open_stream(arrow).read_all().to_pandas()


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title) if title else ""


def _axis_title(channel: dict[str, Any]) -> str:
    title = channel.get("title", (channel.get("axis") or {}).get("title"))
    return " ".join(map(str, title)) if isinstance(title, list) else str(title or "")


def _axis(axis: str, views: list, frames: dict[str, pd.DataFrame], words: dict[str, Any]) -> list[str]:
    """A sentence per axis title: the range of the quantitative fields drawn along the axis."""
    ranges: dict[str, list[float]] = {}
    for _, data, encoding in views:
        channel = encoding.get(axis)
        if not isinstance(channel, dict) or channel.get("field") is None:
            continue
        title = _axis_title(channel)
        values = _numbers(frames.get(data), channel) if channel.get("type") == "quantitative" else None
        span = ranges.setdefault(title, [])
        if values is not None and len(values):
            span += [float(values.min()), float(values.max())]
    if any(ranges):  # the axis is named by a layer's title: a layer of labels without one adds nothing to it
        ranges.pop("", None)
    sentences = []
    for title, span in ranges.items():
        name = words["axis_named"].format(axis=words[axis], title=title) if title else words[axis]
        if span:
            low, high = _num(min(span)), _num(max(span))
            sentences.append(words["axis_range"].format(axis=name, low=low, high=high))
        elif title:
            sentences.append(words["axis"].format(axis=name))
    return sentences


def _numbers(frame: pd.DataFrame | None, channel: dict[str, Any]) -> np.ndarray | None:
    """The finite numbers of a channel's field, within its scale's fixed domain.

    None when its table does not hold the field (one computed in the browser).
    """
    field = channel["field"]
    if frame is None or not isinstance(field, str) or field not in frame.columns:
        return None
    values = pd.to_numeric(frame[field], errors="coerce").to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    domain = (channel.get("scale") or {}).get("domain")
    if isinstance(domain, list) and len(domain) == 2 and all(isinstance(d, (int, float)) for d in domain):
        values = np.clip(values, min(domain), max(domain))  # what the plot shows: a line beyond it is clipped
    return values


def _series(views: list, frames: dict[str, pd.DataFrame]) -> list[str]:
    """The names the charts' colours stand for, in the order of the colour scale's domain or of the data."""
    names: list[str] = []
    for _, data, encoding in views:
        channel = encoding.get("color")
        if not isinstance(channel, dict) or channel.get("type") not in ("nominal", "ordinal"):
            continue
        if "scale" in channel and channel["scale"] is None:  # the field holds the colours themselves
            continue
        domain = (channel.get("scale") or {}).get("domain")
        frame = frames.get(data)
        drawn = None
        if frame is not None and channel.get("field") in frame.columns:
            drawn = [str(v) for v in frame[channel["field"]].dropna().unique()]
        if isinstance(domain, list):  # the legend's order; only the series drawn
            names += [str(d) for d in domain if drawn is None or str(d) in drawn]
        elif drawn is not None:
            names += drawn
    return list(dict.fromkeys(names))


def _num(x: float) -> str:
    """3 significant figures, never -0; written out from 0.001 to a million (5000, not 5e+03)."""
    if 1e-3 <= abs(x) < 1e6:
        text = np.format_float_positional(x, precision=3, unique=True, fractional=False, trim="-")
    else:
        text = f"{x:.3g}"
    return "0" if text in ("-0", "0") else text


def spec_of(chart: alt.TopLevelMixin) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A chart's Vega-Lite spec, with a ``description`` unless it has one, and its tables as Arrow bytes."""
    tables: dict[str, bytes] = {}
    with perf.chart_lock, alt.data_transformers.enable("arrow", tables=tables):
        spec = chart.to_dict(validate=False)
    frames = {name: _table(arrow) for name, arrow in tables.items()}
    spec.setdefault("description", describe(spec, frames))  # Vega writes it as the chart's aria-label
    _quiet_decorations(spec, None, {}, frames)
    return spec, tables


# Streamlit's chart theme writes axis and legend text in a grey that has 3.7:1 on the light theme's white,
# under WCAG AA's 4.5:1; no one colour passes on both the light and the dark background. "currentColor"
# is the page's own text colour in either theme (Vega writes it as the SVG fill; CSS resolves it). On a
# canvas it is black whatever the theme, so a chart drawn on one keeps Streamlit's grey.
READABLE = {"labelColor": "currentColor", "titleColor": "currentColor"}


def _readable_text(spec: dict[str, Any]) -> None:
    """Axis, legend and title text in the page's text colour, unless the chart chose a colour itself."""
    config = spec.setdefault("config", {})
    for part in ("axis", "legend"):
        config[part] = READABLE | config.get(part, {})
    config["title"] = {"color": "currentColor", "subtitleColor": "currentColor"} | config.get("title", {})


def _quiet_decorations(
    spec: dict[str, Any], data: str | None, encoding: dict[str, Any], frames: dict[str, pd.DataFrame]
) -> None:
    """Hide from assistive technology the marks that draw no data: the axes through 0, a fixed outline, an empty layer.

    Vega gives such a mark (no field in its encoding, or no rows) no text, and axe-core counts an
    unlabelled graphic (svg-img-alt); the chart's description says what the chart shows.
    """
    data = (spec.get("data") or {}).get("name", data)
    encoding = encoding | spec.get("encoding", {})
    empty = data in frames and frames[data].empty
    if "mark" in spec and (empty or not any(isinstance(c, dict) and "field" in c for c in encoding.values())):
        mark = spec["mark"]
        spec["mark"] = {"type": mark, "aria": False} if isinstance(mark, str) else mark | {"aria": False}
        if spec["mark"].get("point"):  # a line's points are a layer of their own in Vega
            point = spec["mark"]["point"]
            spec["mark"]["point"] = (point if isinstance(point, dict) else {}) | {"aria": False}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            _quiet_decorations(child, data, encoding, frames)


def download(data: pd.DataFrame, *, name: str, label: str | None = None) -> None:
    """Offer the data behind a figure as a CSV file (``label`` tells two downloads of one figure apart)."""
    st.download_button(
        label or t("common.download_csv"),
        lambda: data.to_csv(index=False).encode("utf-8"),  # written on a click, not on every rerun
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        on_click="ignore",
        icon=":material/download:",
    )


def sample(n: int, most: int, *, log: bool = False) -> np.ndarray:
    """The indices of at most ``most`` of n points, the first and the last included.

    It keeps the data sent to the browser small. ``log`` spaces them geometrically: dense at the
    start, where a running mean or a training loss moves most.

    >>> sample(1000, 5).tolist(), sample(1000, 5, log=True).tolist()
    ([0, 250, 499, 749, 999], [0, 5, 31, 177, 999])
    """
    if n == 0:
        return np.array([], dtype=int)
    spread = np.geomspace(1, n, most) if log else np.linspace(1, n, most)
    return np.unique(spread.round().astype(int)) - 1


def matrix_heatmap(cells: pd.DataFrame, *, title: str, cell: int = 52) -> alt.LayerChart:
    """A matrix drawn as cells with its entries written in them; highlighted cells in orange.

    ``cells`` comes from :func:`matrix_cells`.
    """
    base = alt.Chart(cells).encode(
        x=alt.X("col:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("row:O", title=None),
    )
    # Opaque light cells with black text: readable in the light and the dark theme alike.
    rect = base.mark_rect(stroke=NEUTRAL, strokeWidth=1).encode(
        color=alt.condition("datum.highlight", alt.value("#F5C35B"), alt.value("#E4E4E4")),
        tooltip=[
            alt.Tooltip("row:O", title=t("charts.row")),
            alt.Tooltip("col:O", title=t("charts.column")),
            alt.Tooltip("value:Q", format="~g", title=t("charts.value")),
        ],
    )
    text = base.mark_text(fontSize=16, fontWeight="bold", color="black").encode(text=alt.Text("value:Q", format="~g"))
    return (rect + text).properties(title=title, width=alt.Step(cell), height=alt.Step(cell))


@figure
def confusion(C: np.ndarray, *, section: str, kinds: dict[str, str], title: str) -> tuple[alt.LayerChart, pd.DataFrame]:
    """A 2 × 2 confusion matrix C = [[TN, FP], [FN, TP]] of a tumour classifier: right green, mistakes red.

    Rows are the true classes, columns the predicted ones, labelled from the locale ``section``
    (its ``benign``, ``malignant``, ``actual`` and ``predicted``); each cell has its count and its
    name (``kinds``, keys tn, fp, fn, tp) written in it. Lessons 6 and 10 draw it.
    """
    negative, positive = t(f"{section}.benign"), t(f"{section}.malignant")
    frame = pd.DataFrame(
        {
            "actual": [negative, negative, positive, positive],
            "predicted": [negative, positive, negative, positive],
            "count": np.asarray(C, dtype=int).ravel(),
            "kind": [kinds[k] for k in ("tn", "fp", "fn", "tp")],
            "right": [True, False, False, True],
        }
    )
    order = [negative, positive]
    base = alt.Chart(frame).encode(
        x=alt.X("predicted:N", title=t(f"{section}.predicted"), sort=order, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("actual:N", title=t(f"{section}.actual"), sort=order),
    )
    # Opaque light cells with black text: readable in the light and the dark theme alike.
    cells = base.mark_rect(stroke=NEUTRAL).encode(
        color=alt.condition("datum.right", alt.value("#CFE8DA"), alt.value("#F6D2C4")),
        tooltip=[alt.Tooltip("kind:N", title=t("charts.kind")), alt.Tooltip("count:Q", title=t("charts.count"))],
    )
    counts = base.mark_text(fontSize=22, fontWeight="bold", color="black", dy=-8).encode(text="count:Q")
    names = base.mark_text(fontSize=12, color="black", dy=14).encode(text="kind:N")
    chart = (cells + counts + names).properties(title=title, width=alt.Step(125), height=alt.Step(80))
    return chart, frame


@figure
def roc(
    fpr: np.ndarray, tpr: np.ndarray, point: tuple[float, float], *, section: str, title: str, height: int
) -> tuple[alt.LayerChart, pd.DataFrame]:
    """The ROC curve over the dashed diagonal of guessing, with the current threshold's point in red.

    The curve is a step line; its axis titles come from the locale ``section`` (``fpr``, ``tpr``).
    """
    frame = pd.DataFrame({"fpr": fpr, "tpr": tpr})
    unit = alt.Scale(domain=[0, 1])
    curve = (
        alt.Chart(frame)
        .mark_line(color=PALETTE[0], strokeWidth=2.5, interpolate="step-after")
        .encode(
            x=alt.X("fpr:Q", title=t(f"{section}.fpr"), scale=unit),
            y=alt.Y("tpr:Q", title=t(f"{section}.tpr"), scale=unit),
        )
    )
    chance = (
        alt.Chart(pd.DataFrame({"fpr": [0, 1], "tpr": [0, 1]}))
        .mark_line(color=NEUTRAL, strokeDash=[4, 4])
        .encode(x="fpr:Q", y="tpr:Q")
    )
    dot = (
        alt.Chart(pd.DataFrame({"fpr": [point[0]], "tpr": [point[1]]}))
        .mark_point(size=180, filled=True, color=PALETTE[3], opacity=1)
        .encode(
            x="fpr:Q",
            y="tpr:Q",
            tooltip=[
                alt.Tooltip("fpr:Q", format=".3f", title=t(f"{section}.fpr")),
                alt.Tooltip("tpr:Q", format=".3f", title=t(f"{section}.tpr")),
            ],
        )
    )
    return (chance + curve + dot).properties(title=title, height=height), frame


def path_frame(points: np.ndarray, **labels: object) -> pd.DataFrame:
    """A polygon or curve, (m, 2) points, as tidy rows drawn in ``order``."""
    points = np.asarray(points)
    return pd.DataFrame({"x": points[:, 0], "y": points[:, 1], "order": np.arange(len(points)), **labels})


def segments_frame(segments: np.ndarray, **labels: object) -> pd.DataFrame:
    """Line segments, (L, 2, 2) end points, as tidy rows: one ``id`` per segment."""
    segments = np.asarray(segments)
    n = len(segments)
    return pd.DataFrame(
        {
            "x": segments[:, :, 0].ravel(),
            "y": segments[:, :, 1].ravel(),
            "order": np.tile([0, 1], n),
            "id": np.repeat(np.arange(n), 2),
            **labels,
        }
    )


PLANE_SIDE = 420  # pixels: pictures of the plane are square, so right angles look right


def plane_scale(extent: float) -> alt.Scale:
    """The same fixed scale for x and y, so a rotation looks like a rotation."""
    return alt.Scale(domain=[-extent, extent], nice=False, zero=False)


def square(chart: alt.LayerChart) -> alt.LayerChart:
    """A picture of the plane: square, and without the axis grid, which would pass for the grid it shows."""
    # "pad": the plot itself is PLANE_SIDE square and axes go around it; Streamlit's default
    # "fit" would squeeze the axes into the square and make the plot a rectangle.
    return chart.properties(
        width=PLANE_SIDE, height=PLANE_SIDE, autosize=alt.AutoSizeParams(type="pad")
    ).configure_axis(grid=False, tickCount=7)


def plot_size(x_scale: alt.Scale, y_scale: alt.Scale, *, side: float = PLANE_SIDE) -> tuple[float, float]:
    """The width and height in pixels of a plot drawn to scale: a unit across as long as a unit up.

    The longer of the two ranges gets ``side`` pixels and the other its share, so a window of
    x ∈ [−5, 5] and y ∈ [−3, 3] is drawn 420 × 252, and angles and circles look as they are.
    """
    (x0, x1), (y0, y1) = x_scale.domain, y_scale.domain
    unit = side / max(x1 - x0, y1 - y0)  # pixels per unit, on both axes
    return unit * (x1 - x0), unit * (y1 - y0)


def to_scale(chart: alt.LayerChart, x_scale: alt.Scale, y_scale: alt.Scale) -> alt.LayerChart:
    """A picture of the plane drawn to scale (:func:`plot_size`), without the axis grid, as :func:`square` draws it.

    Draw it with ``width="content"``: stretched to a column's width it would lose its proportions.
    """
    width, height = plot_size(x_scale, y_scale)
    return chart.properties(width=width, height=height, autosize=alt.AutoSizeParams(type="pad")).configure_axis(
        grid=False, tickCount=7
    )


def arrows(data: pd.DataFrame, *, extent: float, palette: list[str] | None = None) -> alt.LayerChart:
    """Arrows from (x0, y0) to (x, y), one per row, coloured, dashed and named by ``label``.

    The arrow head is a triangle turned to the arrow's direction; the angle is
    computed by Vega in the browser, it is only drawing. Each shaft has its own dash
    (:data:`DASHES`), so that arrows are told apart without their colours too.
    """
    scale = plane_scale(extent)
    labels = data["label"].tolist()
    legend = dash_legend(labelLimit=320)
    base = alt.Chart(data).encode(
        color=alt.Color(
            "label:N",
            scale=alt.Scale(domain=labels, range=(palette or PALETTE)[: len(labels)]),
            title=None,
            legend=legend,
        ),
        tooltip=[
            alt.Tooltip("label:N", title=t("charts.name")),
            alt.Tooltip("x:Q", format=".3g"),
            alt.Tooltip("y:Q", format=".3g"),
        ],
    )
    shaft = base.mark_rule(strokeWidth=3, clip=True).encode(
        x=alt.X("x0:Q", scale=scale, title=None),
        y=alt.Y("y0:Q", scale=scale, title=None),
        x2="x:Q",
        y2="y:Q",
        strokeDash=alt.StrokeDash("label:N", scale=dashes(labels), title=None, legend=legend),
    )
    head = (
        base.transform_calculate(angle="90 - atan2(datum.y - datum.y0, datum.x - datum.x0) * 180 / PI")
        .mark_point(shape="triangle", filled=True, size=140, opacity=1, clip=True)
        .encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), angle=alt.Angle("angle:Q", scale=None))
    )
    return shaft + head


def matrix_cells(X: np.ndarray, *, row: int | None = None, col: int | None = None) -> pd.DataFrame:
    """A matrix as tidy cells (1-based ``row``, ``col``, ``value``), marking a row, a column or both."""
    X = np.atleast_2d(X)
    rows, cols = np.indices(X.shape) + 1
    highlight = (row is None or rows == row) & (col is None or cols == col)
    return pd.DataFrame(
        {
            "row": rows.ravel(),
            "col": cols.ravel(),
            "value": X.ravel(),
            "highlight": np.broadcast_to(highlight, X.shape).ravel(),
        }
    )


def tensor_frame(x: np.ndarray, **labels: object) -> pd.DataFrame:
    """Any tensor as tidy rows: one column per axis index (axis0, axis1, ...) and its value."""
    x = np.asarray(x)
    index = np.indices(x.shape).reshape(x.ndim, x.size)  # (ndim, size)
    return pd.DataFrame({**{f"axis{k}": index[k] for k in range(x.ndim)}, "value": x.ravel(), **labels})


def pixels(x: np.ndarray, scale: int = 1) -> np.ndarray:
    """A 2-D array as a grey image for ``st.image``: lowest value black, highest white.

    ``scale`` repeats each value into a scale × scale block, so a tiny image (an 8 × 8
    digit) stays sharp instead of being blurred by the browser's smoothing.
    """
    x = np.asarray(x, dtype=float)
    low, high = x.min(), x.max()
    grey = (x - low) / (high - low) if high > low else np.zeros_like(x)
    return np.kron(grey, np.ones((scale, scale)))


def filled_contours(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, *, bands: int = 9, x_scale: alt.Scale, y_scale: alt.Scale
) -> tuple[alt.Chart, pd.DataFrame]:
    """A loss surface z (rows along y) in bands of equal ratio, which read like filled contour lines.

    Each band is the loss multiplied by the same factor. Drawn as one picture for a plot drawn to
    scale (:func:`plane_image`); the tidy grid comes back for the CSV download.

    Vega-Lite draws no contours, and a smooth colour ramp hides where a ravine is; bands show it.
    """
    positive = z[z > 0]
    # Bands over six decades below the top at most, so the valley floor is one light band, not many.
    low = max(positive.min(), positive.max() * 1e-6) if positive.size else 1.0
    levels = np.geomspace(low, positive.max(), bands + 1)[1:-1] if positive.size else np.array([1.0])
    # Greys, light in the valley: every palette colour drawn on top stays visible, in both themes.
    ramp = np.array([250, 236, 221, 206, 190, 173, 155, 136, 116, 96], dtype=np.uint8)
    grey = ramp[np.minimum(np.digitize(z, levels), len(ramp) - 1)]  # (ny, nx)
    rgba = np.dstack([grey, grey, grey, np.full_like(grey, 255)])[::-1]  # top row first
    gx, gy = np.meshgrid(x, y)
    frame = pd.DataFrame({"x": gx.ravel(), "y": gy.ravel(), "loss": z.ravel()})
    return plane_image(rgba, x_scale, y_scale), frame


def cell_scale(centres: np.ndarray) -> alt.Scale:
    """The scale of a plot filled by cells centred on equally spaced ``centres``.

    It reaches half a cell beyond the first and the last, so every cell is whole and the same size.
    """
    half = (centres[-1] - centres[0]) / (len(centres) - 1) / 2
    return alt.Scale(domain=[float(centres[0] - half), float(centres[-1] + half)], nice=False)


REGION_OPACITY = 0.6  # the opacity of a decision region where the model is certain


def class_pixels(winner: np.ndarray, confidence: np.ndarray, classes: int, background: str) -> np.ndarray:
    """Decision regions as an RGB picture (r, r, 3), top row first, on a ``background`` colour.

    ``winner`` and ``confidence`` are (r, r) grids whose rows run from the bottom up. Each pixel is its
    class's palette colour over the background, as opaque as the model is sure: clear where it is
    undecided (confidence 1/K), ``REGION_OPACITY`` where it is certain.
    """
    sure = np.clip((confidence - 1 / classes) / (1 - 1 / classes), 0, 1)
    colours = raster.rgb(PALETTE[:classes]).astype(float)[winner]  # (r, r, 3)
    return raster.over(colours, REGION_OPACITY * sure, background)[::-1]


def class_picture(winner: np.ndarray, confidence: np.ndarray, classes: int) -> pd.DataFrame:
    """Decision regions (see :func:`class_pixels`) as the row of a :func:`picture` table drawn ``themed``.

    A picture for each theme, each painted on its background: opaque, so that a new picture covers
    the one before it (see :func:`recent_pictures`), and the colours of regions seen through.
    """
    return pd.DataFrame(
        {
            theme: [raster.data_url(class_pixels(winner, confidence, classes, ground))]
            for theme, ground in raster.BACKGROUNDS.items()
        }
    )


def plane_image(rgba: np.ndarray, x_scale: alt.Scale, y_scale: alt.Scale) -> alt.Chart:
    """A picture spread over a plot of the plane drawn to scale (see :func:`to_scale`; square when both ranges match).

    One image mark holds a few kilobytes of PNG, where thousands of cells would cost a hundred.
    """
    width, height = plot_size(x_scale, y_scale)
    url = raster.data_url(rgba)
    (x0, x1), (y0, y1) = x_scale.domain, y_scale.domain
    frame = pd.DataFrame({"url": [url], "x": [(x0 + x1) / 2], "y": [(y0 + y1) / 2]})
    return (
        alt.Chart(frame)
        .mark_image(width=width, height=height, smooth=True, aspect=False)
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), url="url:N")
    )


def log_lines(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    names: list[str],
    x_title: str,
    y_title: str,
    x_scale: alt.Scale | None = None,
    x_format: str | None = None,
    y_format: str | None = "~e",  # 1e-8 reads better than 0.00000001
    y_domain: list[float] | None = None,
    points: bool = True,
    legend: dict[str, object] | None = None,
    series_title: str | None = None,
    dashed: bool = True,
) -> alt.Chart:
    """One line per value of ``series`` (in the order of ``names``, palette colours and dashes), y on a log axis.

    x is on a log axis too unless ``x_scale`` says otherwise; the tooltip names the series
    ``series_title`` (by default "curve") and x and y by their axis titles. Each line has its own dash
    (``dashed=False``: a chart that draws one line here and its other series as points). Rows whose y is not a
    positive number are left out: a log axis cannot show them (an error of exactly 0, a gradient
    that vanished).
    """
    values = data[y].astype(float)  # an empty frame's columns have no number type
    shown = data[(values > 0) & np.isfinite(values)]
    key = dash_legend(**(legend or {})) if dashed else bottom_legend(**(legend or {}))
    return (
        alt.Chart(shown)
        .mark_line(point=points, strokeWidth=2 if points else 2.5, clip=True)
        .encode(
            x=alt.X(
                f"{x}:Q",
                scale=x_scale or alt.Scale(type="log"),
                title=x_title,
                axis=alt.Axis(format=x_format) if x_format else alt.Axis(),
            ),
            y=alt.Y(
                f"{y}:Q",
                scale=alt.Scale(type="log", domain=y_domain) if y_domain else alt.Scale(type="log"),
                title=y_title,
                axis=alt.Axis(format=y_format) if y_format else alt.Axis(),
            ),
            color=alt.Color(f"{series}:N", scale=colors(names), title=None, legend=key),
            strokeDash=alt.StrokeDash(f"{series}:N", scale=dashes(names), title=None, legend=key)
            if dashed
            else alt.Undefined,
            tooltip=[
                alt.Tooltip(f"{series}:N", title=series_title or t("charts.curve")),
                alt.Tooltip(f"{x}:Q", format=".3~g", title=x_title),
                alt.Tooltip(f"{y}:Q", format=".3e", title=y_title),
            ],
        )
    )
