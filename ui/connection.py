"""What a reader sees when the server goes away under them, and how the page comes back.

Streamlit keeps the page on screen while it reconnects, and says so only in English ("Connecting",
in a corner). Worse, a restarted server knows none of the page's demos: each is a fragment, and a new
session drops the rerun of a fragment it has never run, so a slider moved after a restart would
redraw nothing, and the numbers beside it would no longer be its. Streamlit's page asks for a full
run when it reconnects only if the page has a timed fragment (or its last run was a fragment's:
streamlit/streamlit#11660). So every page gets:

- a notice in the reader's language, shown by a fixed style only while the connection is lost;
- an empty timed fragment, which makes Streamlit run the whole page again when it reconnects: a new
  session then draws it from the URL and the values the widgets hold, a resumed one just reruns.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t

KEY = "connection_lost"
ONCE_A_DAY = 86_400  # seconds: the timer is there to be seen by the page, not to run


def watch() -> None:
    """Draw the hidden notice and the timed fragment; call once per run, after the page."""
    with st.container(key=KEY):
        st.markdown(t("common.connection_lost"))
    # Shown over the page, wherever the reader has scrolled; its own colours, the same in both themes.
    st.html(
        """<style>
        .st-key-connection_lost {display: none}
        [data-testid="stApp"]:not([data-test-connection-state="CONNECTED"]) .st-key-connection_lost {
            display: block; position: fixed; top: 3.5rem; left: 50%; transform: translateX(-50%);
            width: min(36rem, calc(100vw - 2rem)); z-index: 1000000; padding: 0.75rem 1rem;
            border-radius: 0.5rem; background: #fff4d1; color: #4d3800; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
        }
        </style>"""
    )
    st.fragment(_nothing, run_every=ONCE_A_DAY)()


def _nothing() -> None:
    """The timed fragment's body: it draws nothing."""
