"""An import process killed with SIGKILL never leaves half-changed data behind.

A real process is killed, not simulated: the test starts a small script that imports into a
temporary database, kills it with SIGKILL inside the transaction, then reopens the database
as the next program would (DuckDB replays or discards its write-ahead log).
"""
from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acp import store
from acp.ingest import read_upload

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"
BIG_ROWS = 20_000

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

HELD_IMPORT = f"""
import sys, time
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from acp import store
from acp.ingest import read_upload

db, source, marker = sys.argv[1:4]
con = store.connect(db)
upload = read_upload("assemblies", Path(source).name, Path(source).read_bytes(), store.ingest_context(con))
assert upload.ok, upload.report()

def hold():  # every row written, the import recorded, COMMIT not yet sent
    Path(marker).write_text("dans la transaction")
    time.sleep(60)

store.apply_upload(con, upload, before_commit=hold)
Path(marker).write_text("validé")  # never reached: the process is killed first
"""

BIG_IMPORT = f"""
import pickle, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from acp import store

db, pickled, started, done = sys.argv[1:5]
upload = pickle.loads(Path(pickled).read_bytes())
con = store.connect(db)
Path(started).touch()
store.apply_upload(con, upload)
con.close()
Path(done).touch()
"""


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "acp.duckdb"
    assert store.build_if_missing(path)
    return path


def fresh_copy(seeded_file: Path, path: Path) -> Path:
    shutil.copy(seeded_file, path)
    return path


