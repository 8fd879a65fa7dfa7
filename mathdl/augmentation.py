"""Data augmentation as tensor operations: every transform is an index or an arithmetic operation.

An image is an (H, W, C) array of floats in [0, 1]; a batch is (N, H, W, C). Each function here acts
on the last three axes, so the same call serves one image and a whole batch, the batch axis carried
along in front. A flip, a rotation by 90°, a crop and a channel permutation only move values (an
index: ``x[:, ::-1]``, ``x[t:t + h, l:l + w]``, ``x[..., [2, 1, 0]]``); brightness and noise change
them (arithmetic, clipped back into [0, 1]). Every random draw comes from an explicit ``rng``. The
tests check each against numpy's own (``np.flip``, ``np.rot90``, slicing, ``np.take``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.errors import MathDLError
from mathdl.validation import check_choice, check_range

CHANNEL_ORDERS: dict[str, tuple[int, int, int]] = {  # a new order of (red, green, blue), by the old channel indices
    "rgb": (0, 1, 2),
    "bgr": (2, 1, 0),
    "rbg": (0, 2, 1),
    "grb": (1, 0, 2),
    "gbr": (1, 2, 0),
    "brg": (2, 0, 1),
}
MAX_ROUNDS = 15  # augmented copies of a batch that grow_batch appends

Images = NDArray[np.float64]


def _images(x: ArrayLike, name: str = "x") -> Images:
    """``x`` as floats with at least the three image axes (H, W, C)."""
    array = np.asarray(x, dtype=float)
    if array.ndim < 3:
        raise MathDLError("bad_shape", name=name, expected="(H, W, C) or (N, H, W, C)", shape=array.shape)
    return array


def to_float(image: ArrayLike) -> Images:
    """Levels 0…255 as floats in [0, 1]: x / 255, the scale networks are fed.

    Parameters
    ----------
    image : array_like of shape (..., H, W, C)
        An image or a batch of images, levels 0 to 255 (uint8 from a file).

    Returns
    -------
    ndarray of the same shape
        The levels divided by 255.

    Examples
    --------
    >>> to_float(np.full((1, 1, 3), 255, dtype=np.uint8)).ravel()
    array([1., 1., 1.])
    """
    return _images(image, "image") / 255.0


def flip(x: ArrayLike) -> Images:
    """Mirror left–right: ``x[..., ::-1, :]``, the width axis read backwards.

    Pixel (i, j) moves to (i, W − 1 − j); nothing else changes, and flipping twice gives x back.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.

    Returns
    -------
    ndarray of the same shape
        The mirror image (a copy).

    Examples
    --------
    >>> flip(np.arange(6).reshape(1, 3, 2))[0, :, 0]
    array([4., 2., 0.])
    """
    return _images(x)[..., ::-1, :].copy()


def rot90(x: ArrayLike, k: int = 1) -> Images:
    """Rotate by k quarter turns anticlockwise: a transpose of the two image axes and a reversal.

    k = 1 is ``x.swapaxes(-3, -2)[..., ::-1, :, :]`` (rows become columns, then read bottom-up), k = 2
    reverses both axes, k = 3 is the transpose read right-to-left. An (H, W, C) image becomes
    (W, H, C) for odd k; four turns give x back.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.
    k : int in [0, 3]
        Quarter turns.

    Returns
    -------
    ndarray of shape (..., H, W, C), or (..., W, H, C) for odd k
        The turned image, as ``np.rot90(x, k, axes=(-3, -2))`` gives it (a copy).

    Examples
    --------
    >>> rot90(np.arange(4).reshape(2, 2, 1))[..., 0]
    array([[1., 3.],
           [0., 2.]])
    """
    image = _images(x)
    check_range("k", k, 0, 3)
    if k == 0:
        return image.copy()
    if k == 2:
        return image[..., ::-1, ::-1, :].copy()
    turned = image.swapaxes(-3, -2)  # (..., W, H, C): the transpose
    return (turned[..., ::-1, :, :] if k == 1 else turned[..., :, ::-1, :]).copy()


def crop(x: ArrayLike, top: int, left: int, height: int, width: int) -> Images:
    """The window of ``height`` rows and ``width`` columns from (top, left): ``x[..., t:t + h, l:l + w, :]``.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.
    top : int in [0, H − height]
        The first row kept.
    left : int in [0, W − width]
        The first column kept.
    height : int in [1, H]
        Rows kept.
    width : int in [1, W]
        Columns kept.

    Returns
    -------
    ndarray of shape (..., height, width, C)
        The window (a copy).

    Examples
    --------
    >>> crop(np.zeros((64, 96, 3)), 10, 20, 32, 32).shape
    (32, 32, 3)
    """
    image = _images(x)
    h, w = image.shape[-3:-1]
    check_range("height", height, 1, h)
    check_range("width", width, 1, w)
    check_range("top", top, 0, h - height)
    check_range("left", left, 0, w - width)
    return image[..., top : top + height, left : left + width, :].copy()


def random_offsets(shape: tuple[int, ...], height: int, width: int, rng: np.random.Generator) -> tuple[int, int]:
    """Where a random crop starts: top and left drawn uniformly, so every window of that size is equally likely.

    Parameters
    ----------
    shape : tuple of int
        The shape of the image, (..., H, W, C).
    height, width : int
        The size of the window, at most H and W.
    rng : numpy.random.Generator
        The source of the two draws.

    Returns
    -------
    top : int in [0, H − height]
    left : int in [0, W − width]

    Examples
    --------
    >>> random_offsets((64, 96, 3), 64, 96, np.random.default_rng(0))
    (0, 0)
    """
    if len(shape) < 3:
        raise MathDLError("bad_shape", name="x", expected="(H, W, C) or (N, H, W, C)", shape=shape)
    h, w = shape[-3:-1]
    check_range("height", height, 1, h)
    check_range("width", width, 1, w)
    top, left = rng.integers(0, [h - height + 1, w - width + 1])
    return int(top), int(left)


def pad(x: ArrayLike, padding: int) -> Images:
    """A border of ``padding`` zeros (black) around every image: H and W grow by 2·padding.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.
    padding : int in [0, 64]
        Pixels added on each side.

    Returns
    -------
    ndarray of shape (..., H + 2·padding, W + 2·padding, C)
        The padded copy, as ``np.pad`` with zeros gives it.

    Examples
    --------
    >>> pad(np.ones((1, 1, 1)), 1)[..., 0]
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 0.]])
    """
    image = _images(x)
    check_range("padding", padding, 0, 64)
    h, w = image.shape[-3:-1]
    out = np.zeros((*image.shape[:-3], h + 2 * padding, w + 2 * padding, image.shape[-1]))
    out[..., padding : padding + h, padding : padding + w, :] = image
    return out


def brightness(x: ArrayLike, factor: ArrayLike) -> Images:
    """Scale every value: ``np.clip(b * x, 0, 1)``; b > 1 brightens, b < 1 darkens.

    For a batch, b may hold one factor per image, shaped (N, 1, 1, 1) so that it broadcasts over
    the image axes.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        Values in [0, 1].
    factor : float ≥ 0, or array_like that broadcasts against x
        The factor b.

    Returns
    -------
    ndarray of the same shape as x
        b · x, clipped to [0, 1] (a value pushed past white stays white).

    Examples
    --------
    >>> brightness(np.array([[[0.2, 0.5, 0.8]]]), 1.5).ravel()
    array([0.3 , 0.75, 1.  ])
    """
    image = _images(x)
    b = np.asarray(factor, dtype=float)
    if not np.all(np.isfinite(b)) or np.any(b < 0):
        raise MathDLError("out_of_range", name="factor", low=0, high="∞", value=factor)
    return np.clip(b * image, 0.0, 1.0)


def add_noise(x: ArrayLike, sigma: float, rng: np.random.Generator, clip: bool = True) -> Images:
    """Add Gaussian noise to every value: ``x + σ ε`` with ε ~ N(0, 1) drawn for every entry.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        Values in [0, 1].
    sigma : float in [0, 1]
        The noise's standard deviation σ.
    rng : numpy.random.Generator
        The source of ε: ``rng.standard_normal(x.shape)``.
    clip : bool
        Clip the result to [0, 1], as an image must be; False keeps the noise exactly N(0, σ²).

    Returns
    -------
    ndarray of the same shape as x
        The noisy image.

    Examples
    --------
    >>> add_noise(np.full((2, 2, 3), 0.5), 0.0, np.random.default_rng(0)).max()
    np.float64(0.5)
    """
    image = _images(x)
    check_range("sigma", sigma, 0.0, 1.0)
    noisy = image + sigma * rng.standard_normal(image.shape)
    return np.clip(noisy, 0.0, 1.0) if clip else noisy


def permute_channels(x: ArrayLike, order: tuple[int, ...] | str) -> Images:
    """Reorder the colour channels: ``x[..., order]``; (2, 1, 0) turns RGB into BGR.

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.
    order : tuple of int, a permutation of 0 … C − 1, or a key of :data:`CHANNEL_ORDERS`
        New channel c is old channel ``order[c]``.

    Returns
    -------
    ndarray of the same shape
        The image with its channels reordered, as ``np.take(x, order, axis=-1)`` gives it.

    Examples
    --------
    >>> permute_channels(np.array([[[0.1, 0.2, 0.3]]]), "bgr").ravel()
    array([0.3, 0.2, 0.1])
    """
    image = _images(x)
    if isinstance(order, str):
        order = CHANNEL_ORDERS[check_choice("order", order, CHANNEL_ORDERS)]
    if sorted(order) != list(range(image.shape[-1])):
        raise MathDLError(
            "bad_shape", name="order", expected=f"a permutation of 0 … {image.shape[-1] - 1}", shape=order
        )
    return image[..., list(order)]


def center_crop(x: ArrayLike, height: int, width: int) -> Images:
    """The window of this size in the middle of the image (a crop whose offsets are not drawn but centred).

    Parameters
    ----------
    x : array_like of shape (..., H, W, C)
        An image or a batch.
    height, width : int
        The size kept, at most H and W.

    Returns
    -------
    ndarray of shape (..., height, width, C)
        ``crop(x, (H − height) // 2, (W − width) // 2, height, width)``.

    Examples
    --------
    >>> center_crop(np.zeros((64, 96, 3)), 64, 64).shape
    (64, 64, 3)
    """
    h, w = _images(x).shape[-3:-1]
    return crop(x, max(h - height, 0) // 2, max(w - width, 0) // 2, height, width)


@dataclass(frozen=True)
class Augmented:
    """A batch of images and, for each, the random choices that made it from its original."""

    images: Images  # (N, H, W, C)
    source: NDArray[np.int64]  # (N,) the index of each image's original in the batch it came from
    flipped: NDArray[np.bool_]  # (N,) mirrored left–right
    turns: NDArray[np.int64]  # (N,) quarter turns k
    shifts: NDArray[np.int64]  # (N, 2) how far the picture moved down and right, in pixels
    factors: NDArray[np.float64]  # (N,) brightness factor b
    orders: NDArray[np.int64]  # (N, C) channel order


def augment(
    batch: ArrayLike,
    rng: np.random.Generator,
    *,
    flip_p: float = 0.5,
    padding: int = 6,
    brightness_range: tuple[float, float] = (0.6, 1.4),
    sigma: float = 0.04,
    permute_p: float = 0.25,
) -> Augmented:
    """One random augmentation of every image of a batch, as a training loop draws it each epoch.

    Each image is flipped with probability ``flip_p``, turned by k ~ U{0, …, 3} quarter turns (k even
    unless H = W, so the shape stays), padded with ``padding`` zeros and cropped back to H × W at a
    random offset (a shift of up to ``padding`` pixels each way), given a random channel order with
    probability ``permute_p``; then the whole batch is scaled by b ~ U(brightness_range), one factor per
    image broadcast as (N, 1, 1, 1), and given N(0, σ²) noise.

    Parameters
    ----------
    batch : array_like of shape (N, H, W, C)
        Values in [0, 1].
    rng : numpy.random.Generator
        The source of every random choice.
    flip_p, permute_p : float in [0, 1]
        Probabilities of a flip and of a new channel order.
    padding : int in [0, 64]
        The largest shift, in pixels.
    brightness_range : (float, float)
        The range of b, 0 ≤ low ≤ high.
    sigma : float in [0, 1]
        The noise's standard deviation.

    Returns
    -------
    Augmented
        The new images (N, H, W, C) and the choices drawn for each.

    Examples
    --------
    >>> augment(np.zeros((2, 8, 8, 3)), np.random.default_rng(0)).images.shape
    (2, 8, 8, 3)
    """
    X = _batch(batch)
    n, h, w, c = X.shape
    flipped, turns, shifts, orders, factors = _draw(
        n, c, h == w, rng, flip_p=flip_p, padding=padding, low_high=brightness_range, permute_p=permute_p
    )
    moved = np.stack([_move(*choice, padding) for choice in zip(X, flipped, turns, shifts, orders, strict=True)])
    images = add_noise(brightness(moved, factors[:, None, None, None]), sigma, rng)  # b: (N, 1, 1, 1)
    return Augmented(images, np.arange(n), flipped, turns, shifts, factors, orders)


def _batch(batch: ArrayLike) -> Images:
    X = np.asarray(batch, dtype=float)
    if X.ndim != 4:
        raise MathDLError("bad_shape", name="batch", expected="(N, H, W, C)", shape=X.shape)
    return X


def _draw(
    n: int,
    c: int,
    square: bool,
    rng: np.random.Generator,
    *,
    flip_p: float,
    padding: int,
    low_high: tuple[float, float],
    permute_p: float,
) -> tuple[NDArray[np.bool_], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """The random choices for n images: flips, turns, shifts, channel orders and brightness factors."""
    check_range("flip_p", flip_p, 0.0, 1.0)
    check_range("permute_p", permute_p, 0.0, 1.0)
    check_range("padding", padding, 0, 64)
    low, high = low_high
    check_range("brightness_range", low, 0.0, high)
    flipped = rng.random(n) < flip_p
    turns = rng.integers(0, 4, n) if square else 2 * rng.integers(0, 2, n)
    shifts = rng.integers(-padding, padding + 1, (n, 2))  # (n, 2)
    orders = np.array([rng.permutation(c) for _ in range(n)]).reshape(n, c)  # (n, C)
    orders[rng.random(n) >= permute_p] = np.arange(c)
    factors = rng.uniform(low, high, n)
    return flipped, turns, shifts, orders, factors


def _move(
    image: Images, flipped: bool, k: int, shift: NDArray[np.int64], order: NDArray[np.int64], padding: int
) -> Images:
    """The index operations on one image: flip, turn, shift (pad, then crop), reorder the channels."""
    h, w = image.shape[:2]
    moved = rot90(flip(image) if flipped else image, int(k))
    shifted = crop(pad(moved, padding), padding - int(shift[0]), padding - int(shift[1]), h, w)
    return permute_channels(shifted, tuple(int(i) for i in order))


def grow_batch(
    originals: ArrayLike, rounds: int, rng: np.random.Generator, *, padding: int = 6, **options: Any
) -> Augmented:
    """The originals and ``rounds`` random augmentations of them, stacked along the batch axis: N grows.

    ``np.concatenate([X, augment(X), augment(X), …])``: (N, H, W, C) becomes ((1 + rounds)·N, H, W, C).
    The same rng, hence the same seed, gives the same batch.

    Parameters
    ----------
    originals : array_like of shape (N, H, W, C)
        Values in [0, 1].
    rounds : int in [0, 15]
        How many augmented copies of the originals are appended.
    rng : numpy.random.Generator
        The source of every random choice.
    padding : int
        The largest shift, as in :func:`augment`.
    **options
        The other choices of :func:`augment`.

    Returns
    -------
    Augmented
        The grown batch; its first N images are the originals (not flipped, 0 turns, not shifted, b = 1).

    Examples
    --------
    >>> grow_batch(np.zeros((2, 8, 8, 3)), 3, np.random.default_rng(0)).images.shape
    (8, 8, 8, 3)
    """
    X = _batch(originals)
    check_range("rounds", rounds, 0, MAX_ROUNDS)
    n, c = len(X), X.shape[-1]
    parts = [
        Augmented(
            X.copy(),
            np.arange(n),
            np.zeros(n, dtype=bool),
            np.zeros(n, dtype=np.int64),
            np.zeros((n, 2), dtype=np.int64),
            np.ones(n),
            np.tile(np.arange(c), (n, 1)),
        )
    ]
    parts += [augment(X, rng, padding=padding, **options) for _ in range(rounds)]
    fields = ("images", "source", "flipped", "turns", "shifts", "factors", "orders")
    return Augmented(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))
