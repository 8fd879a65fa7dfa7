"""The ten principles: which branch of mathematics, which page, what they build on.

A principle is on the map from the start; it gets a link and a place in the
navigation as soon as its page file exists, so a new page needs one file and
its locale section, nothing else.
"""

from __future__ import annotations

import ast
import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = "pages/11_glossary.py"  # not a principle: a page of its own, in its own section of the navigation


def url_of(file: str) -> str:
    """The path in the address bar, /tensor_operations: the name Streamlit derives from the file.

    On a server's first request Streamlit resolves the path against the files in pages/
    before the navigation exists; any other path would open under "Page not found".
    """
    return re.sub(r"^\d+_", "", Path(file).stem)


@dataclass(frozen=True)
class Principle:
    """One of the ten principles: its locale section, place on the map, and page file."""

    key: str  # the locale section and the widget-key prefix family
    number: int
    branch: str
    file: str  # relative to Home.py: pages/02_tensor_operations.py
    icon: str
    builds_on: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The path in the address bar (see :func:`url_of`)."""
        return url_of(self.file)

    @property
    def built(self) -> bool:
        """Whether its page file exists yet."""
        return (ROOT / self.file).is_file()


BRANCHES = ("linear_algebra", "probability", "calculus", "approximation", "evaluation")

PRINCIPLES = (
    Principle("linear_maps", 1, "linear_algebra", "pages/01_linear_maps.py", ":material/grid_on:"),
    Principle(
        "tensors", 2, "linear_algebra", "pages/02_tensor_operations.py", ":material/view_in_ar:", ("linear_maps",)
    ),
    Principle(
        "eigen_pca", 3, "linear_algebra", "pages/03_eigen_svd_pca.py", ":material/scatter_plot:", ("linear_maps",)
    ),
    Principle("probability", 4, "probability", "pages/04_probability_distributions.py", ":material/casino:"),
    Principle("inference", 5, "probability", "pages/05_hypothesis_testing.py", ":material/science:", ("probability",)),
    Principle(
        "information", 6, "probability", "pages/06_information_decision.py", ":material/compress:", ("probability",)
    ),
    Principle("calculus", 7, "calculus", "pages/07_calculus_backprop.py", ":material/functions:", ("linear_maps",)),
    Principle("optimisation", 8, "calculus", "pages/08_gradient_descent.py", ":material/trending_down:", ("calculus",)),
    Principle(
        "neural_networks",
        9,
        "approximation",
        "pages/09_neural_networks.py",
        ":material/hub:",
        ("linear_maps", "calculus", "optimisation"),
    ),
    Principle(
        "generalisation",
        10,
        "evaluation",
        "pages/10_regularisation_evaluation.py",
        ":material/rule:",
        ("probability", "inference", "neural_networks"),
    ),
)

BY_KEY = {p.key: p for p in PRINCIPLES}


def demo_ids(file: str) -> tuple[str, ...]:
    """The ids of a page's demos in the order the lesson shows them, read from its ``@demo("id")`` decorators.

    Read from the source, so nothing asks another page to run or be imported (tests/test_demos.py checks the
    order against the page as drawn). Parsed once per version of the file: see :func:`_read_demo_ids`.
    """
    with _PARSING:
        return _read_demo_ids(file, (ROOT / file).stat().st_mtime_ns)


# CPython 3.11 keeps the AST constructor's recursion depth in state shared by every thread, and two threads
# parsing at once can fail with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905).
# Every reader's session is a thread, and lecture mode asks for every page's ids on every slide: it failed so
# under load (tests/e2e/soak.sh). Each version of a file is parsed once, by one thread at a time.
_PARSING = threading.Lock()


@functools.lru_cache(maxsize=64)
def _read_demo_ids(file: str, modified: int) -> tuple[str, ...]:
    ids = []
    for node in ast.walk(ast.parse((ROOT / file).read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "demo":
                    ids.append(decorator.args[0].value)
    return tuple(ids)
