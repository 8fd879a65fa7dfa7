"""Tensors: shapes, broadcasting, convolution, pooling and einsum, from their rules.

A tensor here is a numpy array; what the lesson adds is the rule behind each
operation, written out: how shapes line up, which window each output sees,
which axes a contraction sums over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from mathdl.errors import MathDLError

MAX_DIMS = 6
MAX_SIZE = 1024


def parse_shape(text: str, name: str = "shape") -> tuple[int, ...]:
    """Read a shape such as ``"8, 1, 6"``, ``"(8, 1, 6)"`` or ``"8x1x6"``.

    Parameters
    ----------
    text : str, whole numbers in [1, 1024] separated by commas, spaces or x; at most 6 of them.

    Examples
    --------
    >>> parse_shape("(8, 1, 6)")
    (8, 1, 6)
    """
    parts = [p for p in re.split(r"[\s,x×*]+", text.strip().strip("()[]")) if p]
    if not 1 <= len(parts) <= MAX_DIMS or not all(p.isdecimal() and len(p) <= 4 for p in parts):
        raise MathDLError("bad_shape_text", name=name, value=text[:40], dims=MAX_DIMS)
    shape = tuple(int(p) for p in parts)
    if not all(1 <= s <= MAX_SIZE for s in shape):
        raise MathDLError("out_of_range", name=name, low=1, high=MAX_SIZE, value=shape)
    return shape


@dataclass(frozen=True)
class BroadcastAxis:
    """One axis of two shapes aligned from the right, and what broadcasting does with it."""

    a: int  # size in A (1 where A has fewer axes)
    b: int
    result: int | None  # None: the sizes clash
    rule: str  # "equal", "stretch_a", "stretch_b" or "clash"


def broadcast(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> list[BroadcastAxis]:
    """Line two shapes up from the right and apply NumPy's broadcasting rule axis by axis.

    Missing leading axes count as size 1; two sizes are compatible when they are equal
    or one of them is 1, which is then stretched to the other.

    Returns
    -------
    list of BroadcastAxis, leftmost axis first; the result shape is their ``result``
    sizes when no axis has ``rule == "clash"``.

    Examples
    --------
    >>> [axis.result for axis in broadcast((8, 1, 6), (7, 1))]
    [8, 7, 6]
    """
    n = max(len(a_shape), len(b_shape))
    a = (1,) * (n - len(a_shape)) + tuple(a_shape)
    b = (1,) * (n - len(b_shape)) + tuple(b_shape)
    axes = []
    for x, y in zip(a, b):
        if x == y:
            axes.append(BroadcastAxis(x, y, x, "equal"))
        elif x == 1:
            axes.append(BroadcastAxis(x, y, y, "stretch_a"))
        elif y == 1:
            axes.append(BroadcastAxis(x, y, x, "stretch_b"))
        else:
            axes.append(BroadcastAxis(x, y, None, "clash"))
    return axes


def broadcast_shape(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of ``A op B`` for an elementwise op, or an error naming the axis that clashes.

    Examples
    --------
    >>> broadcast_shape((3, 1), (1, 4))
    (3, 4)
    """
    axes = broadcast(a_shape, b_shape)
    for k, axis in enumerate(axes):
        if axis.rule == "clash":
            raise MathDLError("shapes_do_not_broadcast", axis=k - len(axes), a=axis.a, b=axis.b)
    return tuple(axis.result for axis in axes)


def random_integer_tensor(shape: tuple[int, ...], rng: np.random.Generator, low: int = -3, high: int = 3) -> np.ndarray:
    """A tensor of whole numbers drawn uniformly from [low, high], small enough to check by hand.

    Examples
    --------
    >>> random_integer_tensor((2, 3, 4), np.random.default_rng(0)).shape
    (2, 3, 4)
    """
    return rng.integers(low, high, size=shape, endpoint=True).astype(float)


