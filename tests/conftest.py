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
def navigation_only(monkeypatch):
    """AppTest puts Streamlit back in its old "pages directory" mode before every run (a pages/ folder is beside
    app.py), where a page would run alone; a served process leaves that mode before its first session (serve.py
    calls acp.ui.navigation_mode): so do the tests, after AppTest's reset."""
    from streamlit.runtime.pages_manager import PagesManager

    from acp.ui import navigation_mode

    real_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        navigation_mode.use_navigation_only()

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app_env(seeded_db, navigation_only):
    """For AppTest: a seeded database, empty Streamlit caches (they outlive a test otherwise), no connection
    left open by an earlier test (the process's connection is per base path)."""
    import streamlit as st

    from acp.store import process

    st.cache_data.clear()
    st.cache_resource.clear()
    process.drop()
    yield seeded_db
    st.cache_data.clear()
    st.cache_resource.clear()
    process.drop()


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
