"""The glossary in a real browser: its own path on a cold server, a search kept in the URL, hover definitions."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serve, settle, steady
from ui import glossary
from ui.catalog import GLOSSARY, url_of
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
CARD = "[class*='st-key-gl_term_']"
TOOLTIP = '[data-testid="stTooltipHoverTarget"]'


LESSON = "[class*='st-key-gl_lesson_'] summary"


def query(page: Page) -> dict:
    return parse_qs(urlparse(page.url).query)


def open_lessons(page: Page, lessons: list[str]) -> None:
    """Open these lessons' groups, one after another: each click draws that lesson's cards."""
    for lesson in lessons:
        group = page.locator(f".st-key-gl_lesson_{lesson}")
        group.locator("summary").click()
        expect(group.locator(CARD).first).to_be_visible()
    settle(page)


def test_the_glossary_opens_at_its_own_path_on_a_fresh_server(reader: Page):
    """A shared /glossary link is often a cold server's first request: the file name must give the path."""
    with serve(warm=False) as fresh:
        reader.goto(f"{fresh}/{url_of(GLOSSARY)}?lang=zh")
        settle(reader)
        expect(reader.locator("h1").first).to_contain_text(catalog("zh")["glossary"]["title"])
        # Lesson by lesson, folded; opening one draws its cards.
        lessons = list(dict.fromkeys(e.lesson for e in glossary.entries()))
        expect(reader.locator(LESSON)).to_have_count(len(lessons))
        expect(reader.locator(CARD)).to_have_count(0)
        open_lessons(reader, lessons[:1])
        expect(reader.locator(CARD)).to_have_count(sum(e.lesson == lessons[0] for e in glossary.entries()))
        assert reader.locator('[role="dialog"]').count() == 0


def test_a_search_filters_in_either_language_and_is_kept_in_the_url(reader: Page, app_url: str):
    reader.goto(f"{app_url}/{url_of(GLOSSARY)}?lang=en")
    settle(reader)
    box = reader.get_by_role("textbox", name=catalog("en")["glossary"]["search"])
    box.fill("交叉熵")
    box.press("Enter")
    expect(reader.locator(CARD).first).to_contain_text("cross-entropy · 交叉熵")
    expect(reader.locator(f"{CARD}.st-key-gl_term_matrix")).to_have_count(0)
    assert query(reader)["gl_q"] == ["交叉熵"] and query(reader)["lang"] == ["en"]
    box.fill("![x](https://e.example/t.png) <b>bold</b>")
    box.press("Enter")
    alert = reader.locator('[data-testid="stAlert"]')
    expect(alert).to_contain_text("![x](https://e.example/t.png) <b>bold</b>")  # as typed, as text
    assert alert.locator("a, img, b").count() == 0


def test_a_cards_link_opens_the_demo_that_teaches_the_term(reader: Page, app_url: str):
    reader.goto(f"{app_url}/{url_of(GLOSSARY)}?lang=zh&gl_q=softmax")
    settle(reader)
    entry = glossary.by_id()["softmax"]
    link = reader.locator(f"{CARD}.st-key-gl_term_softmax").get_by_role("link").first
    expect(link).to_contain_text(glossary.link_label(entry.links[0], "zh"))
    link.click()
    reader.wait_for_url(f"**demo={entry.links[0].demo}*")
    settle(reader)
    expect(reader.locator("h3").first).to_contain_text(catalog("zh")["information"]["softmax"]["title"])


@pytest.mark.parametrize("width", [1280, 390])
def test_no_link_label_in_the_glossary_is_cut_short(reader: Page, app_url: str, width: int):
    reader.set_viewport_size({"width": width, "height": 900})
    reader.goto(f"{app_url}/{url_of(GLOSSARY)}?lang=zh")
    settle(reader)
    open_lessons(reader, list(dict.fromkeys(e.lesson for e in glossary.entries())))
    links = sum(len(e.links) for e in glossary.entries())
    expect(reader.locator(f"{CARD} [data-testid='stPageLink'] a")).to_have_count(links)
    # Every link drawn and the fonts in (a late font changes every width), measured in one look, twice alike.
    clipped = steady(
        reader,
        f"""count => {{
            if (document.fonts.status !== 'loaded') return null;
            if (document.querySelectorAll("{CARD} [data-testid='stPageLink'] a").length !== count) return null;
            return [...document.querySelectorAll("{CARD} [data-testid='stPageLink'] span")]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);
        }}""",
        links,
    )
    assert clipped == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_term_in_a_lessons_text_shows_its_definition_on_hover(reader: Page, app_url: str, lang: str):
    reader.goto(f"{app_url}/information_decision?lang={lang}&demo=softmax")
    settle(reader)
    intro = reader.locator('[data-testid="stMarkdownContainer"]', has=reader.locator(TOOLTIP)).first
    expect(intro).to_contain_text(catalog(lang)["information"]["softmax"]["intro"][:6])
    intro.locator(TOOLTIP).nth(1).hover()  # the intro names logits first, then the temperature
    tip = reader.locator('[data-testid="stTooltipContent"]')
    expect(tip).to_contain_text(glossary.tooltip(glossary.by_id()["temperature"], lang))
