"""mathdl works in a notebook as it is, and reader input never reaches eval or exec."""

import ast
import pathlib
import re
import subprocess
import sys

SOURCES = [pathlib.Path("Home.py")] + [p for d in ("mathdl", "ui", "pages") for p in pathlib.Path(d).rglob("*.py")]


def test_mathdl_imports_without_streamlit_altair_or_our_ui():
    modules = [f"mathdl.{p.stem}" for p in pathlib.Path("mathdl").glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'altair', 'ui', 'pages'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mathdl_itself_imports_only_numpy_the_standard_library_and_sklearn_data():
    allowed = {"numpy", "mathdl", "sklearn", "threadpoolctl", "__future__"} | set(
        sys.stdlib_module_names
    )  # threadpoolctl comes with sklearn
    found = set()
    for path in pathlib.Path("mathdl").glob("*.py"):  # the import statements themselves, not words in docstrings
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    assert found <= allowed, found - allowed


def test_no_eval_or_exec_anywhere():
    offenders = [str(p) for p in SOURCES if re.search(r"\b(eval|exec)\s*\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
