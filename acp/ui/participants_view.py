"""The participants' profile section (Sondage page) with Streamlit: registrants, counts and shares by status and
by experience, each chart with its table; before any import, what the seed report says, without made-up counts."""
from __future__ import annotations

import streamlit as st

from .. import export, i18n, participants
from ..i18n import md
from ..schema import PARTICIPANT_DIMENSIONS, PARTICIPANTS
from . import data


def render(lang: str, version: int) -> None:
    profiles = data.table("participant_profiles", version)
    counts = data.table("participant_counts", version)
    sessions = data.table("sessions", version)
    with st.container(key="participants"):
        st.header(i18n.t("participants_title", lang), anchor="participants")
        ids = participants.sessions_with_profile(profiles, sessions)
        if not ids:
            _what_the_report_says(lang)
            return
        session = ids[0]
        if len(ids) > 1:
            session = st.selectbox(i18n.t("participants_session", lang), ids, key="participants-session",
                                   format_func=lambda s: participants.session_label(s, sessions, lang))
        base = participants.registrants(profiles, session) or 0
        st.metric(i18n.t("participants_registrants", lang), i18n.fmt_int(base, lang),
                  help=participants.session_label(session, sessions, lang), border=True, width=260)
        st.caption(md(participants.session_label(session, sessions, lang)) + " · " + i18n.t("participants_intro", lang))
        for dimension in PARTICIPANT_DIMENSIONS:
            shares = participants.chart_data(participants.dimension_counts(counts, session, dimension), dimension,
                                             base, lang)
            st.altair_chart(participants.bar_chart(shares, dimension, lang), width="stretch",
                            key=f"participants-chart-{dimension}")
            with st.expander(f"{i18n.t('participants_table', lang)} — {PARTICIPANTS.column(dimension).label(lang)}"):
                st.table(participants.table(shares, dimension, lang).astype(str).map(md), hide_index=True)
        st.download_button(i18n.t("participants_download", lang),
                           data=export.to_csv_bytes(participants.export_frame(profiles, counts, session, lang)),
                           file_name=f"participants-{session}.csv", mime="text/csv", icon=":material/download:",
                           on_click="ignore", key="participants-csv")


def _what_the_report_says(lang: str) -> None:
    said = participants.WHAT_THE_REPORT_SAYS
    st.metric(i18n.t("participants_registrants", lang), i18n.fmt_int(said["registrants"], lang), border=True,
              width=260)
    st.markdown(i18n.t("participants_report", lang, n=i18n.fmt_int(said["registrants"], lang),
                       date=i18n.fmt_date(said["date"], lang, "long")))
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(i18n.t("participants_statuses", lang), anchor=False)
        st.markdown("\n".join(f"- {md(t.label(lang))}" for t in PARTICIPANTS.column("status").vocab.terms))
    with right:
        st.subheader(i18n.t("participants_experiences", lang), anchor=False)
        st.markdown("\n".join(f"- {md(participants.wording(t.code, lang))}"
                              for t in PARTICIPANTS.column("experience").vocab.terms if participants.wording(t.code)))
