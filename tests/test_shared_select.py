"""acp.ui.data.select is a shared resource (issue 7's benchmark: no pickled copy per call and per session),
so every reader of its frame must leave it as it is."""
import pickle

import pandas as pd

from acp import charts, export, filters, maps, store, tables
from acp.schema import ASSEMBLIES
from acp.ui import data


def test_select_returns_one_shared_frame_per_view(app_env):
    version = data.version()
    first = data.select(version, filters.Filter())
    assert data.select(version, filters.Filter()) is first
    assert data.select(version, filters.Filter(q="paris")) is not first
    assert len(first) == store.key_figures(data.cursor())["assemblies"]


def test_readers_of_the_shared_frame_leave_it_unchanged(seeded):
    frame = filters.select(seeded.cursor(), filters.Filter())
    before = pickle.loads(pickle.dumps(frame))  # a copy of the list cells too, unlike DataFrame.copy()
    countries = sorted(frame["country"].dropna().unique())
    for dimension in maps.COLOUR_DIMENSIONS:
        maps.deck(maps.points(frame, dimension, "fr", countries), False)
    for lang in ("fr", "en"):
        tables.display(frame, lang)
        export.labelled(frame, ASSEMBLIES, lang)
    for dimension in charts.DIMENSIONS:
        charts.year_counts(frame, dimension)
        charts.cross_counts(frame, dimension, "level")
    frame["start_year"].isna().sum()
    pd.testing.assert_frame_equal(frame, before)
