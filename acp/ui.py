"""The few Streamlit helpers the pages share: the database connection and cached reads.

One DuckDB connection per process, held as a Streamlit resource; a cursor per script run.
Cached reads take the data version (the newest import's number) as an argument, so every
session sees new data on its next run after an import, without a manual cache flush.
"""
from __future__ import annotations

import logging

import duckdb
import streamlit as st

from . import filters, store
from . import i18n
from .i18n import DEFAULT_LANG, LANGS

_OPENED: dict = {}  # path -> the connection _connection made, so that it can be closed when dropped
_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    store.build_if_missing(path)
    con = store.connect(path)  # DatabaseDamaged / DatabaseBusy / StoreError: not cached, tried again next run
    store.refresh_exports(con)  # the CSV copies a rebuild would start from (never raises)
    _OPENED[path] = con
    return con


def cursor():
    """A cursor on the process-wide connection, for this script run."""
    return _connection(str(store.db_path())).cursor()


def ensure_connection() -> None:
    """First thing of every run (app.py): the process-wide connection, opened again when a fatal error (a full
    disk during a write…) has invalidated it. Raises DatabaseDamaged, DatabaseBusy or StoreError."""
    path = str(store.db_path())
    con = _connection(path)
    try:
        probe = con.cursor()
        try:
            probe.execute("SELECT 1")
        finally:
            probe.close()
    except duckdb.Error as exc:
        _log.warning("connexion à la base invalidée (%s) : elle est rouverte", exc)
        drop_connection()
        _connection(path)


def drop_connection() -> None:
    """Close the process-wide connection and forget it (`_connection.clear()`): the next run opens the base again."""
    _connection.clear()
    while _OPENED:
        try:
            _OPENED.popitem()[1].close()
        except duckdb.Error:
            pass


def rerun_after_lost_connection(exc: BaseException) -> None:
    """A page met the process-wide connection invalidated by a fatal error (a full disk during another session's
    import) or closed to be reopened: run once more (at most every 10 s), ensure_connection opens it again."""
    import time

    text = str(exc).lower()
    if ("invalidated" in text or "connection already closed" in text) and \
            time.monotonic() - st.session_state.get(RECOVERED, -1e9) > 10:
        st.session_state[RECOVERED] = time.monotonic()
        st.rerun()


RECOVERED = "acp_recovered"  # session state: when rerun_after_lost_connection last ran the script again
REBUILT = "acp_rebuilt"  # session state: the summary of a rebuild this session made, shown once


def damaged_page(exc: store.DatabaseDamaged) -> None:
    """Shown instead of any page while the base is damaged: what is wrong, and the two ways to rebuild it (from
    the embedded data, from the last CSV export); the damaged file is set aside, never deleted. Stops the script.

    When a coordinator password is configured, rebuilding asks for it (with the login's slowdown)."""
    from . import coordination_view

    drop_connection()
    lang_ = lang()
    copies = store.export_info(exc.path)
    configured = coordination_view.configured_password()
    with st.container(key="db-damaged"):
        st.title(i18n.t("db_damaged_title", lang_))
        st.error(i18n.t("db_damaged_intro", lang_, path=str(exc.path).replace("`", "'"),
                        reason=i18n.t(f"db_damaged_{exc.kind}", lang_)))
        st.markdown(i18n.t("db_damaged_choose", lang_, name=exc.path.name.replace("`", "'")))
        password = (st.text_input(i18n.t("db_rebuild_password", lang_), type="password", max_chars=500,
                                  key="db-rebuild-password", width=420) if configured else None)
        seed_column, exports_column = st.columns(2, gap="large")
        with seed_column:
            from_seed = st.button(i18n.t("db_rebuild_seed", lang_), key="db-rebuild-seed", icon=":material/restart_alt:",
                                  type="secondary" if copies else "primary")
            st.caption(i18n.t("db_rebuild_seed_help", lang_))
        with exports_column:
            from_exports = st.button(i18n.t("db_rebuild_exports", lang_), key="db-rebuild-exports",
                                     icon=":material/history:", type="primary", disabled=not copies)
            if copies:
                items = ", ".join(i18n.t("db_rebuild_exports_item", lang_, dataset=i18n.md(_dataset_label(d, lang_)),
                                         date=i18n.fmt_date(c["written"].date(), lang_, "medium"),
                                         time=i18n.fmt_time(c["written"].time(), lang_)) for d, c in copies.items())
                st.caption(i18n.t("db_rebuild_exports_help", lang_, items=items))
            else:
                st.caption(i18n.t("db_rebuild_no_exports", lang_))
        if exc.detail:
            with st.expander(i18n.t("db_damaged_details", lang_)):
                st.code(exc.detail, language=None, wrap_lines=True)
        if from_seed or from_exports:
            _rebuild(exc.path, "exports" if from_exports else "seed", configured, password, lang_)
    st.stop()


