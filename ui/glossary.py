"""The glossary (术语表): every term of the ten lessons in English and Chinese, from ``locales/glossary.toml``.

One source of truth for three readers: the Glossary page lists and searches it (:func:`search`), the
lessons show a term's definition on hover (:func:`annotate`), and ``tests/test_glossary.py`` checks
it against the pages and against zh.toml.

The hover is Streamlit's own help tooltip, the question mark in a circle that ``st.markdown(help=...)``
draws. Streamlit 1.67 draws it from a text directive, ``:help[text]``, that its markdown accepts
anywhere in a body, so a term can carry one inline: ``eigenvalue:help[The factor λ …]``. No HTML
is involved, and the text in the brackets is our own glossary's, escaped.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ui.catalog import BY_KEY
from ui.i18n import LOCALES, lookup
from ui.state import MAX_VALUE_LENGTH as MAX_QUERY  # a search as long as a URL parameter may be

FILE = LOCALES / "glossary.toml"
MARKS_PER_TEXT = 4  # beyond this a paragraph is more icons than words


@dataclass(frozen=True)
class Link:
    """Where a term is taught: a lesson (a key of ui.catalog) and, if it makes sense, one of its demos."""

    page: str
    demo: str | None = None


@dataclass(frozen=True)
class Entry:
    """One term: both names, both definitions, where it is taught, and how the texts may write it."""

    id: str
    en: str
    zh: str
    en_def: str
    zh_def: str
    links: tuple[Link, ...]
    en_forms: tuple[str, ...] = ()
    zh_forms: tuple[str, ...] = ()
    zh_variants: tuple[str, ...] = ()
    hover: bool | str = True  # True everywhere, "own" on its own pages only, False never

    def term(self, lang: str) -> str:
        """The term in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def definition(self, lang: str) -> str:
        """The one-line definition in ``lang``."""
        return self.zh_def if lang == "zh" else self.en_def

    def forms(self, lang: str) -> tuple[str, ...]:
        """Every way a text in ``lang`` may write the term: the term first."""
        return (self.zh, *self.zh_forms) if lang == "zh" else (self.en, *self.en_forms)

    @property
    def lesson(self) -> str:
        """The lesson the term is filed under: its first link's."""
        return self.links[0].page

    def shown_on(self, page: str) -> bool:
        """Whether a text of ``page`` may show this term's definition on hover."""
        return self.hover is True or (self.hover == "own" and any(link.page == page for link in self.links))


def _link(text: str) -> Link:
    page, _, demo = text.partition(".")
    return Link(page, demo or None)


@functools.cache  # the file does not change while the app runs
def entries() -> tuple[Entry, ...]:
    """Every entry of the glossary, in the file's order (lesson by lesson)."""
    with open(FILE, "rb") as f:
        raw = tomllib.load(f)["term"]
    return tuple(
        Entry(
            id=item["id"],
            en=item["en"],
            zh=item["zh"],
            en_def=item["en_def"],
            zh_def=item["zh_def"],
            links=tuple(_link(link) for link in item["links"]),
            en_forms=tuple(item.get("en_forms", ())),
            zh_forms=tuple(item.get("zh_forms", ())),
            zh_variants=tuple(item.get("zh_variants", ())),
            hover=item.get("hover", True),
        )
        for item in raw
    )


@functools.cache
def by_id() -> dict[str, Entry]:
    """The entries by id."""
    return {entry.id: entry for entry in entries()}


# --- Search ---------------------------------------------------------------------------------------

_DASHES = re.compile(r"[-‐‑‒–—―_]+")


