"""Fixtures: every built page, in both languages."""

import pytest

from tests.helpers import BUILT, LANGS


@pytest.fixture(params=BUILT, ids=[p.key for p in BUILT])
def principle(request):
    return request.param


@pytest.fixture(params=LANGS)
def lang(request):
    return request.param
