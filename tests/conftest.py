"""Fixtures: every built page, in both languages."""

import pytest

from tests.helpers import BUILT, LANGS


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
