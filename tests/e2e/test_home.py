"""The home page in a real browser: key figures read from the database, in French."""
from playwright.sync_api import expect

from e2e_support import wait_idle


def test_home_page_shows_figures(server, page):
    page.goto(server.url + "/")
    wait_idle(page)
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.first).to_contain_text("Assemblées")
    expect(metrics.first).to_contain_text("19")
    expect(page.get_by_text("Prochaine séance")).to_be_visible()
