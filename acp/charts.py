"""Altair builders for the typology page: pure functions (frame -> chart), no Streamlit.

Every bar, segment and cell carries its value's code in a field (`code`, or `row` and `col` in
the heat map) and every chart has a point selection named `PICK` (and `PICK_LABEL` on the texts
written over the marks) on those fields, so `st.altair_chart(chart, on_select=...)` reports the
clicked code and the page can set the shared Filter; `picked` reads it. The page renders
`spec(kind, data, ...)`, the same chart as a Vega-Lite dict built from a cached template, with
`st.vega_lite_chart`: Altair validates a chart against its schema on every `to_dict`, about 60 ms
a chart, nine charts a click. Labels, counts and percentages are formatted here in the user's language
(babel through acp.i18n; percentages rounded half up as everywhere in the app); colours come
from acp.palette, so a value has the same colour on every chart and on the map legend.

Counting rules (the tests compare them with SQL):
- a bar chart shows, per value of its dimension, the assemblies matching the other filters
  (the sidebar's facet counts: acp.filters.facet_counts), selected values highlighted; its
  percentages are shares of the assemblies matching the other filters;
- multi-valued columns (topics_from, functions): an assembly counts once for each of its values,
  so shares can add up to more than 100 %; an assembly without any value counts as "Non renseigné";
- the timeline and the heat map count the filtered assemblies (acp.filters.select), with the
  same rules for multi-valued columns; assemblies without a start year are left off the timeline.
"""
from __future__ import annotations

import json
import math
import textwrap
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from . import i18n, palette, percent
from .schema import ASSEMBLIES, NOT_RECORDED, is_missing

DIMENSIONS = ("level", "initiated_by", "topics_from", "functions", "selection", "specialisation", "country")
PICK = "pick"                 # the point selection on the bars (cells) of every chart
PICK_LABEL = "pick_label"     # the same on the texts written over them (one selection cannot span two layers)
FADED = 0.3                   # opacity of the values not selected when a dimension has a selection
BAR_ROOM = 1.5                # the x scale runs to 1.5 times the longest bar: room for its text
DATA = "rows"                 # the name of every spec's dataset
BAR_STEP = 32                 # pixels per bar: 7 values -> about 220 px, two charts side by side at 1280x720
WRAP = 36                     # labels longer than this are written on two lines (half a 1280 px page is narrow)
LABEL_FONT = 14
_TEXT = "#1a1a1a"

# The fields of each chart's data, in order (the specs read nothing else).
_COLUMNS = {
    "bar": ["order", "code", "label", "lines", "n", "share", "percent", "rel", "n_label", "pct_label", "text",
            "colour", "selected", "opacity", "aria"],
    "timeline": ["year", "year_label", "code", "label", "n", "n_label", "colour", "order", "zero", "aria"],
    "heatmap": ["row", "col", "row_label", "col_label", "row_lines", "col_lines", "row_order", "col_order", "n",
                "n_label", "dark", "aria"],
}


def column(dimension: str):
    return ASSEMBLIES.column(dimension)


def is_multi(dimension: str) -> bool:
    return column(dimension).is_list


def label(dimension: str, code: str, lang: str = i18n.DEFAULT_LANG) -> str:
    return i18n.value_label(column(dimension), code, lang)


def colour(dimension: str, code: str, countries: list[str] | None = None) -> str:
    return palette.colour(dimension, code, countries)



def _codes(value, multi: bool) -> list[str]:
    """A stored cell as the list of codes it counts for, as the SQL of acp.filters counts them:
    unknown (NULL, or an empty list) -> [NOT_RECORDED]."""
    if multi:
        if not isinstance(value, (list, tuple, np.ndarray)):
            return [NOT_RECORDED]
        return [NOT_RECORDED if is_missing(v) else str(v) for v in value] or [NOT_RECORDED]
    return [NOT_RECORDED] if is_missing(value) else [str(value)]


