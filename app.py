"""Entry point: page config, navigation and the shared sidebar filters. Pages live in pages/."""
import streamlit as st

from acp import filter_panel, i18n, store, ui

st.set_page_config(page_title=i18n.t("app_title"), page_icon="🏛️", layout="wide")

try:
    ui.cursor()
except store.StoreError as exc:
    st.error(f"**{i18n.t('db_error_title')}** — {exc}")
    st.stop()

st.html(ui.PROJECTOR_CSS)
lang = ui.lang()
pages = [
    st.Page("pages/home.py", title=i18n.t("home", lang), icon=":material/home:", url_path="", default=True),
    st.Page("pages/sondage.py", title=i18n.t("survey", lang), icon=":material/how_to_vote:", url_path="sondage"),
    st.Page("pages/calendrier.py", title=i18n.t("calendar", lang), icon=":material/calendar_month:",
            url_path="calendrier"),
    st.Page("pages/carte.py", title=i18n.t("map", lang), icon=":material/map:", url_path="carte"),
    st.Page("pages/assemblees.py", title=i18n.t("table", lang), icon=":material/table:", url_path="assemblees"),
    st.Page("pages/fiche.py", title=i18n.t("fiche", lang), icon=":material/description:", url_path="fiche"),
]
FILTERED_PAGES = {"carte", "assemblees", "typologie"}
page = st.navigation(pages)
ui.mark_navigated()
if page.url_path in FILTERED_PAGES:
    filter_panel.render(lang)
page.run()
