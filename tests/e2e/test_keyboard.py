"""A keyboard-only reader: on every page Tab reaches every widget in order and leaves, and each kind of widget works.

One tab per module on the session's server. Each of the eleven pages, whole, in English: Tab from its
first widget meets every keyed widget of the body in the order of the document (the drag planes' handles
and the glossary's links too) and then leaves the body, so there is no trap. On the page that holds them,
one widget of each kind is then worked from the keyboard: pills, number inputs, tabs and an expander on
page 1; a text input, a switch and a log slider on page 6; a radio, a select and a checkbox on page 8. Page
8's gradient-descent walk alone (``?demo=one_d``) checks a slider and a button. The drag planes' arrow
keys are tests/e2e/test_drag.py's. Every wait is for a condition: a value shown, the address, the end of a
run a key started.
"""

import math
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import rerun, settle
from ui.catalog import GLOSSARY, PRINCIPLES, url_of
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
EN = catalog("en")
PAGE = EN["optimisation"]
PAGES = [url_of(p.file) for p in PRINCIPLES if p.built] + [url_of(GLOSSARY)]

# The key of the widget holding the focus (Streamlit writes it into a class of its container), and
# whether the focus is in the page's body. A drag plane's handle is in a shadow root: the focus is its host.
FOCUSED = """() => {
  const e = document.activeElement, box = e?.closest('[class*="st-key-"]');
  const key = box && [...box.classList].find(c => c.startsWith('st-key-'));
  return {key: key ? key.slice(7) : null, main: !!e?.closest('[data-testid="stMain"]')};
}"""
# What a keyboard uses in a keyed box: a field, a button, a slider (a drag plane's handle, inside the
# component's shadow root, is one too) or a link.
USABLE = 'input:not(:disabled), button:not(:disabled), [role="slider"], a[href]'
# The keyed widgets of the page's body that a keyboard can use, in the order of the document; ``disabled``
# lists the keyed widgets that are locked (a disabled slider still takes the focus, and says it is disabled).
WIDGETS = f"""disabled => [...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
  .filter(box => !box.querySelector('[class*="st-key-"]'))
  .filter(box => box.querySelector('{USABLE}')
    || [...box.querySelectorAll('*')].some(e => e.shadowRoot?.querySelector('{USABLE}')))
  .filter(box => !!disabled === !!box.querySelector('[aria-disabled="true"], input:disabled'))
  .map(box => [...box.classList].find(c => c.startsWith('st-key-')).slice(7))"""
# Each focus the keyboard moves, recorded in the page as it happens: one look after a run of presses.
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
PRESSES = 10  # Tab presses between two looks at the record


def open_page(tab: Page, url: str) -> None:
    tab.goto(url)
    settle(tab)


def widget(tab: Page, key: str):
    return tab.locator(f".st-key-{key}")


def tab_walk(tab: Page, first: str, most: int) -> list[str]:
    """Press Tab from the widget ``first`` until the focus leaves the page's body: the widgets met, in order."""
    widget(tab, first).locator("input, button, [role='slider'], a[href]").first.focus()
    tab.evaluate(RECORD)
    for _ in range(0, most, PRESSES):
        for _ in range(PRESSES):
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


@pytest.mark.parametrize("path", PAGES)
def test_on_every_page_tab_reaches_every_widget_in_order_and_leaves_the_body(tab: Page, app_url: str, path: str):
    open_page(tab, f"{app_url}/{path}?lang=en")
    tab.wait_for_function(HANDLES_DRAWN)
    widgets, locked = tab.evaluate(WIDGETS), tab.evaluate(WIDGETS, True)
    assert widgets, "a page with no widget a keyboard can reach"
    met = tab_walk(tab, widgets[0], 1500)
    assert [key for key in met if key not in locked] == widgets  # every one, in the order a reader sees them
    OPERATE.get(path, lambda tab: None)(tab)


