"""Shared fixtures: a seeded temporary database, Streamlit caches cleared between app tests.

The paths the tests share (ROOT, FIXTURES, EXAMPLES) are in tests/support.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def seeded_db(tmp_path, monkeypatch) -> Path:
    """A database built from the embedded data, set as ACP_DB for the app and the CLI."""
    from acp import store

    path = tmp_path / "acp.duckdb"
    store.build_if_missing(path)
    monkeypatch.setenv("ACP_DB", str(path))
    return path


@pytest.fixture
def app_env(seeded_db):
    """For AppTest: a seeded database and empty Streamlit caches (they outlive a test otherwise)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield seeded_db
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory) -> Path:
    """One database built from the embedded data per test module (copied by `db`)."""
    from acp import store

    path = tmp_path_factory.mktemp("seed") / "acp.duckdb"
    assert store.build_if_missing(path)
    return path


@pytest.fixture
def db(seeded_file, tmp_path) -> Path:
    """A private copy of a freshly seeded database."""
    import shutil

    path = tmp_path / "acp.duckdb"
    shutil.copy(seeded_file, path)
    return path


@pytest.fixture
def seeded(db):
    """An open connection to a private copy of a seeded database."""
    from acp import store

    con = store.connect(db)
    yield con
    con.close()
