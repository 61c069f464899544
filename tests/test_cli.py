"""python -m acp, run as the user runs it: a process of its own in the repository, ACP_DB on a temporary base."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from support import EXAMPLES, ROOT, run_cli

EXAMPLE_DATASETS = {
    "assemblies_excel_fr.csv": ("assemblies", "assemblies", 6),
    "gogocarto_elements.json": ("assemblies", "assemblies", 4),
    "gogocarto_export.csv": ("assemblies", "assemblies", 4),
    "sessions.csv": ("sessions", "sessions", 3),
    "survey_counts.csv": ("survey", "survey_themes", 5),
    "survey_responses.csv": ("survey", "survey_themes", 5),
}
# (dataset, file content, the (row, column) of every error the file holds)
BROKEN = {
    "assemblies": (
        "Nom;Pays;Latitude;Longitude;Année de création;Échelon;Site web\n"
        "Assemblée A;France;48,85;2,35;2021;Commune;https://a.fr\n"
        "Assemblée B;Fronce;abc;2,35;1850;Comune;ftp://x\n"
        "Assemblée C;Italie;95;-2,5;deux mille;Région;\n",
        {(3, "Pays"), (3, "Latitude"), (3, "Année de création"), (3, "Échelon"), (3, "Site web"),
         (4, "Latitude"), (4, "Année de création")},
    ),
    "sessions": (
        "Date;Début;Fin;Titre;Format;Statut\n"
        "25/04/2025;13:00;14:00;Webinaire;Visio;Passée\n"
        "31/02/2026;14:00;13:00;Séance 2;Visioo;Prévue\n"
        "02/03/2026;25h;;Séance 3;Visio;Peut-être\n",
        {(3, "Date"), (3, "Fin"), (3, "Format"), (4, "Début"), (4, "Statut")},
    ),
    "survey": (
        "Thème;1;2;3;4;5\n"
        "Thème A;1;2;trois;4;5\n"
        "Thème B;1;-2;3;4;5,5\n",
        {(2, "3"), (3, "2"), (3, "5")},
    ),
}



def acp(*args, db: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m acp ARGS` in a process of its own (forked from a warm interpreter: support.run_cli); the tests
    below that pipe its output or hold the base from another process start a real `python -m acp`."""
    env = {k: v for k, v in os.environ.items() if k != "ACP_DB"}
    if db is not None:
        env["ACP_DB"] = str(db)
    return run_cli([args], env=env)[0]


