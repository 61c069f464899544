"""The editions (cycles) of the filtered assemblies, as figures and frames for the page « Éditions et suites » and
the fiche: pure functions, no Streamlit.

The shared Filter (acp.filters, the one of the map, the table and the typology) chooses the assemblies; their
editions follow (`select`). From them:

- `timeline_data`: one row per drawn edition, a bar from its start to its end on one row per assembly.
  Months are stored as "2021-11" or "2021" (acp.schema kind `month`): a month spans the whole month, a year alone
  the whole year. **An edition without an end** is drawn over its start's own period (the month, or the year)
  and marked open (`open`: dashed outline, « fin non renseignée » in its tooltip and its table): the bar never
  claims a length nobody recorded. An edition without a start is not drawn (its end alone says too little); the
  page counts it under the chart, and it stays in every table.
- `topics_table`: the topics treated, edition by edition, with who chose them.
- `follow_up`: the follow-up figures, each with the editions it counts (n) and the unknowns of its base, shown,
  never hidden; an unknown is never taken for 0:
  * public response: editions whose response is known and is not « none_yet », of the editions whose response
    is recorded (n); unknown: response not recorded;
  * median delay to the response, in months from the edition's end to the response's date, over the editions
    with a public response whose two dates are both months (a year alone is too coarse for a delay in months);
    unknown: editions with a public response and a date missing or given as a year only;
  * adopted share: sum of adopted / sum of recommendations over the editions where both are known (and at least
    one recommendation); unknown: the other editions; the same for the implemented share.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import pandas as pd

from . import filters, i18n, percent
from .schema import EDITIONS, NOT_RECORDED, RESPONSE, is_missing

NO_RESPONSE_YET = "none_yet"
# One colour per response, readable by most colour-blind viewers (Okabe-Ito); every bar also has a dark outline
# (contrast on white whatever its fill), a tooltip and its row in the data table: colour is never the only cue.
RESPONSE_COLOURS = {"none_yet": "#E69F00", "written": "#56B4E9", "debate": "#0072B2", "council_vote": "#009E73",
                    "referendum": "#CC79A7", "other": "#8C6D31", NOT_RECORDED: "#8A8A8A"}
# Editions of one assembly that overlap in time go on lines of their own under its row, marked by this invisible
# character repeated (the chart writes the assembly's name on its first line only).
LANE_MARK = "\u2063"
MAX_CHART_ROWS = 40  # assemblies on the page's timeline (alphabetical order); every edition is in the table

_DRAWN = ["id", "assembly", "assembly_name", "row", "lane", "label", "start", "end", "open", "response", "response_label",
          "colour", "dates", "topics", "aria", "row_order", "order"]


# ---------------------------------------------------------------- reading (parameterised SQL)

def _fetch(con, sql: str, params: list) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


_COLUMNS = ", ".join(f'e."{c.name}"' for c in EDITIONS.columns)
_ORDER = "ORDER BY a.name, a.id, e.start NULLS LAST, e.label, e.id"


FIGURE_COLUMNS = ("end", "response", "response_date", "recommendations", "adopted", "implemented")


def _assemblies_sql(f: filters.Filter, first: int | None) -> tuple[str, list]:
    """The assemblies `f` selects; with `first`, only the first ones (by name) that have an edition."""
    clause, params = filters.where(f)
    sql = f"SELECT id, name FROM assemblies WHERE {clause}"
    if first is not None:
        sql = (f"SELECT id, name FROM ({sql}) a WHERE EXISTS (SELECT 1 FROM editions e WHERE e.assembly = a.id) "
               f"ORDER BY name, id LIMIT {int(first)}")
    return sql, params


def select(con, f: filters.Filter, columns: tuple[str, ...] | None = None, limit: int | None = None,
           first_assemblies: int | None = None) -> pd.DataFrame:
    """The editions of the assemblies `f` selects, with their assembly's name, by assembly then start: every
    column, or `columns` (and the id, assembly and name); the first `limit` editions; or those of the first
    `first_assemblies` assemblies (the page's timeline). A large page reads only what it shows."""
    chosen = _COLUMNS if columns is None else ", ".join(f'e."{c}"' for c in ("id", "assembly", *columns))
    assemblies, params = _assemblies_sql(f, first_assemblies)
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    return _fetch(con, f"SELECT {chosen}, a.name AS assembly_name FROM editions e JOIN ({assemblies}) a "
                       f"ON e.assembly = a.id {_ORDER}{tail}", params)


def totals(con, f: filters.Filter) -> tuple[int, int]:
    """(editions, assemblies having one) among the assemblies `f` selects."""
    assemblies, params = _assemblies_sql(f, None)
    row = _fetch(con, f"SELECT count(*) AS n, count(DISTINCT e.assembly) AS a FROM editions e JOIN ({assemblies}) a "
                      "ON e.assembly = a.id", params).iloc[0]
    return int(row["n"]), int(row["a"])


def for_assembly(con, assembly: str) -> pd.DataFrame:
    """One assembly's editions (the fiche), as `select` gives them."""
    return _fetch(con, f"SELECT {_COLUMNS}, a.name AS assembly_name FROM editions e JOIN assemblies a "
                       f"ON e.assembly = a.id WHERE a.id = ? {_ORDER}", [assembly])


def count(con) -> int:
    """Every edition of a recorded assembly (the home page's key figure)."""
    return int(_fetch(con, "SELECT count(*) AS n FROM editions e JOIN assemblies a ON e.assembly = a.id",
                      [])["n"].iloc[0])


# ---------------------------------------------------------------- months

def _text(value) -> str | None:
    return None if is_missing(value) else str(value).strip() or None


@lru_cache(maxsize=4096)
def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """A stored month as the span it covers: its first day and the first day after it ("2021-11": November
    2021; "2021": the whole year); None when unknown or unreadable."""
    if not value:
        return None
    try:
        if len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:])
            return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)
        if len(value) == 4:
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    except ValueError:
        return None
    return None


