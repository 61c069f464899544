"""Registration exports -> the participants' profile of one session: counts by status and by experience.

A coordinator drops the export of the registration form (one row per registrant, with names, e-mails,
organisations and whatever else the form asked). Only two columns are read, found by their header
(schema.PARTICIPANTS' aliases, or a form question starting with "Vous êtes", "J'ai déjà"…): the status
and the experience with permanent citizens' assemblies. A cell may hold several answers (form tools join
ticked boxes with ", " or ";"). Every other column is skipped without its values being read into anything
kept, and only counts per (dimension, code) leave this module: no name, no e-mail, no row.

The canonical export of the stored profile (one row per session, dimension and value, with its count)
is read back too, so a base rebuilt from its CSV copies keeps its profiles.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..catalogs import LANGS, N_, P_, gettext_
from ..messages import M_, Message, Number, quoted_list
from ..schema import (
    EXPERIENCE,
    EXPERIENCE_TRUNCATED,
    EXPERIENCE_WORDING,
    NOT_RECORDED,
    PARTICIPANT_DIMENSIONS,
    PARTICIPANTS,
    REGISTRANTS,
    Column,
    Vocabulary,
    fold,
)
from . import values
from .problems import Problem, Problems
from .records import ColumnName, row_cells
from .tabular import Table

PROFILE_COLUMNS = ["session", "registrants"]
COUNT_COLUMNS = ["session", "dimension", "code", "count"]
# The canonical export's headers (acp.export writes them; read back here).
COUNTS_HEADERS = {"session": P_("session", "Séance"), "dimension": P_("dimension", "Dimension"),
                  "value": P_("value", "Valeur"), "count": P_("count", "Effectif")}  # pgettext_(key, header, lang)
REGISTRANTS_LABEL = N_("Inscrit·es")
_COUNTS_ALIASES = {"session": ("seance", "session", "id seance", "identifiant de la seance"),
                   "dimension": ("dimension",), "value": ("valeur", "value", "modalite"),
                   "count": ("effectif", "count", "nombre", "n")}
_NOT_RECORDED_WORDS = {fold(w) for w in ("Non renseigné", "Not recorded", "nr")}
_PREFIXES = {code: fold(EXPERIENCE_WORDING[code]) for code in EXPERIENCE_TRUNCATED}
_SEGMENTS = re.compile(r"[;|\n]")
_COUNT = Column("count", "int", "Effectif", min=0, max=1_000_000)
# The canonical export's columns, named in a problem where the file lacks them (label: pgettext_(key, header)).
_COUNTS_COLUMNS = {key: Column(key, "text", header) for key, header in COUNTS_HEADERS.items()}


# ---------------------------------------------------------------- the session the profile belongs to

def default_session(sessions: dict, today: dt.date | None = None) -> str | None:
    """The most recent dated session on or before today (cancelled ones left out); None if there is none."""
    today = today or dt.date.today()
    dated = [(info["date"], sid) for sid, info in sessions.items()
             if info.get("date") is not None and info["date"] <= today and info.get("status") != "cancelled"]
    return max(dated)[1] if dated else None


def _session(context: dict, problems: Problems) -> str | None:
    sessions = context.get("sessions") or {}
    chosen = context.get("session")
    if chosen:
        if sessions and chosen not in sessions:
            problems.error(M_("séance inconnue « {session} » : indiquez l'identifiant d'une séance du calendrier "
                              "(séances connues : {known}).", session=chosen, known=_known(sessions)))
            return None
        return chosen
    found = default_session(sessions, context.get("today"))
    if found is None:
        problems.error(M_("aucune séance datée passée ou du jour dans le calendrier : indiquez la séance du profil "
                          "(option --session, ou choix de la séance dans l'espace de coordination)."))
    return found


def _known(sessions):
    """« s1 », « s2 » (the calendar's session ids, with the reader's quotation marks), or « aucune »."""
    ids = sorted(sessions)
    return (lambda lang: quoted_list(ids, lang)) if ids else M_("aucune")


# ---------------------------------------------------------------- answers

def match_answer(text: str, vocab: Vocabulary) -> str | None:
    """A code for one answer: a code, label or alias ("J'ai animé…" as "animé…"), "Non renseigné" as NOT_RECORDED;
    for experience, also an answer that starts with a wording the report cuts short."""
    return _exact(text, vocab) or _starts(text, vocab)


def _exact(text: str, vocab: Vocabulary) -> str | None:
    code = vocab.lookup(text)
    if code is not None:
        return code
    key = fold(text)
    if key in _NOT_RECORDED_WORDS:
        return NOT_RECORDED
    if vocab is EXPERIENCE:
        return vocab.lookup(re.sub(r"^j ai (deja )?", "", key))
    return None


def _starts(text: str, vocab: Vocabulary) -> str | None:
    if vocab is not EXPERIENCE:
        return None
    key = re.sub(r"^j ai (deja )?", "", fold(text))
    return next((code for code, prefix in _PREFIXES.items() if key.startswith(prefix)), None)


def split_answers(cell: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """A cell's answers as (codes in order, without repeats; the pieces that match nothing).

    Answers are separated by ";" "|" or a line break, or by "," as form tools join ticked boxes; a label
    holding a comma is kept whole (the longest run of comma-separated pieces that matches is taken), and an
    answer matched by the start of a cut-short wording takes the pieces after it until one starts a known answer.
    """
    codes: list[str] = []
    unknown: list[str] = []
    text = values._FORMULA_GUARD.sub("", cell.strip())
    for segment in _SEGMENTS.split(text):
        pieces = [p.strip() for p in segment.split(",")]
        i = 0
        while i < len(pieces):
            if not pieces[i]:
                i += 1
                continue
            found = _at(pieces, i, vocab)
            if found is None:
                unknown.append(pieces[i])
                i += 1
                continue
            end, code = found
            if code not in codes:
                codes.append(code)
            i = end
    return codes, unknown


def _at(pieces: list[str], start: int, vocab: Vocabulary) -> tuple[int, str] | None:
    """The answer starting at pieces[start]: (the piece after it, its code), or None."""
    for end in range(len(pieces), start, -1):
        code = _exact(", ".join(pieces[start:end]), vocab)
        if code is not None:
            return end, code
    code = _starts(pieces[start], vocab)
    if code is None:
        return None
    end = start + 1
    while end < len(pieces) and (not pieces[end] or _at(pieces, end, vocab) is None):
        end += 1
    return end, code


# ---------------------------------------------------------------- headers

def _dimension_of(header: str) -> str | None:
    key = fold(header)
    if not key:
        return None
    known = PARTICIPANTS.header_map().get(key)
    if known:
        return known
    for start, name in PARTICIPANTS.extra["header_starts"]:
        if key.startswith(start):
            return name
    return None


def _map_header(table: Table, problems: Problems) -> dict[int, str]:
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for i, header in enumerate(table.header):
        name = _dimension_of(header)
        if name is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        if name in seen:
            problems.error(M_("deux colonnes désignent « {column} » (« {first} » et « {second} ») : gardez-en une seule.",
                              column=PARTICIPANTS.column(name), first=seen[name], second=header), row=1, column=header)
            continue
        seen[name] = header
        mapping[i] = name
    if ignored:
        problems.warn(M_("colonnes ignorées et non conservées (seuls les effectifs par statut et par expérience sont "
                         "enregistrés, jamais les noms, e-mails ni aucune autre colonne) : {columns}.",
                         columns=lambda lang: quoted_list(ignored, lang)), row=1)
    if not seen:
        problems.error(M_("aucune colonne « Statut » ni « Expérience(s) » trouvée : l'export des inscriptions doit "
                          "avoir au moins l'une des deux (en-têtes reconnus : « Statut », « Vous êtes », « Profil », "
                          "« Expérience(s) », « J'ai déjà… »)."), row=1)
    else:
        for name in PARTICIPANT_DIMENSIONS:
            if name not in seen:
                problems.warn(M_("colonne « {column} » absente : toutes les personnes inscrites y sont comptées "
                                 "comme « Non renseigné ».", column=PARTICIPANTS.column(name)), row=1)
    return mapping


# ---------------------------------------------------------------- reading

def read(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    if _is_counts(table):
        frames = _read_counts(table, problems, context)
    else:
        frames = _read_registrations(table, problems, context)
    _without_other_values(problems, table)
    return frames


def _read_registrations(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    session = _session(context, problems)
    mapping = _map_header(table, problems)
    written = {name: table.header[i] for i, name in mapping.items()}
    counts = {name: {} for name in PARTICIPANT_DIMENSIONS}
    registrants = 0
    # Only the status and experience cells are handed over (row_cells gives the mapped columns only).
    for number, cells in row_cells(table, mapping, problems):
        registrants += 1
        for name in PARTICIPANT_DIMENSIONS:
            column = PARTICIPANTS.column(name)
            raw = cells.get(name, "")
            if len(raw) > column.max_length:
                problems.error(M_("texte trop long ({n} caractères, {most} au maximum).", n=Number(len(raw)),
                                  most=Number(column.max_length)), row=number, column=written.get(name))
                continue
            codes, unknown = split_answers(raw, column.vocab)
            for item in unknown:
                problems.error(_unknown_message(item, column), row=number, column=written.get(name), value=item)
            for code in codes or ([NOT_RECORDED] if not unknown else []):
                counts[name][code] = counts[name].get(code, 0) + 1
    if session is None or not mapping:
        return _frames([], [])
    if registrants == 0:
        problems.error(M_("aucune personne inscrite dans le fichier : l'import viderait le profil, il est refusé."))
    rows = []
    for name in PARTICIPANT_DIMENSIONS:
        vocab = PARTICIPANTS.column(name).vocab
        for code in vocab.codes:
            rows.append({"session": session, "dimension": name, "code": code, "count": counts[name].get(code, 0)})
        if counts[name].get(NOT_RECORDED):
            rows.append({"session": session, "dimension": name, "code": NOT_RECORDED,
                         "count": counts[name][NOT_RECORDED]})
    return _frames([{"session": session, "registrants": registrants}], rows)


def _unknown_message(item: str, column) -> Message:
    try:
        values.vocabulary_value(item, column.vocab, column)
    except values.BadValue as exc:
        return exc.message
    return M_("valeur non reconnue pour « {column} ».", column=column)


def _frames(profiles: list[dict], counts: list[dict]) -> dict[str, pd.DataFrame]:
    return {"participant_profiles": pd.DataFrame(profiles, columns=PROFILE_COLUMNS, dtype=object),
            "participant_counts": pd.DataFrame(counts, columns=COUNT_COLUMNS, dtype=object)}


def _without_other_values(problems: Problems, table: Table) -> None:
    """Values quoted in the report come from the status and experience columns only: a problem about another
    column, or about a whole row (a shifted line), never quotes what it found there (a name, an e-mail)."""
    kept = set(table.header) if _is_counts(table) else {h for h in table.header if _dimension_of(h)}
    for i, problem in enumerate(problems):
        if problem.value is not None and problem.column not in kept:
            problems[i] = Problem(problem.severity, problem.message, problem.row, problem.column, None)


# ---------------------------------------------------------------- the canonical export, read back

def _counts_mapping(table: Table) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, header in enumerate(table.header):
        key = fold(header)
        for name, aliases in _COUNTS_ALIASES.items():
            if key in aliases and name not in out:
                out[name] = i
    return out


def _is_counts(table: Table) -> bool:
    return {"dimension", "value", "count"} <= set(_counts_mapping(table))


def _dimension_key(text: str) -> str | None:
    key = fold(text)
    if key in {fold(w) for w in (*(gettext_(REGISTRANTS_LABEL, lang) for lang in LANGS), REGISTRANTS, "inscrits",
                                 "inscrites", "inscrit e s")}:
        return REGISTRANTS
    return _dimension_of(text)


def _read_counts(table: Table, problems: Problems, context: dict) -> dict[str, pd.DataFrame]:
    where = _counts_mapping(table)
    sessions = context.get("sessions") or {}
    fallback = None if "session" in where else _session(context, problems)
    profiles: dict[str, int] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:
        def cell(name: str, cells=cells) -> str:
            i = where.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        session = cell("session") or fallback
        if not session:
            problems.error(M_("séance manquante."), row=number, column=_header(table, where, "session"))
            continue
        if sessions and session not in sessions:
            problems.error(M_("séance inconnue du calendrier (séances connues : {known}).", known=_known(sessions)),
                           row=number, column=_header(table, where, "session"), value=session)
            continue
        dimension = _dimension_key(cell("dimension"))
        if dimension is None:
            problems.error(M_("dimension inconnue : « Inscrit·es », « Statut » ou « Expérience(s) » attendue."),
                           row=number, column=_header(table, where, "dimension"), value=cell("dimension"))
            continue
        try:
            n = values.integer(cell("count"), _COUNT)
        except values.BadValue as exc:
            problems.error(exc.message, row=number, column=_header(table, where, "count"), value=cell("count"))
            continue
        if n is None:
            problems.error(M_("effectif manquant."), row=number, column=_header(table, where, "count"))
            continue
        if dimension == REGISTRANTS:
            profiles[session] = n
            continue
        column = PARTICIPANTS.column(dimension)
        code = match_answer(cell("value"), column.vocab) if cell("value") else NOT_RECORDED
        if code is None:
            problems.error(_unknown_message(cell("value"), column), row=number,
                           column=_header(table, where, "value"), value=cell("value"))
            continue
        if (session, dimension, code) in counts:
            problems.error(M_("valeur en double pour cette séance et cette dimension."), row=number,
                           column=_header(table, where, "value"), value=cell("value"))
            continue
        counts[(session, dimension, code)] = n
    for session in sorted({s for s, _, _ in counts} - set(profiles)):
        problems.error(M_("nombre d'inscrit·es absent pour la séance « {session} » (ligne « Inscrit·es »).",
                          session=session))
    rows = [{"session": s, "dimension": d, "code": c, "count": n} for (s, d, c), n in counts.items()]
    return _frames([{"session": s, "registrants": n} for s, n in profiles.items()], rows)


def _header(table: Table, where: dict[str, int], name: str) -> str:
    i = where.get(name)
    return table.header[i] if i is not None else ColumnName(_COUNTS_COLUMNS[name])

