"""Files written by LibreOffice itself import as they were exported: no difference with the data they came from.

tests/fixtures/libreoffice/ holds what LibreOffice Calc (French locale) wrote from the canonical export of a base
built from data/seed/: .ods, .xls (Excel 97-2003), .xlsx and its CSV (Windows-1252, `;`), the canonical CSV opened
and saved as .ods (dates and times become typed cells), the app's own .ods export saved again, and a registration
export saved as .ods and .xls. make.sh there rebuilt them (see its README.md); the tests only read them.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from acp import store
from acp.__main__ import main
from acp.ingest import read_upload
from acp.schema import DATASETS

from support import FIXTURES

LIBREOFFICE = FIXTURES / "libreoffice"
DATASET_FILES = sorted(p.name for p in LIBREOFFICE.iterdir()
                       if p.suffix in (".ods", ".xls", ".xlsx", ".csv") and not p.name.startswith("inscriptions"))
REGISTRATIONS = FIXTURES / "participants" / "inscriptions_webinaire.csv"


def dataset_of(name: str) -> str:
    return name.split(".")[0].split("_")[0]


def all_rows(db: Path) -> dict[str, list]:
    con = store.connect(db, read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for dataset in DATASETS.values() for t in dataset.tables}
    finally:
        con.close()


def test_every_dataset_and_format_is_there():
    assert {(dataset_of(n), Path(n).suffix) for n in DATASET_FILES} == {
        (d, s) for d in ("assemblies", "sessions", "survey") for s in (".ods", ".xls", ".xlsx", ".csv")}
    assert {"assemblies_from_csv.ods", "sessions_from_csv.ods", "survey_from_csv.ods",
            "assemblies_export_resaved.ods"} <= set(DATASET_FILES)


@pytest.mark.parametrize("name", [n for n in DATASET_FILES if n.endswith((".ods", ".xlsx"))])
def test_fixtures_were_written_by_libreoffice(name):
    with zipfile.ZipFile(LIBREOFFICE / name) as book:
        meta = book.read("meta.xml" if name.endswith(".ods") else "docProps/app.xml").decode()
        if name.endswith(".ods"):
            assert book.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert "LibreOffice" in meta


@pytest.mark.parametrize("dataset", ["assemblies", "sessions", "survey"])
def test_libreoffice_csv_is_windows_1252_with_semicolons(dataset):
    data = (LIBREOFFICE / f"{dataset}.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert not text.startswith("\ufeff") and text.splitlines()[0].count(";") >= 8
    assert "·" in text  # "expert·es", "Intervenant·es": a character of Windows-1252 beyond Latin-1's letters
    if dataset == "assemblies":
        assert "œ" in text and ";45,464;" in text  # « mise en œuvre », a decimal comma


@pytest.mark.parametrize("name", DATASET_FILES)
def test_libreoffice_file_imports_with_no_difference(db, capsys, name):
    before = all_rows(db)
    assert main(["import", dataset_of(name), str(LIBREOFFICE / name), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.rstrip().endswith("; aucune différence avec les données en place."), out + err
    assert "avertissement" not in out and "Avertissement" not in err, out + err
    assert all_rows(db) == before


def test_typed_dates_and_times_of_an_ods_are_read_as_the_csv_wrote_them():
    # LibreOffice typed "25/04/2025" and "13:00" of the canonical CSV as a date and time cells
    frame = read_upload("sessions", "s.ods", (LIBREOFFICE / "sessions_from_csv.ods").read_bytes()).frames["sessions"]
    row = frame.set_index("id").loc["webinaire-introductif"]
    assert (str(row["date"]), str(row["start"])[:5], str(row["end"])[:5]) == ("2025-04-25", "13:00", "14:00")


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_registration_export_saved_by_libreoffice_gives_the_counts_of_the_csv(suffix):
    context = {"session": "webinaire-introductif"}
    expected = read_upload("participants", REGISTRATIONS.name, REGISTRATIONS.read_bytes(), context)
    upload = read_upload("participants", f"inscriptions{suffix}",
                         (LIBREOFFICE / f"inscriptions_webinaire{suffix}").read_bytes(), context)
    assert upload.ok, upload.report()
    key = ["dimension", "code"]
    assert (upload.frames["participant_counts"].sort_values(key).values.tolist()
            == expected.frames["participant_counts"].sort_values(key).values.tolist())
    assert upload.rows == expected.rows == 20
