"""Concurrency drill: browser sessions browse the map, the table and the typology while a
coordinator imports new assemblies several times in a row through the coordination page.

Every session is a page of its own (its own Streamlit session) in one headless Chromium, driven
by Playwright's async API so that all of them act at the same time. A viewer alternates page
switches (the sidebar's navigation) and filter changes (the sidebar's search box) and, after each
run, reads what it shows. Each imported file has its own size, so a count tells which dataset a
page shows:

- no session ever shows an exception (`stException`) or an error alert (`st.error`);
- every count line ("N assemblées sur M", on the page and in the sidebar) has a total M that is the
  size of one complete dataset, and N <= M (N == M with no filter);
- the page's and the sidebar's count lines of one run show the same dataset (both read the data
  version the run started with);
- a session never goes back to an older dataset once it has shown a newer one;
- after the last import, one more run of every session shows the newest dataset.

No fixed sleep: every wait is on the app's run state, the URL and the texts shown.
Used by tests/drills/test_concurrency_drill.py (short) and tests/bench/test_bench_drill.py (long).
"""
from __future__ import annotations

import asyncio
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import synthetic
from e2e_support import CHROMIUM, CHROMIUM_ARGS, Server

PASSWORD = "mot-de-passe-exercice"
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
# No request leaves the machine (the map's internet tiles are refused at once, not left to time out).
ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PAGES = {"carte": "Carte des assemblées", "assemblees": "Les assemblées", "typologie": "Typologie des assemblées"}
SEARCHES = ("Lyon", "", "Graz", "")  # synthetic city names; "" clears the search
COUNT_LINE = re.compile(r"^(\d[\d\s\u202f\u00a0]*) assemblées? sur (\d[\d\s\u202f\u00a0]*)$")
CONFIRM = "Confirmer l'import et remplacer les données (assemblées)"
TIMEOUT_MS = 240_000  # the long form loads 2 cores with 21 pages: a run can take a minute

# What a page shows after a run, read in one go.
_READ = """() => {
  const counts = sel => [...document.querySelectorAll(sel + ' strong')].map(e => e.textContent.trim())
                          .filter(t => /assemblées? sur/.test(t));
  return {main: counts('[data-testid=stMain]'), side: counts('[data-testid=stSidebar]'),
          exceptions: [...document.querySelectorAll('[data-testid=stException]')].map(e => e.innerText.slice(0, 300)),
          errors: [...document.querySelectorAll('[data-testid=stAlertContentError]')].map(e => e.innerText.slice(0, 300)),
          path: location.pathname, q: new URLSearchParams(location.search).get('q') || ''};
}"""
_SETTLED_PAGE = """([path, title, idle]) => location.pathname.endsWith('/' + path)
  && [...document.querySelectorAll('[data-testid=stMain] h1')].some(h => h.textContent.trim().startsWith(title))
  && document.querySelector(idle) !== null"""
_LEFT_FOR = """([path, idle]) => location.pathname.endsWith('/' + path) || document.querySelector(idle) === null"""
LOST_CLICK_MS = 60_000
_SETTLED_SEARCH = """([q, idle]) => (new URLSearchParams(location.search).get('q') || '') === q
  && document.querySelector(idle) !== null"""
_STATE = """() => ({url: location.href, state: document.querySelector('[data-testid=stApp]')?.dataset.testScriptState,
  h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim()),
  alerts: [...document.querySelectorAll('[data-testid=stAlertContainer], [data-testid=stException]')]
            .map(e => e.innerText.slice(0, 200))})"""


def _int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@dataclass
class ImportFile:
    name: str
    data: bytes
    rows: int


def import_files(count: int, base_rows: int = 200, step: int = 10) -> list[ImportFile]:
    """`count` synthetic files of distinct names and sizes (210, 220… rows), each from its own seed."""
    files = []
    for k in range(1, count + 1):
        rows = base_rows + step * k
        files.append(ImportFile(f"exercice-{k:02d}-{rows}.csv", synthetic.csv_bytes(rows, seed=100 + k), rows))
    return files


