"""The notebook code of a demo, written by running it.

A demo makes its ``mathdl`` calls through a :class:`Snippet`: each call runs at once and is
recorded as a line of Python, its arguments written as literals or as the names of earlier
results. The "Reproduce in a notebook" box then shows exactly the computation that drew the
figure, and ``tests/test_snippets.py`` runs that code in a fresh interpreter and compares what
it computes with what the demo computed.

>>> import numpy as np
>>> from mathdl import linalg
>>> snippet = Snippet()
>>> A = snippet("A", np.array, [[2.0, 1.0], [1.0, 3.0]])
>>> d = snippet("d", linalg.determinant, A, note="the signed area of the unit square's image")
>>> print(snippet.code())
import numpy as np
from mathdl import linalg
<BLANKLINE>
A = np.array([[2.0, 1.0], [1.0, 3.0]])
d = linalg.determinant(A)  # the signed area of the unit square's image
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import streamlit as st

MAX_LITERAL = 64  # array entries written out in the code; a larger array must be the result of a step
CACHE_ENTRIES = 256  # cached steps across all pages and readers; each is a few KB to a few MB


class Snippet:
    """The calls of one demo, run and recorded in order.

    ``values`` maps every name the code assigns to the value the demo computed for it.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.values: dict[str, Any] = {}
        self._modules: set[str] = set()
        self._names: dict[int, str] = {}  # id of a recorded object -> how the code refers to it
        self._alive: list[Any] = []  # keeps recorded objects alive, so no other object takes their id
        self._digests: list[str] = []  # content of data given from outside, for the cache key

    def __call__(
        self, name: str, fn: Callable[..., Any], *args: Any, note: str = "", cache: bool = False, **kwargs: Any
    ) -> Any:
        """Run ``fn(*args, **kwargs)``, record it as ``name = fn(...)`` and return its result.

        ``name`` may unpack a tuple: ``"X, y"``. ``cache=True`` keeps the result across reruns and
        readers, keyed by the code that leads to it (see :func:`_cached`).
        """
        self._write(name, fn, args, kwargs, note)
        if cache:
            result, states = _cached(self._program(), fn, args, kwargs)
            for generator, state in zip(_generators(args, kwargs), states, strict=True):
                generator.bit_generator.state = state  # as if the call had drawn its numbers here
        else:
            result = fn(*args, **kwargs)
        self._bind(name, result)
        return result

    def record(self, name: str, value: Any, fn: Callable[..., Any], *args: Any, note: str = "", **kwargs: Any) -> Any:
        """Record ``name = fn(*args, **kwargs)`` for a ``value`` the demo already holds, without running it.

        For state a demo builds up across reruns (a training resumed ten epochs a run): the line is
        the one call that gives the same value, as the demo's own tests show, and
        tests/test_snippets.py runs it like every other line.
        """
        self._write(name, fn, args, kwargs, note)
        self._bind(name, value)
        return value

    def rng(self, seed: int, name: str = "rng") -> np.random.Generator:
        """A random generator seeded from a widget: ``rng = np.random.default_rng(seed)``."""
        return self(name, np.random.default_rng, int(seed))

    def given(self, name: str, value: Any, code: str) -> Any:
        """Data that does not come from a call here, such as a reader's upload, and how to load it."""
        self.lines.append(f"{name} = {code}")
        if "np." in code:  # loading code such as np.genfromtxt(...) needs the import too
            self._modules.add("numpy")
        self._digests.append(hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest())
        self._bind(name, value)
        return value

    def _write(
        self, name: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], note: str
    ) -> None:
        arguments = [*map(self._literal, args), *(f"{k}={self._literal(v)}" for k, v in kwargs.items())]
        call = f"{self._callee(fn)}({', '.join(arguments)})"
        self.lines.append(f"{name} = {call}" + (f"  # {note}" if note else ""))

    def code(self) -> str:
        """The whole snippet: imports, a blank line, then one line per call."""
        imports = ["import numpy as np"] if "numpy" in self._modules else []
        mathdl = sorted(m.removeprefix("mathdl.") for m in self._modules if m.startswith("mathdl."))
        if mathdl:
            imports.append(f"from mathdl import {', '.join(mathdl)}")
        return "\n".join([*imports, "", *self.lines])

    def _program(self) -> str:
        return "\n".join([*self._digests, self.code()])

    def _bind(self, name: str, value: Any) -> None:
        names = [n.strip() for n in name.split(",")]
        if len(names) > 1:
            for part, item in zip(names, value, strict=True):
                self._bind(part, item)
            return
        self.values[name] = value
        self._refer(name, value)

    def _refer(self, expression: str, value: Any) -> None:
        """Let later calls name ``value``, and the parts of it that a demo may pass on."""
        if _is_scalar(value) or id(value) in self._names:
            return
        self._names[id(value)] = expression
        self._alive.append(value)
        if dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                self._refer(f"{expression}.{field.name}", getattr(value, field.name))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                self._refer(f"{expression}[{i}]", item)

    def _constant(self, value: np.ndarray) -> str | None:
        """``linalg.F_SHAPE`` for a constant of a mathdl module the snippet already uses."""
        for module in self._modules - {"numpy"}:
            name = next((k for k, v in vars(sys.modules[module]).items() if v is value and k.isupper()), None)
            if name:
                return f"{module.removeprefix('mathdl.')}.{name}"
        return None

    def _callee(self, fn: Callable[..., Any]) -> str:
        module = getattr(fn, "__module__", None) or ""
        if module.startswith("mathdl.") and "<" not in fn.__qualname__:  # a lambda has no name to write
            self._modules.add(module)
            return f"{module.removeprefix('mathdl.')}.{fn.__qualname__}"
        if module.split(".")[0] == "numpy":
            self._modules.add("numpy")
            return f"np.{_numpy_name(fn)}"
        raise TypeError(f"{fn!r} is neither a mathdl nor a numpy function")

    def _literal(self, value: Any) -> str:
        if id(value) in self._names and not _is_scalar(value):
            return self._names[id(value)]
        if isinstance(value, np.generic):
            return self._literal(value.item())
        if isinstance(value, float) and not math.isfinite(value):
            return f"float({str(value)!r})"
        if value is None or isinstance(value, (bool, int, float, str)):
            return repr(value)
        if isinstance(value, tuple):
            return f"({', '.join(map(self._literal, value))}{',' if len(value) == 1 else ''})"
        if isinstance(value, list):
            return f"[{', '.join(map(self._literal, value))}]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self._literal(k)}: {self._literal(v)}" for k, v in value.items()) + "}"
        if isinstance(value, np.ndarray) and (constant := self._constant(value)):
            return constant
        if isinstance(value, np.ndarray) and value.size <= MAX_LITERAL:
            self._modules.add("numpy")
            dtype = "" if value.dtype in (np.float64, np.int64, np.bool_) else f", dtype=np.{value.dtype}"
            return f"np.array({value.tolist()!r}{dtype})"
        if callable(value):
            return self._callee(value)
        raise TypeError(f"a {type(value).__name__} is neither a literal nor the result of an earlier step")


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, complex, str, np.generic))


def _numpy_name(fn: Callable[..., Any]) -> str:
    """``linspace`` for np.linspace, ``random.default_rng`` for np.random.default_rng."""
    for prefix in ("random.", "linalg.", ""):
        path = prefix + fn.__name__
        target: Any = np
        for part in path.split("."):
            target = getattr(target, part, None)
        if target is fn:
            return path
    raise TypeError(f"{fn.__name__} is not reachable from numpy's namespace")


def _generators(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[np.random.Generator]:
    return [a for a in (*args, *kwargs.values()) if isinstance(a, np.random.Generator)]


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(
    program: str, _fn: Callable[..., Any], _args: tuple[Any, ...], _kwargs: dict[str, Any]
) -> tuple[Any, list[dict]]:
    """One step's result, keyed by the program that leads to it.

    Every argument is a literal or an earlier step's result, so the code (with the digest of any
    outside data) determines the result.

    The random generators the call drew from are returned in their final state, so a cached step
    leaves them where a fresh call would.
    """
    result = _fn(*_args, **_kwargs)
    return result, [g.bit_generator.state for g in _generators(_args, _kwargs)]
