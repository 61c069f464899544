"""What `make run` serves: the Streamlit app (app.py) and, next to it, the plain web routes (the calendar feed
/calendrier.ics, the short links /v/<code>, the open-data API /api/…, the embeddable map /embed/carte), which need no
Streamlit session.

`streamlit run serve.py` finds the st.App below and serves it. This module runs once, before the first session:
it switches Streamlit to st.navigation's mode for good (acp.ui.navigation_mode), so that a new process's first
request for /carte goes through app.py like every other. (`streamlit run app.py` serves the app without the
feed and without that switch: there a new process's first request must be for the home page.)"""
import streamlit as st

from acp.ui import navigation_mode
from acp.web import api, calendar_feed, embed, short_links

navigation_mode.use_navigation_only()
app = st.App("app.py", routes=[*calendar_feed.routes(), *short_links.routes(), *api.routes(), *embed.routes()])
