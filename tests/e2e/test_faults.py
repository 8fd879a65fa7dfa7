"""Server faults a reader can see, in a real browser: a message in their language, and nothing lost.

- The server is killed under a Chinese reader and started again on the same port: meanwhile the page
  says so in Chinese; then it reconnects by itself, shows the same settings and the numbers computed
  from them, and a slider moved afterwards redraws its demo (a new session drops the rerun of a
  fragment it has never run: ui/connection.py makes the page run whole when it reconnects).
- An upload fails on its way: the page asks for the file again in the reader's language, shows no
  traceback, and takes the file and redraws when it comes.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from mathdl import decomposition, optim, surfaces
from tests.e2e.conftest import serve, settle
from ui.catalog import BY_KEY
from ui.i18n import catalog
from ui.layout import num

pytestmark = pytest.mark.e2e
ZH = catalog("zh")

# Every change of the connection and of the script's state, from the moment it is installed.
WATCH = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.faultLog = [];
    const state = () => `${app.dataset.testConnectionState} ${app.dataset.testScriptState}`;
    new MutationObserver(() => window.faultLog.push(state()))
        .observe(app, {attributes: true, attributeFilter: ['data-test-connection-state', 'data-test-script-state']});
}"""
# Connected again, and the whole page has run through Home since then and come to rest. A cold server's
# first run draws the page alone, its navigation named after the files, then reruns it through Home
# (ui.layout.through_home): only Home's run draws the navigation in the reader's language (the argument).
RERUN_SINCE_RECONNECTED = """title => {
    const log = window.faultLog, app = document.querySelector('[data-testid="stApp"]');
    const connected = s => s.startsWith('CONNECTED ');
    const back = log.findLastIndex((s, i) => i > 0 && connected(s) && !connected(log[i - 1]));
    const nav = document.querySelector('[data-testid="stSidebarNav"]');
    return back > 0 && log.slice(back).some(s => s === 'CONNECTED running')
        && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
        && nav !== null && nav.innerText.includes(title);
}"""


@pytest.fixture
def tab(page: Page):
    """A browser tab that keeps its console's errors and its uncaught exceptions.

    A fault makes the browser log failed requests (a refused connection, an aborted upload), and
    Streamlit's uploader leaves the failed request's error uncaught: each test says what it expects.
    """
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(90_000)  # upper bounds: every step waits for its own condition
    page.set_viewport_size({"width": 1400, "height": 1000})
    return page


def unexpected(errors: list[str], expected: str) -> list[str]:
    """The errors that neither the fault nor Streamlit's first probe of a page's path explains."""
    return [e for e in errors if not re.search(expected + r"|404 \(Not Found\)", e)]


def final_x(a: float, lr: float, x0: float = 4.0, steps: int = 12) -> str:
    """The one-dimensional descent's last iterate, as page 8 shows it: from mathdl, not from the page."""
    return num(optim.descend("sgd", surfaces.parabola(a), [x0], lr, steps).points[-1, 0], 4)


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_a_restarted_server_gives_the_reader_back_their_page_and_says_so_meanwhile(tab: Page):
    page = BY_KEY["optimisation"]
    text = ZH[page.key]["one_d"]
    lr = tab.locator(".st-key-gd1_lr input")
    notice = tab.locator(".st-key-connection_lost")
    with serve() as first:
        # One demo alone (what a lecturer puts on a projector): the whole page would only cost CI more time.
        tab.goto(f"{first}/{page.url}?lang=zh&demo=one_d&gd1_L=2.5&gd1_lr=0.3")
        settle(tab)
        expect(metric(tab, text["final"])).to_have_text(final_x(2.5, 0.3))
        expect(notice).to_be_hidden()
        tab.evaluate(WATCH)
        first.process.kill()
        first.process.wait()
        # Meanwhile: the page stays, with a notice in Chinese (Streamlit's own says "CONNECTING").
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(ZH["common"]["connection_lost"])
        expect(lr).to_have_value("0.3")
        port = int(first.rsplit(":", 1)[1])
    with serve(port=port, warm=False):  # cold, as a restarted server is
        tab.wait_for_function(RERUN_SINCE_RECONNECTED, arg=f"{page.number}. {ZH[page.key]['short']}")
        expect(notice).to_be_hidden()
        assert all(kept in tab.url for kept in ("gd1_L=2.5", "gd1_lr=0.3", "lang=zh", "demo=one_d"))
        expect(tab.locator(".st-key-gd1_L input")).to_have_value("2.5")
        expect(lr).to_have_value("0.3")
        expect(metric(tab, text["final"])).to_have_text(final_x(2.5, 0.3))
        # The demo answers a slider again, with the curvature the restarted server got from the page.
        lr.focus()
        tab.keyboard.press("ArrowRight")
        expect(metric(tab, text["final"])).to_have_text(final_x(2.5, 0.35))
        expect(metric(tab, "1/a")).to_have_text(num(1 / 2.5, 4))
        assert tab.locator('[data-testid="stException"]').count() == 0
    assert unexpected(tab.errors, r"ERR_CONNECTION_REFUSED|reaching server|not responding") == []


def csv(seed: int) -> tuple[bytes, np.ndarray]:
    """A small CSV of three correlated columns, and the matrix it holds."""
    X = np.random.default_rng(seed).normal(size=(40, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0, 0, 0.4]])
    body = io.StringIO()
    np.savetxt(body, X, delimiter=",", header="a,b,c", comments="", fmt="%.6f")
    return body.getvalue().encode(), np.loadtxt(io.StringIO(body.getvalue()), delimiter=",", skiprows=1)


def kept(X: np.ndarray, standardize: bool) -> str:
    """The share of variance two components keep, as page 3 shows it: from mathdl, not from the page."""
    return f"{decomposition.pca(X, 2, standardize=standardize).cumulative_variance_ratio[-1]:.1%}"


def test_an_upload_that_fails_on_its_way_is_asked_for_again_in_the_readers_language(tab: Page, app_url: str):
    text = ZH["eigen_pca"]["pca"]
    (first, X1), (second, X2) = csv(1), csv(2)
    chooser = tab.locator('[data-testid="stFileUploaderDropzoneInput"]')
    asked = tab.locator('[data-testid="stAlert"]').filter(has_text=ZH["upload"]["none"])
    share = metric(tab, text["kept"].format(k=2))
    tab.goto(f"{app_url}/eigen_svd_pca?lang=zh&pca_data=upload&demo=pca")
    settle(tab)
    expect(asked).to_be_visible()
    chooser.set_input_files(files=[{"name": "first.csv", "mimeType": "text/csv", "buffer": first}])
    expect(share).to_have_text(kept(X1, True))
    expect(asked).to_be_hidden()
    tab.route("**/_stcore/upload_file/**", lambda route: route.abort())  # the network fails mid-way
    chooser.set_input_files(files=[{"name": "second.csv", "mimeType": "text/csv", "buffer": second}])
    expect(asked).to_be_visible()
    expect(share).to_have_count(0)
    assert tab.locator('[data-testid="stException"]').count() == 0
    tab.unroute("**/_stcore/upload_file/**")
    chooser.set_input_files(files=[{"name": "second.csv", "mimeType": "text/csv", "buffer": second}])
    expect(share).to_have_text(kept(X2, True))
    tab.locator(".st-key-pca_std").get_by_text(text["standardize"]).click()  # and a widget still redraws
    expect(share).to_have_text(kept(X2, False))
    assert unexpected(tab.errors, r"Network Error|ERR_FAILED") == []
