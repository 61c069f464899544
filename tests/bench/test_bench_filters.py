"""Issue 3's figures with 10,000 synthetic assemblies, each as a ratio measured in the same run:

1. server side: a rerun after a filter change (query, facets, map layer, table) / a rerun with
   no filter change, through Streamlit's AppTest on the map and table pages;
2. in headless Chromium: filter click -> updated count / a bare one-widget page's click ->
   updated text.
"""
import re
import statistics
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import synthetic
from acp import i18n
from e2e_support import CHROMIUM, CHROMIUM_ARGS, Server, wait_idle

ROOT = Path(__file__).resolve().parents[2]
N_ASSEMBLIES = 10_000
REPEAT = 9


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "acp.duckdb"
    synthetic.build_db(path, N_ASSEMBLIES)
    return path


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.parametrize("page", ["carte", "assemblees"])
def test_server_side_filter_change(big_db, monkeypatch, report, page):
    import streamlit as st

    monkeypatch.setenv("ACP_DB", str(big_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception
    unchanged = [_timed(at.run) for _ in range(REPEAT)]
    changed = []
    years = list(range(2006, 2006 + REPEAT))
    for year in years:  # each filter is new, so nothing comes from the caches
        slider = next(s for s in at.slider if s.label == "Années de création")
        slider.set_value((year, 2026))
        changed.append(_timed(at.run))
        assert not at.exception
    total = i18n.fmt_int(N_ASSEMBLIES)
    assert any(f"assemblées sur {total}" in m.value for m in at.markdown)
    ratio = statistics.median(changed) / statistics.median(unchanged)
    report.append(f"- `{page}`, {N_ASSEMBLIES:,} assemblies, server side (AppTest): filter change "
                  f"{statistics.median(changed) * 1000:.0f} ms, rerun without change "
                  f"{statistics.median(unchanged) * 1000:.0f} ms: ratio **{ratio:.2f}** (median of {REPEAT})")


def test_browser_filter_click_against_bare_page(report, tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "browser.duckdb"  # its own file: the AppTests above hold theirs in this process
    synthetic.build_db(db, N_ASSEMBLIES)
    app = Server(db)
    bare = Server(db, app="tests/bench/bare_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(bare.url)
            wait_idle(page)
            bare_times = []
            for i in range(REPEAT):
                def click():
                    page.get_by_role("button", name="Plus un").click()
                    page.get_by_text(f"Compteur : {i + 1}").wait_for()
                    wait_idle(page)
                bare_times.append(_timed(click))

            page.goto(app.url + "/carte")
            wait_idle(page)
            count = page.get_by_test_id("stMainBlockContainer").locator("strong").first
            count.wait_for(timeout=120_000)
            filter_times = []
            names = [i18n.country_name(code) for code in sorted(synthetic.COUNTRIES)][:REPEAT]
            box = page.get_by_test_id("stSidebar").get_by_label("Pays", exact=True)
            for name in names:  # one more country each time: every filter is new to the caches
                before = count.text_content()
                box.click()
                box.fill(name)
                page.get_by_role("option", name=re.compile(f"^{name} \\(")).wait_for()

                def click():
                    page.keyboard.press("Enter")
                    page.wait_for_function(
                        """([before]) => {
                            const s = document.querySelector('[data-testid=stMainBlockContainer] strong');
                            const idle = document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]');
                            return s && idle && s.textContent !== before; }""", arg=[before])
                filter_times.append(_timed(click))
                page.keyboard.press("Escape")
                wait_idle(page)
            browser.close()
    finally:
        app.stop()
        bare.stop()
    ratio = statistics.median(filter_times) / statistics.median(bare_times)
    report.append(f"- Browser (Chromium), {N_ASSEMBLIES:,} assemblies: filter click -> updated count on `carte` "
                  f"{statistics.median(filter_times) * 1000:.0f} ms, bare one-widget page round trip "
                  f"{statistics.median(bare_times) * 1000:.0f} ms: ratio **{ratio:.2f}** (median of {REPEAT}; "
                  "target < 1.5)")
