"""An assembly's fiche: its fields grouped and labelled, what is missing, the five criteria.

Pure functions over one stored row; the Streamlit rendering is in acp.ui.fiche_view.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import i18n
from .catalogs import N_
from .criteria import CRITERIA, CRITERIA_SELECT, EDITION_FACTS_SELECT, explain
from .schema import ASSEMBLIES, is_missing

SECTIONS = (
    ("identity", N_("Identité"), ("name", "city", "region", "country", "commissioner", "website")),
    ("dates", N_("Dates et statut"), ("start_year", "end_year", "status", "permanent", "updated")),
    ("typology", N_("Typologie"),
     ("level", "initiated_by", "topics_from", "functions", "selection", "specialisation")),
    ("design", N_("Fonctionnement"),
     ("members", "mandate_months", "compensated", "compensation", "editions", "hearings", "several_topics",
      "renewed", "secretariat", "public_authority")),
    ("accountability", N_("Obligation de rendre compte"),
     ("legal_basis", "legal_basis_date", "legal_basis_link", "duty_to_respond", "response_delay_months",
      "follow_up_body")),
)
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    text: str | None          # None when unknown
    items: tuple[str, ...] = ()
    link: str | None = None



def safe_link(url: str | None) -> str | None:
    """Only http(s) and mailto links are ever made clickable."""
    if url and url.strip().lower().startswith(LINK_SCHEMES):
        return url.strip()
    return None


def field(record: dict, name: str, lang: str = "fr") -> Field:
    column = ASSEMBLIES.column(name)
    value = record.get(name)
    label = column.label(lang)
    if is_missing(value):
        if _not_applicable(record, name):
            return Field(name, label, i18n.t("still_running", lang))
        return Field(name, label, None)
    if column.is_list:
        items = tuple(i18n.value_label(column, v, lang) if column.vocab else str(v) for v in value)
        return Field(name, label, ", ".join(items), items)
    if column.kind == "float":
        return Field(name, label, i18n.fmt_number(float(value), lang, 3))
    if column.kind == "int":
        return Field(name, label, str(int(value)) if name.endswith("year") else i18n.fmt_int(int(value), lang))
    if column.kind == "date":
        return Field(name, label, i18n.fmt_date(pd.Timestamp(value).date(), lang, "long"))
    if column.kind == "month":
        return Field(name, label, i18n.fmt_month(value, lang))
    if column.kind == "url":
        return Field(name, label, str(value), link=safe_link(str(value)))
    return Field(name, label, i18n.value_label(column, value, lang))


def sections(record: dict, lang: str = "fr") -> list[tuple[str, str, list[Field]]]:
    """(code, title, fields) for each section of the fiche, in reading order."""
    return [(code, i18n.gettext_(title, lang), [field(record, n, lang) for n in names])
            for code, title, names in SECTIONS]


def sources(record: dict) -> list[tuple[str, str | None]]:
    """(text, link or None): a source is a link only if it is http(s)."""
    value = record.get("sources")
    if is_missing(value):
        return []
    return [(str(s), safe_link(str(s))) for s in value]


def _not_applicable(record: dict, name: str) -> bool:
    """An end year is not missing while the assembly runs or is still planned."""
    return name == "end_year" and record.get("status") in ("active", "planned")


def missing_fields(record: dict, lang: str = "fr") -> list[str]:
    names = [n for _, _, ns in SECTIONS for n in ns] + ["description", "sources"]
    return [ASSEMBLIES.column(n).label(lang) for n in names
            if is_missing(record.get(n)) and not _not_applicable(record, n)]


def criteria_states(con, assembly_id: str) -> dict:
    """criterion code -> state, and the editions facts the criteria read: `editions_on_record` (how many editions)
    and `edition_topics` (how many different topics they name)."""
    cur = con.cursor()
    try:
        row = cur.execute(f"SELECT {CRITERIA_SELECT}, {EDITION_FACTS_SELECT} FROM assemblies WHERE id = ?",
                          [assembly_id]).fetchone()
    finally:
        cur.close()
    if row is None:
        return {}
    states = {c.code: state for c, state in zip(CRITERIA, row)}
    return {**states, "editions_on_record": int(row[-2] or 0), "edition_topics": int(row[-1] or 0)}


def criteria_report(states: dict, record: dict, lang: str = "fr") -> list[tuple[str, str, str]]:
    """(criterion label, state, reason) for the five criteria."""
    facts = {"editions": states.get("editions_on_record", 0), "topics": states.get("edition_topics", 0)}
    return [(c.label(lang), states.get(c.code, "unknown"),
             explain(c.code, states.get(c.code, "unknown"), record, lang, **facts)) for c in CRITERIA]


def read(con, assembly_id: str) -> dict | None:
    cur = con.cursor()
    try:
        frame = cur.execute("SELECT * FROM assemblies WHERE id = ?", [assembly_id]).df()
    finally:
        cur.close()
    return None if frame.empty else frame.iloc[0].to_dict()
