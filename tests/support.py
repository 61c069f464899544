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
