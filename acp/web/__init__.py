"""Plain web routes served next to the app by serve.py (Starlette), with no Streamlit session per request."""
