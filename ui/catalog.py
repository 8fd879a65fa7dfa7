"""The ten principles: which branch of mathematics, which page, what they build on.

A principle is on the map from the start; it gets a link and a place in the
navigation as soon as its page file exists, so a new page needs one file and
its locale section, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Principle:
    key: str  # the locale section and the widget-key prefix family
    number: int
    branch: str
    file: str  # relative to Home.py
    url: str  # the ASCII path in the address bar: /tensor-operations
    icon: str
    builds_on: tuple[str, ...] = ()

    @property
    def built(self) -> bool:
        return (ROOT / self.file).is_file()


BRANCHES = ("linear_algebra", "probability", "calculus", "approximation", "evaluation")

PRINCIPLES = (
    Principle("linear_maps", 1, "linear_algebra", "app_pages/01_linear_maps.py", "linear-maps", ":material/grid_on:"),
    Principle("tensors", 2, "linear_algebra", "app_pages/02_tensors.py", "tensor-operations", ":material/view_in_ar:", ("linear_maps",)),
    Principle("eigen_pca", 3, "linear_algebra", "app_pages/03_eigen_pca.py", "eigen-svd-pca", ":material/scatter_plot:", ("linear_maps",)),
    Principle("probability", 4, "probability", "app_pages/04_probability.py", "probability-distributions", ":material/casino:"),
    Principle("inference", 5, "probability", "app_pages/05_inference.py", "hypothesis-testing", ":material/science:", ("probability",)),
    Principle("information", 6, "probability", "app_pages/06_information.py", "information-decision", ":material/compress:", ("probability",)),
    Principle("calculus", 7, "calculus", "app_pages/07_calculus.py", "calculus-backprop", ":material/functions:", ("linear_maps",)),
    Principle("optimisation", 8, "calculus", "app_pages/08_optimisation.py", "gradient-descent", ":material/trending_down:", ("calculus",)),
    Principle("neural_networks", 9, "approximation", "app_pages/09_neural_networks.py", "neural-networks", ":material/hub:", ("linear_maps", "calculus", "optimisation")),
    Principle("generalisation", 10, "evaluation", "app_pages/10_generalisation.py", "regularisation-evaluation", ":material/rule:", ("probability", "inference", "neural_networks")),
)

BY_KEY = {p.key: p for p in PRINCIPLES}
