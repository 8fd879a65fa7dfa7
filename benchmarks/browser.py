"""What a reader waits for in a real browser: a widget's rerun and a click in the navigation.

Headless Chromium drives a real `streamlit run`. An input counts as settled when the script
has run and stopped again, nothing is stale or still a skeleton, every chart and image is drawn, and the screen
has not changed for QUIET milliseconds; the time reported runs from the key or pointer press
to the last change of the screen, both read from the page's own clock, and its part after the
server's last message is the browser's own drawing.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, serve

QUIET = 250  # ms without a change on screen once the script has stopped: Vega draws within a few frames
GRACE = 2000  # ms to wait for the script to start at all before deciding the input caused no rerun
TIMEOUT = 60_000  # ms for one input to settle
NAV = '[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]'
# Every widget in the page body a keyboard can move, each with the keys that move it and back.
# A slider's thumb is a hidden <input type="range"> (react-aria): [role="slider"] finds nothing.
WIDGETS = {
    "slider": ('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]', ("ArrowRight", "ArrowLeft")),
    "checkbox": ('[data-testid="stMain"] [data-testid="stCheckbox"] input', ("Space", "Space")),
    # The checked option of each group: a quiz with no answer chosen yet cannot be moved back, so it is left out.
    "radio": ('[data-testid="stMain"] [data-testid="stRadio"] input:checked', ("ArrowDown", "ArrowUp")),
}

# Installed in every document before Streamlit's own code. Recording in the page, rather than
# polling from Python, cannot miss a rerun that starts and ends between two polls.
PROBE = """
(() => {
  const b = window.__bench = {input: performance.now(), changed: performance.now(), answered: 0, ran: false};
  const mark = () => { b.changed = performance.now(); };
  const input = () => { b.input = b.changed = b.answered = performance.now(); b.ran = false; };
  addEventListener('keydown', input, true);
  addEventListener('pointerdown', input, true);
  addEventListener('load', mark, true);  // an image arriving; load does not bubble, capture sees it
  // A chart drawn on a canvas (Vega above 2,000 points a mark, st.dataframe) changes no DOM node.
  const restore = CanvasRenderingContext2D.prototype.restore;
  CanvasRenderingContext2D.prototype.restore = function () { mark(); return restore.call(this); };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  // Any message from the server after the input means it reran the script. The script-state
  // attribute is no sign of that: a run of a few ms can start and finish within one React render.
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { b.ran = true; b.answered = performance.now(); });
    }
  };
})();
"""
# The state leaves "notRunning" only once the server has answered the input: until then (or until
# GRACE has passed without an answer) a "notRunning" app has not even started.
SETTLED = """
([grace, quiet]) => {
  const b = window.__bench, now = performance.now();
  if (!b.ran && now - b.input < grace) return false;
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')) return false;
  // A skeleton stands in for an element whose code (a lazy chunk: the slider, the chart) is still loading.
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (charts.some(c => !c.querySelector('svg, canvas'))) return false;
  if ([...document.images].some(i => !i.complete)) return false;
  const drawing = Math.max(0, b.changed - b.answered);
  return now - b.changed >= quiet && {ran: b.ran, ms: b.changed - b.input, drawing};
}
"""
# A widget by its key (Streamlit writes it into a class of the widget's container), which
# `python -m benchmarks.hotspots` takes; by its label if it has none.
LABEL = """e => {
  const key = [...(e.closest('[class*="st-key-"]')?.classList ?? [])].find(c => c.startsWith('st-key-'));
  if (key) return key.slice(7);
  return e.getAttribute('aria-label') || e.closest('[role=radiogroup]')?.getAttribute('aria-label') || '?';
}"""
BARE_APP = """
import streamlit as st
st.set_page_config(layout="wide")  # as Home.py: the bare chart is as wide as ours
st.navigation([st.Page("bare.py", default=True), st.Page("bare_two.py", url_path="two")]).run()
"""
BARE_ROUND_TRIPS = 5  # the bare page has one widget: more moves for a steady yardstick
NAV_REPEATS = 3

Sample = tuple[float, float]  # ms from the input to settled, and of them the drawing after the last message


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def settle(page) -> Sample | None:
    """Wait until the last input has settled: its times, or None if the server never answered it."""
    result = page.wait_for_function(SETTLED, arg=[GRACE, QUIET], polling=50, timeout=TIMEOUT).json_value()
    return (result["ms"], result["drawing"]) if result["ran"] else None


def open_tab(browser, url: str, path: str = ""):
    """A reader's tab on url/path."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(PROBE)
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{url}/{path}?lang=en")
    settle(page)
    return page


def widget_reruns(page, round_trips: int = 1) -> tuple[dict[str, list[Sample]], bool]:
    """Each widget moved one step and back, round_trips times.

    Returns the samples by widget, and whether the page stopped settling within TIMEOUT (then the
    widgets after it are left out).
    """
    from playwright.sync_api import TimeoutError

    times: dict[str, list[Sample]] = {}
    try:
        for kind, (selector, keys) in WIDGETS.items():
            for i in range(page.locator(selector).count()):
                widget = page.locator(selector).nth(i)  # found again before every press: a rerun may rebuild it
                if widget.is_disabled() or not widget.is_visible():  # in a closed expander or another tab
                    continue
                label = f"{kind} {widget.evaluate(LABEL)[:40]}"  # a range slider's two thumbs count as one widget
                widget.scroll_into_view_if_needed()
                settle(page)  # scrolling can draw what was off screen: not part of the rerun
                order = keys[::-1] if kind == "slider" and widget.input_value() == widget.get_attribute("max") else keys
                for _ in range(round_trips):
                    for key in order:
                        page.locator(selector).nth(i).focus()
                        page.keyboard.press(key)
                        if sample := settle(page):
                            times.setdefault(label, []).append(sample)
    except TimeoutError:
        return times, True
    return times, False


