"""The coordination area with Streamlit, once a coordinator has logged in (acp.ui.login.gate): uploads
(template, validation report, preview, confirmation), the proposals queue, the import history and rollback. Writes go through the process-wide DuckDB connection (a cursor of it), serialised
by acp.store's lock; every write adds a row to `imports`, which changes the data version the
cached readers are keyed by, so every page of every session shows the new data on its next run.
"""
from __future__ import annotations

import datetime as dt
import functools
import json

import pandas as pd
import streamlit as st

from .. import coordination, export, i18n, proposals, store
from ..i18n import md
from ..ingest import read_upload
from ..ingest.participants import default_session
from ..ingest.survey import DEFAULT_WAVE_TITLE
from ..ingest.tabular import MAX_BYTES
from ..participants import session_label
from ..schema import DATASETS
from . import backup_view, data, login

FLASH = "acp_coord_flash"
NONCE = "acp_coord_nonce"         # bumped after a write: fresh uploader and pickers
PREVIEW_VERSION = "acp_coord_preview_version"
UPLOAD_CACHE = "acp_coord_upload"
MAX_UPLOAD_MB = max(1, MAX_BYTES // (1024 * 1024))
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "ods", "xls", "json"]
FILE_STEMS = {"assemblies": "assemblees", "survey": "sondage", "sessions": "calendrier",
              "participants": "participants", "editions": "editions"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


# ---------------------------------------------------------------- the area

def _logout() -> None:
    login.logout()
    st.session_state.pop(UPLOAD_CACHE, None)


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _show_flash() -> None:
    kind, text = st.session_state.pop(FLASH, (None, None))
    if kind:
        getattr(st, kind)(text)


def _bump() -> None:
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    st.session_state.pop(UPLOAD_CACHE, None)
    st.session_state.pop(PREVIEW_VERSION, None)


def _done(text: str) -> None:
    """A write's result, told after the rerun it calls for."""
    _flash("success", text)
    _bump()
    st.rerun()


def render(name: str, lang: str) -> None:
    cur = data.cursor()
    with st.container(horizontal=True, vertical_alignment="center", key="coord-user"):
        st.markdown(i18n.t("coord_logged_in", lang, name=md(name)))
        st.button(i18n.t("coord_logout", lang), on_click=_logout, key="coord-logout", icon=":material/logout:")
    _show_flash()
    pending = store.pending_count(cur)
    labels = {"import": i18n.t("coord_section_import", lang),
              "proposals": i18n.t("coord_section_proposals", lang, n=pending),
              "history": i18n.t("coord_section_history", lang),
              "backup": i18n.t("coord_section_backup", lang)}
    section = st.segmented_control(i18n.t("coord_section", lang), list(labels), default="import", required=True,
                                   format_func=labels.__getitem__, key="coord-section", label_visibility="collapsed")
    if section == "proposals":
        _proposals_section(cur, name, lang)
    elif section == "history":
        _history_section(cur, name, lang)
    elif section == "backup":
        backup_view.render(cur, name, lang, _preview, _done, st.session_state.get(NONCE, 0))
    else:
        _import_section(cur, name, lang)


# ---------------------------------------------------------------- uploads

def _templates(dataset: str, lang: str) -> None:
    stem = FILE_STEMS[dataset]
    with st.container(horizontal=True, key="coord-templates"):
        st.download_button(i18n.t("coord_template_csv", lang), data=lambda: coordination.template_csv(dataset),
                           file_name=f"modele-{stem}.csv", mime="text/csv", icon=":material/download:",
                           key=f"coord-template-csv-{dataset}")
        st.download_button(i18n.t("coord_template_xlsx", lang), data=lambda: coordination.template_xlsx(dataset),
                           file_name=f"modele-{stem}.xlsx", mime=XLSX_MIME, icon=":material/download:",
                           key=f"coord-template-xlsx-{dataset}")
        st.download_button(i18n.t("coord_template_ods", lang), data=lambda: coordination.template_ods(dataset),
                           file_name=f"modele-{stem}.ods", mime=ODS_MIME, icon=":material/download:",
                           key=f"coord-template-ods-{dataset}")
        st.download_button(i18n.t("coord_current_csv", lang),
                           data=lambda: export.to_csv_bytes(store.dataset_frame(data.cursor(), dataset)),
                           file_name=f"{stem}-actuel.csv", mime="text/csv", icon=":material/download:",
                           key=f"coord-current-csv-{dataset}")
        st.download_button(i18n.t("coord_current_xlsx", lang),
                           data=lambda: export.to_xlsx_bytes(store.dataset_frame(data.cursor(), dataset),
                                                             DATASETS[dataset].fr),
                           file_name=f"{stem}-actuel.xlsx", mime=XLSX_MIME, icon=":material/download:",
                           key=f"coord-current-xlsx-{dataset}")
        st.download_button(i18n.t("coord_current_ods", lang),
                           data=lambda: export.to_ods_bytes(store.dataset_frame(data.cursor(), dataset),
                                                            DATASETS[dataset].fr),
                           file_name=f"{stem}-actuel.ods", mime=ODS_MIME, icon=":material/download:",
                           key=f"coord-current-ods-{dataset}")


def _wave_context(context: dict, lang: str) -> dict | None:
    """The survey wave the upload fills: a new one or one to replace; None while the choice is invalid."""
    waves = context["waves"]
    modes = ["new", "replace"] if waves else ["new"]
    mode = st.radio(i18n.t("coord_wave_mode", lang), modes, horizontal=True, key="coord-wave-mode",
                    format_func=lambda m: i18n.t(f"coord_wave_{m}", lang))
    if mode == "replace":
        order = sorted(waves, key=lambda w: (waves[w]["date"] or dt.date.min, w), reverse=True)
        wave = st.selectbox(i18n.t("coord_wave_pick", lang), order, key="coord-wave-pick",
                            format_func=lambda w: f"{w} — {waves[w]['title'] or ''}")
        code, title, date = wave, waves[wave]["title"], waves[wave]["date"]
    else:
        left, middle, right = st.columns([1, 2, 1])
        code = left.text_input(i18n.t("coord_wave_code", lang), value=dt.date.today().strftime("%Y-%m"),
                               max_chars=40, key="coord-wave-code", help=i18n.t("coord_wave_code_help", lang))
        title = middle.text_input(i18n.t("coord_wave_title", lang), value=DEFAULT_WAVE_TITLE, max_chars=200,
                                  key="coord-wave-title")
        date = right.date_input(i18n.t("coord_wave_date", lang), value=dt.date.today(), format="DD/MM/YYYY",
                                key="coord-wave-date")
    problem = coordination.wave_problem(code, set(waves), mode == "replace", lang)
    if problem:
        st.error(problem)
        return None
    return {**context, "wave": code.strip(), "wave_title": (title or "").strip() or None, "wave_date": date}


def _session_context(context: dict, lang: str) -> dict | None:
    """The session a participants' profile belongs to (default: the latest dated one, past or today)."""

    sessions = context["sessions"]
    if not sessions:
        st.error(i18n.t("coord_no_session", lang))
        return None
    frame = pd.DataFrame([{"id": k, "title": v["title"], "date": v["date"]} for k, v in sessions.items()])
    order = sorted(sessions, key=lambda s: (sessions[s]["date"] is not None, sessions[s]["date"] or dt.date.min, s),
                   reverse=True)
    default = default_session(sessions)
    chosen = st.selectbox(i18n.t("coord_session_pick", lang), order, key="coord-session-pick",
                          index=order.index(default) if default in order else 0,
                          format_func=lambda s: session_label(s, frame, lang), help=i18n.t("coord_session_help", lang))
    return {**context, "session": chosen}


def _import_section(cur, name: str, lang: str) -> None:
    previous_version = st.session_state.get(PREVIEW_VERSION)
    version = data.version()
    dataset = st.radio(i18n.t("coord_dataset", lang), list(DATASETS), horizontal=True, key="coord-dataset",
                       format_func=lambda d: DATASETS[d].label(lang))
    st.caption(i18n.t(f"coord_replaces_{dataset}", lang))
    _templates(dataset, lang)
    context = store.ingest_context(cur)
    if dataset == "survey":
        context = _wave_context(context, lang)
        if context is None:
            return
    elif dataset == "participants":
        context = _session_context(context, lang)
        if context is None:
            return
    nonce = st.session_state.get(NONCE, 0)
    uploaded = st.file_uploader(i18n.t("coord_upload", lang, mb=MAX_UPLOAD_MB), type=UPLOAD_TYPES,
                                max_upload_size=MAX_UPLOAD_MB, key=f"coord-upload-{dataset}-{nonce}",
                                help=i18n.t("coord_upload_help", lang))
    if uploaded is None:  # also when the browser refused a file over the limit: Streamlit's mark is in English
        st.caption(i18n.t("coord_upload_too_big", lang, mb=MAX_UPLOAD_MB))
        st.session_state.pop(UPLOAD_CACHE, None)
        return
    content = uploaded.getvalue()
    wave_key = tuple(str(context.get(k)) for k in ("wave", "wave_title", "wave_date", "session"))
    key = (dataset, uploaded.file_id, len(content), wave_key, version, lang)
    cached = st.session_state.get(UPLOAD_CACHE)
    if cached and cached[0] == key:
        upload, diff = cached[1], cached[2]
    else:
        upload = read_upload(dataset, uploaded.name, content, context,  # the name is cleaned, never a path
                             current=functools.partial(store.read_table, cur))  # absent columns kept
        diff = coordination.upload_diff(cur, upload, lang) if upload.ok else None
        st.session_state[UPLOAD_CACHE] = (key, upload, diff)
    _report(upload, lang)
    if diff is None:
        return
    st.session_state[PREVIEW_VERSION] = version
    _preview(diff, lang, "coord-preview", dataset)
    if diff.empty:
        st.info(i18n.t("coord_nothing_to_import", lang))
        return
    label = i18n.t("coord_confirm_import", lang, dataset=DATASETS[dataset].label(lang).lower())
    if st.button(label, type="primary", key="coord-confirm-import", icon=":material/check:"):
        if previous_version is not None and previous_version != version:
            st.warning(i18n.t("coord_stale", lang))
            return
        try:
            import_id = store.apply_upload(cur, upload, by=name)
        except store.StoreError as exc:
            st.error(exc.render(lang))
            return
        _flash("success", i18n.t("coord_imported", lang, n=import_id, rows=upload.rows, file=md(upload.file_name)))
        _bump()
        st.rerun()


def _report(upload, lang: str) -> None:
    errors, warnings = len(upload.problems.errors), len(upload.problems.warnings)
    with st.container(key="coord-report"):
        st.subheader(i18n.t("coord_report_title", lang), anchor=False)
        st.markdown(i18n.t("coord_report_summary", lang, file=md(upload.file_name), rows=upload.rows,
                           errors=errors, warnings=warnings))
        if errors:
            st.error(i18n.t("coord_refused", lang))
        elif not warnings:
            st.success(i18n.t("coord_no_problem", lang))
        if upload.problems:
            report = coordination.report_frame(upload, lang)
            if len(report) > TABLE_ROWS:
                st.caption(i18n.t("coord_more_rows", lang, n=i18n.fmt_int(len(report), lang)))
            _table(report, "coord-report-table")
            st.download_button(i18n.t("coord_report_download", lang), data=coordination.report_csv(upload, lang),
                               file_name="rapport-import.csv", mime="text/csv", icon=":material/download:",
                               key="coord-report-csv")


TABLE_ROWS = 60  # up to this many rows, a static table (wrapped text, readable on a projector)


def _table(frame: pd.DataFrame, key: str) -> None:
    """A static table whose every cell is inert text; a scrolling grid past TABLE_ROWS rows."""
    if len(frame) <= TABLE_ROWS:
        st.table(frame.astype(str).map(md), hide_index=True)
    else:
        st.dataframe(frame, hide_index=True, key=key, height=420)


def _preview(diff: coordination.Diff, lang: str, key: str, dataset: str) -> None:
    with st.container(key=key):
        st.subheader(i18n.t("coord_preview_title", lang), anchor=False)
        with st.container(horizontal=True):
            for label, n in (("coord_added", len(diff.added)), ("coord_changed", len(diff.changed)),
                             ("coord_removed", len(diff.removed)), ("coord_unchanged", diff.unchanged)):
                st.metric(i18n.t(label, lang), i18n.fmt_int(n, lang), border=True)
        for wave in diff.new_waves:
            st.info(i18n.t("coord_new_wave", lang, wave=md(wave)))
        if diff.removed:
            st.warning(i18n.t("coord_removed_warning", lang, count=len(diff.removed), n=len(diff.removed)))
        tables = coordination.diff_frames(diff, dataset, lang)
        for kind, label in (("changed", "coord_changed"), ("added", "coord_added"), ("removed", "coord_removed")):
            frame = tables[kind]
            if frame.empty:
                continue
            count = len(diff.changed) if kind == "changed" else len(frame)
            with st.expander(f"{i18n.t(label, lang)} ({i18n.fmt_int(count, lang)})", expanded=True):
                _table(frame, f"{key}-{kind}")


# ---------------------------------------------------------------- history and rollback

def _history_section(cur, name: str, lang: str) -> None:
    history = store.history(cur)
    st.subheader(i18n.t("coord_history_title", lang), anchor=False)
    if history.empty:
        st.info(i18n.t("coord_no_history", lang))
        return
    st.dataframe(coordination.history_frame(history, lang), hide_index=True, key="coord-history",
                 height=min(38 + 35 * len(history), 300))
    st.subheader(i18n.t("coord_rollback_title", lang), anchor=False)
    st.caption(i18n.t("coord_rollback_help", lang))
    rows = {int(r["id"]): r for r in history.to_dict("records")}

    def describe(import_id: int) -> str:
        r = rows[import_id]
        dataset = DATASETS[r["dataset"]].label(lang) if r["dataset"] in DATASETS else r["dataset"]
        what = r["file_name"] or i18n.t("coord_kind_rollback", lang, n=int(r["restores"] or 0))
        return i18n.t("coord_rollback_option", lang, n=import_id, dataset=dataset, what=what,
                      when=f"{pd.Timestamp(r['imported_at']):%d/%m/%Y %H:%M}")

    nonce = st.session_state.get(NONCE, 0)
    chosen = st.selectbox(i18n.t("coord_rollback_pick", lang), list(rows), index=None, format_func=describe,
                          placeholder=i18n.t("coord_rollback_placeholder", lang), key=f"coord-rollback-pick-{nonce}")
    if chosen is None:
        return
    diff = coordination.rollback_diff(cur, chosen, lang)
    if diff is None:
        st.warning(i18n.t("coord_rollback_unavailable", lang, n=chosen))
        return
    dataset = DATASETS[rows[chosen]["dataset"]].label(lang)
    st.warning(i18n.t("coord_rollback_explain", lang, n=chosen, dataset=dataset.lower()))
    _preview(diff, lang, "coord-rollback-preview", rows[chosen]["dataset"])
    if diff.empty:
        st.info(i18n.t("coord_rollback_nothing", lang))
    if st.button(i18n.t("coord_confirm_rollback", lang, n=chosen), type="primary", key="coord-confirm-rollback",
                 icon=":material/undo:"):
        try:
            new_id = store.rollback(cur, chosen, by=name)
        except store.StoreError as exc:
            st.error(exc.render(lang))
            return
        _flash("success", i18n.t("coord_rolled_back", lang, n=chosen, new=new_id))
        _bump()
        st.rerun()


# ---------------------------------------------------------------- proposals

def _proposal_title(p: dict, checked: proposals.Checked, lang: str) -> str:
    if p["kind"] == "edition":
        label = (checked.record or {}).get("label") or checked.texts.get("label") or "?"
        return i18n.t("coord_prop_edition", lang, n=int(p["id"]), name=md(p["target_id"] or "?"), label=md(label))
    if p["kind"] == "correction":
        current = checked.current["name"] if checked.current else p["target_id"]
        return i18n.t("coord_prop_correction", lang, n=int(p["id"]), name=md(current))
    name = (checked.record or {}).get("name") or checked.texts.get("name") or "?"
    return i18n.t("coord_prop_new", lang, n=int(p["id"]), name=md(name))


def _proposals_section(cur, name: str, lang: str) -> None:
    pending = store.proposals(cur, "pending")
    st.subheader(i18n.t("coord_queue_title", lang), anchor=False)
    if pending.empty:
        st.info(i18n.t("coord_no_pending", lang))
    for p in pending.to_dict("records"):
        _proposal_card(cur, p, name, lang)
    decided = store.proposals(cur, "validated"), store.proposals(cur, "rejected")
    done = pd.concat([d for d in decided if not d.empty]) if any(not d.empty for d in decided) else None
    if done is not None:
        with st.expander(i18n.t("coord_decided_title", lang, n=len(done))):
            st.dataframe(_decided_frame(done, lang), hide_index=True, key="coord-decided")


def _proposal_card(cur, p: dict, name: str, lang: str) -> None:
    pid = int(p["id"])
    checked = proposals.review(cur, p)
    with st.container(border=True, key=f"coord-proposal-{pid}"):
        st.markdown(f"#### {_proposal_title(p, checked, lang)}")
        who = md(p["submitted_by"]) if p["submitted_by"] else i18n.t("coord_anonymous", lang)
        meta = i18n.t("coord_submitted", lang, when=f"{pd.Timestamp(p['submitted_at']):%d/%m/%Y %H:%M}", who=who)
        if p["contact"]:
            meta += " · " + i18n.t("coord_contact", lang, contact=md(p["contact"]))
        st.caption(meta)
        if p["message"]:
            st.markdown("> " + md(p["message"]))
        if checked.duplicates:
            st.warning(i18n.t("coord_duplicates", lang) + "\n" + "\n".join(
                f"- {proposals.duplicate_text(d, lang)}" for d in checked.duplicates))
        changes = checked.field_changes(lang)
        if changes:
            columns = [i18n.t("coord_col_field", lang), i18n.t("coord_col_now", lang), i18n.t("coord_col_proposed", lang)]
            frame = pd.DataFrame([(f, coordination.clip(b), coordination.clip(a)) for f, b, a in changes],
                                 columns=columns, dtype=object)
            if p["kind"] != "correction":
                frame = frame.drop(columns=columns[1])
            _table(frame, f"coord-proposal-changes-{pid}")
        if checked.problems.errors:
            st.error(i18n.t("coord_prop_invalid", lang) + "\n" + "\n".join(
                f"- {md(pr.describe(lang=lang))}" for pr in checked.problems.errors))
        left, right = st.columns([1, 2], vertical_alignment="bottom")
        if left.button(i18n.t("coord_validate", lang), type="primary", key=f"coord-validate-{pid}",
                       disabled=not checked.ok, icon=":material/check:"):
            try:
                import_id = proposals.validate(cur, pid, by=name)
            except store.StoreError as exc:
                st.error(exc.render(lang))
                return
            _flash("success", i18n.t("coord_validated", lang, n=pid, imp=import_id))
            st.rerun()
        with right:
            reason = st.text_input(i18n.t("coord_reason", lang), max_chars=proposals.REASON.max_length,
                                   key=f"coord-reason-{pid}", placeholder=i18n.t("coord_reason_hint", lang))
            if st.button(i18n.t("coord_reject", lang), key=f"coord-reject-{pid}", icon=":material/block:"):
                try:
                    proposals.reject(cur, pid, reason, by=name)
                except store.StoreError as exc:
                    st.error(exc.render(lang))
                    return
                _flash("info", i18n.t("coord_rejected", lang, n=pid))
                st.rerun()


def _decided_frame(done: pd.DataFrame, lang: str) -> pd.DataFrame:

    rows = []
    for p in done.to_dict("records"):
        changes = json.loads(p["changes"])
        what = i18n.t(f"coord_kind_{p['kind']}", lang)
        subject = changes.get("name") or p["target_id"] or ""
        if p["kind"] == "correction":
            subject = p["target_id"]
        elif p["kind"] == "edition":
            subject = f"{p['target_id']} · {changes.get('label') or ''}"
        rows.append({
            i18n.t("coord_col_number", lang): int(p["id"]),
            i18n.t("coord_col_what", lang): what,
            i18n.t("coord_col_subject", lang): subject,
            i18n.t("coord_col_status", lang): i18n.t(f"coord_status_{p['status']}", lang),
            i18n.t("coord_col_when", lang): "" if p["decided_at"] is None else f"{pd.Timestamp(p['decided_at']):%d/%m/%Y %H:%M}",
            i18n.t("coord_col_by", lang): p["decided_by"] or "",
            i18n.t("coord_col_reason", lang): p["reason"] or "",
            i18n.t("coord_col_import", lang): "" if p["import_id"] is None else str(int(p["import_id"])),
        })
    return pd.DataFrame(rows)
