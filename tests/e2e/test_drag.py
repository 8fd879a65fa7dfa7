"""The five figures a reader takes hold of, in Chromium: real mouse drags and clicks, and the keyboard.

Each test drags (``mouse.down/move/up``) or clicks, waits until the server has answered the last update
the figure sent and the run has ended, and checks the numbers on the page against numpy or scikit-learn
computed from the values the page put in its URL. One tab serves the whole module.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import Locator, Page, expect
from sklearn.metrics import confusion_matrix

from mathdl import classification, surfaces
from tests.e2e.conftest import settle
from ui import drag
from ui.i18n import catalog
from ui.layout import num

pytestmark = pytest.mark.e2e
EN = catalog("en")
# The figure has answered: nothing waits to be sent, and the server has drawn the last update it got.
ANSWERED = """r => r.dataset.pending === '0' && Number(r.dataset.acked) >= Number(r.dataset.sent)"""


def open_demo(tab: Page, url: str, path: str, demo: str) -> None:
    tab.goto(f"{url}/{path}?lang=en&demo={demo}")
    settle(tab)


def query(tab: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def slider(tab: Page, key: str) -> Locator:
    """A slider's thumb, by the slider's key (the figures' handles are sliders to a screen reader too)."""
    return tab.locator(f'.st-key-{key} input[type="range"]')


def plane(tab: Page, key: str) -> Locator:
    root = tab.locator(f".st-key-{key} .drag-root")
    root.locator("[data-handle]").first.wait_for()
    root.scroll_into_view_if_needed()
    return root


def pixel(root: Locator, at: tuple[float, float]) -> tuple[float, float]:
    """Where the data point ``at`` is on the screen."""
    box, m = root.locator("svg").bounding_box(), json.loads(root.get_attribute("data-map"))
    return box["x"] + m["ox"] + at[0] * m["sx"], box["y"] + m["oy"] - at[1] * m["sy"]


def centre(element: Locator) -> tuple[float, float]:
    box = element.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def answered(tab: Page, root: Locator) -> None:
    """Wait until the server has drawn the figure's last update and the run that drew it has ended."""
    tab.wait_for_function(ANSWERED, arg=root.element_handle())
    settle(tab)


def drag_to(tab: Page, root: Locator, handle: str, target: tuple[float, float] | None = None, by=(0, 0)) -> None:
    """Drag a handle by its knob to the data point ``target`` (or ``by`` pixels), in small moves, and let go."""
    x, y = centre(root.locator(f'[data-handle="{handle}"] .knob'))
    to = pixel(root, target) if target else (x + by[0], y + by[1])
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(*to, steps=12)
    tab.mouse.up()
    answered(tab, root)


def test_dragging_x_moves_its_sliders_and_ax_is_a_times_x(tab: Page, app_url: str):
    open_demo(tab, app_url, "linear_maps", "map")
    root = plane(tab, "lm_drag")
    drag_to(tab, root, "x", (-1.5, 2.0))
    x = np.array([float(query(tab)["lm_x1"]), float(query(tab)["lm_x2"])])
    assert np.allclose(x, [-1.5, 2.0], atol=0.15)  # where the mouse let go, to a pixel and the slider's step
    Ax = np.array([[1.2, 0.6], [0.3, 0.9]]) @ x  # the default A
    expect(root.locator('[data-label="x"]')).to_have_text(f"x = ({num(x[0])}, {num(x[1])})")
    expect(root.locator('[data-label="Ax"]')).to_have_text(f"Ax = ({num(Ax[0])}, {num(Ax[1])})")
    expect(slider(tab, "lm_x1")).to_have_value(str(x[0]))
    # The keyboard on the focused handle: up by one step of the slider.
    root.locator('[data-handle="x"]').focus()
    tab.keyboard.press("ArrowUp")
    answered(tab, root)
    assert float(query(tab)["lm_x2"]) == pytest.approx(drag.snap(x[1] + 0.1, -2.5, 2.5, 0.1))
    # And the slider moves the handle.
    slider(tab, "lm_x1").focus()
    tab.keyboard.press("ArrowRight")
    expect(root.locator('[data-handle="x"]')).to_have_attribute("data-x", str(drag.snap(x[0] + 0.1, -2.5, 2.5, 0.1)))


def test_the_eigenvector_hunt_says_so_at_an_eigenvector_with_numpys_eigenvalue(tab: Page, app_url: str):
    open_demo(tab, app_url, "eigen_svd_pca", "eigen")
    root = plane(tab, "ev_drag")
    A = np.array([[2.0, 1.0], [1.0, 2.0]])  # the symmetric preset the demo starts with
    values, vectors = np.linalg.eigh(A)
    drag_to(tab, root, "x", tuple(vectors[:, 1]))  # onto the eigenvector of the larger eigenvalue
    theta = float(query(tab)["ev_theta"])
    x, angle = between(A, theta)
    found = EN["eigen_pca"]["eigen"]["found"].format(angle=num(angle, 2), value=num(values[1]))
    expect(tab.get_by_text(found)).to_be_visible()
    # Turned by the keyboard, two steps of half a degree, and then dragged away: no longer an eigenvector.
    root.locator('[data-handle="x"]').focus()
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("ArrowRight")
    answered(tab, root)
    assert float(query(tab)["ev_theta"]) == pytest.approx((theta + 1.0) % 360)
    drag_to(tab, root, "x", (1.0, 0.0))
    x, angle = between(A, float(query(tab)["ev_theta"]))
    assert angle > 20  # near (1, 0), Ax = (2, 1) is 26.6° off
    not_yet = EN["eigen_pca"]["eigen"]["not_yet"].format(angle=num(angle, 2), stretch=num(x @ A @ x))
    expect(tab.get_by_text(not_yet)).to_be_visible()


def between(A: np.ndarray, degrees: float) -> tuple[np.ndarray, float]:
    """The unit vector at ``degrees`` and the angle, in degrees, between its line and the line of Ax."""
    x = np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])
    return x, float(np.degrees(np.arccos(min(abs(x @ A @ x) / np.linalg.norm(A @ x), 1.0))))


