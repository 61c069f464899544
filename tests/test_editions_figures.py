"""acp.editions on hand-made cases: months as spans, the timeline's bars (open ends, undated editions, overlapping
editions, the row limit), the follow-up figures with their n and unknowns (an unknown is never 0), the tables and
the reading through the shared Filter; acp.editions_chart's spec and legend."""
from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd
import pytest

from acp import editions, editions_chart, export, filters, store
from acp.schema import EDITIONS, NOT_RECORDED

from support import use_editions


def frame(*rows: dict) -> pd.DataFrame:
    """Editions as acp.editions.select gives them: every column, unknown as None."""
    names = [c.name for c in EDITIONS.columns] + ["assembly_name"]
    out = []
    for i, row in enumerate(rows):
        base = {n: None for n in names}
        base.update({"id": f"e{i}", "assembly": "a", "assembly_name": "Assemblée A", "label": f"Édition {i}"})
        base.update(row)
        out.append(base)
    return pd.DataFrame(out, columns=names)


# ---------------------------------------------------------------- months

def test_a_month_spans_the_month_and_a_year_the_year():
    assert editions.period("2021-11") == (dt.date(2021, 11, 1), dt.date(2021, 12, 1))
    assert editions.period("2021-12") == (dt.date(2021, 12, 1), dt.date(2022, 1, 1))
    assert editions.period("2021") == (dt.date(2021, 1, 1), dt.date(2022, 1, 1))
    assert editions.period(None) is None
    assert editions.period("2021-13") is None
    assert editions.period("novembre") is None


def test_months_between_needs_two_months():
    assert editions.months_between("2021-11", "2023-03") == 16
    assert editions.months_between("2023-03", "2023-03") == 0
    assert editions.months_between("2021", "2023-03") is None  # a year alone is too coarse for a delay in months
    assert editions.months_between("2021-11", None) is None


def test_dates_in_words():
    assert editions.dates_words("2021-11", "2023-03") == "novembre 2021 – mars 2023"
    assert editions.dates_words("2021-11", "2023-03", "en") == "November 2021 – March 2023"
    assert editions.dates_words("2021-07", "2021-07") == "juillet 2021"
    assert editions.dates_words("2025-02", None) == "février 2025 – fin non renseignée"
    assert editions.dates_words(None, "2024") == "début non renseigné – 2024"
    assert editions.dates_words(None, None) == "dates non renseignées"


# ---------------------------------------------------------------- the timeline

def test_timeline_bars_open_ends_and_undated_editions():
    drawn, left_off, undated = editions.timeline_data(frame(
        {"start": "2021-11", "end": "2023-03", "response": "council_vote"},
        {"start": "2024", "end": None},                       # no end: over its start's year, marked open
        {"start": "2025-02", "end": None, "response": "none_yet"},  # no end: over its start's month
        {"start": None, "end": "2024-05"},                    # no start: not drawn, counted
    ))
    assert (left_off, undated) == (0, 1)
    assert drawn[["start", "end", "open"]].values.tolist() == [
        ["2021-11-01", "2023-04-01", False], ["2024-01-01", "2025-01-01", True], ["2025-02-01", "2025-03-01", True]]
    assert drawn["response"].tolist() == ["council_vote", NOT_RECORDED, "none_yet"]
    assert drawn["response_label"].tolist() == ["Délibération ou vote du conseil", "Non renseigné",
                                                "Pas encore de réponse"]
    assert drawn["colour"].iloc[1] == editions.RESPONSE_COLOURS[NOT_RECORDED]
    assert drawn["dates"].iloc[1] == "2024 – fin non renseignée"
    assert drawn["aria"].iloc[0] == "Assemblée A, Édition 0, novembre 2021 – mars 2023 : Délibération ou vote du conseil"


def test_overlapping_editions_of_one_assembly_go_on_lines_of_their_own():
    drawn, _, _ = editions.timeline_data(frame(
        {"start": "2020-03", "end": "2022-04"}, {"start": "2021-10", "end": "2022-02"},
        {"start": "2022-09", "end": "2022-11"}))
    assert drawn["lane"].tolist() == [0, 1, 0]
    assert drawn["row"].tolist() == ["Assemblée A", "Assemblée A" + editions.LANE_MARK, "Assemblée A"]
    assert drawn["row_order"].tolist() == [0, 1, 0]


