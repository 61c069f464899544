"""The embedded editions (data/seed/editions.csv) say what the research file says (issue 15, deliverable 3).

The research file is `shared/research/editions.md` (December 2026), copied verbatim in
tests/fixtures/research/editions.md (the tests read nothing outside the repository): one section per
assembly, a table of its editions with a source for each, its accountability facts, and a Summary
table of the editions sourced per assembly (37).

The CSV is read with the csv module, not the importer (the editions importer is built on another
branch); once `acp.ingest` reads editions, one test checks that the file imports without an error.
The assemblies' accountability columns are read by the project's own importer.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from acp.ingest import values
from acp.schema import ASSEMBLIES, EDITIONS, RESPONSE, TOPICS_FROM

from support import FIXTURES, ROOT

SEED = ROOT / "data" / "seed"
EDITIONS_CSV = SEED / "editions.csv"
ASSEMBLIES_CSV = SEED / "assemblies.csv"
RESEARCH = (FIXTURES / "research" / "editions.md").read_text(encoding="utf-8")

COUNTS = ("members", "recommendations", "adopted", "implemented")
MONTHS = ("start", "end", "response_date")
LABEL = {c.name: c.fr for c in EDITIONS.columns}
EMBEDDED = "éditions embarquées"  # the words of an assembly's note that says why its count and its rows differ


# ---------------------------------------------------------------- reading the research file and the CSV

def sections() -> dict[str, str]:
    """The text of each assembly's section, by assembly id (the first word of its heading)."""
    parts = re.split(r"^## ", RESEARCH, flags=re.M)[1:]
    return {part.split()[0]: part for part in parts if not part.startswith("Summary")}


def summary() -> tuple[dict[str, int], int]:
    """The Summary table: editions sourced per assembly, and the total."""
    text = RESEARCH.split("## Summary", 1)[1]
    per = {name: int(n) for name, n in re.findall(r"([a-z][a-z-]+) (\d+)", text)}
    total = int(re.findall(r"\|\s*(\d+)\s*\|\s*$", text, flags=re.M)[-1])
    return per, total


