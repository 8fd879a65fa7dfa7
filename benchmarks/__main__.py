"""Time every page against a bare Streamlit page, and mathdl against scikit-learn.

For Home and every built page: the first render and the median rerun after moving
a widget under AppTest, each as a ratio to a bare page with one slider and one
200-point Altair chart timed the same way, and the bytes of chart specs and data a
reader's browser receives; in headless Chromium, the rerun after each widget change
and a click in the navigation, against the bare page served the same way
(benchmarks/browser.py). Then mathdl's heavier routines against scikit-learn's on the
same input. Then the figures a reader drags, updates a second (benchmarks/drag.py). Then a class:
N readers opening each page at once over the websocket protocol, and
two replicas behind nginx against one (benchmarks/classroom.py); and a click in the navigation,
first chart and settled, on a fresh server and warm (benchmarks/navigation.py). Then axe-core's
accessibility audit of every page in both themes (benchmarks/accessibility.py). Prints Markdown
tables and, when every section ran, writes them to benchmarks/results.md.

    python -m benchmarks                       # everything, about ten minutes
    python -m benchmarks --only browser        # sections: apptest, browser, mathdl, playground, drag,
                                               # stepping, memory, class, navigation, a11y
    python -m benchmarks --only class --readers 20
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import keep_apptest_in_router_mode  # noqa: E402
from ui.catalog import PRINCIPLES  # noqa: E402

keep_apptest_in_router_mode()

REPEATS = 7
BARE_PAGE = """
import altair as alt, numpy as np, pandas as pd, streamlit as st
k = st.slider("k", 1, 10, 3, key="k")
x = np.linspace(0, 1, 200)
st.altair_chart(alt.Chart(pd.DataFrame({"x": x, "y": np.sin(k * x)})).mark_line().encode(x="x", y="y"))
"""


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
    sliders = [
        (s.key, s.value, s.value + s.step if s.value + s.step <= s.max else s.value - s.step)
        for s in at.main.slider
        if not s.disabled
    ]
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

    from mathdl import datasets, mlp, training

    X, y = datasets.toy_set("moons", 1000, 0.2, np.random.default_rng(0))
    ours = best_of(
        lambda: training.train(
            mlp.init_network((2, 16, 16, 2), "relu", np.random.default_rng(0)),
            X,
            y,
            np.random.default_rng(0),
            epochs=200,
            lr=1e-3,
            batch_size=32,
        )
    )
    reference = MLPClassifier((16, 16), batch_size=32, max_iter=200, tol=0, n_iter_no_change=10**9, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = best_of(lambda: reference.fit(X, y))
    return versus("MLP training: moons, 1,000 points, layers 16-16, 200 epochs, batch 32, Adam", ours, theirs)


def cnn_rows() -> list[str]:
    """Page 9's CNN against an MLPClassifier with as many parameters: one epoch, same digits, batch, Adam, η.

    Then what each reads right of the 360 held-out digits after the CNN's twenty epochs.
    """
    import warnings

    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    from mathdl import cnn, cnn_training, datasets, training

    images, labels = datasets.digits()
    rng = np.random.default_rng(0)  # the page's defaults: seed 0, 8 kernels of 3 × 3, 2 × 2 max pooling
    X_train, X_test, y_train, y_test = training.train_test_split(images / 16, labels, 0.2, rng)
    net = cnn.init_convnet(rng)
    count = cnn_training.parameters(net).size  # 1,370
    hidden = round((count - 10) / 75)  # 64·h + h + 10·h + 10 weights and biases: 18 units, 1,360
    ours = best_of(lambda: cnn_training.train(net, X_train, y_train, rng, lr=0.01, batch_size=32), repeats=15)
    flat_train, flat_test = X_train.reshape(len(X_train), -1), X_test.reshape(len(X_test), -1)
    reference = MLPClassifier((hidden,), learning_rate_init=0.01, batch_size=32, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = best_of(lambda: reference.fit(flat_train, y_train), repeats=15)
        fit = cnn_training.train(net, X_train, y_train, rng, epochs=20, lr=0.01, batch_size=32)
        reference.set_params(max_iter=20).fit(flat_train, y_train)
    task = (
        f"CNN, one epoch: 1,437 digits, 8 kernels 3 × 3, max pooling, batch 32, Adam ({count:,} parameters), "
        f"against an MLP of {hidden} hidden units ({64 * hidden + hidden + 10 * hidden + 10:,})"
    )
    held_out = float(np.mean(cnn.predict(fit.net, X_test) == y_test))
    return [
        versus(task, ours, theirs, within=2),
        "",
        f"Page 9's CNN at its defaults reads {held_out:.1%} of the 360 held-out digits after 20 epochs; "
        f"the MLP of {hidden} hidden units, {reference.score(flat_test, y_test):.1%}.",
    ]


def versus(task: str, ours: float, theirs: float, within: float | None = None, difference: str = "—") -> str:
    """A table row: both times, how many times faster or slower mathdl is, and whether it is within its target."""
    factor, word = (theirs / ours, "faster") if ours <= theirs else (ours / theirs, "slower")
    ratio = f"{factor:.{1 if factor < 10 else 0}f}× {word}"
    target = "—" if within is None else f"within {within}× {'✓' if ours <= within * theirs else '✗'}"
    return f"| {task} | {fmt(ours)} | {fmt(theirs)} | {ratio} | {target} | {difference} |"


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds:.2f} s"


def pca_rows() -> list[str]:
    """mathdl's PCA against scikit-learn's PCA(k).fit_transform, every component, best of several."""
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA

    from mathdl import decomposition

    rng = np.random.default_rng(0)
    inputs = {
        "digits (1,797 × 64)": load_digits().data,
        "100,000 × 50, correlated columns": rng.standard_normal((100_000, 50)) @ rng.standard_normal((50, 50)),
    }
    rows = []
    for name, X in inputs.items():
        k = X.shape[1]
        # Milliseconds on the digits: many tries, taking turns, so a busy moment does not decide.
        tries = [
            (timed(lambda X=X, k=k: decomposition.pca(X, k)), timed(lambda X=X, k=k: PCA(k).fit_transform(X)))
            for _ in range(25)
        ]
        ours, theirs = (min(t) for t in zip(*tries, strict=True))
        # The same problem solved: the variances along the components agree (as a share of the total).
        gap = (
            np.abs(decomposition.pca(X, k).explained_variance - PCA(k).fit(X).explained_variance_).max()
            / X.var(axis=0, ddof=1).sum()
        )
        rows.append(versus(f"PCA, all {k} components: {name}", ours, theirs, 1.2, f"{gap:.0e} of the variance"))
    return rows


def path_rows() -> list[str]:
    """Ridge and lasso coefficient paths on page 10's grids against scikit-learn solving the same problems.

    mathdl's ridge is sklearn's Ridge (same α); its lasso is sklearn's Lasso, which lasso_path
    solves without an intercept, so it gets centred data (as tests/test_penalties.py does).
    """
    import warnings

    import numpy as np
    from sklearn.linear_model import Ridge, lasso_path

    from mathdl import datasets, penalties

    X, y, _ = datasets.diabetes(scale_target=False)  # what page 10 uses
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    # pages/10_regularisation_evaluation.py: logspace(*RIDGE_RANGE, 31) and logspace(*LASSO_RANGE, 41), largest first
    # because lasso_path sorts them so.
    ridge_alphas, lasso_alphas = np.logspace(5.0, -1.0, 31), np.logspace(2.0, -2.0, 41)
    rows = []
    ours = best_of(lambda: penalties.regularization_path(X, y, ridge_alphas, "l2"), 5)
    theirs = best_of(lambda: [Ridge(alpha=a).fit(X, y) for a in ridge_alphas], 5)
    reference = [Ridge(alpha=a).fit(X, y).coef_ for a in ridge_alphas]
    gap = np.abs(penalties.regularization_path(X, y, ridge_alphas, "l2").coefs - reference).max()
    rows.append(
        versus(
            "Ridge path: diabetes (442 × 10), page 10's 31 α, against a loop of Ridge fits",
            ours,
            theirs,
            difference=f"{gap:.0e}",
        )
    )
    ours = best_of(lambda: penalties.regularization_path(X, y, lasso_alphas, "l1"), 5)
    path = penalties.regularization_path(X, y, lasso_alphas, "l1").coefs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at the tight tolerance
        for tol, how in ((1e-4, "its default tolerance"), (1e-14, "tol=1e-14, as the tests compare")):
            fit = lambda tol=tol: lasso_path(Xc, yc, alphas=lasso_alphas, tol=tol, max_iter=1_000_000)
            theirs = best_of(fit, 5)
            gap = np.abs(path - fit()[1].T).max()
            rows.append(
                versus(
                    f"Lasso path: diabetes, page 10's 41 α, against lasso_path at {how}",
                    ours,
                    theirs,
                    difference=f"{gap:.0e}",
                )
            )
    return rows


def playground_rate() -> str:
    """Pictures per second of page 9's playground while it trains, in headless Chromium: on its lesson and alone."""
    from benchmarks.browser import chromium
    from tests.e2e.conftest import serve

    with serve() as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        rates = [pictures_a_second(page, f"{url}/neural_networks?lang=en&nn_data=spiral&nn_layers=3{alone}")
                 for alone in ("", "&demo=play")]  # fmt: skip
    return (
        f"Page 9's playground, training in Chromium: {rates[0]:.1f} pictures a second on its lesson page, "
        f"{rates[1]:.1f} opened alone (`?demo=play`, as lecture mode shows it); 10 epochs each, target ≥ 8."
    )


