"""The datasets kept in a git repository (acp.store.datarepo), with real git against local bare repositories.

git's global and system configuration are set aside (HOME in tmp_path, GIT_CONFIG_GLOBAL=/dev/null): the clone's
own configuration signs the commits.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acp import export, store
from acp.ingest import read_upload
from acp.schema import ASSEMBLIES
from acp.store import datarepo, gitcli, process

from support import ROOT


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture
def remote(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("ACP_DATA_TOKEN", raising=False)
    monkeypatch.delenv("ACP_DATA_BRANCH", raising=False)
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", "-b", "main", str(bare))
    monkeypatch.setenv("ACP_DATA_REPO", str(bare))
    monkeypatch.setattr(datarepo, "MAX_DELAY", 0.5)  # retries every half second at most in tests
    yield bare
    store.flush_exports(60)
    datarepo.wait_pushed(tmp_path / "acp.duckdb", 5)
    datarepo.forget()


def commits(bare: Path, branch: str = "main") -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(bare), "log", "--format=%s", branch], capture_output=True,
                         text=True, timeout=60)
    return out.stdout.splitlines() if out.returncode == 0 else []


def blob(bare: Path, ref: str, name: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(bare), "show", f"{ref}:{name}"], check=True,
                          capture_output=True, timeout=60).stdout


def changed_upload(con, i: int):
    frame = store.dataset_frame(con, "assemblies")
    frame.loc[0, "Nom"] = f"Assemblée témoin {i}"
    return read_upload("assemblies", f"assemblees-{i}.csv", export.to_csv_bytes(frame), store.ingest_context(con))


def settle(db: Path, timeout: float = 60) -> int:
    assert store.flush_exports(timeout)
    return datarepo.wait_pushed(db, timeout)


def test_twenty_imports_give_twenty_commits_that_reimport_to_the_same_data(db, remote):
    con = store.connect(db)
    expected = []
    try:
        for i in range(20):
            number = store.apply_upload(con, changed_upload(con, i), by="alice")
            expected.append((number, export.to_csv_bytes(export.labelled(store.read_table(con, "assemblies"),
                                                                         ASSEMBLIES))))
            assert store.flush_exports(60)  # in the app two quick imports may overlap: each keeps its commit
        assert settle(db) == 0
        subjects = commits(remote)
        assert len(subjects) == 20
        for k, (number, csv) in enumerate(reversed(expected)):
            assert subjects[k].startswith(f"assemblies : import n° {number} par alice, 19 lignes")
            assert blob(remote, f"main~{k}", "assemblies.csv") == csv
        # the repository's CSV, imported again, is the stored data to the last field
        again = read_upload("assemblies", "assemblies.csv", blob(remote, "main", "assemblies.csv"), {})
        assert again.ok
        assert store.import_changes(con, store.apply_upload(con, again, by="alice"))["same"] is True
        assert settle(db) == 0
    finally:
        con.close()
    status = datarepo.status(db)
    assert status["pending"] == [] and status["error"] is None and status["pushed"]["subject"] == commits(remote)[0]
    assert git("config", "--local", "user.name", cwd=datarepo.clone_dir(db)).strip() == "Tableau de bord ACP"


def test_imports_while_the_remote_is_unreachable_are_all_pushed_once_it_is_back(db, remote):
    away = remote.with_name("away.git")
    con = store.connect(db)
    try:
        store.apply_upload(con, changed_upload(con, 0), by="bob")
        assert settle(db) == 0
        remote.rename(away)
        for i in range(1, 6):
            store.apply_upload(con, changed_upload(con, i), by="bob")
        assert store.flush_exports(60)
        assert datarepo.wait_pushed(db, 1.5) == 5  # retried meanwhile, never lost
        status = datarepo.status(db)
        assert len(status["pending"]) == 5 and status["error"] and status["attempts"] >= 1
        away.rename(remote)
        assert datarepo.wait_pushed(db, 30) == 0
    finally:
        con.close()
    assert len(commits(remote)) == 6
    assert datarepo.status(db)["error"] is None


def test_a_push_killed_between_commit_and_push_is_completed_at_the_next_start(db, remote, tmp_path):
    script = tmp_path / "kill.py"  # imports, commits, then dies before any push could reach the remote
    script.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from acp import store, export\n"
        "from acp.store import datarepo\n"
        "datarepo.request_push = lambda base=None: None\n"
        "from acp.ingest import read_upload\n"
        f"con = store.connect({str(db)!r})\n"
        "frame = store.dataset_frame(con, 'assemblies')\n"
        "frame.loc[0, 'Nom'] = 'Tuée avant le push'\n"
        "up = read_upload('assemblies', 'a.csv', export.to_csv_bytes(frame), store.ingest_context(con))\n"
        "store.apply_upload(con, up, by='carol')\n"
        "store.flush_exports(60)\n"
        "os._exit(9)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    assert commits(remote) == []
    assert re.match(r"assemblies : import n° \d+ par carol", datarepo.status(db)["pending"][0])
    datarepo.resume(db)  # what the app (store.process) and every writing command do when they start
    assert datarepo.wait_pushed(db, 30) == 0
    assert re.match(r"assemblies : import n° \d+ par carol", commits(remote)[0])


def test_a_copy_written_but_not_committed_is_committed_at_the_next_start(db, remote, monkeypatch):
    con = store.connect(db)
    try:
        store.apply_upload(con, changed_upload(con, 1), by="dan")
        assert settle(db) == 0
        with monkeypatch.context() as patched:
            patched.setattr(datarepo, "commit_copy", lambda *a: None)  # killed between its copy and its commit
            store.apply_upload(con, changed_upload(con, 2), by="dan")
            assert store.flush_exports(60)
    finally:
        con.close()
    assert len(commits(remote)) == 1
    datarepo.resume(db)
    assert datarepo.wait_pushed(db, 30) == 0
    assert commits(remote)[0].startswith("rattrapage")
    assert blob(remote, "main", "assemblies.csv") == (store.exports_dir(db) / "assemblies.csv").read_bytes()
    datarepo.resume(db)  # nothing more to catch up: no commit
    assert datarepo.wait_pushed(db, 30) == 0 and len(commits(remote)) == 2


def test_an_empty_disk_and_the_repository_give_back_the_last_state(db_with_editions, remote, tmp_path):
    db = db_with_editions  # every dataset in the base, as `make run` builds it
    con = store.connect(db)
    try:
        for i in range(3):
            store.apply_upload(con, changed_upload(con, i), by="eve")
        assert settle(db) == 0
        before = {d: export.to_csv_bytes(store.dataset_frame(con, d)) for d in store.BUILD_ORDER}
    finally:
        con.close()
    fresh = tmp_path / "empty-disk" / "acp.duckdb"
    assert store.build_source(fresh) == "repo"
    con = store.connect(fresh)
    try:
        after = {d: export.to_csv_bytes(store.dataset_frame(con, d)) for d in before}
        by = set(store.history(con)["imported_by"])
    finally:
        con.close()
    assert after == before
    assert by == {datarepo.FROM_REPO_BY}
    pushed = commits(remote)

    def start(base: Path) -> list[str]:
        """The app's start on `base`: its copies written, committed when the repository lacks them; the new commits."""
        process.connection(base)
        try:
            assert store.flush_exports(60)
            datarepo.resume(base)
            assert datarepo.wait_pushed(base, 30) == 0
        finally:
            process.drop()
        return commits(remote)[: len(commits(remote)) - len(pushed)]

    # the repository had only the assemblies (the only dataset written since): the embedded survey and sessions
    # the base was completed with are committed, the assemblies' copy is the repository's own file
    assert sorted(subject.split(" ")[0] for subject in start(fresh)) == sorted(
        d for d in store.SEED_FILES if d != "assemblies" and (store.SEED_DIR / store.SEED_FILES[d]).is_file())
    pushed = commits(remote)
    again = tmp_path / "another-empty-disk" / "acp.duckdb"
    assert store.build_source(again) == "repo"
    assert start(again) == []  # a base built from a complete repository adds no commit


