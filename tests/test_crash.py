"""An import process killed with SIGKILL never leaves half-changed data behind.

A real process is killed, not simulated: the test starts a small script that imports into a
temporary database, kills it with SIGKILL inside the transaction, then reopens the database
as the next program would (DuckDB replays or discards its write-ahead log).

The random drill (`crash_drill`, 5 trials here, 20 in tests/bench/test_bench_crash.py) kills a
20,000-row import at a random moment of its whole life, the CSV copy written after the COMMIT
included, and checks every table of every dataset, the history, the snapshots and the copy:
either the old rows with no record of the import and no copy, or the new rows with the record
(and a copy that is absent or whole, which the next opening completes).
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
from acp.schema import DATASETS

from support import EXAMPLES, ROOT

BIG_ROWS = 20_000

pytestmark = [pytest.mark.drill, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")]

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

db, pickled, started, committing, committed, done = sys.argv[1:7]
upload = pickle.loads(Path(pickled).read_bytes())
con = store.connect(db)
Path(started).touch()
store.apply_upload(con, upload, before_commit=Path(committing).touch)  # every row written, COMMIT next
Path(committed).touch()  # COMMIT done; the CSV copy of the dataset is being written in the background
con.close()
store.flush_exports()
Path(done).touch()
"""


# `seeded_file` is conftest's: the embedded data without its editions (the big imports replace every assembly).


def fresh_copy(seeded_file: Path, path: Path) -> Path:
    shutil.copy(seeded_file, path)
    return path


def state(db: Path) -> dict:
    """Reopen as the next program would and read what matters: every table of every dataset, the
    history, the snapshot tables."""
    con = store.connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        dataset_tables = [t for names in (d.tables for d in DATASETS.values()) for t in names]
        return {
            **{t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in dataset_tables},
            "imports": con.execute("SELECT id, dataset, file_name, rows, outcome FROM imports ORDER BY id").fetchall(),
            "snapshots": sorted(t for t in tables if t.startswith("snap_")),
        }
    finally:
        con.close()


def copy_state(db: Path) -> dict:
    """The CSV copies next to the base: the assemblies copy's bytes (None if absent), the recorded versions,
    and temporary files a killed writer left."""
    folder = store.exports_dir(db)
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    copy = folder / "assemblies.csv"
    return {"assemblies": copy.read_bytes() if copy.exists() else None,
            "versions": store.export_versions(folder),
            "temporaries": [f for f in files if ".tmp-" in f],
            "others": [f for f in files if ".tmp-" not in f and f not in ("assemblies.csv", store.EXPORT_VERSIONS)]}


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
    assert len(before["assemblies"]) == 19 and len(before["imports"]) == 3
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
    assert after == before  # the 19 seeded assemblies, no record of the killed import, no snapshot of it
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
    run = {name: workdir / name for name in ("started", "committing", "committed", "done")}
    run.update(db=db, t0=None)
    run["proc"] = subprocess.Popen([sys.executable, str(script), str(db), str(pickled), str(run["started"]),
                                    str(run["committing"]), str(run["committed"]), str(run["done"])], cwd=ROOT,
                                   stderr=subprocess.PIPE, text=True)
    return run


