"""The editions' timeline as a Vega-Lite chart (Altair, built once per language and cached as a template, as
acp.charts does): one row per assembly, one bar per edition from its start to its end, coloured by the
authority's response (a fixed legend: every response, then « Non renseigné » in grey). Every bar has a dark
outline (readable on white whatever its colour), an open edition a dashed one, a tooltip and an accessible name
(`aria`); its data is also a table on the page. A click selects the bar's `assembly` and `id` (selection
`acp.charts.PICK`, read with `acp.charts.picked`): the page opens that assembly's fiche. Pure: no Streamlit."""
from __future__ import annotations

import html
import json
import math
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from . import charts, editions, i18n
from .schema import EDITIONS

DATA = "rows"
ROW_STEP = 30    # pixels per assembly row
_TEXT = "#1a1a1a"
FIELDS = ("assembly", "id")  # what a click reports


def chart(data: pd.DataFrame, lang: str = i18n.DEFAULT_LANG, title: bool = True) -> alt.Chart:
    legend = editions.legend(lang)
    response = EDITIONS.column("response").label(lang)
    y = alt.Y("row:N", sort=alt.EncodingSortField("row_order", op="min"), title=None,
              axis=alt.Axis(labelLimit=300, labelFontSize=13, labelColor=_TEXT, ticks=False, domain=False,
                            labelPadding=6,  # an assembly's further lines (overlapping editions) are not named again
                            labelExpr=f"indexof(datum.value, '{editions.LANE_MARK}') >= 0 ? '' : datum.value"))
    x = alt.X("start:T", title=None, scale=alt.Scale(nice={"interval": "year", "step": 1}), axis=alt.Axis(format="%Y", labelFontSize=13, labelColor=_TEXT,
                                                    tickCount={"interval": "year", "step": 1},
                                                    labelOverlap="greedy", gridColor="#dddddd"))
    tooltip = [alt.Tooltip("assembly_name:N", title=i18n.t("assembly", lang)),
               alt.Tooltip("label:N", title=EDITIONS.column("label").label(lang)),
               alt.Tooltip("dates:N", title=i18n.t("edition_dates", lang)),
               alt.Tooltip("response_label:N", title=response),
               alt.Tooltip("topics:N", title=EDITIONS.column("topics").label(lang))]
    bars = alt.Chart(data).mark_bar(cursor="pointer", stroke=_TEXT, strokeWidth=1.2, cornerRadius=2,
                                    height={"band": 0.72}).encode(
        x=x, x2=alt.X2("end:T"), y=y,
        color=alt.Color("response_label:N", title=response,
                        scale=alt.Scale(domain=[lab for lab, _ in legend], range=[col for _, col in legend]),
                        legend=None),  # the legend is HTML above the chart (legend_html): it wraps, never clipped
        strokeDash=alt.when(alt.datum.open).then(alt.value([5, 3])).otherwise(alt.value([1, 0])),
        fillOpacity=alt.when(alt.datum.open).then(alt.value(0.55)).otherwise(alt.value(1.0)),
        tooltip=tooltip, description="aria:N",
    ).add_params(alt.selection_point(name=charts.PICK, fields=list(FIELDS), on="click", clear=False, toggle=False))
    props = {"height": alt.Step(ROW_STEP), "width": "container"}
    if title:
        props["title"] = alt.TitleParams(text=i18n.t("editions_timeline", lang), anchor="start", fontSize=17,
                                         color=_TEXT, offset=8)
    return bars.properties(**props)


@lru_cache(maxsize=16)
def _template(lang: str, title: bool) -> str:
    spec = chart(pd.DataFrame(columns=editions._DRAWN), lang, title).to_dict()
    spec.pop("datasets", None)
    spec["data"] = {"name": DATA}
    return json.dumps(spec)


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def spec(data: pd.DataFrame, lang: str = i18n.DEFAULT_LANG, title: bool = True) -> dict:
    """`chart(data, lang, title).to_dict()` with the rows in a dataset named DATA, from a cached template (no
    schema validation on each run)."""
    out = json.loads(_template(lang, title))
    out["datasets"] = {DATA: [{k: _plain(v) for k, v in row.items()} for row in data.to_dict("records")]}
    return out


def legend_html(lang: str = i18n.DEFAULT_LANG) -> str:
    """The timeline's legend as HTML (labels escaped): each response's colour, « Non renseigné », and the dashed
    outline of an edition without an end."""
    chips = "".join(
        f'<span class="acp-chip" role="listitem"><span class="acp-sq" aria-hidden="true" style="background:{colour}">'
        f'</span>{html.escape(label)}</span>' for label, colour in editions.legend(lang))
    chips += (f'<span class="acp-chip" role="listitem"><span class="acp-sq acp-open" aria-hidden="true"></span>'
              f'{html.escape(i18n.t("end_unknown", lang))}</span>')
    title = html.escape(EDITIONS.column("response").label(lang))
    return (f'<div class="acp-legend" role="list" aria-label="{title}"><strong>{title}{html.escape(i18n.colon(lang))}'
            f'</strong>{chips}</div>'
            "<style>.acp-legend{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem 1rem;font-size:.95rem}"
            ".acp-chip{display:inline-flex;align-items:center;gap:.35rem}"
            ".acp-sq{width:1.1rem;height:.8rem;display:inline-block;border:1.2px solid #1a1a1a;border-radius:2px}"
            ".acp-open{border-style:dashed;background:#fff}</style>")
