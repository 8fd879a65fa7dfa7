"""Predict, then reveal, in a real Chromium: a link hides the answer, a guess and a click reveal it, Home counts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mathdl import optim, surfaces
from tests.e2e.conftest import rerun, settle
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
EN = catalog("en")
RACE = '[data-testid="stMain"]'  # the race, alone on its page (?demo=surfaces)


def test_a_reader_guesses_which_optimiser_wins_reveals_it_and_home_counts_the_guess(reader: Page, app_url: str):
    reader.goto(f"{app_url}/gradient_descent?lang=en&demo=surfaces&opt_predict=true")
    settle(reader)
    race = reader.locator(RACE)
    expect(race.get_by_text(EN["predict"]["hidden"])).to_be_visible()
    expect(race.locator('[data-testid="stVegaLiteChart"]')).to_have_count(0)  # nothing drawn gives it away

    s = surfaces.surface("quadratic", 10)  # the page's defaults: κ = 10, η = 0.1, 150 steps, β = 0.9
    ends = {n: float(s.f(p.points[-1])) for n, p in optim.compare(s, 0.1, 150, beta=0.9).items()}
    best = min(ends, key=ends.get)
    names = EN["optimisation"]["optimizers"]
    guess = names[next(n for n in list(optim.OPTIMIZERS)[1:] if n != best)]  # the first option is already chosen
    winner = names[best]
    rerun(reader, lambda: race.locator('[data-testid="stRadio"]').get_by_text(guess, exact=True).click())
    rerun(reader, lambda: race.get_by_role("button", name=EN["predict"]["reveal"]).click())
    said = EN["predict"]["wrong_choice"].format(guess=guess, answer=winner).replace("**", "")
    expect(race.get_by_text(said)).to_be_visible()
    expect(race.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)  # the map and the losses, revealed
    expect(reader).to_have_url(re.compile(r"[?&]opt_predict=true"))

    reader.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=EN["home"]["nav"], exact=True).click()
    quiz = len(EN["optimisation"]["quiz"])
    row = EN["predict"]["progress_row"].format(number=8, page=EN["optimisation"]["short"], right=0, total=quiz)
    expect(reader.get_by_text(row + EN["predict"]["progress_guesses"].format(guesses=1, close=0))).to_be_visible()
