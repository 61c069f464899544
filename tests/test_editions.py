"""The editions dataset (acp.ingest.editions) and the assemblies' accountability: refusals with their row and column,
ids, the round trip through every format, the command line, history and rollback, the migration of an older base,
the facet « Obligation de réponse » and the criterion that reads the editions."""
from __future__ import annotations

import functools
import os

import duckdb
import pandas as pd
import pytest

from acp import coordination, export, fiche, i18n, store
from acp import filters as F
from acp.ingest import read_upload
from acp.ingest.editions import before
from acp.schema import ASSEMBLIES, EDITIONS

from support import run_cli

HEADER = ("Assemblée;Édition;Début;Fin;Sujet(s);Recommandations;Recommandations adoptées;"
          "Recommandations mises en œuvre;Réponse;Date de la réponse\n")
GOOD = HEADER + ("paris;Première cohorte;2021;06/2022;Le climat;20;12;3;débat;2022-09\n"
                 "paris;Deuxième cohorte;2022-09;2023;La santé;;;;;\n"
                 "aachen;Bürgerrat 1;nov. 2022;2023-03;Mobilität;15;;;written;2023\n")


def read(con, text: str, name: str = "editions.csv"):
    return read_upload("editions", name, text.encode("utf-8"), store.ingest_context(con),
                       current=functools.partial(store.read_table, con))


def without_embedded_editions(con) -> None:
    """The hand-made cases below start from the embedded assemblies without their editions and accountability."""
    con.execute("DELETE FROM editions")
    con.execute("UPDATE assemblies SET duty_to_respond = NULL")


def errors(upload) -> set[tuple[int | None, str]]:
    return {(p.row, str(p.column)) for p in upload.problems.errors}


def imported(con, text: str = GOOD) -> int:
    upload = read(con, text)
    assert upload.ok, [line.render("fr") for line in upload.report()]
    return store.apply_upload(con, upload, by="test")


def test_a_good_file_gives_its_rows_with_generated_ids_and_unknowns_left_empty(seeded):
    without_embedded_editions(seeded)
    upload = read(seeded, GOOD)
    assert upload.ok and not upload.problems.warnings, [line.render("fr") for line in upload.report()]
    frame = upload.frames["editions"].set_index("id")
    assert list(frame.index) == ["paris-1", "paris-2", "aachen-1"]  # by start within the assembly
    assert frame.loc["paris-1", "start"] == "2021" and frame.loc["paris-1", "end"] == "2022-06"
    assert frame.loc["aachen-1", "start"] == "2022-11" and frame.loc["aachen-1", "response"] == "written"
    assert frame.loc["paris-2", "recommendations"] is None and frame.loc["paris-2", "adopted"] is None  # never 0
    assert frame.loc["aachen-1", "adopted"] is None
    again = read(seeded, GOOD)  # the same file: the same ids
    assert list(again.frames["editions"]["id"]) == list(upload.frames["editions"]["id"])


def test_ids_follow_the_start_not_the_files_order_and_written_ids_are_kept(seeded):
    text = HEADER.replace("Assemblée;", "Identifiant;Assemblée;") + (
        ";paris;B;2023;;;;;;;\n"
        "paris-cycle-a;paris;A;2021;;;;;;;\n"
        ";paris;C;2022-03;;;;;;;\n")
    upload = read(seeded, text)
    assert upload.ok
    assert list(upload.frames["editions"]["id"]) == ["paris-3", "paris-cycle-a", "paris-2"]