# Notes the time each epoch title above the decision regions is first seen at one of the browser's painted
# frames; the times are read once at the end. Polling from Playwright runs its text search over the whole
# page 50 times a second on the same thread that draws it, which cost a lesson page about one picture a
# second of the ones it measured.
WATCH_PICTURES = """(title) => {
    window.__pictures = new Map();
    let node = null;
    const find = () => [...document.querySelectorAll("[data-testid=stMarkdownContainer] strong")]
        .find(el => el.textContent.startsWith(title));
    const look = (now) => {
        if (!node || !node.isConnected) node = find();
        if (node && !window.__pictures.has(node.textContent)) window.__pictures.set(node.textContent, now);
        if (!window.__seen) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
}"""


def pictures_a_second(page, address: str, seconds: float = 4, windows: int = 3) -> float:
    """New epoch counts above the decision regions a second: the median of ``windows`` spans of ``seconds``.

    A median, as the machine's other work makes a single span's rate vary by about ±10%. The spans
    together stay under the 20 s the playground trains before it stops by itself (PLAY_MAX epochs).
    """
    from playwright.sync_api import expect

    page.goto(address)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    title = page.get_by_text("Decision regions after", exact=False)
    first = title.text_content()
    page.get_by_role("button", name="Train", exact=True).click()
    expect(title).not_to_have_text(first, timeout=30_000)
    start = page.evaluate("performance.now()")
    page.evaluate(WATCH_PICTURES, "Decision regions after")
    page.wait_for_timeout(windows * seconds * 1000)
    seen = page.evaluate("window.__seen = true; [...window.__pictures.values()]")[1:]  # not the one on screen
    ends = [start + k * seconds * 1000 for k in range(windows + 1)]
    return statistics.median(sum(a <= s < b for s in seen) for a, b in itertools.pairwise(ends)) / seconds


