"""What `make run` serves: the Streamlit app (app.py) and, next to it, the calendar feed /calendrier.ics.

`streamlit run serve.py` finds the st.App below and serves it; `streamlit run app.py` still works, without
the feed (the calendar page then does not offer the subscription)."""
import streamlit as st

from acp import calendar_feed

app = st.App("app.py", routes=calendar_feed.routes())
