"""In a real browser: the Calendrier page's whole-calendar .ics download parses, with the webinar at 13:00 Paris."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from e2e_support import wait_idle


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
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert list(events) == ["webinaire-introductif@acp-dashboard"]  # undated themes are not events
    webinar = events["webinaire-introductif@acp-dashboard"]
    assert webinar.start == dt.datetime(2025, 4, 25, 13, tzinfo=ZoneInfo("Europe/Paris"))
    assert webinar.start.astimezone(dt.timezone.utc).hour == 11
    assert webinar["DTSTART"].params["TZID"] == "Europe/Paris"
