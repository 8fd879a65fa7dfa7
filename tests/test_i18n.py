"""Both languages are complete: the same keys, the same fields, the same quiz answers."""

import re

import pytest

from mathdl.errors import MESSAGES
from ui.catalog import PRINCIPLES
from ui.i18n import LANGUAGES, catalog


def flatten(node, prefix=""):
    """Dotted key -> leaf, descending into tables and lists (quiz questions are lists of tables)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = f"{prefix}{key}"
        if isinstance(value, (dict, list)) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            yield from flatten(value, path + ".")
        else:
            yield path, value


PLACEHOLDER = re.compile(r"(?<![\\\w^_{])\{(\w+)(?:![rs])?\}")  # {name}, but not LaTeX's \mathbf{c} or x^{2}


def fields(text):
    return sorted(set(PLACEHOLDER.findall(text)))


LOCALES = {lang: dict(flatten(catalog(lang))) for lang in LANGUAGES}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_key_is_translated(lang):
    assert sorted(LOCALES[lang]) == sorted(LOCALES["en"])


@pytest.mark.parametrize("key", sorted(LOCALES["en"]))
def test_translations_fill_the_same_fields(key):
    english = LOCALES["en"][key]
    for lang, strings in LOCALES.items():
        other = strings[key]
        assert type(other) is type(english), (lang, key)
        if isinstance(english, str):
            assert fields(other) == fields(english), (lang, key)
            assert other.strip(), (lang, key)
        elif isinstance(english, list):
            assert len(other) == len(english), (lang, key)
        else:  # a quiz answer index is the same in every language
            assert other == english, (lang, key)


def test_every_mathdl_error_has_a_message_with_its_fields():
    for code, text in MESSAGES.items():
        for lang in LANGUAGES:
            assert fields(catalog(lang)["errors"][code]) == fields(text), (lang, code)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_principle_has_a_title_and_a_tagline(lang):
    for principle in PRINCIPLES:
        section = catalog(lang)[principle.key]
        assert section["title"] and section["short"] and section["tagline"]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_quiz_answers_point_at_an_option(lang):
    for principle in PRINCIPLES:
        for question in catalog(lang)[principle.key].get("quiz", []):
            assert 0 <= question["answer"] < len(question["options"])
            assert {"question", "explain", "hint"} <= set(question)


def test_chinese_text_is_chinese():
    """A key copied over untranslated would pass the completeness test; catch it.

    Short labels such as "ReLU", "y" or "x.shape = (…)" are the same in both languages;
    a sentence of English words left in zh.toml is not.
    """
    english_words = re.compile(r"\b[A-Za-z]{4,}\b")
    untranslated = [
        key
        for key, text in LOCALES["zh"].items()
        if isinstance(text, str) and text == LOCALES["en"][key] and len(english_words.findall(text)) >= 2
    ]
    assert untranslated == []


# A fact about the data or the code (442 patients, 70 % held out, 300 draws) is filled in from the value
# the demo computed or the constant it used, so it cannot drift from what the page shows. What is left
# are facts of mathematics or of the world, and numbers a reader is invited to try.
TYPED_NUMBERS = re.compile(r"(?<![\w.{^_\\-])(\d[\d,.]*\s?%|\d{2,}(?:[,.]\d+)?)(?![\w}])")
NOT_FACTS_OF_THE_CODE = {
    "tensors.broadcast.caption": {"10", "32"},  # an example of shapes, (32, 10) + (10,)
    "tensors.image.intro": {"255"},  # 8-bit colour
    "tensors.augment_batch.caption": {"90"},  # 90°, a quarter turn
    "inference.models.caption": {"95%"},  # the interval's level, named in its title
    "information.softmax.intro": {"100"},  # "from 0.01 to 100": the slider shows its own range
    "calculus.derivative.caption": {"16"},  # digits of a double
    "optimisation.surfaces.caption": {"100"},  # "with κ = 100": a setting to try
    "neural_networks.approx.caption": {"32"},  # widths to try
    "neural_networks.depth.caption": {"2016"},  # Telgarsky, 2016
    "generalisation.poly.caption": {"15"},  # a degree to try
    "generalisation.learning.caption": {"12"},  # degrees to try
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_intros_and_captions_type_no_fact_of_the_code(lang):
    typed = {
        key: found
        for key, text in LOCALES[lang].items()
        if key.rsplit(".", 1)[-1] in ("intro", "caption")
        and (found := set(TYPED_NUMBERS.findall(text)) - NOT_FACTS_OF_THE_CODE.get(key, set()))
    }
    assert not typed, f"fill these from the computed value or the code's constant: {typed}"
