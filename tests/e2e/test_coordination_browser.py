"""The coordination area in a real browser, with its own server and a configured password:
log in, a broken file is refused (the map's count unchanged), a good one is previewed, confirmed
and seen by another open session on its next run, then rolled back; a member's proposal is
validated and shows on the map and in the table; another is rejected and shows nowhere."""
import pytest
from playwright.sync_api import expect

from acp import export, store

from e2e_support import Server, wait_idle

PASSWORD = "mot-de-passe-e2e"
SLOW = 30000


@pytest.fixture(scope="module")
def coord_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("coordination") / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db, read_only=True)
    try:
        current = export.to_csv_bytes(store.dataset_frame(con, "assemblies")).decode("utf-8-sig")
    finally:
        con.close()
    srv = Server(db, env={"ACP_COORDINATOR_PASSWORD": PASSWORD})
    srv.current_csv = current
    yield srv
    srv.stop()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    return context.new_page()


def log_in(page, url: str) -> None:
    page.goto(url + "/coordination")
    wait_idle(page)
    expect(page.locator("[data-testid=stFileUploader]")).to_have_count(0)
    page.get_by_label("Votre nom", exact=True).fill("Camille")
    page.get_by_label("Mot de passe de coordination", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté·e : Camille")).to_be_visible(timeout=SLOW)
    wait_idle(page)


def upload(page, name: str, data: bytes) -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def rerun_map(page) -> None:
    """A rerun of an open session without reloading it: pick another colouring of the map."""
    current = page.get_by_role("radiogroup", name="Couleur selon").get_by_role("radio", checked=True)
    label = current.evaluate("e => e.closest('label').innerText")
    options = page.get_by_role("radiogroup", name="Couleur selon").locator("label")
    for i in range(options.count()):
        if options.nth(i).inner_text() != label:
            options.nth(i).click()
            break
    wait_idle(page)


def test_wrong_password_then_no_upload(coord_server, browser):
    page = new_page(browser)
    page.goto(coord_server.url + "/coordination")
    wait_idle(page)
    page.get_by_label("Votre nom", exact=True).fill("Intrus")
    page.get_by_label("Mot de passe de coordination", exact=True).fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Mot de passe incorrect.")).to_be_visible(timeout=SLOW)
    expect(page.locator("[data-testid=stFileUploader]")).to_have_count(0)
    page.context.close()


def test_upload_broken_then_good_then_rollback(coord_server, browser):
    viewer = new_page(browser)
    viewer.goto(coord_server.url + "/carte")
    wait_idle(viewer)
    expect(viewer.get_by_text("19 assemblées sur 19").first).to_be_visible()

    page = new_page(browser)
    log_in(page, coord_server.url)
    upload(page, "casse.csv", "Nom;Pays;Latitude;Longitude\nA;FR;abc;2\n;Atlantide;12;3\n".encode())
    expect(page.get_by_text("Import impossible")).to_be_visible(timeout=SLOW)
    report = page.locator(".st-key-coord-report")
    # 2 cells, a missing name, and the assemblies with editions the file leaves out (the base is make run's)
    expect(report.get_by_text("4 erreur(s)")).to_be_visible()
    expect(report.get_by_text("ont encore des éditions enregistrées").first).to_be_visible()
    expect(report.get_by_test_id("stTable")).to_be_visible()
    expect(report.get_by_text("pays inconnu").first).to_be_visible()  # whole messages, readable
    expect(report.get_by_role("button", name="Télécharger le rapport (CSV)")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import et remplacer les données (assemblées)")).to_have_count(0)
    rerun_map(viewer)
    expect(viewer.get_by_text("19 assemblées sur 19").first).to_be_visible()

    lines = coord_server.current_csv.splitlines()
    width = lines[0].count(";")
    good = lines + ["nantes;Assemblée de Nantes;Nantes;;FR;47,218;-1,553" + ";" * (width - 6)]
    upload(page, "assemblees.csv", "\n".join(good).encode())
    preview = page.locator(".st-key-coord-preview")
    expect(preview.get_by_text("Aperçu des changements")).to_be_visible(timeout=SLOW)
    expect(preview.get_by_test_id("stMetric").filter(has_text="Ajoutées")).to_contain_text("1")
    expect(preview.get_by_test_id("stMetric").filter(has_text="Supprimées")).to_contain_text("0")
    page.get_by_role("button", name="Confirmer l'import et remplacer les données (assemblées)").click()
    expect(page.get_by_text("Toutes les pages affichent désormais ces données")).to_be_visible(timeout=SLOW)

    rerun_map(viewer)  # the other session, on its next run
    expect(viewer.get_by_text("20 assemblées sur 20").first).to_be_visible(timeout=SLOW)

    page.get_by_role("radio", name="Historique et retour en arrière").click()
    wait_idle(page)
    page.get_by_label("Import à annuler", exact=True).click()
    page.get_by_role("option").filter(has_text="assemblees.csv").click()
    confirm = page.get_by_role("button", name="Confirmer le retour à l'état d'avant l'import n° 5")  # the base's own imports are n° 1 to 4
    expect(confirm).to_be_visible(timeout=SLOW)
    expect(page.locator(".st-key-coord-rollback-preview").get_by_test_id("stMetric")
           .filter(has_text="Supprimées")).to_contain_text("1")
    confirm.click()
    expect(page.get_by_text("Données rétablies telles qu'avant l'import n° 5")).to_be_visible(timeout=SLOW)
    rerun_map(viewer)
    expect(viewer.get_by_text("19 assemblées sur 19").first).to_be_visible(timeout=SLOW)
    viewer.context.close()
    page.context.close()


def propose(page, url: str, name: str, lat: str, lon: str) -> None:
    page.goto(url + "/proposer")
    wait_idle(page)
    page.get_by_label("Nom *", exact=True).fill(name)
    page.get_by_label("Pays *", exact=True).click()
    page.keyboard.type("France")
    page.get_by_role("option", name="France", exact=True).click()
    page.get_by_label("Latitude", exact=True).fill(lat)
    page.get_by_label("Longitude", exact=True).fill(lon)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_text("est enregistrée")).to_be_visible(timeout=SLOW)


def test_proposals_validated_shows_rejected_does_not(coord_server, browser):
    member = new_page(browser)
    propose(member, coord_server.url, "Assemblée citoyenne de Tours", "47,394", "0,684")
    member.get_by_role("button", name="Faire une autre proposition").click()
    wait_idle(member)
    propose(member, coord_server.url, "Assemblée imaginaire", "44,5", "1,5")

    table = new_page(browser)
    table.goto(coord_server.url + "/assemblees?q=tours")
    wait_idle(table)
    expect(table.get_by_text("0 assemblée sur 19").first).to_be_visible()

    page = new_page(browser)
    log_in(page, coord_server.url)
    page.get_by_role("radio", name="Propositions en attente (2)").click()
    first = page.locator(".st-key-coord-proposal-1")
    expect(first.get_by_text("nouvelle assemblée : Assemblée citoyenne de Tours")).to_be_visible(timeout=SLOW)
    first.get_by_role("button", name="Valider et publier").click()
    expect(page.get_by_text("validée et publiée")).to_be_visible(timeout=SLOW)
    wait_idle(page)
    second = page.locator(".st-key-coord-proposal-2")
    second.get_by_label("Motif du refus", exact=True).fill("Aucune source ne la mentionne.")
    second.get_by_role("button", name="Refuser").click()
    expect(page.get_by_text("Proposition n° 2 refusée.")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Aucune proposition en attente.")).to_be_visible()

    table.reload()
    wait_idle(table)
    expect(table.get_by_text("1 assemblée sur 20").first).to_be_visible(timeout=SLOW)
    table.goto(coord_server.url + "/carte?q=tours")
    wait_idle(table)
    expect(table.get_by_text("1 assemblée sur 20").first).to_be_visible()
    expect(table.get_by_test_id("stDeckGlJsonChart")).to_be_visible()
    for where in ("/carte?q=imaginaire", "/assemblees?q=imaginaire"):
        table.goto(coord_server.url + where)
        wait_idle(table)
        expect(table.get_by_text("0 assemblée sur 20").first).to_be_visible()
    table.goto(coord_server.url + "/typologie")
    wait_idle(table)
    expect(table.get_by_text("Assemblée imaginaire")).to_have_count(0)
    for p in (member, table, page):
        p.context.close()


def test_report_shows_hostile_values_exactly_as_written(coord_server, browser):
    """Values in the report are inert text, shown as typed: no markup, no element, no stray backslash."""
    page = new_page(browser)
    log_in(page, coord_server.url)
    values = ['https://x.example.org/a-b_c"><img src=x onerror=alert(1)>', " JaVaScRiPt:alert(2)"]
    lines = ["Identifiant;Nom;Pays;Site web"] + [f"h{i};<b>Nom {i}</b> **gras**;FR;{v}" for i, v in enumerate(values)]
    upload(page, "hostile.csv", "\n".join(lines).encode())
    report = page.locator(".st-key-coord-report")
    expect(report.get_by_text("Import impossible")).to_be_visible(timeout=SLOW)
    rows = report.get_by_test_id("stTable").locator("tbody tr").filter(has_text="Site web")
    expect(rows).to_have_count(2)
    shown = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(2)]
    assert sorted(shown) == sorted(v.strip() for v in values)
    table = report.get_by_test_id("stTable")
    assert table.locator("img, b, strong, em").count() == 0
    assert report.locator("a[href^='javascript' i]").count() == 0
    page.context.close()
