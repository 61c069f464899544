"""The editions of the assemblies (acp.schema.EDITIONS): one row per cycle, and the rules between its cells.

Refused, each with its row and column: an edition of an assembly the base does not hold (`context["assembly_ids"]`,
the stored assemblies' ids; a name borne by one stored assembly gives its id; without them, as in a bare read, that rule is not checked), an end before
the start, a response dated before the start, more recommendations adopted than made, more implemented than
adopted, an id used twice. Months and years compare as the periods they are: « 2021 » is neither before nor
after « 2021-05 » (same year), « 2020 » is before it.

An edition without an id gets `<assembly>-<n>`, n its rank by start within its assembly in the file (an unknown
start last, then the file's order): the same file gives the same ids, and matches the stored rows it gave before
(the columns a file lacks keep their stored values on them, acp.ingest.keep). Unknown values stay empty, never 0.
"""
from __future__ import annotations

import difflib

import pandas as pd

from ..messages import M_
from ..schema import EDITIONS, fold
from .keep import absent_columns, keep_stored
from .problems import Problems
from .records import header_of, map_header, parse_records, row_cells, unique_ids
from .tabular import Table


def span(month: str | None) -> tuple[str, str] | None:
    """The first and last month a stored month or year covers: '2021' -> ('2021-01', '2021-12')."""
    if not month:
        return None
    text = str(month)
    return (f"{text}-01", f"{text}-12") if len(text) == 4 else (text, text)


def before(a: str | None, b: str | None) -> bool:
    """Whether month or year `a` is wholly before `b` (False when either is unknown or they overlap)."""
    sa, sb = span(a), span(b)
    return sa is not None and sb is not None and sa[1] < sb[0]


def _frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{n: r.get(n) for n in EDITIONS.names} for r in records], columns=EDITIONS.names,
                         dtype=object)
    return frame.astype(object).where(frame.notna(), None)


def _generated_ids(records: list[dict]) -> dict[int, str]:
    """Row number -> `<assembly>-<n>` for every record (used for those without an id)."""
    by_assembly: dict[str, list[dict]] = {}
    for r in records:
        by_assembly.setdefault(r.get("assembly") or "edition", []).append(r)
    out = {}
    for assembly, rows in by_assembly.items():
        ordered = sorted(rows, key=lambda r: (r.get("start") is None, span(r.get("start")) or ("", ""), r["_row"]))
        for n, r in enumerate(ordered, 1):
            out[r["_row"]] = f"{assembly}-{n}"
    return out


def _known_assembly(value: str, ids: set, names: dict[str, str], problems: Problems, row: int, column) -> str | None:
    """The assembly's id: as written when the base holds it, else the id of the one stored assembly of that name
    (accents and case ignored); otherwise an error with the closest id."""
    if value in ids:
        return value
    if fold(value) in names:
        return names[fold(value)]
    close = difflib.get_close_matches(value, sorted(ids), n=1, cutoff=0.6)
    suggestion = M_(" Vouliez-vous dire « {value} » ?", value=close[0]) if close else ""
    problems.error(M_("assemblée inconnue de la base : l'édition doit nommer l'identifiant d'une assemblée déjà "
                      "importée (colonne « Identifiant » des assemblées).{suggestion}", suggestion=suggestion),
                   row=row, column=column, value=value)
    return None


def read(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    """The editions of a file; `context["assembly_ids"]` (a set) and `context["assembly_names"]` ({folded name: id},
    names borne by one assembly only) are the assemblies they may name."""
    mapping = map_header(table.header, EDITIONS, problems)
    written = {name: table.header[i] for i, name in mapping.items()}

    def header(name: str):
        return header_of(EDITIONS.column(name), written)

    records = parse_records(row_cells(table, mapping, problems), EDITIONS, written, problems)
    ids, names = context.get("assembly_ids"), context.get("assembly_names") or {}
    if ids is not None:
        for r in records:
            if r.get("assembly"):
                r["assembly"] = _known_assembly(r["assembly"], ids, names, problems, r["_row"], header("assembly"))
    generated = _generated_ids(records)
    unique_ids(records, lambda r: generated[r["_row"]], problems, header("id"))
    keep_stored(records, EDITIONS, absent_columns(EDITIONS, mapping.values()), context.get("current"), problems)
    for r in records:
        row = r["_row"]
        if before(r.get("end"), r.get("start")):
            problems.error(M_("la fin ({end}) précède le début ({start}).", end=r["end"], start=r["start"]),
                           row=row, column=header("end"), value=r["end"])
        if before(r.get("response_date"), r.get("start")):
            problems.error(M_("la réponse ({date}) est datée d'avant le début de l'édition ({start}).",
                              date=r["response_date"], start=r["start"]),
                           row=row, column=header("response_date"), value=r["response_date"])
        made, adopted, implemented = r.get("recommendations"), r.get("adopted"), r.get("implemented")
        if made is not None and adopted is not None and adopted > made:
            problems.error(M_("plus de recommandations adoptées ({adopted}) que de recommandations faites ({made}).",
                              adopted=adopted, made=made), row=row, column=header("adopted"), value=str(adopted))
        if adopted is not None and implemented is not None and implemented > adopted:
            problems.error(M_("plus de recommandations mises en œuvre ({implemented}) que d'adoptées ({adopted}).",
                              implemented=implemented, adopted=adopted),
                           row=row, column=header("implemented"), value=str(implemented))
        elif adopted is None and made is not None and implemented is not None and implemented > made:
            problems.error(M_("plus de recommandations mises en œuvre ({implemented}) que de recommandations faites "
                              "({made}).", implemented=implemented, made=made),
                           row=row, column=header("implemented"), value=str(implemented))
    return {"editions": _frame(records)}
