"""No meaning carried by colour alone: series told apart by colour are also told apart by dash, shape or label.

A reader who cannot tell the palette's colours apart (or reads a grey print-out) must still tell one line
from another. :func:`colour_only` reads a chart's Vega-Lite spec and its tables, as the browser receives
them, and names every series layer whose colour stands for a nominal field with two or more values drawn,
with nothing else that tells those values apart:

- a line, a trail or a rule needs a dash (``strokeDash``), a shape or a fill's opacity (solid or hollow) on the
  same field, somewhere in the chart, that gives each value its own (as many different ones as values, or all
  of the house's ten), or
  a text layer whose marks belong to the field's values (it writes, colours or names them: a label by each
  series, such as α and β on their areas);
- an area, a point, a circle, a square or a bar needs the same, unless it has no legend: then its colour is no
  key to anything a reader must decode (areas under dashed lines of the same field are told apart by them).

tests/test_pages.py applies it to every chart of every page in both languages, in the one run it makes of
each; the tests here check the checker.
"""

from __future__ import annotations

import json
import math
from typing import Any

import altair as alt
import pandas as pd

from ui import charts

LINES = ("line", "trail", "rule")
SERIES = ("area", "point", "circle", "square", "bar")
SECOND = ("strokeDash", "shape", "fillOpacity")
HOUSE = min(len(charts.DASHES), len(charts.SHAPES))  # more series than this: every dash (shape) is used, then again


def colour_only(spec: dict[str, Any], frames: dict[str, pd.DataFrame]) -> list[str]:
    """The series layers of a chart told apart by colour alone: ``"mark by field (n values)"`` for each."""
    views = list(charts._views(spec, None, {}))
    told: dict[str, float] = {}  # a field, and how many of its values its dashes, shapes or fills tell apart
    for _, _, encoding in views:
        for channel in _second(encoding):
            told[channel["field"]] = max(told.get(channel["field"], 0), _distinct(channel))
    labelled = {  # a text layer whose rows are the series' own (it writes, colours or names them) labels them
        channel.get("field")
        for mark, _, encoding in views
        if mark == "text"
        for channel in _as_list(encoding.get("text"))
        + _as_list(encoding.get("color"))
        + _as_list(encoding.get("tooltip"))
        if isinstance(channel, dict)
    }
    found = []
    for (mark, data, encoding), view in zip(views, _unit_specs(spec), strict=True):
        color = encoding.get("color")
        if mark not in LINES + SERIES or not isinstance(color, dict) or color.get("type") != "nominal":
            continue
        field = color.get("field")
        if field is None or field in labelled or color.get("scale", {}) is None:
            continue  # (a field of colours themselves, scale None, has no legend: it is no key)
        if mark in SERIES and "legend" in color and color["legend"] is None:
            continue
        values = _values(field, color, view, frames.get(data))
        if values >= 2 and told.get(field, 0) < min(values, HOUSE):
            found.append(f"{mark} by {field} ({values} values, {told.get(field, 0):g} told apart)")
    return found


def _as_list(channel: Any) -> list[Any]:
    return channel if isinstance(channel, list) else [channel]


def _second(encoding: dict[str, Any]) -> list[dict[str, Any]]:
    """The channels other than colour that tell a field's values apart."""
    return [encoding[c] for c in SECOND if isinstance(encoding.get(c), dict) and "field" in encoding[c]]


def _distinct(channel: dict[str, Any]) -> float:
    """How many values a dash or shape channel tells apart: its explicit range's different entries, or any number."""
    scale = channel.get("scale") or {}
    domain, range_ = scale.get("domain"), scale.get("range")
    if not isinstance(range_, list):
        return math.inf  # Vega's own ranges: a different dash or shape for each value, up to their length
    if isinstance(domain, list):
        range_ = [range_[i % len(range_)] for i in range(len(domain))]
    return len({json.dumps(r) for r in range_})


