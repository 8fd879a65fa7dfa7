"""The stepping demos in a real browser: Play moves the step, Pause holds it, Step, Reset and a link at a step.

One server and one browser tab for the whole module. Page 8's walk in the bowl is driven through every
control; each other stepping demo is opened from a link at a step, shows that step's numbers, and takes
one Step. The numbers are read from the formulas' TeX source (KaTeX keeps it in an annotation).

The race ui/stepper.py settles (the browser's timer asks for the next frame with the step it drew last, often a
frame behind) is played out message by message in Streamlit's own protocol, with no browser, by the last test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.e2e.conftest import run_finished, serve, settle
from tests.e2e.websocket_reader import WebsocketReader
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
TEXT = catalog("en")["stepper"]
TEX = "[data-testid='stMarkdownContainer'] .katex annotation, .katex annotation"


@pytest.fixture(scope="module")
def url():
    """One server for this module's tests."""
    with serve() as u:
        yield u


def forward(payload: bytes) -> ForwardMsg:
    """A message of the server's, read."""
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message


@pytest.fixture(scope="module")
def tab(browser: Browser):
    """One browser tab for every test here, recording console errors and the server's messages."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.errors, page.messages = [], []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" and "/_stcore/" not in (
        m.location.get("url") or "") else None)  # fmt: skip
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def listen(ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            page.stream = ws
            ws.on("framereceived", lambda frame: page.messages.append(frame))

    page.on("websocket", listen)
    yield page
    context.close()
    assert page.errors == []


def step_shown(page: Page, prefix: str) -> int:
    """The step the slider shows (its thumb's value)."""
    return int(page.locator(f".st-key-{prefix}_k [data-testid='stSliderThumbValue']").text_content())


def step_in_url(page: Page, prefix: str) -> str | None:
    values = parse_qs(urlparse(page.url).query).get(f"{prefix}_k")
    return values[0] if values else None


def button(page: Page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def click_and_rerun(page: Page, locator) -> None:
    """Click, and wait until the run it starts has ended and the page is drawn."""
    with page.stream.expect_event("framereceived", predicate=run_finished):
        locator.click()
    settle(page)


def last_word(page: Page, prefix: str) -> None:
    """Choose another speed, and wait until the run that draws it has ended: after it the server has no more to say.

    Call it once the step slider is the reader's again (enabled): the browser has then read the run that stopped
    the timer, and asks nothing more by itself. A tick it sent before may still reach the server while that run
    goes on, and make one more, empty run (its fragment is gone); the speed's own run comes after it, or swallows it.
    """
    drew = False

    def ends_a_drawing_run(payload: str | bytes) -> bool:
        nonlocal drew
        kind = None if isinstance(payload, str) else forward(payload).WhichOneof("type")
        drew = kind == "delta" or (drew and kind != "new_session")
        return drew and kind == "script_finished"

    with page.stream.expect_event("framereceived", predicate=ends_a_drawing_run):
        page.locator(f'.st-key-{prefix}_speed input[type="range"]').focus()
        page.keyboard.press("ArrowLeft")
    settle(page)


def reader_has_the_slider(page: Page, prefix: str) -> None:
    """Wait until the step slider is enabled again: the run that stopped the timer has been drawn."""
    expect(page.locator(f'.st-key-{prefix}_k input[type="range"]')).to_be_enabled()
    settle(page)


def tex(page: Page) -> list[str]:
    return page.locator(".katex annotation").all_text_contents()


def x_at(page: Page, k: int) -> float:
    """The value the walk's formula gives x_k (in TeX: 0.0625, or 6.104 \\times 10^{-5})."""
    for source in tex(page):
        if found := re.match(rf"x_\{{{k}\}} = (-?[\d.]+)(?: \\times 10\^\{{(-?\d+)\}})?", source):
            return float(found.group(1)) * 10 ** int(found.group(2) or 0)
    raise AssertionError(f"no formula gives x_{k}")


def test_play_moves_the_walk_pause_holds_with_the_server_silent_step_reset_and_a_link_at_a_step(tab: Page, url: str):
    tab.goto(f"{url}/gradient_descent?lang=en&demo=one_d&gd1_L=1&gd1_lr=0.5&gd1_x0=4&gd1_steps=40&gd1_speed=5&gd1_k=3")
    settle(tab)
    assert step_shown(tab, "gd1") == 3 and x_at(tab, 3) == 0.5  # x_k = 4 · 0.5^k
    button(tab, TEXT["start"]).click()
    expect(button(tab, TEXT["pause"])).to_be_visible()
    tab.wait_for_function("() => +document.querySelector('.st-key-gd1_k [data-testid=\"stSliderThumbValue\"]')"
                          ".textContent >= 6")  # fmt: skip  # it moves by itself, frame after frame
    expect(tab.locator('.st-key-gd1_k input[type="range"]')).to_be_disabled()  # while it plays, the slider is its
    button(tab, TEXT["pause"]).click()
    expect(button(tab, TEXT["start"])).to_be_visible()  # the click waits for the frame in flight
    reader_has_the_slider(tab, "gd1")
    held = step_shown(tab, "gd1")
    assert held < 40
    expect(tab).to_have_url(re.compile(rf"[?&]gd1_k={held}(&|$)"))  # the address names the step on screen
    last_word(tab, "gd1")  # another speed, paused: the step holds
    before = len(tab.messages)
    # A fixed wait, on purpose: what is tested is that nothing happens (no frame, no message after the Pause).
    tab.wait_for_timeout(1500)
    assert step_shown(tab, "gd1") == held and len(tab.messages) == before
    click_and_rerun(tab, button(tab, TEXT["step"]))
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text(str(held + 1))
    tab.wait_for_function(f"() => location.search.includes('gd1_k={held + 1}')")
    link = tab.url
    click_and_rerun(tab, button(tab, TEXT["reset"]))
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text("0")
    assert x_at(tab, 0) == 4
    tab.goto(link)  # the link made at a step reopens that step
    settle(tab)
    assert step_shown(tab, "gd1") == held + 1
    assert x_at(tab, held + 1) == pytest.approx(4 * 0.5 ** (held + 1), rel=1e-3)  # shown to 4 digits


def test_play_runs_to_the_last_step_and_stops_its_timer(tab: Page, url: str):
    tab.goto(f"{url}/gradient_descent?lang=en&demo=one_d&gd1_steps=12&gd1_speed=50&gd1_k=0")
    settle(tab)
    button(tab, TEXT["start"]).click()
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text("12")
    expect(button(tab, TEXT["start"])).to_be_visible()  # stopped by itself
    reader_has_the_slider(tab, "gd1")
    last_word(tab, "gd1")
    assert step_shown(tab, "gd1") == 12 and x_at(tab, 12) == pytest.approx(4 * (1 - 1.5) ** 12, rel=1e-3)
    before = len(tab.messages)
    tab.wait_for_timeout(1500)  # on purpose: a timer left ticking would rerun the demo twenty times a second
    assert len(tab.messages) == before
    assert step_in_url(tab, "gd1") is None  # the last step is the default: the address names no step


STEPPED = [  # page, demo, prefix, the URL's settings, TeX at the step the link names, TeX one Step later
    ("eigen_svd_pca", "eigen", "ev", "ev_k=2", r"\mathbf{x}_{2}^\top", r"\mathbf{x}_{3}^\top"),
    ("tensor_operations", "conv", "cv", "cv_k=2", r"Y_{0,\,2}", r"Y_{0,\,3}"),
    ("calculus_backprop", "backprop", "bp", "bp_k=12", r"\partial \text{a}}", r"\partial \text{z}}"),
    ("gradient_descent", "surfaces", "opt_race", "opt_race_k=2&opt_steps=20", None, None),
]


@pytest.mark.parametrize(("page", "demo", "prefix", "query", "now", "then"), STEPPED, ids=[s[1] for s in STEPPED])
def test_each_stepping_demo_opens_at_the_step_its_link_names_and_steps_on(
    tab, url, page, demo, prefix, query, now, then
):
    tab.goto(f"{url}/{page}?lang=en&demo={demo}&{query}")
    settle(tab)
    k = int(re.search(rf"{prefix}_k=(\d+)", query).group(1))
    assert step_shown(tab, prefix) == k
    if now:
        assert any(now in t for t in tex(tab))
    click_and_rerun(tab, button(tab, TEXT["step"]))
    expect(tab.locator(f".st-key-{prefix}_k [data-testid='stSliderThumbValue']")).to_have_text(str(k + 1))
    if then:
        assert any(then in t for t in tex(tab))
    assert tab.locator('[data-testid="stException"]').count() == 0


def ask(reader: WebsocketReader, fragment: str = "", states: tuple[WidgetState, ...] = (), tick: bool = False) -> None:
    """Send what the browser sends to ask for a run: of the page, or of one fragment (``tick``: its timer's)."""
    message = BackMsg()
    request = message.rerun_script
    request.query_string, request.page_script_hash = reader.query, reader.page_hash
    request.page_name = "" if reader.page_hash else "gradient_descent"
    request.fragment_id, request.is_auto_rerun = fragment, tick
    request.widget_states.widgets.extend(states)
    reader.socket.send(message.SerializeToString())


def answer(reader: WebsocketReader, until: Callable[[list[ForwardMsg]], bool] = lambda run: True) -> list[ForwardMsg]:
    """The server's messages, up to the end of the first run that ``until`` accepts (given its messages)."""
    messages: list[ForwardMsg] = []
    start = 0
    while True:
        messages.append(forward(reader.socket.recv(timeout=reader.timeout)))
        kind = messages[-1].WhichOneof("type")
        start = len(messages) - 1 if kind == "new_session" else start
        if kind == "script_finished" and until(messages[start:]):
            return messages


def navigation(messages: list[ForwardMsg]) -> Any:
    """The app's pages, as the navigation message lists them."""
    return next(m.navigation.app_pages for m in messages if m.WhichOneof("type") == "navigation")


def answer_started(reader: WebsocketReader) -> list[ForwardMsg]:
    """The server's messages, up to the start of a run."""
    messages = [forward(reader.socket.recv(timeout=reader.timeout))]
    while messages[-1].WhichOneof("type") != "new_session":
        messages.append(forward(reader.socket.recv(timeout=reader.timeout)))
    return messages


def whole(run: list[ForwardMsg]) -> bool:
    """Whether the run was of the whole page, and ran to its end."""
    return not run[0].metadata.run.fragment_ids and run[-1].script_finished == ForwardMsg.FINISHED_SUCCESSFULLY


def drawn(messages: list[ForwardMsg], kind: str) -> list[tuple[str, Any]]:
    """The elements of this kind the messages draw, each with its fragment."""
    deltas = [m.delta for m in messages if m.WhichOneof("type") == "delta"]
    news = [(d.fragment_id, d.new_element) for d in deltas if d.WhichOneof("type") == "new_element"]
    return [(fragment, getattr(e, kind)) for fragment, e in news if e.WhichOneof("type") == kind]


def keyed(messages: list[ForwardMsg], kind: str, key: str) -> tuple[str, Any]:
    """The last element of this kind with this key the messages draw, and its fragment."""
    return [(f, e) for f, e in drawn(messages, kind) if e.id.endswith(f"-{key}")][-1]


def steps_drawn(messages: list[ForwardMsg]) -> list[int]:
    """The step each drawing of the walk's formula names (x_k = ..., x_{k+1} = ...)."""
    found = (re.search(r"x_\{(\d+)\} = ", e.body) for _, e in drawn(messages, "markdown"))
    return [int(f.group(1)) for f in found if f]


def addresses(messages: list[ForwardMsg]) -> list[str]:
    return [m.page_info_changed.query_string for m in messages if m.WhichOneof("type") == "page_info_changed"]


def test_a_tick_sent_a_frame_behind_never_takes_the_step_back(url: str):
    """The browser's timer asks for each frame with the step it drew last, which lags when it is busy: here it never
    draws one, and every tick says step 0.

    The frames still count on from the run's own step. A tick that lands while the last frame is drawn is folded into
    the run that stops the timer; a tick sent before the browser read that run names a fragment that is gone. Neither
    may draw an old step or put it in the address (on a busy machine a play ended at step 10 of 12, or the address
    said 10 while the page showed 12).
    """
    last = 4
    with WebsocketReader(url) as reader:
        reader.query = f"lang=en&demo=one_d&gd1_steps={last}&gd1_speed=20&gd1_k=0"  # one step a frame
        ask(reader)
        page = answer(reader)
        reader.page_hash = next(p.page_script_hash for p in navigation(page) if p.url_pathname == "gradient_descent")
        still, slider = keyed(page, "slider", "gd1_k")
        behind, shown = WidgetState(id=slider.id), WidgetState(id=slider.id)
        behind.double_array_value.data[:], shown.double_array_value.data[:] = [0], [last]
        ask(reader, still, (behind, WidgetState(id=keyed(page, "button", "gd1_start")[1].id, trigger_value=True)))
        play = answer(reader, whole)  # the click's run, then the page's, which starts the timer
        ticking = next(m.auto_rerun.fragment_id for m in play if m.WhichOneof("type") == "auto_rerun")
        for _ in range(last - 1):
            ask(reader, ticking, (behind,), tick=True)
            play += answer(reader)
        ask(reader, ticking, (behind,), tick=True)  # the last frame
        end = answer_started(reader)
        ask(reader, ticking, (behind,), tick=True)  # a tick that lands while the last frame is drawn
        end += answer(reader, whole)  # the last frame, then the run that stops the timer
        ask(reader, ticking, (behind,), tick=True)  # a tick the browser sent before it read that run
        still = keyed(end, "slider", "gd1_k")[0]
        ask(reader, still, (shown,))  # the reader's next move: once it is drawn, nothing else is on its way
        end += answer(reader, lambda run: list(run[0].metadata.run.fragment_ids) == [still])
    assert steps_drawn(play) == list(range(last))
    assert set(steps_drawn(end)) == {last}
    assert [e.value for _, e in drawn(end, "slider") if e.id == slider.id] == [[last], [last], []]  # set, set, as shown
    assert all(f"gd1_k={last}" in q or "gd1_k" not in q for q in addresses(end)) and "gd1_k" not in addresses(end)[-1]
