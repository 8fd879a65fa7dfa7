"""A keyboard-only reader's walk: Tab from a page's first widget meets every keyed widget in order, then leaves.

tests/e2e/test_clipping.py walks every page, whole and in English, once it has looked at it at 1280 px (one
opening of each page serves both: a page costs CI seconds to open); tests/e2e/test_keyboard.py walks page 8's
gradient-descent demo alone and works each kind of widget from the keyboard.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page

# The key of the widget holding the focus (Streamlit writes it into a class of its container), and
# whether the focus is in the page's body. A drag plane's handle is in a shadow root: the focus is its host.
# A keyed box that holds keyed boxes is a group, not a widget (a heading's help icon in it has no key).
FOCUSED = """() => {
  const e = document.activeElement, found = e?.closest('[class*="st-key-"]');
  const box = found?.querySelector('[class*="st-key-"]') ? null : found;
  const key = box && [...box.classList].find(c => c.startsWith('st-key-'));
  return {key: key ? key.slice(7) : null, main: !!e?.closest('[data-testid="stMain"]')};
}"""
# What a keyboard uses in a keyed box: a field, a button, a slider (a drag plane's handle, inside the
# component's shadow root, is one too), a link (the glossary's terms) or an expander's header (its lessons).
USABLE = 'input:not(:disabled), button:not(:disabled), [role="slider"], a[href], summary'
# The keyed widgets of the page's body that a keyboard can use, in the order of the document; with ``true``,
# those that are locked instead (a disabled slider still takes the focus, and says that it is disabled).
WIDGETS = f"""locked => [...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
  .filter(box => !box.querySelector('[class*="st-key-"]'))
  .filter(box => box.querySelector('{USABLE}')
    || [...box.querySelectorAll('*')].some(e => e.shadowRoot?.querySelector('{USABLE}')))
  .filter(box => !!locked === !!box.querySelector('[aria-disabled="true"], input:disabled'))
  .map(box => [...box.classList].find(c => c.startsWith('st-key-')).slice(7))"""
# Each move of the focus, recorded in the page as it happens: one look after several presses, not one a press.
RECORD = f"""() => {{
  window.focusWalk = [];
  if (!window.focusRecorder) {{
    window.focusRecorder = () => window.focusWalk.push(({FOCUSED})());
    document.addEventListener('focusin', window.focusRecorder);
  }}
}}"""
# Every drag plane has drawn its handles: they are widgets the walk must meet.
HANDLES_DRAWN = """() => [...document.querySelectorAll('[data-testid="stMain"] *')].filter(e => e.shadowRoot)
  .every(host => !host.shadowRoot.querySelector('.drag-root') || host.shadowRoot.querySelector('[data-handle]'))"""
PRESSES = 10  # presses of Tab between two looks at the record on a whole page


def widget(tab: Page, key: str) -> Locator:
    return tab.locator(f".st-key-{key}")


def tab_walk(tab: Page, first: str, most: int, presses: int = 1) -> list[str]:
    """Press Tab from the widget ``first`` until the focus leaves the page's body: the widgets met, in order.

    It looks where the focus went after every ``presses`` presses: past the body, the focus may then have
    gone on that many more (into the sidebar), and Shift+Tab no longer brings it back into the body.
    """
    widget(tab, first).locator("input, button, [role='slider'], a[href]").first.focus()
    tab.evaluate(RECORD)
    for _ in range(0, most, presses):
        for _ in range(presses):
            tab.keyboard.press("Tab")
        walk = tab.evaluate("() => window.focusWalk")
        left = next((i for i, focused in enumerate(walk) if not focused["main"]), None)
        if left is None and not tab.evaluate(FOCUSED)["main"]:  # past the last element the focus leaves the page
            left = len(walk)
        if left is not None:
            met = [first]
            for focused in walk[:left]:
                if focused["key"] and focused["key"] != met[-1]:
                    met.append(focused["key"])
            return met
    raise AssertionError(f"after {most} presses of Tab the focus is still in the page's body: {walk[-20:]}")


def assert_tab_reaches_every_widget(tab: Page) -> None:
    """On the page open in ``tab``, Tab meets every keyed widget of the body in order and then leaves the body."""
    tab.wait_for_function(HANDLES_DRAWN)
    widgets, locked = tab.evaluate(WIDGETS), tab.evaluate(WIDGETS, True)
    if not widgets:
        return
    met = tab_walk(tab, widgets[0], 1500, PRESSES)
    reached = [key for key in met if key not in locked]
    assert reached == widgets, f"Tab meets {reached}\n  not the widgets in order {widgets}"
