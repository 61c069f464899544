"""Unit tests of the cell parsers in acp.ingest.values: what users type in French spreadsheets."""
from __future__ import annotations

import datetime as dt

import pytest

from acp.ingest import values
from acp.schema import ASSEMBLIES, LEVEL, SESSIONS, SURVEY

LATITUDE = ASSEMBLIES.column("latitude")
START_YEAR = ASSEMBLIES.column("start_year")
NAME = ASSEMBLIES.column("name")
WEBSITE = ASSEMBLIES.column("website")
LEVEL_COLUMN = ASSEMBLIES.column("level")


def refused(parser, *args) -> str:
    """The French message of the BadValue the parser raises."""
    with pytest.raises(values.BadValue) as info:
        parser(*args)
    return str(info.value)


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("raw, expected", [
    ("48,857", 48.857),
    ("2,352", 2.352),
    ("-1,678", -1.678),
    ("\u22121,678", -1.678),            # the typographic minus sign
    ("1\u00a0234,56", 1234.56),         # no-break space as thousands separator (Excel FR)
    ("1\u202f234,56", 1234.56),         # narrow no-break space (LibreOffice, macOS)
    ("1 234,56", 1234.56),
    ("1.234,56", 1234.56),
    ("1,234.56", 1234.56),
    (" 12 ", 12.0),
    ("", None),
    ("   ", None),
])
def test_number_reads_french_decimals(raw, expected):
    assert values.number(raw) == expected


@pytest.mark.parametrize("raw", ["quarante", "48°51′N", "nan", "inf", "1,2,3"])
def test_number_refuses_text_and_names_an_example(raw):
    assert "nombre attendu" in refused(values.number, raw)
    assert "48,857" in refused(values.number, raw)


def test_floating_checks_the_columns_range():
    assert values.floating("48,857", LATITUDE) == 48.857
    message = refused(values.floating, "148,857", LATITUDE)
    assert "hors limites" in message and "de -90 à 90" in message


@pytest.mark.parametrize("raw, expected", [("2021", 2021), ("2021.0", 2021), ("2021,0", 2021), ("", None)])
def test_integer(raw, expected):
    assert values.integer(raw, START_YEAR) == expected


def test_integer_refuses_decimals_text_and_out_of_range():
    assert "sans décimales" in refused(values.integer, "2021,5", START_YEAR)
    assert "nombre entier attendu" in refused(values.integer, "deux mille", START_YEAR)
    assert "48,857" not in refused(values.integer, "deux mille", START_YEAR)  # no decimal example for an integer
    assert "de 1\u202f950 à 2\u202f100" in refused(values.integer, "1789", START_YEAR)


def test_range_message_groups_thousands():
    """Babel's French digits (acp.messages.Number): thousands grouped by a narrow no-break space."""
    assert "de 0 à 1\u202f000\u202f000" in refused(values.integer, "-1", SURVEY.column("p1"))


# ---------------------------------------------------------------- booleans

@pytest.mark.parametrize("raw, expected", [
    ("Oui", True), ("oui", True), ("OUI ", True), ("Vrai", True), ("yes", True), ("1", True), ("x", True),
    ("Non", False), ("non", False), ("Faux", False), ("no", False), ("0", False),
    ("", None), ("  ", None),
])
def test_boolean(raw, expected):
    assert values.boolean(raw) is expected


def test_boolean_refuses_other_words_and_says_what_is_accepted():
    message = refused(values.boolean, "peut-être")
    assert "« Oui » ou « Non » attendu" in message


# ---------------------------------------------------------------- dates and times

@pytest.mark.parametrize("raw", [
    "25/04/2025", "2025-04-25", "25.04.2025", "25-04-2025", "25/4/2025", "25/04/25",
    "2025-04-25T13:00:00+02:00", "2025-04-25 13:00:00", "2025-04-25T13:00",
])
def test_date_formats(raw):
    assert values.date(raw) == dt.date(2025, 4, 25)


def test_empty_date_is_none():
    assert values.date("") is None


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-02-31", "29/02/2025", "32/01/2025"])
def test_impossible_date_is_refused_with_the_expected_format(raw):
    message = refused(values.date, raw)
    assert "date impossible" in message and "jj/mm/aaaa" in message


def test_leap_day_is_a_real_date():
    assert values.date("29/02/2024") == dt.date(2024, 2, 29)


def test_unreadable_date_names_the_format():
    assert "jj/mm/aaaa" in refused(values.date, "vendredi prochain")


