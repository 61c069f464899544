"""Broken inputs are refused with a French error naming the row and column, and never touch the database.

The corpus is tests/fixtures/broken/ (real files, described in cases.json); two more files are generated
here because they must be large. Each case goes through `read_upload` in process, then through the
command line `python -m acp import` against a seeded temporary database, which must stay identical.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from acp import store
from acp.ingest import read_upload, tabular

from support import EXAMPLES, FIXTURES, ROOT, run_cli

BROKEN = FIXTURES / "broken"
LIMIT_MB = 0.5  # upload size limit for these tests, in process (monkeypatch) and on the command line (env)
ENGLISH = re.compile(r"\b(the|is|not|invalid|error|expected|expecting|line|column|codec|field|value|"
                     r"unexpected|file|row|missing|must|decode|position|traceback)\b", re.I)


@dataclass(frozen=True)
class Case:
    file: str
    dataset: str
    row: int | None        # the row named by at least one error (None: an error about the whole file)
    column: str | None     # the column header named by that error, as written in the file
    message: str           # a substring of that error's French message
    kind: str
    encoding: str = "-"

    def data(self) -> bytes:
        return GENERATED[self.file]() if self.file in GENERATED else (BROKEN / self.file).read_bytes()


def _too_large() -> bytes:
    line = "Assemblée citoyenne de Paris;Paris;France;48,857;2,352\n"
    return ("Nom;Ville;Pays;Latitude;Longitude\n" + line * int(LIMIT_MB * 1.2 * 1048576 / len(line))).encode()


def _quote_open_over_field_limit() -> bytes:
    rows = "Assemblée citoyenne de Poitiers;Poitiers;France;Tirage au sort\n" * 3000  # about 200 000 characters
    return ("Nom;Ville;Pays;Description\nAssemblée citoyenne de Rouen;Rouen;France;\"Suit et évalue\n" + rows).encode()


def _long_value() -> bytes:
    """A value of 200 000 characters, no quote anywhere: longer than the csv module's field limit (131 072)."""
    return ("Nom;Ville;Pays\nAssemblée citoyenne de Paris;Paris;France\n" + "x" * 200_000 + ";Rouen;France\n").encode()


def _json_too_deep() -> bytes:
    return b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


GENERATED = {"assemblies_too_large.csv": _too_large, "assemblies_quote_open_200k.csv": _quote_open_over_field_limit,
             "assemblies_value_200k.csv": _long_value, "assemblies_json_too_deep.json": _json_too_deep}
CASES = [Case(**c) for c in json.loads((BROKEN / "cases.json").read_text(encoding="utf-8"))] + [
    Case("assemblies_too_large.csv", "assemblies", None, None, "au-delà de la limite de 0,5 Mo",
         "fichier plus gros que la limite (généré)", "utf-8"),
    Case("assemblies_quote_open_200k.csv", "assemblies", 2, "Description", "guillemet non refermé",
         "guillemet ouvert sur plus de 131 072 caractères (généré)", "utf-8"),
    Case("assemblies_value_200k.csv", "assemblies", 3, "Nom", "texte trop long (200\u202f000 caractères",
         "valeur de 200 000 caractères sans guillemet (généré)", "utf-8"),
    Case("assemblies_json_too_deep.json", "assemblies", None, None, "imbriqués trop profondément",
         "JSON imbriqué sur 100 000 niveaux (généré)", "utf-8"),
]
IDS = [c.file for c in CASES]


@pytest.fixture(autouse=True)
def _size_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", int(LIMIT_MB * 1048576))


def matching_errors(upload, case: Case) -> list:
    return [p for p in upload.problems.errors
            if p.row == case.row and p.column == case.column and case.message in p.message]


# ---------------------------------------------------------------- the corpus itself

def test_corpus_has_at_least_25_distinct_kinds():
    assert len(CASES) >= 25
    assert len({c.kind for c in CASES}) == len(CASES)
    assert len(set(IDS)) == len(IDS)


def test_manifest_and_directory_agree():
    on_disk = {p.name for p in BROKEN.iterdir()} - {"cases.json"}
    assert on_disk == {c.file for c in CASES if c.file not in GENERATED}


def test_corpus_mixes_datasets_and_encodings():
    assert {c.dataset for c in CASES} == {"assemblies", "sessions", "survey", "participants"}
    assert {"utf-8", "utf-8-bom", "cp1252", "utf-16"} <= {c.encoding for c in CASES}


@pytest.mark.parametrize("case", [c for c in CASES if c.encoding in ("utf-8-bom", "cp1252", "utf-16")],
                         ids=lambda c: c.file)
