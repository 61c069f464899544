"""The group's calendar: next, past and to-schedule sessions, a month grid, iCalendar export.

Pure functions over the `sessions` frame of `acp.store.read_table`. Session times are wall
times in Europe/Paris. Every value from data that goes into HTML is escaped here.

iCalendar: each event's UID is `{session id}@acp-dashboard`, so importing the file again
updates the events instead of duplicating them; SEQUENCE carries the data version (the newest
import's number), which only grows, so calendar clients accept the update.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from babel.dates import format_date, get_day_names
from icalendar import Calendar, Event

from . import i18n
from .schema import SESSION_FORMAT, SESSION_STATUS

PARIS = ZoneInfo("Europe/Paris")
UID_DOMAIN = "acp-dashboard"
_ICS_STATUS = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "past": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    theme: str | None = None
    format: str | None = None
    place: str | None = None
    speakers: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    status: str | None = None
    report: str | None = None

    @property
    def link(self) -> str | None:
        """The place when it is a web link (a visio link), else None."""
        return self.place if is_link(self.place) else None


def is_link(value: str | None) -> bool:
    return bool(value) and value.lower().startswith(("https://", "http://"))


def _value(value):
    """A stored cell as a plain value: lists (DuckDB VARCHAR[]) as tuples, NULL/NaN/NaT as None."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(str(v) for v in value if v is not None and str(v).strip())
    return None if value is None or pd.isna(value) else value


def sessions_from_frame(frame: pd.DataFrame) -> list[Session]:
    """The stored rows as Session values (plain Python types, missing values as None)."""
    out = []
    for row in frame.to_dict("records"):
        clean = {k: _value(v) for k, v in row.items() if k in Session.__dataclass_fields__}
        if clean.get("date") is not None:
            clean["date"] = pd.Timestamp(clean["date"]).date()
        for key in ("speakers", "facilitators"):
            clean[key] = clean.get(key) or ()
        out.append(Session(**clean))
    return out


def _sort_key(s: Session):
    return (s.date or dt.date.max, s.start or dt.time.min, s.id)


def upcoming_sessions(sessions: list[Session], today: dt.date) -> list[Session]:
    """Dated sessions from today on that are neither cancelled nor marked past, soonest first."""
    return sorted((s for s in sessions if s.date and s.date >= today and s.status not in ("cancelled", "past")),
                  key=_sort_key)


def next_session(sessions: list[Session], today: dt.date) -> Session | None:
    upcoming = upcoming_sessions(sessions, today)
    return upcoming[0] if upcoming else None


def past_sessions(sessions: list[Session], today: dt.date) -> list[Session]:
    """Dated sessions before today (or marked past), most recent first; cancelled ones left out."""
    past = [s for s in sessions if s.date and s.status != "cancelled" and (s.date < today or s.status == "past")]
    return sorted(past, key=_sort_key, reverse=True)


def to_schedule(sessions: list[Session]) -> list[Session]:
    """Sessions still without a date (status "à programmer"), in their stored order."""
    return [s for s in sessions if s.date is None and s.status != "cancelled"]


def dated(sessions: list[Session]) -> list[Session]:
    return sorted((s for s in sessions if s.date), key=_sort_key)


