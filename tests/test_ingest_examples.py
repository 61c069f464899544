"""The realistic user files of tests/fixtures/examples (copied from shared/examples) and the embedded
seed import cleanly, with the right values."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from acp import store
from acp.ingest import read_upload

from support import EXAMPLES, ROOT

SEED = ROOT / "data" / "seed"
SEED_COUNTS = {  # theme code -> answers for priorities 1..5, as in data/seed/survey.csv
    "1": [2, 8, 6, 4, 4], "2": [6, 6, 6, 2, 4], "3": [8, 4, 4, 5, 3], "4": [6, 4, 5, 3, 6], "5": [7, 7, 4, 0, 6],
}


def load(dataset: str, path: Path, context: dict | None = None):
    """read_upload on a file, asserting it imports with no error."""
    upload = read_upload(dataset, path.name, path.read_bytes(), context or {})
    assert upload.ok, "\n".join(upload.report())
    return upload


def by(frame, column: str, value) -> dict:
    """The one row of `frame` whose `column` equals `value`, as a dict."""
    rows = frame[frame[column] == value]
    assert len(rows) == 1, f"{column} = {value!r}: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def counts_table(upload) -> dict[str, list[int]]:
    """survey_counts as theme code -> counts for priorities 1..5."""
    frame = upload.frames["survey_counts"].sort_values(["theme_id", "priority"])
    out: dict[str, list[int]] = {}
    for row in frame.itertuples():
        out.setdefault(row.theme_id, []).append(int(row.count))
    return out


@pytest.fixture(scope="module")
def seeded_context(tmp_path_factory):
    con = store.connect(tmp_path_factory.mktemp("seed") / "t.duckdb")
    try:
        store.seed(con)
        yield store.ingest_context(con)
    finally:
        con.close()


def test_examples_directory_is_there():
    names = {p.name for p in EXAMPLES.iterdir()}
    assert {"assemblies_excel_fr.csv", "gogocarto_export.csv", "gogocarto_elements.json", "sessions.csv",
            "survey_counts.csv", "survey_responses.csv"} <= names


# ---------------------------------------------------------------- Excel FR CSV (cp1252, ;, CRLF)

@pytest.fixture(scope="module")
def excel_fr():
    path = EXAMPLES / "assemblies_excel_fr.csv"
    raw = path.read_bytes()
    assert b"\r\n" in raw and b";" in raw  # the file really is what the test claims: Excel FR, Windows-1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    return load("assemblies", path).frames["assemblies"]


def test_excel_fr_row_count_and_no_warning():
    upload = load("assemblies", EXAMPLES / "assemblies_excel_fr.csv")
    assert upload.rows == 6
    assert upload.problems.warnings == []


def test_excel_fr_french_decimals(excel_fr):
    paris = by(excel_fr, "city", "Paris")
    assert paris["latitude"] == pytest.approx(48.857)
    assert paris["longitude"] == pytest.approx(2.352)
    assert paris["start_year"] == 2021 and paris["members"] == 100 and paris["mandate_months"] == 12
    assert paris["compensated"] is True
    assert paris["level"] == "municipal" and paris["country"] == "FR"
    assert paris["website"] == "https://www.paris.fr/pages/assemblee-citoyenne-20187"


def test_excel_fr_windows_1252_characters_survive(excel_fr):
    row = by(excel_fr, "name", "Cœur d'Œuvre – assemblée «test»")
    assert row["city"] == "Lœuilly"
    assert "\u2013" in row["name"] and "Œ" in row["name"] and "«" in row["name"] and "»" in row["name"]
    assert row["compensated"] is False
    assert row["functions"] == ["citizen_watch"]


def test_excel_fr_quoted_list_of_functions(excel_fr):
    assert by(excel_fr, "city", "Villeurbanne")["functions"] == ["policy_recommendations", "participatory_budget"]


def test_excel_fr_countries_in_french(excel_fr):
    assert by(excel_fr, "city", "Eupen")["country"] == "BE"
    assert by(excel_fr, "city", "Copenhague")["country"] == "DK"
    assert by(excel_fr, "city", "Eupen")["level"] == "regional"


def test_excel_fr_empty_cells_are_none(excel_fr):
    marseille = by(excel_fr, "city", "Marseille")
    assert marseille["compensated"] is None and marseille["website"] is None


# ---------------------------------------------------------------- GoGoCarto (admin CSV and API JSON)

@pytest.mark.parametrize("name, pending_row", [("gogocarto_export.csv", 5), ("gogocarto_elements.json", 4)])
def test_gogocarto_keeps_published_and_reports_pending(name, pending_row):
    upload = load("assemblies", EXAMPLES / name)
    frame = upload.frames["assemblies"]
    assert upload.rows == 4
    assert sorted(frame["city"]) == ["Bordeaux", "Bruxelles", "Poitiers", "Rouen"]
    assert "Nevers" not in set(frame["city"])
    pending = [p for p in upload.problems.warnings if p.row == pending_row]
    assert len(pending) == 1
    assert "non publié" in pending[0].message and "non importé" in pending[0].message
    assert "proposition en attente" in pending[0].message and pending[0].value == "0"
    assert any(f"ligne {pending_row}" in line and "non importé" in line for line in upload.report())


@pytest.mark.parametrize("name", ["gogocarto_export.csv", "gogocarto_elements.json"])
def test_gogocarto_categories_become_the_typology(name):
    frame = load("assemblies", EXAMPLES / name).frames["assemblies"]
    assert by(frame, "city", "Bruxelles")["specialisation"] == "climate"
    assert by(frame, "city", "Bordeaux")["permanent"] is False
    assert by(frame, "city", "Poitiers")["completeness"] == "to_complete"
    assert by(frame, "city", "Rouen")["completeness"] == "complete"
    rouen = by(frame, "city", "Rouen")
    assert rouen["id"] == "a1B" and rouen["country"] == "FR" and rouen["latitude"] == pytest.approx(49.443)
    assert rouen["selection"] == "partial_sortition" and rouen["members"] == 55 and rouen["start_year"] == 2022
    assert by(frame, "city", "Poitiers")["selection"] == "sortition_open"


def test_gogocarto_csv_and_json_give_the_same_assemblies():
    columns = ["id", "name", "city", "country", "latitude", "longitude", "start_year", "members", "selection",
               "specialisation", "permanent", "completeness", "website", "description"]
    csv = load("assemblies", EXAMPLES / "gogocarto_export.csv").frames["assemblies"]
    json = load("assemblies", EXAMPLES / "gogocarto_elements.json").frames["assemblies"]
    assert csv.sort_values("id")[columns].to_dict("records") == json.sort_values("id")[columns].to_dict("records")


def test_gogocarto_private_fields_are_not_imported():
    frame = load("assemblies", EXAMPLES / "gogocarto_elements.json").frames["assemblies"]
    assert not any("private" in str(v) for v in frame.to_numpy().ravel())


@pytest.mark.parametrize("name", ["gogocarto_export.csv", "gogocarto_elements.json"])
def test_gogocarto_import_keeps_the_groups_own_fields_of_the_assemblies_it_matches(tmp_path, name):
    """GoGoCarto never carries the group's own fields: a new export of the map leaves them as the group wrote them."""
    import functools

    from acp import export

    con = store.connect(tmp_path / "t.duckdb")
    try:
        store.seed(con)
        con.execute("DELETE FROM editions")  # an import that drops assemblies with editions is refused (test_editions)
        data = (EXAMPLES / name).read_bytes()
        store.apply_upload(con, read_upload("assemblies", name, data, store.ingest_context(con)))
        completed = store.dataset_frame(con, "assemblies")  # the group completes the fiches GoGoCarto gave
        completed["Commanditaire"] = "Ville de " + completed["Ville"]
        completed["Échelon"] = "Commune"
        completed["Notes"] = "vérifié par le groupe"
        completed["Permanente"] = completed["Permanente"].replace("", None).fillna("Oui")
        completed["Spécialisation"] = completed["Spécialisation"].replace("", None).fillna("Généraliste")
        store.apply_upload(con, read_upload("assemblies", "fiches.csv", export.to_csv_bytes(completed),
                                            store.ingest_context(con)))

        upload = read_upload("assemblies", name, data, store.ingest_context(con),
                             current=functools.partial(store.read_table, con))
        assert upload.ok, upload.report()
        frame = upload.frames["assemblies"]
        rouen, bordeaux, brussels = (by(frame, "city", c) for c in ("Rouen", "Bordeaux", "Bruxelles"))
        assert rouen["commissioner"] == "Ville de Rouen" and rouen["level"] == "municipal"
        assert rouen["notes"] == "vérifié par le groupe"
        assert rouen["permanent"] is True and rouen["specialisation"] == "general"  # its categories say nothing
        assert bordeaux["permanent"] is False  # « Assemblée non-permanente »: GoGoCarto says it
        assert brussels["specialisation"] == "climate" and rouen["completeness"] == "complete"
        assert rouen["description"] == "Suit et évalue les propositions de la Convention citoyenne."
        said = [p.message for p in upload.problems.warnings if "colonnes absentes" in p.message]
        assert len(said) == 1 and "« Commanditaire »" in said[0] and "« Échelon »" in said[0]
        assert "« Sources »" in said[0]  # GoGoCarto's own « source » column is not the fiche's sources
        assert "« Description »" not in said[0] and "« Ville »" not in said[0]
        assert any("catégories GoGoCarto muettes" in p.message for p in upload.problems.warnings)
        assert store.import_changes(con, store.apply_upload(con, upload))["same"]
    finally:
        con.close()


