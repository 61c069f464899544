"""Issue 7, crash drills: a damaged base, the CSV copies a rebuild starts from, a full disk.

- Each way a file gets damaged (cut in half, its first 4 KiB overwritten, random bytes in a data
  block, emptied, a .wal of another base beside it) is DatabaseDamaged with one French sentence,
  at connect, read-write or read-only, and the attempt writes nothing; a lock held by another
  process stays DatabaseBusy.
- A rebuild sets the damaged file aside (renamed, byte for byte, never deleted) and builds a new
  base from the embedded data or from the last CSV copies, which every import, rollback and
  validated proposal writes next to the base after its COMMIT.
- A full disk during an import (a file size limit, RLIMIT_FSIZE, in the importing process; a
  small tmpfs when this machine lets us mount one) fails with a French sentence and keeps the old
  data whole, with no record of the failed import; the app reopens a connection DuckDB invalidated.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from acp import auth, export, proposals, store
from acp.ingest import read_upload
from acp.schema import DATASETS
from acp.store import process
from acp.ui import data

from support import EXAMPLES, ROOT, open_app, run_cli

sys.path.insert(0, str(ROOT / "tests" / "bench"))
from synthetic import csv_bytes  # noqa: E402

DISK_FULL = "le disque est plein"
ASIDE = re.compile(r"^acp\.duckdb\.endommagee-\d{8}-\d{6}(-\d+)?$")
HEADER = 3 * 4096  # DuckDB's file header and its two database headers, then the blocks


# ---------------------------------------------------------------- fixtures and helpers

def dataset_rows(db: Path) -> dict[str, list]:
    con = store.connect(db, read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for tables in (d.tables for d in DATASETS.values()) for t in tables}
    finally:
        con.close()


def history(db: Path) -> list[tuple]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute("SELECT id, dataset, file_name, rows, outcome, imported_by FROM imports ORDER BY id").fetchall()
    finally:
        con.close()


def table_names(db: Path) -> list[str]:
    con = store.connect(db, read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    finally:
        con.close()


def import_example(db: Path, dataset: str, name: str, **context) -> int:
    con = store.connect(db)
    try:
        upload = read_upload(dataset, name, (EXAMPLES / name).read_bytes(), {**store.ingest_context(con), **context})
        assert upload.ok, upload.report()
        return store.apply_upload(con, upload, by="test")
    finally:
        con.close()


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def data_block(db: Path, table: str) -> int:
    """The file offset of the first storage block holding `table`'s rows."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        block = con.execute(f"SELECT min(block_id) FROM pragma_storage_info('{table}') WHERE block_id >= 0").fetchone()[0]
        block_size = con.execute("PRAGMA database_size").fetchone()[2]
    finally:
        con.close()
    assert block is not None, f"{table} has no data block"
    return HEADER + block * block_size


def foreign_wal(tmp_path: Path) -> bytes:
    """The write-ahead log of another, independent base (a table created, a row not yet checkpointed)."""
    other = tmp_path / f"other-{uuid.uuid4().hex}.duckdb"
    con = duckdb.connect(str(other))
    con.execute("SET checkpoint_threshold = '1GB'")
    con.execute("CREATE TABLE assemblies (x INTEGER)")
    con.execute("CHECKPOINT")
    con.execute("INSERT INTO assemblies VALUES (1)")
    con.execute("CREATE TABLE stray (y INTEGER)")
    data = Path(f"{other}.wal").read_bytes()
    con.close()
    assert data
    return data


def cut_in_half(db: Path, tmp_path: Path) -> None:
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)


def overwrite_head(db: Path, tmp_path: Path) -> None:
    with open(db, "r+b") as f:
        f.write(os.urandom(4096))


def scramble_a_data_block(db: Path, tmp_path: Path) -> None:
    offset = data_block(db, "assemblies") + 512
    with open(db, "r+b") as f:
        f.seek(offset)
        f.write(os.urandom(2048))


