"""A keyboard-only reader on page 8: Tab reaches every widget of a demo in order, and each works from the keyboard.

One tab on the session's server: the gradient-descent walk alone (``?demo=one_d``), then the whole page.
Every wait is for a condition: a value shown, the address, the end of the run a key started.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import rerun, settle
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
EN = catalog("en")
PAGE = EN["optimisation"]

# The key of the widget holding the focus (Streamlit writes it into a class of its container), and
# whether the focus is in the page's body.
FOCUSED = """() => {
  const e = document.activeElement, box = e?.closest('[class*="st-key-"]');
  const key = box && [...box.classList].find(c => c.startsWith('st-key-'));
  return {key: key ? key.slice(7) : null, main: !!e?.closest('[data-testid="stMain"]')};
}"""
# The keyed widgets of the page's body that a keyboard can use, in the order of the document.
WIDGETS = """() => [...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
  .filter(box => !box.querySelector('[class*="st-key-"]'))
  .filter(box => box.querySelector('input:not(:disabled), button:not(:disabled), [role="slider"]'))
  .filter(box => !box.querySelector('[aria-disabled="true"], input:disabled'))
  .map(box => [...box.classList].find(c => c.startsWith('st-key-')).slice(7))"""


def open_page(tab: Page, url: str) -> None:
    tab.goto(url)
    settle(tab)


def widget(tab: Page, key: str):
    return tab.locator(f".st-key-{key}")


def tab_walk(tab: Page, first: str, most: int) -> list[str]:
    """Press Tab from the widget ``first`` until the focus leaves the page's body: the widgets met, in order."""
    widget(tab, first).locator("input, button, [role='slider']").first.focus()
    met = [first]
    for _ in range(most):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if not focused["main"]:
            return met
        if focused["key"] and focused["key"] != met[-1]:
            met.append(focused["key"])
    raise AssertionError(f"after {most} presses of Tab the focus is still in the page's body: {met}")


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


def test_on_the_whole_page_a_radio_a_select_and_a_checkbox_answer_the_keyboard(tab: Page, app_url: str):
    open_page(tab, f"{app_url}/gradient_descent?lang=en")
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
