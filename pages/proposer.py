"""Proposer: any member proposes a new assembly or a correction to a fiche (proposer?id=...);
proposals wait for the coordination (acp.coordination_form)."""
from acp import coordination_form, ui

lang = ui.page_lang()
coordination_form.render(lang)
