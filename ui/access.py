"""What the app adds to Streamlit's own markup so that assistive technology reads it right.

axe-core (benchmarks/accessibility.py) finds, in Streamlit 1.67's sidebar navigation, list items
that are not children of their list: the ``<ul>`` holds one ``<div>`` per section, with the section's
header and its ``<li>`` links inside. A screen reader announces a broken list. :func:`install`
puts a small script in the page (first run of a document; it watches for the navigation being
drawn again) that marks the list and its items as presentational (``role="none"``): the
navigation stays a ``<nav>`` of section headers and links, which is what a reader uses. A display
formula or a code block wider than its column (Streamlit scrolls both sideways) gets ``tabindex="0"``,
so a keyboard can reach and scroll it (axe's scrollable-region-focusable).
"""

from __future__ import annotations

import streamlit as st


def install() -> None:
    """Draw the script (hidden by Home.py's style); call it once per full run."""
    st.html(
        """<script id="mathdl-access">
(() => {
  if (window.mathdlAccess) return;
  const NAV = '[data-testid="stSidebarNavItems"]';
  const mend = () => {
    for (const list of document.querySelectorAll(NAV)) {
      if (list.getAttribute("role") !== "none") list.setAttribute("role", "none");
      for (const item of list.querySelectorAll(":scope > div > li")) {
        if (item.getAttribute("role") !== "none") item.setAttribute("role", "none");
      }
    }
  };
  // A display formula or a code block wider than its column scrolls sideways: a keyboard reaches it to scroll it.
  let pending = false;
  const reach = () => {
    pending = false;
    for (const box of document.querySelectorAll(".katex-display:not([tabindex]), .stCode pre:not([tabindex])")) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    }
  };
  const look = () => {
    mend();
    if (!pending) pending = requestAnimationFrame(reach) || true; // one layout read a frame at most
  };
  look();
  // A tab shown changes attributes only: its formulas and code get their width then.
  const watched = { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-selected", "hidden"] };
  new MutationObserver(look).observe(document.body, watched);
  window.mathdlAccess = true;
})();
</script>""",
        unsafe_allow_javascript=True,
    )
