"""Serve pages/ through st.navigation only, from the process's first request on.

Streamlit (1.67) still treats an app whose main script has a `pages/` folder beside it as an old-style
multipage app until some run calls st.navigation: a new process's very first request for /carte
would run pages/carte.py alone, without app.py's sidebar, language and filters. Streamlit's own
guidance is to name such a folder otherwise; the design card fixes `pages/`, and no supported option
turns that mode off (checked in the installed source: st.App, st.navigation, config options). So the
process is switched before any session runs, through the private class attribute that st.navigation
itself sets. tests/test_navigation_mode.py fails the day Streamlit changes it.
"""
from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def use_navigation_only() -> None:
    """What st.navigation does on its first call, done before the first session: no pages/-directory mode."""
    PagesManager.uses_pages_directory = False
