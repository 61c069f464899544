"""« Comparer » in Chromium: from the table's selected rows to the comparison; a hostile name inert there; the
printed fiche and comparison (A4 PDF: the assemblies' names, none of the menu's labels, the data's date); the
« Imprimer / PDF » button opens the print dialog."""
from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from acp import i18n, store
from acp.ingest import read_upload

from e2e_support import Server, wait_idle

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ID = "img-src-x-onerror-alert-1"
MENU = ("Accueil", "Sondage", "Calendrier", "Coordination", "Proposer une fiche", "Langue / Language", "English")


@pytest.fixture(scope="module")
def compare_server(tmp_path_factory):
    """The embedded data and one more assembly named like an XSS payload."""
    db = tmp_path_factory.mktemp("compare") / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db)
    frame = store.dataset_frame(con, "assemblies")
    row = {c: None for c in frame.columns}
    row.update({"Nom": HOSTILE, "Pays": "FR", "Échelon": "Commune", "Ville": "<script>alert(2)</script>"})
    frame.loc[len(frame)] = row
    from acp import export

    upload = read_upload("assemblies", "xss.csv", export.to_csv_bytes(frame), store.ingest_context(con))
    assert upload.ok, upload.report()
    store.apply_upload(con, upload)
    con.close()
    srv = Server(db)
    yield srv
    srv.stop()


def pdf_text(page, path) -> str:
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", print_background=True)
    page.emulate_media(media="screen")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_table_rows_selected_to_their_comparison(compare_server, page):
    page.goto(compare_server.url + "/assemblees?q=citoyenne")
    wait_idle(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    for row in (0, 1):  # the selection boxes of the first two rows
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 18 + 35 * row)
        wait_idle(page)
    link = page.get_by_role("link", name=re.compile("Comparer les 2 lignes sélectionnées"))
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/comparer\?ids=[\w-]+(,|%2C)[\w-]+$"))
    wait_idle(page)
    headers = page.locator("table.acp-compare").first.locator("thead th")
    expect(headers).to_have_count(3)
    names = headers.all_inner_texts()[1:]
    assert len(set(names)) == 2 and all("itoyen" in n for n in names), names  # two of the filtered rows
    expect(page.locator(".acp-differs").first).to_have_attribute("aria-label", "Les valeurs diffèrent")


def test_hostile_name_is_inert_on_the_comparison(compare_server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(compare_server.url + f"/comparer?ids={HOSTILE_ID},paris")
    wait_idle(page)
    expect(page.locator("table.acp-compare thead th").nth(1)).to_have_text(HOSTILE)
    assert page.locator("table.acp-compare img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []


@pytest.mark.parametrize(("address", "names"), [
    ("/fiche?id=paris", ["Assemblée citoyenne de Paris"]),
    ("/comparer?ids=paris,eupen-ostbelgien,milan-clima",
     ["Assemblée citoyenne de Paris", "Bürgerdialog Ostbelgien", "Assemblea Permanente dei Cittadini sul Clima"]),
])
def test_printed_pdf_has_the_content_only(compare_server, page, tmp_path, address, names):
    page.goto(compare_server.url + address)
    wait_idle(page)
    expect(page.get_by_text(names[0]).first).to_be_visible()
    page.wait_for_selector("p.acp-print-only", state="attached")  # the print rules and the data's date are there
    text = pdf_text(page, tmp_path / "printed.pdf")
    flat = re.sub(r"\s+", " ", text)
    for name in names:
        assert name in flat, name
    assert not [m for m in MENU if m in flat], [m for m in MENU if m in flat]
    assert "Données à jour du" in flat
    assert re.search(r"\b1 ?/ ?\d", flat)  # the foot of the first page: its number
    assert "(https://" in flat  # links written out
    assert "Imprimer / PDF" not in flat and "Télécharger" not in flat


def test_print_button_opens_the_print_dialog(compare_server, page):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(compare_server.url + "/comparer?ids=paris,rouen")
    wait_idle(page)
    button = page.get_by_role("button", name=i18n.t("print_button"))
    expect(button).to_be_visible()
    button.click()
    page.wait_for_function("window.__printed >= 1", timeout=5000)
