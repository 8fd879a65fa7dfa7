"""No text is cut short: every page, both languages, at a laptop's 1280 px and a phone's 390 px.

A reader cannot read what the page cuts off, and nothing but a browser shows it: an ellipsis that a
heading, a metric, a button or a chart title gets when its column is narrower than its words; a word
that a narrow label breaks in two ("Rando / m seed"); a chart title, an axis title or a legend entry
that Vega shortens with "…" or draws beyond its picture; a formula wider than its column that is cut
off instead of scrolling. Once a page's script has stopped and every chart has its drawing, a look
at the page finds them all, and names them: page, language, width and text. (A chart drawn on a
canvas keeps its text in pixels, out of reach: only SVG charts are read.)

At 390 px every chart must also fit the phone with its shape kept: pictures of the plane have a fixed
size and shrink on a phone, never stretch. At 1280 px in English the page, once looked at, is also
walked with the Tab key (tests/e2e/keyboard.py): a keyboard-only reader reaches every widget of it in
order and leaves it. One opening serves all of these.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import settle, steady
from tests.e2e.keyboard import assert_tab_reaches_every_widget
from ui.catalog import GLOSSARY, PRINCIPLES, url_of

pytestmark = pytest.mark.e2e
PAGES = ["", *(p.url for p in PRINCIPLES if p.built), url_of(GLOSSARY)]  # "" is Home
WIDTHS = {1280: 900, 390: 844}  # a laptop and a phone, each with its usual height
CHARTS = '[data-testid="stVegaLiteChart"]'
DRAWN = "canvas, svg.marks"

# Every chart has its drawing (Vega draws a moment after the script stops).
ALL_DRAWN = f"""() => document.fonts.status === 'loaded' && [...document.querySelectorAll('{CHARTS}')].every(c => {{
    const d = c.querySelector('{DRAWN}');
    return d && d.getBoundingClientRect().height > 0;
}})"""

# One look at the page, which finds every kind of clipped text. Vega may draw a chart again while it
# runs: every element is looked up inside it, and one that has left the page is passed over.
CLIPPED = r"""() => {
    const found = [];
    const say = (kind, node, text) => found.push({kind, text: (text ?? node.textContent).trim().slice(0, 120)});
    const root = document.querySelector('[data-testid="stApp"]');
    // Shown to a reader: not hidden, and not a 1 px box kept for screen readers ("Skip to main content").
    const shown = e => {
        if (!e.isConnected || getComputedStyle(e).visibility === 'hidden') return false;
        if (e.closest('[data-testid="stSidebar"][data-collapsed="true"]')) return false;  // a phone's closed sidebar
        const r = e.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
    };
    const skip = e => e.closest('.katex, pre, code, svg, canvas, [data-testid="stCode"], [data-baseweb="tooltip"]');

    // 1. HTML text that overflows a box that hides the rest (or ends it with an ellipsis).
    for (const e of root.querySelectorAll('*')) {
        if (!shown(e) || skip(e) || !e.textContent.trim()) continue;
        if (e.querySelector('svg.marks, canvas, img, .katex, input, textarea, [role="slider"]')) continue;
        const s = getComputedStyle(e);
        const hides = v => v === 'hidden' || v === 'clip';
        const wide = e.scrollWidth > e.clientWidth + 1 && (hides(s.overflowX) || s.textOverflow === 'ellipsis');
        const tall = e.scrollHeight > e.clientHeight + 1 && hides(s.overflowY) && s.webkitLineClamp !== 'none';
        if (wide) say('overflow', e);
        else if (tall) say('line clamp', e);
    }

    // 2. A word broken across two lines.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || !shown(parent) || skip(parent)) continue;
        for (const m of n.data.matchAll(/[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF]{2,}/g)) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) say('word broken', parent, `${m[0]} in "${n.data.trim()}"`);
        }
    }

    // 3. Chart text that Vega shortened with "…" or drew outside the picture. A text's box on the
    // screen is the cells of its letters and digits: a symbol such as ◆ comes from a fallback font
    // whose cell is taller than anything it draws. A cell is a little larger than its letter, so a
    // few pixels of it outside the picture cut nothing.
    const letters = text => {
        const matrix = text.getScreenCTM(), xs = [], ys = [];
        if (!matrix) return null;
        for (let i = 0; i < text.getNumberOfChars(); i++) {
            if (!/[\p{L}\p{N}]/u.test(text.textContent[i])) continue;
            const r = text.getExtentOfChar(i);
            for (const [x, y] of [[r.x, r.y], [r.x + r.width, r.y + r.height]]) {
                const p = new DOMPoint(x, y).matrixTransform(matrix);
                xs.push(p.x);
                ys.push(p.y);
            }
        }
        if (!xs.length) return null;
        return {left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys)};
    };
    for (const chart of root.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        const svg = chart.querySelector('svg.marks');
        if (!svg || !svg.isConnected) continue;
        const frame = svg.getBoundingClientRect(), column = chart.getBoundingClientRect();
        const left = Math.max(frame.left, column.left), right = Math.min(frame.right, column.right);
        for (const text of svg.querySelectorAll('text')) {
            if (!text.isConnected || !text.textContent.trim()) continue;
            if (text.textContent.endsWith('…')) {
                say('chart text shortened', text);
                continue;
            }
            const box = letters(text);
            if (box) {
                const past = Math.max(left - box.left, box.right - right, frame.top - box.top,
                                      box.bottom - frame.bottom);
                if (past > 4) say(`chart text ${Math.round(past)} px outside`, text);
            }
        }
    }

    // 4. A formula wider than its column that is cut off rather than scrollable.
    for (const formula of root.querySelectorAll('.katex')) {
        if (!shown(formula) || formula.parentElement.closest('.katex')) continue;
        const box = formula.getBoundingClientRect();
        let clipped = box.right > window.innerWidth + 1 || box.left < -1;
        for (let a = formula.parentElement; a && a !== root; a = a.parentElement) {
            const s = getComputedStyle(a), r = a.getBoundingClientRect();
            if (s.overflowX === 'auto' || s.overflowX === 'scroll') { clipped = false; break; }
            const cuts = s.overflowX === 'hidden' || s.overflowX === 'clip';
            if (cuts && (box.right > r.right + 1 || box.left < r.left - 1)) {
                clipped = true;
                break;
            }
        }
        if (clipped) say('formula cut off', formula, formula.querySelector('annotation')?.textContent);
    }
    return found;
}"""


# Every chart wider than its column, or drawn with another shape than Vega gave it (stretched or squeezed).
MISFITS = f"""() => [...document.querySelectorAll('{CHARTS}')].map(chart => {{
    const drawing = chart.querySelector('{DRAWN}'), box = drawing.getBoundingClientRect();
    const shape = drawing.tagName === 'CANVAS'
        ? drawing.width / drawing.height
        : drawing.width.baseVal.value / drawing.height.baseVal.value;
    const column = chart.parentElement.getBoundingClientRect().width;
    return {{width: box.width, column, stretch: box.width / box.height / shape}};
}}).filter(c => c.width > c.column + 1 || Math.abs(c.stretch - 1) > 0.02)"""


def clipped_text(page: Page) -> list[dict]:
    """What is clipped once the page has come to rest: a moment's squeeze before it is not what a reader sees."""
    return steady(page, f"() => ({ALL_DRAWN})() ? ({CLIPPED})() : null")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_text_is_clipped(tab: Page, app_url: str, path: str, lang: str, width: int):
    """One tab opens every page in turn: the app's code is fetched and compiled once, not 48 times."""
    reader = tab
    reader.errors.clear()
    reader.set_viewport_size({"width": width, "height": WIDTHS[width]})
    reader.goto(f"{app_url}/{path}?lang={lang}")
    settle(reader)
    reader.wait_for_function(ALL_DRAWN)
    clipped = clipped_text(reader)
    where = f"/{path}?lang={lang} at {width} px"
    assert clipped == [], where + "\n" + "\n".join(f"  {c['kind']}: {c['text']}" for c in clipped)
    assert reader.errors == [], where
    if width == 390:
        # Vega may draw a chart again a moment later at the column's final width: two looks that agree.
        assert steady(reader, f"() => ({ALL_DRAWN})() ? ({MISFITS})() : null") == [], where
    if lang == "en" and width == 1280:
        assert_tab_reaches_every_widget(reader)
