"""Browser tests: fixtures for a server and Debian's Chromium.

They fail (never skip) when Chromium is missing: CI installs it in .ci/run.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from e2e_support import CHROMIUM, CHROMIUM_ARGS, Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from acp import store

    db = tmp_path_factory.mktemp("e2e") / "acp.duckdb"
    store.build_if_missing(db)
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for browser tests and was not found at {CHROMIUM} "
                    "(apt-get install chromium; .ci/run does it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()

