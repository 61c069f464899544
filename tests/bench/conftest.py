"""Benchmarks: run with `make bench`; they print their figures and append them to docs/benchmarks.md."""
import datetime as dt
import platform
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

RESULTS = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


@pytest.fixture(scope="session")
def report():
    lines: list[str] = []
    yield lines
    if not lines:
        return
    RESULTS.parent.mkdir(exist_ok=True)
    head = (f"\n## Run of {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({platform.machine()}, Python {platform.python_version()})\n\n")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(head + "\n".join(lines) + "\n")
    print("\n" + head + "\n".join(lines))
