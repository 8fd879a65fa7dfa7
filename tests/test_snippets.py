"""Every demo's "Reproduce in a notebook" code runs in a fresh Python and computes what the demo
computed: at the demo's defaults, and after one of its widgets moved."""

import dataclasses
import pickle
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import DEMOS, ROOT, demo_widgets, extremes, move, open_page


def run_fresh(code: str, names: list[str], tmp_path) -> dict:
    """Run ``code`` in a new interpreter and bring back the values it gave ``names``."""
    out = tmp_path / "values.pickle"
    dump = f"\nimport pickle\npickle.dump({{n: globals()[n] for n in {names!r}}}, open({str(out)!r}, 'wb'))\n"
    subprocess.run([sys.executable, "-c", code + dump], cwd=ROOT, check=True, capture_output=True, timeout=120)
    return pickle.loads(out.read_bytes())


def assert_same(ours, theirs, where: str) -> None:
    """The same numbers (to the last few bits: BLAS may sum in another order) in the same structure."""
    if isinstance(ours, np.random.Generator):
        assert ours.bit_generator.state == theirs.bit_generator.state, where
    elif dataclasses.is_dataclass(ours):
        for field in dataclasses.fields(ours):
            assert_same(getattr(ours, field.name), getattr(theirs, field.name), f"{where}.{field.name}")
    elif isinstance(ours, (tuple, list)):
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), where
        for k in ours:
            assert_same(ours[k], theirs[k], f"{where}[{k!r}]")
    elif isinstance(ours, (np.ndarray, float, int, np.generic)) and not isinstance(ours, bool):
        np.testing.assert_allclose(theirs, ours, rtol=1e-10, atol=1e-300, err_msg=where)
    else:
        assert ours == theirs, where


def check(snippet, tmp_path) -> None:
    theirs = run_fresh(snippet.code(), list(snippet.values), tmp_path)
    for name, value in snippet.values.items():
        assert_same(value, theirs[name], name)


@pytest.mark.parametrize(("principle", "demo_id"), DEMOS, ids=[f"{p.key}-{d}" for p, d in DEMOS])
def test_the_snippet_computes_what_the_demo_computed(principle, demo_id, tmp_path):
    at = open_page(principle.file, demo=demo_id)
    snippet = at.session_state["_snippets"][demo_id]
    check(snippet, tmp_path)
    # Then with one widget moved: the first whose move changes the code. A run makes new widget
    # objects, so each is found again by its key before it is moved.
    for key in [w.key for w in demo_widgets(at)]:
        for value in extremes(next(w for w in demo_widgets(at) if w.key == key)):
            widget = next((w for w in demo_widgets(at) if w.key == key), None)
            if widget is None or widget.disabled or value == widget.value:
                continue
            move(widget, value)
            at.run()
            moved = at.session_state["_snippets"][demo_id]
            if moved.code() != snippet.code():
                check(moved, tmp_path)
                return
    pytest.fail("no widget of this demo changes its snippet")
