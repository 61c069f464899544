"""The participants' profile: registrants of a session by status and by experience (pure, no Streamlit).

Reads the frames of `acp.store.read_table` (participant_profiles, participant_counts): counts only, never a
person. Shares are of the session's registrants, whole percentages rounded half up as everywhere in the app;
one person may tick several experiences (or statuses), so the shares of a dimension can add up to more than
100 %. What the seed report says is kept here (WHAT_THE_REPORT_SAYS): 45 registrants for the introductory
webinar of 25 April 2025, and the lists of statuses and experiences, without their split, which is never made up.
"""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from . import i18n, percent
from .catalogs import pgettext_
from .schema import (
    EXPERIENCE_TRUNCATED,
    EXPERIENCE_WORDING,
    NOT_RECORDED,
    PARTICIPANT_DIMENSIONS,
    PARTICIPANTS,
)

# The seed report (« 3. Participant.es ») gives the number of registrants and the categories, not the counts.
WHAT_THE_REPORT_SAYS = {"session": "webinaire-introductif", "date": dt.date(2025, 4, 25), "registrants": 45}
BAR_COLOURS = {"status": "#1f5fa8", "experience": "#2e7d4f"}
NOT_RECORDED_COLOUR = "#8a8f98"
_TEXT = "#1a1a1a"


def column(dimension: str):
    return PARTICIPANTS.column(dimension)


def value_label(dimension: str, code: str, lang: str = i18n.DEFAULT_LANG) -> str:
    return i18n.value_label(column(dimension), code, lang)


def wording(code: str, lang: str = i18n.DEFAULT_LANG) -> str | None:
    """An experience's full wording in the registration form (the seed's), or None for "none of these"."""
    text = EXPERIENCE_WORDING.get(code)
    if text is None:
        return None
    if lang != i18n.SOURCE_LANG:  # the translation says the report cuts it short where it does
        return pgettext_("report wording", text, lang)
    return f"{text}…" if code in EXPERIENCE_TRUNCATED else text  # the report cuts it short


def sessions_with_profile(profiles: pd.DataFrame, sessions: pd.DataFrame) -> list[str]:
    """Session ids that have a stored profile, newest session first (undated ones last)."""
    dates = dict(zip(sessions["id"], sessions["date"])) if len(sessions) else {}

    def key(sid):
        date = dates.get(sid)
        return (0, pd.Timestamp(date).date()) if date is not None and not pd.isna(date) else (1, dt.date.min)

    ids = list(profiles["session"]) if len(profiles) else []
    dated = sorted((s for s in ids if key(s)[0] == 0), key=key, reverse=True)
    return dated + sorted(s for s in ids if key(s)[0] == 1)


