"""Columns a file does not carry keep their stored values.

A file may lack some of a dataset's known columns: deleted in a spreadsheet, or a GoGoCarto export, which never
carries the group's own fields (commissioner, level, functions, notes…). Importing it must not erase them: every
row the file matches by id (assemblies and sessions; an id left out of the file is generated as usual, and
matches a stored row with that id) keeps the stored values of the absent columns, and one warning names those
columns; a new row has them empty. To empty a column, the file carries it with empty cells. A required column
(the name, the country, a session's title) is never taken from the stored rows: a file without it is refused
(acp.ingest.records.map_header).

GoGoCarto's categories carry the typology (specialisation, permanence, completeness): an element none of whose
categories says anything about one of them has nothing to say there, and the stored value stays too.

The survey and the participants' profile keep nothing: a survey wave and a session's profile are one set of
answers, replaced whole (counts, respondents and free proposals from one file; mixing in another file's would
give figures no one answered); the wave's title and date and a theme's short label already come from the stored
ones when the file lacks them (acp.ingest.survey), and a registration export without its status or experience
column counts everyone as « Non renseigné », said in a warning (acp.ingest.participants).

The stored rows come from `context["current"]`, a function giving a stored table by name (acp.store.read_table
bound to the connection; acp.ingest.read_upload puts it there), called only when the file lacks a column.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd

from ..messages import M_, MN_, Number, quoted_list
from ..schema import Column, Dataset, is_missing
from .problems import Problems

Current = Callable[[str], pd.DataFrame]


def absent_columns(dataset: Dataset, carried) -> tuple[str, ...]:
    """The columns a stored row can keep when the file lacks them: not the id (the key, generated when absent)
    and not a required column (a file without it is refused)."""
    carried = set(carried)
    return tuple(c.name for c in dataset.columns if c.name not in carried and c.name != "id" and not c.required)


def as_parsed(value, column: Column):
    """A stored cell (as pandas reads it from DuckDB) as the value the file's parser would have given."""
    if is_missing(value):
        return None
    if column.is_list:
        items = [str(v) for v in value if not is_missing(v)]
        return items or None
    kind = column.kind
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return value if type(value) is dt.date else pd.Timestamp(value).date()
    if kind == "time":
        return value if isinstance(value, dt.time) else pd.Timestamp(value).time()
    return str(value)


def keep_stored(records: list[dict], dataset: Dataset, absent: tuple[str, ...], current: Current | None,
                problems: Problems, unsaid: dict[int, tuple[str, ...]] | None = None) -> None:
    """Give the records the file matches by id the stored values of the `absent` columns (and of the columns
    `unsaid` lists for a row number: GoGoCarto's categories silent there), then say so in one line each."""
    unsaid = {row: names for row, names in (unsaid or {}).items() if names}
    if current is None or not (absent or unsaid):
        return
    stored = current(dataset.name)
    names = list(dict.fromkeys([*absent, *(n for ns in unsaid.values() for n in ns)]))
    ids = {r["id"] for r in records if r.get("id") is not None}
    stored = stored[stored["id"].isin(ids)]
    if stored.empty:
        return  # every row is new: the absent columns stay empty, nothing is kept
    columns = {n: dataset.column(n) for n in names}
    by_id = {str(row["id"]): row for row in stored[["id", *names]].to_dict("records")}
    kept, silent = 0, {}
    for record in records:
        row = by_id.get(record.get("id"))
        if row is None:
            continue
        kept += 1
        for name in absent:
            record[name] = as_parsed(row[name], columns[name])
        for name in unsaid.get(record["_row"], ()):
            value = as_parsed(row[name], columns[name])
            if value is not None:
                record[name] = value
                silent[name] = silent.get(name, 0) + 1
    if absent:
        new = len(records) - kept
        detail = MN_("gardées pour {n} ligne déjà en place", "gardées pour {n} lignes déjà en place", n=Number(kept))
        if new:
            detail = M_("{kept}, {new}", kept=detail, new=MN_("vides pour {n} nouvelle ligne",
                                                              "vides pour {n} nouvelles lignes", n=Number(new)))
        problems.warn(M_("colonnes absentes du fichier, valeurs conservées : {columns} ({detail}) ; pour vider une "
                         "colonne, importez-la avec des cellules vides.",
                         columns=_labels([columns[n] for n in absent]), detail=detail), row=1)
    if silent:
        problems.warn(M_("catégories GoGoCarto muettes sur {columns} : valeur en place conservée ({counts}).",
                         columns=_labels([columns[n] for n in silent]),
                         counts=[MN_("{column} : {n} fiche", "{column} : {n} fiches", n=Number(k), column=columns[n])
                                 for n, k in silent.items()]),
                      column="categories")


def _labels(columns: list[Column]):
    """« Animation », « Statut »: the columns' labels in the reader's language, with its quotation marks."""
    return lambda lang: quoted_list([c.label(lang) for c in columns], lang)
