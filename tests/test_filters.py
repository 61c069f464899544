"""The filter model: URL <-> Filter <-> parameterised SQL, and facet counts."""
import duckdb
import pytest

from acp import filters as F
from acp import store
from acp.ingest import read_upload

HEADER = "Identifiant;Nom;Ville;Région;Pays;Latitude;Longitude;Année de création;Échelon;Fonctions;Description\n"
ROWS = [
    "munich;Bürgerrat München;München;Bayern;DE;48,137;11,575;2021;Commune;Recommandations;\n",
    "lyon;Assemblée de Lyon;Lyon;Auvergne-Rhône-Alpes;FR;45,76;4,84;2019;Commune;Veille citoyenne | Recommandations;\n",
    "bretagne;Conseil régional citoyen;Rennes;Bretagne;FR;48,11;-1,68;2023;Région;;Une assemblée de la Région\n",
    "oeuvre;Cœur d'Œuvre;Lœuilly;;FR;49,75;2,18;;;;\n",
]


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "f.duckdb")
    upload = read_upload("assemblies", "f.csv", (HEADER + "".join(ROWS)).encode("utf-8"), {})
    assert upload.ok, upload.report()
    store.apply_upload(connection, upload, by="test")
    yield connection
    connection.close()


def ids(con, f):
    return sorted(F.select(con, f)["id"])


@pytest.mark.parametrize("query, expected", [
    ("munchen", ["munich"]),            # accents ignored
    ("MÜNCHEN", ["munich"]),            # case ignored
    ("region", ["bretagne"]),           # "region" finds "Région" in the description
    ("coeur", ["oeuvre"]),              # œ folded to oe
    ("loeuilly", ["oeuvre"]),
    ("lyon recommandations", []),       # every word must match (functions are not searched text)
    ("assemblee lyon", ["lyon"]),
    ("", ["bretagne", "lyon", "munich", "oeuvre"]),
])
def test_text_search_ignores_case_and_accents(con, query, expected):
    assert ids(con, F.from_query({"q": query})) == expected


# What an attacker may type in the search box. Each one folds to a search of at least one word (checked):
# "_" or "[]" fold to nothing, which is no search at all (test_separators_alone_are_no_search).
HOSTILE = ["'; DROP TABLE assemblies; --", "' OR 1=1 --", "%' OR '1'='1", "' || name || '", '"); SELECT 1; --',
           "%", "*", "\\", "?", "$1", "{x}", "é" * 500]


def tables(con) -> list[tuple]:
    return con.execute("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL").fetchall()


def harmless_where(words: int) -> tuple[str, list]:
    """The WHERE clause of an ordinary search of that many words."""
    return F.where(F.Filter(q=" ".join(["mot"] * words)))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_only_a_parameter(con, hostile):
    before = tables(con)
    f = F.from_query({"q": hostile, "level": ["municipal'; DROP TABLE x"], "from": "1=1", "country": ["FR' --"]})
    assert f == F.Filter(q=hostile[:F.SEARCH_MAX])  # the hostile codes and year are dropped, the text is kept
    words = F.search_key(f.q).split()
    assert words, "folds to no search at all: it would prove nothing"
    # The SQL text is an ordinary search's with as many words: the input only travels as its words, bound.
    clause, params = F.where(f)
    assert clause == harmless_where(len(words))[0] and params == words
    # Taken literally, it matches no row here (a LIKE "%" or a spliced "OR 1=1" would match all four)...
    assert ids(con, f) == [] and F.count(con, f) == 0
    # ...and matches the one row whose text holds it, in the facet counts' query too.
    con.execute("UPDATE assemblies SET description = ? WHERE id = 'lyon'", [f"avant {hostile} après"])
    assert ids(con, f) == ["lyon"] and F.count(con, f) == 1
    assert dict(F.all_facet_counts(con, f)["level"].values.tolist()) == {"municipal": 1}
    assert tables(con) == before and F.count(con, F.Filter()) == 4  # nothing dropped, every row there


@pytest.mark.parametrize("separators", ["_", "[]", " - ", "'’"])
def test_separators_alone_are_no_search(con, separators):
    """A text of only what folding reads as spaces is no search: every row, and no parameter at all."""
    f = F.from_query({"q": separators})
    assert F.search_key(f.q) == "" and F.where(f) == ("true", [])
    assert ids(con, f) == ["bretagne", "lyon", "munich", "oeuvre"]


