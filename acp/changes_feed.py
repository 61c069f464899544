"""The data's changes as an Atom feed (RFC 4287): one entry per import, rollback or validated proposal.

Each entry says what changed in the published data: how many rows were added, changed and removed, and for the
assemblies and the sessions their names (and, for a changed assembly, which fields). The "after" state of a write
is the snapshot the next write of the same dataset kept (or the data in place when there is none), so an old
entry says what that write did, not what differs today.

Only published data goes in: never the coordinator's name (`imported_by`), the file's name, a proposal's author,
contact or message, nor the participants' rows (their entry says only that the profile changed). Every text is
put in the XML by ElementTree (escaped), after removing the characters XML 1.0 cannot carry.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from . import i18n
from .schema import ASSEMBLIES, DATASETS, SESSIONS

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
MAX_NAMES = 20   # names listed per kind of change in one entry
TAG = "tag:acp-dashboard.icpc,2025:"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NAMED = {"assemblies": ("assemblies", "id", "name", ASSEMBLIES), "sessions": ("sessions", "id", "title", SESSIONS)}
KEYS = {"assemblies": ("id",), "sessions": ("id",), "survey": ("wave",), "participants": ("session",)}
MAIN = {"assemblies": "assemblies", "sessions": "sessions", "survey": "survey_waves",
        "participants": "participant_profiles"}


def clean(text) -> str:
    """Text XML 1.0 can carry (control characters dropped); ElementTree escapes the rest."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def _tables(cursor) -> set[str]:
    return {r[0] for r in cursor.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = current_schema()").fetchall()}


def _after(history: list[dict], index: int, tables: set[str]) -> str:
    """The prefix of the tables holding the data right after history[index]: the snapshot of the next write of
    the same dataset, or the live tables ("")."""
    entry = history[index]
    for later in reversed(history[:index]):  # history is newest first
        if later["dataset"] == entry["dataset"]:
            prefix = f"snap_{int(later['id'])}_"
            return prefix if all(prefix + t in tables for t in DATASETS[entry["dataset"]].tables) else ""
    return ""


def _diff(cursor, dataset: str, before: str, after: str) -> dict:
    """Rows of the dataset's main table added, removed and changed between two versions (table-name prefixes
    built from import numbers only); a row counts as changed when a row of another table under its key did."""
    main, keys = MAIN[dataset], KEYS[dataset]
    key = ", ".join(f'"{k}"' for k in keys)
    old = set(cursor.execute(f"SELECT {key} FROM {before}{main}").fetchall())
    new = set(cursor.execute(f"SELECT {key} FROM {after}{main}").fetchall())
    changed: set = set()
    for table in DATASETS[dataset].tables:
        a, b = f"{after}{table}", f"{before}{table}"
        differ = f"((FROM {a} EXCEPT ALL FROM {b}) UNION ALL (FROM {b} EXCEPT ALL FROM {a}))"
        changed |= set(cursor.execute(f"SELECT DISTINCT {key} FROM {differ}").fetchall())
    return {"added": sorted(new - old), "removed": sorted(old - new), "changed": sorted(changed & old & new)}


def _names(cursor, dataset: str, prefix: str, ids: list[tuple]) -> dict:
    if dataset not in NAMED or not ids:
        return {}
    _, key, name, _ = NAMED[dataset]
    rows = cursor.execute(f'SELECT "{key}", "{name}" FROM {prefix}{NAMED[dataset][0]} WHERE list_contains(?, "{key}")',
                          [[i[0] for i in ids]]).fetchall()
    return dict(rows)


def _changed_fields(cursor, dataset: str, before: str, after: str, ident: str, lang: str) -> list[str]:
    table, key, _, schema = NAMED[dataset]
    cols = [c.name for c in schema.columns]
    select = ", ".join(f'"{c}"' for c in cols)
    old = cursor.execute(f'SELECT {select} FROM {before}{table} WHERE "{key}" = ?', [ident]).fetchone()
    new = cursor.execute(f'SELECT {select} FROM {after}{table} WHERE "{key}" = ?', [ident]).fetchone()
    if old is None or new is None:
        return []
    return [schema.column(c).label(lang) for c, o, n in zip(cols, old, new) if o != n]


def _lines(cursor, entry: dict, before: str, after: str, lang: str) -> list[str]:
    dataset = entry["dataset"]
    diff = _diff(cursor, dataset, before, after)
    counts = [i18n.t(f"change_{kind}", lang, count=len(diff[kind]), n=len(diff[kind]))
              for kind in ("added", "changed", "removed") if diff[kind]]
    if not counts:
        return [i18n.t("change_none", lang)]
    lines = [", ".join(counts) + "."]
    if dataset not in NAMED:  # the survey's waves and the participants' profiles: counts only
        return lines
    for kind, prefix in (("added", after), ("changed", after), ("removed", before)):
        ids = diff[kind]
        names = _names(cursor, dataset, prefix, ids[:MAX_NAMES])
        for (ident,) in ids[:MAX_NAMES]:
            name = names.get(ident) or ident
            if kind == "changed":
                fields = _changed_fields(cursor, dataset, before, after, ident, lang)
                name = f"{name} ({', '.join(fields)})" if fields else name
            lines.append(i18n.t(f"change_line_{kind}", lang, name=name))
        if len(ids) > MAX_NAMES:
            lines.append(i18n.t("change_more", lang, count=len(ids) - MAX_NAMES, n=len(ids) - MAX_NAMES))
    return lines


def _title(entry: dict, lang: str) -> str:
    dataset = DATASETS[entry["dataset"]].label(lang)
    if entry["outcome"] == "rollback":
        return i18n.t("change_rollback", lang, dataset=dataset, n=entry["restores"])
    if entry["outcome"] == "proposal":
        return i18n.t("change_proposal", lang, dataset=dataset)
    return i18n.t("change_import", lang, dataset=dataset)


def _stamp(value) -> str:
    """An Atom date: the stored local time with the server's offset."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return value.astimezone().isoformat(timespec="seconds")


def entries(cursor, lang: str = i18n.DEFAULT_LANG, limit: int = MAX_ENTRIES) -> list[dict]:
    """The newest writes, newest first: id, updated, title, lines (plain text), and the assembly a proposal made
    or corrected (its id, for a link to its fiche)."""
    result = cursor.execute("SELECT id, dataset, imported_at, outcome, restores FROM imports ORDER BY id DESC")
    names = [d[0] for d in result.description]
    history = [dict(zip(names, row)) for row in result.fetchall()]
    tables = _tables(cursor)
    out = []
    for index, entry in enumerate(history[:limit]):
        before = f"snap_{int(entry['id'])}_"
        if entry["dataset"] not in MAIN or not all(before + t in tables for t in DATASETS[entry["dataset"]].tables):
            lines = []  # a write whose previous version was not kept: its title alone
            diff_ids = []
        else:
            after = _after(history, index, tables)
            lines = _lines(cursor, entry, before, after, lang)
            diff_ids = []
            if entry["outcome"] == "proposal" and entry["dataset"] == "assemblies":
                diff = _diff(cursor, "assemblies", before, after)
                diff_ids = [i for (i,) in diff["added"] + diff["changed"]]
        out.append({"id": f"{TAG}import-{int(entry['id'])}-{entry['imported_at']:%Y%m%d%H%M%S}",
                    "updated": _stamp(entry["imported_at"]), "title": _title(entry, lang), "lines": lines,
                    "dataset": entry["dataset"], "assembly": diff_ids[0] if len(diff_ids) == 1 else None})
    return out


def atom(items: list[dict], self_url: str, site_url: str, page_url, licence: str, lang: str) -> bytes:
    """The feed's XML. `page_url(item)` gives an entry's link (the fiche of a proposal's assembly, else the
    dataset's page)."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: clean(v) for k, v in attrs.items()})
        if text is not None:
            element.text = clean(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", f"{TAG}changes")
    sub(feed, "title", i18n.t("feed_changes_title", lang))
    sub(feed, "subtitle", i18n.t("feed_changes_subtitle", lang))
    sub(feed, "updated", items[0]["updated"] if items else _stamp(dt.datetime(2025, 4, 25)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=site_url)
    sub(sub(feed, "author"), "name", i18n.t("feed_changes_author", lang))
    sub(feed, "rights", licence)
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", item["id"])
        sub(entry, "title", item["title"])
        sub(entry, "updated", item["updated"])
        sub(entry, "link", rel="alternate", type="text/html", href=page_url(item))
        sub(entry, "content", "\n".join(item["lines"]) or item["title"], type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
