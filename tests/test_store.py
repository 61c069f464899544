"""acp.store: seeding, recorded imports, refusals, rollback, survey waves, atomic build, busy base, hooks."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from acp import store
from acp.ingest import read_upload
from acp.schema import DATASETS

from support import EXAMPLES

SEED_COUNTS = {  # the seed's table: theme -> respondents at priority 1..5 (1 = highest)
    "1": [2, 8, 6, 4, 4],
    "2": [6, 6, 6, 2, 4],
    "3": [8, 4, 4, 5, 3],
    "4": [6, 4, 5, 3, 6],
    "5": [7, 7, 4, 0, 6],
}
BROKEN_ASSEMBLIES = (
    "Nom;Pays;Latitude;Longitude;Année de création;Échelon\n"
    "Assemblée A;France;48,85;2,35;2021;Commune\n"
    "Assemblée B;Fronce;abc;2,35;1850;Comune\n"
).encode("utf-8")



@pytest.fixture
def con(db):
    connection = store.connect(db)
    yield connection
    connection.close()


def rows(con, table: str) -> list:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def dataset_rows(con, dataset: str) -> dict[str, list]:
    return {t: rows(con, t) for t in DATASETS[dataset].tables}


def everything(con) -> dict[str, list]:
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {t: rows(con, t) for t in tables}


def upload_of(con, dataset: str, name: str, data: bytes | None = None, **context):
    data = (EXAMPLES / name).read_bytes() if data is None else data
    return read_upload(dataset, name, data, {**store.ingest_context(con), **context})


def test_seed_builds_assemblies_sessions_and_the_survey_table(con):
    assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 19
    assert con.execute("SELECT count(DISTINCT id) FROM assemblies").fetchone()[0] == 19
    assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 6
    waves = con.execute("SELECT wave, respondents FROM survey_waves").fetchall()
    assert waves == [("2025-04", 24)]
    themes = con.execute("SELECT theme_id FROM survey_themes ORDER BY position").fetchall()
    assert [t[0] for t in themes] == ["1", "2", "3", "4", "5"]
    counts: dict[str, list[int]] = {}
    for theme_id, priority, count in con.execute(
            "SELECT theme_id, priority, count FROM survey_counts ORDER BY theme_id, priority").fetchall():
        counts.setdefault(theme_id, []).append(count)
        assert len(counts[theme_id]) == priority
    assert counts == SEED_COUNTS
    assert all(sum(c) == 24 for c in counts.values())
    assert rows(con, "survey_other") == [("2025-04", 1, "Budgétisation des assemblées citoyennes")]
    imports = con.execute("SELECT dataset, outcome FROM imports ORDER BY id").fetchall()
    assert imports == [("survey", "import"), ("assemblies", "import"), ("sessions", "import")]


def test_apply_upload_records_the_import(con):
    data = (EXAMPLES / "assemblies_excel_fr.csv").read_bytes()
    upload = upload_of(con, "assemblies", "assemblies_excel_fr.csv")
    assert upload.ok, upload.report()
    before = dt.datetime.now().replace(microsecond=0)
    import_id = store.apply_upload(con, upload, by="Camille (coordination)")
    after = dt.datetime.now()
    record = con.execute("SELECT * FROM imports WHERE id = ?", [import_id]).fetchone()
    columns = [d[0] for d in con.description]
    record = dict(zip(columns, record))
    assert import_id == 4
    assert record["dataset"] == "assemblies"
    assert record["file_name"] == "assemblies_excel_fr.csv"
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["rows"] == 6 == con.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    assert before <= record["imported_at"] <= after
    assert record["imported_by"] == "Camille (coordination)"
    assert record["outcome"] == "import"
    # without `by`, the system user is recorded, never nothing
    second = store.apply_upload(con, upload_of(con, "assemblies", "assemblies_excel_fr.csv"))
    who = con.execute("SELECT imported_by FROM imports WHERE id = ?", [second]).fetchone()[0]
    assert who and who.strip()
    assert store.data_version(con) == second == import_id + 1


def test_sessions_without_some_columns_keep_them_and_new_ones_get_them_empty(con):
    """Statut and Animation deleted from the export: the sessions in place keep theirs (a stored status wins over
    the « À programmer » an undated session gets by default); a new session has them empty."""
    import functools

    import pandas as pd

    from acp import export

    stored = store.read_table(con, "sessions").set_index("id")
    frame = store.dataset_frame(con, "sessions").drop(columns=["Statut", "Animation"])
    frame = pd.concat([frame, pd.DataFrame([{"Titre": "Nouvelle séance", "Date": "12/03/2027"}])], ignore_index=True)
    upload = read_upload("sessions", "seances.csv", export.to_csv_bytes(frame), store.ingest_context(con),
                         current=functools.partial(store.read_table, con))
    assert upload.ok, upload.report()
    got = upload.frames["sessions"].set_index("id")
    assert got.loc["webinaire-introductif", "status"] == "past" == stored.loc["webinaire-introductif", "status"]
    assert list(got.loc["webinaire-introductif", "facilitators"]) == list(stored.loc["webinaire-introductif",
                                                                                      "facilitators"])
    assert got.loc["2027-03-12-nouvelle-seance", "status"] is None
    assert got.loc["2027-03-12-nouvelle-seance", "facilitators"] is None
    said = [p.message for p in upload.problems.warnings if "colonnes absentes" in p.message]
    assert len(said) == 1 and "« Animation », « Statut »" in said[0] and "vides pour 1 nouvelle ligne)" in said[0]
    changes = store.import_changes(con, store.apply_upload(con, upload))
    assert changes == {"same": False, "added": 1, "changed": 0, "removed": 0}


def test_upload_with_errors_raises_and_writes_nothing(con):
    before = everything(con)
    upload = upload_of(con, "assemblies", "broken.csv", BROKEN_ASSEMBLIES)
    assert not upload.ok
    assert {p.column for p in upload.problems.errors} >= {"Pays", "Latitude", "Année de création", "Échelon"}
    with pytest.raises(store.StoreError, match="rien n'a été écrit"):
        store.apply_upload(con, upload)
    assert everything(con) == before


def test_rollback_restores_exactly_and_is_itself_reversible(con):
    seeded = dataset_rows(con, "assemblies")
    others = {d: dataset_rows(con, d) for d in ("survey", "sessions")}
    import_id = store.apply_upload(con, upload_of(con, "assemblies", "assemblies_excel_fr.csv"))
    imported = dataset_rows(con, "assemblies")
    assert imported != seeded and len(imported["assemblies"]) == 6

    undo = store.rollback(con, import_id, by="Camille")
    assert dataset_rows(con, "assemblies") == seeded
    record = con.execute("SELECT dataset, outcome, restores, rows, imported_by FROM imports WHERE id = ?",
                         [undo]).fetchone()
    assert record == ("assemblies", "rollback", import_id, 19, "Camille")

    redo = store.rollback(con, undo)
    assert dataset_rows(con, "assemblies") == imported
    assert con.execute("SELECT outcome, restores FROM imports WHERE id = ?", [redo]).fetchone() == ("rollback", undo)
    assert {d: dataset_rows(con, d) for d in ("survey", "sessions")} == others  # other datasets untouched

    with pytest.raises(store.StoreError, match="Aucun import n° 999"):
        store.rollback(con, 999)


def test_rollback_of_a_survey_wave_keeps_the_other_waves(con):
    seeded = dataset_rows(con, "survey")
    import_id = store.apply_upload(con, upload_of(con, "survey", "survey_counts.csv", wave="2026-01"))
    store.rollback(con, import_id)
    assert dataset_rows(con, "survey") == seeded


def test_second_survey_wave_keeps_the_first_and_reuses_theme_ids(con):
    first = dataset_rows(con, "survey")
    labels = dict(con.execute("SELECT label, theme_id FROM survey_themes").fetchall())
    # the themes in another order, one reworded (a new theme), figures different from the first wave
    ordered = list(labels)[::-1]
    lines = ["Thème;1;2;3;4;5"]
    for i, label in enumerate(ordered):
        lines.append(f'"{label}";{i};1;1;1;1')
    lines.append('"Comment financer une assemblée citoyenne permanente ?";3;3;3;3;3')
    upload = upload_of(con, "survey", "vague2.csv", "\n".join(lines).encode("utf-8"), wave="2026-01",
                       wave_title="Deuxième sondage")
    assert upload.ok, upload.report()
    store.apply_upload(con, upload)

    for table, old_rows in first.items():  # the first wave is kept as it was
        assert [r for r in rows(con, table) if r[0] == "2025-04"] == old_rows
    assert con.execute("SELECT wave, title FROM survey_waves ORDER BY wave").fetchall() == [
        ("2025-04", "Sondage sur les thématiques à prioriser (avril 2025)"), ("2026-01", "Deuxième sondage")]
    second = dict(con.execute("SELECT label, theme_id FROM survey_themes WHERE wave = '2026-01'").fetchall())
    for label in ordered:  # same wording, same code, whatever the position
        assert second[label] == labels[label]
    new_id = second["Comment financer une assemblée citoyenne permanente ?"]
    assert new_id not in labels.values()
    counts = con.execute("SELECT priority, count FROM survey_counts WHERE wave = '2026-01' AND theme_id = ? "
                         "ORDER BY priority", [labels[ordered[2]]]).fetchall()
    assert counts == [(1, 2), (2, 1), (3, 1), (4, 1), (5, 1)]

    # importing the same wave again replaces that wave only
    again = upload_of(con, "survey", "survey_counts.csv", wave="2026-01")
    store.apply_upload(con, again)
    assert con.execute("SELECT count(*) FROM survey_themes WHERE wave = '2026-01'").fetchone()[0] == 5
    assert [r for r in rows(con, "survey_counts") if r[0] == "2025-04"] == first["survey_counts"]


def test_survey_raw_answers_and_counts_table_give_the_same_figures(con):
    figures = {}
    for name in ("survey_counts.csv", "survey_responses.csv"):
        store.apply_upload(con, upload_of(con, "survey", name, wave=name))
        figures[name] = con.execute("SELECT theme_id, priority, count FROM survey_counts WHERE wave = ? "
                                    "ORDER BY ALL", [name]).fetchall()
    assert figures["survey_counts.csv"] == figures["survey_responses.csv"]
    seeded = con.execute("SELECT theme_id, priority, count FROM survey_counts WHERE wave = '2025-04' "
                         "ORDER BY ALL").fetchall()
    assert figures["survey_counts.csv"] == seeded


def test_build_if_missing_builds_once(tmp_path):
    target = tmp_path / "sub" / "acp.duckdb"
    assert store.build_if_missing(target) is True
    assert target.exists()
    stamp = target.stat().st_mtime_ns
    assert store.build_if_missing(target) is False
    assert target.stat().st_mtime_ns == stamp
    con = store.connect(target)
    try:
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 4  # survey, assemblies, editions, sessions
    finally:
        con.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["acp.duckdb"]


def test_build_if_missing_failure_leaves_no_half_file(tmp_path, monkeypatch):
    target = tmp_path / "acp.duckdb"
    real_seed = store.seed

    def failing_seed(con, by="données embarquées"):
        from acp.ingest import read_upload as read

        path = store.SEED_DIR / store.SEED_FILES["survey"]
        store.apply_upload(con, read("survey", path.name, path.read_bytes(), store.ingest_context(con)))
        raise OSError("disque plein (simulé)")

    monkeypatch.setattr("acp.store.build.seed", failing_seed)  # where build_if_missing looks it up
    with pytest.raises(OSError, match="simulé"):
        store.build_if_missing(target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary build file left either

    monkeypatch.setattr("acp.store.build.seed", real_seed)
    assert store.build_if_missing(target) is True
    con = store.connect(target)
    try:
        assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 19
    finally:
        con.close()


def test_build_if_missing_ignores_a_stale_log_without_its_base(tmp_path, seeded_file):
    # a write-ahead log left behind by another base must not be replayed into the new one
    target = tmp_path / "acp.duckdb"
    other = tmp_path / "other.duckdb"
    shutil.copy(seeded_file, other)
    con = store.connect(other)
    con.execute("CHECKPOINT")
    con.execute("SET checkpoint_threshold = '1GB'")
    con.execute("DELETE FROM assemblies")
    wal = Path(f"{other}.wal")
    assert wal.exists()
    shutil.copy(wal, f"{target}.wal")
    con.close()
    assert store.build_if_missing(target) is True
    con = store.connect(target)
    try:
        assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 19
    finally:
        con.close()


HOLDER = ("import duckdb, sys\n"
          "con = duckdb.connect(sys.argv[1])\n"
          "print('ready', flush=True)\n"
          "sys.stdin.read()\n")


@pytest.fixture
def held(db):
    """Another process holding the database read-write, as the running app does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield db
    finally:
        proc.stdin.close()
        proc.wait(timeout=20)


