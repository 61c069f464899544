"""Éditions et suites: every edition (cycle) of the filtered assemblies — a timeline coloured by the authority's
response, the topics treated, the follow-up figures each with its n and unknowns — under the shared filters. A
click on an edition opens its assembly's fiche (acp.ui.editions_view)."""
import streamlit as st

from acp import i18n
from acp.ui import data, editions_view, filter_panel, page, present

lang = page.lang()
editions_view.open_picked_fiche(lang)  # a bar was clicked on the previous run: its fiche, nothing else
version = data.version()
f = filter_panel.current()

st.title(i18n.t("editions_title", lang))
page.count_line(version, f, lang)
present.toolbar(lang, "editions", f)
st.caption(i18n.t("editions_intro", lang))
editions_view.totals(version, f)  # read before the panel is drawn: see acp.ui.filter_panel
filter_panel.render(lang, version)
editions_view.editions_page(version, f, lang)
