"""The group's five criteria of a permanent assembly, checked from a fiche's fields.

Each criterion is one SQL expression giving 'met', 'not_met' or 'unknown', so the fiche, the
table and the "meets the five criteria" filter all read the same rule; `explain` says why in
words, from the same fields.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogs import N_, SOURCE_LANG, gettext_
from .schema import SORTITION_CODES

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATE_LABELS = {MET: N_("Rempli"), NOT_MET: N_("Non rempli"), UNKNOWN: N_("Inconnu")}
_SORTITION = "[" + ", ".join(f"'{c}'" for c in SORTITION_CODES) + "]"


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
    Criterion("renewed", N_("Renouvelée, plusieurs sujets"), """
        CASE WHEN renewed = false OR several_topics = false OR permanent = false THEN 'not_met'
             WHEN renewed AND several_topics THEN 'met' ELSE 'unknown' END"""),
    Criterion("impact", N_("Alimente la décision et l'action publique"), """
        CASE WHEN len(functions) > 0 THEN 'met' ELSE 'unknown' END"""),
)

CRITERIA_SELECT = ", ".join(f"({c.sql.strip()}) AS criterion_{c.code}" for c in CRITERIA)
ALL_MET_SQL = " AND ".join(f"({c.sql.strip()}) = 'met'" for c in CRITERIA)
NONE_FAILED_SQL = " AND ".join(f"({c.sql.strip()}) <> 'not_met'" for c in CRITERIA)


def explain(code: str, state: str, fiche: dict, lang: str = SOURCE_LANG) -> str:
    """Why a criterion is met, not met or unknown, in a sentence."""
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
