"""« Comparer »: which ids are compared (unknown, repeated, too many), the rows of three known assemblies with their
« differs » marks, the HTML table (escaped, marked by a symbol and words) and the spreadsheet frame."""
from __future__ import annotations

import pytest

from acp import compare, export, fiche

IDS = ["paris", "eupen-ostbelgien", "milan-clima"]


@pytest.fixture
def three(seeded):
    records = [fiche.read(seeded, i) for i in IDS]
    states = {i: fiche.criteria_states(seeded, i) for i in IDS}
    return records, compare.rows(records, states, "fr")


def value(frame, field, assembly):
    return frame.set_index("field").loc[field, assembly]


def differs(frame, field):
    return bool(frame.set_index("field").loc[field, "differs"])


def test_parse_ids_keeps_order_and_names_what_it_leaves_out():
    known = {"a", "b", "c", "d", "e"}
    assert compare.parse_ids("b,a", known) == compare.Choice(("b", "a"))
    choice = compare.parse_ids(" a, nope ,a,b,,b,zz", known)
    assert choice == compare.Choice(("a", "b"), unknown=("nope", "zz"), repeated=("a", "b"))
    choice = compare.parse_ids("e,d,c,b,a", known)
    assert choice.ids == ("e", "d", "c", "b") and choice.dropped == ("a",) and choice.enough
    assert not compare.parse_ids("a", known).enough and not compare.parse_ids(None, known).enough
    assert compare.parse_ids(["a,b", "c"], known).ids == ("a", "b", "c")  # a repeated URL parameter
    assert compare.query(("a", "b")) == "a,b"


def test_rows_of_three_known_assemblies(three):
    _, frame = three
    assert list(frame.columns) == ["section", "section_title", "field", "label", *IDS, "differs"]
    sections = [code for code, _, _ in fiche.SECTIONS]  # every section of the fiche, whatever it holds
    assert list(frame["section"].unique()) == [*sections, "criteria", "sources"]
    assert len(frame) == sum(len(names) for _, _, names in fiche.SECTIONS) + 5 + 1
    assert value(frame, "name", "paris") == "Assemblée citoyenne de Paris"
    assert value(frame, "level", "paris") == "Commune" and value(frame, "level", "eupen-ostbelgien") == "Région"
    assert differs(frame, "level")
    assert [value(frame, "initiated_by", i) for i in IDS] == ["Autorité publique"] * 3
    assert not differs(frame, "initiated_by") and not differs(frame, "status")
    assert [value(frame, "members", i) for i in IDS] == ["100", "24", "90"] and differs(frame, "members")
    assert value(frame, "selection", "paris") == value(frame, "selection", "milan-clima") == "Tirage au sort stratifié"
    assert differs(frame, "selection")  # Eupen: « Tirage au sort »
    assert value(frame, "compensated", "milan-clima") is None and differs(frame, "compensated")  # unknown vs known
    assert value(frame, "hearings", "paris") is None and not differs(frame, "hearings")  # unknown everywhere
    assert value(frame, "criterion_public", "paris").startswith("Rempli — ") and not differs(frame, "criterion_public")
    assert value(frame, "criterion_sortition", "milan-clima").startswith("Inconnu — ") and differs(frame, "criterion_sortition")
    assert "https://comune.milano.it" in value(frame, "sources", "milan-clima")


def test_html_marks_differences_with_a_symbol_and_words(three):
    records, frame = three
    text = compare.to_html(frame, records, "fr")
    assert text.count('aria-label="Les valeurs diffèrent"') == int(frame["differs"].sum())
    assert "≠</span>" in text and "diffère" in text
    assert '<a href="https://comune.milano.it">' in text
    assert text.count("<table") == len(fiche.SECTIONS) + 2 and "<caption>Critères du groupe</caption>" in text


def test_a_hostile_name_is_inert(three):
    records, _ = three
    hostile = [dict(records[0], name="<img src=x onerror=alert(1)>", website="javascript:alert(1)"), records[1]]
    frame = compare.rows(hostile, {}, "fr")
    text = compare.to_html(frame, hostile, "fr")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert 'href="javascript' not in text


def test_spreadsheet_frame_and_downloads(three):
    records, frame = three
    sheet = compare.labelled(frame, records, "fr")
    assert list(sheet.columns) == ["Rubrique", "Champ", "Assemblée citoyenne de Paris", "Bürgerdialog Ostbelgien",
                                   "Assemblea Permanente dei Cittadini sul Clima", "Diffère"]
    assert sheet.iloc[0]["Diffère"] == "Oui"
    csv = export.to_csv_bytes(sheet).decode("utf-8-sig")
    assert csv.startswith("Rubrique;Champ;Assemblée citoyenne de Paris;") and "Échelon;Commune;Région;Commune;Oui" in csv
    assert export.to_xlsx_bytes(sheet, "Comparaison")[:2] == b"PK"


def test_same_names_are_told_apart_in_headers(seeded):
    a = fiche.read(seeded, "paris")
    b = dict(fiche.read(seeded, "rouen"), name=a["name"])
    assert compare.headers([a, b]) == [f"{a['name']} (paris)", f"{a['name']} (rouen)"]


def test_the_editions_summary_and_follow_up_are_compared(seeded):
    from acp import editions

    seeded.execute("INSERT INTO editions (id, assembly, label, start, \"end\", response, follow_up) VALUES "
                   "('paris-1', 'paris', 'Promo 1', '2021-11', '2023-03', 'council_vote', 'Vœux adoptés'), "
                   "('paris-2', 'paris', 'Promo 2', '2023-07', NULL, NULL, NULL)")
    records = [fiche.read(seeded, i) for i in ("paris", "rouen")]
    frame = compare.rows(records, {}, "fr", {i: editions.for_assembly(seeded, i) for i in ("paris", "rouen")})
    part = frame[frame["section"] == compare.EDITIONS_SECTION].set_index("field")
    assert part.loc["editions_on_record", "paris"].startswith("2 : Promo 1 (novembre 2021 – mars 2023) ; Promo 2")
    assert part.loc["editions_on_record", "rouen"] is None and part.loc["editions_on_record", "differs"]
    assert part.loc["editions_responses", "paris"] == "Délibération ou vote du conseil × 1 ; Non renseigné × 1"
    assert part.loc["editions_follow_up", "paris"] == "Vœux adoptés"
    english = compare.rows(records, {}, "en", {i: editions.for_assembly(seeded, i) for i in ("paris", "rouen")})
    assert "Editions on record" in set(english["label"])
