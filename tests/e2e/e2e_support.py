"""Helpers for browser tests: a real `streamlit run` server on a free port, Chromium's path and flags."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ACP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--enable-unsafe-swiftshader"]
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, app: str = "serve.py", env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.with_suffix(".log")
        environment = {**os.environ, "ACP_DB": str(db), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=environment, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("streamlit stopped:\n" + self.log.read_text(errors="replace"))
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("streamlit did not become healthy:\n" + self.log.read_text(errors="replace"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()




def wait_idle(page) -> None:
    """Wait until the app's script run is over (Streamlit's own e2e convention)."""
    page.wait_for_selector(APP_IDLE, timeout=30000)


def wait_drawn(page, *selectors: str, timeout: float = 30000) -> None:
    """Wait until the script run is over and each selector's element is in the page, both at one time.

    For steps that do not wait by themselves (Tab, the focused element): `wait_idle` alone returns too
    early. The first time a browser shows a kind of widget, Streamlit loads its code (Multiselect.js,
    Slider.js, Selectbox.js...) and only then mounts it: the sidebar filters appear 0.3 to 0.6 s after
    the run is over. (Before serve.py switched the process to st.navigation's mode, a new server's
    first request for a page also showed "notRunning" for a moment between the page's own run and its
    rerun through app.py.)
    """
    page.wait_for_function("([idle, selectors]) => document.querySelector(idle) !== null"
                           " && selectors.every(s => document.querySelector(s) !== null)",
                           arg=[APP_IDLE, list(selectors)], timeout=timeout)
