"""The embeddable map: GET /embed/carte, a light page with no Streamlit session, for an iframe on any site.

It takes the pages' filter parameters (and /carte's `color`, `lang`; `tiles=1` for an internet base map, off by
default): the same assemblies as /carte for the same query string, coloured as there (acp.palette). The page is
plain HTML; what it shows is in a <script type="application/json"> (escaped by the json module, `<`, `>` and `&`
as \\u escapes) that static/embed.js reads and draws with the DOM (textContent, never innerHTML) over Leaflet,
vendored in static/leaflet-X.Y.Z/ with its licence. The markers come from /api/assemblies.geojson (only the fields
the map needs), the country outlines from /embed/outlines.geojson (data/, simplified as on /carte): nothing is
fetched from another site unless tiles are asked for. Its Content-Security-Policy allows any site to frame it
(frame-ancestors *) and nothing else: scripts, styles and data from this server only.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import filters, i18n, maps, open_data, palette
from ..schema import NOT_RECORDED
from . import api

PATH = "/embed/carte"
STATIC = Path(__file__).resolve().parent / "static"
LEAFLET = "leaflet-1.9.4"
TILES = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}.png"
TILES_ORIGIN = "https://*.basemaps.cartocdn.com"
TILES_ATTRIBUTION = "© OpenStreetMap contributors © CARTO"
MAP_FIELDS = ("id", "name", "city", "country", "start_year")
EXTRA = {"color": maps.COLOUR_DIMENSIONS, "tiles": None}
WIDTH, HEIGHT = 800, 560  # the iframe code /carte offers


def csp(tiles: bool) -> str:
    images = "'self' data:" + (f" {TILES_ORIGIN}" if tiles else "")
    return ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            f"img-src {images}; frame-ancestors *; base-uri 'none'; form-action 'none'")


def wants_tiles(value: str | None) -> bool:
    """`tiles=1` (or true, oui) asks for the internet base map; absent or anything else: the outlines alone."""
    return (value or "").strip().lower() in ("1", "true", "oui", "yes")


def script_json(payload) -> str:
    """JSON that cannot end its <script> element nor open a comment: <, > and & as \\u escapes."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def embed_url(base: str, f: filters.Filter, dimension: str | None = None, lang: str = i18n.DEFAULT_LANG) -> str:
    """/embed/carte's address for a Filter, from the app's address `base` (ending with "/")."""
    params = filters.to_query(f)
    if dimension and dimension != maps.COLOUR_DIMENSIONS[0]:
        params["color"] = [dimension]
    if lang != i18n.DEFAULT_LANG:
        params["lang"] = [lang]
    query = urlencode(params, doseq=True)
    return base + PATH.lstrip("/") + (f"?{query}" if query else "")


def app_base(page_url: str) -> str:
    """The app's address, ending with "/", from the address of a page being shown (its last segment dropped)."""
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0] + "/", "", ""))


