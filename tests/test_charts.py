"""What ui.charts sends to the browser: a bounded number of points, never missing the ends; cells that sit
on their grid; a figure built once for every reader who needs the same one."""

import re

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mathdl import linalg, optim, sampling, surfaces
from ui import charts, i18n, perf
from ui.charts import SHARED_FIGURES, cell_scale, class_table, figure, fingerprint, sample
from ui.figures import linear_maps, optimisation, probability
from ui.i18n import catalog


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("n", [0, 1, 7, 150, 151, 44_200])
def test_a_sample_keeps_at_most_the_limit_with_both_ends_and_every_point_of_a_short_series(n, log):
    kept = sample(n, 150, log=log)
    assert len(kept) <= 150 and np.all(np.diff(kept) > 0)
    if n:
        assert kept[0] == 0 and kept[-1] == n - 1
    if n <= 150 and not log:
        assert kept.tolist() == list(range(n))


@pytest.mark.parametrize("low, high, r", [(-1.5, 2.0, 42), (0.0, 1.0, 2), (-3.0, -1.0, 7)])
def test_cells_of_equal_width_on_a_cell_scale_are_centred_on_the_grid_points(low, high, r):
    centres = np.linspace(low, high, r)
    a, b = cell_scale(centres).domain
    width = (b - a) / r
    assert np.allclose(a + width * (np.arange(r) + 0.5), centres)


def test_a_cell_carries_its_grid_points_winner_and_how_sure_the_model_is():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(3), size=(4, 5))  # rows along y, columns along x
    proba[0, 0] = 1 / 3  # undecided
    proba[3, 4] = [0, 0, 1]  # certain
    winner, confidence = proba.argmax(axis=2), proba.max(axis=2)
    cells = class_table(winner, confidence, 3)
    assert len(cells) == 20
    for cell in cells.to_dict("records"):
        i, j = cell["i"], cell["j"]
        assert cell["class"] == winner[j, i]
        assert cell["strength"] == round(255 * (confidence[j, i] - 1 / 3) / (2 / 3))
    assert cells.set_index(["j", "i"]).strength.loc[[(0, 0), (3, 4)]].tolist() == [0, 255]


# --- Figures shared by every reader (ui.charts.figure) ------------------------------------------------------------


@pytest.fixture
def counted():
    """A figure builder that counts how often it really builds."""
    calls = []

    @figure
    def line(y: np.ndarray, *, title: str, note=None):
        calls.append(1)
        data = pd.DataFrame({"x": np.arange(len(y)), "y": y})
        return alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q").properties(title=title), data

    return line, calls


def test_a_figure_is_built_once_for_the_same_numbers_and_again_for_others(counted):
    line, calls = counted
    first = line(np.array([1.0, 2.0, 3.0]), title="a")
    assert line(np.array([1.0, 2.0, 3.0]), title="a") is first  # equal numbers, another array: shared
    line(np.array([1.0, 2.0, 3.5]), title="a")
    line(np.array([1.0, 2.0, 3.0]), title="b")
    line(np.array([1.0, 2.0, 3.0], dtype=np.float32), title="a")
    assert len(calls) == 4


def test_a_figure_is_built_for_each_language(counted, monkeypatch):
    line, calls = counted
    for lang in ["en", "zh", "en"]:
        monkeypatch.setattr(charts, "current", lambda lang=lang: lang)
        line(np.zeros(3), title="t")
    assert len(calls) == 2


def test_an_argument_without_a_fingerprint_builds_afresh_each_time(counted):
    line, calls = counted
    line(np.zeros(3), title="t", note=object())
    line(np.zeros(3), title="t", note=object())
    assert len(calls) == 2
    with pytest.raises(TypeError):
        fingerprint(np.array([object()]))


def test_fingerprints_tell_apart_what_draws_differently():
    same = [np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3)[:, ::1]]
    assert fingerprint(same[0]) == fingerprint(same[1])
    assert fingerprint(np.arange(6.0).reshape(2, 3)) != fingerprint(np.arange(6.0).reshape(3, 2))
    assert fingerprint(1) != fingerprint(True) and fingerprint(1) != fingerprint(1.0)
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    assert fingerprint(frame) != fingerprint(frame.rename(columns={"a": "b"}))
    assert fingerprint(frame) != fingerprint(frame.assign(a=[1.0, 2.5]))


def test_the_kept_figures_are_bounded(counted):
    line, _ = counted
    for i in range(SHARED_FIGURES + 10):
        line(np.full(2, float(i)), title="t")
    assert len(charts._shared) == SHARED_FIGURES


# --- The text alternative of a chart (ui.charts.describe) -----------------------------------------------------------

NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]\d+)?)"


def described(chart) -> str:
    perf.install()  # draw's Arrow tables, as the app has them
    return charts.spec_of(chart)[0]["description"]


def axis_range(text: str, axis: str, title: str) -> tuple[float, float]:
    """The numbers the description gives for an axis, as numbers."""
    words = catalog("en")["charts"]["describe"]
    name = words["axis_named"].format(axis=words[axis], title=title)
    found = re.search(re.escape(name) + ": from " + NUMBER + " to " + NUMBER, text)
    assert found, (name, text)
    return float(found.group(1)), float(found.group(2))


