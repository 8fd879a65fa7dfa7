"""A reader's tour in a real browser: every page through the sidebar, both languages."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from ui.catalog import PRINCIPLES
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
BUILT = [p for p in PRINCIPLES if p.built]
CHART = '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas'


def settle(page: Page) -> None:
    """Wait until the script has finished and the charts are drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_load_state("networkidle")


def query(page: Page) -> dict:
    return parse_qs(urlparse(page.url).query)


@pytest.fixture
def reader(page: Page):
    """A browser tab that records every console error and uncaught exception."""
    errors: list[str] = []

    def on_console(message):
        # Opened at a page's own URL (/linear-maps), Streamlit's frontend first looks for its
        # server under that path, gets a 404 and then finds it at the root: expected, not a fault.
        probe = re.search(r"/[\w-]+/_stcore/(health|host-config)$", message.location.get("url", ""))
        if message.type == "error" and not probe:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1400, "height": 1000})
    yield page
    assert errors == []


def nudge_first_slider(page: Page) -> None:
    slider = page.get_by_role("slider").first
    at_max = slider.get_attribute("aria-valuenow") == slider.get_attribute("aria-valuemax")
    slider.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    settle(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tour_every_page_through_the_sidebar(reader: Page, app_url: str, lang: str):
    text = catalog(lang)
    reader.goto(f"{app_url}/?lang={lang}")
    settle(reader)
    expect(reader.locator("h1").first).to_contain_text(text["home"]["title"])
    for p in BUILT:
        reader.locator('[data-testid="stSidebarNav"]').get_by_text(f"{p.number}. {text[p.key]['short']}").click()
        reader.wait_for_url(f"**/{p.url}*")
        settle(reader)
        expect(reader.locator("h1").first).to_contain_text(text[p.key]["title"])
        expect(reader.locator(CHART).first).to_be_visible()
        before = query(reader)
        nudge_first_slider(reader)
        assert query(reader) != before, "moving a slider must change the URL"
        assert query(reader)["lang"] == [lang]
        assert reader.locator('[data-testid="stException"]').count() == 0


def test_a_copied_link_reopens_the_same_state_in_the_other_language(reader: Page, app_url: str):
    p = BUILT[0]
    reader.goto(f"{app_url}/{p.url}?lang=en")
    settle(reader)
    for _ in range(3):
        nudge_first_slider(reader)
    shared = reader.url.replace("lang=en", "lang=zh")
    values = reader.get_by_role("slider").evaluate_all("els => els.map(e => e.getAttribute('aria-valuenow'))")
    reader.goto(shared)
    settle(reader)
    expect(reader.locator("h1").first).to_contain_text(catalog("zh")[p.key]["title"])
    assert reader.get_by_role("slider").evaluate_all("els => els.map(e => e.getAttribute('aria-valuenow'))") == values