def test_busy_database_gives_one_french_sentence(held):
    for read_only in (False, True):
        with pytest.raises(store.DatabaseBusy) as caught:
            store.connect(held, read_only=read_only)
        message = str(caught.value)
        assert "\n" not in message and message.endswith(".")
        assert "ouverte par un autre programme" in message
        assert "tableau de bord" in message
        assert str(held) in message
    assert issubclass(store.DatabaseBusy, store.StoreError)


def test_before_commit_failure_rolls_everything_back(con):
    before = everything(con)
    upload = upload_of(con, "assemblies", "assemblies_excel_fr.csv")
    seen = {}

    def hook():
        # inside the transaction: the new rows and the import record are there, not yet committed
        seen["rows"] = con.execute("SELECT count(*) FROM assemblies").fetchone()[0]
        seen["imports"] = con.execute("SELECT count(*) FROM imports").fetchone()[0]
        raise RuntimeError("panne simulée")

    with pytest.raises(RuntimeError, match="panne simulée"):
        store.apply_upload(con, upload, before_commit=hook)
    assert seen == {"rows": 6, "imports": 4}
    assert everything(con) == before  # data, history and snapshot tables as they were
    # the connection is still usable and the next import gets the next number
    assert store.apply_upload(con, upload) == 4
    assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 6
