"""GoGoCarto exports (admin CSV and API JSON) -> rows the assemblies importer understands.

Only published elements (status >= 1) are kept; the others are reported one by one, never
dropped silently. GoGoCarto's categories become the typology: specialisation, permanence and
fiche completeness. An element none of whose categories speaks of one of these has nothing to say there:
`extra["unsaid"]` lists those columns per row, and an assembly already in place keeps its value (acp.ingest.keep).
"""
from __future__ import annotations

from ..catalogs import gettext_
from ..messages import M_, MN_, Number, quoted_list
from ..schema import COMPLETENESS, GOGOCARTO_IGNORED, GOGOCARTO_NON_PERMANENT, GOGOCARTO_STATUS, SPECIALISATION, fold
from .problems import Problems
from .tabular import Table

_STRUCTURE = "le cadre structurel"
_EXECUTION = "les modalites d execution"
_TYPOLOGY = ("specialisation", "permanent", "completeness")  # the columns the categories give, in this order


def is_gogocarto(table: Table) -> bool:
    header = {h.strip() for h in table.header}
    return "categories" in header and ("status" in header) and (
        "categories_ids" in header or "moderationState" in header or "geo.latitude" in header
        or table.kind == "json")


def _categories(raw: str, kind: str) -> list[str]:
    separator = " | " if kind == "json" or " | " in raw else ","
    return [c.strip() for c in raw.split(separator) if c.strip()]


def translate(table: Table, problems: Problems) -> Table:
    """Drop unpublished elements (reported), turn categories into typology columns."""
    header = list(table.header)
    position = {h: i for i, h in enumerate(header)}
    status_at, categories_at = position["status"], position["categories"]
    name_at = position.get("name")
    kept: list[tuple[int, list[str], list[str]]] = []
    unsaid: dict[int, tuple[str, ...]] = {}  # row -> the typology columns none of its categories speaks of
    dropped = 0
    unknown_categories: set[str] = set()
    for number, cells in table.rows:
        cells = cells + [""] * (len(header) - len(cells))
        raw_status = cells[status_at].strip()
        try:
            status = int(float(raw_status)) if raw_status else 1
        except ValueError:
            problems.error(M_("statut GoGoCarto illisible (nombre attendu)."), row=number, column="status",
                           value=raw_status)
            continue
        if status < 1:
            dropped += 1
            name = cells[name_at] if name_at is not None else ""
            meaning = GOGOCARTO_STATUS.get(status)  # French words of acp.schema, marked N_ there
            problems.warn(M_("élément GoGoCarto « {name} » non publié ({meaning}, statut {status}) : non importé.",
                             name=name, status=status, meaning=M_("non publiée") if meaning is None
                             else lambda lang, meaning=meaning: gettext_(meaning, lang)),
                          row=number, column="status", value=raw_status)
            continue
        specialisation, permanent, completeness = "", "", ""
        cats = {fold(c): c for c in _categories(cells[categories_at], table.kind)}
        for key, original in cats.items():
            if key == GOGOCARTO_NON_PERMANENT:
                permanent = "Non"
            elif SPECIALISATION.lookup(original):
                specialisation = SPECIALISATION.label(SPECIALISATION.lookup(original))
            elif COMPLETENESS.lookup(original) == "to_complete":
                completeness = COMPLETENESS.label("to_complete")
            elif key not in (_STRUCTURE, _EXECUTION):
                unknown_categories.add(original)
        if not completeness and _STRUCTURE in cats:
            completeness = COMPLETENESS.label("complete" if _EXECUTION in cats else "partial")
        kept.append((number, cells, [specialisation, permanent, completeness]))
        unsaid[number] = tuple(name for name, value in zip(_TYPOLOGY, kept[-1][2]) if not value)
    if dropped:
        problems.warn(MN_("{n} élément GoGoCarto non publié (en attente, refusé ou supprimé) n'a pas été importé ; "
                          "voir les lignes signalées.",
                          "{n} éléments GoGoCarto non publiés (en attente, refusés ou supprimés) n'ont pas été "
                          "importés ; voir les lignes signalées.", n=Number(dropped)))
    if unknown_categories:
        problems.warn(M_("catégories GoGoCarto sans équivalent dans la typologie, ignorées : {categories}.",
                         categories=lambda lang: quoted_list(sorted(unknown_categories), lang)), column="categories")
    # GoGoCarto's own fields (private ones included) and its categories leave the table, unread and unreported;
    # values beyond the header stay at the end, where they are refused as for any file.
    used = [i for i, h in enumerate(header) if h not in GOGOCARTO_IGNORED and h != "categories"]
    rows = [(number, [cells[i] for i in used] + typology + cells[len(header):]) for number, cells, typology in kept]
    header = [header[i] for i in used] + ["Spécialisation", "Permanente", "Complétude de la fiche"]
    return Table(header, rows, table.kind, table.delimiter, table.encoding, {"gogocarto": True, "unsaid": unsaid})
