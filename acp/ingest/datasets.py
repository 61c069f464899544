"""Dataset rules beyond one cell: identifiers, coordinates, years, session times.

Each function takes a Table and returns pandas frames keyed by table name, appending every
problem it finds to `problems`.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..messages import M_, MN_, Number
from ..schema import ASSEMBLIES, SESSION_STATUS, SESSIONS, Dataset, fold
from . import gogocarto, values
from .keep import absent_columns, keep_stored
from .problems import Problems
from .records import header_of, map_header, parse_records, row_cells, slugify, unique_ids
from .tabular import Table


def _written(table: Table, mapping: dict[int, str]) -> dict[str, str]:
    return {name: table.header[i] for i, name in mapping.items()}


def _header(dataset: Dataset, written: dict[str, str]):
    """name -> the column's header as written in the file, else its label in the reader's language."""
    return lambda name: header_of(dataset.column(name), written)


def _frame(records: list[dict], names: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([{n: r.get(n) for n in names} for r in records], columns=names, dtype=object)
    return frame.astype(object).where(frame.notna(), None)


def assemblies(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    """The assemblies of a file (or of GoGoCarto's export); with `context["current"]`, the columns the file lacks
    keep their stored values on the rows it matches by id (acp.ingest.keep)."""
    if gogocarto.is_gogocarto(table):
        table = gogocarto.translate(table, problems)
    mapping = map_header(table.header, ASSEMBLIES, problems)
    written = _written(table, mapping)
    header = _header(ASSEMBLIES, written)
    records = parse_records(row_cells(table, mapping, problems), ASSEMBLIES, written, problems)
    unique_ids(records, lambda r: slugify(r.get("name") or "assemblee"), problems, header("id"))
    keep_stored(records, ASSEMBLIES, absent_columns(ASSEMBLIES, mapping.values()), context.get("current"), problems,
                table.extra.get("unsaid"))
    _keeps_editions(records, context.get("edition_counts") or {}, problems, header("id"))
    seen_names: dict[tuple, int] = {}
    for r in records:
        row = r["_row"]
        lat, lon = r.get("latitude"), r.get("longitude")
        if (lat is None) != (lon is None) and not {"latitude", "longitude"} & r.get("_bad", set()):
            missing = "longitude" if lon is None else "latitude"
            problems.error(M_("coordonnées incomplètes : « {column} » manque.", column=ASSEMBLIES.column(missing)),
                           row=row, column=header(missing))
        elif lat is None and lon is None and not {"latitude", "longitude"} & r.get("_bad", set()):
            problems.warn(M_("pas de coordonnées : l'assemblée n'apparaîtra pas sur la carte."), row=row)
        elif lat == 0 and lon == 0:
            problems.error(M_("coordonnées 0, 0 : sans doute une valeur manquante ; laissez vide si inconnu."),
                           row=row, column=header("latitude"), value="0")
        start, end = r.get("start_year"), r.get("end_year")
        if start is not None and end is not None and end < start:
            problems.error(M_("l'année de fin ({end}) précède l'année de création ({start}).", end=end, start=start),
                           row=row, column=header("end_year"), value=str(end))
        if r.get("name"):
            key = (fold(r["name"]), fold(r.get("city") or ""))
            if key in seen_names:
                problems.warn(M_("doublon probable de la ligne {row} (même nom et même ville).", row=seen_names[key]),
                              row=row, column=header("name"), value=r["name"])
            seen_names.setdefault(key, row)
    return {"assemblies": _frame(records, ASSEMBLIES.names)}


def _keeps_editions(records: list[dict], edition_counts: dict[str, int], problems: Problems, column) -> None:
    """An assembly that still has editions on record cannot leave the base (nor change its id): its editions would
    name an assembly that no longer exists. Refused, with the list; remove or move its editions first."""
    ids = {r.get("id") for r in records}
    gone = [(assembly, n) for assembly, n in sorted(edition_counts.items()) if assembly not in ids]
    if gone:
        problems.error(MN_(
            "{n} assemblée absente du fichier a encore des éditions enregistrées : {assemblies}. L'import la "
            "retirerait et ses éditions ne seraient plus rattachées à rien : gardez-la dans le fichier, ou importez "
            "d'abord les éditions sans elle.",
            "{n} assemblées absentes du fichier ont encore des éditions enregistrées : {assemblies}. L'import les "
            "retirerait et leurs éditions ne seraient plus rattachées à rien : gardez-les dans le fichier, ou "
            "importez d'abord les éditions sans elles.", n=Number(len(gone)),
            assemblies=[MN_("« {id} » ({n} édition)", "« {id} » ({n} éditions)", n=Number(k), id=a) for a, k in gone]),
            column=column)


def sessions(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    """The sessions of a file; the columns it lacks keep their stored values as for the assemblies."""
    mapping = map_header(table.header, SESSIONS, problems)
    written = _written(table, mapping)
    header = _header(SESSIONS, written)
    records = parse_records(row_cells(table, mapping, problems), SESSIONS, written, problems)

    def make_id(r: dict) -> str:
        prefix = r["date"].isoformat() + "-" if r.get("date") else ""
        return prefix + slugify(r.get("title") or "seance", 50)

    unique_ids(records, make_id, problems, header("id"))
    keep_stored(records, SESSIONS, absent_columns(SESSIONS, mapping.values()), context.get("current"), problems)
    themes = context.get("theme_ids")
    dated = {"planned", "confirmed", "past"}
    for r in records:
        row = r["_row"]
        if r.get("date") is None and r.get("status") is None and "date" not in r.get("_bad", set()):
            r["status"] = "to_schedule"
        if r.get("status") in dated and r.get("date") is None and "date" not in r.get("_bad", set()):
            problems.error(M_("une séance « {status} » doit avoir une date.", status=SESSION_STATUS.term(r["status"])),
                           row=row, column=header("date"))
        if (r.get("start") or r.get("end")) and r.get("date") is None and "date" not in r.get("_bad", set()):
            problems.error(M_("heure sans date : indiquez la date de la séance."), row=row, column=header("date"))
        if r.get("start") and r.get("end") and r["end"] <= r["start"]:
            end, start = r["end"].strftime("%H:%M"), r["start"].strftime("%H:%M")
            problems.error(M_("l'heure de fin ({end}) n'est pas après l'heure de début ({start}).", end=end, start=start),
                           row=row, column=header("end"), value=end)
        if r.get("theme") and themes is not None and r["theme"] not in themes:
            problems.warn(M_("thème inconnu du sondage (codes connus : {accepted}).",
                             accepted=sorted(themes) or M_("aucun thème importé")),
                          row=row, column=header("theme"), value=r["theme"])
        if r.get("place") and values.foreign_link(r["place"]):
            problems.error(M_("seuls les liens « http:// » ou « https:// » sont acceptés (ou un lieu écrit en clair)."),
                           row=row, column=header("place"), value=r["place"])
        if r.get("date") and r["date"] < dt.date(2000, 1, 1):
            problems.error(M_("date invraisemblable (avant 2000)."), row=row, column=header("date"),
                           value=r["date"].strftime("%d/%m/%Y"))
    return {"sessions": _frame(records, SESSIONS.names)}
