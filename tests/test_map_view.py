"""The map's first view fits the filtered points (deck.gl's Web Mercator, 512 px world at zoom 0)."""
import math

import pandas as pd
import pytest

from acp import maps

WIDTH, HEIGHT = 780, maps.MAP_HEIGHT  # the map's narrowest width at 1280 px, and its height


def pixels(view, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) falls, in pixels from the view's centre."""
    scale = 512 * 2 ** view.zoom
    def merc(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
    dx = (lon - view.longitude) / 360 * scale
    dy = (merc(view.latitude) - merc(lat)) / (2 * math.pi) * scale
    return dx, dy


def fits(view, points) -> bool:
    return all(abs(dx) <= WIDTH / 2 and abs(dy) <= HEIGHT / 2 for dx, dy in (pixels(view, *p) for p in points))


REGIONAL = [(47.25, 9.9), (50.63, 6.03), (50.85, 4.35), (50.47, 4.87), (43.26, -2.93)]  # level=regional in the seed
EUROPE = [(64.1, -21.9), (35.9, 14.5), (55.7, 12.6), (38.7, -9.1), (52.2, 21.0)]
PARIS_AREA = [(48.857, 2.352), (48.86, 2.30)]


@pytest.mark.parametrize("points", [REGIONAL, EUROPE], ids=["regional", "europe"])
def test_the_view_fits_every_point_without_wasting_the_map(points):
    view = maps.view(pd.DataFrame(points, columns=["lat", "lon"]), WIDTH, HEIGHT)
    assert fits(view, points)
    closer = type(view)(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom + 1)
    assert not fits(closer, points)  # one level closer, some point would leave the map


def test_points_of_one_city_show_the_city_around_them():
    view = maps.view(pd.DataFrame(PARIS_AREA, columns=["lat", "lon"]), WIDTH, HEIGHT)
    assert fits(view, PARIS_AREA)
    assert 8 <= view.zoom <= 9
