"""Data shown as HTML is escaped: an assembly named like an XSS payload shows as text in the
map tooltip, the table's fiche and the fiche page, and no script ever runs."""
import pytest
from playwright.sync_api import expect

from acp import store
from acp.ingest import read_upload

from e2e_support import Server, wait_idle

HOSTILE = "<img src=x onerror=alert(1)>"
ASSEMBLY_ID = "img-src-x-onerror-alert-1"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("xss") / "acp.duckdb"
    store.build_if_missing(db)
    csv = ("Nom;Ville;Pays;Latitude;Longitude;Année de création;Échelon\n"
           f'"{HOSTILE}";"<script>alert(2)</script>";FR;46,5;2,5;2024;Commune\n'
           "Autre assemblée;Lyon;FR;45,76;4,84;2022;Commune\n")
    upload = read_upload("assemblies", "xss.csv", csv.encode(), {})
    assert upload.ok, upload.report()
    con = store.connect(db)
    store.apply_upload(con, upload)
    con.close()
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture
def watched(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page, dialogs
    assert dialogs == [], f"a script ran: {dialogs}"
    assert page.locator("img[src=x]").count() == 0


def test_tooltip_shows_the_name_as_text(hostile_server, watched):
    page, _ = watched
    page.goto(hostile_server.url + "/carte?q=onerror")
    wait_idle(page)
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    expect(canvas).to_be_visible(timeout=30_000)  # WebGL in software is slow under load
    box = canvas.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    # The single point is at the centre of the fitted view once deck.gl has drawn it: hover
    # around the centre until the tooltip shows (WebGL in software can take seconds under load).
    offsets = [(0, 0), (2, 0), (0, 2), (-2, 0), (0, -2), (3, 3), (-3, -3)]
    for step in range(160):
        dx, dy = offsets[step % len(offsets)]
        page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
        if tooltip.count() and HOSTILE in (tooltip.first.text_content() or ""):
            break
        page.wait_for_timeout(250)
    expect(tooltip.first).to_contain_text(HOSTILE)
    expect(tooltip.first).to_contain_text("<script>alert(2)</script>")
    assert tooltip.first.locator("img, script").count() == 0


def test_fiche_page_shows_the_name_as_text(hostile_server, watched):
    page, _ = watched
    page.goto(hostile_server.url + f"/fiche?id={ASSEMBLY_ID}")
    wait_idle(page)
    expect(page.get_by_role("heading", name=HOSTILE)).to_be_visible()
    expect(page.get_by_text("<script>alert(2)</script>").first).to_be_visible()


def test_table_row_opens_a_fiche_with_the_name_as_text(hostile_server, watched):
    page, _ = watched
    page.goto(hostile_server.url + "/assemblees?q=onerror")
    wait_idle(page)
    expect(page.get_by_text("1 assemblée sur 2").first).to_be_visible()
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 18)  # the selection box of the first row
    wait_idle(page)
    fiche = page.locator(".st-key-table-fiche")
    expect(fiche.get_by_role("heading", name=HOSTILE)).to_be_visible()
