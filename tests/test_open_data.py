"""The open-data API (/api/…, acp.web.api), its changes feed and the embeddable map's page (acp.web.embed), served
as serve.py serves them, through a plain ASGI call (tests/asgi.py): the same rows as the table page for the same
query string, strict parameters (4xx JSON, never a 5xx), ETag and 304, CORS, the Atom feed, every value escaped."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

import pandas as pd
import pytest
from asgi import get, request
from starlette.applications import Starlette

from acp import export, filters, store
from acp.ingest import read_upload
from acp.schema import ASSEMBLIES
from acp.store import process
from acp.web import api, embed

APP = Starlette(routes=[*api.routes(), *embed.routes()])
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<img src=x onerror="document.title=\'pwned\'"></script><script>document.title="pwned"</script>&amp;'
FILTER_URLS = ["", "country=FR", "level=municipal,regional", "level=municipal&level=regional", "q=lyon",
               "country=FR&country=BE&from=2015", "criteria=all_met", "criteria=none_failed", "functions=nr",
               "status=active&to=2020", "q=Citoyenne&level=municipal", "from=2030", "topics_from=nr&selection=nr",
               "country=FR&color=status&tiles=0&lang=en"]


@pytest.fixture
def api_db(seeded_db):
    """A seeded base as ACP_DB, no connection or cached answer left by an earlier test."""
    process.drop()
    api.CACHE.clear()
    yield seeded_db
    process.drop()
    api.CACHE.clear()


def _import(db, rows: list[dict] | None = None, by: str = "Marie Coordinatrice") -> int:
    """Import the stored assemblies again, plus `rows` (each a partial row by column name), through the process's
    connection (the one the API reads)."""
    cursor = process.cursor(db)
    try:
        frame = store.read_table(cursor, "assemblies")
        if rows:
            frame = pd.concat([frame, pd.DataFrame([{c: r.get(c) for c in frame.columns} for r in rows])],
                              ignore_index=True)
        data = export.to_csv_bytes(export.labelled(frame, ASSEMBLIES))
        upload = read_upload("assemblies", "assemblees.csv", data, store.ingest_context(cursor))
        assert upload.ok, upload.report()
        return store.apply_upload(process.connection(db), upload, by=by)
    finally:
        cursor.close()


def _expected_ids(db, query: str) -> list[str]:
    cursor = process.cursor(db)
    try:
        return list(filters.select(cursor, filters.from_query(parse_qs(query)))["id"])
    finally:
        cursor.close()


@pytest.mark.parametrize("query", FILTER_URLS)
def test_assemblies_are_the_table_pages_rows(api_db, query):
    answer = get(APP, f"/api/assemblies.json?{query}")
    assert answer.status == 200, answer.text
    body = answer.json()
    ids = [a["id"] for a in body["assemblies"]]
    assert ids == _expected_ids(api_db, query)
    assert body["count"] == len(ids) and body["total"] >= len(ids)
    # not set: « à préciser », in the language the query asks for
    assert body["licence"]["text"] in ("à préciser", "to be specified") and body["licence"]["name"] is None
    geo = get(APP, f"/api/assemblies.geojson?{query}").json()
    assert geo["type"] == "FeatureCollection"
    located = [a["id"] for a in body["assemblies"] if a["latitude"] is not None and a["longitude"] is not None]
    assert [f["id"] for f in geo["features"]] == located
    assert all(f["properties"]["fiche"].startswith("http://testserver/fiche?id=") for f in geo["features"])


def test_json_holds_codes_and_every_stable_field(api_db):
    paris = get(APP, "/api/assemblies/paris.json").json()["assembly"]
    assert set(ASSEMBLIES.names) <= set(paris)
    assert paris["country"] == "FR" and paris["level"] == "municipal"
    assert isinstance(paris["functions"], list) and isinstance(paris["start_year"], int)
    assert paris["fiche"] == "http://testserver/fiche?id=paris"
    some = get(APP, "/api/assemblies.json?fields=id,name,level").json()["assemblies"][0]
    assert set(some) == {"id", "name", "level"}


def test_csv_is_the_table_pages_download(api_db):
    cursor = process.cursor(api_db)
    try:
        frame = filters.select(cursor, filters.from_query({"country": ["FR"]}))
    finally:
        cursor.close()
    answer = get(APP, "/api/assemblies.csv?country=FR")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.body == export.to_csv_bytes(export.labelled(frame, ASSEMBLIES, "fr"))


def test_facets_are_the_sidebars_counts(api_db):
    body = get(APP, "/api/facets.json?country=FR&level=municipal").json()
    cursor = process.cursor(api_db)
    try:
        f = filters.from_query({"country": ["FR"], "level": ["municipal"]})
        expected = filters.all_facet_counts(cursor, f)
        assert body["count"] == filters.count(cursor, f)
    finally:
        cursor.close()
    for name, counts in expected.items():
        assert [(e["value"], e["count"]) for e in body["facets"][name]] == list(zip(counts["value"], counts["n"]))
    assert next(e for e in body["facets"]["level"] if e["value"] == "municipal") == {
        "value": "municipal", "label": "Commune", "count": expected["level"].set_index("value")["n"]["municipal"],
        "selected": True}


def test_survey_and_sessions(api_db):
    waves = get(APP, "/api/survey.json").json()["waves"]
    assert waves and waves[0]["themes"] and set(waves[0]["themes"][0]["counts"]) <= {"1", "2", "3", "4", "5"}
    sessions = get(APP, "/api/sessions.json").json()["sessions"]
    assert sessions and {"id", "date", "title", "status"} <= set(sessions[0])
    assert get(APP, "/api/sessions.json?country=FR").status == 400  # no filter there


@pytest.mark.parametrize("path", ["/api/assemblies.json", "/api/assemblies.geojson", "/api/assemblies.csv",
                                  "/api/facets.json", "/embed/carte"])
@pytest.mark.parametrize("query", [
    "q=%27%3B%20DROP%20TABLE%20assemblies%3B%20--&country=FR%27%20OR%201%3D1", "q=" + "%C3%A9" * 5000, "q=" + "\udce9", "q=" + "a" * 101,
    "q=a%00b", "q=a%1b%5B31m", "country=F%0AR", "q=a&q=b", "from=2010&from=2012", "unknown=1", "country=fr",
    "country=XX1", "level=municipal,bogus", "from=19x", "to=3000", "criteria=any", "lang=xx", "color=name",
    "fields=password", "%00=1", "x" * 4100 + "=1", "q=%E2%80%AEevil"])
def test_hostile_parameters_give_4xx_json(api_db, path, query):
    answer = get(APP, f"{path}?{query}")
    assert 400 <= answer.status < 500, (answer.status, answer.text[:200])
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["error"] and body["message"] and answer.headers["access-control-allow-origin"] == "*"


def test_sql_text_in_search_is_only_searched(api_db):
    answer = get(APP, "/api/assemblies.json?q=%27%20OR%201%3D1%20--")
    assert answer.status == 200 and answer.json()["count"] == 0
    assert get(APP, "/api/assemblies.json").json()["count"] == get(APP, "/api/assemblies.json").json()["total"]


def test_not_found_and_methods_answer_in_json(api_db):
    for path in ("/api/assemblies/nope.json", "/api/assemblies/%3Cscript%3E.json", "/api/nothing", "/api/a/b/c"):
        answer = get(APP, path)
        assert answer.status == 404 and answer.json()["error"] == "not_found", path
    answer = request(APP, "POST", "/api/assemblies.json")
    assert answer.status == 405 and answer.json()["error"] == "method_not_allowed"
    assert request(APP, "HEAD", "/api/assemblies.json").status == 200
    index = get(APP, "/api/").json()
    assert "http://testserver/api/changes.atom" in index["endpoints"]


def test_etag_and_304_until_the_next_import(api_db):
    first = get(APP, "/api/assemblies.json?country=FR")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = get(APP, "/api/assemblies.json?country=FR", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    assert get(APP, "/api/assemblies.json?country=BE", headers={"If-None-Match": etag}).status == 200
    _import(api_db)
    after = get(APP, "/api/assemblies.json?country=FR", headers={"If-None-Match": etag})
    assert after.status == 200 and after.headers["etag"] != etag


def test_cors(api_db):
    answer = get(APP, "/api/assemblies.geojson", headers={"Origin": "https://exemple.org"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "ETag" in answer.headers["access-control-expose-headers"]
    preflight = request(APP, "OPTIONS", "/api/assemblies.json", headers={
        "Origin": "https://exemple.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]
    assert "If-None-Match" in preflight.headers["access-control-allow-headers"]


def _feed(query: str = "") -> ET.Element:
    answer = get(APP, "/api/changes.atom" + query)
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(answer.body)


def test_feed_is_atom_and_gains_an_entry_after_an_import(api_db):
    feed = _feed()
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    before = feed.findall(f"{ATOM}entry")
    assert len(before) == 3  # the embedded data's three imports
    for entry in before:
        for tag in ("id", "title", "updated", "content"):
            assert (entry.find(f"{ATOM}{tag}").text or "").strip(), tag
    _import(api_db, [{"id": "nouvelle", "name": "Assemblée nouvelle de Rennes", "country": "FR"}])
    entries = _feed().findall(f"{ATOM}entry")
    assert len(entries) == 4
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "Assemblées : import de données"
    content = newest.find(f"{ATOM}content").text
    assert "1 ligne ajoutée" in content and "Ajoutée : Assemblée nouvelle de Rennes" in content
    assert {e.find(f"{ATOM}id").text for e in entries[1:]} == {e.find(f"{ATOM}id").text for e in before}
    english = _feed("?lang=en").findall(f"{ATOM}entry")
    assert len(english) == 4
    store.rollback(process.connection(api_db), 4, by="Marie Coordinatrice")
    newest = _feed().findall(f"{ATOM}entry")[0]
    assert newest.find(f"{ATOM}title").text == "Assemblées : retour à l'état d'avant l'import n° 4"
    assert "Retirée : Assemblée nouvelle de Rennes" in newest.find(f"{ATOM}content").text


def test_the_table_page_shows_the_apis_rows(app_env):
    """AppTest of /assemblees for one filter URL: its table lists the API's assemblies, in the same order."""
    from support import open_app

    api.CACHE.clear()
    at = open_app("assemblees", country="FR,BE", level="municipal,regional")
    names = list(at.dataframe[0].value[ASSEMBLIES.column("name").label("fr")])
    body = get(APP, "/api/assemblies.json?country=FR,BE&level=municipal,regional").json()
    assert names == [a["name"] for a in body["assemblies"]] and len(names) >= 3


