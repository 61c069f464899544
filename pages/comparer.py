"""Comparer: two to four assemblies side by side (comparer?ids=paris,eupen-ostbelgien,milan-clima)."""
import streamlit as st

from acp import i18n
from acp.ui import compare_view, page

lang = page.lang()
st.title(i18n.t("compare_title", lang))
compare_view.render(lang)