def test_on_the_demo_alone_tab_reaches_every_widget_in_order_and_each_answers_the_keyboard(tab: Page, app_url: str):
    open_page(tab, f"{app_url}/gradient_descent?lang=en&demo=one_d&gd1_k=3")
    widgets = tab.evaluate(WIDGETS)
    expected = {"gd1_L", "gd1_lr", "gd1_x0", "gd1_steps", "gd1_start", "gd1_next", "gd1_reset", "gd1_speed", "gd1_k"}
    assert expected <= set(widgets), widgets
    assert tab_walk(tab, widgets[0], 8 * len(widgets)) == widgets  # each in the order a reader sees them; no trap
    tab.keyboard.press("Shift+Tab")  # and back in
    expect(tab.locator("[data-testid='stMain'] :focus")).to_have_count(1)

    # A slider moves by its step (0.05) with the arrow keys, and shows it.
    slider = tab.get_by_role("slider", name=PAGE["one_d"]["lr"])
    expect(slider).to_have_value("1.5")
    slider.focus()
    rerun(tab, lambda: tab.keyboard.press("ArrowRight"))
    expect(slider).to_have_value("1.55")
    expect(widget(tab, "gd1_lr").get_by_test_id("stSliderThumbValue")).to_have_text("1.55")
    tab.wait_for_url("**gd1_lr=1.55*")
    rerun(tab, lambda: tab.keyboard.press("ArrowLeft"))
    expect(slider).to_have_value("1.5")

    # A button works with Enter and with Space: Step moves the walk on by one.
    position = tab.get_by_role("slider", name=EN["stepper"]["position"])
    expect(position).to_have_value("3")
    step = tab.get_by_role("button", name=EN["stepper"]["step"], exact=True)
    step.focus()
    rerun(tab, lambda: tab.keyboard.press("Enter"))
    expect(position).to_have_value("4")
    step.focus()
    rerun(tab, lambda: tab.keyboard.press("Space"))
    expect(position).to_have_value("5")


def in_url(tab: Page, key: str, value: str) -> None:
    """Wait until the address says ``key=value``."""
    tab.wait_for_url(lambda url: parse_qs(urlparse(url).query).get(key) == [value])


def pills_number_inputs_tabs_and_an_expander(tab: Page) -> None:
    """Page 1: a preset chosen among the pills by the arrow keys and Enter; a matrix entry stepped by ArrowUp."""
    names = EN["linear_maps"]["presets"]
    presets = widget(tab, "lm_preset")
    presets.get_by_role("radio", name=names["identity"]).focus()
    for _ in range(3):  # identity, rotation, scaling, shear
        tab.keyboard.press("ArrowRight")
    expect(presets.get_by_role("radio", name=names["shear"])).to_be_focused()
    rerun(tab, lambda: tab.keyboard.press("Enter"))
    shear = {"lm_a11": "1.00", "lm_a12": "1.00", "lm_a21": "0.00", "lm_a22": "1.00"}  # linalg.PRESETS["shear"]
    for key, value in shear.items():
        expect(widget(tab, key).get_by_role("spinbutton")).to_have_value(value)
    in_url(tab, "lm_a12", "1.0")

    entry = widget(tab, "lm_a21").get_by_role("spinbutton")
    entry.focus()
    rerun(tab, lambda: tab.keyboard.press("ArrowUp"))  # one step of 0.1
    expect(entry).to_have_value("0.10")
    in_url(tab, "lm_a21", "0.1")

    # The source code's tabs: the arrow keys go from one function's tab to the next, and show it.
    tabs = tab.get_by_test_id("stTabs").get_by_role("tab")
    tabs.first.focus()
    tab.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_be_focused()
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tab.get_by_test_id("stTabs").get_by_role("tabpanel").locator("code").first).to_be_visible()

    # A demo's "Reproduce in a notebook" opens with Enter, and shows the code with the values just chosen.
    reproduce = tab.get_by_test_id("stExpander").filter(has_text=EN["common"]["reproduce"]).first
    summary = reproduce.locator("summary")
    summary.focus()
    tab.keyboard.press("Enter")
    expect(reproduce.get_by_test_id("stCode")).to_be_visible()
    expect(reproduce.get_by_test_id("stCode")).to_contain_text("0.1")


