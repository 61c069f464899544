"""What the tests share besides fixtures: the paths. tests/conftest.py imports them from here.

A plain module, imported by name (`from support import EXAMPLES`), as tests/shown.py is: pytest
imports each conftest.py of tests/, tests/e2e/ and tests/drills/ under the one name `conftest`,
so in a whole run `from conftest import ...` in a test module gets tests/e2e/conftest.py.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]        # the repository: app.py, acp/, data/
FIXTURES = ROOT / "tests" / "fixtures"            # files the tests read; nothing outside the repository
EXAMPLES = FIXTURES / "examples"                  # realistic user files, copied from shared/examples


def open_app(page: str | None = None, *, from_home: bool = False, secrets: dict | None = None, **query):
    """The app (app.py) run by Streamlit's AppTest as a visitor opens it, with `query` in the URL.

    `page` is a file of pages/ without .py ("carte"), None for the home page. By default the page's
    is the first run, as when its link is opened in a new tab; `from_home` runs the home page first
    and then switches to `page`, as a click in the menu does. `secrets` are st.secrets. The run must
    raise no exception. Tests that open the app need the `app_env` fixture (a seeded base as ACP_DB,
    empty caches).
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(secrets or {})
    for key, value in query.items():
        at.query_params[key] = value
    if page is None or from_home:
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    if page is not None:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, [e.message for e in at.exception]
    return at


# `python -m acp ARGS…` as a process of its own, forked from one interpreter that has already imported what the
# commands import (pandas, DuckDB, the importer, the country names): the same code path as `python -m acp`
# (runpy runs acp/__main__.py as __main__), its own exit code, stdin, stdout and stderr, but a tenth of a second
# instead of most of a second per run (tests/test_ingest_broken.py checks the two give the same result).
# The server reads one JSON batch of jobs a line and answers with their exit codes, running a few at a time.
_FORKING_CLI = r"""
import json, os, runpy, sys, traceback
import acp.export, acp.ingest.values, acp.store
acp.ingest.values._countries()
BASE_ENV = dict(os.environ)


def run(job):
    code = 1
    try:
        os.environ.clear()
        os.environ.update(job["env"] if job.get("env") is not None else BASE_ENV)
        for fd, path, flags in ((0, job.get("stdin") or os.devnull, os.O_RDONLY),
                                (1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            os.dup2(os.open(path, flags, 0o644), fd)
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.argv = ["-m", *job["argv"]]
        runpy.run_module("acp", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


for line in sys.stdin:
    jobs = json.loads(line)
    codes, running = [None] * len(jobs), {}
    for i, job in enumerate(jobs):
        if len(running) >= 2 * (os.cpu_count() or 1):
            pid, status = os.wait()
            codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
        pid = os.fork()
        if pid == 0:
            run(job)
        running[pid] = i
    while running:
        pid, status = os.wait()
        codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    print(json.dumps(codes), flush=True)
"""
_SERVERS: dict = {}  # the server's start environment -> its process (import-time settings come from it)


def run_cli(argvs: list[list[str]], env: dict | None = None, envs: list[dict | None] | None = None,
            inputs: list[str | None] | None = None, server_env: dict | None = None):
    """Each argv run as `python -m acp …` in the repository, forked (see above): a list of
    subprocess.CompletedProcess (text). `envs` (or `env` for all) is each run's environment; `server_env`
    the environment the commands are imported in (ACP_MAX_UPLOAD_MB is read at import)."""
    import atexit
    import json
    import shutil
    import subprocess
    import sys
    import tempfile

    base = dict(server_env if server_env is not None else os.environ)
    for per_run in ("ACP_DB", "PYTEST_CURRENT_TEST"):  # each run's own (pytest changes the second every test)
        base.pop(per_run, None)
    key = tuple(sorted(base.items()))
    server = _SERVERS.get(key)
    if server is None or server.poll() is not None:
        server = subprocess.Popen([sys.executable, "-c", _FORKING_CLI], cwd=ROOT, env=base, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        _SERVERS[key] = server
        atexit.register(server.kill)
    folder = Path(tempfile.mkdtemp(prefix="acp-cli-"))
    jobs = []
    for i, argv in enumerate(argvs):
        job = {"argv": [str(a) for a in argv], "env": (envs[i] if envs else env),
               "stdout": str(folder / f"{i}.out"), "stderr": str(folder / f"{i}.err")}
        if inputs and inputs[i] is not None:
            (folder / f"{i}.in").write_text(inputs[i], encoding="utf-8")
            job["stdin"] = str(folder / f"{i}.in")
        jobs.append(job)
    server.stdin.write(json.dumps(jobs) + "\n")
    server.stdin.flush()
    answer = server.stdout.readline()
    assert answer, "the forking command-line server stopped"
    try:
        return [subprocess.CompletedProcess(job["argv"], code, Path(job["stdout"]).read_text(encoding="utf-8"),
                                            Path(job["stderr"]).read_text(encoding="utf-8"))
                for code, job in zip(json.loads(answer), jobs)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SAMPLE_EDITIONS = FIXTURES / "editions_sample.csv"  # 16 editions of 8 seeded assemblies, after the research notes
_INSERT_EDITIONS = """
INSERT INTO editions (id, assembly, label, start, "end", topics, topics_from, members, recommendations, response,
                      response_date, adopted, implemented, follow_up, report, sources, notes)
SELECT id, assembly, label, start, "end", topics, string_split(topics_from, '|'), members::INTEGER,
       recommendations::INTEGER, response, response_date, adopted::INTEGER, implemented::INTEGER, follow_up, report,
       string_split(sources, '|'), notes
FROM read_csv(?, delim = ';', header = true, all_varchar = true)"""


def use_editions(db, csv: Path | None = SAMPLE_EDITIONS) -> None:
    """The editions of the base `db` replaced by a CSV fixture's rows (inserted with SQL, not through an importer),
    or none at all when `csv` is None. Whatever the embedded data holds, the tests then know every edition."""
    from acp import store

    con = store.connect(db)
    try:
        con.execute("DELETE FROM editions")
        if csv is not None:
            con.execute(_INSERT_EDITIONS, [str(csv)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
