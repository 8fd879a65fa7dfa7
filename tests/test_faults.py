"""A cached step of a demo that fails: the reader gets a message in their language, never a traceback,
and the next run computes the step again instead of replaying the failure.

Page 8's race of optimisers caches ``optim.compare`` (``snippet(..., cache=True)``, which is
``st.cache_data``). It is replaced here by a function that fails on its first call only and then
answers as the real one does.
"""

import functools
import tomllib

import pytest

from mathdl import MathDLError, optim
from tests.helpers import LANGS, ROOT, assert_healthy, open_page
from ui import demo, snippet
from ui.i18n import catalog

PAGE = "pages/08_gradient_descent.py"


def fails_once(monkeypatch, error: Exception) -> list[int]:
    """Make optim.compare raise ``error`` on its first call; the list counts every call."""
    calls, real = [], optim.compare

    @functools.wraps(real)  # the snippet writes the call by the function's module and name
    def compare(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(optim, "compare", compare)
    snippet._cached.clear()  # a result cached by an earlier test would never call it
    return calls


def retried(at, calls: list[int]) -> None:
    """Any rerun computes the failed step again, and the step is cached from then on."""
    at.run()
    assert_healthy(at)
    assert not at.error and len(at.get("vega_lite_chart")) >= 1
    assert len(calls) == 2
    at.run()
    assert len(calls) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_input_inside_a_cached_step_is_said_in_the_readers_language(monkeypatch, lang):
    calls = fails_once(monkeypatch, MathDLError("out_of_range", name="η", low=0, high=1, value=5))
    at = open_page(PAGE, lang, demo="surfaces")
    assert_healthy(at)
    said = catalog(lang)["errors"]["out_of_range"].format(name="η", low=0, high=1, value=5)
    assert [e.value for e in at.error] == [said]
    retried(at, calls)


@pytest.mark.parametrize("lang", LANGS)
def test_a_fault_inside_a_cached_step_gets_a_short_message_and_no_traceback(monkeypatch, lang):
    calls = fails_once(monkeypatch, RuntimeError("a bug of ours"))
    monkeypatch.setattr(demo, "_raise_in_tests", lambda: False)  # what a reader's session does
    at = open_page(PAGE, lang, demo="surfaces")
    assert_healthy(at)
    assert [e.value for e in at.error] == [catalog(lang)["common"]["demo_failed"]]
    assert "a bug of ours" not in " ".join(m.value for m in at.markdown)
    retried(at, calls)


def test_under_apptest_the_fault_itself_is_raised_so_that_tests_see_it(monkeypatch):
    fails_once(monkeypatch, RuntimeError("a bug of ours"))
    at = open_page(PAGE, "zh", demo="surfaces")
    assert [e.value for e in at.error] == [catalog("zh")["common"]["demo_failed"]]
    assert len(at.exception) == 1  # (its text is Streamlit's English "This app has encountered an error")


def test_the_server_shows_readers_no_traceback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
