"""How fast the figures a reader takes hold of answer, in headless Chromium against a real `streamlit run`.

For each draggable figure (ui/drag.py) the mouse sweeps its handle back and forth, a small move every
16 ms (a 60 Hz pointer), for SECONDS; the figure sends at most one update ahead of the server's answer,
so the updates the server answered and the figure drew, per second, are what the reader sees move
(issue 17's target: at least 10). The page 8 map, which is clicked rather than dragged, is timed from a
click to the race redrawn from there, against the yardstick's round trip (one update of the bare component).
"""

from __future__ import annotations

import json
import math
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.browser import chromium
from tests.e2e.conftest import serve

SECONDS = 4.0
PERIOD = 16  # ms between two pointer moves
TARGET = 10.0  # updates a second
# figure: (page path, demo, component key, handle, the path its handle sweeps in data coordinates)
FIGURES = {
    "page 1, map: drag x": ("linear_maps", "map", "lm_drag", "x", lambda a: (2 * math.cos(a), 2 * math.sin(a))),
    "page 3, eigen: x around the circle": (
        "eigen_svd_pca",
        "eigen",
        "ev_drag",
        "x",
        lambda a: (math.cos(a), math.sin(a)),
    ),
    "page 1, lstsq: drag a point": ("linear_maps", "lstsq", "ls_drag", "p0", lambda a: (-0.9, 2.5 * math.sin(a))),
    "page 6, decision: drag the threshold": (
        "information_decision",
        "decision",
        "dec_drag",
        "t",
        lambda a: (0.5 + 0.4 * math.sin(a), None),
    ),
}
# The yardstick: the same component with one handle and two sliders in a fragment, and nothing else.
BARE = """
import streamlit as st
from ui import drag

def move(event):
    drag.set_widgets({"bx": (event.at[0], -3.0, 3.0, 0.01), "by": (event.at[1], -3.0, 3.0, 0.01)})

@st.fragment
def figure():
    x = st.slider("x", -3.0, 3.0, 1.0, 0.01, key="bx")
    y = st.slider("y", -3.0, 3.0, 0.5, 0.01, key="by")
    handle = drag.Handle("x", (x, y), "#0072B2", ((-3.0, 3.0), (-3.0, 3.0)))
    drag.plane("bare_drag", drag.Picture(drag.View((-3.0, 3.0), (-3.0, 3.0)), [], [handle], aria=""), on_event=move)

figure()
"""
BARE_FIGURE = ("", "none", "bare_drag", "x", lambda a: (2 * math.cos(a), 2 * math.sin(a)))
COUNTERS = "r => [Number(r.dataset.sent || 0), Number(r.dataset.acked || 0)]"
IDLE = "r => r.dataset.pending !== '1' && Number(r.dataset.acked || 0) >= Number(r.dataset.sent || 0)"


def open_figure(browser, url: str, path: str, demo: str, key: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{url}/{path}?lang=en&demo={demo}")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    root = page.locator(f".st-key-{key} .drag-root")
    root.locator("[data-handle]").first.wait_for()
    root.scroll_into_view_if_needed()
    return page, root


def to_screen(root, at: tuple[float, float | None], fixed_y: float) -> tuple[float, float]:
    box, m = root.locator("svg").bounding_box(), json.loads(root.get_attribute("data-map"))
    y = fixed_y if at[1] is None else box["y"] + m["oy"] - at[1] * m["sy"]
    return box["x"] + m["ox"] + at[0] * m["sx"], y


def drag_rate(browser, url: str, figure: tuple) -> tuple[float, float]:
    """Updates sent and updates answered and drawn, a second, while the handle sweeps for SECONDS."""
    path, demo, key, handle, sweep = figure
    page, root = open_figure(browser, url, path, demo, key)
    knob = root.locator(f'[data-handle="{handle}"] .knob').bounding_box()
    x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    sent0, drawn0 = root.evaluate(COUNTERS)
    start, a = time.perf_counter(), 0.0
    while time.perf_counter() - start < SECONDS:
        page.mouse.move(*to_screen(root, sweep(a), y))
        page.wait_for_timeout(PERIOD)
        a += 0.05
    sent1, drawn1 = root.evaluate(COUNTERS)
    elapsed = time.perf_counter() - start
    page.mouse.up()
    page.wait_for_function(IDLE, arg=root.element_handle())
    page.close()
    return (sent1 - sent0) / elapsed, (drawn1 - drawn0) / elapsed


def click_rate(browser, url: str, clicks: int = 6) -> float:
    """Seconds from a click on page 8's loss map to the race redrawn from there, median of ``clicks``."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{url}/gradient_descent?lang=en&demo=surfaces")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    chart = page.locator(".st-key-opt_pick svg.marks")
    chart.scroll_into_view_if_needed()
    times = []
    for i in range(clicks):
        box = chart.bounding_box()
        before = page.url
        start = time.perf_counter()
        page.mouse.click(box["x"] + box["width"] * (0.2 + 0.12 * i), box["y"] + box["height"] * (0.25 + 0.1 * i))
        page.wait_for_function("before => location.href !== before", arg=before)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        times.append(time.perf_counter() - start)
    page.close()
    return statistics.median(times)


def drag_rows() -> list[str]:
    rows = [
        f"| figure (Chromium, the mouse moving every {PERIOD} ms for {SECONDS:.0f} s) | updates sent a second "
        f"| answered and drawn a second | target ≥ {TARGET:.0f} |",
        "|---|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        script = Path(tmp) / "bare_drag.py"
        script.write_text(BARE)
        with serve(script) as url:
            bare = drag_rate(browser, url, BARE_FIGURE)[1]
    rows.append(f"| the yardstick: the component alone with two sliders in a fragment | — | {bare:.1f} | — |")
    with serve() as url, chromium() as browser:
        for name, figure in FIGURES.items():
            sent, drawn = drag_rate(browser, url, figure)
            rows.append(
                f"| {name} | {sent:.1f} | {drawn:.1f} ({drawn / bare:.2f} × the yardstick) "
                f"| {'✓' if drawn >= TARGET else '✗'} |"
            )
        seconds = click_rate(browser, url)
        rows.append(
            f"| page 8, surfaces: a click on the map, to the race redrawn | — | one click in {seconds * 1000:.0f} ms "
            f"({seconds * bare:.1f} × the yardstick's round trip) | — (a click, not a drag) |"
        )
    return rows


if __name__ == "__main__":
    print("\n".join(drag_rows()))
