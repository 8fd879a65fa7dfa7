"""Figures of lesson 2: how two shapes broadcast, a convolution kernel, and einsum's operands and result."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from mathdl.augmentation import Augmented
from mathdl.tensors import BroadcastAxis
from ui import charts
from ui.i18n import t

PAGE = "tensors"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]
CELL = 40  # pixels per entry of a small tensor drawn as numbers


def broadcast_table(axes: Sequence[BroadcastAxis]) -> pd.DataFrame:
    """The two shapes lined up from the right, one row per axis.

    Each row gives the axis counted from the right (−1 is the last), its size in A and in B, the
    size in A + B (✗ where they clash) and the rule applied, in the reader's language.
    """
    n = len(axes)
    return pd.DataFrame(
        {
            t(f"{PAGE}.broadcast.axis"): [str(k - n) for k in range(n)],
            "A": [axis.a for axis in axes],
            "B": [axis.b for axis in axes],
            t(f"{PAGE}.broadcast.result"): ["✗" if axis.result is None else str(axis.result) for axis in axes],
            t(f"{PAGE}.broadcast.rule"): [t(f"{PAGE}.broadcast.rules.{axis.rule}") for axis in axes],
        }
    )


@charts.figure
def kernel(K: np.ndarray) -> Figure:
    """A convolution kernel as a grid of its weights, with the cells behind it."""
    cells = charts.matrix_cells(K)
    return charts.matrix_heatmap(cells, title=t(f"{PAGE}.conv.kernel_title"), cell=44), cells


@charts.figure
def tensor_grids(x: np.ndarray, title: str) -> alt.TopLevelMixin:
    """A tensor of up to three axes as grids of numbers.

    A matrix is one grid (a vector or a scalar one row); a 3-axis tensor is one grid per index b
    of axis 0, titled ``title[b]``.
    """
    if x.ndim <= 2:
        return charts.matrix_heatmap(charts.matrix_cells(np.atleast_2d(x)), title=title, cell=CELL)
    return alt.hconcat(
        *(charts.matrix_heatmap(charts.matrix_cells(m), title=f"{title}[{b}]", cell=CELL) for b, m in enumerate(x))
    )


@charts.figure
def einsum(operands: Sequence[np.ndarray], result: np.ndarray) -> Figure:
    """The operands A, B, … and einsum's result side by side, each as grids of numbers.

    The tidy table has one row per entry of every tensor: its indices (axis0, axis1, …), its value
    and the tensor's name.
    """
    names = [*"ABC"[: len(operands)], t(f"{PAGE}.einsum.result")]
    tensors = [*operands, result]
    chart = alt.hconcat(*(tensor_grids(x, name) for name, x in zip(names, tensors, strict=True)))
    data = pd.concat(
        [charts.tensor_frame(x, tensor=name) for name, x in zip([*names[:-1], "result"], tensors, strict=True)],
        ignore_index=True,
    )
    return chart.resolve_scale(color="independent"), data


# --- Data augmentation ------------------------------------------------------------------------

AUGMENTATIONS = ("flip", "rot90", "crop", "brightness", "noise", "channels")
TURNS = {1: "x.swapaxes(0, 1)[::-1]", 2: "x[::-1, ::-1]", 3: "x.swapaxes(0, 1)[:, ::-1]"}  # np.rot90(x, k)


def augmentation_code(
    k: int, window: tuple[int, int, int], b: float, sigma: float, order: Sequence[int]
) -> dict[str, str]:
    """The numpy expression of each augmentation of one image x (H, W, C), with the demo's numbers in it.

    ``k`` quarter turns; ``window`` is the crop's (top, left, side); ``b`` the brightness factor, ``sigma``
    the noise's standard deviation, ``order`` the new channel order. Each expression computes, from ``x``
    (and for the noise an ``rng`` in the same state), what the mathdl function drew.
    """
    top, left, side = window
    return {
        "flip": "x[:, ::-1]",
        "rot90": TURNS[k],
        "crop": f"x[{top}:{top + side}, {left}:{left + side}]",
        "brightness": f"np.clip({b:g} * x, 0, 1)",
        "noise": f"np.clip(x + {sigma:g} * rng.standard_normal(x.shape), 0, 1)",
        "channels": f"x[:, :, {list(order)}]",
    }


BATCH_CODE = {  # operation: (on one image x of shape (H, W, C), on a batch X of shape (N, H, W, C))
    "flip": ("x[:, ::-1]", "X[:, :, ::-1]"),
    "rot90": ("x.swapaxes(0, 1)[::-1]", "X.swapaxes(1, 2)[:, ::-1]"),
    "crop": ("x[t:t + h, l:l + w]", "X[:, t:t + h, l:l + w]"),
    "brightness": ("np.clip(b * x, 0, 1)", "np.clip(b[:, None, None, None] * X, 0, 1)"),
    "noise": ("x + σ * rng.standard_normal(x.shape)", "X + σ * rng.standard_normal(X.shape)"),
    "channels": ("x[:, :, order]", "X[:, :, :, order]"),
}


def batch_code_table() -> str:
    """Each augmentation written for one image and for a batch, as a markdown list: the same index, one axis right.

    A heading line, then one item per operation, named in the reader's language, with the two expressions
    set as code (the same in every language). A list, not a table: on a phone its lines wrap.
    """
    a = f"{PAGE}.augment_batch"
    items = [f"- {t(f'{PAGE}.augment.ops.{op}')}: `{one}` → `{many}`" for op, (one, many) in BATCH_CODE.items()]
    return "\n".join([t(f"{a}.code_heading"), "", *items])


def picture(x: np.ndarray, scale: int = 2) -> np.ndarray:
    """An image in [0, 1] (H, W, C) for ``st.image``, each pixel repeated into a scale × scale block.

    Drawn at its own size times ``scale``, a crop or a quarter turn shows its new shape beside the original.
    """
    return np.repeat(np.repeat(np.clip(x, 0.0, 1.0), scale, axis=0), scale, axis=1)


def augmentation_choices(choices: Augmented, photos: Sequence[str]) -> pd.DataFrame:
    """What a grown batch drew for each image: one row per image, its original's name and every random choice.

    ``choices`` is a grown batch (:func:`mathdl.augmentation.grow_batch`); ``photos`` names its originals in the
    reader's language. Columns: image, photo, flipped, quarter turns, shift (down, right) in pixels, brightness,
    channels.
    """
    a = f"{PAGE}.augment_batch"
    return pd.DataFrame(
        {
            t(f"{a}.index"): np.arange(len(choices.images)),
            t(f"{a}.photo"): [photos[s] for s in choices.source],
            t(f"{a}.flipped"): [t(f"{a}.yes") if f else t(f"{a}.no") for f in choices.flipped],
            t(f"{a}.turns"): choices.turns,
            t(f"{a}.shift"): [f"({dy:+d}, {dx:+d})" for dy, dx in choices.shifts],
            t(f"{a}.factor"): [f"{b:.2f}" for b in choices.factors],
            t(f"{a}.order"): [str(o.tolist()) for o in choices.orders],
        }
    )
