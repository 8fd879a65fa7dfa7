"""Frames a second of the stepping demos while they play, in headless Chromium (issue 17: at least 5).

Each demo is opened alone at step 0 with a speed of SPEED steps a second (one step a frame, each
frame asked for 0.05 s after the last: as often as the stepper asks) and played. The page records, at every animation
frame, the step its slider shows; a frame is a new step on screen. The rate is the frames after the
first over the time they took, from the first new step to the last one seen within WINDOW seconds
(or until the demo reached its last step and stopped).
"""

from __future__ import annotations

from tests.e2e.conftest import serve, settle

WINDOW = 5.0  # seconds of play measured at most
TARGET = 5.0  # frames a second (issue 17)
SPEED = 20  # steps a second asked: a frame as often as the stepper allows (0.05 s after the last), one step each
DEMOS = [  # name, page, demo, step prefix, settings that give enough steps to measure
    ("page 8, gradient descent in 1-D", "gradient_descent", "one_d", "gd1", "gd1_steps=40"),
    ("page 8, the optimisers' race", "gradient_descent", "surfaces", "opt_race", "opt_steps=150"),
    ("page 3, power iteration", "eigen_svd_pca", "eigen", "ev", "ev_steps=30"),
    ("page 2, the convolution window", "tensor_operations", "conv", "cv", ""),
    ("page 7, backpropagation node by node", "calculus_backprop", "backprop", "bp", ""),
]
# Installed before Play: every animation frame, note the time whenever the step on screen changes.
WATCH = """prefix => {
    const seen = window.stepsSeen = [];
    const thumb = () => document.querySelector(`.st-key-${prefix}_k [data-testid="stSliderThumbValue"]`);
    const look = () => {
        const k = thumb()?.textContent;
        if (k !== undefined && (seen.length === 0 || seen[seen.length - 1][0] !== k)) seen.push([k, performance.now()]);
        requestAnimationFrame(look);
    };
    look();
}"""


def frame_rate(page, url: str, path: str, demo: str, prefix: str, settings: str) -> tuple[float, int]:
    """Frames a second while the demo plays, and the frames counted."""
    page.goto(f"{url}/{path}?lang=en&demo={demo}&{prefix}_k=0&{prefix}_speed={SPEED}&{settings}")
    settle(page)
    page.evaluate(WATCH, prefix)
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => window.stepsSeen.length >= 2")
    page.wait_for_timeout(WINDOW * 1000)  # the measurement window itself
    seen = page.evaluate("window.stepsSeen")[1:]  # from the first new step on
    if page.get_by_role("button", name="Pause", exact=True).is_visible():
        page.get_by_role("button", name="Pause", exact=True).click()
    seconds = (seen[-1][1] - seen[0][1]) / 1000
    return (len(seen) - 1) / seconds if seconds > 0 else 0.0, len(seen)


def stepping_rows() -> list[str]:
    """One row per stepping demo: its frames a second while playing, against the target."""
    from benchmarks.browser import chromium

    rows = [
        f"| stepping demo, playing in Chromium ({SPEED} steps a second asked) | frames a second | frames counted "
        "| target |",
        "|---|---:|---:|---:|",
    ]
    with serve() as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        for name, path, demo, prefix, settings in DEMOS:
            rate, frames = frame_rate(page, url, path, demo, prefix, settings)
            rows.append(f"| {name} | {rate:.1f} | {frames} | ≥ {TARGET:.0f} {'✓' if rate >= TARGET else '✗'} |")
    return rows
