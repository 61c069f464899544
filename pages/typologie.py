"""Typologie: the filtered assemblies by level, initiator, topics, functions, selection method,
specialisation and country; creations per year; a heat map crossing two dimensions.

A click on a bar or a cell adds its value to the shared Filter (acp.filter_panel), so the map,
the table, the URL and the other charts follow.
"""
import streamlit as st

from acp import charts, export, filter_panel, glossary, i18n, ui

lang = ui.page_lang()
version = ui.version()
f = filter_panel.current()
countries = ui.countries(version)
generation = st.session_state.get(filter_panel.GENERATION, 0)
DEFAULTS = {"stack": "level", "rows": "level", "cols": "selection"}
TOP_COUNTRIES = 12  # more countries than this: the chart shows the first ones, its table has them all


def dimension_label(dimension: str) -> str:
    return charts.column(dimension).label(lang)


def url_select(param: str, label: str, container) -> str:
    """A dimension picker kept in the URL by its code (so a language switch keeps it)."""
    options = list(charts.DIMENSIONS)
    default = DEFAULTS[param]
    wanted = st.query_params.get(param)
    key = f"typology-{param}-{lang}"  # a widget keeps its label as its value: a new one per language

    def remember():
        value = st.session_state[key]
        if value == default:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = value

    return container.selectbox(label, options, index=options.index(wanted if wanted in options else default),
                               format_func=dimension_label, key=key, on_change=remember)


def on_pick(key: str, facets: tuple[str, ...], fields: tuple[str, ...]) -> None:
    """The chart's click, before the rerun: add the clicked value(s) to the Filter."""
    state = st.session_state.get(key)
    items = charts.picked(state.selection if state is not None else {}, fields)
    if items:
        filter_panel.add_values(dict(zip(facets, (items[0][field] for field in fields))))


def chart(kind: str, data, args: tuple, key: str, facets: tuple[str, ...], fields: tuple[str, ...],
          table, file_name: str) -> None:
    """A chart whose click sets the Filter, and its data as a table and a CSV file."""
    key = f"{key}-{generation}"  # a new chart after each click: no selection left over
    st.vega_lite_chart(charts.spec(kind, data, *args), key=key, on_select=lambda: on_pick(key, facets, fields),
                       width="stretch")
    with st.expander(i18n.t("chart_data", lang)):
        st.table(table, hide_index=True, border="horizontal")  # every label and number in view, no scrolling
        st.download_button(i18n.t("download_chart_csv", lang), data=export.to_csv_bytes(table), file_name=file_name,
                           mime="text/csv", icon=":material/download:", on_click="ignore", key=f"csv-{key}")


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
filter_panel.render(lang, version)
st.caption(i18n.t("typology_hint", lang))

# ------------------------------------------------------------ one bar chart per dimension
facet_counts = ui.all_facet_counts(version, f)  # the sidebar's own counts (cached): a chart counts as its facet
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
            chart("bar", data, (dimension, lang), f"typology-{dimension}", (dimension,), ("code",), table,
                  f"typologie-{dimension}.csv")

# ------------------------------------------------------------ creations per year, stacked
st.divider()
if ui.count(version, f) == 0:
    st.info(i18n.t("no_assembly", lang))
    st.stop()

picker, _ = st.columns([1, 2])
stack = url_select("stack", i18n.t("stack_by", lang), picker)
bounds = ui.year_bounds(version)
years = (f.year_min or bounds[0], f.year_max or bounds[1]) if bounds else None
data = charts.timeline_data(ui.year_counts(version, f, stack), stack, lang, countries, years)
chart("timeline", data, (stack, lang), f"typology-timeline-{stack}", (stack,), ("code",),
      charts.timeline_table(data, stack, lang), f"typologie-annees-{stack}.csv")
undated = ui.undated(version, f)
if undated:
    st.caption(i18n.t("no_start_year", lang, n=i18n.fmt_int(undated, lang)))

# ------------------------------------------------------------ heat map
st.divider()
left, right = st.columns(2)
rows = url_select("rows", i18n.t("heatmap_rows", lang), left)
cols = url_select("cols", i18n.t("heatmap_cols", lang), right)
if rows == cols:
    st.info(i18n.t("same_dimension", lang))
else:
    data = charts.heatmap_data(ui.cross_counts(version, f, rows, cols), rows, cols, lang)
    chart("heatmap", data, (rows, cols, lang), f"typology-heatmap-{rows}-{cols}", (rows, cols), ("row", "col"),
          charts.heatmap_table(data, rows, cols, lang), f"typologie-{rows}-{cols}.csv")
