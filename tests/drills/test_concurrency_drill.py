"""Issue 7, item 1 (short form, run by `make test`): 4 browser sessions browse the map, the table
and the typology while a coordinator imports 3 files in a row; no session sees an error or a
half-imported dataset, and each ends on the newest data. The long form (20 sessions, 10 imports)
runs in `make bench` (tests/bench/test_bench_drill.py). The rules are in tests/drills/drill.py."""
import drill

SESSIONS, IMPORTS = 4, 3


def test_sessions_browse_while_a_coordinator_imports(tmp_path):
    result, _ = drill.run_on_seeded_base(tmp_path, SESSIONS, IMPORTS)
    print(result.summary())
    assert result.problems() == []
    assert len(result.import_seconds) == IMPORTS
    assert result.actions_during_imports >= SESSIONS  # the sessions did browse while the imports ran
    assert len(result.observations) >= SESSIONS * 3