def navigation(page, url: str, paths: list[str], repeats: int) -> dict[str, list[Sample]]:
    """From the first page, a click on each path's link in the sidebar, and back."""
    from playwright.sync_api import TimeoutError

    times: dict[str, list[Sample]] = {}
    for path in paths:
        try:
            for _ in range(repeats):
                page.click(f'{NAV}[href="{url}/{path}"]')
                times.setdefault(path, []).append(settle(page))
                page.click(f'{NAV}[href="{url}/"]')
                settle(page)
        except TimeoutError:  # this page is left out; the next starts from a fresh Home
            page.goto(f"{url}/?lang=en")
            settle(page)
    return times


def measure(browser, url: str, paths: list[str], nav_paths: list[str], round_trips: int, repeats: int):
    """Widget reruns on each path ("" is the first page), each in a fresh tab; then navigation."""
    reruns = {}
    for path in paths:
        start = time.perf_counter()
        page = open_tab(browser, url, path)
        try:
            reruns[path] = widget_reruns(page, round_trips)
        finally:
            page.close()
        print(
            f"  {url}/{path}: {len(reruns[path][0])} widgets in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    page = open_tab(browser, url)
    try:
        return reruns, navigation(page, url, nav_paths, repeats)
    finally:
        page.close()


def median(samples: list[Sample], part: int = 0) -> float:
    return statistics.median(s[part] for s in samples)


def ratio(ms: float, bare: float, target: float) -> str:
    return f"{ms / bare:.1f} {'✓' if ms <= target * bare else '✗'}"


def tables(bare_page: str) -> list[str]:
    """Reruns and navigation for Home and every built page, against a bare two-page app.

    Both pages of the bare app are the bare page, served by its own `streamlit run` and timed the
    same way in the same run.
    """
    from ui.catalog import PRINCIPLES

    built = [p for p in PRINCIPLES if p.built]
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        folder = Path(tmp)
        (folder / "bare_app.py").write_text(BARE_APP)
        for name in ("bare.py", "bare_two.py"):
            (folder / name).write_text(bare_page)
        with serve(folder / "bare_app.py", warm=False) as bare_url, serve() as url:
            # The bare app before and after ours: a machine busier at one end weighs on both sides.
            before = measure(browser, bare_url, [""], ["two"], BARE_ROUND_TRIPS, NAV_REPEATS)
            reruns, clicks = measure(
                browser, url, [""] + [p.url for p in built], [p.url for p in built], 1, NAV_REPEATS
            )
            after = measure(browser, bare_url, [""], ["two"], BARE_ROUND_TRIPS, NAV_REPEATS)
    bare_moves = [s for run in (before, after) for samples in run[0][""][0].values() for s in samples]
    bare_clicks = [s for run in (before, after) for s in run[1]["two"] if s]
    bare_rerun, bare_click = median(bare_moves), median(bare_clicks)
    rows = [
        "| page (Chromium: a widget reruns its own demo) | widgets | median rerun after a widget change "
        "| of it, drawing | × bare (target ≤ 2) | slowest widget (key) | its median | × bare |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
        f"| bare page (1 slider, 200-point chart) | 1 | {bare_rerun:.0f} ms "
        f"| {median(bare_moves, 1):.0f} ms | 1.0 | | | |",
    ]
    nav = [
        f"| click in the navigation to settled, median of {NAV_REPEATS * 2} (bare) or {NAV_REPEATS} "
        "| from Home | of it, drawing | × bare (target ≤ 1.5) |",
        "|---|---:|---:|---:|",
        f"| bare app: its second bare page | {bare_click:.0f} ms | {median(bare_clicks, 1):.0f} ms | 1.0 |",
    ]
    names = {"": "Home"} | {p.url: f"{p.number}. {p.key}" for p in built}
    for path, name in names.items():
        times, stuck = reruns[path]
        note = f" (then one did not settle in {TIMEOUT // 1000} s)" if stuck else ""
        if times:
            moves = [s for samples in times.values() for s in samples]
            slowest = max(times, key=lambda w: median(times[w]))
            worst = median(times[slowest])
            rows.append(
                f"| {name} | {len(times)}{note} | {median(moves):.0f} ms | {median(moves, 1):.0f} ms "
                f"| {ratio(median(moves), bare_rerun, 2)} "
                f"| {slowest.replace('|', '/')} | {worst:.0f} ms | {worst / bare_rerun:.1f} |"
            )
        else:
            rows.append(f"| {name} | 0{note} | — | — | — | | | |")
        if samples := [s for s in clicks.get(path, []) if s]:
            clicked = median(samples)
            nav.append(
                f"| {name} | {clicked:.0f} ms | {median(samples, 1):.0f} ms | {ratio(clicked, bare_click, 1.5)} |"
            )
    return rows + [""] + nav
