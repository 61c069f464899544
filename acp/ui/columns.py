"""How Streamlit shows the assemblies table's columns (acp.tables makes the table itself)."""
from __future__ import annotations

import streamlit as st

from ..schema import ASSEMBLIES


def column_config(lang: str = "fr") -> dict:
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
