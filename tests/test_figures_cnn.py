"""Facts about the convolutional network's figures: each builds, its tidy data hold what it draws, and
its small images keep their size whatever the number of panels."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from ui.figures import cnn as figures
from ui.i18n import catalog

EN = catalog("en")["neural_networks"]["cnn"]
rng = np.random.default_rng(0)


def spec(chart) -> dict:
    return chart.to_dict(validate=False)


def test_cells_lay_out_a_stack_of_images_one_row_per_pixel():
    stack = rng.random((3, 4, 5))
    frame = figures.cells(stack, caption=["a", "b", "c"], kind="k")
    assert len(frame) == 60 and sorted(frame.panel.unique()) == [1, 2, 3]
    picked = frame[(frame.panel == 2) & (frame.row == 3) & (frame.col == 4)]
    assert picked.value.item() == stack[1, 3, 4] and picked.caption.item() == "b" and picked.kind.item() == "k"


@pytest.mark.parametrize(("count", "across", "down"), [(1, 1, 1), (4, 4, 1), (8, 4, 2), (13, 4, 4)])
def test_panels_are_four_a_row_each_of_the_same_size(count, across, down):
    chart, _ = figures.feature_maps(rng.random((8, 8, count)), title="maps")
    s = spec(chart)
    assert s["width"] == across * figures.PANEL + (across - 1) * figures.GAP
    assert s["height"] == down * figures.PANEL + (down - 1) * figures.GAP
    assert s["autosize"] == {"type": "pad"}  # the title and legend go around the panels, not into them
    assert s["title"]["limit"] == figures.TITLE_LIMIT  # not the panels' width: one panel is only 64 px
    assert across * figures.PANEL + (across - 1) * figures.GAP <= 358  # a phone's column at 390 px


def test_a_panel_is_drawn_where_its_number_says_in_cells_of_one_size():
    """Panel p (from 1) sits in column (p − 1) mod 4 and row ⌊(p − 1)/4⌋, an image and a gap apart."""
    chart, frame = figures.feature_maps(rng.random((4, 4, 8)), title="maps")
    cells = chart.data
    assert_array_equal(cells[["panel", "row", "col", "value"]], frame)  # the tidy cells, placed
    cell = cells[(cells.panel == 6) & (cells.row == 1) & (cells.col == 2)].iloc[0]
    pitch, unit = figures.PANEL + figures.GAP, figures.PANEL / 4  # pixels from image to image; a cell
    assert (cell.x, cell.y) == (1 * pitch + 2 * unit, 1 * pitch + 1 * unit)  # column 1, row 1 of the panels
    assert (cell.x2 - cell.x, cell.y2 - cell.y) == (unit, unit)
    assert spec(chart)["encoding"]["x"]["scale"]["domain"] == [0, 4 * pitch - figures.GAP]


def test_the_kernels_are_drawn_on_a_scale_centred_on_zero():
    K = rng.standard_normal((8, 3, 3))
    chart, frame = figures.kernels(K)
    assert_allclose(frame.value, K.ravel())
    scale = spec(chart)["encoding"]["color"]["scale"]
    assert scale["domain"] == [-np.abs(K).max(), np.abs(K).max()] and scale["scheme"] == "blueorange"
    assert spec(chart)["title"]["text"] == EN["kernels_title"].format(count=8, k=3)


def test_the_feature_maps_take_the_networks_channels_last_layout():
    maps = rng.random((4, 4, 3))  # (h, w, F)
    _, frame = figures.feature_maps(maps, title="maps")
    for f in range(3):
        assert_array_equal(frame[frame.panel == f + 1].value.to_numpy().reshape(4, 4), maps[:, :, f])


def test_the_mistakes_are_captioned_true_then_predicted():
    X, y, predicted = rng.random((6, 8, 8)), np.array([1, 2, 3, 4, 5, 6]), np.array([1, 7, 3, 9, 5, 0])
    chart, frame = figures.mistakes(X, y, predicted, np.array([3, 1]), title="wrong")
    assert list(frame.drop_duplicates("panel").caption) == ["4 → 9", "2 → 7"]
    assert_array_equal(frame[frame.panel == 1].value.to_numpy().reshape(8, 8), X[3])
    assert spec(chart)["title"]["text"] == ["wrong", EN["answer"]]
    words = spec(chart)["layer"][2]
    assert words["mark"]["type"] == "text" and words["encoding"]["text"]["field"] == "caption"
    assert words["mark"]["color"] == "black" and spec(chart)["layer"][1]["mark"]["color"] == figures.BAND


def test_the_answer_marks_the_true_digit():
    p = np.full(10, 0.05)
    p[7] = 0.55
    chart, frame = figures.answer(p, 7)
    assert_allclose(frame.p.sum(), 1.0) and frame.true.tolist() == [d == 7 for d in range(10)]
    assert spec(chart)["encoding"]["y"]["scale"]["domain"] == [0, 1]


@pytest.mark.parametrize("percent", [False, True])
def test_the_curves_have_a_row_per_epoch_and_set(percent):
    epoch = np.arange(1, 6)
    series = {"train": np.linspace(1, 0.1, 5), "test": np.linspace(1.2, 0.3, 5)}
    chart, frame = figures.curves(epoch, series, title="t", y_title="y", percent=percent)
    assert len(frame) == 10
    assert_allclose(frame[frame.set == "test"].value, series["test"])
    y = spec(chart)["encoding"]["y"]
    assert (y["axis"]["format"] == ".0%") == percent and (y["scale"].get("type") == "log") != percent
    _, empty = figures.curves([], {"train": [], "test": []}, title="t", y_title="y", percent=percent)
    assert len(empty) == 0


def test_the_confusion_matrix_colours_right_wrong_and_never_and_writes_counts_above_zero():
    C = np.diag([3, 4, 5])
    C[0, 2] = 2
    chart, frame = figures.confusion(C)
    assert len(frame) == 9 and frame["count"].sum() == 14
    kinds = frame.set_index(["true", "predicted"]).kind
    assert kinds[(1, 1)] == 0 and kinds[(0, 2)] == 1 and kinds[(2, 0)] == 2
    rects, counts = spec(chart)["layer"]
    assert rects["encoding"]["color"]["scale"]["range"] == [figures.RIGHT, figures.WRONG, figures.NONE]
    assert counts["transform"] == [{"filter": "datum.count > 0"}]
    assert spec(chart)["title"] == EN["confusion_title"].format(n=14)
