"""Données ouvertes: the API's addresses for the current filters, the licence, the changes feed."""
from acp.ui import filter_panel, open_data_view, page

open_data_view.page(filter_panel.current(), page.lang())