# (file rows under HEADER, the (row, column) of every error)
REFUSED = {
    "unknown assembly": ("atlantide;Cycle 1;2021;;;;;;;\n", {(2, "Assemblée")}),
    "end before start": ("paris;Cycle 1;2022-05;2021-12;;;;;;\n", {(2, "Fin")}),
    "end year before start": ("paris;Cycle 1;2022-05;2021;;;;;;\n", {(2, "Fin")}),
    "response before start": ("paris;Cycle 1;2022;;;;;;débat;2021-11\n", {(2, "Date de la réponse")}),
    "more adopted than made": ("paris;Cycle 1;2022;;;10;11;;;\n", {(2, "Recommandations adoptées")}),
    "more implemented than adopted": ("paris;Cycle 1;2022;;;10;5;6;;\n", {(2, "Recommandations mises en œuvre")}),
    "more implemented than made": ("paris;Cycle 1;2022;;;10;;11;;\n", {(2, "Recommandations mises en œuvre")}),
    "bad month": ("paris;Cycle 1;2022-13;;;;;;;\n", {(2, "Début")}),
    "negative count": ("paris;Cycle 1;2022;;;-1;;;;\n", {(2, "Recommandations")}),
    "unknown response": ("paris;Cycle 1;2022;;;;;;peut-être;\n", {(2, "Réponse")}),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_refusal_names_its_row_and_column(seeded, case):
    rows, expected = REFUSED[case]
    upload = read(seeded, HEADER + "paris;Bon cycle;2020;2020;;;;;;\n" + rows)
    assert not upload.ok
    assert errors(upload) == {(row + 1, column) for row, column in expected}  # the good row is row 2
    assert all(p.message.render("fr") for p in upload.problems.errors)


def test_duplicate_ids_are_refused_with_both_rows(seeded):
    text = "Identifiant;Assemblée;Édition\nparis-1;paris;A\nparis-1;paris;B\n"
    upload = read(seeded, text)
    assert errors(upload) == {(3, "Identifiant")}
    assert "ligne 2" in upload.problems.errors[0].message.render("fr")


def test_a_month_and_its_year_overlap_they_are_not_in_the_wrong_order(seeded):
    assert not before("2021", "2021-05") and not before("2021-05", "2021") and before("2020", "2021-01")
    assert before("2021-04", "2021-05") and not before(None, "2021")
    upload = read(seeded, HEADER + "paris;Cycle;2021-05;2021;;;;;débat;2021\n")
    assert upload.ok, [line.render("fr") for line in upload.report()]


def test_an_assembly_named_by_its_name_gives_its_id(seeded):
    name = seeded.execute("SELECT name FROM assemblies WHERE id = 'paris'").fetchone()[0]
    upload = read(seeded, HEADER + f"{name.upper()};Cycle;2021;;;;;;;\n")
    assert upload.ok and list(upload.frames["editions"]["assembly"]) == ["paris"]


def test_a_missing_label_or_assembly_column_is_refused(seeded):
    upload = read(seeded, "Assemblée;Début\nparis;2021\n")
    assert not upload.ok and any("Édition" in p.message.render("fr") for p in upload.problems.errors)


def test_round_trip_through_csv_xlsx_and_ods_gives_the_same_data(seeded):
    imported(seeded)
    stored = store.read_table(seeded, "editions")
    frame = store.dataset_frame(seeded, "editions")
    assert list(frame.columns) == [c.label() for c in EDITIONS.columns]
    assert "2022-06" in list(frame["Fin"]) and "2021" in list(frame["Début"])  # months as their text
    for name, data in (("e.csv", export.to_csv_bytes(frame)), ("e.xlsx", export.to_xlsx_bytes(frame)),
                       ("e.ods", export.to_ods_bytes(frame))):
        upload = read_upload("editions", name, data, store.ingest_context(seeded),
                             current=functools.partial(store.read_table, seeded))
        assert upload.ok and not upload.problems.warnings, (name, [line.render("fr") for line in upload.report()])
        import_id = store.apply_upload(seeded, upload)
        assert store.import_changes(seeded, import_id)["same"], name
        pd.testing.assert_frame_equal(store.read_table(seeded, "editions"), stored)


def test_columns_the_file_lacks_keep_their_values(seeded):
    imported(seeded)
    upload = read(seeded, "Assemblée;Édition;Début\nparis;Première cohorte;2021\n"
                          "paris;Deuxième cohorte;2022-09\naachen;Bürgerrat 1;2022-11\n")
    assert upload.ok
    assert any("colonnes absentes" in p.message.render("fr") for p in upload.problems.warnings)
    import_id = store.apply_upload(seeded, upload)
    assert store.import_changes(seeded, import_id)["same"]


def test_an_assemblies_import_that_would_orphan_editions_is_refused_with_the_list(seeded):
    imported(seeded)
    frame = store.dataset_frame(seeded, "assemblies")
    without = frame[~frame["Identifiant"].isin(["paris", "aachen"])]
    upload = read_upload("assemblies", "a.csv", export.to_csv_bytes(without), store.ingest_context(seeded))
    assert not upload.ok
    [problem] = upload.problems.errors
    text = problem.message.render("fr")
    assert "« aachen » (1 édition)" in text and "« paris » (2 éditions)" in text and problem.column == "Identifiant"
    kept = read_upload("assemblies", "a.csv", export.to_csv_bytes(frame), store.ingest_context(seeded))
    assert kept.ok


def test_command_line_import_export_history_and_rollback(db, tmp_path):
    source = tmp_path / "editions.csv"
    source.write_text(GOOD, encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if k != "ACP_DB"}, "ACP_DB": str(db)}
    out_csv, out_ods = tmp_path / "out.csv", tmp_path / "out.ods"
    con = duckdb.connect(str(db))
    try:
        without_embedded_editions(con)  # the seed's own imports are n° 1 to 4
    finally:
        con.close()
    results = [run_cli([argv], env=env)[0] for argv in (  # one after the other: each opens the base
        ["import", "editions", source], ["export", "editions", "--out", out_csv],
        ["export", "editions", "--format", "ods", "--out", out_ods], ["import", "editions", out_ods], ["history"],
        ["rollback", "5"])]
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    assert "3 éditions (import n° 5)" in results[0].stdout
    assert "aucune différence" in results[3].stdout
    assert results[4].stdout.splitlines()[0].split("\t")[2] == "editions"
    assert "\r\nparis-1;paris;Première cohorte;2021;2022-06;Le climat;" in out_csv.read_bytes().decode("utf-8-sig")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM editions").fetchone()[0] == 0  # back to before import 5
    finally:
        con.close()
    refused = tmp_path / "bad.csv"
    refused.write_text(HEADER + "paris;Cycle;2022;2021;;;;;;\n", encoding="utf-8")
    [bad] = run_cli([["import", "editions", refused]], env=env)
    assert bad.returncode == 1 and "ligne 2, colonne « Fin »" in bad.stderr


