"""Coordination: the login form only, until a coordinator logs in; then uploads with report and
preview, the proposals queue, the import history and rollback (acp.coordination_view)."""
from acp import coordination_view, ui

lang = ui.page_lang()
coordinator = coordination_view.gate(lang)  # draws the login form and stops the script until logged in
coordination_view.render(coordinator, lang)
