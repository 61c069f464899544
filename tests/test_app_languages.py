"""Every page in French, English and German: it runs in the language asked for, shows each vocabulary value by
its label, never by its code (`municipal`, `partial_sortition`, `nr`...), in its text, tables, widgets, charts and
map tooltips, and in English or German shows no French word of the interface (data stays as written)."""
from __future__ import annotations

import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from acp import i18n, store
from acp.catalogs import Plural, gettext_
from acp.schema import DATASETS, LEVEL, VOCABULARIES
from acp.store import process

from shown import assert_no_raw_code, charts_of, map_points, shown_texts
from support import open_app, use_editions

# Each page at an address that fills it: a fiche, a filtered map coloured by a list-free dimension,
# the typology stacked and crossed by the multi-valued columns, the editions of tests/fixtures/editions_sample.csv.
PAGES = {
    "home": {},
    "sondage": {},
    "calendrier": {},
    "carte": {"color": "selection", "functions": "policy_recommendations,nr"},
    "assemblees": {"level": "municipal,regional"},
    "typologie": {"stack": "functions", "rows": "topics_from", "cols": "selection"},
    "editions": {},
    "fiche": {"id": "paris"},
    "comparer": {"ids": "paris,eupen-ostbelgien,milan-clima"},
    "proposer": {"id": "paris"},
    "donnees": {"level": "municipal"},
    "coordination": {},
}
# A label followed by the French separator, at the start of a line: French typography in English.
FRENCH_COLON = re.compile(r"^(- |\S+ \*\*)?[A-Z][\w ()'/*-]* : ", re.M)


def french_sources(lang: str) -> set[str]:
    """The interface's French texts that read otherwise in `lang`, long enough to be told apart from a name (12
    letters or more, placeholders cut out: every piece between them counts)."""
    texts = set()
    for entry in i18n.TEXT.values():
        for text in (entry if isinstance(entry, Plural) else (entry,)):
            if gettext_(text, lang) != text:
                texts.update(re.split(r"\{\w*\}", text))
    for dataset in DATASETS.values():
        texts.update(c.fr for c in dataset.columns if c.label(lang) != c.fr)
    for vocab in VOCABULARIES.values():
        texts.update(t.fr for t in vocab.terms if t.label(lang) != t.fr)
    translated = {gettext_(t, lang) for e in i18n.TEXT.values() for t in (e if isinstance(e, Plural) else (e,))}
    translated |= {c.label(lang) for d in DATASETS.values() for c in d.columns}
    translated |= {t.label(lang) for v in VOCABULARIES.values() for t in v.terms}
    return {t.strip() for t in texts - translated if len(re.sub(r"\W", "", t)) >= 12 and "**" not in t}


def data_texts() -> list[str]:
    """Every text the stored data holds (names, notes, survey themes, session titles…), longest first: shown as
    written, in French, whatever the language of the interface."""
    cursor = process.cursor(os.environ["ACP_DB"])  # the app's own connection: the process holds the file
    try:
        texts = set()
        for table in ("assemblies", "sessions", "survey_themes", "survey_other", "survey_waves", "editions"):
            frame = cursor.execute("SELECT * FROM editions").df() if table == "editions" else \
                store.read_table(cursor, table)
            for column in frame.columns:
                texts.update(v for v in frame[column] if isinstance(v, str) and v.strip())
    finally:
        cursor.close()
    return sorted(texts | {i18n.md(t) for t in texts}, key=len, reverse=True)


def french_left(at: AppTest, lang: str, sources: set[str] | None = None) -> list[str]:
    """Interface French found on a page in `lang`, once the data's own texts are taken out."""
    shown = "\n".join(t for t in shown_texts(at) if not t.lstrip().startswith("<"))
    for text in data_texts():
        shown = shown.replace(text, " ")
    return sorted(t for t in (french_sources(lang) if sources is None else sources) if t in shown)


def run(name: str, lang: str) -> AppTest:
    """The page opened at its address in PAGES, in `lang` (French: no `lang` in the URL), the sample editions in
    the base."""
    use_editions(os.environ["ACP_DB"])
    return open_app(name, **PAGES[name], **({"lang": lang} if lang != i18n.DEFAULT_LANG else {}))


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_shows_labels_never_codes(app_env, name, lang):
    at = run(name, lang)
    assert next(r for r in at.sidebar.radio if r.label == i18n.t("language_switch", lang)).value == lang
    assert_no_raw_code(at)
    if name in ("carte", "typologie", "home", "editions"):  # the pages that draw values: their labels are there to check
        labels = " ".join(shown_texts(at)) + " ".join(str(r) for _, rows in charts_of(at) for r in rows)
        labels += " ".join(str(p.get("detail")) for p in map_points(at))
        assert LEVEL.label("municipal", lang) in labels
    if lang != i18n.SOURCE_LANG:
        left = french_left(at, lang)
        assert not left, left
    if lang != i18n.SOURCE_LANG:
        texts = [t for t in shown_texts(at) if not t.lstrip().startswith("<")]
        assert not [t for t in texts if FRENCH_COLON.search(t)], [t[:80] for t in texts if FRENCH_COLON.search(t)]


def test_the_check_sees_interface_french_left_in_german(app_env, monkeypatch):
    """The French-left check is no formality: with the interface's texts left untranslated, a German page fails it
    (the column headers and vocabulary labels still read in German)."""
    sources = french_sources("de")
    monkeypatch.setattr(i18n, "gettext_", lambda text, lang="fr": text)
    left = french_left(run("typologie", "de"), "de", sources)
    assert len(left) >= 3 and any("Cliquez" in t for t in left), left


def test_the_checks_see_a_code_shown_as_is(app_env, monkeypatch):
    """The raw-code check is no formality: a label lookup that returns the code is caught."""
    from acp import schema

    monkeypatch.setattr(schema.Vocabulary, "label", lambda self, code, lang="fr": code)
    at = run("typologie", "en")
    with pytest.raises(AssertionError, match="raw codes shown"):
        assert_no_raw_code(at)
