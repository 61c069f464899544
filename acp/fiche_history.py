"""A fiche's history: what changed in one assembly, when, through which import, rollback or validated proposal,
field by field (before → after), newest first; and the date of the data.

Read from what the store already keeps: every write to the assemblies (an import, a rollback, a validated
proposal) is a row of `imports` and keeps the table as it was just before in `snap_<n>_assemblies`. The state
just after write n is the snapshot of the next write to the assemblies, or the table as it is now after the
last one. A write whose snapshot is gone is left out (nothing can be said of it). Only published data is read:
never the `proposals` table, so a proposal's text is never shown before it is validated (and then only as the
values it published), nor who imported it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import i18n
from .export import LIST_JOIN, cell
from .schema import ASSEMBLIES, is_missing
from .store.reads import fetch

SKIPPED = ("id",)
CREATED, CHANGED, REMOVED = "created", "changed", "removed"


@dataclass(frozen=True)
class Change:
    import_id: int
    at: dt.datetime
    outcome: str                 # 'import', 'rollback' or 'proposal' (the imports table's own word)
    file_name: str | None
    restores: int | None         # a rollback: the import whose previous state it restored
    kind: str                    # CREATED, CHANGED or REMOVED
    fields: tuple[tuple[str, object, object], ...]  # (column, before, after) as stored, for CHANGED

    def how(self, lang: str = "fr") -> str:
        """Through what, in words: « Import n° 4 (fichier.csv) », « Retour à l'état d'avant l'import n° 4 »…"""
        if self.outcome == "rollback":
            return i18n.t("history_rollback", lang, n=self.restores)
        if self.outcome == "proposal":
            return i18n.t("history_proposal", lang, file=self.file_name or "")
        return i18n.t("history_import", lang, n=self.import_id, file=self.file_name or "—")

    def rows(self, lang: str = "fr") -> list[tuple[str, str, str]]:
        """(field label, before, after) in the reader's language; an empty value reads « (vide) »."""
        if self.kind != CHANGED:
            word = i18n.t("history_created" if self.kind == CREATED else "history_removed", lang)
            return [(word, "", "")]
        return [(ASSEMBLIES.column(name).label(lang), show(name, before, lang), show(name, after, lang))
                for name, before, after in self.fields]


def _plain(value):
    """A stored value comparable across reads: None for unknown, a tuple for a list, Python scalars."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(_plain(v) for v in value) or None
    if is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def show(name: str, value, lang: str = "fr") -> str:
    if value is None:
        return i18n.t("history_empty_value", lang)
    shown = cell(list(value) if isinstance(value, tuple) else value, ASSEMBLIES.column(name), lang)
    if isinstance(shown, dt.date):
        return i18n.fmt_date(shown, lang, "long")
    if isinstance(shown, float):
        return i18n.fmt_number(shown, lang, 3)
    return str(shown).replace(LIST_JOIN, ", ") if shown is not None else i18n.t("history_empty_value", lang)


def _row(con, table: str, assembly_id: str) -> dict | None:
    frame = fetch(con, f"SELECT * FROM {table} WHERE id = ?", [assembly_id])
    return None if frame.empty else {k: _plain(v) for k, v in frame.iloc[0].to_dict().items()}


def history(con, assembly_id: str) -> list[Change]:
    """Every published change of this assembly, newest first."""
    writes = fetch(con, "SELECT id, imported_at, outcome, file_name, restores FROM imports "
                        "WHERE dataset = 'assemblies' ORDER BY id")
    kept = set(fetch(con, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                          "AND schema_name = current_schema()")["table_name"])
    ids = [int(i) for i in writes["id"]]
    changes = []
    for k, write in enumerate(writes.itertuples(index=False)):
        before_table = f"snap_{ids[k]}_assemblies"
        after_table = f"snap_{ids[k + 1]}_assemblies" if k + 1 < len(ids) else "assemblies"
        if before_table not in kept or after_table not in kept | {"assemblies"}:
            continue
        before, after = _row(con, before_table, assembly_id), _row(con, after_table, assembly_id)
        if before is None and after is None:
            continue
        if before is None or after is None:
            kind, fields = (CREATED if before is None else REMOVED), ()
        else:
            fields = tuple((c.name, before.get(c.name), after.get(c.name)) for c in ASSEMBLIES.columns
                           if c.name not in SKIPPED and before.get(c.name) != after.get(c.name))
            if not fields:
                continue
            kind = CHANGED
        restores = None if is_missing(write.restores) else int(write.restores)
        changes.append(Change(ids[k], pd.Timestamp(write.imported_at).to_pydatetime(), str(write.outcome),
                              None if is_missing(write.file_name) else str(write.file_name), restores, kind, fields))
    return changes[::-1]


def data_date(con) -> dt.datetime | None:
    """When the assemblies were last written (an import, a rollback or a validated proposal)."""
    frame = fetch(con, "SELECT max(imported_at) AS at FROM imports WHERE dataset = 'assemblies'")
    value = frame["at"].iloc[0]
    return None if is_missing(value) else pd.Timestamp(value).to_pydatetime()
