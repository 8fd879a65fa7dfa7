"""Facts about convolution and pooling, checked against scipy and reshaped blocks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.signal import correlate2d

from mathdl import MathDLError, convolution

rng = np.random.default_rng(0)


# --- convolution and pooling --------------------------------------------------------------


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("kernel", list(convolution.KERNELS))
def test_conv2d_is_scipys_cross_correlation_for_every_stride_and_padding(kernel, stride, padding):
    image = rng.standard_normal((9, 11))
    k = convolution.KERNELS[kernel]
    expected = correlate2d(np.pad(image, padding), k, mode="valid")[::stride, ::stride]
    assert_allclose(convolution.conv2d(image, k, stride, padding), expected, atol=1e-12)


@given(st.integers(3, 30), st.integers(1, 5), st.integers(0, 3), st.integers(1, 4))
def test_output_size_formula_counts_the_windows(width, kernel, padding, stride):
    if width + 2 * padding < kernel:
        return
    out = convolution.conv2d(np.ones((width, width)), np.ones((kernel, kernel)), stride, padding)
    assert out.shape == (convolution.conv_output_size(width, kernel, padding, stride),) * 2


def test_identity_kernel_leaves_the_image_and_blur_keeps_a_constant():
    image = rng.standard_normal((6, 6))
    assert_allclose(convolution.conv2d(image, convolution.KERNELS["identity"], padding=1), image)
    assert_allclose(convolution.conv2d(np.full((5, 5), 2.0), convolution.KERNELS["blur"]), 2.0)


def test_sobel_x_sees_a_vertical_edge_and_not_a_horizontal_one():
    vertical = np.tile([0, 0, 1, 1], (4, 1)).astype(float)
    assert np.abs(convolution.conv2d(vertical, convolution.KERNELS["sobel_x"])).max() > 0
    assert_allclose(convolution.conv2d(vertical, convolution.KERNELS["sobel_y"]), 0)


def test_a_kernel_larger_than_the_input_is_explained():
    with pytest.raises(MathDLError) as error:
        convolution.conv2d(np.ones((2, 2)), np.ones((3, 3)))
    assert error.value.code == "kernel_too_large"


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pooling_takes_each_windows_max_or_mean(mode):
    x = rng.standard_normal((6, 8))
    blocks = x.reshape(3, 2, 4, 2).swapaxes(1, 2)  # (3, 4, 2, 2): the 2x2 windows
    expected = blocks.max(axis=(2, 3)) if mode == "max" else blocks.mean(axis=(2, 3))
    assert_allclose(convolution.pool2d(x, 2, mode=mode), expected)


def test_pooling_refuses_unknown_modes():
    with pytest.raises(MathDLError) as error:
        convolution.pool2d(np.ones((4, 4)), mode="median")
    assert error.value.code == "unknown_choice"


@pytest.mark.parametrize("name", list(convolution.KERNELS))
def test_a_kernel_by_name_is_a_writable_copy_of_the_registry(name):
    K = convolution.kernel(name)
    assert_allclose(K, convolution.KERNELS[name])
    K[0, 0] = 99.0
    assert convolution.KERNELS[name][0, 0] != 99.0


def test_an_unknown_kernel_is_refused_with_the_known_names():
    with pytest.raises(MathDLError) as error:
        convolution.kernel("emboss")
    assert error.value.code == "unknown_choice" and error.value.params["allowed"] == list(convolution.KERNELS)


def test_the_pooling_registry_takes_each_windows_max_and_mean():
    windows = rng.standard_normal((3, 4, 2, 2))
    assert_allclose(convolution.POOLS["max"](windows), windows.max(axis=(2, 3)))
    assert_allclose(convolution.POOLS["avg"](windows), windows.mean(axis=(2, 3)))


def test_conv_window_is_scipys_correlation_at_every_position_in_reading_order():
    from scipy.signal import correlate2d

    from mathdl.convolution import conv_window

    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(7, 9)), rng.normal(size=(3, 2))
    for stride, padding in [(1, 0), (2, 1), (3, 2)]:
        padded = np.pad(x, padding)
        expected = correlate2d(padded, w, mode="valid")[::stride, ::stride]
        for k in range(expected.size):
            window = conv_window(x, w, k, stride=stride, padding=padding)
            assert (window.row, window.col) == divmod(k, expected.shape[1])
            np.testing.assert_allclose(window.products, window.patch * w)
            assert window.total == pytest.approx(expected[window.row, window.col], rel=1e-12, abs=1e-12)
    with pytest.raises(ValueError):
        conv_window(x, w, expected.size, stride=3, padding=2)
