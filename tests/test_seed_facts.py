"""The embedded data says what its sources say (audit of December 2026, /work/shared/research/audit-2026-12.md).

One test per corrected fact, read through the project's own importer and store (the `seeded`
database): the corrected value, and the evidence for it in the row's sources (and, where the audit
asks for it, in its notes). Then the three sourced assemblies added beyond the report, and the
calendar's themes without an invented format.
"""
from __future__ import annotations

import pytest

from acp import store
from acp.schema import is_missing

# The rows whose Spécialisation / Plusieurs sujets / Renouvelée follow from the group's definition.
DEFINITION_ROWS = ("vorarlberg", "eupen-ostbelgien", "paris", "villeurbanne", "rouen", "rennes-metropole",
                   "poitiers", "marseille", "newham", "copenhague", "aachen", "lueneburg")
NEW_ROWS = ("commissions-deliberatives-bruxelles", "haute-garonne", "nancy")
OUTSIDE_REPORT = "hors compte rendu du 25 avril 2025"


@pytest.fixture
def rows(seeded):
    return store.read_table(seeded, "assemblies").set_index("id")


def sources(row) -> list[str]:
    return [] if is_missing(row["sources"]) else list(row["sources"])


def cites(row, url: str) -> bool:
    return any(url in s for s in sources(row))


# ---------------------------------------------------------------- contradicted by a source

def test_vorarlberg_is_active_without_end_year(rows):
    row = rows.loc["vorarlberg"]
    assert row["status"] == "active"
    assert is_missing(row["end_year"])
    assert cites(row, "presse.vorarlberg.at/land/public/LH-Wallner-B-rgerr-te-werden-selbstverst-ndlich-fortgef-hrt")
    assert "22 avril 2025" in row["notes"] and "dissous" in row["notes"]  # the office's dissolution, in notes


def test_newham_is_not_shown_as_ended_in_2021(rows):
    row = rows.loc["newham"]
    assert is_missing(row["end_year"]) or row["end_year"] >= 2022
    assert row["status"] != "ended"
    assert cites(row, "newham.gov.uk/news/article/780")
    assert "22 et le dimanche 23 janvier 2022" in row["notes"]


def test_bruxelles_climat_initiated_by_the_public_authority(rows):
    row = rows.loc["bruxelles-climat"]
    assert row["initiated_by"] == "public_authority"
    assert cites(row, "climfr.sense-brussels.be") and cites(row, "maron-trachte.brussels")
    assert "G1000" in row["notes"] and "commissions délibératives" in row["notes"]


def test_rennes_metropole_partial_sortition(rows):
    row = rows.loc["rennes-metropole"]
    assert row["selection"] == "partial_sortition"
    assert cites(row, "metropole.rennes.fr")
    assert "Conseil de développement" in row["notes"]


def test_wallonie_partial_sortition(rows):
    row = rows.loc["wallonie"]
    assert row["selection"] == "partial_sortition"
    assert cites(row, "dreamocracy.eu/premiere-commission-deliberative-parlement-de-wallonie")


# ---------------------------------------------------------------- inferences said as such

def test_wallonie_permanence_per_sources_with_the_report_noted(rows):
    row = rows.loc["wallonie"]
    assert row["permanent"] == False  # noqa: E712 (numpy bool)
    assert "typologie" in row["notes"]  # the report lists it among permanent assemblies
    assert "Statut En activité : déduit" in row["notes"]
    assert "Fonctions : Recommandations sur une politique publique, déduit" in row["notes"]


def test_pays_basque_climate_from_the_2022_resolution(rows):
    row = rows.loc["pays-basque"]
    assert row["specialisation"] == "climate"
    assert cites(row, "naiz.eus/eu/info/noticia/20220526/")
    assert "26 mai 2022" in row["notes"]
    assert row["city"] == "Vitoria-Gasteiz" and "seulement où le point est placé" in row["notes"]


def test_marseille_topics_with_their_evidence(rows):
    row = rows.loc["marseille"]
    assert list(row["topics_from"]) == ["executive", "assembly"]
    assert cites(row, "madeinmarseille.net/?p=163402")
    assert cites(row, "destimed.fr/marseille-lassemblee-citoyenne-du-futur-une-deuxieme-edition")