def _dataset_label(dataset: str, lang_: str) -> str:
    from .schema import DATASETS

    return DATASETS[dataset].en if lang_ == "en" else DATASETS[dataset].fr


def _rebuild(path, source: str, configured: str | None, password: str | None, lang_: str) -> None:
    import math
    import secrets

    from . import auth, coordination_view

    if configured:
        session_id = st.session_state.setdefault(coordination_view.SESSION_ID, secrets.token_hex(16))
        attempt = auth.attempt(password or "", configured, session_id)
        if attempt.wait > 0 or not attempt.ok:
            st.error(i18n.t("coord_wait", lang_, s=math.ceil(attempt.wait)) if attempt.wait > 0
                     else i18n.t("coord_wrong_password", lang_))
            return
    try:
        with st.spinner(i18n.t("db_rebuilding", lang_)):
            rebuilt = store.rebuild(path, source=source)
    except store.NotDamaged:
        pass  # another session has just rebuilt it
    except store.StoreError as exc:
        st.error(str(exc))
        return
    else:
        _log.warning("base reconstruite depuis l'application : %s", rebuilt.summary())
        st.session_state[REBUILT] = rebuilt.summary()
    st.cache_data.clear()  # the new base may reuse the data versions the cached readers are keyed by
    st.cache_resource.clear()
    _OPENED.clear()
    st.rerun()


def rebuilt_notice() -> None:
    """Once, after this session rebuilt the base: what was done."""
    summary = st.session_state.pop(REBUILT, None)
    if summary:
        lines = [i18n.md(line.strip()) for line in summary.splitlines()]
        st.success(f"**{i18n.t('db_rebuilt', lang())}**  \n" + "  \n".join(lines), icon=":material/check_circle:")


NAVIGATED = "acp_navigated"
MAX_PICK_LIST = 300  # beyond this, a list of assemblies to pick from is too long to send or read


def mark_navigated() -> None:
    """Called by app.py, in every run, once st.navigation has chosen the page."""
    st.session_state[NAVIGATED] = True


def page_lang() -> str:
    """First call of every page: its language, after making sure app.py is in charge.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until some
    session has called st.navigation: a process's very first request for /carte would run
    pages/carte.py alone, without app.py's sidebar filters. Such a run switches the process
    to st.navigation's mode and reruns, so app.py runs and routes to this page. (The mark
    is taken, so each run must come through app.py again.)
    """
    if not st.session_state.pop(NAVIGATED, False):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return lang()


def lang() -> str:
    value = st.query_params.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def link_params(lang: str, **params) -> dict | None:
    """A page link's query parameters, with the language when it is not French: a link opened in a
    new tab or shared keeps the language on screen."""
    params = {**params, **({"lang": lang} if lang != DEFAULT_LANG else {})}
    return params or None


