"""Benchmarks: run with `make bench`; they print their figures and append them to docs/benchmarks.md.

`report` collects the run's figures: free lines (`report.append`) and numbered sections
(`report.section`), written in their order under a heading naming the machine and the date.
`synthetic_db(n, dest)` copies a database of n synthetic assemblies, built once per run and size.
"""
import datetime as dt
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
for folder in ("e2e", "drills", "image", "bench"):  # bench first: its own helpers win
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))

RESULTS = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
INTRO = """# Benchmarks

Written by `make bench` (`tests/bench/`): each run appends a section with the machine and the date.
Every figure is a ratio to a reference measured in the same run (DuckDB's own `read_csv`, a rerun
without change, a bare one-widget Streamlit page), so runs on different machines can be compared;
absolute times are given next to them. Data: synthetic assemblies (`tests/bench/synthetic.py`).
"""


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
    return (f"{platform.node()}: {os.cpu_count()} cores ({model}), {mem_kib / 1024 ** 2:.0f} GiB, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


class Report(list):
    """Free lines, plus sections written in the order of their number."""

    def __init__(self):
        super().__init__()
        self.sections: dict[tuple[int, str], list[str]] = {}

    def section(self, order: int, title: str, lines: list[str]) -> None:
        self.sections[(order, title)] = lines

    def markdown(self) -> str:
        parts = []
        for (_, title), lines in sorted(self.sections.items()):
            parts.append(f"### {title}\n\n" + "\n".join(lines))
        if len(self):
            parts.append("### Other figures\n\n" + "\n".join(self))
        return "\n\n".join(parts)


@pytest.fixture(scope="session")
def report():
    lines = Report()
    started, load = time.monotonic(), os.getloadavg()
    yield lines
    if not lines and not lines.sections:
        return
    RESULTS.parent.mkdir(exist_ok=True)
    minutes = (time.monotonic() - started) / 60
    head = (f"\n## Run of {dt.datetime.now():%Y-%m-%d %H:%M}\n\n"
            f"Machine: {machine()}. Load average at the start: {load[0]:.1f}; whole run: {minutes:.1f} min.\n\n")
    text = head + lines.markdown() + "\n"
    if not RESULTS.exists():
        RESULTS.write_text(INTRO, encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(text)
    print("\n" + text)


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory):
    """copy(n, dest): a private copy of a database with n synthetic assemblies (each server or AppTest holds its own file)."""
    import synthetic

    built: dict[int, Path] = {}

    def copy(n: int, dest: Path) -> Path:
        if n not in built:
            path = tmp_path_factory.mktemp(f"synthetic-{n}") / "acp.duckdb"
            synthetic.build_db(path, n)
            built[n] = path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built[n], dest)
        return dest

    return copy

