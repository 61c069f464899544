"""serve.py plus one static folder (ACP_BENCH_STATIC) at /bench-static/: the reference of the API's latency
benchmark, a file served by the same server (tests/bench/test_bench_open_data.py)."""
import os
from pathlib import Path

import streamlit as st
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from acp.ui import navigation_mode
from acp.web import api, calendar_feed, embed

ROOT = Path(__file__).resolve().parents[2]
navigation_mode.use_navigation_only()
app = st.App(str(ROOT / "app.py"), routes=[
    *calendar_feed.routes(), *api.routes(), *embed.routes(),
    Mount("/bench-static", app=StaticFiles(directory=os.environ["ACP_BENCH_STATIC"]), name="bench-static")])
