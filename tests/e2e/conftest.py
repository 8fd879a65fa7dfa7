"""A real `streamlit run Home.py` on a free loopback port, driven by Debian's Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.websocket_reader import WebsocketReader

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
# Each server's own log (its stderr: a traceback the reader only sees as "This app has encountered an error").
LOGS = Path(tempfile.gettempdir()) / "mathdl-e2e-logs"
SERVED: list[Path] = []  # the logs of the servers this process started, for a failing test's report


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if IN_CI:
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM}: .ci/run installs it with apt-get")
    skip = pytest.mark.skip(reason="no Chromium: install it (Debian: apt-get install -y chromium) to run browser tests")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test's report carries the tracebacks its servers logged: the cause, not only the symptom."""
    report = yield
    if report.failed:
        for log in SERVED:
            text = log.read_text(errors="replace") if log.exists() else ""
            if "Traceback" in text:
                report.sections.append((f"server log {log.name}", text[text.index("Traceback") :][-6000:]))
    return report


expect.set_options(timeout=30_000)  # an expectation waits for its condition up to this long


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """The URL of a running app, which also knows its process."""

    process: subprocess.Popen

    def rss_mb(self) -> float:
        """The server's resident memory, in MB (Linux: from /proc)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


@contextlib.contextmanager
def serve(script: str | Path = "Home.py", warm: bool = True, port: int | None = None, options: tuple[str, ...] = ()):
    """A fresh `streamlit run script` on a free loopback port, once its health check answers.

    It runs from the repository root, so .streamlit/config.toml applies to any script. ``warm``
    runs the app once first, so that no test or measurement pays for the server's first imports.
    ``port`` serves on that port instead (a server restarted where its readers left it). ``options``
    are more of Streamlit's command-line settings, such as ``("--runner.postScriptGC", "true")``.
    """
    port = port or free_port()
    LOGS.mkdir(exist_ok=True)
    log = LOGS / f"server-{os.getpid()}-{port}-{time.time_ns()}.log"
    SERVED.append(log)
    errors = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            *options,
        ],  # the code under test must not change under it
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    url = Server(f"http://127.0.0.1:{port}")
    url.process = process
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"streamlit run {script} did not start") from None
                time.sleep(0.3)
        if warm:
            with WebsocketReader(url) as reader:
                reader.open()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()
        if "Traceback" not in log.read_text(errors="replace"):
            log.unlink()  # kept only when it says what went wrong


@pytest.fixture(scope="session")
def app_url():
    """The app, served for the whole session."""
    with serve() as url:
        yield url


# The page is drawn: its script has stopped, and no element still waits for its code. Streamlit loads
# each kind of element's code on first use and shows a skeleton meanwhile; on a busy machine a page's
# sliders and charts can come seconds after its script has stopped.
PAGE_DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && document.querySelector('[data-testid="stSkeleton"]') === null"""


def settle(page: Page) -> None:
    """Wait until the script has finished, every element is drawn and nothing more is loading.

    After a click that reruns the page, first wait for a sign that the run has begun (or use rerun()):
    until then the page the run before left looks settled too. Vega draws a chart's picture a moment
    after its element: a test that measures a chart waits for the picture itself.
    """
    page.wait_for_function(PAGE_DRAWN)
    page.wait_for_load_state("networkidle")


def run_finished(payload: str | bytes) -> bool:
    """Whether a message from the server ends a run, of the page or of one demo.

    The page's own sign of a run, its script state, can go from running to not running within one
    redraw when the run is short and the browser busy, and then never shows that a run happened.
    """
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "script_finished"


def rerun(page: Page, action: Callable[[], object]) -> None:
    """Do ``action`` (move a widget) and wait until the run it starts has ended and its charts are drawn.

    settle() alone may look before that run has started, and see the page the run before left.
    """
    with page.stream.expect_event("framereceived", predicate=run_finished):
        action()
    settle(page)


def steady(page: Page, measure: str, arg: object = None):
    """What the JS function ``measure(arg)`` finds, once it finds the same twice in a row.

    A page does not come to rest the instant its script stops: the sidebar slides, column widths
    settle, a web font arrives, and Vega draws a chart again at its final width. So the page is
    measured every half second, and the answer is the first that the one before it agrees with: a
    moment's state in between is not what a reader sees. ``measure`` returns null while it cannot
    measure yet (a chart not drawn). Each look is one call in the page, so nothing can change
    between finding an element and measuring it.
    """
    page.evaluate("() => { window.steadyBefore = undefined; }")
    look = f"""arg => {{
        const found = ({measure})(arg);
        if (found === null || found === undefined) return false;
        const now = JSON.stringify(found), same = now === window.steadyBefore;
        window.steadyBefore = now;
        return same && now;
    }}"""
    return json.loads(page.wait_for_function(look, arg=arg, polling=500).json_value())


def watch(page: Page) -> list[str]:
    """Record the tab's console errors and uncaught exceptions (in the list returned, also ``page.errors``)."""
    errors: list[str] = []

    def on_console(message):
        # Opened at a page's own URL (/linear_maps), Streamlit's frontend first looks for its
        # server under that path, gets a 404 and then finds it at the root: expected, not a fault.
        probe = re.search(r"/[\w-]+/_stcore/(health|host-config)$", message.location.get("url", ""))
        # A rerun can replace an image while the browser still fetches the old one, which the
        # server has already dropped: a 404 the reader never sees. images_loaded() checks instead.
        replaced = re.search(r"/media/\w+\.(png|jpg|jpeg)$", message.location.get("url", ""))
        if message.type == "error" and not probe and not replaced:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The page's connection to the server, for rerun() to hear each run end.
    page.on("websocket", lambda ws: setattr(page, "stream", ws) if ws.url.endswith("/_stcore/stream") else None)
    # Upper bounds, not waits: every step waits for its own condition. CI's two cores are busy
    # with the rest of the suite, and a fresh server's first page imports everything.
    page.set_default_timeout(90_000)
    page.errors = errors  # type: ignore[attr-defined]
    return errors


@pytest.fixture
def reader(page: Page):
    """A browser tab that records every console error and uncaught exception."""
    errors = watch(page)
    page.set_viewport_size({"width": 1400, "height": 1000})
    yield page
    assert errors == []


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for a module's tests, which open page after page: the app's code is fetched and compiled once.

    A test may check ``tab.errors`` (and clear it) itself, to be named as the one that caused them; what is
    left fails the module's last test.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = watch(page)
    yield page
    context.close()
    assert errors == []
