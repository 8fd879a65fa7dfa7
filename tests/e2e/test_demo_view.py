"""A demo opened alone in a real browser: what a lecturer puts on a slide or a projector."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import settle
from tests.helpers import demo_ids
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
CHART = '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas'


def query(page: Page) -> dict:
    return parse_qs(urlparse(page.url).query)


def test_open_alone_carries_the_demos_settings_and_the_way_back_restores_the_lesson(reader: Page, app_url: str):
    en = catalog("en")
    reader.goto(f"{app_url}/linear_maps?lang=en&mp_m=3")
    settle(reader)
    expect(reader.get_by_role("slider", name=en["linear_maps"]["product"]["m"])).to_have_value("3")
    links = reader.get_by_role("link", name=en["common"]["open_alone"])
    demos = demo_ids("pages/01_linear_maps.py")
    expect(links).to_have_count(len(demos))  # Streamlit loads the code of its links a moment after the page
    links.nth(demos.index("product")).click()  # the matrix product's
    reader.wait_for_url("**/linear_maps?*demo=product*")
    settle(reader)
    expect(reader.locator("h3")).to_have_count(1)
    expect(reader.locator("h3").first).to_contain_text(en["linear_maps"]["product"]["title"])
    expect(reader.locator("h1")).to_have_count(0)
    expect(reader.locator(CHART).first).to_be_visible()
    assert query(reader)["mp_m"] == ["3"] and query(reader)["lang"] == ["en"]
    back = reader.get_by_role("link", name=en["common"]["whole_page"])
    expect(back).to_have_attribute("href", "linear_maps?lang=en&mp_m=3")
    back.click()
    reader.wait_for_url(lambda url: "demo=" not in url)
    settle(reader)
    expect(reader.locator("h1").first).to_contain_text(en["linear_maps"]["title"])
    expect(reader.get_by_role("slider", name=en["linear_maps"]["product"]["m"])).to_have_value("3")


def test_a_shared_single_demo_link_opens_in_chinese_with_its_state(reader: Page, app_url: str):
    zh = catalog("zh")
    reader.goto(f"{app_url}/linear_maps?lang=zh&demo=map&lm_t=0.5")
    settle(reader)
    expect(reader.locator("h3").first).to_contain_text(zh["linear_maps"]["map"]["title"])
    expect(reader.get_by_role("slider", name=zh["linear_maps"]["map"]["t"])).to_have_value("0.5")
    expect(reader.locator(CHART).first).to_be_visible()
    assert reader.locator('[data-testid="stException"]').count() == 0
