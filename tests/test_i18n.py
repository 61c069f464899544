"""The interface labels: one definition per key, both languages, French formats."""
import ast
import datetime as dt
import html
import re
from pathlib import Path

import pytest

from acp import i18n
from acp.schema import VOCABULARIES

SOURCE = Path(i18n.__file__).read_text(encoding="utf-8")
TEXT_SOURCES = {"TEXT": SOURCE,
                "COORDINATION_TEXT": Path(i18n.__file__).with_name("texts_coordination.py").read_text(encoding="utf-8"),
                "EDITIONS_TEXT": Path(i18n.__file__).with_name("texts_editions.py").read_text(encoding="utf-8"),
                "COMPARE_TEXT": Path(i18n.__file__).with_name("texts_compare.py").read_text(encoding="utf-8")}


def test_no_label_key_is_defined_twice():
    keys = []
    for name, source in TEXT_SOURCES.items():
        text = next(node.value for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name)
        keys += [k.value for k in text.keys if k is not None]  # None: the ** of the other dictionary
    assert len(keys) == len(i18n.TEXT)
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_every_vocabulary_value_has_two_labels():
    for vocab in VOCABULARIES.values():
        for term in vocab.terms:
            assert term.fr and term.fr != term.code, (vocab.name, term.code)
            assert all(term.labels()), (vocab.name, term.code)  # a label in every language (tests/test_catalogs.py)


def test_french_formats():
    assert i18n.fmt_date(dt.date(2025, 4, 25)) == "vendredi 25 avril 2025"
    assert i18n.fmt_time(dt.time(13)) == "13 h" and i18n.fmt_time(dt.time(13, 30)) == "13 h 30"
    assert i18n.fmt_number(48.857) == "48,9"
    assert i18n.count_of(1, 16) == "1 assemblée sur 16" and i18n.count_of(5, 16) == "5 assemblées sur 16"
    assert i18n.count_of(1, 16, "en") == "1 assembly of 16"


@pytest.mark.parametrize("text", [
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**gras** _it_ `code` ~~barré~~ $x^2$",
    "1. liste", "# titre", "> citation", ":smile: :material/home:", "a & b &amp; c \\ d",
    'https://x.example.org/a-b_c?d=e&f=g#h"><img src=x>'])
def test_markdown_escaping_makes_data_inert(text):
    escaped = i18n.md(text)
    assert not set(re.sub(r"&#\d+;", "", escaped)) & set("<>[]()*_`~$#:\\!|&")  # no markup left as such
    assert html.unescape(escaped) == text  # and the reader sees exactly what was written