@st.cache_data(show_spinner=False, max_entries=64)
def key_figures(version: int) -> dict:
    return store.key_figures(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def table(name: str, version: int):
    return store.read_table(cursor(), name)


def version() -> int:
    return store.data_version(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def all_facet_counts(version: int, f: filters.Filter) -> dict:
    """Every facet's counts under `f`, by facet name (one query; the sidebar and the typology charts share it)."""
    return filters.all_facet_counts(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=256)
def count(version: int, f: filters.Filter) -> int:
    return filters.count(cursor(), f)


@st.cache_resource(show_spinner=False, max_entries=16)
def select(version: int, f: filters.Filter):
    """The filtered assemblies: one frame shared by every session and every reader, which only read it.

    A resource, not cached data: st.cache_data would pickle the frame once and unpickle a copy for each
    call (at 100,000 assemblies about a second each, and a copy kept per open map session)."""
    return filters.select(cursor(), f)


@st.cache_data(show_spinner=False, max_entries=8)
def year_bounds(version: int):
    return filters.year_bounds(cursor())


@st.cache_data(show_spinner=False, max_entries=8)
def countries(version: int) -> list[str]:
    """Every country in the data, sorted: the order that gives each country its colour."""
    return sorted(store.read_table(cursor(), "assemblies")["country"].dropna().unique())


def url_choice(param: str, options, label: str, format_func, horizontal: bool = False, default=None,
               container=None, dropdown: bool = False):
    """A choice kept in the URL as its code (so a language switch keeps it), absent from the URL
    when it is the default (the first option unless given): radio buttons, or a dropdown."""
    wanted = st.query_params.get(param)
    options = list(options)
    default = options[0] if default is None else default
    index = options.index(wanted if wanted in options else default)
    key = f"url-{param}-{lang()}"  # a widget keeps its label as its value: a new one per language

    def remember():
        value = st.session_state[key]
        if value == default:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = value

    where = container if container is not None else st
    if dropdown:
        return where.selectbox(label, options, index=index, format_func=format_func, key=key, on_change=remember)
    return where.radio(label, options, index=index, format_func=format_func, key=key, on_change=remember,
                       horizontal=horizontal)


def url_flag(param: str, default: bool) -> bool:
    value = st.query_params.get(param)
    return default if value is None else value not in ("0", "false", "non")


def count_line(version: int, f: filters.Filter, lang: str) -> None:
    """'N assemblées sur M': under the page's title, and again at the foot of the sidebar's filters."""
    shown, total = count(version, f), count(version, filters.Filter())
    st.markdown(f"**{i18n.count_of(shown, total, lang)}**")


PROJECTOR_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 3.5rem; padding-bottom: 2rem;}
h1 {font-size: 2.1rem !important; padding-top: 0 !important;}
</style>"""


@st.cache_data(show_spinner=False, max_entries=32)
def map_points(version: int, f: filters.Filter, dimension: str, lang: str):
    from . import maps

    return maps.points(select(version, f), dimension, lang, countries(version))


@st.cache_resource(show_spinner=False, max_entries=16)
def map_deck(version: int, f: filters.Filter, dimension: str, lang: str, online_tiles: bool):
    """The built map, shared by the sessions showing the same view (it is only read)."""
    from . import maps

    return maps.deck(map_points(version, f, dimension, lang), online_tiles)


@st.cache_data(show_spinner=False, max_entries=32)
def table_display(version: int, f: filters.Filter, lang: str):
    from . import tables

    return tables.display(select(version, f), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def year_counts(version: int, f: filters.Filter, dimension: str):
    """Creations per start year and value of `dimension` among the filtered assemblies (typology timeline)."""
    from . import charts

    return charts.year_counts(select(version, f), dimension)


@st.cache_data(show_spinner=False, max_entries=64)
def cross_counts(version: int, f: filters.Filter, rows: str, cols: str):
    """Filtered assemblies per pair of values of two dimensions (typology heat map)."""
    from . import charts

    return charts.cross_counts(select(version, f), rows, cols)


@st.cache_data(show_spinner=False, max_entries=64)
def undated(version: int, f: filters.Filter) -> int:
    """How many filtered assemblies have no start year."""
    return int(select(version, f)["start_year"].isna().sum())
