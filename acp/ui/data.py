"""Cached reads of the stored data for the pages, and the run's cursor on the process's connection.

One DuckDB connection per process (acp.store.process), a cursor per script run. Cached reads take
the data version (the newest import's number) as an argument, so every session sees new data on
its next run after an import, without a manual cache flush.
"""
from __future__ import annotations

import time

import streamlit as st

from .. import charts, filters, maps, store, tables
from ..store import process

RECOVERED = "acp_recovered"  # session state: when rerun_after_lost_connection last ran the script again


def cursor():
    """A cursor on the process-wide connection, for this script run."""
    return process.cursor()


def rerun_after_lost_connection(exc: BaseException) -> None:
    """A page met the process-wide connection invalidated by a fatal error (a full disk during another session's
    import) or closed to be reopened: run once more (at most every 10 s); app.py's process.ensure() reopens it."""
    text = str(exc).lower()
    if ("invalidated" in text or "connection already closed" in text) and \
            time.monotonic() - st.session_state.get(RECOVERED, -1e9) > 10:
        st.session_state[RECOVERED] = time.monotonic()
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=64)
def key_figures(version: int) -> dict:
    return store.key_figures(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def table(name: str, version: int):
    return store.read_table(cursor(), name)


def version() -> int:
    """The data version: the newest import's number, the key of every cached read."""
    return store.data_version(cursor())


@st.cache_data(show_spinner=False, max_entries=4)
def present_values(version: int) -> dict:
    """Per facet, the codes some stored assembly has: a shared link's values are checked against them."""
    return filters.present_values(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def all_facet_counts(version: int, f: filters.Filter) -> dict:
    """Every facet's counts under `f`, by facet name (one query; the sidebar and the typology charts share it)."""
    return filters.all_facet_counts(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=256)
def count(version: int, f: filters.Filter) -> int:
    return filters.count(cursor(), f)


@st.cache_resource(show_spinner=False, max_entries=16)
def select(version: int, f: filters.Filter):
    """The filtered assemblies: one frame shared by every session and every reader, which only read it.

    A resource, not cached data: st.cache_data would pickle the frame once and unpickle a copy for each
    call (at 100,000 assemblies about a second each, and a copy kept per open map session)."""
    return filters.select(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=8)
def year_bounds(version: int):
    return filters.year_bounds(cursor())


@st.cache_data(show_spinner=False, max_entries=8)
def countries(version: int) -> list[str]:
    """Every country in the data, sorted: the order that gives each country its colour."""
    return sorted(store.read_table(cursor(), "assemblies")["country"].dropna().unique())


@st.cache_data(show_spinner=False, max_entries=32)
def map_points(version: int, f: filters.Filter, dimension: str, lang: str):
    return maps.points(select(version, f), dimension, lang, countries(version))


@st.cache_resource(show_spinner=False, max_entries=16)
def map_deck(version: int, f: filters.Filter, dimension: str, lang: str, online_tiles: bool):
    """The built map, shared by the sessions showing the same view (it is only read)."""
    return maps.deck(map_points(version, f, dimension, lang), online_tiles)


@st.cache_data(show_spinner=False, max_entries=32)
def table_display(version: int, f: filters.Filter, lang: str):
    return tables.display(select(version, f), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def year_counts(version: int, f: filters.Filter, dimension: str):
    """Creations per start year and value of `dimension` among the filtered assemblies (typology timeline)."""
    return charts.year_counts(select(version, f), dimension)


@st.cache_data(show_spinner=False, max_entries=64)
def cross_counts(version: int, f: filters.Filter, rows: str, cols: str):
    """Filtered assemblies per pair of values of two dimensions (typology heat map)."""
    return charts.cross_counts(select(version, f), rows, cols)


@st.cache_data(show_spinner=False, max_entries=64)
def undated(version: int, f: filters.Filter) -> int:
    """How many filtered assemblies have no start year."""
    return int(select(version, f)["start_year"].isna().sum())
