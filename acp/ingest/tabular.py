"""Bytes -> a table of text cells: encoding, delimiter, workbooks (.xlsx, .ods, .xls) and GoGoCarto's JSON payload.

Every cell comes out as text (an empty workbook cell as ""), so that one set of value parsers
handles CSV, spreadsheets and JSON alike, and every row keeps the number the user sees in the
file. A file that is no table (an image, a PDF, a Word document…) is refused with what it is.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import python_calamine

from ..messages import M_, MN_, Message, Number, Refusal
from .encoding import line_of, plausibility, single_byte_readings, utf8_accent, warn_lost_letters
from .problems import Problems

MAX_BYTES = int(float(os.environ.get("ACP_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
MAX_ROWS = 200_000
DELIMITERS = (";", "\t", ",")
_INVISIBLE = ("\ufeff", "\u200b", "\u200c", "\u200d", "\u2060")
_SPACES = (("\u00a0", " "), ("\u202f", " "), ("\u2007", " "))
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf©¨ª«®§´¢¹¼½¾]|â€")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_HINT = re.compile(r'^"?sep=(.)"?[ \t]*(?=\r\n|\n|\r)')
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))
_UNCLOSED_QUOTE = M_("guillemet non refermé : la valeur ouverte ici avale la suite du fichier ; refermez le guillemet, "
                     "ou doublez-le (« \"\" ») s'il fait partie du texte.")
_ACCEPTED = M_("importez un fichier CSV, un classeur (.xlsx, .ods ou .xls) ou un export JSON de GoGoCarto")
# What a file that is no table starts with, and what it is.
_NOT_TABLES = ((b"%PDF", M_("document PDF")), (b"\x89PNG", M_("image PNG")), (b"\xff\xd8\xff", M_("image JPEG")),
               (b"GIF87a", M_("image GIF")), (b"GIF89a", M_("image GIF")), (b"II*\x00", M_("image TIFF")),
               (b"MM\x00*", M_("image TIFF")), (b"{\\rtf", M_("document RTF (traitement de texte)")),
               (b"\x1f\x8b", M_("archive compressée (.gz)")), (b"Rar!\x1a\x07", M_("archive .rar")),
               (b"7z\xbc\xaf\x27\x1c", M_("archive .7z")))
_PHOTOS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif")
# Inside a zip: what OpenDocument's "mimetype" entry or an Office Open XML part says the file is.
_ODF_OTHERS = (("application/vnd.oasis.opendocument.text", M_("document texte OpenDocument (.odt)")),
               ("application/vnd.oasis.opendocument.presentation", M_("présentation OpenDocument (.odp)")),
               ("application/vnd.oasis.opendocument.graphics", M_("dessin OpenDocument (.odg)")))
_ZIP_OTHERS = (("word/document.xml", M_("document Word (.docx)")),
               ("ppt/presentation.xml", M_("présentation PowerPoint (.pptx)")))
_ZIP_SPREADSHEETS = (("xl/workbook.bin", M_("classeur Excel binaire (.xlsb)")),
                     ("Index/Document.iwa", M_("classeur Apple Numbers")))
# Inside an OLE2 container (.xls, .doc, .ppt, .msg, an Office file protected by a password): its streams' names.
_OLE_OTHERS = (("WordDocument", M_("document Word 97-2003 (.doc)")),
               ("PowerPoint Document", M_("présentation PowerPoint 97-2003 (.ppt)")),
               ("__substg1.0_", M_("message Outlook (.msg)")))
_PROTECTED = M_("classeur protégé par un mot de passe : ouvrez-le dans votre tableur, retirez le mot de passe "
                "(ou enregistrez une copie sans mot de passe) et importez cette copie.")
_WORKBOOK_NAMES = {"xlsx": ".xlsx", "ods": ".ods", "xls": "Excel 97-2003 (.xls)"}
_JSON_ERRORS = {
    "Expecting value": M_("valeur attendue (texte entre guillemets, nombre, liste ou objet)"),
    "Expecting property name enclosed in double quotes": M_("nom de champ entre guillemets attendu (virgule en trop ?)"),
    "Expecting ',' delimiter": M_("virgule manquante entre deux éléments"),
    "Expecting ':' delimiter": M_("deux-points manquant après un nom de champ"),
    "Unterminated string starting at": M_("texte entre guillemets non refermé"),
    "Extra data": M_("contenu en trop après la fin des données"),
}


class FileRefused(Refusal):
    """The file cannot be read as a table at all."""

    def __init__(self, message: Message, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]           # (row number as seen by the user, cells)
    kind: str = "csv"                            # csv, xlsx, ods, xls or json
    delimiter: str | None = None
    encoding: str | None = None
    extra: dict = field(default_factory=dict)    # e.g. GoGoCarto raw elements
    header_row: int = 1                          # the header's row as the user sees it


def clean_text(text: str) -> str:
    """Without invisible characters, with plain spaces for no-break ones.

    One str.replace per character, only when present: str.translate with a mapping goes through
    the mapping once per character of the text, half the import time of a 3 MB file."""
    for char in _INVISIBLE:
        if char in text:
            text = text.replace(char, "")
    for char, space in _SPACES:
        if char in text:
            text = text.replace(char, space)
    return text


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """Strictly UTF-8 or UTF-16 when the file starts with their mark; else UTF-8, then Windows-1252 or Mac Roman.

    A file that is partly UTF-8 and partly something else (two exports pasted together) is refused: read either
    way, some of its accents would be stored garbled."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                line = data[:exc.start].decode(codec, errors="replace").count("\n") + 1
                raise FileRefused(M_(
                    "le fichier s'annonce en {encoding} mais contient des caractères invalides en {encoding} : "
                    "enregistrez-le à nouveau en « CSV UTF-8 » depuis votre tableur.", encoding=label), row=line) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_at = utf8_accent(data)
        if utf8_at is not None:
            lines = sorted({line_of(data, exc.start), line_of(data, utf8_at)})
            raise FileRefused(MN_(
                "le fichier mélange deux encodages (UTF-8 et Windows-1252 ; par exemple deux exports collés l'un "
                "à l'autre) : voyez les accents ligne {lines} ; ouvrez-le dans votre tableur, corrigez les accents "
                "et enregistrez-le à nouveau en « CSV UTF-8 ».",
                "le fichier mélange deux encodages (UTF-8 et Windows-1252 ; par exemple deux exports collés l'un "
                "à l'autre) : voyez les accents lignes {lines} ; ouvrez-le dans votre tableur, corrigez les accents "
                "et enregistrez-le à nouveau en « CSV UTF-8 ».", n=len(lines),
                lines=lines[0] if len(lines) == 1 else M_("{first} et {second}", first=lines[0], second=lines[1])),
                row=line_of(data, exc.start)) from exc
    return max(single_byte_readings(data), key=plausibility)


