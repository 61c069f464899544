"""The read-only API under /api/, served next to the app (serve.py) with no Streamlit session per request.

Every endpoint takes the pages' filter parameters where they apply (acp.open_data.check_query, then the pages' own
filters.from_query: the same rows as /assemblees for the same query string); a parameter it does not know or a
value the pages would drop is a 400 with a JSON error. Responses carry CORS `*`, an ETag made of the data version,
the address asked for and the licence (so `If-None-Match` gives a 304 until the next import), and Cache-Control.
Bodies are kept in a small in-process cache keyed the same way: a public page reloaded by many visitors costs
one query per data version.

Adding a published dataset is one line in DATASETS below (as `"editions.json": ("editions", …)`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from typing import Callable
from urllib.parse import quote, urlencode

import duckdb
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import changes_feed, export, filters, i18n, open_data, store
from ..schema import ASSEMBLIES
from ..store import process

PREFIX = "/api"
MAX_AGE = 60  # seconds a client or a proxy may reuse a response without asking again (then: ETag, 304)
PAGE_OPTIONS = {"color": open_data.COLOUR_DIMENSIONS, "tiles": None}  # the pages' own keys, accepted as on /carte
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Content-Disposition"}
PREFLIGHT = {**CORS, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
             "Access-Control-Allow-Headers": "If-None-Match", "Access-Control-Max-Age": "86400"}
JSON_TYPE = "application/json; charset=utf-8"
CACHE_BYTES = 64 * 1024 * 1024
_log = logging.getLogger(__name__)

# Published datasets: file name -> (the payload's key, what reads it). One line a dataset.
DATASETS: dict[str, tuple[str, Callable]] = {
    "survey.json": ("waves", open_data.survey),
    "sessions.json": ("sessions", lambda cursor: open_data.table(cursor, "sessions")),
    "editions.json": ("editions", lambda cursor: open_data.table(cursor, "editions")),
}


class _Cache:
    """Response bodies by ETag (data version, address asked for, licence) and path: the least recently used out first
    when full."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit, self.size, self.items, self.lock = limit, 0, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key, body: bytes) -> None:
        if len(body) > self.limit // 4:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = body
            self.size += len(body)
            while self.size > self.limit:
                self.size -= len(self.items.popitem(last=False)[1])

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


CACHE = _Cache()


def dumps(payload) -> bytes:
    """JSON by the json module (every string escaped), UTF-8, compact; NaN refused (json_value gives null)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def error(status: int, code: str, message: str, parameter: str | None = None, headers: dict | None = None) -> Response:
    return Response(dumps({"error": code, "parameter": parameter, "message": message}), status_code=status,
                    media_type=JSON_TYPE, headers={**CORS, "Cache-Control": "no-store", **(headers or {})})


def base_url(request: Request) -> str:
    """The app's address as the client reached it, ending with "/" (links to the fiches and the pages)."""
    return str(request.base_url)


def page_url(request: Request, page: str, params: dict | None = None, lang: str = i18n.DEFAULT_LANG) -> str:
    params = dict(params or {})
    if lang != i18n.DEFAULT_LANG:
        params["lang"] = [lang]
    query = urlencode(params, doseq=True)
    return base_url(request) + page + (f"?{query}" if query else "")


def fiche_url(request: Request, lang: str) -> Callable[[str], str]:
    base, tail = base_url(request) + "fiche?id=", "" if lang == i18n.DEFAULT_LANG else f"&lang={lang}"
    return lambda ident: base + quote(str(ident), safe="") + tail


def licence() -> dict:
    return open_data.licence()


def _licence_json(lang: str) -> dict:
    value = licence()
    return {"name": value["name"], "url": value["url"], "text": open_data.licence_text(value, lang)}


