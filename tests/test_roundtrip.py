"""Round trips: export -> import changes nothing, in CSV, .xlsx and .ods, and after the re-encodings
Excel, LibreOffice, Google Sheets or openpyxl apply to a file when it is opened and saved again
(files LibreOffice itself wrote are in tests/fixtures/libreoffice/, see test_libreoffice_files.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
import python_calamine

from acp import export, store
from acp.__main__ import main
from acp.ingest import read_upload
from acp.schema import DATASETS

DATASET_NAMES = ("assemblies", "survey", "sessions")
BEYOND_CP1252 = "Łódź → Kraków"  # Ł, ł and → have no place in Windows-1252

# Values a spreadsheet could turn into formulas, and texts with every kind of punctuation.
TRICKY_SQL = [
    """UPDATE assemblies SET name = '=1+1 Assemblée « test »', commissioner = '-Conseil ; œuvre, Œil',
              notes = '+33 6 00 00 00 00' || chr(10) || 'deuxième ligne, avec des "guillemets" ; et un point-virgule',
              description = '@mention · point médian … 10 € – fin', longitude = -1.55, latitude = 47.123456789,
              compensation = '-', sources = ['Rapport annuel ; p. 12']
       WHERE id = 'vorarlberg'""",
    "UPDATE assemblies SET longitude = -0.5794, mandate_months = 1.5 WHERE id = (SELECT min(id) FROM assemblies "
    "WHERE id <> 'vorarlberg')",
    """UPDATE sessions SET title = '=HYPERLINK("http://exemple.org")', place = '-; salle « B »',
              facilitators = ['Dupont, Jean'] WHERE id = 'webinaire-introductif'""",
]
SECOND_WAVE = (
    "Thème;1;2;3;4;5;Autre proposition thématique\n"
    "\"Quelle place accorder aux expert·es et parties prenantes dans les travaux d'une assemblée citoyenne "
    "permanente ?\";3;3;3;3;3;\n"
    "+ de moyens pour les assemblées ?;1;2;3;4;5;\n"
    ";;;;;;\"=Budget ; « œuvre »\"\n"
)


@pytest.fixture(scope="module")
def rich_files(seeded_file, tmp_path_factory) -> dict[bool, Path]:
    """Built once: the rich base with and without characters beyond Windows-1252."""
    return {beyond: _build_rich(seeded_file, tmp_path_factory.mktemp("rich") / "acp.duckdb", beyond)
            for beyond in (True, False)}


@pytest.fixture
def rich(rich_files, tmp_path):
    """rich(beyond_cp1252=True) -> a private copy of the rich base."""
    def copy(beyond_cp1252: bool = True) -> Path:
        path = tmp_path / "acp.duckdb"
        shutil.copy(rich_files[beyond_cp1252], path)
        return path
    return copy


def _build_rich(seeded_file: Path, path: Path, beyond_cp1252: bool) -> Path:
    """The seed plus formula-like texts, negative longitudes, a second survey wave."""
    shutil.copy(seeded_file, path)
    con = store.connect(path)
    try:
        for sql in TRICKY_SQL:
            con.execute(sql)
        if beyond_cp1252:
            con.execute("UPDATE assemblies SET city = ? WHERE id = 'vorarlberg'", [BEYOND_CP1252])
        upload = read_upload("survey", "vague2.csv", SECOND_WAVE.encode("utf-8"),
                             {**store.ingest_context(con), "wave": "2026-01", "wave_title": "Vague « 2 »"})
        assert upload.ok, upload.report()
        store.apply_upload(con, upload)
    finally:
        con.close()
    return path


def dataset_rows(con, dataset: str) -> dict[str, list]:
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATASETS[dataset].tables}


def all_rows(con) -> dict[str, dict]:
    return {d: dataset_rows(con, d) for d in DATASET_NAMES}


def exported(con, dataset: str, fmt: str) -> bytes:
    frame = store.dataset_frame(con, dataset)
    if fmt == "ods":
        return export.to_ods_bytes(frame, DATASETS[dataset].fr)
    return export.to_csv_bytes(frame) if fmt == "csv" else export.to_xlsx_bytes(frame, DATASETS[dataset].fr)


# ---------------------------------------------------------------- how other tools write the file back

def _records(csv_bytes: bytes) -> list[list[str]]:
    text = csv_bytes.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _write(records, **options) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, **options).writerows(records)
    return buffer.getvalue()


def _columns_of_kind(dataset: str, header: list[str], kind: str) -> set[int]:
    labels = {c.fr for c in DATASETS[dataset].columns if c.kind == kind}
    return {i for i, h in enumerate(header) if h in labels}


def excel_cp1252(dataset: str, csv_bytes: bytes) -> bytes:
    """Excel, "CSV (séparateur: point-virgule)": Windows-1252, `;`, CRLF, no BOM."""
    text = _write(_records(csv_bytes), delimiter=";", lineterminator="\r\n")
    return text.encode("cp1252", errors="strict")


def excel_unicode_text(dataset: str, csv_bytes: bytes) -> bytes:
    """Excel, "Texte Unicode": UTF-16 LE with its BOM, tab-separated, CRLF."""
    text = _write(_records(csv_bytes), delimiter="\t", lineterminator="\r\n")
    return b"\xff\xfe" + text.encode("utf-16-le")


def quoted_decimal_points(dataset: str, csv_bytes: bytes) -> bytes:
    """LibreOffice / Google Sheets: UTF-8 without BOM, `,`, every field quoted, decimal points."""
    records = _records(csv_bytes)
    floats = _columns_of_kind(dataset, records[0], "float")
    converted = [records[0]] + [[v.replace(",", ".") if i in floats else v for i, v in enumerate(r)]
                                for r in records[1:]]
    return _write(converted, delimiter=",", quoting=csv.QUOTE_ALL, lineterminator="\n").encode("utf-8")


def iso_dates_commas(dataset: str, csv_bytes: bytes) -> bytes:
    """pandas / an English spreadsheet: `,`, minimal quoting, decimal points, ISO dates."""
    records = _records(csv_bytes)
    floats = _columns_of_kind(dataset, records[0], "float")
    dates = _columns_of_kind(dataset, records[0], "date")

    def convert(i, v):
        if i in floats:
            return v.replace(",", ".")
        if i in dates and v:
            d, m, y = v.split("/")
            return f"{y}-{m}-{d}"
        return v

    converted = [records[0]] + [[convert(i, v) for i, v in enumerate(r)] for r in records[1:]]
    return _write(converted, delimiter=",", lineterminator="\n").encode("utf-8")


def openpyxl_resaved(dataset: str, xlsx_bytes: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mac_csv(dataset: str, csv_bytes: bytes) -> bytes:
    """Mac Excel, "CSV Macintosh": Mac Roman, `;`, a lone CR at the end of each line."""
    return _write(_records(csv_bytes), delimiter=";", lineterminator="\r").encode("mac_roman", errors="strict")


def excel_sep_hint(dataset: str, csv_bytes: bytes) -> bytes:
    """A "sep=;" first line, Excel's hint about the delimiter (it hides it, other tools write it)."""
    return b"sep=;\r\n" + excel_cp1252(dataset, csv_bytes)


