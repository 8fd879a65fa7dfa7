"""Every demo is a unit with an id: ``?demo=<id>`` opens it alone, in either language, with the
state its link carries, and each demo on the full page offers that link."""

import re
from urllib.parse import parse_qs

import pytest

from tests.helpers import BUILT, DEMOS, LANGS, assert_healthy, demo_ids, demo_widgets, extremes, move, open_page
from tests.test_zh_text import english
from ui.i18n import catalog


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("principle", "demo_id"), DEMOS, ids=[f"{p.key}-{d}" for p, d in DEMOS])
def test_a_demo_opens_alone_at_full_width_and_survives_its_widgets_extremes(principle, demo_id, lang):
    """Alone, the demo is whole; then (in English) each of its widgets goes to its extremes, one after another.

    One opening serves both (CI time), and alone each move runs this demo only, not the whole page. The
    mathematics at the extremes is the same in Chinese; the Chinese pages meet the extremes among the
    fuzz tests' values (tests/fuzzing.py gives a slider one of its ends in half its draws), one by one
    and in sequences.
    """
    at = open_page(principle.file, lang, demo=demo_id)
    assert_healthy(at)
    text = catalog(lang)[principle.key]
    assert [h.value for h in at.subheader] == [text[demo_id]["title"]]
    assert not at.title, "alone, a demo has no lesson around it: no page title, no formulas, no quiz"
    back = [link.proto for link in at.get("page_link") if link.proto.label == catalog(lang)["common"]["whole_page"]]
    assert len(back) == 1 and "demo" not in parse_qs(back[0].query_string)
    intro = at.markdown[0].value  # its numbers filled in from what the demo computed, none left as {field}
    assert re.sub(r"\$[^$]*\$", "", intro).count("{") == 0, intro
    if lang == "zh":
        assert english(at) == [], "alone, in Chinese, no English word (tests/test_zh_text.py)"
    else:
        survives_its_extremes(at)


def survives_its_extremes(at) -> None:
    """Move each widget to both ends of its range (every option of a choice) and back, running after each move."""
    keys = [w.key for w in demo_widgets(at)]
    for key in keys:
        for value in extremes(next(w for w in demo_widgets(at) if w.key == key)):
            widget = next((w for w in demo_widgets(at) if w.key == key), None)
            if widget is None or widget.disabled:
                break  # moving an earlier widget hid or locked this one
            move(widget, value)
            at.run()
            assert_healthy(at)


@pytest.mark.parametrize("principle", [p for p in BUILT if demo_ids(p.file)], ids=lambda p: p.key)
def test_every_demo_on_the_full_page_links_to_itself_alone(principle):
    at = open_page(principle.file)
    links = [link.proto for link in at.get("page_link") if link.proto.label == catalog("en")["common"]["open_alone"]]
    assert [parse_qs(link.query_string)["demo"] for link in links] == [[d] for d in demo_ids(principle.file)]
    assert all(parse_qs(link.query_string)["lang"] == ["en"] for link in links)


def test_a_demos_link_carries_its_own_widgets_and_not_the_others():
    at = open_page("pages/01_linear_maps.py", lm_t="0.5", mp_m="3")
    links = {
        parse_qs(link.proto.query_string)["demo"][0]: parse_qs(link.proto.query_string) for link in at.get("page_link")
    }
    assert links["map"]["lm_t"] == ["0.5"] and "mp_m" not in links["map"]
    assert links["product"]["mp_m"] == ["3"] and "lm_t" not in links["product"]


def test_a_demo_opened_alone_takes_the_state_its_link_carries():
    at = open_page("pages/01_linear_maps.py", "zh", demo="product", mp_m="3", mp_k="4")
    assert (at.slider(key="mp_m").value, at.slider(key="mp_k").value) == (3, 4)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("wanted", ["nonesuch", "<script>alert(1)</script>", "map&x=1", ""])
def test_an_unknown_demo_opens_the_whole_lesson_with_a_notice(wanted, lang):
    at = open_page("pages/01_linear_maps.py", lang, demo=wanted)
    assert_healthy(at)
    assert at.title[0].value == catalog(lang)["linear_maps"]["title"]
    assert [i.value for i in at.info] == [catalog(lang)["common"]["unknown_demo"]]
    assert len(at.subheader) == len(demo_ids("pages/01_linear_maps.py"))


def test_the_widgets_a_demo_draws_are_read_from_streamlits_own_record():
    """ui.demo asks Streamlit which widgets a demo drew (to put them in its link): an internal API."""
    from streamlit.runtime.scriptrunner_utils.shared_run_state import SharedRunState

    assert callable(SharedRunState().widget_user_keys_this_run.snapshot)
