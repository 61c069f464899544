"""DuckDB: connect, create tables, read, atomic replace, import history and rollback.

An import is one transaction: the tables it touches are copied into snapshot tables named
after the import's number, the dataset is replaced, the import is recorded, then COMMIT. A
crash before COMMIT leaves the previous data whole (DuckDB's write-ahead log is replayed on
the next open); rolling back import N restores its snapshot, as a new, itself reversible import.
Members' proposals wait in their own table (`proposals`); a validated one is written the same way
(snapshot, a row in `imports` with outcome 'proposal'), so it can be rolled back like any import.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import threading
import time
from contextlib import contextmanager
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
}
_SURVEY_COLUMNS = {
    "survey_waves": (("wave", "VARCHAR"), ("title", "VARCHAR"), ("date", "DATE"), ("respondents", "INTEGER")),
    "survey_themes": (("wave", "VARCHAR"), ("theme_id", "VARCHAR"), ("position", "INTEGER"),
                      ("short_label", "VARCHAR"), ("label", "VARCHAR")),
    "survey_counts": (("wave", "VARCHAR"), ("theme_id", "VARCHAR"), ("priority", "INTEGER"), ("count", "INTEGER")),
    "survey_other": (("wave", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR")),
}
_KEYS = {"assemblies": ("id",), "sessions": ("id",), "survey_waves": ("wave",),
         "survey_themes": ("wave", "theme_id"), "survey_counts": ("wave", "theme_id", "priority")}
_IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY, dataset VARCHAR NOT NULL, file_name VARCHAR, sha256 VARCHAR,
    rows INTEGER, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR, outcome VARCHAR NOT NULL,
    restores INTEGER, note VARCHAR)
"""
MAIN_TABLE = {"assemblies": "assemblies", "survey": "survey_themes", "sessions": "sessions"}
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


class StoreError(Exception):
    """A French sentence for the user; no traceback needed."""


class DatabaseBusy(StoreError):
    pass


def db_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("ACP_DB") or ROOT / "data" / "acp.duckdb")


TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "assemblies": tuple((c.name, c.sql_type) for c in ASSEMBLIES.columns),
    "sessions": tuple((c.name, c.sql_type) for c in SESSIONS.columns),
    **_SURVEY_COLUMNS,
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
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"La base {target} est ouverte par un autre programme (sans doute le tableau de bord en cours "
                "d'exécution, ou une commande python -m acp) : arrêtez-le, puis réessayez."
            ) from exc
        raise StoreError(f"La base {target} est illisible ou endommagée ({exc}).") from exc
    except duckdb.Error as exc:
        raise StoreError(f"La base {target} est illisible ou endommagée ({exc}).") from exc
    if not read_only:
        create_tables(con)
    return con


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
             "survey_counts": "wave, theme_id, priority", "survey_other": "wave, position"}[table]
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
    return {"theme_ids": set(themes["theme_id"]),
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
def _transaction(con):
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        _quiet_rollback(con)
        raise


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
        raise StoreError(f"Écriture impossible dans la base ({exc}) ; rien n'a été modifié.") from exc


def _apply(con, upload, by, before_commit) -> int:
    with _WRITE_LOCK, _transaction(con):
        import_id = _next_id(con)
        _snapshot(con, import_id, upload.dataset)
        if upload.dataset == "survey":
            waves = list(upload.frames["survey_waves"]["wave"])
            for table in DATASET_TABLES["survey"]:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, wave)", [waves])
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
        with _transaction(con):
            new_id = _next_id(con)
            _snapshot(con, new_id, dataset)
            for table in DATASET_TABLES[dataset]:
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} FROM snap_{int(import_id)}_{table}")
            rows = con.execute(f"SELECT count(*) FROM {MAIN_TABLE[dataset]}").fetchone()[0]
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


# ---------------------------------------------------------------- proposals

def add_proposal(con, kind: str, target_id: str | None, changes: dict, submitted_by: str | None = None,
                 contact: str | None = None, message: str | None = None, duplicates: list | None = None,
                 max_pending: int = MAX_PENDING_PROPOSALS) -> int:
    """Queue a member's proposal (pending); returns its number. Nothing else is written."""
    import json

    if kind not in PROPOSAL_KINDS:
        raise ValueError(kind)
    with _WRITE_LOCK, _transaction(con):
        pending = con.execute("SELECT count(*) FROM proposals WHERE status = 'pending'").fetchone()[0]
        if pending >= max_pending:
            raise StoreError("La file des propositions est pleine pour l'instant : réessayez quand la coordination "
                             "l'aura traitée.")
        proposal_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM proposals").fetchone()[0])
        con.execute("INSERT INTO proposals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, NULL)",
                    [proposal_id, kind, target_id, json.dumps(changes, ensure_ascii=False),
                     dt.datetime.now().replace(microsecond=0), submitted_by, contact, message,
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
        with _WRITE_LOCK, _transaction(con):
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
        raise StoreError(f"Écriture impossible dans la base ({exc}) ; rien n'a été modifié.") from exc
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
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(target)
    partial = target.with_name(f"{target.name}.building-{os.getpid()}-{threading.get_ident()}")
    _remove_db_files(partial)
    try:
        con = connect(partial)
        try:
            seed(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
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
    return True


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
