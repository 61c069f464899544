"""Short links of « Partager cette vue »: a code -> the canonical address of a view (acp.share), one row a view.

Written under the store's write lock, in one transaction: two sessions sharing the same view at once get the
same code, and a code already given to another view (a hash collision) makes the new one a character longer.
Not a dataset: no import, snapshot or rollback touches them (a rebuilt base starts without them).
"""
from __future__ import annotations

import datetime as dt

from .. import share
from ..messages import M_
from .connection import StoreError
from .writes import WRITE_LOCK, transaction


def find_code(con, target: str) -> str | None:
    row = con.execute("SELECT code FROM short_links WHERE target = ?", [target]).fetchone()
    return row[0] if row else None


def short_code(con, target: str) -> str:
    """The code of `target` (a canonical view, acp.share.canonical), stored on first use."""
    known = find_code(con, target)  # the usual case: the view has been shared before; no write
    if known:
        return known
    with WRITE_LOCK, transaction(con):
        known = find_code(con, target)
        if known:
            return known
        for code in share.code_candidates(target):
            if con.execute("SELECT 1 FROM short_links WHERE code = ?", [code]).fetchone() is None:
                con.execute("INSERT INTO short_links VALUES (?, ?, ?)",
                            [code, target, dt.datetime.now().replace(microsecond=0)])
                return code
    raise StoreError(M_("Aucun code court n'est libre pour cette vue."))


def target_of(con, code: str) -> str | None:
    """The canonical view a code stands for, or None for an unknown code."""
    if not share.is_code(code):
        return None
    row = con.execute("SELECT target FROM short_links WHERE code = ?", [code]).fetchone()
    return row[0] if row else None