def test_villeurbanne_topics_come_from_the_council(rows):
    row = rows.loc["villeurbanne"]
    assert list(row["topics_from"]) == ["administration_elected"]
    assert list(row["functions"]) == ["participatory_budget"]  # its role, not a topic-setter
    assert cites(row, "participez-villeurbanne.org/lhistoire-de-lassemblee")


@pytest.mark.parametrize("key", DEFINITION_ROWS)
def test_definition_derived_values_are_said_so(rows, key):
    row = rows.loc[key]
    assert row["specialisation"] == "general" and row["several_topics"] == True  # noqa: E712
    if key != "poitiers":  # Poitiers' renewal is not recorded
        assert row["renewed"] == True  # noqa: E712
    assert "déduits de la définition de travail du groupe" in row["notes"]


# ---------------------------------------------------------------- values the sources give

def test_eupen_mandate_is_18_months(rows):
    row = rows.loc["eupen-ostbelgien"]
    assert row["mandate_months"] == 18
    assert cites(row, "equalitybylot.com/2019/03/01/new-permanent-sortition-assembly-in-belgium")


def test_lueneburg_compensation_35_euros_per_session(rows):
    row = rows.loc["lueneburg"]
    assert row["compensated"] == True  # noqa: E712
    assert row["compensation"] == "35 € par séance"
    assert cites(row, "hansestadt-lueneburg.de")
    assert "pro Sitzung eine Aufwandsentschädigung von 35 Euro" in row["notes"]


def test_paris_indemnity_keeps_paris_fr_and_notes_democurieux(rows):
    row = rows.loc["paris"]
    assert row["compensation"] == "44 € par demi-journée"
    assert cites(row, "paris.fr/pages/assemblee-citoyenne-20187")
    assert cites(row, "democurieux.fr/2022/04/02/assemblee-citoyenne-de-paris")
    assert "44 euros par jour" in row["notes"]


# ---------------------------------------------------------------- assemblies beyond the report

@pytest.mark.parametrize("key", NEW_ROWS)
def test_sourced_assembly_beyond_the_report(rows, key):
    assert key in rows.index
    row = rows.loc[key]
    assert OUTSIDE_REPORT in row["notes"]
    assert sources(row) and all(s.startswith("https://") for s in sources(row))
    assert row["permanent"] == True  # noqa: E712
    assert "(approximatives)" in row["notes"]  # the seat city's coordinates, said to be approximate
    assert not is_missing(row["latitude"]) and not is_missing(row["longitude"])


def test_new_rows_cite_the_audit_sources(rows):
    assert cites(rows.loc["commissions-deliberatives-bruxelles"], "oecd-opsi.org/innovations/deliberative-committees-brussels")
    assert cites(rows.loc["commissions-deliberatives-bruxelles"], "oidp.net/distinction/en/record03.2022.php")
    assert cites(rows.loc["haute-garonne"], "democurieux.fr/2022/12/03/assemblee-citoyenne-de-haute-garonne")
    assert cites(rows.loc["haute-garonne"], "espace-presse.haute-garonne.fr/?p=9841")
    assert cites(rows.loc["nancy"], "democurieux.fr/2022/04/09/assemblee-citoyenne-de-nancy")
    assert cites(rows.loc["nancy"], "ici-c-nancy.fr")


def test_assemblies_the_audit_says_not_to_add_are_absent(rows):
    text = " ".join(rows["name"].fillna("") + " " + rows["city"].fillna("")).casefold()
    for place in ("bourges", "madrid", "bologn", "kingersheim", "nantes", "strasbourg", "toronto"):
        assert place not in text, place


# ---------------------------------------------------------------- calendar

def test_theme_rows_to_schedule_have_no_format(seeded):
    sessions = store.read_table(seeded, "sessions").set_index("id")
    themes = sessions[sessions.index.str.startswith("theme-")]
    assert len(themes) == 5
    assert (themes["status"] == "to_schedule").all()
    assert themes["format"].map(is_missing).all()
    assert sessions.loc["webinaire-introductif", "format"] == "visio"  # the webinar's format is the report's