def test_the_seed_command_builds_from_the_repository_and_refuses_bad_content_whole(db, remote, tmp_path):
    con = store.connect(db)
    try:
        store.apply_upload(con, changed_upload(con, 7), by="fay")
        assert settle(db) == 0
    finally:
        con.close()
    fresh = tmp_path / "new" / "acp.duckdb"
    done = subprocess.run([sys.executable, "-m", "acp", "seed", "--db", str(fresh)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "depuis le dépôt de données" in done.stdout
    # someone breaks the repository's file by hand: the base is not built, not even half
    work = tmp_path / "work"
    git("clone", "-q", str(remote), str(work))
    git("config", "user.name", "t", cwd=work)
    git("config", "user.email", "t@t", cwd=work)
    (work / "assemblies.csv").write_text("Identifiant;Nom\n;\n;sans identifiant\n", encoding="utf-8")
    git("commit", "-qam", "cassé", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    broken = tmp_path / "broken" / "acp.duckdb"
    done = subprocess.run([sys.executable, "-m", "acp", "seed", "--db", str(broken)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "Reconstruction impossible : assemblies.csv (le dépôt de données) ne se relit pas" in done.stderr
    assert not broken.exists() and not list(broken.parent.glob("acp.duckdb.building*"))


def test_an_unreachable_repository_without_a_clone_builds_nothing(remote, tmp_path, monkeypatch):
    monkeypatch.setenv("ACP_DATA_REPO", str(tmp_path / "nowhere.git"))
    target = tmp_path / "x" / "acp.duckdb"
    with pytest.raises(store.StoreError, match="injoignable"):
        store.build_if_missing(target)
    assert not target.exists()


def test_an_empty_repository_builds_from_the_embedded_data_then_receives_it(remote, tmp_path):
    target = tmp_path / "acp.duckdb"
    assert store.build_source(target) == "seed"
    process.connection(target)  # the app's start: copies, then their commits and push
    try:
        assert store.flush_exports(60)
        deadline = time.monotonic() + 30
        seeded = len(store.history(process.cursor(target)))  # one commit per dataset the embedded data fills
        while len(commits(remote)) < seeded and time.monotonic() < deadline:
            datarepo.wait_pushed(target, 1)
        assert len(commits(remote)) == seeded
    finally:
        process.drop()


def test_the_command_line_waits_for_its_push_or_says_it_is_pending(db, remote, tmp_path):
    csv = tmp_path / "a.csv"
    con = store.connect(db)
    try:
        csv.write_bytes(export.to_csv_bytes(store.dataset_frame(con, "assemblies")))
    finally:
        con.close()
    run = [sys.executable, "-m", "acp", "import", "assemblies", str(csv), "--db", str(db), "--by", "gus"]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Données enregistrées dans le dépôt" in done.stderr
    assert re.match(r"assemblies : import n° \d+ par gus", commits(remote)[0])
    remote.rename(remote.with_name("gone.git"))
    done = subprocess.run(run + ["--lang", "fr"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "ACP_DATA_PUSH_WAIT": "1"})
    assert done.returncode == 0 and "en attente" in done.stderr


def test_credentials_are_never_stored_nor_shown(tmp_path, monkeypatch):
    monkeypatch.setenv("ACP_DATA_REPO", "https://x-access-token:s3cr3t-t0ken@example.invalid/acp/data.git")
    remote = gitcli.configured()
    assert remote.url == "https://example.invalid/acp/data.git" and remote.secret == "x-access-token:s3cr3t-t0ken"
    assert "s3cr3t" not in " ".join(remote.env().get(f"GIT_CONFIG_KEY_{i}", "") for i in range(3))
    text = gitcli.scrub("fatal: https://x-access-token:s3cr3t-t0ken@example.invalid/ refused s3cr3t-t0ken", remote)
    assert "s3cr3t" not in text and "***" in text
    monkeypatch.setenv("ACP_DATA_TOKEN", "tok-4567")
    assert "tok-4567" not in gitcli.scrub("could not use tok-4567", None)


def test_commits_pushed_elsewhere_are_kept_in_the_history_and_the_base_stays_the_data(db, remote, tmp_path):
    con = store.connect(db)
    try:
        store.apply_upload(con, changed_upload(con, 1), by="hal")
        assert settle(db) == 0
        work = tmp_path / "elsewhere"
        git("clone", "-q", str(remote), str(work))
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "d'ailleurs", cwd=work)
        git("push", "-q", "origin", "HEAD:main", cwd=work)
        store.apply_upload(con, changed_upload(con, 2), by="hal")
        assert settle(db) == 0
        ours = (store.exports_dir(db) / "assemblies.csv").read_bytes()
    finally:
        con.close()
    subjects = commits(remote)
    assert subjects[0].startswith("fusion") and "d'ailleurs" in subjects
    assert blob(remote, "main", "assemblies.csv") == ours
    assert datarepo.status(db)["merged_at"]


def test_without_git_the_write_stays_and_the_error_is_shown(db, remote, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no git on this host
    con = store.connect(db)
    try:
        number = store.apply_upload(con, changed_upload(con, 3), by="ivy")
        assert store.flush_exports(60)
        assert store.history(con).iloc[0]["id"] == number  # the write is there, whatever git does
    finally:
        con.close()
    assert "git" in (datarepo.status(db)["error"] or "")
