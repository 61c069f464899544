"""Issue 7, crash drills, long form (`make bench`; the short form runs in `make test`).

1. 20 imports of 20,000 assemblies killed with SIGKILL at random moments, one at a time so that
   the moments fall where they are meant to (tests/test_crash.py's `crash_drill`: every table of
   every dataset, the history, the snapshots and the CSV copy are either the old ones or the new
   ones, whole). Prints how many kills landed before and after the COMMIT.
2. A full disk at many points of an import: the same import with a file size limit swept from
   nothing to enough. Every run either fails with the French sentence and leaves the old data and
   history whole, or succeeds and leaves the new ones whole; never anything else.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from acp import store  # noqa: E402

import test_crash  # noqa: E402
from test_crash import big_upload, seeded_file  # noqa: E402,F401  (fixtures)

TRIALS = 20
LIMITS = 16  # file size limits swept, from the base's own size to enough for the whole import


def test_twenty_imports_killed_at_random_moments(seeded_file, big_upload, tmp_path):  # noqa: F811 (the fixtures imported above)
    figures = test_crash.crash_drill(seeded_file, big_upload, tmp_path, trials=TRIALS, parallel=1)
    print("\nSIGKILL drill: " + test_crash.describe(figures))
    print("outcomes in the order of the kill moments: " + " ".join(figures["outcomes"]))
    assert figures["before_commit"] + figures["after_commit"] == TRIALS
    assert figures["before_commit"] >= 1 and figures["after_commit"] >= 1, test_crash.describe(figures)


LIMITED_IMPORT = f"""
import pickle, resource, signal, sys
from pathlib import Path
sys.path.insert(0, {str(TESTS.parent)!r})
from acp import store

db, pickled, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
upload = pickle.loads(Path(pickled).read_bytes())
con = store.connect(db)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    print(store.apply_upload(con, upload))
except store.StoreError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
"""


def test_a_full_disk_at_every_point_of_an_import(seeded_file, big_upload, tmp_path):  # noqa: F811 (the fixtures imported above)
    script = tmp_path / "limited_import.py"
    script.write_text(LIMITED_IMPORT, encoding="utf-8")
    old = test_crash.state(test_crash.fresh_copy(seeded_file, tmp_path / "old.duckdb"))
    complete = test_crash.fresh_copy(seeded_file, tmp_path / "complete.duckdb")
    assert subprocess.run([sys.executable, str(script), str(complete), str(big_upload), str(resource.RLIM_INFINITY)],
                          capture_output=True, text=True, timeout=300).returncode == 0
    new = test_crash.state(complete)
    base = seeded_file.stat().st_size
    # how much the import needs beyond the base, the log included: the sweep goes from 0 to 1.5 times that
    need = max(complete.stat().st_size - base, 1_000_000)
    refused, done = [], []
    for step in range(LIMITS):
        extra = int(1.5 * need * step / (LIMITS - 1))
        db = test_crash.fresh_copy(seeded_file, tmp_path / f"limit{step}.duckdb")
        run = subprocess.run([sys.executable, str(script), str(db), str(big_upload), str(base + extra)],
                             capture_output=True, text=True, timeout=300)
        after = test_crash.state(db)
        where = f"limit: base + {extra:,} bytes"
        if run.returncode == 1:
            assert "Traceback" not in run.stderr, f"{where}: {run.stderr}"
            assert run.stderr.strip().startswith("Écriture impossible dans la base : le disque est plein"), where
            assert after == old, f"{where}: refused, yet the data or the history changed"
            assert not store.exports_dir(db).exists(), where
            refused.append(extra)
        else:
            assert run.returncode == 0, f"{where}: {run.stderr}"
            assert after == new, f"{where}: done, yet the data is not the new one"
            done.append(extra)
        for leftover in (db, Path(f"{db}.wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(store.exports_dir(db), ignore_errors=True)
    print(f"\nfull-disk sweep: import of {test_crash.BIG_ROWS:,} rows needs about {need:,} bytes more than the "
          f"base ({base:,}); {len(refused)} limits refused cleanly (old data whole): "
          f"{', '.join(f'+{x:,}' for x in refused)}; {len(done)} enough (new data whole): "
          f"{', '.join(f'+{x:,}' for x in done)}")
    assert refused and done
