"""In a real browser: the Calendrier page's whole-calendar .ics download parses, with the webinar at 13:00 Paris.

Self-contained on purpose (its own server and browser helpers); fails, never skips, without Chromium.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_streamlit(db: Path, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "ACP_DB": str(db)}, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _wait_healthy(process: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("streamlit stopped:\n" + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)  # polling the health endpoint, not waiting for the page
    pytest.fail("streamlit did not become healthy:\n" + log.read_text(errors="replace"))


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_whole_calendar_ics_download(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for this browser test and was not found at {CHROMIUM} "
                    "(apt-get install chromium; .ci/run does it).")
    from playwright.sync_api import expect, sync_playwright

    from acp import store

    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    process = _start_streamlit(db, port, log)
    try:
        _wait_healthy(process, url, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR",
                                           accept_downloads=True).new_page()
                # A fresh server shows a spurious "Page not found" dialog over the first deep link it
                # serves (streamlit/streamlit#9992): let one run of app.py register the pages first.
                page.goto(url + "/")
                page.wait_for_selector(IDLE, timeout=60000)
                page.goto(url + "/calendrier")
                page.wait_for_selector(IDLE, timeout=60000)
                expect(page.get_by_role("dialog")).to_have_count(0)
                button = page.locator(".st-key-ics-all").get_by_role(
                    "button", name="Ajouter tout le calendrier à mon agenda (.ics)")
                expect(button).to_be_visible()
                with page.expect_download(timeout=30000) as info:
                    button.click()
                download = info.value
                assert download.suggested_filename == "calendrier-gep-acp.ics"
                data = Path(download.path()).read_bytes()
            finally:
                browser.close()
    finally:
        _stop(process)

    calendar = icalendar.Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert list(events) == ["webinaire-introductif@acp-dashboard"]  # undated themes are not events
    webinar = events["webinaire-introductif@acp-dashboard"]
    assert webinar.start == dt.datetime(2025, 4, 25, 13, tzinfo=ZoneInfo("Europe/Paris"))
    assert webinar.start.astimezone(dt.timezone.utc).hour == 11
    assert webinar["DTSTART"].params["TZID"] == "Europe/Paris"
