"""Presentation mode and « Partager cette vue » without a browser (issue 18): the canonical view and its code,
the short links' table and route, the Filter's chips, and the mode in AppTest (no sidebar, chips, exit)."""
from __future__ import annotations

import pytest
from starlette.requests import Request

from acp import filters as F
from acp import share, store
from acp.web import short_links

from support import open_app


def _request(code: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": f"/v/{code}", "query_string": b"", "headers": [],
                    "path_params": {"code": code}})


# ------------------------------------------------------------------ the canonical view and its code

def test_canonical_form_sorts_keys_and_values():
    one = share.canonical("carte", {"level": ["regional", "municipal"], "country": ["FR"], "lang": "en", "q": ""})
    other = share.canonical("/carte", {"lang": ["en"], "country": "FR", "level": ["municipal", "regional"]})
    assert one == other == "carte?country=FR&lang=en&level=municipal&level=regional"
    assert share.canonical("sondage", {}) == "sondage"
    assert share.canonical("carte", {"q": ["l'été & co"]}) == "carte?q=l%27%C3%A9t%C3%A9+%26+co"
    with pytest.raises(ValueError):
        share.canonical("https://evil.example/", {})


def test_codes_are_short_url_safe_and_stable():
    codes = share.code_candidates("carte?country=FR")
    assert [len(c) for c in codes] == [8, 9, 10]
    assert all(share.is_code(c) for c in codes)
    assert codes == share.code_candidates("carte?country=FR")
    assert codes[0] != share.code_candidates("carte?country=BE")[0]
    assert not share.is_code("ABCDEFGH") and not share.is_code("abc") and not share.is_code("../../etc")
    assert share.short_url("http://127.0.0.1:8501/carte", "abcdefgh") == "http://127.0.0.1:8501/v/abcdefgh"
    assert share.short_url("https://exemple.fr/acp/assemblees", "abcdefgh") == "https://exemple.fr/acp/v/abcdefgh"


def test_the_same_view_gets_the_same_code_and_a_collision_a_longer_one(seeded):
    target = share.canonical("assemblees", {"country": ["FR"]})
    code = store.short_code(seeded, target)
    assert code == share.code_candidates(target)[0]
    assert store.short_code(seeded, target) == code
    assert store.target_of(seeded, code) == target
    assert seeded.execute("SELECT count(*) FROM short_links").fetchone()[0] == 1
    # Another view already holds the next view's 8-character code: the next view gets 9 characters.
    other = share.canonical("carte", {"country": ["BE"]})
    seeded.execute("INSERT INTO short_links VALUES (?, 'carte?squatter', now())", [share.code_candidates(other)[0]])
    assert store.short_code(seeded, other) == share.code_candidates(other)[1]
    assert store.target_of(seeded, "zzzzzzzz") is None
    assert store.target_of(seeded, "../x") is None


def test_short_links_table_exists_in_an_older_base(db):
    con = store.connect(db)
    try:
        con.execute("DROP TABLE short_links")
    finally:
        con.close()
    con = store.connect(db)  # opening it again creates the missing table
    try:
        assert con.execute("SELECT count(*) FROM short_links").fetchone()[0] == 0
    finally:
        con.close()


def test_route_redirects_to_the_view_and_says_unknown_codes_in_french(app_env):
    con = store.connect(app_env)
    try:
        code = store.short_code(con, "assemblees?country=FR&present=1")
    finally:
        con.close()
    response = short_links.endpoint(_request(code))
    assert response.status_code == 302
    assert response.headers["location"] == "../assemblees?country=FR&present=1"
    unknown = short_links.endpoint(_request("aaaaaaaa"))
    assert unknown.status_code == 404
    assert "Lien introuvable" in unknown.body.decode() and '<html lang="fr">' in unknown.body.decode()
    assert [r.path for r in short_links.routes()] == ["/v/{code}"]


# ------------------------------------------------------------------ the Filter's chips

def test_parts_and_without():
    f = F.from_query({"q": "jeunes", "country": ["FR", "BE"], "from": "2021", "to": "2024", "criteria": "all_met"})
    assert F.parts(f) == [("q", None), ("country", "FR"), ("country", "BE"), ("years", None), ("criteria", None)]
    assert F.without(f, "country", "FR").selected("country") == ("BE",)
    assert F.without(F.without(f, "country", "FR"), "country", "BE").values == {}
    assert F.without(f, "years").year_min is None and F.without(f, "years").year_max is None
    assert F.without(f, "q").q == "" and F.without(f, "criteria").criteria is None


