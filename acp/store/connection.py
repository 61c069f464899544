"""Opening the base: its path, its tables, and telling a damaged file from a busy one.

`connect` reads every live table once (a few tens of ms at 100,000 assemblies), so a truncated or
overwritten file, a block whose checksum fails, or a write-ahead log that is not the base's own is
reported as DatabaseDamaged (a French sentence) instead of failing later in a page; a lock held by
another process stays DatabaseBusy.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from ..messages import M_, Refusal
from ..schema import ASSEMBLIES, EDITIONS, SESSIONS

ROOT = Path(__file__).resolve().parent.parent.parent
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
KEYS = {"assemblies": ("id",), "sessions": ("id",), "editions": ("id",), "survey_waves": ("wave",),
         "survey_themes": ("wave", "theme_id"), "survey_counts": ("wave", "theme_id", "priority"),
         "participant_profiles": ("session",), "participant_counts": ("session", "dimension", "code")}


_IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY, dataset VARCHAR NOT NULL, file_name VARCHAR, sha256 VARCHAR,
    rows INTEGER, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR, outcome VARCHAR NOT NULL,
    restores INTEGER, note VARCHAR)
"""


_PROPOSALS_DDL = """
CREATE TABLE IF NOT EXISTS proposals (
    id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, target_id VARCHAR, changes VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL, submitted_by VARCHAR, contact VARCHAR, message VARCHAR,
    duplicates VARCHAR, status VARCHAR NOT NULL, decided_at TIMESTAMP, decided_by VARCHAR,
    reason VARCHAR, import_id INTEGER)
"""


_SHORT_LINKS_DDL = """
CREATE TABLE IF NOT EXISTS short_links (
    code VARCHAR PRIMARY KEY, target VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL)
"""  # « Partager cette vue » (acp.store.short_links)


class StoreError(Refusal):
    """A sentence for the user (a Message, in the reader's language by `render(lang)`); no traceback needed."""


class DatabaseBusy(StoreError):
    pass


class DatabaseDamaged(StoreError):
    """The file cannot be read as this DuckDB base: `kind` is one of DAMAGE_KINDS, `detail` DuckDB's own words."""

    def __init__(self, path, kind: str, detail: str = ""):
        self.path, self.kind, self.detail = Path(path), kind, detail
        super().__init__(M_(
            "La base {path} est endommagée ({reason}) : reconstruisez-la depuis les données "
            "embarquées ou le dernier export avec « python -m acp rebuild » (le fichier endommagé sera mis de côté, "
            "jamais effacé).", path=str(self.path), reason=DAMAGE_KINDS[kind]))


class NotDamaged(StoreError):
    """`rebuild` was asked for a base that opens and reads whole: nothing is done."""


def as_damaged(exc: BaseException, path: str | os.PathLike | None = None) -> DatabaseDamaged | None:
    """A DuckDB error met while reading (in a page, say) as DatabaseDamaged, or None if it says no damage."""
    kind = damage_kind(exc)
    return DatabaseDamaged(db_path(path), kind, str(exc)) if kind else None


DAMAGE_KINDS = {  # kind -> what is wrong (the page of a damaged base and the command line say it)
    "invalid": M_("ce n'est pas un fichier DuckDB valide (vide, écrasé ou d'un autre format)"),
    "truncated": M_("le fichier est tronqué, sa fin manque"),
    "corrupt": M_("un bloc de données ne correspond plus à sa somme de contrôle"),
    "wal": M_("son journal .wal ne correspond pas à la base"),
    "unreadable": M_("son contenu ne peut pas être relu"),
}
_DAMAGE_SIGNS = (("not a valid duckdb database file", "invalid"), ("could not read enough bytes", "truncated"),
                 ("corrupt database file", "corrupt"), ("checksum", "corrupt"), ("wal does not match", "wal"),
                 ("replaying wal", "wal"))


DISK_FULL_SIGNS = ("no space left", "file too large", "disk full", "disk is full", "not enough space")
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
    "editions": tuple((c.name, c.sql_type) for c in EDITIONS.columns),
    **_SURVEY_COLUMNS,
    **_PARTICIPANT_COLUMNS,
}


def _ddl(table: str) -> str:
    columns = [f'"{name}" {sql_type}' for name, sql_type in TABLE_COLUMNS[table]]
    if table in KEYS:
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in KEYS[table]) + ")")
    return ", ".join(columns)


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create the tables of) the database; DatabaseBusy if another process holds it."""
    target = db_path(path)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        if _is_lock(exc):
            raise DatabaseBusy(M_(
                "La base {path} est ouverte par un autre programme (sans doute le tableau de bord en cours "
                "d'exécution, ou une commande python -m acp) : arrêtez-le, puis réessayez.", path=str(target))
            ) from exc
        raise opening_error(target, exc) from exc
    except duckdb.Error as exc:
        raise opening_error(target, exc) from exc
    try:
        check(con)
    except duckdb.Error as exc:
        con.close()
        raise opening_error(target, exc, reading=True) from exc
    if not read_only:
        create_tables(con)
    return con


def opening_error(target: Path, exc: duckdb.Error, reading: bool = False) -> StoreError:
    """DatabaseDamaged when DuckDB's words say the file is damaged (any failure to read a table, once open)."""
    kind = damage_kind(exc)
    if kind is None and reading and not _not_the_files_fault(exc):
        kind = "unreadable"
    if kind:
        _log.info("base endommagée %s : %s", target, exc)
        return DatabaseDamaged(target, kind, str(exc))
    return StoreError(M_("La base {path} est illisible ({detail}).", path=str(target), detail=str(exc)))


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
    """The tables a base lacks, and the columns added to the schema since the base was made (empty: unknown)."""
    for table in TABLE_COLUMNS:
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({_ddl(table)})")
        present = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = current_schema() AND table_name = ?", [table]).fetchall()}
        for name, sql_type in TABLE_COLUMNS[table]:
            if name not in present:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')
    con.execute(_IMPORTS_DDL)
    con.execute(_PROPOSALS_DDL)
    con.execute(_SHORT_LINKS_DDL)