def excel_used_range(dataset: str, csv_bytes: bytes) -> bytes:
    """Excel saving a used range wider and longer than the data: ";;;" at each line's end, then empty rows."""
    records = _records(csv_bytes)
    width = len(records[0]) + 3
    padded = [r + [""] * (width - len(r)) for r in records] + [[""] * width] * 3
    return _write(padded, delimiter=";", lineterminator="\r\n").encode("utf-8-sig")


def _convert(dataset: str, csv_bytes: bytes, kinds: dict, delimiter: str = ";", header=None) -> bytes:
    """The exported CSV with the cells of some kinds of column rewritten, e.g. {"bool": lambda v: ...}."""
    records = _records(csv_bytes)
    by_column = {i: f for kind, f in kinds.items() for i in _columns_of_kind(dataset, records[0], kind)}
    rows = [[by_column[i](v) if i in by_column and v else v for i, v in enumerate(r)] for r in records[1:]]
    head = [header(h) for h in records[0]] if header else records[0]
    return _write([head, *rows], delimiter=delimiter, lineterminator="\r\n").encode("utf-8-sig")


def _grouped(value: str, separator: str) -> str:
    """An integer with its thousands grouped, as a number format with separators displays it ("2 019")."""
    return f"{int(value):,}".replace(",", separator) if value.lstrip("-").isdigit() else value


