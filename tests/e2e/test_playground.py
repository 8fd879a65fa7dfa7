"""Page 9's playground trains live in a real browser: the picture changes while it trains, and stops on Pause."""

import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import settle
from ui import raster
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
TEXT = catalog("en")["neural_networks"]["play"]
FAILED = catalog("en")["common"]["demo_failed"]


# The playground's title names the epoch it shows: each new one is a new picture. Every title seen since
# the first look is kept in the page, which looks at every animation frame.
# A demo that failed says so in an alert, which the page notes too (window.failed) when it sees one.
EPOCHS_SEEN = """([pattern, wanted, failed]) => {
    const seen = (window.epochsSeen ??= new Set()), title = new RegExp(pattern);
    for (const e of document.querySelectorAll('[data-testid="stMarkdownContainer"] strong'))
        if (title.test(e.textContent)) seen.add(e.textContent);
    for (const e of document.querySelectorAll('[data-testid="stAlert"]'))
        if (e.textContent.includes(failed)) window.failed = true;
    return seen.size >= wanted;
}"""
# Over ``frames`` animation frames, how often the middle of the plot (the points on it) was blank: white or
# transparent there means no regions were drawn. Read from the canvas: a screenshot takes a second a look.
BLANK_FRAMES = """async ([chart, frames]) => {
    let blank = 0;
    for (let i = 0; i < frames; i++) {
        await new Promise(requestAnimationFrame);
        const canvas = chart.querySelector('canvas');
        if (!canvas?.width) { blank++; continue; }
        const [w, h] = [canvas.width, canvas.height];
        const d = canvas.getContext('2d').getImageData(0.3 * w, 0.2 * h, 0.4 * w, 0.4 * h).data;
        let white = 0;
        for (let k = 0; k < d.length; k += 4)
            white += d[k + 3] === 0 || 0.299 * d[k] + 0.587 * d[k + 1] + 0.114 * d[k + 2] > 245;
        blank += white > 0.6 * (d.length / 4);
    }
    return blank;
}"""
TITLE = "^" + re.escape(TEXT["map_title"]).replace(re.escape("{epoch}"), r"\d+") + "$"


def test_training_redraws_the_picture_again_and_again_and_pause_holds(reader: Page, app_url: str):
    reader.goto(f"{app_url}/neural_networks?lang=en&nn_data=spiral&nn_layers=3")
    settle(reader)
    title = reader.get_by_text(re.compile(TEXT["map_title"].replace("{epoch}", r"\d+")))
    reader.evaluate("() => { window.epochsSeen = new Set(); }")
    reader.get_by_role("button", name=TEXT["start"], exact=True).click()
    # Twelve pictures, epoch 0 among them: the picture changes on its own, again and again (about 10 a
    # second on an idle 2-core machine, which benchmarks/ measures; a test asks only that it moves). A run
    # of the playground's own draws ten, each over the last: the twelve take two, and none of their
    # pictures failed (its widgets drawn again in one run, which Streamlit refuses unless told).
    reader.wait_for_function(EPOCHS_SEEN, arg=[TITLE, 12, FAILED])
    assert not reader.evaluate("window.failed")
    pause_holds(reader, title)
    # A Pause that lands while a training step is in flight used to be undone about half the
    # time; a few more rounds make such a race show.
    for _ in range(3):
        paused = title.text_content()
        reader.get_by_role("button", name=TEXT["start"], exact=True).click()
        expect(reader.get_by_role("button", name=TEXT["pause"], exact=True)).to_be_visible(timeout=30_000)
        expect(title).not_to_have_text(paused, timeout=30_000)  # it trains again before the Pause
        pause_holds(reader, title)
    assert reader.locator('[data-testid="stException"]').count() == 0


def pause_holds(reader: Page, title: Locator) -> None:
    reader.get_by_role("button", name=TEXT["pause"], exact=True).click()
    # The click waits for the training step in flight, longer on a busy machine; then Start is back.
    expect(reader.get_by_role("button", name=TEXT["start"], exact=True)).to_be_visible(timeout=30_000)
    settle(reader)
    paused = title.text_content()
    # A fixed wait, on purpose: what is tested is that nothing happens (no picture after the Pause).
    reader.wait_for_timeout(1000)
    assert title.text_content() == paused
    assert reader.get_by_role("button", name=TEXT["start"], exact=True).is_visible()


def test_the_decision_regions_stay_drawn_while_it_trains(reader: Page, app_url: str):
    reader.goto(f"{app_url}/neural_networks?lang=en&nn_data=spiral&nn_layers=3")
    settle(reader)
    title = reader.get_by_text(re.compile(TEXT["map_title"].replace("{epoch}", r"\d+")))
    chart = reader.locator('[data-testid="stColumn"]').filter(has=title).last.locator('[data-testid="stVegaLiteChart"]')
    reader.get_by_role("button", name=TEXT["start"], exact=True).click()
    expect(reader.get_by_role("button", name=TEXT["pause"], exact=True)).to_be_visible(timeout=30_000)
    # A hundred epochs or more, so that the regions are coloured (an untrained network is unsure everywhere).
    expect(title).to_have_text(re.compile(TEXT["map_title"].replace("{epoch}", r"[1-9]\d{2,}")), timeout=60_000)
    # Sixty looks, one an animation frame, at the canvas itself: the plot is never blank between pictures.
    blank = reader.evaluate(BLANK_FRAMES, [chart.element_handle(), 60])
    # A picture swapped for a new one left the plot blank between frames (about half the time).
    assert blank == 0  # no Pause to end with: training may have reached its last epoch and stopped by itself


