"""The participants' profile: a registration export read into counts by status and experience, stored per
session with history and rollback, shown on the Sondage page; never a name, an e-mail or another column kept."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from acp import coordination, export, participants, store
from acp.ingest import read_upload
from acp.ingest.participants import default_session, split_answers
from acp.schema import EXPERIENCE, NOT_RECORDED, PARTICIPANT_STATUS

from support import FIXTURES, open_app, run_cli

FIXTURE = FIXTURES / "participants" / "inscriptions_webinaire.csv"
SESSIONS = {"webinaire-introductif": {"date": dt.date(2025, 4, 25), "title": "Webinaire", "status": "past"},
            "theme-1": {"date": None, "title": "Thème 1", "status": "to_schedule"}}
CONTEXT = {"sessions": SESSIONS}
# Every personal value of the fixture: names, first names, e-mails, organisations, free answers.
FIXTURE_FRAME = pd.read_csv(FIXTURE, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
PERSONAL = sorted({v for c in ("Horodateur", "Adresse e-mail", "Nom", "Prénom", "Organisation / structure",
                                "Comment avez-vous connu le groupe ?") for v in FIXTURE_FRAME[c] if v})
EXPECTED_STATUS = {"consultant": 3, "agent": 3, "citizen": 2, "researcher": 3, "elected": 3, "student_intern": 3,
                   "nonprofit_employee": 2, NOT_RECORDED: 1}
EXPECTED_EXPERIENCE = {"supported_setup": 4, "facilitated": 4, "studied": 4, "intervened": 5, "political_mandate": 4,
                       "set_up_in_institution": 3, "none": 2, NOT_RECORDED: 2}


def counts_of(upload, dimension: str) -> dict[str, int]:
    frame = upload.frames["participant_counts"]
    part = frame[frame["dimension"] == dimension]
    return {c: int(n) for c, n in zip(part["code"], part["count"]) if int(n)}


# ---------------------------------------------------------------- vocabularies and answers

@pytest.mark.parametrize("text, code", [
    ("consultant.e", "consultant"), ("Consultante", "consultant"), ("consultant·e", "consultant"),
    ("Consultant(e)", "consultant"), ("agent.e", "agent"), ("Agent de collectivité", "agent"),
    ("agent·e de collectivité", "agent"), ("Agente", "agent"), ("citoyen.ne", "citizen"), ("Citoyenne", "citizen"),
    ("chercheur.se", "researcher"), ("Chercheuse", "researcher"), ("chercheur·euse", "researcher"),
    ("élu.e", "elected"), ("Élue", "elected"), ("ELU", "elected"), ("étudiant stagiaire", "student_intern"),
    ("Étudiant·e", "student_intern"), ("stagiaire", "student_intern"),
    ("salarié.e associatif", "nonprofit_employee"), ("Salarié·e d'association", "nonprofit_employee"),
    ("salariée d’une association", "nonprofit_employee"), ("Non-profit employee", "nonprofit_employee"),
])
def test_status_aliases_and_inclusive_writing(text, code):
    assert PARTICIPANT_STATUS.lookup(text) == code


def test_the_seeds_categories_are_all_there():
    assert len(PARTICIPANT_STATUS.terms) == 7
    assert [t.code for t in EXPERIENCE.terms][:6] == ["supported_setup", "facilitated", "studied", "intervened",
                                                      "political_mandate", "set_up_in_institution"]
    for term in (*PARTICIPANT_STATUS.terms, *EXPERIENCE.terms):
        assert term.fr and term.label("en") and term.fr != term.label("en")


def test_multi_answer_cells():
    acc = "accompagné la structuration d'une assemblée citoyenne permanente"
    anim = "animé une assemblée citoyenne permanente"
    assert split_answers(f"{acc}, {anim}", EXPERIENCE) == (["supported_setup", "facilitated"], [])
    assert split_answers(f"{anim};{acc};", EXPERIENCE) == (["facilitated", "supported_setup"], [])
    assert split_answers("Animé une assemblée | Aucune", EXPERIENCE) == (["facilitated", "none"], [])
    assert split_answers(f"J'ai {anim}", EXPERIENCE) == (["facilitated"], [])
    # the wording the report cuts short ("… pour lequel cela a") matches the form's full answer, commas included
    studied = ("étudié les assemblées citoyennes permanentes dans le cadre de ma formation professionnelle ou d'un "
               "exercice professionnel pour lequel cela a été utile, par exemple un mémoire")
    assert split_answers(f"{studied}, Je suis déjà intervenu·e dans une assemblée citoyenne", EXPERIENCE) == (
        ["studied", "intervened"], [])
    assert split_answers("Consultante, élue", PARTICIPANT_STATUS) == (["consultant", "elected"], [])
    assert split_answers("Consultante, astronaute", PARTICIPANT_STATUS) == (["consultant"], ["astronaute"])
    assert split_answers(f"{anim}, {anim}", EXPERIENCE) == (["facilitated"], [])  # a person counts once


def test_the_fixture_counts():
    upload = read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(), CONTEXT)
    assert upload.ok, upload.report()
    assert upload.rows == 20
    assert upload.frames["participant_profiles"].to_dict("records") == [
        {"session": "webinaire-introductif", "registrants": 20}]
    assert counts_of(upload, "status") == EXPECTED_STATUS
    assert counts_of(upload, "experience") == EXPECTED_EXPERIENCE
    warning = upload.problems.warnings[0]
    assert "colonnes ignorées et non conservées" in warning.message
    for header in ("Adresse e-mail", "Nom", "Prénom", "Organisation / structure"):
        assert f"« {header} »" in warning.message


def test_cp1252_comma_and_xlsx_give_the_same_counts():
    frame = FIXTURE_FRAME
    cp1252 = frame.to_csv(sep=",", index=False).encode("cp1252")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    for name, data in (("inscriptions.csv", cp1252), ("inscriptions.xlsx", buffer.getvalue())):
        upload = read_upload("participants", name, data, CONTEXT)
        assert upload.ok, upload.report()
        assert counts_of(upload, "status") == EXPECTED_STATUS
        assert counts_of(upload, "experience") == EXPECTED_EXPERIENCE


def test_unknown_value_refused_with_row_column_and_value():
    data = ("Nom;E-mail;Vous êtes;J'ai déjà\n"
            "Dupont;a@b.fr;Élue;animé une assemblée citoyenne permanente\n"
            "Durand;c@d.fr;Astronaute;animé une assemblée citoyenne permanente, fait du vélo\n").encode()
    upload = read_upload("participants", "inscrits.csv", data, CONTEXT)
    assert not upload.ok
    found = {(p.row, p.column, p.value) for p in upload.problems.errors}
    assert found == {(3, "Vous êtes", "Astronaute"), (3, "J'ai déjà", "fait du vélo")}
    line = next(line for line in upload.report() if "Astronaute" in line)
    assert line.startswith("Erreur — inscrits.csv, ligne 3, colonne « Vous êtes » : valeur « Astronaute »")
    assert "« Consultant·e »" in line and "« Salarié·e associatif·ve »" in line  # the accepted values


def test_a_shifted_row_never_quotes_a_personal_value():
    data = "Nom;E-mail;Statut\nDupont;dupont@exemple.org;Élue\nDurand;durand@exemple.org;Élue;durand2@exemple.org\n"
    upload = read_upload("participants", "x.csv", data.encode(), CONTEXT)
    assert not upload.ok
    assert not any("exemple.org" in line for line in upload.report())


def test_empty_file_header_only_and_missing_columns():
    assert not read_upload("participants", "vide.csv", b"", CONTEXT).ok
    header_only = read_upload("participants", "entete.csv", "Nom;Statut\n".encode(), CONTEXT)
    assert not header_only.ok and "aucune ligne" in header_only.report()[0]
    neither = read_upload("participants", "x.csv", "Nom;E-mail\nDupont;a@b.fr\n".encode(), CONTEXT)
    assert not neither.ok
    assert any("aucune colonne « Statut » ni « Expérience(s) »" in p.message and p.row == 1
               for p in neither.problems.errors)
    only_status = read_upload("participants", "x.csv", "Nom;Statut\nDupont;Élue\nDurand;\n".encode(), CONTEXT)
    assert only_status.ok, only_status.report()
    assert any("colonne « Expérience(s) » absente" in p.message for p in only_status.problems.warnings)
    assert counts_of(only_status, "status") == {"elected": 1, NOT_RECORDED: 1}
    assert counts_of(only_status, "experience") == {NOT_RECORDED: 2}
    two = read_upload("participants", "x.csv", "Statut;Vous êtes\nÉlue;Élue\n".encode(), CONTEXT)
    assert not two.ok and "deux colonnes désignent « Statut »" in two.problems.errors[0].message


def test_session_default_and_choice():
    sessions = {"a": {"date": dt.date(2025, 4, 25)}, "b": {"date": dt.date(2025, 6, 1)},
                "c": {"date": dt.date(2026, 1, 10), "status": "cancelled"}, "d": {"date": None}}
    assert default_session(sessions, dt.date(2025, 5, 1)) == "a"
    assert default_session(sessions, dt.date(2026, 2, 1)) == "b"
    assert default_session(sessions, dt.date(2025, 1, 1)) is None
    data = "Statut\nÉlue\n".encode()
    assert read_upload("participants", "x.csv", data, {**CONTEXT, "session": "theme-1"}).frames[
        "participant_profiles"]["session"].tolist() == ["theme-1"]
    unknown = read_upload("participants", "x.csv", data, {**CONTEXT, "session": "nulle-part"})
    assert not unknown.ok and "séance inconnue « nulle-part »" in unknown.problems.errors[0].message
    none = read_upload("participants", "x.csv", data, {"sessions": {"d": {"date": None}}})
    assert not none.ok and "--session" in none.problems.errors[0].message


# ---------------------------------------------------------------- store: per session, history, rollback

def profile(con) -> dict:
    profiles = store.read_table(con, "participant_profiles")
    counts = store.read_table(con, "participant_counts")
    return {"profiles": dict(zip(profiles["session"], profiles["registrants"])),
            "counts": {(s, d, c): int(n) for s, d, c, n in counts.itertuples(index=False)}}


def test_import_replaces_only_its_session_and_rollback_restores(seeded):
    first = read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(), store.ingest_context(seeded))
    store.apply_upload(seeded, first)
    other = read_upload("participants", "t1.csv", "Statut\nÉlue\nÉlue\nChercheuse\n".encode(),
                        {**store.ingest_context(seeded), "session": "theme-1-expertes-parties-prenantes"})
    store.apply_upload(seeded, other)
    before = profile(seeded)
    assert before["profiles"] == {"webinaire-introductif": 20, "theme-1-expertes-parties-prenantes": 3}
    again = read_upload("participants", "v2.csv", "Vous êtes\nConsultante\nAgente\n".encode(),
                        store.ingest_context(seeded))
    import_id = store.apply_upload(seeded, again)
    after = profile(seeded)
    assert after["profiles"] == {"webinaire-introductif": 2, "theme-1-expertes-parties-prenantes": 3}
    assert after["counts"][("webinaire-introductif", "status", "consultant")] == 1
    assert after["counts"][("webinaire-introductif", "experience", NOT_RECORDED)] == 2
    theme = {k: v for k, v in after["counts"].items() if k[0].startswith("theme-1")}
    assert theme == {k: v for k, v in before["counts"].items() if k[0].startswith("theme-1")}
    assert theme[("theme-1-expertes-parties-prenantes", "status", "elected")] == 2
    history = store.history(seeded)
    assert history.iloc[0]["dataset"] == "participants" and int(history.iloc[0]["rows"]) == 2
    rollback_id = store.rollback(seeded, import_id)
    assert profile(seeded) == before
    assert int(store.history(seeded).set_index("id").loc[rollback_id, "rows"]) == 23
    assert len(store.read_table(seeded, "assemblies")) == 19  # the other datasets are untouched


def test_refused_file_changes_nothing(seeded):
    store.apply_upload(seeded, read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(),
                                           store.ingest_context(seeded)))
    before, version = profile(seeded), store.data_version(seeded)
    bad = read_upload("participants", "x.csv", "Statut\nÉlue\nAstronaute\n".encode(), store.ingest_context(seeded))
    with pytest.raises(store.StoreError):
        store.apply_upload(seeded, bad)
    assert profile(seeded) == before and store.data_version(seeded) == version


def test_export_reads_back_without_change(seeded):
    store.apply_upload(seeded, read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(),
                                           store.ingest_context(seeded)))
    frame = store.dataset_frame(seeded, "participants")
    assert list(frame.columns) == ["Séance", "Dimension", "Valeur", "Effectif"]
    assert frame.iloc[0].tolist() == ["webinaire-introductif", "Inscrit·es", None, 20]
    upload = read_upload("participants", "export.csv", export.to_csv_bytes(frame), store.ingest_context(seeded))
    assert upload.ok, upload.report()
    diff = coordination.upload_diff(seeded, upload)
    assert diff.empty and diff.unchanged == 17  # the profile and its 16 counts


def test_template_imports_cleanly():
    for name, data in (("modele.csv", coordination.template_csv("participants")),
                       ("modele.xlsx", coordination.template_xlsx("participants")),
                       ("modele.ods", coordination.template_ods("participants"))):
        upload = read_upload("participants", name, data, CONTEXT)
        assert upload.ok, upload.report()
        assert upload.rows == 2


# ---------------------------------------------------------------- privacy

def _assert_absent(blob: bytes, where: str) -> None:
    for value in PERSONAL:
        for encoding in ("utf-8", "utf-16-le", "cp1252"):
            try:
                needle = value.encode(encoding)
            except UnicodeEncodeError:
                continue
            assert needle not in blob, f"« {value} » ({encoding}) found in {where}"


def test_no_name_or_email_anywhere_after_an_import(db, tmp_path):
    """Through the command line: the base, its WAL, the CSV copies and the command's output hold no personal value;
    in process: the WAL before the checkpoint, every text of every table (history and snapshots included)."""
    assert len(PERSONAL) > 60
    env = {k: v for k, v in os.environ.items() if k != "ACP_DB"}
    done = run_cli([["import", "participants", FIXTURE, "--db", db]], env=env)[0]
    assert done.returncode == 0, done.stderr
    out = (done.stdout + done.stderr).encode()
    assert "20 inscrit·es compté·es".encode() in out and "colonnes ignorées".encode() in out
    _assert_absent(out, "la sortie de la commande")
    exports = store.exports_dir(db)
    assert (exports / "participants.csv").is_file()
    assert "Consultant·e;3" in (exports / "participants.csv").read_text(encoding="utf-8-sig")
    files = [db, *Path(f"{db}.wal").parent.glob(f"{db.name}.wal"), *exports.iterdir()]
    for path in files:
        _assert_absent(path.read_bytes(), str(path))

    # In process, the write-ahead log before any checkpoint, and every stored text.
    second = tmp_path / "second.duckdb"
    shutil.copy(db, second)
    con = store.connect(second)
    try:
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        upload = read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(),
                             {**store.ingest_context(con), "session": "theme-1-expertes-parties-prenantes"})
        store.apply_upload(con, upload)
        wal = Path(f"{second}.wal")
        assert wal.is_file() and wal.stat().st_size > 0
        _assert_absent(wal.read_bytes(), "le journal .wal")
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        assert any(t.startswith("snap_") and t.endswith("participant_counts") for t in tables)
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                text = " ".join(str(v) for v in row)
                assert not any(value in text for value in PERSONAL), (table, row)
    finally:
        store.flush_exports()
        con.close()


# ---------------------------------------------------------------- the page

def _chart_data(at: AppTest) -> str:
    """The charts' specs and rows (Streamlit sends the rows apart, as Arrow)."""
    import pyarrow as pa

    out = []
    for chart in at.get("vega_lite_chart"):
        out.append(chart.proto.spec)
        for dataset in chart.proto.datasets:
            out += [" ".join(map(str, row.values()))
                    for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()]
    return " ".join(out)


