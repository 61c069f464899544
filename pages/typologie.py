"""Typologie: the filtered assemblies by level, initiator, topics, functions, selection method,
specialisation and country; creations per year; a heat map crossing two dimensions.

A click on a bar or a cell adds its value to the shared Filter (acp.typology_view), so the map,
the table, the URL and the other charts follow.
"""
import streamlit as st

from acp import charts, filter_panel, glossary, i18n, typology_view, ui

lang = ui.page_lang()
version = ui.version()
f = filter_panel.current()
countries = ui.countries(version)
TOP_COUNTRIES = 12  # more countries than this: the chart shows the first ones, its table has them all


def dimension_picker(param: str, label: str, default: str, container) -> str:
    return ui.url_choice(param, charts.DIMENSIONS, label, lambda d: charts.column(d).label(lang), default=default,
                         container=container, dropdown=True)


st.title(i18n.t("typology_title", lang))
# Streamlit's "Show data" would list the charts' inner fields (codes, colours): each chart has its own
# table and CSV below it; the PNG download and full screen stay in the chart's toolbar.
st.html('<style>[data-testid="stElementToolbar"] button[aria-label="Show data"]{display:none}</style>')
count_col, glossary_col = st.columns([3, 1], vertical_alignment="center")
with count_col:
    ui.count_line(version, f, lang)
with glossary_col:
    with st.popover(glossary.short_title(lang), icon=":material/menu_book:", width="stretch"):
        st.markdown(glossary.markdown(lang))
st.caption(i18n.t("typology_hint", lang))

# ------------------------------------------------------------ one bar chart per dimension
facet_counts = ui.all_facet_counts(version, f)  # the sidebar's own counts (cached): a chart counts as its facet
filter_panel.render(lang, version)  # after the count line has gone and the counts are computed: see acp.filter_panel
for pair in (charts.DIMENSIONS[i:i + 2] for i in range(0, len(charts.DIMENSIONS), 2)):
    for col, dimension in zip(st.columns(2, gap="large"), pair):
        with col:
            others = f.with_values(dimension, ())  # a chart counts under the other filters, as the sidebar does
            counts = facet_counts[dimension]
            data = charts.bar_data(counts, dimension, ui.count(version, others), lang, countries, f.selected(dimension))
            table = charts.bar_table(data, dimension, lang)
            if dimension == "country" and len(data) > TOP_COUNTRIES:
                data = data.head(TOP_COUNTRIES)
                st.caption(i18n.t("top_countries", lang, n=TOP_COUNTRIES))
            typology_view.chart("bar", data, (dimension, lang), f"typology-{dimension}", (dimension,), ("code",),
                                table, f"typologie-{dimension}.csv", lang)

# ------------------------------------------------------------ creations per year, stacked
st.divider()
if ui.count(version, f) == 0:
    st.info(i18n.t("no_assembly", lang))
    st.stop()

picker, _ = st.columns([1, 2])
stack = dimension_picker("stack", i18n.t("stack_by", lang), "level", picker)
bounds = ui.year_bounds(version)
years = (f.year_min or bounds[0], f.year_max or bounds[1]) if bounds else None
data = charts.timeline_data(ui.year_counts(version, f, stack), stack, lang, countries, years)
typology_view.chart("timeline", data, (stack, lang), f"typology-timeline-{stack}", (stack,), ("code",),
                    charts.timeline_table(data, stack, lang), f"typologie-annees-{stack}.csv", lang)
undated = ui.undated(version, f)
if undated:
    st.caption(i18n.t("no_start_year", lang, n=i18n.fmt_int(undated, lang)))

# ------------------------------------------------------------ heat map
st.divider()
left, right = st.columns(2)
rows = dimension_picker("rows", i18n.t("heatmap_rows", lang), "level", left)
cols = dimension_picker("cols", i18n.t("heatmap_cols", lang), "selection", right)
if rows == cols:
    st.info(i18n.t("same_dimension", lang))
else:
    data = charts.heatmap_data(ui.cross_counts(version, f, rows, cols), rows, cols, lang)
    typology_view.chart("heatmap", data, (rows, cols, lang), f"typology-heatmap-{rows}-{cols}", (rows, cols),
                        ("row", "col"), charts.heatmap_table(data, rows, cols, lang), f"typologie-{rows}-{cols}.csv",
                        lang)
