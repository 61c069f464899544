"""acp.messages: a message is its French text, and is put into words in the reader's language at display, with its
parameters in that language (labels, numbers, plurals, nested messages, quotation marks)."""
from __future__ import annotations

import pickle

import pytest

from acp import store
from acp.ingest import Problems, read_upload, values
from acp.messages import M_, MN_, Message, Number, quoted_list, render
from acp.schema import ASSEMBLIES, DATASETS


def test_a_message_is_its_french_text_with_its_parameters_kept():
    message = M_("Aucun import n° {number} dans l'historique.", number=12)
    assert message == "Aucun import n° 12 dans l'historique." and isinstance(message, str)
    assert message.source == "Aucun import n° {number} dans l'historique." and message.params == {"number": 12}
    assert message.render("fr") == message
    assert message.render("en") != message and "12" in message.render("en")
    assert pickle.loads(pickle.dumps(message)).render("de") == message.render("de")


@pytest.mark.parametrize(("lang", "one", "two", "big"), [
    ("fr", "1 séance", "2 séances", "12 345 séances"),
    ("en", "1 session", "2 sessions", "12,345 sessions"),
    ("de", "1 Sitzung", "2 Sitzungen", "12.345 Sitzungen"),
])
def test_counts_follow_each_languages_plural_rule_and_digits(lang, one, two, big):
    sessions = DATASETS["sessions"]
    assert [sessions.count(n).render(lang).replace("\u202f", " ").replace("\xa0", " ") for n in (1, 2, 12345)] == [
        one, two, big]
    assert MN_("{n} erreur", "{n} erreurs", n=0) == "0 erreur"  # French: 0 is singular


def test_parameters_are_put_into_the_readers_language():
    level = ASSEMBLIES.column("level")
    with pytest.raises(values.BadValue) as caught:
        values.vocabulary_value("Comune", level.vocab, level)
    english, german = caught.value.render("en"), caught.value.render("de")
    assert "« Échelon »" in caught.value.message and "Commune" in caught.value.message
    assert "Level" in english and "“Municipality”" in english and "Échelon" not in english
    assert "Ebene" in german and "„Kommune“" in german
    assert quoted_list(["a", "b"], "fr") == "« a », « b »"
    assert Number(3000) == 3000.0 and M_("{n}", n=Number(3000)).render("de") == "3.000"
    assert render("plain text, a name", "de") == "plain text, a name"


def test_a_nested_message_is_rendered_in_the_same_language():
    outer = M_("Motif du refus : {problem}", problem=M_("Indiquez le motif du refus."))
    assert outer == "Motif du refus : Indiquez le motif du refus."
    assert "Indiquez" not in outer.render("en") and "motif" not in outer.render("de")


def test_a_problem_names_file_row_column_and_value_in_the_readers_language():
    upload = read_upload("assemblies", "casse.csv", "Nom;Pays\nA;Atlantide\n".encode())
    line = upload.report()[0]
    assert line.render("fr").startswith("Erreur — casse.csv, ligne 2, colonne « Pays » : valeur « Atlantide » :")
    assert line.render("en").startswith("Error — casse.csv, row 2, column")
    assert line.render("de").startswith("Fehler — casse.csv, Zeile 2, Spalte")
    assert "Atlantide" in line.render("en") and "Pays" in line.render("de")


def test_plain_strings_are_refused_where_a_message_is_needed():
    with pytest.raises(TypeError, match="Message"):
        Problems().error("texte en dur")
    with pytest.raises(TypeError, match="Message"):
        store.StoreError("texte en dur")
    with pytest.raises(TypeError, match="count n"):
        Message("{n} a", "{n} b")


def test_store_refusals_carry_their_message():
    refusal = store.StoreError(M_("Aucune proposition n° {number}.", number=3))
    assert str(refusal) == "Aucune proposition n° 3." and refusal.render("en") != str(refusal)