def empty(db: Path, tmp_path: Path) -> None:
    db.write_bytes(b"")


def wal_of_another_base(db: Path, tmp_path: Path) -> None:
    Path(f"{db}.wal").write_bytes(foreign_wal(tmp_path))


DAMAGES = {  # how -> the kind of damage it is
    "cut_in_half": (cut_in_half, "truncated"),
    "first_4_KiB_overwritten": (overwrite_head, "invalid"),
    "random_bytes_in_a_data_block": (scramble_a_data_block, "corrupt"),
    "zero_bytes": (empty, "invalid"),
    "wal_of_another_base": (wal_of_another_base, "wal"),
}


def damage(db: Path, tmp_path: Path, how: str = "first_4_KiB_overwritten") -> str:
    DAMAGES[how][0](db, tmp_path)
    return DAMAGES[how][1]


def acp(*args, db: Path | None = None, preexec_fn=None, env: dict | None = None) -> subprocess.CompletedProcess:
    argv = [*map(str, args)] + (["--db", str(db)] if db else [])
    if preexec_fn is None:  # a process of its own, forked from a warm interpreter (support.run_cli)
        return run_cli([argv], env={**os.environ, **(env or {})})[0]
    return subprocess.run([sys.executable, "-m", "acp", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, preexec_fn=preexec_fn, env={**os.environ, **(env or {})})


def one_french_sentence(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Error" not in text, text
    return lines[0]


# ---------------------------------------------------------------- what "damaged" means

@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize("how", sorted(DAMAGES))
def test_each_damage_is_one_french_sentence_and_the_attempt_writes_nothing(db, tmp_path, how, read_only):
    kind = damage(db, tmp_path, how)
    wal = Path(f"{db}.wal")
    before = (digest(db), digest(wal))
    with pytest.raises(store.DatabaseDamaged) as caught:
        store.connect(db, read_only=read_only)
    error = caught.value
    assert error.kind == kind and error.path == db and error.detail  # DuckDB's own words kept for the details
    message = str(error)
    assert "\n" not in message and message.endswith(".")
    assert message.startswith(f"La base {db} est endommagée ({store.DAMAGE_KINDS[kind]})")
    assert "python -m acp rebuild" in message and "jamais effacé" in message
    assert isinstance(error, store.StoreError) and not isinstance(error, store.DatabaseBusy)
    assert (digest(db), digest(wal)) == before  # nothing was written by trying


def test_a_log_of_random_bytes_is_not_damage(db):
    # DuckDB checks its log's checksums and ignores one that is not a log at all: the base is whole
    before = dataset_rows(db)
    Path(f"{db}.wal").write_bytes(os.urandom(10_000))
    assert dataset_rows(db) == before
    assert len(before["assemblies"]) == 19


def test_damage_in_a_snapshot_only_is_found_by_the_rebuild(db, tmp_path):
    import_example(db, "assemblies", "assemblies_excel_fr.csv")  # snap_4_assemblies: the 19 seeded rows
    offset = data_block(db, "snap_4_assemblies") + 512
    with open(db, "r+b") as f:
        f.seek(offset)
        f.write(os.urandom(2048))
    con = store.connect(db)  # the live tables read whole: the pages work
    try:
        assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 6
        with pytest.raises(duckdb.Error) as caught:
            store.check(con, everything=True)
        assert store.as_damaged(caught.value, db).kind == "corrupt"
    finally:
        con.close()
    result = store.rebuild(db, source="exports")  # the copy of the 6 rows, written after import 4
    assert result.damage == "corrupt"
    assert len(dataset_rows(db)["assemblies"]) == 6


HOLDER = ("import duckdb, sys\n"
          "con = duckdb.connect(sys.argv[1])\n"
          "print('ready', flush=True)\n"
          "sys.stdin.read()\n")


def test_a_base_held_by_another_process_is_busy_not_damaged(db, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        overwrite_head(db, tmp_path)  # damaged under the holder's feet: the lock still answers first
        for read_only in (False, True):
            with pytest.raises(store.DatabaseBusy):
                store.connect(db, read_only=read_only)
        with pytest.raises(store.DatabaseBusy):
            store.rebuild(db, source="seed")
        result = acp("rebuild", "--from", "seed", db=db)
        assert result.returncode == 1
        assert "ouverte par un autre programme" in one_french_sentence(result.stderr)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["acp.duckdb"]  # nothing set aside, nothing built
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_as_damaged_reads_duckdbs_words():
    for words, kind in (("IO Error: Could not read enough bytes from file", "truncated"),
                        ("Corrupt database file: computed checksum 1 does not match stored checksum 2", "corrupt"),
                        ('IO Error: The file "x" exists, but it is not a valid DuckDB database file!', "invalid"),
                        ('IO Error: Failure while replaying WAL file "x.wal": WAL does not match database file.',
                         "wal")):
        assert store.as_damaged(duckdb.Error(words)).kind == kind
    for words in ('IO Error: Could not set lock on file "x": Conflicting lock is held',
                  "FATAL Error: Failed: database has been invalidated because of a previous fatal error",
                  "Catalog Error: Table with name nope does not exist!",
                  "Out of Memory Error: could not allocate block"):
        assert store.as_damaged(duckdb.Error(words)) is None, words


# ---------------------------------------------------------------- the CSV copies written after each write

def test_a_copy_of_the_dataset_is_written_after_an_import_a_rollback_and_a_validated_proposal(db):
    folder = store.exports_dir(db)
    assert folder == Path(f"{db}.exports") and not folder.exists()  # a built base has none yet
    import_id = import_example(db, "assemblies", "assemblies_excel_fr.csv")
    assert store.flush_exports(60)
    con = store.connect(db, read_only=True)
    try:
        assert (folder / "assemblies.csv").read_bytes() == export.to_csv_bytes(store.dataset_frame(con, "assemblies"))
    finally:
        con.close()
    assert sorted(p.name for p in folder.iterdir()) == ["assemblies.csv", store.EXPORT_VERSIONS]  # only what changed
    versions = store.export_versions(folder)
    assert versions["assemblies"]["import"] == import_id == 4 and versions["assemblies"]["rows"] == 6
    copy = read_upload("assemblies", "assemblies.csv", (folder / "assemblies.csv").read_bytes(), {})
    assert copy.ok and copy.rows == 6  # the importer reads it back

    con = store.connect(db)
    try:
        undo = store.rollback(con, import_id)
        assert store.flush_exports(60)
        seeded = export.to_csv_bytes(store.dataset_frame(con, "assemblies"))
        assert (folder / "assemblies.csv").read_bytes() == seeded
        assert store.export_versions(folder)["assemblies"]["import"] == undo

        checked = proposals.check(con, {"name": "Assemblée citoyenne de Nantes", "city": "Nantes", "country": "FR",
                                        "latitude": "47,218", "longitude": "-1,553", "start_year": "2024"})
        published = proposals.validate(con, proposals.submit(con, checked), by="test")
        assert store.flush_exports(60)
        assert store.export_versions(folder)["assemblies"]["import"] == published
        assert "Assemblée citoyenne de Nantes" in (folder / "assemblies.csv").read_bytes().decode("utf-8-sig")

        store.apply_upload(con, read_upload("survey", "survey_counts.csv", (EXAMPLES / "survey_counts.csv").read_bytes(),
                                            {**store.ingest_context(con), "wave": "2026-01"}))
        assert store.flush_exports(60)
        survey = (folder / "survey.csv").read_bytes()
        assert survey == export.to_csv_bytes(store.dataset_frame(con, "survey"))
        assert "2025-04" in survey.decode("utf-8-sig") and "2026-01" in survey.decode("utf-8-sig")  # both waves
    finally:
        con.close()
    assert not [p for p in folder.iterdir() if ".tmp-" in p.name]


def test_a_failed_copy_never_fails_the_import_and_is_logged(db, caplog):
    store.exports_dir(db).write_text("un fichier, pas un dossier")  # the copy cannot be written there
    with caplog.at_level(logging.WARNING, logger="acp.store"):
        import_id = import_example(db, "assemblies", "assemblies_excel_fr.csv")
        assert store.flush_exports(60)
    assert import_id == 4 and len(dataset_rows(db)["assemblies"]) == 6  # committed all the same
    assert any("copie CSV de secours de assemblies non écrite" in r.getMessage() for r in caplog.records)


def test_a_copy_left_half_written_by_a_killed_process_is_cleaned_and_the_app_completes_the_copies(db):
    folder = store.exports_dir(db)
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = folder / f".assemblies.csv.tmp-{int(dead.stdout)}-1"
    leftover.write_bytes(b"Identifiant;Nom\r\nparis;Assembl")  # cut in the middle of a row
    con = store.connect(db)
    try:
        assert sorted(store.refresh_exports(con)) == ["assemblies", "sessions", "survey"]  # none was there
        assert store.flush_exports(60)
        assert store.refresh_exports(con) == []  # up to date now
    finally:
        con.close()
    assert not leftover.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["assemblies.csv", "sessions.csv", "survey.csv",
                                                        store.EXPORT_VERSIONS]


def test_a_new_base_sets_aside_the_copies_of_a_base_that_is_gone(tmp_path):
    target = tmp_path / "acp.duckdb"
    stale = store.exports_dir(target)
    stale.mkdir()
    (stale / "assemblies.csv").write_text("ancienne copie")
    assert store.build_if_missing(target)
    assert not stale.exists()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("acp.duckdb.exports.avant-")]
    assert len(kept) == 1 and (kept[0] / "assemblies.csv").read_text() == "ancienne copie"


# ---------------------------------------------------------------- rebuilding

def test_rebuild_from_the_embedded_data_sets_the_damaged_file_aside(db, tmp_path):
    import_example(db, "assemblies", "assemblies_excel_fr.csv")
    assert store.flush_exports(60)
    damage(db, tmp_path, "first_4_KiB_overwritten")
    Path(f"{db}.wal").write_bytes(b"journal de la base endommagee")
    damaged, log = db.read_bytes(), Path(f"{db}.wal").read_bytes()

    result = store.rebuild(db, source="seed")

    assert result.damage == "invalid" and result.source == "seed"
    aside = result.set_aside[0]
    assert ASIDE.match(aside.name) and aside.parent == db.parent
    assert aside.read_bytes() == damaged  # set aside byte for byte, never deleted
    assert Path(f"{aside}.wal").read_bytes() == log  # its log too: never replayed into the new base
    assert (Path(f"{aside}.exports") / "assemblies.csv").exists()  # the copies went with it
    assert not store.exports_dir(db).exists()
    rows = dataset_rows(db)
    assert len(rows["assemblies"]) == 19 and len(rows["sessions"]) == 6 and len(rows["survey_themes"]) == 5
    assert [(r[1], r[5]) for r in history(db)] == [(d, "reconstruction (données embarquées)")
                                                   for d in ("survey", "assemblies", "sessions")]
    summary = result.summary()
    assert aside.name in summary and "données embarquées" in summary and "Assemblées : 19 assemblées" in summary
    assert not [p for p in db.parent.iterdir() if ".building" in p.name]


def test_rebuild_from_the_last_export_gives_back_every_dataset(db, tmp_path):
    import_example(db, "assemblies", "gogocarto_elements.json")
    import_example(db, "survey", "survey_responses.csv", wave="2026-01", wave_title="Deuxième sondage")
    import_example(db, "sessions", "sessions.csv")
    assert store.flush_exports(60)
    before = dataset_rows(db)
    assert len(before["survey_waves"]) == 2 and len(before["assemblies"]) == 4
    damage(db, tmp_path, "cut_in_half")

    result = store.rebuild(db, source="exports")

    assert result.damage == "truncated"
    assert {d: origin for d, (origin, _) in result.datasets.items()} == {
        **dict.fromkeys(("survey", "assemblies", "sessions"), "export"), "editions": "seed"}  # none imported: no copy
    assert result.datasets["editions"] == ("seed", 0)
    assert dataset_rows(db) == before  # every table of every dataset, exactly
    assert store.exports_dir(db).exists()  # the copies stay: they are this base's now
    assert "le dernier export" in result.summary()
    assert [r[5] for r in history(db)] == ["reconstruction (dernier export)"] * 3


def test_rebuild_from_exports_takes_the_embedded_data_for_a_dataset_without_a_copy(db, tmp_path):
    import_example(db, "assemblies", "assemblies_excel_fr.csv")
    assert store.flush_exports(60)
    damage(db, tmp_path, "zero_bytes")
    result = store.rebuild(db, source="exports")
    assert {d: origin for d, (origin, _) in result.datasets.items()} == {
        "survey": "seed", "assemblies": "export", "editions": "seed", "sessions": "seed"}
    rows = dataset_rows(db)
    assert len(rows["assemblies"]) == 6 and len(rows["sessions"]) == 6


def test_rebuild_refuses_a_whole_base_and_an_export_that_does_not_exist(db, tmp_path):
    before = digest(db)
    with pytest.raises(store.NotDamaged, match="n'est pas endommagée, rien n'a été fait"):
        store.rebuild(db, source="seed")
    assert digest(db) == before and sorted(p.name for p in tmp_path.iterdir()) == ["acp.duckdb"]

    damage(db, tmp_path, "cut_in_half")
    damaged = digest(db)
    with pytest.raises(store.StoreError, match="Aucune copie CSV"):
        store.rebuild(db, source="exports")
    assert digest(db) == damaged and sorted(p.name for p in tmp_path.iterdir()) == ["acp.duckdb"]


def test_rebuild_of_a_missing_base_builds_it(tmp_path):
    target = tmp_path / "acp.duckdb"
    result = store.rebuild(target, source="seed")
    assert result.damage == "absent" and result.set_aside == []
    assert len(dataset_rows(target)["assemblies"]) == 19


# ---------------------------------------------------------------- the command line

def test_commands_on_a_damaged_base_say_so_in_one_sentence(db, tmp_path):
    damage(db, tmp_path, "cut_in_half")
    for command in (("history",), ("export", "assemblies"), ("rollback", "1"),
                    ("import", "assemblies", EXAMPLES / "assemblies_excel_fr.csv")):
        result = acp(*command, db=db)
        assert result.returncode == 1, command
        line = one_french_sentence(result.stderr)
        assert "est endommagée (le fichier est tronqué" in line and "python -m acp rebuild" in line, line
        assert result.stdout == ""


def test_cli_rebuild(db, tmp_path):
    import_example(db, "assemblies", "assemblies_excel_fr.csv")
    assert store.flush_exports(60)

    healthy = acp("rebuild", db=db)
    assert healthy.returncode == 1
    assert "n'est pas endommagée" in one_french_sentence(healthy.stderr)

    damage(db, tmp_path, "wal_of_another_base")
    result = acp("rebuild", db=db)  # the last export when there is one
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Base endommagée (son journal .wal ne correspond pas à la base) mise de côté, "
                               "jamais effacée : acp.duckdb.endommagee-")
    assert lines[1] == f"Nouvelle base construite à partir du dernier export : {db}."
    assert "  Assemblées : 6 assemblées, depuis le dernier export." in lines
    assert "  Sondage : 5 thèmes de sondage, depuis les données embarquées." in lines
    assert len(dataset_rows(db)["assemblies"]) == 6

    empty(db, tmp_path)
    seeded = acp("rebuild", "--from", "seed", db=db)
    assert seeded.returncode == 0 and "à partir des données embarquées" in seeded.stdout
    assert len(dataset_rows(db)["assemblies"]) == 19
    assert len([p for p in tmp_path.iterdir() if ASIDE.match(p.name)]) == 2
    assert acp("history", db=db).returncode == 0

    empty(db, tmp_path)
    no_copy = acp("rebuild", "--from", "exports", db=db)  # the copies went aside with the last damaged base
    assert no_copy.returncode == 1 and "Aucune copie CSV" in one_french_sentence(no_copy.stderr)

    usage = acp("rebuild", "--from", "ailleurs", db=db)
    assert usage.returncode == 2 and "n'est pas un choix possible" in usage.stderr


# ---------------------------------------------------------------- a full disk

@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "grand_import.csv"
    path.write_bytes(csv_bytes(50_000))
    return path


def file_size_limit(limit: int):
    def limited():  # in the child, before exec: writes beyond `limit` bytes fail with EFBIG instead of a signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def check_failed_import(db: Path, result: subprocess.CompletedProcess, rows: dict, imports: list, tables: list):
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    line = [x for x in result.stderr.splitlines() if x.strip()][-1]
    assert "Traceback" not in result.stderr and "FATAL" not in result.stderr
    assert line.startswith("Écriture impossible dans la base : le disque est plein")
    assert line.endswith("rien n'a été enregistré, les données d'avant restent intactes.")
    assert dataset_rows(db) == rows  # the old data, whole
    assert history(db) == imports  # no record of the failed import
    assert table_names(db) == tables  # no snapshot of it either
    assert not store.exports_dir(db).exists()  # and no copy


@pytest.mark.drill  # a real import of 50,000 rows fills the disk
def test_a_full_disk_during_an_import_fails_cleanly_and_keeps_the_old_data(db, big_file):
    rows, imports, tables = dataset_rows(db), history(db), table_names(db)
    limit = db.stat().st_size + 1_000_000  # 50,000 rows need several MB more
    result = acp("import", "assemblies", big_file, db=db, preexec_fn=file_size_limit(limit),
                 env={"ACP_MAX_UPLOAD_MB": "30"})
    check_failed_import(db, result, rows, imports, tables)
    # the base still works: the next import gets the next number
    assert import_example(db, "assemblies", "assemblies_excel_fr.csv") == 4


@pytest.mark.drill  # a real import of 50,000 rows fills the disk
def test_a_full_tmpfs_during_an_import_fails_cleanly_and_keeps_the_old_data(seeded_file, tmp_path, big_file):
    mount = tmp_path / "petit_disque"
    mount.mkdir()
    size_kib = (seeded_file.stat().st_size + 1_500_000) // 1024
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs here (mount refused: {mounted.stderr.strip()}); the RLIMIT_FSIZE test covers it")
    try:
        db = mount / "acp.duckdb"
        shutil.copy(seeded_file, db)
        rows, imports, tables = dataset_rows(db), history(db), table_names(db)
        result = acp("import", "assemblies", big_file, db=db, env={"ACP_MAX_UPLOAD_MB": "30"})
        assert os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize < 1_000_000  # the disk did fill up
        check_failed_import(db, result, rows, imports, tables)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_the_app_reopens_a_connection_a_full_disk_invalidated(app_env, monkeypatch):

    at = open_app()
    assert not at.exception and at.metric[0].value == "19"
    con = process.connection(str(app_env))
    con.execute("SET checkpoint_threshold = '256KB'")  # a large commit is checkpointed at once, as at 50,000 rows
    upload = read_upload("assemblies", "grand_import.csv", csv_bytes(5_000), {})
    assert upload.ok
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (app_env.stat().st_size + 100_000, hard))
    try:
        with pytest.raises(store.StoreError, match=DISK_FULL) as caught:
            store.apply_upload(con, upload, by="test")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert getattr(caught.value.__cause__, "errno", None) in (None, errno.EFBIG)
    with pytest.raises(duckdb.Error, match="invalidated"):
        con.execute("SELECT 1")  # DuckDB gave up on this database instance
    at.run()  # the next run opens it again
    assert not at.exception and not at.error
    assert at.metric[0].value == "19"


