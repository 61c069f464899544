"""DuckDB: connect, create tables, read, atomic replace, import history and rollback.

An import is one transaction: the tables it touches are copied into snapshot tables named
after the import's number, the dataset is replaced, the import is recorded, then COMMIT. A
crash before COMMIT leaves the previous data whole (DuckDB's write-ahead log is replayed on
the next open); rolling back import N restores its snapshot, as a new, itself reversible import.
Members' proposals wait in their own table (`proposals`); a validated one is written the same way
(snapshot, a row in `imports` with outcome 'proposal'), so it can be rolled back like any import.

Damage: `connect` reads every live table once (a few tens of ms at 100,000 assemblies), so a
truncated or overwritten file, a block whose checksum fails, or a write-ahead log that is not the
base's own is reported as DatabaseDamaged (a French sentence) instead of failing later in a page;
a lock held by another process stays DatabaseBusy. After every write that changes a dataset, a
plain CSV copy of it (the canonical export, which the importer reads back) is written next to the
base (`<base>.exports/<dataset>.csv`, atomically, in the background, never failing the write);
`rebuild` sets a damaged base aside (renamed, never deleted) and builds a new one from the
embedded data or from those copies.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from .schema import ASSEMBLIES, DATASETS, SESSIONS

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
SEED_FILES = {"assemblies": "assemblies.csv", "survey": "survey.csv", "sessions": "sessions.csv"}
DATASET_TABLES = {
    "assemblies": ("assemblies",),
    "survey": ("survey_waves", "survey_themes", "survey_counts", "survey_other"),
    "sessions": ("sessions",),
    "participants": ("participant_profiles", "participant_counts"),
}
# The participants' profile: counts only, per session (acp.ingest.participants); never a name or an e-mail.
_PARTICIPANT_COLUMNS = {
    "participant_profiles": (("session", "VARCHAR"), ("registrants", "INTEGER")),
    "participant_counts": (("session", "VARCHAR"), ("dimension", "VARCHAR"), ("code", "VARCHAR"), ("count", "INTEGER")),
}
_SURVEY_COLUMNS = {
    "survey_waves": (("wave", "VARCHAR"), ("title", "VARCHAR"), ("date", "DATE"), ("respondents", "INTEGER")),
    "survey_themes": (("wave", "VARCHAR"), ("theme_id", "VARCHAR"), ("position", "INTEGER"),
                      ("short_label", "VARCHAR"), ("label", "VARCHAR")),
    "survey_counts": (("wave", "VARCHAR"), ("theme_id", "VARCHAR"), ("priority", "INTEGER"), ("count", "INTEGER")),
    "survey_other": (("wave", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR")),
}
_KEYS = {"assemblies": ("id",), "sessions": ("id",), "survey_waves": ("wave",),
         "survey_themes": ("wave", "theme_id"), "survey_counts": ("wave", "theme_id", "priority"),
         "participant_profiles": ("session",), "participant_counts": ("session", "dimension", "code")}
_IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY, dataset VARCHAR NOT NULL, file_name VARCHAR, sha256 VARCHAR,
    rows INTEGER, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR, outcome VARCHAR NOT NULL,
    restores INTEGER, note VARCHAR)
"""
MAIN_TABLE = {"assemblies": "assemblies", "survey": "survey_themes", "sessions": "sessions",
              "participants": "participant_profiles"}
# What `imports.rows` counts after a rollback, as the import counted it (acp.ingest.Upload.rows).
_ROW_COUNT = {"participants": "SELECT coalesce(sum(registrants), 0) FROM participant_profiles"}
_WRITE_LOCK = threading.Lock()
# Fiches proposed by members: `changes` is a JSON object {column: text as typed}, parsed again by
# acp.ingest when a coordinator decides; nothing of it reaches `assemblies` before validation.
_PROPOSALS_DDL = """
CREATE TABLE IF NOT EXISTS proposals (
    id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, target_id VARCHAR, changes VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL, submitted_by VARCHAR, contact VARCHAR, message VARCHAR,
    duplicates VARCHAR, status VARCHAR NOT NULL, decided_at TIMESTAMP, decided_by VARCHAR,
    reason VARCHAR, import_id INTEGER)
"""
PROPOSAL_KINDS = ("new", "correction")
PROPOSAL_STATUSES = ("pending", "validated", "rejected")
MAX_PENDING_PROPOSALS = 300  # a full queue refuses new proposals (a flood cannot grow the base without end)
MAX_PROPOSALS_PER_HOUR = 30  # from everyone: the per-session limit alone resets with every new browser session


