"""The coordinators' login: the gate of the coordination area, and the password a rebuild asks for.

`gate()` draws only the login form (or how to configure a password) and stops the script until a
coordinator has logged in, so no upload, history, rollback or moderation control exists for anyone else.
"""
from __future__ import annotations

import math
import secrets
import time

import streamlit as st

from .. import auth, i18n
from ..ingest import values as ingest_values
from ..schema import Column

USER = "acp_coordinator"          # session state: {"name", "fingerprint", "seen"}; never a widget key
SESSION_ID = "acp_auth_session"   # a random id per session, for the per-session slowdown
IDLE_SECONDS = 8 * 3600
_NAME = Column("coordinator", "text", "Votre nom", max_length=60)


def _secrets():
    return st.secrets if st.secrets.load_if_toml_exists() else None


def configured_password() -> str | None:
    """From st.secrets (when a secrets.toml exists), else the environment."""
    return auth.configured_password(_secrets())


def client_address() -> str:
    """This session's client address, for the per-address slowdown: the connection's peer, or the client a
    trusted proxy names in X-Forwarded-For (auth.client_address). An unreadable list of trusted proxies trusts
    none (the login form says what is wrong with it)."""
    try:
        trusted = auth.trusted_proxies(_secrets())
    except auth.BadConfiguration:
        trusted = ()
    forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For")) if trusted else None
    return auth.client_address(st.context.ip_address, forwarded, trusted)


def gate(lang: str) -> str:
    """The coordinator's name once logged in; otherwise draws the login form (or the set-up help) and stops."""
    st.title(i18n.t("coord_title", lang))
    configured = configured_password()
    if not configured:
        with st.container(key="coord-closed"):
            st.warning(i18n.t("coord_not_configured", lang))
            st.markdown(i18n.t("coord_how_to_configure", lang))
        st.stop()
    try:
        auth.check_configuration(configured)
        auth.trusted_proxies(_secrets())
    except auth.BadConfiguration as exc:
        st.error(exc.render(lang))
        st.stop()
    fingerprint = auth.fingerprint(configured)
    user = st.session_state.get(USER)
    if user and user.get("fingerprint") == fingerprint and time.time() - user.get("seen", 0) < IDLE_SECONDS:
        user["seen"] = time.time()
        return user["name"]
    st.session_state.pop(USER, None)
    _login_form(configured, fingerprint, lang)
    st.stop()


def _login_form(configured: str, fingerprint: str, lang: str) -> None:
    st.markdown(i18n.t("coord_login_intro", lang))
    with st.form("coord-login", width=520, enter_to_submit=True):
        name = st.text_input(i18n.t("coord_your_name", lang), max_chars=_NAME.max_length, key="coord-login-name",
                             help=i18n.t("coord_your_name_help", lang))
        password = st.text_input(i18n.t("coord_password", lang), type="password", max_chars=500,
                                 key="coord-login-password")
        submitted = st.form_submit_button(i18n.t("coord_login", lang), type="primary", icon=":material/login:")
    if not submitted:
        return
    try:
        name = ingest_values.text(name or "", _NAME)
    except ingest_values.BadValue as exc:
        st.error(f"{i18n.t('coord_your_name', lang)}{i18n.colon(lang)}{exc.render(lang)}")
        return
    if not name:
        st.error(i18n.t("coord_name_missing", lang))
        return
    result = auth.attempt(password or "", configured, session_id(), client_address())
    if result.wait > 0:
        st.error(i18n.t("coord_wait", lang, s=math.ceil(result.wait)))
    elif not result.ok:
        st.error(i18n.t("coord_wrong_password", lang))
    else:
        st.session_state[USER] = {"name": name, "fingerprint": fingerprint, "seen": time.time()}
        st.rerun()


def logout() -> None:
    st.session_state.pop(USER, None)


def session_id() -> str:
    """This session's random id, for the per-session slowdown."""
    return st.session_state.setdefault(SESSION_ID, secrets.token_hex(16))