def test_csv_copies_and_rebuild_from_them_give_the_editions_back(db, tmp_path):
    con = store.connect(db)
    try:
        imported(con)
        stored = store.read_table(con, "editions")
    finally:
        con.close()
    assert store.flush_exports(60)
    assert (store.exports_dir(db) / "editions.csv").is_file()
    db.write_bytes(db.read_bytes()[:4096])  # cut short: damaged
    result = store.rebuild(db, source="exports")
    assert result.datasets["editions"] == ("export", 3)
    con = store.connect(db, read_only=True)
    try:
        pd.testing.assert_frame_equal(store.read_table(con, "editions"), stored)
    finally:
        con.close()


NEW_COLUMNS = ("legal_basis", "legal_basis_date", "legal_basis_link", "duty_to_respond", "response_delay_months",
               "follow_up_body")


def test_an_older_base_gains_the_new_columns_keeps_its_data_and_rolls_back(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    try:  # a base as it was before the editions: no editions table, no accountability columns, nor in a snapshot
        store.seed(con)
        frame = store.dataset_frame(con, "assemblies")
        again = store.apply_upload(con, read_upload("assemblies", "a.csv", export.to_csv_bytes(frame), {}))
        before_rows = con.execute("SELECT id, name, sources FROM assemblies ORDER BY id").fetchall()
        con.execute("DROP TABLE editions")
        snapshots = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE "
                                               "'snap_%_assemblies'").fetchall()]
        for table in ["assemblies", *snapshots]:
            for name in NEW_COLUMNS:
                con.execute(f'ALTER TABLE {table} DROP COLUMN "{name}"')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    con = store.connect(path)  # opened by today's code
    try:
        columns = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = "
                                             "'assemblies'").fetchall()}
        assert columns == {c.name for c in ASSEMBLIES.columns}
        assert con.execute("SELECT id, name, sources FROM assemblies ORDER BY id").fetchall() == before_rows
        assert con.execute("SELECT count(*) FROM editions").fetchone()[0] == 0
        con.execute("UPDATE assemblies SET duty_to_respond = true")
        store.rollback(con, again)  # a snapshot taken before the migration: the new columns come back unknown
        assert con.execute("SELECT id, name, sources FROM assemblies ORDER BY id").fetchall() == before_rows
        assert con.execute("SELECT count(*) FROM assemblies WHERE duty_to_respond IS NOT NULL").fetchone()[0] == 0
    finally:
        con.close()


