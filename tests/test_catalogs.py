"""The gettext catalogs: every French source string the code marks is in the template and translated in every
catalog, nothing empty or fuzzy, placeholders kept; plurals by each language's rule; a catalog not compiled is
said, not silently replaced by French."""
from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from acp import catalogs, i18n
from acp.catalogs import Plural

from support import ROOT

LOCALE = ROOT / "acp" / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"\{\w*\}")
MULTILINGUAL = {"language_switch"}  # « Langue / Language »: read by whoever does not read the current language


KEYWORDS = {"N_": None, "NN_": (1, 2), "M_": None, "MN_": (1, 2), "_": None, "C": ((1, "c"), 3), "Column": ((1, "c"), 3), "T": ((1, "c"), 2),
            "P_": ((1, "c"), 2)}  # the Makefile's `make messages` keywords


def marked_in_the_code() -> set:
    """What `make messages` extracts: (context or None, message) of every marked French source string."""
    found = set()
    for folder in ("acp", "pages"):
        for _, _, message, _, context in extract_from_dir(ROOT / folder, method_map=[("**.py", "python")],
                                                          keywords=KEYWORDS):
            found.add((context, message))
    return found


def catalog_ids(path) -> dict:
    with open(path, "rb") as fh:
        return {(m.context, m.id): m for m in read_po(fh) if m.id}


def test_there_are_catalogs_beside_french():
    assert {p.parts[-3] for p in CATALOGS} >= {"en"}
    assert set(i18n.LANGS) - {i18n.SOURCE_LANG} <= {p.parts[-3] for p in CATALOGS}


def test_the_template_holds_every_marked_string():
    marked = marked_in_the_code()
    assert len(marked) > 300
    template = set(catalog_ids(LOCALE / "messages.pot"))
    assert marked - template == set(), "run `make messages`"
    assert template - marked == set(), "run `make messages` (obsolete entries)"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_marked_string_is_translated_not_fuzzy_placeholders_kept(path):
    messages = catalog_ids(path)
    missing = marked_in_the_code() - set(messages)
    assert not missing, sorted(missing)[:5]
    for message in messages.values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, message.id
        assert all(s and s.strip() for s in strings), message.id
        if len(ids) == 1:
            assert all(sorted(PLACEHOLDER.findall(s)) == sorted(PLACEHOLDER.findall(ids[0])) for s in strings), message.id
        else:  # a singular may leave the count out (« la ligne »); every other placeholder is kept in every form
            allowed = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[1]))
            kept = allowed - {"{n}"}
            assert all(kept <= set(PLACEHOLDER.findall(s)) <= allowed for s in strings), message.id


def test_every_key_has_a_french_source_string():
    for key, entry in i18n.TEXT.items():
        texts = entry if isinstance(entry, Plural) else (entry,)
        assert all(isinstance(text, str) and text.strip() for text in texts), key


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != i18n.SOURCE_LANG])
def test_every_key_reads_in_the_language_not_in_french(lang):
    """A text with more than a word or two of French left as it is in `lang` is untranslated (a short one like
    « Coordination » may be the same word; the language switch's label is in every language on purpose)."""
    same = [key for key, entry in i18n.TEXT.items()
            if not isinstance(entry, Plural) and key not in MULTILINGUAL and i18n.t(key, lang) == entry
            and len(re.sub(r"[^\w]", "", PLACEHOLDER.sub("", entry))) > 12]
    assert not same, same


def test_plurals_follow_each_languages_rule():
    assert [i18n.count_of(n, 19) for n in (0, 1, 2)] == ["0 assemblée sur 19", "1 assemblée sur 19",
                                                         "2 assemblées sur 19"]
    assert [i18n.count_of(n, 19, "en") for n in (0, 1, 2)] == ["0 assemblies of 19", "1 assembly of 19",
                                                               "2 assemblies of 19"]
    with pytest.raises(TypeError, match="count"):
        i18n.t("n_of_m", "fr", n=1, m=2)


def test_a_catalog_that_is_not_compiled_is_said(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    catalogs.catalog.cache_clear()
    try:
        with pytest.raises(catalogs.CatalogMissing, match="make compile"):
            i18n.t("home", "en")
    finally:
        monkeypatch.undo()
        catalogs.catalog.cache_clear()
    assert i18n.t("home", "en") == "Home"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_glossary_has_its_file_in_every_language(lang):
    from acp import glossary

    text = glossary.markdown(lang)
    assert len(re.findall(r"^[1-5]\. \*\*", text, re.M)) == 5 and len(re.findall(r"^- \*\*", text, re.M)) == 4
    assert "<!--" not in text and "25" in text  # the markers are taken out; the source (25 April 2025) is cited
    assert len(glossary.markdown(lang, typology=False)) < len(text)
    assert glossary.title(lang) and glossary.short_title(lang)