def edition_rows(section: str) -> list[str]:
    """The table rows of a section that are editions: not the header, the separator or an announced edition."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [r for r in rows if not r.startswith(("| Edition", "|---")) and "announced" not in r]


def read_csv(path) -> tuple[list[str], list[dict]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def editions() -> list[dict]:
    """The embedded editions, by column name (acp.schema.EDITIONS)."""
    _, rows = read_csv(EDITIONS_CSV)
    return [{c.name: row[c.fr] for c in EDITIONS.columns} for row in rows]


def assemblies() -> dict[str, dict]:
    _, rows = read_csv(ASSEMBLIES_CSV)
    return {row["Identifiant"]: row for row in rows}


def by_id() -> dict[str, dict]:
    return {row["id"]: row for row in editions()}


def sources(row) -> list[str]:
    return [s.strip() for s in row["sources"].split("|") if s.strip()]


def address(url: str) -> str:
    """A link as the research file writes it: without scheme nor « www. »."""
    return re.sub(r"^https?://(www\.)?", "", url)


def truncated_references(text: str) -> list[tuple[str, str]]:
    """The addresses the research file cuts with « … »: (what comes before, what comes after, if anything)."""
    found = re.findall(r"(\S*?)\s*…\s*([^\s()|]*)", text)
    return [(before.lstrip("("), after.rstrip(").,;")) for before, after in found if "." in before]


def cited(url: str, section: str) -> bool:
    """The link is written in the section, or completes an address the section cuts with « … »."""
    link = address(url)
    if link in section or link.rstrip("/") in section:
        return True
    return any(link.startswith(address(before)) and link.endswith(after)
               for before, after in truncated_references(section) if before)


def stated(number: int, section: str) -> bool:
    """The number is written in the section, as such or as a sum « a + b » (« 28 + 2 », « 1 vœu + 1 délibération »)."""
    if re.search(rf"(?<![\d.,]){number}(?![\d])", section):
        return True
    sums = re.findall(r"(\d+)[^\d|+]{0,30}\+\s*(\d+)", section)
    return any(int(a) + int(b) == number for a, b in sums)


# ---------------------------------------------------------------- the format

def test_import_format_like_assemblies_csv():
    data = EDITIONS_CSV.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as data/seed/assemblies.csv
    assert b"\r" not in data
    header, rows = read_csv(EDITIONS_CSV)
    assert header == [c.fr for c in EDITIONS.columns]  # French headers, in the schema's order
    assert rows


def test_count_and_ids():
    per, total = summary()
    rows = editions()
    assert total == 37 and sum(per.values()) == 37
    assert len(rows) == total
    assert Counter(r["assembly"] for r in rows) == +Counter(per)  # per assembly, as the Summary table
    seen: Counter = Counter()
    for row in rows:  # <assembly>-<n>, in order within each assembly
        seen[row["assembly"]] += 1
        assert row["id"] == f"{row['assembly']}-{seen[row['assembly']]}"
        assert row["label"]


def test_summary_counts_the_tables_of_the_research_file():
    """The Summary agrees with the sections' tables (Rennes: one running body described in a paragraph;
    Copenhagen's 2024 edition is only announced and has no row, see its assembly's notes)."""
    per, _ = summary()
    for name, text in sections().items():
        expected = per.get(name, 0)
        if name == "rennes-metropole":
            assert not edition_rows(text) and expected == 1
        else:
            assert len(edition_rows(text)) == expected, name
    assert "announced" in sections()["copenhague"]
    assert not any("2024" in r["label"] for r in editions() if r["assembly"] == "copenhague")
    assert "annoncée" in assemblies()["copenhague"]["Notes"]


def test_every_assembly_exists():
    known = set(assemblies())
    assert {r["assembly"] for r in editions()} <= known
    assert set(sections()) <= known


# ---------------------------------------------------------------- the evidence

def test_sources_are_the_links_of_the_research_file():
    text = sections()
    for row in editions():
        links = sources(row)
        assert links, row["id"]
        for link in links:
            assert link.startswith("https://"), (row["id"], link)
            assert cited(link, text[row["assembly"]]), (row["id"], link)


def test_every_number_is_in_the_research_text_of_its_assembly():
    text = sections()
    for row in editions():
        for name in COUNTS:
            if row[name]:
                number = int(row[name])  # a whole number: no decimal, no word
                assert number > 0, (row["id"], name)  # « nf » is empty, never 0
                assert stated(number, text[row["assembly"]]), (row["id"], name, number)


def test_no_count_is_zero():
    for row in editions():
        for name in COUNTS:
            assert row[name] != "0", (row["id"], name)


# The research's approximate or unspecific counts: the field stays empty, the words are in the notes.
APPROXIMATE = [
    ("vorarlberg-2", "recommendations", "rund 200"),
    ("eupen-ostbelgien-1", "members", "25 à 28"),
    ("eupen-ostbelgien-1", "adopted", "un bon tiers"),
    ("eupen-ostbelgien-4", "members", "environ 30"),
    ("eupen-ostbelgien-4", "recommendations", "environ 22"),
    ("eupen-ostbelgien-6", "members", "environ 30"),
    ("eupen-ostbelgien-7", "members", "environ 30"),
    ("poitiers-2", "members", "un peu moins de 100"),
    ("newham-1", "recommendations", "au moins 6"),
    ("bruxelles-climat-1", "recommendations", "soixantaine"),
    ("wallonie-1", "recommendations", "une trentaine"),
    ("lueneburg-2", "members", "environ 30"),
]


@pytest.mark.parametrize(("edition", "column", "words"), APPROXIMATE)
def test_approximate_counts_are_words_in_notes(edition, column, words):
    row = by_id()[edition]
    assert row[column] == ""
    assert words in row["notes"]


def test_approximate_words_of_the_research_are_never_a_count():
    """Wherever the notes give a count in words (« environ », « rund », « une trentaine »…), no row holds that
    number as if it were exact, unless a source gives it exactly (Ostbelgien 5: 27 against about 20)."""
    for row in editions():
        for words, number in re.findall(r"(environ|rund|about) (\d+)", row["notes"]):
            for name in COUNTS:
                assert row[name] != number, (row["id"], name, words)


# Two sources that disagree: one value in the field, the other (with its source) in the notes.
DISAGREEMENTS = [
    ("vorarlberg-3", "members", "20", ["21 selon vorarlberg.at"]),
    ("vorarlberg-1", "follow_up", "22 novembre 2013", ["22.10", "7 et 8 novembre 2013 selon oe-journal"]),
    ("eupen-ostbelgien-5", "recommendations", "27", ["environ 20 selon brf.be/regional/1725511"]),
    ("eupen-ostbelgien-4", "recommendations", "", ["environ 22 selon grenzecho.net", "environ 20 selon buergerdialog.be"]),
    ("bruxelles-climat-1", "recommendations", "", ["« soixantaine » selon maron-trachte.brussels",
                                                  "« meer dan 80 » (plus de 80) selon klimaatraad.brussels"]),
    ("paris-1", "follow_up", "Trois vœux adoptés", ["« trois délibérations » selon 20minutes.fr"]),
    ("rennes-metropole-1", "members", "30", ["28 habitant·es", "« 24 » selon France 3"]),
    ("milan-clima-3", "recommendations", "26", ["28 proposte presentate"]),
]


@pytest.mark.parametrize(("edition", "column", "value", "in_notes"), DISAGREEMENTS)
def test_disagreements_are_recorded(edition, column, value, in_notes):
    row = by_id()[edition]
    if column in COUNTS:
        assert row[column] == value  # the field's value; empty when both sources give only words
    else:
        assert value in row[column]
    for words in in_notes:
        assert words in row["notes"], words


def test_assembly_level_disagreements_are_recorded():
    rows = assemblies()
    assert "mars 2022 selon democurieux.fr" in rows["poitiers"]["Notes"]
    assert "juin 2022 selon pqn-a.fr" in rows["poitiers"]["Notes"]
    assert "date le test de 2023" in rows["lueneburg"]["Notes"]
    assert "règlement du Parlement" in rows["wallonie"]["Notes"] and "décret" in rows["wallonie"]["Notes"]
    assert "contredit une fin en 2021" in rows["newham"]["Notes"]
    assert "18 mois" in rows["eupen-ostbelgien"]["Notes"] and rows["eupen-ostbelgien"]["Durée du mandat (mois)"] == "18"


def test_assembly_votes_are_not_the_authority_adopting():
    """Milan's « 5 of 8 passed » (and 21 of 25, 26 of 28) is the assembly's own vote; Aachen 2024's « 5 under way »
    is neither an adoption nor an implementation."""
    rows = by_id()
    for edition, made in (("milan-clima-1", "5"), ("milan-clima-2", "21"), ("milan-clima-3", "26")):
        assert rows[edition]["recommendations"] == made
        assert rows[edition]["adopted"] == "" and "non une adoption par la Ville" in rows[edition]["notes"]
    aachen = rows["aachen-2"]
    assert aachen["recommendations"] == "10" and aachen["adopted"] == "" and aachen["implemented"] == ""
    assert "3 recommandations non réalisables, 5 en cours, 2 demandant une décision du conseil" in aachen["follow_up"]


def test_inferred_dates_are_said_so():
    rows = by_id()
    assert rows["marseille-2"]["start"] == "2025-02" and "année déduite" in rows["marseille-2"]["notes"]
    rennes = rows["rennes-metropole-1"]
    assert rennes["start"] == rennes["end"] == ""
    assert "année déduite par la recherche des jours de la semaine" in rennes["notes"]


# ---------------------------------------------------------------- values the importer will read

def test_months_are_well_formed_and_in_order():
    for row in editions():
        for name in MONTHS:
            if row[name]:
                assert re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", row[name]), (row["id"], name)
                assert values.month(row[name]) == row[name]
        if row["start"] and row["end"]:
            assert row["start"][:len(row["end"])] <= row["end"], row["id"]
        if row["start"] and row["response_date"]:
            assert row["start"] <= row["response_date"], row["id"]


def test_vocabularies_and_consistent_counts():
    topics_from = {t.fr for t in TOPICS_FROM.terms}
    responses = {t.fr for t in RESPONSE.terms}
    for row in editions():
        for item in filter(None, row["topics_from"].split(" | ")):
            assert item in topics_from, (row["id"], item)
        assert row["response"] == "" or row["response"] in responses, row["id"]
        assert not row["response_date"] or row["response"], row["id"]  # a date only with a response
        made, adopted, done = (int(row[n]) if row[n] else None for n in ("recommendations", "adopted", "implemented"))
        if made is not None and adopted is not None:
            assert adopted <= made, row["id"]
        if adopted is not None and done is not None:
            assert done <= adopted, row["id"]


def test_responses_are_those_the_sources_state():
    """A response type only where the research names one; otherwise empty, its words in Suivi or Notes."""
    mapped = {r["id"]: r["response"] for r in editions() if r["response"]}
    assert mapped == {
        "eupen-ostbelgien-4": "Réponse écrite", "eupen-ostbelgien-6": "Réponse écrite",  # committee opinions
        "paris-1": "Délibération ou vote du conseil", "paris-2": "Délibération ou vote du conseil",
        "paris-3": "Délibération ou vote du conseil",
        "bruxelles-climat-1": "Réponse écrite", "copenhague-1": "Réponse écrite",
        "wallonie-1": "Débat",
        "aachen-1": "Délibération ou vote du conseil", "aachen-2": "Réponse écrite",
        "aachen-3": "Délibération ou vote du conseil",
    }


def test_editions_import_without_error(seeded):
    from acp import ingest
    from acp.store.reads import ingest_context

    upload = ingest.read_upload("editions", EDITIONS_CSV.name, EDITIONS_CSV.read_bytes(), ingest_context(seeded))
    assert upload.ok, upload.report()
    assert upload.rows == 37 and not upload.problems.warnings
    stored = seeded.execute("SELECT count(*), count(DISTINCT assembly) FROM editions").fetchone()
    assert stored == (37, 15)  # the embedded base holds them (make run, rebuild)


# ---------------------------------------------------------------- the assemblies: counts and accountability

def test_edition_counts_agree_with_the_rows_or_say_why():
    rows = Counter(r["assembly"] for r in editions())
    for ident, assembly in assemblies().items():
        count = assembly["Éditions à ce jour"]
        if count != str(rows[ident]) and not (count == "" and rows[ident] == 0 and ident in sections()):
            assert EMBEDDED in assembly["Notes"], ident
    assert assemblies()["eupen-ostbelgien"]["Éditions à ce jour"] == "7"
    assert assemblies()["milan-clima"]["Éditions à ce jour"] == "3"
    assert assemblies()["bruxelles-climat"]["Éditions à ce jour"] == "3"
    assert "4 conseils seulement sont décrits avec leurs sources" in assemblies()["vorarlberg"]["Notes"]


ACCOUNTABILITY = ["Base juridique", "Date de la base juridique", "Lien de la base juridique", "Obligation de réponse",
                  "Délai de réponse (mois)", "Instance de suivi"]


def test_accountability_columns_in_schema_order():
    header, _ = read_csv(ASSEMBLIES_CSV)
    assert header == [c.fr for c in ASSEMBLIES.columns if c.fr in header]
    at = header.index("Secrétariat permanent")
    assert header[at + 1:at + 7] == ACCOUNTABILITY


def test_accountability_columns_parse_with_the_importer():
    from acp.ingest import read_upload

    upload = read_upload("assemblies", ASSEMBLIES_CSV.name, ASSEMBLIES_CSV.read_bytes())
    assert upload.ok, upload.report()
    frame = upload.frames["assemblies"].set_index("id")
    duty = {i: v for i, v in frame["duty_to_respond"].items() if v is not None}
    assert duty == {"eupen-ostbelgien": True, "bruxelles-climat": True, "milan-clima": True, "copenhague": True,
                    "aachen": True, "rouen": False}
    delays = {i: v for i, v in frame["response_delay_months"].items() if v is not None}
    assert delays == {"bruxelles-climat": 3}
    dates = {i: v for i, v in frame["legal_basis_date"].items() if v is not None}
    assert dates == {"vorarlberg": "2013-01", "eupen-ostbelgien": "2019-02", "paris": "2021-10", "rouen": "2022-06",
                     "rennes-metropole": "2022-12", "poitiers": "2022-03", "copenhague": "2022-05",
                     "wallonie": "2020-10", "lueneburg": "2024-09"}


def test_accountability_comes_from_the_research_with_its_source():
    text = sections()
    for ident, row in assemblies().items():
        filled = [row[c] for c in ACCOUNTABILITY if row[c]]
        if not filled:
            continue
        assert ident in text, ident  # only the assemblies the research describes
        assert "Redevabilité" in row["Notes"], ident
        link = row["Lien de la base juridique"]
        if link:
            assert cited(link, text[ident]) and link in row["Sources"], ident
    assert "s'ils le souhaitent" in assemblies()["rouen"]["Notes"]
    assert "forpligtet til at behandle" in assemblies()["copenhague"]["Notes"]
    assert "dans les trois mois" in assemblies()["bruxelles-climat"]["Notes"]
