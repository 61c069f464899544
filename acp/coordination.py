"""What the coordination area computes, without Streamlit: templates, the validation report,
the preview of a change (rows added, changed field by field, removed), the import history.

The preview compares what is stored with what an upload (or a rollback) would store, after
turning both into the values a reader sees (acp.export.cell), so that a value stored as a
DuckDB list and the same value read from a file compare equal. Assemblies, sessions and editions
are compared by `id`; the survey by wave and theme (only the waves an upload replaces).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from . import export, i18n, store
from .messages import render
from .schema import DATASETS, EDITIONS, PARTICIPANTS, SESSIONS, SURVEY, Column, is_missing

# ---------------------------------------------------------------- templates

_TEMPLATE_ROWS = {
    "assemblies": [
        {"id": "exempleville", "name": "Assemblée citoyenne permanente d'Exempleville", "city": "Exempleville",
         "region": "Pays de la Loire", "country": "FR", "latitude": 47.218, "longitude": -1.553, "start_year": 2023,
         "status": "active", "permanent": True, "level": "municipal", "initiated_by": "public_authority",
         "topics_from": ["executive", "citizens"], "functions": ["policy_recommendations", "citizen_watch"],
         "selection": "stratified_sortition", "specialisation": "general", "commissioner": "Ville d'Exempleville",
         "public_authority": True, "members": 40, "mandate_months": 12, "compensated": True,
         "compensation": "20 € par séance", "editions": 2, "hearings": True, "several_topics": True, "renewed": True,
         "secretariat": True, "description": "Exemple : remplacez ces lignes par vos assemblées.",
         "website": "https://www.example.org/assemblee", "sources": ["https://www.example.org/deliberation-2023"],
         "updated": dt.date(2025, 4, 25), "completeness": "complete"},
        {"id": "exemple-region", "name": "Conseil citoyen régional (exemple)", "country": "BE", "latitude": 50.467,
         "longitude": 4.867, "start_year": 2025, "status": "planned", "level": "regional",
         "initiated_by": "citizens", "selection": "sortition", "completeness": "to_complete"},
    ],
    "survey": [
        {"wave": "2026-01", "wave_title": "Sondage sur les thématiques à prioriser", "wave_date": dt.date(2026, 1, 15),
         "theme_id": "1", "short_label": "Le tirage au sort", "theme": "Le tirage au sort : comment le faire ?",
         "p1": 8, "p2": 5, "p3": 4, "p4": 4, "p5": 3, "respondents": 24},
        {"wave": "2026-01", "wave_title": "Sondage sur les thématiques à prioriser", "wave_date": dt.date(2026, 1, 15),
         "theme_id": "2", "short_label": "Le lien avec les élu·es",
         "theme": "Le lien avec les élu·es : comment les associer ?", "p1": 6, "p2": 6, "p3": 5, "p4": 4, "p5": 3,
         "respondents": 24},
        {"wave": "2026-01", "wave_title": "Sondage sur les thématiques à prioriser", "wave_date": dt.date(2026, 1, 15),
         "respondents": 24, "other": "Exemple d'autre proposition thématique"},
    ],
    "sessions": [
        {"id": "2026-02-12-exemple", "date": dt.date(2026, 2, 12), "start": dt.time(13, 0), "end": dt.time(14, 0),
         "title": "Webinaire d'exemple : le tirage au sort", "theme": "1", "format": "visio",
         "place": "https://www.example.org/visio", "speakers": ["Camille Exemple"], "facilitators": ["Alex Exemple"],
         "status": "planned"},
        {"title": "Thème à programmer (exemple)", "theme": "2", "status": "to_schedule"},
    ],
    "editions": [
        {"id": "exempleville-1", "assembly": "exempleville", "label": "Première édition (exemple)", "start": "2023-01",
         "end": "2023-06", "topics": "La place de la voiture en ville", "topics_from": ["executive"], "members": 40,
         "recommendations": 25, "response": "council_vote", "response_date": "2023-09", "adopted": 18,
         "implemented": 6, "follow_up": "Comité de suivi de six membres ; rapport annuel au conseil municipal",
         "report": "https://www.example.org/assemblee/rapport-2023",
         "sources": ["https://www.example.org/deliberation-2023"],
         "notes": "Exemple : remplacez ces lignes par les éditions de vos assemblées."},
        {"assembly": "exempleville", "label": "Deuxième édition (exemple)", "start": "2024", "topics": "L'alimentation",
         "topics_from": ["citizens"], "response": "none_yet"},
    ],
    # The registration form's two questions the profile counts; the form's other columns (names, e-mails…) may stay
    # in the file: they are ignored and never kept.
    "participants": [
        {"status": ["consultant"], "experience": ["supported_setup", "facilitated"]},
        {"status": ["elected"], "experience": ["political_mandate"]},
    ],
}


def template_frame(dataset: str, lang: str = "fr") -> pd.DataFrame:
    """Every column the importer reads, with French headers, and two example rows."""
    schema = DATASETS[dataset]
    frame = pd.DataFrame([{c: row.get(c) for c in schema.names} for row in _TEMPLATE_ROWS[dataset]],
                         columns=schema.names, dtype=object)
    return export.labelled(frame, schema, lang)


def template_csv(dataset: str) -> bytes:
    return export.to_csv_bytes(template_frame(dataset))


def template_xlsx(dataset: str) -> bytes:
    return export.to_xlsx_bytes(template_frame(dataset), DATASETS[dataset].fr)


def template_ods(dataset: str) -> bytes:
    return export.to_ods_bytes(template_frame(dataset), DATASETS[dataset].fr)


# ---------------------------------------------------------------- the validation report

REPORT_COLUMNS = ("coord_col_severity", "coord_col_line", "coord_col_column", "coord_col_value", "coord_col_message")


def report_frame(upload, lang: str = "fr") -> pd.DataFrame:
    """Every problem, errors first: severity, row, column, value, message, in `lang`."""
    severity = {True: i18n.t("coord_error", lang), False: i18n.t("coord_warning", lang)}
    problems = sorted(upload.problems, key=lambda p: (not p.is_error, p.row or 0))
    rows = [(severity[p.is_error], "" if p.row is None else str(p.row), render(p.column or "", lang), p.value or "",
             p.text(lang))
            for p in problems]
    return pd.DataFrame(rows, columns=[i18n.t(k, lang) for k in REPORT_COLUMNS], dtype=object)


def report_csv(upload, lang: str = "fr") -> bytes:
    frame = report_frame(upload, lang)
    frame.insert(0, i18n.t("coord_col_file", lang), upload.file_name)
    return export.to_csv_bytes(frame)


# ---------------------------------------------------------------- the preview

@dataclass
class Change:
    key: str
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


@dataclass
class Diff:
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    new_waves: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def shown(value, column: Column | None = None, lang: str = "fr") -> str:
    """A stored or parsed value as one line of text (labels, French numbers and dates); '' when unknown."""
    if column is not None:
        if column.kind == "country" and not is_missing(value):
            return i18n.country_name(str(value), lang)
        value = export.cell(value, column, lang, display=True)
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return i18n.t("yes" if value else "no", lang)
    if isinstance(value, float):
        text = repr(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", i18n.decimal_symbol(lang))  # every digit kept (a preview compares values)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _keyed_rows(frame: pd.DataFrame, schema, lang: str) -> dict[str, tuple[str, dict[str, str]]]:
    title = {"assemblies": "name", "editions": "label"}.get(schema.name, "title")
    columns = [c for c in schema.columns if c.name != "id" and c.name in frame.columns]
    out = {}
    for record in frame.to_dict("records"):
        values = {c.label(lang): shown(record.get(c.name), c, lang) for c in columns}
        label = shown(record.get(title)) or str(record["id"])
        if schema is EDITIONS and shown(record.get("assembly")):
            label = f"{shown(record.get('assembly'))} · {label}"
        if schema is SESSIONS and record.get("date") is not None and shown(record.get("date")):
            label = f"{shown(record.get('date'), SESSIONS.column('date'))} · {label}"
        out[str(record["id"])] = (label, values)
    return out


def _survey_rows(frames: dict[str, pd.DataFrame], waves: list[str] | None,
                 lang: str) -> dict[str, tuple[str, dict[str, str]]]:
    """One entry per wave (title, date, respondents, other proposals) and per (wave, theme)."""
    wave_frame = frames["survey_waves"]
    if waves is not None:
        wave_frame = wave_frame[wave_frame["wave"].isin(waves)]
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for wave in wave_frame.to_dict("records"):
        w = str(wave["wave"])
        others = frames["survey_other"]
        texts = [str(t) for t in others[others["wave"] == w].sort_values("position")["text"]]
        out[w] = (i18n.t("coord_wave_entry", lang, wave=w), {
            SURVEY.column("wave_title").label(lang): shown(wave.get("title")),
            SURVEY.column("wave_date").label(lang): shown(wave.get("date"), SURVEY.column("wave_date")),
            SURVEY.column("respondents").label(lang): shown(wave.get("respondents"), SURVEY.column("respondents")),
            SURVEY.column("other").label(lang): " | ".join(texts),
        })
        themes = frames["survey_themes"]
        counts = frames["survey_counts"]
        for theme in themes[themes["wave"] == w].sort_values("position").to_dict("records"):
            per = counts[(counts["wave"] == w) & (counts["theme_id"] == theme["theme_id"])]
            per = dict(zip(per["priority"].astype(int), per["count"]))
            values = {SURVEY.column("theme").label(lang): shown(theme.get("label")),
                      SURVEY.column("short_label").label(lang): shown(theme.get("short_label"))}
            for p in range(1, 6):
                values[i18n.t("priority_count", lang, p=p)] = shown(per.get(p, 0), SURVEY.column(f"p{p}"))
            label = i18n.t("coord_theme_entry", lang, wave=w, theme=theme["theme_id"],
                           label=shown(theme.get("short_label")) or shown(theme.get("label")))
            out[f"{w}\x1f{theme['theme_id']}"] = (label, values)
    return out


def _participant_rows(frames: dict[str, pd.DataFrame], sessions: list[str] | None,
                      lang: str) -> dict[str, tuple[str, dict[str, str]]]:
    """One entry per session (its registrants) and per (session, dimension, value) with its count."""
    profiles, counts = frames["participant_profiles"], frames["participant_counts"]
    if sessions is not None:
        profiles = profiles[profiles["session"].isin(sessions)]
        counts = counts[counts["session"].isin(sessions)]
    registrants, count = i18n.t("participants_registrants", lang), i18n.t("coord_col_count", lang)
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for p in profiles.to_dict("records"):
        out[str(p["session"])] = (i18n.t("coord_profile_entry", lang, session=p["session"]),
                                  {registrants: shown(p.get("registrants"))})
    for c in counts.to_dict("records"):
        column = PARTICIPANTS.column(c["dimension"])
        label = f"{c['session']} · {column.label(lang)}{i18n.colon(lang)}{i18n.value_label(column, c['code'], lang)}"
        out[f"{c['session']}\x1f{c['dimension']}\x1f{c['code']}"] = (label, {count: shown(c.get("count"))})
    return out


def compare(dataset: str, before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame],
            waves: list[str] | None = None, lang: str = "fr") -> Diff:
    """What replacing `before` by `after` changes (for the survey, only `waves` when given)."""
    if dataset == "survey":
        old, new = _survey_rows(before, waves, lang), _survey_rows(after, waves, lang)
    elif dataset == "participants":  # `waves`: the sessions an upload replaces
        old, new = _participant_rows(before, waves, lang), _participant_rows(after, waves, lang)
    else:
        schema = DATASETS[dataset]
        old, new = _keyed_rows(before[dataset], schema, lang), _keyed_rows(after[dataset], schema, lang)
    diff = Diff()
    for key, (label, values) in new.items():
        if key not in old:
            diff.added.append(Change(key, label, [(f, "", v) for f, v in values.items() if v]))
            continue
        fields = [(f, old[key][1].get(f, ""), v) for f, v in values.items() if old[key][1].get(f, "") != v]
        if fields:
            diff.changed.append(Change(key, label, fields))
        else:
            diff.unchanged += 1
    diff.removed = [Change(key, label) for key, (label, _) in old.items() if key not in new]
    if dataset == "survey":
        stored = set(before["survey_waves"]["wave"])
        diff.new_waves = [w for w in after["survey_waves"]["wave"] if w not in stored]
    return diff


def stored_frames(con, dataset: str) -> dict[str, pd.DataFrame]:
    return {t: store.read_table(con, t) for t in DATASETS[dataset].tables}


def upload_diff(con, upload, lang: str = "fr") -> Diff:
    """The preview of an upload: stored data against the upload's frames."""
    waves = list(upload.frames["survey_waves"]["wave"]) if upload.dataset == "survey" else None
    if upload.dataset == "participants":
        waves = list(upload.frames["participant_profiles"]["session"])
    return compare(upload.dataset, stored_frames(con, upload.dataset), upload.frames, waves, lang)