# ---------------------------------------------------------------- the app on a damaged base

def damaged_app(db: Path, tmp_path: Path, how: str = "cut_in_half", **query) -> AppTest:
    damage(db, tmp_path, how)
    return open_app(**query)


@pytest.fixture
def no_password(app_env, monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    return app_env


def test_the_app_explains_the_damage_and_rebuilds_from_the_last_export(no_password, tmp_path):
    db = no_password
    import_example(db, "assemblies", "assemblies_excel_fr.csv")
    assert store.flush_exports(60)
    at = damaged_app(db, tmp_path)
    assert not at.exception
    assert [t.value for t in at.title] == ["La base de données est endommagée"]
    assert "le fichier est tronqué, sa fin manque" in at.error[0].value and str(db) in at.error[0].value
    buttons = {b.key: b for b in at.button}
    assert buttons["db-rebuild-seed"].label == "Reconstruire depuis les données embarquées"
    assert buttons["db-rebuild-exports"].label == "Reconstruire depuis le dernier export"
    assert not buttons["db-rebuild-exports"].disabled
    assert any("Assemblées du" in c.value for c in at.caption)  # when the copy was written
    assert not at.text_input  # no password configured: no password asked

    at.button(key="db-rebuild-exports").click().run()
    assert not at.exception
    assert at.metric[0].value == "6"  # the home page, on the data of the last export
    assert "La base a été reconstruite." in at.success[0].value
    assert len([p for p in tmp_path.iterdir() if ASIDE.match(p.name)]) == 1


def test_the_damaged_page_in_english_without_an_export(no_password, tmp_path):
    at = damaged_app(no_password, tmp_path, "first_4_KiB_overwritten", lang="en")
    assert not at.exception
    assert [t.value for t in at.title] == ["The database is damaged"]
    assert "it is not a valid DuckDB file" in at.error[0].value
    assert at.button(key="db-rebuild-exports").disabled
    assert "No export exists next to this database" in " ".join(c.value for c in at.caption)


def test_with_a_coordinator_password_rebuilding_asks_for_it(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "mot-de-passe-de-test")
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    auth.reset_throttles()
    try:
        at = damaged_app(app_env, tmp_path)
        damaged = digest(app_env)
        at.text_input(key="db-rebuild-password").input("pas le bon")
        at.button(key="db-rebuild-seed").click().run()
        assert not at.exception
        assert at.error[-1].value == "Mot de passe incorrect."
        assert digest(app_env) == damaged  # untouched

        at.text_input(key="db-rebuild-password").input("mot-de-passe-de-test")
        at.button(key="db-rebuild-seed").click().run()
        assert not at.exception
        assert at.metric[0].value == "19"
    finally:
        auth.reset_throttles()


def test_a_page_that_meets_an_invalidated_connection_runs_once_more(no_password, monkeypatch):

    real, calls = data.key_figures, []

    def invalidated_once(version):
        calls.append(version)
        if len(calls) == 1:  # as another session's import on a full disk leaves the shared connection
            raise duckdb.FatalException("FATAL Error: Failed: database has been invalidated because of a previous "
                                        "fatal error. The database must be restarted prior to being used again.")
        return real(version)

    monkeypatch.setattr(data, "key_figures", invalidated_once)
    at = open_app()
    assert not at.exception and len(calls) == 2
    assert at.metric[0].value == "19"
