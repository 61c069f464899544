"""The bare one-widget Streamlit page the browser benchmark compares with."""
import streamlit as st

if st.button("Plus un"):
    st.session_state["n"] = st.session_state.get("n", 0) + 1
st.markdown(f"**Compteur : {st.session_state.get('n', 0)}**")
