"""« Comparer »: two to four assemblies side by side, every field of the fiche in rows, what differs marked.

Pure: the URL's ids and the known ids in, a Choice out (which are compared, which are left out and why);
the assemblies' records and criteria states in, the comparison's frame out; the frame as an HTML table
(values escaped, links only from http(s)/mailto, a difference marked by « ≠ » with its words, never by
colour alone) and as the labelled frame the CSV and .xlsx downloads write (acp.export).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import editions, fiche, i18n
from .criteria import CRITERIA, STATE_LABELS, explain
from .schema import ASSEMBLIES, is_missing

MIN_COMPARED, MAX_COMPARED = 2, 4
CRITERIA_SECTION, SOURCES_SECTION = "criteria", "sources"


@dataclass(frozen=True)
class Choice:
    ids: tuple[str, ...]          # compared, in the URL's order (at most MAX_COMPARED)
    unknown: tuple[str, ...] = ()   # not an assembly: left out
    repeated: tuple[str, ...] = ()  # given more than once: taken once
    dropped: tuple[str, ...] = ()   # beyond the fourth: left out

    @property
    def enough(self) -> bool:
        return len(self.ids) >= MIN_COMPARED


def parse_ids(value, known) -> Choice:
    """The URL's `ids` ("paris,eupen-ostbelgien" or a list of such strings) against the known ids."""
    parts = [value] if isinstance(value, str) else list(value or [])
    wanted = [p.strip() for part in parts for p in str(part).split(",") if p.strip()]
    known = set(known)
    ids, unknown, repeated = [], [], []
    for i in wanted:
        if i not in known:
            if i not in unknown:
                unknown.append(i)
        elif i in ids:
            if i not in repeated:
                repeated.append(i)
        else:
            ids.append(i)
    return Choice(tuple(ids[:MAX_COMPARED]), tuple(unknown), tuple(repeated), tuple(ids[MAX_COMPARED:]))


def query(ids) -> str:
    """The URL's `ids` for these assemblies: the comparison's address reproduces it."""
    return ",".join(ids)