# ---------------------------------------------------------------- sessions (UTF-8 BOM, ;)

def test_sessions_example():
    path = EXAMPLES / "sessions.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    upload = load("sessions", path)
    frame = upload.frames["sessions"]
    assert upload.rows == 3
    webinar = by(frame, "date", dt.date(2025, 4, 25))
    assert (webinar["start"], webinar["end"]) == (dt.time(13), dt.time(14))
    assert webinar["status"] == "past" and webinar["format"] == "visio"
    assert webinar["speakers"] == ["Héloïse Legris", "Nabila Abbas"]
    assert webinar["title"] == "Webinaire introductif"
    to_schedule = frame[frame["status"] == "to_schedule"]
    assert sorted(to_schedule["theme"]) == ["3", "5"]
    assert to_schedule["date"].isna().all()
    assert frame["id"].is_unique


def test_sessions_example_themes_are_known_to_the_seeded_survey(seeded_context):
    upload = load("sessions", EXAMPLES / "sessions.csv", seeded_context)
    assert not [p for p in upload.problems.warnings if "thème inconnu" in p.message]


# ---------------------------------------------------------------- survey: counts and raw answers

def test_survey_counts_example():
    upload = load("survey", EXAMPLES / "survey_counts.csv")
    assert counts_table(upload) == SEED_COUNTS
    assert list(upload.frames["survey_waves"]["respondents"]) == [24]


