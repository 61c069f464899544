"""AppTests of the map, table and fiche pages: filters from the URL, escaped data, French labels."""
import json

import pytest

from acp import i18n, store
from acp.ingest import read_upload

from support import open_app

HOSTILE = "<img src=x onerror=alert(1)>"


def deck_spec(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def test_map_draws_outlines_and_every_located_assembly(app_env):
    at = open_app("carte")
    assert not at.exception
    spec = deck_spec(at)
    assert len(layer(spec, "countries")["data"]["features"]) == 68
    assert len(layer(spec, "assemblies")["data"]) == 19
    assert "**19 assemblées sur 19**" in [m.value for m in at.markdown]


def test_map_follows_the_url_filter(app_env):
    at = open_app("carte", level="regional", color="status")
    assert not at.exception
    assert len(layer(deck_spec(at), "assemblies")["data"]) == 6
    assert "**6 assemblées sur 19**" in [m.value for m in at.markdown]
    assert at.radio[0].value == "status"


def test_table_lists_filtered_rows_with_french_labels(app_env):
    at = open_app("assemblees", country="FR", q="rennes")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Nom"]) == ["Assemblée citoyenne de Rennes Métropole"]
    assert table["Échelon"].iloc[0] == "Intercommunalité"
    assert table["Pays"].iloc[0] == "France"
    assert [b.proto.label for b in at.get("download_button")] == [
        "Télécharger en CSV (Excel)", "Télécharger en .xlsx", "Télécharger en .ods (LibreOffice)"]


def test_fiche_page_shows_fields_and_criteria(app_env):
    at = open_app("fiche", id="paris")
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Assemblée citoyenne de Paris" in text
    assert "Les cinq critères du groupe" in text
    assert "Portée par une autorité publique" in text and "Rempli" in text
    assert "paris.fr" in text


def test_unknown_fiche_says_so(app_env):
    at = open_app("fiche", id="nope")
    assert not at.exception
    assert at.warning and "n'existe pas" in at.warning[0].value


@pytest.fixture
def hostile_db(app_env):

    csv = f"Nom;Ville;Pays;Latitude;Longitude;Description\n\"{HOSTILE}\";\"<b>Ville</b>\";FR;48,85;2,35;\"[lien](javascript:alert(1))\"\n"
    upload = read_upload("assemblies", "x.csv", csv.encode(), {})
    assert upload.ok, upload.report()
    con = store.connect(app_env)
    store.apply_upload(con, upload)
    con.close()
    return app_env


def test_hostile_name_is_escaped_everywhere(hostile_db):
    at = open_app("carte")
    spec = deck_spec(at)
    data = layer(spec, "assemblies")["data"]
    # Values travel as plain fields; the tooltip template holds no data (the browser test
    # checks that Streamlit escapes the fields it substitutes).
    assert data[0]["name"] == HOSTILE and data[0]["place"].startswith("<b>Ville</b>")
    assert HOSTILE not in at.get("deck_gl_json_chart")[0].proto.tooltip
    at = open_app("fiche", id="img-src-x-onerror-alert-1")
    text = "\n".join(m.value for m in at.markdown)
    assert i18n.md(HOSTILE) in text and "<img" not in text
    assert "](javascript" not in text


def test_pages_in_english_show_no_raw_codes(app_env):
    at = open_app("assemblees", lang="en", level="municipal")
    table = at.dataframe[0].value
    assert set(table["Level"]) == {"Municipality"}
    shown = " ".join(str(v) for v in table.astype(str).values.ravel())
    for code in ("municipal", "stratified_sortition", "policy_recommendations", "active"):
        assert code not in shown.split()


def test_fiche_of_a_running_assembly_does_not_ask_for_its_end_year(app_env):
    at = open_app("fiche", id="paris")
    text = "\n".join(m.value for m in at.markdown)
    assert "Année de fin : — " + i18n.md("(toujours en cours)") in text
    assert "Année de fin" not in " ".join(c.value for c in at.caption)


# The page's own computation, the one the sidebar panel waits for (see acp.ui.filter_panel).
PAGE_WORK = {"carte": ("maps", "deck"), "assemblees": ("tables", "display"), "typologie": ("filters", "all_facet_counts")}


@pytest.mark.parametrize("name", ["carte", "assemblees", "typologie"])
def test_count_line_then_page_data_then_filter_panel(app_env, monkeypatch, name):
    """Streamlit sends each element as it is made, and the browser draws together what reached it by its
    next frame. The count line is made first; the page then computes its map, table or charts, and only
    then draws the sidebar panel, whose facet widgets (counts changed) are the slow part for the browser.
    The panel still sits at the top of the sidebar, above the language switch."""
    import importlib

    import streamlit

    calls = []

    def spy(owner, function, name_=None):
        original = getattr(owner, function)
        monkeypatch.setattr(owner, function, lambda *a, **k: calls.append(name_ or function) or original(*a, **k))

    from acp import filters
    spy(filters, "count")
    module, function = PAGE_WORK[name]
    spy(importlib.import_module(f"acp.{module}"), function, "page data")
    spy(streamlit, "multiselect", "panel")
    at = open_app(name, country="FR")
    assert not at.exception
    assert {"count", "page data", "panel"} <= set(calls), calls
    assert calls.index("count") < calls.index("page data") < calls.index("panel"), calls
    sidebar_labels = [w.label for w in at.sidebar if hasattr(w, "label")]
    assert sidebar_labels.index("Pays") < sidebar_labels.index("Langue / Language")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name,query", [("carte", {}), ("fiche", {"id": "paris"})])
def test_page_links_keep_the_language(app_env, lang, name, query):
    """A fiche or proposal link opened in a new tab, or shared, comes up in the language on screen."""
    if lang == "en":
        query = {**query, "lang": "en"}
    at = open_app(name, **query)
    if name == "carte":  # open Paris's fiche under the map: its links appear
        at.selectbox(key="map-fiche-").set_value("paris").run()
    links = at.get("page_link")
    assert {p.proto.page for p in links} >= ({"fiche", "proposer"} if name == "carte" else {"proposer"})
    for link in links:
        assert ("lang=en" in link.proto.query_string) == (lang == "en"), link.proto.query_string
