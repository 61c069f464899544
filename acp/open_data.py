"""The published data as open data: the API's parameters checked strictly, its records, its payloads, the licence.

Pure (no web framework, no Streamlit): acp.web.api serves what these functions build. Only published data is
read here: the assemblies, the survey, the sessions (the tables the public pages show); never the proposals,
the participants' rows, the history's names or anything of the coordination area.

The filter is the pages' own: `filters.from_query` on the same query string gives the same Filter, hence the same
rows as /assemblees for that URL. The API is stricter than the pages about what it accepts (`check_query`): where
a page drops an unknown key or value and shows its default view, the API answers 400 with what is wrong, so a
typing mistake in a script never passes silently for "every assembly".
"""
from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from . import filters, i18n, maps, palette
from .messages import M_, Message, render
from .schema import ASSEMBLIES, NOT_RECORDED

ROOT = Path(__file__).resolve().parent.parent
SECRETS = ROOT / ".streamlit" / "secrets.toml"
LICENCE_ENV, LICENCE_URL_ENV = "ACP_DATA_LICENCE", "ACP_DATA_LICENCE_URL"
LICENCE_SECRET, LICENCE_URL_SECRET = "data_licence", "data_licence_url"

FILTER_KEYS = ("q", "from", "to", "criteria", *filters.FACET_NAMES)
REPEATABLE = frozenset(filters.FACET_NAMES)          # a facet takes several codes: country=FR&country=BE
PAGE_KEYS = ("lang", "color", "tiles")                # the pages' own, accepted so that a page's URL works as is
FIELDS_KEY = "fields"                                 # the assemblies' endpoints: which fields to give
MAX_QUERY = 4000                                      # characters of the whole query string
MAX_VALUE = 200                                       # characters of one value (q: filters.SEARCH_MAX)
FIELDS = tuple(c.name for c in ASSEMBLIES.columns)


class QueryError(ValueError):
    """A parameter the API refuses: `code` (stable, for programs), `parameter`, and a `message` (a Message, put
    into words in the reader's language)."""

    def __init__(self, code: str, parameter: str | None, message: Message):
        super().__init__(message)
        self.code, self.parameter, self.message = code, parameter, message

    def as_json(self, lang: str = i18n.DEFAULT_LANG) -> dict:
        return {"error": self.code, "parameter": self.parameter, "message": render(self.message, lang)}


@dataclass(frozen=True)
class Query:
    """A checked query string: the pages' Filter, the language, and the other keys' single values."""
    filter: filters.Filter
    lang: str
    options: dict[str, str]
    fields: tuple[str, ...] | None = None


def _printable(key: str, value: str) -> None:
    for text, parameter in ((key, None), (value, key)):
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
            raise QueryError("control_character", parameter,
                             M_("Caractère de contrôle ou invisible dans un paramètre."))