def rollback_diff(con, import_id: int, lang: str = "fr") -> Diff | None:
    """The preview of a rollback: stored data against the snapshot kept before import `import_id`."""
    snapshot = store.before_import(con, import_id)
    if snapshot is None:
        return None
    dataset = next(d for d, tables in ((d, DATASETS[d].tables) for d in DATASETS) if set(tables) == set(snapshot))
    return compare(dataset, stored_frames(con, dataset), snapshot, None, lang)


def clip(text: str, limit: int = 300) -> str:
    """A long value cut for a preview table (the whole value is in the file)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def diff_frames(diff: Diff, dataset: str = "assemblies", lang: str = "fr") -> dict[str, pd.DataFrame]:
    """The preview as three tables: added, changed (one line per changed field), removed."""
    key, name, what, before, after = (i18n.t(k, lang) for k in
                                       ("coord_col_key", f"coord_col_row_{dataset}", "coord_col_field",
                                        "coord_col_before", "coord_col_after"))
    summary = i18n.t("coord_col_summary", lang)

    def outline(change: Change) -> str:
        return clip(" · ".join(f"{f}{i18n.colon(lang)}{v}" for f, _, v in change.fields[:8]))

    return {
        "added": pd.DataFrame([(c.key.replace("\x1f", " · "), c.label, outline(c)) for c in diff.added],
                              columns=[key, name, summary], dtype=object),
        "changed": pd.DataFrame([(c.key.replace("\x1f", " · "), c.label, f, clip(b), clip(a))
                                 for c in diff.changed for f, b, a in c.fields],
                                columns=[key, name, what, before, after], dtype=object),
        "removed": pd.DataFrame([(c.key.replace("\x1f", " · "), c.label) for c in diff.removed],
                                columns=[key, name], dtype=object),
    }


# ---------------------------------------------------------------- history

def history_frame(history: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The imports table as a coordinator reads it."""
    rows = []
    for r in history.to_dict("records"):
        outcome = r.get("outcome")
        if outcome == "rollback":
            what = i18n.t("coord_kind_rollback", lang, n=int(r["restores"]))
        elif outcome == "proposal":
            what = i18n.t("coord_kind_proposal", lang)
        else:
            what = i18n.t("coord_kind_import", lang)
        when = r.get("imported_at")
        rows.append({
            i18n.t("coord_col_number", lang): int(r["id"]),
            i18n.t("coord_col_when", lang): "" if when is None or pd.isna(when) else f"{pd.Timestamp(when):%d/%m/%Y %H:%M}",
            i18n.t("coord_col_dataset", lang): DATASETS[r["dataset"]].label(lang) if r["dataset"] in DATASETS else r["dataset"],
            i18n.t("coord_col_what", lang): what,
            i18n.t("coord_col_file", lang): r.get("file_name") or "",
            i18n.t("coord_col_rows", lang): "" if r.get("rows") is None or pd.isna(r.get("rows")) else int(r["rows"]),
            i18n.t("coord_col_by", lang): r.get("imported_by") or "",
            i18n.t("coord_col_note", lang): r.get("note") or "",
        })
    columns = [i18n.t(k, lang) for k in ("coord_col_number", "coord_col_when", "coord_col_dataset", "coord_col_what",
                                          "coord_col_file", "coord_col_rows", "coord_col_by", "coord_col_note")]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- survey waves

WAVE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")


def wave_problem(code: str, existing: set[str], replacing: bool, lang: str = "fr") -> str | None:
    """Why a wave code cannot be used (None when it can)."""
    code = (code or "").strip()
    if not code:
        return i18n.t("coord_wave_missing", lang)
    if not WAVE_CODE.match(code):
        return i18n.t("coord_wave_invalid", lang)
    if not replacing and code in existing:
        return i18n.t("coord_wave_exists", lang, wave=code)
    return None
