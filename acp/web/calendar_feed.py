"""The subscribable calendar: GET /calendrier.ics, served next to the app (serve.py) for calendar clients.

A calendar application polls this URL and, thanks to the stable UIDs and the data version as SEQUENCE,
updates the group's sessions instead of duplicating them. `?lang=en` gives the English texts."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import duckdb
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .. import agenda, i18n, store
from ..store import process

FILE_NAME = "calendrier-gep-acp.ics"
PATH = "/calendrier.ics"
_log = logging.getLogger(__name__)
_served = False  # set by routes(): true in a process started from serve.py


def routes() -> list:
    """The routes serve.py mounts next to the app (and the mark that the feed exists in this process)."""
    global _served
    _served = True
    return [Route(PATH, endpoint, methods=["GET", "HEAD"])]


def is_served() -> bool:
    return _served


def url(page_url: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """The feed's address, from the address of the page being shown (same host, same base path)."""
    parts = urlsplit(page_url)
    base = parts.path.rsplit("/", 1)[0]  # drop the page's own path segment (…/calendrier)
    query = "" if lang == i18n.DEFAULT_LANG else f"lang={lang}"
    return urlunsplit((parts.scheme, parts.netloc, base + PATH, query, ""))


def feed(cursor, lang: str = i18n.DEFAULT_LANG) -> bytes:
    """The whole calendar as stored now, with the data version as SEQUENCE (as the page's download)."""
    sessions = agenda.sessions_from_frame(store.read_table(cursor, "sessions"))
    themes = agenda.theme_labels(store.read_table(cursor, "survey_themes"))
    return agenda.calendar_ics(sessions, themes, lang, sequence=store.data_version(cursor))


def endpoint(request: Request) -> Response:
    """Synchronous, so Starlette runs it in its thread pool: the DuckDB read never blocks the event loop."""
    lang = request.query_params.get("lang", i18n.DEFAULT_LANG)
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    try:
        process.ensure()
        cursor = process.cursor()
        try:
            body = feed(cursor, lang)
        finally:
            cursor.close()
    except (store.StoreError, duckdb.Error) as exc:  # the details (paths) stay in the server's log
        _log.warning("calendrier.ics indisponible : %s", exc)
        return PlainTextResponse(i18n.t("feed_unavailable", lang), status_code=503, headers={"Retry-After": "60"})
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'inline; filename="{FILE_NAME}"',
        "Cache-Control": "max-age=300",
    })
