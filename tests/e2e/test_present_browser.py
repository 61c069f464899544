"""Presentation mode and « Partager cette vue » in Chromium (issue 18).

The mode: no sidebar, no Streamlit chrome, large text at 1280×720 and larger at 1920×1080, the active filters
as chips removable by click and by keyboard, the filter panel in a popover, Escape to leave, no serious axe
violation. The short link: same view and same count after the redirect, the same code for the same view, its
QR code decoded by zbarimg (Debian's zbar-tools, installed by .ci/run) equal to the link.
"""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from acp import i18n

from e2e_support import wait_drawn, wait_idle

SHOTS = Path("/tmp/shots-present")
FILTERED = "country=FR&level=municipal&from=2015&to=2024"
CHIP = "[class*=st-key-chip-] button"
EXIT = ".st-key-present-exit button"
SIZES = """() => {
    const body = document.querySelector('[data-testid=stCaptionContainer], [data-testid=stMainBlockContainer] .stMarkdown p');
    const count = document.querySelector('.st-key-acp-count p');
    return [parseFloat(getComputedStyle(body).fontSize), count ? parseFloat(getComputedStyle(count).fontSize) : null];
}"""


def count_text(page) -> str:
    return page.locator(".st-key-acp-count strong").first.text_content()


def chip_labels(page) -> list[str]:
    """The chips' labels (without their icon's ligature)."""
    return [t.strip() for t in page.locator(CHIP + " [data-testid=stMarkdownContainer]").all_text_contents()]


def open_mode(page, url: str) -> None:
    page.goto(url)
    wait_drawn(page, EXIT)


def sidebar_shown(page) -> bool:
    return page.evaluate("() => { const s = document.querySelector('[data-testid=stSidebar]');"
                         " return !!s && getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().width > 0; }")


