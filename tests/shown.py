"""What an AppTest page shows, gathered for assertions: its texts, its charts' rows, its maps'
points; and the check that no vocabulary code is shown where its label belongs."""
from __future__ import annotations

import json
import re

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from acp import schema

VOCABULARIES = [v for v in vars(schema).values() if isinstance(v, schema.Vocabulary)]
CODES = frozenset({schema.NOT_RECORDED}.union(*(v.codes for v in VOCABULARIES)))
# Codes that are no word of either language (never in a sentence or an address): every code with an underscore,
# and these. Seen anywhere on screen, they are a label forgotten.
NOT_WORDS = ("municipal", "intermunicipal", "departmental", "regional", "transnational", "nr")
RAW = re.compile(r"(?<![\w-])(" + "|".join(sorted({c for c in CODES if "_" in c} | set(NOT_WORDS))) + r")(?![\w-])")
# Web addresses are data, not words: a source's path may hold a code's letters (https://brf.be/regional/…).
URL = re.compile(r"https?://[^\s\"'<>)]+")
# A Markdown link's target: an address, not shown (the open-data page links to /api/…?level=municipal).
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
# Chart fields that hold what a person reads (the codes travel apart, in `code`, `row` and `col`).
LABEL_FIELDS = ("label", "lines", "text", "aria", "n_label", "pct_label", "year_label", "row_label", "col_label",
                "row_lines", "col_lines", "short_label", "priority_label", "count_label")
# The map's fields a tooltip shows.
MAP_FIELDS = ("name", "place", "detail")


def charts_of(at: AppTest) -> list[tuple[dict, list[dict]]]:
    """Each Vega-Lite chart's spec and rows (Streamlit sends the rows apart, as Arrow)."""
    out = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        rows = []
        for dataset in element.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        out.append((spec, rows))
    return out


def map_points(at: AppTest) -> list[dict]:
    """The points of every pydeck map (the country outlines left out)."""
    points = []
    for element in at.get("deck_gl_json_chart"):
        for layer in json.loads(element.proto.json)["layers"]:
            if isinstance(layer.get("data"), list):
                points += layer["data"]
    return points


def shown_texts(at: AppTest) -> list[str]:
    """What the page writes: titles, text, captions, metrics, widget labels and options, tables, expanders,
    HTML blocks, page links and buttons."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error")
    texts = [e.value for kind in kinds for e in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [m.value for m in at.metric]
    for widget in (*at.selectbox, *at.radio, *at.multiselect):
        texts += [widget.label, *map(str, widget.options)]
    texts += [w.label for kind in ("text_input", "text_area", "checkbox", "toggle", "number_input", "date_input")
              for w in getattr(at, kind)]
    texts += [e.label for e in at.expander] + [b.proto.label for b in at.get("download_button")]
    texts += [b.label for b in at.button] + [b.proto.label for b in at.get("link_button")]
    texts += [h.proto.body for h in at.get("html")] + [p.proto.label for p in at.get("page_link")]
    for table in (*at.dataframe, *at.table):
        texts += list(map(str, table.value.columns)) + [str(v) for v in table.value.to_numpy().ravel()]
    return [str(t) for t in texts]


def raw_codes(at: AppTest) -> list[str]:
    """Every place the page shows a vocabulary code instead of its label: a code that is no word
    anywhere in its text, or any code standing alone as a table cell, a widget option, a chart's
    label or a map tooltip's part."""
    found = [f"text: {t!r}" for t in shown_texts(at) if RAW.search(URL.sub(" ", LINK_TARGET.sub("]()", t)))]
    for widget in (*at.selectbox, *at.radio, *at.multiselect):
        found += [f"option of {widget.label!r}: {o!r}" for o in widget.options if o in CODES]
    for table in (*at.dataframe, *at.table):
        for value in table.value.to_numpy().ravel():
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(item, str) and item in CODES:
                    found.append(f"table cell: {item!r}")
    for spec, rows in charts_of(at):
        if RAW.search(json.dumps([spec.get("title"), spec.get("layer")], ensure_ascii=False)):
            found.append(f"chart spec: {spec.get('title')!r}")
        for row in rows:
            for field in LABEL_FIELDS:
                value = row.get(field)
                if isinstance(value, str) and (value in CODES or RAW.search(value)):
                    found.append(f"chart {field}: {value!r}")
    for point in map_points(at):
        for field in MAP_FIELDS:
            value = str(point.get(field, ""))
            parts = [p.strip() for p in value.split("·")]
            if RAW.search(value) or any(p in CODES for p in parts):
                found.append(f"map {field}: {value!r}")
    return found


def assert_no_raw_code(at: AppTest) -> None:
    found = raw_codes(at)
    assert not found, "raw codes shown: " + "; ".join(found[:10])
