"""Fiches and editions proposed by members: the form's fields, checks with the importer's own rules, likely
duplicates, and the coordinator's decisions. No Streamlit here (acp.ui.proposal_form draws the
form, acp.ui.coordination_view the queue).

An edition (kind "edition", `target_id` its assembly) is always a new row of `editions`: read with the editions
importer's rules (acp.ingest.editions: a known assembly, dates in order, counts that agree), shown to the
coordination with a likely duplicate (an edition of the same assembly with the same label or the same start),
and validated like an import (snapshot, a line in the history, reversible). Correcting an edition goes through an
import of the editions.

A proposal is kept as the texts the member typed, only for the fields it adds or changes; it is
read with the same parsers and rules as an uploaded file (the form's fields become a one-row
table for acp.ingest), once when it is sent and again when a coordinator validates it, against
the data as it is then. Until validated it lives only in the `proposals` table: the map, the
table and the charts read `assemblies` alone.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field

from . import i18n, store
from .catalogs import N_
from .coordination import shown
from .fiche import read as read_fiche
from .ingest import datasets as ingest_datasets
from .ingest import editions as ingest_editions
from .ingest import values
from .ingest.problems import Problems
from .ingest.tabular import Table
from .messages import M_, Message, joined
from .schema import ASSEMBLIES, EDITIONS, Column, fold, is_missing

FORM_SECTIONS = (
    ("identity", N_("Identité"),
     ("name", "city", "region", "country", "latitude", "longitude", "commissioner", "website")),
    ("dates", N_("Dates et statut"), ("start_year", "end_year", "status", "permanent")),
    ("typology", N_("Typologie"),
     ("level", "initiated_by", "topics_from", "functions", "selection", "specialisation")),
    ("design", N_("Fonctionnement"),
     ("members", "mandate_months", "compensated", "compensation", "editions", "hearings", "several_topics",
      "renewed", "secretariat", "public_authority")),
    ("accountability", N_("Obligation de rendre compte"),
     ("legal_basis", "legal_basis_date", "legal_basis_link", "duty_to_respond", "response_delay_months",
      "follow_up_body")),
    ("presentation", N_("Présentation et sources"), ("description", "sources")),
)
FORM_FIELDS = tuple(name for _, _, names in FORM_SECTIONS for name in names)
REQUIRED = tuple(c.name for c in ASSEMBLIES.columns if c.required)
LONG_TEXT = ("description", "sources", "follow_up", "notes")
EDITION_FIELDS = ("label", "start", "end", "topics", "topics_from", "members", "recommendations", "response",
                  "response_date", "adopted", "implemented", "follow_up", "report", "sources", "notes")
EDITION_REQUIRED = ("label",)

SESSION_LIMIT = 5          # proposals one browser session may send
DUPLICATE_KM = 2.0         # closer than this to another assembly: a likely duplicate
_META = {  # the member's own fields, with their limits
    "submitted_by": Column("submitted_by", "text", "Votre nom", max_length=100),
    "contact": Column("contact", "text", "Contact", max_length=200),
    "message": Column("message", "text", "Message à la coordination", max_length=1000),
}
REASON = Column("reason", "text", "Motif du refus", max_length=500)


# ---------------------------------------------------------------- values <-> texts


def widget_value(record: dict | None, name: str, dataset=ASSEMBLIES):
    """A stored value as the form's widget holds it: a code, a list of codes, True/False/None or text."""
    column = dataset.column(name)
    value = None if record is None else record.get(name)
    if column.kind == "vocab_list":
        return [] if is_missing(value) else [str(v) for v in value]
    if is_missing(value):
        return None if column.kind in ("vocab", "country", "bool") else ""
    if column.kind in ("vocab", "country"):
        return str(value)
    if column.kind == "bool":
        return bool(value)
    if column.kind == "urls":
        return "\n".join(str(v) for v in value)
    return shown(value, column)


