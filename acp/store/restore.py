"""Writing a restored backup (acp.backup): every dataset replaced in one transaction, one history row each.

Each dataset replaced is recorded like an import (a snapshot of what it replaces, a row in `imports`), so rolling
back that row gives the dataset back as it was before the restore. The proposals of the backup that the base lacks
are added in the same transaction.
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from ..schema import DATASETS
from .connection import TABLE_COLUMNS
from .copies import queue_exports
from .imports import _ROW_COUNT
from .writes import WRITE_LOCK, insert, next_import_id, snapshot, transaction, who, write_error

_PROPOSAL_COLUMNS = ("kind", "target_id", "changes", "submitted_at", "submitted_by", "contact", "message",
                     "duplicates", "status", "decided_at", "decided_by", "reason")


def replace_datasets(con, tables: dict[str, dict[str, pd.DataFrame]], file_name: str, note: str,
                     proposals: pd.DataFrame | None = None, by: str | None = None) -> dict[str, int]:
    """Replace each dataset of `tables` (dataset -> table -> validated frame) whole, in one transaction;
    returns dataset -> its import number. Nothing is written when anything fails."""
    try:
        return _replace(con, tables, file_name, note, proposals, by)
    except duckdb.Error as exc:
        raise write_error(exc) from exc


def _replace(con, tables, file_name, note, proposals, by) -> dict[str, int]:
    numbers = {}
    with WRITE_LOCK, transaction(con, after_commit=lambda: queue_exports(con, list(numbers))):
        now = dt.datetime.now().replace(microsecond=0)
        for dataset, frames in tables.items():
            import_id = next_import_id(con)
            snapshot(con, import_id, dataset)
            for table in DATASETS[dataset].tables:
                con.execute(f"DELETE FROM {table}")
                insert(con, table, frames[table])
            rows = con.execute(_ROW_COUNT.get(dataset, f"SELECT count(*) FROM {DATASETS[dataset].main_table}"))
            con.execute("INSERT INTO imports VALUES (?, ?, ?, NULL, ?, ?, ?, 'import', NULL, ?)",
                        [import_id, dataset, file_name, rows.fetchone()[0], now, by or who(), note])
            numbers[dataset] = import_id
        if proposals is not None:
            _add_proposals(con, proposals)
    return numbers


def _add_proposals(con, proposals: pd.DataFrame) -> int:
    """The backup's proposals the base lacks (same submission time and changes), numbered after the stored ones;
    their import numbers belonged to another history: not kept."""
    known = {(str(r[0]), r[1]) for r in con.execute("SELECT submitted_at, changes FROM proposals").fetchall()}
    added = 0
    for row in proposals.itertuples(index=False):
        values = dict(zip(proposals.columns, row))
        if (str(values["submitted_at"]), values["changes"]) in known:
            continue
        json.loads(values["changes"])  # checked by the caller: a proposal's changes are JSON
        new_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM proposals").fetchone()[0])
        con.execute(f"INSERT INTO proposals (id, {', '.join(_PROPOSAL_COLUMNS)}, import_id) "
                    f"VALUES (?, {', '.join('?' for _ in _PROPOSAL_COLUMNS)}, NULL)",
                    [new_id, *[values.get(c) for c in _PROPOSAL_COLUMNS]])
        known.add((str(values["submitted_at"]), values["changes"]))
        added += 1
    return added


def empty_tables(dataset: str) -> dict[str, pd.DataFrame]:
    """A dataset's tables with no row (a dataset that was empty when the backup was made)."""
    return {t: pd.DataFrame({name: pd.Series(dtype=object) for name, _ in TABLE_COLUMNS[t]})
            for t in DATASETS[dataset].tables}