@pytest.mark.parametrize("raw, expected", [
    ("13:00", dt.time(13)), ("13h", dt.time(13)), ("13h30", dt.time(13, 30)), ("13 h 30", dt.time(13, 30)),
    ("9:05", dt.time(9, 5)), ("13.30", dt.time(13, 30)), ("13:00:00", dt.time(13)), ("00:00", dt.time(0)),
    ("", None),
])
def test_time(raw, expected):
    assert values.time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "24:00", "13:60"])
def test_impossible_time_is_refused(raw):
    assert "heure impossible : de 00:00 à 23:59" in refused(values.time, raw)


def test_unreadable_time_names_the_format():
    assert "hh:mm" in refused(values.time, "midi")


# ---------------------------------------------------------------- links

def test_url_adds_https_to_www():
    assert values.url("www.paris.fr/pages/assemblee", WEBSITE) == "https://www.paris.fr/pages/assemblee"


def test_url_keeps_http_and_https():
    assert values.url("https://rouen.fr", WEBSITE) == "https://rouen.fr"
    assert values.url(" http://rouen.fr ", WEBSITE) == "http://rouen.fr"


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,x",
                                 "ftp://example.org/a.csv"])
def test_url_refuses_other_schemes(raw):
    assert "seuls les liens « http:// » ou « https:// »" in refused(values.url, raw, WEBSITE)


@pytest.mark.parametrize("raw", ["java\tscript:alert(1)", "\x01javascript:alert(1)", "\u200bjavascript:alert(1)",
                                 " JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>x</script>",
                                 "https://exemple.org | vbscript:msgbox(1)"])
def test_sources_refuse_what_a_browser_would_read_as_another_scheme(raw):
    message = refused(values.sources, raw, ASSEMBLIES.column("sources"))
    assert "seuls les liens « http:// » ou « https:// »" in message or "caractère de contrôle" in message


def test_sources_keep_citations_that_are_not_links():
    column = ASSEMBLIES.column("sources")
    assert values.sources("Rapport : délibération du 3 mai | https://a.fr", column) == [
        "Rapport : délibération du 3 mai", "https://a.fr"]


@pytest.mark.parametrize("raw", ["https://a.fr/\x01", "https://a\u200b.fr", "\u2060javascript:alert(1)"])
def test_url_refuses_invisible_and_control_characters(raw):
    assert refused(values.url, raw, WEBSITE)


def test_url_refuses_what_is_not_a_link():
    assert "https://" in refused(values.url, "le site de la mairie", WEBSITE)


@pytest.mark.parametrize("raw, expected", [
    ("javascript:alert(1)", True), ("java script:alert(1)", True), ("data:text/html;base64,PHNjcmlwdD4=", True),
    ("ftp://example.org", True), ("https://visio.example.org/acp", False), ("Mairie, salle 3 (plan : https://x.fr)", False),
    ("Visio : lien envoyé la veille", False),
])
def test_foreign_link(raw, expected):
    assert values.foreign_link(raw) is expected


# ---------------------------------------------------------------- countries

@pytest.mark.parametrize("raw, code", [
    ("France", "FR"), ("france", "FR"), ("belgique", "BE"), ("Belgique", "BE"), ("Royaume-Uni", "GB"),
    ("royaume uni", "GB"), ("UK", "GB"), ("DE", "DE"), ("Allemagne", "DE"), ("Deutschland", "DE"),
    ("Danemark", "DK"), ("Italia", "IT"), ("Espagne", "ES"), ("Autriche", "AT"), ("fr", "FR"), ("", None),
])
def test_country(raw, code):
    assert values.country(raw) == code


def test_unknown_country_suggests_the_closest_name():
    message = refused(values.country, "Frnace")
    assert "pays inconnu" in message
    assert "Vouliez-vous dire « France » ?" in message
    assert "« FR »" in message  # says what is accepted


def test_unknown_country_without_close_name_still_says_what_is_accepted():
    message = refused(values.country, "Atlantide du Nord-Est")
    assert "Vouliez-vous dire" not in message and "code ISO" in message


# ---------------------------------------------------------------- vocabularies

@pytest.mark.parametrize("raw", ["Région", " région ", "REGION", "region", "Régional", "land"])
def test_vocabulary_ignores_accents_case_and_spaces(raw):
    assert values.vocabulary_value(raw, LEVEL, LEVEL_COLUMN) == "regional"


def test_vocabulary_suggests_and_lists_accepted_labels():
    message = refused(values.vocabulary_value, "Comune", LEVEL, LEVEL_COLUMN)
    assert "Vouliez-vous dire « Commune » ?" in message
    assert "Valeurs acceptées : « Commune », « Intercommunalité »" in message


def test_vocabulary_list_splits_on_semicolons_and_pipes_and_drops_repeats():
    functions = ASSEMBLIES.column("functions")
    assert values.vocabulary_list("Recommandations; Budget participatif", functions) == [
        "policy_recommendations", "participatory_budget"]
    assert values.vocabulary_list("Budget | budget participatif | Veille", functions) == [
        "participatory_budget", "citizen_watch"]