def excel_typed_cells(dataset: str, csv_bytes: bytes) -> bytes:
    """Excel in French with number formats applied: VRAI/FAUX, thousands grouped by a narrow no-break space,
    dates shown with their hour, and headers as typed by hand (capitals, a space after)."""
    return _convert(dataset, csv_bytes, {"bool": {"Oui": "VRAI", "Non": "FAUX"}.get,
                                         "int": lambda v: _grouped(v, "\u202f"),
                                         "date": lambda v: v + " 00:00"}, header=lambda h: h.upper() + " ")


def english_sheet(dataset: str, csv_bytes: bytes) -> bytes:
    """A spreadsheet in English: `,`, TRUE/FALSE, decimal points, thousands by a no-break space, times in AM/PM."""
    def twelve_hours(v: str) -> str:
        hour, minute = map(int, v.split(":"))
        return f"{(hour - 1) % 12 + 1}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"
    return _convert(dataset, csv_bytes, {"bool": {"Oui": "TRUE", "Non": "FALSE"}.get,
                                         "float": lambda v: v.replace(",", "."),
                                         "int": lambda v: _grouped(v, "\u00a0"), "time": twelve_hours},
                    delimiter=",")


def _sheet_kinds(dataset: str, sheet) -> list[str | None]:
    kinds = {c.fr: c.kind for c in DATASETS[dataset].columns}
    return [kinds.get(c.value) for c in sheet[1]]


