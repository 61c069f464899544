"""pydeck builders for the assembly map: offline country outlines, coloured points, escaped tooltips.

The outlines come from data/ (Natural Earth), so the map reads without internet; internet
tiles, when asked for and reachable, are drawn underneath by the base map provider.
"""
from __future__ import annotations

import html
import json
import math
import weakref
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from . import i18n, palette
from .schema import ASSEMBLIES, NOT_RECORDED, is_missing

OUTLINES = Path(__file__).resolve().parent.parent / "data" / "europe-countries-50m.geojson"
COLOUR_DIMENSIONS = ("level", "specialisation", "status", "country", "initiated_by", "selection")
LAYER_ID = "assemblies"
# The markup is ours; Streamlit's deck.gl tooltip escapes every {field} it substitutes (checked
# by tests/e2e/test_escaping_browser.py), so values from data are never read as HTML.
TOOLTIP = "<b>{name}</b><br/>{place}<br/>{detail}"
LAYER_FIELDS = ["id", "lon", "lat", "colour", "name", "place", "detail"]  # what the browser needs
MAP_HEIGHT = 480
WORLD_PX = 512  # deck.gl's Web Mercator: the whole world is 512 pixels wide at zoom 0


TOLERANCE = 0.04  # degrees (about 4 km): invisible at the zooms of a European map
MIN_ISLAND = 0.2  # degrees: smaller islands are left out, but never a country's largest part


def _simplify(points: list, tolerance: float = TOLERANCE) -> list:
    """Douglas-Peucker, iterative: keep the points that matter for the drawn shape."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if (dx or dy) else math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    ring = [[round(p[0], 3), round(p[1], 3)] for p, k in zip(points, keep) if k]
    return ring if len(ring) >= 4 else points


def _extent(polygon: list) -> float:
    xs = [p[0] for p in polygon[0]]
    ys = [p[1] for p in polygon[0]]
    return max(max(xs) - min(xs), max(ys) - min(ys))


@lru_cache(maxsize=1)
def outlines() -> dict:
    """The country outlines from data/, simplified once per process to keep each rerun light."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        largest = max(polygons, key=_extent)
        polygons = [[_simplify(ring) for ring in poly] for poly in polygons
                    if poly is largest or _extent(poly) >= MIN_ISLAND]
        geometry["coordinates"] = polygons[0] if geometry["type"] == "Polygon" else polygons
    return data


_SERIALISED: "weakref.WeakKeyDictionary[CompactDeck, str]" = weakref.WeakKeyDictionary()


class CompactDeck(pdk.Deck):
    """A Deck serialised once and without indentation (pydeck indents, tripling what each rerun sends).

    A built deck is never modified, so a cached one is serialised only the first time it is shown.
    """

    def to_json(self):
        if self not in _SERIALISED:
            _SERIALISED[self] = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                                             ensure_ascii=False)
        return _SERIALISED[self]


def base_layer() -> pdk.Layer:
    return pdk.Layer("GeoJsonLayer", id="countries", data=outlines(), stroked=True, filled=True,
                     get_fill_color=[236, 240, 244, 110], get_line_color=[120, 130, 140, 255],
                     line_width_min_pixels=1, pickable=False)



def points(frame: pd.DataFrame, dimension: str, lang: str, countries: list[str]) -> pd.DataFrame:
    """One row per located assembly: position, colour and the tooltip's fields (plain text)."""
    located = frame.dropna(subset=["latitude", "longitude"])
    column, level_column = ASSEMBLIES.column(dimension), ASSEMBLIES.column("level")
    created = i18n.t("created_in", lang)

    def labels(values, label_of):
        """Each distinct value's label computed once (thousands of rows share a handful of values)."""
        known = {}
        return [known[v] if v in known else known.setdefault(v, label_of(v)) for v in values]

    values = [NOT_RECORDED if is_missing(v) else v for v in located[dimension]]
    level_labels = labels((None if is_missing(v) else v for v in located["level"]),
                          lambda v: i18n.value_label(level_column, v, lang))
    country_names = labels(located["country"], lambda c: i18n.country_name(c, lang))
    years = ["—" if is_missing(y) else str(int(y)) for y in located["start_year"]]
    return pd.DataFrame({
        "id": located["id"].to_numpy(),
        "lon": located["longitude"].astype(float).round(4).to_numpy(),
        "lat": located["latitude"].astype(float).round(4).to_numpy(),
        "colour": labels(values, lambda v: palette.rgb(palette.colour(dimension, v, countries))),
        "name": located["name"].astype(str).to_numpy(),
        "place": [f"{c}, {n}" if not is_missing(c) and c else n for c, n in zip(located["city"], country_names)],
        "detail": [f"{created} {y} · {lv}" for y, lv in zip(years, level_labels)],
        "value": labels(values, lambda v: i18n.value_label(column, v, lang)),
    })


