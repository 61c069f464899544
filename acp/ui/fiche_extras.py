"""What a fiche shows beside its fields: « Comparer avec… », « Assemblées proches », « Historique de la fiche »,
and its printing (rules, date of the data, « Imprimer / PDF »)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import compare, fiche_history, i18n, nearby
from . import compare_view, data, page, printing


def compare_link(record: dict, lang: str) -> None:
    """To the comparison, this assembly already chosen: the page asks for the others."""
    st.page_link("pages/comparer.py", label=i18n.t("compare_link", lang), icon=":material/compare_arrows:",
                 query_params=page.link_params(lang, ids=record["id"]))


@st.cache_data(show_spinner=False, max_entries=256)
def _nearby(version: int, assembly_id: str) -> list[nearby.Near]:
    """The nearby assemblies of one, per data version (a pass over every assembly)."""
    assemblies = data.table("assemblies", version)
    target = assemblies[assemblies["id"] == assembly_id]
    return [] if target.empty else nearby.nearby(target.iloc[0].to_dict(), assemblies)


def nearby_list(record: dict, lang: str) -> None:
    st.markdown(f"**{i18n.t('nearby_title', lang)}**", help=i18n.t("nearby_help", lang))
    found = _nearby(data.version(), record["id"])
    if not found:
        st.caption(i18n.t("nearby_none", lang))
        return
    for near in found:
        with st.container(key=f"nearby-{near.id}"):
            name_col, link_col = st.columns([3, 1], vertical_alignment="center")
            with name_col:
                st.page_link("pages/fiche.py", label=i18n.md(near.name), icon=":material/description:",
                             query_params=page.link_params(lang, id=near.id))
                score = i18n.t("nearby_score", lang, percent=i18n.fmt_percent(near.score, lang), n=near.compared)
                st.caption(f"{i18n.md(near.reason(lang))} ({i18n.md(score)})")
            with link_col:
                st.page_link("pages/comparer.py", label=i18n.t("nearby_compare", lang),
                             icon=":material/compare_arrows:",
                             query_params=page.link_params(lang, ids=compare.query((record["id"], near.id))))


def history_table(record: dict, lang: str) -> pd.DataFrame:
    rows = []
    for change in fiche_history.history(data.cursor(), record["id"]):
        when = f"{i18n.fmt_date(change.at.date(), lang, 'long')}, {i18n.fmt_time(change.at.time(), lang)}"
        for label, before, after in change.rows(lang):
            rows.append({i18n.t("history_when", lang): when, i18n.t("history_how", lang): change.how(lang),
                         i18n.t("compare_field", lang): label, i18n.t("history_before", lang): before,
                         i18n.t("history_after", lang): after})
    return pd.DataFrame(rows)


def history(record: dict, lang: str) -> None:
    with st.expander(i18n.t("history_title", lang), icon=":material/history:"):
        table = history_table(record, lang)
        if table.empty:
            st.caption(i18n.t("history_none", lang))
        else:
            st.table(table.set_index(table.columns[0]))


def render(record: dict, lang: str) -> None:
    """Under a fiche on its own page."""
    printing.prepare(lang, compare_view.data_date_text(lang))
    compare_link(record, lang)
    nearby_list(record, lang)
    history(record, lang)
    printing.button(lang)