def test_a_nul_character_is_only_a_parameter(con):
    """A NUL (?q=%00) is a one-word search like any other; it matches no row and breaks nothing. (DuckDB's
    strip_accents cuts a text with accented letters at a NUL, so a row holding one would not be found either.)"""
    before = tables(con)
    f = F.from_query({"q": "\x00"})
    assert F.where(f) == (harmless_where(1)[0], ["\x00"])
    assert ids(con, f) == [] and F.count(con, f) == 0
    assert tables(con) == before and F.count(con, F.Filter()) == 4


def test_url_round_trip_and_invalid_values_dropped():
    params = {"q": ["lyon"], "level": ["municipal", "bogus", "regional"], "country": ["FR", "fr", "France"],
              "from": ["2019"], "to": ["2030"], "criteria": ["none_failed"], "unknown": ["x"]}
    f = F.from_query(params)
    assert f.selected("level") == ("municipal", "regional")
    assert f.selected("country") == ("FR",)
    assert (f.year_min, f.year_max, f.criteria) == (2019, 2030, "none_failed")
    assert F.from_query(F.to_query(f)) == f
    assert F.to_query(F.Filter()) == {}


def test_reversed_years_are_swapped_and_out_of_range_dropped():
    f = F.from_query({"from": "2024", "to": "2019"})
    assert (f.year_min, f.year_max) == (2019, 2024)
    assert F.from_query({"from": "20", "to": "abc"}).year_min is None


def test_facets_single_and_multi_valued(con):
    assert ids(con, F.from_query({"level": "regional"})) == ["bretagne"]
    assert ids(con, F.from_query({"functions": "citizen_watch"})) == ["lyon"]
    assert ids(con, F.from_query({"functions": ["citizen_watch", "policy_recommendations"]})) == ["lyon", "munich"]
    assert ids(con, F.from_query({"level": F.NONE})) == ["oeuvre"]
    assert ids(con, F.from_query({"functions": F.NONE})) == ["bretagne", "oeuvre"]
    assert ids(con, F.from_query({"from": "2020"})) == ["bretagne", "munich"]


def test_facet_counts_ignore_their_own_facet(con):
    f = F.from_query({"level": ["regional"], "country": ["FR"]})
    level = dict(F.facet_counts(con, f, next(x for x in F.FACETS if x.name == "level")).values.tolist())
    # Under country=FR only: 1 municipal (Lyon), 1 regional, 1 unknown.
    assert level == {"municipal": 1, "regional": 1, F.NONE: 1}
    functions = dict(F.facet_counts(con, F.Filter(), next(x for x in F.FACETS if x.name == "functions")).values.tolist())
    # A multi-valued column counts an assembly once per value.
    assert functions == {"policy_recommendations": 2, "citizen_watch": 1, F.NONE: 2}


@pytest.mark.parametrize("query", [{}, {"level": ["regional"], "country": ["FR"]}, {"q": "lyon"},
                                   {"functions": ["citizen_watch", F.NONE], "from": "2019"}, {"level": ["national"]}])
def test_all_facets_in_one_query_equal_each_facet_alone(con, query):
    f = F.from_query(query)
    together = F.all_facet_counts(con, f)
    assert list(together) == list(F.FACET_NAMES)
    for facet in F.FACETS:
        alone = F.facet_counts(con, f, facet)
        assert together[facet.name].values.tolist() == alone.values.tolist(), facet.name
        assert list(together[facet.name].columns) == ["value", "n"]


def test_selected_value_stays_listed_at_zero(con):
    f = F.from_query({"level": ["national"]})
    counts = F.facet_counts(con, f, next(x for x in F.FACETS if x.name == "level"))
    assert ["national", 0] in counts.values.tolist()
    assert F.count(con, f) == 0


def test_criteria_filter(con):
    assert F.count(con, F.from_query({"criteria": "all_met"})) == 0
    assert F.count(con, F.from_query({"criteria": "none_failed"})) == 4


def test_count_matches_select(con):
    f = F.from_query({"country": "FR"})
    assert F.count(con, f) == len(F.select(con, f)) == 3


def test_sql_text_never_contains_user_values():
    f = F.from_query({"q": "robert'); DROP", "country": ["FR"]})
    clause, params = F.where(f)
    assert "robert" not in clause and "FR" not in clause
    assert "robert" in params[0] and ["FR"] in params
    with pytest.raises(duckdb.Error):
        duckdb.connect().execute(f"SELECT {clause}", params)  # no table: proves it is real SQL, run as such