class StoreError(Exception):
    """A French sentence for the user; no traceback needed."""


class DatabaseBusy(StoreError):
    pass


class DatabaseDamaged(StoreError):
    """The file cannot be read as this DuckDB base: `kind` is one of DAMAGE_KINDS, `detail` DuckDB's own words."""

    def __init__(self, path, kind: str, detail: str = ""):
        self.path, self.kind, self.detail = Path(path), kind, detail
        super().__init__(
            f"La base {self.path} est endommagée ({DAMAGE_KINDS[kind]}) : reconstruisez-la depuis les données "
            "embarquées ou le dernier export avec « python -m acp rebuild » (le fichier endommagé sera mis de côté, "
            "jamais effacé).")


class NotDamaged(StoreError):
    """`rebuild` was asked for a base that opens and reads whole: nothing is done."""


def as_damaged(exc: BaseException, path: str | os.PathLike | None = None) -> DatabaseDamaged | None:
    """A DuckDB error met while reading (in a page, say) as DatabaseDamaged, or None if it says no damage."""
    kind = damage_kind(exc)
    return DatabaseDamaged(db_path(path), kind, str(exc)) if kind else None


DAMAGE_KINDS = {  # kind -> what is wrong, in French (the app has both languages in acp.i18n, db_damaged_<kind>)
    "invalid": "ce n'est pas un fichier DuckDB valide : vide, écrasé ou d'un autre format",
    "truncated": "le fichier est tronqué, sa fin manque",
    "corrupt": "un bloc de données ne correspond plus à sa somme de contrôle",
    "wal": "son journal .wal ne correspond pas à la base",
    "unreadable": "son contenu ne peut pas être relu",
}
_DAMAGE_SIGNS = (("not a valid duckdb database file", "invalid"), ("could not read enough bytes", "truncated"),
                 ("corrupt database file", "corrupt"), ("checksum", "corrupt"), ("wal does not match", "wal"),
                 ("replaying wal", "wal"))
_DISK_FULL_SIGNS = ("no space left", "file too large", "disk full", "disk is full", "not enough space")
_log = logging.getLogger(__name__)


def _is_lock(exc: BaseException) -> bool:
    """Another process holds the file ("Could not set lock on file …: Conflicting lock is held in …"), which is
    not damage; careful: "block", as in "in block at location", is no lock."""
    text = str(exc).lower()
    return "could not set lock" in text or "conflicting lock" in text


def _not_the_files_fault(exc: BaseException) -> bool:
    text = str(exc).lower()  # another process holds it; an earlier fatal error (reopen); memory; a cancel
    return _is_lock(exc) or any(w in text for w in ("invalidated", "out of memory", "interrupt"))


def damage_kind(exc: BaseException) -> str | None:
    """What DuckDB's error says about the file: a DAMAGE_KINDS key, or None if it is not damage."""
    if _not_the_files_fault(exc):
        return None
    text = str(exc).lower()
    return next((kind for sign, kind in _DAMAGE_SIGNS if sign in text), None)


def db_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("ACP_DB") or ROOT / "data" / "acp.duckdb")


TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "assemblies": tuple((c.name, c.sql_type) for c in ASSEMBLIES.columns),
    "sessions": tuple((c.name, c.sql_type) for c in SESSIONS.columns),
    **_SURVEY_COLUMNS,
    **_PARTICIPANT_COLUMNS,
}


