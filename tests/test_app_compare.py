"""The « Comparer » page and the fiche's additions, run by AppTest: the comparison of three assemblies, what is left
out and said, the control that adds or removes one, the downloads; on a fiche, nearby assemblies, « Comparer
avec… » and its history; in English and German, the interface's own labels."""
from __future__ import annotations

import pytest

from acp import i18n

from shown import shown_texts
from support import open_app

IDS = "paris,eupen-ostbelgien,milan-clima"
NAMES = ("Assemblée citoyenne de Paris", "Bürgerdialog Ostbelgien", "Assemblea Permanente dei Cittadini sul Clima")


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_three_assemblies_side_by_side(app_env):
    at = open_app("comparer", ids=IDS)
    body = html_of(at)
    for name in NAMES:
        assert f'<th scope="col">{name}</th>' in body
    assert "<caption>Typologie</caption>" in body and "<caption>Critères du groupe</caption>" in body
    assert 'aria-label="Les valeurs diffèrent"' in body
    assert not at.warning
    assert at.multiselect[0].value == IDS.split(",")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [i18n.t("compare_download_csv"), i18n.t("compare_download_xlsx")]
    assert "acp-print-button" in body and "@media print" in body


def test_unknown_repeated_and_too_many_ids_are_named_and_left_out(app_env):
    at = open_app("comparer", ids="paris,nope,paris,rouen,nancy,aachen,lueneburg")
    warnings = [w.value for w in at.warning]
    assert any("« nope »" in w and "inconnu" in w for w in warnings), warnings
    assert any("« paris »" in w and "répété" in w for w in warnings), warnings
    assert any("« lueneburg »" in w and "quatre premières" in w for w in warnings), warnings
    assert at.multiselect[0].value == ["paris", "rouen", "nancy", "aachen"]
    from acp import fiche

    assert html_of(at).count("<table") == len(fiche.SECTIONS) + 3  # the criteria, the editions, the sources


def test_fewer_than_two_asks_for_more_and_the_control_adds_one(app_env):
    at = open_app("comparer", ids="paris")
    assert [i.value for i in at.info] == [i18n.t("compare_need_two")]
    assert "<table" not in html_of(at)
    at.multiselect[0].select("rouen").run()
    assert not at.exception
    assert at.query_params["ids"] in ("paris,rouen", ["paris,rouen"])
    assert '<th scope="col">Assemblée citoyenne de Rouen</th>' in html_of(at)
    at.multiselect[0].unselect("paris").run()
    assert at.query_params["ids"] in ("rouen", ["rouen"]) and at.info


def test_no_ids_at_all(app_env):
    at = open_app("comparer")
    assert at.info and not at.warning and at.multiselect[0].value == []


def test_a_fiche_offers_nearby_assemblies_comparison_and_history(app_env):
    at = open_app("fiche", id="paris")
    links = {p.proto.label: p.proto.page for p in at.get("page_link")}
    assert i18n.t("compare_link") in links
    compare_links = [p for p in at.get("page_link") if p.proto.label == i18n.t("nearby_compare")]
    assert 3 <= len(compare_links) <= 5
    texts = "\n".join(shown_texts(at))
    assert i18n.t("nearby_title") in texts and "Même échelon" in texts
    assert i18n.t("history_title") in [e.label for e in at.expander]
    assert "Fiche ajoutée" in texts or any("Fiche ajoutée" in str(t.value) for t in at.table)


@pytest.mark.parametrize("lang", ("en", "de"))
def test_labels_in_english_and_german(app_env, lang):
    at = open_app("comparer", ids=IDS, lang=lang)
    assert at.title[0].value == i18n.t("compare_title", lang)
    assert at.multiselect[0].label == i18n.t("compare_pick", lang)
    body = html_of(at)
    assert f"<caption>{i18n.t('compare_criteria', lang)}</caption>" in body
    assert f'aria-label="{i18n.t("compare_differs_label", lang)}"' in body
    from acp.schema import ASSEMBLIES

    assert f'<th scope="row">{ASSEMBLIES.column("level").label(lang)}<br>' in body  # translated column labels


def test_the_maps_fiche_card_links_to_the_comparison(app_env):
    at = open_app("carte")
    at.selectbox(key="map-fiche-").set_value("paris").run()
    links = [p for p in at.get("page_link") if p.proto.label == i18n.t("compare_link")]
    assert len(links) == 1 and links[0].proto.page == "comparer" and links[0].proto.query_string == "ids=paris"


def test_the_fiche_shows_its_history_after_an_import_and_a_rollback(app_env):
    from acp import export, store
    from acp.ingest import read_upload

    con = store.connect(app_env)
    frame = store.dataset_frame(con, "assemblies")
    frame.loc[frame["Identifiant"] == "paris", "Nombre de membres"] = "120"
    upload = read_upload("assemblies", "corrections.csv", export.to_csv_bytes(frame), store.ingest_context(con))
    first = store.apply_upload(con, upload, by="Coordination")
    store.rollback(con, first, by="Coordination")
    con.close()
    at = open_app("fiche", id="paris")
    table = at.table[0].value
    shown = table.reset_index().astype(str).values.tolist()
    assert [r[1:] for r in shown[:2]] == [[f"Retour à l'état d'avant l'import n° {first}", "Nombre de membres", "120", "100"],
                                         [f"Import n° {first} (corrections.csv)", "Nombre de membres", "100", "120"]]
    assert shown[-1][1:3] == ["Import n° 2 (assemblies.csv)", "Fiche ajoutée"]
    assert "Coordination" not in repr(shown)
