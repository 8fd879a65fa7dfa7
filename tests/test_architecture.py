"""The house rules of DESIGN.md, checked on the code itself: pages hold no charts and no maths, no page
imports another, mathdl modules stay small and keep their private names to themselves, and every
page is built from demos."""

import ast
import itertools
import pathlib
import re

import pytest

from tests.helpers import BUILT, ROOT, demo_ids
from ui.i18n import LANGUAGES, catalog

PAGES = sorted((ROOT / "pages").glob("*.py"))
MATHDL = sorted((ROOT / "mathdl").glob("*.py"))
FIGURES = sorted(p for p in (ROOT / "ui" / "figures").glob("*.py") if p.stem != "__init__")


def imported(path: pathlib.Path) -> set[str]:
    """Every module a file imports, by its full dotted name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_draws_no_chart_and_builds_no_table_itself(path):
    """Charts are named functions in ui/figures; tidy tables for them are built there too."""
    assert not {name.split(".")[0] for name in imported(path)} & {"altair", "pandas"}


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.name)
def test_every_figures_module_has_its_own_tests(path):
    tests = ROOT / "tests" / f"test_figures_{path.stem}.py"
    assert tests.exists() and f"ui.figures import {path.stem}" in tests.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_never_imports_another_page(path):
    assert not any(name.split(".")[0] == "pages" for name in imported(path))


@pytest.mark.parametrize("principle", BUILT, ids=lambda p: p.key)
def test_every_page_is_built_from_demos_each_named_in_both_languages(principle):
    ids = demo_ids(principle.file)
    assert ids and len(ids) == len(set(ids))
    for lang in LANGUAGES:
        for demo_id in ids:
            assert catalog(lang)[principle.key][demo_id]["title"], (lang, demo_id)


def test_readers_asking_for_the_demo_ids_at_once_parse_each_page_once(monkeypatch):
    """Concurrent ast.parse calls can fail on CPython 3.11 (ui/catalog.py): the sessions share one parse a file."""
    from concurrent.futures import ThreadPoolExecutor

    from ui import catalog as catalog_module

    parsed, parse = [], ast.parse

    def counted(source, *args, **kwargs):
        parsed.append("@demo(" in source)
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    catalog_module._read_demo_ids.cache_clear()
    files = [p.file for p in BUILT]
    with ThreadPoolExecutor(8) as readers:
        answers = list(readers.map(lambda _: [demo_ids(f) for f in files], range(40)))
    assert sum(parsed) == len(files) and all(a == answers[0] for a in answers)
    catalog_module._read_demo_ids.cache_clear()


@pytest.mark.parametrize("path", MATHDL, ids=lambda p: p.name)
def test_a_mathdl_module_is_short_enough_to_read_in_one_sitting(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 520


@pytest.mark.parametrize("path", [*MATHDL, *PAGES, *sorted((ROOT / "ui").rglob("*.py"))], ids=lambda p: p.name)
def test_no_private_name_crosses_a_module_line(path):
    """A helper that another module needs is public, documented and tested; ``_name`` stays home."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours = {"mathdl", "ui"}
    crossing = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ours
        for alias in node.names
        if alias.name.startswith("_")
    ]
    modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ours
        for alias in node.names
    }
    crossing += [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
    ]
    assert crossing == []


STEPPER_KEYS = ("run", "timer", "k", "speed", "start", "pause", "next", "reset", "step")  # ui/stepper.py's keys
PREDICT_KEYS = ("predict", "guess", "reveal", "asked")  # ui/predict.py's, after the demo's prefix


def session_keys(path: pathlib.Path) -> set[str]:
    """The session-state keys a page names, as regular expressions: widget ``key=`` arguments (an f-string's
    fields match anything; one that starts with a field is left out), its steppers' and questions' keys, and the
    figures it drags (``drag.plane``/``drag.alone``)."""

    def pattern(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return re.escape(node.value)
        if isinstance(node, ast.JoinedStr):
            return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values)
        return None

    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        named = [pattern(k.value) for k in node.keywords if k.arg == "key"]
        callee = getattr(node.func, "attr", getattr(node.func, "id", ""))
        first = [pattern(node.args[0])] if node.args and callee in ("Stepper", "plane", "alone") else []
        if callee == "Stepper" and first[0]:
            first = [f"{first[0]}_{suffix}" for suffix in STEPPER_KEYS]
        if callee == "first" and len(node.args) > 1 and (prefix := pattern(node.args[1])):  # ui.predict.first
            first = [f"{prefix}_{suffix}" for suffix in PREDICT_KEYS]
        keys |= {k for k in named + first if k and not k.startswith(".+")}  # a key made whole elsewhere: unknown here
    return keys


def test_no_two_pages_name_the_same_session_key():
    """Session state and the URL are shared by every page of a session: a key on two pages carries one page's
    value into the other's widget (page 2's convolution step, up to 7,525, once reached page 5's 3 to 20 folds)."""
    keys = {path.name: session_keys(path) for path in PAGES}
    clashes = []
    for a, b in itertools.combinations(keys, 2):
        for x, y in itertools.product(keys[a], keys[b]):
            if x == y or re.fullmatch(x, y.replace("\\", "")) or re.fullmatch(y, x.replace("\\", "")):
                clashes.append((a, x, b, y))
    assert clashes == []
    assert (
        len(keys["08_gradient_descent.py"]) > 20
        and {"conv_k", "opt_predict"} <= keys["08_gradient_descent.py"] | keys["02_tensor_operations.py"]
    )
