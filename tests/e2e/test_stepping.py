"""The stepping demos in a real browser: Play moves the step, Pause holds it, Step, Reset and a link at a step.

One server and one browser tab for the whole module. Page 8's walk in the bowl is driven through every
control; each other stepping demo is opened from a link at a step, shows that step's numbers, and takes
one Step. The numbers are read from the formulas' TeX source (KaTeX keeps it in an annotation).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import run_finished, serve, settle
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
TEXT = catalog("en")["stepper"]
TEX = "[data-testid='stMarkdownContainer'] .katex annotation, .katex annotation"


@pytest.fixture(scope="module")
def url():
    """One server for this module's tests."""
    with serve() as u:
        yield u


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


def tex(page: Page) -> list[str]:
    return page.locator(".katex annotation").all_text_contents()


def test_play_moves_the_walk_pause_holds_with_the_server_silent_step_reset_and_a_link_at_a_step(tab: Page, url: str):
    tab.goto(f"{url}/gradient_descent?lang=en&demo=one_d&gd1_L=1&gd1_lr=0.5&gd1_x0=4&gd1_steps=40&gd1_speed=5&gd1_k=3")
    settle(tab)
    assert step_shown(tab, "gd1") == 3 and any(r"x_{3} = 0.5" in t for t in tex(tab))  # x_k = 4 · 0.5^k
    button(tab, TEXT["start"]).click()
    expect(button(tab, TEXT["pause"])).to_be_visible()
    tab.wait_for_function("() => +document.querySelector('.st-key-gd1_k [data-testid=\"stSliderThumbValue\"]')"
                          ".textContent >= 6")  # fmt: skip  # it moves by itself, frame after frame
    button(tab, TEXT["pause"]).click()
    expect(button(tab, TEXT["start"])).to_be_visible()  # the click waits for the frame in flight
    settle(tab)
    held, before = step_shown(tab, "gd1"), len(tab.messages)
    # A fixed wait, on purpose: what is tested is that nothing happens (no frame, no message after the Pause).
    tab.wait_for_timeout(1500)
    assert step_shown(tab, "gd1") == held and len(tab.messages) == before
    assert held < 40
    # The address is written by the first run after the timer stopped, which may land after the page looks still.
    tab.wait_for_function(f"() => new URLSearchParams(location.search).get('gd1_k') === '{held}'")
    click_and_rerun(tab, button(tab, TEXT["step"]))
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text(str(held + 1))
    tab.wait_for_function(f"() => location.search.includes('gd1_k={held + 1}')")
    link = tab.url
    click_and_rerun(tab, button(tab, TEXT["reset"]))
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text("0")
    assert any(r"x_{0} = 4" in t for t in tex(tab))
    tab.goto(link)  # the link made at a step reopens that step
    settle(tab)
    assert step_shown(tab, "gd1") == held + 1
    assert any(rf"x_{{{held + 1}}} = {0.5 ** (held + 1) * 4:.4g}" in t for t in tex(tab))


def test_play_runs_to_the_last_step_and_stops_its_timer(tab: Page, url: str):
    tab.goto(f"{url}/gradient_descent?lang=en&demo=one_d&gd1_steps=12&gd1_speed=50&gd1_k=0")
    settle(tab)
    button(tab, TEXT["start"]).click()
    expect(tab.locator(".st-key-gd1_k [data-testid='stSliderThumbValue']")).to_have_text("12")
    expect(button(tab, TEXT["start"])).to_be_visible()  # stopped by itself
    settle(tab)
    before = len(tab.messages)
    tab.wait_for_timeout(1500)  # on purpose: a timer left ticking would rerun the demo ten times a second
    assert len(tab.messages) == before
    # The last step is the default: the URL names no step (written by the run that stopped the timer).
    tab.wait_for_function("() => !new URLSearchParams(location.search).has('gd1_k')")


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