def normalise(text: str) -> str:
    """Text as search compares it: NFKC (full-width letters as ASCII), case folded, dashes as spaces."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY * 4]).casefold()
    return " ".join(_DASHES.sub(" ", text).split())


@functools.cache
def _haystacks() -> tuple[tuple[Entry, tuple[str, ...], str], ...]:
    """Per entry: its names (normalised) and all of its words (names, definitions, id) in one string."""
    out = []
    for entry in entries():
        names = tuple(normalise(n) for n in (*entry.forms("en"), *entry.forms("zh"), *entry.zh_variants))
        words = " | ".join((*names, normalise(entry.en_def), normalise(entry.zh_def), normalise(entry.id)))
        out.append((entry, names, words))
    return tuple(out)


@functools.lru_cache(maxsize=256)  # a reader's query: bounded, so typing cannot grow the cache
def search(query: str) -> tuple[Entry, ...]:
    """The entries that match ``query`` in either language, best first; every entry for an empty query.

    A term that equals the query comes first, then terms that start with it, terms that contain it,
    and last the entries whose definition mentions it; the file's order breaks ties.
    """
    wanted = normalise(query[:MAX_QUERY])
    if not wanted:
        return entries()
    ranked = []
    for i, (entry, names, words) in enumerate(_haystacks()):
        if wanted not in words:
            continue
        if wanted in names:
            rank = 0
        elif any(name.startswith(wanted) for name in names):
            rank = 1
        elif any(wanted in name for name in names):
            rank = 2
        else:
            rank = 3
        ranked.append((rank, i, entry))
    return tuple(entry for _, _, entry in sorted(ranked, key=lambda r: r[:2]))


# --- Definitions on hover -------------------------------------------------------------------------

# Spans a term is never looked for in: formulas ($…$, $$…$$), code (`…`), markdown links and
# directives already there (:blue[…], :help[…]).
_PROTECTED = re.compile(
    r"\$\$.+?\$\$"
    r"|(?<!\\)\$(?:\\.|[^$\\])+?\$"
    r"|`[^`]*`"
    r"|:[A-Za-z][\w-]*\[[^\]]*\](?:\{[^}]*\})?"
    r"|!?\[[^\]]*\]\([^)]*\)",
    re.S,
)
_ASCII = re.compile(r"[A-Za-z0-9]")
_ESCAPE = re.compile(r"([\\`*_\[\]{}<>$~#|:])")
_EDGE = r"A-Za-z0-9\-"  # a term in Latin letters is a whole word: not "rank" in "rank-one", not "nat" in "natural"


def _latin(form: str) -> bool:
    return bool(_ASCII.match(form[0]) and _ASCII.match(form[-1]))


def _bounded(form: str) -> str:
    """A form with a word boundary at each end that is a Latin letter or digit."""
    start = rf"(?<![{_EDGE}])" if _ASCII.match(form[0]) else ""
    end = rf"(?![{_EDGE}])" if _ASCII.match(form[-1]) else ""
    return start + _literal(form) + end


def _literal(form: str) -> str:
    """A form as a regular expression; an acronym (TP, SGD, PCA) matches in capitals only."""
    return f"(?-i:{re.escape(form)})" if form.isupper() and len(form) > 1 else re.escape(form)


@functools.cache  # 2 languages × 10 lessons, compiled once per server
def _matcher(lang: str, page: str) -> tuple[re.Pattern[str], dict[str, Entry]]:
    """One pattern for every term that ``page`` may mark, longest first, and the entry of each form.

    At any place in a text the longest term wins, so "cross-entropy" is one term, not "entropy". The
    terms written in Latin letters share one pair of word boundaries and, in English, a plural ending:
    written out per term (or as a named group per term, to tell which matched) the pattern took
    0.1 to 0.6 s to compile.
    """
    shown = [entry for entry in entries() if entry.shown_on(page)]
    found = {form.casefold(): entry for entry in shown for form in entry.forms(lang)}
    forms = sorted({form for entry in shown for form in entry.forms(lang)}, key=lambda f: (-len(f), f))
    mixed = [_bounded(f) for f in forms if not _latin(f)]  # Chinese, or Latin at one end (KL 散度, F₁)
    plural = "(?:e?s)?" if lang == "en" else ""
    latin = rf"(?<![{_EDGE}])(?:{'|'.join(_literal(f) for f in forms if _latin(f))}){plural}(?![{_EDGE}])"
    return re.compile("|".join([*mixed, latin]), re.IGNORECASE), found


def _entry(word: str, found: dict[str, Entry]) -> Entry:
    """The entry of a matched word, which may be a plural of its form."""
    key = word.casefold()
    return found.get(key) or found.get(key.removesuffix("s")) or found[key.removesuffix("es")]


def tooltip(entry: Entry, lang: str) -> str:
    """What the reader sees on hover: the term, its name in the other language, and its definition."""
    other = "en" if lang == "zh" else "zh"
    return lookup("glossary.tooltip", lang).format(
        term=entry.term(lang), other=entry.term(other), definition=entry.definition(lang)
    )


def escape(text: str) -> str:
    """``text`` with every character that markdown (or a Streamlit directive) reads as syntax escaped."""
    return _ESCAPE.sub(r"\\\1", text)


def literal(text: str) -> str:
    """``text`` as an inline code span: markdown shows it character for character, with no link, image or formula.

    Escaping alone is not enough for a reader's text: GitHub-flavoured markdown still turns a bare
    https://… into a link.
    """
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _directive(text: str) -> str:
    return f":help[{escape(text)}]"


def _found(text: str, pattern: re.Pattern[str], found: dict[str, Entry]) -> Iterable[tuple[int, Entry]]:
    """(where the term ends, the entry) for each term in ``text`` outside formulas, code and links."""
    at = 0
    for gap in (*_PROTECTED.finditer(text), None):
        stop = gap.start() if gap else len(text)
        for match in pattern.finditer(text, at, stop):
            yield match.end(), _entry(match.group(), found)
        at = gap.end() if gap else stop


@functools.lru_cache(maxsize=512)  # the lessons' texts in two languages: about 100 strings
def annotate(text: str, lang: str, page: str, demo: str | None = None) -> str:
    """``text`` with a hover definition after the first use of each glossary term, at most a few.

    Terms that ``demo`` teaches come first, then those of its page, then the rest, in the order they
    appear; none inside a formula, code or a link.
    """
    pattern, found = _matcher(lang, page)
    first: dict[str, tuple[int, Entry]] = {}
    for end, entry in _found(text, pattern, found):
        first.setdefault(entry.id, (end, entry))

    def priority(item: tuple[int, Entry]) -> tuple[int, int]:
        end, entry = item
        if Link(page, demo) in entry.links:
            return 0, end
        return (1 if any(link.page == page for link in entry.links) else 2), end

    chosen = sorted(sorted(first.values(), key=priority)[:MARKS_PER_TEXT], key=lambda item: item[0])
    out, at = [], 0
    for end, entry in chosen:
        while end < len(text) and text[end] == "*":  # after the closing ** of a bold term, not inside it
            end += 1
        out += [text[at:end], _directive(tooltip(entry, lang))]
        at = end
    return "".join(out) + text[at:]


def link_label(link: Link, lang: str) -> str:
    """The words of a link to where a term is taught: the lesson's number and its demo's (or its own) title."""
    principle = BY_KEY[link.page]
    title = lookup(f"{link.page}.{link.demo}.title" if link.demo else f"{link.page}.short", lang)
    return f"{principle.number}. {title}"
