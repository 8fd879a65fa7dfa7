"""A class opens one link: N readers at once on every page, and two replicas behind nginx against one.

Every reader speaks Streamlit's websocket protocol (tests/e2e/websocket_reader.py), as the load
tests' readers do: the server does a browser's work for it, and fifty fit on a small machine. All N
connect at the same moment and open the page's link; a reader's time runs from connecting to its
"script finished". Each page is opened once by a single reader first, as a lecturer tries a link
before sharing it, so the figures are the class's view and not the server's first run. Two bare
pages, served the same way by their own `streamlit run` before and after ours, are the yardstick:
one slider and `st.write`, and one slider and a 200-point Altair chart. The chart page is also
served once with Streamlit's default settings, for reference.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import serve
from tests.e2e.websocket_reader import WebsocketReader
from ui.catalog import GLOSSARY, PRINCIPLES, url_of

READERS = 50  # python -m benchmarks --readers N
THROUGHPUT_PAGE = "gradient_descent"  # the balancer's figures: a page of middling weight (8 charts)
MEMORY_PAGE = "regularisation_evaluation"  # the heaviest page (tests/e2e/test_load.py)
# The bare pages are served as ours, with .streamlit/config.toml; this serves one with Streamlit's default for the
# setting that config turns off (runner.postScriptGC), as the first figures were measured.
STREAMLIT_DEFAULT = ("--runner.postScriptGC", "true")
BARE_APP = """
import streamlit as st
st.set_page_config(layout="wide")  # as Home.py
st.navigation([st.Page("write.py", default=True), st.Page("chart.py", url_path="chart")]).run()
"""
BARE_WRITE = """
import streamlit as st
k = st.slider("k", 1, 10, 3, key="k")
st.write("k =", k)
"""


@dataclass
class Crowd:
    """N readers who opened one page at the same moment."""

    seconds: list[float]  # each reader's, from connecting to the script's end
    wall: float  # from the first connection to the last reader's end
    charts: int  # Altair charts one reader received
    errors: list[str]

    @property
    def views_per_second(self) -> float:
        return len(self.seconds) / self.wall


def crowd(url: str, path: str, n: int | None = None, stack: ExitStack | None = None) -> Crowd:
    """n readers (default READERS) open url/path at once; with ``stack``, their sessions stay connected."""
    n = n or READERS
    barrier = threading.Barrier(n)
    readers: list[WebsocketReader] = []

    def one(_: int) -> tuple[float, float, int, list[str]]:
        barrier.wait()
        start = time.perf_counter()
        reader = WebsocketReader(url).__enter__()
        readers.append(reader)
        run = reader.visit(path)
        return start, time.perf_counter(), run.charts, run.exceptions

    try:
        with ThreadPoolExecutor(n) as pool:
            results = list(pool.map(one, range(n)))
    finally:
        for reader in readers:
            if stack is None:
                reader.__exit__(None, None, None)
            else:
                stack.push(reader.__exit__)
    starts, ends, charts, errors = zip(*results, strict=True)
    seconds = [end - start for start, end in zip(starts, ends, strict=True)]
    return Crowd(seconds, max(ends) - min(starts), charts[0], sum(errors, []))


def pooled(first: Crowd, second: Crowd) -> Crowd:
    """Two crowds on the same page as one: their readers together, their times added."""
    return Crowd(first.seconds + second.seconds, first.wall + second.wall, first.charts, first.errors + second.errors)


def percentile(seconds: list[float], p: int) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[p - 1]


def pages() -> dict[str, str]:
    """Every page in the navigation, by url path: Home, the built principles, the glossary."""
    built = {p.url: f"{p.number}. {p.key}" for p in PRINCIPLES if p.built}
    return {"": "Home"} | built | {url_of(GLOSSARY): "glossary"}


def bare_app(folder: Path, bare_chart: str) -> Path:
    (folder / "write.py").write_text(BARE_WRITE)
    (folder / "chart.py").write_text(bare_chart)
    (folder / "app.py").write_text(BARE_APP)
    return folder / "app.py"


def class_rows(bare_chart: str) -> list[str]:
    """The class table, the balancer's throughput and the memory a class takes."""
    ours: dict[str, Crowd] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = bare_app(Path(tmp), bare_chart)
        with serve(app, options=STREAMLIT_DEFAULT) as default_url:  # the yardstick, for reference
            crowd(default_url, "chart", 1)
            default = crowd(default_url, "chart")
        with serve(app) as bare_url, serve() as url:
            for path in ("", "chart"):
                crowd(bare_url, path, 1)
            bare = [crowd(bare_url, path) for path in ("", "chart")]  # the bare pages before and after ours
            for path in pages():
                crowd(url, path, 1)
                ours[path] = crowd(url, path)
                print(f"  /{path}: p95 {percentile(ours[path].seconds, 95):.1f} s", file=sys.stderr, flush=True)
            bare = [pooled(b, crowd(bare_url, path)) for b, path in zip(bare, ("", "chart"), strict=True)]
    return [*class_table(bare, ours, default), "", *balancer_rows(), "", *memory_rows()]


