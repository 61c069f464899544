"""ACP dashboard domain: schema, import pipeline, store, formatting. Importable without Streamlit."""
