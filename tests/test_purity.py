"""mathdl works in a notebook as it is: no streamlit, altair or pandas, no ui code."""

import pathlib
import re
import subprocess
import sys

FORBIDDEN = ("streamlit", "altair", "pandas", "ui", "pages")


def test_mathdl_imports_without_the_ui_stack():
    modules = [f"mathdl.{p.stem}" for p in pathlib.Path("mathdl").glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_eval_or_exec_anywhere():
    sources = [pathlib.Path("Home.py")]
    sources += [p for folder in ("mathdl", "ui", "pages") for p in pathlib.Path(folder).rglob("*.py")]
    offenders = [str(p) for p in sources if re.search(r"\b(eval|exec)\s*\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
