"""Many readers at once, and one reader for a long time, against a real `streamlit run Home.py`.

Readers here speak Streamlit's websocket protocol (tests/e2e/websocket_reader.py) instead of
driving a browser: the server does the same work, and twenty of them fit on a small machine.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.conftest import serve
from tests.e2e.websocket_reader import WebsocketReader
from ui.catalog import PRINCIPLES

BUILT = [p for p in PRINCIPLES if p.built]
READERS = 20
# The page with the most cached work behind its sliders (trained networks, resampled fits)
# and the slowest reruns in `python -m benchmarks`.
HEAVIEST = "regularisation_evaluation"
# Distinct slider states one reader moves through. A move there adds 1.4 cached steps on average (counted
# in AppTest), so 250 put about 350 through the 256-entry cache (ui/snippet.py): it fills, then evicts.
# `python -m benchmarks --only memory` moves through 500.
STATES = 250


def tour(url: str, n: int) -> list[str]:
    """Reader n opens Home, then every page, and drags one of its sliders: what went wrong, if anything."""
    rng = random.Random(n)
    problems = []
    with WebsocketReader(url, lang="zh" if n % 2 else "en") as reader:
        reader.open()
        for p in BUILT:
            page = reader.open(p.url)
            problems += [f"{p.url}: {e}" for e in page.exceptions]
            if page.charts < 2:
                problems.append(f"{p.url}: {page.charts} charts drawn")
            slider = rng.choice(list(page.sliders.values()))
            moved = reader.move(slider, slider.max if slider.value != slider.max else slider.min)
            problems += [f"{p.url} after moving {slider.id}: {e}" for e in moved.exceptions]
    return problems


def test_twenty_readers_tour_every_page_at_once(record_property):
    with serve() as url:
        tour(url, -1)  # one reader first, so the others do not all wait on the first imports
        before = url.rss_mb()
        start = time.perf_counter()
        with ThreadPoolExecutor(READERS) as pool:
            problems = [problem for found in pool.map(lambda n: tour(url, n), range(READERS)) for problem in found]
        seconds = time.perf_counter() - start
        after = url.rss_mb()
    record_property(
        "20 readers",
        f"{seconds:.0f} s for {READERS} tours of {len(BUILT)} pages; "
        f"server memory {before:.0f} MB before, {after:.0f} MB after",
    )
    assert problems == []
    assert seconds < 600


def distinct_states(sliders: dict, n: int, rng: random.Random):
    """n moves, each to a slider state (all sliders' values together) not seen before."""
    state = {key: s.value for key, s in sliders.items()}
    seen = {tuple(state.values())}
    while len(seen) <= n:
        key = rng.choice(list(sliders))
        s = sliders[key]
        value = s.min + s.step * rng.randint(0, round((s.max - s.min) / s.step))
        state[key] = value
        if tuple(state.values()) not in seen:
            seen.add(tuple(state.values()))
            yield sliders[key], value


def test_slider_states_past_the_caches_size_grow_the_server_by_at_most_50_mb(record_property):
    with serve() as url, WebsocketReader(url) as reader:
        reader.open()
        page = reader.open(HEAVIEST)
        for slider in page.sliders.values():  # every cache gets its first entry before the count starts
            reader.move(slider, slider.value)
        before = url.rss_mb()
        problems = []
        for slider, value in distinct_states(page.sliders, STATES, random.Random(0)):
            problems += reader.move(slider, value).exceptions
        after = url.rss_mb()
    record_property(
        f"{STATES} slider states", f"on /{HEAVIEST}: server memory {before:.0f} MB before, {after:.0f} MB after"
    )
    assert problems == []
    assert after - before <= 50