def contents(db: Path) -> dict[str, list]:
    """Every table of the base, rows sorted: what "untouched" means."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.replace("IO Error", ""), result.stderr


@pytest.mark.parametrize("name", sorted(EXAMPLE_DATASETS))
def test_import_each_shared_example(db, name):
    dataset, table, expected = EXAMPLE_DATASETS[name]
    result = acp("import", dataset, EXAMPLES / name, db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert name in lines[0] and "importé" in lines[0] and "import n° 4" in lines[0]
    assert "Erreur" not in result.stderr
    no_traceback(result)
    if dataset == "survey":
        assert count(db, "survey_themes") == expected  # same wave: replaced, not added
    else:
        assert count(db, table) == expected
    assert count(db, "imports") == 4
    if name == "assemblies_excel_fr.csv":  # Windows-1252, decimal commas
        con = duckdb.connect(str(db), read_only=True)
        try:
            paris = con.execute("SELECT latitude, longitude, country, members FROM assemblies "
                                "WHERE city = 'Paris'").fetchone()
            names = [r[0] for r in con.execute("SELECT name FROM assemblies").fetchall()]
        finally:
            con.close()
        assert paris == (48.857, 2.352, "FR", 100)
        assert "Bürgerdialog Ostbelgien" in names


@pytest.mark.parametrize("dataset", sorted(BROKEN))
def test_broken_file_is_refused_with_every_problem_and_the_base_untouched(db, tmp_path, dataset):
    text, expected = BROKEN[dataset]
    path = tmp_path / f"{dataset}_casse.csv"
    path.write_text(text, encoding="utf-8")
    before = contents(db)
    result = acp("import", dataset, path, db=db)
    assert result.returncode == 1
    assert result.stdout == ""
    no_traceback(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Erreur")]
    assert len(errors) == len(expected), result.stderr
    for line in errors:
        assert "ligne" in line and "colonne" in line, line
    for row, column in expected:
        assert any(f"ligne {row}," in line and f"colonne « {column} »" in line for line in errors), (row, column)
    assert "la base n'a pas été modifiée" in result.stderr.splitlines()[-1]
    assert contents(db) == before


@pytest.mark.parametrize("args", [
    ("import", "assemblees", EXAMPLES / "sessions.csv"),
    ("import", "assemblies"),
    ("import",),
    (),
    ("export", "assemblies", "--format", "pdf"),
    ("export", "assemblies", "--format", "xlsx"),  # .xlsx needs --out
    ("export", "assemblies", "--format", "ods"),  # so does .ods
    ("rollback", "dernier"),
    ("history", "--inconnu"),
], ids=["unknown-dataset", "missing-file", "missing-dataset", "no-command", "bad-format", "xlsx-to-stdout",
        "ods-to-stdout", "rollback-not-a-number", "unknown-option"])
def test_usage_errors_exit_2(db, args):
    before = contents(db)
    result = acp(*args, db=db)
    assert result.returncode == 2, result.stderr
    assert "Erreur d'utilisation" in result.stderr
    assert "usage:" not in result.stderr and "invalid" not in result.stderr  # said in French
    no_traceback(result)
    assert contents(db) == before


def test_missing_file_exits_2(db, tmp_path):
    result = acp("import", "assemblies", tmp_path / "absent.csv", db=db)
    assert result.returncode == 2
    assert "Fichier introuvable" in result.stderr


def test_history_and_rollback(db, seeded_file):
    assert acp("import", "assemblies", EXAMPLES / "assemblies_excel_fr.csv", "--by", "Camille", db=db).returncode == 0
    history = acp("history", db=db)
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("n° 4") and "assemblies_excel_fr.csv" in lines[0] and "Camille" in lines[0]
    assert "6 lignes" in lines[0]
    assert [line.split("\t")[0] for line in lines] == ["n° 4", "n° 3", "n° 2", "n° 1"]

    undo = acp("rollback", "4", db=db)
    assert undo.returncode == 0, undo.stderr
    assert "import n° 4" in undo.stdout and "import n° 5" in undo.stdout
    seeded = contents(seeded_file)
    after = contents(db)
    assert after["assemblies"] == seeded["assemblies"]
    assert after["imports"][-1][:2] == (5, "assemblies") and after["imports"][-1][7:9] == ("rollback", 4)

    redo = acp("rollback", "5", db=db)
    assert redo.returncode == 0, redo.stderr
    assert count(db, "assemblies") == 6

    before = contents(db)
    unknown = acp("rollback", "99", db=db)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "Aucun import n° 99 dans l'historique."
    assert contents(db) == before


def test_history_piped_into_head_does_not_crash(db):
    result = subprocess.run(f'"{sys.executable}" -m acp history | head -n 1', shell=True, cwd=ROOT,
                            env={**os.environ, "ACP_DB": str(db)}, capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("n° 3")
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_seed_builds_the_base_once(tmp_path):
    target = tmp_path / "neuve" / "acp.duckdb"
    first = acp("seed", "--db", target)
    assert first.returncode == 0, first.stderr
    assert "construite" in first.stdout
    assert count(target, "assemblies") == 19 and count(target, "sessions") == 6
    assert count(target, "survey_themes") == 5
    again = acp("seed", db=target)  # through ACP_DB this time
    assert again.returncode == 0 and "existe déjà" in again.stdout
    assert count(target, "imports") == 3


def test_import_into_a_missing_base_builds_it_from_the_embedded_data_first(tmp_path):
    target = tmp_path / "acp.duckdb"
    result = acp("import", "sessions", EXAMPLES / "sessions.csv", db=target)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 and "import n° 4" in result.stdout
    assert "construite depuis les données embarquées" in result.stderr
    assert count(target, "assemblies") == 19 and count(target, "sessions") == 3


def test_export_csv_to_stdout(db):
    result = subprocess.run([sys.executable, "-m", "acp", "export", "sessions"], cwd=ROOT,
                            env={**os.environ, "ACP_DB": str(db)}, capture_output=True, timeout=60)
    assert result.returncode == 0
    text = result.stdout.decode("utf-8-sig")
    assert text.startswith("Identifiant;Date;Début;Fin;Titre")
    assert len(text.strip().splitlines()) == 7
    assert "25/04/2025;13:00;14:00" in text


HOLDER = ("import duckdb, sys\n"
          "con = duckdb.connect(sys.argv[1])\n"
          "print('ready', flush=True)\n"
          "sys.stdin.read()\n")


def test_busy_base_one_french_sentence_exit_1(db, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        out = tmp_path / "export.csv"
        for args in (("import", "assemblies", EXAMPLES / "assemblies_excel_fr.csv"), ("history",),
                     ("export", "assemblies", "--out", out)):
            result = acp(*args, db=db)
            assert result.returncode == 1, (args, result.stderr)
            assert result.stdout == ""
            no_traceback(result)
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert len(lines) == 1, result.stderr
            sentence = lines[0]
            assert "ouverte par un autre programme" in sentence and "tableau de bord" in sentence
            assert sentence.endswith(".") and sentence.count(". ") == 0
            assert not out.exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
    assert count(db, "imports") == 3


def test_import_goes_on_when_its_report_is_piped_into_head(db, tmp_path):
    # the first warning fills `head -n 1`; the import must still be written (and said so), not abandoned at exit 0
    rows = "".join(f"Assemblée {n};France;;;\n" for n in range(40))  # 40 warnings: no coordinates
    data = tmp_path / "sans_coordonnees.csv"
    data.write_text("Nom;Pays;Latitude;Longitude;\n" + rows, encoding="utf-8")
    result = subprocess.run(f'"{sys.executable}" -m acp import assemblies "{data}" 2>&1 | head -n 1; '
                            'exit "${PIPESTATUS[0]}"', shell=True, executable="/bin/bash", cwd=ROOT,
                            env={**os.environ, "ACP_DB": str(db)}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Avertissement — sans_coordonnees.csv, ligne 2")
    assert count(db, "assemblies") == 40


# ---------------------------------------------------------------- columns absent from a file: kept, and said

def rewrite(source: Path, target: Path, drop: tuple[str, ...] = (), empty: tuple[str, ...] = ()) -> Path:
    """The exported CSV as a spreadsheet would save it with columns `drop` deleted and the cells of `empty` cleared."""
    import csv
    import io

    header, *rows = csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig")), delimiter=";")
    keep = [i for i, h in enumerate(header) if h not in drop]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header[i] for i in keep])
    for row in rows:
        writer.writerow(["" if header[i] in empty else row[i] for i in keep])
    target.write_text(out.getvalue(), encoding="utf-8-sig")
    return target


def filled(db: Path, column: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count({column}) FROM assemblies").fetchone()[0]
    finally:
        con.close()


def test_columns_deleted_from_an_export_keep_their_values_and_the_report_names_them(db, tmp_path):
    assert (filled(db, "description"), filled(db, "commissioner")) == (19, 18)
    exported = tmp_path / "assemblees.csv"
    assert acp("export", "assemblies", "--out", exported, db=db).returncode == 0
    edited = rewrite(exported, tmp_path / "sans_deux_colonnes.csv", drop=("Description", "Commanditaire"))
    before = contents(db)["assemblies"]
    result = acp("import", "assemblies", edited, db=db)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "aucune différence avec les données en place" in result.stdout, result.stdout
    assert "modifiée" not in result.stdout
    said = [line for line in result.stderr.splitlines() if "colonnes absentes" in line]
    assert len(said) == 1, result.stderr
    assert said[0].startswith("Avertissement") and "valeurs conservées" in said[0]
    assert "« Description »" in said[0] and "« Commanditaire »" in said[0] and "19 lignes déjà en place" in said[0]
    assert (filled(db, "description"), filled(db, "commissioner")) == (19, 18)
    assert contents(db)["assemblies"] == before


def test_a_column_kept_with_empty_cells_is_emptied(db, tmp_path):
    exported = tmp_path / "assemblees.csv"
    assert acp("export", "assemblies", "--out", exported, db=db).returncode == 0
    edited = rewrite(exported, tmp_path / "descriptions_videes.csv", empty=("Description",))
    result = acp("import", "assemblies", edited, db=db)
    assert result.returncode == 0, result.stderr
    assert "19 modifiées" in result.stdout and "colonnes absentes" not in result.stderr
    assert (filled(db, "description"), filled(db, "commissioner")) == (0, 18)


@pytest.mark.parametrize("dataset, drop, missing", [
    ("assemblies", ("Nom",), "Nom"),
    ("assemblies", ("Identifiant", "Nom"), "Nom"),
    ("assemblies", ("Pays", "Description"), "Pays"),
    ("sessions", ("Titre",), "Titre"),
])
def test_a_file_without_a_required_column_is_still_refused(db, tmp_path, dataset, drop, missing):
    exported = tmp_path / "export.csv"
    assert acp("export", dataset, "--out", exported, db=db).returncode == 0
    edited = rewrite(exported, tmp_path / "sans_colonne_obligatoire.csv", drop=drop)
    before = contents(db)
    result = acp("import", dataset, edited, db=db)
    assert result.returncode == 1
    assert f"colonne obligatoire absente : « {missing} »" in result.stderr
    assert "la base n'a pas été modifiée" in result.stderr.splitlines()[-1]
    assert contents(db) == before
