"""Fixtures: every built page, in both languages."""

import pytest
from hypothesis import settings
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test, local_script_runner

from tests.helpers import BUILT, LANGS

# Property tests check values, not speed. Hypothesis's default deadline (200 ms an example) failed correct
# functions whenever the machine was busy: a first call that loaded LAPACK took 341 ms under the browser tests.
settings.register_profile("values", deadline=None)
settings.load_profile("values")

# AppTest gives each run a new cache of compiled scripts, so every run parsed Home.py and the page again
# and rewrote their syntax trees for Streamlit's "magic": a fifth of the CPU of a test that runs a page
# (py-spy). A server keeps one cache for all its sessions; so do the tests.
_SCRIPTS = ScriptCache()
app_test.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPTS

_poll_for_the_end = local_script_runner.require_widgets_deltas


def _join_the_run(runner, timeout: float = 3) -> None:
    """Wait for an AppTest run to end by joining its script thread.

    Streamlit's own wait looks every millisecond, each time through every event of the run (hundreds of
    messages): that look took a tenth of the CPU from the script it waits for, in every AppTest run. The
    thread ends right after the run's last event, so joining it waits for the same moment.
    """
    thread = runner._script_thread
    if thread is not None:
        thread.join(timeout)
        if not thread.is_alive():
            return
    _poll_for_the_end(runner, 0)  # stops the script and raises AppTest's own timeout error


local_script_runner.require_widgets_deltas = _join_the_run


@pytest.fixture(params=BUILT, ids=[p.key for p in BUILT])
def principle(request):
    return request.param


@pytest.fixture(params=LANGS)
def lang(request):
    return request.param


def pytest_terminal_summary(terminalreporter):
    """Print what the load and memory tests measured (recorded with record_property), even with -n auto."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in report.user_properties:
            terminalreporter.write_line(f"{name}: {value}")
