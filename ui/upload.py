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

MAX_CLASSES = 20  # a text column with at most this many values is taken as class labels


class UploadError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True)
class Table:
    X: np.ndarray  # (n, d): the numeric columns, rows with a missing value removed
    columns: list[str]  # (d,) their names
    classes: np.ndarray | None  # (n,) labels from a text column, if one looks like classes
    ignored: list[str]  # text columns left out of X
    dropped_rows: int  # rows removed for a missing or infinite value


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
    )
