"""The member's proposal form (page `proposer`): a new assembly, a correction to a fiche, or an edition of an
assembly (`proposer?kind=edition&id=…`).

The form shows the fiche's fields with their French labels (required ones marked with *), is
checked with the importer's rules (acp.proposals.check), warns of a likely duplicate before
sending, and queues the proposal for the coordination. A session may send SESSION_LIMIT
proposals; every field has the schema's length limit, enforced in the browser and again here.
"""
from __future__ import annotations

from functools import lru_cache

import streamlit as st

from .. import fiche, i18n, proposals, store
from ..i18n import md
from ..schema import ASSEMBLIES, EDITIONS, fold
from . import assembly_picker, data, page

SENT = "acp_proposals_sent"        # how many proposals this session has sent
NONCE = "acp_proposal_nonce"       # bumped after sending: an empty form
PENDING = "acp_proposal_pending"   # a checked proposal waiting for "send anyway" after a duplicate warning
DONE = "acp_proposal_done"         # the number of the proposal just sent
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_PLACEHOLDERS = {"latitude": "48,857", "longitude": "2,352", "start_year": "2021", "end_year": "",
                 "members": "50", "mandate_months": "12", "editions": "2", "website": "https://…",
                 "start": "11/2021", "end": "06/2022", "response_date": "10/2022", "report": "https://…",
                 "legal_basis_date": "11/2021", "legal_basis_link": "https://…", "response_delay_months": "6"}
KINDS = ("fiche", "edition")


@lru_cache(maxsize=4)
def country_codes(lang: str) -> tuple[str, ...]:
    names = {c: n for c, n in i18n._territories(lang).items()
             if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES}
    return tuple(sorted(names, key=lambda c: fold(names[c])))


def _label(name: str, lang: str, dataset=ASSEMBLIES) -> str:
    column = dataset.column(name)
    required = proposals.EDITION_REQUIRED if dataset is EDITIONS else proposals.REQUIRED
    return column.label(lang) + (" *" if name in required else "")


def _widget(name: str, value, key: str, lang: str, dataset=ASSEMBLIES):
    """One field of the fiche (or of an edition) as a widget prefilled with `value` (see proposals.widget_value)."""
    column = dataset.column(name)
    label = _label(name, lang, dataset)
    help_key = "prop_help_start" if column.kind == "month" else f"prop_help_{name}"
    help_text = i18n.t(help_key, lang) if i18n.TEXT.get(help_key) else None
    if column.kind == "vocab":
        options = [None, *column.vocab.codes]
        return st.selectbox(label, options, index=options.index(value) if value in options else 0, key=key,
                            format_func=lambda c: i18n.t("not_recorded", lang) if c is None else column.vocab.label(c, lang),
                            help=help_text)
    if column.kind == "vocab_list":
        return st.multiselect(label, column.vocab.codes, default=[v for v in value if v in column.vocab.codes],
                              key=key, format_func=lambda c: column.vocab.label(c, lang), help=help_text,
                              placeholder=i18n.t("prop_choose", lang))
    if column.kind == "country":
        options = [None, *country_codes(lang)]
        return st.selectbox(label, options, index=options.index(value) if value in options else 0, key=key,
                            format_func=lambda c: i18n.t("prop_choose", lang) if c is None else i18n.country_name(c, lang),
                            help=help_text)
    if column.kind == "bool":
        options = [None, True, False]
        names = {None: i18n.t("not_recorded", lang), True: i18n.t("yes", lang), False: i18n.t("no", lang)}
        return st.radio(label, options, index=options.index(value), key=key, horizontal=True,
                        format_func=names.__getitem__, help=help_text)
    if name in proposals.LONG_TEXT:
        return st.text_area(label, value=value or "", max_chars=column.max_length, key=key, help=help_text,
                            height=120)
    limit = 20 if column.kind in ("int", "float") else column.max_length
    return st.text_input(label, value=value or "", max_chars=limit, key=key, help=help_text,
                         placeholder=_PLACEHOLDERS.get(name, ""))


def _send(cur, checked: proposals.Checked, meta: dict, lang: str) -> None:
    try:
        number = proposals.submit(cur, checked, **meta)
    except store.StoreError as exc:
        st.error(exc.render(lang))
        return
    st.session_state[SENT] = st.session_state.get(SENT, 0) + 1
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    st.session_state.pop(PENDING, None)
    st.session_state[DONE] = number
    st.rerun()


def _another() -> None:
    st.session_state.pop(DONE, None)


