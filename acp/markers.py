"""What `pybabel extract` looks for (babel.cfg, `make messages`): the interface's French source strings.

`N_("Carte")` marks a text, `NN_("{n} assemblée", "{n} assemblées")` a text with a plural; both leave the French
as it is, acp.i18n puts it into the reader's language through the gettext catalogs of acp/locale/.
"""
from __future__ import annotations

from typing import NamedTuple


class Plural(NamedTuple):
    singular: str
    plural: str


def N_(text: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    return text


def NN_(singular: str, plural: str) -> Plural:  # noqa: N802
    return Plural(singular, plural)
