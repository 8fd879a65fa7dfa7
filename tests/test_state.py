"""URL state: selections travel as language-neutral codes; hostile values never reach a widget."""

import pytest
from streamlit.testing.v1 import AppTest


def choice_app():
    import streamlit as st

    from ui import state

    st.session_state["lang"] = st.query_params.get("ui", "en")
    state.choice("pooling", ["max", "avg"], key="act", section="tensors.conv.pools")


def sanitize_app():
    import streamlit as st

    from ui import state

    state.sanitize_query_params()
    st.number_input("n", 1, 100, 5, key="n", bind="query-params")
    st.slider("x", -2.0, 2.0, 0.0, key="x", bind="query-params")


def run(app, **query):
    at = AppTest.from_function(app)
    at.query_params.update(query)
    return at.run()


def test_a_code_in_the_url_selects_its_option_in_either_language():
    for ui in ("en", "zh"):
        at = run(choice_app, act="avg", ui=ui)
        assert at.selectbox(key="act").value == "avg"


def test_the_url_keeps_the_code_never_the_translated_label():
    at = run(choice_app, ui="zh")
    at.selectbox(key="act").set_value("avg").run()
    assert at.query_params["act"] == "avg"
    at.selectbox(key="act").set_value("max").run()
    assert "act" not in at.query_params  # the default stays out of the URL


@pytest.mark.parametrize("value", ["平均值", "average", "median", "<script>", "x" * 5000])
def test_an_unknown_code_falls_back_to_the_default(value):
    at = run(choice_app, act=value)
    assert not at.exception
    assert at.selectbox(key="act").value == "max"


@pytest.mark.parametrize("value", ["1e309", "-1e400", "nan", "inf", "x" * 5000, "1e300"])
def test_values_no_widget_could_hold_are_dropped(value):
    at = run(sanitize_app, n=value, x=value)
    assert not at.exception
    assert at.number_input(key="n").value == 5
    assert at.slider(key="x").value == 0.0


def test_sane_values_reach_their_widgets():
    at = run(sanitize_app, n="42", x="-1.5")
    assert at.number_input(key="n").value == 42
    assert at.slider(key="x").value == -1.5


def test_a_repeated_key_is_dropped():
    at = run(sanitize_app, n=["7", "8"])
    assert not at.exception
    assert at.number_input(key="n").value == 5


def dependent_app():
    import streamlit as st

    from ui import state

    m = st.slider("rows", 1, 4, 2, key="m", bind="query-params")
    if m > 1:  # like page 1's row index: its range follows m, and it goes away at m = 1
        state.dependent(st.slider, "row", 1, m, 1, key="i")


def test_a_dependent_slider_stays_inside_a_range_that_shrank_while_it_was_away():
    """Page 1's crash: Streamlit gave the slider for two rows the 3 it kept under the key from before."""
    at = run(dependent_app)
    for key, value in [("m", 3), ("i", 3), ("m", 1), ("m", 3), ("i", 1), ("m", 2)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception, (key, value, [e.value for e in at.exception])
    assert at.slider(key="i").value == 1
    at.slider(key="i").set_value(2).run()
    at.slider(key="m").set_value(4).run()
    assert at.slider(key="i").value == 2  # a range that grows keeps the value
    at.slider(key="i").set_value(4).run()
    at.slider(key="m").set_value(2).run()
    assert at.slider(key="i").value == 2  # one that shrinks clamps it


@pytest.mark.parametrize(
    ("query", "i"), [({"m": "2", "i": "4"}, 1), ({"m": "4", "i": "4"}, 4), ({"m": "3", "i": "2"}, 2)]
)
def test_a_dependent_slider_takes_its_url_value_only_inside_its_range(query, i):
    at = run(dependent_app, **query)
    assert not at.exception
    assert at.slider(key="i").value == i
    assert at.query_params.get("i") == (None if i == 1 else str(i))  # an out-of-range value leaves the URL


def test_a_value_the_range_excludes_leaves_the_url_too():
    at = run(dependent_app, m="4", i="4")
    at.query_params["m"] = "2"  # the browser writes the new m; the URL still says i = 4
    at.slider(key="m").set_value(2).run()
    assert at.slider(key="i").value == 2
    assert at.query_params["i"] == "2"


def shrinking_choice_app():
    import streamlit as st

    from ui import state

    st.session_state["lang"] = "en"
    wide = st.checkbox("all", True, key="wide")
    state.choice("pooling", ["max", "avg"] if wide else ["max"], key="act", section="tensors.conv.pools")


def test_a_choice_whose_options_shrank_falls_back_to_the_default():
    at = run(shrinking_choice_app)
    at.selectbox(key="act").set_value("avg").run()
    at.checkbox(key="wide").uncheck().run()
    assert not at.exception
    assert at.selectbox(key="act").value == "max"
    assert "act" not in at.query_params


def returning_app():
    import streamlit as st

    from ui import state

    st.session_state["lang"] = "en"
    if st.checkbox("on this page", True, key="here"):  # unticked: the reader is on another page
        state.choice("pooling", ["max", "avg"], key="act", section="tensors.conv.pools")


def leave_and_return(at: AppTest) -> AppTest:
    """The reader goes to another page and comes back through the sidebar, which drops the query string."""
    at.checkbox(key="here").uncheck().run()
    at.query_params.pop("act", None)
    return at.checkbox(key="here").check().run()


def test_a_selection_is_kept_when_the_reader_returns():
    at = run(returning_app)
    at.selectbox(key="act").set_value("avg").run()
    leave_and_return(at)
    assert at.selectbox(key="act").value == "avg"
    assert at.query_params["act"] == "avg"  # and the address says so again


def test_a_url_naming_a_selection_beats_the_remembered_one():
    at = run(returning_app)
    at.selectbox(key="act").set_value("avg").run()
    at.checkbox(key="here").uncheck().run()
    at.query_params["act"] = "max"
    assert at.checkbox(key="here").check().run().selectbox(key="act").value == "max"


def test_back_and_forward_restore_the_entry_as_it_was(monkeypatch):
    """An entry without a code was made at the default: Back to it shows the default, whatever came since."""
    from ui import state

    at = run(returning_app)
    at.selectbox(key="act").set_value("avg").run()
    monkeypatch.setattr(state, "_history_navigation", lambda: True)
    assert leave_and_return(at).selectbox(key="act").value == "max"


def remember_many_app():
    import streamlit as st

    from ui import state

    for i in range(3 * state.MAX_REMEMBERED):
        state._remember(f"k{i}", "x")
    st.session_state["history_navigation"] = state._history_navigation()


def test_what_a_session_remembers_is_capped_at_the_latest():
    from ui import state

    at = AppTest.from_function(remember_many_app).run()
    remembered = at.session_state[state.REMEMBERED]
    assert list(remembered) == [f"k{i}" for i in range(2 * state.MAX_REMEMBERED, 3 * state.MAX_REMEMBERED)]
    assert at.session_state["history_navigation"] is False  # Streamlit's flag is still where we read it


def test_every_page_draws_the_history_keeper_before_anything_writes_the_url():
    """The keeper's script comes first, so that it is in place before a write to the URL, on Home and on a lesson."""
    from pathlib import Path

    from ui.catalog import PRINCIPLES

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "Home.py"), default_timeout=60)
    for page in (None, PRINCIPLES[0].file):
        if page:
            at.switch_page(page)
        first = at.run().main[0].proto
        assert 'id="mathdl-history"' in first.body and first.unsafe_allow_javascript
