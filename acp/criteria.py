"""The group's five criteria of a permanent assembly, checked from a fiche's fields.

Each criterion is one SQL expression giving 'met', 'not_met' or 'unknown', so the fiche, the
table and the "meets the five criteria" filter all read the same rule; `explain` says why in
words, from the same fields.

The editions on record (table `editions`) speak to « Renouvelée, plusieurs sujets »: an assembly with two
editions or more is renewed, and one whose editions name two different topics or more (case and spaces ignored)
treats several topics, whatever its own yes/no fields say; those fields still count when the editions say
nothing (fewer than two editions, or topics not recorded). A non-permanent assembly does not meet it. The SQL
reads the editions of `assemblies.id`: it runs in a query over the table `assemblies`, not aliased.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogs import N_, SOURCE_LANG, gettext_
from .schema import SORTITION_CODES

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATE_LABELS = {MET: N_("Rempli"), NOT_MET: N_("Non rempli"), UNKNOWN: N_("Inconnu")}
_SORTITION = "[" + ", ".join(f"'{c}'" for c in SORTITION_CODES) + "]"
# The editions an assembly has on record, and the different topics they name: one subquery over the assembly's
# editions gives the criterion's state (counted once a row; with 10,000 assemblies and 50,000 editions the filter
# « meets the five criteria » costs about 0.6 s against 0.07 s without the editions: see the report of issue 15).
_TOPIC = "lower(trim(e.topics))"
_EDITIONS_OF = "FROM editions e WHERE e.assembly = assemblies.id"
_COUNT, _TOPIC_COUNT = "count(*)", f"count(DISTINCT {_TOPIC}) FILTER (WHERE {_TOPIC} <> '')"
EDITIONS_SQL = f"(SELECT {_COUNT} {_EDITIONS_OF})"
EDITION_TOPICS_SQL = f"(SELECT {_TOPIC_COUNT} {_EDITIONS_OF})"
_RENEWED = f"(renewed OR {_COUNT} >= 2)"
_TOPICS = f"(several_topics OR {_TOPIC_COUNT} >= 2)"


@dataclass(frozen=True)
class Criterion:
    code: str
    fr: str                      # its name in French, source of its translations
    sql: str

    def label(self, lang: str = SOURCE_LANG) -> str:
        return gettext_(self.fr, lang)


CRITERIA = (
    Criterion("public", N_("Portée par une autorité publique"), """
        CASE WHEN public_authority OR initiated_by IN ('public_authority', 'mixed') THEN 'met'
             WHEN public_authority = false THEN 'not_met' ELSE 'unknown' END"""),
    Criterion("sortition", N_("Tirage au sort, mandat défini, indemnisation"), f"""
        CASE WHEN selection IN ('volunteers', 'appointed') OR compensated = false THEN 'not_met'
             WHEN list_contains({_SORTITION}, selection) AND mandate_months IS NOT NULL AND compensated THEN 'met'
             ELSE 'unknown' END"""),
    Criterion("hearings", N_("Temps d'information et de délibération"), """
        CASE WHEN hearings THEN 'met' WHEN hearings = false THEN 'not_met' ELSE 'unknown' END"""),
    Criterion("renewed", N_("Renouvelée, plusieurs sujets"), f"""
        CASE WHEN permanent = false THEN 'not_met' ELSE (SELECT
            CASE WHEN {_RENEWED} AND {_TOPICS} THEN 'met'
                 WHEN NOT coalesce({_RENEWED}, true) OR NOT coalesce({_TOPICS}, true) THEN 'not_met'
                 ELSE 'unknown' END {_EDITIONS_OF}) END"""),
    Criterion("impact", N_("Alimente la décision et l'action publique"), """
        CASE WHEN len(functions) > 0 THEN 'met' ELSE 'unknown' END"""),
)

CRITERIA_SELECT = ", ".join(f"({c.sql.strip()}) AS criterion_{c.code}" for c in CRITERIA)
EDITION_FACTS_SELECT = f"{EDITIONS_SQL} AS editions_on_record, {EDITION_TOPICS_SQL} AS edition_topics"
ALL_MET_SQL = " AND ".join(f"({c.sql.strip()}) = 'met'" for c in CRITERIA)
NONE_FAILED_SQL = " AND ".join(f"({c.sql.strip()}) <> 'not_met'" for c in CRITERIA)


def explain(code: str, state: str, fiche: dict, lang: str = SOURCE_LANG, editions: int = 0, topics: int = 0) -> str:
    """Why a criterion is met, not met or unknown, in a sentence; `editions` and `topics`: the assembly's editions on
    record and the different topics they name, when they decided it."""
    if code == "renewed" and (editions >= 2 or topics >= 2):
        reason = _from_editions(state, editions, topics)
        if reason:
            return gettext_(reason, lang).format(n=editions, k=topics)
    if state == UNKNOWN:
        missing = {
            "public": N_("qui porte l'assemblée n'est pas renseigné"),
            "sortition": N_("mode de sélection, durée du mandat ou indemnisation non renseignés"),
            "hearings": N_("les auditions ne sont pas renseignées"),
            "renewed": N_("renouvellement ou pluralité des sujets non renseignés"),
            "impact": N_("les fonctions de l'assemblée ne sont pas renseignées"),
        }[code]
        text = gettext_(missing, lang)
        return text[:1].upper() + text[1:] + "."  # not str.capitalize: German nouns keep their capital
    reasons = {
        ("public", MET): N_("Portée par une autorité publique."),
        ("public", NOT_MET): N_("Pas portée par une autorité publique."),
        ("sortition", MET): N_("Membres tirés au sort, mandat défini et indemnisés."),
        ("sortition", NOT_MET): N_("Pas de tirage au sort ou pas d'indemnisation."),
        ("hearings", MET): N_("Auditions et délibération."),
        ("hearings", NOT_MET): N_("Pas d'auditions."),
        ("renewed", MET): N_("Renouvelée et traite plusieurs sujets."),
        ("renewed", NOT_MET): N_("Ni renouvelée ni multi-sujets, ou non permanente."),
        ("impact", MET): N_("Produit des recommandations ou contributions à la décision publique."),
    }
    return gettext_(reasons[(code, state)], lang)


def _from_editions(state: str, editions: int, topics: int) -> str | None:
    """The reason of « Renouvelée, plusieurs sujets » when the editions on record speak to it."""
    if state == MET:
        if editions >= 2 and topics >= 2:
            return N_("Renouvelée et traite plusieurs sujets : {n} éditions enregistrées, sur {k} sujets différents.")
        if editions >= 2:
            return N_("Renouvelée ({n} éditions enregistrées) et traite plusieurs sujets.")
        return N_("Renouvelée et traite plusieurs sujets ({k} sujets différents parmi ses éditions).")
    if state == UNKNOWN and editions >= 2:
        return N_("Renouvelée ({n} éditions enregistrées) ; la pluralité des sujets n'est pas renseignée.")
    return None
