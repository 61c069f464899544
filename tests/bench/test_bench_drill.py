"""Issue 7, item 1, long form: 20 browser sessions browse the map, the table and the typology while
a coordinator imports 10 files in a row (tests/drills/drill.py has the rules; the short form,
4 sessions and 3 imports, runs in `make test`)."""
import drill
from benchlib import md_table

SESSIONS, IMPORTS = 20, 10
PER_IMPORT = 2  # actions per session between two imports: 20 sessions' pages would starve the 2 cores


def test_twenty_sessions_while_ten_imports(tmp_path, report):
    result, files = drill.run_on_seeded_base(tmp_path, SESSIONS, IMPORTS, max_actions=100, per_import=PER_IMPORT)
    summary = result.summary()
    print(summary)
    problems = result.problems()
    report.section(6, f"Concurrency drill, long form ({SESSIONS} sessions, {IMPORTS} imports)", md_table(
        ["figure", "value"], [
            ["sessions / imports", f"{SESSIONS} / {IMPORTS} (files of {files[0].rows} to {files[-1].rows} rows; "
                                   f"each session acts up to {PER_IMPORT} times between two imports)"],
            ["drill duration", f"{summary['seconds']:.0f} s (imports done at {result.imports_done_at:.0f} s)"],
            ["page reads checked", f"{summary['observations']} ({summary['actions_during_imports']} actions "
                                   "while the imports ran)"],
            ["distinct datasets seen by the sessions", f"{summary['datasets_seen']} of {IMPORTS + 1}"],
            ["errors, half-imported or inconsistent counts, page and sidebar apart, going back", f"**{len(problems)}**"],
            ["sessions on the newest data after one more run", f"**{SESSIONS - sum('newest' in p or 'no run' in p for p in problems)} "
                                                                f"of {SESSIONS}**"],
            ["action (page switch or search) median / p95 / max",
             f"{summary['action_median_ms']} / {summary['action_p95_ms']} / {summary['action_max_ms']} ms"],
            ["import (upload -> preview -> confirm -> done) median / max",
             f"{summary['import_median_s']} / {summary['import_max_s']} s"],
            ["menu clicks done again (the app stayed idle on the old page for a minute)",
             f"{summary['clicks_redone']}"],
            ["server RSS peak / end", f"{summary['rss_peak_mib']} / {summary['rss_end_mib']} MiB"],
            ["server CPU during the drill", f"{summary['server_cpu_s']} s of {summary['seconds'] * 2:.0f} core-seconds"],
        ]) + ["", "The 2 cores are shared with the 21 Chromium pages, whose software WebGL map pages cost "
              "the most: action latencies measure the whole machine, not the server alone."])
    assert problems == []
    assert len(result.import_seconds) == IMPORTS
    assert result.actions_during_imports >= SESSIONS
