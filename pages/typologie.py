"""Typologie: the filtered assemblies by level, initiator, topics, functions, selection method,
specialisation and country; creations per year; a heat map crossing two dimensions.

A click on a bar or a cell adds its value to the shared Filter (acp.ui.typology_view), so the map,
the table, the URL and the other charts follow.
"""
import streamlit as st

from acp import charts, glossary, i18n
from acp import filters as F
from acp.ui import data, filter_panel, page, present, typology_view

lang = page.lang()
version = data.version()
f = filter_panel.current()
countries = data.countries(version)
TOP_COUNTRIES = 12  # more countries than this: the chart shows the first ones, its table has them all


def dimension_picker(param: str, label: str, default: str, container) -> str:
    return page.url_choice(param, charts.DIMENSIONS, label, lambda d: charts.column(d).label(lang), default=default,
                         container=container, dropdown=True)


st.title(i18n.t("typology_title", lang))
# Streamlit's "Show data" would list the charts' inner fields (codes, colours): each chart has its own
# table and CSV below it; the PNG download and full screen stay in the chart's toolbar.
st.html('<style>[data-testid="stElementToolbar"] button[aria-label="Show data"]{display:none}</style>')
count_col, glossary_col = st.columns([3, 1], vertical_alignment="center")
with count_col:
    page.count_line(version, f, lang)
with glossary_col:
    with st.popover(glossary.short_title(lang), icon=":material/menu_book:", width="stretch"):
        st.markdown(glossary.markdown(lang))
present.toolbar(lang, "typologie", f)
st.caption(i18n.t("typology_hint_present" if present.requested() else "typology_hint", lang))
if not present.requested():
    st.page_link("pages/editions.py", label=i18n.t("typology_to_editions", lang), icon=":material/timeline:",
                 query_params=page.link_params(lang, **F.to_query(f)))

# ------------------------------------------------------------ one bar chart per dimension
facet_counts = data.all_facet_counts(version, f)  # the sidebar's own counts (cached): a chart counts as its facet
filter_panel.render(lang, version)  # after the count line has gone and the counts are computed: see acp.ui.filter_panel
for pair in (charts.DIMENSIONS[i:i + 2] for i in range(0, len(charts.DIMENSIONS), 2)):
    for col, dimension in zip(st.columns(2, gap="large"), pair):
        with col:
            others = f.with_values(dimension, ())  # a chart counts under the other filters, as the sidebar does
            counts = facet_counts[dimension]
            bars = charts.bar_data(counts, dimension, data.count(version, others), lang, countries, f.selected(dimension))
            table = charts.bar_table(bars, dimension, lang)
            if dimension == "country" and len(bars) > TOP_COUNTRIES:
                bars = bars.head(TOP_COUNTRIES)
                st.caption(i18n.t("top_countries", lang, n=TOP_COUNTRIES))
            typology_view.chart("bar", bars, (dimension, lang), f"typology-{dimension}", (dimension,), ("code",),
                                table, f"typologie-{dimension}.csv", lang)

# ------------------------------------------------------------ creations per year, stacked
st.divider()
if data.count(version, f) == 0:
    st.info(i18n.t("no_assembly", lang))
    st.stop()

picker, _ = st.columns([1, 2])
stack = dimension_picker("stack", i18n.t("stack_by", lang), "level", picker)
bounds = data.year_bounds(version)
years = (f.year_min or bounds[0], f.year_max or bounds[1]) if bounds else None
timeline = charts.timeline_data(data.year_counts(version, f, stack), stack, lang, countries, years)
typology_view.chart("timeline", timeline, (stack, lang), f"typology-timeline-{stack}", (stack,), ("code",),
                    charts.timeline_table(timeline, stack, lang), f"typologie-annees-{stack}.csv", lang)
undated = data.undated(version, f)
if undated:
    st.caption(i18n.t("no_start_year", lang, count=undated, n=i18n.fmt_int(undated, lang)))

# ------------------------------------------------------------ heat map
st.divider()
left, right = st.columns(2)
rows = dimension_picker("rows", i18n.t("heatmap_rows", lang), "level", left)
cols = dimension_picker("cols", i18n.t("heatmap_cols", lang), "selection", right)
if rows == cols:
    st.info(i18n.t("same_dimension", lang))
else:
    cells = charts.heatmap_data(data.cross_counts(version, f, rows, cols), rows, cols, lang)
    typology_view.chart("heatmap", cells, (rows, cols, lang), f"typology-heatmap-{rows}-{cols}", (rows, cols),
                        ("row", "col"), charts.heatmap_table(cells, rows, cols, lang), f"typologie-{rows}-{cols}.csv",
                        lang)
