"""The gettext catalogs of acp/locale/: the languages, the French source strings' markers, and their lookup.

French is the source language: every text of the interface is written in French in the code, marked so that
`make messages` (pybabel extract, babel.cfg) finds it: `N_("Carte")`, `NN_("{n} assemblée", "{n} assemblées")`
with a plural; in acp.schema the labels of columns (`C`), vocabulary terms (`T`) and datasets (`Dataset`) are
extracted with their code as context (`P_` for the datasets' names). The catalogs acp/locale/<lang>/LC_MESSAGES/messages.po translate them;
`make compile` builds the .mo files read here. No module of the project below this one: acp.schema and acp.i18n
both use it.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from babel import Locale

LANGS = ("fr", "en", "de")
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch"}  # each in its own language, for the switch
SOURCE_LANG = "fr"  # the message ids are the French texts
DEFAULT_LANG = SOURCE_LANG
LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class Plural(NamedTuple):
    singular: str
    plural: str


def N_(text: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    return text


def NN_(singular: str, plural: str) -> Plural:  # noqa: N802
    return Plural(singular, plural)


def P_(context: str, text: str) -> str:  # noqa: N802
    """A text whose translation depends on `context` (looked up with pgettext_)."""
    return text


class CatalogMissing(RuntimeError):
    """A language's compiled catalog (acp/locale/<lang>/LC_MESSAGES/messages.mo) is not there: run `make`."""


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.NullTranslations:
    """The language's compiled catalog; French, the source language, is its own message ids."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except FileNotFoundError as exc:
        raise CatalogMissing(f"no compiled catalog for {lang!r} in {LOCALE_DIR}: run `make compile` "
                             "(make run and make test do it)") from exc


def gettext_(text: str, lang: str = DEFAULT_LANG) -> str:
    """A French source string in `lang`."""
    return catalog(lang).gettext(text)


def pgettext_(context: str, text: str, lang: str = DEFAULT_LANG) -> str:
    """A French source string in `lang`, where the same French may need another word elsewhere (`context`)."""
    return catalog(lang).pgettext(context, text)


def ngettext_(singular: str, plural: str, count: int, lang: str = DEFAULT_LANG) -> str:
    """A French source string with a plural, in `lang`, by that language's plural rule."""
    if lang == SOURCE_LANG:  # gettext's fallback would apply the English rule (0 is plural)
        return singular if Locale.parse(LOCALES[lang]).plural_form(abs(count)) == "one" else plural
    return catalog(lang).ngettext(singular, plural, count)
