"""Presentation mode and « Partager cette vue »: one call, `toolbar`, under a page's count line.

Presentation mode is for a facilitator's screen share (often 1280×720): `?present=1` in the URL, kept there like
every filter, so a shared link keeps it. app.py then hides the navigation and leaves the sidebar empty (no
language switch, the filter panel goes into the « Filtres » popover), and `toolbar` adds CSS that hides
Streamlit's header, menu and toolbar, gives the content the whole width and scales the text with the window
(body ≥ 20 px and the count line ≥ 28 px at 1280 px wide, larger at 1920), the active filters as chips (buttons:
a click, Enter or Space removes one), and a keyboard listener: Escape clicks « Quitter la présentation ».

A page that offers the mode lists its url_path in PAGES and calls `toolbar(lang, "<path>", …)` once, after its
count line (filtered pages pass their Filter and data version).

« Partager cette vue » gives a short link /v/<code> (acp.share, acp.store.short_links, acp.web.short_links) for
exactly the view on screen, a copy button (st.code's) and a QR code of the link (segno, PNG, with an alt text).
Its popover reruns the page when opened and computes the link only then: a filter change writes nothing.
"""
from __future__ import annotations

import html
import logging

import duckdb
import segno
import streamlit as st

from .. import charts, i18n, share, store
from .. import filters as F
from . import data, filter_panel, page

_log = logging.getLogger(__name__)
PARAM = "present"
PAGES = frozenset({"carte", "assemblees", "typologie", "editions", "sondage", "calendrier"})
EXIT_KEY = "present-exit"
CHART_FONT_SCALE = 1.6  # the charts' 13 px labels at about 21 px (acp.charts.scaled_fonts)
QR_SCALE = 12  # module size in px: a version 3-4 code is about 400 px wide, readable from a projected slide

CSS = """<style>
header[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stSidebar],
[data-testid=stSidebarCollapsedControl], [data-testid=stExpandSidebarButton], [data-testid=stMainMenu] {display: none !important}
html {font-size: clamp(20px, 1.6vw, 36px)}
.block-container, [data-testid=stMainBlockContainer] {max-width: 100% !important; padding: 0.75rem 1.5rem 1rem !important}
[data-testid=stMainBlockContainer] :is(p, li, label, td, th, button, input, span, div) {font-size: inherit}
[data-testid=stMainBlockContainer] h1 {font-size: 1.6rem !important; padding: 0 !important}
:is([data-testid=stMainBlockContainer], [data-testid=stPopoverBody]) h2 {font-size: 1.35rem !important}
:is([data-testid=stMainBlockContainer], [data-testid=stPopoverBody]) h3 {font-size: 1.15rem !important}
.st-key-acp-count p, .st-key-acp-count strong {font-size: clamp(28px, 2.5vw, 56px) !important; line-height: 1.2}
[class*=st-key-chip-] button {border-radius: 999px}
</style>"""
# Escape leaves the mode unless it closes something first (a popover, a drop-down list) or edits a field.
ESCAPE_JS = """<script>
if (!window.__acpPresentEscape) {
  window.__acpPresentEscape = true;
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const exit = document.querySelector('.st-key-present-exit button');
    if (!exit || document.querySelector('[data-testid=stPopoverBody], [role=listbox], [role=dialog]')) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    exit.click();
  });
}
</script>"""


def requested() -> bool:
    """`?present=1` in the URL (app.py reads it before the navigation is built)."""
    return page.url_flag(PARAM, False)


def _turn_on() -> None:
    st.query_params[PARAM] = "1"


def _turn_off() -> None:
    st.query_params.pop(PARAM, None)


def chip_label(part: str, code: str | None, f: F.Filter, lang: str) -> str:
    """« France », « Commune », « 2021–2024 », « "jeunes" »: what a chip shows."""
    if part == "q":
        return i18n.t("chip_search", lang, q=f.q)
    if part == "years":
        if f.year_min is not None and f.year_max is not None:
            return i18n.t("chip_years", lang, lo=f.year_min, hi=f.year_max)
        if f.year_min is not None:
            return i18n.t("chip_from", lang, lo=f.year_min)
        return i18n.t("chip_to", lang, hi=f.year_max)
    if part == "criteria":
        return i18n.t(f"criteria_{f.criteria}", lang)
    return i18n.value_label(F.Facet(part, False).column, code, lang)


