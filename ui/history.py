"""The browser's history: one entry per page visit, and an address that names the page on screen.

Streamlit's frontend (1.67) writes the address in three places (static/js/index.*.js):

- a bound widget the reader moves replaces the entry (``WidgetStateManager.updateUrlParam``);
- every query string the server sends PUSHES a new entry (``App.handlePageInfoChanged``): a write to
  ``st.query_params``, a bound widget seeded or corrected, another page's parameters dropped on a
  page change; only while Back or Forward reruns a page does it replace;
- the path of a new page is pushed when its navigation message arrives (``App.maybeUpdatePageUrl``),
  usually after the query strings the same run sent, which were pushed under the old path.

A visit through the sidebar thus left two or three entries, those before the path holding the old
page's path with the new page's query string, and Back needed as many presses per page.

:func:`install` puts a small script in the page (first element of every run, drawn hidden; it runs
once per document) that keeps Streamlit's calls but decides what each one does. A click on a link
to one of the app's pages starts a visit: its first write pushes one entry, and every later write
replaces it, under the visit's path, until Streamlit marks the page as current in its navigation
(``aria-current="page"``). A click made before that retargets the same entry. Every other write
replaces the current entry: widget moves, reruns, the writes of a page that Back or Forward
restores. Whenever Streamlit's current page and the address disagree with no visit under way, the
address is corrected.

The script is a literal in the call, as every ``st.html`` of this app must be (tests/test_pages.py).
"""

from __future__ import annotations

import streamlit as st


def install() -> None:
    """Draw the history keeper; call it first in every full run, before anything writes the URL."""
    st.html(
        """<script id="mathdl-history">
(() => {
  if (window.mathdlHistory) return;
  const h = window.history;
  const mark = (state) => ({ ...state, mathdl: true }); // the entries this script has written
  const push = (state, title, url) => History.prototype.pushState.call(h, mark(state), title, url);
  const replace = (state, title, url) => History.prototype.replaceState.call(h, mark(state), title, url);
  const LINKS = '[data-testid="stSidebarNav"] a[href]';
  let visit = null; // {from, to, pushed} after a click; {history: true, to} after Back or Forward
  let folding = null; // the address to keep while stepping back over entries pushed before this script ran

  const pages = () => [...document.querySelectorAll(LINKS)].map((a) => new URL(a.href).pathname);
  const shown = () => {
    const a = document.querySelector(LINKS + '[aria-current="page"]');
    return a ? new URL(a.href).pathname : null;
  };
  const sorted = (search) => [...new URLSearchParams(search)].map(String).sort().join("&");

  function write(kind, state, title, url) {
    const to = new URL(url, location.href);
    const v = visit;
    if (folding) {
      folding = to.href;
      return replace(state, title, to.href);
    }
    if (!v) {
      const newPage = kind === "push" && to.pathname !== location.pathname;
      (newPage ? push : replace)(state, title, to.href);
      return check();
    }
    if (to.pathname !== location.pathname) v.to = to.pathname; // the page Streamlit opens
    else to.pathname = v.to; // a query string for the page being opened, sent before its path
    if (v.history || v.pushed) {
      replace(state, title, to.href);
    } else {
      if (location.href !== v.from) replace(h.state, "", v.from);
      v.pushed = true;
      push(state, title, to.href);
    }
    check();
  }
  h.pushState = (state, title, url) => write("push", state, title, url);
  h.replaceState = (state, title, url) => write("replace", state, title, url);

  // A visit is over once Streamlit shows its page (a visit to the same page: once it has its entry).
  // With none under way, the address must name the page Streamlit shows.
  function check() {
    const page = shown();
    const v = visit;
    const arrived = page === null || page === v?.to; // no navigation drawn (hidden): no page to wait for
    if (v && (!arrived || (!v.history && !v.pushed))) return;
    visit = null;
    if (page && location.pathname !== page) replace(h.state, "", page + location.search);
  }
  new MutationObserver(check).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-current"],
  });

  document.addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
    if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
    const to = new URL(a.href, location.href);
    if (to.origin !== location.origin || to.hash || !pages().includes(to.pathname)) return;
    const rerun = to.pathname === location.pathname && (!to.search || sorted(to.search) === sorted(location.search));
    if (rerun) return; // the page's own link: Streamlit runs it again, no visit
    visit = visit && !visit.history ? { ...visit, to: to.pathname } : { from: location.href, to: to.pathname };
  }, true);
  window.addEventListener("popstate", (e) => {
    if (!folding) {
      visit = { history: true, to: location.pathname };
      return;
    }
    e.stopImmediatePropagation(); // a step of the fold, not the reader's: Streamlit must not rerun
    if (h.state && !h.state.mathdl) return h.back();
    replace(h.state, "", folding);
    folding = null;
  }, true);

  // Streamlit's first run writes the URL (?lang=) before this script is in place, and each write pushed
  // an entry over the one the reader opened: step back over them and give that one the address.
  const opened = performance.getEntriesByType("navigation")[0];
  if (opened && opened.type === "navigate" && h.state && !h.state.mathdl) {
    folding = location.href;
    h.back();
  }
  window.mathdlHistory = { shown, visit: () => visit };
})();
</script>""",
        unsafe_allow_javascript=True,
    )
