"""What every write shares: one write at a time per process, one transaction, snapshots for rollback."""
from __future__ import annotations

import getpass
import logging
import threading
from contextlib import contextmanager

import duckdb
import pandas as pd

from ..messages import M_
from ..schema import DATASETS
from .connection import DAMAGE_KINDS, DISK_FULL_SIGNS, TABLE_COLUMNS, StoreError, damage_kind

_log = logging.getLogger(__name__)
WRITE_LOCK = threading.Lock()


@contextmanager
def transaction(con, after_commit=None):
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        _quiet_rollback(con)
        raise
    if after_commit is not None:  # still inside the caller's WRITE_LOCK: nothing else was written meanwhile
        after_commit()


def _quiet_rollback(con) -> None:
    """Abort the open transaction without hiding the error that caused it (a failed COMMIT has none left)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def next_import_id(con) -> int:
    return int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()[0])


def snapshot(con, import_id: int, dataset: str) -> None:
    for table in DATASETS[dataset].tables:
        con.execute(f"CREATE TABLE snap_{import_id}_{table} AS FROM {table}")


def insert(con, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = TABLE_COLUMNS[table]
    casts = ", ".join(f'CAST("{name}" AS {sql_type}) AS "{name}"' for name, sql_type in columns)
    con.register("incoming", frame[[name for name, _ in columns]])
    try:
        con.execute(f"INSERT INTO {table} SELECT {casts} FROM incoming")
    finally:
        con.unregister("incoming")


def write_error(exc: duckdb.Error) -> StoreError:
    """A failed write in French: DuckDB's own words only when they say nothing we know (they are logged)."""
    _log.info("écriture refusée par DuckDB : %s", exc)
    text = str(exc).lower()
    if any(sign in text for sign in DISK_FULL_SIGNS):
        return StoreError(M_("Écriture impossible dans la base : le disque est plein (ou la taille maximale d'un "
                             "fichier est atteinte) ; rien n'a été enregistré, les données d'avant restent intactes."))
    if damage_kind(exc):
        return StoreError(M_("Écriture impossible : la base est endommagée ({reason}) ; rien n'a été modifié.",
                             reason=DAMAGE_KINDS[damage_kind(exc)]))
    return StoreError(M_("Écriture impossible dans la base ({detail}) ; rien n'a été modifié.", detail=str(exc)))


def who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "inconnu"