def _ddl(table: str) -> str:
    columns = [f'"{name}" {sql_type}' for name, sql_type in TABLE_COLUMNS[table]]
    if table in _KEYS:
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in _KEYS[table]) + ")")
    return ", ".join(columns)


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create the tables of) the database, with a French error if another process holds it."""
    target = db_path(path)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        if _is_lock(exc):
            raise DatabaseBusy(
                f"La base {target} est ouverte par un autre programme (sans doute le tableau de bord en cours "
                "d'exécution, ou une commande python -m acp) : arrêtez-le, puis réessayez."
            ) from exc
        raise _opening_error(target, exc) from exc
    except duckdb.Error as exc:
        raise _opening_error(target, exc) from exc
    try:
        check(con)
    except duckdb.Error as exc:
        con.close()
        raise _opening_error(target, exc, reading=True) from exc
    if not read_only:
        create_tables(con)
    return con


def _opening_error(target: Path, exc: duckdb.Error, reading: bool = False) -> StoreError:
    """DatabaseDamaged when DuckDB's words say the file is damaged (any failure to read a table, once open)."""
    kind = damage_kind(exc)
    if kind is None and reading and not _not_the_files_fault(exc):
        kind = "unreadable"
    if kind:
        _log.info("base endommagée %s : %s", target, exc)
        return DatabaseDamaged(target, kind, str(exc))
    return StoreError(f"La base {target} est illisible ({exc}).")


_LIVE_TABLES = (*TABLE_COLUMNS, "imports", "proposals")


def check(con, everything: bool = False) -> None:
    """Read every column of every live table (every table with `everything`: snapshots too), so that a damaged
    block fails here (duckdb.Error) rather than in a page; a block is checked against its checksum when read."""
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = current_schema()").fetchall()}
    for table in (sorted(present) if everything else [t for t in _LIVE_TABLES if t in present]):
        con.execute(f'SELECT bit_xor(hash(t)) FROM "{table}" AS t').fetchall()


def create_tables(con) -> None:
    for table in TABLE_COLUMNS:
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({_ddl(table)})")
    con.execute(_IMPORTS_DDL)
    con.execute(_PROPOSALS_DDL)


# ---------------------------------------------------------------- reading