def a_text_input_a_switch_and_a_log_slider(tab: Page) -> None:
    """Page 6: a distribution typed and sent with Enter; Predict first switched on with Space; T stepped up."""
    text = EN["information"]
    typed = widget(tab, "ent_p").get_by_role("textbox")
    typed.focus()
    tab.keyboard.press("ControlOrMeta+A")
    tab.keyboard.type("1, 1, 1, 1")
    rerun(tab, lambda: tab.keyboard.press("Enter"))
    in_url(tab, "ent_p", "1, 1, 1, 1")
    quarters = ", ".join(["0.25"] * 4)
    expect(tab.get_by_text(text["normalised"].format(name="p", values=quarters))).to_be_visible()
    two = text["bits"].format(value=f"{math.log2(4):g}")  # four equally likely outcomes: log2 4 bits
    expect(tab.get_by_test_id("stMetric").filter(has_text="H(p)").first).to_contain_text(two)

    temperature = widget(tab, "sm_logt").get_by_role("slider")
    temperature.focus()
    rerun(tab, lambda: tab.keyboard.press("ArrowRight"))  # 10^0 to 10^0.1
    expect(widget(tab, "sm_logt").get_by_test_id("stSliderThumbValue")).to_have_text(f"{10**0.1:.2g}")
    in_url(tab, "sm_logt", f"{10**0.1:.2g}")

    switch = widget(tab, "ent_predict").get_by_role("switch")
    expect(switch).not_to_be_checked()
    switch.focus()
    rerun(tab, lambda: tab.keyboard.press("Space"))
    expect(switch).to_be_checked()
    in_url(tab, "ent_predict", "true")
    expect(tab.get_by_text(EN["predict"]["hidden"]).first).to_be_visible()


def a_radio_a_select_and_a_checkbox(tab: Page) -> None:
    """Page 8: the schedule's radio by the arrow keys, the surface's select by typing, a path's checkbox by Space."""
    names = PAGE["schedule_names"]
    schedule = widget(tab, "sch_name")
    expect(schedule.get_by_role("radio", name=names["constant"])).to_be_checked()
    schedule.get_by_role("radio", name=names["constant"]).focus()
    rerun(tab, lambda: tab.keyboard.press("ArrowRight"))
    expect(schedule.get_by_role("radio", name=names["step"])).to_be_checked()
    tab.wait_for_url("**sch_name=step*")

    surface = widget(tab, "opt_surface")
    choice = surface.get_by_role("combobox")
    expect(choice).to_have_value(PAGE["surface_names"]["quadratic"])
    choice.focus()
    expect(choice).to_be_focused()
    tab.keyboard.type("Rosen")  # opens the list on the options that match what is typed
    expect(tab.get_by_role("option")).to_have_count(1)
    expect(tab.get_by_role("option").first).to_contain_text(PAGE["surface_names"]["rosenbrock"])
    rerun(tab, lambda: tab.keyboard.press("Enter"))
    expect(choice).to_have_value(PAGE["surface_names"]["rosenbrock"])
    tab.wait_for_url("**opt_surface=rosenbrock*")

    shown = widget(tab, "opt_show_momentum").get_by_role("checkbox")
    expect(shown).to_be_checked()
    shown.focus()
    rerun(tab, lambda: tab.keyboard.press("Space"))
    expect(shown).not_to_be_checked()


# After its walk, a page's widgets of the kinds no other page works here.
OPERATE: dict[str, Callable[[Page], None]] = {
    "linear_maps": pills_number_inputs_tabs_and_an_expander,
    "information_decision": a_text_input_a_switch_and_a_log_slider,
    "gradient_descent": a_radio_a_select_and_a_checkbox,
}
