"""Draw a typology chart with Streamlit: the chart, whose click adds its value to the shared
Filter, and its data as a table and a CSV file (used by pages/typologie.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import charts, export, i18n
from . import filter_panel, present


def _on_pick(key: str, facets: tuple[str, ...], fields: tuple[str, ...]) -> None:
    """The chart's click, before the rerun: add the clicked value(s) to the Filter."""
    state = st.session_state.get(key)
    items = charts.picked(state.selection if state is not None else {}, fields)
    if items:
        filter_panel.add_values(dict(zip(facets, (items[0][field] for field in fields))))


def chart(kind: str, data: pd.DataFrame, args: tuple, key: str, facets: tuple[str, ...], fields: tuple[str, ...],
          table: pd.DataFrame, file_name: str, lang: str) -> None:
    """`charts.spec(kind, data, *args)`; a click on a mark sets `facets` to its `fields` (a bar's
    code, a cell's row and column); below it, `table` on screen and as `file_name`."""
    key = f"{key}-{st.session_state.get(filter_panel.GENERATION, 0)}"  # a new chart after each click: no selection left
    spec = charts.spec(kind, data, *args)
    if present.requested():  # read from a projected screen: body text of at least 20 px
        spec = charts.scaled_fonts(spec, present.CHART_FONT_SCALE)
    st.vega_lite_chart(spec, key=key, on_select=lambda: _on_pick(key, facets, fields),
                       width="stretch")
    with st.expander(i18n.t("chart_data", lang)):
        st.table(table, hide_index=True, border="horizontal")  # every label and number in view, no scrolling
        st.download_button(i18n.t("download_chart_csv", lang), data=export.to_csv_bytes(table), file_name=file_name,
                           mime="text/csv", icon=":material/download:", on_click="ignore", key=f"csv-{key}")