def test_the_running_mean_is_described_by_its_title_marks_and_the_range_of_its_data():
    x = np.random.default_rng(0).exponential(size=5000)
    running = sampling.running_mean(x)
    chart, data = probability.running_mean(running, *sampling.running_band(1.0, 1.0, 5000), 1.0)
    text = described(chart)
    words = catalog("en")["probability"]["limits"]
    assert text.startswith(f"Chart: {words['lln_title']}.")
    assert "lines" in text and "areas" in text
    k = axis_range(text, "x", words["k"])
    assert k == (data["k"].min(), data["k"].max())  # 1 and 5000, written out
    low, high = axis_range(text, "y", words["running"])
    assert low == pytest.approx(data["mean"].min(), rel=5e-3) and high == pytest.approx(data["mean"].max(), rel=5e-3)


def test_the_optimisers_losses_name_only_the_series_drawn_in_the_legends_order():
    s = surfaces.surface("quadratic")
    paths = optim.compare(s, 0.1, 50)
    gaps = surfaces.gaps(s, paths)
    chart, data = optimisation.surface_losses(gaps, paths, ["adam", "momentum"], 50)
    text = described(chart)
    names = optimisation.optimizer_names(paths)
    assert f"Series: {names['momentum']}, {names['adam']}." in text  # the legend lists momentum first
    low, high = axis_range(text, "y", "L − L*")
    drawn = data.gap[data.gap > 0]  # what a log axis shows
    assert low == pytest.approx(drawn.min(), rel=5e-3) and high == pytest.approx(drawn.max(), rel=5e-3)
    assert axis_range(text, "x", catalog("en")["optimisation"]["surfaces"]["step_axis"]) == (0, 50)


def test_a_plane_is_described_within_its_window_and_in_chinese_for_a_chinese_reader(monkeypatch):
    M = np.array([[2.0, 1.0], [0.0, 1.0]])
    args = (linalg.grid_lines(), linalg.transform_grid(M), linalg.unit_square(M), linalg.F_SHAPE)
    chart, data = linear_maps.linear_map(*args, linalg.transform(M, linalg.F_SHAPE), M, 2.0, extent=3.0)
    text = described(chart)
    # The moved grid reaches x = ±9; the picture, and so its description, stops at the window's ±3.
    assert data.x.abs().max() > 3 and "Horizontal axis: from -3 to 3." in text
    monkeypatch.setattr(i18n, "current", lambda: "zh")
    chinese = described(
        linear_maps.linear_map.__wrapped__(*args, linalg.transform(M, linalg.F_SHAPE), M, 2.0, extent=3.0)[0]
    )
    words = catalog("zh")["charts"]["describe"]
    assert words["axis_range"].format(axis=words["x"], low="-3", high="3") in chinese
    assert not re.search("[A-Za-z]{3,}", chinese.replace("A e", ""))  # no English word but the vectors' names


def test_a_chart_that_describes_itself_keeps_its_words_and_data_less_marks_are_hidden():
    data = pd.DataFrame({"x": [0.0, 1.0], "y": [1.0, 3.0]})
    line = alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")
    axis = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule().encode(y=alt.datum(0))
    perf.install()
    spec = charts.spec_of((line + axis).properties(description="Two points joined."))[0]
    assert spec["description"] == "Two points joined."
    assert spec["layer"][1]["mark"]["aria"] is False and "aria" not in str(spec["layer"][0]["mark"])


def test_a_live_chart_is_made_once_and_each_picture_sends_only_its_tables(monkeypatch):
    """draw_live: the spec of a shared figure on named data is made once; each picture swaps its tables, as Arrow."""

    @figure
    def dots(title: str) -> alt.LayerChart:
        frame = alt.Chart(pd.DataFrame({"x": [0.0, 1.0]})).mark_rule().encode(x="x:Q")  # inline: the chart's own
        return (alt.Chart(alt.NamedData("live")).mark_point().encode(x="x:Q", y="y:Q") + frame).properties(title=title)

    alt.data_transformers.register("arrow", perf.arrow_tables)  # as perf.install() does, without freezing the heap
    sent: list[dict] = []
    monkeypatch.setattr(charts.st, "vega_lite_chart", lambda spec, **options: sent.append(spec))
    made = []
    monkeypatch.setattr(charts.alt.LayerChart, "to_dict", lambda *a, **k: made.append(1) or original(*a, **k))
    original = alt.TopLevelMixin.to_dict
    pictures = [pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, np.inf]}), pd.DataFrame({"x": [5.0], "y": [6.0]})]
    for picture in pictures:
        charts.draw_live(dots("t"), {"live": picture}, canvas=True)
    assert len(made) == 1
    first, second = ({k: v for k, v in spec.items() if k != "datasets"} for spec in sent)
    assert first == second and first["usermeta"]["embedOptions"]["renderer"] == "canvas"
    for spec, picture in zip(sent, pictures, strict=True):
        tables = {name: pa.ipc.open_stream(arrow).read_all().to_pandas() for name, arrow in spec["datasets"].items()}
        assert tables.pop("live").equals(picture.replace(np.inf, np.nan))  # an infinity sent as missing
        assert [table.x.tolist() for table in tables.values()] == [[0.0, 1.0]]
