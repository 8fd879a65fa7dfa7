// One browser-history entry per page visit, and an address that names the page on screen.
//
// Streamlit's frontend (1.67) writes the address in three places: a bound widget the reader moves
// replaces the entry (WidgetStateManager.updateUrlParam); every query string the server sends
// (st.query_params writes, bound widgets seeded or corrected, another page's parameters dropped)
// PUSHES a new entry (App.handlePageInfoChanged); and the path of a new page is pushed when its
// navigation message arrives (App.maybeUpdatePageUrl), often after the query strings of the same run.
// A visit thus left 2-3 entries, those before the path holding the old page's path with the new
// page's parameters. This module, installed once per document by ui/state.py, keeps those calls but
// decides what each one does:
//   - a page visit starts with a click on a link to one of the app's pages; its first write pushes
//     one entry, which every later write of the visit replaces, with the visit's path (writes sent
//     before the navigation message would otherwise name the page being left);
//   - a click while the last visit's page has not yet started reuses that visit's entry;
//   - any other write replaces the current entry (widget moves, reruns, Back and Forward);
//   - the server declares the page it runs (ui/state.py, every full run): if the address names
//     another page, it is corrected.

const GUARD = "__mathdlHistory";

function install() {
  const h = window.history;
  const push = h.pushState.bind(h);
  const replace = h.replaceState.bind(h);
  const g = { pages: [""], visit: null };

  // The page a path names: its last segment ("" for Home), or null outside the app.
  const pageOf = (pathname) => {
    const last = pathname.split("/").pop();
    return g.pages.includes(last) ? last : null;
  };
  const pathOf = (page) => {
    const here = location.pathname;
    return here.slice(0, pageOf(here) === null ? here.length : here.lastIndexOf("/") + 1) + page;
  };

  function write(kind, state, title, url) {
    const to = new URL(url, location.href);
    const v = g.visit;
    if (!v) {
      const newPage = kind === "push" && pageOf(to.pathname) !== pageOf(location.pathname);
      return (newPage ? push : replace)(state, title, to.href);
    }
    if (to.pathname !== location.pathname) {
      v.to = pageOf(to.pathname); // the path Streamlit gives is the page it shows
    } else if (v.to !== null) {
      to.pathname = pathOf(v.to); // a query string for the page being opened, sent before its path
    }
    if (!v.pushed) {
      if (location.href !== v.from) replace(h.state, "", v.from);
      v.pushed = true;
      return push(state, title, to.href);
    }
    return replace(state, title, to.href);
  }
  h.pushState = (state, title, url) => write("push", state, title, url);
  h.replaceState = (state, title, url) => write("replace", state, title, url);

  document.addEventListener(
    "click",
    (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
      const to = new URL(a.href, location.href);
      if (to.origin !== location.origin || to.hash || pageOf(to.pathname) === null) return;
      const v = g.visit;
      g.visit =
        v && !v.history
          ? { ...v, to: pageOf(to.pathname) } // the reader changed their mind before the page ran
          : { from: location.href, to: pageOf(to.pathname), pushed: false };
    },
    true,
  );
  // Back and Forward: the browser has chosen the entry; Streamlit's writes while it reruns replace it.
  window.addEventListener("popstate", () => {
    g.visit = { history: true, to: pageOf(location.pathname), pushed: true };
  }, true);

  // The server runs `page`: the visit to it is over, and the address must name it.
  function declare(page, pages) {
    g.pages = pages;
    const v = g.visit;
    if (v && v.to !== null && v.to !== page) return; // a run the reader has already left
    if (pageOf(location.pathname) !== page) {
      const url = pathOf(page) + location.search;
      if (v && !v.pushed) push(h.state, "", url);
      else replace(h.state, "", url);
    }
    g.visit = null;
  }
  return { declare };
}

export default function ({ data }) {
  window[GUARD] ??= install();
  window[GUARD].declare(data.page, data.pages);
}