def excel_resaved_typed(dataset: str, xlsx_bytes: bytes) -> bytes:
    """Excel saving the workbook after its cells were retyped: whole numbers as floats (2019.0), dates as
    date-time cells, Oui/Non as booleans, times as time cells, empty texts as empty cells."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    sheet = book.worksheets[0]
    kinds = _sheet_kinds(dataset, sheet)
    for row in sheet.iter_rows(min_row=2):
        for cell, kind in zip(row, kinds):
            value = cell.value
            if value in (None, ""):
                cell.value = None
            elif kind in ("int", "float"):
                cell.value = float(value)
            elif kind == "bool":
                cell.value = value == "Oui"
            elif kind == "date":
                cell.value = dt.datetime.combine(value, dt.time())
            elif kind == "time":
                cell.value = dt.time(*map(int, value.split(":")))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_serial_dates(dataset: str, xlsx_bytes: bytes) -> bytes:
    """Date cells whose date format was lost: Excel shows (and keeps) the serial day number, 45772 for 25/04/2025."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    sheet = book.worksheets[0]
    kinds = _sheet_kinds(dataset, sheet)
    for row in sheet.iter_rows(min_row=2):
        for cell, kind in zip(row, kinds):
            if kind == "date" and cell.value is not None:
                cell.value = (cell.value.date() - dt.date(1899, 12, 30)).days
                cell.number_format = "General"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Windows-1252 and Mac Roman cannot hold "Łódź →": Excel writes "?" in their place (see
# test_letters_a_code_page_lacks_become_question_marks_and_are_reported), so these run on data they can hold.
SINGLE_BYTE = {"excel-cp1252-semicolon-crlf", "excel-mac-roman-cr", "excel-sep-hint"}
VARIANTS = {  # name: (exported format, re-encoding or None)
    "csv": ("csv", None),
    "xlsx": ("xlsx", None),
    "ods": ("ods", None),
    "excel-cp1252-semicolon-crlf": ("csv", excel_cp1252),
    "excel-utf16-tab": ("csv", excel_unicode_text),
    "utf8-quote-all-decimal-points": ("csv", quoted_decimal_points),
    "utf8-comma-iso-dates": ("csv", iso_dates_commas),
    "xlsx-resaved-by-openpyxl": ("xlsx", openpyxl_resaved),
    "excel-mac-roman-cr": ("csv", mac_csv),
    "excel-sep-hint": ("csv", excel_sep_hint),
    "excel-used-range-trailing-empties": ("csv", excel_used_range),
    "excel-vrai-faux-thousands-hours-headers": ("csv", excel_typed_cells),
    "english-sheet-true-false-am-pm": ("csv", english_sheet),
    "xlsx-resaved-with-typed-cells": ("xlsx", excel_resaved_typed),
    "xlsx-serial-dates": ("xlsx", excel_serial_dates),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("dataset", DATASET_NAMES)
def test_export_then_import_changes_nothing(rich, dataset, variant):
    fmt, reencode = VARIANTS[variant]
    db = rich(beyond_cp1252=variant not in SINGLE_BYTE)
    con = store.connect(db)
    try:
        before = all_rows(con)
        data = exported(con, dataset, fmt)
        if reencode is not None:
            data = reencode(dataset, data)
        upload = read_upload(dataset, f"{dataset}.{fmt}", data, store.ingest_context(con))
        assert upload.ok, upload.report()
        assert not upload.problems.warnings, upload.report()
        import_id = store.apply_upload(con, upload)
        assert all_rows(con) == before
        assert con.execute("SELECT dataset FROM imports WHERE id = ?", [import_id]).fetchone() == (dataset,)
        assert store.import_changes(con, import_id) == {"same": True, "added": 0, "changed": 0, "removed": 0}
    finally:
        con.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize("dataset", DATASET_NAMES)
def test_command_line_round_trip(rich, tmp_path, capsys, dataset, fmt):
    """The same through `python -m acp export ... --out` and `python -m acp import` (in-process)."""
    db = rich()
    con = duckdb.connect(str(db), read_only=True)
    before = all_rows(con)
    con.close()
    out = tmp_path / f"export.{fmt}"
    assert main(["export", dataset, "--format", fmt, "--out", str(out), "--db", str(db)]) == 0
    assert main(["import", dataset, str(out), "--db", str(db)]) == 0
    summary = capsys.readouterr().out.splitlines()
    assert len(summary) == 1 and f"export.{fmt}" in summary[0]
    assert summary[0].endswith("; aucune différence avec les données en place.")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert all_rows(con) == before
    finally:
        con.close()


def test_letters_a_code_page_lacks_become_question_marks_and_are_reported(rich):
    # Excel's "CSV (séparateur: point-virgule)" writes "?" for "Ł", "ó" stays: the file imports, with a warning
    db = rich()
    con = store.connect(db)
    try:
        csv_bytes = exported(con, "assemblies", "csv")
        data = _write(_records(csv_bytes), delimiter=";", lineterminator="\r\n").encode("cp1252", errors="replace")
        upload = read_upload("assemblies", "x.csv", data, store.ingest_context(con))
        assert upload.ok, upload.report()
        assert upload.frames["assemblies"].set_index("id").loc["vorarlberg", "city"] == "?ód? ? Kraków"
        row = next(i for i, line in enumerate(data.decode("cp1252").splitlines(), start=1) if "?ód?" in line)
        warning = next(p for p in upload.problems.warnings if "remplace sans doute une lettre" in p.message)
        assert (warning.row, warning.value) == (row, "?ód?")
    finally:
        con.close()


def test_command_line_summary_counts_what_changed(rich, tmp_path, capsys):
    db = rich()
    out = tmp_path / "sessions.csv"
    assert main(["export", "sessions", "--out", str(out), "--db", str(db)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    kept = [lines[0], lines[1].replace("Passée", "Annulée"), *lines[3:]]  # one changed, one removed
    kept.append("seance-nouvelle;;;;Une séance de plus;;;;;;À programmer;\r\n")
    out.write_bytes("".join(kept).encode("utf-8-sig"))
    capsys.readouterr()
    assert main(["import", "sessions", str(out), "--db", str(db)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        "; par rapport aux données en place : 1 ajoutée, 1 modifiée, 1 retirée.")


def test_embedded_data_fits_windows_1252(seeded_file):
    # every character of the embedded data exists in Windows-1252, "·" and "œ" included
    for char in "·œŒ«»’…€–—éèàçÉÀ":
        char.encode("cp1252")
    with pytest.raises(UnicodeEncodeError):
        BEYOND_CP1252.encode("cp1252")
    con = store.connect(seeded_file, read_only=True)
    try:
        for dataset in DATASET_NAMES:
            exported(con, dataset, "csv").decode("utf-8-sig").encode("cp1252", errors="strict")
    finally:
        con.close()


def test_characters_beyond_windows_1252_survive_utf8_utf16_and_xlsx(rich):
    db = rich()
    con = store.connect(db)
    try:
        csv_bytes = exported(con, "assemblies", "csv")
        for data in (csv_bytes, excel_unicode_text("assemblies", csv_bytes),
                     quoted_decimal_points("assemblies", csv_bytes), exported(con, "assemblies", "xlsx")):
            upload = read_upload("assemblies", "x", data, store.ingest_context(con))
            frame = upload.frames["assemblies"].set_index("id")
            assert frame.loc["vorarlberg", "city"] == BEYOND_CP1252
            assert frame.loc["vorarlberg", "commissioner"] == "-Conseil ; œuvre, Œil"
    finally:
        con.close()


def test_formula_like_texts_are_neutralised_in_csv_and_come_back_unchanged(rich):
    db = rich()
    con = store.connect(db)
    try:
        records = {d: _records(exported(con, d, "csv")) for d in DATASET_NAMES}
        stored = {d: dataset_rows(con, d) for d in DATASET_NAMES}
    finally:
        con.close()
    dangerous = re.compile(r"^[=+\-@]")
    neutralised = 0
    for dataset, rows in records.items():
        header = rows[0]
        numeric = _columns_of_kind(dataset, header, "float") | _columns_of_kind(dataset, header, "int")
        for row in rows[1:]:
            for i, value in enumerate(row):
                assert not dangerous.match(value) or i in numeric, (dataset, header[i], value)
                neutralised += value.startswith("'")
    assert neutralised >= 8

    assemblies = {r[0]: dict(zip(records["assemblies"][0], r)) for r in records["assemblies"][1:]}
    row = assemblies["vorarlberg"]
    assert row["Nom"] == "'=1+1 Assemblée « test »"
    assert row["Commanditaire"] == "'-Conseil ; œuvre, Œil"
    assert row["Notes"].startswith("'+33 6")
    assert row["Description"].startswith("'@mention")
    assert row["Montant de l'indemnisation"] == "'-"
    assert row["Longitude"] == "-1,55"  # a number: no apostrophe
    assert all(not r["Longitude"].startswith("'") for r in assemblies.values())
    assert sum(r["Longitude"].startswith("-") for r in assemblies.values()) >= 2
    sessions = {r[0]: dict(zip(records["sessions"][0], r)) for r in records["sessions"][1:]}
    assert sessions["webinaire-introductif"]["Titre"] == "'=HYPERLINK(\"http://exemple.org\")"
    survey_themes = [r[5] for r in records["survey"][1:]]
    assert "'+ de moyens pour les assemblées ?" in survey_themes

    # and the stored values come back without the apostrophe
    con = store.connect(db)
    try:
        for dataset in DATASET_NAMES:
            csv_bytes = exported(con, dataset, "csv")
            store.apply_upload(con, read_upload(dataset, "x.csv", csv_bytes, store.ingest_context(con)))
            assert dataset_rows(con, dataset) == stored[dataset]
        name, longitude = con.execute("SELECT name, longitude FROM assemblies WHERE id = 'vorarlberg'").fetchone()
        assert (name, longitude) == ("=1+1 Assemblée « test »", -1.55)
    finally:
        con.close()


def test_xlsx_keeps_formula_like_texts_as_text_and_numbers_as_numbers(rich):
    db = rich()
    con = store.connect(db, read_only=True)
    try:
        data = exported(con, "assemblies", "xlsx")
    finally:
        con.close()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "vorarlberg")
    cells = dict(zip(header, row))
    assert cells["Nom"].value == "=1+1 Assemblée « test »" and cells["Nom"].data_type == "s"
    assert cells["Notes"].data_type == "s"
    assert cells["Longitude"].value == -1.55 and cells["Longitude"].data_type == "n"


def test_ods_keeps_formula_like_texts_as_text_numbers_and_dates_typed(rich):
    db = rich()
    con = store.connect(db, read_only=True)
    try:
        assemblies, sessions = exported(con, "assemblies", "ods"), exported(con, "sessions", "ods")
    finally:
        con.close()
    package = zipfile.ZipFile(io.BytesIO(assemblies))
    first = package.infolist()[0]  # what makes it an OpenDocument file for LibreOffice, Excel and `file`
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert package.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert "table:formula" not in package.read("content.xml").decode()
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(assemblies)).get_sheet_by_index(0).to_python()
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == "vorarlberg")))
    assert cells["Nom"] == "=1+1 Assemblée « test »" and cells["Longitude"] == -1.55
    assert cells["Notes"].startswith("+33 6 00 00 00 00\ndeuxième ligne")
    content = zipfile.ZipFile(io.BytesIO(sessions)).read("content.xml").decode()
    assert 'office:value-type="date" office:date-value="2025-04-25"' in content  # shown dd/mm/yyyy:
    assert "<number:day number:style=\"long\"/><number:text>/</number:text><number:month" in content


