"""A reader's own CSV, turned into a numeric table a demo can use, or a clear reason why not.

Reading a file is not mathematics, so it lives here and not in mathdl; what it hands
on is a plain numpy array. Every problem is an :class:`UploadError` whose code has a
message in the locale files (``upload.<code>``), so the page can say it in the
reader's language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

MAX_CLASSES = 20  # a text column with at most this many values is taken as class labels


class UploadError(ValueError):
    """A file a demo cannot use; ``code`` names the reason's message under ``upload.`` in the locales."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True)
class Table:
    """What a reader's CSV holds, ready for a demo, and how it was read."""

    X: np.ndarray  # (n, d): the numeric columns, rows with a missing value removed
    columns: list[str]  # (d,) their names
    classes: np.ndarray | None  # (n,) labels from a text column, if one looks like classes
    ignored: list[str]  # text columns left out of X
    dropped_rows: int  # rows removed for a missing or infinite value
    sep: str = ","  # the separator the file uses
    usecols: tuple[int, ...] = ()  # (d,) where the numeric columns sit among all the file's columns


def read_csv(data: bytes, *, max_bytes: int) -> Table:
    """Parse an uploaded CSV: numeric columns become X, text columns are set aside."""
    if not data.strip():
        raise UploadError("empty")
    if len(data) > max_bytes:
        raise UploadError("too_large", megabytes=round(len(data) / 2**20, 1), limit=round(max_bytes / 2**20))
    if b"\x00" in data[:4096]:
        raise UploadError("not_csv")
    try:
        first_line = data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8")
        sep = max(",;\t", key=first_line.count)  # the separator the header uses most
        frame = pd.read_csv(io.BytesIO(data), sep=sep)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        raise UploadError("not_csv") from None
    if len(frame) < 2:
        raise UploadError("too_few_rows", rows=len(frame))
    numeric = frame.select_dtypes("number").replace([np.inf, -np.inf], np.nan)
    text = [c for c in frame.columns if c not in numeric.columns]
    if numeric.shape[1] < 2:
        raise UploadError("too_few_columns", found=numeric.shape[1])
    complete = numeric.notna().all(axis=1)
    if complete.sum() < 2:
        raise UploadError("too_few_rows", rows=int(complete.sum()))
    candidates = [c for c in text if frame.loc[complete, c].nunique() <= MAX_CLASSES]
    return Table(
        X=numeric[complete].to_numpy(dtype=float),
        columns=[str(c) for c in numeric.columns],
        classes=frame.loc[complete, candidates[0]].astype(str).to_numpy() if candidates else None,
        ignored=[str(c) for c in text],
        dropped_rows=int((~complete).sum()),
        sep=sep,
        usecols=tuple(int(frame.columns.get_loc(c)) for c in numeric.columns),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def read_csv_cached(data: bytes, *, max_bytes: int) -> Table:
    """:func:`read_csv`, kept across reruns: moving a slider must not parse a 50 MB file again."""
    return read_csv(data, max_bytes=max_bytes)


def numpy_code(table: Table, file_name: str, name: str = "X") -> str:
    """The numpy code that loads ``table.X`` from the file, for a snippet's ``given`` step.

    It reads the numeric columns (skipping the header and the text columns); when rows had a
    gap, a second line keeps the complete ones, as :func:`read_csv` did.
    """
    code = f"np.genfromtxt({file_name!r}, delimiter={table.sep!r}, skip_header=1, usecols={table.usecols!r})"
    if table.dropped_rows:
        code += f"\n{name} = {name}[np.isfinite({name}).all(axis=1)]  # drop the rows with a gap"
    return code