def order_codes(dimension: str, codes, counts: dict | None = None) -> list[str]:
    """Codes in display order: the vocabulary's order (unknown last); countries by count, then code."""
    codes = list(dict.fromkeys(codes))
    vocab = column(dimension).vocab
    if vocab is not None:
        rank = {c: i for i, c in enumerate(vocab.codes)}
        return sorted(codes, key=lambda c: (c == NOT_RECORDED, rank.get(c, len(rank)), c))
    counts = counts or {}
    return sorted(codes, key=lambda c: (c == NOT_RECORDED, -counts.get(c, 0), c))


# ---------------------------------------------------------------- counting (pure pandas)

def value_counts(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per value of `dimension` in `frame`: value (code or NOT_RECORDED) and n, in display order."""
    multi = is_multi(dimension)
    counts: dict[str, int] = {}
    for value in frame[dimension]:
        for code in _codes(value, multi):
            counts[code] = counts.get(code, 0) + 1
    codes = order_codes(dimension, counts, counts)
    return pd.DataFrame({"value": codes, "n": [counts[c] for c in codes]}, columns=["value", "n"])


def year_counts(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Creations per start year and value of `dimension`: year, code, n (years without any value left out)."""
    multi = is_multi(dimension)
    counts: dict[tuple[int, str], int] = {}
    for year, value in zip(frame["start_year"], frame[dimension]):
        if is_missing(year):
            continue
        for code in _codes(value, multi):
            key = (int(year), code)
            counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: kv[0][0])
    return pd.DataFrame([(y, c, n) for (y, c), n in rows], columns=["year", "code", "n"])


def cross_counts(frame: pd.DataFrame, rows: str, cols: str) -> pd.DataFrame:
    """Assemblies per pair of values (row, col) of two dimensions: row, col, n (pairs met at least once)."""
    counts: dict[tuple[str, str], int] = {}
    row_multi, col_multi = is_multi(rows), is_multi(cols)
    for a, b in zip(frame[rows], frame[cols]):
        for ra in _codes(a, row_multi):
            for cb in _codes(b, col_multi):
                counts[(ra, cb)] = counts.get((ra, cb), 0) + 1
    return pd.DataFrame([(a, b, n) for (a, b), n in counts.items()], columns=["row", "col", "n"])


# ---------------------------------------------------------------- chart data (labels formatted)

def _count_text(n: int, lang: str) -> str:
    return i18n.fmt_int(n, lang)


# A label on two lines is raised by half a line, to be centred on its bar.
_TWO_LINES_UP = {"condition": {"test": "indexof(datum.value, '\\n') >= 0", "value": -7.5}, "value": 0}


def _lines(text: str, limit: int = WRAP) -> str:
    """A long label cut in lines at spaces ("\\n" between them) for an axis: two lines for a
    bar's label, lines of about `limit` characters when it is smaller."""
    if len(text) <= limit:
        return text
    width = max(len(text) // 2 + 4, 16) if limit == WRAP else limit
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False))  # never cut a word


def bar_data(counts: pd.DataFrame, dimension: str, base: int, lang: str = i18n.DEFAULT_LANG,
             countries: list[str] | None = None, selected=()) -> pd.DataFrame:
    """One row per value: code, label, n, share of `base`, formatted texts, colour, selected.

    `counts` has columns value and n (acp.filters.facet_counts or value_counts); `base` is the
    number of assemblies the shares are taken of. Values at 0 are left out unless selected.
    When the dimension has selected values, the others are faded.
    """
    keep = (counts["n"] > 0) | counts["value"].isin(list(selected))
    n_by = {str(v): int(n) for v, n in zip(counts.loc[keep, "value"], counts.loc[keep, "n"])}
    codes = order_codes(dimension, n_by, n_by)
    top = max(n_by.values(), default=0) or 1
    rows = []
    for order, code in enumerate(codes):
        n = n_by[code]
        text_label = label(dimension, code, lang)
        n_text, pct = _count_text(n, lang), percent.fmt(n, base, lang)
        rows.append({
            "order": order, "code": code, "label": text_label, "lines": _lines(text_label), "n": n,
            "share": n / base if base else 0.0,
            "percent": percent.half_up(n, base), "rel": n / top, "n_label": n_text, "pct_label": pct,
            "text": f"{n_text} ({pct})", "colour": colour(dimension, code, countries),
            "selected": code in selected, "opacity": 1.0 if not selected or code in selected else FADED,
            "aria": f"{text_label}{i18n.colon(lang)}{n_text} ({pct})",
        })
    return pd.DataFrame(rows, columns=_COLUMNS["bar"])


