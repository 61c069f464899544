"""Choosing one assembly by its name, in step with the URL's `id` (the fiche page, the proposal form)."""
from __future__ import annotations

import streamlit as st

from .. import i18n
from . import data


def pick(label: str, lang: str, none_label: str | None = None, placeholder: str | None = None) -> str | None:
    """The chosen assembly's id, or None. The URL's `id` chooses it on arrival and follows every choice (a copied
    link opens the same assembly); an id that no longer exists is said. With `none_label`, a first option chooses
    none (it reads so); otherwise the box starts empty, with `placeholder`."""
    everything = data.table("assemblies", data.version())
    names = dict(zip(everything["id"], everything["name"]))
    wanted = st.query_params.get("id")
    ids = sorted(names, key=lambda i: str(names[i]).casefold())
    if none_label is not None:
        ids.insert(0, None)
    index = ids.index(wanted) if wanted in names else (0 if none_label is not None else None)
    chosen = st.selectbox(label, ids, index=index, placeholder=placeholder,
                          format_func=lambda i: names[i] if i else none_label)
    if chosen and chosen != wanted:
        st.query_params["id"] = chosen
    elif not chosen and wanted in names:
        st.query_params.pop("id", None)
    if wanted and wanted not in names:
        st.warning(i18n.t("unknown_fiche", lang))
    return chosen
