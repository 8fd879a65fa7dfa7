"""Figures of lesson 2: how two shapes broadcast, a convolution kernel, and einsum's operands and result."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from mathdl.augmentation import Augmented
from mathdl.convolution import ConvWindow
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


# --- the convolution, one position of the kernel at a time -------------------------------------

RADIUS = 5  # output pixels drawn on each side of the one being computed
REGION_SIDE = 260  # pixels: each region is drawn square, so its pixels are


def _region_cells(M: np.ndarray, rows: range, cols: range) -> pd.DataFrame:
    """The entries of M in these rows and columns as tidy cells (row, col, value), in image coordinates."""
    r, c = np.meshgrid(np.array(rows), np.array(cols), indexing="ij")
    return pd.DataFrame({"row": r.ravel(), "col": c.ravel(), "value": M[r, c].ravel()})


def _region(
    cells: pd.DataFrame, shape: tuple[int, int], color: alt.Color, box: tuple[int, int, int, int], title: str
) -> alt.LayerChart:
    """Cells as squares on image axes (row 0 at the top), ``shape`` (rows, columns) of them.

    A cell whose ``done`` is false stays empty; ``box`` (top, left, height, width) is outlined in
    orange. The axes follow the cells, so the spec stays the same from one position to the next
    (away from the image's edges) and the browser only swaps the data.
    """
    x = alt.X("col:Q", scale=alt.Scale(nice=False, zero=False), title=t(f"{PAGE}.conv.step.col_axis"))
    y = alt.Y("row:Q", scale=alt.Scale(nice=False, zero=False, reverse=True), title=t(f"{PAGE}.conv.step.row_axis"))
    squares = (
        alt.Chart(cells)
        .transform_calculate(col2="datum.col + 1", row2="datum.row + 1")
        .mark_rect()
        .encode(
            x=x,
            x2="col2:Q",
            y=y,
            y2="row2:Q",
            color=alt.condition("datum.done", color, alt.value("transparent")),
            tooltip=[
                alt.Tooltip("row:Q", title=t("charts.row")),
                alt.Tooltip("col:Q", title=t("charts.column")),
                alt.Tooltip("value:Q", format=".4f", title=t("charts.value")),
            ],
        )
    )
    top, left, height, width = box
    frame = pd.DataFrame({"col": [left], "col2": [left + width], "row": [top], "row2": [top + height]})
    outline = (
        alt.Chart(frame)
        .mark_rect(filled=False, stroke=charts.PALETTE[3], strokeWidth=3)
        .encode(x="col:Q", x2="col2:Q", y="row:Q", y2="row2:Q")
    )
    unit = REGION_SIDE / max(shape)  # pixels a cell, across and down: square pixels
    return (squares + outline).properties(
        title=title, width=unit * shape[1], height=unit * shape[0], autosize=alt.AutoSizeParams(type="pad")
    )


@charts.figure
def conv_regions(
    padded: np.ndarray, Y: np.ndarray, window: ConvWindow, kernel_shape: tuple[int, int], stride: int
) -> tuple[alt.LayerChart, alt.LayerChart, pd.DataFrame]:
    """Around the kernel's position: the padded input with the kernel's window outlined, and the feature map so far.

    The feature map shows the pixels computed up to this position (reading order) and outlines the one
    computed now; its colours run over the whole map's range, so a pixel keeps its colour from frame to
    frame. Both regions span the output pixels within :data:`RADIUS` of this one, and the input they read.
    """
    rows = range(max(0, window.row - RADIUS), min(Y.shape[0], window.row + RADIUS + 1))
    cols = range(max(0, window.col - RADIUS), min(Y.shape[1], window.col + RADIUS + 1))
    span = (
        range(rows[0] * stride, rows[-1] * stride + kernel_shape[0]),
        range(cols[0] * stride, cols[-1] * stride + kernel_shape[1]),
    )
    seen = _region_cells(padded, *span).assign(done=True)
    box = (window.top, window.left, *kernel_shape)
    source = _region(seen, (len(span[0]), len(span[1])), _grey(0.0, 1.0), box, t(f"{PAGE}.conv.step.input_title"))
    made = _region_cells(Y, rows, cols)
    made["done"] = made.row * Y.shape[1] + made.col <= window.row * Y.shape[1] + window.col  # computed so far
    grey = _grey(float(Y.min()), float(Y.max()))  # as the feature map above: its lowest black, its highest white
    box, title = (window.row, window.col, 1, 1), t(f"{PAGE}.conv.step.output_title")
    target = _region(made, (len(rows), len(cols)), grey, box, title)
    data = pd.concat([seen.assign(tensor="input"), made.assign(tensor="feature_map")], ignore_index=True)
    return source, target, data


def window_products(window: ConvWindow, K: np.ndarray) -> pd.DataFrame:
    """The patch, the kernel and their products entry by entry, one row per (u, v): the data of the three grids."""
    u, v = np.indices(K.shape)
    return pd.DataFrame(
        {
            "u": u.ravel(),
            "v": v.ravel(),
            "patch": window.patch.ravel(),
            "kernel": K.ravel(),
            "product": window.products.ravel(),
        }
    )


def _grey(low: float, high: float) -> alt.Color:
    """Grey levels from black at ``low`` to white at ``high``, as the pictures of the lesson are drawn."""
    return alt.Color(
        "value:Q", scale=alt.Scale(domain=[low, max(high, low + 1e-9)], range=["black", "white"]), legend=None
    )


@charts.figure
def number_grid(M: np.ndarray, title: str, number_format: str = ".2f") -> alt.LayerChart:
    """A small matrix as light cells with its entries written in them, to a fixed number of decimals."""
    cells = charts.matrix_cells(M)
    base = alt.Chart(cells).encode(x=alt.X("col:O", title=None, axis=None), y=alt.Y("row:O", title=None, axis=None))
    rect = base.mark_rect(stroke=charts.NEUTRAL, strokeWidth=1, color="#E4E4E4").encode(
        tooltip=[alt.Tooltip("value:Q", format=".6g", title=t("charts.value"))]
    )
    text = base.mark_text(fontSize=13, fontWeight="bold", color="black").encode(
        text=alt.Text("value:Q", format=number_format)
    )
    return (rect + text).properties(title=title, width=alt.Step(CELL + 8), height=alt.Step(CELL))