def check_query(items: Iterable[tuple[str, str]], extra: Mapping[str, tuple[str, ...] | None] = None,
                raw_length: int = 0, filtered: bool = True) -> Query:
    """The query string's (key, value) pairs, checked, as a Query; QueryError for the first thing refused.

    Accepted: the filter keys (repeatable for a facet, a comma list too, as the pages write them), `lang`, and
    `extra` (key -> allowed values, None for any value up to MAX_VALUE characters). Refused: an unknown key, a
    single-valued key given twice, a code or a year the pages would drop, a text longer than the search box
    takes, a control character anywhere. `filtered` False: the filter keys are unknown too (a dataset that the
    filters do not apply to)."""
    extra = dict(extra or {})
    allowed = {*(FILTER_KEYS if filtered else ()), "lang", *extra}
    if raw_length > MAX_QUERY:
        raise QueryError("query_too_long", None, M_("Requête trop longue (au plus {n} caractères).", n=MAX_QUERY))
    seen: dict[str, list[str]] = {}
    for key, value in items:
        _printable(key, value)
        if key not in allowed:
            raise QueryError("unknown_parameter", key[:MAX_VALUE], M_("Paramètre inconnu ; paramètres acceptés : "
                             "{names}.", names=", ".join(sorted(allowed))))
        if key in seen and key not in REPEATABLE:
            raise QueryError("repeated_parameter", key, M_("Ce paramètre ne prend qu'une valeur."))
        limit = filters.SEARCH_MAX if key == "q" else MAX_VALUE
        if len(value) > limit:
            raise QueryError("value_too_long", key, M_("Valeur trop longue (au plus {n} caractères).", n=limit))
        seen.setdefault(key, []).append(value)
    for facet in filters.FACETS:
        for code in (c.strip() for v in seen.get(facet.name, []) for c in v.split(",") if c.strip()):
            if not filters.from_query({facet.name: [code]}).selected(facet.name):
                raise QueryError("invalid_value", facet.name, M_("Valeur inconnue : « {value} ».", value=code))
    for key in ("from", "to"):
        value = seen.get(key, [""])[0].strip()
        if value and filters.from_query({key: [value]}) == filters.Filter():
            raise QueryError("invalid_value", key, M_("Année attendue, entre 1900 et 2100."))
    criteria = seen.get("criteria", [""])[0].strip()
    if criteria and criteria not in filters.CRITERIA_CHOICES:
        raise QueryError("invalid_value", "criteria", M_("Valeur attendue : {values}.",
                                                         values=", ".join(filters.CRITERIA_CHOICES)))
    lang = seen.get("lang", [i18n.DEFAULT_LANG])[0]
    if lang not in i18n.LANGS:
        raise QueryError("invalid_value", "lang", M_("Valeur attendue : {values}.", values=", ".join(i18n.LANGS)))
    options = {}
    for key, choices in extra.items():
        if key in seen:
            value = seen[key][0]
            if choices is not None and value not in choices:
                raise QueryError("invalid_value", key, M_("Valeur attendue : {values}.", values=", ".join(choices)))
            options[key] = value
    fields = None
    if FIELDS_KEY in options:
        fields = tuple(dict.fromkeys(f.strip() for f in options.pop(FIELDS_KEY).split(",") if f.strip()))
        unknown = [f for f in fields if f not in FIELDS]
        if unknown or not fields:
            raise QueryError("invalid_value", FIELDS_KEY, M_("Valeur attendue : {values}.", values=", ".join(FIELDS)))
    return Query(filters.from_query({k: v for k, v in seen.items() if k in FILTER_KEYS}), lang, options, fields)


# -- values ----------------------------------------------------------------------------------------------------

def json_value(value):
    """A stored value as JSON: codes as they are, dates ISO, times HH:MM, no NaN (null instead)."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def records(cursor, sql: str, params: list) -> list[dict]:
    """The rows of a query as dictionaries of JSON values (DuckDB's own Python values: no pandas in between)."""
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description]
    return [{n: json_value(v) for n, v in zip(names, row)} for row in result.fetchall()]


def _columns(fields: tuple[str, ...] | None) -> str:
    return ", ".join(f'"{name}"' for name in (fields or FIELDS))  # names from the schema only


def assemblies(cursor, f: filters.Filter, fields: tuple[str, ...] | None = None) -> list[dict]:
    """The filtered assemblies, every field (or `fields`) with vocabulary codes, in the table page's order
    (filters.select's: name, id)."""
    clause, params = filters.where(f)
    return records(cursor, f"SELECT {_columns(fields)} FROM assemblies WHERE {clause} ORDER BY name, id", params)


def assembly(cursor, assembly_id: str) -> dict | None:
    rows = records(cursor, f"SELECT {_columns(None)} FROM assemblies WHERE id = ?", [assembly_id])
    return rows[0] if rows else None


def total(cursor) -> int:
    return int(cursor.execute("SELECT count(*) FROM assemblies").fetchone()[0])


