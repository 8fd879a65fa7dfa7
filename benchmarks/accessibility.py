"""An automated accessibility audit: axe-core on every page, in the light and the dark theme.

Headless Chromium opens Home, the ten lessons and the glossary on one `streamlit run Home.py`.
The theme follows the reader's system setting (Streamlit's default), so a tab whose browser
prefers a dark colour scheme gets the dark theme. Once a page is drawn (its script has stopped,
no skeleton is left and every chart has its picture), axe-core (bundled by axe-playwright-python)
checks the whole document. The table gives, per page and theme, the violated rules by impact
(rules and, in brackets, the elements that break them), the rule ids, and the colours of chart text
(Vega's SVG, which axe leaves alone) under WCAG AA's 4.5:1 against the page, from Chromium's computed colours.

    python -m benchmarks --only a11y
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from benchmarks.browser import chromium
from tests.e2e.conftest import PAGE_DRAWN, serve

IMPACTS = ("critical", "serious", "moderate", "minor")
THEMES = ("light", "dark")
# The page is drawn and every chart has its picture: axe must see what a reader sees.
CHARTS_DRAWN = f"""() => ({PAGE_DRAWN})()
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg, canvas'))"""


def pages() -> dict[str, str]:
    """The pages to audit: their name in the table and their path."""
    from ui.catalog import GLOSSARY, PRINCIPLES, url_of

    return (
        {"Home": ""} | {f"{p.number}. {p.key}": p.url for p in PRINCIPLES if p.built} | {"glossary": url_of(GLOSSARY)}
    )


def audit(page, url: str, path: str) -> list[dict]:
    """Open url/path in ``page`` and return axe-core's violations once the page is drawn."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{url}/{path}?lang=en")
    page.wait_for_function(CHARTS_DRAWN, polling=200)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(CHARTS_DRAWN, polling=200)  # a late chart chunk may have redrawn a skeleton
    return Axe().run(page).response["violations"]


# Chart text (Vega's SVG, which axe does not judge) against the page's background, as Chromium computed both.
# Black and white text sits on our own light or coloured cells, not on the page, and is left out, as is
# page 7's gradient text (#B34700) on its light box (#F3F3F3): 5.1:1.
CHART_TEXT = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = c => { const [r, g, b] = rgb(c).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
  const low = {}, ON_CELLS = ['rgb(0, 0, 0)', 'rgb(255, 255, 255)', 'rgb(179, 71, 0)'];
  for (const text of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')) {
    const style = getComputedStyle(text), fill = style.fill;
    if (!text.textContent.trim() || style.fillOpacity === '0' || ON_CELLS.includes(fill)) continue;
    const r = ratio(fill, page);
    if (r < 4.5) low[fill] = Math.min(low[fill] ?? 99, Math.round(r * 100) / 100);
  }
  return low;
}"""


def chart_text(page) -> dict[str, float]:
    """The colours of chart text below 4.5:1 against the page, with their lowest ratio."""
    return page.evaluate(CHART_TEXT)


def serious(violations: list[dict]) -> list[str]:
    """The rule ids of serious or critical violations, each with its elements' count."""
    return [f"{v['id']} ({len(v['nodes'])})" for v in violations if v["impact"] in ("critical", "serious")]


def row(name: str, theme: str, violations: list[dict], text: dict[str, float]) -> str:
    rules = Counter(v["impact"] for v in violations)
    nodes = Counter()
    for v in violations:
        nodes[v["impact"]] += len(v["nodes"])
    cells = [f"{rules[i]} ({nodes[i]})" if rules[i] else "0" for i in IMPACTS]
    ids = ", ".join(f"{v['id']} [{v['impact'][:3]}, {len(v['nodes'])}]" for v in violations) or "—"
    low = ", ".join(f"{colour} {ratio}:1" for colour, ratio in text.items()) or "—"
    return f"| {name} | {theme} | {' | '.join(cells)} | {ids} | {low} |"


def a11y_rows() -> list[str]:
    """The audit's table: one row per page and theme."""
    rows = [
        "| page | theme | critical | serious | moderate | minor | rule ids [impact, elements] | chart text < 4.5:1 |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    details: dict[str, dict] = {}
    with serve() as url, chromium() as browser:
        for theme in THEMES:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=theme)
            page = context.new_page()
            page.set_default_timeout(120_000)
            for name, path in pages().items():
                start = time.perf_counter()
                violations = audit(page, url, path)
                rows.append(row(name, theme, violations, chart_text(page)))
                for v in violations:
                    details.setdefault(v["id"], v)
                print(f"  {theme} /{path}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
            context.close()
    rows += ["", "| rule | impact | what axe says | an element |", "|---|---|---|---|"]
    for rule, v in sorted(details.items()):
        target = " ".join(map(str, v["nodes"][0]["target"]))[:80].replace("|", "/")
        rows.append(f"| {rule} | {v['impact']} | {v['help']} | `{target}` |")
    return rows
