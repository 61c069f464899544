"""Drills: the browser helpers of tests/e2e and the synthetic data of tests/bench are shared."""
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in ("e2e", "bench", "drills"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))