def months_between(start: str | None, end: str | None) -> int | None:
    """Whole months from `start` to `end` when both are months ("2023-03"); None when either is unknown or a
    year alone."""
    if not (start and end and len(start) == 7 and len(end) == 7 and period(start) and period(end)):
        return None
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:])


@lru_cache(maxsize=4096)
def month_words(value: str | None, lang: str = i18n.DEFAULT_LANG) -> str:
    """'novembre 2021', '2021'; '' when unknown."""
    return i18n.fmt_month(value, lang) if value else ""


def dates_words(start, end, lang: str = i18n.DEFAULT_LANG) -> str:
    """An edition's dates in words: « novembre 2021 – mars 2023 », « mars 2020 – fin non renseignée »."""
    start, end = _text(start), _text(end)
    if start is None and end is None:
        return i18n.t("edition_no_dates", lang)
    first = month_words(start, lang) if start else i18n.t("start_unknown", lang)
    if start and end == start:
        return first
    return i18n.t("time_range", lang, start=first, end=month_words(end, lang) if end else i18n.t("end_unknown", lang))


def response_label(code, lang: str = i18n.DEFAULT_LANG) -> str:
    return i18n.value_label(EDITIONS.column("response"), None if is_missing(code) else code, lang)


def response_colour(code) -> str:
    return RESPONSE_COLOURS.get(NOT_RECORDED if is_missing(code) else code, RESPONSE_COLOURS[NOT_RECORDED])


def legend(lang: str = i18n.DEFAULT_LANG) -> tuple[tuple[str, str], ...]:
    """(label, colour) of every response, then « Non renseigné »: the same legend on every timeline."""
    return tuple((response_label(c, lang), RESPONSE_COLOURS[c]) for c in (*RESPONSE.codes, NOT_RECORDED))


# ---------------------------------------------------------------- the timeline

