"""A reader's tour in a real browser: every page through the sidebar, both languages."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import rerun, serve, settle
from ui.catalog import PRINCIPLES
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
BUILT = [p for p in PRINCIPLES if p.built]
CHART = '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas'


def query(page: Page) -> dict:
    return parse_qs(urlparse(page.url).query)


def images_loaded(page: Page) -> bool:
    """Every image on the page has arrived and decoded: what a reader sees, not what was in flight.

    One look that waits for its own condition: a rerun may replace an image between two looks.
    """
    return page.wait_for_function(
        """() => {
            const images = [...document.images];
            return images.every(i => i.complete) && {drawn: images.every(i => i.naturalWidth > 0)};
        }"""
    ).json_value()["drawn"]


# Streamlit's sliders; a handle of a picture to drag (ui/drag.py) is a slider to a screen reader, with no value.
RANGES = 'input[type="range"]'


def nudge_first_slider(page: Page) -> None:
    """One step of the first slider (down if it is at its top), and the run that follows."""
    slider = page.locator(RANGES).first  # an <input type="range">: its value, min and max are attributes
    at_max = slider.evaluate("e => Number(e.value) >= Number(e.max)")
    rerun(page, lambda: (slider.focus(), page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")))


def slider_values(page: Page) -> list[str]:
    return page.locator(RANGES).evaluate_all("sliders => sliders.map(s => s.value)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tour_every_page_through_the_sidebar(reader: Page, app_url: str, lang: str):
    text = catalog(lang)
    reader.goto(f"{app_url}/?lang={lang}")
    settle(reader)
    expect(reader.locator("h1").first).to_contain_text(text["home"]["title"])
    for p in BUILT:
        reader.locator('[data-testid="stSidebarNav"]').get_by_text(f"{p.number}. {text[p.key]['short']}").click()
        reader.wait_for_url(f"**/{p.url}*")
        # The new page's title shows that its run has begun; only then does settle() wait for its end.
        expect(reader.locator("h1").first).to_contain_text(text[p.key]["title"])
        settle(reader)
        expect(reader.locator(CHART).first).to_be_visible()
        before = query(reader)
        nudge_first_slider(reader)
        assert query(reader) != before, "moving a slider must change the URL"
        assert query(reader)["lang"] == [lang]
        assert reader.locator('[data-testid="stException"]').count() == 0
        assert images_loaded(reader)


def test_a_copied_link_reopens_the_same_state_in_the_other_language(reader: Page, app_url: str):
    p = BUILT[0]
    reader.goto(f"{app_url}/{p.url}?lang=en")
    settle(reader)
    first = slider_values(reader)[0]
    for _ in range(3):
        nudge_first_slider(reader)
    shared = reader.url.replace("lang=en", "lang=zh")
    values = slider_values(reader)
    assert values[0] != first, "the nudges must have moved the first slider"
    reader.goto(shared)
    settle(reader)
    expect(reader.locator("h1").first).to_contain_text(catalog("zh")[p.key]["title"])
    sliders = reader.locator(RANGES)
    expect(sliders).to_have_count(len(values))  # the page streams in: wait for all of it
    for i, value in enumerate(values):
        expect(sliders.nth(i)).to_have_value(value)


def test_a_chinese_reader_stays_chinese_on_the_first_click_after_a_server_start(reader: Page):
    """Streamlit resets the language radio to its default on that first page change."""
    with serve(warm=False) as fresh:
        reader.goto(f"{fresh}/?lang=zh")
        settle(reader)
        p = BUILT[0]
        reader.locator('[data-testid="stSidebarNav"]').get_by_text(
            f"{p.number}. {catalog('zh')[p.key]['short']}"
        ).click()
        reader.wait_for_url(f"**/{p.url}*")
        expect(reader.locator("h1").first).to_contain_text(catalog("zh")[p.key]["title"])
        settle(reader)
        assert query(reader)["lang"] == ["zh"]


def test_a_shared_link_opens_its_page_on_a_fresh_server(reader: Page):
    """The first reader after a start (a cloud app waking up) often comes by a shared link: Streamlit
    then reads a folder named pages/ the old way and says "Page not found" over the right page.
    """
    p = BUILT[-1]
    with serve(warm=False) as fresh:
        reader.goto(f"{fresh}/{p.url}?lang=zh")
        settle(reader)
        expect(reader.locator("h1").first).to_contain_text(catalog("zh")[p.key]["title"])
        assert reader.locator('[role="dialog"]').count() == 0
