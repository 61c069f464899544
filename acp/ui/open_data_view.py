"""The open data in the app: the page « Données ouvertes » (the API's addresses for the current filters, the
licence, the feed) and the map's « Intégrer cette carte » (the iframe code for the current filters)."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from .. import filters, i18n, open_data
from ..web import api, calendar_feed, embed

EXAMPLE_ID = "paris"  # an assembly of the embedded data, for the example of one assembly's address


def _base() -> str | None:
    return embed.app_base(st.context.url) if st.context.url else None


def embed_box(f: filters.Filter, dimension: str, lang: str) -> None:
    """/carte: the iframe code of the map with these filters and colours, to copy."""
    base = _base()
    if base is None or not api.is_served():
        return
    with st.expander(i18n.t("embed_this_map", lang), icon=":material/code:"):
        st.caption(i18n.t("embed_help", lang))
        st.code(embed.iframe_code(embed.embed_url(base, f, dimension, lang), lang), language="html", wrap_lines=True)


def _api(base: str, name: str, f: filters.Filter | None, lang: str) -> str:
    params = filters.to_query(f) if f is not None else {}
    if lang != i18n.DEFAULT_LANG:
        params["lang"] = [lang]
    query = urlencode(params, doseq=True)
    return f"{base}{api.PREFIX.lstrip('/')}/{name}" + (f"?{query}" if query else "")


def page(f: filters.Filter, lang: str) -> None:
    """The page « Données ouvertes »."""
    st.title(i18n.t("open_data_title", lang))
    st.write(i18n.t("open_data_intro", lang))
    base = _base()
    if base is None or not api.is_served():
        st.info(i18n.t("open_data_unserved", lang))
        base = base or "/"
    current = i18n.md(_filters_text(f, lang)) if not f.is_empty else i18n.t("open_data_no_filter", lang)
    st.caption(i18n.t("open_data_current", lang, filters=current))
    st.subheader(i18n.t("open_data_endpoints", lang))
    rows = [(_api(base, "assemblies.json", f, lang), "od_assemblies_json"),
            (_api(base, "assemblies.geojson", f, lang), "od_assemblies_geojson"),
            (_api(base, "assemblies.csv", f, lang), "od_assemblies_csv"),
            (_api(base, f"assemblies/{EXAMPLE_ID}.json", None, lang), "od_assembly"),
            (_api(base, "facets.json", f, lang), "od_facets"),
            *((_api(base, name, None, lang), f"od_{name.split('.')[0]}") for name in api.DATASETS),
            (_api(base, "changes.atom", None, lang), "od_changes"),
            (embed.embed_url(base, f, None, lang), "od_embed"),
            (calendar_feed.url(base + "calendrier", lang), "od_calendar")]
    lines = []
    for url, key in rows:
        name = url.split("?")[0].rsplit("/", 1)[-1]
        lines.append(f"- [{i18n.md(name)}]({url.replace(')', '%29').replace(' ', '%20')}) — {i18n.t(key, lang)}")
    st.markdown("\n".join(lines))
    st.caption(i18n.t("open_data_rules", lang))
    licence = open_data.licence()
    text = open_data.licence_text(licence, lang)
    shown = f"[{i18n.md(text)}]({licence['url']})" if licence["url"] else i18n.md(text)
    st.subheader(i18n.t("open_data_licence_title", lang))
    st.markdown(i18n.t("open_data_licence", lang, licence=shown))
    if licence["name"] is None:
        st.caption(i18n.t("open_data_licence_unset", lang))
    st.subheader(i18n.t("open_data_feed", lang))
    st.write(i18n.t("open_data_feed_help", lang))
    st.code(_api(base, "changes.atom", None, lang), language=None)


def _filters_text(f: filters.Filter, lang: str) -> str:
    """The Filter in words: « Échelon : Commune, Région ; recherche « lyon » ; 2015 – 2020 »."""
    parts = []
    if f.q:
        parts.append(i18n.t("label_value", lang, label=i18n.t("search", lang), value=f"« {f.q} »"))
    for facet in filters.FACETS:
        if f.selected(facet.name):
            values = ", ".join(i18n.value_label(facet.column, c, lang) for c in f.selected(facet.name))
            parts.append(i18n.t("label_value", lang, label=facet.column.label(lang), value=values))
    if f.year_min is not None or f.year_max is not None:
        parts.append(i18n.t("label_value", lang, label=i18n.t("start_years", lang),
                            value=f"{f.year_min or '…'} – {f.year_max or '…'}"))
    if f.criteria:
        parts.append(i18n.t(f"criteria_{f.criteria}", lang))
    return " ; ".join(parts)
