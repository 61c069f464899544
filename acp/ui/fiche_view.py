"""Draw a fiche with Streamlit: used under the map, under the table and on the fiche page.

Every value from data goes through i18n.md (inert markdown); links are made only from
http(s)/mailto addresses, checked by acp.fiche.safe_link.
"""
from __future__ import annotations

import urllib.parse

import streamlit as st

from .. import fiche, i18n
from ..criteria import MET, NOT_MET, STATE_LABELS
from . import editions_view, page

_STATE_ICON = {MET: ":material/check_circle:", NOT_MET: ":material/cancel:"}


def _link(text: str, url: str) -> str:
    quoted = urllib.parse.quote(url, safe=":/?&=#%@+,;~")
    return f"[{i18n.md(text)}]({quoted})"


def render(con, record: dict, lang: str, heading_level: int = 2) -> None:
    name = i18n.md(record["name"])
    st.markdown(f"{'#' * heading_level} {name}")
    if record.get("description") and isinstance(record["description"], str):
        st.markdown(i18n.md(record["description"]))
    columns = st.columns(2)
    for i, (_, title, fields) in enumerate(fiche.sections(record, lang)):
        with columns[i % 2]:
            st.markdown(f"**{title}**")
            lines = []
            for f in fields:
                if f.text is None:
                    value = f"*{i18n.t('to_complete', lang)}*"
                elif f.link:
                    value = _link(f.text, f.link)
                else:
                    value = i18n.md(f.text)
                lines.append(f"- {i18n.md(f.label)}{i18n.colon(lang)}{value}")
            st.markdown("\n".join(lines))
    src = fiche.sources(record)
    st.markdown(f"**{i18n.t('sources', lang)}**")
    if src:
        st.markdown("\n".join(f"- {_link(text, url) if url else i18n.md(text)}" for text, url in src))
    else:
        st.markdown(f"*{i18n.t('to_complete', lang)}*")
    if record.get("notes") and isinstance(record["notes"], str):
        with st.expander(i18n.t("notes", lang)):
            st.markdown(i18n.md(record["notes"]))
    st.markdown(f"**{i18n.t('criteria_title', lang)}**")
    report = fiche.criteria_report(fiche.criteria_states(con, record["id"]), record, lang)
    for label, state, reason in report:
        icon = _STATE_ICON.get(state, ":material/help:")
        state_text = i18n.gettext_(STATE_LABELS[state], lang)
        st.markdown(f"{icon} **{i18n.md(label)}** — {state_text}{i18n.colon(lang)}{i18n.md(reason)}")
    missing = fiche.missing_fields(record, lang)
    if missing:
        st.caption(f"{i18n.t('to_complete', lang)}{i18n.colon(lang)}" + ", ".join(i18n.md(m) for m in missing))
    editions_view.fiche_section(con, record, lang, heading_level)


def card(con, record: dict, lang: str, key: str) -> None:
    """The fiche opened under the map or the table, with links to its own page and to a proposed change."""
    with st.container(border=True, key=key):
        render(con, record, lang, heading_level=3)
        st.page_link("pages/fiche.py", label=i18n.t("fiche_link", lang),
                     query_params=page.link_params(lang, id=record["id"]), icon=":material/open_in_new:")
        st.page_link("pages/proposer.py", label=i18n.t("prop_link", lang),
                     query_params=page.link_params(lang, id=record["id"]), icon=":material/edit_note:")
        st.page_link("pages/comparer.py", label=i18n.t("compare_link", lang), icon=":material/compare_arrows:",
                     query_params=page.link_params(lang, ids=record["id"]))  # « Comparer avec… »
