"""The process's one connection to the base, shared by the app's sessions and the plain web routes.

DuckDB lets one process write a file: the Streamlit sessions and the web routes (calendar feed…) share
this connection, each script run or request through a cursor of its own. It is opened on first use
(the base built from the embedded data when missing) and opened again after a fatal error (a full
disk during a write…) has invalidated it.
"""
from __future__ import annotations

import logging
import threading

import duckdb

from . import datarepo
from .build import build_if_missing
from .connection import connect, db_path
from .copies import refresh_exports

_LOCK = threading.Lock()
_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}  # base path -> its connection
_log = logging.getLogger(__name__)


def connection(path=None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the base at `path` (ACP_DB, else data/acp.duckdb). Raises DatabaseDamaged,
    DatabaseBusy or StoreError, and then keeps nothing: the next call tries again."""
    key = str(db_path(path))
    with _LOCK:
        con = _OPEN.get(key)
        if con is None:
            build_if_missing(key)
            con = connect(key)
            refresh_exports(con)  # the CSV copies a rebuild would start from (never raises)
            datarepo.resume_later(key)  # the data repository's commits not pushed yet (ACP_DATA_REPO; never raises)
            _OPEN[key] = con
        return con


def cursor(path=None) -> duckdb.DuckDBPyConnection:
    """A cursor of its own on the process-wide connection: one per script run or request."""
    return connection(path).cursor()


def ensure(path=None) -> None:
    """The process-wide connection, opened again when a fatal error has invalidated it."""
    con = connection(path)
    try:
        probe = con.cursor()
        try:
            probe.execute("SELECT 1")
        finally:
            probe.close()
    except duckdb.Error as exc:
        _log.warning("connexion à la base invalidée (%s) : elle est rouverte", exc)
        drop()
        connection(path)


def drop() -> None:
    """Close and forget every connection this process holds: the next call opens the base again."""
    with _LOCK:
        while _OPEN:
            try:
                _OPEN.popitem()[1].close()
            except duckdb.Error:
                pass
