"""The assemblies table as shown on screen: French headers, labels for codes, lists as tags."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import i18n
from .schema import ASSEMBLIES

SHOWN = ("name", "city", "country", "level", "start_year", "status", "selection", "specialisation",
         "initiated_by", "topics_from", "functions", "members", "mandate_months", "website")


def _label(column, value, lang):
    if isinstance(value, (list, tuple, np.ndarray)):
        return [i18n.value_label(column, v, lang) for v in value] if len(value) else None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return i18n.value_label(column, value, lang) if (column.vocab or column.kind in ("country", "bool")) else value


def _labels(column, cells: list, lang: str) -> list:
    """Each distinct value labelled once: thousands of rows share a handful of codes (100,000 rows:
    6 s cell by cell, well under a second this way)."""
    known = {}
    keys = [tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else v for v in cells]
    return [known[k] if k in known else known.setdefault(k, _label(column, v, lang)) for k, v in zip(keys, cells)]


def display(frame: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The filtered assemblies with translated values, columns named by their labels."""
    out = {}
    for name in SHOWN:
        column = ASSEMBLIES.column(name)
        if name in ("start_year", "members"):
            out[column.label(lang)] = pd.array(frame[name], dtype="Int64")
            continue
        cells = frame[name].tolist()  # a list is iterated many times faster than a Series
        if column.vocab is not None or column.kind in ("country", "bool"):
            out[column.label(lang)] = _labels(column, cells, lang)
        else:
            out[column.label(lang)] = [_label(column, v, lang) for v in cells]
    return pd.DataFrame(out)
