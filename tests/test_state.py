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
