"""Assemblées: the filtered assemblies as a sortable table; a selected row opens its fiche."""
import streamlit as st

from acp import export, fiche, i18n
from acp.schema import ASSEMBLIES
from acp.ui import columns, compare_view, data, fiche_view, filter_panel, page, present

lang = page.lang()
version = data.version()
f = filter_panel.current()

st.title(i18n.t("table_title", lang))
page.count_line(version, f, lang)
present.toolbar(lang, "assemblees", f)
frame = data.select(version, f)
display = data.table_display(version, f, lang)
filter_panel.render(lang, version)  # after the count line has gone and the table is computed: see acp.ui.filter_panel
event = st.dataframe(display, column_config=columns.column_config(lang), hide_index=True,
                     on_select="rerun", selection_mode="multi-row", key="assemblies-table")

left, right, last = st.columns(3)
left.download_button(i18n.t("download_rows_csv", lang), lambda: export.to_csv_bytes(export.labelled(frame, ASSEMBLIES, lang)),
                     file_name="assemblees.csv", mime="text/csv", icon=":material/download:")
right.download_button(i18n.t("download_rows_xlsx", lang),
                      lambda: export.to_xlsx_bytes(export.labelled(frame, ASSEMBLIES, lang), ASSEMBLIES.label(lang)),
                      file_name="assemblees.xlsx", icon=":material/download:",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
last.download_button(i18n.t("download_rows_ods", lang),
                     lambda: export.to_ods_bytes(export.labelled(frame, ASSEMBLIES, lang), ASSEMBLIES.label(lang)),
                     file_name="assemblees.ods", icon=":material/download:",
                     mime="application/vnd.oasis.opendocument.spreadsheet")

rows = event.selection.rows if event and event.selection else []
if len(rows) > 1:  # several rows: « Comparer » them (the comparison keeps the first four and says so)
    compare_view.selected_link(list(frame.iloc[rows]["id"]), lang)
elif rows:
    record = fiche.read(data.cursor(), frame.iloc[rows[0]]["id"])
    if record:
        fiche_view.card(data.cursor(), record, lang, key="table-fiche")
else:
    st.caption(i18n.t("select_row_hint", lang) + " " + i18n.t("compare_select_hint", lang))
    st.page_link("pages/proposer.py", label=i18n.t("prop_link_new", lang), query_params=page.link_params(lang),
                 icon=":material/add_location_alt:")