def timeline_data(frame: pd.DataFrame, lang: str = i18n.DEFAULT_LANG,
                  max_rows: int | None = None) -> tuple[pd.DataFrame, int, int]:
    """(the bars, how many assemblies are left off the chart, how many editions are not drawn for lack of a start).

    One bar per edition with a start: start and end as ISO dates (end excluded), `open` when its end is unknown,
    its response's code, label and colour; `row` is the assembly's line (its name, its id added when two
    assemblies share a name), `lane` the line under it when the edition overlaps an earlier one (`row` then ends
    with LANE_MARK once per lane). With `max_rows`, only the first assemblies (in the frame's order) are drawn."""
    assemblies = list(dict.fromkeys(frame["assembly"])) if len(frame) else []
    left_off = 0
    if max_rows is not None and len(assemblies) > max_rows:
        left_off = len(assemblies) - max_rows
        frame = frame[frame["assembly"].isin(set(assemblies[:max_rows]))]
        assemblies = assemblies[:max_rows]
    names = frame.drop_duplicates("assembly").set_index("assembly")["assembly_name"].to_dict() if len(frame) else {}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1} if len(names) < 500 else set()
    row_of = {a: (f"{names[a]} ({a})" if names[a] in shared else str(names[a])) for a in assemblies}
    rank = {a: i for i, a in enumerate(assemblies)}
    rows, undated = [], 0
    lanes: dict[str, list[dt.date]] = {}  # per assembly, where each of its lines is free from
    for order, e in enumerate(frame.itertuples(index=False)):
        start, end = _text(e.start), _text(e.end)
        first = period(start)
        if first is None:
            undated += 1
            continue
        last = period(end)
        is_open = last is None
        stop = first[1] if is_open else max(last[1], first[1])
        free = lanes.setdefault(e.assembly, [])
        lane = next((i for i, since in enumerate(free) if since <= first[0]), len(free))
        free[lane:lane + 1] = [stop]
        code = NOT_RECORDED if is_missing(e.response) else e.response
        label_text, when = str(e.label), dates_words(start, end, lang)
        answer = response_label(code, lang)
        rows.append({"id": e.id, "assembly": e.assembly, "assembly_name": row_of[e.assembly],
                     "row": row_of[e.assembly] + LANE_MARK * lane, "lane": lane, "label": label_text, "start": first[0].isoformat(),
                     "end": stop.isoformat(), "open": is_open, "response": code, "response_label": answer,
                     "colour": response_colour(code), "dates": when, "topics": _text(e.topics) or "",
                     "aria": f"{row_of[e.assembly]}, {label_text}, {when}{i18n.colon(lang)}{answer}",
                     "row_order": rank[e.assembly] * 1000 + lane, "order": order})
    return pd.DataFrame(rows, columns=_DRAWN), left_off, undated


# ---------------------------------------------------------------- tables (on screen and CSV)

def _int_or_none(value):
    return None if is_missing(value) else int(value)


def _items(value) -> list[str]:
    """A stored list (DuckDB gives a numpy array) as its known items; [] when unknown."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if is_missing(value):
        return []
    return [str(v) for v in value if not is_missing(v)]


def _chosen_by(value, lang: str) -> str:
    column = EDITIONS.column("topics_from")
    codes = _items(value)
    return ", ".join(i18n.value_label(column, c, lang) for c in codes) if codes else i18n.t("not_recorded", lang)


def table(frame: pd.DataFrame, lang: str = i18n.DEFAULT_LANG, with_assembly: bool = True) -> pd.DataFrame:
    """The editions for people (screen and CSV): dates and response in words, counts as numbers, an unknown
    count empty (never 0), the report's link and the sources as written."""
    label = lambda name: EDITIONS.column(name).label(lang)  # noqa: E731
    out = {}
    if with_assembly:
        out[i18n.t("assembly", lang)] = frame["assembly_name"].astype(str).tolist()
    out[label("label")] = frame["label"].astype(str).tolist()
    out[i18n.t("edition_dates", lang)] = [dates_words(s, e, lang) for s, e in zip(frame["start"], frame["end"])]
    out[label("topics")] = [_text(v) or "" for v in frame["topics"]]
    out[label("topics_from")] = [_chosen_by(v, lang) for v in frame["topics_from"]]
    for name in ("members", "recommendations"):
        out[label(name)] = pd.array([_int_or_none(v) for v in frame[name]], dtype="Int64")
    out[label("response")] = [response_label(v, lang) for v in frame["response"]]
    out[label("response_date")] = [month_words(_text(v), lang) for v in frame["response_date"]]
    for name in ("adopted", "implemented"):
        out[label(name)] = pd.array([_int_or_none(v) for v in frame[name]], dtype="Int64")
    out[label("follow_up")] = [_text(v) or "" for v in frame["follow_up"]]
    out[label("report")] = [_text(v) or "" for v in frame["report"]]
    out[label("sources")] = [" | ".join(_items(v)) for v in frame["sources"]]
    return pd.DataFrame(out)


