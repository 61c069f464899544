"""Building a base: from the embedded data when it is missing, and again when it is damaged.

`rebuild` sets a damaged base aside (renamed, never deleted) and builds a new one from the embedded
data or from the CSV copies; a base is always built whole under a temporary name first.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..ingest import read_upload
from ..messages import M_, MN_, joined
from ..schema import DATASETS, EDITIONS
from . import datarepo
from .connection import (
    DAMAGE_KINDS,
    ROOT,
    DatabaseDamaged,
    NotDamaged,
    StoreError,
    check,
    connect,
    db_path,
    opening_error,
)
from .copies import BUILDING, exports_dir, flush_exports
from .imports import apply_upload
from .reads import ingest_context

_log = logging.getLogger(__name__)
SEED_DIR = ROOT / "data" / "seed"
SEED_FILES = {"assemblies": "assemblies.csv", "survey": "survey.csv", "sessions": "sessions.csv",
              "editions": "editions.csv"}
# The order of a build: the survey before the sessions (their themes), the assemblies before their editions.
BUILD_ORDER = ("survey", "assemblies", "editions", "sessions", "participants")


def _no_rows(data: bytes) -> bool:
    """A CSV file with its header alone (or nothing): the dataset is empty, and stays so (an import would refuse
    it, as it would empty the dataset)."""
    return len([line for line in data.decode("utf-8-sig", "replace").splitlines() if line.strip()]) <= 1


def seed(con, by: str = "données embarquées") -> list[int]:
    """Import the embedded CSV files (data/seed/), survey first so sessions know its themes, the assemblies before
    their editions; an embedded file that is missing or holds its header alone leaves its dataset empty."""
    ids = []
    for dataset in (d for d in BUILD_ORDER if d in SEED_FILES):
        path = SEED_DIR / SEED_FILES[dataset]
        data = path.read_bytes() if path.is_file() or dataset != "editions" else b""
        if dataset == "editions" and _no_rows(data):
            continue
        upload = read_upload(dataset, path.name, data, ingest_context(con))
        if not upload.ok:
            raise StoreError(M_("Données embarquées invalides :\n{problems}",
                                problems=joined(upload.report(), "\n")))
        ids.append(apply_upload(con, upload, by=by))
    return ids


def build_if_missing(path: str | os.PathLike | None = None) -> bool:
    """Build the database when it does not exist, from the data repository when one is configured
    (ACP_DATA_REPO, acp.store.datarepo) and holds data, else from the embedded data; True if built."""
    return build_source(path) is not None


def build_source(path: str | os.PathLike | None = None) -> str | None:
    """`build_if_missing`, saying what the base was built from: 'repo', 'seed', or None (it existed).

    The file is built under a temporary name of its own (one per process and thread, removed
    whatever happens) and only then given the target's name, without replacing a base another
    process finished first: a failure (a repository's file the importer refuses, said in French)
    never leaves a half-built base under the target's name.
    """
    target = db_path(path)
    if target.exists():
        return None
    files = datarepo.latest_files(target)  # None: no repository; {}: an empty one
    if files:
        partial = _build_file(target, lambda con: _fill(con, _repo_files(files), Rebuilt(target, "repo", "absent"),
                                                        datarepo.FROM_REPO_BY))
    else:
        partial = _build_file(target, lambda con: seed(con))
    try:
        if target.exists():
            return None
        # A write-ahead log left without its database would be replayed into the new one.
        Path(f"{target}.wal").unlink(missing_ok=True)
        try:
            os.link(partial, target)  # never replaces a base that appeared meanwhile
        except FileExistsError:
            return None
        except OSError:  # a file system without hard links
            os.replace(partial, target)
    finally:
        _remove_db_files(partial)
    # CSV copies left by a base that is gone are not this base's: kept aside, under another name
    _move_aside(exports_dir(target), f"{exports_dir(target).name}.avant-{_stamp()}")
    return "repo" if files else "seed"


def _repo_files(files: dict[str, tuple[str, bytes]]) -> dict[str, tuple[str, str, bytes]]:
    """The repository's files in build order; a dataset it lacks comes from the embedded data when there is one."""
    result = {}
    for dataset in [*BUILD_ORDER, *(d for d in DATASETS if d not in BUILD_ORDER)]:
        embedded = SEED_DIR / SEED_FILES.get(dataset, "-")
        if dataset in files:
            result[dataset] = ("repo", *files[dataset])
        elif dataset in SEED_FILES and embedded.is_file():
            result[dataset] = ("seed", embedded.name, embedded.read_bytes())
    return result


def _build_file(target: Path, fill) -> Path:
    """A complete base for `target` under a temporary name of its own (removed on failure): `fill(con)` writes it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(target)
    partial = target.with_name(f"{target.name}{BUILDING}{os.getpid()}-{threading.get_ident()}")
    _remove_db_files(partial)
    try:
        con = connect(partial)
        try:
            fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except BaseException:
        _remove_db_files(partial)
        raise
    return partial


def _remove_db_files(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


def _remove_stale_builds(target: Path, older_than: float = 3600) -> None:
    """Temporary files of builds killed before they could remove them (an hour old or more)."""
    for leftover in target.parent.glob(f"{target.name}.building*"):
        try:
            if time.time() - leftover.stat().st_mtime > older_than:
                leftover.unlink()
        except OSError:
            pass


REBUILD_SOURCES = ("seed", "exports")
_REBUILD_LOCK = threading.Lock()


_ORIGINS = {"seed": M_("les données embarquées"), "export": M_("le dernier export"), "repo": M_("le dépôt de données")}
_REBUILT_BY = {"seed": "reconstruction (données embarquées)", "export": "reconstruction (dernier export)"}


@dataclass
class Rebuilt:
    target: Path
    source: str                                      # 'seed' or 'exports'
    damage: str                                      # a DAMAGE_KINDS key, or 'absent' (there was no base)
    set_aside: list = field(default_factory=list)    # the damaged file, its log, its copies, under their new names
    datasets: dict = field(default_factory=dict)     # dataset -> (origin 'seed' | 'export', rows)
    left_out: int = 0                                # embedded editions of assemblies the last export no longer has

    def summary(self, lang: str = "fr") -> str:
        """What was done, a sentence a line, in `lang`."""
        if self.damage == "absent":
            lines = [M_("Il n'y avait pas de base à {path}.", path=str(self.target))]
        else:
            lines = [M_("Base endommagée ({reason}) mise de côté, jamais effacée : {files}.",
                        reason=DAMAGE_KINDS[self.damage], files=[p.name for p in self.set_aside])]
        lines.append(M_("Nouvelle base construite à partir du dernier export : {path}.", path=str(self.target))
                     if self.source == "exports" else
                     M_("Nouvelle base construite à partir des données embarquées : {path}.", path=str(self.target)))
        for dataset, (origin, rows) in self.datasets.items():
            lines.append(M_("  {dataset} : {rows}, depuis {origin}.", dataset=DATASETS[dataset],
                            rows=DATASETS[dataset].count(rows), origin=_ORIGINS[origin]))
        if self.left_out:
            lines.append(MN_("  {n} édition embarquée laissée de côté : son assemblée n'est pas dans le dernier export.",
                             "  {n} éditions embarquées laissées de côté : leurs assemblées ne sont pas dans le dernier "
                             "export.", n=self.left_out))
        if self.damage != "absent":
            lines.append(M_("L'historique des imports repart de zéro ; l'ancien reste lisible dans le fichier mis de "
                            "côté s'il n'est pas trop abîmé."))
        return "\n".join(line.render(lang) for line in lines)


def rebuild(path: str | os.PathLike | None = None, *, source: str, by: str | None = None) -> Rebuilt:
    """Set a damaged (or missing) base aside and build a new one from the embedded data (`seed`) or from the last
    CSV copies (`exports`; a dataset without a copy comes from the embedded data).

    The new base is built whole under a temporary name first; then the damaged file (and its .wal) is renamed
    `<base>.endommagee-YYYYmmdd-HHMMSS` and the new one takes the name. A base that opens and reads whole is never
    touched (StoreError); one held by another process raises DatabaseBusy; on any failure nothing is changed.
    """
    if source not in REBUILD_SOURCES:
        raise ValueError(source)
    target = db_path(path)
    with _REBUILD_LOCK:
        flush_exports()
        result = Rebuilt(target, source, _damage(target))
        files = _rebuild_files(target, source)
        partial = _build_file(target, lambda con: _fill(con, files, result, by))
        try:
            aside = _free_name(target.with_name(f"{target.name}.endommagee-{_stamp()}"))
            if target.exists():
                os.rename(target, aside)
                result.set_aside.append(aside)
            if Path(f"{target}.wal").exists():  # never replayed into the new base
                os.rename(f"{target}.wal", f"{aside}.wal")
                result.set_aside.append(Path(f"{aside}.wal"))
            if source == "seed":  # the copies belong to the damaged base now: they go aside with it
                moved = _move_aside(exports_dir(target), f"{aside.name}.exports")
                result.set_aside += [moved] if moved else []
            os.replace(partial, target)
        finally:
            _remove_db_files(partial)
    _log.info("base reconstruite : %s", result.summary())
    return result


def _damage(target: Path) -> str:
    """What is wrong with the base: a DAMAGE_KINDS key or 'absent'; StoreError if nothing is."""
    if not target.exists():
        return "absent"
    try:
        con = connect(target)
    except DatabaseDamaged as exc:
        return exc.kind
    try:
        check(con, everything=True)  # the snapshots too
    except duckdb.Error as exc:
        error = opening_error(target, exc, reading=True)
        if isinstance(error, DatabaseDamaged):
            return error.kind
        raise error from exc
    finally:
        con.close()
    raise NotDamaged(M_("La base {path} s'ouvre et se lit entièrement : elle n'est pas endommagée, rien n'a été "
                        "fait.", path=str(target)))


def _rebuild_files(target: Path, source: str) -> dict[str, tuple[str, str, bytes]]:
    """dataset -> (origin, file name, content), survey first (the sessions refer to its themes)."""
    copies, files = exports_dir(target), {}
    for dataset in BUILD_ORDER:
        copy = copies / f"{dataset}.csv"
        if source == "exports" and copy.is_file():
            files[dataset] = ("export", copy.name, copy.read_bytes())
        elif dataset not in SEED_FILES:  # no embedded data (the participants' profile): nothing to rebuild it from
            continue
        else:
            embedded = SEED_DIR / SEED_FILES[dataset]
            if embedded.is_file() or dataset != "editions":
                files[dataset] = ("seed", embedded.name, embedded.read_bytes())
    if source == "exports" and all(origin == "seed" for origin, _, _ in files.values()):
        raise StoreError(M_("Aucune copie CSV des données n'existe dans {folder} : reconstruisez la base depuis "
                            "les données embarquées ; rien n'a été changé.", folder=str(copies)))
    return files


def _fill(con, files: dict, result: Rebuilt, by: str | None) -> None:
    for dataset, (origin, name, data) in files.items():
        if dataset == "editions" and origin == "seed" and files.get("assemblies", ("",))[0] in ("export", "repo"):
            data, result.left_out = _editions_of_stored_assemblies(con, data)
        if (origin in ("export", "repo") or dataset == "editions") and _no_rows(data):
            result.datasets[dataset] = (origin, 0)  # the dataset was empty: it stays empty
            continue
        upload = read_upload(dataset, name, data, ingest_context(con))
        if not upload.ok:
            raise StoreError(M_("Reconstruction impossible : {file} ({origin}) ne se relit pas ({errors}) ; rien n'a "
                                "été changé.", file=name, origin=_ORIGINS[origin],
                                errors=joined(p.message for p in upload.problems.errors[:3])))
        apply_upload(con, upload, by=by or _REBUILT_BY[origin])
        result.datasets[dataset] = (origin, upload.rows)


def _editions_of_stored_assemblies(con, data: bytes) -> tuple[bytes, int]:
    """The embedded editions whose assembly the base holds (assemblies rebuilt from an export made before the
    editions existed may lack some), and how many were left out."""
    stored = {r[0] for r in con.execute("SELECT id FROM assemblies").fetchall()}
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index(EDITIONS.column("assembly").fr)
    kept = [rows[0]] + [r for r in rows[1:] if r and r[column] in stored]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(kept)
    return out.getvalue().encode("utf-8"), len(rows) - len(kept)


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`… when it (or its .wal, its .exports) is taken."""
    candidate, n = path, 2
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", ".wal", ".exports")):
        candidate, n = path.with_name(f"{path.name}-{n}"), n + 1
    return candidate


def _move_aside(source: Path, name: str) -> Path | None:
    """Rename `source` (kept, never deleted) if it exists; failures are logged."""
    if not source.exists():
        return None
    try:
        destination = _free_name(source.with_name(name))
        os.rename(source, destination)
        return destination
    except OSError as exc:
        _log.warning("%s n'a pas pu être mis de côté : %s", source, exc)
        return None