def decode(data: bytes, problems: Problems) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 or Mac Roman."""
    text, enc = _decode_bytes(data) if not _binary(data) else ("\x00", "")
    if _binary(text):
        raise FileRefused(M_("le fichier n'est ni un fichier texte (CSV) ni un classeur (.xlsx, .ods ou .xls) lisible."))
    match = _MOJIBAKE.search(text)
    if match:
        problems.warn(M_(
            "le texte semble mal encodé (« {found} » au lieu d'une lettre accentuée) : "
            "le fichier a sans doute été converti deux fois ; vérifiez les accents avant d'importer.",
            found=match.group(0)))
    if enc in ("cp1252", "mac_roman"):
        warn_lost_letters(text, problems)
    return clean_text(text), enc


def _binary(data: bytes | str) -> bool:
    """Control characters (NUL…) in one character of twenty: not text. A stray few are named with their cell."""
    if isinstance(data, bytes):
        if data.startswith(tuple(bom for bom, _, _ in _BOMS)):
            return False
        data = data.decode("latin-1")
    return len(_CONTROL_CHARS.findall(data)) * 20 > len(data)


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
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter; blanked, so that every row keeps its line number
        delimiter, text = hint.group(1), text[hint.end():]
    else:
        delimiter = sniff_delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # a long value is then reported as too long
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    header: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list[str]]] = []
    line_after = 0
    try:
        for cells in reader:
            start = line_after + 1
            line_after = reader.line_num
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header, header_row = [c.strip() for c in cells], start
                continue
            if not any(c.strip() for c in cells):
                continue
            rows.append((start, cells))
            if len(rows) > MAX_ROWS:
                raise FileRefused(M_("le fichier dépasse {n} lignes de données.", n=Number(MAX_ROWS)))
    except csv.Error as exc:  # with strict=False, only a value over the field size limit: a quote left open
        raise FileRefused(_UNCLOSED_QUOTE, row=line_after + 1) from exc
    if header is None:
        raise FileRefused(M_("le fichier est vide : aucune ligne d'en-tête."))
    odd_quotes = text.count('"') % 2
    if odd_quotes:
        _refuse_swallowed_lines(header, rows)
    if odd_quotes or any('"' in c for c in header):
        problems.warn(M_("guillemets non appariés : une valeur entre guillemets n'est peut-être pas refermée."))
    return Table(header, rows, "csv", delimiter, header_row=header_row)


def _refuse_swallowed_lines(header: list[str], rows: list[tuple[int, list[str]]]) -> None:
    """With an odd number of quotes, a last value spanning lines is a quote left open: the reader ran to the end
    of the file inside it, so it swallowed every line after it."""
    if rows and "\n" in rows[-1][1][-1]:
        number, cells = rows[-1]
        raise FileRefused(_UNCLOSED_QUOTE, row=number, column=header[len(cells) - 1] if len(cells) <= len(header) else None)


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
    if isinstance(value, dt.timedelta) and dt.timedelta(0) <= value < dt.timedelta(days=1):
        return (dt.datetime.min + value).time().isoformat()  # a time in a duration format ([h]:mm)
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return clean_text(str(value))


def _sheet_table(rows, kind: str) -> Table:
    """(row number, cell values) of a sheet -> Table: the first non-empty row is the header."""
    header, header_row = None, 1
    table_rows: list[tuple[int, list[str]]] = []
    for number, values in rows:
        cells = [_excel_cell(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header, header_row = [c.strip() for c in cells], number
            continue
        table_rows.append((number, cells))
        if len(table_rows) > MAX_ROWS:
            raise FileRefused(M_("le classeur dépasse {n} lignes de données.", n=Number(MAX_ROWS)))
    if header is None:
        raise FileRefused(M_("la première feuille du classeur est vide."))
    while header and not header[-1]:
        header.pop()
    return Table(header, table_rows, kind, header_row=header_row)


def _unreadable(kind: str) -> FileRefused:
    name = _WORKBOOK_NAMES.get(kind, kind)
    again = ".xlsx" if kind == "xls" else name
    return FileRefused(M_("classeur {name} illisible : le fichier est endommagé ou n'est pas un vrai classeur ; "
                          "ouvrez-le dans votre tableur et enregistrez-le à nouveau en {again}.", name=name, again=again))


def read_xlsx(data: bytes) -> Table:
    """.xlsx through openpyxl: a formula's last computed value, and an error cell as its text (« #DIV/0! »), which the
    value parsers then refuse (python-calamine would give an empty cell for it)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _unreadable("xlsx") from exc
    try:
        return _sheet_table(enumerate(book.worksheets[0].iter_rows(values_only=True), start=1), "xlsx")
    finally:
        book.close()


