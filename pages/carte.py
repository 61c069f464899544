"""Carte: the filtered assemblies on a map, coloured by a chosen dimension; a click opens the fiche."""
import streamlit as st

from acp import fiche, i18n, maps
from acp.schema import ASSEMBLIES
from acp.ui import data, fiche_view, filter_panel, open_data_view, page, present

lang = page.lang()
version = data.version()
f = filter_panel.current()

st.title(i18n.t("map_title", lang))
count_col, colour_col = st.columns([1.4, 3], vertical_alignment="bottom")
with count_col:
    page.count_line(version, f, lang)
with colour_col:
    dimension = page.url_choice("color", maps.COLOUR_DIMENSIONS, i18n.t("colour_by", lang),
                              lambda d: ASSEMBLIES.column(d).label(lang), horizontal=True)
present.toolbar(lang, "carte", f)
frame = data.select(version, f)
countries = data.countries(version)
pts = data.map_points(version, f, dimension, lang)
deck = data.map_deck(version, f, dimension, lang, page.url_flag("tiles", True))
filter_panel.render(lang, version)  # after the count line has gone and the map is computed: see acp.ui.filter_panel
event = st.pydeck_chart(deck, on_select="rerun",
                        selection_mode="single-object", key=f"map-{dimension}", height=maps.MAP_HEIGHT)

st.html(maps.legend_html(maps.legend(pts, dimension, countries, lang), i18n.t("legend", lang)))
unlocated = len(frame) - len(pts)
st.caption(i18n.t("map_caption", lang) + (" " + i18n.t("unlocated", lang, count=unlocated, n=unlocated) if unlocated else ""))
open_data_view.embed_box(f, dimension, lang)

picked = (event.selection.objects.get(maps.LAYER_ID) or [None])[0] if event and event.selection else None
names = dict(zip(frame["id"], frame["name"]))
chosen = picked["id"] if picked and picked["id"] in names else None
if len(names) <= page.MAX_PICK_LIST:
    ids = list(names)
    chosen = st.selectbox(i18n.t("open_fiche", lang), [None, *ids], format_func=lambda i: names[i] if i else "—",
                          index=ids.index(chosen) + 1 if chosen else 0, key=f"map-fiche-{chosen or ''}")
else:
    st.caption(i18n.t("narrow_to_pick", lang, n=page.MAX_PICK_LIST))
if chosen:
    record = fiche.read(data.cursor(), chosen)
    if record:
        fiche_view.card(data.cursor(), record, lang, key="map-fiche")
else:
    st.page_link("pages/proposer.py", label=i18n.t("prop_link_new", lang), query_params=page.link_params(lang),
                 icon=":material/add_location_alt:")
