"""Every page in French and in English: it runs in the language asked for, and shows each
vocabulary value by its label, never by its code (`municipal`, `partial_sortition`, `nr`...),
in its text, tables, widgets, charts and map tooltips."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from acp import i18n

from shown import assert_no_raw_code, charts_of, map_points, shown_texts
from support import open_app

# Each page at an address that fills it: a fiche, a filtered map coloured by a list-free dimension,
# the typology stacked and crossed by the multi-valued columns.
PAGES = {
    "home": {},
    "sondage": {},
    "calendrier": {},
    "carte": {"color": "selection", "functions": "policy_recommendations,nr"},
    "assemblees": {"level": "municipal,regional"},
    "typologie": {"stack": "functions", "rows": "topics_from", "cols": "selection"},
    "fiche": {"id": "paris"},
    "proposer": {"id": "paris"},
    "coordination": {},
}
# A label followed by the French separator, at the start of a line: French typography in English.
FRENCH_COLON = re.compile(r"^(- |\S+ \*\*)?[A-Z][\w ()'/*-]* : ", re.M)


def run(name: str, lang: str) -> AppTest:
    """The page opened at its address in PAGES, in `lang` (French: no `lang` in the URL)."""
    return open_app(name, **PAGES[name], **({"lang": lang} if lang != i18n.DEFAULT_LANG else {}))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_shows_labels_never_codes(app_env, name, lang):
    at = run(name, lang)
    assert next(r for r in at.sidebar.radio if r.label == i18n.t("language_switch", lang)).value == lang
    assert_no_raw_code(at)
    if name in ("carte", "typologie", "home"):  # the pages that draw values: their labels are there to check
        labels = " ".join(shown_texts(at)) + " ".join(str(r) for _, rows in charts_of(at) for r in rows)
        labels += " ".join(str(p.get("detail")) for p in map_points(at))
        assert ("Commune" if lang == "fr" else "Municipality") in labels
    if lang == "en":
        texts = [t for t in shown_texts(at) if not t.lstrip().startswith("<")]
        assert not [t for t in texts if FRENCH_COLON.search(t)], [t[:80] for t in texts if FRENCH_COLON.search(t)]


def test_the_checks_see_a_code_shown_as_is(app_env, monkeypatch):
    """The raw-code check is no formality: a label lookup that returns the code is caught."""
    from acp import schema

    monkeypatch.setattr(schema.Vocabulary, "label", lambda self, code, lang="fr": code)
    at = run("typologie", "en")
    with pytest.raises(AssertionError, match="raw codes shown"):
        assert_no_raw_code(at)
