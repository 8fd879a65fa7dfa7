"""The glossary (术语表): one source of truth for every term, English ↔ 中文.

Facts checked: every entry is complete in both languages and its links resolve to a lesson and a demo
that exist; the Chinese texts use the glossary's term and never a variant it lists; a lesson's text
shows a term's definition on hover, never inside a formula or code; the Glossary page opens in both
languages, its search filters in either language and shows a hostile query as text.
"""

import re
from pathlib import Path

import pytest
import streamlit
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import BUILT, LANGS, ROOT, assert_healthy, demo_ids, open_app, open_page
from ui import glossary
from ui.catalog import BY_KEY, GLOSSARY, url_of
from ui.i18n import LANGUAGES, catalog, lookup

ENTRIES = glossary.entries()
CJK = re.compile(r"[\u3400-\u9fff]")
# Our definitions also go into a markdown directive (escaped) and a tooltip, which renders the text as
# markdown again: plain text only, so that no character of it turns into emphasis, code or a formula.
SYNTAX = re.compile(r"[*_`$\{}~#\\\n]|:[A-Za-z]|--|->")


def strings(node, prefix=""):
    """(dotted key, text) for every string of a locale, quiz questions included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{prefix}{key}.")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, f"{prefix}{i}.")
    elif isinstance(node, str):
        yield prefix.rstrip("."), node


# --- The data -------------------------------------------------------------------------------------


def test_there_are_about_a_hundred_and_fifty_terms_or_more():
    assert len(ENTRIES) >= 150


def test_ids_are_unique_and_plain():
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_is_complete_in_both_languages(entry):
    assert entry.en.strip() and entry.zh.strip() and entry.en_def.strip() and entry.zh_def.strip()
    assert not CJK.search(entry.en + entry.en_def + "".join(entry.en_forms)), "English in English"
    assert CJK.search(entry.zh_def), "a Chinese definition in Chinese"
    for text in (entry.en, entry.zh, entry.en_def, entry.zh_def, *entry.en_forms, *entry.zh_forms):
        assert not SYNTAX.search(text) and text.count("[") == text.count("]"), text
        assert text == text.strip() and len(text) <= 200, text
    assert entry.hover in (True, False, "own")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_link_resolves_to_a_lesson_and_a_demo(entry):
    assert entry.links, "every term is taught somewhere"
    for link in entry.links:
        assert link.page in BY_KEY, link
        principle = BY_KEY[link.page]
        assert principle.built and (ROOT / principle.file).is_file(), link
        if link.demo is not None:
            assert link.demo in demo_ids(principle.file), link
        for lang in LANGUAGES:
            assert glossary.link_label(link, lang).startswith(f"{principle.number}. ")


def test_every_lesson_has_terms_and_the_file_is_in_lesson_order():
    lessons = [entry.lesson for entry in ENTRIES]
    assert {p.key for p in BUILT} <= set(lessons)
    order = [BY_KEY[key].number for key in lessons]
    assert order == sorted(order), "each term sits under its first link's lesson"


def test_a_variant_is_nobodys_term():
    names = {form for entry in ENTRIES for form in entry.forms("zh")}
    for entry in ENTRIES:
        assert not set(entry.zh_variants) & names, entry.id
        assert entry.zh not in entry.zh_variants


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p.key for p in BUILT])
def test_no_two_terms_a_page_can_mark_are_written_alike(lang, page):
    """Where two entries share a word (bias: a unit's, an estimate's), each marks it on its own pages."""
    forms = [f.casefold() for e in ENTRIES if e.shown_on(page) for f in e.forms(lang)]
    assert len(forms) == len(set(forms)), sorted({f for f in forms if forms.count(f) > 1})


# --- The Chinese texts use the glossary's terms ---------------------------------------------------

ZH = dict(strings(catalog("zh")))


def used_variants(texts: dict[str, str]) -> list[tuple[str, str, str]]:
    """(entry, variant, key) wherever a text uses a variant, except as a gloss: 极大似然估计（最大似然）."""
    found = []
    for entry in ENTRIES:
        for variant in entry.zh_variants:
            gloss = re.compile(rf"{re.escape(entry.zh)}\**（{re.escape(variant)}）")
            found += [(entry.id, variant, key) for key, text in texts.items() if variant in gloss.sub("", text)]
    return found


def test_the_chinese_texts_never_use_a_variant_the_glossary_lists():
    assert used_variants(ZH) == []


def test_the_variant_check_finds_a_variant_and_allows_a_gloss():
    texts = {"a": "90 个假反例和 10 个假阳性", "b": "**极大似然估计**（最大似然）选择参数", "c": "最大似然"}
    assert set(used_variants(texts)) == {("mle", "最大似然", "c"), ("false_negative", "假反例", "a")}


def test_the_terms_that_issue_15_names_are_the_chinese_texts_terms():
    zh = " ".join(ZH.values())
    for term in ("真阳性", "假阳性", "假阴性", "真阳性率", "假阳性率", "主成分", "极大似然估计", "错切"):
        assert term in zh, term


# --- Search ---------------------------------------------------------------------------------------


def ids(found) -> list[str]:
    return [entry.id for entry in found]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("eigenvalue", "eigenvalue"),
        ("特征值", "eigenvalue"),
        ("Cross Entropy", "cross_entropy"),  # case and a space for the hyphen
        ("ｓｏｆｔｍａｘ", "softmax"),  # full-width letters, as a Chinese keyboard may type them
        ("交叉熵", "cross_entropy"),
        ("p 值", "p_value"),
        ("查准率", "precision"),  # another textbook's name finds ours
        ("KL", "kl_divergence"),
        ("mle", "mle"),
    ],
)
def test_search_finds_a_term_by_either_name_first(query, first):
    assert ids(glossary.search(query))[0] == first


def test_search_looks_through_both_definitions_too():
    assert "softmax" in ids(glossary.search("probabilities"))  # in its English definition, not in a name
    assert "bootstrap" in ids(glossary.search("有放回"))  # in its Chinese definition only


def test_an_empty_search_lists_everything_in_lesson_order():
    assert glossary.search("") == glossary.search("   ") == ENTRIES


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_any_query_gives_a_subset_without_failing(query):
    found = glossary.search(query)
    assert set(found) <= set(ENTRIES) and len(found) == len(set(found))


# --- Definitions on hover -------------------------------------------------------------------------


def hovers(text: str) -> list[str]:
    """The tooltips of a text, unescaped."""
    return [re.sub(r"\\(.)", r"\1", t) for t in re.findall(r":help\[((?:\\.|[^\]\\])*)\]", text)]


def without_hovers(text: str) -> str:
    return re.sub(r":help\[(?:\\.|[^\]\\])*\]", "", text)


def test_a_term_shows_its_definition_in_both_languages():
    en = glossary.annotate("The **eigenvalue** is a number.", "en", "eigen_pca", "eigen")
    assert en == "The **eigenvalue**" + glossary._directive(glossary.tooltip(glossary.by_id()["eigenvalue"], "en")) + (
        " is a number."
    )
    assert hovers(en) == [f"eigenvalue (特征值): {glossary.by_id()['eigenvalue'].en_def}"]
    zh = glossary.annotate("**特征值**是一个数。", "zh", "eigen_pca", "eigen")
    assert hovers(zh) == [f"特征值（eigenvalue）：{glossary.by_id()['eigenvalue'].zh_def}"]


def test_only_the_first_use_of_a_term_and_the_longest_term_are_marked():
    text = glossary.annotate("Cross-entropy is not entropy; cross-entropy again.", "en", "information", "kl")
    assert [h.split(" (")[0] for h in hovers(text)] == ["cross-entropy", "entropy"]
    assert without_hovers(text) == "Cross-entropy is not entropy; cross-entropy again."
    assert text.index(":help[") == len("Cross-entropy")


def test_never_inside_a_formula_code_or_a_link():
    text = "$\\text{entropy}$ and `entropy` and [entropy](https://e.example) and $$entropy$$"
    assert glossary.annotate(text, "en", "information", "entropy") == text


def test_plurals_acronyms_and_whole_words():
    text = glossary.annotate("Two eigenvalues, the PCA, a pca and a natural rank-one nat.", "en", "eigen_pca", "pca")
    assert [h.split(" (")[0] for h in hovers(text)] == ["eigenvalue", "principal component analysis"]


def test_a_word_with_two_meanings_is_marked_only_where_it_means_the_glossarys():
    assert hovers(glossary.annotate("a bias", "en", "linear_maps", "layer"))[0].startswith("bias (of a unit)")
    assert hovers(glossary.annotate("a bias", "en", "generalisation", "poly"))[0].startswith("bias (of an estimate)")
    assert hovers(glossary.annotate("a bias", "en", "calculus", "derivative")) == []


def test_a_text_gets_a_few_marks_at_most_the_demos_own_terms_first():
    text = "entropy, softmax, ROC curve, p-value, eigenvalue, cross-entropy"
    marked = [h.split(" (")[0] for h in hovers(glossary.annotate(text, "en", "information", "softmax"))]
    assert len(marked) == glossary.MARKS_PER_TEXT
    assert "softmax" in marked and "eigenvalue" not in marked  # the demo's term in, another lesson's out


@pytest.mark.parametrize("lang", LANGS)
def test_every_demo_intro_keeps_its_words_and_its_formulas(lang):
    marked = 0
    for principle in BUILT:
        for demo_id in demo_ids(principle.file):
            text = lookup(f"{principle.key}.{demo_id}.intro", lang)
            annotated = glossary.annotate(text, lang, principle.key, demo_id)
            assert without_hovers(annotated) == text
            assert re.findall(r"\$[^$]*\$", annotated) == re.findall(r"\$[^$]*\$", text)
            marked += len(hovers(annotated))
    assert marked >= 50, "most intros name a term of the glossary"


@pytest.mark.parametrize("lang", LANGS)
def test_every_why_and_formula_text_keeps_its_words_and_its_formulas(lang):
    marked = 0
    for principle in BUILT:
        texts = [lookup(f"{principle.key}.why", lang)]
        texts += [v for k, v in lookup(f"{principle.key}.formula", lang).items() if isinstance(v, str)]
        for text in texts:
            annotated = glossary.annotate(text, lang, principle.key)
            assert without_hovers(annotated) == text
            assert re.findall(r"\$[^$]*\$", annotated) == re.findall(r"\$[^$]*\$", text)
            marked += len(hovers(annotated))
    assert marked >= 20, "the why and the formulas name terms of the glossary too"


def test_streamlit_still_draws_a_help_directive_as_its_tooltip():
    """ui.glossary relies on :help[text] in markdown, which Streamlit 1.67's frontend draws as a help icon
    (the same directive st.markdown(help=...) appends to its body). Fails when an upgrade drops it."""
    bundles = Path(streamlit.__file__).parent / "static" / "static" / "js"
    source = " ".join(p.read_text(encoding="utf-8", errors="ignore") for p in bundles.glob("StreamlitMarkdown*.js"))
    assert "streamlit-help-icon" in source
    assert re.search(r"String\(\w+\.name\)===`help`", source)


# --- The page -------------------------------------------------------------------------------------


def test_the_glossary_page_is_not_a_lesson_and_its_path_is_its_files():
    assert url_of(GLOSSARY) == "glossary" and (ROOT / GLOSSARY).is_file()
    assert GLOSSARY not in {p.file for p in BUILT}


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_renders_every_term_in_the_readers_language(lang):
    at = open_page(GLOSSARY, lang)
    assert_healthy(at)
    assert at.title[0].value == catalog(lang)["glossary"]["title"]
    # Lesson by lesson, folded: no card is drawn until its lesson is opened.
    lessons = list(dict.fromkeys(entry.lesson for entry in ENTRIES))
    counts = {lesson: sum(entry.lesson == lesson for entry in ENTRIES) for lesson in lessons}
    words = catalog(lang)
    assert [e.label for e in at.expander] == [
        words["glossary"]["lesson"].format(number=BY_KEY[k].number, title=words[k]["title"], count=counts[k])
        for k in lessons
    ]
    assert not [m for m in at.markdown if " · " in m.value] and not at.get("page_link")
    for lesson in lessons:
        at.session_state[f"gl_lesson_{lesson}"] = True
    at.run()
    assert not at.error
    text = " ".join(m.value for m in at.markdown)
    other = "en" if lang == "zh" else "zh"
    for entry in ENTRIES:
        assert glossary.escape(entry.definition(lang)) in text
        assert f"**{glossary.escape(entry.term(lang))}** · {glossary.escape(entry.term(other))}" in text
    links = [link.proto for link in at.get("page_link")]
    assert len(links) == sum(len(entry.links) for entry in ENTRIES)
    assert all(f"lang={lang}" in link.query_string for link in links)


@pytest.mark.parametrize(("lang", "query", "term"), [("en", "softmax", "softmax"), ("zh", "交叉熵", "cross_entropy")])
def test_search_filters_the_list(lang, query, term):
    at = open_page(GLOSSARY, lang)
    at.text_input(key="gl_q").set_value(query).run()
    assert_healthy(at)
    shown = [m.value for m in at.markdown if " · " in m.value]
    assert 0 < len(shown) < len(ENTRIES)
    assert shown[0].startswith(f"**{glossary.by_id()[term].term(lang)}**")


def test_a_link_opens_the_glossary_on_a_term():
    at = open_page(GLOSSARY, "zh", gl_q="p-value")
    assert_healthy(at)
    shown = [m.value for m in at.markdown if " · " in m.value]
    assert shown[0].startswith("**p 值** · p-value")


HOSTILE = [
    "<script>alert(1)</script>",
    "![x](https://e.example/t.png) [fix](https://e.example) *x* $x$",
    "{0}{lang}",
    "`x`",
]


@pytest.mark.parametrize("query", HOSTILE, ids=["script", "markdown", "braces", "backticks"])
def test_a_hostile_query_is_shown_as_text(query):
    at = open_page(GLOSSARY, "en")
    at.text_input(key="gl_q").set_value(query).run()
    assert_healthy(at)
    assert len(at.info) == 1 and not [m for m in at.markdown if " · " in m.value]
    # As a code span, which markdown shows as it is: no link (not even a bare https://…), image or formula.
    assert at.info[0].value == catalog("en")["glossary"]["none"].format(query=glossary.literal(query))


@pytest.mark.parametrize("text", ["plain", "a `b` c", "``x``", "`", "![](https://e.example)"])
def test_a_literal_is_one_code_span_whatever_backticks_it_holds(text):
    span = glossary.literal(text)
    fence = re.match(r"`+", span).group()
    assert span == f"{fence} {text} {fence}" and fence not in text


@pytest.mark.parametrize("value", ["1e309", "x" * 5000, "", "<b>", "%00"])
def test_a_hostile_url_opens_the_glossary(value):
    at = open_page(GLOSSARY, "zh", gl_q=value)
    assert_healthy(at)
    assert at.title[0].value == catalog("zh")["glossary"]["title"]


def test_a_lesson_intro_shows_glossary_definitions_on_hover():
    at = open_page("pages/06_information_decision.py", "zh")
    assert_healthy(at)
    text = " ".join(m.value for m in at.markdown)
    assert glossary.escape(glossary.tooltip(glossary.by_id()["temperature"], "zh")) in text
    why = glossary.annotate(lookup("information.why", "zh"), "zh", "information")
    assert why != lookup("information.why", "zh") and why.strip() in text  # the why has hovers too


def test_home_still_maps_the_ten_principles_and_the_glossary_is_in_the_navigation():
    at = open_app("en")
    assert_healthy(at)
    at.switch_page(GLOSSARY).run()  # fails unless Home.py's navigation has the page
    assert at.title[0].value == catalog("en")["glossary"]["title"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_count_says_how_many_terms_there_are_and_how_many_a_search_found(lang):
    words, total = catalog(lang)["glossary"], len(ENTRIES)
    at = open_page(GLOSSARY, lang)
    assert words["all"].format(total=total) in [c.value for c in at.caption]
    at.text_input(key="gl_q").set_value("softmax").run()
    found = len(glossary.search("softmax"))
    assert 0 < found < total and words["count"].format(shown=found, total=total) in [c.value for c in at.caption]
