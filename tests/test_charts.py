"""What ui.charts sends to the browser: a bounded number of points, never missing the ends."""

import numpy as np
import pytest

from ui.charts import sample


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("n", [0, 1, 7, 150, 151, 44_200])
def test_a_sample_keeps_at_most_the_limit_with_both_ends_and_every_point_of_a_short_series(n, log):
    kept = sample(n, 150, log=log)
    assert len(kept) <= 150 and np.all(np.diff(kept) > 0)
    if n:
        assert kept[0] == 0 and kept[-1] == n - 1
    if n <= 150 and not log:
        assert kept.tolist() == list(range(n))



def test_altairs_encoding_tables_are_built_once_and_equal_what_altair_builds():
    import altair as alt
    from altair.utils import schemapi

    def chart() -> dict:
        return alt.Chart().mark_point().encode(x="a:Q", color="b:N").to_dict(validate=False)

    assert chart()["encoding"] == {"x": {"field": "a", "type": "quantitative"}, "color": {"field": "b", "type": "nominal"}}
    tables = dict(schemapi._FromDict._tables)
    chart()
    assert schemapi._FromDict._tables == tables  # nothing rebuilt
    for classes, table in tables.items():
        rebuilt = object.__new__(schemapi._FromDict)
        schemapi._FromDict._original_init(rebuilt, classes)
        # Lookups of schemas that have no class leave empty lists in the shared table: the same answer.
        assert rebuilt.class_dict == {h: classes for h, classes in table.items() if classes}
