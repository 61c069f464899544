"""Draw the editions with Streamlit: the page « Éditions et suites » (pages/editions.py) and the editions of one
assembly on its fiche (acp.ui.fiche_view). Figures and frames come from acp.editions, the chart from
acp.editions_chart; reads are cached by the data version and the Filter, as acp.ui.data's are.

A click on a bar of the page's timeline keeps the bar's assembly in the session (`_on_pick`); the next run opens
its fiche (`open_picked_fiche`, first thing on the page) with `?id=`, and the chart is drawn anew under a new key,
so coming back to the page never opens the fiche again. Every table also links each edition to its fiche.
"""
from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from .. import charts, editions, editions_chart, export, filters, i18n
from ..schema import EDITIONS
from . import data, page

PICKED = "acp_edition_picked"       # the assembly whose bar was clicked, until the next run opens its fiche
CHART_GEN = "acp_edition_chart_gen"  # a new chart key after each click: no selection left behind
MAX_TABLE_ROWS = 1000  # rows of a table on screen; its download has them all


# ---------------------------------------------------------------- cached reads

@st.cache_data(show_spinner=False, max_entries=64)
def totals(version: int, f: filters.Filter) -> tuple[int, int]:
    """(editions, assemblies having one) among the filtered assemblies."""
    return editions.totals(data.cursor(), f)


@st.cache_resource(show_spinner=False, max_entries=16)
def first_rows(version: int, f: filters.Filter) -> pd.DataFrame:
    """The first MAX_TABLE_ROWS editions of the filtered assemblies (the tables on screen; shared, only read)."""
    return editions.select(data.cursor(), f, limit=MAX_TABLE_ROWS)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline(version: int, f: filters.Filter, lang: str) -> tuple[pd.DataFrame, int, int]:
    """The bars of the first MAX_CHART_ROWS assemblies having an edition, how many such assemblies are left off,
    how many of the drawn assemblies' editions have no start."""
    frame = editions.select(data.cursor(), f, first_assemblies=editions.MAX_CHART_ROWS)
    drawn, _, undated = editions.timeline_data(frame, lang)
    return drawn, max(0, totals(version, f)[1] - editions.MAX_CHART_ROWS), undated


@st.cache_data(show_spinner=False, max_entries=32)
def figures(version: int, f: filters.Filter) -> dict:
    """The follow-up figures over every edition of the filtered assemblies (only the columns they need read)."""
    return editions.figures(data.cursor(), f)


def everything(f: filters.Filter) -> pd.DataFrame:
    """Every edition of the filtered assemblies: read when a download is clicked, never on a page's run."""
    return editions.select(data.cursor(), f)


@st.cache_data(show_spinner=False, max_entries=8)
def total(version: int) -> int:
    return editions.count(data.cursor())


# ---------------------------------------------------------------- the click on a bar

def _on_pick(key: str) -> None:
    state = st.session_state.get(key)
    items = charts.picked(state.selection if state is not None else {}, editions_chart.FIELDS)
    if items:
        st.session_state[PICKED] = items[0]["assembly"]
        st.session_state[CHART_GEN] = st.session_state.get(CHART_GEN, 0) + 1


def open_picked_fiche(lang: str) -> None:
    """After a click on a bar: open that assembly's fiche (ends this run)."""
    assembly = st.session_state.pop(PICKED, None)
    if assembly:
        st.switch_page("pages/fiche.py", query_params=page.link_params(lang, id=assembly))


def fiche_url(assembly: str, lang: str) -> str:
    """The fiche's address, relative to the page's (`fiche?id=…`)."""
    return "fiche?" + urllib.parse.urlencode(page.link_params(lang, id=assembly))


# ---------------------------------------------------------------- drawing

def _download(label: str, lang: str, make, file_name: str, key: str) -> None:
    """A CSV download made only when clicked (a large table costs nothing until then)."""
    st.download_button(i18n.t(label, lang), data=lambda: export.to_csv_bytes(make()), file_name=file_name,
                       mime="text/csv", icon=":material/download:", on_click="ignore", key=key)


def _first_rows_note(count: int, lang: str) -> None:
    if count > MAX_TABLE_ROWS:
        st.caption(i18n.t("table_first_rows", lang, count=count, shown=i18n.fmt_int(MAX_TABLE_ROWS, lang),
                          n=i18n.fmt_int(count, lang)))


def follow_up(figs: dict, lang: str, key: str) -> None:
    """The four follow-up figures, each with its n and its unknowns, then as a table and a CSV."""
    for col, name in zip(st.columns(len(editions.FIGURES)), editions.FIGURES):
        with col:
            st.metric(i18n.t(f"{name}_title", lang), editions.figure_value(figs[name], lang))
            st.caption(editions.figure_detail(figs[name], lang))
    with st.expander(i18n.t("figures_data", lang)):
        table = editions.figures_table(figs, lang)
        st.table(table, hide_index=True, border="horizontal")
        _download("download_figures_csv", lang, lambda: table, "editions-suites.csv", f"csv-{key}")


