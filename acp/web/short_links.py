"""Short links of « Partager cette vue »: GET /v/<code> answers a redirect to the full address of the view.

The target is stored relative to the app's root (acp.store.short_links), and the redirect is relative to
/v/ as well ("../carte?…"): it stays right behind a proxy or under a base path. An unknown code gets a
page in French (404)."""
from __future__ import annotations

import html
import logging

import duckdb
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import i18n, share, store
from ..store import process

_log = logging.getLogger(__name__)

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;font-size:1.25rem;line-height:1.5}}
a{{color:#0b57d0}}</style></head>
<body><main><h1>{title}</h1><p>{text}</p><p><a href="../">{home}</a></p></main></body></html>"""


def routes() -> list:
    return [Route(share.PREFIX + "{code}", endpoint, methods=["GET", "HEAD"])]


def _page(status: int, title_key: str, text_key: str) -> HTMLResponse:
    body = PAGE.format(title=html.escape(i18n.t(title_key), quote=False), text=html.escape(i18n.t(text_key), quote=False),
                       home=html.escape(i18n.t("short_link_home"), quote=False))
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def endpoint(request: Request) -> Response:
    """Synchronous, so Starlette runs it in its thread pool: the DuckDB read never blocks the event loop."""
    code = request.path_params["code"]
    try:
        process.ensure()
        cursor = process.cursor()
        try:
            target = store.target_of(cursor, code)
        finally:
            cursor.close()
    except (store.StoreError, duckdb.Error) as exc:  # the details (paths) stay in the server's log
        _log.warning("lien court %s indisponible : %s", code, exc)
        return _page(503, "short_link_unavailable_title", "short_link_unavailable")
    if target is None:
        return _page(404, "short_link_unknown_title", "short_link_unknown")
    return RedirectResponse("../" + target, status_code=302, headers={"Cache-Control": "no-store"})
