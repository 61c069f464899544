"""Imports, their history and rollback.

An import is one transaction: the tables it touches are copied into snapshot tables named after the
import's number, the dataset is replaced, the import is recorded, then COMMIT. A crash before COMMIT
leaves the previous data whole (DuckDB's write-ahead log is replayed on the next open); rolling back
import N restores its snapshot, as a new, itself reversible import.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from ..messages import M_
from ..schema import DATASETS
from .connection import KEYS, TABLE_COLUMNS, StoreError
from .copies import queue_exports
from .reads import fetch
from .writes import WRITE_LOCK, insert, next_import_id, snapshot, transaction, who, write_error

_ROW_COUNT = {"participants": "SELECT coalesce(sum(registrants), 0) FROM participant_profiles"}


def apply_upload(con, upload, by: str | None = None, before_commit=None) -> int:
    """Write a validated Upload in one transaction; returns the new import's number."""
    if not upload.ok:
        raise StoreError(M_("Import refusé : le fichier contient des erreurs ; rien n'a été écrit."))
    try:
        return _apply(con, upload, by, before_commit)
    except duckdb.Error as exc:
        raise write_error(exc) from exc


def _apply(con, upload, by, before_commit) -> int:
    with WRITE_LOCK, transaction(con, after_commit=lambda: queue_exports(con, [upload.dataset])):
        import_id = next_import_id(con)
        snapshot(con, import_id, upload.dataset)
        if upload.dataset == "survey":
            waves = list(upload.frames["survey_waves"]["wave"])
            for table in DATASETS["survey"].tables:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, wave)", [waves])
        elif upload.dataset == "participants":  # only the profiles of the sessions the upload holds
            sessions = list(upload.frames["participant_profiles"]["session"])
            for table in DATASETS["participants"].tables:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, session)", [sessions])
        else:
            for table in DATASETS[upload.dataset].tables:
                con.execute(f"DELETE FROM {table}")
        for table in DATASETS[upload.dataset].tables:
            insert(con, table, upload.frames[table])
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, 'import', NULL, ?)",
            [import_id, upload.dataset, upload.file_name, upload.sha256, upload.rows,
             dt.datetime.now().replace(microsecond=0), by or who(), _summary(upload)])
        if before_commit is not None:
            before_commit()
    return import_id


def _summary(upload) -> str | None:
    warnings = len(upload.problems.warnings)
    return f"{warnings} avertissement(s)" if warnings else None


def rollback(con, import_id: int, by: str | None = None) -> int:
    """Restore the data as it was just before import `import_id`; returns the new import's number."""
    try:
        return _rollback(con, import_id, by)
    except duckdb.Error as exc:
        raise write_error(exc) from exc


def _rollback(con, import_id: int, by: str | None) -> int:
    with WRITE_LOCK:
        row = con.execute("SELECT dataset FROM imports WHERE id = ?", [import_id]).fetchone()
        if row is None:
            raise StoreError(M_("Aucun import n° {number} dans l'historique.", number=import_id))
        dataset = row[0]
        kept = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = current_schema()").fetchall()}
        if any(f"snap_{int(import_id)}_{table}" not in kept for table in DATASETS[dataset].tables):
            raise StoreError(M_("La version d'avant l'import n° {number} n'a pas été conservée : retour impossible.",
                                  number=import_id))
        with transaction(con, after_commit=lambda: queue_exports(con, [dataset])):
            new_id = next_import_id(con)
            snapshot(con, new_id, dataset)
            for table in DATASETS[dataset].tables:
                con.execute(f"DELETE FROM {table}")
                # by name: a snapshot taken before a column was added to the schema leaves that column unknown
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM snap_{int(import_id)}_{table}")
            rows = con.execute(_ROW_COUNT.get(dataset, f"SELECT count(*) FROM {DATASETS[dataset].main_table}")).fetchone()[0]
            con.execute(
                "INSERT INTO imports VALUES (?, ?, NULL, NULL, ?, ?, ?, 'rollback', ?, ?)",
                [new_id, dataset, rows, dt.datetime.now().replace(microsecond=0), by or who(), import_id,
                 f"retour à l'état d'avant l'import n° {import_id}"])
    return new_id


def before_import(con, import_id: int) -> dict[str, pd.DataFrame] | None:
    """The dataset's tables as they were just before import `import_id` (its snapshot); None if not kept."""
    row = fetch(con, "SELECT dataset FROM imports WHERE id = ?", [int(import_id)])
    if row.empty:
        return None
    tables = DATASETS[row["dataset"].iloc[0]].tables
    kept = set(fetch(con, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                           "AND schema_name = current_schema()")["table_name"])
    if any(f"snap_{int(import_id)}_{t}" not in kept for t in tables):
        return None
    return {t: fetch(con, f"SELECT * FROM snap_{int(import_id)}_{t}") for t in tables}


def import_changes(con, import_id: int) -> dict | None:
    """What import `import_id` changed, compared with its snapshot (so: right after it, before any later write):
    {"same": nothing changed at all, "added", "changed", "removed": rows of the main table by key, a row counting
    as changed when a row of another table under the same key changed (a theme's counts)}; None if not kept."""
    before = before_import(con, import_id)
    if before is None:
        return None
    dataset = con.execute("SELECT dataset FROM imports WHERE id = ?", [int(import_id)]).fetchone()[0]
    main = DATASETS[dataset].main_table
    key = ", ".join(f'"{k}"' for k in KEYS[main])
    old = {r for r in con.execute(f"SELECT {key} FROM snap_{int(import_id)}_{main}").fetchall()}
    new = {r for r in con.execute(f"SELECT {key} FROM {main}").fetchall()}
    same, changed = True, set()
    for table in DATASETS[dataset].tables:  # one pass each: the rows in one version and not the other
        snapshot = f"snap_{int(import_id)}_{table}"
        differ = f"((FROM {table} EXCEPT ALL FROM {snapshot}) UNION ALL (FROM {snapshot} EXCEPT ALL FROM {table}))"
        if set(KEYS[main]) <= {name for name, _ in TABLE_COLUMNS[table]}:
            keys = set(con.execute(f"SELECT DISTINCT {key} FROM {differ}").fetchall())
            same, changed = same and not keys, changed | keys
        else:
            same = same and con.execute(f"SELECT count(*) FROM {differ}").fetchone()[0] == 0
    return {"same": same, "added": len(new - old), "removed": len(old - new), "changed": len(changed & old & new)}
