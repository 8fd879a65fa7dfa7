"""Entry and router: `streamlit run Home.py`.

Sets up the page, checks the URL once, draws the language switch and the
navigation (sections by branch of mathematics, translated titles, ASCII
paths), then runs the page the reader asked for. Home itself is the map of
the ten principles.
"""

from pathlib import Path

import streamlit as st

from ui import access, connection, i18n, perf, predict, present, state
from ui.catalog import BRANCHES, BY_KEY, GLOSSARY, PRINCIPLES, url_of
from ui.i18n import t

perf.install()
# Lecture mode gives the projector the whole width; the sidebar, with its switch, is one click away.
st.set_page_config(
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if present.active() else "auto",
)
state.keep_history()
state.sanitize_query_params()
# A chart of fixed size (a square picture of the plane) shrinks to fit a phone instead of overflowing;
# a canvas chart carries its size in an inline style, hence !important. The history keeper's and the
# accessibility script take no room. Streamlit draws a caption in the text colour at opacity 0.6: 3.9:1
# on the light theme's white, under WCAG AA's 4.5:1 (axe's color-contrast); at 0.75 it is 6.1:1 on white
# and above 10:1 in the dark theme. KaTeX draws a display formula 2 px wider than its
# box, which Streamlit makes scroll sideways: a scrollable region a keyboard cannot reach (axe's
# scrollable-region-focusable), unless the formula gets those 2 px.
st.html(
    "<style>[data-testid='stVegaLiteChart'] :is(svg, canvas) {max-width: 100%; height: auto !important;}"
    " [data-testid='stElementContainer']:has(> .stHtml > :is(#mathdl-history, #mathdl-access)) {display: none;}"
    ""
    " .stApp [data-testid='stCaptionContainer'] {opacity: 0.75;}"
    " .katex-display > .katex {padding-right: 2px;}</style>"
)
access.install()
i18n.init_language()
present.toggle()

PAGES = {
    p.key: st.Page(p.file, title=f"{p.number}. {t(f'{p.key}.short')}", icon=p.icon, url_path=p.url)
    for p in PRINCIPLES
    if p.built
}


def principle_card(key: str) -> None:
    p = BY_KEY[key]
    with st.container(border=True, height="stretch", key=f"home_card_{key}"):
        st.markdown(f"### {p.number}. {t(f'{key}.title')}")  # under its branch's h2: no level skipped
        st.markdown(t(f"{key}.tagline"))
        if p.builds_on:
            names = t("home.list_separator").join(f"{BY_KEY[k].number}. {t(f'{k}.title')}" for k in p.builds_on)
            st.caption(t("home.builds_on", names=names))
        if key in PAGES:
            st.page_link(PAGES[key], label=t("home.open"), icon=":material/arrow_forward:")
        else:
            st.caption(t("home.coming"), help=t("home.coming_help"))


def overview() -> None:
    if present.active():
        present.start()
    st.title(t("home.title"))
    # A card's title is an h3 under its branch's h2 (axe's heading-order), drawn at an h4's size as before.
    st.html("<style>[class*='st-key-home_card_'] h3 {font-size: 1.5rem;}</style>")
    st.markdown(t("home.intro"))
    for branch in BRANCHES:
        st.header(t(f"nav.{branch}"))
        keys = [p.key for p in PRINCIPLES if p.branch == branch]
        for column, key in zip(st.columns(3), keys, strict=False):  # a branch may have fewer than three
            with column:
                principle_card(key)
    predict.scoreboard()
    st.header(t("home.use_title"))
    st.markdown(t("home.use_text"))
    st.code("pip install -r requirements.txt && streamlit run Home.py", language="bash")


home = st.Page(overview, title=t("home.nav"), icon=":material/home:", default=True)
sections = {t("nav.start"): [home]}
for branch in BRANCHES:
    built = [PAGES[p.key] for p in PRINCIPLES if p.branch == branch and p.key in PAGES]
    if built:
        sections[t(f"nav.{branch}")] = built
sections[t("glossary.section")] = [
    st.Page(GLOSSARY, title=t("glossary.nav"), icon=":material/translate:", url_path=url_of(GLOSSARY))
]


page = st.navigation(sections)
page.run()
connection.watch()  # after the page, so that its elements come first