def test_feed_publishes_no_coordination_data(api_db):
    _import(api_db, [{"id": "x", "name": "X", "country": "FR"}], by="Marie Coordinatrice")
    text = get(APP, "/api/changes.atom").text
    assert "Marie" not in text and "assemblees.csv" not in text and "données embarquées" not in text


def test_a_hostile_name_stays_text_in_the_api_the_feed_and_the_embed(api_db):
    _import(api_db, [{"id": "hostile", "name": HOSTILE, "city": HOSTILE, "country": "FR", "latitude": 45.0,
                      "longitude": 4.0, "start_year": 2020}])
    one = get(APP, "/api/assemblies/hostile.json").json()["assembly"]
    assert one["name"] == HOSTILE and one["city"] == HOSTILE
    geo = get(APP, "/api/assemblies.geojson?q=onerror").json()
    assert [f["properties"]["name"] for f in geo["features"]] == [HOSTILE]
    entry = _feed().findall(f"{ATOM}entry")[0]
    assert f"Ajoutée : {HOSTILE}" in entry.find(f"{ATOM}content").text  # text, parsed back exactly
    page = get(APP, "/embed/carte?q=onerror").text
    assert "<img" not in page and page.count("</script>") == 3  # the JSON, Leaflet, embed.js: none from the data
    config = json.loads(re.search(r'id="acp-config">(.*?)</script>', page, re.S).group(1))
    assert config["text"]["count"].startswith("1 assemblée sur")