def class_row(name: str, c: Crowd, write: Crowd, chart: Crowd, target: bool = True) -> str:
    p50, p95 = percentile(c.seconds, 50), percentile(c.seconds, 95)
    ratio = p95 / percentile(chart.seconds, 95)
    mark = f" {'✓' if ratio <= 1 else '✗'}" if target else ""
    errors = f" ({len(c.errors)} errors: {c.errors[0]})" if c.errors else ""
    return (
        f"| {name}{errors} | {c.charts} | {p50:.1f} s | {p95:.1f} s | {c.views_per_second:.1f} "
        f"| {p95 / percentile(write.seconds, 95):.1f} | {ratio:.1f}{mark} |"
    )


def class_table(bare: list[Crowd], ours: dict[str, Crowd], default: Crowd) -> list[str]:
    write, chart = bare
    rows = [
        f"| page opened by {READERS} readers at once (websocket; connect to script finished) | charts | p50 | p95 "
        "| page views/s | p95 × bare `st.write` | p95 × bare chart (target ≤ 1) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        class_row(
            "bare chart page as Streamlit serves it by default (a full collection after every run)",
            default,
            write,
            chart,
            target=False,
        ),
        class_row("bare page: one slider and `st.write`", write, write, chart, target=False),
        class_row("bare page: one slider and one 200-point `st.altair_chart`", chart, write, chart, target=False),
    ]
    names = pages()
    rows += [class_row(names[path], c, write, chart) for path, c in ours.items()]
    return rows


def balancer_rows() -> list[str]:
    """READERS readers open one page through nginx, in front of one replica and then of two, twice each."""
    from deploy.serve import balanced

    runs: dict[int, list[Crowd]] = {1: [], 2: []}
    with balanced(1) as one, balanced(2) as two:
        for replica in one.replicas + two.replicas:
            crowd(replica.url, THROUGHPUT_PAGE, 1)
        for _ in range(2):  # taking turns, so a busier moment of the machine weighs on both
            for replicas, served in ((1, one), (2, two)):
                runs[replicas].append(crowd(served.url, THROUGHPUT_PAGE))
    one_replica, two_replicas = (max(runs[k], key=lambda c: c.views_per_second) for k in (1, 2))
    gain = two_replicas.views_per_second / one_replica.views_per_second
    return [
        f"| {READERS} readers open /{THROUGHPUT_PAGE} through nginx (`deploy.serve`), best of 2 "
        "| p50 | p95 | page views/s | × one replica (target ≥ 1.6) |",
        "|---|---:|---:|---:|---:|",
        balancer_row("1 replica", one_replica, "1.0"),
        balancer_row("2 replicas", two_replicas, f"{gain:.2f} {'✓' if gain >= 1.6 else '✗'}"),
    ]


def balancer_row(name: str, c: Crowd, ratio: str) -> str:
    p50, p95 = percentile(c.seconds, 50), percentile(c.seconds, 95)
    return f"| {name} | {p50:.1f} s | {p95:.1f} s | {c.views_per_second:.1f} | {ratio} |"


def memory_rows() -> list[str]:
    """A fresh server's memory, then with READERS readers' sessions open on the heaviest page."""
    with serve() as url, ExitStack() as stack:
        crowd(url, MEMORY_PAGE, 1)
        before = url.rss_mb()
        held = crowd(url, MEMORY_PAGE, stack=stack)
        after = url.rss_mb()
    return [
        f"Memory of one server: {before:.0f} MB after one reader opened /{MEMORY_PAGE}; "
        f"{after:.0f} MB with {READERS} readers' sessions open on it ({(after - before) / READERS:.1f} MB a reader, "
        f"{len(held.errors)} errors)."
    ]
