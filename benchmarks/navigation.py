"""A click in the navigation, in headless Chromium: when the first chart is drawn, when the page has settled.

For each page, a fresh `streamlit run Home.py`: a reader opens Home (its first run imports the app),
then clicks the page (its first visit: the page's own caches are cold, as on a server that has just
woken up), then goes back to Home and clicks it again, NAV_REPEATS times (warm visits). Settled is
benchmarks/browser.py's: the script has stopped, every chart is drawn and the screen has not changed
for a while. The bare app (a page with one slider and `st.write`, and the bare chart page) is measured
the same way before and after ours.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.browser import NAV, PROBE, TIMEOUT, chromium, settle
from benchmarks.classroom import bare_app, pages
from tests.e2e.conftest import serve

NAV_REPEATS = 3
# Installed after benchmarks.browser's PROBE: the moment, after a click, a chart first shows a data mark.
FIRST_CHART = """
(() => {
  const drawn = '[data-testid="stVegaLiteChart"] :is(svg .role-mark, canvas)';
  addEventListener('pointerdown', () => { window.__bench.firstChart = null; }, true);
  new MutationObserver(() => {
    const b = window.__bench;
    if (b && b.firstChart === null && document.querySelector(drawn)) b.firstChart = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


@dataclass
class Visit:
    settled: float  # ms from the click
    first_chart: float | None  # ms from the click; None on a page without charts


def click(page, url: str, path: str) -> Visit:
    page.click(f'{NAV}[href="{url}/{path}"]')
    settled = settle(page)
    first = page.evaluate("window.__bench.firstChart && window.__bench.firstChart - window.__bench.input")
    return Visit(settled[0] if settled else float("nan"), first)


def visits(browser, script: Path | str, path: str) -> tuple[Visit, list[Visit]]:
    """On a fresh server: the first click on ``path`` from Home, then NAV_REPEATS more, each from Home again."""
    with serve(script, warm=False) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(PROBE)
        page.add_init_script(FIRST_CHART)
        page.set_default_timeout(TIMEOUT)
        try:
            page.goto(f"{url}/?lang=en")
            settle(page)
            first = click(page, url, path)
            warm = []
            for _ in range(NAV_REPEATS):
                click(page, url, "")
                warm.append(click(page, url, path))
        finally:
            page.close()
    print(f"  {url}/{path}: first {first.settled:.0f} ms", file=sys.stderr, flush=True)
    return first, warm


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def row(name: str, first: list[Visit], warm: list[Visit], bare_settled: float) -> str:
    """One page: its first visit and its warm visits (medians), against the targets."""
    cold, settled = median([v.settled for v in first]), median([v.settled for v in warm])
    nav = settled / bare_settled
    return (
        f"| {name} | {ms(median([v.first_chart for v in first]))} | {ms(cold)} "
        f"| {ms(median([v.first_chart for v in warm]))} | {ms(settled)} "
        f"| {nav:.1f} {'✓' if nav <= 1.5 else '✗'} | {cold / settled:.1f} {'✓' if cold <= 2 * settled else '✗'} |"
    )


def navigation_rows(bare_chart: str) -> list[str]:
    """Every page in the navigation against the bare chart page, each on a fresh server."""
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        bare = bare_app(Path(tmp), bare_chart)
        bare_runs = [visits(browser, bare, "chart")]
        ours = {path: visits(browser, "Home.py", path) for path in pages() if path}
        bare_runs.append(visits(browser, bare, "chart"))
    bare_first = [run[0] for run in bare_runs]
    bare_warm = [v for run in bare_runs for v in run[1]]
    bare_settled = median([v.settled for v in bare_warm])
    names = pages()
    return [
        f"| page (Chromium: a click in the navigation from Home) | first visit, fresh server: first chart | settled "
        f"| warm, median of {NAV_REPEATS}: first chart | settled | × bare (target ≤ 1.5) "
        "| first visit ÷ warm (target ≤ 2) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        row("bare page: one slider and one 200-point chart", bare_first, bare_warm, bare_settled),
        *(row(names[path], [first], warm, bare_settled) for path, (first, warm) in ours.items()),
    ]
