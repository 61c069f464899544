"""Issue 16: an import's commit reaching the data repository (a local bare repository), the delay after the import's
COMMIT, as a ratio to git itself doing the same by hand.

- the delay: `store.apply_upload` of an assemblies file of the seeded base's size (its COMMIT, then the copy queued:
  the clock starts when it returns) until the bare repository's branch holds the commit naming that import (its
  ref file polled every 2 ms). In between, in the background: the canonical CSV copy written, `git add`, `git
  commit`, `git push` (acp.store.datarepo). Imports one after the other, each once the previous one is pushed;
- the reference: the same CSV written into a plain clone of another bare repository, then `git add`, `git commit`,
  `git push`, timed from the command line (three processes, as the store runs them).
"""
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acp import export, store
from acp.ingest import read_upload
from acp.store import datarepo

from benchlib import md_table, median

IMPORTS = 10


def git(*args, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60).stdout


def _ref(bare: Path) -> str:
    try:
        return (bare / "refs" / "heads" / "main").read_text().strip()
    except OSError:
        return ""


@pytest.fixture
def isolated_git(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    yield
    datarepo.forget()


def test_commit_reaches_the_remote(report, tmp_path, monkeypatch, isolated_git):
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", "-b", "main", str(bare))
    monkeypatch.setenv("ACP_DATA_REPO", str(bare))
    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db)
    delays, csvs = [], []
    try:
        # the first write creates the clone (init, fetch): not measured
        frame = store.dataset_frame(con, "assemblies")
        store.apply_upload(con, read_upload("assemblies", "a.csv", export.to_csv_bytes(frame), {}), by="bench")
        assert store.flush_exports(60) and datarepo.wait_pushed(db, 60) == 0
        for i in range(IMPORTS):
            frame.loc[0, "Nom"] = f"Assemblée {i}"
            data = export.to_csv_bytes(frame)
            csvs.append(data)
            upload = read_upload("assemblies", f"a{i}.csv", data, store.ingest_context(con))
            before = _ref(bare)
            number = store.apply_upload(con, upload, by="bench")
            committed = time.perf_counter()
            while _ref(bare) == before and time.perf_counter() - committed < 60:
                time.sleep(0.002)
            delays.append(time.perf_counter() - committed)
            subject = git("--git-dir", str(bare), "log", "-1", "--format=%s", "main")
            assert subject.startswith(f"assemblies : import n° {number} "), subject
            assert store.flush_exports(60) and datarepo.wait_pushed(db, 60) == 0
    finally:
        con.close()

    reference = []
    other = tmp_path / "other.git"
    git("init", "-q", "--bare", "-b", "main", str(other))
    work = tmp_path / "work"
    git("clone", "-q", str(other), str(work))
    git("config", "user.name", "bench", cwd=work)
    git("config", "user.email", "bench@example.invalid", cwd=work)
    for i, data in enumerate(csvs):
        start = time.perf_counter()
        (work / "assemblies.csv").write_bytes(data)
        git("add", "assemblies.csv", cwd=work)
        git("commit", "-q", "--allow-empty", "-m", f"import {i}", cwd=work)
        git("push", "-q", "origin", "HEAD:main", cwd=work)
        reference.append(time.perf_counter() - start)

    ms = [d * 1000 for d in delays]
    ratio = median(delays) / median(reference)
    report.section(8, "Data repository: an import's commit reaching the remote", md_table(
        ["figure", "value"],
        [["imports", f"{IMPORTS} of {len(frame)} assemblies ({len(csvs[0]) // 1024} KB of CSV), one after the other"],
         ["delay after the COMMIT, median", f"{median(ms):.0f} ms"],
         ["delay, min / max", f"{min(ms):.0f} / {max(ms):.0f} ms"],
         ["git add + commit + push by hand, median", f"{median(reference) * 1000:.0f} ms"],
         ["ratio", f"**{ratio:.2f}**"]]) + [
        "",
        "The delay runs from `store.apply_upload`'s return (its COMMIT done, the CSV copy queued) until the bare "
        "repository's branch (a local path, no network) holds the commit naming that import: the copy written in "
        "the background, then `git add`, `git commit`, `git push` in the clone next to the base, each a process. "
        "The reference is the same three git commands on the same CSV in a plain clone. Over the network, add "
        "the push's round trips."])
    print(f"data repository: median {median(ms):.0f} ms, reference {median(reference) * 1000:.0f} ms, "
          f"ratio {ratio:.2f}", file=sys.stderr)
