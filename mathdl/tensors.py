"""Tensors: shapes, broadcasting, images and batches, and einsum, from their rules.

A tensor here is a numpy array; what the lesson adds is the rule behind each operation,
written out: how shapes line up, which slice is a pixel or a batch, which axes a contraction
sums over. The tests check each against numpy. Convolution and pooling, which slide a window
over an image tensor, are in :mod:`mathdl.convolution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import check_range

MAX_DIMS = 6  # axes a typed shape may have
MAX_SIZE = 1024  # the largest size of one axis, and of a grid's columns

Shape = tuple[int, ...]


def parse_shape(text: str, name: str = "shape") -> Shape:
    """Read a shape such as ``"8, 1, 6"``, ``"(8, 1, 6)"`` or ``"8x1x6"``.

    Parameters
    ----------
    text : str
        Whole numbers in [1, 1024] separated by commas, spaces or x; at most 6 of them.
    name : str
        The shape's name, for the message.

    Returns
    -------
    tuple of int
        The sizes of the axes, leftmost first.

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


def broadcast(a_shape: Shape, b_shape: Shape) -> list[BroadcastAxis]:
    """Line two shapes up from the right and apply NumPy's broadcasting rule axis by axis.

    Missing leading axes count as size 1; two sizes a and b are compatible when a = b or one
    of them is 1, which is then stretched to the other: result = max(a, b).

    Parameters
    ----------
    a_shape, b_shape : tuple of int
        The shapes of A and B.

    Returns
    -------
    list of BroadcastAxis
        One per axis of the result, leftmost first; the result shape is their ``result``
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
    for x, y in zip(a, b, strict=True):
        if x == y:
            axes.append(BroadcastAxis(x, y, x, "equal"))
        elif x == 1:
            axes.append(BroadcastAxis(x, y, y, "stretch_a"))
        elif y == 1:
            axes.append(BroadcastAxis(x, y, x, "stretch_b"))
        else:
            axes.append(BroadcastAxis(x, y, None, "clash"))
    return axes


def broadcast_shape(a_shape: Shape, b_shape: Shape) -> Shape:
    """The shape of ``A op B`` for an elementwise op, or an error naming the axis that clashes.

    Axis by axis from the right, size max(a, b) where a = b or min(a, b) = 1 (see :func:`broadcast`).

    Parameters
    ----------
    a_shape, b_shape : tuple of int
        The shapes of A and B.

    Returns
    -------
    tuple of int
        The shape of the result, as ``numpy.broadcast_shapes`` gives it.

    Examples
    --------
    >>> broadcast_shape((3, 1), (1, 4))
    (3, 4)
    """
    axes = broadcast(a_shape, b_shape)
    sizes = []
    for k, axis in enumerate(axes):
        if axis.result is None:
            raise MathDLError("shapes_do_not_broadcast", axis=k - len(axes), a=axis.a, b=axis.b)
        sizes.append(axis.result)
    return tuple(sizes)


def random_integer_tensor(shape: Shape, rng: np.random.Generator, low: int = -3, high: int = 3) -> NDArray[np.float64]:
    """A tensor of whole numbers drawn uniformly from [low, high], small enough to check by hand.

    Parameters
    ----------
    shape : tuple of int
        The shape of the tensor.
    rng : numpy.random.Generator
        The source of the random numbers.
    low, high : int
        The smallest and the largest value, both included.

    Returns
    -------
    ndarray of shape ``shape``
        Whole numbers, as floats.

    Examples
    --------
    >>> random_integer_tensor((2, 3, 4), np.random.default_rng(0)).shape
    (2, 3, 4)
    """
    return rng.integers(low, high, size=shape, endpoint=True).astype(float)


def pixel(image: ArrayLike, i: int, j: int) -> NDArray[np.float64]:
    """The channel values of the pixel in row i and column j: ``image[i, j, :]``, a vector of C numbers.

    Parameters
    ----------
    image : array_like of shape (H, W, C)
        An image, one slice per channel.
    i : int in [0, H − 1]
        The row, counted from the top.
    j : int in [0, W − 1]
        The column, counted from the left.

    Returns
    -------
    ndarray of shape (C,)
        The pixel's values, as floats (for a photo: its red, green and blue).

    Examples
    --------
    >>> pixel(np.arange(12).reshape(2, 2, 3), 1, 0)
    array([6., 7., 8.])
    """
    x = np.asarray(image)
    if x.ndim != 3:
        raise MathDLError("bad_shape", name="image", expected="(H, W, C)", shape=x.shape)
    check_range("i", i, 0, x.shape[0] - 1)
    check_range("j", j, 0, x.shape[1] - 1)
    return np.asarray(x[i, j], dtype=float)


def minibatch(data: ArrayLike, n: int, start: int = 0) -> NDArray[np.float64]:
    """The examples start, …, start + n − 1 of a data set: one batch, ``data[start:start + n]``.

    A batch is a slice along the first axis; every other axis (height, width, channels) is kept.

    Parameters
    ----------
    data : array_like of shape (N, ...)
        The data set, one example per index of the first axis.
    n : int in [1, N − start]
        The batch size.
    start : int in [0, N − 1]
        The first example of the batch.

    Returns
    -------
    ndarray of shape (n, ...)
        The batch, as floats (a copy).

    Examples
    --------
    >>> minibatch(np.arange(12).reshape(6, 2), 2, start=1)
    array([[2., 3.],
           [4., 5.]])
    """
    x = np.array(data, dtype=float)
    if x.ndim < 1:
        raise MathDLError("bad_shape", name="data", expected="(N, ...)", shape=x.shape)
    check_range("start", start, 0, len(x) - 1)
    check_range("n", n, 1, len(x) - start)
    return x[start : start + n]


def tile_batch(batch: ArrayLike, columns: int) -> NDArray[np.float64]:
    """Lay a batch of images (N, H, W) or (N, H, W, C) out as one grid image, ``columns`` images per row.

    A reshape and a transpose: (rows, columns, H, W, …) → (rows, H, columns, W, …) → (rows·H, columns·W, …).
    Empty places at the end of the last row are filled with zeros; a channel axis C is carried along.

    Parameters
    ----------
    batch : array_like of shape (N, H, W) or (N, H, W, C)
        Grey or colour images.
    columns : int ≥ 1
        Images per row of the grid.

    Returns
    -------
    ndarray of shape (⌈N / columns⌉ · H, columns · W), or with C as its last axis
        The grid image: image k sits in grid row k // columns, grid column k % columns.

    Examples
    --------
    >>> tile_batch(np.arange(8).reshape(2, 2, 2), columns=2)
    array([[0., 1., 4., 5.],
           [2., 3., 6., 7.]])
    >>> tile_batch(np.zeros((5, 8, 8, 3)), columns=4).shape
    (16, 32, 3)
    """
    images = np.asarray(batch, dtype=float)
    if images.ndim not in (3, 4):
        raise MathDLError("bad_shape", name="batch", expected="(N, H, W) or (N, H, W, C)", shape=images.shape)
    check_range("columns", columns, 1, MAX_SIZE)
    n, h, w, *channels = images.shape
    rows = -(-n // columns)
    padded = np.concatenate([images, np.zeros((rows * columns - n, h, w, *channels))])  # (rows·columns, H, W, …)
    grid = padded.reshape(rows, columns, h, w, *channels).swapaxes(1, 2)  # (rows, H, columns, W, …)
    return np.asarray(grid.reshape(rows * h, columns * w, *channels), dtype=float)


EINSUM_EXAMPLES: dict[str, tuple[str, tuple[Shape, ...]]] = {
    # name: (subscripts, shapes of the operands the demo draws)
    "matmul": ("ij,jk->ik", ((2, 3), (3, 4))),
    "batch_matmul": ("bij,bjk->bik", ((2, 2, 3), (2, 3, 2))),
    "dot": ("i,i->", ((4,), (4,))),
    "outer": ("i,j->ij", ((3,), (4,))),
    "trace": ("ii->", ((3, 3),)),
    "transpose": ("ij->ji", ((2, 3),)),
    "row_sums": ("ij->i", ((3, 4),)),
}


def einsum(subscripts: str, *operands: ArrayLike) -> NDArray[np.float64]:
    """Einstein summation, spelled out: line every axis up by its letter, multiply, sum the rest.

    ``"ij,jk->ik"``: C[i, k] = Σ_j A[i, j] · B[j, k], summed over j (the letter missing after ``->``).
    A letter repeated within one operand (``"ii->"``) takes its diagonal.

    Parameters
    ----------
    subscripts : str
        One group of lower-case letters per operand, then ``->`` and the output's letters.
    *operands : array_like
        One tensor per group, with as many axes as its group has letters.

    Returns
    -------
    ndarray
        The contraction, with one axis per output letter (a 0-d array for ``->``).

    Examples
    --------
    >>> einsum("ij,jk->ik", [[1, 2]], [[3], [4]])
    array([[11.]])
    >>> einsum("ii->", [[1, 2], [3, 4]])
    array(5.)
    """
    inputs, output = _parse_subscripts(subscripts, len(operands))
    pairs = [_take_diagonals(spec, _operand(x, spec)) for spec, x in zip(inputs, operands, strict=True)]
    sizes: dict[str, int] = {}
    for spec, x in pairs:
        for letter, size in zip(spec, x.shape, strict=True):
            if sizes.setdefault(letter, size) != size:
                raise MathDLError("einsum_sizes", letter=letter, first=sizes[letter], second=size)
    letters = list(sizes)  # every letter once, in the order first seen
    product = np.ones([1] * len(letters))
    for spec, x in pairs:
        present = [letter for letter in letters if letter in spec]
        aligned = np.transpose(x, [spec.index(letter) for letter in present])
        product = product * aligned.reshape([sizes[letter] if letter in spec else 1 for letter in letters])
    result = product.sum(axis=tuple(k for k, letter in enumerate(letters) if letter not in output))
    kept = [letter for letter in letters if letter in output]
    return np.asarray(np.transpose(result, [kept.index(letter) for letter in output]), dtype=float)


def _operand(x: ArrayLike, spec: str) -> NDArray[np.float64]:
    tensor = np.asarray(x, dtype=float)
    if tensor.ndim != len(spec):
        raise MathDLError("bad_shape", name=spec, expected=f"{len(spec)} axes", shape=tensor.shape)
    return tensor


def _take_diagonals(spec: str, x: NDArray[np.float64]) -> tuple[str, NDArray[np.float64]]:
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