@dataclass
class Observation:
    session: int
    at: float             # seconds since the drill started
    action: str
    path: str
    q: str
    main: list[str]
    side: list[str]
    exceptions: list[str]
    errors: list[str]


@dataclass
class DrillResult:
    sessions: int
    imports: int
    totals: list[int]                                   # dataset sizes in import order (seed first)
    seconds: float = 0.0
    observations: list[Observation] = field(default_factory=list)
    action_seconds: list[float] = field(default_factory=list)
    actions_during_imports: int = 0
    import_seconds: list[float] = field(default_factory=list)
    imports_done_at: float = 0.0
    rss_peak_kib: int = 0
    rss_end_kib: int = 0
    server_cpu_seconds: float = 0.0
    clicks_redone: int = 0  # menu clicks after which the app stayed idle on the old page for a minute

    def problems(self) -> list[str]:
        """Every breach of the drill's rules, in words (empty when the drill passed)."""
        out = []
        rank = {total: i for i, total in enumerate(self.totals)}
        seen: dict[int, int] = {}
        last: dict[int, Observation] = {}
        for o in self.observations:
            where = f"session {o.session} at {o.at:.1f} s after {o.action} on {o.path}?q={o.q}"
            if o.exceptions or o.errors:
                out.append(f"{where}: error shown {o.exceptions or o.errors}")
            if len(o.main) != 1 or len(o.side) != 1:
                out.append(f"{where}: expected one count line on the page and one in the sidebar, got {o.main} {o.side}")
                continue
            ranks = []
            for text in (o.main[0], o.side[0]):
                m = COUNT_LINE.match(text)
                if not m:
                    out.append(f"{where}: unreadable count line {text!r}")
                    continue
                shown, total = _int(m.group(1)), _int(m.group(2))
                if total not in rank:
                    out.append(f"{where}: total {total} is no complete dataset's size {self.totals}")
                    continue
                if shown > total or (not o.q and shown != total):
                    out.append(f"{where}: {text!r} is inconsistent (search {o.q!r})")
                ranks.append(rank[total])
            if len(ranks) == 2:
                if ranks[0] != ranks[1]:
                    out.append(f"{where}: the page shows dataset {ranks[0]}, the sidebar dataset {ranks[1]}")
                if min(ranks) < seen.get(o.session, 0):
                    out.append(f"{where}: went back to dataset {min(ranks)} after showing dataset {seen[o.session]}")
                seen[o.session] = max(seen.get(o.session, 0), *ranks)
            last[o.session] = o
        newest = self.totals[-1]
        for session in range(self.sessions):
            o = last.get(session)
            if o is None or o.at < self.imports_done_at:
                out.append(f"session {session}: no run after the last import")
            elif any(not COUNT_LINE.match(t) or _int(COUNT_LINE.match(t).group(2)) != newest for t in o.main + o.side):
                out.append(f"session {session}: ends on {o.main} {o.side}, not on the newest dataset ({newest})")
        return out

    def summary(self) -> dict:
        acts = sorted(self.action_seconds)
        return {
            "sessions": self.sessions, "imports": self.imports, "seconds": round(self.seconds, 1),
            "observations": len(self.observations), "actions_during_imports": self.actions_during_imports,
            "action_median_ms": round(statistics.median(acts) * 1000) if acts else None,
            "action_p95_ms": round(acts[int(0.95 * (len(acts) - 1))] * 1000) if acts else None,
            "action_max_ms": round(acts[-1] * 1000) if acts else None,
            "import_median_s": round(statistics.median(self.import_seconds), 2) if self.import_seconds else None,
            "import_max_s": round(max(self.import_seconds), 2) if self.import_seconds else None,
            "rss_peak_mib": round(self.rss_peak_kib / 1024), "rss_end_mib": round(self.rss_end_kib / 1024),
            "server_cpu_s": round(self.server_cpu_seconds, 1), "clicks_redone": self.clicks_redone,
            "datasets_seen": len({COUNT_LINE.match(o.main[0]).group(2) for o in self.observations
                                  if o.main and COUNT_LINE.match(o.main[0])}),
        }


