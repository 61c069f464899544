"""Members' proposals: queued in their own table, never read by the public pages; a validated one is
written like an import (snapshot, a row in `imports` with outcome 'proposal'), so it can be rolled back."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from ..messages import M_
from .connection import TABLE_COLUMNS, StoreError
from .copies import queue_exports
from .reads import fetch
from .writes import WRITE_LOCK, insert, next_import_id, snapshot, transaction, who, write_error

PROPOSAL_KINDS = ("new", "correction", "edition")
PROPOSAL_STATUSES = ("pending", "validated", "rejected")


MAX_PENDING_PROPOSALS = 300  # a full queue refuses new proposals (a flood cannot grow the base without end)
MAX_PROPOSALS_PER_HOUR = 30  # from everyone: the per-session limit alone resets with every new browser session


def add_proposal(con, kind: str, target_id: str | None, changes: dict, submitted_by: str | None = None,
                 contact: str | None = None, message: str | None = None, duplicates: list | None = None,
                 max_pending: int = MAX_PENDING_PROPOSALS, max_per_hour: int = MAX_PROPOSALS_PER_HOUR) -> int:
    """Queue a member's proposal (pending); returns its number. Nothing else is written."""
    if kind not in PROPOSAL_KINDS:
        raise ValueError(kind)
    now = dt.datetime.now().replace(microsecond=0)
    with WRITE_LOCK, transaction(con):
        pending = con.execute("SELECT count(*) FROM proposals WHERE status = 'pending'").fetchone()[0]
        if pending >= max_pending:
            raise StoreError(M_("La file des propositions est pleine pour l'instant : réessayez quand la "
                                "coordination l'aura traitée."))
        recent = con.execute("SELECT count(*) FROM proposals WHERE submitted_at > ?",
                             [now - dt.timedelta(hours=1)]).fetchone()[0]
        if recent >= max_per_hour:
            raise StoreError(M_("Beaucoup de propositions sont arrivées cette dernière heure : réessayez un peu plus "
                                "tard, votre proposition n'a pas été enregistrée."))
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
    frame = fetch(con, f"SELECT * FROM proposals {where} ORDER BY {order}{tail}", [status] if status else [])
    return frame.astype(object).where(frame.notna(), None)  # None, never NaN, for what was not given


def proposal(con, proposal_id: int) -> dict | None:
    frame = fetch(con, "SELECT * FROM proposals WHERE id = ?", [int(proposal_id)])
    return None if frame.empty else frame.astype(object).where(frame.notna(), None).iloc[0].to_dict()


def pending_count(con) -> int:
    return int(fetch(con, "SELECT count(*) AS n FROM proposals WHERE status = 'pending'")["n"].iloc[0])


def _pending(con, proposal_id: int) -> tuple:
    row = con.execute("SELECT kind, target_id, status FROM proposals WHERE id = ?", [int(proposal_id)]).fetchone()
    if row is None:
        raise StoreError(M_("Aucune proposition n° {number}.", number=proposal_id))
    if row[2] != "pending":
        raise StoreError(M_("La proposition n° {number} a déjà été traitée.", number=proposal_id))
    return row


def validate_proposal(con, proposal_id: int, record: dict, by: str | None = None) -> int:
    """Publish a proposal: `record` (a whole assemblies row, parsed by acp.ingest) is written like an
    import (snapshot, one row in `imports`, so it can be rolled back); returns the import's number.

    A new assembly whose id is taken meanwhile gets the next free one (`-2`, `-3`…); a correction
    whose fiche has been removed meanwhile is refused.
    """
    if con.execute("SELECT kind FROM proposals WHERE id = ?", [int(proposal_id)]).fetchone() == ("edition",):
        return _validate_edition(con, proposal_id, record, by)
    try:
        with WRITE_LOCK, transaction(con, after_commit=lambda: queue_exports(con, ["assemblies"])):
            kind, target_id, _ = _pending(con, proposal_id)
            row = dict(record)
            if kind == "correction":
                if con.execute("SELECT count(*) FROM assemblies WHERE id = ?", [target_id]).fetchone()[0] == 0:
                    raise StoreError(M_("La fiche « {id} » n'existe plus : la correction ne peut pas être appliquée.",
                                          id=target_id))
                row["id"] = target_id
            else:
                base, n = row["id"], 2
                while con.execute("SELECT count(*) FROM assemblies WHERE id = ?", [row["id"]]).fetchone()[0]:
                    row["id"], n = f"{base}-{n}", n + 1
            what = "nouvelle assemblée" if kind == "new" else "correction"
            return _publish(con, proposal_id, "assemblies", row, by, f"{what} « {row['id']} »")
    except duckdb.Error as exc:
        raise write_error(exc) from exc


def _validate_edition(con, proposal_id: int, record: dict, by: str | None) -> int:
    """Publish a proposed edition: a new row of `editions`, its id `<assembly>-<n>` with the first n free after the
    assembly's editions; its assembly must still exist. Written like an import (snapshot, history, reversible)."""
    try:
        with WRITE_LOCK, transaction(con, after_commit=lambda: queue_exports(con, ["editions"])):
            _, assembly, _ = _pending(con, proposal_id)
            if con.execute("SELECT count(*) FROM assemblies WHERE id = ?", [assembly]).fetchone()[0] == 0:
                raise StoreError(M_("L'assemblée « {id} » n'existe plus : l'édition ne peut pas être ajoutée.",
                                    id=assembly))
            row = {**record, "assembly": assembly}
            n = con.execute("SELECT count(*) FROM editions WHERE assembly = ?", [assembly]).fetchone()[0] + 1
            row["id"] = f"{assembly}-{n}"
            while con.execute("SELECT count(*) FROM editions WHERE id = ?", [row["id"]]).fetchone()[0]:
                n += 1
                row["id"] = f"{assembly}-{n}"
            return _publish(con, proposal_id, "editions", row, by, f"nouvelle édition « {row['id']} »")
    except duckdb.Error as exc:
        raise write_error(exc) from exc


def _publish(con, proposal_id: int, table: str, row: dict, by: str | None, note: str) -> int:
    """Inside the caller's transaction: the row written in `table` (a constant, "assemblies" or "editions") in place
    of any row with its id, recorded like an import (snapshot first, so it can be rolled back), the proposal marked
    validated. Returns the import's number."""
    import_id = next_import_id(con)
    snapshot(con, import_id, table)
    con.execute(f"DELETE FROM {table} WHERE id = ?", [row["id"]])
    insert(con, table, pd.DataFrame([{name: row.get(name) for name, _ in TABLE_COLUMNS[table]}], dtype=object))
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    now = dt.datetime.now().replace(microsecond=0)
    con.execute("INSERT INTO imports VALUES (?, ?, ?, NULL, ?, ?, ?, 'proposal', NULL, ?)",
                [import_id, table, f"proposition n° {int(proposal_id)}", rows, now, by or who(), note])
    con.execute("UPDATE proposals SET status = 'validated', decided_at = ?, decided_by = ?, import_id = ? "
                "WHERE id = ?", [now, by or who(), import_id, int(proposal_id)])
    return import_id


def reject_proposal(con, proposal_id: int, reason: str, by: str | None = None) -> None:
    """Refuse a proposal with its reason; the data is untouched."""
    if not (reason or "").strip():
        raise StoreError(M_("Indiquez le motif du refus."))
    with WRITE_LOCK, transaction(con):
        _pending(con, proposal_id)
        con.execute("UPDATE proposals SET status = 'rejected', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
                    [dt.datetime.now().replace(microsecond=0), by or who(), reason.strip(), int(proposal_id)])