def test_new_data_mid_training_starts_afresh_and_the_timer_stops(reader: Page, app_url: str):
    messages = []
    reader.on("websocket", lambda ws: ws.on("framereceived", lambda frame: messages.append(frame)))
    reader.goto(f"{app_url}/neural_networks?lang=en&nn_data=spiral&nn_layers=3")
    settle(reader)
    reader.get_by_role("button", name=TEXT["start"], exact=True).click()
    expect(reader.get_by_role("button", name=TEXT["pause"], exact=True)).to_be_visible(timeout=30_000)
    title = reader.get_by_text(re.compile(TEXT["map_title"].replace("{epoch}", r"\d+")))
    expect(title).not_to_have_text(TEXT["map_title"].format(epoch=0), timeout=30_000)  # training is under way
    reader.locator('.st-key-nn_noise input[type="range"]').focus()
    reader.keyboard.press("ArrowRight")
    expect(reader.get_by_text(TEXT["map_title"].format(epoch=0))).to_be_visible(timeout=30_000)
    expect(reader.get_by_role("button", name=TEXT["start"], exact=True)).to_be_visible()
    settle(reader)
    # A tick the browser sent before it read the stop may still be answered once (on a loaded machine, after the
    # page looked settled); a timer left ticking would rerun the playground ten times a second, for nothing.
    for _ in range(20):
        before = len(messages)
        reader.wait_for_timeout(1500)  # on purpose: what is tested is that no message comes
        if len(messages) == before:
            break
    assert len(messages) == before, "messages kept coming: the timer still ticks"


# The picture of a keyed chart: the unit maps (nn_pick) or the weights (nn_edges).
PICTURE = """document.querySelector('.st-key-{} canvas')?.toDataURL() ?? null"""


def test_the_units_inside_redraw_while_it_trains_and_a_click_shows_one_large(reader: Page, app_url: str):
    reader.emulate_media(color_scheme="dark")  # the regions' picture painted for the dark theme's background
    reader.goto(f"{app_url}/neural_networks?lang=en&demo=play&nn_layers=2&nn_units=3")
    settle(reader)
    ground = reader.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert ground == "rgb({}, {}, {})".format(*raster.rgb([raster.BACKGROUNDS["dark"]])[0])
    regions = reader.locator('[data-testid="stVegaLiteChart"] canvas').first
    expect(regions).to_be_visible()
    pixels = np.asarray(Image.open(io.BytesIO(regions.screenshot())).convert("RGB")).astype(int)
    h, w, _ = pixels.shape
    middle = pixels[int(0.2 * h) : int(0.6 * h), int(0.3 * w) : int(0.7 * w)]
    # An untrained network is unsure everywhere: its regions are faint, the dark picture close to the ground (the
    # light one would be near white there). Points are drawn on top, in colour.
    assert np.median(np.abs(middle - raster.rgb([raster.BACKGROUNDS["dark"]])[0]).max(axis=2)) < 40
    canvas = reader.locator(".st-key-nn_pick canvas")  # the unit maps: a click selects one
    expect(canvas).to_be_visible()
    expect(reader.locator(".st-key-nn_edges canvas")).to_be_visible()
    pictures = {name: PICTURE.format(name) for name in ("nn_pick", "nn_edges")}
    for name, picture in pictures.items():
        reader.wait_for_function(f"() => {{ window['{name}'] = {picture}; return window['{name}'] !== null; }}")
    reader.get_by_role("button", name=TEXT["start"], exact=True).click()
    for name, picture in pictures.items():  # a new picture of each, drawn
        reader.wait_for_function(f"() => {picture} !== window['{name}']", timeout=60_000)
    reader.get_by_role("button", name=TEXT["pause"], exact=True).click()
    expect(reader.get_by_role("button", name=TEXT["start"], exact=True)).to_be_visible(timeout=30_000)
    settle(reader)
    # Layer 2's third map: 24 cells and 3 of gap a map, 4 pixels a cell, under a 4-cell header; 5 and 10 px padding.
    canvas.click(position={"x": 5 + 4 * (27 + 12), "y": 10 + 4 * (4 + 2 * 27 + 12)})
    expect(reader).to_have_url(re.compile(r"nn_unit=2-3"), timeout=30_000)
    expect(reader.locator(".katex annotation").last).to_contain_text("h_{2,3}", timeout=30_000)
    assert reader.locator('[data-testid="stException"]').count() == 0
