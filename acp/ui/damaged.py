"""The page shown instead of any other while the base is damaged, and the rebuild it offers."""
from __future__ import annotations

import logging
import math

import streamlit as st

from .. import auth, i18n, store
from ..schema import DATASETS
from ..store import process
from . import login
from .page import lang

_log = logging.getLogger(__name__)
REBUILT = "acp_rebuilt"  # session state: the summary of a rebuild this session made, shown once


def damaged_page(exc: store.DatabaseDamaged) -> None:
    """Shown instead of any page while the base is damaged: what is wrong, and the two ways to rebuild it (from
    the embedded data, from the last CSV export); the damaged file is set aside, never deleted. Stops the script.

    When a coordinator password is configured, rebuilding asks for it (with the login's slowdown)."""
    process.drop()
    lang_ = lang()
    copies = store.export_info(exc.path)
    configured = login.configured_password()
    with st.container(key="db-damaged"):
        st.title(i18n.t("db_damaged_title", lang_))
        st.error(i18n.t("db_damaged_intro", lang_, path=str(exc.path).replace("`", "'"),
                        reason=store.DAMAGE_KINDS[exc.kind].render(lang_)))
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
    return DATASETS[dataset].label(lang_)


def _rebuild(path, source: str, configured: str | None, password: str | None, lang_: str) -> None:
    if configured:
        attempt = auth.attempt(password or "", configured, login.session_id(), login.client_address())
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
        st.error(exc.render(lang_))
        return
    else:
        _log.warning("base reconstruite depuis l'application : %s", rebuilt.summary())
        st.session_state[REBUILT] = rebuilt
    st.cache_data.clear()  # the new base may reuse the data versions the cached readers are keyed by
    st.cache_resource.clear()
    st.rerun()


def rebuilt_notice() -> None:
    """Once, after this session rebuilt the base: what was done."""
    rebuilt = st.session_state.pop(REBUILT, None)
    if rebuilt:
        lines = [i18n.md(line.strip()) for line in rebuilt.summary(lang()).splitlines()]
        st.success(f"**{i18n.t('db_rebuilt', lang())}**  \n" + "  \n".join(lines), icon=":material/check_circle:")
