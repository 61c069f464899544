"""One Filter value <-> URL query parameters <-> parameterised SQL, and facet counts.

The filter is a pure function of the URL (as in Datasette): a copied link gives the same
Filter, hence the same SQL and the same view. User text only ever travels as a bound
parameter; the SQL text is built from the fixed names below.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

import pandas as pd

from .criteria import ALL_MET_SQL, NONE_FAILED_SQL
from .schema import ASSEMBLIES, Vocabulary, fold
from .schema import NOT_RECORDED as NONE

SEARCH_TEXT = ("name", "city", "region", "description", "commissioner")
SEARCH_MAX = 100
_FOLD_SQL = "replace(replace(lower(strip_accents({x})), 'œ', 'oe'), 'æ', 'ae')"


BOOL_CODES = ("yes", "no")  # a yes/no facet's codes (with NONE: not recorded)


@dataclass(frozen=True)
class Facet:
    name: str          # the assemblies column, also the URL parameter
    multi: bool        # a list column: an assembly counts once for each of its values

    @property
    def column(self):
        return ASSEMBLIES.column(self.name)

    @property
    def is_bool(self) -> bool:
        """A yes/no column: its codes are BOOL_CODES (and NONE), its value in SQL `_BOOL_CODE`."""
        return self.column.kind == "bool"

    @property
    def vocab(self) -> Vocabulary | None:
        return self.column.vocab


FACETS = tuple(Facet(n, ASSEMBLIES.column(n).is_list) for n in (
    "country", "level", "initiated_by", "topics_from", "functions", "selection", "specialisation", "status",
    "duty_to_respond"))
FACET_NAMES = tuple(f.name for f in FACETS)
CRITERIA_CHOICES = ("all_met", "none_failed")


@dataclass(frozen=True)
class Filter:
    q: str = ""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)   # facet -> selected codes
    year_min: int | None = None
    year_max: int | None = None
    criteria: str | None = None

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.values.get(facet, ())

    def with_values(self, facet: str, codes) -> "Filter":
        values = dict(self.values)
        codes = tuple(dict.fromkeys(codes))
        if codes:
            values[facet] = codes
        else:
            values.pop(facet, None)
        return replace(self, values=values)

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    def __hash__(self):
        return hash((self.q, tuple(sorted(self.values.items())), self.year_min, self.year_max, self.criteria))


def _valid_code(facet: Facet, code: str) -> bool:
    if code == NONE:
        return True
    if facet.is_bool:
        return code in BOOL_CODES
    if facet.vocab is not None:
        return code in facet.vocab.codes
    return facet.name == "country" and len(code) == 2 and code.isalpha() and code.isupper()


def _year(text: str | None) -> int | None:
    try:
        year = int(str(text))
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def from_query(params: Mapping[str, object]) -> Filter:
    """Query parameters (str or list of str per key) -> Filter; unknown values are dropped."""
    def all_of(key: str) -> list[str]:
        value = params.get(key, [])
        items = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in items for v in str(v).split(",") if str(v).strip()]

    values = {}
    for facet in FACETS:
        codes = tuple(dict.fromkeys(c.strip() for c in all_of(facet.name) if _valid_code(facet, c.strip())))
        if codes:
            values[facet.name] = codes
    q = " ".join(all_of("q"))[:SEARCH_MAX].strip()
    criteria = next((c for c in all_of("criteria") if c in CRITERIA_CHOICES), None)
    year_min, year_max = _year(next(iter(all_of("from")), None)), _year(next(iter(all_of("to")), None))
    if year_min is not None and year_max is not None and year_min > year_max:
        year_min, year_max = year_max, year_min
    return Filter(q, values, year_min, year_max, criteria)


def to_query(f: Filter) -> dict[str, list[str]]:
    """Filter -> query parameters; empty parts are left out, so the default view has a bare URL."""
    out: dict[str, list[str]] = {}
    if f.q:
        out["q"] = [f.q]
    for facet in FACETS:
        if f.selected(facet.name):
            out[facet.name] = list(f.selected(facet.name))
    if f.year_min is not None:
        out["from"] = [str(f.year_min)]
    if f.year_max is not None:
        out["to"] = [str(f.year_max)]
    if f.criteria:
        out["criteria"] = [f.criteria]
    return out


def search_key(text: str) -> str:
    """The folded form the SQL side compares with (accents, case and œ/æ ignored)."""
    return fold(text)


def _facet_condition(facet: Facet, codes: tuple[str, ...]) -> tuple[str, list]:
    known = [c for c in codes if c != NONE]
    wants_none = NONE in codes
    col = f'"{facet.name}"'
    parts, params = [], []
    if facet.is_bool:  # the column's value as a code ('yes', 'no', NONE), compared with the codes chosen
        return f"list_contains(?, {_bool_code(col)})", [list(codes)]
    if known:
        parts.append(f"list_has_any({col}, ?)" if facet.multi else f"list_contains(?, {col})")
        params.append(known)
    if wants_none:
        parts.append(f"({col} IS NULL OR len({col}) = 0)" if facet.multi else f"{col} IS NULL")
    return "(" + " OR ".join(parts) + ")", params


def _bool_code(col: str) -> str:
    """A yes/no column's value as its facet code: 'yes', 'no' or NONE (not recorded)."""
    return f"CASE WHEN {col} THEN 'yes' WHEN NOT {col} THEN 'no' ELSE '{NONE}' END"