def _part_name(part: str, lang: str) -> str:
    return {"q": i18n.t("search", lang), "years": i18n.t("start_years", lang),
            "criteria": i18n.t("criteria_filter", lang)}.get(part) or F.Facet(part, False).column.label(lang)


def _chips(f: F.Filter, lang: str) -> None:
    """One button a part of the Filter: its value as label, a click (or Enter, Space) removes it."""
    parts = F.parts(f)
    if not parts:
        st.markdown(i18n.t("no_active_filter", lang))
    for i, (part, code) in enumerate(parts):
        label = chip_label(part, code, f, lang)
        # No `help`: in a horizontal container, Streamlit keeps a second, zero-width copy of a button with a
        # tooltip, which Tab still reaches.
        st.button(label, key=f"chip-{part}-{code or i}", icon=":material/close:", on_click=filter_panel.remove,
                  args=(part, code))


def view_params(f: F.Filter | None) -> dict[str, list[str]]:
    """The URL's parameters of the view on screen, the Filter's as they are now (the URL follows it at the end of
    the run)."""
    params = {k: st.query_params.get_all(k) for k in st.query_params if f is None or k not in filter_panel.URL_KEYS}
    return {**params, **(F.to_query(f) if f is not None else {})}


def qr_png_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=4, dark="#000", light="#fff")


def _share(lang: str, path: str, f: F.Filter | None) -> None:
    pop = st.popover(i18n.t("share_view", lang), icon=":material/share:", on_change="rerun", key=f"share-{path}")
    if not pop.open:
        return
    with pop:
        target = share.canonical(path, view_params(f))
        try:
            code = store.short_code(data.cursor(), target)
        except (store.StoreError, duckdb.Error) as exc:  # a busy or full disk: the page goes on without the link
            _log.warning("lien court non créé : %s", exc)
            st.warning(i18n.t("share_failed", lang))
            return
        url = share.short_url(st.context.url, code) if st.context.url else share.PREFIX + code
        st.code(url, language=None)
        alt = html.escape(i18n.t("share_qr_alt", lang, url=url))
        st.html(f'<img class="acp-qr" src="{qr_png_data_uri(url)}" alt="{alt}" '
                'style="width:clamp(240px, 38vh, 480px);height:auto;image-rendering:pixelated">')
        st.caption(i18n.t("share_qr_caption", lang) + " " + i18n.t("share_help", lang))


def altair_chart(chart, **kwargs) -> None:
    """st.altair_chart, with the chart's fonts enlarged in presentation mode (acp.charts.scaled_fonts)."""
    if requested():
        st.vega_lite_chart(charts.scaled_fonts(chart.to_dict(), CHART_FONT_SCALE), **kwargs)
    else:
        st.altair_chart(chart, **kwargs)


def toolbar(lang: str, path: str, f: F.Filter | None = None) -> bool:
    """Under the page's count line: the mode's control and « Partager cette vue »; in the mode, its CSS, the
    chips and the « Filtres » popover holding the filter panel (`f`: the page's Filter, on filtered pages).
    Returns whether the page is in presentation mode."""
    presenting = requested()
    notice = filter_panel.dropped() if f is not None else []
    if presenting:
        st.html(CSS + ESCAPE_JS, unsafe_allow_javascript=True)
    with st.container(horizontal=True, key="present-bar", gap="small", vertical_alignment="center"):
        if presenting and f is not None:
            _chips(f, lang)
            st.space("stretch")
            with st.popover(i18n.t("filters", lang), icon=":material/filter_list:", key="present-filters"):
                filter_panel.reserve(st.container())
        _share(lang, path, f)
        if presenting:
            st.button(i18n.t("present_off", lang), key=EXIT_KEY, on_click=_turn_off, icon=":material/close_fullscreen:")
        else:
            st.button(i18n.t("present_on", lang), key="present-on", on_click=_turn_on, icon=":material/slideshow:")
    if notice:
        values = ", ".join(f"{_part_name(name, lang)}{i18n.colon(lang)}"
                           f"{i18n.value_label(F.Facet(name, False).column, code, lang)}" for name, code in notice)
        st.warning(i18n.t("dropped_values", lang, count=len(notice), values=values), icon=":material/link_off:")
    return presenting
