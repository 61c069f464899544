"""Bytes -> a table of text cells: encoding, delimiter, .xlsx and GoGoCarto's JSON payload.

Every cell comes out as text (or None for an empty .xlsx cell turned into ""), so that one
set of value parsers handles CSV, Excel and JSON alike, and every row keeps the number the
user sees in the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass, field

from .problems import Problems

MAX_BYTES = int(float(os.environ.get("ACP_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
MAX_ROWS = 200_000
DELIMITERS = (";", "\t", ",")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_SPACES = {0x00A0: " ", 0x202F: " ", 0x2007: " "}
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf©¨ª«®§´¢¹¼½¾]|â€")


class FileRefused(Exception):
    """The file cannot be read as a table at all; the message is in French."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]           # (row number as seen by the user, cells)
    kind: str = "csv"                            # csv, xlsx or json
    delimiter: str | None = None
    encoding: str | None = None
    extra: dict = field(default_factory=dict)    # e.g. GoGoCarto raw elements


def clean_text(text: str) -> str:
    return text.translate(_INVISIBLE).translate(_SPACES)


def decode(data: bytes, problems: Problems) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, enc = data.decode("latin-1"), "latin-1"
    if "\x00" in text:
        raise FileRefused("le fichier n'est pas un fichier texte (CSV) ni un classeur .xlsx lisible.")
    match = _MOJIBAKE.search(text)
    if match:
        problems.warn(
            f"le texte semble mal encodé (« {match.group(0)} » au lieu d'une lettre accentuée) : "
            "le fichier a sans doute été converti deux fois ; vérifiez les accents avant d'importer."
        )
    return clean_text(text), enc


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most fields (`;` wins ties, as Excel FR)."""
    first = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    best, best_n = ";", 1
    for d in DELIMITERS:
        try:
            n = len(next(csv.reader([first], delimiter=d)))
        except (StopIteration, csv.Error):
            n = 0
        if n > best_n:
            best, best_n = d, n
    return best


def read_csv_text(text: str, problems: Problems) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line_after = 0
    try:
        for cells in reader:
            start = line_after + 1
            line_after = reader.line_num
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            rows.append((start, cells))
            if len(rows) > MAX_ROWS:
                raise FileRefused(f"le fichier dépasse {MAX_ROWS:,} lignes de données.".replace(",", " "))
    except csv.Error as exc:
        raise FileRefused(f"ligne {line_after + 1} : CSV illisible ({exc}).") from exc
    if header is None:
        raise FileRefused("le fichier est vide : aucune ligne d'en-tête.")
    if any('"' in c for c in header) or (rows and text.count('"') % 2):
        problems.warn("guillemets non appariés : une valeur entre guillemets n'est peut-être pas refermée.")
    return Table(header, rows, "csv", delimiter)


def _excel_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return clean_text(str(value))


def read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"classeur .xlsx illisible ({type(exc).__name__}).") from exc
    try:
        sheet = book.worksheets[0]
        header = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_excel_cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise FileRefused(f"le classeur dépasse {MAX_ROWS} lignes de données.")
    finally:
        book.close()
    if header is None:
        raise FileRefused("la première feuille du classeur est vide.")
    while header and not header[-1]:
        header.pop()
    return Table(header, rows, "xlsx")


def _flatten(obj: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _json_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        parts = [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
        return " | ".join(p for p in parts if p)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def read_json(text: str) -> Table:
    """GoGoCarto's API payload {"data": [...]} (or a bare list of objects)."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRefused(f"JSON illisible, ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}.") from exc
    elements = payload.get("data") if isinstance(payload, dict) else payload
    if not isinstance(elements, list) or not all(isinstance(e, dict) for e in elements):
        raise FileRefused("JSON inattendu : il faut une liste d'éléments ou un objet avec une clé « data » (export GoGoCarto).")
    flat = [_flatten(e) for e in elements]
    header: list[str] = []
    for element in flat:
        header.extend(k for k in element if k not in header)
    rows = [(i, [_json_cell(e.get(h)) for h in header]) for i, e in enumerate(flat, start=1)]
    return Table(header, rows, "json")


def read_table(name: str, data: bytes, problems: Problems) -> Table:
    """Any accepted upload -> Table; FileRefused with a French reason otherwise."""
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"le fichier fait {len(data) / 1048576:.1f} Mo, au-delà de la limite de {MAX_BYTES / 1048576:.0f} Mo."
            .replace(".", ",")
        )
    if not data.strip():
        raise FileRefused("le fichier est vide.")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("classeur Excel 97-2003 (.xls) : enregistrez-le en .xlsx ou en CSV.")
    if data.startswith(b"%PDF") or data[:8].startswith(b"\x89PNG"):
        raise FileRefused("ce n'est pas un tableau : importez un fichier CSV, .xlsx ou JSON.")
    text, encoding = decode(data, problems)
    if text.lstrip().startswith(("{", "[")) and (name.lower().endswith(".json") or text.lstrip().startswith("{")):
        table = read_json(text)
    else:
        table = read_csv_text(text, problems)
    table.encoding = encoding
    return table
