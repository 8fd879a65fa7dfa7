"""Where a widget's rerun spends its time: cProfile around the demo that holds the widget.

    python -m benchmarks.hotspots 10 gen_lasso_alpha          # one step up (or down at its end)
    python -m benchmarks.hotspots 8 sch_epochs 60             # or to a given value

The keys are those `python -m benchmarks --only browser` names as the slowest widgets. In the
browser a widget reruns only its own demo (each demo is an st.fragment); AppTest reruns the whole
page, so only the demo whose source holds the widget's key is profiled (the whole script if none does).
"""

from __future__ import annotations

import ast
import cProfile
import gc
import io
import pstats
import sys
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import ui.demo  # noqa: E402
from ui.catalog import PRINCIPLES  # noqa: E402

KINDS = ("slider", "select_slider", "checkbox", "toggle", "radio", "selectbox")


def demo_of(file: Path, key: str) -> str | None:
    """The demo (its function's name) whose source makes the widget.

    It holds the key, or else the f-string with the longest start like it (key=f"ev_x{k}"). Only
    demos count: a callback may name the key too. A widget made by a helper the demo calls is
    found through the helper's name in the demo.
    """
    tree = ast.parse(file.read_text(encoding="utf-8"))
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    demos = {
        name for name, node in functions.items() if any(ast.unparse(d).startswith("demo(") for d in node.decorator_list)
    }

    def match(node: ast.AST, seen: frozenset[str] = frozenset()) -> int:
        """How much of the key the function (or a helper it calls) spells out: all, or an f-string's start."""
        best = 0
        for c in ast.walk(node):
            if isinstance(c, ast.Constant) and c.value == key:
                return len(key) + 1
            if (
                isinstance(c, ast.JoinedStr)
                and c.values
                and isinstance(c.values[0], ast.Constant)
                and key.startswith(c.values[0].value)
            ):
                best = max(best, len(c.values[0].value))
            if isinstance(c, ast.Name) and c.id in functions and c.id not in seen | {node.name}:
                best = max(best, match(functions[c.id], seen | {node.name}))
        return best

    scores = {name: match(functions[name]) for name in demos}
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] else None


def find(at: AppTest, key: str):
    for kind in KINDS:
        try:
            return getattr(at.main, kind)(key=key)
        except KeyError:
            continue
    raise SystemExit(f"no widget with key {key!r} in the page body")


def move(widget, value: str | None) -> None:
    """Set the widget to value, or one step from where it is, as an arrow key or a space would."""
    if value is not None:
        widget.set_value(type(widget.value)(value))
    elif widget.type in ("checkbox", "toggle"):
        widget.set_value(not widget.value)
    elif hasattr(widget, "step"):
        up = widget.value + widget.step
        widget.set_value(up if up <= widget.max else widget.value - widget.step)
    else:
        options = list(widget.options)
        widget.set_value(options[(options.index(widget.value) + 1) % len(options)])


def profile(number: int, key: str, value: str | None = None, lines: int = 30) -> str:
    page = next(p for p in PRINCIPLES if p.number == number)
    demo = demo_of(ROOT / page.file, key)
    profiler, run_demo = cProfile.Profile(), ui.demo._run
    active = False

    def profiled_demo(page: str, unit: ui.demo.Demo, alone: bool) -> None:
        """ui.demo's run of one demo, profiled while `active` when it is the demo that holds the widget."""
        if active and unit.render.__name__ == demo:
            profiler.enable()
        try:
            run_demo(page, unit, alone)
        finally:
            profiler.disable()

    def profiled_script(runner, *args, **kwargs):
        """The whole script, when no fragment holds the key: in AppTest's own thread."""
        if active:
            profiler.enable()
        try:
            return script(runner, *args, **kwargs)
        finally:
            profiler.disable()

    # A collection stops every thread and lands in the profile on whatever allocated last
    # (a ravel, an astype), so it is timed on its own. A server also runs gc.collect(2) after
    # every rerun (runner.postScriptGC), which holds up the rerun's last message; AppTest does
    # not, so that one is timed by hand on the same heap.
    collections: list[tuple[int, float]] = []
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if active and phase == "start":
            started[0] = time.perf_counter()
        elif active:
            collections.append((info["generation"], time.perf_counter() - started[0]))

    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=120)
    script = ScriptRunner._run_script
    ui.demo._run = profiled_demo  # ui.demo.show looks _run up each time it draws a demo
    if demo is None:
        ScriptRunner._run_script = profiled_script
    gc.callbacks.append(on_gc)
    try:
        at.run()
        at.switch_page(page.file).run()
        at.run()  # every cache filled, as for a reader who has been on the page a while
        move(find(at, key), value)
        active = True
        at.run()
    finally:
        ui.demo._run, ScriptRunner._run_script = run_demo, script
        gc.callbacks.remove(on_gc)
    start = time.perf_counter()
    gc.collect(2)
    post_script = time.perf_counter() - start
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    full = [ms for generation, ms in collections if generation == 2]
    print(
        f"# page {number}: {key} moved, {demo or 'no fragment found'} rerun\n"
        f"# garbage collection in the whole rerun: {sum(ms for _, ms in collections) * 1000:.0f} ms in "
        f"{len(collections)} collections, {sum(full) * 1000:.0f} ms of it in {len(full)} full ones;\n"
        f"# a server's gc.collect(2) after the rerun: {post_script * 1000:.0f} ms\n",
        file=out,
    )
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines // 2)
    return out.getvalue()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    print(profile(int(sys.argv[1]), sys.argv[2], *sys.argv[3:]))
