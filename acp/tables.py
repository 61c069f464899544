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


def display(frame: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The filtered assemblies with translated values, columns named by their labels."""
    out = {}
    for name in SHOWN:
        column = ASSEMBLIES.column(name)
        out[column.label(lang)] = [_label(column, v, lang) for v in frame[name]]
    shown = pd.DataFrame(out)
    for name in ("start_year", "members"):
        shown[ASSEMBLIES.column(name).label(lang)] = pd.array(frame[name], dtype="Int64")
    return shown


def column_config(lang: str = "fr") -> dict:
    import streamlit as st

    label = lambda n: ASSEMBLIES.column(n).label(lang)  # noqa: E731
    return {
        label("name"): st.column_config.TextColumn(width="large"),
        label("start_year"): st.column_config.NumberColumn(format="%d"),
        label("members"): st.column_config.NumberColumn(format="localized"),
        label("mandate_months"): st.column_config.NumberColumn(format="localized"),
        label("topics_from"): st.column_config.ListColumn(),
        label("functions"): st.column_config.ListColumn(),
        label("website"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)"),
    }
