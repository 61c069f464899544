"""Issue 7, item 1 (short form, run by `make test`): 4 browser sessions browse the map, the table
and the typology while a coordinator imports 3 files in a row; no session sees an error or a
half-imported dataset, and each ends on the newest data. The long form (20 sessions, 10 imports)
runs in `make bench` (tests/bench/test_bench_drill.py). The rules are in tests/drills/drill.py."""
import drill
from acp import store

SESSIONS, IMPORTS = 4, 3


def test_sessions_browse_while_a_coordinator_imports(tmp_path):
    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db, read_only=True)
    try:
        base = store.key_figures(con)["assemblies"]
    finally:
        con.close()
    files = drill.import_files(IMPORTS)
    server = drill.start_server(db)
    try:
        result = drill.run(server.url, SESSIONS, files, base, pid=server.process.pid)
    finally:
        server.stop()
    print(result.summary())
    assert result.problems() == []
    assert len(result.import_seconds) == IMPORTS
    assert result.actions_during_imports >= SESSIONS  # the sessions did browse while the imports ran
    assert len(result.observations) >= SESSIONS * 3
