"""« Éditions et suites » in a real browser: the page loads with its timeline, and a click on an edition opens its
assembly's fiche; the filters in the URL choose the editions. The base holds tests/fixtures/editions_sample.csv."""
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e_support import Server, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support.py
from support import use_editions  # noqa: E402


@pytest.fixture(scope="module")
def editions_server(tmp_path_factory):
    from acp import store

    db = tmp_path_factory.mktemp("e2e-editions") / "acp.duckdb"
    store.build_if_missing(db)
    use_editions(db)
    srv = Server(db)
    yield srv
    srv.stop()


BARS = "[role=graphics-symbol][aria-roledescription$=bar]"


def edition(page, prefix: str):
    """A bar of the timeline by the start of its accessible name (« Assemblée, édition, dates : réponse »)."""
    return page.locator(f'{BARS}[aria-label^="{prefix}"]')


def test_the_page_shows_the_timeline_and_a_click_opens_the_fiche(editions_server, page):
    page.goto(editions_server.url + "/editions")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Éditions et suites")).to_be_visible()
    expect(page.get_by_text("16 éditions documentées pour ces assemblées")).to_be_visible()
    bar = edition(page, "Assemblée citoyenne de Paris, Promotion 2, juillet 2023 – juillet 2024")
    expect(bar).to_have_count(1)
    expect(page.locator(BARS)).to_have_count(15)
    bar.click()
    expect(page).to_have_url(re.compile(r"/fiche\?id=paris$"))
    expect(page.get_by_role("heading", name="Assemblée citoyenne de Paris")).to_be_visible()
    expect(page.get_by_role("heading", name="Éditions et suites")).to_be_visible()
    # Back on the page, the fiche does not open again by itself.
    page.goto(editions_server.url + "/editions?country=BE")
    wait_idle(page)
    expect(page.get_by_text("6 éditions documentées pour ces assemblées")).to_be_visible()
    expect(page.locator(BARS)).to_have_count(6)
    expect(page).to_have_url(re.compile(r"/editions\?country=BE"))


def test_the_page_in_english_keeps_the_language_into_the_fiche(editions_server, page):
    page.goto(editions_server.url + "/editions?lang=en")
    wait_idle(page)
    expect(page.get_by_text("19 assemblies of 19").first).to_be_visible()
    edition(page, "Bürgerdialog Ostbelgien, 4 Digital").click()
    expect(page).to_have_url(re.compile(r"/fiche\?id=eupen-ostbelgien&lang=en$"))
    expect(page.get_by_role("heading", name="Bürgerdialog Ostbelgien")).to_be_visible()


@pytest.mark.parametrize("path", ["/editions", "/fiche?id=eupen-ostbelgien", "/editions?lang=en"])
def test_no_serious_accessibility_violation(editions_server, page, path):
    """axe-core, as tests/e2e/test_accessibility.py runs it, on the page and a fiche with their editions."""
    from test_accessibility import AXE, _origin

    page.goto(editions_server.url + path)
    wait_idle(page)
    expect(page.locator(BARS).first).to_be_visible(timeout=30_000)  # the chart comes after the run, on a busy machine
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    serious = [(v["id"], _origin(n), n["target"]) for v in result.response["violations"]
               if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    assert result.response["passes"], "axe did not run"
    assert serious == [], f"{path}: " + "; ".join(f"{rule} ({origin}) at {target}" for rule, origin, target in serious)