def view(frame: pd.DataFrame, width_px: int = 780, height_px: int = MAP_HEIGHT) -> pdk.ViewState:
    """The view that fits every point (Europe when there is none)."""
    if frame.empty:
        return pdk.ViewState(latitude=50.0, longitude=8.0, zoom=3.2)
    lat_lo, lat_hi = frame["lat"].min(), frame["lat"].max()
    lon_lo, lon_hi = frame["lon"].min(), frame["lon"].max()

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_hi - lon_lo, 0.5) * 1.4
    lat_span = max(abs(merc(lat_hi) - merc(lat_lo)), 0.01) * 1.4
    zoom_x = math.log2(width_px * 360 / (WORLD_PX * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (WORLD_PX * lat_span))
    zoom = max(1.5, min(zoom_x, zoom_y, 9.0))
    centre_lat = math.degrees(2 * math.atan(math.exp((merc(lat_lo) + merc(lat_hi)) / 2)) - math.pi / 2)
    return pdk.ViewState(latitude=centre_lat, longitude=(lon_lo + lon_hi) / 2, zoom=zoom)


def deck(pts: pd.DataFrame, online_tiles: bool = True) -> CompactDeck:
    layer = pdk.Layer("ScatterplotLayer", id=LAYER_ID, data=pts[LAYER_FIELDS].to_dict("records"),
                      get_position=["lon", "lat"],
                      get_fill_color="colour", get_line_color=[255, 255, 255], stroked=True,
                      line_width_min_pixels=1 if len(pts) < 500 else 0,
                      radius_min_pixels=6 if len(pts) < 500 else 2.5, radius_max_pixels=14, get_radius=6000,
                      pickable=True, auto_highlight=True)
    return CompactDeck(
        layers=[base_layer(), layer], initial_view_state=view(pts),
        map_provider="carto" if online_tiles else None,
        map_style=pdk.map_styles.CARTO_LIGHT_NO_LABELS if online_tiles else None,
        tooltip={"html": TOOLTIP, "style": {"backgroundColor": "#1a1a1a", "color": "white", "fontSize": "15px"}},
    )


def legend(pts: pd.DataFrame, dimension: str, countries: list[str], lang: str) -> list[tuple[str, str, int]]:
    """(label, colour, count) for each value shown on the map, in a stable order."""
    if pts.empty:
        return []
    column = ASSEMBLIES.column(dimension)
    counts = pts.groupby("value").size()
    entries = []
    codes = column.vocab.codes if column.vocab is not None else sorted(countries)
    for code in [*codes, NOT_RECORDED]:
        label = i18n.value_label(column, code, lang)
        if label in counts.index:
            entries.append((label, palette.colour(dimension, code, countries), int(counts[label])))
    return entries


def legend_html(entries: list[tuple[str, str, int]], title: str) -> str:
    """The legend as HTML chips (labels escaped), readable without hovering the map."""
    chips = "".join(
        f'<span class="acp-chip" role="listitem"><span class="acp-dot" aria-hidden="true" '
        f'style="background:{colour}"></span>{html.escape(label)} ({n})</span>' for label, colour, n in entries)
    return (f'<div class="acp-legend" role="list" aria-label="{html.escape(title)}">{chips}</div>'
            "<style>.acp-legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;font-size:1rem}"
            ".acp-chip{display:inline-flex;align-items:center;gap:.35rem}"
            ".acp-dot{width:.9rem;height:.9rem;border-radius:50%;display:inline-block;border:1px solid #fff;"
            "box-shadow:0 0 0 1px #555}</style>")
