"""Predict, then reveal: a demo hides its answer until the reader has guessed, then says how far off they were.

Each page's question is checked against its own independent reference in that page's tests; here the
mechanism is checked on every page that asks one, in both languages, and the score reaches Home.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import LANGS, ROOT, TIMEOUT, assert_healthy, open_page
from ui import predict
from ui.catalog import PRINCIPLES
from ui.i18n import catalog

# page file -> (the demo that asks, its key prefix): each demo's switch is <key>_predict, its guess <key>_guess
ASKS = {
    "pages/08_gradient_descent.py": ("surfaces", "opt"),
}
EYE = ":material/visibility:"  # the verdict's icon


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def verdicts(at: AppTest) -> list:
    return [m for m in [*at.success, *at.info] if m.proto.icon == EYE]


def guess_widget(at: AppTest, key: str):
    """The guess: a radio of options or a slider of numbers."""
    radios = [r for r in at.radio if r.key == f"{key}_guess"]
    return radios[0] if radios else at.slider(key=f"{key}_guess")


def numbers(text: str) -> list[str]:
    return re.findall(r"\*\*(.+?)\*\*", text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("file", ASKS)
def test_the_answer_stays_hidden_until_the_guess_is_revealed_and_the_verdict_names_both(file, lang):
    demo, key = ASKS[file]
    at = open_page(file, lang, demo=demo)
    shown = charts(at)
    assert f"{key}_reveal" not in {b.key for b in at.button}, "off by default: the demo as it always was"
    at.toggle(key=f"{key}_predict").set_value(True).run()
    assert_healthy(at)
    assert charts(at) < shown, "the figure that shows the answer waits for the guess"
    assert catalog(lang)["predict"]["hidden"] in [c.value for c in at.caption]
    assert not verdicts(at)
    guess = guess_widget(at, key)
    options = list(getattr(guess, "options", []))
    at.button(key=f"{key}_reveal").click().run()
    assert_healthy(at)
    assert charts(at) == shown, "revealed, the demo draws all it drew before"
    page = next(p.key for p in PRINCIPLES if p.file == file)
    verdict = at.session_state[predict.SCORE]["guess"][page][key]
    assert verdict.guess == guess.value
    [said] = verdicts(at)
    assert type(said).__name__ == ("Success" if verdict.right else "Info")
    guessed, answer = numbers(said.value)[:2]
    if options:
        assert (guessed, answer) == (options[int(verdict.guess)], options[int(verdict.answer)])
    else:
        for text, value in ((guessed, verdict.guess), (answer, verdict.answer)):
            decimals = len(text.split(".")[1]) if "." in text else 0
            assert abs(float(text) - value) <= 0.5 * 10**-decimals


@pytest.mark.parametrize("file", ASKS)
def test_a_lecturers_link_opens_with_the_answer_hidden_and_a_hostile_value_opens_it_shown(file):
    demo, key = ASKS[file]
    hidden = open_page(file, demo=demo, **{f"{key}_predict": "true"})
    assert_healthy(hidden)
    assert [b.key for b in hidden.button if b.key == f"{key}_reveal"]
    shown = open_page(file, demo=demo, **{f"{key}_predict": "<script>"})
    assert_healthy(shown)
    assert not [b for b in shown.button if b.key == f"{key}_reveal"] and charts(shown) > charts(hidden)


def test_a_new_setting_asks_a_new_question():
    at = open_page("pages/08_gradient_descent.py", demo="surfaces", opt_predict="true")
    at.button(key="opt_reveal").click().run()
    assert verdicts(at) and "opt_reveal" not in {b.key for b in at.button}
    before = at.session_state[predict.SCORE]["guess"]["optimisation"]["opt"].answer
    at.slider(key="opt_steps").set_value(160).run()
    assert_healthy(at)
    assert not verdicts(at) and "opt_reveal" in {b.key for b in at.button}
    at.button(key="opt_reveal").click().run()
    assert at.session_state[predict.SCORE]["guess"]["optimisation"]["opt"].answer == before, (
        "the same answer, asked again"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_home_counts_the_quiz_answered_right_and_the_guesses_revealed(lang):
    at = open_page("pages/08_gradient_descent.py", lang, demo="surfaces", opt_predict="true")
    at.button(key="opt_reveal").click().run()
    right = at.session_state[predict.SCORE]["guess"]["optimisation"]["opt"].right
    at = open_page("pages/08_gradient_descent.py", lang)
    quiz = catalog(lang)["optimisation"]["quiz"]
    at.radio(key="optimisation_quiz_0").set_value(quiz[0]["answer"]).run()
    at.radio(key="optimisation_quiz_1").set_value((quiz[1]["answer"] + 1) % len(quiz[1]["options"])).run()
    score = at.session_state[predict.SCORE]
    assert score["quiz"]["optimisation"] == {0: True, 1: False}

    home = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=TIMEOUT)
    home.query_params["lang"] = lang
    home.session_state[predict.SCORE] = score | {"guess": {"optimisation": {"opt": predict.Verdict(0, 1, right)}}}
    home.run()
    assert_healthy(home)
    text = catalog(lang)
    rows = {p.proto.text: p.proto.value for p in home.get("progress")}
    assert len(rows) == len(PRINCIPLES)
    eight = text["predict"]["progress_row"].format(
        number=8, page=text["optimisation"]["short"], right=1, total=len(quiz)
    ) + text["predict"]["progress_guesses"].format(guesses=1, close=int(right))
    assert rows[eight] == round(100 / len(quiz))
    total = sum(len(text[p.key]["quiz"]) for p in PRINCIPLES)
    intro = text["predict"]["progress_intro"].format(right=1, total=total, guesses=1, close=int(right))
    assert intro in [c.value for c in home.caption]
