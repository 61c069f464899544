"""Small helpers shared by the benchmarks: sizes, timing, Markdown tables."""
from __future__ import annotations

import statistics
import time

SIZES = (1_000, 10_000, 100_000)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median(values) -> float:
    return statistics.median(values)


def n(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 else str(size)


def growth(values: list[float]) -> str:
    """How a figure grows from the first size to the last, e.g. 'x 12.3'."""
    return f"× {values[-1] / values[0]:.1f}" if len(values) > 1 and values[0] else "—"


def md_table(headers: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    return out + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
