"""In a real browser: the Calendrier page's .ics download and the subscribable /calendrier.ics parse, webinar at 13:00 Paris."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from e2e_support import wait_idle


def _webinar_at_one_in_paris(calendar: icalendar.Calendar) -> None:
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert list(events) == ["webinaire-introductif@acp-dashboard"]  # undated themes are not events
    webinar = events["webinaire-introductif@acp-dashboard"]
    assert webinar.start == dt.datetime(2025, 4, 25, 13, tzinfo=ZoneInfo("Europe/Paris"))
    assert webinar.start.astimezone(dt.timezone.utc).hour == 11
    assert webinar["DTSTART"].params["TZID"] == "Europe/Paris"


def test_whole_calendar_ics_download(server, page):
    page.goto(server.url + "/calendrier")
    wait_idle(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    button = page.locator(".st-key-ics-all").get_by_role("button", name="Ajouter tout le calendrier à mon agenda (.ics)")
    expect(button).to_be_visible()
    with page.expect_download(timeout=30000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "calendrier-gep-acp.ics"
    _webinar_at_one_in_paris(icalendar.Calendar.from_ical(Path(download.path()).read_bytes()))


def test_subscribable_calendar_url(server, page):
    """The page shows the feed's address; a calendar client (here the browser's HTTP client) gets the same
    calendar there, in French by default and in English with ?lang=en."""
    page.goto(server.url + "/calendrier")
    wait_idle(page)
    page.get_by_text("S'abonner au calendrier").click()
    address = page.get_by_test_id("stCode").get_by_text("/calendrier.ics")
    expect(address).to_be_visible()
    url = address.text_content().strip()
    assert url == server.url + "/calendrier.ics"

    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.body())
    _webinar_at_one_in_paris(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "GEP Assemblées citoyennes permanentes (ICPC)"

    english = icalendar.Calendar.from_ical(page.request.get(url + "?lang=en").body())
    assert str(english["X-WR-CALNAME"]).startswith("ICPC practice-exchange group")
    _webinar_at_one_in_paris(english)
