"""Browser history in a real Chromium: one entry per page visit, Back and Forward one page at a time, the
address always naming the page on screen with its state, and a page's state kept when the reader returns."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import rerun, serve, watch
from tests.helpers import demo_ids
from ui.catalog import GLOSSARY, PRINCIPLES, url_of
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
NAV = '[data-testid="stSidebarNav"]'
STARTED = f"title => document.querySelector('{RUNNING}') || document.querySelector('h1')?.textContent.includes(title)"
SLIDERS = '[data-testid="stMain"] input[type="range"]:not([disabled]):visible'
BY_URL = {p.url: p for p in PRINCIPLES if p.built}
# The walks go through Home and three lessons (two light ones, and page 7 of the issue): every kind of step, at a
# fraction of the cost of all the pages (each visit is a run of the page, a second or two on CI).
WALK = ["", "tensor_operations", "information_decision", "calculus_backprop"]
# CI walks once in each language; MATHDL_HISTORY_WALKS=5 is the proof (five walks, 0 mismatches), a few
# minutes more than CI's budget can spare: `MATHDL_HISTORY_WALKS=5 pytest tests/e2e/test_history.py -k walks`.
WALKS, STEPS = int(os.environ.get("MATHDL_HISTORY_WALKS", 2)), 30

# Whether the address names the page on screen and its state: a list of what is wrong, empty when all is right.
# The page is the one whose title is shown; every parameter must belong to one of its widgets (or be the
# language), and a slider's parameter must be the value the slider shows.
CONSISTENT = """({titles, lang}) => {
    const url = new URL(location.href), page = url.pathname.split('/').pop(), problems = [];
    const title = document.querySelector('[data-testid="stMain"] h1')?.textContent ?? '';
    if (!(page in titles) || !title.includes(titles[page])) problems.push(`/${page} while "${title}" is shown`);
    const keys = new Set([...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
        .flatMap(e => [...e.classList]).filter(c => c.startsWith('st-key-')).map(c => c.slice(7)));
    if (url.searchParams.getAll('lang').join() !== lang) problems.push(`lang=${url.searchParams.getAll('lang')}`);
    for (const [key, value] of url.searchParams) {
        if (key === 'lang') continue;
        if (!keys.has(key)) { problems.push(`/${page} holds ${key}=${value}, no widget of its own`); continue; }
        const slider = document.querySelector(`.st-key-${CSS.escape(key)} input[type="range"]`);
        if (!slider) continue;
        // A select slider's value is the index of its option and its text the option: compare the text then.
        const text = Number(slider.getAttribute('aria-valuetext')?.replaceAll(',', ''));
        const shown = text === Number(slider.value) || Number.isNaN(text) ? Number(slider.value) : text;
        if (shown !== Number(value)) problems.push(`${key}=${value} while its slider shows ${shown}`);
    }
    return problems;
}"""


@pytest.fixture(scope="module")
def url():
    """One server for this module's tests."""
    with serve() as u:
        yield u


def pages(lang: str) -> dict[str, tuple[str, str]]:
    """url path -> (its name in the sidebar, its title), in one language."""
    text = catalog(lang)
    named = {"": (text["home"]["nav"], text["home"]["title"])}
    named[url_of(GLOSSARY)] = (text["glossary"]["nav"], text["glossary"]["title"])
    for p in BY_URL.values():
        named[p.url] = (f"{p.number}. {text[p.key]['short']}", text[p.key]["title"])
    return named


def path(page: Page) -> str:
    return urlparse(page.url).path.split("/")[-1]


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def length(page: Page) -> int:
    return page.evaluate("history.length")


def problems(page: Page, lang: str) -> list[str]:
    """What is wrong with the address once the script has finished, [] when it names the page and its state.

    The address is written a moment after the last message of a run: wait for it to be right (a bound, not a
    pause), then say what is still wrong.
    """
    page.wait_for_selector(IDLE)
    args = {"titles": {k: v[1] for k, v in pages(lang).items()}, "lang": lang}
    with contextlib.suppress(PlaywrightTimeout):  # still wrong: say what
        page.wait_for_function(f"args => ({CONSISTENT})(args).length === 0", arg=args, timeout=15_000)
    return page.evaluate(f"args => ({CONSISTENT})(args)", args)


# The address as (path, {name: [values]}), the shape of parse_qs, for comparing with an expected one in the page.
ADDRESS = """() => { const u = new URL(location.href), q = {};
    for (const [k, v] of u.searchParams) if (v !== "") (q[k] = q[k] || []).push(v);
    return JSON.stringify([u.pathname, Object.fromEntries(Object.keys(q).sort().map(k => [k, q[k]]))]); }"""


def address(page: Page, expected: tuple[str, dict[str, list[str]]]) -> tuple[str, dict[str, list[str]]]:
    """The address once it is ``expected``, or as it still is after a bound: written a moment after the run."""
    want = json.dumps([expected[0], dict(sorted(expected[1].items()))], separators=(",", ":"), ensure_ascii=False)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"want => ({ADDRESS})() === want", arg=want, timeout=15_000)
    return (urlparse(page.url).path, query(page))


