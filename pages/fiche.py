"""Fiche: one assembly, at its own shareable address (fiche?id=...)."""
import streamlit as st

from acp import fiche, i18n
from acp.ui import data, fiche_view, page

lang = page.lang()
version = data.version()
everything = data.table("assemblies", version)
names = dict(zip(everything["id"], everything["name"]))

wanted = st.query_params.get("id")
ids = sorted(names, key=lambda i: names[i].casefold())
chosen = st.selectbox(i18n.t("choose_assembly", lang), ids, index=ids.index(wanted) if wanted in names else None,
                      format_func=names.__getitem__, placeholder=i18n.t("choose_assembly_hint", lang))
if chosen and chosen != wanted:
    st.query_params["id"] = chosen
if wanted and wanted not in names:
    st.warning(i18n.t("unknown_fiche", lang))
record = fiche.read(data.cursor(), chosen) if chosen else None
if record:
    fiche_view.render(data.cursor(), record, lang)
    st.page_link("pages/proposer.py", label=i18n.t("prop_link", lang), query_params=page.link_params(lang, id=record["id"]),
                 icon=":material/edit_note:")
