"""A keyboard-only reader: each kind of widget answers the keyboard, and Tab reaches a demo's widgets in order.

One tab on the session's server. Page 8's gradient-descent walk alone (``?demo=one_d``): Tab meets its
widgets in order and leaves; a slider, a button and the speed's select slider answer their keys. Page 8
whole: a radio, a select, a checkbox and the source code's tabs. Page 1's first demo alone: the pills, a
matrix entry (a number input) and the "Reproduce in a notebook" box. Page 6's entropy demo alone: a text
input and the "Predict first" switch. The drag planes' arrow keys are tests/e2e/test_drag.py's, and the
Tab walk of every page, whole, is in tests/e2e/test_clipping.py, which opens each page anyway
(tests/e2e/keyboard.py). Every wait is for a condition: a value shown, the address, the end of a run a key
started.
"""

import math
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import rerun, settle
from tests.e2e.keyboard import WIDGETS, tab_walk, widget
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
EN = catalog("en")
PAGE = EN["optimisation"]


def open_page(tab: Page, url: str) -> None:
    tab.goto(url)
    settle(tab)


def in_url(tab: Page, key: str, value: str) -> None:
    """Wait until the address says ``key=value``."""
    tab.wait_for_url(lambda url: parse_qs(urlparse(url).query).get(key) == [value])


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

    # A select slider steps through its options: the speed, 2 steps a second to the next choice, 5.
    speed = widget(tab, "gd1_speed").get_by_role("slider")
    speed.focus()
    rerun(tab, lambda: tab.keyboard.press("ArrowRight"))
    expect(widget(tab, "gd1_speed").get_by_test_id("stSliderThumbValue")).to_have_text("5")
    in_url(tab, "gd1_speed", "5")


def test_on_the_first_demo_alone_the_pills_a_matrix_entry_and_the_reproduce_box_answer_the_keyboard(
    tab: Page, app_url: str
):
    """Page 1: a preset chosen among the pills by the arrow keys and Enter; a matrix entry stepped by ArrowUp."""
    open_page(tab, f"{app_url}/linear_maps?lang=en&demo=map")
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

    # A demo's "Reproduce in a notebook" opens with Enter, and shows the code with the values just chosen.
    reproduce = tab.get_by_test_id("stExpander").filter(has_text=EN["common"]["reproduce"]).first
    summary = reproduce.locator("summary")
    summary.focus()
    tab.keyboard.press("Enter")
    expect(reproduce.get_by_test_id("stCode")).to_be_visible()
    expect(reproduce.get_by_test_id("stCode")).to_contain_text("0.1")


def test_on_the_entropy_demo_alone_a_text_input_and_a_switch_answer_the_keyboard(tab: Page, app_url: str):
    """Page 6: a distribution typed and sent with Enter; Predict first switched on with Space."""
    open_page(tab, f"{app_url}/information_decision?lang=en&demo=entropy")
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

    switch = widget(tab, "ent_predict").get_by_role("switch")
    expect(switch).not_to_be_checked()
    switch.focus()
    rerun(tab, lambda: tab.keyboard.press("Space"))
    expect(switch).to_be_checked()
    in_url(tab, "ent_predict", "true")
    expect(tab.get_by_text(EN["predict"]["hidden"]).first).to_be_visible()


def test_on_the_whole_page_a_radio_a_select_a_checkbox_and_the_code_tabs_answer_the_keyboard(tab: Page, app_url: str):
    """Page 8: the schedule's radio by the arrow keys, the surface's select by typing, a path's checkbox by Space."""
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

    # The source code's tabs: the arrow keys go from one function's tab to the next, and show it.
    tabs = tab.get_by_test_id("stTabs").get_by_role("tab")
    tabs.first.focus()
    tab.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_be_focused()
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    shown = tab.get_by_test_id("stTabs").get_by_role("tabpanel", name=tabs.nth(1).inner_text())
    expect(shown.get_by_test_id("stCode")).to_be_visible()
