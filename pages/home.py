"""Accueil: key figures, the next session, the last data update."""
import datetime as dt

import streamlit as st

from acp import i18n, store, ui
from acp.schema import SESSION_FORMAT

lang = ui.page_lang()
version = ui.version()
figures = ui.key_figures(version)

st.title(i18n.t("app_title", lang))
st.caption(i18n.t("app_subtitle", lang))

cols = st.columns(4)
for col, key in zip(cols, ("assemblies", "countries", "active", "since_2019")):
    col.metric(i18n.t(key, lang), i18n.fmt_int(figures[key], lang))

st.subheader(i18n.t("next_session", lang))
sessions = ui.table("sessions", version)
session = store.next_session(ui.cursor(), dt.date.today())
with st.container(border=True, key="next-session"):
    if session is None:
        st.write(i18n.t("no_next_session", lang))
    else:
        when = i18n.fmt_date(session["date"], lang)
        if session.get("start") is not None and session.get("end") is not None:
            when += ", " + i18n.t("time_range", lang, start=i18n.fmt_time(session["start"], lang),
                                  end=i18n.fmt_time(session["end"], lang))
        st.markdown(f"**{session['title']}**")
        st.write(when)
        if session.get("format"):
            st.write(f"{i18n.t('format', lang)} : {SESSION_FORMAT.label(session['format'], lang)}")
        if session.get("place"):
            st.write(f"{i18n.t('link_or_place', lang)} : {session['place']}")
    pending = sessions[sessions["status"] == "to_schedule"]
    if len(pending):
        st.markdown(f"**{i18n.t('to_schedule', lang)}** ({len(pending)})")
        st.markdown("\n".join(f"- {title}" for title in pending["title"]))

last = store.last_import(ui.cursor())
if last is not None:
    origin = last["file_name"] or i18n.t("rolled_back", lang, n=last["restores"])
    if last["imported_by"] == "données embarquées":
        origin += f" ({i18n.t('embedded_data', lang)})"
    st.caption(f"{i18n.t('last_update', lang)} : {i18n.fmt_date(last['imported_at'].date(), lang)} — {origin}")
