"""The coordination area's « Sauvegarde et dépôt »: the data repository's state (acp.store.datarepo), a backup to
download, a backup to restore with its preview and a confirmation (acp.backup)."""
from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from .. import backup, i18n, store
from ..i18n import md
from ..schema import DATASETS

PLAN = "acp_coord_restore_plan"  # (the file's SHA-256, the data version) -> the Plan read from it


def render(cur, name: str, lang: str, preview, done, nonce: int = 0) -> None:
    """`preview(diff, lang, key, dataset)` draws a Diff; `done(text)` tells the result and reruns; `nonce` changes
    after every write (a fresh uploader)."""
    _repository(lang)
    st.subheader(i18n.t("coord_backup_title", lang), anchor=False)
    st.caption(i18n.t("coord_backup_help", lang))
    st.download_button(i18n.t("coord_backup_download", lang), data=lambda: backup.make(cur),
                       file_name=backup.file_name(), mime="application/zip", key="coord-backup-download",
                       icon=":material/download:", on_click="ignore")
    _restore(cur, name, lang, preview, done, nonce)


def _when(text: str | None, lang: str) -> str:  # lang: one format in every language, as in the history
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return str(text or "")
    return f"{moment:%d/%m/%Y %H:%M}"  # like the history's table


def _code(text: str) -> str:
    """Inside a code span (between backticks) Markdown is not read: only a backtick would end it."""
    return str(text).replace("`", "'")


def _repository(lang: str) -> None:
    st.subheader(i18n.t("coord_repo_title", lang), anchor=False)
    status = store.datarepo.status()
    if status is None:
        st.info(i18n.t("coord_repo_none", lang))
        return
    st.markdown(i18n.t("coord_repo_where", lang, url=_code(status["url"]), branch=_code(status["branch"])))
    pushed = status["pushed"]
    st.markdown(i18n.t("coord_repo_pushed", lang, commit=_code(pushed["commit"]), date=_when(pushed["date"][:19], lang),
                       subject=md(pushed["subject"])) if pushed else i18n.t("coord_repo_never", lang))
    if status["pending"]:
        n = len(status["pending"])
        st.warning(i18n.t("coord_repo_pending", lang, count=n, n=n) + "\n\n"
                   + "\n".join(f"- {md(subject)}" for subject in status["pending"][:10]))
    else:
        st.success(i18n.t("coord_repo_all_sent", lang))
    if status["error"]:
        st.error(i18n.t("coord_repo_error", lang, when=_when(status["error_at"], lang), attempts=status["attempts"],
                        error=md(status["error"])))
    if status["merged_at"]:
        st.caption(i18n.t("coord_repo_merged", lang, when=_when(status["merged_at"], lang)))
    if status["pending"] and st.button(i18n.t("coord_repo_retry", lang), key="coord-repo-retry",
                                       icon=":material/sync:"):
        store.datarepo.resume()
        store.datarepo.wait_pushed(None, 20)
        st.rerun()


def _restore(cur, name: str, lang: str, preview, done, nonce: int) -> None:
    st.subheader(i18n.t("coord_restore_title", lang), anchor=False)
    st.caption(i18n.t("coord_restore_help", lang))
    upload = st.file_uploader(i18n.t("coord_restore_upload", lang), type=["zip"], key=f"coord-restore-file-{nonce}")
    if upload is None:
        return
    data = upload.getvalue()
    key = (hashlib.sha256(data).hexdigest(), store.data_version(cur))
    cached = st.session_state.get(PLAN)
    try:
        plan = cached[1] if cached and cached[0] == key else backup.read(data, upload.name)
    except store.StoreError as exc:
        st.error(exc.render(lang))
        return
    st.session_state[PLAN] = (key, plan)
    rows = ", ".join(DATASETS[d].count(n).render(lang) for d, n in plan.rows().items())
    st.info(i18n.t("coord_restore_about", lang, date=_when(plan.created, lang), rows=rows))
    for dataset, diff in backup.preview(cur, plan, lang).items():
        st.markdown(f"**{i18n.t('coord_restore_dataset', lang, dataset=DATASETS[dataset].label(lang))}**")
        preview(diff, lang, f"coord-restore-preview-{dataset}", dataset)
    if st.button(i18n.t("coord_restore_confirm", lang), type="primary", key="coord-restore-confirm",
                 icon=":material/settings_backup_restore:"):
        try:
            numbers = backup.restore(cur, plan, by=name)
        except store.StoreError as exc:
            st.error(exc.render(lang))
            return
        st.session_state.pop(PLAN, None)
        done(i18n.t("coord_restored", lang, numbers=", ".join(str(n) for n in numbers.values())))
