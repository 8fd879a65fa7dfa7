"""Every page, opened through Home.py as a reader opens it, in both languages.

Facts checked: it renders without an exception, draws its charts, survives every
widget moved to its extremes, reopens from a URL in the state the URL names, and
shrugs off hostile URLs.
"""

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import BUILT, LANGS, ROOT, assert_healthy, demo_widgets, extremes, move, open_app, open_page
from ui.catalog import PRINCIPLES
from ui.i18n import catalog


@pytest.mark.parametrize("lang", LANGS)
def test_home_maps_all_ten_principles(lang):
    at = open_app(lang)
    assert_healthy(at)
    text = " ".join(m.value for m in at.markdown)
    for p in PRINCIPLES:
        assert catalog(lang)[p.key]["title"] in text
    assert len(at.get("page_link")) == len(BUILT)
    coming = [c for c in at.caption if c.value == catalog(lang)["home"]["coming"]]
    assert len(coming) == len(PRINCIPLES) - len(BUILT)


def test_page_renders_with_charts(principle, lang):
    at = open_page(principle.file, lang)
    assert_healthy(at)
    assert at.title[0].value == catalog(lang)[principle.key]["title"]
    assert len(at.get("vega_lite_chart")) >= 2
    assert not at.error
    assert at.get("download_button"), "each figure's data is offered as CSV"


def test_every_widget_survives_its_extremes(principle, lang):
    at = open_page(principle.file, lang)
    keys = [w.key for w in demo_widgets(at)]
    assert keys, "a page without widgets is not interactive"
    for key in keys:
        for value in extremes(next(w for w in demo_widgets(at) if w.key == key)):
            widget = next((w for w in demo_widgets(at) if w.key == key), None)
            if widget is None or widget.disabled:
                break  # moving an earlier widget hid or locked this one
            move(widget, value)
            at.run()
            assert_healthy(at)


def test_language_switch_keeps_the_widgets(principle):
    at = open_page(principle.file, "en")
    slider = at.main.slider[0]
    slider.set_value(slider.max).run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_healthy(at)
    assert at.title[0].value == catalog("zh")[principle.key]["title"]
    assert at.main.slider(key=slider.key).value == slider.max
    assert at.query_params["lang"] == "zh"


HOSTILE = ["1e309", "-1e400", "nan", "inf", "-1", "abc", "<script>alert(1)</script>", "x" * 5000, ""]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: v[:12] or "empty")
def test_hostile_query_values_fall_back_to_defaults(principle, value):
    clean = open_page(principle.file, "en")
    # Any text is a legal value of a text box (the page then explains what is wrong with it).
    defaults = {w.key: w.value for w in demo_widgets(clean) if type(w).__name__ != "TextInput"}
    query = {key: value for key in defaults} | {"lang": value, "unknown_key": value}
    at = open_page(principle.file, **query)
    assert_healthy(at)
    assert at.title[0].value == catalog("en")[principle.key]["title"]
    if value != "-1":  # -1 is a legal value of some widgets; there only health is checked
        assert {w.key: w.value for w in demo_widgets(at) if w.key in defaults} == defaults
    assert "<script>" not in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), ("zh-TW", "zh"), ("de-DE", "en"), (None, "en")])
def test_without_a_lang_parameter_the_browser_language_decides(locale, lang):
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=30)
    at.context["locale"] = locale
    at.run()
    assert at.title[0].value == catalog(lang)["home"]["title"]
    assert at.query_params["lang"] == lang  # written back, so a copied link keeps it


def test_a_link_naming_a_language_beats_the_browser():
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=30)
    at.context["locale"] = "zh-CN"
    at.query_params["lang"] = "en"
    assert at.run().title[0].value == catalog("en")["home"]["title"]


def test_no_url_is_a_page_files_own_name():
    """AppTest takes such a page for an old-style pages/ page and loses the sidebar."""
    for p in PRINCIPLES:
        assert p.url != p.file.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]
