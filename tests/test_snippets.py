"""Every demo's "Reproduce in a notebook" code runs in a fresh Python and computes what the demo
computed: at the demo's defaults, and after one of its widgets moved."""

import dataclasses
import pickle
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import DEMOS, ROOT, demo_widgets, extremes, move, open_page


def run_fresh(snippets: list, tmp_path) -> list[dict]:
    """Run each snippet's code in a new interpreter, each in a namespace of its own, and bring back its values.

    One interpreter for the demo's two snippets (CI time: starting one and importing numpy and scikit-learn
    costs more than most snippets); an empty namespace still fails a snippet that leans on the other's names.
    """
    out = tmp_path / "values.pickle"
    runs = [(s.code(), list(s.values)) for s in snippets]
    script = (
        "import pickle, sys\n"
        f"runs = {runs!r}\n"
        "values = []\n"
        "for code, names in runs:\n"
        "    scope = {'__name__': '__main__'}\n"
        "    exec(compile(code, '<snippet>', 'exec'), scope)\n"
        "    values.append({n: scope[n] for n in names})\n"
        f"pickle.dump(values, open({str(out)!r}, 'wb'))\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, timeout=240)
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


def check(*snippets, tmp_path) -> None:
    for snippet, theirs in zip(snippets, run_fresh(list(snippets), tmp_path), strict=True):
        for name, value in snippet.values.items():
            assert_same(value, theirs[name], name)


@pytest.mark.parametrize(("principle", "demo_id"), DEMOS, ids=[f"{p.key}-{d}" for p, d in DEMOS])
def test_the_snippet_computes_what_the_demo_computed(principle, demo_id, tmp_path):
    at = open_page(principle.file, demo=demo_id)
    snippet = at.session_state["_snippets"][demo_id]
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
                check(snippet, moved, tmp_path=tmp_path)  # at the defaults, and moved
                return
    pytest.fail("no widget of this demo changes its snippet")
