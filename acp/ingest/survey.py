"""Survey files -> waves, themes, counts per priority and other proposals.

Two shapes give the same figures: raw answers (one row per respondent, a column per theme,
as form tools export them) and a counts table (a row per theme, a column per priority 1..5).
A theme keeps its code across waves when its wording is the same, so waves compare.
"""
from __future__ import annotations

import re

import pandas as pd

from ..messages import M_, Number, quoted_list
from ..schema import DEFAULT_WAVE, PRIORITIES, SURVEY, fold
from . import values
from .problems import Problems
from .records import header_of, map_header, parse_records, row_cells
from .tabular import Table

DEFAULT_WAVE_TITLE = "Sondage sur les thématiques à prioriser"
_BRACKETED = re.compile(r"\[(.+)\]\s*$", re.S)
_META = {"horodatage", "timestamp", "date", "date de soumission", "submitted at", "horodateur",
         "nom", "prenom", "name", "email", "e mail", "adresse e mail", "adresse mail", "courriel", "id",
         "numero", "n", "statut", "status", "organisation", "structure"}


def short_label(theme: str, limit: int = 60) -> str:
    """A chart-sized label: the first question of the theme, cut at a word if too long."""
    first = re.split(r"(?<=[?.!])\s", theme.strip(), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _is_counts(table: Table) -> bool:
    """A column per priority, written « 1 » or « Priorité 1 »: a counts table, not raw answers."""
    known = SURVEY.header_map()
    names = {known.get(fold(h)) for h in table.header}
    return {f"p{p}" for p in PRIORITIES} <= names


def read(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    if _is_counts(table):
        waves = _read_counts(table, problems, context)
    else:
        waves = _read_answers(table, problems, context)
    return _frames(waves, context, problems)


def _wave_defaults(context: dict) -> dict:
    return {"wave": context.get("wave") or DEFAULT_WAVE,
            "wave_title": context.get("wave_title"),
            "wave_date": context.get("wave_date")}


def _read_counts(table: Table, problems: Problems, context: dict) -> dict[str, dict]:
    mapping = map_header(table.header, SURVEY, problems)
    if "theme" not in mapping.values():
        problems.error(M_("colonne « {column} » absente : le tableau des effectifs doit avoir une colonne de thèmes "
                          "et une colonne par priorité 1 à 5.", column=SURVEY.column("theme")), row=1)
    written = {name: table.header[i] for i, name in mapping.items()}
    records = parse_records(row_cells(table, mapping, problems), SURVEY, written, problems)
    defaults = _wave_defaults(context)
    waves: dict[str, dict] = {}
    for r in records:
        wave_id = context.get("wave") or r.get("wave") or defaults["wave"]
        stored = context.get("waves", {}).get(wave_id, {})
        wave = waves.setdefault(wave_id, {"wave": wave_id,
                                          "title": context.get("wave_title") or r.get("wave_title") or stored.get("title"),
                                          "date": context.get("wave_date") or r.get("wave_date") or stored.get("date"),
                                          "themes": [], "other": [], "respondents": None, "declared": None})
        if r.get("respondents") is not None:
            wave["declared"] = max(wave["declared"] or 0, r["respondents"])
        if r.get("theme"):
            counts = [r.get(f"p{p}") for p in PRIORITIES]
            if all(c is None for c in counts) and not r.get("_bad"):
                problems.error(M_("aucun effectif pour ce thème (colonnes 1 à 5 vides)."), row=r["_row"],
                               column=written.get("theme"), value=r["theme"])
            wave["themes"].append({"label": r["theme"], "theme_id": r.get("theme_id"),
                                   "short_label": r.get("short_label"), "row": r["_row"],
                                   "column": written.get("theme"), "counts": [c or 0 for c in counts]})
        elif any(r.get(f"p{p}") is not None for p in PRIORITIES):
            problems.error(M_("effectifs sans thème : indiquez le thème de la ligne."), row=r["_row"],
                           column=header_of(SURVEY.column("theme"), written))
        if r.get("other"):
            wave["other"].append(r["other"])
    for wave in waves.values():
        totals = {sum(t["counts"]) for t in wave["themes"]}
        wave["respondents"] = max([*totals, wave["declared"] or 0]) if totals or wave["declared"] else None
        if len(totals) > 1:
            problems.warn(M_("les thèmes n'ont pas tous le même nombre de réponses ({totals}) : certaines personnes "
                             "n'ont pas classé tous les thèmes.", totals=[Number(t) for t in sorted(totals)]))
    return waves


def _answer_columns(table: Table, problems: Problems) -> tuple[list[tuple[int, str]], int | None]:
    """The theme columns (position, theme) and the position of the free proposal column, if any."""
    other_at = None
    theme_cols: list[tuple[int, str]] = []
    ignored: list[str] = []
    other_keys = {fold(a) for a in (SURVEY.column("other").fr, *SURVEY.column("other").aliases)}
    for i, header in enumerate(table.header):
        key = fold(header)
        match = _BRACKETED.search(header)
        if not key:
            continue
        if key in other_keys or key.startswith("autre proposition"):
            other_at = i
        elif match:
            theme_cols.append((i, match.group(1).strip()))
        elif key in _META or key.startswith(("horodat", "adresse", "email", "e mail")):
            ignored.append(header)
        else:
            theme_cols.append((i, header.strip()))
    if not theme_cols:
        problems.error(M_("aucune colonne de thème trouvée : il faut soit une colonne par thème (réponses brutes), "
                          "soit une colonne « {column} » et des colonnes 1 à 5 (effectifs).",
                          column=SURVEY.column("theme")), row=1)
    if ignored:
        problems.warn(M_("colonnes ignorées (seuls les effectifs sont enregistrés, jamais les noms ni les e-mails) : "
                         "{columns}.", columns=lambda lang: quoted_list(ignored, lang)), row=1)
    return theme_cols, other_at


def _priority(raw: str) -> int | None:
    """A raw answer as a priority 1..5; None when it is anything else."""
    try:
        value = values.number(raw)
    except values.BadValue:
        return None
    if value is None or not float(value).is_integer() or int(value) not in PRIORITIES:
        return None
    return int(value)


def _read_answers(table: Table, problems: Problems, context: dict) -> dict[str, dict]:
    theme_cols, other_at = _answer_columns(table, problems)
    counts = {i: [0] * len(PRIORITIES) for i, _ in theme_cols}
    others: list[str] = []
    respondents = 0
    for number, cells in row_cells(table, {i: i for i in range(len(table.header))}, problems):
        answered = False
        for i, _ in theme_cols:
            raw = cells[i].strip()
            if not raw:
                continue
            priority = _priority(raw)
            if priority is None:
                problems.error(M_("priorité attendue : un nombre entier de 1 (priorité maximale) à 5."), row=number,
                               column=table.header[i], value=raw)
                continue
            counts[i][priority - 1] += 1
            answered = True
        text = cells[other_at].strip() if other_at is not None else ""
        limit = SURVEY.column("other").max_length
        if len(text) > limit:
            problems.error(M_("proposition trop longue ({n} caractères, {most} au maximum).", n=Number(len(text)),
                              most=Number(limit)), row=number,
                           column=table.header[other_at], value=text)
        elif text and fold(text) not in {fold(o) for o in others}:
            others.append(text)
        respondents += answered or bool(text)
    defaults = _wave_defaults(context)
    return {defaults["wave"]: {
        "wave": defaults["wave"], "title": defaults["wave_title"], "date": defaults["wave_date"],
        "respondents": respondents, "other": others,
        "themes": [{"label": label, "theme_id": None, "short_label": None, "row": 1, "column": table.header[i],
                    "counts": counts[i]} for i, label in theme_cols],
    }}


def _frames(waves: dict[str, dict], context: dict, problems: Problems) -> dict[str, pd.DataFrame]:
    """Give every theme a stable code: the one it already has in any wave, else the next number."""
    known: dict[str, tuple[str, str | None]] = dict(context.get("known_themes", {}))
    used = {tid for tid, _ in known.values()}
    wave_rows, theme_rows, count_rows, other_rows = [], [], [], []
    for wave in waves.values():
        wave_rows.append({"wave": wave["wave"], "title": wave["title"] or DEFAULT_WAVE_TITLE,
                          "date": wave["date"], "respondents": wave["respondents"]})
        in_wave: set[str] = set()
        for position, theme in enumerate(wave["themes"], start=1):
            key = fold(theme["label"])
            if key in in_wave:
                problems.error(M_("thème en double dans la même vague : gardez une seule ligne (ou colonne) par thème."),
                               row=theme["row"], column=theme["column"], value=theme["label"])
                continue
            in_wave.add(key)
            theme_id = theme["theme_id"] or (known.get(key) or (None, None))[0]
            if theme_id in {t["theme_id"] for t in theme_rows if t["wave"] == wave["wave"]}:
                problems.error(M_("code thème « {code} » en double dans la vague.", code=theme_id), row=theme["row"],
                               value=theme_id)
                continue
            if theme_id is None:
                n = 1
                while str(n) in used:
                    n += 1
                theme_id = str(n)
            used.add(theme_id)
            short = theme["short_label"] or (known.get(key) or (None, None))[1] or short_label(theme["label"])
            known[key] = (theme_id, short)
            theme_rows.append({"wave": wave["wave"], "theme_id": theme_id, "position": position,
                               "short_label": short, "label": theme["label"]})
            count_rows.extend({"wave": wave["wave"], "theme_id": theme_id, "priority": p, "count": c}
                              for p, c in zip(PRIORITIES, theme["counts"]))
        other_rows.extend({"wave": wave["wave"], "position": i, "text": t}
                          for i, t in enumerate(wave["other"], start=1))
    def frame(rows, cols):
        return pd.DataFrame(rows, columns=cols, dtype=object)
    return {
        "survey_waves": frame(wave_rows, ["wave", "title", "date", "respondents"]),
        "survey_themes": frame(theme_rows, ["wave", "theme_id", "position", "short_label", "label"]),
        "survey_counts": frame(count_rows, ["wave", "theme_id", "priority", "count"]),
        "survey_other": frame(other_rows, ["wave", "position", "text"]),
    }