def test_the_chart_draws_the_first_assemblies_and_says_how_many_are_left():
    rows = [{"assembly": f"a{i}", "assembly_name": f"Assemblée {i:02d}", "start": "2022"} for i in range(5)]
    drawn, left_off, undated = editions.timeline_data(frame(*rows), max_rows=3)
    assert (len(drawn), left_off, undated) == (3, 2, 0)
    assert drawn["assembly"].tolist() == ["a0", "a1", "a2"]


def test_two_assemblies_with_one_name_keep_their_own_rows():
    drawn, _, _ = editions.timeline_data(frame({"assembly": "x", "assembly_name": "Même nom", "start": "2022"},
                                               {"assembly": "y", "assembly_name": "Même nom", "start": "2022"}))
    assert drawn["row"].tolist() == ["Même nom (x)", "Même nom (y)"]


def test_an_empty_frame_gives_an_empty_timeline():
    drawn, left_off, undated = editions.timeline_data(frame())
    assert drawn.empty and list(drawn.columns) == editions._DRAWN and (left_off, undated) == (0, 0)


# ---------------------------------------------------------------- follow-up figures

CASES = (
    # public response, 3 months after the end; 4 of 10 adopted, 2 implemented
    {"end": "2022-01", "response": "council_vote", "response_date": "2022-04", "recommendations": 10, "adopted": 4,
     "implemented": 2},
    # no response yet; adopted unknown
    {"end": "2023-05", "response": "none_yet", "recommendations": 5},
    # response unknown; recommendations unknown (its adopted count cannot be a share)
    {"end": "2023-05", "adopted": 3},
    # public response, but the end is a year: no delay in months; all 6 adopted, implemented unknown
    {"end": "2021", "response": "written", "response_date": "2022-02", "recommendations": 6, "adopted": 6},
    # public response 6 months after; no recommendation: no share
    {"end": "2020-01", "response": "debate", "response_date": "2020-07", "recommendations": 0, "adopted": 0},
)


def test_follow_up_figures_count_their_n_and_unknowns():
    figs = editions.follow_up(frame(*CASES))
    assert figs["public_response"] == editions.Figure("public_response", 0.75, 4, 1, 3, 4)
    assert figs["median_delay"] == editions.Figure("median_delay", 4.5, 2, 1)
    assert figs["adopted_share"] == editions.Figure("adopted_share", 10 / 16, 2, 3, 10, 16)
    assert figs["implemented_share"] == editions.Figure("implemented_share", 0.2, 1, 4, 2, 10)


def test_an_unknown_is_never_zero():
    """An edition whose adopted count is unknown leaves the adopted share as it was (as 0 it would lower it) and
    counts among the unknowns."""
    before = editions.follow_up(frame(*CASES))["adopted_share"]
    after = editions.follow_up(frame(*CASES, {"recommendations": 10, "response": "written"}))["adopted_share"]
    assert (after.value, after.n, after.unknown) == (before.value, before.n, before.unknown + 1)
    delay = editions.follow_up(frame({"end": "2022-01", "response": "written"}))["median_delay"]
    assert (delay.value, delay.n, delay.unknown) == (None, 0, 1)


def test_figures_in_words_with_their_n_and_unknowns():
    figs = editions.follow_up(frame(*CASES))
    assert editions.figure_value(figs["public_response"]) == "75\u00a0%"
    assert editions.figure_value(figs["median_delay"]) == "4,5 mois"
    assert editions.figure_value(figs["median_delay"], "en") == "4.5 months"
    assert editions.figure_value(figs["adopted_share"]) == "63\u00a0%"  # 10 / 16, half up
    assert editions.figure_detail(figs["public_response"]) == \
        "3 édition(s) avec une réponse publique sur 4 dont la réponse est connue ; inconnu pour 1 édition"
    assert editions.figure_detail(figs["implemented_share"]) == \
        "2 recommandation(s) mise(s) en œuvre sur 10, de 1 édition ; inconnu pour 4 éditions"
    none = editions.follow_up(frame({"recommendations": 3}))["implemented_share"]
    assert editions.figure_value(none) == "—"
    assert editions.figure_detail(none) == "incalculable : l'information manque pour 1 édition"
    complete = editions.follow_up(frame({"response": "debate"}))["public_response"]
    assert editions.figure_detail(complete).endswith("; aucune inconnue")


def test_figures_of_no_edition():
    figs = editions.follow_up(frame())
    assert all(f.value is None and f.n == 0 and f.unknown == 0 for f in figs.values())
    table = editions.figures_table(figs)
    assert table.columns.tolist() == ["Chiffre", "Valeur", "Éditions comptées (n)", "Éditions où l'information manque"]
    assert table["Valeur"].tolist() == ["—"] * 4


