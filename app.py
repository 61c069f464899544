"""Entry point: page config and navigation. Pages live in pages/, the domain in acp/."""
import streamlit as st

from acp import i18n, store, ui

st.set_page_config(page_title=i18n.t("app_title"), page_icon="🏛️", layout="wide")

try:
    ui.cursor()
except store.StoreError as exc:
    st.error(f"**{i18n.t('db_error_title')}** — {exc}")
    st.stop()

lang = ui.lang()
pages = [
    st.Page("pages/home.py", title=i18n.t("home", lang), icon=":material/home:", url_path="", default=True),
]
st.navigation(pages).run()