def where(f: Filter, skip: str | None = None) -> tuple[str, list]:
    """A WHERE clause (without the keyword) and its parameters; `skip` leaves one facet out."""
    parts: list[str] = []
    params: list = []
    key = search_key(f.q)
    if key:
        haystack = " || ' ' || ".join(f"coalesce({c}, '')" for c in SEARCH_TEXT)
        for word in key.split():
            parts.append(f"contains({_FOLD_SQL.format(x=haystack)}, ?)")
            params.append(word)
    for facet in FACETS:
        if facet.name != skip and f.selected(facet.name):
            sql, p = _facet_condition(facet, f.selected(facet.name))
            parts.append(sql)
            params.extend(p)
    if skip != "years":
        if f.year_min is not None:
            parts.append("start_year >= ?")
            params.append(f.year_min)
        if f.year_max is not None:
            parts.append("start_year <= ?")
            params.append(f.year_max)
    if f.criteria == "all_met":
        parts.append(f"({ALL_MET_SQL})")
    elif f.criteria == "none_failed":
        parts.append(f"({NONE_FAILED_SQL})")
    return (" AND ".join(parts) or "true"), params


def _query(con, sql: str, params: list) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


def _rows(con, sql: str, params: list) -> list[tuple]:
    cur = con.cursor()
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def select(con, f: Filter, columns: str = "*") -> pd.DataFrame:
    clause, params = where(f)
    return _query(con, f"SELECT {columns} FROM assemblies WHERE {clause} ORDER BY name, id", params)


def count(con, f: Filter) -> int:
    clause, params = where(f)
    return int(_rows(con, f"SELECT count(*) FROM assemblies WHERE {clause}", params)[0][0])


def _facet_sql(f: Filter, facet: Facet) -> tuple[str, list]:
    """The query of one facet's counts: value, n (under every active filter but this facet's own)."""
    clause, params = where(f, skip=facet.name)
    col = f'"{facet.name}"'
    if facet.is_bool:
        return f"SELECT {_bool_code(col)} AS value, count(*) AS n FROM assemblies WHERE {clause} GROUP BY ALL", params
    if facet.multi:
        return (f"SELECT coalesce(v, '{NONE}') AS value, count(*) AS n FROM "
                f"(SELECT unnest(CASE WHEN len(coalesce({col}, [])) = 0 THEN [NULL] ELSE {col} END) AS v "
                f"FROM assemblies WHERE {clause}) GROUP BY ALL"), params
    return f"SELECT coalesce({col}, '{NONE}') AS value, count(*) AS n FROM assemblies WHERE {clause} GROUP BY ALL", params


def _ordered(rows: list[tuple[str, int]], f: Filter, facet: Facet) -> pd.DataFrame:
    """Rows (value, n) as a frame in display order: the vocabulary's order, or most frequent first. Plain
    Python: for a few dozen rows, pandas' sort and concat cost more than the query."""
    have = {value for value, _ in rows}
    rows = rows + [(c, 0) for c in f.selected(facet.name) if c not in have]
    if facet.vocab is not None or facet.is_bool:
        order = {c: i for i, c in enumerate(facet.vocab.codes if facet.vocab is not None else BOOL_CODES)}
        rows.sort(key=lambda r: order.get(r[0], len(order)))
    else:
        rows.sort(key=lambda r: (-r[1], r[0]))
    return pd.DataFrame({"value": [r[0] for r in rows], "n": [int(r[1]) for r in rows]})