def _fetch(con, sql: str, params=()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def read_table(con, table: str) -> pd.DataFrame:
    if table not in TABLE_COLUMNS:
        raise KeyError(table)
    order = {"assemblies": "name, id", "sessions": "date NULLS LAST, start, id",
             "survey_waves": "date NULLS LAST, wave", "survey_themes": "wave, position",
             "survey_counts": "wave, theme_id, priority", "survey_other": "wave, position",
             "participant_profiles": "session", "participant_counts": "session, dimension, code"}[table]
    return _fetch(con, f"SELECT * FROM {table} ORDER BY {order}")


def history(con) -> pd.DataFrame:
    return _fetch(con, "SELECT * FROM imports ORDER BY id DESC")


def data_version(con) -> int:
    """The newest import's number: a cache key that changes with every write."""
    return int(_fetch(con, "SELECT coalesce(max(id), 0) AS v FROM imports")["v"].iloc[0])


def ingest_context(con) -> dict:
    """What the importer needs to know of the stored data (survey theme codes)."""
    themes = _fetch(con, "SELECT theme_id, short_label, label FROM survey_themes ORDER BY wave, position")
    from .schema import fold

    waves = _fetch(con, "SELECT wave, title, date FROM survey_waves")
    sessions = _fetch(con, "SELECT id, date, title, status FROM sessions")
    return {"theme_ids": set(themes["theme_id"]),
            "sessions": {r.id: {"date": None if pd.isna(r.date) else pd.Timestamp(r.date).date(), "title": r.title,
                                "status": None if pd.isna(r.status) else r.status} for r in sessions.itertuples()},
            "known_themes": {fold(r.label): (r.theme_id, r.short_label) for r in themes.itertuples()},
            "waves": {r.wave: {"title": r.title, "date": None if pd.isna(r.date) else pd.Timestamp(r.date).date()}
                      for r in waves.itertuples()}}


def key_figures(con) -> dict:
    row = _fetch(con, """
        SELECT count(*) AS assemblies, count(DISTINCT country) AS countries,
               count(*) FILTER (WHERE status = 'active') AS active,
               count(*) FILTER (WHERE start_year >= 2019) AS since_2019
        FROM assemblies""").iloc[0]
    return {k: int(v) for k, v in row.items()}


def next_session(con, today: dt.date | None = None) -> dict | None:
    frame = _fetch(con, """
        SELECT * FROM sessions
        WHERE date >= ? AND coalesce(status, '') NOT IN ('cancelled', 'past')
        ORDER BY date, start LIMIT 1""", [today or dt.date.today()])
    return None if frame.empty else frame.iloc[0].to_dict()


def last_import(con) -> dict | None:
    frame = _fetch(con, "SELECT * FROM imports ORDER BY id DESC LIMIT 1")
    return None if frame.empty else frame.iloc[0].to_dict()


# ---------------------------------------------------------------- writing

@contextmanager
def _transaction(con, after_commit=None):
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        _quiet_rollback(con)
        raise
    if after_commit is not None:  # still inside the caller's _WRITE_LOCK: nothing else was written meanwhile
        after_commit()


def _quiet_rollback(con) -> None:
    """Abort the open transaction without hiding the error that caused it (a failed COMMIT has none left)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _next_id(con) -> int:
    return int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()[0])


def _snapshot(con, import_id: int, dataset: str) -> None:
    for table in DATASET_TABLES[dataset]:
        con.execute(f"CREATE TABLE snap_{import_id}_{table} AS FROM {table}")


def _insert(con, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = TABLE_COLUMNS[table]
    casts = ", ".join(f'CAST("{name}" AS {sql_type}) AS "{name}"' for name, sql_type in columns)
    con.register("incoming", frame[[name for name, _ in columns]])
    try:
        con.execute(f"INSERT INTO {table} SELECT {casts} FROM incoming")
    finally:
        con.unregister("incoming")


def apply_upload(con, upload, by: str | None = None, before_commit=None) -> int:
    """Write a validated Upload in one transaction; returns the new import's number."""
    if not upload.ok:
        raise StoreError("Import refusé : le fichier contient des erreurs ; rien n'a été écrit.")
    try:
        return _apply(con, upload, by, before_commit)
    except duckdb.Error as exc:
        raise _write_error(exc) from exc


def _write_error(exc: duckdb.Error) -> StoreError:
    """A failed write in French: DuckDB's own words only when they say nothing we know (they are logged)."""
    _log.info("écriture refusée par DuckDB : %s", exc)
    text = str(exc).lower()
    if any(sign in text for sign in _DISK_FULL_SIGNS):
        return StoreError("Écriture impossible dans la base : le disque est plein (ou la taille maximale d'un fichier "
                          "est atteinte) ; rien n'a été enregistré, les données d'avant restent intactes.")
    if damage_kind(exc):
        return StoreError(f"Écriture impossible : la base est endommagée ({DAMAGE_KINDS[damage_kind(exc)]}) ; "
                          "rien n'a été modifié.")
    return StoreError(f"Écriture impossible dans la base ({exc}) ; rien n'a été modifié.")


def _apply(con, upload, by, before_commit) -> int:
    with _WRITE_LOCK, _transaction(con, after_commit=lambda: _queue_exports(con, [upload.dataset])):
        import_id = _next_id(con)
        _snapshot(con, import_id, upload.dataset)
        if upload.dataset == "survey":
            waves = list(upload.frames["survey_waves"]["wave"])
            for table in DATASET_TABLES["survey"]:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, wave)", [waves])
        elif upload.dataset == "participants":  # only the profiles of the sessions the upload holds
            sessions = list(upload.frames["participant_profiles"]["session"])
            for table in DATASET_TABLES["participants"]:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, session)", [sessions])
        else:
            for table in DATASET_TABLES[upload.dataset]:
                con.execute(f"DELETE FROM {table}")
        for table in DATASET_TABLES[upload.dataset]:
            _insert(con, table, upload.frames[table])
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, 'import', NULL, ?)",
            [import_id, upload.dataset, upload.file_name, upload.sha256, upload.rows,
             dt.datetime.now().replace(microsecond=0), by or _who(), _summary(upload)])
        if before_commit is not None:
            before_commit()
    return import_id


def _summary(upload) -> str | None:
    warnings = len(upload.problems.warnings)
    return f"{warnings} avertissement(s)" if warnings else None


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "inconnu"


def rollback(con, import_id: int, by: str | None = None) -> int:
    """Restore the data as it was just before import `import_id`; returns the new import's number."""
    try:
        return _rollback(con, import_id, by)
    except duckdb.Error as exc:
        raise _write_error(exc) from exc