def iframe_code(url: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """The HTML to paste in another site's page (attributes escaped)."""
    title = html.escape(i18n.t("embed_title", lang), quote=True)
    return (f'<iframe src="{html.escape(url, quote=True)}" title="{title}" width="{WIDTH}" height="{HEIGHT}" '
            'style="border:0;max-width:100%" loading="lazy"></iframe>')


def _legend(cursor, f: filters.Filter, dimension: str, colours: list[dict]) -> list[dict]:
    """(label, colour, count) of the located filtered assemblies by value, in /carte's legend order."""
    clause, params = filters.where(f)
    column = f'"{dimension}"'  # one of maps.COLOUR_DIMENSIONS, checked
    counts = dict(cursor.execute(
        f"SELECT coalesce({column}, '{NOT_RECORDED}'), count(*) FROM assemblies WHERE ({clause}) "
        "AND latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY ALL", params).fetchall())
    return [{"label": c["label"], "colour": c["colour"], "count": int(counts[c["code"]])}
            for c in colours if counts.get(c["code"])]


def page(cursor, query: open_data.Query, request: Request) -> bytes:
    lang, f = query.lang, query.filter
    dimension = query.options.get("color", maps.COLOUR_DIMENSIONS[0])
    tiles = wants_tiles(query.options.get("tiles"))
    countries = [r[0] for r in cursor.execute(
        "SELECT DISTINCT country FROM assemblies WHERE country IS NOT NULL ORDER BY 1").fetchall()]
    colours = open_data.colours(dimension, countries, lang)
    shown, total = filters.count(cursor, f), open_data.total(cursor)
    legend = _legend(cursor, f, dimension, colours)
    located = sum(e["count"] for e in legend)
    params = filters.to_query(f)
    fields = ",".join(dict.fromkeys((*MAP_FIELDS, dimension)))
    geojson = "../api/assemblies.geojson?" + urlencode({**params, "fields": [fields],
                                                        **({"lang": [lang]} if lang != i18n.DEFAULT_LANG else {})},
                                                       doseq=True)
    carte = api.page_url(request, "carte", {**params, **({"color": [dimension]} if dimension != "level" else {})},
                         lang)
    config = {
        "lang": lang, "dimension": dimension, "geojson": geojson, "outlines": "outlines.geojson",
        "colours": {c["code"]: c["colour"] for c in colours}, "unknown": palette.UNKNOWN_COLOUR,
        "legend": legend, "countries": {c: i18n.country_name(c, lang) for c in countries},
        "tiles": TILES if tiles else None, "attribution": TILES_ATTRIBUTION if tiles else None,
        "text": {"created": i18n.t("created_in", lang), "open": i18n.t("embed_open_fiche", lang),
                 "legend": i18n.t("legend", lang), "count": i18n.count_of(shown, total, lang),
                 "unlocated": i18n.t("unlocated", lang, count=shown - located, n=shown - located)
                 if shown > located else "",
                 "source": i18n.t("embed_source", lang), "failed": i18n.t("embed_failed", lang),
                 "close": i18n.t("embed_close", lang)},
        "source": carte,
    }
    title = html.escape(i18n.t("embed_title", lang))
    label = html.escape(i18n.t("embed_map_label", lang), quote=True)
    noscript = html.escape(i18n.t("embed_noscript", lang))
    table = html.escape(api.page_url(request, "assemblees", params, lang), quote=True)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{title}</title>
<link rel="stylesheet" href="static/{LEAFLET}/leaflet.css">
<link rel="stylesheet" href="static/embed.css">
</head>
<body>
<div id="map" role="region" aria-label="{label}"></div>
<div id="panel"><p id="count"></p><div id="legend" role="list"></div><p id="foot"></p></div>
<noscript><p>{noscript} <a href="{table}" target="_blank" rel="noopener">{table}</a></p></noscript>
<script type="application/json" id="acp-config">{script_json(config)}</script>
<script src="static/{LEAFLET}/leaflet.js"></script>
<script src="static/embed.js"></script>
</body>
</html>
""".encode("utf-8")


def carte(request: Request) -> Response:
    tiles = wants_tiles(request.query_params.get("tiles"))
    response = api.serve(request, page, "text/html; charset=utf-8", EXTRA, headers={
        "Content-Security-Policy": csp(tiles), "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin"})
    return response


@lru_cache(maxsize=1)
def _outlines() -> bytes:
    return api.dumps(maps.outlines())


def outlines(request: Request) -> Response:
    """The country outlines of data/ (Natural Earth, public domain), simplified once per process as on /carte."""
    if request.method not in ("GET", "HEAD"):
        return api.error(405, "method_not_allowed", i18n.t("api_method"))
    return Response(_outlines(), media_type="application/geo+json", headers={
        **api.CORS, "Cache-Control": "public, max-age=86400"})


class _Static(StaticFiles):
    """The embed's scripts, styles and Leaflet: cached a day by browsers (Leaflet's folder names its version)."""

    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def routes() -> list:
    """The routes serve.py mounts next to the app."""
    return [Route(PATH, carte, methods=api.METHODS),
            Route("/embed/outlines.geojson", outlines, methods=["GET", "HEAD", "POST"]),
            Mount("/embed/static", app=_Static(directory=STATIC), name="embed-static")]

