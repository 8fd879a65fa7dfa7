"""Data augmentation against numpy's own operations (np.flip, np.rot90, slicing, np.pad, np.take), and its laws."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from mathdl import MathDLError, augmentation

# Small images and batches: (H, W, C) or (N, H, W, C), values in [0, 1].
shapes = st.tuples(st.integers(1, 5), st.integers(1, 6), st.integers(1, 4)) | st.tuples(
    st.integers(1, 3), st.integers(1, 5), st.integers(1, 6), st.integers(1, 4)
)
images = shapes.flatmap(lambda s: st.integers(0, 2**32 - 1).map(lambda seed: np.random.default_rng(seed).random(s)))


def spatial_axes(x):
    """The (H, W) axes numpy is told about: (0, 1) for an image, (1, 2) for a batch."""
    return (x.ndim - 3, x.ndim - 2)


# --- Index operations: only where a value sits changes ---------------------------------------------------


@settings(max_examples=40)
@given(images)
def test_a_flip_is_numpys_flip_of_the_width_axis_and_twice_is_nothing(x):
    flipped = augmentation.flip(x)
    assert_array_equal(flipped, np.flip(x, axis=spatial_axes(x)[1]))
    assert_array_equal(augmentation.flip(flipped), x)


@settings(max_examples=40)
@given(images, st.integers(0, 3))
def test_a_rotation_is_numpys_rot90_and_four_make_a_full_turn(x, k):
    turned = augmentation.rot90(x, k)
    assert_array_equal(turned, np.rot90(x, k, axes=spatial_axes(x)))
    for _ in range(3):
        turned = augmentation.rot90(turned, k)
    assert_array_equal(turned, x)


def test_an_odd_quarter_turn_swaps_height_and_width():
    x = np.zeros((2, 64, 96, 3))
    assert augmentation.rot90(x, 1).shape == augmentation.rot90(x, 3).shape == (2, 96, 64, 3)
    assert augmentation.rot90(x, 2).shape == x.shape


@settings(max_examples=40)
@given(images, st.data())
def test_a_crop_is_a_slice_of_the_requested_shape(x, data):
    h, w, c = x.shape[-3:]
    height, width = data.draw(st.integers(1, h)), data.draw(st.integers(1, w))
    top, left = data.draw(st.integers(0, h - height)), data.draw(st.integers(0, w - width))
    window = augmentation.crop(x, top, left, height, width)
    assert window.shape == (*x.shape[:-3], height, width, c)
    assert_array_equal(window, x[..., top : top + height, left : left + width, :])


def test_random_offsets_reach_every_window_and_no_other():
    rng = np.random.default_rng(0)
    drawn = {augmentation.random_offsets((10, 12, 3), 8, 9, rng) for _ in range(2000)}
    assert drawn == {(t, left) for t in range(3) for left in range(4)}


def test_the_centre_crop_is_the_middle_window():
    x = np.random.default_rng(1).random((64, 96, 3))
    assert_array_equal(augmentation.center_crop(x, 64, 64), x[:, 16:80])


@settings(max_examples=40)
@given(images, st.integers(0, 3))
def test_padding_is_numpys_zero_padding_of_height_and_width(x, p):
    widths = [(0, 0)] * (x.ndim - 3) + [(p, p), (p, p), (0, 0)]
    assert_array_equal(augmentation.pad(x, p), np.pad(x, widths))


@settings(max_examples=40)
@given(images, st.data())
def test_a_channel_permutation_is_numpys_take_and_its_inverse_undoes_it(x, data):
    order = tuple(data.draw(st.permutations(range(x.shape[-1]))))
    permuted = augmentation.permute_channels(x, order)
    assert_array_equal(permuted, np.take(x, order, axis=-1))
    assert_array_equal(augmentation.permute_channels(permuted, tuple(np.argsort(order))), x)


def test_the_named_orders_are_the_six_permutations_of_rgb():
    x = np.array([[[0.1, 0.2, 0.3]]])
    assert sorted(augmentation.CHANNEL_ORDERS.values()) == sorted(
        tuple(int(i) for i in p) for p in np.array(np.meshgrid(*[range(3)] * 3)).T.reshape(-1, 3) if len(set(p)) == 3
    )
    assert_allclose(augmentation.permute_channels(x, "gbr").ravel(), [0.2, 0.3, 0.1])


# --- Arithmetic: the values change --------------------------------------------------------------------


@settings(max_examples=40)
@given(images, st.floats(0, 3))
def test_brightness_scales_and_clips_and_a_factor_of_one_changes_nothing(x, b):
    assert_allclose(augmentation.brightness(x, b), np.clip(b * x, 0, 1))
    assert_array_equal(augmentation.brightness(x, 1.0), x)


def test_one_factor_per_image_broadcasts_over_the_image_axes():
    X = np.random.default_rng(2).random((3, 4, 5, 3))
    b = np.array([0.5, 1.0, 2.0])
    together = augmentation.brightness(X, b[:, None, None, None])
    assert_allclose(together, np.stack([augmentation.brightness(x, f) for x, f in zip(X, b, strict=True)]))


@pytest.mark.parametrize("sigma", [0.05, 0.3])
def test_the_noise_has_the_requested_mean_and_standard_deviation(sigma):
    x = np.full((64, 96, 3), 0.5)
    n = x.size
    noise = augmentation.add_noise(x, sigma, np.random.default_rng(3), clip=False) - x
    # Five standard errors: the sample mean's is σ/√n, the sample deviation's about σ/√(2n).
    assert abs(noise.mean()) < 5 * sigma / np.sqrt(n)
    assert abs(noise.std() - sigma) < 5 * sigma / np.sqrt(2 * n)


def test_clipped_noise_is_the_same_noise_clipped_into_the_unit_interval():
    x = np.random.default_rng(4).random((8, 8, 3))
    raw = augmentation.add_noise(x, 0.5, np.random.default_rng(5), clip=False)
    clipped = augmentation.add_noise(x, 0.5, np.random.default_rng(5))
    assert_array_equal(clipped, np.clip(raw, 0, 1))
    assert_array_equal(raw, x + 0.5 * np.random.default_rng(5).standard_normal(x.shape))


def test_levels_become_floats_in_the_unit_interval():
    assert_allclose(augmentation.to_float(np.array([[[0, 51, 255]]], dtype=np.uint8)).ravel(), [0, 0.2, 1])


# --- A batch augmented at random, and grown -------------------------------------------------------------


def reference(x, flipped, k, shift, order, b, padding):
    """One augmented image by numpy's own operations, from the choices the batch reports (no noise)."""
    y = np.rot90(np.flip(x, axis=1) if flipped else x, k)
    h, w = x.shape[:2]
    top, left = padding - shift[0], padding - shift[1]  # the picture moves down by shift[0], right by shift[1]
    y = np.pad(y, [(padding, padding), (padding, padding), (0, 0)])[top : top + h, left : left + w]
    return np.clip(b * np.take(y, order, axis=-1), 0, 1)