def state(db: Path) -> dict:
    """Reopen as the next program would and read what matters."""
    con = store.connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return {
            "assemblies": sorted(con.execute("SELECT * FROM assemblies").fetchall(), key=repr),
            "imports": con.execute("SELECT id, dataset, file_name, rows FROM imports ORDER BY id").fetchall(),
            "snapshots": sorted(t for t in tables if t.startswith("snap_")),
        }
    finally:
        con.close()


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the import script stopped early:\n{proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"{path.name} did not appear within {timeout} s")
        time.sleep(0.005)


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_import_killed_inside_its_transaction_leaves_the_previous_data(seeded_file, tmp_path):
    db = fresh_copy(seeded_file, tmp_path / "acp.duckdb")
    before = state(db)
    assert len(before["assemblies"]) == 16 and len(before["imports"]) == 3
    script = tmp_path / "held_import.py"
    script.write_text(HELD_IMPORT, encoding="utf-8")
    marker = tmp_path / "in_transaction"

    proc = subprocess.Popen([sys.executable, str(script), str(db), str(EXAMPLES / "assemblies_excel_fr.csv"),
                             str(marker)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(marker, proc)
        assert marker.read_text() == "dans la transaction"
    finally:
        kill(proc)
    assert proc.returncode == -signal.SIGKILL

    after = state(db)
    assert after == before  # the 16 seeded assemblies, no record of the killed import, no snapshot of it
    assert not any(r[0] == 4 for r in after["imports"])
    # and the base works: the same import, not killed this time, gets number 4
    con = store.connect(db)
    try:
        upload = read_upload("assemblies", "assemblies_excel_fr.csv",
                             (EXAMPLES / "assemblies_excel_fr.csv").read_bytes(), store.ingest_context(con))
        assert store.apply_upload(con, upload) == 4
        assert con.execute("SELECT count(*) FROM assemblies").fetchone()[0] == 6
    finally:
        con.close()


def big_csv(rows: int) -> bytes:
    lines = ["Identifiant;Nom;Ville;Pays;Latitude;Longitude;Année de création;Nombre de membres;Fonctions;Description"]
    for i in range(rows):
        lines.append(f"a{i:05d};Assemblée n° {i};Ville {i % 700};FR;{43 + i % 7},{i % 997:03d};-{i % 4},{i % 89:02d};"
                     f"{1990 + i % 35};{10 + i % 190};Recommandations;"
                     f"Assemblée générée n° {i} pour éprouver une écriture longue : " + "texte " * 15)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


@pytest.fixture(scope="module")
def big_upload(seeded_file, tmp_path_factory) -> Path:
    """A valid 20,000-row upload, read once and pickled for the import processes."""
    con = store.connect(seeded_file, read_only=True)
    try:
        upload = read_upload("assemblies", "grand_import.csv", big_csv(BIG_ROWS), store.ingest_context(con))
    finally:
        con.close()
    assert upload.ok, upload.report()[:5]
    assert upload.rows == BIG_ROWS
    path = tmp_path_factory.mktemp("big") / "upload.pickle"
    path.write_bytes(pickle.dumps(upload))
    return path


def start_big_import(script: Path, db: Path, pickled: Path, workdir: Path) -> dict:
    run = {"started": workdir / "started", "done": workdir / "done", "db": db, "t0": None}
    run["proc"] = subprocess.Popen([sys.executable, str(script), str(db), str(pickled), str(run["started"]),
                                    str(run["done"])], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    return run


def test_large_import_killed_at_random_moments_is_all_or_nothing(seeded_file, big_upload, tmp_path):
    script = tmp_path / "big_import.py"
    script.write_text(BIG_IMPORT, encoding="utf-8")
    old = state(fresh_copy(seeded_file, tmp_path / "old.duckdb"))

    # one import left to finish: the complete new set, and how long the import takes
    complete = tmp_path / "complete"
    complete.mkdir()
    run = start_big_import(script, fresh_copy(seeded_file, complete / "acp.duckdb"), big_upload, complete)
    try:
        wait_for(run["started"], run["proc"])
        t0 = time.monotonic()
        assert run["proc"].wait(timeout=120) == 0, run["proc"].stderr.read()
        duration = time.monotonic() - t0
    finally:
        kill(run["proc"])
    new = state(complete / "acp.duckdb")
    assert len(new["assemblies"]) == BIG_ROWS
    assert new["imports"][-1] == (4, "assemblies", "grand_import.csv", BIG_ROWS)

    # the trials run side by side, each on its own copy, each killed at its own random moment after
    # it opened the base: one moment in each fifth of the import's duration
    trials, seed = 5, random.randrange(10**6)
    rng = random.Random(seed)
    runs = []
    for trial in range(trials):
        workdir = tmp_path / f"trial{trial}"
        workdir.mkdir()
        runs.append(start_big_import(script, fresh_copy(seeded_file, workdir / "acp.duckdb"), big_upload, workdir))
        runs[-1]["moment"] = duration * (trial + rng.random()) / trials
    deadline = time.monotonic() + 120
    try:
        pending = list(runs)
        while pending:
            now = time.monotonic()
            assert now < deadline, "the import processes did not start within 120 s"
            for run in list(pending):
                if run["t0"] is None:
                    if run["started"].exists():
                        run["t0"] = now
                    elif run["proc"].poll() is not None:
                        raise AssertionError(f"an import script stopped early:\n{run['proc'].stderr.read()}")
                elif now - run["t0"] >= run["moment"]:
                    run["finished"] = run["done"].exists()
                    kill(run["proc"])
                    pending.remove(run)
            time.sleep(0.002)
    finally:
        for run in runs:
            kill(run["proc"])

    outcomes = []
    for trial, run in enumerate(runs):
        after = state(run["db"])
        if after == old:
            outcomes.append("old")
            assert not run["finished"], "the process had finished, yet its import is not there"
        else:
            outcomes.append("new")
            assert after["imports"] == new["imports"], f"seed {seed}, trial {trial}: history partly written"
            assert after["assemblies"] == new["assemblies"], f"seed {seed}, trial {trial}: partial data"
            assert after["snapshots"] == new["snapshots"]
    print(f"seed {seed}, import {duration:.2f} s, outcomes {outcomes}")
    # the kills did land inside imports (else this test proves nothing)
    assert "old" in outcomes, f"seed {seed}: every kill came after the commit ({duration:.2f} s import): {outcomes}"
