"""The datasets kept in a git repository (optional: `ACP_DATA_REPO`, branch `ACP_DATA_BRANCH`, default main).

After every write, once its CSV copy is written (acp.store.copies, in the background), the copy is committed into a
local clone next to the base (`<base>.datarepo/<dataset>.csv`): one commit per write, its message naming the import,
the dataset, who and the row count. A push follows in a background thread; a failed one is retried with a growing
delay (1 s, 2 s, 4 s… up to 5 min) as long as the process lives, and again at the next start (`resume`): what is not
pushed yet is simply the clone's commits ahead of the remote's branch, so nothing is lost when a process is killed
between its commit and its push. A push never blocks nor undoes the write. When the remote's branch has moved on
without us (someone pushed there), it is merged keeping our files (`git merge -s ours`): its commits stay in the
history, the base's data stays the data. The coordination area shows `status()`; errors are scrubbed of credentials.

When the base is missing, `latest_files` gives the repository's newest CSVs to build it from (acp.store.build).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..messages import M_
from ..schema import DATASETS
from . import gitcli
from .connection import StoreError, db_path
from .gitcli import GitError, Remote, configured, scrub

_log = logging.getLogger(__name__)
FROM_REPO_BY = "construction (dépôt de données)"  # who the imports of a base built from the repository are by
MAX_DELAY = 300.0
_STATE = "acp-state.json"
_LOCK = threading.RLock()           # the push queue below (never held during a git command)
_CLONE_LOCK = threading.RLock()     # git commands on a clone, one at a time in this process
_CHANGED = threading.Condition(_LOCK)
_COMMITTED: set[str] = set()        # bases this process has committed a write of
_WANTED: dict[str, Remote] = {}   # base -> remote, a push is wanted
_RUNNING: set[str] = set()        # a push of that base is under way
_WAKE = threading.Event()
_pusher: threading.Thread | None = None


def clone_dir(base: str | os.PathLike | None = None) -> Path:
    return Path(f"{db_path(base)}.datarepo")


# ---------------------------------------------------------------- the clone


@contextmanager
def _locked(clone: Path):
    """One git operation at a time on this clone, across threads and processes (the app and a command)."""
    clone.parent.mkdir(parents=True, exist_ok=True)
    with _CLONE_LOCK, open(clone.with_name(f"{clone.name}.lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare(clone: Path, remote: Remote) -> None:
    """A clone at `clone` whose origin is the remote (without credentials) and whose commits are signed by the
    dashboard; on creation the remote's branch is fetched and checked out (an unreachable remote is retried at push)."""
    if (clone / ".git").is_dir():
        origin = gitcli.run(clone, remote, "remote", "get-url", "origin", check=False)
        if origin.returncode == 0:
            if origin.stdout.strip() != remote.url:
                gitcli.run(clone, remote, "remote", "set-url", "origin", remote.url)
            return
    else:  # a clone whose making was cut short (no origin yet) is made again from here
        clone.mkdir(parents=True, exist_ok=True)
        gitcli.run(clone, remote, "init", "-q", "-b", remote.branch)
    gitcli.run(clone, remote, "remote", "add", "origin", remote.url)
    for key, value in (("user.name", "Tableau de bord ACP"), ("user.email", "tableau-de-bord@acp.invalid"),
                       ("commit.gpgsign", "false"), ("core.autocrlf", "false"), ("core.hooksPath", "/dev/null")):
        gitcli.run(clone, remote, "config", "--local", key, value)
    try:
        if _fetch(clone, remote):
            gitcli.run(clone, remote, "reset", "-q", "--hard", f"refs/remotes/origin/{remote.branch}")
    except GitError as exc:
        _record(clone, error=str(exc))


def _fetch(clone: Path, remote: Remote) -> bool:
    """Fetch the remote's branch; False when the remote has no such branch yet (a new, empty repository)."""
    done = gitcli.run(clone, remote, "fetch", "-q", "--no-tags", "origin",
                      f"+refs/heads/{remote.branch}:refs/remotes/origin/{remote.branch}",
                      timeout=gitcli.NETWORK_TIMEOUT, check=False)
    if done.returncode == 0:
        return True
    if "couldn't find remote ref" in done.stderr.lower():
        return False
    raise GitError(scrub(f"git fetch: {done.stderr.strip() or done.returncode}", remote))


def _has(clone: Path, remote: Remote, ref: str) -> bool:
    return gitcli.run(clone, remote, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).returncode == 0


def _pending(clone: Path, remote: Remote) -> int:
    if not _has(clone, remote, "HEAD"):
        return 0
    upstream = f"refs/remotes/origin/{remote.branch}"
    span = f"{upstream}..HEAD" if _has(clone, remote, upstream) else "HEAD"
    return int(gitcli.out(clone, remote, "rev-list", "--count", span) or 0)