def theme_labels(themes: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Survey theme code -> (short label, full question); a theme in several waves keeps the
    wording of the last wave in code order (2025-10 after 2025-04)."""
    out: dict[str, tuple[str, str]] = {}
    ordered = themes.sort_values(["wave", "position"]) if len(themes) else themes
    for row in ordered.itertuples():
        out[str(row.theme_id)] = (row.short_label if pd.notna(row.short_label) else row.label, row.label)
    return out


# ---------------------------------------------------------------- text

def when(session: Session, lang: str = i18n.DEFAULT_LANG) -> str:
    """'vendredi 25 avril 2025, 13 h – 14 h' (or only the date, or '… 13 h' without an end)."""
    if session.date is None:
        return SESSION_STATUS.label("to_schedule", lang)
    text = i18n.fmt_date(session.date, lang)
    if session.start and session.end:
        text += ", " + i18n.t("time_range", lang, start=i18n.fmt_time(session.start, lang),
                              end=i18n.fmt_time(session.end, lang))
    elif session.start:
        text += ", " + i18n.fmt_time(session.start, lang)
    return text


def describe(session: Session, themes: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """(i18n key, plain text) pairs for a session's details, in reading order; empty ones left out.

    Vocabulary codes are not translated here: the format's text is its code, use `detail_text`.
    """
    lines = []
    if session.format:
        lines.append(("format", session.format))
    if session.place:
        lines.append(("link_or_place", session.place))
    if session.speakers:
        lines.append(("speakers", ", ".join(session.speakers)))
    if session.facilitators:
        lines.append(("facilitators", ", ".join(session.facilitators)))
    if session.theme:
        lines.append(("survey_theme", themes.get(session.theme, (session.theme, session.theme))[0]))
    if session.report:
        lines.append(("report", session.report))
    return lines


def detail_text(key: str, text: str, lang: str = i18n.DEFAULT_LANG) -> str:
    return SESSION_FORMAT.label(text, lang) if key == "format" else text


# ---------------------------------------------------------------- HTML (every data value escaped)

def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _link(url: str, text: str | None = None) -> str:
    if not is_link(url):
        return _e(text or url)
    return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(text or url)}</a>'


def session_card_html(session: Session, themes: dict[str, tuple[str, str]], lang: str = i18n.DEFAULT_LANG) -> str:
    """A session's title, date and time, and details, as an HTML fragment for st.html."""
    rows = []
    for key, text in describe(session, themes):
        if key in ("link_or_place", "report"):
            value = _link(text)
        elif key == "survey_theme" and session.theme in themes:
            value = f'<span title="{_e(themes[session.theme][1])}">{_e(text)}</span>'
        else:
            value = _e(detail_text(key, text, lang))
        rows.append(f"<dt>{_e(i18n.t(key, lang))}</dt><dd>{value}</dd>")
    status = ""
    if session.status in ("cancelled", "planned"):
        status = f' <span class="acp-badge">{_e(SESSION_STATUS.label(session.status, lang))}</span>'
    return (
        '<div class="acp-session">'
        f'<p class="acp-when">{_e(when(session, lang))}{status}</p>'
        f'<p class="acp-title">{_e(session.title)}</p>'
        f'<dl class="acp-details">{"".join(rows)}</dl>'
        "</div>" + _CARD_STYLE
    )


def past_session_html(session: Session, lang: str = i18n.DEFAULT_LANG) -> str:
    """A past session on one line: date, title, and the report link (or 'report to come')."""
    report = (_link(session.report, i18n.t("report", lang)) if session.report
              else f'<span class="acp-muted">{_e(i18n.t("no_report", lang))}</span>')
    return (f'<p class="acp-past"><strong>{_e(i18n.fmt_date(session.date, lang))}</strong> — {_e(session.title)}'
            f" — {report}</p>" + _CARD_STYLE)


def to_schedule_html(sessions: list[Session], themes: dict[str, tuple[str, str]],
                     lang: str = i18n.DEFAULT_LANG) -> str:
    """Themes still to schedule: the session's title and which survey theme it comes from
    (the full question on hover)."""
    items = []
    for s in sessions:
        theme = ""
        if s.theme:
            full = themes.get(s.theme, (s.theme, s.theme))[1]
            theme = (f' <span class="acp-muted" title="{_e(full)}">'
                     f'({_e(i18n.t("survey_theme_n", lang, n=s.theme))})</span>')
        items.append(f"<li>{_e(s.title)}{theme}</li>")
    return f'<ul class="acp-list">{"".join(items)}</ul>' + _CARD_STYLE


_CARD_STYLE = """<style>
.acp-session p { margin: 0 0 .3rem 0; }
.acp-when { font-size: 1.25rem; font-weight: 600; }
.acp-title { font-size: 1.1rem; }
div.acp-session dl.acp-details { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
  margin: .5rem 0 0 0; padding: 0; }
.acp-details dt { font-weight: 600; }
.acp-details dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.acp-badge { font-size: .85rem; font-weight: 600; padding: .1rem .5rem; border-radius: .5rem;
  background: #f1f4f8; border: 1px solid #c9d3e0; }
.acp-list { margin: 0; padding-left: 1.2rem; }
.acp-list li { margin-bottom: .35rem; }
.acp-muted { color: #555; }
.acp-past { margin: 0; }
</style>"""


# ---------------------------------------------------------------- month view

@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    sessions: tuple[Session, ...]


def month_grid(sessions: list[Session], year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with its sessions."""
    by_day: dict[dt.date, list[Session]] = {}
    for s in dated(sessions):
        by_day.setdefault(s.date, []).append(s)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, tuple(by_day.get(d, ()))) for d in week] for week in weeks]


def in_month(sessions: list[Session], month: str) -> list[Session]:
    """The dated sessions of a 'YYYY-MM' month."""
    return [s for s in dated(sessions) if s.date.strftime("%Y-%m") == month]


def month_options(sessions: list[Session], today: dt.date, ahead: int = 6) -> list[str]:
    """'YYYY-MM' from the first session's month (or today's) to `ahead` months after the later
    of today and the last session."""
    dates = [s.date for s in dated(sessions)]
    first = min([*dates, today]).replace(day=1)
    last = max([*dates, today]).replace(day=1)
    months, year, month = [], first.year, first.month
    end = (last.year * 12 + last.month - 1) + ahead
    while year * 12 + month - 1 <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def default_month(sessions: list[Session], today: dt.date) -> str:
    """The next session's month, else the current month."""
    upcoming = next_session(sessions, today)
    return (upcoming.date if upcoming else today).strftime("%Y-%m")


def month_label(month: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """'2026-11' -> 'novembre 2026'."""
    year, number = (int(x) for x in month.split("-"))
    return format_date(dt.date(year, number, 1), "LLLL y", locale=i18n.locale(lang))


def month_html(sessions: list[Session], month: str, today: dt.date, lang: str = i18n.DEFAULT_LANG) -> str:
    """A calendar grid of the month (HTML table), days with a session marked and titled."""
    year, number = (int(x) for x in month.split("-"))
    names = get_day_names("abbreviated", locale=i18n.locale(lang))
    head = "".join(f'<th scope="col">{_e(names[i])}</th>' for i in range(7))
    body = []
    for week in month_grid(sessions, year, number):
        cells = []
        for day in week:
            classes = ["acp-day"]
            if not day.in_month:
                classes.append("acp-out")
            if day.date == today:
                classes.append("acp-today")
            if day.sessions:
                classes.append("acp-has")
            items = "".join(
                f'<div class="acp-event">{_e(i18n.fmt_time(s.start, lang) + " · " if s.start else "")}{_e(s.title)}</div>'
                for s in day.sessions)
            label = i18n.fmt_date(day.date, lang)
            cells.append(f'<td class="{" ".join(classes)}" aria-label="{_e(label)}">'
                         f'<div class="acp-num">{day.date.day}</div>{items}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="acp-month" aria-label="{_e(month_label(month, lang))}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>' + _MONTH_STYLE)


_MONTH_STYLE = """<style>
.acp-month { width: 100%; border-collapse: collapse; table-layout: fixed; }
.acp-month th { font-weight: 600; padding: .3rem; text-align: left; border-bottom: 2px solid #c9d3e0; }
.acp-month td { vertical-align: top; height: 4.2rem; padding: .25rem .35rem; border: 1px solid #dde3ea; }
.acp-month .acp-out { color: #999; background: #fafbfc; }
.acp-month .acp-today { outline: 2px solid #1a1a1a; outline-offset: -2px; }
.acp-month .acp-today .acp-num { font-weight: 700; }
.acp-month .acp-has { background: #e4eef9; }
.acp-month .acp-event { font-size: .85rem; line-height: 1.2; color: #0f3d70; font-weight: 600; margin-top: .15rem; }
</style>"""


# ---------------------------------------------------------------- iCalendar

def uid(session: Session) -> str:
    return f"{session.id}@{UID_DOMAIN}"


def ics_file_name(session: Session) -> str:
    """The session id as a safe file name (ids may come from a coordinator's file)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", session.id).strip("-.") + ".ics"


def _description(session: Session, themes: dict[str, tuple[str, str]], lang: str) -> str:
    """The event's details, a line each. Calendar applications show DESCRIPTION and ignore URL: the join link
    is there on its own line, « Lien : https://… » (« Lieu : … » for a place written out)."""
    lines = []
    for key, text in describe(session, themes):
        if key == "survey_theme" and session.theme in themes:
            short, full = themes[session.theme]
            text = f"{short} — {full}" if full != short else short
        if key == "link_or_place":
            key = "ics_link" if is_link(text) else "ics_place"
        lines.append(i18n.t("label_value", lang, label=i18n.t(key, lang), value=detail_text(key, text, lang)))
    return "\n".join(lines)


def _event(session: Session, themes: dict[str, tuple[str, str]], lang: str,
           stamp: dt.datetime, sequence: int) -> Event:
    event = Event()
    event.add("uid", uid(session))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    if session.start:
        event.add("dtstart", dt.datetime.combine(session.date, session.start, tzinfo=PARIS))
        if session.end:
            event.add("dtend", dt.datetime.combine(session.date, session.end, tzinfo=PARIS))
    else:  # a day without hours: an all-day event
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
    event.add("summary", session.title)
    description = _description(session, themes, lang)
    if description:
        event.add("description", description)
    if session.place:
        event.add("location", session.place)
    if session.link or is_link(session.report):
        event.add("url", session.link or session.report)
    if session.status in _ICS_STATUS:
        event.add("status", _ICS_STATUS[session.status])
    return event


def _calendar(events: list[Session], themes, lang: str, now: dt.datetime | None, sequence: int) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ICPC GEP Assemblées citoyennes permanentes//acp-dashboard//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", i18n.t("ics_calendar_name", lang))
    cal.add("x-wr-timezone", PARIS.key)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    for session in events:
        cal.add_component(_event(session, themes, lang, stamp, sequence))
    if events:
        years = [s.date.year for s in events]
        cal.add_missing_timezones(first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1))
    return cal.to_ical()


def calendar_ics(sessions: list[Session], themes: dict[str, tuple[str, str]] | None = None,
                 lang: str = i18n.DEFAULT_LANG, now: dt.datetime | None = None, sequence: int = 0) -> bytes:
    """The whole calendar: one VEVENT per dated session (undated ones cannot be events)."""
    return _calendar(dated(sessions), themes or {}, lang, now, sequence)


def session_ics(session: Session, themes: dict[str, tuple[str, str]] | None = None,
                lang: str = i18n.DEFAULT_LANG, now: dt.datetime | None = None, sequence: int = 0) -> bytes:
    """One dated session as an .ics file (same UID as in the whole calendar)."""
    if session.date is None:
        raise ValueError(f"session {session.id!r} has no date")
    return _calendar([session], themes or {}, lang, now, sequence)
