"""Figures of lesson 2: how two shapes broadcast, a convolution kernel, and einsum's operands and result."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

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


def kernel(K: np.ndarray) -> Figure:
    """A convolution kernel as a grid of its weights, with the cells behind it."""
    cells = charts.matrix_cells(K)
    return charts.matrix_heatmap(cells, title=t(f"{PAGE}.conv.kernel_title"), cell=44), cells


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