def _unit_specs(spec: dict[str, Any]):
    """Each single view's own spec (its transforms), in the order of :func:`ui.charts._views`."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from _unit_specs(child)
    if isinstance(spec.get("spec"), dict):
        yield from _unit_specs(spec["spec"])


def _values(field: str, color: dict[str, Any], view: dict[str, Any], frame: pd.DataFrame | None) -> int:
    """How many values of ``field`` are drawn: from the table, a fold that makes the field, or the scale."""
    if frame is not None and field in frame.columns:
        return int(frame[field].nunique())
    for step in view.get("transform", []):
        if "fold" in step and step.get("as", ["key"])[0] == field:
            return len(step["fold"])
    domain = (color.get("scale") or {}).get("domain")
    return len(domain) if isinstance(domain, list) else 2  # unknown: counted as several, to be looked at


def chart_frames(chart) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """An AppTest vega_lite_chart's spec and its tables by name."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    frames = {d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets}
    return json.loads(chart.proto.spec), frames


def assert_no_meaning_by_colour_alone(at) -> None:
    """Every chart the AppTest run ``at`` drew tells its series apart by more than colour."""
    found = {}
    for chart in at.get("vega_lite_chart"):
        spec, frames = chart_frames(chart)
        if faults := colour_only(spec, frames):
            found[str(spec.get("title", spec.get("description", "")[:60]))] = faults
    assert found == {}, "series told apart by colour alone:\n" + "\n".join(f"  {k}: {v}" for k, v in found.items())


# --- The checker itself -------------------------------------------------------------------------------------


def two_lines() -> alt.Chart:
    frame = pd.DataFrame({"x": [0, 1, 0, 1], "y": [0, 1, 1, 0], "s": ["a", "a", "b", "b"]})
    return alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q", color="s:N")


def check(chart: alt.TopLevelMixin) -> list[str]:
    spec = chart.to_dict()  # its tables inline, by name, under "datasets"
    return colour_only(spec, {name: pd.DataFrame(rows) for name, rows in spec.get("datasets", {}).items()})


def test_two_lines_told_apart_by_colour_alone_are_found():
    assert check(two_lines()) == ["line by s (2 values, 0 told apart)"]


def test_a_dash_on_the_same_field_or_a_label_of_each_line_tells_them_apart():
    assert check(two_lines().encode(strokeDash="s:N")) == []
    labels = two_lines().mark_text().encode(text="s:N")
    assert check(two_lines() + labels) == []
    symbols = two_lines().mark_text().encode(text="x:N", tooltip="s:N")  # a symbol by each series, naming it: α, β
    assert check(two_lines() + symbols) == []
    numbers = alt.Chart(pd.DataFrame({"x": [0], "y": [0]})).mark_text().encode(x="x:Q", y="y:Q", text="x:N")
    assert check(two_lines() + numbers) == ["line by s (2 values, 0 told apart)"]  # a text of no series
    assert check(two_lines().encode(strokeDash="x:N")) == ["line by s (2 values, 0 told apart)"]  # another field
    same = alt.StrokeDash("s:N", scale=alt.Scale(domain=["a", "b"], range=[[1, 0], [1, 0]]))
    assert check(two_lines().encode(strokeDash=same)) == ["line by s (2 values, 1 told apart)"]  # the same dash


def test_one_line_or_points_without_a_legend_need_nothing_more():
    one = pd.DataFrame({"x": [0, 1], "y": [0, 1], "s": ["a", "a"]})
    assert check(alt.Chart(one).mark_line().encode(x="x:Q", y="y:Q", color="s:N")) == []
    points = two_lines().mark_circle()
    assert check(points) == ["circle by s (2 values, 0 told apart)"]
    assert check(points.encode(color=alt.Color("s:N", legend=None))) == []
    assert check(two_lines().mark_point().encode(shape="s:N")) == []


def test_bars_side_by_side_need_a_fill_that_tells_them_apart_too():
    bars = two_lines().mark_bar().encode(xOffset="s:N")
    assert check(bars) == ["bar by s (2 values, 0 told apart)"]
    hollow = alt.FillOpacity("s:N", scale=alt.Scale(domain=["a", "b"], range=[1.0, 0.2]))  # solid and hollow
    assert check(bars.encode(fillOpacity=hollow)) == []


def test_a_field_made_by_a_fold_counts_the_columns_folded():
    frame = pd.DataFrame({"x": [0, 1], "train": [1.0, 0.5], "test": [1.2, 0.9]})
    folded = alt.Chart(frame).transform_fold(["train", "test"], as_=["set", "loss"])
    chart = folded.mark_line().encode(x="x:Q", y="loss:Q", color="set:N")
    assert check(chart) == ["line by set (2 values, 0 told apart)"]
    assert check(chart.encode(strokeDash="set:N")) == []
