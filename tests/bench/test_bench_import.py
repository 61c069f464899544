"""Issue 7, benchmark 1: importing 1k, 10k and 100k assemblies, as a ratio to DuckDB's own read_csv.

The importer: acp.ingest.read_upload (decode, parse and check every cell, collect problems) then
acp.store.apply_upload (one transaction: snapshot of the previous dataset, replace, history) of
the CSV file the coordination page would receive. The reference: `CREATE OR REPLACE TABLE t AS
FROM read_csv('file')` in a DuckDB file of its own, same bytes, same disk. The 100k file (28 MB)
is over the importer's 20 MB limit (ACP_MAX_UPLOAD_MB): the limit is lifted for the measure.

The measured imports replace a dataset of the same size (a coordinator re-importing the list with
corrections, the usual case); the first import into the seeded base (16 assemblies) is timed apart.
CSV copies written in the background after a commit (if the store does so) are waited for between
runs, outside the timings.
"""
import duckdb
import pytest

from acp import coordination, store
from acp.ingest import read_upload

import synthetic
from benchlib import SIZES, growth, md_table, median, n, timed

REPEAT = {1_000: 5, 10_000: 3, 100_000: 2}
PREVIEW_SIZES = (1_000, 10_000)  # 100k: about 10 times the 10k figure, 1 to 2 minutes; skipped
ROWS: dict[int, dict] = {}


@pytest.fixture(scope="module", autouse=True)
def write_section(report):
    yield
    if not ROWS:
        return
    sizes = sorted(ROWS)
    rows = [[n(s), f"{ROWS[s]['mb']:.1f} MB", f"{ROWS[s]['read'] * 1000:.0f}", f"{ROWS[s]['apply'] * 1000:.0f}",
             f"{(ROWS[s]['read'] + ROWS[s]['apply']) * 1000:.0f}", f"{ROWS[s]['duck'] * 1000:.0f}",
             f"**{ROWS[s]['ratio']:.1f}**", f"{ROWS[s]['first_apply'] * 1000:.0f}",
             f"{ROWS[s]['preview'] * 1000:.0f}" if ROWS[s]["preview"] is not None else "skipped"] for s in sizes]
    totals = [ROWS[s]["read"] + ROWS[s]["apply"] for s in sizes]
    ducks = [ROWS[s]["duck"] for s in sizes]
    report.section(1, "Import (read_upload + apply_upload) / DuckDB read_csv of the same file", md_table(
        ["assemblies", "CSV", "read_upload ms", "apply_upload ms", "import ms", "read_csv ms", "ratio",
         "apply_upload ms, first import", "preview ms"], rows) + [
        "",
        f"Growth from {n(sizes[0])} to {n(sizes[-1])}: import {growth(totals)}, read_csv {growth(ducks)} "
        f"(medians of {', '.join(str(REPEAT[s]) for s in sizes)} runs). read_upload is pure Python, cell by cell "
        "(decoding, French number/date/list parsing, vocabulary lookups, every problem collected with its row); "
        "apply_upload is DuckDB: snapshot of the previous dataset, DELETE, INSERT, COMMIT; replacing a dataset "
        "costs more than the first import because the COMMIT maintains the primary-key index over the deleted "
        "and re-inserted ids (column \"first import\": the same apply_upload into the seeded base). "
        "Preview: acp.coordination.upload_diff, the stored dataset against the upload, field by field, which the "
        "coordination page computes before showing « Confirmer » (not part of the ratio; at 100k it was skipped, "
        "it grows linearly: about ten times the 10k figure)."])


def _settle() -> None:
    flush = getattr(store, "flush_exports", None)
    if flush is not None:
        assert flush(120)


@pytest.mark.parametrize("size", SIZES)
def test_import_against_read_csv(size, tmp_path):
    data = synthetic.csv_bytes(size, seed=7)
    path = tmp_path / f"assemblees-{size}.csv"
    path.write_bytes(data)
    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db)
    ref = duckdb.connect(str(tmp_path / "reference.duckdb"))
    read, apply, duck = [], [], []
    try:
        with synthetic.size_limit_lifted(len(data)):
            first = read_upload("assemblies", path.name, path.read_bytes(), {})
            first_apply = timed(lambda: store.apply_upload(con, first, by="bench"))
            _settle()
            for _ in range(REPEAT[size]):
                holder = {}
                read.append(timed(lambda: holder.setdefault("u", read_upload("assemblies", path.name,  # noqa: B023 (run at once)
                                                                           path.read_bytes(), {}))))
                upload = holder["u"]
                assert upload.ok and upload.rows == size, upload.report()[:3]
                apply.append(timed(lambda: store.apply_upload(con, upload, by="bench")))  # noqa: B023 (run at once)
                _settle()
                duck.append(timed(lambda: ref.execute(f"CREATE OR REPLACE TABLE t AS FROM read_csv('{path}')")))
        assert store.key_figures(con)["assemblies"] == size
        preview = None
        if size in PREVIEW_SIZES:  # what the coordinator waits for between the upload and "Confirmer"
            preview = timed(lambda: coordination.upload_diff(con, upload, "fr"))
        assert ref.execute("SELECT count(*) FROM t").fetchone()[0] == size
    finally:
        con.close()
        ref.close()
    ratio = (median(read) + median(apply)) / median(duck)
    ROWS[size] = {"mb": len(data) / 1e6, "read": median(read), "apply": median(apply), "duck": median(duck),
                  "ratio": ratio, "first_apply": first_apply, "preview": preview}
    print(f"import {size}: {ROWS[size]}")