def _rollback(con, import_id: int, by: str | None) -> int:
    with _WRITE_LOCK:
        row = con.execute("SELECT dataset FROM imports WHERE id = ?", [import_id]).fetchone()
        if row is None:
            raise StoreError(f"Aucun import n° {import_id} dans l'historique.")
        dataset = row[0]
        kept = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = current_schema()").fetchall()}
        if any(f"snap_{int(import_id)}_{table}" not in kept for table in DATASET_TABLES[dataset]):
            raise StoreError(f"La version d'avant l'import n° {import_id} n'a pas été conservée : retour impossible.")
        with _transaction(con, after_commit=lambda: _queue_exports(con, [dataset])):
            new_id = _next_id(con)
            _snapshot(con, new_id, dataset)
            for table in DATASET_TABLES[dataset]:
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} FROM snap_{int(import_id)}_{table}")
            rows = con.execute(_ROW_COUNT.get(dataset, f"SELECT count(*) FROM {MAIN_TABLE[dataset]}")).fetchone()[0]
            con.execute(
                "INSERT INTO imports VALUES (?, ?, NULL, NULL, ?, ?, ?, 'rollback', ?, ?)",
                [new_id, dataset, rows, dt.datetime.now().replace(microsecond=0), by or _who(), import_id,
                 f"retour à l'état d'avant l'import n° {import_id}"])
    return new_id


def before_import(con, import_id: int) -> dict[str, pd.DataFrame] | None:
    """The dataset's tables as they were just before import `import_id` (its snapshot); None if not kept."""
    row = _fetch(con, "SELECT dataset FROM imports WHERE id = ?", [int(import_id)])
    if row.empty:
        return None
    tables = DATASET_TABLES[row["dataset"].iloc[0]]
    kept = set(_fetch(con, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                           "AND schema_name = current_schema()")["table_name"])
    if any(f"snap_{int(import_id)}_{t}" not in kept for t in tables):
        return None
    return {t: _fetch(con, f"SELECT * FROM snap_{int(import_id)}_{t}") for t in tables}


def import_changes(con, import_id: int) -> dict | None:
    """What import `import_id` changed, compared with its snapshot (so: right after it, before any later write):
    {"same": nothing changed at all, "added", "changed", "removed": rows of the main table by key, a row counting
    as changed when a row of another table under the same key changed (a theme's counts)}; None if not kept."""
    before = before_import(con, import_id)
    if before is None:
        return None
    dataset = con.execute("SELECT dataset FROM imports WHERE id = ?", [int(import_id)]).fetchone()[0]
    main = MAIN_TABLE[dataset]
    key = ", ".join(f'"{k}"' for k in _KEYS[main])
    old = {r for r in con.execute(f"SELECT {key} FROM snap_{int(import_id)}_{main}").fetchall()}
    new = {r for r in con.execute(f"SELECT {key} FROM {main}").fetchall()}
    same, changed = True, set()
    for table in DATASET_TABLES[dataset]:  # one pass each: the rows in one version and not the other
        snapshot = f"snap_{int(import_id)}_{table}"
        differ = f"((FROM {table} EXCEPT ALL FROM {snapshot}) UNION ALL (FROM {snapshot} EXCEPT ALL FROM {table}))"
        if set(_KEYS[main]) <= {name for name, _ in TABLE_COLUMNS[table]}:
            keys = set(con.execute(f"SELECT DISTINCT {key} FROM {differ}").fetchall())
            same, changed = same and not keys, changed | keys
        else:
            same = same and con.execute(f"SELECT count(*) FROM {differ}").fetchone()[0] == 0
    return {"same": same, "added": len(new - old), "removed": len(old - new), "changed": len(changed & old & new)}


# ---------------------------------------------------------------- proposals

def add_proposal(con, kind: str, target_id: str | None, changes: dict, submitted_by: str | None = None,
                 contact: str | None = None, message: str | None = None, duplicates: list | None = None,
                 max_pending: int = MAX_PENDING_PROPOSALS, max_per_hour: int = MAX_PROPOSALS_PER_HOUR) -> int:
    """Queue a member's proposal (pending); returns its number. Nothing else is written."""
    import json

    if kind not in PROPOSAL_KINDS:
        raise ValueError(kind)
    now = dt.datetime.now().replace(microsecond=0)
    with _WRITE_LOCK, _transaction(con):
        pending = con.execute("SELECT count(*) FROM proposals WHERE status = 'pending'").fetchone()[0]
        if pending >= max_pending:
            raise StoreError("La file des propositions est pleine pour l'instant : réessayez quand la coordination "
                             "l'aura traitée.")
        recent = con.execute("SELECT count(*) FROM proposals WHERE submitted_at > ?",
                             [now - dt.timedelta(hours=1)]).fetchone()[0]
        if recent >= max_per_hour:
            raise StoreError("Beaucoup de propositions sont arrivées cette dernière heure : réessayez un peu plus tard, "
                             "votre proposition n'a pas été enregistrée.")
        proposal_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM proposals").fetchone()[0])
        con.execute("INSERT INTO proposals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, NULL)",
                    [proposal_id, kind, target_id, json.dumps(changes, ensure_ascii=False),
                     now, submitted_by, contact, message,
                     json.dumps(duplicates or [], ensure_ascii=False)])
    return proposal_id