def facet_counts(con, f: Filter, facet: Facet) -> pd.DataFrame:
    """Per value of `facet`: how many assemblies match the other active filters with that value.

    Returns columns value (the code, or NONE for unknown) and n, most frequent first; values
    selected in `f` are kept even at 0, so a selection never disappears from its list.
    """
    return _ordered(_rows(con, *_facet_sql(f, facet)), f, facet)


def all_facet_counts(con, f: Filter) -> dict[str, pd.DataFrame]:
    """Every facet's counts (as `facet_counts`) in one query: DuckDB runs the parts side by side, and a
    filter change costs one round trip instead of one per facet."""
    parts, params = [], []
    for i, facet in enumerate(FACETS):
        sql, p = _facet_sql(f, facet)
        parts.append(f"SELECT {i} AS facet, value, n FROM ({sql})")
        params.extend(p)
    by_facet: list[list[tuple[str, int]]] = [[] for _ in FACETS]
    for i, value, n in _rows(con, " UNION ALL ".join(parts), params):
        by_facet[i].append((value, n))
    return {facet.name: _ordered(rows, f, facet) for facet, rows in zip(FACETS, by_facet)}


def year_bounds(con) -> tuple[int, int] | None:
    row = _query(con, "SELECT min(start_year) AS lo, max(start_year) AS hi FROM assemblies", [])
    lo, hi = row["lo"].iloc[0], row["hi"].iloc[0]
    if pd.isna(lo):
        return None
    return int(lo), int(hi)


def parts(f: Filter) -> list[tuple[str, str | None]]:
    """The Filter's active parts, one a chip in presentation mode: ("q", None), (facet, code) per selected
    value, ("years", None), ("criteria", None); `without` removes one."""
    out: list[tuple[str, str | None]] = [("q", None)] if f.q else []
    out += [(facet.name, code) for facet in FACETS for code in f.selected(facet.name)]
    if f.year_min is not None or f.year_max is not None:
        out.append(("years", None))
    if f.criteria:
        out.append(("criteria", None))
    return out


def without(f: Filter, part: str, code: str | None = None) -> Filter:
    """The Filter less one of its `parts`."""
    if part == "q":
        return replace(f, q="")
    if part == "years":
        return replace(f, year_min=None, year_max=None)
    if part == "criteria":
        return replace(f, criteria=None)
    return f.with_values(part, [c for c in f.selected(part) if c != code])


def absent_values(f: Filter, present: Mapping[str, set]) -> tuple[Filter, list[tuple[str, str]]]:
    """The Filter less the facet values that no stored assembly has (`present`: facet -> codes in the data), and
    those values: a shared link whose value has since left the data still opens, without it."""
    dropped = [(name, code) for name, codes in f.values.items() for code in codes
               if code not in present.get(name, set())]
    for name, code in dropped:
        f = without(f, name, code)
    return f, dropped


def invalid_values(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """The facet values of query parameters that `from_query` drops (not a code of the facet's vocabulary)."""
    out = []
    for facet in FACETS:
        value = params.get(facet.name, [])
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            for code in str(item).split(","):
                if code.strip() and not _valid_code(facet, code.strip()):
                    out.append((facet.name, code.strip()))
    return out


def present_values(con) -> dict[str, set]:
    """Per facet, the codes at least one stored assembly has (NONE for an empty value): what `absent_values`
    checks a shared link against. One query."""
    parts = []
    for i, facet in enumerate(FACETS):
        col = f'"{facet.name}"'
        value = (f"unnest(CASE WHEN len(coalesce({col}, [])) = 0 THEN [NULL] ELSE {col} END)" if facet.multi
                 else _bool_code(col) if facet.is_bool else col)
        parts.append(f"SELECT DISTINCT {i} AS facet, coalesce(v, '{NONE}') AS value FROM "
                     f"(SELECT {value} AS v FROM assemblies)")
    out: dict[str, set] = {facet.name: set() for facet in FACETS}
    for i, value in _rows(con, " UNION ALL ".join(parts), []):
        out[FACETS[i].name].add(value)
    return out
