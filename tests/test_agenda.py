"""The calendar: next/past/to-schedule sessions, month grid, HTML escaping, iCalendar export."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from acp import agenda, store

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 11, 27)
THEMES = {"3": ("Articulation avec élu·es, agent·es et autres espaces",
                "Comment articuler les travaux d'une assemblée citoyenne permanente avec ceux des élu·es et agent·es ?")}

SUMMER = agenda.Session(
    id="2027-07-02-articuler", title="Articuler l'assemblée avec les élu·es", date=dt.date(2027, 7, 2),
    start=dt.time(13), end=dt.time(14), theme="3", format="visio", place="https://visio.example.org/gep",
    speakers=("Héloïse Legris", "Nabila Abbas"), status="confirmed")
WINTER = agenda.Session(
    id="2027-01-15-cadre-juridique", title="Cadre juridique", date=dt.date(2027, 1, 15),
    start=dt.time(13), end=dt.time(14, 30), format="in_person", place="Hôtel de Ville, Paris", status="planned")
UNDATED = agenda.Session(id="theme-5", title="Rendre des comptes", theme="5", format="visio", status="to_schedule")
SESSIONS = [SUMMER, WINTER, UNDATED]


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in _parse(data).walk("VEVENT")}


# ---------------------------------------------------------------- the seed's calendar (today: no upcoming session)

def test_seed_calendar_read_on_27_november_2026(seeded):
    sessions = agenda.sessions_from_frame(store.read_table(seeded, "sessions"))
    assert agenda.next_session(sessions, TODAY) is None
    past = agenda.past_sessions(sessions, TODAY)
    assert [s.id for s in past] == ["webinaire-introductif"]
    webinar = past[0]
    assert agenda.when(webinar) == "vendredi 25 avril 2025, 13 h – 14 h"
    assert webinar.speakers == ("Héloïse Legris", "Nabila Abbas")
    assert webinar.place == "Visioconférence" and webinar.link is None
    pending = agenda.to_schedule(sessions)
    assert [s.theme for s in pending] == ["1", "2", "3", "4", "5"]
    assert all(s.status == "to_schedule" for s in pending)


def test_the_seed_webinar_was_on_25_april_2025_before_it_happened(seeded):
    sessions = agenda.sessions_from_frame(store.read_table(seeded, "sessions"))
    assert agenda.next_session(sessions, dt.date(2025, 4, 1)) is None  # marked "passée" in the data


def test_theme_labels_from_the_survey(seeded):
    themes = agenda.theme_labels(store.read_table(seeded, "survey_themes"))
    assert themes["3"][0] == "Articulation avec élu·es, agent·es et autres espaces"
    assert themes["3"][1].startswith("Comment articuler")


# ---------------------------------------------------------------- next, past, to schedule

def test_next_session_is_the_soonest_not_cancelled():
    cancelled = agenda.Session(id="x", title="Annulée", date=dt.date(2026, 12, 1), status="cancelled")
    sessions = [*SESSIONS, cancelled]
    assert agenda.next_session(sessions, TODAY) == WINTER
    assert agenda.upcoming_sessions(sessions, TODAY) == [WINTER, SUMMER]
    assert agenda.next_session(sessions, dt.date(2027, 1, 16)) == SUMMER
    assert agenda.past_sessions(sessions, dt.date(2027, 8, 1)) == [SUMMER, WINTER]
    assert agenda.to_schedule(sessions) == [UNDATED]


def test_when_in_french_and_english():
    assert agenda.when(WINTER) == "vendredi 15 janvier 2027, 13 h – 14 h 30"
    assert agenda.when(WINTER, "en") == "Friday, 15 January 2027, 13:00 – 14:30"
    assert agenda.when(UNDATED) == "À programmer"


# ---------------------------------------------------------------- month view

def test_month_grid_marks_sessions_monday_first():
    weeks = agenda.month_grid(SESSIONS, 2027, 7)
    assert all(len(w) == 7 for w in weeks)
    assert weeks[0][0].date.weekday() == 0
    marked = [d for w in weeks for d in w if d.sessions]
    assert [(d.date, d.sessions) for d in marked] == [(dt.date(2027, 7, 2), (SUMMER,))]
    html = agenda.month_html(SESSIONS, "2027-07", TODAY)
    assert "lun." in html and "acp-has" in html and "13 h · Articuler l&#x27;assemblée" in html


def test_month_options_and_default():
    months = agenda.month_options(SESSIONS, TODAY)
    assert months[0] == "2026-11" and "2027-07" in months and months[-1] == "2028-01"
    assert agenda.default_month(SESSIONS, TODAY) == "2027-01"
    assert agenda.default_month([UNDATED], TODAY) == "2026-11"
    assert agenda.month_label("2027-07") == "juillet 2027"
    assert agenda.in_month(SESSIONS, "2027-07") == [SUMMER]


# ---------------------------------------------------------------- HTML escaping

def test_values_from_data_are_escaped_in_html():
    evil = agenda.Session(id="e", title="<script>alert(1)</script>", date=TODAY, start=dt.time(9),
                          place="javascript:alert(1)", speakers=("<b>Eve</b>",), report="javascript:alert(2)")
    card = agenda.session_card_html(evil, {})
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "<b>Eve</b>" not in card
    assert 'href="javascript' not in card
    assert "<script>" not in agenda.month_html([evil], TODAY.strftime("%Y-%m"), TODAY)
    assert "<script>" not in agenda.past_session_html(evil)
    assert 'href="javascript' not in agenda.past_session_html(evil)


def test_card_shows_format_label_link_and_theme():
    card = agenda.session_card_html(SUMMER, THEMES)
    assert "vendredi 2 juillet 2027, 13 h – 14 h" in card
    assert "<dd>Visio</dd>" in card and ">visio<" not in card
    assert 'href="https://visio.example.org/gep"' in card
    assert "Articulation avec élu·es, agent·es et autres espaces" in card
    assert 'title="Comment articuler' in card


# ---------------------------------------------------------------- iCalendar

def test_ics_times_in_europe_paris_summer_and_winter():
    events = _events(agenda.calendar_ics(SESSIONS, THEMES))
    summer, winter = events[agenda.uid(SUMMER)], events[agenda.uid(WINTER)]
    assert summer.start == dt.datetime(2027, 7, 2, 13, tzinfo=PARIS)
    assert summer.start.utcoffset() == dt.timedelta(hours=2)  # CEST
    assert summer.start.astimezone(dt.timezone.utc).hour == 11
    assert summer.end.astimezone(dt.timezone.utc).hour == 12
    assert winter.start.utcoffset() == dt.timedelta(hours=1)  # CET
    assert winter.start.astimezone(dt.timezone.utc).time() == dt.time(12)
    assert winter.end.astimezone(dt.timezone.utc).time() == dt.time(13, 30)
    for event in (summer, winter):
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"


def test_ics_has_the_paris_vtimezone_and_no_undated_session():
    data = agenda.calendar_ics(SESSIONS, THEMES)
    cal = _parse(data)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert {str(s["TZNAME"]) for s in cal.walk("STANDARD") + cal.walk("DAYLIGHT")} == {"CET", "CEST"}
    assert set(_events(data)) == {"2027-07-02-articuler@acp-dashboard", "2027-01-15-cadre-juridique@acp-dashboard"}
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Paris"


def test_ics_fields():
    now = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc)
    event = _events(agenda.calendar_ics(SESSIONS, THEMES, now=now, sequence=7))[agenda.uid(SUMMER)]
    assert str(event["SUMMARY"]) == SUMMER.title
    assert event["DTSTAMP"].dt == now
    assert int(event["SEQUENCE"]) == 7
    description = str(event["DESCRIPTION"])
    assert "Intervenant·es : Héloïse Legris, Nabila Abbas" in description
    assert "Thème du sondage : Articulation avec élu·es" in description
    assert "Format : Visio" in description
    assert "https://visio.example.org/gep" in description
    assert str(event["LOCATION"]) == "https://visio.example.org/gep"
    assert str(event["URL"]) == "https://visio.example.org/gep"
    assert str(event["STATUS"]) == "CONFIRMED"
    winter = _events(agenda.calendar_ics(SESSIONS, THEMES))[agenda.uid(WINTER)]
    assert str(winter["LOCATION"]) == "Hôtel de Ville, Paris" and "URL" not in winter
    assert str(winter["STATUS"]) == "TENTATIVE"


def test_ics_description_carries_the_join_link_on_its_own_line():
    """Calendar applications show DESCRIPTION and ignore URL: the join link is a line of its own there."""
    for lang, link, place in (("fr", "Lien : ", "Lieu : "), ("en", "Link: ", "Place: ")):
        events = _events(agenda.calendar_ics(SESSIONS, THEMES, lang))
        assert link + "https://visio.example.org/gep" in str(events[agenda.uid(SUMMER)]["DESCRIPTION"]).splitlines()
        assert place + "Hôtel de Ville, Paris" in str(events[agenda.uid(WINTER)]["DESCRIPTION"]).splitlines()


def test_uids_are_stable_across_exports_and_between_one_and_all():
    first = agenda.calendar_ics(SESSIONS, THEMES, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    second = agenda.calendar_ics(SESSIONS, THEMES, now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc), sequence=3)
    assert set(_events(first)) == set(_events(second))
    one = _events(agenda.session_ics(SUMMER, THEMES))
    assert list(one) == [agenda.uid(SUMMER)] == ["2027-07-02-articuler@acp-dashboard"]
    assert [str(tz["TZID"]) for tz in _parse(agenda.session_ics(SUMMER)).walk("VTIMEZONE")] == ["Europe/Paris"]


def test_undated_session_cannot_be_exported_alone():
    with pytest.raises(ValueError):
        agenda.session_ics(UNDATED)


def test_day_without_hours_is_an_all_day_event_and_cancelled_is_marked():
    day = agenda.Session(id="journee", title="Journée d'échanges", date=dt.date(2027, 3, 12), status="cancelled")
    event = _events(agenda.session_ics(day))["journee@acp-dashboard"]
    assert event.start == dt.date(2027, 3, 12) and event.end == dt.date(2027, 3, 13)
    assert str(event["STATUS"]) == "CANCELLED"


def test_seed_webinar_ics_at_13h_paris(seeded):
    sessions = agenda.sessions_from_frame(store.read_table(seeded, "sessions"))
    themes = agenda.theme_labels(store.read_table(seeded, "survey_themes"))
    events = _events(agenda.calendar_ics(sessions, themes))
    assert list(events) == ["webinaire-introductif@acp-dashboard"]
    webinar = events["webinaire-introductif@acp-dashboard"]
    assert webinar.start == dt.datetime(2025, 4, 25, 13, tzinfo=PARIS)
    assert webinar.start.utcoffset() == dt.timedelta(hours=2)
    assert "Animation : Elian Belon, Martial Breton, David Prothais, Louise Jean-Albert" in str(webinar["DESCRIPTION"])


def test_ics_file_name_is_safe():
    assert agenda.ics_file_name(SUMMER) == "2027-07-02-articuler.ics"
    assert agenda.ics_file_name(agenda.Session(id="../séance 1", title="x")) == "s-ance-1.ics"
