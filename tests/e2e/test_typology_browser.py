"""The typology page in a real browser: a click on a bar sets the shared filter (count, URL,
sidebar), and the language switch keeps the page and the filters, across pages too."""
import re

from playwright.sync_api import expect

from e2e_support import wait_idle


def mark(page, prefix: str):
    """A mark (bar, bar segment, heat-map cell) of a Vega-Lite chart by the start of its accessible name."""
    return page.locator(f'[role=graphics-symbol][aria-roledescription$=bar][aria-label^="{prefix}"], '
                        f'[role=graphics-symbol][aria-roledescription="rect mark"][aria-label^="{prefix}"]')


def bar(page, label: str, lang: str = "fr"):
    """A bar found by its accessible name ("Région : 5 (31 %)", "Region: 5 (31%)")."""
    return mark(page, f"{label} : " if lang == "fr" else f"{label}: ")


def test_click_on_a_bar_sets_the_filter(server, page):
    page.goto(server.url + "/typologie")
    wait_idle(page)
    expect(page.get_by_text("19 assemblées sur 19").first).to_be_visible()
    region = bar(page, "Région")
    expect(region).to_have_count(1)
    region.click()
    expect(page.get_by_text("6 assemblées sur 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/typologie\?(.*&)?level=regional"))
    wait_idle(page)
    # The sidebar's widget shows the new filter, and the level chart keeps its other bars, faded.
    expect(page.get_by_test_id("stSidebar").get_by_text("Région (6)")).to_be_visible()
    expect(bar(page, "Commune")).to_have_attribute("opacity", "0.3")
    expect(bar(page, "Région")).to_have_attribute("opacity", "1")
    # The other charts now count the six regional assemblies.
    expect(bar(page, "Autorité publique")).to_have_attribute("aria-label",
                                                             re.compile(r"^Autorité publique : 2 \(33\W%\)"))


def test_language_switch_keeps_the_page_and_the_filters(server, page):
    page.goto(server.url + "/typologie?level=regional")
    wait_idle(page)
    expect(page.get_by_text("6 assemblées sur 19").first).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_text("6 assemblies of 19").first).to_be_visible()
    expect(page.get_by_role("heading", name="Typology of the assemblies")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/typologie\?.*lang=en"))
    expect(page).to_have_url(re.compile(r"level=regional"))
    expect(bar(page, "Region", "en")).to_have_count(1)
    # Another page through the navigation: still in English, with the same filter.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Assemblies").click()
    wait_idle(page)
    expect(page.get_by_text("6 assemblies of 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/assemblees\?.*lang=en"))
    expect(page).to_have_url(re.compile(r"level=regional"))
    # And back to French.
    page.get_by_test_id("stSidebar").get_by_text("Français", exact=True).click()
    expect(page.get_by_text("6 assemblées sur 19").first).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"lang="))


def test_click_on_a_heat_map_cell_or_a_year_sets_the_filter(server, page):
    page.goto(server.url + "/typologie?lang=en")
    wait_idle(page)
    expect(page.get_by_text("19 assemblies of 19").first).to_be_visible()
    cell = mark(page, "Municipality × Stratified sortition: ")
    expect(cell).to_have_count(1)
    cell.click(position={"x": 6, "y": 6})  # its count is written in its middle
    expect(page.get_by_text("6 assemblies of 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"level=municipal"))
    expect(page).to_have_url(re.compile(r"selection=stratified_sortition"))

    page.goto(server.url + "/typologie?stack=initiated_by")
    wait_idle(page)
    segment = mark(page, "2020, Citoyen·nes : ")
    expect(segment).to_have_count(1)
    segment.click()
    expect(page.get_by_text("2 assemblées sur 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"initiated_by=citizens"))


def test_chart_image_downloads_from_the_chart_menu(server, page):
    page.goto(server.url + "/typologie")
    wait_idle(page)
    # The hovered chart's own toolbar. The toolbar floats above its chart, where another chart's marks can lie
    # over it while the page settles (once in four clean-clone runs: "svg … intercepts pointer events"): the click goes to the
    # button itself, what is checked is the PNG that button gives.
    chart = page.get_by_test_id("stElementContainer").filter(has=page.get_by_test_id("stVegaLiteChart")).first
    chart.hover()
    button = chart.get_by_role("button", name="Download as PNG")
    expect(button).to_be_visible()
    with page.expect_download() as download:
        button.dispatch_event("click")
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".png")
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
