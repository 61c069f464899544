"""The few Streamlit helpers the pages share: the database connection and cached reads.

One DuckDB connection per process, held as a Streamlit resource; a cursor per script run.
Cached reads take the data version (the newest import's number) as an argument, so every
session sees new data on its next run after an import, without a manual cache flush.
"""
from __future__ import annotations

import streamlit as st

from . import store
from .i18n import DEFAULT_LANG, LANGS


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    store.build_if_missing(path)
    return store.connect(path)


def cursor():
    """A cursor on the process-wide connection, for this script run."""
    return _connection(str(store.db_path())).cursor()


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
