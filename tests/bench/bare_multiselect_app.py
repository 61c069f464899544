"""A bare one-widget page whose widget is the filters' own, a multiselect set like them (no "select all
matches" option): the browser benchmark's second reference. Streamlit's multiselect itself takes tens of
milliseconds in the browser before it sends a change."""
import streamlit as st

chosen = st.multiselect("Pays", [f"Pays {i} ({i * 37})" for i in range(1, 31)], key="pays", select_all=False)
st.markdown(f"**Choisis : {len(chosen)}**")