def test_the_facet_duty_to_respond_from_the_url_to_the_rows(seeded):
    without_embedded_editions(seeded)
    seeded.execute("UPDATE assemblies SET duty_to_respond = true WHERE id = 'paris'")
    seeded.execute("UPDATE assemblies SET duty_to_respond = false WHERE id = 'aachen'")
    f = F.from_query({"duty_to_respond": ["yes", "maybe"]})
    assert f.selected("duty_to_respond") == ("yes",) and F.to_query(f) == {"duty_to_respond": ["yes"]}
    assert list(F.select(seeded, f)["id"]) == ["paris"]
    both = F.from_query({"duty_to_respond": "no,nr"})
    total = F.count(seeded, F.Filter())
    assert F.count(seeded, both) == total - 1
    counts = F.all_facet_counts(seeded, F.Filter())["duty_to_respond"]
    assert list(counts["value"]) == ["yes", "no", "nr"] and list(counts["n"]) == [1, 1, total - 2]
    facet = next(x for x in F.FACETS if x.name == "duty_to_respond")
    assert [i18n.value_label(facet.column, v, "fr") for v in counts["value"]] == ["Oui", "Non", "Non renseigné"]
    assert list(F.facet_counts(seeded, f, facet)["value"]) == ["yes", "no", "nr"]


def test_the_criterion_renewed_reads_the_editions_on_record(seeded):
    without_embedded_editions(seeded)
    seeded.execute("UPDATE assemblies SET renewed = NULL, several_topics = NULL WHERE id IN ('paris', 'aachen')")
    assert fiche.criteria_states(seeded, "paris")["renewed"] == "unknown"
    imported(seeded)  # paris: two editions on two topics; aachen: one
    states = fiche.criteria_states(seeded, "paris")
    assert states["renewed"] == "met" and states["editions_on_record"] == 2 and states["edition_topics"] == 2
    reason = dict((c, r) for c, _, r in fiche.criteria_report(states, fiche.read(seeded, "paris"), "fr"))
    assert "2 éditions enregistrées" in reason["Renouvelée, plusieurs sujets"]
    assert fiche.criteria_states(seeded, "aachen")["renewed"] == "unknown"
    seeded.execute("UPDATE editions SET topics = 'Le climat' WHERE assembly = 'paris'")
    states = fiche.criteria_states(seeded, "paris")
    assert states["renewed"] == "unknown" and states["edition_topics"] == 1
    seeded.execute("UPDATE assemblies SET several_topics = true WHERE id = 'paris'")  # the stored boolean counts
    assert fiche.criteria_states(seeded, "paris")["renewed"] == "met"
    assert "paris" in set(F.select(seeded, F.from_query({"criteria": "none_failed"}))["id"])


