"""Sondage: a wave's table as in the seed report, its chart, ranking, other proposals; two waves compared;
then the participants' profile (acp.ui.participants_view)."""
import streamlit as st

from acp import export, i18n, survey
from acp.ui import data, page, participants_view, present

lang = page.lang()
version = data.version()
waves = data.table("survey_waves", version)
themes = data.table("survey_themes", version)
counts = data.table("survey_counts", version)
others = data.table("survey_other", version)

st.title(i18n.t("survey_title", lang))
present.toolbar(lang, "sondage")
if waves.empty:
    st.info(i18n.t("no_survey", lang))
    participants_view.render(lang, version)
    st.stop()

ids = survey.wave_ids(waves)
wave = st.selectbox(i18n.t("wave", lang), ids, format_func=lambda w: survey.wave_label(waves, w, lang),
                    key="survey-wave")
table = survey.counts_table(themes, counts, wave)
answered = survey.respondents(waves, wave)
intro = i18n.t("survey_intro", lang)
if answered:
    intro = i18n.t("respondents", lang, n=i18n.fmt_int(answered, lang)) + " " + intro
st.caption(intro)

st.subheader(i18n.t("survey_results", lang))
st.table(survey.table_display(table, lang), hide_index=True)
st.download_button(i18n.t("download_csv", lang), data=export.to_csv_bytes(survey.table_export(table, lang)),
                   file_name=f"sondage-{wave}.csv", mime="text/csv", icon=":material/download:",
                   on_click="ignore", key="survey-csv")

st.subheader(i18n.t("survey_chart", lang))
st.caption(i18n.t("survey_chart_help", lang))
present.altair_chart(survey.priority_chart(table, lang), width="stretch")

ranked = survey.ranking(table)
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(i18n.t("ranking", lang))
    st.caption(i18n.t("ranking_help", lang))
    st.table(survey.ranking_display(ranked, lang), hide_index=True)
with right:
    st.subheader(i18n.t("other_proposals", lang))
    proposals = survey.other_proposals(others, wave)
    if proposals:
        st.markdown("\n".join(f"- {i18n.md(p)}" for p in proposals))
    else:
        st.write(i18n.t("no_other_proposals", lang))

if len(ids) > 1:
    st.subheader(i18n.t("compare_waves", lang))
    col_a, col_b = st.columns(2)
    first = col_a.selectbox(i18n.t("wave_a", lang), ids, index=1, key="survey-wave-a",
                            format_func=lambda w: survey.wave_label(waves, w, lang))
    second = col_b.selectbox(i18n.t("wave_b", lang), ids, index=0, key="survey-wave-b",
                             format_func=lambda w: survey.wave_label(waves, w, lang))
    if first == second:
        st.info(i18n.t("same_wave", lang))
    else:
        compared = survey.compare(survey.counts_table(themes, counts, first),
                                  survey.counts_table(themes, counts, second))
        st.table(survey.compare_display(compared, first, second, lang), hide_index=True)

participants_view.render(lang, version)
