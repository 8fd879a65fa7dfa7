"""Convolution and pooling, as CNNs compute them: which window each output sees, and what it sums.

A 2-D convolution (strictly a cross-correlation) slides a small kernel over an image and sums
the products in each window; pooling keeps one number per window. The tests compare both with
``scipy.signal.correlate2d`` and with reshaped blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import as_matrix, check_choice, check_range

MAX_SIZE = 1024  # the largest kernel, padding or stride accepted


def conv_output_size(width: int, kernel: int, padding: int = 0, stride: int = 1) -> int:
    """How many positions a kernel takes along one axis: ⌊(W − K + 2P) / S⌋ + 1.

    Parameters
    ----------
    width : int
        The input's size W along the axis.
    kernel : int in [1, 1024]
        The kernel's size K along the axis.
    padding : int in [0, 1024]
        Zeros P added on each side.
    stride : int in [1, 1024]
        The step S between two positions.

    Returns
    -------
    int
        The output's size along the axis.

    Examples
    --------
    >>> conv_output_size(28, 3, padding=1, stride=2)
    14
    """
    check_range("kernel", kernel, 1, MAX_SIZE)
    check_range("padding", padding, 0, MAX_SIZE)
    check_range("stride", stride, 1, MAX_SIZE)
    if width + 2 * padding < kernel:
        raise MathDLError("kernel_too_large", kernel=kernel, width=width + 2 * padding)
    return (width - kernel + 2 * padding) // stride + 1


def _windows(x: NDArray[np.float64], size: tuple[int, int], stride: int) -> NDArray[np.float64]:
    """Every ``size`` window of a 2-D array, at steps of ``stride``: shape (H', W', kh, kw)."""
    windows = np.lib.stride_tricks.sliding_window_view(x, size)  # (H-kh+1, W-kw+1, kh, kw)
    return windows[::stride, ::stride]


KERNELS: dict[str, NDArray[np.float64]] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "blur": np.full((3, 3), 1 / 9),
    "gaussian": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "edge": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=float),
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),  # responds to vertical edges
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float),  # responds to horizontal edges
}
for _kernel in KERNELS.values():
    _kernel.setflags(write=False)


def kernel(name: str) -> NDArray[np.float64]:
    """One of the classic 3 × 3 kernels of :data:`KERNELS`, by name (a copy the caller may change).

    Parameters
    ----------
    name : str
        A key of :data:`KERNELS`: identity, blur, gaussian, sharpen, edge, sobel_x or sobel_y.

    Returns
    -------
    ndarray of shape (3, 3)
        The kernel's weights.

    Examples
    --------
    >>> kernel("sobel_x")
    array([[-1.,  0.,  1.],
           [-2.,  0.,  2.],
           [-1.,  0.,  1.]])
    """
    return KERNELS[check_choice("name", name, KERNELS)].copy()


def conv2d(image: ArrayLike, kernel: ArrayLike, stride: int = 1, padding: int = 0) -> NDArray[np.float64]:
    """2-D convolution as CNNs compute it (cross-correlation): slide, multiply, sum.

    out[i, j] = Σ_{u,v} x[i·S + u, j·S + v] · k[u, v], over the zero-padded input x.

    Parameters
    ----------
    image : array_like of shape (H, W)
        The input, finite numbers.
    kernel : array_like of shape (kh, kw)
        The weights.
    stride : int ≥ 1
        The step S between windows.
    padding : int ≥ 0
        Rows and columns of zeros P added on every side.

    Returns
    -------
    ndarray of shape (⌊(H − kh + 2P)/S⌋ + 1, ⌊(W − kw + 2P)/S⌋ + 1)
        The feature map.

    Examples
    --------
    >>> conv2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]])
    array([[-4., -4.],
           [-4., -4.]])
    """
    x, k = as_matrix(image, "image"), as_matrix(kernel, "kernel")
    for axis in (0, 1):
        conv_output_size(x.shape[axis], k.shape[axis], padding, stride)
    windows = _windows(np.pad(x, padding), (k.shape[0], k.shape[1]), stride)  # (H', W', kh, kw)
    out: NDArray[np.float64] = np.einsum("ijuv,uv->ij", windows, k)
    return out


@dataclass(frozen=True)
class ConvWindow:
    """One position of the kernel: where it sits, the patch it covers, the nine products and their sum."""

    row: int  # the output pixel (row, col) it computes
    col: int
    top: int  # the patch's top-left corner in the zero-padded input
    left: int
    patch: NDArray[np.float64]  # (kh, kw) the input under the kernel
    products: NDArray[np.float64]  # (kh, kw) patch × kernel, entry by entry
    total: float  # Σ products = out[row, col]


def conv_window(image: ArrayLike, kernel: ArrayLike, k: int, stride: int = 1, padding: int = 0) -> ConvWindow:
    """The k-th position of the sliding kernel, in reading order, and the output pixel it computes.

    Position k is output pixel (i, j) = (k // W', k mod W'); its patch is x_pad[iS : iS + kh, jS : jS + kw]
    and out[i, j] = Σ_{u,v} patch[u, v] · kernel[u, v], as :func:`conv2d` computes every pixel at once.

    Parameters
    ----------
    image : array_like of shape (H, W)
        The input.
    kernel : array_like of shape (kh, kw)
        The weights.
    k : int in [0, H'·W' − 1]
        The position, counted row by row over the output (H', W').
    stride, padding : int
        As for :func:`conv2d`.

    Returns
    -------
    ConvWindow
        The output pixel, the patch's corner in the padded input, the patch, the products and their sum.

    Examples
    --------
    >>> w = conv_window([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], 3)
    >>> (w.row, w.col), w.patch.tolist(), w.total
    ((1, 1), [[5.0, 6.0], [8.0, 9.0]], -4.0)
    """
    x, w = as_matrix(image, "image"), as_matrix(kernel, "kernel")
    size = [conv_output_size(x.shape[axis], w.shape[axis], padding, stride) for axis in (0, 1)]
    check_range("k", k, 0, size[0] * size[1] - 1)
    row, col = divmod(k, size[1])
    top, left = row * stride, col * stride
    patch = np.pad(x, padding)[top : top + w.shape[0], left : left + w.shape[1]]  # (kh, kw)
    products = patch * w
    return ConvWindow(row, col, top, left, patch, products, float(products.sum()))


def max_pool(windows: NDArray[np.float64]) -> NDArray[np.float64]:
    """The largest value of each window: windows (H', W', s, s) → (H', W').

    Parameters
    ----------
    windows : ndarray of shape (H', W', s, s)
        The windows, as :func:`pool2d` cuts them.

    Returns
    -------
    ndarray of shape (H', W')
        Each window's maximum.

    Examples
    --------
    >>> max_pool(np.arange(4.0).reshape(1, 1, 2, 2))
    array([[3.]])
    """
    return np.asarray(windows.max(axis=(2, 3)), dtype=float)


def avg_pool(windows: NDArray[np.float64]) -> NDArray[np.float64]:
    """The mean value of each window: windows (H', W', s, s) → (H', W').

    Parameters
    ----------
    windows : ndarray of shape (H', W', s, s)
        The windows, as :func:`pool2d` cuts them.

    Returns
    -------
    ndarray of shape (H', W')
        Each window's mean.

    Examples
    --------
    >>> avg_pool(np.arange(4.0).reshape(1, 1, 2, 2))
    array([[1.5]])
    """
    return np.asarray(windows.mean(axis=(2, 3)), dtype=float)


POOLS: dict[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]] = {"max": max_pool, "avg": avg_pool}


def pool2d(x: ArrayLike, size: int = 2, stride: int | None = None, mode: str = "max") -> NDArray[np.float64]:
    """Max or average pooling: each output is the largest (or mean) value of its window.

    out[i, j] = max (or mean) of x[i·S + u, j·S + v] over 0 ≤ u, v < size.

    Parameters
    ----------
    x : array_like of shape (H, W)
        A feature map.
    size : int ≥ 1
        The window is size × size.
    stride : int or None
        The step between windows; by default ``size`` (windows that do not overlap).
    mode : {"max", "avg"}
        A key of :data:`POOLS`.

    Returns
    -------
    ndarray of shape (⌊(H − size)/S⌋ + 1, ⌊(W − size)/S⌋ + 1)
        The pooled map.

    Examples
    --------
    >>> pool2d([[1, 2], [3, 4]], 2, mode="avg")
    array([[2.5]])
    """
    pool = POOLS[check_choice("mode", mode, POOLS)]
    grid = as_matrix(x, "x")
    step = size if stride is None else stride
    for axis in (0, 1):
        conv_output_size(grid.shape[axis], size, 0, step)
    return pool(_windows(grid, (size, size), step))
