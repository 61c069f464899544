"""Facilitator flows in a real browser: a filter click updates the count and the URL, and the
copied URL reproduces the view; the map draws its country outlines with the network cut."""
import re

from playwright.sync_api import expect

from e2e_support import wait_idle


def choose(page, label: str, option: str) -> None:
    wait_idle(page)  # during a rerun the old and the rebuilt widget briefly coexist
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.get_by_label(label, exact=True)
    # In the middle of the sidebar first: a box on the window's bottom edge (« Échelon » at 1280x720, under the
    # menu's ten pages) takes a click scrolled into view as a focus, without opening its list.
    box.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option", name=option).click()
    page.keyboard.press("Escape")


def test_filter_click_updates_count_and_url_that_reproduces_the_view(server, page, browser):
    page.goto(server.url + "/assemblees")
    wait_idle(page)
    expect(page.get_by_text("19 assemblées sur 19").first).to_be_visible()
    choose(page, "Échelon", "Région (6)")
    expect(page.get_by_text("6 assemblées sur 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"level=regional"))
    choose(page, "Pays", "Belgique (4)")
    expect(page.get_by_text("4 assemblées sur 19").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"country=BE"))
    shared = page.url

    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    other.goto(shared)
    wait_idle(other)
    expect(other.get_by_text("4 assemblées sur 19").first).to_be_visible()
    sidebar = other.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Région (4)")).to_be_visible()
    expect(sidebar.get_by_text("Belgique (4)")).to_be_visible()
    other.context.close()


def test_reset_clears_filters_and_url(server, page):
    page.goto(server.url + "/assemblees?level=regional&q=bruxelles")
    wait_idle(page)
    expect(page.get_by_text("2 assemblées sur 19").first).to_be_visible()
    page.get_by_role("button", name="Réinitialiser les filtres").click()
    expect(page.get_by_text("19 assemblées sur 19").first).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"level=|q="))


def test_map_draws_country_outlines_offline(server, page):
    blocked = []

    def only_local(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_local)
    page.goto(server.url + "/carte")
    wait_idle(page)
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    expect(canvas).to_be_visible(timeout=30_000)  # WebGL in software is slow under load
    page.wait_for_function(
        """() => { const c = document.querySelector('[data-testid=stDeckGlJsonChart] canvas');
                   return c && c.width > 0; }""")
    shot = canvas.screenshot()
    assert outline_pixels(shot) > 2000, "the country outlines are not drawn"


def outline_pixels(png: bytes) -> int:
    """Pixels of the outline grey (120, 130, 140): none when the outlines are not drawn."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    near = np.abs(pixels - np.array([120, 130, 140])).max(axis=2) < 25
    return int(near.sum())




def test_other_facets_are_updated_in_place(server, page):
    """A filter change gives the other facets new counts in the same widgets (no widget built anew), and
    the table ends with as many rows as the count."""
    page.goto(server.url + "/assemblees")
    wait_idle(page)
    grid = page.get_by_test_id("stDataFrame").locator("[aria-rowcount]")
    expect(grid).to_have_attribute("aria-rowcount", "20")  # the header row and 19 assemblies
    country = page.get_by_test_id("stSidebar").get_by_label("Pays", exact=True)
    country.evaluate("(e) => { e.dataset.kept = 'yes'; }")
    options = country_options(page, country)
    choose(page, "Échelon", "Région (6)")
    wait_idle(page)
    expect(page.get_by_text("6 assemblées sur 19").first).to_be_visible()
    expect(grid).to_have_attribute("aria-rowcount", "7")
    assert country_options(page, country) != options  # new counts...
    assert country.get_attribute("data-kept") == "yes"  # ...in the same widget


def country_options(page, box) -> list[str]:
    box.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option").first.wait_for()
    names = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return names


def test_a_new_servers_first_request_for_a_page_goes_through_app_py(tmp_path, page):
    """serve.py switches Streamlit out of its old pages-directory mode before the first session
    (acp.ui.navigation_mode): a new process's very first request, for /carte, runs app.py with its menu,
    sidebar filters and language switch, never pages/carte.py alone."""
    from acp import store

    from e2e_support import Server

    db = tmp_path / "acp.duckdb"
    store.build_if_missing(db)
    fresh = Server(db)
    try:
        page.goto(fresh.url + "/carte?country=FR")
        wait_idle(page)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("Langue / Language")).to_be_visible()
        expect(sidebar.get_by_label("Pays", exact=True)).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    finally:
        fresh.stop()
