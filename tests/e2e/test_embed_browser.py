"""The embeddable map in Chromium: inside an iframe of a page from another origin (python's http.server on another
port), offline (every request leaving 127.0.0.1 is refused and recorded), it shows one keyboard-focusable marker
per located assembly with the assembly's name as accessible name, and a popup with a link to the fiche. A hostile
assembly name runs no script there, nor in the API's JSON or the changes feed opened in the browser.

The screenshot of the embed inside a plain page (1280x720) is written to /tmp/shots-api/ (ACP_SHOTS to change it).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from e2e_support import Server, free_port

HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
SHOTS = Path(os.environ.get("ACP_SHOTS", "/tmp/shots-api"))


def _with_hostile_assembly(db: Path) -> None:
    from acp import export, store
    from acp.ingest import read_upload
    from acp.schema import ASSEMBLIES

    con = store.connect(db)
    try:
        frame = store.read_table(con, "assemblies")
        row = {c: None for c in frame.columns} | {"id": "hostile", "name": HOSTILE, "city": HOSTILE, "country": "FR",
                                                   "latitude": 45.2, "longitude": 5.7, "start_year": 2021,
                                                   "level": "municipal"}
        frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
        data = export.to_csv_bytes(export.labelled(frame, ASSEMBLIES))
        upload = read_upload("assemblies", "assemblees.csv", data, store.ingest_context(con))
        assert upload.ok, upload.report()
        store.apply_upload(con, upload, by="test")
    finally:
        con.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from acp import store

    db = tmp_path_factory.mktemp("embed") / "acp.duckdb"
    store.build_if_missing(db)
    _with_hostile_assembly(db)
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory, hostile_server):
    """A plain HTML page on another origin (another port) with the embed in an iframe, as another site's page."""
    folder = tmp_path_factory.mktemp("site")
    src = f"{hostile_server.url}/embed/carte?country=FR&country=BE&country=DE"
    (folder / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Le site d'une collectivité</title>
<style>body{{font:16px/1.4 Georgia,serif;margin:24px 40px;color:#222}} h1{{font-size:26px;margin:0 0 6px}}
p{{margin:0 0 12px;max-width:70ch}}</style></head>
<body><h1>Les assemblées citoyennes près de chez vous</h1>
<p>Cette carte vient du tableau de bord du groupe d'échanges de pratiques de l'ICPC, intégrée par une iframe.</p>
<iframe src="{src}" title="Carte des assemblées citoyennes permanentes" width="800" height="560"
 style="border:0;max-width:100%" loading="lazy"></iframe>
</body></html>""", encoding="utf-8")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/index.html"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


def _offline(page) -> list[str]:
    """Refuse and record every request that would leave this machine."""
    left: list[str] = []

    def route(r):
        host = r.request.url.split("/")[2].split(":")[0] if "://" in r.request.url else ""
        if host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()
    page.context.route("**/*", route)
    return left


def _located(server, query: str) -> list[dict]:
    with urllib.request.urlopen(f"{server.url}/api/assemblies.geojson?{query}") as r:
        return json.load(r)["features"]


def test_embed_in_another_sites_iframe_offline(page, hostile_server, other_origin):
    left = _offline(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(other_origin)
    frame = page.frame_locator("iframe")
    features = _located(hostile_server, "country=FR&country=BE&country=DE")
    markers = frame.locator(".acp-marker")
    markers.first.wait_for(timeout=30000)
    page.wait_for_timeout(300)
    assert markers.count() == len(features) > 3
    names = sorted(markers.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))"))
    assert names == sorted(f["properties"]["name"] for f in features)
    assert markers.evaluate_all("ms => ms.every(m => m.tabIndex === 0 && m.getAttribute('role') === 'button')")
    frame.locator(".leaflet-overlay-pane path").first.wait_for(timeout=10000)  # the country outlines
    assert frame.locator("#legend [role=listitem]").count() >= 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "embed-in-a-page.png"))

    # Keyboard: focus a marker, Enter opens its popup (name, city, year, link to the fiche in a new tab)
    paris = frame.get_by_role("button", name="Assemblée citoyenne de Paris", exact=True)
    paris.focus()
    paris.press("Enter")
    popup = frame.locator(".acp-popup")
    popup.wait_for(timeout=10000)
    assert "Assemblée citoyenne de Paris" in popup.inner_text() and "Paris, France" in popup.inner_text()
    link = popup.locator("a")
    assert link.get_attribute("href") == f"{hostile_server.url}/fiche?id=paris"
    assert link.get_attribute("target") == "_blank"

    page.screenshot(path=str(SHOTS / "embed-popup.png"))

    # The hostile name: a marker whose accessible name is the text itself; its popup shows it as text
    hostile = frame.get_by_role("button", name=HOSTILE, exact=True)
    hostile.click()
    page.wait_for_timeout(500)  # Leaflet fades the previous popup out in 200 ms, then removes it
    popup = frame.locator(".acp-popup")
    popup.wait_for(timeout=10000)
    assert HOSTILE in popup.inner_text()
    assert frame.locator("img[src=x]").count() == 0 and frame.locator(".acp-popup script").count() == 0
    page.screenshot(path=str(SHOTS / "embed-hostile-popup.png"))
    titles = [f.evaluate("document.title") for f in page.frames]
    assert "pwned" not in titles and not dialogs
    assert not left, left


def test_api_and_feed_run_no_script_in_the_browser(page, hostile_server):
    left = _offline(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/api/assemblies/hostile.json", "/api/assemblies.json?q=onerror", "/api/assemblies.geojson",
                 "/api/changes.atom", "/embed/carte?q=onerror"):
        page.goto(hostile_server.url + path)
        page.wait_for_timeout(500)
        assert page.evaluate("document.title") != "pwned", path
        assert page.locator("img[src=x]").count() == 0, path
    assert not dialogs and not left


def test_map_page_offers_the_iframe_code_and_open_data_page_links(page, hostile_server):
    from e2e_support import wait_idle

    page.goto(hostile_server.url + "/carte?country=FR&color=status&tiles=0")
    wait_idle(page)
    page.get_by_text("Intégrer cette carte").click()
    code = page.locator("[data-testid=stCode]").filter(has_text="<iframe")
    code.wait_for(timeout=30000)
    text = code.inner_text()
    assert f'src="{hostile_server.url}/embed/carte?country=FR&amp;color=status"' in text, text
    page.goto(hostile_server.url + "/donnees?country=FR")
    wait_idle(page)
    link = page.get_by_role("link", name="assemblies.json")
    link.wait_for(timeout=30000)
    assert link.get_attribute("href") == f"{hostile_server.url}/api/assemblies.json?country=FR"
    assert page.get_by_text("à préciser").count() >= 1
