"""AppTests of the typology and home pages in French and English: figures from the database,
chart data as the SQL counts it, every value shown by its label (never its raw code), and the
language switch."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from acp import charts, i18n
from acp.schema import ASSEMBLIES

from shown import assert_no_raw_code, charts_of
from support import open_app


def chart_titled(at: AppTest, title: str) -> tuple[dict, list[dict]]:
    return next((spec, rows) for spec, rows in charts_of(at) if spec["title"]["text"] == title)


# ---------------------------------------------------------------- typology

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_typology_page_shows_every_chart_with_labels(app_env, lang):
    at = open_app("typologie", from_home=True, **({"lang": lang} if lang == "en" else {}))
    assert at.title[0].value == i18n.t("typology_title", lang)
    assert i18n.count_of(19, 19, lang) in [m.value.strip("*") for m in at.markdown]
    found = charts_of(at)
    assert len(found) == len(charts.DIMENSIONS) + 2  # a bar chart per dimension, the timeline, the heat map
    titles = [spec["title"]["text"] for spec, _ in found]
    assert titles[:len(charts.DIMENSIONS)] == [ASSEMBLIES.column(d).label(lang) for d in charts.DIMENSIONS]
    for spec, rows in found:
        assert {p["name"] for p in spec["params"]} & {charts.PICK}
        assert rows and all(("code" in r) or ("row" in r and "col" in r) for r in rows)
        for row in rows:
            if "code" in row and "label" in row and "year" not in row:
                dimension = ASSEMBLIES.column(titles_to_dimension(spec["title"]["text"], lang))
                assert row["label"] == i18n.value_label(dimension, row["code"], lang)
    assert_no_raw_code(at)
    level = chart_titled(at, ASSEMBLIES.column("level").label(lang))[1]
    assert {r["code"]: r["n"] for r in level} == {"municipal": 11, "intermunicipal": 1, "departmental": 1,
                                                 "regional": 6}
    assert next(r for r in level if r["code"] == "regional")["label"] == ("Région" if lang == "fr" else "Region")


def titles_to_dimension(title: str, lang: str) -> str:
    return next(d for d in charts.DIMENSIONS if ASSEMBLIES.column(d).label(lang) == title)


def test_typology_follows_the_shared_filter(app_env):
    at = open_app("typologie", from_home=True, level="regional")
    assert "6 assemblées sur 19" in [m.value.strip("*") for m in at.markdown]
    level = chart_titled(at, "Échelon")[1]
    # The level chart still shows every level (counted under the other filters), Région highlighted.
    assert {r["code"]: (r["n"], r["selected"], r["opacity"]) for r in level} == {
        "municipal": (11, False, charts.FADED), "intermunicipal": (1, False, charts.FADED),
        "departmental": (1, False, charts.FADED), "regional": (6, True, 1.0)}
    initiated = chart_titled(at, "Initiée par")[1]
    assert sum(r["n"] for r in initiated) == 6
    assert {r["code"]: r["percent"] for r in initiated} == {"public_authority": 33, "citizens": 33, "mixed": 17,
                                                           "nr": 17}
    functions = chart_titled(at, "Fonctions")[1]
    assert sum(r["n"] for r in functions) >= 6  # several values per assembly, each counts
    heat_rows = charts_of(at)[-1][1]
    assert {r["row"] for r in heat_rows} == {"regional"}
    assert sum(r["n"] for r in heat_rows) == 6


def test_typology_pickers_are_read_from_the_url(app_env):
    at = open_app("typologie", from_home=True, stack="functions", rows="initiated_by", cols="topics_from", lang="en")
    assert [s.value for s in at.selectbox if s.label in (i18n.t("stack_by", "en"), i18n.t("heatmap_rows", "en"),
                                                          i18n.t("heatmap_cols", "en"))] == \
        ["functions", "initiated_by", "topics_from"]
    titles = [spec["title"]["text"] for spec, _ in charts_of(at)]
    assert "Creations per year — Functions" in titles
    assert "Initiated by × Topics proposed by" in titles
    timeline = next(rows for spec, rows in charts_of(at) if spec["title"]["text"].startswith("Creations"))
    assert {r["code"] for r in timeline} <= set(ASSEMBLIES.column("functions").vocab.codes) | {"nr"}
    assert_no_raw_code(at)


def test_typology_heat_map_needs_two_dimensions(app_env):
    at = open_app("typologie", from_home=True, rows="level", cols="level")
    assert i18n.t("same_dimension", "fr") in [i.value for i in at.info]
    assert len(charts_of(at)) == len(charts.DIMENSIONS) + 1


def test_typology_with_no_assembly_says_so(app_env):
    at = open_app("typologie", from_home=True, q="zzzz-nothing")
    assert "0 assemblée sur 19" in [m.value.strip("*") for m in at.markdown]
    assert i18n.t("no_assembly", "fr") in [i.value for i in at.info]


def test_chart_data_tables_are_in_the_language(app_env):
    at = open_app("typologie", from_home=True, lang="en")
    first = at.table[0].value
    assert list(first.columns) == ["Level", "Assemblies", "Share (%)"]
    assert list(first["Level"]) == ["Municipality", "Inter-municipal", "County / department", "Region"]
    assert [b.proto.label for b in at.get("download_button")][0] == "Download the data (CSV for Excel)"


# ---------------------------------------------------------------- home

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_page_in_both_languages(app_env, lang):
    at = open_app(**({"lang": lang} if lang == "en" else {}))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.pop(i18n.t("editions_documented", lang)).isdigit()  # as many as the base holds (test_app_editions)
    assert metrics == {i18n.t("assemblies", lang): "19", i18n.t("countries", lang): "8",
                       i18n.t("active", lang): "15", i18n.t("since_2019", lang): "18"}
    markdown = " ".join(m.value for m in at.markdown)
    # Today is after the only dated session: the page says so and lists the themes to schedule.
    assert i18n.t("no_upcoming_then", lang, when="")[:20] in markdown
    assert ("vendredi 25 avril 2025, 13 h – 14 h" if lang == "fr" else "Friday, 25 April 2025, 13:00 – 14:00") \
        in markdown
    assert i18n.t("to_schedule", lang) in markdown
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "Tirage au sort et mobilisation des membres dans le temps" in html
    # The survey's top priority, by share of priorities 1 and 2.
    assert "Rendre des comptes et droits de suite" in markdown
    assert ("58\u00a0%" if lang == "fr" else "58%") in markdown
    assert ("sondage du 25 avril 2025" if lang == "fr" else "survey of 25 April 2025") in markdown
    # A small map, links into each page, the glossary, the last update.
    assert len(at.get("deck_gl_json_chart")) == 1
    links = at.get("page_link")
    assert [p.proto.page for p in links] == ["carte", "assemblees", "typologie", "editions", "sondage", "calendrier",
                                             "fiche", "proposer"]
    assert all(p.proto.query_string == ("lang=en" if lang == "en" else "") for p in links)
    assert at.expander[0].label.startswith("Glossaire" if lang == "fr" else "Glossary")
    assert any(c.value.startswith(i18n.t("last_update", lang)) for c in at.caption)
    assert_no_raw_code(at)


def test_home_shows_the_next_session_with_a_calendar_button(app_env):
    from acp import store

    con = store.connect(app_env)
    con.execute("INSERT INTO sessions (id, date, start, \"end\", title, theme, format, place, status) VALUES "
                "('s-2031', DATE '2031-04-25', TIME '13:00', TIME '14:00', 'Séance sur le tirage au sort', '2', "
                "'visio', 'https://visio.example.org/acp', 'confirmed')")
    con.close()
    at = open_app()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "vendredi 25 avril 2031, 13 h – 14 h" in html
    assert "https://visio.example.org/acp" in html
    assert [b.proto.label for b in at.get("download_button")] == [i18n.t("download_session_ics", "fr")]
    assert at.get("link_button")[0].proto.url == "https://visio.example.org/acp"
    assert_no_raw_code(at)
    en = open_app(lang="en")
    assert "Friday, 25 April 2031, 13:00 – 14:00" in " ".join(h.proto.body for h in en.get("html"))


# ---------------------------------------------------------------- language

def test_language_switch_keeps_the_page_and_the_filters(app_env):
    at = open_app("typologie", from_home=True, level="regional")
    assert at.title[0].value == "Typologie des assemblées"
    switch = next(r for r in at.sidebar.radio if r.label == "Langue / Language")
    assert switch.value == "fr" and switch.options == ["Français", "English", "Deutsch"]
    switch.set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Typology of the assemblies"
    assert "6 assemblies of 19" in [m.value.strip("*") for m in at.markdown]
    assert at.query_params["lang"] == "en" and at.query_params["level"] == "regional"
    assert_no_raw_code(at)
    next(r for r in at.sidebar.radio if r.label == "Langue / Language").set_value("fr").run()
    assert at.title[0].value == "Typologie des assemblées"
    assert "lang" not in at.query_params
