"""Shared fixtures: a seeded temporary database, Streamlit caches cleared between app tests; the marks.

The paths the tests share (ROOT, FIXTURES, EXAMPLES) and the AppTest page opener are in tests/support.py.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for _name in ("ACP_DATA_REPO", "ACP_DATA_BRANCH", "ACP_DATA_TOKEN"):  # a developer's data repository is never written
    os.environ.pop(_name, None)                                     # by the tests (tests/test_datarepo.py sets its own)
BY_FOLDER = {TESTS / "e2e": ("browser",), TESTS / "drills": ("drill", "browser"), TESTS / "image": ("image", "browser")}


def pytest_collection_modifyitems(config, items):
    """The marks of pyproject.toml, set here: `browser` and `drill` by folder, `apptest` for every test that
    uses app_env (a seeded base and empty caches: what an AppTest needs). Unmarked tests are unit tests."""
    for item in items:
        path = Path(str(item.path))
        for folder, marks in BY_FOLDER.items():
            if folder in path.parents:
                for mark in marks:
                    item.add_marker(mark)
        if "app_env" in getattr(item, "fixturenames", ()):
            item.add_marker("apptest")


@pytest.fixture
def seeded_db(db, monkeypatch) -> Path:
    """A private copy of a database built from the embedded data (`db`), set as ACP_DB for the app and the CLI.

    A copy costs ~10 ms, building a base ~0.3 s: about a hundred tests use it (every AppTest).
    """
    monkeypatch.setenv("ACP_DB", str(db))
    return db


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


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory) -> Path:
    """One database built from the embedded data per test session (per xdist worker), without the embedded
    editions: never written, tests copy it (`db`).

    Most tests import partial assemblies files (the examples, broken files), which an import refuses while the
    assemblies they leave out still have editions (tests/test_editions.py tests that refusal); the tests that
    need the embedded editions use `seeded_file_with_editions` (`db_with_editions`)."""
    from acp import store
    from acp.store import build

    path = tmp_path_factory.mktemp("seed") / "acp.duckdb"
    files = build.SEED_FILES
    build.SEED_FILES = {k: v for k, v in files.items() if k != "editions"}
    try:
        assert store.build_if_missing(path)
    finally:
        build.SEED_FILES = files
    return path


@pytest.fixture(scope="session")
def seeded_file_with_editions(tmp_path_factory) -> Path:
    """The database `make run` builds: every embedded dataset, the editions included."""
    from acp import store

    path = tmp_path_factory.mktemp("seed-full") / "acp.duckdb"
    assert store.build_if_missing(path)
    return path


@pytest.fixture
def db_with_editions(seeded_file_with_editions, tmp_path) -> Path:
    import shutil

    path = tmp_path / "acp.duckdb"
    shutil.copy(seeded_file_with_editions, path)
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