def test_free_list_splits_speakers():
    speakers = SESSIONS.column("speakers")
    assert values.free_list("Héloïse Legris ; Nabila Abbas", speakers) == ["Héloïse Legris", "Nabila Abbas"]
    assert values.free_list("Elian Belon | Martial Breton", speakers) == ["Elian Belon", "Martial Breton"]


# ---------------------------------------------------------------- text

@pytest.mark.parametrize("raw, expected", [
    ("'=SUM(1)", "=SUM(1)"), ("'+33 1 23 45 67 89", "+33 1 23 45 67 89"), ("'-5", "-5"), ("'@cell", "@cell"),
    ("l'assemblée", "l'assemblée"), ("'Paris'", "'Paris'"), ("  Paris  ", "Paris"), ("", None),
])
def test_text_removes_only_the_formula_guard_apostrophe(raw, expected):
    assert values.text(raw, NAME) == expected


@pytest.mark.parametrize("parser, column", [(values.free_list, SESSIONS.column("speakers")),
                                            (values.sources, ASSEMBLIES.column("sources"))])
def test_list_cells_remove_the_formula_guard_too(parser, column):
    assert parser("'=Intervenante | Bob", column) == ["=Intervenante", "Bob"]
    assert parser("'-Intervenante | Bob", column) == ["-Intervenante", "Bob"]
    assert parser("l'Intervenante | Bob", column) == ["l'Intervenante", "Bob"]


def test_text_refuses_too_long_and_control_characters():
    assert "texte trop long (201 caractères, 200 au maximum)" in refused(values.text, "a" * 201, NAME)
    assert "caractère de contrôle" in refused(values.text, "Paris\x07", NAME)


def test_parse_dispatches_on_the_column_kind():
    assert values.parse("48,857", LATITUDE) == 48.857
    assert values.parse("Oui", ASSEMBLIES.column("compensated")) is True
    assert values.parse("Terminée", ASSEMBLIES.column("status")) == "ended"
    assert values.parse("https://a.fr | www.b.fr", ASSEMBLIES.column("sources")) == ["https://a.fr", "https://www.b.fr"]


def test_clean_text_removes_invisibles_and_plain_spaces_no_break_ones():
    from acp.ingest.tabular import clean_text

    raw = "\ufeffNom;Pays\n\u200bLyon\u00a0Métropole;FR\u202f\u2007\u200c\u200d\u2060\n"
    assert clean_text(raw) == "Nom;Pays\nLyon Métropole;FR  \n"
    assert clean_text("déjà propre") == "déjà propre"


def test_every_parser_gives_none_for_an_empty_cell():
    """acp.ingest.records.parse_records skips the parser for an empty cell: it must mean None everywhere."""
    for dataset in (ASSEMBLIES, SESSIONS):
        for column in dataset.columns:
            assert values.parse("", column) is None, column.name


@pytest.mark.parametrize("raw", ["25/04/2025 13:00", "25/04/2025 00:00:00", "2025-04-25 13:00:00.000",
                                 "25.04.2025 13h00", "25/04/2025 1:00 PM", "45772",
                                 "45772,541666", "45772.5"])
def test_dates_as_spreadsheets_rewrite_them(raw):
    # a date cell shown with its hour, or Excel's serial day number once the date format is lost
    assert values.date(raw) == dt.date(2025, 4, 25)


@pytest.mark.parametrize("raw", ["12345", "99999", "4577"])
def test_serial_day_numbers_outside_1990_2099_are_not_dates(raw):
    assert "date attendue" in refused(values.date, raw)


@pytest.mark.parametrize(("raw", "expected"), [("1:00 PM", dt.time(13)), ("12:30 am", dt.time(0, 30)),
                                               ("12:00 PM", dt.time(12)), ("0,5416666", dt.time(13)),
                                               ("0.5", dt.time(12)), ("13:00:00", dt.time(13))])
def test_times_in_am_pm_or_as_a_fraction_of_a_day(raw, expected):
    assert values.time(raw) == expected


def test_am_pm_needs_a_twelve_hour_clock():
    assert "heure impossible" in refused(values.time, "13:00 PM")


@pytest.mark.parametrize(("raw", "expected"), [("1.234.567", 1234567), ("48.857", 48.857), ("-1.234", -1.234)])
def test_dots_group_thousands_only_in_groups_of_three(raw, expected):
    assert values.number(raw) == expected


def test_a_latitude_with_two_dots_is_not_a_number_in_thousands():
    assert "nombre attendu" in refused(values.floating, "48.857.1", LATITUDE)