def text_of(name: str, widget, dataset=ASSEMBLIES) -> str:
    """A widget's value as the importer reads it in a file cell."""
    column = dataset.column(name)
    if column.kind == "vocab_list":
        return " | ".join(widget or [])
    if column.kind == "bool":
        return "" if widget is None else ("Oui" if widget else "Non")
    return "" if widget is None else str(widget)


def record_texts(record: dict | None) -> dict[str, str]:
    return {name: text_of(name, widget_value(record, name)) for name in FORM_FIELDS}


# ---------------------------------------------------------------- checking a proposal

@dataclass(frozen=True)
class Duplicate:
    source: str            # "assembly" (a published fiche), "proposal" (one waiting) or "edition" (one stored)
    ref: str               # the assembly's id or the proposal's number
    name: str
    reason: str            # "name", "distance", "same_fiche"; for an edition "label" or "start"
    km: float | None = None


@dataclass
class Checked:
    kind: str                                   # "new", "correction" or "edition"
    target_id: str | None                       # the fiche corrected; for an edition, its assembly
    texts: dict[str, str]                       # every form field, as checked
    record: dict | None = None                  # the parsed row (all columns), None if unreadable
    current: dict | None = None                 # the fiche being corrected, as stored now
    changes: dict[str, str] = field(default_factory=dict)   # the fields added or changed, as typed
    problems: Problems = field(default_factory=Problems)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.problems.errors and bool(self.changes)

    def field_changes(self, lang: str = "fr") -> list[tuple[str, str, str]]:
        """(field label, value now, value proposed) for each field the proposal sets."""
        out = []
        dataset, names = (EDITIONS, EDITION_FIELDS) if self.kind == "edition" else (ASSEMBLIES, FORM_FIELDS)
        for name in names:
            if name in self.changes:
                column = dataset.column(name)
                before = shown(self.current.get(name), column, lang) if self.current else ""
                after = shown(self.record.get(name), column, lang) if self.record else self.changes[name]
                out.append((column.label(lang), before, after))
        return out


def check(con, texts: dict[str, str], target_id: str | None = None, exclude_proposal: int | None = None) -> Checked:
    """Read a proposal with the importer's rules: every problem, the changes, the likely duplicates."""
    kind = "correction" if target_id else "new"
    checked = Checked(kind, target_id, {n: str(texts.get(n) or "") for n in FORM_FIELDS})
    if target_id:
        checked.current = read_fiche(con, target_id)
        if checked.current is None:
            checked.problems.error(M_("la fiche « {id} » n'existe plus (retirée depuis) : cette correction ne peut "
                                      "plus s'appliquer.", id=target_id))
            return checked
        merged = {**record_texts(checked.current), **{n: t for n, t in checked.texts.items() if n in texts}}
        checked.texts = merged
    header = [ASSEMBLIES.column("id").fr] + [ASSEMBLIES.column(n).fr for n in FORM_FIELDS]
    table = Table(header, [(2, [target_id or ""] + [checked.texts[n] for n in FORM_FIELDS])], "form")
    frames = ingest_datasets.assemblies(table, checked.problems, {})
    if len(frames["assemblies"]) == 1:
        checked.record = frames["assemblies"].iloc[0].to_dict()
    if checked.record is None:
        return checked
    if checked.current is None:
        checked.changes = {n: t for n, t in checked.texts.items() if t.strip()}
    else:
        checked.changes = {n: checked.texts[n] for n in FORM_FIELDS
                           if shown(checked.record.get(n), ASSEMBLIES.column(n)) !=
                           shown(checked.current.get(n), ASSEMBLIES.column(n))}
        if not checked.changes and not checked.problems.errors:
            checked.problems.error(M_("aucune modification par rapport à la fiche actuelle."))
    checked.duplicates = duplicates(con, checked.record, exclude_id=target_id, exclude_proposal=exclude_proposal)
    return checked


