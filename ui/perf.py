"""Every process-wide speed patch, in one place, installed once by Home.py.

Each changes how a library behaves for every reader the server has, so each is here and not in a
module named for something else; each says what it gained when it was measured, and
``tests/test_perf.py`` checks that it still applies under the pinned versions and still gives the
same answer as the code it replaces.

- Altair's table of schema classes, built once (vega/altair#3547).
- Chart tables handed to Streamlit as Arrow, through a transformer and a lock.
- The garbage collector: what every page needs is frozen once, so Streamlit's collection after
  each run stays cheap.

It also holds :class:`Shared`, the bounded store of what every reader may reuse (figures, a finished fit).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

# Altair's active data transformer is global: two sessions drawing at once must not share one.
chart_lock = threading.Lock()

# Imported before the heap is frozen, with every module of mathdl and ui: what the pages import,
# also lazily (lesson 5 builds its scikit-learn models on first use), so a page's run adds little.
HEAVY_MODULES = (
    "altair",
    "pandas",
    "pyarrow",
    "streamlit.emojis",
    *(
        f"sklearn.{m}"
        for m in ("ensemble", "linear_model", "model_selection", "naive_bayes", "neighbors", "pipeline", "tree")
    ),
)

_installed = False


class Shared:
    """What one reader built and every reader may reuse, at most ``size`` of them, the least recently used dropped.

    Process-wide and thread-safe: the server runs every session's script in a thread of one process.
    What is kept is shared, never copied: only what no one changes after it is built goes here.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """What is kept under ``key``, or None."""
        with self._lock:
            if key not in self._kept:
                return None
            self._kept.move_to_end(key)
            return self._kept[key]

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep ``value`` under ``key`` and give it back."""
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._kept)


_stores: dict[str, Shared] = {}
_stores_lock = threading.Lock()


def shared(name: str, size: int) -> Shared:
    """The process-wide store called ``name``, made on first use.

    For a page: its script runs afresh on every rerun, and a store made at its top level would go with it.
    """
    with _stores_lock:
        return _stores.setdefault(name, Shared(size))


def install() -> None:
    """Apply every patch once per process; later calls do nothing."""
    global _installed
    if _installed:
        return
    build_altair_class_tables_once()
    alt.data_transformers.register("arrow", arrow_tables)
    freeze_the_heap()
    _installed = True


def build_altair_class_tables_once() -> None:
    """Keep the table Altair builds to turn an encoding like ``color="name:N"`` into a channel.

    Altair rebuilds it, by hashing the JSON of about 570 schema classes, for every encoding given
    as a string (vega/altair#3547): a quarter of a page's run, measured with cProfile; a small
    layered chart went from 13 ms to 3.4 ms. The classes never change, so each table is built
    once per set of classes.
    """
    from altair.utils import schemapi

    build = getattr(schemapi, "_FromDict", None)
    if build is None or getattr(build, "_tables", None) is not None:
        return  # an Altair without the table (tests/test_perf.py then fails), or already done
    original = build.__init__
    build._tables, build._original_init = {}, original

    def init(self: Any, wrapper_classes: Any) -> None:
        classes = tuple(wrapper_classes)
        if classes not in build._tables:
            original(self, classes)
            build._tables[classes] = self.class_dict
        self.class_dict = build._tables[classes]

    build.__init__ = init


def arrow_tables(data: pd.DataFrame, tables: dict[str, bytes]) -> dict[str, str]:
    """Altair data transformer: a chart's table as Arrow bytes, named by its place in the chart.

    Altair's own transformer writes JSON records, which Streamlit turns back into Arrow: half of
    what building a chart cost, measured with cProfile. Tables are named by their order, not their
    content, so a rerun that changes only the numbers leaves the spec unchanged and the browser
    swaps the data in place instead of rebuilding the chart. Infinities become missing values, as
    Altair's own transformer makes them. Used by ``ui.charts.draw`` under :data:`chart_lock`.
    """
    arrow = arrow_bytes(data)
    name = next((n for n, a in tables.items() if a == arrow), f"table_{len(tables)}")
    tables[name] = arrow
    return {"name": name}


def arrow_bytes(data: pd.DataFrame) -> bytes:
    """A table as the Arrow stream Streamlit sends to the browser, infinities as missing values.

    Only float columns can hold an infinity: integer columns (a picture's small integer cells) pass as they are.
    """
    floats = [
        c
        for c, kind in data.dtypes.items()
        if kind.kind == "f" and np.isinf(data[c].to_numpy(float, na_value=np.nan)).any()
    ]
    if floats:
        data = data.assign(**{c: data[c].where(np.isfinite(data[c])) for c in floats})
    sink = pa.BufferOutputStream()
    table = pa.Table.from_pandas(data, preserve_index=False)
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def freeze_the_heap() -> None:
    """Hide what every page needs from the garbage collector, once.

    About 190,000 objects of Altair's schema, scikit-learn, pandas and our modules live as long as
    the server; a full collection walked them all, 100 ms (cProfile). Frozen, they are skipped.
    Streamlit's own collection after every run (``runner.postScriptGC``) is off in
    .streamlit/config.toml: it still walked every session's objects, about 35 ms of every run with
    fifty readers on the server, and it halved the pages a server serves a class. Python's collector
    remains, run when the heap has grown by a quarter, so memory that a reference cycle holds is
    still freed, a little later: twenty readers' tours left the server at 468 MB instead of 423
    (tests/e2e/test_load.py), and a collection every five seconds as well did not lower it (471 MB
    without). Frozen objects are still freed when nothing refers to them; only a cycle among them
    would now be kept, and they are modules and schemas that live as long as the server.
    """
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    for package in ("mathdl", "ui", "ui.figures"):
        for module in pkgutil.iter_modules(importlib.import_module(package).__path__, f"{package}."):
            importlib.import_module(module.name)
    gc.collect()
    gc.freeze()
