"""Share by link: opens the link the page was loaded with, then keeps the address bar on what is shown (see
:mod:`smartgov.viz.share_link` for what a link carries)."""

from __future__ import annotations

import solara

from smartgov.viz.components import state
from smartgov.viz.i18n import t
from smartgov.viz.share_link import encode


def current_query() -> str | None:
    view = state.current_view()
    return None if view is None else encode(view)


@solara.component
def LinkSync() -> None:
    """Invisible: the link is opened once per page; afterwards every change of set-up, language or tab updates the
    address (no reload; the browser's history keeps the earlier views)."""
    router = solara.use_router()
    opened = solara.use_ref(False)
    query = current_query()

    def open_once() -> None:
        if not opened.current:
            opened.current = True
            state.open_link(router.search or "")

    def sync() -> None:
        if router.set_path is None:  # no address bar: rendered outside a Solara server (a notebook, a test)
            return
        now = current_query()  # read when the effect runs: the link just opened may have changed the view
        if opened.current and now is not None and now != (router.search or ""):
            router.push(f"{router.path or '/'}?{now}")

    solara.use_effect(open_once, [])
    solara.use_effect(sync, [query])


@solara.component
def SharePanel() -> None:
    lang = state.lang.value
    query = current_query()
    with solara.Column(gap="2px", classes=["sg-share"]):
        solara.Text(t("share_title", lang), style={"font-weight": "600"})
        if query is None:
            solara.Text(t("share_uploaded", lang), style={"font-size": "0.85em"})
        else:
            solara.Text(t("share_hint", lang), style={"font-size": "0.85em"})
            solara.Text(f"?{query}", classes=["sg-share-query"],
                        style={"font-size": "0.75em", "word-break": "break-all", "font-family": "monospace"})
