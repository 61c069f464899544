"""Messages put into words at display (acp.messages): an import problem, a refusal or a store error is made of a
Message (M_/MN_: a French source and its parameters), never of a French string already put together, which could
not be shown in the reader's language.

The source check covers the whole of acp/.
"""
from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from acp.ingest import read_upload
from acp.ingest.problems import Problem, Problems
from acp.ingest.records import ColumnName
from acp.ingest.tabular import FileRefused
from acp.ingest.values import BadValue
from acp.messages import M_, MN_, Message
from acp.schema import ASSEMBLIES

from support import ROOT

SCANNED = [ROOT / "acp"]
REFUSALS = {"BadValue", "FileRefused", "StoreError", "DatabaseBusy", "NotDamaged", "BadConfiguration"}
PROBLEMS = {"error", "warn"}  # Problems.error / Problems.warn
NOT_PROBLEMS = {"log", "_log", "logger", "_logger", "logging", "warnings", "st"}  # their .error/.warn take text


def _called(node: ast.Call) -> str | None:
    """'BadValue', 'error'…: the name of what the call makes or reports, if it takes a message."""
    func = node.func
    if isinstance(func, ast.Name) and func.id in REFUSALS:
        return func.id
    if isinstance(func, ast.Attribute):
        if func.attr in REFUSALS:
            return func.attr
        if func.attr in PROBLEMS and not (isinstance(func.value, ast.Name) and func.value.id in NOT_PROBLEMS):
            return func.attr
    return None


def _text_put_together(node: ast.AST, constants: dict[str, ast.AST]) -> bool:
    """A string literal, an f-string, a concatenation, `%` or `.format` of strings, or a module constant that is
    one: words fixed in French, not a Message."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _text_put_together(node.left, constants) or _text_put_together(node.right, constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _text_put_together(node.func.value, constants)
    if isinstance(node, ast.Name) and node.id in constants:
        return _text_put_together(constants[node.id], constants)
    if isinstance(node, ast.IfExp):
        return _text_put_together(node.body, constants) or _text_put_together(node.orelse, constants)
    return False


def _module_constants(tree: ast.Module) -> dict[str, ast.AST]:
    return {target.id: statement.value for statement in tree.body if isinstance(statement, ast.Assign)
            for target in statement.targets if isinstance(target, ast.Name)}


def unwrapped_messages(path: Path) -> list[tuple[int, str]]:
    """(line, call) of every problem or refusal whose message is words put together, in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _module_constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called(node) is None:
            continue
        message = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None)
        if message is not None and _text_put_together(message, constants):
            found.append((node.lineno, f"{_called(node)}({ast.unparse(message)[:60]})"))
    return found


def test_every_problem_and_refusal_of_the_importer_is_a_message():
    sources = sorted(p for folder in SCANNED for p in folder.rglob("*.py"))
    assert sources
    found = [f"{path.relative_to(ROOT)}:{line} {call}" for path in sources for line, call in unwrapped_messages(path)]
    assert found == []


@pytest.mark.parametrize("call", [
    'problems.error("texte")', 'problems.warn(f"{n} lignes")', 'raise BadValue("a" + b)',
    'raise FileRefused("%s lignes" % n)', 'raise StoreError("{} lignes".format(n))',
    'problems.error(message=TEXT)', 'raise tabular.FileRefused(", ".join(names))',
    'problems.warn("a" if n else "b")'])
def test_the_check_finds_words_put_together_in_french(tmp_path, call):
    module = tmp_path / "module.py"
    module.write_text(f'TEXT = "texte"\n\n\ndef f(problems, n, b, names):\n    {call}\n', encoding="utf-8")
    assert len(unwrapped_messages(module)) == 1, call


@pytest.mark.parametrize("call", [
    'problems.error(M_("texte"))', 'problems.warn(MN_("{n} ligne", "{n} lignes", n=n))',
    'raise BadValue(exc.message)', '_log.error("base %s", n)', 'raise FileRefused(_PROTECTED)',
    'st.error("texte")'])
def test_the_check_lets_messages_through(tmp_path, call):
    module = tmp_path / "module.py"
    module.write_text(f'_PROTECTED = M_("texte")\n\n\ndef f(problems, n, exc):\n    {call}\n', encoding="utf-8")
    assert unwrapped_messages(module) == []


def test_a_plain_string_is_refused_where_a_message_is_due():
    with pytest.raises(TypeError):
        Problems().error("texte")
    with pytest.raises(TypeError):
        BadValue("texte")
    with pytest.raises(TypeError):
        FileRefused("texte")


def test_every_problem_of_a_broken_file_is_a_message_with_its_french_words():
    upload = read_upload("assemblies", "a.csv", "Nom;Pays;Latitude;Colonne inconnue\nx;Atlantis;12;z\n".encode())
    assert upload.problems and all(isinstance(p.message, Message) for p in upload.problems)
    said = "\n".join(upload.report())
    assert "colonnes non reconnues, ignorées : « Colonne inconnue »" in said
    assert "coordonnées incomplètes : « Longitude » manque." in said


def test_a_column_the_file_lacks_is_named_in_the_readers_language():
    latitude = ASSEMBLIES.column("latitude")
    name = ColumnName(ASSEMBLIES.column("start_year"))
    assert name == "Année de création" and isinstance(name, str)
    for lang in ("fr", "en", "de"):
        assert name.label(lang) == ASSEMBLIES.column("start_year").label(lang)
    assert pickle.loads(pickle.dumps(name)).label("en") == name.label("en")
    problem = Problem("erreur", M_("texte"), 2, ColumnName(latitude))
    assert f"„{latitude.label('de')}“" in problem.describe(lang="de")


def test_hand_made_plurals_are_real_plurals():
    one, two = (MN_("{n} mot", "{n} mots", n=n) for n in (1, 2))
    assert (one, two, MN_("{n} mot", "{n} mots", n=0)) == ("1 mot", "2 mots", "0 mot")
