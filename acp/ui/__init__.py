"""Everything that draws with Streamlit: the pages' shared helpers, panels, views and forms.

The domain (acp/ and its subpackages outside this one) never imports Streamlit; pages/ call these
modules, which call the domain. tests/test_architecture.py keeps both rules.
"""