def tile_batch(batch, columns: int) -> np.ndarray:
    """Lay a batch of images (N, H, W) out as one grid image, ``columns`` images per row.

    A reshape and a transpose: (rows, columns, H, W) → (rows, H, columns, W) → (rows·H, columns·W).
    Empty places at the end of the last row are filled with zeros.

    Examples
    --------
    >>> tile_batch(np.arange(8).reshape(2, 2, 2), columns=2)
    array([[0., 1., 4., 5.],
           [2., 3., 6., 7.]])
    """
    batch = np.asarray(batch, dtype=float)
    if batch.ndim != 3:
        raise MathDLError("bad_shape", name="batch", expected="(N, H, W)", shape=batch.shape)
    n, h, w = batch.shape
    rows = -(-n // columns)
    padded = np.concatenate([batch, np.zeros((rows * columns - n, h, w))])  # (rows·columns, H, W)
    return padded.reshape(rows, columns, h, w).transpose(0, 2, 1, 3).reshape(rows * h, columns * w)


def conv_output_size(width: int, kernel: int, padding: int = 0, stride: int = 1) -> int:
    """How many positions a kernel takes along one axis: ⌊(W − K + 2P) / S⌋ + 1.

    Examples
    --------
    >>> conv_output_size(28, 3, padding=1, stride=2)
    14
    """
    for name, value, low in (("kernel", kernel, 1), ("padding", padding, 0), ("stride", stride, 1)):
        if not low <= value <= MAX_SIZE:
            raise MathDLError("out_of_range", name=name, low=low, high=MAX_SIZE, value=value)
    if width + 2 * padding < kernel:
        raise MathDLError("kernel_too_large", kernel=kernel, width=width + 2 * padding)
    return (width - kernel + 2 * padding) // stride + 1


def _windows(x: np.ndarray, size: tuple[int, int], stride: int) -> np.ndarray:
    """Every ``size`` window of a 2-D array, at steps of ``stride``: shape (H', W', kh, kw)."""
    windows = np.lib.stride_tricks.sliding_window_view(x, size)  # (H-kh+1, W-kw+1, kh, kw)
    return windows[::stride, ::stride]


def conv2d(image, kernel, stride: int = 1, padding: int = 0) -> np.ndarray:
    """2-D convolution as CNNs compute it (cross-correlation): slide, multiply, sum.

    out[i, j] = Σ_{u,v} x[i·S + u, j·S + v] · k[u, v], over the zero-padded input x.

    Parameters
    ----------
    image : array_like of shape (H, W)
    kernel : array_like of shape (kh, kw)
    stride : int ≥ 1, the step between windows.
    padding : int ≥ 0, rows and columns of zeros added on every side.

    Returns
    -------
    ndarray of shape (⌊(H − kh + 2P)/S⌋ + 1, ⌊(W − kw + 2P)/S⌋ + 1)

    Examples
    --------
    >>> conv2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]])
    array([[-4., -4.],
           [-4., -4.]])
    """
    x, k = _image(image, "image"), _image(kernel, "kernel")
    for axis in (0, 1):
        conv_output_size(x.shape[axis], k.shape[axis], padding, stride)
    x = np.pad(x, padding)
    return np.einsum("ijuv,uv->ij", _windows(x, k.shape, stride), k)


def pool2d(x, size: int = 2, stride: int | None = None, mode: str = "max") -> np.ndarray:
    """Max or average pooling: each output is the largest (or mean) value of its window.

    Parameters
    ----------
    x : array_like of shape (H, W)
    size : int, the window is size × size.
    stride : int, by default ``size`` (windows that do not overlap).
    mode : "max" or "avg"

    Examples
    --------
    >>> pool2d([[1, 2], [3, 4]], 2, mode="avg")
    array([[2.5]])
    """
    if mode not in POOLS:
        raise MathDLError("unknown_choice", name="mode", allowed=list(POOLS), value=mode)
    x = _image(x, "x")
    stride = size if stride is None else stride
    for axis in (0, 1):
        conv_output_size(x.shape[axis], size, 0, stride)
    return POOLS[mode](_windows(x, (size, size), stride), axis=(2, 3))


POOLS = {"max": np.max, "avg": np.mean}

KERNELS: dict[str, np.ndarray] = {
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


def _image(x, name: str) -> np.ndarray:
    x = np.array(x, dtype=float)
    if x.ndim != 2 or 0 in x.shape:
        raise MathDLError("bad_shape", name=name, expected="(H, W)", shape=x.shape)
    if not np.all(np.isfinite(x)):
        raise MathDLError("not_finite", name=name, value="nan/inf")
    return x


EINSUM_EXAMPLES: dict[str, tuple[str, tuple[tuple[int, ...], ...]]] = {
    # name: (subscripts, shapes of the operands the demo draws)
    "matmul": ("ij,jk->ik", ((2, 3), (3, 4))),
    "batch_matmul": ("bij,bjk->bik", ((2, 2, 3), (2, 3, 2))),
    "dot": ("i,i->", ((4,), (4,))),
    "outer": ("i,j->ij", ((3,), (4,))),
    "trace": ("ii->", ((3, 3),)),
    "transpose": ("ij->ji", ((2, 3),)),
    "row_sums": ("ij->i", ((3, 4),)),
}


def einsum(subscripts: str, *operands) -> np.ndarray:
    """Einstein summation, spelled out: line every axis up by its letter, multiply, sum the rest.

    ``"ij,jk->ik"``: A[i, j] · B[j, k], summed over j (the letter missing after ``->``).
    A letter repeated within one operand (``"ii->"``) takes its diagonal.

    Examples
    --------
    >>> einsum("ij,jk->ik", [[1, 2]], [[3], [4]])
    array([[11.]])
    >>> einsum("ii->", [[1, 2], [3, 4]])
    array(5.)
    """
    inputs, output = _parse_subscripts(subscripts, len(operands))
    pairs = [_take_diagonals(spec, _operand(x, spec)) for spec, x in zip(inputs, operands)]
    sizes: dict[str, int] = {}
    for spec, x in pairs:
        for letter, size in zip(spec, x.shape):
            if sizes.setdefault(letter, size) != size:
                raise MathDLError("einsum_sizes", letter=letter, first=sizes[letter], second=size)
    letters = list(sizes)  # every letter once, in the order first seen
    product = np.ones([1] * len(letters))
    for spec, x in pairs:
        present = [letter for letter in letters if letter in spec]
        x = np.transpose(x, [spec.index(letter) for letter in present])
        product = product * x.reshape([sizes[letter] if letter in spec else 1 for letter in letters])
    result = product.sum(axis=tuple(k for k, letter in enumerate(letters) if letter not in output))
    kept = [letter for letter in letters if letter in output]
    return np.asarray(np.transpose(result, [kept.index(letter) for letter in output]))


def _operand(x, spec: str) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != len(spec):
        raise MathDLError("bad_shape", name=spec, expected=f"{len(spec)} axes", shape=x.shape)
    return x


def _take_diagonals(spec: str, x: np.ndarray) -> tuple[str, np.ndarray]:
    """A letter twice in one operand ("ii") means its diagonal: one axis is kept for it."""
    while len(set(spec)) < len(spec):
        letter = next(letter for letter in spec if spec.count(letter) > 1)
        first = spec.index(letter)
        second = spec.index(letter, first + 1)
        x = np.diagonal(x, axis1=first, axis2=second)  # the diagonal becomes the last axis
        spec = spec[:first] + spec[first + 1 : second] + spec[second + 1 :] + letter
    return spec, x


def _parse_subscripts(subscripts: str, n_operands: int) -> tuple[list[str], str]:
    match = re.fullmatch(r"\s*([a-z]+(?:\s*,\s*[a-z]+)*)\s*->\s*([a-z]*)\s*", subscripts)
    if not match:
        raise MathDLError("bad_subscripts", value=subscripts[:40])
    inputs = [s.strip() for s in match.group(1).split(",")]
    output = match.group(2)
    if len(inputs) != n_operands or len(set(output)) != len(output) or not set(output) <= set("".join(inputs)):
        raise MathDLError("bad_subscripts", value=subscripts[:40])
    return inputs, output