def _etag(version: int, request: Request) -> str:
    key = "\n".join([str(version), request.url.path, str(sorted(request.query_params.multi_items())),
                     base_url(request), json.dumps(licence(), sort_keys=True)])
    return f'W/"{version}-{hashlib.sha256(key.encode()).hexdigest()[:20]}"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def serve(request: Request, build: Callable, media_type: str, extra: dict | None = None, filtered: bool = True,
          headers: dict | None = None, max_age: int = MAX_AGE) -> Response:
    """The shared way of every endpoint: preflight, method, parameters (400), 304, cache, body, headers.

    `build(cursor, query, request)` makes the body (bytes) from a cursor of its own on the process's connection.
    Synchronous, so Starlette runs it in its thread pool: the DuckDB read never blocks the event loop."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=PREFLIGHT)
    if request.method not in ("GET", "HEAD"):
        return error(405, "method_not_allowed", i18n.t("api_method"), headers={"Allow": "GET, HEAD, OPTIONS"})
    try:
        request.scope["query_string"].decode("utf-8")
    except UnicodeDecodeError:  # raw bytes that are no UTF-8: Starlette cannot even read the address
        return error(400, "bad_encoding", i18n.t("api_bad_encoding"))
    try:
        query = open_data.check_query(request.query_params.multi_items(), extra, len(request.url.query), filtered)
    except open_data.QueryError as exc:
        lang = request.query_params.get("lang")
        body = exc.as_json(lang if lang in i18n.LANGS else i18n.DEFAULT_LANG)
        return error(400, body["error"], body["message"], body["parameter"])
    try:
        process.ensure()
        cursor = process.cursor()
        try:
            version = store.data_version(cursor)
            etag = _etag(version, request)
            common = {**CORS, "ETag": etag, "Cache-Control": f"public, max-age={max_age}",
                      **(headers or {})}
            if _matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers=common)
            key = (etag, request.url.path)
            body = CACHE.get(key)
            if body is None:
                body = build(cursor, query, request)
                CACHE.put(key, body)
        finally:
            cursor.close()
    except (store.StoreError, duckdb.Error) as exc:  # the details (paths) stay in the server's log
        _log.warning("API indisponible : %s", exc)
        return error(503, "unavailable", i18n.t("api_unavailable"), headers={"Retry-After": "60"})
    return Response(body, media_type=media_type, headers=common)


# -- the endpoints ------------------------------------------------------------------------------------------------

def _envelope(cursor, query, request, **payload) -> dict:
    return {**payload, "total": open_data.total(cursor), "filters": filters.to_query(query.filter),
            "version": store.data_version(cursor), "licence": _licence_json(query.lang),
            "page": page_url(request, "assemblees", filters.to_query(query.filter), query.lang)}


def assemblies_json(request: Request) -> Response:
    def build(cursor, query, request):
        rows = open_data.assemblies(cursor, query.filter, query.fields)
        return dumps(_envelope(cursor, query, request, assemblies=rows, count=len(rows)))
    return serve(request, build, JSON_TYPE, {**PAGE_OPTIONS, open_data.FIELDS_KEY: None})


def assemblies_geojson(request: Request) -> Response:
    def build(cursor, query, request):
        fields = query.fields and tuple(dict.fromkeys(("id", *query.fields, "latitude", "longitude")))
        rows = open_data.assemblies(cursor, query.filter, fields)
        collection = open_data.geojson(rows, fiche_url(request, query.lang))
        return dumps({**collection, **_envelope(cursor, query, request, count=len(rows),
                                                located=len(collection["features"]))})
    return serve(request, build, "application/geo+json; charset=utf-8", {**PAGE_OPTIONS, open_data.FIELDS_KEY: None})


def assemblies_csv(request: Request) -> Response:
    def build(cursor, query, request):  # the table page's download, byte for byte
        return export.to_csv_bytes(export.labelled(filters.select(cursor, query.filter), ASSEMBLIES, query.lang))
    return serve(request, build, "text/csv; charset=utf-8", PAGE_OPTIONS,
                 headers={"Content-Disposition": 'inline; filename="assemblees.csv"'})


def assembly_json(request: Request) -> Response:
    ident = request.path_params["id"]
    if len(ident) > 200 or not ident.isprintable():
        return error(404, "not_found", i18n.t("api_unknown_assembly"), "id")

    def build(cursor, query, request):
        record = open_data.assembly(cursor, ident)
        if record is None:
            return b""
        return dumps({"assembly": {**record, "fiche": fiche_url(request, query.lang)(ident)},
                      "version": store.data_version(cursor), "licence": _licence_json(query.lang)})
    response = serve(request, build, JSON_TYPE, filtered=False)
    if response.status_code == 200 and not response.body:
        return error(404, "not_found", i18n.t("api_unknown_assembly"), "id")
    return response


def facets_json(request: Request) -> Response:
    def build(cursor, query, request):
        return dumps(_envelope(cursor, query, request, facets=open_data.facets(cursor, query.filter, query.lang),
                               count=filters.count(cursor, query.filter)))
    return serve(request, build, JSON_TYPE, PAGE_OPTIONS)


def dataset_json(name: str) -> Callable:
    key, read = DATASETS[name]

    def endpoint(request: Request) -> Response:
        def build(cursor, query, request):
            return dumps({key: read(cursor), "version": store.data_version(cursor),
                          "licence": _licence_json(query.lang)})
        return serve(request, build, JSON_TYPE, filtered=False)
    return endpoint


def changes_atom(request: Request) -> Response:
    def build(cursor, query, request):
        lang = query.lang

        def link(item):
            if item["assembly"]:
                return fiche_url(request, lang)(item["assembly"])
            page = {"assemblies": "assemblees", "sessions": "calendrier"}.get(item["dataset"], "sondage")
            return page_url(request, page, lang=lang)
        return changes_feed.atom(changes_feed.entries(cursor, lang), str(request.url), page_url(request, "", lang=lang),
                                 link, open_data.licence_text(licence(), lang), lang)
    return serve(request, build, "application/atom+xml; charset=utf-8", filtered=False, max_age=300)


def index_json(request: Request) -> Response:
    def build(cursor, query, request):
        base = base_url(request) + PREFIX.lstrip("/") + "/"
        return dumps({"endpoints": [base + name for name in ENDPOINTS], "licence": _licence_json(query.lang),
                      "version": store.data_version(cursor)})
    return serve(request, build, JSON_TYPE, filtered=False)


def not_found(request: Request) -> Response:
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=PREFLIGHT)
    return error(404, "not_found", i18n.t("api_not_found"))


ENDPOINTS: dict[str, Callable] = {
    "assemblies.json": assemblies_json,
    "assemblies.geojson": assemblies_geojson,
    "assemblies.csv": assemblies_csv,
    "facets.json": facets_json,
    **{name: dataset_json(name) for name in DATASETS},
    "changes.atom": changes_atom,
}
METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]  # the others answered in JSON (405)


_served = False  # set by routes(): true in a process started from serve.py


def is_served() -> bool:
    return _served


def routes() -> list:
    """The routes serve.py mounts next to the app (and the mark that the API exists in this process)."""
    global _served
    _served = True
    return [*(Route(f"{PREFIX}/{name}", endpoint, methods=METHODS) for name, endpoint in ENDPOINTS.items()),
            Route(PREFIX + "/assemblies/{id}.json", assembly_json, methods=METHODS),
            Route(PREFIX + "/", index_json, methods=METHODS),
            Route(PREFIX + "/{rest:path}", not_found, methods=METHODS),
            Route(PREFIX, index_json, methods=METHODS)]