def test_formula_like_first_item_of_a_list_comes_back_unchanged(rich):
    # list cells (Intervenant·es, Animation, Sources) lose the formula guard on import, as text cells do
    db = rich()
    con = store.connect(db)
    try:
        con.execute("UPDATE sessions SET speakers = ['=Intervenante', 'Bob'] WHERE id = 'webinaire-introductif'")
        before = dataset_rows(con, "sessions")
        csv_bytes = exported(con, "sessions", "csv")
        assert "'=Intervenante | Bob" in csv_bytes.decode("utf-8-sig")
        store.apply_upload(con, read_upload("sessions", "x.csv", csv_bytes, store.ingest_context(con)))
        assert dataset_rows(con, "sessions") == before
    finally:
        con.close()


def test_survey_respondents_survive_the_round_trip(rich):
    db = rich()
    con = store.connect(db)
    try:
        answers = "Horodatage,Thème A,Thème B,Autre proposition\n1,1,2,\n2,2,1,\n3,,,Une idée\n"
        upload = read_upload("survey", "reponses.csv", answers.encode("utf-8"),
                             {**store.ingest_context(con), "wave": "2026-02"})
        store.apply_upload(con, upload)
        assert con.execute("SELECT respondents FROM survey_waves WHERE wave = '2026-02'").fetchone() == (3,)
        before = dataset_rows(con, "survey")
        store.apply_upload(con, read_upload("survey", "x.csv", exported(con, "survey", "csv"), store.ingest_context(con)))
        assert dataset_rows(con, "survey") == before
    finally:
        con.close()
