"""The shared sidebar filters: render the Filter as widgets, keep it in the URL.

The Filter is read from the URL on a session's first run and kept in session state; widget
callbacks update it before the rerun, and every run writes it back to the URL, so a copied
link reproduces the view. Facet options show their counts; since a widget's value is stored
as its displayed labels, each run gives a facet's widget the Filter's codes before drawing it,
under the same key: the browser updates the widget in place when the counts change instead of
building a new one.

Order of a run: app.py reserves the panel's place at the top of the sidebar (`reserve`); the page
shows its title and count line, computes its map, table or chart data, then calls `render` to draw
the panel there, then draws its map, table or charts. Streamlit sends each element as soon as it is
made, and the browser draws together every element that reached it by its next frame. A filter
change redraws up to seven facet widgets (their counts change): in the same frame, they held the
count back by about 40 ms. Drawn after the page's own computation, the panel reaches the browser
after it has drawn the count line (docs/benchmarks.md, « Filter click in the browser »).
"""
from __future__ import annotations

import threading

import streamlit as st

from .. import filters as F
from .. import i18n
from . import data, page

STATE = "acp_filter"
GENERATION = "acp_filter_generation"
DROPPED = "acp_filter_dropped"  # (facet, code) a link asked for that the data no longer has: said once, left out
URL_KEYS = ("q", "from", "to", "criteria", *F.FACET_NAMES)
_run = threading.local()  # this script run's reserved sidebar place (a run is one thread)


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def current() -> F.Filter:
    """This session's Filter (from the URL on its first run)."""
    if STATE not in st.session_state:
        params = _url_params()
        f, dropped = F.from_query(params), F.invalid_values(params)
        if f.values:
            f, absent = F.absent_values(f, data.present_values(data.version()))
            dropped += absent
        st.session_state[STATE] = f
        st.session_state[GENERATION] = 0
        st.session_state[DROPPED] = dropped
    return st.session_state[STATE]


def dropped() -> list[tuple[str, str]]:
    """The values the opened link asked for that are left out (until the Filter changes)."""
    return st.session_state.get(DROPPED) or []


def _set(new: F.Filter) -> None:
    st.session_state[STATE] = new
    st.session_state[DROPPED] = []


def remove(part: str, code: str | None = None) -> None:
    """A chip's callback (presentation mode): the Filter less that part; the panel's widgets are rebuilt."""
    _set(F.without(current(), part, code))
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def add_values(picks: dict[str, str]) -> bool:
    """A click on a chart: add each code to its facet's selected values and rebuild the sidebar
    widgets from the new Filter. Codes are checked as a URL's are (an unknown one is dropped).
    Returns True when the Filter changed."""
    f = current()
    new = f
    for facet, code in picks.items():
        valid = F.from_query({facet: [str(code)]}).selected(facet) if facet in F.FACET_NAMES else ()
        if valid and valid[0] not in new.selected(facet):
            new = new.with_values(facet, (*new.selected(facet), valid[0]))
    if new == f:
        return False
    _set(new)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    return True


def sync_url(f: F.Filter) -> None:
    """Write the Filter into the URL, leaving other parameters (language, page state) alone."""
    wanted = F.to_query(f)
    for key in URL_KEYS:
        have = st.query_params.get_all(key)
        if wanted.get(key, []) != have:
            if key in wanted:
                st.query_params[key] = wanted[key]
            elif key in st.query_params:
                del st.query_params[key]


def _reset() -> None:
    _set(F.Filter())
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def _on_text(key: str) -> None:
    _set(F.replace(current(), q=str(st.session_state[key] or "")[:F.SEARCH_MAX].strip()))


def _on_facet(name: str, key: str) -> None:
    _set(current().with_values(name, st.session_state[key] or []))


def _on_years(key: str, bounds: tuple[int, int]) -> None:
    lo, hi = st.session_state[key]
    _set(F.replace(current(), year_min=None if lo == bounds[0] else lo, year_max=None if hi == bounds[1] else hi))


def _on_criteria(key: str) -> None:
    _set(F.replace(current(), criteria=st.session_state[key]))


def reserve(place=None) -> None:
    """app.py, before the page runs: the panel's place at the top of the sidebar (`render` fills it); in
    presentation mode, a place in the page (acp.ui.present)."""
    _run.place = place if place is not None else st.sidebar.container()


def render(lang: str, version: int) -> None:
    """Draw the filters in the sidebar place `reserve` kept and keep the URL in step. `version` is the data
    version the page read: the facets count the same data."""
    place, _run.place = getattr(_run, "place", None) or st.sidebar, None
    f = current()
    gen = st.session_state[GENERATION]
    with place:
        st.header(i18n.t("filters", lang))
        key = f"filter-q-{gen}"
        st.text_input(i18n.t("search", lang), value=f.q, key=key, on_change=_on_text, args=(key,),
                      placeholder=i18n.t("search_hint", lang), max_chars=F.SEARCH_MAX)
        all_counts = data.all_facet_counts(version, f)
        for facet in F.FACETS:
            counts = all_counts[facet.name]
            labels = {v: f"{i18n.value_label(facet.column, v, lang)} ({n})" for v, n in zip(counts["value"], counts["n"])}
            key = f"filter-{facet.name}-{gen}"
            st.session_state[key] = [c for c in f.selected(facet.name) if c in labels]  # under today's labels
            st.multiselect(facet.column.label(lang), list(labels), format_func=labels.__getitem__, key=key,
                           on_change=_on_facet, args=(facet.name, key), placeholder=i18n.t("any", lang),
                           select_all=False)
        bounds = data.year_bounds(version)
        if bounds and bounds[0] < bounds[1]:
            key = f"filter-years-{gen}-{bounds}"
            value = (max(bounds[0], f.year_min or bounds[0]), min(bounds[1], f.year_max or bounds[1]))
            st.slider(i18n.t("start_years", lang), bounds[0], bounds[1], value, key=key,
                      on_change=_on_years, args=(key, bounds))
        key = f"filter-criteria-{gen}"
        options = [None, *F.CRITERIA_CHOICES]
        st.selectbox(i18n.t("criteria_filter", lang), options, index=options.index(f.criteria), key=key,
                     format_func=lambda c: i18n.t(f"criteria_{c or 'any'}", lang), on_change=_on_criteria, args=(key,),
                     help=i18n.t("criteria_help", lang))
        st.button(i18n.t("reset_filters", lang), on_click=_reset, disabled=f.is_empty, icon=":material/restart_alt:",
                  use_container_width=True)
        page.count_line(version, f, lang, main=False)  # the same line as the page's, at the foot of the panel
    sync_url(f)
