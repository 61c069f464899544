"""The few Streamlit helpers the pages share: the database connection and cached reads.

One DuckDB connection per process, held as a Streamlit resource; a cursor per script run.
Cached reads take the data version (the newest import's number) as an argument, so every
session sees new data on its next run after an import, without a manual cache flush.
"""
from __future__ import annotations

import streamlit as st

from . import filters, store
from . import i18n
from .i18n import DEFAULT_LANG, LANGS


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    store.build_if_missing(path)
    return store.connect(path)


def cursor():
    """A cursor on the process-wide connection, for this script run."""
    return _connection(str(store.db_path())).cursor()


NAVIGATED = "acp_navigated"
MAX_PICK_LIST = 300  # beyond this, a list of assemblies to pick from is too long to send or read


def mark_navigated() -> None:
    """Called by app.py, in every run, once st.navigation has chosen the page."""
    st.session_state[NAVIGATED] = True


def page_lang() -> str:
    """First call of every page: its language, after making sure app.py is in charge.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until some
    session has called st.navigation: a process's very first request for /carte would run
    pages/carte.py alone, without app.py's sidebar filters. Such a run switches the process
    to st.navigation's mode and reruns, so app.py runs and routes to this page. (The mark
    is taken, so each run must come through app.py again.)
    """
    if not st.session_state.pop(NAVIGATED, False):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return lang()


def lang() -> str:
    value = st.query_params.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


@st.cache_data(show_spinner=False, max_entries=64)
def key_figures(version: int) -> dict:
    return store.key_figures(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def table(name: str, version: int):
    return store.read_table(cursor(), name)


def version() -> int:
    return store.data_version(cursor())


@st.cache_data(show_spinner=False, max_entries=256)
def facet_counts(version: int, f: filters.Filter, facet: str):
    return filters.facet_counts(cursor(), f, next(x for x in filters.FACETS if x.name == facet))


@st.cache_data(show_spinner=False, max_entries=256)
def count(version: int, f: filters.Filter) -> int:
    return filters.count(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=64)
def select(version: int, f: filters.Filter):
    return filters.select(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=8)
def year_bounds(version: int):
    return filters.year_bounds(cursor())


@st.cache_data(show_spinner=False, max_entries=8)
def countries(version: int) -> list[str]:
    """Every country in the data, sorted: the order that gives each country its colour."""
    return sorted(store.read_table(cursor(), "assemblies")["country"].dropna().unique())


def url_choice(param: str, options, label: str, format_func, horizontal: bool = False):
    """A choice kept in the URL as its code (so a language switch keeps it)."""
    wanted = st.query_params.get(param)
    options = list(options)
    index = options.index(wanted) if wanted in options else 0
    key = f"url-{param}-{lang()}"  # a widget keeps its label as its value: a new one per language

    def remember():
        value = st.session_state[key]
        if value == options[0]:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = value

    return st.radio(label, options, index=index, format_func=format_func, key=key, on_change=remember,
                    horizontal=horizontal)


def url_flag(param: str, default: bool) -> bool:
    value = st.query_params.get(param)
    return default if value is None else value not in ("0", "false", "non")


def count_line(version: int, f: filters.Filter, lang: str) -> None:
    """'N assemblées sur M', on the page itself (the sidebar's copy can be scrolled away)."""
    shown, total = count(version, f), count(version, filters.Filter())
    st.markdown(f"**{i18n.count_of(shown, total, lang)}**")


PROJECTOR_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 3.5rem; padding-bottom: 2rem;}
h1 {font-size: 2.1rem !important; padding-top: 0 !important;}
</style>"""


@st.cache_data(show_spinner=False, max_entries=32)
def map_points(version: int, f: filters.Filter, dimension: str, lang: str):
    from . import maps

    return maps.points(select(version, f), dimension, lang, countries(version))


@st.cache_resource(show_spinner=False, max_entries=16)
def map_deck(version: int, f: filters.Filter, dimension: str, lang: str, online_tiles: bool):
    """The built map, shared by the sessions showing the same view (it is only read)."""
    from . import maps

    return maps.deck(map_points(version, f, dimension, lang), online_tiles)


@st.cache_data(show_spinner=False, max_entries=32)
def table_display(version: int, f: filters.Filter, lang: str):
    from . import tables

    return tables.display(select(version, f), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def year_counts(version: int, f: filters.Filter, dimension: str):
    """Creations per start year and value of `dimension` among the filtered assemblies (typology timeline)."""
    from . import charts

    return charts.year_counts(select(version, f), dimension)


@st.cache_data(show_spinner=False, max_entries=64)
def cross_counts(version: int, f: filters.Filter, rows: str, cols: str):
    """Filtered assemblies per pair of values of two dimensions (typology heat map)."""
    from . import charts

    return charts.cross_counts(select(version, f), rows, cols)


@st.cache_data(show_spinner=False, max_entries=64)
def undated(version: int, f: filters.Filter) -> int:
    """How many filtered assemblies have no start year."""
    return int(select(version, f)["start_year"].isna().sum())