def test_survey_responses_example():
    upload = load("survey", EXAMPLES / "survey_responses.csv")
    assert counts_table(upload) == SEED_COUNTS
    assert list(upload.frames["survey_waves"]["respondents"]) == [24]
    assert list(upload.frames["survey_other"]["text"]) == ["Budgétisation des assemblées citoyennes"]
    ignored = [p for p in upload.problems.warnings if "Horodatage" in p.message]
    assert ignored and "jamais les noms ni les e-mails" in ignored[0].message


@pytest.mark.parametrize("with_seed", [False, True])
def test_counts_and_responses_give_identical_frames(with_seed, seeded_context):
    context = seeded_context if with_seed else {}
    counts = load("survey", EXAMPLES / "survey_counts.csv", context)
    answers = load("survey", EXAMPLES / "survey_responses.csv", context)
    for table in ("survey_counts", "survey_themes"):
        assert counts.frames[table].to_dict("records") == answers.frames[table].to_dict("records")
    assert counts_table(counts) == SEED_COUNTS


def test_survey_examples_keep_the_seeds_theme_codes_and_short_labels(seeded_context):
    seed_themes = load("survey", SEED / "survey.csv").frames["survey_themes"]
    answers = load("survey", EXAMPLES / "survey_responses.csv", seeded_context).frames["survey_themes"]
    columns = ["theme_id", "short_label", "label"]
    assert answers[columns].to_dict("records") == seed_themes[columns].to_dict("records")


def test_counts_with_priority_headers_are_read_as_counts():
    data = ("Thème;Priorité 1;Priorité 2;Priorité 3;Priorité 4;Priorité 5\n"
            "Cadre juridique;6;4;5;3;6\n").encode()
    upload = read_upload("survey", "effectifs.csv", data, {})
    assert upload.ok, upload.report()
    assert counts_table(upload) == {"1": [6, 4, 5, 3, 6]}


