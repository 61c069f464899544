"""AppTests of « Éditions et suites » (/editions), of the editions on a fiche, and of the links to the page from the
home and typology pages. The base's editions are those of tests/fixtures/editions_sample.csv (support.use_editions),
whatever the embedded data holds."""
from __future__ import annotations

import pytest

from acp import editions, i18n

from shown import assert_no_raw_code, charts_of, shown_texts
from support import open_app, use_editions


@pytest.fixture
def sample(app_env):
    use_editions(app_env)
    return app_env


def timeline_rows(at) -> list[dict]:
    found = [rows for spec, rows in charts_of(at) if any(p["name"] == "pick" for p in spec.get("params", []))]
    assert len(found) == 1
    return found[0]


def bold_lines(at) -> list[str]:
    return [m.value.strip("*") for m in at.markdown]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_page_shows_the_timeline_the_figures_and_the_tables(sample, lang):
    at = open_app("editions", from_home=True, **({"lang": lang} if lang != "fr" else {}))
    assert at.title[0].value == i18n.t("editions_title", lang)
    assert i18n.count_of(19, 19, lang) in bold_lines(at)
    assert i18n.t("editions_count", lang, count=16, n="16") in bold_lines(at)
    rows = timeline_rows(at)
    assert len(rows) == 15  # one edition has no start: said under the chart
    assert {r["assembly"] for r in rows} == {"paris", "eupen-ostbelgien", "bruxelles-climat", "milan-clima",
                                            "newham", "copenhague", "marseille", "aachen"}
    assert i18n.t("editions_undated", lang, count=1, n="1") in [c.value for c in at.caption]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("public_response_title", lang)] == i18n.fmt_percent(0.85, lang)  # 11 of 13
    assert metrics[i18n.t("implemented_share_title", lang)] == "—"
    captions = " ".join(c.value for c in at.caption)
    assert i18n.t("figure_unknown_n", lang, count=3, n="3") in captions  # the responses not recorded
    tables = at.dataframe
    assert [len(t.value) for t in tables] == [16, 16]  # the topics, every edition
    assert_no_raw_code(at)


def test_filters_change_the_rows(sample):
    at = open_app("editions", from_home=True, country="BE")
    assert "4 assemblées sur 19" in bold_lines(at)  # two of them without editions
    assert {r["assembly"] for r in timeline_rows(at)} == {"eupen-ostbelgien", "bruxelles-climat"}
    assert "6 éditions documentées pour ces assemblées" in bold_lines(at)
    # A change in the sidebar: Belgium and Italy.
    box = next(m for m in at.sidebar.multiselect if m.label == "Pays")
    box.set_value(["BE", "IT"]).run()
    assert not at.exception
    assert {r["assembly"] for r in timeline_rows(at)} == {"eupen-ostbelgien", "bruxelles-climat", "milan-clima"}
    assert at.query_params["country"] == ["BE", "IT"]


def test_no_edition_for_the_filtered_assemblies(sample):
    at = open_app("editions", from_home=True, country="AT")
    assert [i.value for i in at.info] == [i18n.t("no_edition")]
    assert not charts_of(at) and not at.metric


def test_a_base_without_any_edition(app_env):
    use_editions(app_env, None)
    at = open_app("editions")
    assert [i.value for i in at.info] == [i18n.t("no_edition")]
    home = open_app(None)
    assert {m.label: m.value for m in home.metric}["Éditions documentées"] == "0"


def test_a_click_on_an_edition_opens_its_fiche(sample):
    """What the chart's click leaves in the session (acp.ui.editions_view._on_pick) opens the fiche on the next run."""
    from acp.ui import editions_view

    at = open_app("editions", from_home=True)
    at.session_state[editions_view.PICKED] = "paris"
    at.run()
    assert not at.exception
    assert at.query_params["id"] == "paris"
    assert "Assemblée citoyenne de Paris" in " ".join(m.value for m in at.markdown)
    assert editions_view.PICKED not in at.session_state


def test_the_fiche_shows_its_editions_and_follow_up(sample):
    at = open_app("fiche", id="paris")
    texts = shown_texts(at)
    assert "### Éditions et suites" in [m.value for m in at.markdown]
    table = next(t.value for t in at.dataframe if "Édition" in t.value.columns)
    assert table["Édition"].tolist() == ["Promotion 1", "Promotion 2", "Promotion 3"]
    assert table["Dates"].tolist()[0] == "novembre 2021 – mars 2023"
    assert table["Recommandations mises en œuvre"].tolist() == ["Non renseigné"] * 3  # unknown, never 0
    assert len(timeline_rows_of_fiche(at)) == 3
    follow = next(m.value for m in at.markdown if m.value.startswith("- Réponse publique"))
    assert "**100\u00a0%**" in follow and "aucune inconnue" in follow
    assert any("Part adoptée : **100\u00a0%**" in t for t in texts)


def timeline_rows_of_fiche(at) -> list[dict]:
    return [r for _, rows in charts_of(at) for r in rows]


def test_a_fiche_without_editions_says_so(sample):
    at = open_app("fiche", id="villeurbanne")
    assert i18n.t("fiche_no_edition") in [c.value for c in at.caption]
    assert not charts_of(at)


def test_home_and_typology_lead_to_the_page(sample):
    at = open_app(None)
    assert {m.label: m.value for m in at.metric}["Éditions documentées"] == "16"
    links = at.get("page_link")
    assert any(link.proto.label == i18n.t("go_editions") for link in links)
    at = open_app("typologie", from_home=True, level="regional")
    link = next(link for link in at.get("page_link") if link.proto.label == i18n.t("typology_to_editions"))
    assert (link.proto.page, link.proto.query_string) == ("editions", "level=regional")  # the same Filter
    assert editions.MAX_CHART_ROWS >= 19  # every embedded assembly fits on the timeline