def check_edition(con, texts: dict[str, str], assembly_id: str | None) -> Checked:
    """Read a proposed edition of `assembly_id` with the editions importer's rules, against the stored data."""
    checked = Checked("edition", assembly_id, {n: str(texts.get(n) or "") for n in EDITION_FIELDS})
    header = [EDITIONS.column(n).fr for n in ("assembly", *EDITION_FIELDS)]
    table = Table(header, [(2, [assembly_id or ""] + [checked.texts[n] for n in EDITION_FIELDS])], "form")
    frame = ingest_editions.read(table, checked.problems, store.ingest_context(con))["editions"]
    if len(frame) == 1 and frame.iloc[0]["assembly"] is not None:
        checked.record = frame.iloc[0].to_dict()
        checked.changes = {n: t for n, t in checked.texts.items() if t.strip()}
        checked.duplicates = edition_duplicates(con, checked.record)
    return checked


def edition_duplicates(con, record: dict) -> list[Duplicate]:
    """Stored editions of the same assembly with the same label (accents and case ignored) or the same start."""
    found = []
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT id, label, start FROM editions WHERE assembly = ? ORDER BY start, id",
                           [record["assembly"]]).fetchall()
    finally:
        cur.close()
    for ref, label, start in rows:
        if fold(str(label)) == fold(str(record.get("label") or "")):
            found.append(Duplicate("edition", str(ref), str(label), "label"))
        elif start and start == record.get("start"):
            found.append(Duplicate("edition", str(ref), str(label), "start"))
    return found


def meta_problems(submitted_by: str, contact: str, message: str) -> list[Message]:
    """The member's own fields: length and invisible characters, checked like any text."""
    out = []
    for name, text in (("submitted_by", submitted_by), ("contact", contact), ("message", message)):
        try:
            values.text(text or "", _META[name])
        except values.BadValue as exc:
            out.append(M_("« {column} » : {problem}", column=_META[name], problem=exc.message))
    if contact and values.foreign_link(contact):
        out.append(M_("« {column} » : seuls une adresse e-mail ou un lien « https:// » sont acceptés.",
                      column=_META["contact"]))
    return out


# ---------------------------------------------------------------- duplicates

def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _float(value) -> float | None:
    return None if is_missing(value) else float(value)


def _likely(name: str, lat, lon, other_name, other_lat, other_lon) -> tuple[str, float | None] | None:
    if other_name and fold(str(other_name)) == fold(name):
        return "name", None
    if None not in (lat, lon, other_lat, other_lon):
        km = distance_km(lat, lon, other_lat, other_lon)
        if km <= DUPLICATE_KM:
            return "distance", km
    return None


def _parsed(changes: dict, name: str):
    try:
        return values.parse(changes.get(name) or "", ASSEMBLIES.column(name))
    except values.BadValue:
        return None


def duplicates(con, record: dict, exclude_id: str | None = None, exclude_proposal: int | None = None) -> list[Duplicate]:
    """Published fiches and waiting proposals with the same folded name, or within DUPLICATE_KM."""
    name = record.get("name") or ""
    lat, lon = _float(record.get("latitude")), _float(record.get("longitude"))
    found: list[Duplicate] = []
    for other in store.read_table(con, "assemblies").to_dict("records"):
        if other["id"] == exclude_id:
            continue
        hit = _likely(name, lat, lon, other["name"], _float(other["latitude"]), _float(other["longitude"]))
        if hit:
            found.append(Duplicate("assembly", str(other["id"]), str(other["name"]), *hit))
    for p in store.proposals(con, "pending").to_dict("records"):
        if exclude_proposal is not None and int(p["id"]) == int(exclude_proposal):
            continue
        changes = json.loads(p["changes"])
        if p["kind"] == "correction":
            if exclude_id and p["target_id"] == exclude_id:
                found.append(Duplicate("proposal", str(p["id"]), str(p["target_id"]), "same_fiche"))
            continue
        hit = _likely(name, lat, lon, changes.get("name"), _parsed(changes, "latitude"), _parsed(changes, "longitude"))
        if hit:
            found.append(Duplicate("proposal", str(p["id"]), str(changes.get("name") or ""), *hit))
    return found


