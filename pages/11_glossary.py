"""The glossary (术语表): every term of the ten lessons, English ↔ 中文, searchable in either language.

Not a lesson: no formulas and no demos, one list read from locales/glossary.toml by ui.glossary, lesson
by lesson, each folded until opened. Each entry shows the term in the reader's language, its name in the
other, its definition, and links to the demos that teach it. The search box is kept in the URL
(?gl_q=softmax), so a link opens the glossary on a term; what a reader types is only ever compared and
shown as text.
"""

import streamlit as st

from ui import glossary, layout
from ui.catalog import BY_KEY
from ui.i18n import current, t

layout.through_home()

CARD = 400  # pixels: two cards side by side in a wide window, one on a phone


def entry(item: glossary.Entry, lang: str) -> None:
    """One term: both names, the definition in the reader's language, other translations, where it is taught."""
    other = "zh" if lang == "en" else "en"
    with st.container(border=True, gap="small", width=CARD, key=f"gl_term_{item.id}"):
        st.markdown(
            f"**{glossary.escape(item.term(lang))}** · {glossary.escape(item.term(other))}  \n"
            f"{glossary.escape(item.definition(lang))}"
        )
        if item.zh_variants:
            st.caption(t("glossary.variants", names=t("glossary.separator").join(item.zh_variants)))
        with st.container(horizontal=True, gap=None):
            for link in item.links:
                principle = BY_KEY[link.page]
                st.page_link(
                    principle.file,
                    label=glossary.link_label(link, lang),
                    icon=principle.icon,
                    query_params={"lang": lang} | ({"demo": link.demo} if link.demo else {}),
                )


@st.fragment  # typing reruns the list, not the router around it
def terms() -> None:
    """The search box and the entries it lets through: best match first, or lesson by lesson, each opened on demand."""
    lang = current()
    query = st.text_input(
        t("glossary.search"),
        key="gl_q",
        bind="query-params",
        max_chars=glossary.MAX_QUERY,
        placeholder=t("glossary.placeholder"),
        help=t("glossary.search_help"),
        icon=":material/search:",
        live=True,
    )
    query = query or ""
    found = glossary.search(query)
    searched, total = bool(glossary.normalise(query)), len(glossary.entries())  # as the search reads the box
    # How many of them a search found; before one, just how many there are.
    st.caption(t("glossary.count", shown=len(found), total=total) if searched else t("glossary.all", total=total))
    if not found:
        # What the reader typed (or a link typed for them) is shown as code: as text, never as markdown.
        st.info(t("glossary.none", query=glossary.literal(" ".join(query.split()))), icon=":material/search_off:")
    if searched:  # best match first
        cards(found, lang)
        return
    # Lesson by lesson, each folded until opened: its cards are drawn only then. All 273 at once made the
    # glossary the dearest first view of the app when a class opened it together (1,250 elements).
    for lesson in dict.fromkeys(item.lesson for item in found):
        items = [item for item in found if item.lesson == lesson]
        label = t("glossary.lesson", number=BY_KEY[lesson].number, title=t(f"{lesson}.title"), count=len(items))
        group = st.expander(label, key=f"gl_lesson_{lesson}", on_change="rerun")
        if group.open:
            with group:
                cards(items, lang)


def cards(items: list[glossary.Entry], lang: str) -> None:
    """The entries side by side where they fit."""
    with st.container(horizontal=True, wrap=True, gap="small"):
        for item in items:
            entry(item, lang)


# A page link keeps its label on one line and cuts it with an ellipsis: "10. A classifier at a threshold:
# confusion matrix, precis…" on a card, and most of any Chinese title on a phone. In a card, let it wrap.
st.html(
    "<style>[class*='st-key-gl_term_'] [data-testid='stPageLink'] :is(span, p) {white-space: normal !important}</style>"
)
st.title(t("glossary.title"))
st.markdown(t("glossary.intro"))
terms()
