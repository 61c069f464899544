"""Accessibility (RGAA / WCAG 2.1 AA) in the browser: axe-core on every page, keyboard reach.

axe-core comes bundled with the PyPI package axe-playwright-python (no download). Violations
are split by origin: what this project renders (Markdown, HTML, charts, legends) must have no
serious or critical violation; any found in Streamlit's own widgets are listed in the failure
message separately, so they can be reported upstream.
"""
import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e_support import wait_drawn, wait_idle

PAGES = ["/", "/carte", "/assemblees", "/typologie", "/sondage", "/calendrier", "/fiche?id=paris",
         "/comparer?ids=paris,eupen-ostbelgien,milan-clima",
         "/carte?lang=en", "/sondage?lang=en"]
OURS = ("stMarkdown", "stHtml", "stCaption", "stHeading", "acp-", "stVegaLiteChart", "stDeckGlJsonChart",
        "stMetric", "st-key-")
AXE = Axe()


def _origin(node: dict) -> str:
    where = " ".join(str(t) for t in node.get("target", [])) + " " + node.get("html", "")
    return "projet" if any(marker in where for marker in OURS) else "Streamlit"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violation(server, page, path):
    page.goto(server.url + path)
    wait_idle(page)
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    serious = [(v["id"], _origin(n), n["target"]) for v in result.response["violations"]
               if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    assert result.response["passes"], "axe did not run"
    assert serious == [], f"{path}: " + "; ".join(f"{rule} ({origin}) at {target}" for rule, origin, target in serious)


def test_keyboard_reaches_every_filter(server, page):
    wanted = {"Rechercher", "Pays", "Échelon", "Initiée par", "Sujets proposés par", "Fonctions",
              "Mode de sélection", "Spécialisation", "Statut", "Cinq critères du groupe"}
    page.goto(server.url + "/assemblees")
    # Every filter in the page and the run over before the first Tab: else Tab cycles through the
    # few links there are while the sidebar is still coming (see wait_drawn), and the presses run out.
    wait_drawn(page, *(f'[data-testid=stSidebar] [aria-label="{label}"]' for label in sorted(wanted)),
               '[data-testid=stSidebar] [aria-label^="Années de création"]')
    reached = set()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(80):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement && (document.activeElement.getAttribute('aria-label') || '')")
        reached.add(label.strip())
        years = any(label.startswith("Années de création") for label in reached)
        if wanted <= reached and years:
            break
    assert wanted <= reached, f"not reached by Tab: {sorted(wanted - reached)}"
    assert years, f"the start-year slider was not reached by Tab (reached: {sorted(reached)})"