def proposals(con, status: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Proposals, pending ones oldest first, decided ones newest first."""
    where = "WHERE status = ?" if status else ""
    order = "id" if status == "pending" else "coalesce(decided_at, submitted_at) DESC, id DESC"
    tail = f" LIMIT {int(limit)}" if limit else ""
    frame = _fetch(con, f"SELECT * FROM proposals {where} ORDER BY {order}{tail}", [status] if status else [])
    return frame.astype(object).where(frame.notna(), None)  # None, never NaN, for what was not given


def proposal(con, proposal_id: int) -> dict | None:
    frame = _fetch(con, "SELECT * FROM proposals WHERE id = ?", [int(proposal_id)])
    return None if frame.empty else frame.astype(object).where(frame.notna(), None).iloc[0].to_dict()


def pending_count(con) -> int:
    return int(_fetch(con, "SELECT count(*) AS n FROM proposals WHERE status = 'pending'")["n"].iloc[0])


def _pending(con, proposal_id: int) -> tuple:
    row = con.execute("SELECT kind, target_id, status FROM proposals WHERE id = ?", [int(proposal_id)]).fetchone()
    if row is None:
        raise StoreError(f"Aucune proposition n° {proposal_id}.")
    if row[2] != "pending":
        raise StoreError(f"La proposition n° {proposal_id} a déjà été traitée.")
    return row


def validate_proposal(con, proposal_id: int, record: dict, by: str | None = None) -> int:
    """Publish a proposal: `record` (a whole assemblies row, parsed by acp.ingest) is written like an
    import (snapshot, one row in `imports`, so it can be rolled back); returns the import's number.

    A new assembly whose id is taken meanwhile gets the next free one (`-2`, `-3`…); a correction
    whose fiche has been removed meanwhile is refused.
    """
    try:
        with _WRITE_LOCK, _transaction(con, after_commit=lambda: _queue_exports(con, ["assemblies"])):
            kind, target_id, _ = _pending(con, proposal_id)
            row = dict(record)
            if kind == "correction":
                if con.execute("SELECT count(*) FROM assemblies WHERE id = ?", [target_id]).fetchone()[0] == 0:
                    raise StoreError(f"La fiche « {target_id} » n'existe plus : la correction ne peut pas être appliquée.")
                row["id"] = target_id
            else:
                base, n = row["id"], 2
                while con.execute("SELECT count(*) FROM assemblies WHERE id = ?", [row["id"]]).fetchone()[0]:
                    row["id"], n = f"{base}-{n}", n + 1
            import_id = _next_id(con)
            _snapshot(con, import_id, "assemblies")
            con.execute("DELETE FROM assemblies WHERE id = ?", [row["id"]])
            frame = pd.DataFrame([{name: row.get(name) for name, _ in TABLE_COLUMNS["assemblies"]}], dtype=object)
            _insert(con, "assemblies", frame)
            rows = con.execute("SELECT count(*) FROM assemblies").fetchone()[0]
            what = "nouvelle assemblée" if kind == "new" else "correction"
            now = dt.datetime.now().replace(microsecond=0)
            con.execute("INSERT INTO imports VALUES (?, 'assemblies', ?, NULL, ?, ?, ?, 'proposal', NULL, ?)",
                        [import_id, f"proposition n° {int(proposal_id)}", rows, now, by or _who(),
                         f"{what} « {row['id']} »"])
            con.execute("UPDATE proposals SET status = 'validated', decided_at = ?, decided_by = ?, import_id = ? "
                        "WHERE id = ?", [now, by or _who(), import_id, int(proposal_id)])
    except duckdb.Error as exc:
        raise _write_error(exc) from exc
    return import_id


def reject_proposal(con, proposal_id: int, reason: str, by: str | None = None) -> None:
    """Refuse a proposal with its reason; the data is untouched."""
    if not (reason or "").strip():
        raise StoreError("Indiquez le motif du refus.")
    with _WRITE_LOCK, _transaction(con):
        _pending(con, proposal_id)
        con.execute("UPDATE proposals SET status = 'rejected', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
                    [dt.datetime.now().replace(microsecond=0), by or _who(), reason.strip(), int(proposal_id)])


def is_empty(con) -> bool:
    return con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def seed(con, by: str = "données embarquées") -> list[int]:
    """Import the embedded CSV files (data/seed/), survey first so sessions know its themes."""
    from .ingest import read_upload

    ids = []
    for dataset in ("survey", "assemblies", "sessions"):
        path = SEED_DIR / SEED_FILES[dataset]
        upload = read_upload(dataset, path.name, path.read_bytes(), ingest_context(con))
        if not upload.ok:
            raise StoreError("Données embarquées invalides :\n" + "\n".join(upload.report()))
        ids.append(apply_upload(con, upload, by=by))
    return ids


def build_if_missing(path: str | os.PathLike | None = None) -> bool:
    """Build the database from the embedded data when it does not exist; True if built.

    The file is built under a temporary name of its own (one per process and thread, removed
    whatever happens) and only then given the target's name, without replacing a base another
    process finished first: a failure never leaves a half-built base under the target's name.
    """
    target = db_path(path)
    if target.exists():
        return False
    partial = _build_file(target, lambda con: seed(con))
    try:
        if target.exists():
            return False
        # A write-ahead log left without its database would be replayed into the new one.
        Path(f"{target}.wal").unlink(missing_ok=True)
        try:
            os.link(partial, target)  # never replaces a base that appeared meanwhile
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            os.replace(partial, target)
    finally:
        _remove_db_files(partial)
    # CSV copies left by a base that is gone are not this base's: kept aside, under another name
    _move_aside(exports_dir(target), f"{exports_dir(target).name}.avant-{_stamp()}")
    return True


def _build_file(target: Path, fill) -> Path:
    """A complete base for `target` under a temporary name of its own (removed on failure): `fill(con)` writes it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(target)
    partial = target.with_name(f"{target.name}{_BUILDING}{os.getpid()}-{threading.get_ident()}")
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


def dataset_names() -> list[str]:
    return list(DATASETS)


# ---------------------------------------------------------------- CSV copies of the datasets (exports)

_BUILDING = ".building-"  # a base under construction: not yet its own name, so no copies of its own
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


def _queue_exports(con, datasets) -> None:
    """Just after a COMMIT, under the write lock: read what was committed and have its CSV copy written in the
    background (acp.export's canonical CSV, which the importer reads back). A failure is logged, never raised:
    the write it follows is committed."""
    global _export_worker
    try:
        base = _base_file(con)
        if base is None or _BUILDING in base.name:  # in memory, or a base being built
            return
        from . import export

        jobs = []
        for dataset in datasets:
            version = con.execute("SELECT coalesce(max(id), 0) FROM imports WHERE dataset = ?", [dataset]).fetchone()[0]
            frame = (export.dataset_frame(con, dataset) if dataset in ("survey", "participants")
                     else read_table(con, dataset))
            jobs.append((exports_dir(base), dataset, int(version), frame))
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
            if any(waiting[:2] == job[:2] for waiting in _EXPORT_JOBS):
                continue  # a newer copy of the same dataset is waiting: this one would be replaced at once
        try:
            _write_export(*job)
        except Exception as exc:
            _log.warning("copie CSV de secours de %s non écrite dans %s : %s", job[1], job[0], exc)
            _log.debug("copie CSV de secours", exc_info=True)


def _write_export(folder: Path, dataset: str, version: int, frame) -> None:
    from . import export
    from .schema import ASSEMBLIES, SESSIONS

    if dataset not in ("survey", "participants"):  # those two are already in their canonical form
        frame = export.labelled(frame, {"assemblies": ASSEMBLIES, "sessions": SESSIONS}[dataset])
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
        if base is None or _BUILDING in base.name:
            return []
        folder = exports_dir(base)
        versions = export_versions(folder)
        with _WRITE_LOCK:
            current = dict(con.execute("SELECT dataset, max(id) FROM imports GROUP BY dataset").fetchall())
            stale = [d for d in DATASETS if d in current and (versions.get(d, {}).get("import") != current[d]
                                                                or not (folder / f"{d}.csv").is_file())]
            if stale:
                _queue_exports(con, stale)
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


# ---------------------------------------------------------------- a damaged base: rebuild

REBUILD_SOURCES = ("seed", "exports")
_REBUILD_LOCK = threading.Lock()
_ORIGINS = {"seed": "les données embarquées", "export": "le dernier export"}
_REBUILT_BY = {"seed": "reconstruction (données embarquées)", "export": "reconstruction (dernier export)"}
_ROWS = {"assemblies": "assemblée(s)", "survey": "thème(s) de sondage", "sessions": "séance(s)",
         "participants": "inscrit·e(s) compté·e(s)"}


@dataclass
class Rebuilt:
    target: Path
    source: str                                      # 'seed' or 'exports'
    damage: str                                      # a DAMAGE_KINDS key, or 'absent' (there was no base)
    set_aside: list = field(default_factory=list)    # the damaged file, its log, its copies, under their new names
    datasets: dict = field(default_factory=dict)     # dataset -> (origin 'seed' | 'export', rows)

    def summary(self) -> str:
        """What was done, in French, a sentence a line."""
        if self.damage == "absent":
            lines = [f"Il n'y avait pas de base à {self.target}."]
        else:
            lines = [f"Base endommagée ({DAMAGE_KINDS[self.damage]}) mise de côté, jamais effacée : "
                     + ", ".join(p.name for p in self.set_aside) + "."]
        source = "du dernier export" if self.source == "exports" else "des données embarquées"
        lines.append(f"Nouvelle base construite à partir {source} : {self.target}.")
        for dataset, (origin, rows) in self.datasets.items():
            lines.append(f"  {DATASETS[dataset].fr} : {rows} {_ROWS[dataset]}, depuis {_ORIGINS[origin]}.")
        lines.append("L'historique des imports repart de zéro ; l'ancien reste lisible dans le fichier mis de côté "
                     "s'il n'est pas trop abîmé." if self.damage != "absent" else "")
        return "\n".join(line for line in lines if line)


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
        error = _opening_error(target, exc, reading=True)
        if isinstance(error, DatabaseDamaged):
            return error.kind
        raise error from exc
    finally:
        con.close()
    raise NotDamaged(f"La base {target} s'ouvre et se lit entièrement : elle n'est pas endommagée, rien n'a été fait.")


def _rebuild_files(target: Path, source: str) -> dict[str, tuple[str, str, bytes]]:
    """dataset -> (origin, file name, content), survey first (the sessions refer to its themes)."""
    copies, files = exports_dir(target), {}
    for dataset in ("survey", "assemblies", "sessions", "participants"):
        copy = copies / f"{dataset}.csv"
        if source == "exports" and copy.is_file():
            files[dataset] = ("export", copy.name, copy.read_bytes())
        elif dataset not in SEED_FILES:  # no embedded data (the participants' profile): nothing to rebuild it from
            continue
        else:
            embedded = SEED_DIR / SEED_FILES[dataset]
            files[dataset] = ("seed", embedded.name, embedded.read_bytes())
    if source == "exports" and all(origin == "seed" for origin, _, _ in files.values()):
        raise StoreError(f"Aucune copie CSV des données n'existe dans {copies} : reconstruisez la base depuis les "
                         "données embarquées ; rien n'a été changé.")
    return files


def _fill(con, files: dict, result: Rebuilt, by: str | None) -> None:
    from .ingest import read_upload

    for dataset, (origin, name, data) in files.items():
        if origin == "export" and len([line for line in data.decode("utf-8-sig", "replace").splitlines()
                                       if line.strip()]) <= 1:
            result.datasets[dataset] = (origin, 0)  # the dataset was empty: it stays empty
            continue
        upload = read_upload(dataset, name, data, ingest_context(con))
        if not upload.ok:
            errors = " ; ".join(p.message for p in upload.problems.errors[:3])
            raise StoreError(f"Reconstruction impossible : {name} ({_ORIGINS[origin]}) ne se relit pas ({errors}) ; "
                             "rien n'a été changé.")
        apply_upload(con, upload, by=by or _REBUILT_BY[origin])
        result.datasets[dataset] = (origin, upload.rows)


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
