"""Every page, opened through Home.py as a reader opens it, in both languages.

Facts checked: it renders without an exception, draws its charts, marks every quiz answer
(every demo's widgets at their extremes: tests/test_demos.py), reopens from a URL in the state the URL names, and
shrugs off hostile URLs.
"""

import ast
import functools
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.fuzzing import HOSTILE_VALUES
from tests.helpers import BUILT, LANGS, ROOT, assert_healthy, choose, demo_widgets, extremes, open_app, open_page
from tests.test_colour_alone import assert_no_meaning_by_colour_alone
from tests.test_zh_text import english, visible_text
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
    """The page renders in the reader's language, each chart with its CSV; in Chinese, with no English word.

    One render serves four checks (CI time): the page itself, the CSV after every chart, no series told
    apart by colour alone (tests/test_colour_alone.py), and for Chinese the whitelist of tests/test_zh_text.py.
    """
    at = open_page(principle.file, lang)
    assert_healthy(at)
    assert at.title[0].value == catalog(lang)[principle.key]["title"]
    assert len(at.get("vega_lite_chart")) >= 2
    assert not at.error
    assert_every_chart_offers_its_data_as_csv(at)
    assert_no_meaning_by_colour_alone(at)
    if lang == "zh":
        assert [text for _, text in visible_text(at) if re.search("[\u4e00-\u9fff]", text)], "the page is in Chinese"
        assert english(at) == []


def charts_and_downloads(node, row=None):
    """The page's charts and CSV downloads in reading order, each with the row of columns it sits in (or None)."""
    children = getattr(node, "children", None)
    if children is None:
        if node.type in ("vega_lite_chart", "download_button"):
            yield node.type, row
        return
    for child in children.values():
        inner = id(node) if getattr(child, "type", None) == "column" else row
        yield from charts_and_downloads(child, inner)


def assert_every_chart_offers_its_data_as_csv(at) -> None:
    """Each chart is followed by a CSV download before the next chart.

    Panels of one figure, side by side in one row of columns, may share one download after the row
    (page 1's dense layer, page 9's activations). Issue 15 found charts without one; page 3's
    reconstruction error was one.
    """
    items = list(charts_and_downloads(at._tree))
    charts = [i for i, (kind, _) in enumerate(items) if kind == "vega_lite_chart"]
    assert charts
    for number, (i, j) in enumerate(zip(charts, [*charts[1:], len(items)], strict=True), 1):
        offered = any(kind == "download_button" for kind, _ in items[i + 1 : j])
        panels = j < len(items) and items[i][1] is not None and items[i][1] == items[j][1]
        assert offered or panels, f"chart {number} of {len(charts)} has no CSV download"


def test_every_quiz_answer_is_marked(principle, lang):
    """All quizzes answered right at once, then all wrong: each says so, its explanation's numbers filled in.

    The demos' widgets go to their extremes in tests/test_demos.py, each demo alone.
    """
    at = open_page(principle.file, lang)
    words, questions = catalog(lang)["common"], catalog(lang)[principle.key]["quiz"]
    for right in (True, False):
        for i, question in enumerate(questions):
            answer = question["answer"] if right else (question["answer"] + 1) % len(question["options"])
            choose(at.main.radio(key=f"{principle.key}_quiz_{i}"), question["options"][answer])
        at.run()
        assert_healthy(at)
        mark = words["correct"] if right else words["try_again"]
        marks = [b.value for b in (*at.success, *at.warning) if b.value.startswith(mark)]
        assert len(marks) == len(questions) and all("{" not in m for m in marks)


def test_language_switch_keeps_the_widgets(principle):
    at = open_page(principle.file, "en")
    slider = at.main.slider[0]
    slider.set_value(slider.max).run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_healthy(at)
    assert at.title[0].value == catalog("zh")[principle.key]["title"]
    assert at.main.slider(key=slider.key).value == slider.max
    assert at.query_params["lang"] == "zh"


HOSTILE = HOSTILE_VALUES


@functools.cache
def defaults(file: str) -> dict:
    """The page's widget values with a clean URL (text boxes aside: any text is a legal value of one)."""
    return {w.key: w.value for w in demo_widgets(open_page(file, "en")) if type(w).__name__ != "TextInput"}


def assert_no_reader_html(at: AppTest) -> None:
    assert "<script>" not in " ".join(m.value for m in at.markdown)
    assert all("<script>" not in h.value for h in at.get("html"))


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: v[:12] or "empty")
def test_hostile_query_values_fall_back_to_defaults(principle, value):
    clean = defaults(principle.file)
    query = dict.fromkeys(clean, value) | {"lang": value, "unknown_key": value}
    at = open_page(principle.file, **query)
    assert_healthy(at)
    assert at.title[0].value == catalog("en")[principle.key]["title"]
    if value != "-1":  # -1 is a legal value of some widgets; there only health is checked
        assert {w.key: w.value for w in demo_widgets(at) if w.key in clean} == clean
    assert_no_reader_html(at)


def test_repeated_keys_fall_back_to_defaults(principle):
    """?k=1&k=2: no widget takes two values, and picking one of them would be a guess."""
    widgets = [
        w
        for w in demo_widgets(open_page(principle.file, "en"))
        if type(w).__name__ in ("Slider", "NumberInput", "Checkbox")
    ]
    # Both ends of a range (or both states of a box): each legal alone, at least one not the default.
    query = {w.key: [str(v).lower() for v in extremes(w)] for w in widgets}
    at = open_page(principle.file, lang=["zh", "zh"], unknown_key=["<script>", "x" * 5000], **query)
    assert_healthy(at)
    assert at.title[0].value == catalog("en")[principle.key]["title"]  # a repeated lang is dropped too
    assert {w.key: w.value for w in demo_widgets(at) if w.key in query} == {w.key: w.value for w in widgets}
    assert_no_reader_html(at)


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), (None, "en")])
def test_an_unknown_language_falls_back_to_the_browsers(locale, lang):
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=30)
    at.context["locale"] = locale
    at.query_params["lang"] = "xx"
    at.run()
    assert_healthy(at)
    assert at.title[0].value == catalog(lang)["home"]["title"]
    assert at.query_params["lang"] == lang


@pytest.mark.parametrize(
    ("file", "key"),
    [
        ("pages/02_tensor_operations.py", "bc_a"),
        ("pages/06_information_decision.py", "ent_p"),
        ("pages/07_calculus_backprop.py", "cal_f"),
    ],
)
def test_a_shared_link_cannot_put_a_link_or_an_image_in_an_error(file, key):
    """An error quotes what was typed, and a link can type it for the reader: it is shown as text."""
    at = open_page(file, **{key: "![](https://e.example/t.png) [fix](https://e.example) *x* $x$"})
    assert_healthy(at)
    assert at.error and not any(re.search(r"(?<!\\)[\[\]*$]", e.value) for e in at.error)


def test_no_reader_text_can_reach_raw_html():
    """Markdown escapes HTML unless told not to: nothing tells it, and the one raw-HTML call is a fixed style."""
    raw = []
    for path in [ROOT / "Home.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if any(k.arg == "unsafe_allow_html" for k in node.keywords):
                raw.append(f"{path.name}:{node.lineno} unsafe_allow_html")
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "html"
                and not all(isinstance(a, ast.Constant) for a in node.args)
            ):
                raw.append(f"{path.name}:{node.lineno} html() of a computed string")
    assert raw == []


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