def apptest_rows() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_PAGE)
        bare = measure(None, str(bare_script))
    targets = {"Home": None} | {f"{p.number}. {p.key}": p.file for p in PRINCIPLES if p.built}
    rows = [
        "| page (AppTest: the whole page reruns) | first render | × bare "
        "| rerun after a widget change | × bare | chart payload |",
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
    return rows


def browser_rows() -> list[str]:
    from benchmarks import browser

    return browser.tables(BARE_PAGE)


def mathdl_rows() -> list[str]:
    return [
        "| mathdl against scikit-learn, same input, best of several | mathdl | scikit-learn | ratio | target "
        "| largest difference |",
        "|---|---:|---:|---:|---:|---:|",
        mlp_row(),
        *pca_rows(),
        *path_rows(),
        *cnn_rows(),
        "",
        csv_pca_row(),
    ]


def memory_rows() -> list[str]:
    """The server's resident memory: fresh, after one reader's tour of every page, and over 500 slider states.

    The 500 distinct slider states are on the heaviest page, moved by the load test's readers
    (tests/e2e/test_load.py).
    """
    import random

    from tests.e2e.conftest import serve
    from tests.e2e.test_load import HEAVIEST, distinct_states
    from tests.e2e.websocket_reader import WebsocketReader

    with serve(warm=False) as url, WebsocketReader(url) as reader:
        fresh = url.rss_mb()
        reader.open()
        for path in [p for p in reader.pages if p]:
            reader.open(path)
        toured = url.rss_mb()
        page = reader.open(HEAVIEST)
        for slider in page.sliders.values():
            reader.move(slider, slider.value)
        before = url.rss_mb()
        for slider, value in distinct_states(page.sliders, 500, random.Random(0)):
            reader.move(slider, value)
        after = url.rss_mb()
    grown = after - before
    return [
        "| server memory (resident) | MB |",
        "|---|---:|",
        f"| a fresh `streamlit run Home.py` | {fresh:.0f} |",
        f"| after one reader's tour of every page | {toured:.0f} |",
        f"| growth over 500 distinct slider states on /{HEAVIEST} (target ≤ 50) "
        f"| {grown:+.0f} {'✓' if grown <= 50 else '✗'} |",
    ]


SECTIONS = {
    "apptest": apptest_rows,
    "browser": browser_rows,
    "mathdl": mathdl_rows,
    "playground": lambda: [playground_rate()],
    "drag": lambda: drag_rows(),
    "stepping": lambda: stepping_rows(),
    "memory": memory_rows,
    "class": lambda: class_rows(BARE_PAGE),
    "navigation": lambda: navigation_rows(BARE_PAGE),
    "a11y": lambda: a11y_rows(),
}


def drag_rows() -> list[str]:
    from benchmarks import drag

    return drag.drag_rows()


def stepping_rows() -> list[str]:
    from benchmarks import stepping

    return stepping.stepping_rows()


def class_rows(bare_page: str) -> list[str]:
    from benchmarks import classroom

    return classroom.class_rows(bare_page)


def navigation_rows(bare_page: str) -> list[str]:
    from benchmarks import navigation

    return navigation.navigation_rows(bare_page)


def a11y_rows() -> list[str]:
    from benchmarks import accessibility

    return accessibility.a11y_rows()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="run only these sections")
    parser.add_argument("--readers", type=int, default=50, help="the class: readers opening a page at once")
    args = parser.parse_args()
    chosen = args.only
    from benchmarks import classroom

    classroom.READERS = args.readers
    tables = []
    for name in SECTIONS:
        if name in chosen:
            start = time.perf_counter()
            tables.append("\n".join(SECTIONS[name]()))
            print(f"{tables[-1]}\n({name}: {time.perf_counter() - start:.0f} s)\n", flush=True)
    if set(chosen) == set(SECTIONS):  # a partial run must not overwrite the full record
        (Path(__file__).parent / "results.md").write_text("\n\n".join(tables) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