def duplicate_text(d: Duplicate, lang: str = "fr", member: bool = False) -> str:
    """The duplicate in one sentence (names escaped for Markdown). For a `member` proposing, a waiting
    proposal is never named: what is not validated is shown to the coordination only."""
    km = i18n.fmt_number(d.km, lang, 1) if d.km is not None else ""
    key = {("assembly", "name"): "dup_assembly_name", ("assembly", "distance"): "dup_assembly_distance",
           ("proposal", "name"): "dup_proposal_name", ("proposal", "distance"): "dup_proposal_distance",
           ("proposal", "same_fiche"): "dup_same_fiche", ("edition", "label"): "dup_edition_label",
           ("edition", "start"): "dup_edition_start"}[(d.source, d.reason)]
    if member and key == "dup_proposal_distance":
        key = "dup_proposal_distance_member"
    return i18n.t(key, lang, name=i18n.md(d.name), ref=i18n.md(d.ref), km=km)


# ---------------------------------------------------------------- sending and deciding

def submit(con, checked: Checked, submitted_by: str = "", contact: str = "", message: str = "") -> int:
    """Queue a checked proposal; returns its number (StoreError when the queue is full)."""
    if not checked.ok:
        raise ValueError("a proposal with errors cannot be sent")
    problems = meta_problems(submitted_by, contact, message)
    if problems:
        raise store.StoreError(M_("Proposition non envoyée : {problems}", problems=joined(problems)))
    return store.add_proposal(con, checked.kind, checked.target_id, checked.changes,
                              (submitted_by or "").strip() or None, (contact or "").strip() or None,
                              (message or "").strip() or None, [asdict(d) for d in checked.duplicates])


def review(con, proposal: dict) -> Checked:
    """A waiting proposal checked again against the data as it is now (what validating would write)."""
    changes = json.loads(proposal["changes"])
    if proposal["kind"] == "edition":
        return check_edition(con, changes, proposal["target_id"])
    target = proposal["target_id"] if proposal["kind"] == "correction" else None
    return check(con, changes, target, exclude_proposal=int(proposal["id"]))


def final_record(checked: Checked, today: dt.date | None = None) -> dict:
    """The row validating writes: the fiche with the proposed fields (or the new fiche), updated today; a new
    edition as it was read."""
    if checked.kind == "edition":
        return dict(checked.record)
    row = dict(checked.current) if checked.current is not None else dict(checked.record)
    for name in checked.changes:
        row[name] = checked.record.get(name)
    row["updated"] = today or dt.date.today()
    return row


def validate(con, proposal_id: int, by: str | None = None) -> int:
    """Publish a waiting proposal (logged like an import, reversible); returns the import's number."""
    proposal = store.proposal(con, proposal_id)
    if proposal is None:
        raise store.StoreError(M_("Aucune proposition n° {number}.", number=proposal_id))
    if proposal["status"] != "pending":
        raise store.StoreError(M_("La proposition n° {number} a déjà été traitée.", number=proposal_id))
    checked = review(con, proposal)
    if not checked.ok:
        raise store.StoreError(M_("Proposition invalide : {problems}",
                                  problems=joined(p.message for p in checked.problems.errors)))
    return store.validate_proposal(con, proposal_id, final_record(checked), by)


def reject(con, proposal_id: int, reason: str, by: str | None = None) -> None:
    try:
        text = values.text(reason or "", REASON)
    except values.BadValue as exc:
        raise store.StoreError(M_("Motif du refus : {problem}", problem=exc.message)) from None
    if not text:
        raise store.StoreError(M_("Indiquez le motif du refus."))
    store.reject_proposal(con, proposal_id, text, by)


def stored_duplicates(proposal: dict) -> list[Duplicate]:
    try:
        return [Duplicate(**d) for d in json.loads(proposal.get("duplicates") or "[]")]
    except (TypeError, ValueError):
        return []