def test_fixture_encoding_is_the_declared_one(case):
    data = case.data()
    if case.encoding == "utf-8-bom":
        assert data.startswith(b"\xef\xbb\xbf")
        data[3:].decode("utf-8")
    elif case.encoding == "utf-16":
        assert data.startswith(b"\xff\xfe")
    else:
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "é" in data.decode("cp1252") or "œ" in data.decode("cp1252")


# ---------------------------------------------------------------- read_upload

@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_read_upload_refuses_with_row_column_and_message(case):
    upload = read_upload(case.dataset, case.file, case.data(), {})
    assert not upload.ok
    assert matching_errors(upload, case), "\n".join(upload.report())


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_report_is_french_and_names_the_file(case):
    upload = read_upload(case.dataset, case.file, case.data(), {})
    lines = upload.report()
    assert len(lines) == len(upload.problems) > 0
    for line, problem in zip(lines, upload.problems):
        kind = "Erreur" if problem.is_error else "Avertissement"
        assert line.startswith(f"{kind} — {case.file}"), line
        assert not ENGLISH.search(problem.message), problem.message
        if problem.row is not None:
            assert f"ligne {problem.row}" in line
        if problem.column:
            assert f"colonne « {problem.column} »" in line
    expected = matching_errors(upload, case)[0].describe(case.file)
    assert expected in lines


# ---------------------------------------------------------------- command line: refused, database untouched

def fingerprint(path: Path) -> dict:
    """Every table's name, and the rows of the data tables and the import history."""
    con = store.connect(path, read_only=True)
    try:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
        rows = {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in [*store.TABLE_COLUMNS, "imports"]}
    finally:
        con.close()
    return {"tables": tables, "rows": rows}


@pytest.fixture(scope="module")
def template_db(seeded_file, tmp_path_factory) -> Path:
    """The seeded base (without the embedded editions: see conftest.seeded_file)."""
    path = tmp_path_factory.mktemp("template") / "t.duckdb"
    shutil.copyfile(seeded_file, path)
    return path


CLI_ENV = {k: v for k, v in os.environ.items() if k != "ACP_DB"} | {"ACP_MAX_UPLOAD_MB": str(LIMIT_MB)}


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str


def cli_argv(case: Case, file: Path, db: Path) -> list[str]:
    return ["import", case.dataset, str(file), "--db", str(db)]


def run_cli_forked(argvs: list[list[str]]) -> list[CliRun]:
    return [CliRun(done.returncode, done.stdout, done.stderr) for done in run_cli(argvs, server_env=CLI_ENV)]


