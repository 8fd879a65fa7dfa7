"""Lessons 7 and 8 in a real browser: every chart is drawn, none is left blank by an error in Vega.

AppTest sees the spec Streamlit sends, not what the browser makes of it: a spec that Vega-Lite
cannot compile reaches the page as an empty box and an error in the console, nothing more.
"""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import settle
from ui.catalog import BY_KEY

pytestmark = pytest.mark.e2e
DRAWINGS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c => {
    const d = c.querySelector('canvas, svg.marks');
    return d ? d.getBoundingClientRect().height : 0;
})"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", ["calculus", "optimisation"])
def test_every_chart_of_the_page_is_drawn(reader: Page, app_url: str, key: str, lang: str):
    errors = []
    reader.on("pageerror", lambda error: errors.append(str(error)))
    reader.goto(f"{app_url}/{BY_KEY[key].url}?lang={lang}")
    settle(reader)
    # One look that waits for its own condition: a chart drawn again between two looks would fool a second one.
    heights = reader.wait_for_function(
        f"() => {{ const h = ({DRAWINGS})(); return h.length > 0 && h.every(x => x > 0) && h; }}"
    ).json_value()
    assert errors == []
    assert len(heights) == {"calculus": 6, "optimisation": 8}[key]