def crash_drill(seeded_file: Path, pickled: Path, workdir: Path, trials: int, parallel: int,
                seed: int | None = None) -> dict:
    """Kill `trials` imports of the pickled upload with SIGKILL, `parallel` at a time, each at a random moment
    of its life, and check every base. Two thirds of the moments are spread over the import itself and a little
    beyond (0 to 1.5 x the time to its COMMIT), the others over what follows the COMMIT (the CSV copy being read,
    made and written, up to the exit), one moment in each slice. Returns the figures."""
    script = workdir / "big_import.py"
    script.write_text(BIG_IMPORT, encoding="utf-8")
    old = state(fresh_copy(seeded_file, workdir / "old.duckdb"))

    # imports left to finish: the complete new state, its copy, and how long each part takes (the quickest
    # of two runs: the first one also warms the caches the trials will find warm)
    timings = []
    for attempt in range(2):
        complete = workdir / f"complete{attempt}"
        complete.mkdir()
        run = start_big_import(script, fresh_copy(seeded_file, complete / "acp.duckdb"), pickled, complete)
        try:
            wait_for(run["started"], run["proc"])
            t0 = time.monotonic()
            wait_for(run["committing"], run["proc"], timeout=120)
            committed = time.monotonic() - t0
            assert run["proc"].wait(timeout=120) == 0, run["proc"].stderr.read()
            timings.append((committed, time.monotonic() - t0))
        finally:
            kill(run["proc"])
    to_commit, to_exit = min(t[0] for t in timings), max(t[1] for t in timings)
    new, new_copy = state(complete / "acp.duckdb"), copy_state(complete / "acp.duckdb")
    assert new["imports"][-1][:4] == (4, "assemblies", "grand_import.csv", BIG_ROWS)
    assert new_copy["assemblies"] and new_copy["versions"]["assemblies"]["import"] == 4
    assert new_copy["temporaries"] == new_copy["others"] == []

    seed = random.randrange(10**6) if seed is None else seed
    rng = random.Random(seed)
    runs = []
    for trial in range(trials):
        trial_dir = workdir / f"trial{trial}"
        trial_dir.mkdir()
        inside = -(-2 * trials // 3)  # ceil(2/3 of the trials)
        if trial < inside:
            moment = 1.5 * to_commit * (trial + rng.random()) / inside
        else:
            moment = to_commit + (to_exit - to_commit) * (trial - inside + rng.random()) / (trials - inside)
        runs.append({"trial": trial, "dir": trial_dir, "moment": moment})
    for start in range(0, trials, parallel):
        batch = runs[start:start + parallel]
        for r in batch:
            r.update(start_big_import(script, fresh_copy(seeded_file, r["dir"] / "acp.duckdb"), pickled, r["dir"]))
        _kill_at_moments(batch)

    figures = {"seed": seed, "to_commit": to_commit, "to_exit": to_exit, "trials": trials, "before_commit": 0,
               "after_commit": 0, "copy_whole": 0, "copy_missing": 0, "temporaries": 0, "outcomes": []}
    for r in runs:
        where = f"seed {seed}, trial {r['trial']} (killed at {r['moment']:.2f} s)"
        after, copy = state(r["db"]), copy_state(r["db"])
        assert copy["others"] == [], where
        figures["temporaries"] += bool(copy["temporaries"])
        if after == old:  # killed before the COMMIT: the old rows, no record, no copy of the import
            figures["before_commit"] += 1
            figures["outcomes"].append("old")
            assert not r["committed_at_kill"], f"{where}: the COMMIT was done, yet the import is not there"
            assert copy["assemblies"] is None and copy["versions"] == {}, f"{where}: a copy of uncommitted data"
            continue
        figures["after_commit"] += 1
        figures["outcomes"].append("new")
        for key in new:  # every dataset table, the history, the snapshots: exactly the complete import's
            assert after[key] == new[key], f"{where}: {key} is neither the old nor the new one"
        if copy["assemblies"] is None:
            figures["copy_missing"] += 1
            assert copy["versions"].get("assemblies") is None, where
        else:  # never a partial copy: os.replace gives the old file or the new one
            figures["copy_whole"] += 1
            assert copy["assemblies"] == new_copy["assemblies"], f"{where}: a partial CSV copy"
        stale = copy["assemblies"] is None or copy["versions"].get("assemblies", {}).get("import") != 4
        if stale or copy["temporaries"]:
            con = store.connect(r["db"])  # what the app does when it opens the base: complete the copies
            try:
                assert ("assemblies" in store.refresh_exports(con)) == stale, where
            finally:
                con.close()
            assert store.flush_exports(120), where
            healed = copy_state(r["db"])
            assert healed["assemblies"] == new_copy["assemblies"] and healed["temporaries"] == [], where
    return figures


def _kill_at_moments(batch: list[dict]) -> None:
    deadline = time.monotonic() + 120
    try:
        pending = list(batch)
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
                    run["committed_at_kill"] = run["committed"].exists()
                    kill(run["proc"])
                    pending.remove(run)
            time.sleep(0.002)
    finally:
        for run in batch:
            kill(run["proc"])


def describe(figures: dict) -> str:
    return (f"seed {figures['seed']}: import to COMMIT {figures['to_commit']:.2f} s, to exit (CSV copy written) "
            f"{figures['to_exit']:.2f} s; {figures['trials']} kills: {figures['before_commit']} before the COMMIT "
            f"(old data whole), {figures['after_commit']} after it (new data whole; CSV copy whole "
            f"{figures['copy_whole']}, not yet written {figures['copy_missing']}); temporary copy files left "
            f"{figures['temporaries']} (removed by the next writer)")


def test_large_import_killed_at_random_moments_is_all_or_nothing(seeded_file, big_upload, tmp_path):
    figures = crash_drill(seeded_file, big_upload, tmp_path, trials=5, parallel=5)
    print(describe(figures))
    # the kills did land inside imports (else this test proves nothing)
    assert figures["before_commit"] >= 1, describe(figures)
