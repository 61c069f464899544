"""Accueil: key figures, links into each page, the next session (or the themes to schedule),
the survey's top priority, a small map, the glossary and the last data update."""
import datetime as dt

import pandas as pd
import streamlit as st

from acp import agenda, glossary, i18n, maps, percent, store, survey
from acp import filters as F
from acp.schema import DATASETS
from acp.ui import data, editions_view, page

lang = page.lang()
version = data.version()
figures = data.key_figures(version)
today = dt.date.today()
MAP_HEIGHT = 330

st.title(i18n.t("app_title", lang))
st.caption(i18n.t("app_subtitle", lang))

metric_cols = st.columns(5)
for col, key in zip(metric_cols, ("assemblies", "countries", "active", "since_2019")):
    col.metric(i18n.t(key, lang), i18n.fmt_int(figures[key], lang))
with metric_cols[4]:  # the editions' key figure, and the way to them
    st.metric(i18n.t("editions_documented", lang), i18n.fmt_int(editions_view.total(version), lang))

with st.container(horizontal=True, gap="small", key="home-links"):
    for path, label, icon in (("pages/carte.py", "go_map", ":material/map:"),
                              ("pages/assemblees.py", "go_table", ":material/table:"),
                              ("pages/typologie.py", "go_typology", ":material/bar_chart:"),
                              ("pages/editions.py", "go_editions", ":material/timeline:"),
                              ("pages/sondage.py", "go_survey", ":material/how_to_vote:"),
                              ("pages/calendrier.py", "go_calendar", ":material/calendar_month:"),
                              ("pages/fiche.py", "go_fiche", ":material/description:"),
                              ("pages/proposer.py", "go_propose", ":material/add_location_alt:")):
        st.page_link(path, label=i18n.t(label, lang), icon=icon, query_params=page.link_params(lang))

left, right = st.columns([3, 2], gap="large")

# ------------------------------------------------------------ the next session, or the themes to schedule
with right:
    sessions = agenda.sessions_from_frame(data.table("sessions", version))
    themes = agenda.theme_labels(data.table("survey_themes", version))
    upcoming = agenda.next_session(sessions, today)
    st.subheader(i18n.t('next_session', lang))
    with st.container(border=True, key="next-session"):
        if upcoming is not None:
            st.html(agenda.session_card_html(upcoming, themes, lang))
            with st.container(horizontal=True):
                if upcoming.link:
                    st.link_button(i18n.t("join_link", lang), upcoming.link, icon=":material/videocam:")
                st.download_button(i18n.t("download_session_ics", lang), key="home-ics",
                                   data=agenda.session_ics(upcoming, themes, lang, sequence=version),
                                   file_name=agenda.ics_file_name(upcoming), mime="text/calendar",
                                   icon=":material/event:", on_click="ignore")
        else:
            past = agenda.past_sessions(sessions, today)
            if past:
                st.write(i18n.t("no_upcoming_then", lang, when=agenda.when(past[0], lang)))
            else:
                st.write(i18n.t("no_next_session", lang))
            pending = agenda.to_schedule(sessions)
            if pending:
                st.markdown(f"**{i18n.t('to_schedule', lang)}** ({i18n.fmt_int(len(pending), lang)})")
                st.html(agenda.to_schedule_html(pending, themes, lang))

# ------------------------------------------------------------ a small map of every assembly, the survey's top priority
with left:
    st.subheader(i18n.t('overview_map', lang))
    countries = data.countries(version)
    pts = maps.points(data.select(version, F.Filter()), "level", lang, countries)
    deck = maps.deck(pts)
    deck.initial_view_state = maps.view(pts, width_px=640, height_px=MAP_HEIGHT)  # fitted to the smaller map
    deck.height = MAP_HEIGHT
    st.pydeck_chart(deck, height=MAP_HEIGHT, key="home-map")
    st.html(maps.legend_html(maps.legend(pts, "level", countries, lang), i18n.t("legend", lang)))

    waves = data.table("survey_waves", version)
    if not waves.empty:
        wave = survey.wave_ids(waves)[0]
        ranked = survey.ranking(survey.counts_table(data.table("survey_themes", version),
                                                    data.table("survey_counts", version), wave))
        if len(ranked) and ranked["answers"].iloc[0]:
            top = ranked.iloc[0]
            date = waves.loc[waves["wave"] == wave, "date"].iloc[0]
            when = i18n.fmt_date(pd.Timestamp(date).date(), lang, "long") if pd.notna(date) else wave
            st.subheader(i18n.t('survey_top', lang))
            with st.container(border=True, key="survey-top"):
                st.markdown(f"**{i18n.md(top['short_label'])}** — "
                            + i18n.t("survey_top_detail", lang, when=when,
                                     share=percent.fmt(top["top2_count"], top["answers"], lang)))
                st.caption(i18n.md(top["label"]))

with st.expander(glossary.title(lang), icon=":material/menu_book:"):
    st.markdown(glossary.markdown(lang))

last = store.last_import(data.cursor())
if last is not None:
    origin = last["file_name"] or i18n.t("rolled_back", lang, n=last["restores"])
    if last["imported_by"] == "données embarquées":
        origin += f" ({i18n.t('embedded_data', lang)})"
    dataset = DATASETS[last["dataset"]].label(lang) if last["dataset"] in DATASETS else last["dataset"]
    st.caption(f"{i18n.t('last_update', lang)}{i18n.colon(lang)}"
               f"{i18n.fmt_date(last['imported_at'].date(), lang)} — "
               + i18n.md(i18n.t("data_origin", lang, dataset=dataset, origin=origin)))
