"""`python -m acp --lang fr|en|de`: the report, the results, the store's refusals, the help and argparse's own
usage errors in the reader's language, on every command; French stays the default."""
from __future__ import annotations

import re

import pytest
from test_cli import BROKEN, acp, contents, no_traceback

from acp.catalogs import LANGS

from support import EXAMPLES

# Words that only a French line would hold (the file's own headers and values are quoted apart and left out).
FRENCH = re.compile(r"\b(ligne|colonne|valeur|erreur|attendu|importé|introuvable|base|aucun|données|la|le|les|"
                    r"une?|des|du|dans|est|sont|pas|n°)\b", re.I)
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“]*“|'[^']*'")
COMMANDS = ("import", "export", "history", "rollback", "seed", "rebuild", "hash-password")


def french_words(text: str) -> list[str]:
    return FRENCH.findall(QUOTED.sub("", text))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_refused_import_reports_every_problem_in_the_readers_language(db, tmp_path, lang):
    text, expected = BROKEN["assemblies"]
    path = tmp_path / "assemblees_casse.csv"
    path.write_text(text, encoding="utf-8")
    before = contents(db)
    result = acp("import", "assemblies", path, "--lang", lang, db=db)
    assert result.returncode == 1 and result.stdout == ""
    no_traceback(result)
    row, column, error = {"en": ("row", "column", "Error"), "de": ("Zeile", "Spalte", "Fehler")}[lang]
    errors = [line for line in result.stderr.splitlines() if line.startswith(error)]
    assert len(errors) == len(expected), result.stderr
    for r, c in expected:  # the file's header stays as it is written in the file
        assert any(f"{row} {r}," in line and c in line for line in errors), (r, c, result.stderr)
    for line in result.stderr.splitlines():
        assert not french_words(line.replace(path.name, "")), line
    assert contents(db) == before


@pytest.mark.parametrize("lang", ["en", "de"])
def test_results_and_store_refusals_in_the_readers_language(db, lang):
    done = acp("--lang", lang, "import", "sessions", EXAMPLES / "sessions.csv", db=db)
    assert done.returncode == 0, done.stderr
    assert not french_words(done.stdout.replace("sessions.csv", "")), done.stdout
    assert {"en": "3 sessions", "de": "3 Sitzungen"}[lang] in done.stdout
    unknown = acp("rollback", "99", "--lang", lang, db=db)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == {"en": "There is no import no. 99 in the history.",
                                      "de": "Kein Import Nr. 99 im Verlauf."}[lang]


def test_french_is_the_default_and_the_same_as_lang_fr(db):
    default, french = (acp("rollback", "99", *extra, db=db) for extra in ((), ("--lang", "fr")))
    assert default.stderr == french.stderr == "Aucun import n° 99 dans l'historique.\n"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_command_takes_lang_and_its_help_is_in_that_language(command, lang):
    result = acp(command, "--help", "--lang", lang)
    assert result.returncode == 0, result.stderr
    usage = {"fr": "Utilisation :", "en": "usage:", "de": "Verwendung:"}[lang]
    options = {"fr": "options", "en": "options", "de": "Optionen"}[lang]
    assert result.stdout.startswith(usage) and f"\n{options}" in result.stdout, result.stdout
    assert "--lang {fr,en,de}" in result.stdout
    if lang != "fr":
        assert not french_words(re.sub(r"\S*[$/]\S*", "", result.stdout)), result.stdout
    if lang != "en":  # argparse's own words translated too
        assert "show this help message" not in result.stdout


@pytest.mark.parametrize(("lang", "said"), [
    ("fr", "les arguments suivants sont requis"),
    ("en", "the following arguments are required"),
    ("de", "erforderlich"),
])
def test_argparse_usage_errors_in_the_readers_language(lang, said):
    result = acp("--lang", lang, "import", "assemblies")
    assert result.returncode == 2
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