def render(lang: str) -> None:
    cur = data.cursor()
    st.title(i18n.t("prop_title", lang))
    done = st.session_state.get(DONE)
    if done is not None:
        with st.container(key="prop-done"):
            st.success(i18n.t("prop_sent", lang, n=done))
            if st.session_state.get(SENT, 0) < proposals.SESSION_LIMIT:
                st.button(i18n.t("prop_another", lang), on_click=_another, key="prop-another", icon=":material/add:")
        return
    if st.session_state.get(SENT, 0) >= proposals.SESSION_LIMIT:
        st.info(i18n.t("prop_limit", lang, n=proposals.SESSION_LIMIT))
        return
    st.markdown(i18n.t("prop_intro", lang))
    kind = st.radio(i18n.t("prop_kind", lang), KINDS, horizontal=True, key="prop-kind",
                    index=KINDS.index("edition") if st.query_params.get("kind") == "edition" else 0,
                    format_func=lambda k: i18n.t(f"prop_kind_{k}", lang))
    if kind == "edition":
        _edition_form(cur, lang)
        return

    target = assembly_picker.pick(i18n.t("prop_target", lang), lang, none_label=i18n.t("prop_target_new", lang))
    current = fiche.read(cur, target) if target else None
    st.caption(i18n.t("prop_correction_hint" if current else "prop_new_hint", lang))

    nonce = st.session_state.get(NONCE, 0)
    form_key = f"prop-form-{target or 'new'}-{nonce}"
    widgets = {}
    with st.form(form_key, enter_to_submit=False):
        for _, title, fields in proposals.FORM_SECTIONS:
            st.subheader(i18n.gettext_(title, lang))
            _widgets(widgets, fields, current, form_key, lang)
        meta = _meta(form_key, lang)
        submitted = st.form_submit_button(i18n.t("prop_send", lang), type="primary", icon=":material/send:")
    _settle(cur, lang, form_key, submitted and (
        lambda: proposals.check(cur, {name: proposals.text_of(name, value) for name, value in widgets.items()},
                                target or None)), meta, "prop_duplicates")


def _widgets(widgets: dict, fields, current: dict | None, form_key: str, lang: str, dataset=ASSEMBLIES) -> None:
    """The fields as widgets, two columns of short ones, then the long texts across."""
    short = [n for n in fields if n not in proposals.LONG_TEXT]
    columns = st.columns(2)
    for i, name in enumerate(short):
        with columns[i % 2]:
            widgets[name] = _widget(name, proposals.widget_value(current, name, dataset), f"{form_key}-{name}", lang,
                                    dataset)
    for name in fields:
        if name in proposals.LONG_TEXT:
            widgets[name] = _widget(name, proposals.widget_value(current, name, dataset), f"{form_key}-{name}", lang,
                                    dataset)


def _meta(form_key: str, lang: str) -> dict:
    """The member's own fields, inside the form."""
    st.subheader(i18n.t("prop_you", lang))
    left, right = st.columns(2)
    meta = {
        "submitted_by": left.text_input(i18n.t("prop_your_name", lang), max_chars=100, key=f"{form_key}-by"),
        "contact": right.text_input(i18n.t("prop_contact", lang), max_chars=200, key=f"{form_key}-contact",
                                    help=i18n.t("prop_contact_help", lang)),
        "message": st.text_area(i18n.t("prop_message", lang), max_chars=1000, key=f"{form_key}-message",
                                height=90),
    }
    st.caption(md(i18n.t("prop_required_note", lang)))
    return meta


def _edition_form(cur, lang: str) -> None:
    """A new edition of a chosen assembly, checked with the editions importer's rules (proposals.check_edition)."""
    st.caption(i18n.t("prop_edition_hint", lang))
    assembly = assembly_picker.pick(i18n.t("prop_edition_assembly", lang), lang, placeholder=i18n.t("prop_choose", lang))
    if not assembly:
        return
    form_key = f"prop-edition-{assembly}-{st.session_state.get(NONCE, 0)}"
    widgets = {}
    with st.form(form_key, enter_to_submit=False):
        st.subheader(i18n.t("prop_edition_section", lang))
        _widgets(widgets, proposals.EDITION_FIELDS, None, form_key, lang, EDITIONS)
        meta = _meta(form_key, lang)
        submitted = st.form_submit_button(i18n.t("prop_send", lang), type="primary", icon=":material/send:")
    _settle(cur, lang, form_key, submitted and (
        lambda: proposals.check_edition(cur, {n: proposals.text_of(n, v, EDITIONS) for n, v in widgets.items()},
                                        assembly)), meta, "prop_edition_duplicates")


def _settle(cur, lang: str, form_key: str, check, meta: dict, duplicates_key: str) -> None:
    """After the form: `check` (when it was sent) gives the checked proposal; its errors are shown, or its likely
    duplicates with « send anyway », or it is sent."""
    feedback = st.container(key="prop-feedback")
    if check:
        st.session_state.pop(PENDING, None)
        checked = check()
        meta_problems = proposals.meta_problems(**meta)
        if checked.problems.errors or meta_problems or checked.record is None:
            with feedback:
                st.error(i18n.t("prop_fix", lang) + "\n" + "\n".join(
                    [f"- {md(p.describe(lang=lang))}" for p in checked.problems.errors]
                    + [f"- {md(m.render(lang))}" for m in meta_problems]))
            return
        if checked.duplicates:
            st.session_state[PENDING] = (form_key, checked, meta)
        else:
            _send(cur, checked, meta, lang)
            return
    pending = st.session_state.get(PENDING)
    if pending and pending[0] == form_key:
        _, checked, meta = pending
        with feedback:
            st.warning(i18n.t(duplicates_key, lang) + "\n" + "\n".join(
                f"- {proposals.duplicate_text(d, lang, member=True)}" for d in checked.duplicates))
            for d in checked.duplicates:
                if d.source == "assembly":
                    st.page_link("pages/fiche.py", label=i18n.t("prop_open_fiche", lang, name=md(d.name)),
                                 query_params=page.link_params(lang, id=d.ref), icon=":material/open_in_new:")
            with st.container(horizontal=True):
                if st.button(i18n.t("prop_send_anyway", lang), key="prop-send-anyway", type="primary",
                             icon=":material/send:"):
                    _send(cur, checked, meta, lang)
                if st.button(i18n.t("prop_edit_again", lang), key="prop-edit-again", icon=":material/edit:"):
                    st.session_state.pop(PENDING, None)
                    st.rerun()