@pytest.mark.parametrize("path", ["carte", "assemblees", "typologie", "sondage", "calendrier"])
def test_mode_has_no_sidebar_nor_chrome_and_large_text(server, browser, path):
    SHOTS.mkdir(exist_ok=True)
    query = FILTERED + "&" if path in ("carte", "assemblees", "typologie") else ""
    sizes = {}
    for width, height in ((1280, 720), (1920, 1080)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        page = context.new_page()
        try:
            open_mode(page, f"{server.url}/{path}?{query}present=1")
            assert not sidebar_shown(page)
            for chrome in ("header[data-testid=stHeader]", "[data-testid=stToolbar]", "[data-testid=stMainMenu]"):
                assert not page.locator(chrome).is_visible(), chrome
            body, count = page.evaluate(SIZES)
            sizes[width] = (body, count)
            assert body >= 20, (width, body)
            if query:
                assert count >= 28, (width, count)
                assert chip_labels(page) == ["France", "Commune", "2015–2024"]
            page.wait_for_timeout(1500)  # the map's tiles and charts settle
            page.screenshot(path=str(SHOTS / f"{path}-{width}x{height}.png"))
        finally:
            context.close()
    assert sizes[1920][0] > sizes[1280][0]
    if query:
        assert sizes[1920][1] > sizes[1280][1]


def test_chips_are_removed_by_click_and_by_keyboard(server, page):
    open_mode(page, f"{server.url}/assemblees?{FILTERED}&present=1")
    before = count_text(page)
    page.locator(CHIP, has_text="France").click()
    page.wait_for_function("() => !location.search.includes('country=')")
    wait_drawn(page, EXIT)
    assert count_text(page) != before
    assert "present=1" in page.url
    chip = page.locator(CHIP, has_text="Commune")
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search.includes('level=')")
    wait_drawn(page, EXIT)
    chip = page.locator(CHIP, has_text="2015–2024")
    chip.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => !location.search.includes('from=')")
    wait_drawn(page, EXIT)
    assert page.locator(CHIP).count() == 0
    assert count_text(page) == "19 assemblées sur 19"


def test_escape_and_the_control_leave_and_enter_the_mode(server, page):
    open_mode(page, f"{server.url}/carte?country=FR&present=1")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present=')")
    wait_drawn(page, "[data-testid=stSidebar] [aria-label=Pays]")
    assert sidebar_shown(page)
    assert "country=FR" in page.url  # the filters stay
    page.get_by_role("button", name="Mode présentation").click()
    page.wait_for_function("() => location.search.includes('present=1')")
    wait_drawn(page, EXIT)
    assert not sidebar_shown(page)
    page.locator(EXIT).click()
    page.wait_for_function("() => !location.search.includes('present=')")
    wait_idle(page)


def test_filter_panel_opens_in_the_mode(server, page):
    open_mode(page, f"{server.url}/assemblees?present=1")
    page.get_by_role("button", name=re.compile("^filter_list ?Filtres|^Filtres")).click()
    box = page.get_by_test_id("stPopoverBody").get_by_label("Pays", exact=True)
    box.click()
    box.fill("Belgique")
    page.get_by_role("option", name=re.compile(r"^Belgique \(")).click()
    page.wait_for_function("() => location.search.includes('country=BE')")
    page.keyboard.press("Escape")  # closes the drop-down list, not the mode
    wait_drawn(page, EXIT)
    assert "present=1" in page.url
    assert chip_labels(page) == ["Belgique"]


def test_keyboard_reaches_every_control_of_the_mode(server, page):
    open_mode(page, f"{server.url}/carte?{FILTERED}&present=1")
    wanted = {"France", "Commune", "2015–2024", "Filtres", "Partager cette vue", "Quitter (Échap)"}
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        text = page.evaluate("() => document.activeElement ? document.activeElement.innerText || '' : ''")
        reached |= {w for w in wanted if w in text}
        if reached == wanted:
            break
    assert reached == wanted


def test_no_serious_axe_violation_in_the_mode(server, page):
    for path in ("carte", "assemblees", "typologie", "sondage", "calendrier", "share"):
        open_mode(page, f"{server.url}/{'assemblees' if path == 'share' else path}?{FILTERED}&present=1")
        if path == "share":  # the share popover open: the link, its copy button, the QR code and its alt text
            _share(page)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        serious = [(v["id"], n["target"]) for v in result.response["violations"]
                   if v["impact"] in ("serious", "critical") for n in v["nodes"]]
        assert result.response["passes"], "axe did not run"
        assert serious == [], f"{path}: {serious}"


def _share(page) -> tuple[str, str]:
    """Open « Partager cette vue »: the short link and its QR code's PNG."""
    page.get_by_role("button", name=re.compile("Partager cette vue|Share this view")).click()  # fr or en
    code = page.get_by_test_id("stPopoverBody").locator("[data-testid=stCode] code")
    code.wait_for()
    img = page.get_by_test_id("stPopoverBody").locator("img.acp-qr")
    src = img.get_attribute("src")
    assert img.get_attribute("alt") in {i18n.t("share_qr_alt", lang, url=code.text_content().strip()) for lang in i18n.LANGS}
    assert img.bounding_box()["width"] >= 250  # readable from a projected slide
    return code.text_content().strip(), src


def test_short_link_round_trip_and_qr_code(server, page, tmp_path):
    open_mode(page, f"{server.url}/assemblees?{FILTERED}&present=1&lang=en")
    count = count_text(page)
    link, src = _share(page)
    assert re.fullmatch(re.escape(server.url) + r"/v/[a-z2-7]{8,10}", link), link
    png = tmp_path / "qr.png"
    png.write_bytes(base64.b64decode(src.split(",", 1)[1]))
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is required (apt-get install zbar-tools; .ci/run does it)"
    decoded = subprocess.run([zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == link

    page.goto(link)
    wait_drawn(page, EXIT)
    assert count_text(page) == count  # the same view: same filters, same count, English, presentation mode
    for part in ("country=FR", "level=municipal", "from=2015", "to=2024", "present=1", "lang=en", "/assemblees?"):
        assert part in page.url
    # The same view, filters picked in another order: the same code.
    open_mode(page, f"{server.url}/assemblees?lang=en&to=2024&level=municipal&present=1&from=2015&country=FR")
    assert _share(page)[0] == link


def test_unknown_short_link_is_a_french_404_page(server):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(server.url + "/v/aaaaaaaa", timeout=10)
    assert caught.value.code == 404
    text = caught.value.read().decode("utf-8")
    assert 'lang="fr"' in text and "Lien introuvable" in text and "n'existe pas" in text


def test_a_value_gone_from_the_data_is_left_out_and_said(server, page):
    page.goto(f"{server.url}/carte?country=FR&country=JP&level=nonsense&present=1")
    wait_drawn(page, EXIT, "[data-testid=stAlert]")
    alert = page.get_by_test_id("stAlert").text_content()
    assert "Japon" in alert and "nonsense" in alert
    assert chip_labels(page) == ["France"]