def test_values_gone_from_the_data_are_left_out_and_listed():
    assert F.invalid_values({"level": ["municipal,nonsense"], "country": "fr"}) == [("country", "fr"), ("level", "nonsense")]
    f = F.from_query({"country": ["FR", "JP"], "level": "municipal"})
    kept, dropped = F.absent_values(f, {"country": {"FR", "BE"}, "level": {"municipal"}})
    assert kept.selected("country") == ("FR",) and kept.selected("level") == ("municipal",)
    assert dropped == [("country", "JP")]


# ------------------------------------------------------------------ the mode in AppTest

def _chips(at) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("chip-")]


@pytest.mark.parametrize("path", ["carte", "assemblees", "typologie", "sondage", "calendrier"])
def test_mode_leaves_the_sidebar_empty(app_env, path):
    at = open_app(path, present="1")
    assert len(at.sidebar) == 0
    assert [b.label for b in at.button if b.key == "present-exit"] == ["Quitter (Échap)"]
    normal = open_app(path)
    assert len(normal.sidebar) > 0
    assert [b.label for b in normal.button if b.key == "present-on"] == ["Mode présentation"]


def test_chips_show_and_remove_the_filters(app_env):
    at = open_app("assemblees", present="1", country="FR", level="municipal", **{"from": "2015", "to": "2024"})
    assert _chips(at) == ["France", "Commune", "2015–2024"]
    assert "**6 assemblées sur 19**" in [m.value for m in at.markdown]
    at.button(key="chip-country-FR").click().run()
    assert _chips(at) == ["Commune", "2015–2024"]
    assert "country" not in at.query_params and at.query_params["present"] == "1"
    assert at.dataframe[0].value.shape[0] > 6
    at.button(key="chip-level-municipal").click().run()
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("chip-years"))).click().run()
    assert _chips(at) == []
    assert "**19 assemblées sur 19**" in [m.value for m in at.markdown]


def test_control_turns_the_mode_on_and_off_and_keeps_the_filters(app_env):
    at = open_app("carte", country="FR")
    at.button(key="present-on").click().run()
    assert not at.exception
    assert at.query_params["present"] == "1" and at.query_params["country"] in ("FR", ["FR"])
    assert len(at.sidebar) == 0 and _chips(at) == ["France"]
    at.button(key="present-exit").click().run()
    assert "present" not in at.query_params and at.query_params["country"] in ("FR", ["FR"])
    assert len(at.sidebar) > 0


def test_a_link_with_a_value_gone_opens_without_it_and_says_so(app_env):
    at = open_app("carte", present="1", country=["FR", "JP"], level="nonsense")
    assert _chips(at) == ["France"]
    assert any("Japon" in w.value and "nonsense" in w.value for w in at.warning)


def test_present_flag_on_a_page_without_the_mode_is_dropped(app_env):
    at = open_app(None, present="1")
    assert not at.exception
    assert "present" not in at.query_params


def test_chart_fonts_are_scaled_for_presentation_but_not_the_data():
    from acp import charts

    spec = {"height": {"step": 32}, "datasets": {"d": [{"fontSize": 3}]}, "encoding": {"y": {"axis": {
        "labelFontSize": 14, "labelOffset": {"condition": {"value": -7.5}, "value": 0}, "labelColor": "#222"}}},
        "mark": {"type": "text", "fontSize": 13, "opacity": 0.5}}
    out = charts.scaled_fonts(spec, 2)
    assert out["height"] == {"step": 64} and out["datasets"] == spec["datasets"]
    assert out["encoding"]["y"]["axis"] == {"labelFontSize": 28, "labelOffset": {"condition": {"value": -15}, "value": 0},
                                            "labelColor": "#222"}
    assert out["mark"] == {"type": "text", "fontSize": 26, "opacity": 0.5}


def test_present_values_are_the_codes_in_the_data(seeded):
    present = F.present_values(seeded)
    assert "FR" in present["country"] and "JP" not in present["country"]
    assert "municipal" in present["level"]
    assert set(present) == set(F.FACET_NAMES)
