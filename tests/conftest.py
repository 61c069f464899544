"""Shared fixtures: paths, a seeded temporary database, Streamlit caches cleared between app tests."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"


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