def read_calamine(data: bytes, kind: str) -> Table:
    """OpenDocument (.ods) and Excel 97-2003 (.xls) workbooks through python-calamine, first worksheet."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise FileRefused(_PROTECTED) from exc
    except Exception as exc:  # CalamineError, ZipError, XmlError… for a damaged file
        raise _unreadable(kind) from exc
    try:
        sheets = [i for i, m in enumerate(book.sheets_metadata) if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        if not sheets:
            raise FileRefused(M_("le classeur n'a aucune feuille de calcul."))
        try:
            sheet = book.get_sheet_by_index(sheets[0])
            # iter_rows starts at the first row but at the first used column: columns keep their place
            skipped = [""] * (sheet.start[1] if sheet.start else 0)
            return _sheet_table(((n, skipped + values) for n, values in enumerate(sheet.iter_rows(), start=1)), kind)
        except python_calamine.CalamineError as exc:
            raise _unreadable(kind) from exc
    finally:
        book.close()


def _zip_kind(data: bytes, name: str) -> str:
    """'xlsx' or 'ods' for a zip container; FileRefused naming anything else (a Word document, an archive…)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip() if "mimetype" in names else ""
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except Exception as exc:  # zipfile.BadZipFile, a truncated entry, a bad compression…
        guessed = PurePath(name.lower()).suffix.lstrip(".")
        raise _unreadable(guessed if guessed in ("xlsx", "ods") else "xlsx") from exc
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet") or (
            not mimetype and b"opendocument.spreadsheet" in manifest):
        if b"encryption-data" in manifest:
            raise FileRefused(_PROTECTED)
        return "ods"
    if "xl/workbook.xml" in names:
        return "xlsx"
    spreadsheet = next((label for part, label in _ZIP_SPREADSHEETS if part in names), None)
    if spreadsheet:
        raise FileRefused(M_("{what} : ce format n'est pas lu ; enregistrez-le (ou exportez-le) en .xlsx, .ods ou "
                             "CSV depuis votre tableur, puis importez ce fichier.", what=spreadsheet))
    what = next((label for prefix, label in _ODF_OTHERS if mimetype.startswith(prefix)), None) or next(
        (label for part, label in _ZIP_OTHERS if part in names), None)
    if what is None and mimetype.startswith("application/vnd.oasis.opendocument"):
        what = M_("document OpenDocument")
    raise _no_table(what or M_("archive .zip"))