def rss_kib(pid: int) -> int:
    """Resident memory of a process (VmRSS of /proc/PID/status), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Drill:
    def __init__(self, url: str, sessions: int, files: list[ImportFile], base_total: int, pid: int | None,
                 max_actions: int, per_import: int | None):
        self.url, self.sessions, self.files, self.pid, self.max_actions = url, sessions, files, pid, max_actions
        self.per_import = per_import
        self.result = DrillResult(sessions, len(files), [base_total, *(f.rows for f in files)])
        self.imports_done = asyncio.Event()
        self.imported = asyncio.Condition()
        self.imports_completed = 0
        self.started = time.monotonic()

    def _now(self) -> float:
        return time.monotonic() - self.started

    def _sample_rss(self) -> None:
        if self.pid:
            self.result.rss_peak_kib = max(self.result.rss_peak_kib, rss_kib(self.pid))

    async def _observe(self, page, session: int, action: str) -> None:
        seen = await page.evaluate(_READ)
        self.result.observations.append(Observation(session, self._now(), action, seen["path"], seen["q"],
                                                     seen["main"], seen["side"], seen["exceptions"], seen["errors"]))
        self._sample_rss()

    async def _settled(self, page, predicate: str, arg: list, what: str) -> None:
        """Wait until `predicate` holds; on a timeout, say what the page showed."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            await page.wait_for_function(predicate, arg=arg, timeout=TIMEOUT_MS, polling=100)
        except PlaywrightTimeout:
            state = await page.evaluate(_STATE)
            raise AssertionError(f"{what}: not settled after {TIMEOUT_MS / 1000:.0f} s at {self._now():.0f} s "
                                 f"into the drill; the page shows {state}") from None

    async def _open(self, page, path: str) -> None:
        await page.goto(f"{self.url}/{path}")
        await self._settled(page, _SETTLED_PAGE, [path, PAGES[path], APP_IDLE], f"open /{path}")

    async def _switch(self, page, path: str) -> None:
        """Click the page's link in the sidebar menu, as a user would: once more when, a minute later, the app
        is idle and still on the old page (the click was lost; counted in `clicks_redone`, at most twice)."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        link = page.get_by_test_id("stSidebarNav").locator(f'a[href$="/{path}"]')
        for attempt in range(3):
            # A click event rather than a pointer click: with 20 pages on 2 cores a renderer can take long
            # to paint two identical frames, which Playwright's click waits for ("stable").
            await link.dispatch_event("click")
            if attempt == 2:
                break
            try:
                await page.wait_for_function(_LEFT_FOR, arg=[path, APP_IDLE], timeout=LOST_CLICK_MS, polling=250)
                break
            except PlaywrightTimeout:
                self.result.clicks_redone += 1
        await self._settled(page, _SETTLED_PAGE, [path, PAGES[path], APP_IDLE], f"switch to /{path}")

    async def _search(self, page, q: str) -> None:
        box = page.get_by_test_id("stSidebar").get_by_label("Rechercher", exact=True)
        await box.fill(q)
        await box.press("Enter")
        await self._settled(page, _SETTLED_SEARCH, [q, APP_IDLE], f"search {q!r}")

    async def viewer(self, context, session: int) -> None:
        page = await context.new_page()
        order = list(PAGES)[session % 3:] + list(PAGES)[:session % 3]
        await self._open(page, order[0])
        await self._observe(page, session, "open")
        here, q, step = 0, "", 0

        async def act(step: int) -> str:
            nonlocal here, q
            if step % 2 == 0:
                here = (here + 1) % len(order)
                await self._switch(page, order[here])
                return f"switch to {order[here]}"
            q = next(s for s in SEARCHES[step // 2 % len(SEARCHES):] + SEARCHES if s != q)
            await self._search(page, q)
            return f"search {q!r}"

        seen_imports, since_import = 0, 0
        while not self.imports_done.is_set() and step < self.max_actions:
            if self.per_import is not None and since_import >= self.per_import:
                # Paced: no more than `per_import` actions between two imports (no fixed sleep: the next
                # import's completion, or the end, wakes the session up).
                async with self.imported:
                    await self.imported.wait_for(lambda: self.imports_completed != seen_imports  # noqa: B023 (awaited here)
                                                 or self.imports_done.is_set())
                seen_imports, since_import = self.imports_completed, 0
                continue
            since_import += 1
            start = time.monotonic()
            action = await act(step)
            self.result.action_seconds.append(time.monotonic() - start)
            if not self.imports_done.is_set():
                self.result.actions_during_imports += 1
            await self._observe(page, session, action)
            step += 1
        await self.imports_done.wait()
        action = await act(step)  # one more run, started after the last import
        await self._observe(page, session, "final " + action)

    async def coordinator(self, context) -> None:
        page = await context.new_page()
        try:
            await page.goto(self.url + "/coordination")
            await page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
            await page.get_by_label("Votre nom", exact=True).fill("Exercice")
            await page.get_by_label("Mot de passe de coordination", exact=True).fill(PASSWORD)
            await page.get_by_role("button", name="Se connecter").click()
            await page.get_by_text("Connecté·e : Exercice").wait_for(timeout=TIMEOUT_MS)
            for f in self.files:
                await page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
                start = time.monotonic()
                await page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
                    files=[{"name": f.name, "mimeType": "text/csv", "buffer": f.data}])
                confirm = page.get_by_role("button", name=CONFIRM)
                await confirm.wait_for(timeout=TIMEOUT_MS)
                await page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
                await confirm.click()
                done = re.compile(rf"enregistré : {f.rows} ligne\(s\) de « {re.escape(f.name)} »")
                await page.get_by_text(done).wait_for(timeout=TIMEOUT_MS)
                self.result.import_seconds.append(time.monotonic() - start)
                self._sample_rss()
                async with self.imported:
                    self.imports_completed += 1
                    self.imported.notify_all()
        finally:
            self.result.imports_done_at = self._now()
            self.imports_done.set()
            async with self.imported:
                self.imported.notify_all()

    async def run(self) -> DrillResult:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                contexts = [await browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
                            for _ in range(self.sessions + 1)]
                for context in contexts:
                    context.set_default_timeout(TIMEOUT_MS)
                cpu_before = cpu_seconds(self.pid) if self.pid else 0.0
                self.started = time.monotonic()
                tasks = [self.viewer(contexts[i], i) for i in range(self.sessions)]
                await asyncio.gather(self.coordinator(contexts[-1]), *tasks)
            finally:
                await browser.close()
        self.result.seconds = self._now()
        if self.pid:
            self.result.rss_end_kib = rss_kib(self.pid)
            self.result.server_cpu_seconds = cpu_seconds(self.pid) - cpu_before
        return self.result


def run(url: str, sessions: int, files: list[ImportFile], base_total: int, pid: int | None = None,
        max_actions: int = 200, per_import: int | None = None) -> DrillResult:
    """Run the drill against a server already started with ACP_COORDINATOR_PASSWORD=PASSWORD.

    `per_import`: at most that many actions per session between two imports (None: as many as fit).
    In a thread of its own: Playwright's async API needs an event loop no other test holds."""
    drill = _Drill(url, sessions, files, base_total, pid, max_actions, per_import)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, drill.run()).result()


def start_server(db: Path) -> Server:
    return Server(db, env={"ACP_COORDINATOR_PASSWORD": PASSWORD})


def run_on_seeded_base(folder: Path, sessions: int, imports: int, **options) -> tuple[DrillResult, list[ImportFile]]:
    """The whole drill: a base built from the embedded data in `folder`, a server on it, `imports` files imported
    while `sessions` browse (`options` go to `run`), the server stopped. Returns the result and the files."""
    from acp import store

    db = folder / "acp.duckdb"
    store.build_if_missing(db)
    con = store.connect(db)
    try:
        # the synthetic files replace every assembly: the embedded editions would make each import refused
        con.execute("DELETE FROM editions")
        base = store.key_figures(con)["assemblies"]
    finally:
        con.close()
    files = import_files(imports)
    server = start_server(db)
    try:
        return run(server.url, sessions, files, base, pid=server.process.pid, **options), files
    finally:
        server.stop()
