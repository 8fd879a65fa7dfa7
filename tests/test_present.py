"""Lecture mode (``?present=1``): one demo a screen, a counter, previous and next across pages, all in the URL."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest

from tests.helpers import BUILT, LANGS, assert_healthy, demo_ids, open_app, open_page
from tests.test_zh_text import english
from ui import present
from ui.catalog import BY_KEY
from ui.i18n import catalog

PAGE = "pages/01_linear_maps.py"
IDS = demo_ids(PAGE)


def counter(at) -> str:
    """The bar's counter: the one markdown of the bar that is not a link."""
    return next(m.value for m in at.markdown if " / " in m.value and "**" in m.value)


def links(at) -> dict[str, tuple[str, dict[str, list[str]], bool]]:
    """The page links drawn, by label: (target page, its query, disabled)."""
    return {
        link.proto.label: (link.proto.page, parse_qs(link.proto.query_string), link.proto.disabled)
        for link in at.get("page_link")
    }


@pytest.mark.parametrize("lang", LANGS)
def test_present_mode_opens_the_pages_first_demo_alone_under_its_counter(lang):
    at = open_page(PAGE, lang, present="1")
    assert_healthy(at)
    text = catalog(lang)
    assert [h.value for h in at.subheader] == [text["linear_maps"][IDS[0]]["title"]]
    assert not at.title, "a slide has no lesson around it"
    assert counter(at) == text["present"]["counter"].format(
        index=1, total=len(IDS), number=1, page=text["linear_maps"]["short"]
    )
    assert at.query_params["demo"] == IDS[0] and at.query_params["present"] == "1"
    drawn = links(at)
    assert drawn[text["present"]["previous"]][2], "the course's first slide has nothing before it"
    target, query, _ = drawn[text["present"]["next"]]
    assert (target, query) == ("linear_maps", {"lang": [lang], "present": ["1"], "demo": [IDS[1]]})
    _, back, _ = drawn[text["present"]["exit"]]
    assert "present" not in back and "demo" not in back and back["lang"] == [lang]
    if lang == "zh":
        assert english(at) == []


def test_a_slide_in_the_middle_counts_and_links_both_ways_with_the_demos_settings():
    at = open_page(PAGE, present="1", demo=IDS[2], mp_m="3")
    assert_healthy(at)
    assert counter(at).startswith(f"**3 / {len(IDS)}**")
    en = catalog("en")["present"]
    assert links(at)[en["previous"]][1]["demo"] == [IDS[1]]
    assert links(at)[en["next"]][1]["demo"] == [IDS[3]]
    # The way out carries this demo's own settings, to the whole lesson.
    assert links(at)[en["exit"]][1] == {"lang": ["en"], "mp_m": ["3"]}
    # Back on the slide before, its link forward brings this demo back as the lecturer left it.
    at.query_params["demo"] = IDS[1]
    at.run()
    assert links(at)[en["next"]][1]["mp_m"] == ["3"]


@pytest.mark.parametrize("lang", LANGS)
def test_past_a_pages_last_demo_comes_the_next_pages_first_and_back(lang):
    text = catalog(lang)
    (first_page, first_ids), (second_page, second_ids) = present.course()[:2]
    at = open_page(BY_KEY[first_page].file, lang, present="1", demo=first_ids[-1])
    assert_healthy(at)
    word = text["present"]["next_page"].format(number=2, page=text[second_page]["short"])
    target, query, disabled = links(at)[word]
    assert (target, query["demo"], query["present"], disabled) == (
        BY_KEY[second_page].url,
        [second_ids[0]],
        ["1"],
        False,
    )
    at = open_page(BY_KEY[second_page].file, lang, present="1", demo=second_ids[0])
    assert_healthy(at)
    assert counter(at) == text["present"]["counter"].format(
        index=1, total=len(second_ids), number=2, page=text[second_page]["short"]
    )
    word = text["present"]["previous_page"].format(number=1, page=text[first_page]["short"])
    target, query, _ = links(at)[word]
    assert (target, query["demo"]) == (BY_KEY[first_page].url, [first_ids[-1]])


def test_the_course_runs_through_every_demo_of_every_lesson_in_order():
    slides = [(key, demo) for key, ids in present.course() for demo in ids]
    assert slides == [(p.key, d) for p in BUILT for d in demo_ids(p.file)]
    for (page, demo), after in zip(slides, [*slides[1:], None], strict=True):
        ids = dict(present.course())[page]
        assert present.neighbours(page, ids, demo)[1] == (present.Slide(*after) if after else None)
    first = slides[0]
    assert present.neighbours(first[0], dict(present.course())[first[0]], first[1])[0] is None


@pytest.mark.parametrize("value", ["true", "<script>alert(1)</script>"])
def test_a_present_value_other_than_1_falls_back_to_the_whole_lesson(value):
    at = open_page(PAGE, present=value)
    assert_healthy(at)
    assert at.title[0].value == catalog("en")["linear_maps"]["title"]
    assert len(at.subheader) == len(IDS)
    assert "present" not in at.query_params
    assert not at.sidebar.toggle(key="present").value


def test_the_sidebar_toggle_turns_lecture_mode_on_and_off_back_to_the_whole_lesson():
    at = open_page(PAGE)
    at.sidebar.toggle(key="present").set_value(True).run()
    assert_healthy(at)
    assert at.query_params["present"] == "1" and at.query_params["demo"] == IDS[0]
    assert len(at.subheader) == 1
    at.sidebar.toggle(key="present").set_value(False).run()
    assert_healthy(at)
    assert "present" not in at.query_params and "demo" not in at.query_params
    assert len(at.subheader) == len(IDS)


def folded(at) -> bool:
    """Whether the style that hides the demo's widgets is drawn."""
    return any(".stSlider" in h.value and "display: none" in h.value for h in at.get("html"))


def test_the_bars_toggle_folds_the_demos_controls_away_and_back():
    at = open_page(PAGE, present="1")
    assert not folded(at)
    at.toggle(key=present.FOLD).set_value(True).run()
    assert folded(at)
    assert at.slider(key="lm_t").value == 1.0, "folded, not removed: the widgets are still drawn"
    at.toggle(key=present.FOLD).set_value(False).run()
    assert not folded(at)


def test_charts_in_lecture_mode_have_large_type():
    specs = [json.loads(c.proto.spec) for c in open_page(PAGE, present="1").get("vega_lite_chart")]
    assert specs and all(s["config"]["axis"]["labelFontSize"] == 16 for s in specs)  # Streamlit's 12, times 1.3
    normal = [json.loads(c.proto.spec) for c in open_page(PAGE, demo=IDS[0]).get("vega_lite_chart")]
    assert all("labelFontSize" not in s.get("config", {}).get("axis", {}) for s in normal)


def test_home_in_lecture_mode_starts_the_course():
    at = open_app("zh", present="1")
    assert_healthy(at)
    page, ids = present.course()[0]
    text = catalog("zh")
    target, query, _ = links(at)[text["present"]["next_page"].format(number=1, page=text[page]["short"])]
    assert (target, query["demo"], query["present"]) == (BY_KEY[page].url, [ids[0]], ["1"])
    assert english(at) == []
