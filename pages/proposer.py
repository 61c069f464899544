"""Proposer: any member proposes a new assembly or a correction to a fiche (proposer?id=...);
proposals wait for the coordination (acp.ui.proposal_form)."""
from acp.ui import page, proposal_form

lang = page.lang()
proposal_form.render(lang)