def shows(page: Page, target: str, lang: str) -> None:
    """Wait until the page at ``target`` is on screen and its script has finished."""
    expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text(pages(lang)[target][1])
    page.wait_for_selector(IDLE)


def click_nav(page: Page, target: str, lang: str) -> None:
    page.locator(NAV).get_by_role("link", name=pages(lang)[target][0], exact=True).click()


def visit(page: Page, target: str, lang: str = "en") -> None:
    """Open a page through the sidebar, as a reader does, and wait until it has run."""
    click_nav(page, target, lang)
    shows(page, target, lang)


def move_a_slider(page: Page, rng: random.Random) -> None:
    """One keyboard step of a random slider of the page, and wait until the page has run again."""
    sliders = page.locator(SLIDERS)
    slider = sliders.nth(rng.randrange(sliders.count()))
    at_max = slider.input_value() == slider.get_attribute("max")
    before = page.url
    slider.focus()
    rerun(page, lambda: page.keyboard.press("ArrowLeft" if at_max else "ArrowRight"))  # its run, ended
    page.wait_for_function("before => location.href !== before", arg=before)


def open_options(page: Page, key: str, option) -> None:
    """Open a select's list until ``option`` shows in it: a redraw that lands as the list opens closes it again."""
    for _ in range(5):
        page.locator(f".st-key-{key} input").click()
        page.keyboard.press("ArrowDown")
        try:
            option.wait_for(state="visible", timeout=15_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {key} never showed {option}")


def open_page(page: Page, address: str, lang: str) -> None:
    """Open an address in the tab, and wait until its page has run and the history keeper is in place."""
    page.goto(address)
    shows(page, path(page), lang)
    page.wait_for_function("() => window.mathdlHistory")


def test_one_history_entry_per_page_visit(reader: Page, url: str):
    open_page(reader, f"{url}/gradient_descent?lang=en&gd1_lr=0.5&opt_steps=80", "en")
    start = length(reader)
    visit(reader, "calculus_backprop")
    assert length(reader) == start + 1
    visit(reader, "gradient_descent")
    assert length(reader) == start + 2
    assert query(reader)["gd1_lr"] == ["0.5"] and query(reader)["opt_steps"] == ["80"]  # its state, kept
    move_a_slider(reader, random.Random(1))
    assert length(reader) == start + 2, "moving a widget replaces the entry"
    words = catalog("en")["optimisation"]
    beale = reader.get_by_role("option", name=words["surface_names"]["beale"])
    open_options(reader, "opt_surface", beale)  # a selection: the server writes its code, which pushed
    beale.click()
    reader.wait_for_url("**opt_surface=beale*")
    assert length(reader) == start + 2, "choosing an option replaces the entry"
    visit(reader, "")
    reader.get_by_role("link", name=catalog("en")["home"]["open"]).first.click()  # a card's link is a visit too
    shows(reader, "linear_maps", "en")
    assert length(reader) == start + 4
    assert problems(reader, "en") == []
    alone = reader.get_by_role("link", name=catalog("en")["common"]["open_alone"])
    # Streamlit loads the code of its links a moment after the page
    expect(alone).to_have_count(len(demo_ids("pages/01_linear_maps.py")))
    alone.first.click()  # one demo alone, on the same page: a visit of its own, left by Back
    reader.wait_for_url("**demo=*")
    reader.wait_for_selector(IDLE)
    assert length(reader) == start + 5


def test_a_link_without_the_language_still_gives_one_entry_per_visit(reader: Page, url: str):
    """Streamlit writes ?lang= in its first run, before the keeper is in place: the keeper folds that entry away."""
    start = length(reader)  # the new tab's blank page
    open_page(reader, f"{url}/linear_maps", "en")
    visit(reader, "tensor_operations")
    assert length(reader) == start + 2
    reader.go_back()
    shows(reader, "linear_maps", "en")
    assert query(reader) == {"lang": ["en"]}
    assert reader.evaluate("navigation.currentEntry.index") == 0  # the first of the app's entries: one Back leaves


def test_back_and_forward_go_one_page_and_restore_its_parameters(reader: Page, url: str):
    rng = random.Random(2)
    open_page(reader, f"{url}/gradient_descent?lang=zh&gd1_lr=0.5&opt_steps=80", "zh")
    left = [reader.url]
    for target in ("calculus_backprop", "linear_maps"):
        visit(reader, target, "zh")
        move_a_slider(reader, rng)
        left.append(reader.url)
    expected = [(urlparse(u).path, parse_qs(urlparse(u).query)) for u in left]
    for i, go in [(1, reader.go_back), (0, reader.go_back), (1, reader.go_forward), (2, reader.go_forward)]:
        go()
        shows(reader, expected[i][0].split("/")[-1], "zh")
        assert address(reader, expected[i]) == expected[i]
        assert problems(reader, "zh") == []


def test_the_address_names_the_page_shown_through_random_walks(reader: Page, url: str, record_property):
    """Seeded walks of sidebar clicks (some while a page still runs), slider moves, Back and Forward."""
    found = []
    for n in range(WALKS):
        tab = reader.context.new_page()  # a tab of its own: Chromium keeps at most 50 entries per tab
        tab.set_default_timeout(90_000)
        watch(tab)  # its websocket, by which move_a_slider sees a run end
        found += [f"walk {n}, {problem}" for problem in walk(tab, url, random.Random(n), "zh" if n % 2 else "en")]
        tab.close()
    record_property("history walks", f"{WALKS} walks of {STEPS} steps: {len(found)} problems")
    assert found == []


def walk(page: Page, url: str, rng: random.Random, lang: str) -> list[str]:
    """One walk: what went wrong at each step, against a model of the history the browser should keep."""
    open_page(page, f"{url}/?lang={lang}", lang)
    base = length(page) - 1
    entries: list[str | None] = [page.url]  # None: a page left while it ran, whose parameters nobody knows
    at, found = 0, []
    for step in range(STEPS):
        here = path(page)
        kind = rng.choices(["visit", "fast", "move", "back", "forward"], [30, 12, 38, 12, 8])[0]
        if kind == "back" and at == 0 or kind == "forward" and at == len(entries) - 1:
            kind = "visit"
        if kind == "move" and not page.locator(SLIDERS).count():  # Home has none
            kind = "visit"
        entries[at] = page.url
        if kind in ("visit", "fast"):
            first = rng.choice([p for p in WALK if p != here])
            target = rng.choice([p for p in WALK if p != first]) if kind == "fast" else first
            click_nav(page, first, lang)
            if kind == "fast":  # the next click lands while the first page still runs
                page.wait_for_function(STARTED, arg=pages(lang)[first][1])
                click_nav(page, target, lang)
            shows(page, target, lang)
            extra = length(page) - base - at - 2  # 1 if the page left while it ran kept an entry
            entries = entries[: at + 1] + [None] * (extra if kind == "fast" and extra == 1 else 0) + [page.url]
            at = len(entries) - 1
        elif kind == "move":
            move_a_slider(page, rng)
        else:
            at += 1 if kind == "forward" else -1
            (page.go_forward if kind == "forward" else page.go_back)()
            page.wait_for_selector(IDLE)
            if entries[at] is not None:
                expected = urlparse(entries[at])
                if urlparse(page.url).path != expected.path or query(page) != parse_qs(expected.query):
                    found.append(f"step {step}, {kind}: {page.url} instead of {entries[at]}")
        found += [f"step {step}, {kind}: {problem}" for problem in problems(page, lang)]
        if length(page) != base + len(entries):
            found.append(f"step {step}, {kind}: {length(page) - base} entries, {len(entries)} visits")
            base = length(page) - len(entries)
    found += reopens(page, lang)
    return found


def reopens(page: Page, lang: str) -> list[str]:
    """The address, opened in a new tab (a new session), shows the same widget values: it holds the state."""
    values = '() => [...document.querySelectorAll(\'[data-testid="stMain"] input[type="range"]\')].map(s => s.value)'
    shown = page.evaluate(values)
    fresh = page.context.new_page()
    open_page(fresh, page.url, lang)
    expect(fresh.locator('[data-testid="stMain"] input[type="range"]')).to_have_count(len(shown))
    reopened = fresh.evaluate(values)
    fresh.close()
    return [] if reopened == shown else [f"{page.url} reopens with sliders {reopened}, not {shown}"]


def test_the_playground_keeps_its_trained_network_on_a_trip_away(reader: Page, url: str):
    text = catalog("en")["neural_networks"]["play"]
    open_page(reader, f"{url}/neural_networks?lang=en&nn_data=spiral&nn_layers=3", "en")
    step = reader.get_by_role("button", name=text["step"].format(epochs=10), exact=True)
    for epochs in (10, 20):
        step.click()
        expect(reader.get_by_text(text["map_title"].format(epoch=epochs))).to_be_visible()
    trained, picture = playground(reader, text, 20)
    for way in ("the sidebar", "Back"):
        visit(reader, "linear_maps")
        if way == "Back":
            reader.go_back()
            shows(reader, "neural_networks", "en")
        else:
            visit(reader, "neural_networks")
        shown, again = playground(reader, text, 20)  # the same epoch count, the same metrics, the same address
        assert shown == trained, way
        # The same picture: a chart drawn afresh may stack a few overlapping points in another order.
        assert (np.abs(again - picture) > 32).mean() < 0.001, way


def playground(page: Page, text: dict, epochs: int) -> tuple[tuple, np.ndarray]:
    """What the trained network shows: its metrics and address, and its picture of the plane in grey levels."""
    title = page.get_by_text(text["map_title"].format(epoch=epochs))
    expect(title).to_be_visible()
    page.wait_for_selector(IDLE)
    chart = page.locator('[data-testid="stColumn"]').filter(has=title).last.locator('[data-testid="stVegaLiteChart"]')
    expect(chart.locator("canvas")).to_be_visible()
    metrics = page.locator('[data-testid="stMetricValue"]').all_text_contents()
    return (metrics, path(page), query(page)), drawn(chart)


def drawn(chart) -> np.ndarray:
    """The chart's pixels once Vega has finished drawing it: two screenshots in a row alike (at most ten)."""
    shots = [np.zeros(0)]
    for _ in range(10):
        shots.append(np.asarray(Image.open(io.BytesIO(chart.screenshot())).convert("L"), dtype=int))
        if np.array_equal(shots[-1], shots[-2]):
            break
    return shots[-1]


# --- The history keeper alone, replaying the calls Streamlit 1.67's frontend makes (seen with a probe) ---------

HOST = "http://app.test"
FAKE_APP = (
    '<div data-testid="stSidebarNav">'
    + "".join(f'<a href="/{p}">{p}</a>' for p in ("", "a", "b", "c"))
    + "</div><a id=link></a>"
)


def keeper_script() -> str:
    """The script ui/history.py draws, taken from its source."""
    tree = ast.parse((Path(__file__).resolve().parents[2] / "ui" / "history.py").read_text(encoding="utf-8"))
    html = next(n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args)
    return re.sub(r"</?script[^>]*>", "", html)


@pytest.fixture
def keeper(page: Page):
    """A made-up app (its sidebar: /, /a, /b, /c) with the keeper installed; ``run(js)`` runs calls in it."""
    page.route(f"{HOST}/**", lambda route: route.fulfill(content_type="text/html", body=FAKE_APP))
    page.goto(f"{HOST}/?lang=en")
    page.add_script_tag(content=keeper_script())
    page.evaluate(
        """() => {
            window.tick = () => new Promise(resolve => setTimeout(resolve));
            window.show = path => document.querySelectorAll('a').forEach(a => a.getAttribute('href') === path
                ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
            window.click = path => { link.href = path; link.click(); };
            link.addEventListener('click', e => e.preventDefault());  // Streamlit's own handler does this
            show('/');
        }"""
    )
    start = length(page)

    def run(js: str) -> tuple[int, str]:
        """Run the calls; the entries they added and the address they left."""
        page.evaluate(f"async () => {{ {js} await tick(); }}")
        return length(page) - start, page.url.removeprefix(HOST)

    return run


def sent(query: str) -> str:
    """Streamlit writes a query string the server sent (App.handlePageInfoChanged): under the current path."""
    return f"history.pushState({{}}, '', location.pathname + '{query}'); await tick();"


def opened(path: str, query: str) -> str:
    """Streamlit opens a page: marks it current in the sidebar, then pushes its path unless the address has it."""
    push = f"history.pushState({{}}, '', '{path}{query}')"
    return f"show('{path}'); if (location.pathname !== '{path}') {push}; await tick();"


def moved(query: str) -> str:
    """Streamlit's write when the reader moves a bound widget (WidgetStateManager.updateUrlParam)."""
    return f"history.replaceState({{}}, '', location.pathname + '{query}'); await tick();"


def click(to: str) -> str:
    return f"click('{to}'); await tick();"


def test_a_visit_pushes_one_entry_whatever_order_streamlit_writes_in(keeper):
    # The query string of the new page first, under the old path, then the page: the common order.
    assert keeper(click("/a") + sent("?lang=en") + opened("/a", "?lang=en")) == (1, "/a?lang=en")
    # The page first, then two query strings (bound widgets seeded from the page's kept state).
    writes = opened("/b", "?lang=en") + sent("?lang=en&x=1") + sent("?lang=en&x=1&y=2")
    assert keeper(click("/b") + writes) == (2, "/b?lang=en&x=1&y=2")
    assert keeper(moved("?lang=en&x=2&y=2")) == (2, "/b?lang=en&x=2&y=2")  # a slider moved
    assert keeper(sent("?lang=en&x=2&y=2&z=c")) == (2, "/b?lang=en&x=2&y=2&z=c")  # a selection made
    assert keeper(click("/b?lang=en&x=2&y=2&z=c&demo=d") + sent("?lang=en&x=2&demo=d")) == (3, "/b?lang=en&x=2&demo=d")
    assert keeper(click("/b")) == (3, "/b?lang=en&x=2&demo=d")  # the page's own link in the sidebar: a rerun


def test_the_entry_left_keeps_its_own_parameters(keeper, page: Page):
    keeper(moved("?lang=en&h=1"))
    keeper(click("/a") + sent("") + sent("?lang=en") + opened("/a", "?lang=en"))
    page.go_back()
    assert page.url == f"{HOST}/?lang=en&h=1"


def test_a_click_before_the_page_ran_reuses_its_entry(keeper):
    first = click("/a") + sent("?lang=en")
    then = click("/b") + opened("/a", "?lang=en") + sent("?lang=en&b=1") + opened("/b", "?lang=en&b=1")
    assert keeper(first + then) == (1, "/b?lang=en&b=1")


def test_an_address_naming_another_page_than_the_one_shown_is_corrected(keeper):
    assert keeper("history.replaceState({}, '', '/a?lang=en&q=1');") == (0, "/?lang=en&q=1")
    assert keeper(click("/c") + sent("?lang=en&q=1") + "show('/c');") == (1, "/c?lang=en&q=1")


def test_back_and_forward_replace_while_the_page_reruns(keeper, page: Page):
    keeper(click("/a") + opened("/a", "?lang=en"))
    page.go_back()
    # Streamlit reruns Home from the entry and writes its query string; the address stays while page a is shown.
    assert keeper(sent("?lang=en&h=2") + opened("/", "?lang=en&h=2")) == (1, "/?lang=en&h=2")
    page.go_forward()
    assert keeper(opened("/a", "?lang=en")) == (1, "/a?lang=en")