def geojson(rows: list[dict], fiche_url) -> dict:
    """A FeatureCollection of the located rows: a Point each, the other fields and the fiche's address as
    properties."""
    features = []
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        if lat is None or lon is None:
            continue
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        properties["fiche"] = fiche_url(row["id"])
        features.append({"type": "Feature", "id": row["id"], "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return {"type": "FeatureCollection", "features": features}


def facets(cursor, f: filters.Filter, lang: str) -> dict:
    """Each facet's counts under the other filters, as the sidebar shows them (filters.all_facet_counts)."""
    out = {}
    for name, counts in filters.all_facet_counts(cursor, f).items():
        column = ASSEMBLIES.column(name)
        out[name] = [{"value": v, "label": i18n.value_label(column, v, lang), "count": int(n),
                      "selected": v in f.selected(name)} for v, n in zip(counts["value"], counts["n"])]
    return out


ORDER = {"sessions": "date NULLS LAST, start, id", "editions": "assembly, start NULLS LAST, id", "survey_waves": "date NULLS LAST, wave",
         "survey_themes": "wave, position", "survey_counts": "wave, theme_id, priority",
         "survey_other": "wave, position"}  # the published tables, in the pages' order (store.read_table's)


def table(cursor, name: str) -> list[dict]:
    """A published table whole (`name` is the caller's constant, never user text), in the order the pages read it,
    as JSON records."""
    return records(cursor, f"SELECT * FROM {name} ORDER BY {ORDER.get(name, 'ALL')}", [])


def survey(cursor) -> list[dict]:
    """Every wave of the survey: its themes with their counts per priority (1 to 5) and the other proposals."""
    waves = table(cursor, "survey_waves")
    themes, counts, others = (table(cursor, t) for t in ("survey_themes", "survey_counts", "survey_other"))
    out = []
    for wave in waves:
        per_theme: dict[str, dict[str, int]] = {}
        for c in counts:
            if c["wave"] == wave["wave"]:
                per_theme.setdefault(c["theme_id"], {})[str(c["priority"])] = c["count"]
        out.append({**wave, "themes": [
            {k: v for k, v in t.items() if k != "wave"} | {"counts": per_theme.get(t["theme_id"], {})}
            for t in themes if t["wave"] == wave["wave"]],
            "other_proposals": [o["text"] for o in others if o["wave"] == wave["wave"]]})
    return out


# -- the embedded map's colours ----------------------------------------------------------------------------------

def colours(dimension: str, countries: list[str], lang: str) -> list[dict]:
    """Every value the map may colour by `dimension`: code, label, colour (acp.palette, as on /carte), in the
    legend's order (acp.maps.legend), unknown last."""
    column = ASSEMBLIES.column(dimension)
    codes = list(column.vocab.codes) if column.vocab is not None else sorted(countries)
    return [{"code": code, "label": i18n.value_label(column, code, lang),
             "colour": palette.colour(dimension, code, countries)} for code in [*codes, NOT_RECORDED]]


COLOUR_DIMENSIONS = maps.COLOUR_DIMENSIONS


# -- the licence -------------------------------------------------------------------------------------------------

def licence(environ: Mapping[str, str] | None = None, secrets_file: Path | None = None) -> dict:
    """The data's licence: {"name", "url"}, from the environment (ACP_DATA_LICENCE, ACP_DATA_LICENCE_URL) or
    .streamlit/secrets.toml (data_licence, data_licence_url); name None while it is not set (« à préciser »)."""
    environ = os.environ if environ is None else environ
    secrets: dict = {}
    path = SECRETS if secrets_file is None else secrets_file
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no secrets file, or one that does not parse: the environment alone
        secrets = {}
    name = (environ.get(LICENCE_ENV) or str(secrets.get(LICENCE_SECRET) or "")).strip() or None
    url = (environ.get(LICENCE_URL_ENV) or str(secrets.get(LICENCE_URL_SECRET) or "")).strip() or None
    if url and not url.startswith(("https://", "http://")):
        url = None  # shown as a link: a web address only
    return {"name": name, "url": url}


def licence_text(value: dict, lang: str = i18n.DEFAULT_LANG) -> str:
    return value["name"] or i18n.t("licence_unset", lang)
