"""Entry point: page config, navigation and the shared sidebar filters. Pages live in pages/."""
import duckdb
import streamlit as st

from acp import i18n, store
from acp.store import process
from acp.ui import damaged, data, filter_panel, page, present

st.set_page_config(page_title=i18n.t("app_title"), page_icon="🏛️", layout="wide")

st.html(page.PROJECTOR_CSS)

# Language: the URL's `lang` (French when absent) is the truth on a session's first run; the
# session then keeps it and puts it back in the URL when a page switch drops it.
LANG_STATE, LANG_SWITCH = "acp_lang", "lang-switch"
if "lang" in st.query_params or LANG_STATE not in st.session_state:
    st.session_state[LANG_STATE] = page.lang()
elif st.session_state[LANG_STATE] != i18n.DEFAULT_LANG:
    st.query_params["lang"] = st.session_state[LANG_STATE]
lang = page.lang()


def _switch_language() -> None:
    chosen = st.session_state[LANG_SWITCH]
    st.session_state[LANG_STATE] = chosen
    # A widget keeps its displayed label as its value: the sidebar filters are rebuilt from the Filter.
    st.session_state[filter_panel.GENERATION] = st.session_state.get(filter_panel.GENERATION, 0) + 1
    if chosen == i18n.DEFAULT_LANG:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = chosen


pages = [
    st.Page("pages/home.py", title=i18n.t("home", lang), icon=":material/home:", url_path="", default=True),
    st.Page("pages/sondage.py", title=i18n.t("survey", lang), icon=":material/how_to_vote:", url_path="sondage"),
    st.Page("pages/calendrier.py", title=i18n.t("calendar", lang), icon=":material/calendar_month:",
            url_path="calendrier"),
    st.Page("pages/carte.py", title=i18n.t("map", lang), icon=":material/map:", url_path="carte"),
    st.Page("pages/assemblees.py", title=i18n.t("table", lang), icon=":material/table:", url_path="assemblees"),
    st.Page("pages/typologie.py", title=i18n.t("typology", lang), icon=":material/bar_chart:", url_path="typologie"),
    st.Page("pages/editions.py", title=i18n.t("editions_nav", lang), icon=":material/timeline:", url_path="editions"),
    st.Page("pages/fiche.py", title=i18n.t("fiche", lang), icon=":material/description:", url_path="fiche"),
    st.Page("pages/comparer.py", title=i18n.t("compare_nav", lang), icon=":material/compare_arrows:", url_path="comparer"),
    st.Page("pages/donnees.py", title=i18n.t("open_data_nav", lang), icon=":material/dataset:", url_path="donnees"),
    st.Page("pages/proposer.py", title=i18n.t("prop_nav", lang), icon=":material/add_location_alt:",
            url_path="proposer"),
    # Always listed; shows only its login form until a coordinator logs in (acp.ui.login.gate).
    st.Page("pages/coordination.py", title=i18n.t("coord_nav", lang), icon=":material/admin_panel_settings:",
            url_path="coordination"),
]
try:
    process.ensure()
except store.DatabaseDamaged as exc:  # at every URL, a French explanation and the two ways to rebuild; no menu
    st.navigation(pages, position="hidden")
    damaged.damaged_page(exc)
except store.StoreError as exc:
    st.navigation(pages, position="hidden")
    st.error(f"**{i18n.t('db_error_title')}** — {exc}")
    st.stop()
damaged.rebuilt_notice()
FILTERED_PAGES = {"carte", "assemblees", "typologie", "editions"}
presenting = present.requested()  # presentation mode: no menu, nothing in the sidebar (acp.ui.present)
current = st.navigation(pages, position="hidden" if presenting else "sidebar")
if presenting and current.url_path not in present.PAGES:
    st.query_params.pop(present.PARAM, None)
    st.rerun()
if current.url_path in FILTERED_PAGES and not presenting:
    filter_panel.reserve()  # the page draws the panel there, once its count line is shown
if not presenting:  # under the filters, so they keep their place at the top of the sidebar
    st.sidebar.radio(i18n.t("language_switch", lang), i18n.LANGS, index=i18n.LANGS.index(lang), horizontal=False,
                     format_func=i18n.LANGUAGE_NAMES.__getitem__, key=LANG_SWITCH,
                     on_change=_switch_language)
try:
    current.run()
except duckdb.Error as exc:
    damage = store.as_damaged(exc)
    if damage is not None:  # a damaged block met by a page (in a snapshot, say): the same explanation
        damaged.damaged_page(damage)
    data.rerun_after_lost_connection(exc)  # invalidated by another session's failed write: once more
    raise