def rows(records: list[dict], states: dict[str, dict[str, str]], lang: str = "fr",
         editions_of: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per field of the fiche's sections, then the five criteria, then the editions' summary and follow-up
    (`editions_of`: each assembly's editions, acp.editions.for_assembly), then the sources; one column per
    assembly (its id) holding the value as read (None when unknown), and `differs` (the values read differently;
    an unknown value beside a known one differs). Columns: section, section_title, field, label, <ids…>, differs."""
    ids = [str(r["id"]) for r in records]
    out = []
    per_record = [fiche.sections(r, lang) for r in records]
    for s, (code, title, fields) in enumerate(per_record[0]):
        for k, first in enumerate(fields):
            values = [per_record[j][s][2][k].text for j in range(len(records))]
            out.append((code, title, first.name, first.label, values))
    criteria_title = i18n.t("compare_criteria", lang)
    for c in CRITERIA:
        values = []
        for r in records:
            state = states.get(str(r["id"]), {}).get(c.code, "unknown")
            values.append(f"{i18n.gettext_(STATE_LABELS[state], lang)} — {explain(c.code, state, r, lang)}")
        out.append((CRITERIA_SECTION, criteria_title, f"criterion_{c.code}", c.label(lang), values))
    if editions_of is not None:
        title = i18n.t("compare_editions", lang)
        for field, label, summarise in _EDITION_ROWS:
            values = [summarise(editions_of.get(str(r["id"]), pd.DataFrame()), lang) for r in records]
            out.append((EDITIONS_SECTION, title, field, i18n.t(label, lang), values))
    sources = [" | ".join(text for text, _ in fiche.sources(r)) or None for r in records]
    out.append((SOURCES_SECTION, i18n.t("sources", lang), "sources", i18n.t("sources", lang), sources))
    frame = pd.DataFrame([(code, title, name, label, *values, len({v for v in values}) > 1)
                          for code, title, name, label, values in out],
                         columns=["section", "section_title", "field", "label", *ids, "differs"], dtype=object)
    frame["differs"] = frame["differs"].astype(bool)
    return frame


def _editions_list(frame: pd.DataFrame, lang: str) -> str | None:
    """« 3 : Promo 1 (novembre 2021 – mars 2023) ; … »; None when none is on record."""
    if frame.empty:
        return None
    listed = " ; ".join(f"{r['label']} ({editions.dates_words(r['start'], r['end'], lang)})"
                        for r in frame.to_dict("records"))
    return f"{len(frame)}{i18n.colon(lang)}{listed}"


def _responses(frame: pd.DataFrame, lang: str) -> str | None:
    """The authority's responses, each with its count (« Réponse écrite × 2 ; non renseignée × 1 »)."""
    if frame.empty:
        return None
    counts = frame["response"].map(lambda code: editions.response_label(code, lang)).value_counts(sort=False)
    return " ; ".join(f"{label} × {n}" for label, n in counts.items())


def _follow_up(frame: pd.DataFrame, lang: str) -> str | None:
    texts = [] if frame.empty else [str(t) for t in frame["follow_up"] if not is_missing(t) and str(t).strip()]
    return " | ".join(texts) or None


EDITIONS_SECTION = "editions"
_EDITION_ROWS = (("editions_on_record", "compare_editions_listed", _editions_list),
                 ("editions_responses", "compare_editions_responses", _responses),
                 ("editions_follow_up", "compare_editions_follow_up", _follow_up))


def headers(records: list[dict]) -> list[str]:
    """The assemblies' names as column headers, an id added where two names are the same."""
    names = [str(r["name"]) for r in records]
    return [f"{n} ({r['id']})" if names.count(n) > 1 else n for n, r in zip(names, records)]


def labelled(frame: pd.DataFrame, records: list[dict], lang: str = "fr") -> pd.DataFrame:
    """The comparison for a spreadsheet: section, field, one column per assembly (by name), « Diffère » Oui/Non."""
    ids = [str(r["id"]) for r in records]
    out = pd.DataFrame({i18n.t("compare_section", lang): frame["section_title"],
                        i18n.t("compare_field", lang): frame["label"]}, dtype=object)
    for header, i in zip(headers(records), ids):
        out[header] = frame[i].astype(object).where(frame[i].notna(), None)
    out[i18n.t("compare_differs", lang)] = [i18n.t("yes" if d else "no", lang) for d in frame["differs"]]
    return out


def _cell(value, field: str, record: dict, lang: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return f'<td class="acp-unknown"><em>{html.escape(i18n.t("to_complete", lang))}</em></td>'
    if field in ASSEMBLIES.names and ASSEMBLIES.column(field).kind == "url" and fiche.safe_link(value):
        return f'<td><a href="{html.escape(fiche.safe_link(value), quote=True)}">{html.escape(value)}</a></td>'
    if field == "sources":
        items = []
        for text, link in fiche.sources(record):
            items.append(f'<li><a href="{html.escape(link, quote=True)}">{html.escape(text)}</a></li>' if link
                         else f"<li>{html.escape(text)}</li>")
        return f"<td><ul>{''.join(items)}</ul></td>"
    return f"<td>{html.escape(str(value))}</td>"


def to_html(frame: pd.DataFrame, records: list[dict], lang: str = "fr") -> str:
    """The comparison as one HTML table per section (each kept whole on a printed page); a differing row is marked
    « ≠ diffère » in its first cell, with an accessible label, and in bold: never by colour alone."""
    ids = [str(r["id"]) for r in records]
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers(records))
    mark = (f'<span class="acp-differs" role="img" aria-label="{html.escape(i18n.t("compare_differs_label", lang))}"'
            f' title="{html.escape(i18n.t("compare_differs_label", lang))}">≠</span> '
            f'<span class="acp-differs-text">{html.escape(i18n.t("compare_differs", lang).lower())}</span>')
    parts = []
    for section, part in frame.groupby("section", sort=False):
        body = []
        for row in part.itertuples(index=False):
            values = dict(zip(part.columns, row))
            differs = bool(values["differs"])
            label = html.escape(str(values["label"]))
            first = f'<th scope="row">{label}<br>{mark}</th>' if differs else f'<th scope="row">{label}</th>'
            cells = "".join(_cell(values[i], values["field"], r, lang) for i, r in zip(ids, records))
            body.append(f'<tr class="{"acp-row-differs" if differs else "acp-row-same"}">{first}{cells}</tr>')
        title = html.escape(str(part["section_title"].iloc[0]))
        parts.append(f'<table class="acp-compare" data-section="{html.escape(str(section))}"><caption>{title}</caption>'
                     f'<thead><tr><th scope="col">{html.escape(i18n.t("compare_field", lang))}</th>{head}</tr></thead>'
                     f'<tbody>{"".join(body)}</tbody></table>')
    return COMPARE_CSS + "".join(parts)


COMPARE_CSS = """<style>
table.acp-compare {border-collapse: collapse; width: 100%; margin: 0 0 1.2rem 0; table-layout: fixed;}
table.acp-compare caption {text-align: left; font-weight: 700; font-size: 1.1rem; padding: .3rem 0;}
table.acp-compare th, table.acp-compare td {border: 1px solid rgba(128,128,128,.4); padding: .3rem .5rem;
  vertical-align: top; text-align: left; overflow-wrap: anywhere;}
table.acp-compare thead th {background: rgba(128,128,128,.12);}
table.acp-compare tbody th {width: 22%; font-weight: 600;}
table.acp-compare tr.acp-row-differs th, table.acp-compare tr.acp-row-differs td {font-weight: 700;
  background: rgba(255,196,0,.15);}
table.acp-compare ul {margin: 0; padding-left: 1rem;}
.acp-differs {font-size: 1.1em;}
.acp-differs-text {font-weight: 400; font-style: italic;}
</style>"""
