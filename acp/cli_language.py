"""The command line's language: `--lang fr|en|de`, read before the parser is built, and argparse's own words.

argparse writes its texts ("usage:", "the following arguments are required", "invalid choice"…) in English
through the module-level `_` and `ngettext` it imported from gettext, with no way to pass a catalog. While a
command runs, `speaking(lang)` points those two names at the catalog acp/locale/<lang>/LC_MESSAGES/argparse.po
(its message ids are argparse's own English texts, hence a domain of its own; `make compile` builds it), and
puts them back afterwards.
"""
from __future__ import annotations

import argparse
import gettext
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from .catalogs import LANGS, LOCALE_DIR, SOURCE_LANG, CatalogMissing

ARGPARSE_DOMAIN = "argparse"
ARGPARSE_SOURCE_LANG = "en"  # argparse's message ids are English


def lang_of(argv: list[str]) -> str:
    """The language asked by `--lang X` or `--lang=X` anywhere in argv (the last one wins); French otherwise.

    An unknown language is left for the parser to refuse (in French, the language it can speak then)."""
    lang = SOURCE_LANG
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            lang = value
    return lang


@lru_cache(maxsize=None)
def argparse_catalog(lang: str) -> gettext.NullTranslations:
    if lang == ARGPARSE_SOURCE_LANG:
        return gettext.NullTranslations()
    try:
        return gettext.translation(ARGPARSE_DOMAIN, LOCALE_DIR, languages=[lang])
    except FileNotFoundError as exc:
        raise CatalogMissing(f"no compiled argparse catalog for {lang!r} in {LOCALE_DIR}: run `make compile`") from exc


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse's own texts in `lang` while the block runs."""
    translation = argparse_catalog(lang)
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translation.gettext, translation.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
