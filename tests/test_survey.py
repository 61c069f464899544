"""The survey's figures: the seed report's 25 cells, half-up percentages, ranking, waves, chart."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from acp import i18n, percent, store, survey
from acp.ingest import read_upload

from support import EXAMPLES

# The seed report's table (section V.2), row by row: count and percentage per priority 1..5.
SEED_TABLE = {
    "Quelle place accorder aux expert·es et parties prenantes dans les travaux d'une assemblée citoyenne permanente ?":
        ["2 (8 %)", "8 (33 %)", "6 (25 %)", "4 (17 %)", "4 (17 %)"],
    "Quelles modalités privilégier pour le tirage au sort ? Comment s'assurer de la mobilisation des membres, dans le temps ?":
        ["6 (25 %)", "6 (25 %)", "6 (25 %)", "2 (8 %)", "4 (17 %)"],
    "Comment articuler les travaux d'une assemblée citoyenne permanente avec ceux des élu·es et agent·es ? D'autres espaces délibératifs ?":
        ["8 (33 %)", "4 (17 %)", "4 (17 %)", "5 (21 %)", "3 (13 %)"],
    "Les assemblées citoyennes permanentes ont-elles besoin d'un cadre juridique ? Quelle institutionnalisation possible pour ces assemblées ?":
        ["6 (25 %)", "4 (17 %)", "5 (21 %)", "3 (13 %)", "6 (25 %)"],
    "Comment rendre des comptes ? Retour d'expériences des comités de suivi et autres droits de suite.":
        ["7 (29 %)", "7 (29 %)", "4 (17 %)", "0 (0 %)", "6 (25 %)"],
}
# The app writes babel's French percentage: a no-break space before the sign.
SEED_TABLE = {question: [text.replace(" %", "\u00a0%") for text in texts] for question, texts in SEED_TABLE.items()}
CELLS = [(row, question, priority, text)
         for row, (question, texts) in enumerate(SEED_TABLE.items())
         for priority, text in enumerate(texts, start=1)]


def _frames(con) -> dict:
    return {name: store.read_table(con, name)
            for name in ("survey_waves", "survey_themes", "survey_counts", "survey_other")}


def _table(frames: dict, wave: str = "2025-04"):
    return survey.counts_table(frames["survey_themes"], frames["survey_counts"], wave)


def _import(con, file_name: str, **context) -> None:
    data = (EXAMPLES / file_name).read_bytes()
    upload = read_upload("survey", file_name, data, {**store.ingest_context(con), **context})
    assert upload.ok, upload.report()
    store.apply_upload(con, upload, by="test")


@pytest.fixture
def empty(tmp_path):
    def make(name: str):
        return store.connect(tmp_path / name)
    return make


# ---------------------------------------------------------------- rounding

@pytest.mark.parametrize(("count", "total", "expected"), [
    (3, 24, 13), (2, 24, 8), (7, 24, 29), (5, 24, 21), (1, 8, 13), (5, 8, 63), (1, 200, 1),
    (0, 24, 0), (24, 24, 100), (0, 0, 0),
])
def test_percentages_round_half_up(count, total, expected):
    assert percent.half_up(count, total) == expected


def test_half_up_differs_from_round_half_even_on_halves():
    # 1/8 = 12.5 %: Python's round() and babel's default give 12, the seed's rule gives 13.
    assert round(12.5) == 12
    assert percent.fmt(1, 8) == "13\u00a0%"
    assert percent.fmt(3, 24) == "13\u00a0%"


# ---------------------------------------------------------------- the seed's table, cell by cell

@pytest.mark.parametrize(("row", "question", "priority", "text"), CELLS,
                         ids=[f"theme{r + 1}-p{p}" for r, _, p, _ in CELLS])
def test_seed_table_cell(seeded, row, question, priority, text):
    table = _table(_frames(seeded))
    shown = survey.table_display(table)
    count, shown_percent = text.split(" (")
    assert table.loc[row, "label"] == question
    assert int(table.loc[row, priority]) == int(count)
    assert f"{table.loc[row, f'pct{priority}']}\u00a0%" == shown_percent.rstrip(")")
    assert shown.loc[row, str(priority)] == text


def test_seed_table_shape_and_headers(seeded):
    shown = survey.table_display(_table(_frames(seeded)))
    assert list(shown.columns) == ["Niveau de priorité (1 max - 5 min)", "1", "2", "3", "4", "5"]
    assert len(shown) == 5
    assert len(CELLS) == 25


def test_every_theme_has_24_answers(seeded):
    assert _table(_frames(seeded))["answers"].tolist() == [24] * 5
    assert survey.respondents(_frames(seeded)["survey_waves"], "2025-04") == 24


# ---------------------------------------------------------------- ranking and other proposals

def test_ranking_by_share_of_priorities_1_and_2_then_mean(seeded):
    ranked = survey.ranking(_table(_frames(seeded)))
    assert ranked["theme_id"].tolist() == ["5", "3", "2", "4", "1"]
    assert ranked["top2_count"].tolist() == [14, 12, 12, 10, 10]
    assert ranked["mean"].round(3).tolist() == [round(63 / 24, 3), round(63 / 24, 3), round(64 / 24, 3),
                                                round(71 / 24, 3), round(72 / 24, 3)]
    shown = survey.ranking_display(ranked)
    assert shown.iloc[0].tolist() == ["1", "Rendre des comptes et droits de suite", "58\u00a0%", "2,6", "24"]
    assert shown["Priorité moyenne"].tolist() == ["2,6", "2,6", "2,7", "3,0", "3,0"]


def test_other_proposals(seeded):
    assert survey.other_proposals(_frames(seeded)["survey_other"], "2025-04") == [
        "Budgétisation des assemblées citoyennes"]


# ---------------------------------------------------------------- raw answers and counts give the same page

def test_raw_answers_and_counts_give_the_same_figures(seeded, empty):
    raw, counts = empty("raw.duckdb"), empty("counts.duckdb")
    _import(raw, "survey_responses.csv")
    _import(counts, "survey_counts.csv")
    tables = [_table(_frames(con)) for con in (seeded, raw, counts)]
    shown = [survey.table_display(t) for t in tables]
    assert shown[1].equals(shown[2])
    assert shown[1].equals(shown[0])
    assert dict(zip(shown[0].iloc[:, 0], shown[0].iloc[:, 1:].values.tolist())) == {
        i18n.md(q): v for q, v in SEED_TABLE.items()}
    ranking = [survey.ranking_display(survey.ranking(t)).drop(columns="Thème") for t in tables]
    assert ranking[1].equals(ranking[2]) and ranking[1].equals(ranking[0])
    assert survey.respondents(_frames(raw)["survey_waves"], "2025-04") == 24
    assert survey.other_proposals(_frames(raw)["survey_other"], "2025-04") == [
        "Budgétisation des assemblées citoyennes"]
    raw.close()
    counts.close()


# ---------------------------------------------------------------- several waves

def test_a_second_wave_keeps_the_first_and_compares_by_theme(seeded):
    _import(seeded, "survey_responses.csv", wave="2025-10", wave_title="Second sondage",
            wave_date=dt.date(2025, 10, 10))
    frames = _frames(seeded)
    assert survey.wave_ids(frames["survey_waves"]) == ["2025-10", "2025-04"]
    assert survey.wave_label(frames["survey_waves"], "2025-10") == "10/10/2025 — Second sondage"
    first, second = _table(frames, "2025-04"), _table(frames, "2025-10")
    assert survey.table_display(first).equals(survey.table_display(second))
    compared = survey.compare(first, second)
    assert compared["theme_id"].tolist() == ["1", "2", "3", "4", "5"]
    shown = survey.compare_display(compared, "2025-04", "2025-10")
    assert shown["Évolution (priorités 1 et 2)"].tolist() == ["0 pt"] * 5
    assert shown["Priorités 1 et 2 — " + i18n.md("2025-04")].tolist() == ["42\u00a0%", "50\u00a0%", "50\u00a0%", "42\u00a0%", "58\u00a0%"]


def test_compare_shows_changes_and_themes_of_one_wave_only(seeded):
    frames = _frames(seeded)
    first = _table(frames)
    second = first[first["theme_id"] != "1"].copy()
    second.loc[second["theme_id"] == "5", [1, 2, 3, 4, 5]] = [12, 6, 2, 2, 2]
    second.loc[second["theme_id"] == "5", "answers"] = 24
    shown = survey.compare_display(survey.compare(first, second), "a", "b")
    change = dict(zip(shown["Thème"], shown["Évolution (priorités 1 et 2)"]))
    assert change["Rendre des comptes et droits de suite"] == "+17 pts"  # 58 % -> 75 %
    assert change["Place des expert·es et parties prenantes"] == "—"


# ---------------------------------------------------------------- export and chart

def test_csv_export_has_numbers_in_their_own_cells(seeded):
    from acp.export import to_csv_bytes

    frame = survey.table_export(_table(_frames(seeded)))
    assert frame.iloc[0, 3:].tolist() == [2, 8, 8, 33, 6, 25, 4, 17, 4, 17, 24]
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Code thème;Thème (court);Thème;Priorité 1 (effectif);Priorité 1 (%)")


def test_chart_orders_themes_and_keeps_colours_per_priority(seeded):
    table = _table(_frames(seeded))
    spec = survey.priority_chart(table).to_dict()
    bars, labels = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == [
        "Rendre des comptes et droits de suite", "Articulation avec élu·es, agent·es et autres espaces",
        "Tirage au sort et mobilisation des membres", "Cadre juridique et institutionnalisation",
        "Place des expert·es et parties prenantes"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["1 – priorité maximale", "2", "3", "4", "5 – priorité minimale"]
    assert scale["range"] == list(survey.PRIORITY_COLOURS)
    assert {t["field"] for t in bars["encoding"]["tooltip"]} >= {"label", "pct_label"}
    data = survey.chart_frame(table)
    assert len(data) == 25
    assert set(data["label"]) == set(SEED_TABLE)
    row = data[(data["theme_id"] == "3") & (data["priority"] == 5)].iloc[0]
    assert row["pct_label"] == "13\u00a0%" and row["end"] == pytest.approx(1.0)
    assert "13\u00a0%" in json.dumps(spec, ensure_ascii=False)


def test_markdown_in_data_is_escaped(seeded):
    """A theme's label from an import is shown by st.table, which reads Markdown: it goes through i18n.md,
    the escaper of every other page, so it shows as written and stays inert."""
    hostile = "*gras* [lien](javascript:x) <b>"
    table = _table(_frames(seeded))
    table.loc[0, "label"] = table.loc[0, "short_label"] = hostile
    assert survey.table_display(table).iloc[0, 0] == i18n.md(hostile)
    assert i18n.md(hostile) in survey.ranking_display(survey.ranking(table)).iloc[:, 1].tolist()
    labels = [*survey.table_display(table).iloc[:, 0], *survey.ranking_display(survey.ranking(table)).iloc[:, 1]]
    assert not any(c in label for label in labels for c in "*[]()<>")
