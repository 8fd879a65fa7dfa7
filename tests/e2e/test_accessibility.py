"""axe-core finds no serious or critical accessibility fault on three pages, and chart text is readable.

Home (the navigation, captions), lesson 2 (pictures with their alt text, formulas) and lesson 9 (a
formula wider than its column, a chart with an empty layer) in one tab on the session's server. The
whole audit, every page in both themes, is ``python -m benchmarks --only a11y``.
"""

import pytest
from playwright.sync_api import Page

from benchmarks.accessibility import audit, chart_text, serious

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["", "tensor_operations", "neural_networks"])
def test_axe_finds_no_serious_fault_and_chart_text_has_4_5_to_1(tab: Page, app_url: str, path: str):
    violations = audit(tab, app_url, path)
    assert serious(violations) == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]
    assert chart_text(tab) == {}
