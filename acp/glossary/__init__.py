"""A short glossary for new members: the group's five criteria and FIDE's traits of a permanent assembly, as stated
in the seed report (sections III.1.B and III.2.A/B), and the typology of the charts.

One Markdown file per language beside this module (fr.md, en.md, de.md: translators edit them, not Python); the
typology part sits between `<!-- typology -->` and `<!-- /typology -->`, left out where the page shows the charts'
words already. The pages show it in an expander or a popover.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..catalogs import DEFAULT_LANG, N_, gettext_

_FOLDER = Path(__file__).resolve().parent
_TYPOLOGY = re.compile(r"<!-- typology -->.*?<!-- /typology -->\n", re.S)
_SHORT_TITLE = N_("Glossaire")
_TITLE = N_("Glossaire : qu'est-ce qu'une assemblée citoyenne permanente ?")


def short_title(lang: str = DEFAULT_LANG) -> str:
    return gettext_(_SHORT_TITLE, lang)


def title(lang: str = DEFAULT_LANG) -> str:
    return gettext_(_TITLE, lang)


@lru_cache(maxsize=None)
def _text(lang: str) -> str:
    return (_FOLDER / f"{lang}.md").read_text(encoding="utf-8").strip()


def markdown(lang: str = DEFAULT_LANG, typology: bool = True) -> str:
    """The glossary as Markdown: the five criteria, FIDE's traits, and (optionally) the typology."""
    text = _text(lang)
    return text.replace("<!-- typology -->\n", "").replace("<!-- /typology -->\n", "") if typology \
        else _TYPOLOGY.sub("", text)