def timeline_chart(drawn: pd.DataFrame, lang: str, key: str, clickable: bool, title: bool = True) -> None:
    st.html(editions_chart.legend_html(lang))
    spec = editions_chart.spec(drawn, lang, title)
    if clickable:
        key = f"{key}-{st.session_state.get(CHART_GEN, 0)}"
        st.vega_lite_chart(spec, key=key, on_select=lambda: _on_pick(key), width="stretch")
    else:
        st.vega_lite_chart(spec, key=key, width="stretch")


def _table_config(frame: pd.DataFrame, lang: str) -> dict:
    config = {i18n.t("open_fiche_column", lang): st.column_config.LinkColumn(
        display_text=i18n.t("open_fiche_text", lang), width="small", pinned=True)}
    report = EDITIONS.column("report").label(lang)
    if report in frame.columns:
        config[report] = st.column_config.LinkColumn(width="medium")
    return config


def _on_screen(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as read on screen: a count written in the language's digits, an unknown one « Non renseigné »
    (its CSV keeps numbers, and an empty cell for unknown)."""
    out = table.copy()
    unknown = i18n.t("not_recorded", lang)
    for name in out.columns:
        if str(out[name].dtype) == "Int64":
            out[name] = [unknown if pd.isna(v) else i18n.fmt_int(v, lang) for v in out[name]]
    return out


def _with_fiche_links(table: pd.DataFrame, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = table.copy()
    out.insert(0, i18n.t("open_fiche_column", lang), [fiche_url(a, lang) for a in frame["assembly"]])
    return out


def editions_page(version: int, f: filters.Filter, lang: str) -> None:
    """Everything under the page's count line: timeline, figures, topics, the editions' table. Tables on screen
    hold the first MAX_TABLE_ROWS editions, their downloads every one (read when clicked)."""
    count, _ = totals(version, f)
    if not count:
        st.info(i18n.t("no_edition", lang))
        return
    st.markdown(f"**{i18n.t('editions_count', lang, count=count, n=i18n.fmt_int(count, lang))}**")

    st.subheader(i18n.t("editions_timeline", lang))
    st.caption(i18n.t("editions_timeline_hint", lang))
    drawn, left_off, undated = timeline(version, f, lang)
    timeline_chart(drawn, lang, "editions-timeline", clickable=True, title=False)
    if left_off:
        st.caption(i18n.t("editions_left_off", lang, count=left_off, n=i18n.fmt_int(left_off, lang),
                          shown=i18n.fmt_int(editions.MAX_CHART_ROWS, lang)))
    if undated:
        st.caption(i18n.t("editions_undated", lang, count=undated, n=i18n.fmt_int(undated, lang)))
    with st.expander(i18n.t("chart_data", lang)):
        table = editions.timeline_table(drawn, lang)
        st.table(table, hide_index=True, border="horizontal")
        _download("download_chart_csv", lang, lambda: table, "editions-frise.csv", "csv-editions-timeline")

    st.subheader(i18n.t("follow_up_title", lang))
    st.caption(i18n.t("follow_up_help", lang))
    follow_up(figures(version, f), lang, "editions-figures")

    shown = first_rows(version, f)
    st.subheader(i18n.t("editions_topics", lang))
    _first_rows_note(count, lang)
    st.dataframe(_with_fiche_links(editions.topics_table(shown, lang), shown, lang), hide_index=True,
                 column_config=_table_config(shown, lang), key="editions-topics")
    _download("download_topics_csv", lang, lambda: editions.topics_table(everything(f), lang), "editions-sujets.csv",
              "csv-editions-topics")

    st.subheader(i18n.t("editions_table", lang))
    _first_rows_note(count, lang)
    display = _on_screen(_with_fiche_links(editions.table(shown, lang), shown, lang), lang)
    st.dataframe(display, hide_index=True, column_config=_table_config(display, lang), key="editions-table")
    _download("download_editions_csv", lang, lambda: editions.table(everything(f), lang), "editions.csv",
              "csv-editions-table")


def fiche_section(con, record: dict, lang: str, heading_level: int = 2) -> None:
    """On a fiche: the assembly's editions as a timeline and a table, and their follow-up; a sentence when none."""
    st.markdown(f"{'#' * (heading_level + 1)} {i18n.t('fiche_editions', lang)}")
    frame = editions.for_assembly(con, record["id"])
    if frame.empty:
        st.caption(i18n.t("fiche_no_edition", lang))
        return
    drawn, _, undated = editions.timeline_data(frame, lang)
    if len(drawn):
        timeline_chart(drawn, lang, f"fiche-editions-{record['id']}", clickable=False, title=False)
    if undated:
        st.caption(i18n.t("editions_undated", lang, count=undated, n=i18n.fmt_int(undated, lang)))
    table = editions.table(frame, lang, with_assembly=False)
    st.dataframe(_on_screen(table, lang), hide_index=True, column_config=_table_config(table, lang), key=f"fiche-editions-table-{record['id']}")
    _download("download_editions_csv", lang, lambda: table, f"editions-{record['id']}.csv", f"csv-fiche-editions-{record['id']}")
    st.markdown(f"**{i18n.t('follow_up_title', lang)}**")
    figs = editions.follow_up(frame)
    st.markdown("\n".join(f"- {i18n.t(f'{name}_title', lang)}{i18n.colon(lang)}**{editions.figure_value(figs[name], lang)}** "
                          f"({editions.figure_detail(figs[name], lang)})" for name in editions.FIGURES))