def _no_table(what: Message) -> FileRefused:
    """« document PDF : ce n'est pas un tableau ; importez… »."""
    return FileRefused(M_("{what} : ce n'est pas un tableau ; {accepted}.", what=what, accepted=_ACCEPTED))


def _ole_refusal(data: bytes) -> FileRefused | None:
    """What an OLE2 container that could not be read as .xls is (Word 97-2003, Outlook…), from its streams' names."""
    if "EncryptedPackage".encode("utf-16-le") in data:  # .xlsx (or .docx) protected by a password
        return FileRefused(_PROTECTED)
    for stream, what in _OLE_OTHERS:
        if stream.encode("utf-16-le") in data:
            return _no_table(what)
    return None


def _not_a_table(data: bytes) -> Message | None:
    for magic, what in _NOT_TABLES:
        if data.startswith(magic):
            return what
    if data[4:12] in _PHOTOS:
        return M_("photo HEIC ou AVIF")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return M_("image WebP")
    return None


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
        reason = _JSON_ERRORS.get(exc.msg) or M_("syntaxe JSON incorrecte")
        raise FileRefused(M_("JSON illisible, colonne {column} : {reason}.", column=exc.colno, reason=reason),
                          row=exc.lineno) from exc
    except RecursionError as exc:
        raise FileRefused(M_("JSON illisible : listes ou objets imbriqués trop profondément.")) from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise FileRefused(M_("JSON illisible : un nombre compte trop de chiffres.")) from exc
    elements = payload.get("data") if isinstance(payload, dict) else payload
    if not isinstance(elements, list) or not all(isinstance(e, dict) for e in elements):
        raise FileRefused(M_("JSON inattendu : il faut une liste d'éléments ou un objet avec une clé « data » "
                             "(export GoGoCarto)."))
    try:
        flat = [_flatten(e) for e in elements]
    except RecursionError as exc:
        raise FileRefused(M_("JSON inattendu : objets imbriqués trop profondément.")) from exc
    header: list[str] = []
    for element in flat:
        header.extend(k for k in element if k not in header)
    rows = [(i, [_json_cell(e.get(h)) for h in header]) for i, e in enumerate(flat, start=1)]
    return Table(header, rows, "json")


def read_table(name: str, data: bytes, problems: Problems) -> Table:
    """Any accepted upload -> Table; FileRefused with the reason (a Message) otherwise."""
    if len(data) > MAX_BYTES:
        size, limit = (Number(round(n / 1048576, 1)) for n in (len(data), MAX_BYTES))
        raise FileRefused(M_("le fichier fait {size} Mo, au-delà de la limite de {limit} Mo.", size=size, limit=limit))
    if not data.strip():
        raise FileRefused(M_("le fichier est vide."))
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data, name)
        table = read_xlsx(data) if kind == "xlsx" else read_calamine(data, kind)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, but also .doc, .msg, a protected .xlsx
        try:
            table = read_calamine(data, "xls")
        except FileRefused as refused:
            other = _ole_refusal(data)
            if other is None:
                raise
            raise other from refused
    elif _not_a_table(data):
        raise _no_table(_not_a_table(data))
    else:
        text, encoding = decode(data, problems)
        if text.lstrip().startswith(("{", "[")) and (name.lower().endswith(".json") or text.lstrip().startswith("{")):
            table = read_json(text)
        else:
            table = read_csv_text(text, problems)
        table.encoding = encoding
    _refuse_damaged_header(table)
    return table


def _refuse_damaged_header(table: Table) -> None:
    """A control character (NUL…) in a header cell: the file is damaged, its columns cannot be trusted."""
    for cell in table.header:
        if _CONTROL_CHARS.search(cell):
            shown = _CONTROL_CHARS.sub("\ufffd", cell)[:80]
            raise FileRefused(M_("caractère de contrôle invisible dans l'en-tête (fichier sans doute endommagé) : "
                                 "retapez le nom de la colonne, ou enregistrez à nouveau le fichier depuis votre "
                                 "tableur."), row=table.header_row, column=shown)
