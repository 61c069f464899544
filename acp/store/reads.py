"""Reading the stored data: tables, history, the data version, the figures the pages show."""
from __future__ import annotations

import pandas as pd

from .. import export
from ..schema import DATASETS, fold
from .connection import TABLE_COLUMNS


def fetch(con, sql: str, params=()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def read_table(con, table: str) -> pd.DataFrame:
    if table not in TABLE_COLUMNS:
        raise KeyError(table)
    order = {"assemblies": "name, id", "sessions": "date NULLS LAST, start, id",
             "editions": "assembly, start NULLS LAST, id",
             "survey_waves": "date NULLS LAST, wave", "survey_themes": "wave, position",
             "survey_counts": "wave, theme_id, priority", "survey_other": "wave, position",
             "participant_profiles": "session", "participant_counts": "session, dimension, code"}[table]
    return fetch(con, f"SELECT * FROM {table} ORDER BY {order}")


def dataset_frame(con, dataset: str, lang: str = "fr") -> pd.DataFrame:
    """The whole dataset in the canonical format the importer reads (acp.export), as stored now."""
    return export.dataset_frame({table: read_table(con, table) for table in DATASETS[dataset].tables}, dataset, lang)


def history(con) -> pd.DataFrame:
    return fetch(con, "SELECT * FROM imports ORDER BY id DESC")


def data_version(con) -> int:
    """The newest import's number: a cache key that changes with every write."""
    return int(fetch(con, "SELECT coalesce(max(id), 0) AS v FROM imports")["v"].iloc[0])


def ingest_context(con) -> dict:
    """What the importer needs to know of the stored data (survey theme codes, sessions, waves; the assemblies'
    ids, and their names borne by one assembly only, that an edition may name; how many editions each assembly
    has, which an assemblies import may not orphan)."""
    themes = fetch(con, "SELECT theme_id, short_label, label FROM survey_themes ORDER BY wave, position")
    waves = fetch(con, "SELECT wave, title, date FROM survey_waves")
    sessions = fetch(con, "SELECT id, date, title, status FROM sessions")
    assemblies = fetch(con, "SELECT id, name FROM assemblies")
    editions = fetch(con, "SELECT assembly, count(*) AS n FROM editions GROUP BY assembly ORDER BY assembly")
    names: dict[str, str | None] = {}
    for r in assemblies.itertuples():
        if r.name:
            key = fold(r.name)
            names[key] = None if key in names else r.id
    return {"assembly_ids": set(assemblies["id"]),
            "assembly_names": {k: v for k, v in names.items() if v is not None},
            "edition_counts": {r.assembly: int(r.n) for r in editions.itertuples()},
            "theme_ids": set(themes["theme_id"]),
            "sessions": {r.id: {"date": None if pd.isna(r.date) else pd.Timestamp(r.date).date(), "title": r.title,
                                "status": None if pd.isna(r.status) else r.status} for r in sessions.itertuples()},
            "known_themes": {fold(r.label): (r.theme_id, r.short_label) for r in themes.itertuples()},
            "waves": {r.wave: {"title": r.title, "date": None if pd.isna(r.date) else pd.Timestamp(r.date).date()}
                      for r in waves.itertuples()}}


def key_figures(con) -> dict:
    row = fetch(con, """
        SELECT count(*) AS assemblies, count(DISTINCT country) AS countries,
               count(*) FILTER (WHERE status = 'active') AS active,
               count(*) FILTER (WHERE start_year >= 2019) AS since_2019
        FROM assemblies""").iloc[0]
    return {k: int(v) for k, v in row.items()}


def last_import(con) -> dict | None:
    frame = fetch(con, "SELECT * FROM imports ORDER BY id DESC LIMIT 1")
    return None if frame.empty else frame.iloc[0].to_dict()
