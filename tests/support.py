"""What the tests share besides fixtures: the paths. tests/conftest.py imports them from here.

A plain module, imported by name (`from support import EXAMPLES`), as tests/shown.py is: pytest
imports each conftest.py of tests/, tests/e2e/ and tests/drills/ under the one name `conftest`,
so in a whole run `from conftest import ...` in a test module gets tests/e2e/conftest.py.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]        # the repository: app.py, acp/, data/
FIXTURES = ROOT / "tests" / "fixtures"            # files the tests read; nothing outside the repository
EXAMPLES = FIXTURES / "examples"                  # realistic user files, copied from shared/examples
