"""Time every page against a bare Streamlit page, in the same process, and weigh its charts.

For Home and every built page: the first render and the median rerun after moving
a widget, each as a ratio to a bare page with one slider and one 200-point Altair
chart timed the same way; and the bytes of chart specs and data a reader's browser
receives. Prints a Markdown table and writes it to benchmarks/results.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ui.catalog import PRINCIPLES  # noqa: E402

REPEATS = 7
BARE_PAGE = '''
import altair as alt, numpy as np, pandas as pd, streamlit as st
k = st.slider("k", 1, 10, 3, key="k")
x = np.linspace(0, 1, 200)
st.altair_chart(alt.Chart(pd.DataFrame({"x": x, "y": np.sin(k * x)})).mark_line().encode(x="x", y="y"))
'''


def first_render(file: str | None, script: str) -> tuple[AppTest, float]:
    """A new reader's session; the time of the run that draws the page (Home's run excluded)."""
    at = AppTest.from_file(script, default_timeout=60)
    seconds = timed(at.run)
    if file is not None:
        at.switch_page(file)
        seconds = timed(at.run)
    return at, seconds


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(file: str | None, script: str) -> dict[str, float]:
    """First render (fresh session) and median widget-change rerun, in seconds; chart bytes."""
    first = statistics.median(first_render(file, script)[1] for _ in range(3))
    at, _ = first_render(file, script)
    reruns = []
    # Each slider in turn moves one step up, then back: what a reader's drag does.
    sliders = [(s.key, s.value, s.value + s.step if s.value + s.step <= s.max else s.value - s.step) for s in at.main.slider if not s.disabled]
    for i in range(REPEATS):
        if sliders:
            key, start, step = sliders[(i // 2) % len(sliders)]
            at.main.slider(key=key).set_value(step if i % 2 == 0 else start)
        reruns.append(timed(at.run))
    charts = at.get("vega_lite_chart")
    payload = sum(len(c.proto.spec) + sum(len(d.data.data) for d in c.proto.datasets) for c in charts)
    return {"first": first, "rerun": statistics.median(reruns), "bytes": payload}


def csv_pca_row() -> str:
    """A reader's CSV of 100,000 rows x 50 columns: parse it, then PCA with every component."""
    import io

    import numpy as np

    from mathdl import decomposition
    from ui.upload import read_csv

    rng = np.random.default_rng(0)
    X = rng.standard_normal((100_000, 50)) @ rng.standard_normal((50, 50))
    text = io.StringIO()
    np.savetxt(text, X, delimiter=",", fmt="%.6g", header=",".join(f"c{i}" for i in range(50)), comments="")
    data = text.getvalue().encode()
    start = time.perf_counter()
    table = read_csv(data, max_bytes=len(data))
    parsed = time.perf_counter()
    decomposition.pca(table.X, 50, standardize=True)
    decomposition.reconstruction_errors(table.X, standardize=True)
    done = time.perf_counter()
    return (
        f"A reader's CSV of 100,000 x 50 ({len(data) / 2**20:.0f} MB): parsed in {parsed - start:.2f} s, "
        f"PCA and reconstruction errors in {done - parsed:.2f} s."
    )


def best_of(action, repeats: int = 3) -> float:
    return min(timed(action) for _ in range(repeats))


def mlp_row() -> str:
    """mathdl's MLP against scikit-learn's MLPClassifier: same data, layers, epochs, batch and step size."""
    import warnings

    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    from mathdl import datasets, nn

    X, y = datasets.toy_set("moons", 1000, 0.2, np.random.default_rng(0))
    ours = best_of(lambda: nn.train(nn.init_network((2, 16, 16, 2), "relu", np.random.default_rng(0)), X, y, np.random.default_rng(0), epochs=200, lr=1e-3, batch_size=32))
    reference = MLPClassifier((16, 16), batch_size=32, max_iter=200, tol=0, n_iter_no_change=10**9, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = best_of(lambda: reference.fit(X, y))
    return f"| MLP training: moons, 1,000 points, layers 16-16, 200 epochs, batch 32, Adam | {ours:.2f} s | {theirs:.2f} s | {theirs / ours:.1f}× faster |"


def playground_rate() -> str:
    """Pictures per second of page 9's playground while it trains, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, serve

    with serve() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?lang=en")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.goto(f"{url}/neural-networks?lang=en&nn_data=spiral&nn_layers=3")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        title = page.get_by_text("Decision regions after", exact=False)
        first = title.text_content()
        page.get_by_role("button", name="Train", exact=True).click()
        page.wait_for_function("t => ![...document.querySelectorAll('text')].some(e => e.textContent === t)", arg=first)
        frames, start = {title.text_content()}, time.perf_counter()
        while time.perf_counter() - start < 5:
            frames.add(title.text_content())
            page.wait_for_timeout(20)
        browser.close()
    return f"Page 9's playground, training in Chromium: {len(frames) / 5:.1f} pictures a second (10 epochs each)."


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_PAGE)
        bare = measure(None, str(bare_script))
    targets = {"Home": None} | {f"{p.number}. {p.key}": p.file for p in PRINCIPLES if p.built}
    rows = [
        "| page | first render | × bare | rerun after a widget change | × bare | chart payload |",
        "|---|---:|---:|---:|---:|---:|",
        f"| bare page (1 slider, 200-point chart) | {bare['first'] * 1000:.0f} ms | 1.0 "
        f"| {bare['rerun'] * 1000:.0f} ms | 1.0 | {bare['bytes'] / 1024:.1f} KB |",
    ]
    for name, file in targets.items():
        m = measure(file, str(ROOT / "Home.py"))
        rows.append(
            f"| {name} | {m['first'] * 1000:.0f} ms | {m['first'] / bare['first']:.1f} "
            f"| {m['rerun'] * 1000:.0f} ms | {m['rerun'] / bare['rerun']:.1f} | {m['bytes'] / 1024:.1f} KB |"
        )
    rows += [
        "",
        "| mathdl against scikit-learn, same input | mathdl | scikit-learn | ratio |",
        "|---|---:|---:|---:|",
        mlp_row(),
        "",
        csv_pca_row(),
        "",
        playground_rate(),
    ]
    table = "\n".join(rows)
    print(table)
    (Path(__file__).parent / "results.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