def test_months_read_in_each_language_and_the_fiche_shows_accountability():
    assert [i18n.fmt_month("2021-11", lang) for lang in ("fr", "en", "de")] == [
        "novembre 2021", "November 2021", "November 2021"]
    assert i18n.fmt_month("2021") == "2021" and i18n.fmt_month(None) == ""
    assert export.cell("2021-11", EDITIONS.column("start")) == "2021-11"
    assert export.cell("2021-11", EDITIONS.column("start"), "fr", display=True) == "novembre 2021"
    assert coordination.shown("2021-11", EDITIONS.column("start")) == "novembre 2021"
    record = {"legal_basis": "Délibération du conseil", "legal_basis_date": "2021-03", "duty_to_respond": True,
              "response_delay_months": 6.0, "legal_basis_link": "https://example.org/deliberation"}
    [(code, title, fields)] = [s for s in fiche.sections(record, "fr") if s[0] == "accountability"]
    shown = {f.name: f.text for f in fields}
    assert title == "Obligation de rendre compte" and shown["legal_basis_date"] == "mars 2021"
    assert shown["duty_to_respond"] == "Oui" and shown["response_delay_months"] == "6" and shown["follow_up_body"] is None


def test_the_coordination_template_and_preview_of_editions(seeded):
    seeded.execute("INSERT INTO assemblies (id, name, country) VALUES ('exempleville', 'Exempleville', 'FR')")
    upload = read_upload("editions", "modele.csv", coordination.template_csv("editions"), store.ingest_context(seeded))
    assert upload.ok, [line.render("fr") for line in upload.report()]
    diff = coordination.upload_diff(seeded, upload)
    assert [c.label for c in diff.added] == ["exempleville · Première édition (exemple)",
                                             "exempleville · Deuxième édition (exemple)"]
    store.apply_upload(seeded, upload)
    changed = read(seeded, coordination.template_csv("editions").decode("utf-8-sig").replace("2023-06", "2023-07"))
    diff = coordination.upload_diff(seeded, changed)
    assert [(c.key, c.fields) for c in diff.changed] == [("exempleville-1", [("Fin", "juin 2023", "juillet 2023")])]
    assert coordination.diff_frames(diff, "editions")["changed"].columns[1] == "Édition"


def test_a_member_proposes_an_edition_checked_validated_and_reversible(seeded):
    from acp import proposals

    bad = proposals.check_edition(seeded, {"label": "Cycle 3", "start": "2024-05", "end": "2023"}, "paris")
    assert not bad.ok and {(p.row, str(p.column)) for p in bad.problems.errors} == {(2, "Fin")}
    unknown = proposals.check_edition(seeded, {"label": "Cycle 1"}, "atlantide")
    assert not unknown.ok and "assemblée inconnue" in unknown.problems.errors[0].message.render("fr")
    imported(seeded)
    checked = proposals.check_edition(seeded, {"label": "première COHORTE", "start": "2024", "recommendations": "8",
                                               "adopted": "3", "response": "Débat"}, "paris")
    assert checked.ok and [(d.source, d.ref, d.reason) for d in checked.duplicates] == [("edition", "paris-1", "label")]
    assert ("Recommandations adoptées", "", "3") in checked.field_changes("fr")
    number = proposals.submit(seeded, checked, submitted_by="Camille")
    assert store.proposal(seeded, number)["kind"] == "edition"
    assert seeded.execute("SELECT count(*) FROM editions").fetchone()[0] == 3  # waiting: nothing published
    import_id = proposals.validate(seeded, number, by="coordination")
    row = seeded.execute("SELECT id, assembly, label, start, adopted, members FROM editions WHERE id = 'paris-3'"
                         ).fetchone()
    assert row == ("paris-3", "paris", "première COHORTE", "2024", 3, None)
    assert store.history(seeded).iloc[0][["dataset", "outcome"]].tolist() == ["editions", "proposal"]
    store.rollback(seeded, import_id)
    assert seeded.execute("SELECT count(*) FROM editions").fetchone()[0] == 3