def rss_shown(tab: Page) -> Locator:
    metric = tab.locator('[data-testid="stMetric"]').filter(has_text=EN["linear_maps"]["lstsq"]["rss"])
    return metric.locator('[data-testid="stMetricValue"]')


def numpy_rss(tab: Page) -> tuple[int, str]:
    """How many points the URL holds, and their least-squares line's residual sum of squares, from numpy."""
    points = np.array(drag.decode_points(query(tab)["ls_pts"], ((-1.25, 1.25), (-4.0, 5.0)), 60))
    x, y = points.T
    fitted = np.polyval(np.polyfit(x, y, 1), x)
    return len(points), num(((y - fitted) ** 2).sum())


def test_least_squares_follows_the_points_dragged_added_and_removed(tab: Page, app_url: str):
    open_demo(tab, app_url, "linear_maps", "lstsq")
    root = plane(tab, "ls_drag")
    handles = root.locator("[data-handle]")
    n = handles.count()
    drag_to(tab, root, "p0", by=(0, -90))
    count, rss = numpy_rss(tab)
    assert count == n
    expect(rss_shown(tab)).to_have_text(rss)
    tab.mouse.click(*pixel(root, (0.0, 4.5)))  # empty space, far above the line
    answered(tab, root)
    expect(handles).to_have_count(n + 1)
    count, rss = numpy_rss(tab)
    assert count == n + 1
    expect(rss_shown(tab)).to_have_text(rss)
    knob = root.locator('[data-handle="p0"] .knob')
    tab.mouse.click(*centre(knob))  # chosen
    tab.mouse.click(*centre(knob))  # and removed
    answered(tab, root)
    expect(handles).to_have_count(n)
    count, rss = numpy_rss(tab)
    assert count == n
    expect(rss_shown(tab)).to_have_text(rss)


def test_dragging_the_threshold_gives_scikit_learns_confusion_and_its_cost(tab: Page, app_url: str):
    open_demo(tab, app_url, "information_decision", "decision")
    root = plane(tab, "dec_drag")
    x, y = centre(root.locator('[data-handle="t"] .knob'))
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(pixel(root, (0.3, 0.0))[0], y, steps=12)
    tab.mouse.up()
    answered(tab, root)
    t = float(query(tab)["dec_t"])
    assert t == pytest.approx(0.3, abs=0.03)
    labels, scores = classification.malignant_scores(0)
    (tn, fp), (fn, tp) = confusion_matrix(labels, (scores >= t).astype(int))
    risk = (10.0 * fn + 1.0 * fp) / len(labels)  # the default costs: a miss 10, a false alarm 1
    metric = tab.locator('[data-testid="stMetric"]').filter(has_text=EN["information"]["decision"]["expected_risk"])
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(num(risk, 3))
    expect(slider(tab, "dec_t")).to_have_value(str(t))
    assert tn + fp + fn + tp == len(labels)


def test_a_click_on_the_loss_map_starts_every_optimiser_there(tab: Page, app_url: str):
    open_demo(tab, app_url, "gradient_descent", "surfaces")
    chart = tab.locator(".st-key-opt_pick svg.marks")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    tab.mouse.click(box["x"] + 0.7 * box["width"], box["y"] + 0.3 * box["height"])
    tab.wait_for_function("() => new URL(location.href).searchParams.has('opt_x0')")
    settle(tab)
    start = np.array([float(query(tab)["opt_x0"]), float(query(tab)["opt_y0"])])
    assert start[0] > 0 and start[1] > 0  # right of and above the middle of the quadratic's window
    s = surfaces.surface("quadratic", 10)
    w = start.copy()
    for _ in range(150):  # plain gradient descent, the page's defaults: η = 0.1, 150 steps
        w = w - 0.1 * s.grad(w)
    gap = float(s.f(w) - s.f(np.array(s.minimum)))
    row = tab.locator('[data-testid="stTable"] tr').filter(has_text=EN["optimisation"]["optimizers"]["sgd"]).first
    expect(row).to_contain_text(f"{gap:.3e}")