def test_page_before_any_import_says_what_the_report_says(app_env):
    at = open_app("sondage", from_home=True)
    assert "Profil des participant·es" in [h.value for h in at.header]
    assert [m.value for m in at.metric] == ["45"]
    text = "\n".join(m.value for m in at.markdown)
    assert "**45 inscrit·es**" in text and "sans leur répartition" in text
    assert "- Salarié·e associatif·ve" in text and "structuré dans mon institution" in text
    assert "Chercheur·se" not in _chart_data(at)  # no chart of a split nobody gave


def test_page_shows_the_counts_after_an_import(app_env):
    con = store.connect(app_env)
    try:
        store.apply_upload(con, read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(),
                                            store.ingest_context(con)))
    finally:
        store.flush_exports()
        con.close()
    at = open_app("sondage", from_home=True)
    assert [m.value for m in at.metric] == ["20"]
    tables = [t.value for t in at.table]
    status = next(t for t in tables if list(t.columns) == ["Statut", "Inscrit·es", "Part (%)"])
    assert status.iloc[0].tolist() == ["Consultant·e", "3", "15"]
    assert status.iloc[-1].tolist() == ["Non renseigné", "1", "5"]
    experience = next(t for t in tables if "Formulation complète" in t.columns)
    assert experience["Inscrit·es"].tolist() == ["4", "4", "4", "5", "4", "3", "2", "2"]
    assert "3 (15\u00a0%)" in _chart_data(at)
    english = open_app("sondage", from_home=True, lang="en")
    assert "Participants' profile" in [h.value for h in english.header]
    status_en = next(t.value for t in english.table if list(t.value.columns) == ["Status", "Registrants", "Share (%)"])
    assert status_en.iloc[0].tolist() == ["Consultant", "3", "15"]


def test_profile_helpers():
    counts = pd.DataFrame({"session": ["s"] * 2, "dimension": ["status", "status"], "code": ["elected", "nr"],
                           "count": [3, 1]})
    data = participants.chart_data(participants.dimension_counts(counts, "s", "status"), "status", 4)
    assert data["code"].tolist()[-1] == NOT_RECORDED and data["text"].tolist()[4] == "3 (75\u00a0%)"
    assert participants.table(data, "status")["Part (%)"].tolist() == [0, 0, 0, 0, 75, 0, 0, 25]


def test_rebuild_from_the_csv_copies_keeps_the_profile(db):
    con = store.connect(db)
    try:
        store.apply_upload(con, read_upload("participants", FIXTURE.name, FIXTURE.read_bytes(),
                                            store.ingest_context(con)))
        expected = profile(con)
    finally:
        con.close()
    assert store.flush_exports(60)
    db.write_bytes(b"pas une base DuckDB" * 100)
    result = store.rebuild(db, source="exports")
    assert result.datasets["participants"] == ("export", 20)
    assert "20 inscrit·es compté·es, depuis le dernier export" in result.summary()
    con = store.connect(db)
    try:
        assert profile(con) == expected
    finally:
        con.close()
