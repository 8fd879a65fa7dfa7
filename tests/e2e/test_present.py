"""Lecture mode in a real Chromium: the keys a lecturer (or a clicker) presses move one slide, the address follows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import settle
from ui import present
from ui.catalog import BY_KEY
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
HEADING = '[data-testid="stMain"] h3'
COUNTER = '.st-key-present_bar [data-testid="stMarkdown"]'
# The key handler presses a link only once the run that drew it is over (a stale bar is passed over).
READY = """() => { const a = document.querySelector('.st-key-present_next a[href]');
    return a !== null && a.closest('[data-stale="true"]') === null; }"""


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def on_slide(page: Page, key: str, demo: str, index: int) -> None:
    """The slide is on screen, counted, and named by the address; the page has settled."""
    text, ids = catalog("en"), dict(present.course())[key]
    expect(page.locator(HEADING)).to_have_text(text[key][demo]["title"])
    number, name = BY_KEY[key].number, text[key]["short"]
    expect(page.locator(COUNTER)).to_have_text(f"{index} / {len(ids)} · {number}. {name}")
    expect(page).to_have_url(re.compile(rf"/{BY_KEY[key].url}\?"))
    assert query(page)["demo"] == [demo] and query(page)["present"] == ["1"] and query(page)["lang"] == ["en"]
    settle(page)
    page.wait_for_function(READY)


def press(page: Page, key: str) -> None:
    page.evaluate("() => document.activeElement?.blur()")  # the keys belong to the page, not to a control
    page.keyboard.press(key)


def test_a_lecturer_walks_the_slides_with_the_keys(reader: Page, app_url: str):
    """Right, Page Down and Left move one slide each, Back undoes one, a slider keeps its arrows, pages join up."""
    reader.set_viewport_size({"width": 1280, "height": 720})
    (first, ids), (second, next_ids) = present.course()[:2]
    reader.goto(f"{app_url}/{BY_KEY[first].url}?lang=en&present=1")
    on_slide(reader, first, ids[0], 1)  # no demo named: the page's first
    press(reader, "ArrowRight")
    on_slide(reader, first, ids[1], 2)
    press(reader, "PageDown")  # what a clicker sends
    on_slide(reader, first, ids[2], 3)
    press(reader, "ArrowLeft")
    on_slide(reader, first, ids[1], 2)
    reader.go_back()  # one entry per slide: Back shows the slide before, as it was
    on_slide(reader, first, ids[2], 3)

    # Inside a slider the arrow keys move the slider, not the slides.
    slider = reader.locator('[data-testid="stMain"] input[type="range"]').first  # Streamlit's sliders
    before = slider.input_value()
    slider.focus()
    reader.keyboard.press("ArrowRight")
    expect(slider).not_to_have_value(before)
    settle(reader)
    on_slide(reader, first, ids[2], 3)

    # Past the page's last demo comes the next page's first, and back.
    reader.goto(f"{app_url}/{BY_KEY[first].url}?lang=en&present=1&demo={ids[-1]}")
    on_slide(reader, first, ids[-1], len(ids))
    press(reader, "ArrowRight")
    on_slide(reader, second, next_ids[0], 1)
    press(reader, "ArrowLeft")
    on_slide(reader, first, ids[-1], len(ids))

    # Leaving lecture mode opens the whole lesson at the demo that was shown.
    reader.get_by_role("link", name=catalog("en")["present"]["exit"]).click()
    expect(reader.locator('[data-testid="stMain"] h1')).to_have_text(catalog("en")[first]["title"])
    assert "present" not in query(reader) and "demo" not in query(reader)
    expect(reader.locator(f"#{ids[-1]}")).to_be_in_viewport()


def test_hiding_the_controls_leaves_the_figure_under_the_intro_and_keeps_the_settings(reader: Page, app_url: str):
    """At 1280 × 720 the figure comes up under the intro, Play still there; showing the controls brings them back."""
    reader.set_viewport_size({"width": 1280, "height": 720})
    reader.goto(f"{app_url}/{BY_KEY['optimisation'].url}?lang=en&present=1&demo=surfaces&opt_lr=0.05")
    settle(reader)
    sliders, address = reader.locator('[data-testid="stMain"] input[type="range"]'), reader.url
    shown = sliders.count()
    assert shown > 0
    chart = reader.locator('[data-testid="stVegaLiteChart"]').first
    below = chart.bounding_box()["y"]
    reader.get_by_text(catalog("en")["present"]["fold"], exact=True).click()
    expect(sliders.filter(visible=True)).to_have_count(0)
    # Play, Step and Reset stay: the lecturer runs the race with the controls hidden.
    for word in ("start", "step", "reset"):
        expect(reader.get_by_role("button", name=catalog("en")["stepper"][word], exact=True)).to_be_visible()
    # Their rows fold with them: no empty band between the intro, the buttons and the figure.
    intro = reader.locator('[data-testid="stMain"] [data-testid="stMarkdown"]').filter(has_text="Every optimiser").last
    buttons = reader.locator('[class*="st-key-play_"]')
    reader.wait_for_function(
        """(parts) => parts.slice(1).every((part, i) =>
            part.getBoundingClientRect().top - parts[i].getBoundingClientRect().bottom < 48)""",
        arg=[intro.element_handle(), buttons.element_handle(), chart.element_handle()],
    )
    assert chart.bounding_box()["y"] < below - 200
    assert reader.url == address  # hidden, not reset: the settings and the address are as they were
    reader.get_by_text(catalog("en")["present"]["fold"], exact=True).click()
    expect(sliders.filter(visible=True)).to_have_count(shown)
    assert reader.url == address
