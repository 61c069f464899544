"""Table -> records: map headers through the schema's aliases, parse every cell, collect problems."""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter

from ..catalogs import SOURCE_LANG
from ..messages import M_, MN_, Number, quoted_list
from ..schema import Column, Dataset, fold
from . import values
from .problems import Problems
from .tabular import DELIMITERS, Table


def slugify(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-") or "sans-nom"


class ColumnName(str):
    """A schema column named where the file has no header for it (a problem's `column`): its French label, a str
    like the headers written in the file, that says itself in the reader's language (acp.messages renders a
    parameter with a `label(lang)` by it)."""

    column: Column

    def __new__(cls, column: Column) -> "ColumnName":
        self = super().__new__(cls, column.label())
        self.column = column
        return self

    def label(self, lang: str = SOURCE_LANG) -> str:
        return self.column.label(lang)

    def __reduce__(self):
        return ColumnName, (self.column,)


def header_of(column: Column, written: dict[str, str]) -> str:
    """The column's header as written in the file, else its label (ColumnName, in the reader's language)."""
    return written.get(column.name) or ColumnName(column)


def map_header(header: list[str], dataset: Dataset, problems: Problems,
               ignored: tuple[str, ...] = ()) -> dict[int, str]:
    """Column position -> column name. Unknown headers are warned about and ignored."""
    known = dataset.header_map()
    skip = {fold(h) for h in ignored}
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for i, raw in enumerate(header):
        key = fold(raw)
        if not key:
            continue
        name = known.get(key)
        if name is None:
            if key not in skip:
                unknown.append(raw)
            continue
        if name in seen:
            problems.error(M_("deux colonnes désignent « {column} » (« {first} » et « {second} ») : gardez-en une seule.",
                              column=dataset.column(name), first=seen[name], second=raw), row=1, column=raw)
            continue
        seen[name] = raw
        mapping[i] = name
    if unknown:
        problems.warn(M_("colonnes non reconnues, ignorées : {unknown}. Colonnes reconnues : {known}.",
                         unknown=lambda lang: quoted_list(unknown, lang),
                         known=lambda lang: quoted_list([c.label(lang) for c in dataset.columns], lang)), row=1)
    for column in dataset.columns:
        if column.required and column.name not in seen:
            problems.error(M_("colonne obligatoire absente : « {column} ».", column=column), row=1)
    return mapping


def rows_of_header_width(table: Table, problems: Problems) -> list[tuple[int, list[str]]]:
    """The rows that have a value for every column of the header and none beyond it; every other row is an error
    naming it, so that the whole file is refused (nothing would be imported correctly).

    A row longer than the header and than most rows is refused even when its extra cells are empty: a separator
    typed inside a value has shifted its values one column to the right. A CSV row with fewer values than the
    header's named columns (fewer separators) is cut short, or its separators are not the header's. Empty values
    at the end of a row still count: "a;b;" has three values, as spreadsheets write them.
    """
    width = len(table.header)
    named = len(table.header) - next((i for i, h in enumerate(reversed(table.header)) if h.strip()), width)
    usual = Counter(len(cells) for _, cells in table.rows).most_common(1)[0][0] if table.rows else width
    kept = []
    for number, cells in table.rows:
        extra = [c for c in cells[width:] if c.strip()]
        if extra or len(cells) > max(width, usual):
            problems.error(M_(
                "{n} valeurs pour {width} colonnes : une valeur contient sans doute le séparateur "
                "sans guillemets, ou une colonne manque dans l'en-tête ; rien ne serait importé correctement.",
                n=Number(len(cells)), width=Number(width)), row=number, value=extra[0] if extra else None)
            continue
        if len(cells) < named and table.kind == "csv":
            if any("\n" in c for c in cells):
                problems.error(M_("guillemet non refermé : plusieurs lignes du fichier ont été fusionnées."), row=number)
                continue
            other = _other_delimiter(table, cells)
            if other:
                problems.error(M_("cette ligne sépare ses valeurs par « {other} » alors que l'en-tête les sépare par "
                                  "« {delimiter} » : toutes ses valeurs iraient dans la première colonne ; utilisez le "
                                  "même séparateur partout.", other=_NAMES.get(other, other),
                                  delimiter=_NAMES.get(table.delimiter, table.delimiter)),
                               row=number, value=table.delimiter.join(cells))
                continue
            missing = next(h for h in table.header[len(cells):] if h.strip())
            problems.error(MN_(
                "{n} valeur pour {width} colonnes : la ligne s'arrête avant cette colonne (ligne coupée, ou "
                "séparateur « {delimiter} » manquant) ; rien ne serait importé correctement.",
                "{n} valeurs pour {width} colonnes : la ligne s'arrête avant cette colonne (ligne coupée, ou "
                "séparateur « {delimiter} » manquant) ; rien ne serait importé correctement.",
                n=Number(len(cells)), width=Number(width), delimiter=_NAMES.get(table.delimiter, table.delimiter)),
                row=number, column=missing)
            continue
        kept.append((number, cells))
    return kept


def row_cells(table: Table, mapping: dict[int, str], problems: Problems):
    """Yield (row number, {column name: raw text}) for the rows of the header's width (see rows_of_header_width,
    which the importer applies first). Values under a column without a header are ignored, and said so (first
    one named).
    """
    unnamed = {i: None for i, h in enumerate(table.header) if not h.strip()}
    for number, cells in table.rows:
        for i in unnamed:
            if unnamed[i] is None and i < len(cells) and cells[i].strip():
                unnamed[i] = (number, cells[i])
        yield number, {name: (cells[i] if i < len(cells) else "") for i, name in mapping.items()}
    for i, first in unnamed.items():
        if first is not None:
            problems.warn(M_("valeurs dans une colonne sans en-tête, ignorées : donnez-lui un nom d'en-tête reconnu "
                             "pour les importer."), row=first[0], column=M_("n° {number} (sans en-tête)", number=i + 1),
                          value=first[1])


_NAMES = {";": ";", ",": ",", "\t": M_("tabulation")}


def _other_delimiter(table: Table, cells: list[str]) -> str | None:
    """The separator that splits a too-short row into exactly the header's columns, if not the file's own."""
    line = (table.delimiter or ";").join(cells)
    for delimiter in DELIMITERS:
        if delimiter != table.delimiter and delimiter in line:
            if len(next(csv.reader([line], delimiter=delimiter))) == len(table.header):
                return delimiter
    return None


def parse_records(rows, dataset: Dataset, written: dict[str, str], problems: Problems) -> list[dict]:
    """Parse each raw cell with its column's parser; every failure becomes a problem."""
    records = []
    for number, raw in rows:
        record = {"_row": number}
        for column in dataset.columns:
            text = raw.get(column.name, "")
            try:
                value = values.parse(text, column) if text else None  # every parser gives None for ""
            except values.BadValue as exc:
                problems.error(exc.message, row=number, column=header_of(column, written), value=text)
                value = None
                record.setdefault("_bad", set()).add(column.name)
            record[column.name] = value
            if column.required and value is None and column.name not in record.get("_bad", ()):
                problems.error(M_("valeur obligatoire manquante : « {column} ».", column=column), row=number,
                               column=header_of(column, written))
        records.append(record)
    return records


def unique_ids(records: list[dict], make_id, problems: Problems, column_label: str) -> None:
    """Report invalid and duplicate ids (with both rows), then fill missing ids with make_id(record).

    Ids written in the file are taken first, so a generated id never collides with one written further down.
    """
    first_row: dict[str, int] = {}
    for record in records:
        given = record.get("id")
        if given is None:
            continue
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,79}", given):
            problems.error(M_("identifiant invalide : lettres sans accents, chiffres, « - » et « _ » seulement, "
                              "sans espaces."), row=record["_row"], column=column_label, value=given)
        if given in first_row:
            problems.error(M_("identifiant déjà utilisé ligne {row}.", row=first_row[given]),
                           row=record["_row"], column=column_label, value=given)
        first_row.setdefault(given, record["_row"])
    for record in records:
        if record.get("id") is None:
            base = make_id(record)
            candidate, n = base, 2
            while candidate in first_row:
                candidate, n = f"{base}-{n}", n + 1
            record["id"] = candidate
            first_row[candidate] = record["_row"]
