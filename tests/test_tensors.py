"""Facts about tensor operations, checked against numpy and scipy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from mathdl import MathDLError, tensors

rng = np.random.default_rng(0)
shapes = st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple)
# Pairs that often broadcast: B takes A's sizes with some replaced by 1 and some axes dropped.
broadcastable = shapes.flatmap(
    lambda a: st.tuples(
        st.just(a),
        st.lists(st.booleans(), min_size=len(a), max_size=len(a)).map(
            lambda ones: tuple(1 if one else size for size, one in zip(a, ones, strict=True))
        ),
        st.integers(0, len(a) - 1),
    ).map(lambda t: (t[0], t[1][t[2] :]))
)


# --- shapes and broadcasting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shape"),
    [("8, 1, 6", (8, 1, 6)), ("(3,4)", (3, 4)), ("2x3x4", (2, 3, 4)), (" 7 ", (7,)), ("[5 1]", (5, 1))],
)
def test_shapes_are_read_in_the_ways_people_write_them(text, shape):
    assert tensors.parse_shape(text) == shape


@pytest.mark.parametrize("text", ["", "a, b", "3.5", "-2", "1,2,3,4,5,6,7", "__import__('os')", "9" * 50, "3;4"])
def test_anything_else_is_refused_with_a_message(text):
    with pytest.raises(MathDLError) as error:
        tensors.parse_shape(text, name="A")
    assert error.value.code in {"bad_shape_text", "out_of_range"}
    assert "A" in str(error.value)


def test_sizes_must_be_positive_and_bounded():
    with pytest.raises(MathDLError) as error:
        tensors.parse_shape("0, 3")
    assert error.value.code == "out_of_range"


@given(broadcastable)
def test_broadcast_shape_matches_numpy(pair):
    a, b = pair
    assert tensors.broadcast_shape(a, b) == np.broadcast_shapes(a, b)


@given(shapes, shapes)
def test_broadcasting_fails_exactly_when_numpy_does(a, b):
    try:
        expected = np.broadcast_shapes(a, b)
    except ValueError:
        with pytest.raises(MathDLError) as error:
            tensors.broadcast_shape(a, b)
        assert error.value.code == "shapes_do_not_broadcast"
    else:
        assert tensors.broadcast_shape(a, b) == expected


def test_the_clashing_axis_is_named_counting_from_the_right():
    with pytest.raises(MathDLError) as error:
        tensors.broadcast_shape((8, 4, 3), (2, 1))
    assert error.value.params == {"axis": -2, "a": 4, "b": 2}


def test_each_axis_says_which_side_is_stretched():
    rules = [axis.rule for axis in tensors.broadcast((8, 1, 6, 1), (7, 1, 5))]
    assert rules == ["stretch_b", "stretch_a", "stretch_b", "stretch_a"]


# --- einsum ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(tensors.EINSUM_EXAMPLES))
def test_every_einsum_example_matches_numpy(name):
    subscripts, operand_shapes = tensors.EINSUM_EXAMPLES[name]
    operands = [rng.standard_normal(shape) for shape in operand_shapes]
    assert_allclose(tensors.einsum(subscripts, *operands), np.einsum(subscripts, *operands), atol=1e-12)


@pytest.mark.parametrize(
    "subscripts", ["ij,jk,kl->il", "bij,bkj->bik", "ii->i", "iij->j", "ijk->kji", "i,j,k->ijk", "ij->"]
)
def test_more_contractions_match_numpy(subscripts):
    inputs = subscripts.split("->")[0].split(",")
    sizes = {letter: 2 + ord(letter) % 3 for letter in set("".join(inputs))}
    operands = [rng.standard_normal([sizes[c] for c in spec]) for spec in inputs]
    assert_allclose(tensors.einsum(subscripts, *operands), np.einsum(subscripts, *operands), atol=1e-12)


@pytest.mark.parametrize("subscripts", ["ij,jk", "ij->k", "ij->ii", "i,j->ij,", "IJ->", "ij,jk->ik,", ""])
def test_malformed_subscripts_are_refused(subscripts):
    with pytest.raises(MathDLError) as error:
        tensors.einsum(subscripts, np.ones((2, 2)), np.ones((2, 2)))
    assert error.value.code == "bad_subscripts"


def test_a_letter_with_two_sizes_is_refused():
    with pytest.raises(MathDLError) as error:
        tensors.einsum("ij,jk->ik", np.ones((2, 3)), np.ones((4, 2)))
    assert error.value.params == {"letter": "j", "first": 3, "second": 4}


def test_tiling_a_batch_puts_image_k_at_row_k_div_columns_and_column_k_mod_columns():
    batch = rng.standard_normal((7, 3, 2))
    grid = tensors.tile_batch(batch, columns=3)
    assert grid.shape == (3 * 3, 3 * 2)
    for k in range(7):
        r, c = divmod(k, 3)
        assert_allclose(grid[3 * r : 3 * r + 3, 2 * c : 2 * c + 2], batch[k])
    assert_allclose(grid[6:, 2:], 0)  # the two empty places


def test_a_colour_batch_is_tiled_channel_by_channel():
    batch = rng.random((5, 3, 2, 3))  # (N, H, W, C)
    grid = tensors.tile_batch(batch, columns=4)
    assert grid.shape == (6, 8, 3)
    for c in range(3):
        assert_allclose(grid[:, :, c], tensors.tile_batch(batch[..., c], columns=4))


def test_random_integer_tensors_are_whole_numbers_in_range_and_reproducible():
    A = tensors.random_integer_tensor((40, 40), np.random.default_rng(1))
    assert A.min() == -3 and A.max() == 3 and np.all(np.round(A) == A)
    assert_allclose(A, tensors.random_integer_tensor((40, 40), np.random.default_rng(1)))


# --- images and batches -----------------------------------------------------------------------


def test_a_pixel_is_numpys_index_into_the_first_two_axes():
    image = rng.integers(0, 256, (5, 7, 3)).astype(np.uint8)
    assert_allclose(tensors.pixel(image, 4, 6), image[4, 6, :])
    assert tensors.pixel(image, 0, 0).dtype == np.float64


@pytest.mark.parametrize(("i", "j", "name"), [(5, 0, "i"), (0, 7, "j"), (-1, 0, "i")])
def test_a_pixel_outside_the_image_is_refused_by_name(i, j, name):
    with pytest.raises(MathDLError) as error:
        tensors.pixel(np.zeros((5, 7, 3)), i, j)
    assert error.value.code == "out_of_range" and error.value.params["name"] == name


def test_a_pixel_needs_a_channel_axis():
    with pytest.raises(MathDLError) as error:
        tensors.pixel(np.zeros((5, 7)), 0, 0)
    assert error.value.code == "bad_shape"


@given(st.integers(1, 10), st.integers(0, 9))
def test_a_minibatch_is_numpys_slice_along_the_first_axis(n, start):
    data = rng.standard_normal((10, 3, 2))
    if start + n > 10:
        with pytest.raises(MathDLError):
            tensors.minibatch(data, n, start)
        return
    assert_allclose(tensors.minibatch(data, n, start), data[start : start + n])


def test_a_minibatch_is_a_copy():
    data = np.zeros((4, 2))
    tensors.minibatch(data, 2)[:] = 1
    assert not data.any()
