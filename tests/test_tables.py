"""acp.tables.display: the table page's frame, each distinct code labelled once (issue 7's benchmark)."""
import numpy as np
import pandas as pd

from acp import filters, tables
from acp.schema import ASSEMBLIES


def _cell_by_cell(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The reference: every cell labelled on its own, as the page did before."""
    out = {ASSEMBLIES.column(n).label(lang): [tables._label(ASSEMBLIES.column(n), v, lang) for v in frame[n]]
           for n in tables.SHOWN}
    shown = pd.DataFrame(out)
    for name in ("start_year", "members"):
        shown[ASSEMBLIES.column(name).label(lang)] = pd.array(frame[name], dtype="Int64")
    return shown


def test_display_equals_cell_by_cell_labels(seeded):
    frame = filters.select(seeded.cursor(), filters.Filter())
    doubled = pd.concat([frame, frame], ignore_index=True)  # every code repeated
    for lang in ("fr", "en"):
        pd.testing.assert_frame_equal(tables.display(doubled, lang), _cell_by_cell(doubled, lang))


def test_display_labels_repeated_codes_lists_and_missing_values():
    frame = pd.DataFrame({name: [None, None, None] for name in ASSEMBLIES.names})
    frame["name"] = ["A", "B", "C"]
    frame["level"] = ["municipal", "municipal", None]
    frame["country"] = ["FR", "FR", "BE"]
    frame["functions"] = [np.array(["citizen_watch", "policy_evaluation"]), np.array(["citizen_watch", "policy_evaluation"]),
                          np.array([], dtype=object)]
    frame["start_year"] = [2020, None, 2021]
    shown = tables.display(frame, "fr")
    label = lambda name: ASSEMBLIES.column(name).label("fr")  # noqa: E731
    assert list(shown[label("country")]) == ["France", "France", "Belgique"]
    assert shown[label("level")].iloc[0] == shown[label("level")].iloc[1] == "Commune"
    assert pd.isna(shown[label("level")].iloc[2])
    assert shown[label("functions")].iloc[0] == shown[label("functions")].iloc[1]
    assert len(shown[label("functions")].iloc[0]) == 2 and shown[label("functions")].iloc[2] is None
    assert shown[label("start_year")].isna().tolist() == [False, True, False]