# ---------------------------------------------------------------- embedded seed

@pytest.fixture(scope="module")
def seed_assemblies():
    upload = load("assemblies", SEED / "assemblies.csv")
    assert upload.problems == []
    return upload.frames["assemblies"]


def test_seed_has_nineteen_assemblies(seed_assemblies):
    assert len(seed_assemblies) == 19
    assert seed_assemblies["id"].is_unique
    assert seed_assemblies["name"].notna().all() and seed_assemblies["country"].notna().all()


@pytest.mark.parametrize("place", [
    "Vorarlberg", "Eupen", "Paris", "Villeurbanne", "Rouen", "Rennes", "Poitiers", "Marseille", "Newham",
    "Bruxelles", "Milan", "Copenhague", "Pays basque", "Aachen", "Lüneburg", "Wallonie",
    "Commissions délibératives du Parlement bruxellois", "Haute-Garonne", "Nancy",
])
def test_seed_assembly_is_there(seed_assemblies, place):
    text = seed_assemblies[["name", "city", "region"]].fillna("").agg(" ".join, axis=1)
    matches = seed_assemblies[text.str.contains(place, case=False, regex=False)]
    assert len(matches) >= 1, place
    row = matches.iloc[0]
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", row["id"])
    assert -90 <= row["latitude"] <= 90 and -180 <= row["longitude"] <= 180


def test_seed_survey_and_sessions():
    survey = load("survey", SEED / "survey.csv")
    assert survey.problems == []
    assert counts_table(survey) == SEED_COUNTS
    assert list(survey.frames["survey_waves"]["respondents"]) == [24]
    assert list(survey.frames["survey_other"]["text"]) == ["Budgétisation des assemblées citoyennes"]
    sessions = load("sessions", SEED / "sessions.csv", {"theme_ids": set(SEED_COUNTS)})
    assert sessions.problems == []
    assert sessions.rows == 6


def test_seed_builds_a_database(tmp_path):
    con = store.connect(tmp_path / "t.duckdb")
    try:
        store.seed(con)
        assert len(store.read_table(con, "assemblies")) == 19
        assert len(store.read_table(con, "sessions")) == 6
        assert len(store.read_table(con, "survey_counts")) == 25
    finally:
        con.close()


def test_seed_holds_no_email_address():
    for path in SEED.iterdir():
        assert "@" not in path.read_text(encoding="utf-8-sig"), path.name


# ---------------------------------------------------------------- near misses that must still import

def test_generated_id_never_takes_an_id_written_further_down():
    data = "Identifiant;Nom;Pays\n;Paris;France\nparis;Assemblée citoyenne de Paris;France\n".encode()
    upload = read_upload("assemblies", "ids.csv", data, {})
    assert upload.ok, upload.report()
    assert list(upload.frames["assemblies"]["id"]) == ["paris-2", "paris"]


def test_trailing_separator_on_every_line_is_not_a_shifted_row():
    data = "Nom;Pays;\nAssemblée citoyenne de Paris;France;;\nAssemblée citoyenne de Rouen;France;;\n".encode()
    upload = read_upload("assemblies", "trailing.csv", data, {})
    assert upload.ok, upload.report()
    assert upload.rows == 2


def test_stray_quote_with_a_real_multiline_value_is_only_a_warning():
    data = ('Nom;Pays;Description\nAssemblée citoyenne de Paris;France;"Première ligne\nseconde ligne"\n'
            'Assemblée citoyenne de Rouen;France;écran de 5" pouces\n').encode()
    upload = read_upload("assemblies", "quotes.csv", data, {})
    assert upload.ok, upload.report()
    assert by(upload.frames["assemblies"], "name", "Assemblée citoyenne de Paris")["description"] == \
        "Première ligne\nseconde ligne"
    assert any("guillemets non appariés" in p.message for p in upload.problems.warnings)


def test_session_place_may_mention_a_link_in_clear_text():
    data = ("Date;Titre;Lien ou lieu\n25/04/2025;Webinaire;Mairie, salle 3 (plan : https://example.org/plan)\n"
            "26/04/2025;Atelier;Visio : lien envoyé la veille\n").encode()
    upload = read_upload("sessions", "lieux.csv", data, {})
    assert upload.ok, upload.report()
    assert upload.rows == 2
