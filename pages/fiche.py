"""Fiche: one assembly, at its own shareable address (fiche?id=...)."""
import streamlit as st

from acp import fiche, i18n
from acp.ui import assembly_picker, data, fiche_extras, fiche_view, page

lang = page.lang()
chosen = assembly_picker.pick(i18n.t("choose_assembly", lang), lang,
                              placeholder=i18n.t("choose_assembly_hint", lang))
record = fiche.read(data.cursor(), chosen) if chosen else None
if record:
    fiche_view.render(data.cursor(), record, lang)
    st.page_link("pages/proposer.py", label=i18n.t("prop_link", lang), query_params=page.link_params(lang, id=record["id"]),
                 icon=":material/edit_note:")
    fiche_extras.render(record, lang)  # « Comparer avec… », nearby assemblies, history, printing
