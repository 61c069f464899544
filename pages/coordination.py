"""Coordination: the login form only, until a coordinator logs in (acp.ui.login); then uploads with report and
preview, the proposals queue, the import history and rollback (acp.ui.coordination_view)."""
from acp.ui import coordination_view, login, page

lang = page.lang()
coordinator = login.gate(lang)  # draws the login form and stops the script until logged in
coordination_view.render(coordinator, lang)
