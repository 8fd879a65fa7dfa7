"""The process-wide speed patches of ui.perf still apply under the pinned versions, and each gives
the answer of the code it stands in for."""

import gc
import tomllib

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from tests.helpers import ROOT
from ui import perf

perf.install()


def test_the_server_leaves_garbage_to_pythons_collector_not_a_full_collection_after_every_run():
    """Streamlit's collection after every run walked every open session's objects: with fifty readers on
    one server it was most of what a view cost (benchmarks/classroom.py)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert gc.isenabled() and gc.get_threshold()[0] > 0, "Python's own collector still frees reference cycles"


def test_install_is_idempotent_and_freezes_the_heap_once():
    frozen = gc.get_freeze_count()
    assert frozen > 50_000, "Altair's schema, scikit-learn and our modules are frozen"
    perf.install()
    assert gc.get_freeze_count() == frozen


def test_altairs_encoding_tables_are_built_once_and_equal_what_altair_builds():
    from altair.utils import schemapi

    def chart() -> dict:
        return alt.Chart().mark_point().encode(x="a:Q", color="b:N").to_dict(validate=False)

    assert chart()["encoding"] == {
        "x": {"field": "a", "type": "quantitative"},
        "color": {"field": "b", "type": "nominal"},
    }
    tables = dict(schemapi._FromDict._tables)
    chart()
    assert schemapi._FromDict._tables == tables  # nothing rebuilt
    for classes, table in tables.items():
        rebuilt = object.__new__(schemapi._FromDict)
        schemapi._FromDict._original_init(rebuilt, classes)
        # Lookups of schemas that have no class leave empty lists in the shared table: the same answer.
        assert rebuilt.class_dict == {h: classes for h, classes in table.items() if classes}


def test_the_arrow_transformer_sends_the_table_altair_would_with_infinities_missing():
    data = pd.DataFrame({"x": [1.0, np.inf, 3.0], "name": ["a", "b", "c"]})
    tables: dict[str, bytes] = {}
    with perf.chart_lock, alt.data_transformers.enable("arrow", tables=tables):
        spec = alt.Chart(data).mark_point().encode(x="x:Q").to_dict(validate=False)
    ((name, arrow),) = tables.items()
    assert spec["data"] == {"name": name}
    table = pa.ipc.open_stream(arrow).read_all().to_pandas()
    assert table["name"].tolist() == ["a", "b", "c"]
    assert table["x"].tolist()[0::2] == [1.0, 3.0] and np.isnan(table["x"][1])


def test_tables_are_named_by_their_place_so_new_numbers_keep_the_spec():
    def spec(values) -> dict:
        tables: dict[str, bytes] = {}
        with perf.chart_lock, alt.data_transformers.enable("arrow", tables=tables):
            return alt.Chart(pd.DataFrame({"x": values})).mark_point().encode(x="x:Q").to_dict(validate=False)

    assert spec([1.0, 2.0]) == spec([5.0, 7.0])


def test_a_shared_store_keeps_the_most_recently_used_and_is_one_per_name():
    store = perf.Shared(2)
    store.put("a", 1), store.put("b", 2)
    assert store.get("a") == 1  # now the most recent
    store.put("c", 3)
    assert (store.get("a"), store.get("b"), store.get("c"), len(store)) == (1, None, 3, 2)
    assert perf.shared("test_store", 4) is perf.shared("test_store", 4)