def _state(clone: Path) -> dict:
    try:
        state = json.loads((clone / ".git" / _STATE).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


_UNRECORDED: dict[str, dict] = {}  # clone -> the state a clone that could not be made could not keep


def _record(clone: Path, **changes) -> None:
    if not (clone / ".git").is_dir():  # git missing, the folder not writable…: kept in memory, shown all the same
        state = _UNRECORDED.setdefault(str(clone), {})
        state.update(changes, **({"error_at": _now()} if changes.get("error") else {}))
        return
    try:
        state = {**_state(clone), **changes}
        if "error" in changes:
            state["error_at"] = _now() if changes["error"] else None
        (clone / ".git" / _STATE).write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        _log.warning("état du dépôt de données non enregistré : %s", exc)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# ---------------------------------------------------------------- commits (the copies' writer thread)


def note(con, dataset: str) -> dict | None:
    """What the newest write of `dataset` was (its row in `imports`), for its commit's message; None when no data
    repository is configured (nothing to commit). Called under the write lock, just after the COMMIT."""
    if configured() is None:
        return None
    row = con.execute("SELECT id, file_name, imported_by, rows, outcome, restores, note FROM imports "
                      "WHERE dataset = ? ORDER BY id DESC LIMIT 1", [dataset]).fetchone()
    if row is None:
        return None
    return dict(zip(("id", "file", "by", "rows", "outcome", "restores", "note"), row), dataset=dataset)


def message(info: dict) -> str:
    """The commit's message (French, like the history): subject, then one line a field."""
    what = {"rollback": f"retour à l'état d'avant l'import n° {info.get('restores')}",
            "proposal": "proposition validée"}.get(info.get("outcome"), "import")
    subject = f"{info['dataset']} : import n° {info['id']} par {info.get('by') or '?'}, {info.get('rows')} lignes"
    body = [f"import n° {info['id']}", f"jeu de données : {info['dataset']}", f"par : {info.get('by') or '?'}",
            f"lignes : {info.get('rows')}", f"nature : {what}"]
    body += [f"fichier : {info['file']}"] if info.get("file") else []
    body += [f"note : {info['note']}"] if info.get("note") else []
    return subject + "\n\n" + "\n".join(body) + "\n"


def commit_copy(folder: Path, dataset: str, info: dict | None) -> None:
    """The CSV copy of `dataset` just written in `folder` (`<base>.exports`), committed into the clone, then a push
    requested. Never raises: a failure is logged and shown in the coordination area; the write stays."""
    remote = configured()
    if remote is None or info is None:
        return
    base = Path(str(folder)[: -len(".exports")])
    clone = clone_dir(base)
    try:
        with _locked(clone):
            _prepare(clone, remote)
            shutil.copyfile(folder / f"{dataset}.csv", clone / f"{dataset}.csv")
            gitcli.run(clone, remote, "add", "--", f"{dataset}.csv")
            empty = ["--allow-empty"] if info.get("by") != FROM_REPO_BY else []
            if empty or gitcli.run(clone, remote, "diff", "--cached", "--quiet", check=False).returncode:
                gitcli.run(clone, remote, "commit", "-q", "--no-verify", *empty, "-m", message(info))
                _COMMITTED.add(str(db_path(base)))
    except (GitError, OSError) as exc:
        _log.warning("copie de %s non enregistrée dans le dépôt de données : %s", dataset, scrub(str(exc), remote))
        _record(clone, error=scrub(str(exc), remote))
        return
    request_push(base)


def resume(base: str | os.PathLike | None = None) -> None:
    """At a start: commit the copies the clone lacks (a process killed between its copy and its commit) and push
    what is not pushed yet, in the background. Never raises, never waits."""
    remote = configured()
    if remote is None:
        return
    target = db_path(base)
    folder, clone = Path(f"{target}.exports"), clone_dir(target)
    try:
        with _locked(clone):
            _prepare(clone, remote)
            for dataset in DATASETS:
                if (folder / f"{dataset}.csv").is_file():
                    shutil.copyfile(folder / f"{dataset}.csv", clone / f"{dataset}.csv")
                    gitcli.run(clone, remote, "add", "--", f"{dataset}.csv")
            if gitcli.run(clone, remote, "diff", "--cached", "--quiet", check=False).returncode:
                gitcli.run(clone, remote, "commit", "-q", "--no-verify", "-m",
                           "rattrapage : copies écrites mais pas encore enregistrées dans le dépôt\n")
    except (GitError, OSError) as exc:
        _log.warning("dépôt de données non repris : %s", scrub(str(exc), remote))
        _record(clone, error=scrub(str(exc), remote))
    request_push(target)


# ---------------------------------------------------------------- pushes (a background thread)


def request_push(base: str | os.PathLike | None = None) -> None:
    """Have the clone's new commits pushed in the background (retried with a growing delay until they are)."""
    global _pusher
    remote = configured()
    if remote is None:
        return
    with _LOCK:
        _WANTED[str(db_path(base))] = remote
        _WAKE.set()
        if _pusher is None:
            _pusher = threading.Thread(target=_push_loop, name="acp-datarepo-push", daemon=True)
            _pusher.start()


def forget() -> None:
    """Stop wanting any push in this process (tests; the next `resume` or write asks again)."""
    with _LOCK:
        _WANTED.clear()
        _WAKE.set()


def _push_loop() -> None:
    global _pusher
    delay = 0.0
    while True:
        with _LOCK:
            _WAKE.clear()
            if not _WANTED:
                _pusher = None
                _CHANGED.notify_all()
                return
            jobs = list(_WANTED.items())
            _WANTED.clear()
            _RUNNING.update(base for base, _ in jobs)
        failed = False
        for base, remote in jobs:
            try:
                push(base, remote)
            except (GitError, OSError) as exc:
                failed = True
                with _LOCK:
                    _WANTED.setdefault(base, remote)
                _log.warning("envoi au dépôt de données en échec (nouvel essai dans %.0f s) : %s",
                             min(max(2 * delay, 1.0), MAX_DELAY), exc)
            finally:
                with _LOCK:
                    _RUNNING.discard(base)
                    _CHANGED.notify_all()
        delay = min(max(2 * delay, 1.0), MAX_DELAY) if failed else 0.0
        if failed:
            _WAKE.wait(delay)


def push(base: str | os.PathLike | None = None, remote: Remote | None = None) -> int:
    """Push the clone's commits now; returns how many are left (0). GitError (scrubbed, recorded) on failure."""
    remote = remote or configured()
    clone = clone_dir(base)
    if remote is None or not (clone / ".git").is_dir():
        return 0
    with _locked(clone):
        try:
            if _pending(clone, remote):
                _push(clone, remote)
            _record(clone, error=None, attempts=0)
        except GitError as exc:
            state = _state(clone)
            _record(clone, error=str(exc), attempts=int(state.get("attempts") or 0) + 1)
            raise
        return _pending(clone, remote)


def _push(clone: Path, remote: Remote) -> None:
    refspec = f"HEAD:refs/heads/{remote.branch}"
    done = gitcli.run(clone, remote, "push", "-q", "--porcelain", "origin", refspec,
                      timeout=gitcli.NETWORK_TIMEOUT, check=False)
    if done.returncode != 0 and any(w in (done.stderr + done.stdout).lower()
                                    for w in ("non-fast-forward", "fetch first", "rejected")):
        # the remote's branch moved on without us: its commits kept in the history, our files kept as the data
        _fetch(clone, remote)
        gitcli.run(clone, remote, "merge", "-q", "-s", "ours", "--allow-unrelated-histories", "--no-edit", "-m",
                   "fusion : le dépôt avait des commits d'ailleurs ; les données de la base sont gardées",
                   f"refs/remotes/origin/{remote.branch}")
        _record(clone, merged_at=_now())
        done = gitcli.run(clone, remote, "push", "-q", "--porcelain", "origin", refspec,
                          timeout=gitcli.NETWORK_TIMEOUT, check=False)
    if done.returncode != 0:
        raise GitError(scrub(f"git push: {done.stderr.strip() or done.returncode}", remote))
    gitcli.run(clone, remote, "update-ref", f"refs/remotes/origin/{remote.branch}", "HEAD")
    _record(clone, pushed=gitcli.out(clone, remote, "rev-parse", "HEAD"), pushed_at=_now())


def wait_pushed(base: str | os.PathLike | None = None, timeout: float = 30.0) -> int:
    """Wait (at most `timeout` seconds) until the requested pushes of `base` are done; returns the commits still
    not pushed (0: all of them are on the remote). The command line calls it before it exits."""
    remote = configured()
    if remote is None:
        return 0
    key, deadline = str(db_path(base)), time.monotonic() + timeout
    with _CHANGED:
        while key in _WANTED or key in _RUNNING:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            _CHANGED.wait(min(left, 1.0))
    clone = clone_dir(base)
    try:  # read without the clone's lock: a push that hangs does not make this wait longer than `timeout`
        return _pending(clone, remote) if (clone / ".git").is_dir() else 0
    except (GitError, OSError):
        return -1


# ---------------------------------------------------------------- building a base, the coordination area


def latest_files(base: str | os.PathLike | None = None) -> dict[str, tuple[str, bytes]] | None:
    """dataset -> (file name, content) of the repository's newest CSVs (its branch, or the clone's own commits not
    pushed yet); {} when the repository holds none yet; None when no repository is configured. StoreError when it
    cannot be reached and no clone holds its data: building from the embedded data then would overwrite it."""
    remote = configured()
    if remote is None:
        return None
    clone = clone_dir(base)
    with _locked(clone):
        try:
            _prepare(clone, remote)
            reached = _fetch(clone, remote)
            if reached and _pending(clone, remote) == 0:
                gitcli.run(clone, remote, "reset", "-q", "--hard", f"refs/remotes/origin/{remote.branch}")
        except GitError as exc:
            if not _has(clone, remote, "HEAD"):
                raise StoreError(M_("Le dépôt de données {url} est injoignable ({detail}) : la base n'a pas été "
                                    "construite (les données embarquées remplaceraient les siennes) ; réessayez.",
                                    url=scrub(remote.url, remote), detail=str(exc))) from None
            _log.warning("dépôt de données injoignable, base construite depuis sa copie locale : %s", exc)
        if not _has(clone, remote, "HEAD"):
            return {}
        files = {}
        for dataset in DATASETS:
            name = f"{dataset}.csv"
            listed = gitcli.out(clone, remote, "ls-tree", "--name-only", "HEAD", "--", name)
            if listed == name:
                files[dataset] = (name, gitcli.run(clone, remote, "show", f"HEAD:{name}", binary=True).stdout)
        return files


def status(base: str | os.PathLike | None = None) -> dict | None:
    """The repository's state for the coordination area; None when none is configured. Keys: url (without
    credentials), branch, pushed (short hash, date, subject of the remote's last known commit, or None), pending
    (commit subjects not pushed yet, newest first), error and error_at (the last failed push, scrubbed), attempts."""
    remote = configured()
    if remote is None:
        return None
    clone = clone_dir(base)
    state = _state(clone) if (clone / ".git").is_dir() else _UNRECORDED.get(str(clone), {})
    result = {"url": scrub(remote.url, remote), "branch": remote.branch, "pushed": None, "pending": [],
              "error": state.get("error"), "error_at": state.get("error_at"), "attempts": state.get("attempts") or 0,
              "pushed_at": state.get("pushed_at"), "merged_at": state.get("merged_at")}
    if not (clone / ".git").is_dir():
        return result
    try:
        upstream = f"refs/remotes/origin/{remote.branch}"
        if _has(clone, remote, upstream):
            line = gitcli.out(clone, remote, "log", "-1", "--format=%h%x09%cI%x09%s", upstream)
            result["pushed"] = dict(zip(("commit", "date", "subject"), line.split("\t", 2)))
        if _has(clone, remote, "HEAD"):
            span = f"{upstream}..HEAD" if result["pushed"] else "HEAD"
            result["pending"] = gitcli.out(clone, remote, "log", "--format=%s", span).splitlines()
    except GitError as exc:
        result["error"] = result["error"] or str(exc)
    return result


def resume_later(base: str | os.PathLike | None = None) -> None:
    """`resume` in a background thread: the app's start never waits for the network."""
    if configured() is not None:
        threading.Thread(target=resume, args=(base,), name="acp-datarepo-resume", daemon=True).start()


def settle(base: str | os.PathLike | None = None, timeout: float | None = None):
    """Before a command exits: wait (bounded: `timeout`, else ACP_DATA_PUSH_WAIT, 30 s) for its commits to reach
    the repository; the sentence to say (a Message), or None when no repository is configured."""
    remote = configured()
    if remote is None:
        return None
    if timeout is None:
        try:
            timeout = float(os.environ.get("ACP_DATA_PUSH_WAIT") or 30)
        except ValueError:
            timeout = 30.0
    left = wait_pushed(base, timeout)
    url = scrub(remote.url, remote)
    if left == 0 and str(db_path(base)) not in _COMMITTED:
        return None  # nothing of this command's, nothing waiting: nothing to say
    if left == 0:
        return M_("Données enregistrées dans le dépôt {url} (branche {branch}).", url=url, branch=remote.branch)
    error = status(base) or {}
    return M_("Envoi au dépôt de données {url} en attente ({detail}) : il sera retenté au prochain démarrage de "
              "l'application ou d'une commande ; les données sont enregistrées dans la base.", url=url,
              detail=error.get("error") or M_("pas encore terminé"))