def session_label(session: str, sessions: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> str:
    """'25/04/2025 — Webinaire introductif…' (the id alone when the session is no longer in the calendar)."""
    row = sessions[sessions["id"] == session] if len(sessions) else sessions
    if row is None or row.empty:
        return session
    title, date = row["title"].iloc[0], row["date"].iloc[0]
    if date is None or pd.isna(date):
        return str(title)
    return f"{i18n.fmt_date(pd.Timestamp(date).date(), lang, 'short')} — {title}"


def registrants(profiles: pd.DataFrame, session: str) -> int | None:
    value = profiles.loc[profiles["session"] == session, "registrants"] if len(profiles) else pd.Series(dtype=int)
    return None if value.empty or pd.isna(value.iloc[0]) else int(value.iloc[0])


def dimension_counts(counts: pd.DataFrame, session: str, dimension: str) -> pd.DataFrame:
    """code, n in the vocabulary's order, every value of the vocabulary (0 when nobody), "not recorded" last
    when anybody left the answer empty."""
    part = counts[(counts["session"] == session) & (counts["dimension"] == dimension)] if len(counts) else counts
    n_by = {str(c): int(n) for c, n in zip(part["code"], part["count"])} if len(part) else {}
    codes = list(column(dimension).vocab.codes)
    if n_by.get(NOT_RECORDED):
        codes.append(NOT_RECORDED)
    return pd.DataFrame({"code": codes, "n": [n_by.get(c, 0) for c in codes]})


def chart_data(data: pd.DataFrame, dimension: str, base: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """dimension_counts labelled: label, full wording (experience), n, share of the registrants, texts."""
    rows = []
    for order, (code, n) in enumerate(zip(data["code"], data["n"])):
        label = value_label(dimension, code, lang)
        n_text, pct = i18n.fmt_int(n, lang), percent.fmt(n, base, lang)
        rows.append({"order": order, "code": code, "label": label,
                     "wording": (wording(code, lang) or label) if dimension == "experience" else label,
                     "n": int(n), "percent": percent.half_up(n, base), "share": n / base if base else 0.0,
                     "text": f"{n_text} ({pct})",
                     "colour": NOT_RECORDED_COLOUR if code == NOT_RECORDED else BAR_COLOURS[dimension]})
    return pd.DataFrame(rows, columns=["order", "code", "label", "wording", "n", "percent", "share", "text", "colour"])


def table(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The chart as a table (its text alternative): value, registrants, share in %; the full wording for experience."""
    out = {column(dimension).label(lang): data["label"].tolist()}
    if dimension == "experience":
        out[i18n.t("participants_wording", lang)] = [w if w != lab else "" for w, lab in zip(data["wording"],
                                                                                          data["label"])]
    out[i18n.t("participants_registrants", lang)] = [int(n) for n in data["n"]]
    out[i18n.t("share_percent", lang)] = [int(p) for p in data["percent"]]
    return pd.DataFrame(out)


def bar_chart(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG) -> alt.LayerChart:
    """Horizontal bars in the vocabulary's order, count and share written after each bar (no hover needed)."""
    name = column(dimension).label(lang)
    top = max([int(n) for n in data["n"]] + [1])
    y = alt.Y("label:N", sort=alt.EncodingSortField("order", op="min"), title=None,
              axis=alt.Axis(labelLimit=360, labelFontSize=14, labelColor=_TEXT, ticks=False, domain=False,
                            labelPadding=6))
    x = alt.X("n:Q", axis=None, scale=alt.Scale(domain=[0, top * 1.45], nice=False, zero=True))
    tooltip = [alt.Tooltip("wording:N", title=name),
               alt.Tooltip("text:N", title=i18n.t("participants_registrants", lang))]
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=2).encode(
        x=x, y=y, color=alt.Color("colour:N", scale=None), tooltip=tooltip)
    text = alt.Chart(data).mark_text(align="left", dx=5, fontSize=14, color=_TEXT).encode(
        x=x, y=y, text="text:N", tooltip=tooltip)
    title = alt.TitleParams(text=name, subtitle=i18n.t(f"participants_{dimension}_note", lang), anchor="start",
                            fontSize=17, subtitleFontSize=13, color=_TEXT, subtitleColor="#444", offset=8)
    return alt.layer(bars, text).properties(title=title, height=alt.Step(30), width="container")


def export_frame(profiles: pd.DataFrame, counts: pd.DataFrame, session: str,
                 lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """One session's profile for Excel: dimension, value, registrants, share in %."""
    base = registrants(profiles, session) or 0
    rows = [(i18n.t("participants_registrants", lang), "", base, 100 if base else 0)]
    for dimension in PARTICIPANT_DIMENSIONS:
        data = chart_data(dimension_counts(counts, session, dimension), dimension, base, lang)
        rows += [(column(dimension).label(lang), lab, int(n), int(p))
                 for lab, n, p in zip(data["label"], data["n"], data["percent"])]
    return pd.DataFrame(rows, columns=[i18n.t("participants_dimension", lang), i18n.t("participants_value", lang),
                                       i18n.t("participants_registrants", lang), i18n.t("share_percent", lang)])
