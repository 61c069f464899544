"""serve.py plus one static folder (ACP_BENCH_STATIC) at /bench-static/ (Starlette's StaticFiles), and the same
folder's files read whole at each request at /bench-bytes/NAME (a plain Response, as the API's): the references of
the API's latency benchmark, files served by the same server (tests/bench/test_bench_open_data.py)."""
import os
from pathlib import Path

import streamlit as st
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from acp.ui import navigation_mode
from acp.web import api, calendar_feed, embed

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(os.environ["ACP_BENCH_STATIC"])


def whole_file(request):
    name = Path(request.path_params["name"]).name
    return Response((STATIC / name).read_bytes(), media_type="application/json")


navigation_mode.use_navigation_only()
app = st.App(str(ROOT / "app.py"), routes=[
    *calendar_feed.routes(), *api.routes(), *embed.routes(),
    Route("/bench-bytes/{name}", whole_file),
    Mount("/bench-static", app=StaticFiles(directory=STATIC), name="bench-static")])
