"""Backups (acp.backup, `python -m acp backup|restore`): everything in one .zip, restored whole or not at all."""
from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from acp import backup, export, store
from acp.ingest import read_upload

from support import run_cli


def data_of(con) -> dict:
    return {d: export.to_csv_bytes(store.dataset_frame(con, d)) for d in backup._ordered()}


def renamed_csv(con, name: str = "Assemblée renommée") -> bytes:
    """The stored assemblies with the first one renamed (an import that keeps every id: no edition orphaned)."""
    frame = store.dataset_frame(con, "assemblies")
    frame.loc[0, "Nom"] = name
    return export.to_csv_bytes(frame)


def import_example(con):
    upload = read_upload("assemblies", "renommee.csv", renamed_csv(con), store.ingest_context(con))
    return store.apply_upload(con, upload)


def test_a_backup_restores_everything_in_one_go_and_the_restore_is_undone_by_a_rollback(seeded):
    store.add_proposal(seeded, "new", None, {"name": "Assemblée proposée"}, submitted_by="Lou")
    saved, archive = data_of(seeded), backup.make(seeded)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
    assert {"manifest.json", "imports.csv", "proposals.csv", "datasets/assemblies.csv"} <= names
    assert manifest["format"] == backup.FORMAT and manifest["version"] == 1
    assert manifest["data_version"] == store.data_version(seeded)
    import_example(seeded)
    seeded.execute("DELETE FROM proposals")
    after_import = data_of(seeded)
    assert after_import != saved
    plan = backup.read(archive, "b.zip")
    diff = backup.preview(seeded, plan)
    assert len(diff["assemblies"].changed) == 1 and diff["survey"].empty
    numbers = backup.restore(seeded, plan, by="Camille")
    assert data_of(seeded) == saved
    assert len(store.proposals(seeded)) == 1  # the backup's proposal the base had lost
    history = store.history(seeded).set_index("id")
    assert history.loc[numbers["assemblies"], "imported_by"] == "Camille"
    assert history.loc[numbers["assemblies"], "note"].startswith("restauration de la sauvegarde du")
    store.rollback(seeded, numbers["assemblies"])
    assert data_of(seeded)["assemblies"] == after_import["assemblies"]
    store.flush_exports(60)


def damaged(archive: bytes) -> bytes:
    middle = len(archive) // 2
    return archive[:middle] + bytes([archive[middle] ^ 0xFF]) + archive[middle + 1:]


def rezipped(archive: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def with_manifest(files: dict, name: str, data: bytes) -> None:
    import hashlib
    files[name] = data
    manifest = json.loads(files["manifest.json"])
    manifest["files"][name] = hashlib.sha256(data).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()


BAD = {
    "damaged": lambda a: damaged(a),
    "truncated": lambda a: a[: len(a) // 3],
    "not a zip": lambda a: b"PK\x03\x04 not really",
    "foreign zip": lambda a: rezipped(a, lambda f: f.pop("manifest.json")),
    "another format": lambda a: rezipped(a, lambda f: f.update({"manifest.json": b'{"format": "x", "files": {}}'})),
    "a newer version": lambda a: rezipped(a, lambda f: f.update(
        {"manifest.json": json.dumps({**json.loads(f["manifest.json"]), "version": 99}).encode()})),
    "edited without its checksum": lambda a: rezipped(a, lambda f: f.update(
        {"datasets/assemblies.csv": f["datasets/assemblies.csv"] + b"\n"})),
    "a path trick": lambda a: rezipped(a, lambda f: f.update({"../../etc/evil.csv": b"x"})),
    "an absolute path": lambda a: rezipped(a, lambda f: f.update({"/tmp/evil.csv": b"x"})),
    "a file it never holds": lambda a: rezipped(a, lambda f: f.update({"script.py": b"print()"})),
    "a bomb": lambda a: rezipped(a, lambda f: with_manifest(f, "datasets/assemblies.csv",
                                                             b"0" * (backup.MAX_MEMBER + 10))),
    "content the importer refuses": lambda a: rezipped(a, lambda f: with_manifest(
        f, "datasets/sessions.csv", f["datasets/sessions.csv"].replace(b"2025", b"20x5"))),
    "a proposal that is not one": lambda a: rezipped(a, lambda f: with_manifest(
        f, "proposals.csv", b"id,kind,changes,submitted_at,status\n1,hack,{},2025-01-01 00:00:00,pending\n")),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(seeded, case):
    archive = BAD[case](backup.make(seeded))
    import_example(seeded)
    before, version = data_of(seeded), store.data_version(seeded)
    with pytest.raises(store.StoreError, match="Sauvegarde refusée") as refused:
        backup.restore(seeded, backup.read(archive, "x.zip"))
    assert "rien n'a été changé" in str(refused.value)
    assert data_of(seeded) == before and store.data_version(seeded) == version
    store.flush_exports(60)


def test_the_command_line_backs_up_and_restores(db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("ACP_DB", "ACP_DATA_REPO")}
    out = tmp_path / "sauvegarde.zip"
    def acp(*args):  # one after the other: each holds the base
        return run_cli([list(args)], env=env)[0]

    made = acp("backup", "--out", str(out), "--db", str(db))
    con = store.connect(db)
    try:
        (tmp_path / "renommee.csv").write_bytes(renamed_csv(con))
    finally:
        con.close()
    imported = acp("import", "assemblies", str(tmp_path / "renommee.csv"), "--db", str(db))
    assert made.returncode == 0 and "Sauvegarde écrite" in made.stdout and imported.returncode == 0
    dry = acp("restore", str(out), "--db", str(db), "--dry-run")
    done = acp("restore", str(out), "--db", str(db), "--by", "Sam", "--lang", "en")
    history = acp("history", "--db", str(db))
    assert dry.returncode == 0 and "rien n'a été écrit" in dry.stdout and "Assemblées : 0 ajoutée, 1 modifiée, 0 retirée" in dry.stderr
    assert done.returncode == 0, done.stderr
    assert "sauvegarde.zip" in history.stdout.splitlines()[0] and "Sam" in history.stdout
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    refused = acp("restore", str(bad), "--db", str(db))
    assert refused.returncode == 1 and "Sauvegarde refusée" in refused.stderr
