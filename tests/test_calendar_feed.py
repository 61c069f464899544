"""The subscribable calendar /calendrier.ics (acp.web.calendar_feed): its address, its content, its errors."""
from __future__ import annotations

import datetime as dt

import icalendar
from starlette.requests import Request

from acp import agenda, store
from acp.web import calendar_feed


def _request(query: str = "") -> Request:
    return Request({"type": "http", "method": "GET", "path": calendar_feed.PATH, "query_string": query.encode(),
                    "headers": []})


def test_address_is_derived_from_the_page_shown():
    assert calendar_feed.url("http://127.0.0.1:8501/calendrier?lang=fr") == "http://127.0.0.1:8501/calendrier.ics"
    assert calendar_feed.url("https://exemple.fr/acp/calendrier") == "https://exemple.fr/acp/calendrier.ics"
    assert calendar_feed.url("https://exemple.fr/calendrier", "en") == "https://exemple.fr/calendrier.ics?lang=en"


def test_feed_is_the_page_download(seeded):
    """Same events, UIDs, times and SEQUENCE as the Calendrier page's whole-calendar download."""
    sessions = agenda.sessions_from_frame(store.read_table(seeded, "sessions"))
    themes = agenda.theme_labels(store.read_table(seeded, "survey_themes"))
    now = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)
    page = agenda.calendar_ics(sessions, themes, "fr", now=now, sequence=store.data_version(seeded))
    fed = icalendar.Calendar.from_ical(calendar_feed.feed(seeded.cursor()))
    expected = icalendar.Calendar.from_ical(page)
    pairs = list(zip(fed.walk("VEVENT"), expected.walk("VEVENT"), strict=True))
    assert pairs
    for got, want in pairs:
        for field in ("UID", "SUMMARY", "DTSTART", "DTEND", "SEQUENCE", "DESCRIPTION"):
            assert got.get(field) == want.get(field), field
    assert fed["X-WR-CALNAME"] == expected["X-WR-CALNAME"]


def test_endpoint_serves_the_calendar_in_each_language(app_env):
    response = calendar_feed.endpoint(_request())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert 'filename="calendrier-gep-acp.ics"' in response.headers["content-disposition"]
    french = icalendar.Calendar.from_ical(response.body)
    assert [str(e["UID"]) for e in french.walk("VEVENT")] == ["webinaire-introductif@acp-dashboard"]
    english = icalendar.Calendar.from_ical(calendar_feed.endpoint(_request("lang=en")).body)
    assert str(english["X-WR-CALNAME"]).startswith("ICPC")
    unknown = icalendar.Calendar.from_ical(calendar_feed.endpoint(_request("lang=xx")).body)
    assert unknown["X-WR-CALNAME"] == french["X-WR-CALNAME"]


def test_feed_events_carry_the_join_link_in_their_description(app_env):
    """The subscribed feed, in each language: the join link is in DESCRIPTION (calendar applications ignore URL)."""
    from acp.ingest import read_upload

    con = store.connect(app_env)
    try:
        sessions = ("Identifiant;Date;Début;Fin;Titre;Format;Lien ou lieu;Statut\n"
                    "visio-juin;12/06/2027;13:00;14:00;Séance en visio;Visio;https://visio.example.org/gep-juin?pwd=a,b;"
                    "Prévue\n").encode()
        store.apply_upload(con, read_upload("sessions", "seances.csv", sessions, store.ingest_context(con)))
    finally:
        con.close()
    for query, line in (("", "Lien : https://visio.example.org/gep-juin?pwd=a,b"),
                        ("lang=en", "Link: https://visio.example.org/gep-juin?pwd=a,b")):
        feed = icalendar.Calendar.from_ical(calendar_feed.endpoint(_request(query)).body)
        event = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == "visio-juin@acp-dashboard")
        assert line in str(event["DESCRIPTION"]).splitlines(), str(event["DESCRIPTION"])
        assert str(event["URL"]) == "https://visio.example.org/gep-juin?pwd=a,b"


def test_endpoint_says_in_french_when_the_base_cannot_be_read(app_env):
    app_env.write_bytes(b"")  # an empty file: not a DuckDB base
    response = calendar_feed.endpoint(_request())
    assert response.status_code == 503
    assert response.headers["retry-after"] == "60"
    text = response.body.decode()
    assert text.startswith("Le calendrier est momentanément indisponible : la base de données ne peut pas être lue.")
    assert str(app_env) not in text  # no server path to an anonymous client