def test_each_augmented_image_is_numpys_pipeline_with_the_choices_it_reports():
    X = np.random.default_rng(6).random((5, 10, 10, 3))
    out = augmentation.augment(X, np.random.default_rng(7), sigma=0.0, padding=3, permute_p=0.5)
    assert out.images.shape == X.shape and out.images.min() >= 0 and out.images.max() <= 1
    for i in range(len(X)):
        expected = reference(X[i], out.flipped[i], out.turns[i], out.shifts[i], out.orders[i], out.factors[i], 3)
        assert_allclose(out.images[i], expected)
    assert set(out.turns) <= {0, 1, 2, 3} and np.all(np.abs(out.shifts) <= 3)
    assert np.all((out.factors >= 0.6) & (out.factors <= 1.4))


def test_a_batch_that_is_not_square_is_turned_only_by_half_turns():
    out = augmentation.augment(np.zeros((40, 4, 6, 3)), np.random.default_rng(8))
    assert set(out.turns) == {0, 2} and out.images.shape == (40, 4, 6, 3)


def test_growing_a_batch_appends_augmented_copies_and_the_seed_reproduces_it():
    X = np.random.default_rng(9).random((2, 8, 8, 3))
    grown = augmentation.grow_batch(X, 3, np.random.default_rng(10))
    assert grown.images.shape == (8, 8, 8, 3)
    assert_array_equal(grown.images[:2], X)
    assert grown.source.tolist() == [0, 1] * 4
    rng = np.random.default_rng(10)
    rounds = [augmentation.augment(X, rng).images for _ in range(3)]
    assert_array_equal(grown.images[2:], np.concatenate(rounds))
    again = augmentation.grow_batch(X, 3, np.random.default_rng(10))
    assert_array_equal(again.images, grown.images)
    assert_array_equal(augmentation.grow_batch(X, 0, np.random.default_rng(10)).images, X)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: augmentation.flip(np.zeros((3, 3))), "bad_shape"),
        (lambda: augmentation.rot90(np.zeros((3, 3, 3)), 4), "out_of_range"),
        (lambda: augmentation.crop(np.zeros((4, 4, 3)), 1, 0, 4, 4), "out_of_range"),
        (lambda: augmentation.brightness(np.zeros((2, 2, 3)), -1.0), "out_of_range"),
        (lambda: augmentation.add_noise(np.zeros((2, 2, 3)), 2.0, np.random.default_rng(0)), "out_of_range"),
        (lambda: augmentation.permute_channels(np.zeros((2, 2, 3)), (0, 0, 1)), "bad_shape"),
        (lambda: augmentation.permute_channels(np.zeros((2, 2, 3)), "xyz"), "unknown_choice"),
        (lambda: augmentation.grow_batch(np.zeros((2, 4, 4, 3)), 16, np.random.default_rng(0)), "out_of_range"),
        (lambda: augmentation.augment(np.zeros((4, 4, 3)), np.random.default_rng(0)), "bad_shape"),
    ],
)
def test_bad_input_is_refused_with_a_code(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code


def test_nothing_is_changed_in_place():
    x = np.random.default_rng(11).random((2, 6, 6, 3))
    before = x.copy()
    for result in (augmentation.flip(x), augmentation.rot90(x), augmentation.crop(x, 0, 0, 3, 3)):
        result[...] = 0
    augmentation.grow_batch(x, 2, np.random.default_rng(0))
    assert_array_equal(x, before)