def run_cli_subprocess(argv: list[str]) -> CliRun:
    done = subprocess.run([sys.executable, "-m", "acp", *argv], cwd=ROOT, env=CLI_ENV, capture_output=True,
                          text=True, timeout=120)
    return CliRun(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def cli_runs(template_db, tmp_path_factory) -> dict[str, tuple[CliRun, dict, dict]]:
    """Every case through the command line, each against its own byte copy of the seeded database.

    Returns file name -> (the run, the database's fingerprint before (the seeded one's), after).
    """
    before = fingerprint(template_db)
    jobs = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp("cli")
        db = folder / "t.duckdb"
        shutil.copyfile(template_db, db)
        (folder / case.file).write_bytes(case.data())
        jobs[case.file] = (db, cli_argv(case, folder / case.file, db))
    runs = run_cli_forked([argv for _, argv in jobs.values()])
    return {name: (run, before, fingerprint(db)) for (name, (db, _)), run in zip(jobs.items(), runs)}


@pytest.mark.parametrize("name", ["sessions_end_before_start.csv", "assemblies_empty.csv"])
def test_forked_runs_are_the_real_command_line(name, template_db, tmp_path, cli_runs):
    """`python -m acp import` in a fresh interpreter prints and returns exactly what the forked run did."""
    case = next(c for c in CASES if c.file == name)
    db = tmp_path / "t.duckdb"
    shutil.copyfile(template_db, db)
    (tmp_path / name).write_bytes(case.data())
    real = run_cli_subprocess(cli_argv(case, tmp_path / name, db))
    assert real == cli_runs[name][0]
    assert fingerprint(db) == fingerprint(template_db)


def test_seeded_database_is_not_empty(template_db):
    rows = fingerprint(template_db)["rows"]
    assert len(rows["assemblies"]) == 19 and len(rows["imports"]) == 3


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_refuses_and_leaves_the_database_unchanged(case, cli_runs):
    result, before, after = cli_runs[case.file]
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Erreur")]
    assert errors
    if case.row is not None:
        assert all(re.search(r"\bligne \d+", line) for line in errors), errors
    where = [f"ligne {case.row}"] if case.row is not None else []
    where += [f"colonne « {case.column} »"] if case.column else []
    assert any(case.message in line and all(w in line for w in where) for line in errors), result.stderr
    noun = "erreur" if len(errors) == 1 else "erreurs"
    assert f"Import refusé : {len(errors)} {noun} dans {case.file} ; la base n'a pas été modifiée." in result.stderr
    assert after == before


# ---------------------------------------------------------------- accepted, but said

def test_values_under_a_column_without_header_are_reported_not_dropped_silently():
    data = "Nom;;Pays\nAssemblée citoyenne de Paris;à garder;France\nAssemblée de Rouen;;France\n".encode()
    upload = read_upload("assemblies", "sans_entete.csv", data, {})
    assert upload.ok, upload.report()
    warning = next(p for p in upload.problems.warnings if "colonne sans en-tête" in p.message)
    assert (warning.row, warning.column, warning.value) == (2, "n° 2 (sans en-tête)", "à garder")


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman"])
def test_one_byte_code_pages_are_told_apart(codec):
    text = "Nom;Ville;Pays\nAssemblée citoyenne « Œuvre » de l’Île;Rennes;France\nÀ compléter;Lüneburg;Allemagne\n"
    upload = read_upload("assemblies", "x.csv", text.replace("\n", "\r").encode(codec), {})
    assert upload.ok, upload.report()
    frame = upload.frames["assemblies"]
    assert list(frame["name"]) == ["Assemblée citoyenne « Œuvre » de l’Île", "À compléter"]
    assert list(frame["city"]) == ["Rennes", "Lüneburg"]


def test_excel_sep_hint_line_is_not_the_header_and_rows_keep_their_line_numbers():
    data = "sep=,\r\nNom,Pays,Latitude,Longitude\r\nAssemblée A,France,\"48,857\",2\r\nAssemblée B,France,x,2\r\n"
    upload = read_upload("assemblies", "hint.csv", data.encode("cp1252"), {})
    assert [(p.row, p.column, p.value) for p in upload.problems.errors] == [(4, "Latitude", "x")]


# ---------------------------------------------------------------- rows of the wrong width, whatever the dataset

def test_empty_values_at_the_end_of_a_row_are_values():
    # "A;Paris;;" has four values, as a spreadsheet writes empty last cells; a header ending with empty cells
    # (Excel's used range) needs no value under them
    for data in ("Nom;Ville;Pays;Site web\nAssemblée A;Paris;France;\nAssemblée B;;France;\n",
                 "Nom;Ville;Pays;;\nAssemblée A;Paris;France\nAssemblée B;Rouen;France;;\n"):
        upload = read_upload("assemblies", "fin_vide.csv", data.encode(), {})
        assert upload.ok and upload.rows == 2, upload.report()


def test_every_short_row_is_named_with_its_first_missing_column():
    data = "Nom;Ville;Pays;Latitude;Longitude\nA;Paris\nB;Rouen;France;49;1\nC;Lyon;France;45\n"
    upload = read_upload("assemblies", "courtes.csv", data.encode(), {})
    short = [(p.row, p.column, p.message.split(" :")[0]) for p in upload.problems.errors]
    assert short == [(2, "Pays", "2 valeurs pour 5 colonnes"), (4, "Longitude", "4 valeurs pour 5 colonnes")]
    assert "1 valeur pour 3 colonnes" in read_upload("assemblies", "x.csv", b"Nom;Ville;Pays\nA\n", {}).report()[0]


def test_a_short_row_in_a_gogocarto_export_is_refused_not_padded():
    text = (EXAMPLES / "gogocarto_export.csv").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("k2L,"))
    assert line.endswith(",2020,,,,")
    upload = read_upload("assemblies", "gogocarto.csv", text.replace(line, line[:-4]).encode(), {})
    assert [(p.row, p.column) for p in upload.problems.errors] == [(6, "nombre_membres")], upload.report()
    assert read_upload("assemblies", "gogocarto.csv", text.encode(), {}).ok


def test_a_short_row_in_a_registration_export_is_refused_without_quoting_it():
    path = FIXTURES / "participants" / "inscriptions_webinaire.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    cut = lines[2].rsplit(";", 3)[0]  # the row stops after the organisation: no status, experience nor channel
    upload = read_upload("participants", path.name, "\n".join([*lines[:2], cut, *lines[3:]]).encode(),
                         {"session": "webinaire-introductif"})
    assert [(p.row, p.column, p.value) for p in upload.problems.errors] == [(3, "Vous êtes :", None)], upload.report()
    assert not any(cut.split(";")[2] in line for line in upload.report())  # no name
