"""What ui.charts sends to the browser: a bounded number of points, never missing the ends; cells that sit
on their grid; a figure built once for every reader who needs the same one."""

import re

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from PIL import Image

from mathdl import linalg, optim, sampling, surfaces
from tests.helpers import pixels
from ui import charts, i18n, perf, raster
from ui.charts import PALETTE, SHARED_FIGURES, cell_scale, class_picture, class_pixels, figure, fingerprint, sample
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


def test_a_pixel_of_the_regions_is_its_grid_points_class_colour_as_strong_as_the_model_is_sure():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(3), size=(4, 5))  # rows along y, columns along x
    proba[0, 0] = 1 / 3  # undecided
    proba[3, 4] = [0, 0, 1]  # certain
    winner, confidence = proba.argmax(axis=2), proba.max(axis=2)
    for theme, ground in raster.BACKGROUNDS.items():
        picture = class_pixels(winner, confidence, 3, ground)
        assert picture.shape == (4, 5, 3)
        for j, i in np.ndindex(4, 5):
            # Pillow composites the class colour, at 0.6 of how sure the model is beyond guessing, on the background
            sure = (confidence[j, i] - 1 / 3) / (2 / 3)
            colour = Image.new("RGBA", (1, 1), PALETTE[winner[j, i]])
            colour.putalpha(round(255 * 0.6 * sure))
            expected = np.asarray(Image.alpha_composite(Image.new("RGBA", (1, 1), ground), colour))[0, 0, :3]
            assert np.abs(picture[3 - j, i].astype(int) - expected).max() <= 1, (theme, j, i)  # the top row first
        assert picture[3, 0].tolist() == raster.rgb([ground])[0].tolist()  # undecided: the background itself
    row = class_picture(winner, confidence, 3)
    assert list(row.columns) == ["light", "dark"] and len(row) == 1
    for theme, ground in raster.BACKGROUNDS.items():
        np.testing.assert_array_equal(pixels(row[theme].iloc[0]), class_pixels(winner, confidence, 3, ground))


def pictures(*urls: str) -> pd.DataFrame:
    return pd.DataFrame({"url": list(urls)})


def test_the_recent_pictures_are_numbered_oldest_first_and_a_rerun_of_the_same_one_adds_none():
    store: dict = {}
    first = charts.recent_pictures(store, "spec", pictures("a"))
    assert first.to_dict("list") == {"url": ["a"], "frame": [1]}
    assert charts.recent_pictures(store, "spec", pictures("a")).equals(first)  # the same picture: nothing new
    assert charts.recent_pictures(store, "spec", pictures("b")).to_dict("list") == {"url": ["a", "b"], "frame": [1, 2]}
    for url in "cdefghij":
        kept = charts.recent_pictures(store, "spec", pictures(url))
    # the tenth picture, the ninth, and the two latest of pictures 1, 5, 9, ...: the ninth and the fifth
    assert kept.to_dict("list") == {"url": ["e", "i", "j"], "frame": [5, 9, 10]}
    kept = charts.recent_pictures(store, "spec", pictures("k"))
    assert kept.to_dict("list") == {"url": ["e", "i", "j", "k"], "frame": [5, 9, 10, 11]}
    assert charts.recent_pictures(store, "another shape", pictures("j")).frame.tolist() == [1]  # its own numbers
    for k in range(charts.KEPT_CHARTS + 3):
        charts.recent_pictures(store, f"chart {k}", pictures("x"))
    assert len(store) == charts.KEPT_CHARTS


@pytest.mark.parametrize("seed", range(2))
def test_a_browser_that_skips_fewer_than_an_anchor_of_pictures_in_a_row_always_holds_one_it_has_decoded(seed):
    """A browser applies some updates and skips others; it draws what it holds of each table it applies."""
    rng = np.random.default_rng(seed)
    store: dict = {}
    holds: set[int] = set()
    skipped = 0
    for n in range(1, 200):
        table = charts.recent_pictures(store, "spec", pictures(f"picture {n}"))
        assert table.frame.iloc[-1] == n and table.frame.is_monotonic_increasing  # the newest drawn last, on top
        if n > 1 and skipped < charts.ANCHOR - 1 and rng.random() < 0.6:
            skipped += 1
            continue
        frames = set(table.frame)
        assert n == 1 or holds & frames, f"picture {n}: nothing decoded to draw while the new one decodes"
        holds, skipped = frames, 0  # decoded by the next update; one no longer in the table is dropped


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


def test_a_clear_mark_that_carries_a_legend_or_takes_clicks_is_not_named_among_the_marks_drawn():
    data = pd.DataFrame({"x": [0.0, 1.0], "y": [1.0, 3.0]})
    image = alt.Chart(data).mark_image().encode(x="x:Q", y="y:Q", url="x:N")
    legend = alt.Chart(data).mark_rect(opacity=0).encode(x="x:Q", color="y:Q")
    hits = alt.Chart(data).mark_rect(fillOpacity=0).encode(x="x:Q", y="y:Q")
    outline = alt.Chart(data).mark_rect(fillOpacity=0, stroke="red").encode(x="x:Q", y="y:Q")
    words = catalog("en")["charts"]["describe"]
    assert words["marks_are"].format(marks=words["marks"]["image"]) in described(image + legend + hits)
    assert words["marks_are"].format(marks=words["marks"]["rect"]) in described(outline + hits)


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
