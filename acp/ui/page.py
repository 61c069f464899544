"""What every page shares: its language, links that keep it, choices kept in the URL, the count line."""
from __future__ import annotations

import streamlit as st

from .. import filters, i18n
from ..i18n import DEFAULT_LANG, LANGS
from . import data

COUNT_KEY = "acp-count"  # the page's count line (CSS class st-key-acp-count)
MAX_PICK_LIST = 300  # beyond this, a list of assemblies to pick from is too long to send or read

PROJECTOR_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 3.5rem; padding-bottom: 2rem;}
h1 {font-size: 2.1rem !important; padding-top: 0 !important;}
</style>"""


def lang() -> str:
    value = st.query_params.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def link_params(lang: str, **params) -> dict | None:
    """A page link's query parameters, with the language when it is not French: a link opened in a
    new tab or shared keeps the language on screen."""
    params = {**params, **({"lang": lang} if lang != DEFAULT_LANG else {})}
    return params or None


def url_choice(param: str, options, label: str, format_func, horizontal: bool = False, default=None,
               container=None, dropdown: bool = False):
    """A choice kept in the URL as its code (so a language switch keeps it), absent from the URL
    when it is the default (the first option unless given): radio buttons, or a dropdown."""
    wanted = st.query_params.get(param)
    options = list(options)
    default = options[0] if default is None else default
    index = options.index(wanted if wanted in options else default)
    key = f"url-{param}-{lang()}"  # a widget keeps its label as its value: a new one per language

    def remember():
        value = st.session_state[key]
        if value == default:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = value

    where = container if container is not None else st
    if dropdown:
        return where.selectbox(label, options, index=index, format_func=format_func, key=key, on_change=remember)
    return where.radio(label, options, index=index, format_func=format_func, key=key, on_change=remember,
                       horizontal=horizontal)


def url_flag(param: str, default: bool) -> bool:
    value = st.query_params.get(param)
    return default if value is None else value not in ("0", "false", "non")


def count_line(version: int, f: filters.Filter, lang: str, main: bool = True) -> None:
    """'N assemblées sur M': under the page's title (`main`: in a keyed container, which presentation mode
    enlarges), and again at the foot of the sidebar's filters."""
    shown, total = data.count(version, f), data.count(version, filters.Filter())
    (st.container(key=COUNT_KEY) if main else st).markdown(f"**{i18n.count_of(shown, total, lang)}**")
