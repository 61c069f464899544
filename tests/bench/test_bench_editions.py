"""A filter change on « Éditions et suites » against the same change on Typologie, server side, in the same run
(issue 15): 10,000 synthetic assemblies and 50,000 editions, through Streamlit's AppTest (no browser, no network).
Target: the editions page costs at most 1.5 times the typology page."""
import statistics
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import synthetic
from benchlib import md_table, timed

ROOT = Path(__file__).resolve().parents[2]
N_ASSEMBLIES, N_EDITIONS = 10_000, 50_000
REPEAT = 9
TARGET = 1.5


@pytest.fixture(scope="module")
def editions_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic-editions") / "acp.duckdb"
    synthetic.build_db(path, N_ASSEMBLIES)
    synthetic.add_editions(path, N_EDITIONS, N_ASSEMBLIES)
    return path


def test_filter_change_on_editions_against_typology(report, editions_db, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("ACP_DB", str(editions_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    apps = {}
    for name in ("typologie", "editions"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.switch_page(f"pages/{name}.py")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        apps[name] = at
    unchanged = {name: [] for name in apps}
    changed = {name: [] for name in apps}
    try:
        for _ in range(REPEAT):
            for name, at in apps.items():
                unchanged[name].append(timed(at.run))
        # Turn by turn, each a new start-year range, a different one per page: nothing comes from the caches the
        # two pages share (the count line, the sidebar's facet counts).
        for year in range(2006, 2006 + REPEAT):
            for name, at in apps.items():
                slider = next(s for s in at.slider if s.label == "Années de création")
                slider.set_value((year, 2026 if name == "typologie" else 2025))
                changed[name].append(timed(at.run))
                assert not at.exception, [e.message for e in at.exception]
        assert any("éditions documentées pour ces assemblées" in m.value for m in apps["editions"].markdown)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    med = {name: (statistics.median(changed[name]), statistics.median(unchanged[name])) for name in apps}
    ratio = med["editions"][0] / med["typologie"][0]
    rows = [[f"`{name}`", f"{med[name][0] * 1000:.0f}", f"{med[name][1] * 1000:.0f}",
             f"**{med[name][0] / med['typologie'][0]:.2f}**"] for name in ("typologie", "editions")]
    report.section(6, "Filter change on Éditions et suites against Typologie, server side (issue 15)", md_table(
        ["page", "filter change ms", "rerun without change ms", "ratio to `typologie`"], rows) + [
        "", f"{N_ASSEMBLIES:,} synthetic assemblies and {N_EDITIONS:,} editions, AppTest, median of {REPEAT} changes "
        "of the start-year range per page, the two pages in turn (each change new to the caches they share). "
        f"Target: at most {TARGET} — {'met' if ratio <= TARGET else 'not met'} ({ratio:.2f})."])
    print(f"editions / typologie: {ratio:.2f} ({med['editions'][0]:.3f} s / {med['typologie'][0]:.3f} s)")
    assert ratio <= TARGET