def timeline_data(counts: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG,
                  countries: list[str] | None = None, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """year_counts labelled, plus a row at n = 0 for each year of `years` (default: the data's
    span) without any creation, so the axis shows every year."""
    totals = counts.groupby("code")["n"].sum().to_dict() if len(counts) else {}
    codes = order_codes(dimension, totals, totals)
    rank = {c: i for i, c in enumerate(codes)}
    if years is None and len(counts):
        years = (int(counts["year"].min()), int(counts["year"].max()))
    counts = counts[["year", "code", "n"]]
    if years is not None:
        counts = counts[(counts["year"] >= years[0]) & (counts["year"] <= years[1])]
        empty = sorted(set(range(years[0], years[1] + 1)) - set(int(y) for y in counts["year"]))
        if empty:
            filler = codes[0] if codes else NOT_RECORDED
            counts = pd.concat([counts, pd.DataFrame({"year": empty, "code": filler, "n": 0})], ignore_index=True)
    out = counts.sort_values(["year"], kind="stable").reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    out["n"] = out["n"].astype(int)
    out["year_label"] = out["year"].astype(str)  # a year is not a number to format: "2019", not "2 019"
    out["label"] = [label(dimension, c, lang) for c in out["code"]]
    out["n_label"] = [_count_text(n, lang) for n in out["n"]]
    out["colour"] = [colour(dimension, c, countries) for c in out["code"]]
    out["order"] = [rank.get(c, len(rank)) for c in out["code"]]
    out["zero"] = 0
    out["aria"] = [f"{y}, {lab}{i18n.colon(lang)}{n}"
                   for y, lab, n in zip(out["year_label"], out["label"], out["n_label"])]
    return out[_COLUMNS["timeline"]]


def heatmap_data(counts: pd.DataFrame, rows: str, cols: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """cross_counts completed with the pairs never met (n = 0), labelled, with each row's and
    column's display order and whether the cell is dark (its number is then written in white)."""
    totals_a = counts.groupby("row")["n"].sum().to_dict() if len(counts) else {}
    totals_b = counts.groupby("col")["n"].sum().to_dict() if len(counts) else {}
    row_codes, col_codes = order_codes(rows, counts["row"], totals_a), order_codes(cols, counts["col"], totals_b)
    n_by = {(a, b): int(n) for a, b, n in zip(counts["row"], counts["col"], counts["n"])}
    top = max(n_by.values(), default=0) or 1
    out = []
    for i, a in enumerate(row_codes):
        for j, b in enumerate(col_codes):
            n = n_by.get((a, b), 0)
            ra, cb = label(rows, a, lang), label(cols, b, lang)
            out.append({"row": a, "col": b, "row_label": ra, "col_label": cb, "row_lines": _lines(ra),
                        "col_lines": _lines(cb, 14), "row_order": i, "col_order": j,
                        "n": n, "n_label": _count_text(n, lang), "dark": n > top * 0.55,
                        "aria": f"{ra} × {cb}{i18n.colon(lang)}{_count_text(n, lang)}"})
    return pd.DataFrame(out, columns=_COLUMNS["heatmap"])


# ---------------------------------------------------------------- tables (on screen and CSV)

def bar_table(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The bar chart's data for people: value, assemblies, share (whole percent, half up)."""
    return pd.DataFrame({
        column(dimension).label(lang): data["label"].tolist(),
        i18n.t("assemblies", lang): [int(n) for n in data["n"]],
        i18n.t("share_percent", lang): [int(p) for p in data["percent"]],
    })


def timeline_table(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Creations per year (rows) and value (columns), zeros filled."""
    if data.empty:
        return pd.DataFrame({i18n.t("year", lang): []})
    labels = data.sort_values("order").drop_duplicates("code")["label"].tolist()
    grid = data.pivot_table(index="year_label", columns="label", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=labels, fill_value=0).astype(int)
    grid.columns = list(grid.columns)
    out = grid.reset_index().rename(columns={"year_label": i18n.t("year", lang)})
    return out


def heatmap_table(data: pd.DataFrame, rows: str, cols: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Rows by columns, as in the chart."""
    if data.empty:
        return pd.DataFrame({column(rows).label(lang): []})
    row_labels = data.drop_duplicates("row")["row_label"].tolist()
    col_labels = data.drop_duplicates("col")["col_label"].tolist()
    grid = data.pivot_table(index="row_label", columns="col_label", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=row_labels, columns=col_labels, fill_value=0).astype(int)
    grid.columns = list(grid.columns)
    head = f"{column(rows).label(lang)} \\ {column(cols).label(lang)}"
    return grid.rename_axis(head).reset_index()


# ---------------------------------------------------------------- charts
#
# The specs depend only on the dimension(s) and the language, never on the data: colours,
# order, bar lengths, fading and text colour are fields of the data (scale=None takes a field's
# value as is). So one chart per dimension and language is built and validated by Altair once
# (`spec` caches it), and each run only puts its rows in: Altair's schema validation costs
# about 60 ms a chart, too much to pay on every click.

def _pick(fields: list[str], name: str = PICK) -> alt.Parameter:
    return alt.selection_point(name=name, fields=fields, on="click", clear=False, toggle=False)


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "", anchor="start", fontSize=17, subtitleFontSize=13,
                           color=_TEXT, subtitleColor="#444", offset=8)


def bar_chart(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG) -> alt.LayerChart:
    """Horizontal bars, one per value, count and share written after each bar (a projector has no hover)."""
    multi = is_multi(dimension)
    name = column(dimension).label(lang)
    y = alt.Y("lines:N", sort=alt.EncodingSortField("order", op="min"), title=None,
              axis=alt.Axis(labelLimit=230, labelFontSize=LABEL_FONT, labelColor=_TEXT, ticks=False, domain=False,
                            labelPadding=6, labelExpr="split(datum.value, '\\n')", labelLineHeight=15,
                            labelOverlap=False, labelOffset=_TWO_LINES_UP))
    # `rel` is n over the largest n: the longest bar takes 1 / BAR_ROOM of the width, its text the rest.
    x = alt.X("rel:Q", axis=None, scale=alt.Scale(domain=[0, BAR_ROOM], nice=False, zero=True))
    tooltip = [alt.Tooltip("label:N", title=name),
               alt.Tooltip("n_label:N", title=i18n.t("assemblies", lang)),
               alt.Tooltip("pct_label:N", title=i18n.t("share", lang))]
    bars = alt.Chart(data).mark_bar(cursor="pointer", cornerRadiusEnd=2).encode(
        x=x, y=y, color=alt.Color("colour:N", scale=None), opacity=alt.Opacity("opacity:Q", scale=None),
        tooltip=tooltip, description="aria:N",
    ).add_params(_pick(["code"]))
    text = alt.Chart(data).mark_text(align="left", dx=5, fontSize=LABEL_FONT, color=_TEXT, cursor="pointer").encode(
        x=x, y=y, text="text:N", tooltip=tooltip, description="aria:N",
    ).add_params(_pick(["code"], PICK_LABEL))
    title = _title(name, i18n.t("multi_note", lang) if multi else None)
    return alt.layer(bars, text).properties(title=title, height=alt.Step(BAR_STEP), width="container")


def timeline_legend(data: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(label, colour) of each value in the timeline's data, in display order."""
    shown = data[data["n"] > 0].sort_values("order", kind="stable").drop_duplicates("code")
    return tuple(zip(shown["label"], shown["colour"]))


def timeline_chart(data: pd.DataFrame, dimension: str, lang: str = i18n.DEFAULT_LANG,
                   legend: tuple[tuple[str, str], ...] | None = None) -> alt.LayerChart:
    """Creations per year, stacked by the values of `dimension`; the total written on top of each
    year (not for a multi-valued dimension, whose stack is not a number of assemblies).

    The colour scale is the one part of a spec that depends on the data: its legend lists the
    values present, each with its palette colour (`legend`, from the data when not given)."""
    legend = timeline_legend(data) if legend is None else legend
    multi = is_multi(dimension)
    name = column(dimension).label(lang)
    x = alt.X("year_label:O", title=None, sort="ascending",
              axis=alt.Axis(labelAngle=0, labelFontSize=13, labelColor=_TEXT, labelOverlap="greedy"))
    count_title = i18n.t("creations", lang)
    tooltip = [alt.Tooltip("year_label:N", title=i18n.t("year", lang)),
               alt.Tooltip("label:N", title=name),
               alt.Tooltip("n_label:N", title=count_title)]
    bars = alt.Chart(data).transform_filter(alt.datum.n > 0).mark_bar(cursor="pointer").encode(
        x=x,
        # One row per year and value, stacked as they are: an aggregate (sum) would drop `code` from the
        # clicked datum, and the click would select nothing.
        y=alt.Y("n:Q", stack="zero", title=count_title,
                axis=alt.Axis(format="d", tickMinStep=1, labelFontSize=13, titleFontSize=13, titleColor=_TEXT,
                              labelColor=_TEXT)),
        color=alt.Color("label:N", title=name,
                        scale=alt.Scale(domain=[lab for lab, _ in legend] or [""],
                                        range=[col for _, col in legend] or ["#ffffff"]),
                        legend=alt.Legend(orient="right", labelFontSize=13, titleFontSize=13, labelLimit=230,
                                          symbolType="square", labelColor=_TEXT, titleColor=_TEXT)),
        order=alt.Order("order:Q"),
        tooltip=tooltip, description="aria:N",
    ).add_params(_pick(["code"]))
    # Every year of the span is in the data (n = 0 for a year without creation), so the axis has no gap.
    ticks = alt.Chart(data).mark_bar(opacity=0, aria=False).encode(x=x, y=alt.Y("zero:Q"))
    layers = [ticks, bars]
    if not multi:
        layers.append(alt.Chart(data).transform_filter(alt.datum.n > 0).transform_aggregate(
            total="sum(n)", groupby=["year_label"]).mark_text(dy=-8, fontSize=13, color=_TEXT, aria=False).encode(
            x=x, y=alt.Y("total:Q"), text=alt.Text("total:Q", format="d")))
    title = _title(i18n.t("timeline_title", lang, dimension=name),
                   i18n.t("multi_note", lang) if multi else None)
    return alt.layer(*layers).properties(title=title, height=250, width="container")


def heatmap_chart(data: pd.DataFrame, rows: str, cols: str, lang: str = i18n.DEFAULT_LANG) -> alt.LayerChart:
    """Assemblies per pair of values: rows by columns, the count written in each cell."""
    row_name, col_name = column(rows).label(lang), column(cols).label(lang)
    y = alt.Y("row_lines:N", sort=alt.EncodingSortField("row_order", op="min"), title=row_name,
              axis=alt.Axis(labelLimit=230, labelOverlap=False, labelExpr="split(datum.value, '\\n')",
                            labelLineHeight=15, labelOffset=_TWO_LINES_UP, labelFontSize=13, titleFontSize=13,
                            labelColor=_TEXT, titleColor=_TEXT))
    x = alt.X("col_lines:N", sort=alt.EncodingSortField("col_order", op="min"), title=col_name,
              axis=alt.Axis(orient="bottom", labelAngle=0, labelAlign="center", labelBaseline="top", labelLimit=160,
                            labelFontSize=13, labelLineHeight=15, labelExpr="split(datum.value, '\\n')",
                            labelOverlap=False, titleFontSize=13, labelColor=_TEXT, titleColor=_TEXT, titlePadding=8))
    tooltip = [alt.Tooltip("row_label:N", title=row_name),
               alt.Tooltip("col_label:N", title=col_name),
               alt.Tooltip("n_label:N", title=i18n.t("assemblies", lang))]
    cells = alt.Chart(data).mark_rect(cursor="pointer", stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("n:Q", scale=alt.Scale(scheme="blues", zero=True), legend=None),
        tooltip=tooltip, description="aria:N",
    ).add_params(_pick(["row", "col"]))
    text = alt.Chart(data).mark_text(fontSize=14, cursor="pointer").encode(
        x=x, y=y, text="n_label:N",  # white on the darkest cells (a value, so no second colour scale)
        color=alt.when(alt.datum.dark).then(alt.value("white")).otherwise(alt.value(_TEXT)),
        tooltip=tooltip, description="aria:N",
    ).add_params(_pick(["row", "col"], PICK_LABEL))
    title = _title(i18n.t("heatmap_title", lang, rows=row_name, cols=col_name))
    return alt.layer(cells, text).properties(title=title, height=alt.Step(34), width="container")


_BUILDERS = {"bar": bar_chart, "timeline": timeline_chart, "heatmap": heatmap_chart}


@lru_cache(maxsize=256)
def _template(kind: str, args: tuple) -> str:
    chart = _BUILDERS[kind](pd.DataFrame(columns=_COLUMNS[kind]), *args)
    spec = chart.to_dict()
    spec.pop("datasets", None)
    spec["data"] = {"name": DATA}
    return json.dumps(spec)


def spec(kind: str, data: pd.DataFrame, *args) -> dict:
    """The Vega-Lite spec of `kind` ("bar", "timeline", "heatmap") for `data`, the same as
    `<kind>_chart(data, *args).to_dict()` with the rows in a dataset named DATA, built from a
    cached template (for st.vega_lite_chart: no validation cost on each run)."""
    if kind == "timeline":
        args = (*args, timeline_legend(data))
    out = json.loads(_template(kind, tuple(args)))
    out["datasets"] = {DATA: _records(data[_COLUMNS[kind]])}
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values (what Altair itself would put in the spec)."""
    def plain(value):
        if isinstance(value, np.generic):
            value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value

    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def picked(selection, fields=("code",)) -> list[dict]:
    """The clicked items in a chart's selection state (Streamlit's VegaLiteState.selection), as
    dicts of the given fields; empty when nothing is selected."""
    out = []
    for name in (PICK, PICK_LABEL):
        try:
            items = selection[name]
        except (KeyError, TypeError):
            continue
        if isinstance(items, dict):
            items = [items] if items else []
        for item in items or []:
            if isinstance(item, dict) and all(isinstance(item.get(f), str) for f in fields):
                out.append({f: item[f] for f in fields})
    return out


FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize", "labelLineHeight", "labelLimit", "step")


def scaled_fonts(spec, factor: float, inside_offset: bool = False):
    """A copy of a Vega-Lite spec with its font sizes, label line heights and widths, bar steps and label offsets
    times `factor`: the charts of presentation mode, read from a projected screen. The data is left as it is."""
    if isinstance(spec, dict):
        out = {}
        for k, v in spec.items():
            number = isinstance(v, (int, float)) and not isinstance(v, bool)
            if k == "datasets":
                out[k] = v
            elif number and (k in FONT_KEYS or (inside_offset and k == "value") or k == "labelOffset"):
                out[k] = round(v * factor, 1)
            else:
                out[k] = scaled_fonts(v, factor, inside_offset or k == "labelOffset")
        return out
    if isinstance(spec, list):
        return [scaled_fonts(v, factor, inside_offset) for v in spec]
    return spec
