"""Issue 7, a damaged base in a real browser: a French explanation, no Streamlit exception, two ways
to rebuild; rebuilding from the embedded data brings the home page back, and a reload keeps it."""
import re

import pytest
from playwright.sync_api import expect

from acp import store

from e2e_support import Server, wait_idle

EXCEPTION = "[data-testid=stException]"


@pytest.fixture
def damaged(tmp_path):
    """A server on a base cut in half (as a full disk or a copy stopped midway leaves it)."""
    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    srv = Server(db)
    yield srv, db
    srv.stop()


def test_damaged_base_is_explained_and_rebuilt_from_the_embedded_data(damaged, page):
    srv, db = damaged
    page.goto(srv.url + "/")
    wait_idle(page)
    expect(page.get_by_role("heading", name="La base de données est endommagée")).to_be_visible()
    expect(page.get_by_text("le fichier est tronqué, sa fin manque")).to_be_visible()
    expect(page.get_by_text("jamais effacé", exact=False)).to_be_visible()
    seed = page.get_by_role("button", name="Reconstruire depuis les données embarquées")
    expect(seed).to_be_enabled()
    # no CSV copy was ever written next to this base: that way is shown, closed, and says why
    expect(page.get_by_role("button", name="Reconstruire depuis le dernier export")).to_be_disabled()
    expect(page.get_by_text("Aucun export n'existe à côté de cette base")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert "Traceback" not in page.content()

    seed.click()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.first).to_contain_text("Assemblées", timeout=60000)
    expect(metrics.first).to_contain_text("19")
    expect(page.get_by_text("La base a été reconstruite.")).to_be_visible()
    wait_idle(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    aside = [p.name for p in db.parent.iterdir() if re.fullmatch(r"acp\.duckdb\.endommagee-\d{8}-\d{6}", p.name)]
    assert len(aside) == 1, sorted(p.name for p in db.parent.iterdir())

    # the next run (a reload, a new session) works on the new base
    page.reload()
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").first).to_contain_text("19")
    expect(page.get_by_role("heading", name="La base de données est endommagée")).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)
