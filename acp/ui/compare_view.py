"""The « Comparer » page's body: which assemblies (the URL's `ids`, a control to add or remove), what was left out
and why, the comparison table, its downloads and the print button."""
from __future__ import annotations

import streamlit as st

from .. import compare, editions, export, fiche, fiche_history, i18n
from . import data, page, printing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _quoted(ids, lang: str) -> str:
    return ", ".join(f"« {i18n.md(i)} »" if lang == "fr" else f"“{i18n.md(i)}”" for i in ids)


def data_date_text(lang: str) -> str | None:
    when = fiche_history.data_date(data.cursor())
    return i18n.fmt_date(when.date(), lang, "long") if when else None


def render(lang: str) -> None:
    everything = data.table("assemblies", data.version())
    names = dict(zip(everything["id"], everything["name"]))
    choice = compare.parse_ids(st.query_params.get_all("ids"), names)
    printing.prepare(lang, data_date_text(lang))
    st.caption(i18n.t("compare_intro", lang))
    for ids, key in ((choice.unknown, "compare_unknown"), (choice.repeated, "compare_repeated")):
        if ids:
            st.warning(i18n.t(key, lang, ids=_quoted(ids, lang)), icon=":material/warning:")
    if choice.dropped:
        n = len(choice.dropped)
        st.warning(i18n.t("compare_too_many", lang, count=n, ids=_quoted(choice.dropped, lang)),
                   icon=":material/warning:")

    options = sorted(names, key=lambda i: (str(names[i]).casefold(), i))
    key = f"compare-pick-{lang}-{compare.query(choice.ids)}"  # a new widget when the URL changes the choice

    def remember():
        chosen = st.session_state[key]
        if chosen:
            st.query_params["ids"] = compare.query(chosen)
        else:
            st.query_params.pop("ids", None)

    st.multiselect(i18n.t("compare_pick", lang), options, default=list(choice.ids), format_func=names.__getitem__,
                   max_selections=compare.MAX_COMPARED, key=key, on_change=remember,
                   placeholder=i18n.t("choose_assembly_hint", lang))
    if not choice.enough:
        st.info(i18n.t("compare_need_two", lang), icon=":material/compare_arrows:")
        return
    cursor = data.cursor()
    records = [fiche.read(cursor, i) for i in choice.ids]
    states = {i: fiche.criteria_states(cursor, i) for i in choice.ids}
    frame = compare.rows(records, states, lang, {i: editions.for_assembly(cursor, i) for i in choice.ids})
    differing = int(frame["differs"].sum())
    st.markdown(f"**{i18n.t('compare_differs_count', lang, count=differing, n=differing)}**")
    st.html(compare.to_html(frame, records, lang))
    sheet = compare.labelled(frame, records, lang)
    name = "comparaison-" + "-".join(choice.ids)[:120]
    left, middle, right = st.columns(3)
    left.download_button(i18n.t("compare_download_csv", lang), lambda: export.to_csv_bytes(sheet),
                         file_name=f"{name}.csv", mime="text/csv", icon=":material/download:")
    middle.download_button(i18n.t("compare_download_xlsx", lang),
                           lambda: export.to_xlsx_bytes(sheet, i18n.t("compare_sheet", lang)),
                           file_name=f"{name}.xlsx", mime=XLSX, icon=":material/download:")
    with right:
        printing.button(lang)
    for record in records:
        st.page_link("pages/fiche.py", label=i18n.md(record["name"]), icon=":material/description:",
                     query_params=page.link_params(lang, id=record["id"]))


def selected_link(ids: list[str], lang: str) -> None:
    """« Comparer les N lignes sélectionnées », under the table."""
    st.page_link("pages/comparer.py", label=i18n.t("compare_selected", lang, count=len(ids), n=len(ids)),
                 icon=":material/compare_arrows:", query_params=page.link_params(lang, ids=compare.query(ids)))
