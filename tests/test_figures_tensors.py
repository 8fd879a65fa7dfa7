"""The figures of lesson 2 build from mathdl's numbers, and their tables hold what they draw."""

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from mathdl import augmentation, convolution, datasets, tensors
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


# --- Data augmentation --------------------------------------------------------------------------


def shown(expression: str, **names):
    """What an expression the page shows computes, with numpy as np and the names it uses."""
    return eval(compile(expression, "<shown>", "eval"), {"np": np}, names)  # our own strings, never a reader's


def test_each_expression_shown_computes_what_mathdl_computed():
    x = augmentation.to_float(datasets.sample_image("flower", max_side=96))
    rng = np.random.default_rng(3)
    top, left = augmentation.random_offsets(x.shape, 24, 24, rng)
    state = rng.bit_generator.state  # the noise is drawn next, from here
    for k in (1, 2, 3):
        code = figures.augmentation_code(k, (top, left, 24), 0.7, 0.2, (1, 2, 0))
        expected = {
            "flip": augmentation.flip(x),
            "rot90": augmentation.rot90(x, k),
            "crop": augmentation.crop(x, top, left, 24, 24),
            "brightness": augmentation.brightness(x, 0.7),
            "channels": augmentation.permute_channels(x, "gbr"),
        }
        for op, result in expected.items():
            assert_allclose(shown(code[op], x=x), result, err_msg=op)
        rng.bit_generator.state = state
        noisy = augmentation.add_noise(x, 0.2, rng)
        rng.bit_generator.state = state
        assert_allclose(shown(code["noise"], x=x, rng=rng), noisy)
        rng.bit_generator.state = state
    assert list(code) == list(figures.AUGMENTATIONS)


def test_on_a_batch_each_operation_is_the_images_one_axis_further_right():
    rng = np.random.default_rng(4)
    X, b = rng.random((3, 6, 6, 3)), np.array([0.5, 1.0, 1.5])
    names = {"t": 1, "h": 3, "l": 2, "w": 4, "order": [2, 0, 1], "σ": 0.0, "rng": rng}
    for op, (one, many) in figures.BATCH_CODE.items():
        batch = shown(many, X=X, b=b, **names)
        images = [shown(one, x=x, b=f, **names) for x, f in zip(X, b, strict=True)]
        assert_allclose(batch, np.stack(images), err_msg=op)
    lines = figures.batch_code_table().splitlines()
    assert lines[:2] == [TEXT["augment_batch"]["code_heading"], ""]
    for line, (op, (one, many)) in zip(lines[2:], figures.BATCH_CODE.items(), strict=True):
        assert line == f"- {TEXT['augment']['ops'][op]}: `{one}` → `{many}`"


def test_a_picture_is_drawn_at_twice_its_size_and_inside_the_unit_interval():
    x = np.array([[[0.2, 1.3, -0.1]]])
    big = figures.picture(x)
    assert big.shape == (2, 2, 3)
    assert_allclose(big[1, 1], [0.2, 1.0, 0.0])


def test_the_choices_table_has_a_row_per_image_with_what_it_drew():
    grown = augmentation.grow_batch(np.random.default_rng(5).random((2, 8, 8, 3)), 2, np.random.default_rng(6))
    frame = figures.augmentation_choices(grown, ["temple", "flower"])
    a = TEXT["augment_batch"]
    assert len(frame) == 6
    assert frame[a["photo"]].tolist() == ["temple", "flower"] * 3
    assert frame[a["turns"]].tolist() == grown.turns.tolist()
    assert frame[a["shift"]].tolist()[:2] == ["(+0, +0)", "(+0, +0)"]
    assert frame[a["order"]].tolist()[0] == "[0, 1, 2]"
    assert frame[a["flipped"]].tolist()[2:] == [a["yes"] if f else a["no"] for f in grown.flipped[2:]]
