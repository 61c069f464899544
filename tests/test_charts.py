"""acp.charts: chart data equals SQL counts (multi-valued columns included), labels and numbers in
the user's language, colours from the palette, specs with a click selection on the code."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from acp import charts, export, glossary, i18n, maps, palette, store
from acp import filters as F
from acp.schema import ASSEMBLIES, NOT_RECORDED

NNBSP = "\u202f"  # babel's French group separator
PCT = "\u00a0%"   # babel's French percent pattern: a no-break space before the sign


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("charts") / "t.duckdb"
    store.build_if_missing(path)
    connection = store.connect(path)
    yield connection
    connection.close()


FILTERS = [
    F.Filter(),
    F.Filter(values={"level": ("regional",)}),
    F.Filter(values={"country": ("FR",), "functions": ("policy_recommendations", NOT_RECORDED)}),
    F.Filter(q="assemblee", year_min=2020),
]


def sql(con, query: str, params=()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(query, list(params)).df()
    finally:
        cur.close()


def _values(dimension: str) -> str:
    """The SQL of the values an assembly counts for (written here, apart from acp's own SQL)."""
    if ASSEMBLIES.column(dimension).is_list:
        return (f"unnest(CASE WHEN {dimension} IS NULL OR len({dimension}) = 0 THEN [NULL] "
                f"ELSE {dimension} END)")
    return dimension


def sql_counts(con, f: F.Filter, dimension: str) -> dict[str, int]:
    clause, params = F.where(f)
    frame = sql(con, f"SELECT coalesce(v, 'nr') AS v, count(*) AS n FROM "
                     f"(SELECT {_values(dimension)} AS v FROM assemblies WHERE {clause}) GROUP BY ALL", params)
    return dict(zip(frame["v"], frame["n"].astype(int)))


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("dimension", charts.DIMENSIONS)
def test_value_counts_equal_sql(con, f, dimension):
    frame = F.select(con, f)
    counts = charts.value_counts(frame, dimension)
    assert dict(zip(counts["value"], counts["n"])) == sql_counts(con, f, dimension)


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("dimension", charts.DIMENSIONS)
def test_bar_data_counts_under_the_other_filters(con, f, dimension):
    """The page's bar: the sidebar's facet counts (own facet left out), shares of the same base."""
    facet = next(x for x in F.FACETS if x.name == dimension)
    others = f.with_values(dimension, ())
    base = F.count(con, others)
    data = charts.bar_data(F.facet_counts(con, f, facet), dimension, base, "fr", [], f.selected(dimension))
    expected = sql_counts(con, others, dimension)
    shown = dict(zip(data["code"], data["n"]))
    assert {c: n for c, n in shown.items() if n} == expected
    for n, percent in zip(data["n"], data["percent"]):
        assert percent == (200 * n + base) // (2 * base)  # half up, as the survey's percentages
    if not ASSEMBLIES.column(dimension).is_list:
        assert data["n"].sum() == base
    assert list(data["selected"]) == [c in f.selected(dimension) for c in data["code"]]


def test_multi_valued_columns_count_each_value(con):
    frame = F.select(con, F.Filter())
    for dimension in ("topics_from", "functions"):
        counts = charts.value_counts(frame, dimension)
        per_assembly = [max(1, len(v)) if hasattr(v, "__len__") else 1 for v in frame[dimension]]
        assert counts["n"].sum() == sum(per_assembly)
    assert charts.value_counts(frame, "topics_from")["n"].sum() > len(frame)
    # Eupen's topics come from citizens and from the administration: it counts in both bars.
    eupen = F.select(con, F.Filter(q="Ostbelgien"))
    counts = charts.value_counts(eupen, "topics_from")
    assert dict(zip(counts["value"], counts["n"])) == {"citizens": 1, "administration_elected": 1}


@pytest.mark.parametrize("f", FILTERS[:3])
@pytest.mark.parametrize("dimension", ("level", "functions", "country"))
def test_year_counts_equal_sql(con, f, dimension):
    clause, params = F.where(f)
    frame = sql(con, f"SELECT start_year AS y, coalesce(v, 'nr') AS v, count(*) AS n FROM "
                     f"(SELECT start_year, {_values(dimension)} AS v FROM assemblies WHERE {clause} "
                     f"AND start_year IS NOT NULL) GROUP BY ALL", params)
    expected = {(int(y), v): int(n) for y, v, n in zip(frame["y"], frame["v"], frame["n"])}
    counts = charts.year_counts(F.select(con, f), dimension)
    assert {(y, c): n for y, c, n in zip(counts["year"], counts["code"], counts["n"])} == expected


@pytest.mark.parametrize("rows, cols", [("level", "selection"), ("functions", "topics_from"),
                                        ("country", "functions"), ("initiated_by", "specialisation")])
def test_cross_counts_equal_sql(con, rows, cols):
    f = F.Filter()
    clause, params = F.where(f)
    frame = sql(con, f"SELECT coalesce(a, 'nr') AS a, coalesce(b, 'nr') AS b, count(*) AS n FROM "
                     f"(SELECT id, {_values(rows)} AS a FROM assemblies WHERE {clause}) "
                     f"JOIN (SELECT id, {_values(cols)} AS b FROM assemblies) USING (id) GROUP BY ALL", params)
    expected = {(a, b): int(n) for a, b, n in zip(frame["a"], frame["b"], frame["n"])}
    counts = charts.cross_counts(F.select(con, f), rows, cols)
    assert {(a, b): n for a, b, n in zip(counts["row"], counts["col"], counts["n"])} == expected
    data = charts.heatmap_data(counts, rows, cols, "fr")
    assert data["n"].sum() == sum(expected.values())
    assert len(data) == data["row"].nunique() * data["col"].nunique()  # pairs never met are shown at 0


def test_labels_numbers_and_percentages_in_french_and_english():
    counts = pd.DataFrame({"value": ["regional", "municipal", NOT_RECORDED], "n": [1234, 5, 1]})
    fr = charts.bar_data(counts, "level", 2000, "fr")
    assert list(fr["code"]) == ["municipal", "regional", NOT_RECORDED]  # the vocabulary's order, unknown last
    assert list(fr["label"]) == ["Commune", "Région", "Non renseigné"]
    assert fr.loc[1, "n_label"] == f"1{NNBSP}234"
    assert fr.loc[1, "pct_label"] == f"62{PCT}"
    assert fr.loc[1, "text"] == f"1{NNBSP}234 (62{PCT})"
    assert fr.loc[1, "aria"] == f"Région : 1{NNBSP}234 (62{PCT})"
    en = charts.bar_data(counts, "level", 2000, "en")
    assert list(en["label"]) == ["Municipality", "Region", "Not recorded"]
    assert en.loc[1, "text"] == "1,234 (62%)"  # English: no space before the sign
    assert en.loc[1, "aria"] == "Region: 1,234 (62%)"
    # Half up, as everywhere in the app: 1 of 8 is 12.5 % -> 13 %.
    assert charts.bar_data(pd.DataFrame({"value": ["climate"], "n": [1]}), "specialisation", 8)["pct_label"][0] \
        == f"13{PCT}"


def test_countries_by_name_and_count():
    counts = pd.DataFrame({"value": ["DE", "FR", "BE"], "n": [2, 6, 2]})
    data = charts.bar_data(counts, "country", 10, "fr", ["BE", "DE", "FR"])
    assert list(data["label"]) == ["France", "Belgique", "Allemagne"]
    assert list(charts.bar_data(counts, "country", 10, "en", ["BE", "DE", "FR"])["label"]) == \
        ["France", "Belgium", "Germany"]


def test_colours_are_the_palette_and_the_map_legend(con):
    frame = F.select(con, F.Filter())
    countries = sorted(frame["country"].dropna().unique())
    for dimension in ("level", "selection", "country", "initiated_by", "specialisation"):
        data = charts.bar_data(charts.value_counts(frame, dimension), dimension, len(frame), "fr", countries)
        assert list(data["colour"]) == [palette.colour(dimension, c, countries) for c in data["code"]]
        if dimension in maps.COLOUR_DIMENSIONS:
            legend = {label: colour for label, colour, _ in
                      maps.legend(maps.points(frame, dimension, "fr", countries), dimension, countries, "fr")}
            for label, colour in zip(data["label"], data["colour"]):
                assert legend.get(label, colour) == colour
    assert charts.colour("level", NOT_RECORDED) == palette.UNKNOWN_COLOUR
    timeline = charts.timeline_data(charts.year_counts(frame, "level"), "level", "fr", countries)
    assert set(zip(timeline["code"], timeline["colour"])) <= {(c, palette.colour("level", c)) for c in
                                                               [*ASSEMBLIES.column("level").vocab.codes, "nr"]}


def test_selected_values_stand_out():
    counts = pd.DataFrame({"value": ["municipal", "regional"], "n": [10, 5]})
    data = charts.bar_data(counts, "level", 15, "fr", selected=("regional",))
    assert list(data["opacity"]) == [charts.FADED, 1.0]
    assert list(charts.bar_data(counts, "level", 15, "fr")["opacity"]) == [1.0, 1.0]
    # A selected value at 0 stays in the chart, like in the sidebar.
    zero = charts.bar_data(pd.DataFrame({"value": ["municipal", "national"], "n": [3, 0]}), "level", 3,
                           selected=("national",))
    assert list(zero["code"]) == ["municipal", "national"]


def test_timeline_shows_every_year_of_the_span(con):
    frame = F.select(con, F.Filter())
    data = charts.timeline_data(charts.year_counts(frame, "level"), "level", "fr", [], (2010, 2026))
    assert sorted(set(data["year"])) == list(range(2010, 2027))
    assert data.loc[data["year"] == 2015, "n"].sum() == 0
    assert data["n"].sum() == frame["start_year"].notna().sum()
    assert all(len(y) == 4 for y in data["year_label"])  # "2019", never "2 019"
    table = charts.timeline_table(data, "level", "fr")
    assert list(table.columns) == ["Année", "Commune", "Intercommunalité", "Département", "Région"]
    assert table[["Commune", "Intercommunalité", "Département", "Région"]].to_numpy().sum() == data["n"].sum()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_specs_are_the_altair_charts_with_a_click_selection_on_the_code(con, lang):
    frame = F.select(con, F.Filter())
    cases = [
        ("bar", charts.bar_data(charts.value_counts(frame, "functions"), "functions", len(frame), lang),
         ("functions", lang), {"code"}),
        ("timeline", charts.timeline_data(charts.year_counts(frame, "selection"), "selection", lang),
         ("selection", lang), {"code"}),
        ("heatmap", charts.heatmap_data(charts.cross_counts(frame, "level", "functions"), "level", "functions", lang),
         ("level", "functions", lang), {"row", "col"}),
    ]
    for kind, data, args, fields in cases:
        spec = charts.spec(kind, data, *args)
        built = getattr(charts, f"{kind}_chart")(data, *args).to_dict()
        if kind == "timeline":  # its legend: each value present with its palette colour, in order
            scale = spec["layer"][1]["encoding"]["color"]["scale"]
            shown = data[data["n"] > 0].sort_values("order").drop_duplicates("code")
            assert scale == {"domain": list(shown["label"]), "range": list(shown["colour"])}
        rows = built.pop("datasets")[built.pop("data")["name"]]
        assert spec.pop("datasets") == {charts.DATA: json.loads(json.dumps(rows))}
        spec.pop("data")
        # Altair names each view after a hash of the chart, data included: compare without the hashes.
        def same(d):
            return re.sub(r"view_[0-9a-f]+_(\d+)", r"view_\1", json.dumps(d, sort_keys=True))

        assert same(spec) == same(built)
        params = {p["name"]: p for p in built["params"]}
        assert charts.PICK in params
        for param in params.values():
            assert param["select"]["type"] == "point" and set(param["select"]["fields"]) == fields
        assert fields <= set(data.columns)
        for layer in clickable_layers(built):
            assert fields <= clicked_datum_fields(layer), (kind, layer["mark"])


def clickable_layers(spec: dict) -> list[dict]:
    """The layers a selection listens to (Altair lists them by name in the top-level param's views)."""
    views = {v for p in spec["params"] for v in p.get("views", [])}
    layers = [layer for layer in spec["layer"] if layer.get("name") in views]
    assert len(layers) == len(views)
    return layers


def clicked_datum_fields(layer: dict) -> set[str]:
    """The fields a clicked mark of `layer` carries: every field of its data, unless an encoding
    aggregates, when only the encoded fields left unaggregated (the group-by) remain."""
    channels = [c for c in layer["encoding"].values() if isinstance(c, dict)]
    channels += [t for c in layer["encoding"].values() if isinstance(c, list) for t in c]
    if not any("aggregate" in c for c in channels) and not any("aggregate" in t for t in layer.get("transform", [])):
        return set().union(*(set(charts._COLUMNS[k]) for k in charts._COLUMNS))
    return {c["field"] for c in channels if "field" in c and "aggregate" not in c}


def test_a_click_on_any_mark_reports_its_codes(con):
    """The clicked datum must keep the selection's fields: an aggregated timeline lost `code` and its
    clicks selected nothing (each layer's fields checked, not only the chart's data)."""
    timeline = charts.timeline_chart(charts.timeline_data(charts.year_counts(F.select(con, F.Filter()), "level"),
                                                          "level"), "level").to_dict()
    [bars] = clickable_layers(timeline)
    assert bars["mark"]["type"] == "bar" and "code" in clicked_datum_fields(bars)
    assert not any("aggregate" in c for c in bars["encoding"].values() if isinstance(c, dict))


def test_chart_titles_follow_the_language():
    data = pd.DataFrame(columns=charts._COLUMNS["bar"])
    assert charts.spec("bar", data, "functions", "fr")["title"]["text"] == "Fonctions"
    assert charts.spec("bar", data, "functions", "en")["title"]["text"] == "Functions"
    assert charts.spec("bar", data, "functions", "en")["title"]["subtitle"] == i18n.t("multi_note", "en")
    timeline = charts.spec("timeline", pd.DataFrame(columns=charts._COLUMNS["timeline"]), "level", "fr")
    assert timeline["title"]["text"] == "Créations par année — Échelon"


def test_long_labels_are_written_on_two_lines():
    data = charts.bar_data(pd.DataFrame({"value": ["policy_recommendations", "plan_contribution"], "n": [4, 1]}),
                           "functions", 16, "fr")
    assert data.loc[0, "lines"] == "Recommandations sur une\npolitique publique"
    assert data.loc[1, "lines"] == "Contribution à un plan"
    # A heat map's narrow columns: lines of about 14 characters, a longer word kept whole.
    heat = charts.heatmap_data(pd.DataFrame({"row": ["municipal"], "col": ["policy_recommendations"], "n": [1]}),
                               "level", "functions", "fr")
    assert heat.loc[0, "col_lines"] == "Recommandations\nsur une\npolitique\npublique"


def test_picked_reads_the_selection_state():
    assert charts.picked({charts.PICK: [{"code": "regional"}]}) == [{"code": "regional"}]
    assert charts.picked({charts.PICK: {}, charts.PICK_LABEL: [{"code": "FR", "x": 1}]}) == [{"code": "FR"}]
    assert charts.picked({charts.PICK: [{"row": "municipal", "col": "sortition"}]}, ("row", "col")) == \
        [{"row": "municipal", "col": "sortition"}]
    assert charts.picked({charts.PICK: [{"code": 3}, "junk", None]}) == []
    assert charts.picked({}) == [] and charts.picked(None) == []


def test_tables_and_csv_in_french(con):
    frame = F.select(con, F.Filter())
    data = charts.bar_data(charts.value_counts(frame, "selection"), "selection", len(frame), "fr")
    table = charts.bar_table(data, "selection", "fr")
    assert list(table.columns) == ["Mode de sélection", "Assemblées", "Part (%)"]
    assert "Tirage au sort partiel" in set(table["Mode de sélection"])
    csv = export.to_csv_bytes(table)
    assert csv.startswith("\ufeff".encode()) and b"Mode de s\xc3\xa9lection;Assembl\xc3\xa9es;Part (%)" in csv
    heat = charts.heatmap_table(charts.heatmap_data(charts.cross_counts(frame, "level", "selection"), "level",
                                                    "selection", "en"), "level", "selection", "en")
    assert heat.columns[0] == "Level \\ Selection method" and list(heat.iloc[:, 0]) == [
        "Municipality", "Inter-municipal", "County / department", "Region"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_glossary_has_the_five_criteria_and_fides_traits(lang):
    text = glossary.markdown(lang)
    assert len(re.findall(r"^\d\. ", text, flags=re.M)) == 5
    assert len(re.findall(r"^- ", text, flags=re.M)) == 4
    assert ("Récurrence" if lang == "fr" else "Recurrence") in text
    assert ("tiré·es au sort" if lang == "fr" else "drawn by lot") in text
    assert ("Irlande" if lang == "fr" else "Ireland") in text
