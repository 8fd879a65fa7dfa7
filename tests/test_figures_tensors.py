"""The figures of lesson 2 build from mathdl's numbers, and their tables hold what they draw."""

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from mathdl import convolution, tensors
from ui.figures import tensors as figures
from ui.i18n import catalog

TEXT = catalog("en")["tensors"]


def test_the_broadcast_table_has_one_row_per_axis_counted_from_the_right():
    frame = figures.broadcast_table(tensors.broadcast((8, 1, 6, 1), (7, 1, 5)))
    b = TEXT["broadcast"]
    assert list(frame.columns) == [b["axis"], "A", "B", b["result"], b["rule"]]
    assert frame[b["axis"]].tolist() == ["-4", "-3", "-2", "-1"]
    assert frame[b["result"]].tolist() == [str(s) for s in np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5))]
    assert frame[b["rule"]].tolist()[:2] == [b["rules"]["stretch_b"], b["rules"]["stretch_a"]]


def test_a_clash_is_marked_on_its_axis():
    frame = figures.broadcast_table(tensors.broadcast((3, 4), (3,)))
    assert frame[TEXT["broadcast"]["result"]].tolist() == ["3", "✗"]


def test_the_kernel_figure_shows_every_weight_once():
    K = convolution.kernel("sobel_x")
    chart, cells = figures.kernel(K)
    assert len(cells) == 9 and set(cells.columns) >= {"row", "col", "value"}
    assert_allclose(cells.sort_values(["row", "col"])["value"], K.ravel())
    assert chart.to_dict()["title"] == TEXT["conv"]["kernel_title"]


def test_einsum_draws_each_operand_and_the_result_and_tables_every_entry():
    rng = np.random.default_rng(0)
    A, B = tensors.random_integer_tensor((2, 2, 3), rng), tensors.random_integer_tensor((2, 3, 2), rng)
    result = tensors.einsum("bij,bjk->bik", A, B)
    chart, data = figures.einsum([A, B], result)
    spec = chart.to_dict()
    assert len(spec["hconcat"]) == 3  # A, B, result
    assert len(spec["hconcat"][0]["hconcat"]) == 2  # a 3-axis tensor: one grid per batch index
    assert data.groupby("tensor").size().to_dict() == {"A": A.size, "B": B.size, "result": result.size}
    rows = data[data.tensor == "result"]
    assert_allclose(rows.sort_values(["axis0", "axis1", "axis2"])["value"], result.ravel())


def test_a_scalar_result_is_one_cell():
    chart, data = figures.einsum([np.eye(3)], tensors.einsum("ii->", np.eye(3)))
    assert isinstance(data, pd.DataFrame)
    assert data[data.tensor == "result"]["value"].tolist() == [3.0]
    assert chart.to_dict()["hconcat"][1]["title"] == TEXT["einsum"]["result"]