def test_embed_page_can_be_framed_and_loads_nothing_from_elsewhere(api_db):
    answer = get(APP, "/embed/carte?country=FR&color=status")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "x-frame-options" not in answer.headers
    assert "http" not in re.sub(r'"source":"http://testserver/[^"]*"', "", answer.text.split('id="acp-config">')[1]
                                ).split("</script>")[0].replace("http://testserver", "")
    with_tiles = get(APP, "/embed/carte?tiles=1")
    assert "basemaps.cartocdn.com" in with_tiles.headers["content-security-policy"]
    for path in ("/embed/static/embed.js", "/embed/static/embed.css", f"/embed/static/{embed.LEAFLET}/leaflet.js",
                 f"/embed/static/{embed.LEAFLET}/leaflet.css", "/embed/outlines.geojson"):
        assert get(APP, path).status == 200, path


def test_iframe_code_and_addresses():
    f = filters.from_query({"country": ["FR"], "q": ['"><script>']})
    url = embed.embed_url("https://exemple.org/acp/", f, "status", "en")
    assert url.startswith("https://exemple.org/acp/embed/carte?") and "color=status" in url and "lang=en" in url
    code = embed.iframe_code(url)
    assert code.startswith('<iframe src="https://exemple.org/acp/embed/carte?') and "<script>" not in code
    assert embed.app_base("http://h:8501/carte?country=FR") == "http://h:8501/"


def test_licence_is_configurable(api_db, monkeypatch, tmp_path):
    from acp import open_data

    secrets = tmp_path / "secrets.toml"
    secrets.write_text('data_licence = "Licence Ouverte 2.0"\ndata_licence_url = "https://www.etalab.gouv.fr/licence-ouverte"\n')
    assert open_data.licence({}, secrets) == {"name": "Licence Ouverte 2.0",
                                               "url": "https://www.etalab.gouv.fr/licence-ouverte"}
    assert open_data.licence({"ACP_DATA_LICENCE": "ODbL"}, tmp_path / "none.toml")["name"] == "ODbL"
    monkeypatch.setenv("ACP_DATA_LICENCE", "CC BY 4.0")
    body = get(APP, "/api/assemblies.json").json()
    assert body["licence"]["name"] == "CC BY 4.0" and body["licence"]["text"] == "CC BY 4.0"
    assert _feed().find(f"{ATOM}rights").text == "CC BY 4.0"