# ---------------------------------------------------------------- tables

def test_the_table_keeps_unknown_counts_empty_never_zero():
    table = editions.table(frame({"start": "2021-11", "end": "2023-03", "members": 100, "recommendations": 3,
                                  "adopted": 3, "topics_from": ["executive", "assembly"],
                                  "sources": ["https://a.example", "https://b.example"]},
                                 {"label": "Sans rien"}))
    assert table["Membres"].tolist()[0] == 100 and pd.isna(table["Membres"].iloc[1])
    assert pd.isna(table["Recommandations mises en œuvre"].iloc[0])
    assert table["Sujet choisi par"].tolist() == ["Exécutif, L'assemblée elle-même", "Non renseigné"]
    assert table["Réponse de l'autorité"].tolist() == ["Non renseigné", "Non renseigné"]
    assert table["Sources"].tolist() == ["https://a.example | https://b.example", ""]
    csv = export.to_csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[2].split(";")[5] == ""  # members of the second edition: an empty cell, not 0
    topics = editions.topics_table(frame({"topics": "Logement"}, {}))
    assert topics["Sujet(s)"].tolist() == ["Logement", "Non renseigné"]


# ---------------------------------------------------------------- reading through the shared Filter

@pytest.fixture
def con(db):
    use_editions(db)
    connection = store.connect(db)
    yield connection
    connection.close()


def test_the_shared_filter_chooses_the_editions(con):
    everything = editions.select(con, filters.Filter())
    assert len(everything) == 16 == editions.count(con)
    belgian = editions.select(con, filters.from_query({"country": ["BE"]}))
    assert set(belgian["assembly"]) == {"eupen-ostbelgien", "bruxelles-climat"} and len(belgian) == 6
    searched = editions.select(con, filters.from_query({"q": ["paris"]}))
    assert searched["label"].tolist() == ["Promotion 1", "Promotion 2", "Promotion 3"]  # by start
    assert editions.select(con, filters.from_query({"country": ["AT"]})).empty
    # Text from the URL is a parameter, never SQL.
    assert editions.select(con, filters.from_query({"q": ["x') OR 1=1 --"]})).empty


def test_one_assemblys_editions(con):
    eupen = editions.for_assembly(con, "eupen-ostbelgien")
    assert eupen["label"].tolist() == ["1 Pflege", "3 Wohnen", "4 Digital", "6 Schülerkompetenzen"]
    assert editions.for_assembly(con, "villeurbanne").empty


# ---------------------------------------------------------------- the chart

def test_the_chart_spec_reports_a_click_on_an_edition():
    drawn, _, _ = editions.timeline_data(frame({"start": "2021-11", "end": "2023-03", "response": "debate"}))
    spec = editions_chart.spec(drawn, "fr")
    assert spec["datasets"][editions_chart.DATA][0]["assembly"] == "a"
    pick = next(p for p in spec["params"] if p["name"] == "pick")
    assert pick["select"]["fields"] == ["assembly", "id"]
    assert spec["encoding"]["x"]["field"] == "start" and spec["encoding"]["x2"]["field"] == "end"
    assert spec["encoding"]["description"]["field"] == "aria"
    colours = spec["encoding"]["color"]["scale"]
    assert colours["domain"][-1] == "Non renseigné" and colours["range"][-1] == editions.RESPONSE_COLOURS["nr"]
    assert spec == editions_chart.chart(drawn, "fr").to_dict() | {"datasets": spec["datasets"],
                                                                  "data": {"name": editions_chart.DATA}}


def test_the_legend_names_every_response_unknown_and_the_open_end():
    legend = editions_chart.legend_html("fr")
    for code in ("none_yet", "written", "debate", "council_vote", "referendum", "other"):
        assert escape(editions.response_label(code)) in legend
    assert "Non renseigné" in legend and "fin non renseignée" in legend and 'role="list"' in legend
    assert "<b>" not in editions_chart.legend_html("en")


def test_the_figures_computed_in_the_base_are_those_of_the_frame(con):
    for f in (filters.Filter(), filters.from_query({"country": ["BE"]}), filters.from_query({"country": ["AT"]})):
        assert editions.figures(con, f) == editions.follow_up(editions.select(con, f))
    assert editions.totals(con, filters.Filter()) == (16, 8)
    first = editions.select(con, filters.Filter(), first_assemblies=2)
    assert first["assembly"].unique().tolist() == ["milan-clima", "marseille"]  # by name, those with editions
    assert len(editions.select(con, filters.Filter(), limit=5)) == 5
