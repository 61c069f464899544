"""Calendrier: the next session (or the last one), themes to schedule, past sessions, a month view, .ics files."""
import datetime as dt

import streamlit as st

from acp import agenda, i18n
from acp.ui import data, page, present
from acp.web import calendar_feed

lang = page.lang()
version = data.version()
sessions = agenda.sessions_from_frame(data.table("sessions", version))
themes = agenda.theme_labels(data.table("survey_themes", version))
today = dt.date.today()


def ics_button(session: agenda.Session, where: str) -> None:
    st.download_button(i18n.t("download_session_ics", lang), key=f"ics-{where}-{session.id}",
                       data=agenda.session_ics(session, themes, lang, sequence=version),
                       file_name=agenda.ics_file_name(session), mime="text/calendar",
                       icon=":material/event:", on_click="ignore")


st.title(i18n.t("calendar_title", lang))
present.toolbar(lang, "calendrier")
st.download_button(i18n.t("download_calendar_ics", lang), key="ics-all", type="primary",
                   data=agenda.calendar_ics(sessions, themes, lang, sequence=version),
                   file_name=calendar_feed.FILE_NAME, mime="text/calendar",
                   icon=":material/calendar_month:", on_click="ignore", help=i18n.t("ics_help", lang))
if calendar_feed.is_served() and st.context.url:
    with st.expander(i18n.t("subscribe_title", lang), icon=":material/sync:"):
        st.markdown(i18n.t("subscribe_help", lang))
        st.code(calendar_feed.url(st.context.url, lang), language=None)

upcoming = agenda.upcoming_sessions(sessions, today)
past = agenda.past_sessions(sessions, today)
pending = agenda.to_schedule(sessions)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(i18n.t("next_session", lang))
    with st.container(border=True, key="calendar-next"):
        if upcoming:
            st.html(agenda.session_card_html(upcoming[0], themes, lang))
            ics_button(upcoming[0], "next")
        else:
            st.write(i18n.t("no_next_session", lang))
    if not upcoming and past:
        st.subheader(i18n.t("last_session", lang))
        with st.container(border=True, key="calendar-last"):
            st.html(agenda.session_card_html(past[0], themes, lang))
            ics_button(past[0], "last")
with right:
    st.subheader(i18n.t("to_schedule", lang))
    if pending:
        st.caption(i18n.t("to_schedule_themes", lang))
        st.html(agenda.to_schedule_html(pending, themes, lang))
    else:
        st.write(i18n.t("no_to_schedule", lang))

if len(upcoming) > 1:
    st.subheader(i18n.t("upcoming_sessions", lang))
    for session in upcoming[1:]:
        with st.container(border=True):
            st.html(agenda.session_card_html(session, themes, lang))
            ics_button(session, "upcoming")

st.subheader(i18n.t("past_sessions", lang))
if past:
    for session in past:
        with st.container(horizontal=True, vertical_alignment="center", key=f"past-{session.id}"):
            st.html(agenda.past_session_html(session, lang))
            ics_button(session, "past")
else:
    st.write(i18n.t("no_past_sessions", lang))

st.subheader(i18n.t("month_view", lang))
months = agenda.month_options(sessions, today)
month = st.selectbox(i18n.t("month", lang), months, index=months.index(agenda.default_month(sessions, today)),
                     format_func=lambda m: agenda.month_label(m, lang).capitalize(), key="mois",
                     bind="query-params", width=260)
if not agenda.in_month(sessions, month):
    st.caption(i18n.t("no_session_in_month", lang, month=agenda.month_label(month, lang)))
st.html(agenda.month_html(sessions, month, today, lang))
