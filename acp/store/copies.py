"""The CSV copies of the datasets next to the base (`<base>.exports/<dataset>.csv`).

After every write that changes a dataset, a plain copy of it in the canonical CSV format (the one
`python -m acp export` writes and the importer reads back) is written after the COMMIT, atomically,
in the background, never failing the write; `rebuild` can start from them.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections import deque
from pathlib import Path

from .. import export
from ..schema import DATASETS
from . import datarepo
from .connection import db_path
from .reads import dataset_frame, read_table
from .writes import WRITE_LOCK

_log = logging.getLogger(__name__)
BUILDING = ".building-"  # a base under construction: not yet its own name, so no copies of its own
EXPORT_VERSIONS = "versions.json"  # {dataset: {"import": n, "rows": r, "written": iso}} of the copies there


_EXPORTS_LOCK = threading.Lock()
_EXPORT_JOBS: deque = deque()


_export_worker: threading.Thread | None = None


def exports_dir(path: str | os.PathLike | None = None) -> Path:
    """Where the last CSV copy of each dataset is kept: `<base>.exports/<dataset>.csv`, next to the base."""
    return Path(f"{db_path(path)}.exports")


def _base_file(con) -> Path | None:
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return Path(row[0]).absolute() if row and row[0] else None  # the copies go there whatever the working folder


def queue_exports(con, datasets) -> None:
    """Just after a COMMIT, under the write lock: read what was committed and have its CSV copy written in the
    background (acp.export's canonical CSV, which the importer reads back). A failure is logged, never raised:
    the write it follows is committed."""
    global _export_worker
    try:
        base = _base_file(con)
        if base is None or BUILDING in base.name:  # in memory, or a base being built
            return
        jobs = []
        for dataset in datasets:
            version = con.execute("SELECT coalesce(max(id), 0) FROM imports WHERE dataset = ?", [dataset]).fetchone()[0]
            frame = (dataset_frame(con, dataset) if dataset in ("survey", "participants")
                     else read_table(con, dataset))
            jobs.append((exports_dir(base), dataset, int(version), frame, datarepo.note(con, dataset)))
        with _EXPORTS_LOCK:
            _EXPORT_JOBS.extend(jobs)
            if _export_worker is None:  # not a daemon: a command waits for its copies before it exits
                worker = threading.Thread(target=_write_exports, name="acp-exports")
                worker.start()
                _export_worker = worker
    except Exception as exc:
        _log.warning("copie CSV de secours de %s non préparée : %s", ", ".join(datasets), exc)
        _log.debug("copie CSV de secours", exc_info=True)


def _write_exports() -> None:
    global _export_worker
    while True:
        with _EXPORTS_LOCK:
            if not _EXPORT_JOBS:
                _export_worker = None
                return
            job = _EXPORT_JOBS.popleft()
            if job[4] is None and any(waiting[:2] == job[:2] for waiting in _EXPORT_JOBS):
                continue  # a newer copy of the same dataset is waiting: this one would be replaced at once
        try:  # with a data repository, every write's copy is committed (acp.store.datarepo): none is skipped
            _write_export(*job[:4])
            datarepo.commit_copy(job[0], job[1], job[4])
        except Exception as exc:
            _log.warning("copie CSV de secours de %s non écrite dans %s : %s", job[1], job[0], exc)
            _log.debug("copie CSV de secours", exc_info=True)


def _write_export(folder: Path, dataset: str, version: int, frame) -> None:
    if dataset not in ("survey", "participants"):  # those two are already in their canonical form
        frame = export.labelled(frame, export.CANONICAL[dataset])
    data = export.to_csv_bytes(frame)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_dead_temporaries(folder)
    _atomic_write(folder / f"{dataset}.csv", data)
    versions = export_versions(folder)
    versions[dataset] = {"import": version, "rows": len(frame), "written": dt.datetime.now().isoformat(timespec="seconds")}
    _atomic_write(folder / EXPORT_VERSIONS, json.dumps(versions, ensure_ascii=False, indent=1).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a temporary file, flush it to disk, then give it the name: `path` is the old file or the new one."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:  # not every file system syncs a directory
        pass


def _remove_dead_temporaries(folder: Path) -> None:
    """Temporary files of a process killed while writing a copy."""
    for leftover in folder.glob(".*.tmp-*"):
        try:
            pid = int(leftover.name.rsplit(".tmp-", 1)[1].split("-")[0])
            if pid != os.getpid():
                os.kill(pid, 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (ValueError, IndexError, PermissionError, OSError):
            pass


def export_versions(folder: Path) -> dict:
    try:
        versions = json.loads((folder / EXPORT_VERSIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in versions.items() if isinstance(v, dict)} if isinstance(versions, dict) else {}


def flush_exports(timeout: float | None = None) -> bool:
    """Wait until every queued CSV copy is written; False if `timeout` (seconds) ran out first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _EXPORTS_LOCK:
            worker = _export_worker
        if worker is None:
            return True
        worker.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            return False


def refresh_exports(con) -> list[str]:
    """Queue the copies that are missing or older than the data (a base built before copies existed, a process
    killed between its COMMIT and its copy); the app calls it when it opens the base. Never raises."""
    try:
        base = _base_file(con)
        if base is None or BUILDING in base.name:
            return []
        folder = exports_dir(base)
        versions = export_versions(folder)
        with WRITE_LOCK:
            current = dict(con.execute("SELECT dataset, max(id) FROM imports GROUP BY dataset").fetchall())
            stale = [d for d in DATASETS if d in current and (versions.get(d, {}).get("import") != current[d]
                                                                or not (folder / f"{d}.csv").is_file())]
            if stale:
                queue_exports(con, stale)
        return stale
    except Exception as exc:
        _log.warning("copies CSV de secours non vérifiées : %s", exc)
        return []


def export_info(path: str | os.PathLike | None = None) -> dict[str, dict]:
    """The CSV copies next to the base: dataset -> {"file", "written" (datetime), "rows", "import"}."""
    folder = exports_dir(path)
    versions = export_versions(folder)
    info = {}
    for dataset in DATASETS:
        copy = folder / f"{dataset}.csv"
        try:
            written = dt.datetime.fromtimestamp(copy.stat().st_mtime).replace(microsecond=0)
        except OSError:
            continue
        info[dataset] = {"file": copy, "written": written, "rows": versions.get(dataset, {}).get("rows"),
                         "import": versions.get(dataset, {}).get("import")}
    return info