def timeline_table(drawn: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The timeline's bars for people: assembly, edition, dates (an open end said), response."""
    return pd.DataFrame({
        i18n.t("assembly", lang): drawn["assembly_name"].tolist(),
        EDITIONS.column("label").label(lang): drawn["label"].tolist(),
        i18n.t("edition_dates", lang): drawn["dates"].tolist(),
        EDITIONS.column("response").label(lang): drawn["response_label"].tolist(),
    })


def topics_table(frame: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The topics treated: assembly, edition, dates, topic(s), who chose them; an edition without a recorded
    topic says so."""
    return pd.DataFrame({
        i18n.t("assembly", lang): frame["assembly_name"].astype(str).tolist(),
        EDITIONS.column("label").label(lang): frame["label"].astype(str).tolist(),
        i18n.t("edition_dates", lang): [dates_words(s, e, lang) for s, e in zip(frame["start"], frame["end"])],
        EDITIONS.column("topics").label(lang): [_text(v) or i18n.t("not_recorded", lang) for v in frame["topics"]],
        EDITIONS.column("topics_from").label(lang): [_chosen_by(v, lang) for v in frame["topics_from"]],
    })


# ---------------------------------------------------------------- follow-up figures

@dataclass(frozen=True)
class Figure:
    """One follow-up figure: its value (None when nothing can be computed), the editions it counts (n), those of
    its base whose data is missing (unknown), and for a share its numerator and denominator."""
    key: str
    value: float | None
    n: int
    unknown: int
    part: int | None = None
    whole: int | None = None


_MONTH = "CASE WHEN regexp_full_match(CAST({c} AS VARCHAR), '\\d{{4}}-(0[1-9]|1[0-2])') THEN " \
         "CAST(substr(CAST({c} AS VARCHAR), 1, 4) AS INTEGER) * 12 + CAST(substr(CAST({c} AS VARCHAR), 6, 2) AS INTEGER) END"
# The four figures in one pass, over any relation with FIGURE_COLUMNS (a month is "2023-03"; a year alone or an
# unknown date gives no month number, so no delay).
_FIGURES_SQL = f"""
WITH x AS (
    SELECT CAST(response AS VARCHAR) AS response,
           {_MONTH.format(c='"end"')} AS end_m, {_MONTH.format(c='response_date')} AS answer_m,
           CAST(recommendations AS BIGINT) AS made, CAST(adopted AS BIGINT) AS adopted,
           CAST(implemented AS BIGINT) AS implemented
    FROM {{source}}),
y AS (SELECT *, response IS NOT NULL AND response <> '{NO_RESPONSE_YET}' AS public FROM x)
SELECT count(*) FILTER (WHERE response IS NOT NULL),
       count(*) FILTER (WHERE response IS NULL),
       count(*) FILTER (WHERE public),
       median(answer_m - end_m) FILTER (WHERE public AND answer_m IS NOT NULL AND end_m IS NOT NULL),
       count(*) FILTER (WHERE public AND answer_m IS NOT NULL AND end_m IS NOT NULL),
       sum(adopted) FILTER (WHERE made > 0 AND adopted IS NOT NULL),
       sum(made) FILTER (WHERE made > 0 AND adopted IS NOT NULL),
       count(*) FILTER (WHERE made > 0 AND adopted IS NOT NULL),
       sum(implemented) FILTER (WHERE made > 0 AND implemented IS NOT NULL),
       sum(made) FILTER (WHERE made > 0 AND implemented IS NOT NULL),
       count(*) FILTER (WHERE made > 0 AND implemented IS NOT NULL),
       count(*)
FROM y"""


def _figures(row: tuple) -> dict[str, Figure]:
    known, unknown, public, delay, delay_n, a_part, a_whole, a_n, i_part, i_whole, i_n, total = \
        [None if v is None else (float(v) if k == 3 else int(v)) for k, v in enumerate(row)]
    public_total = public
    out = {"public_response": Figure("public_response", public / known if known else None, known, unknown, public,
                                     known),
           "median_delay": Figure("median_delay", delay if delay_n else None, delay_n, public_total - delay_n)}
    for name, part, whole, n in (("adopted", a_part, a_whole, a_n), ("implemented", i_part, i_whole, i_n)):
        out[f"{name}_share"] = Figure(f"{name}_share", part / whole if whole else None, n, total - n, part or 0,
                                      whole or 0)
    return out


def follow_up(frame: pd.DataFrame) -> dict[str, Figure]:
    """The four figures of the module's docstring over the editions of `frame`, by key: public_response,
    median_delay, adopted_share, implemented_share (the same SQL as `figures`)."""
    con = duckdb.connect()
    try:
        con.register("source", frame[list(FIGURE_COLUMNS)])
        return _figures(con.execute(_FIGURES_SQL.replace("{source}", "source")).fetchone())
    finally:
        con.close()


def figures(con, f: filters.Filter) -> dict[str, Figure]:
    """`follow_up` of every edition of the assemblies `f` selects, computed in the base."""
    assemblies, params = _assemblies_sql(f, None)
    source = f"(SELECT e.* FROM editions e JOIN ({assemblies}) a ON e.assembly = a.id)"
    cur = con.cursor()
    try:
        return _figures(cur.execute(_FIGURES_SQL.replace("{source}", source), params).fetchone())
    finally:
        cur.close()


def figure_value(figure: Figure, lang: str = i18n.DEFAULT_LANG) -> str:
    """The figure in words: '67 %', '8 mois', or '—' when nothing can be computed."""
    if figure.value is None:
        return "—"
    if figure.key == "median_delay":
        months = figure.value
        text = i18n.fmt_int(months, lang) if float(months).is_integer() else i18n.fmt_number(months, lang)
        return i18n.t("months", lang, count=int(round(months)), n=text)
    return percent.fmt(figure.part, figure.whole, lang)


def figure_detail(figure: Figure, lang: str = i18n.DEFAULT_LANG) -> str:
    """What the figure counts, and its unknowns: 'sur 12 éditions ; inconnu pour 5'."""
    if figure.n == 0:
        return i18n.t("figure_none", lang, count=figure.unknown, n=i18n.fmt_int(figure.unknown, lang))
    counted = i18n.t(f"{figure.key}_n", lang, count=figure.n, n=i18n.fmt_int(figure.n, lang),
                     part=i18n.fmt_int(figure.part or 0, lang), whole=i18n.fmt_int(figure.whole or 0, lang))
    unknown = i18n.t("figure_unknown_n", lang, count=figure.unknown, n=i18n.fmt_int(figure.unknown, lang)) \
        if figure.unknown else i18n.t("figure_all_known", lang)
    return i18n.t("figure_detail", lang, counted=counted, unknown=unknown)


FIGURES = ("public_response", "median_delay", "adopted_share", "implemented_share")


def figures_table(figures: dict[str, Figure], lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The figures as a table (screen and CSV): figure, value, n, unknown."""
    return pd.DataFrame({
        i18n.t("figure", lang): [i18n.t(f"{k}_title", lang) for k in FIGURES],
        i18n.t("value", lang): [figure_value(figures[k], lang) for k in FIGURES],
        i18n.t("figure_n", lang): [figures[k].n for k in FIGURES],
        i18n.t("figure_unknown", lang): [figures[k].unknown for k in FIGURES],
    })
