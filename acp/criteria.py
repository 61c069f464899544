"""The group's five criteria of a permanent assembly, checked from a fiche's fields.

Each criterion is one SQL expression giving 'met', 'not_met' or 'unknown', so the fiche, the
table and the "meets the five criteria" filter all read the same rule; `explain` says why in
words, from the same fields.
"""
from __future__ import annotations

from dataclasses import dataclass

from .schema import SORTITION_CODES

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATE_LABELS = {MET: ("Rempli", "Met"), NOT_MET: ("Non rempli", "Not met"), UNKNOWN: ("Inconnu", "Unknown")}
_SORTITION = "[" + ", ".join(f"'{c}'" for c in SORTITION_CODES) + "]"


@dataclass(frozen=True)
class Criterion:
    code: str
    fr: str
    en: str
    sql: str

    def label(self, lang: str = "fr") -> str:
        return self.fr if lang == "fr" else self.en


CRITERIA = (
    Criterion("public", "Portée par une autorité publique", "Carried by a public authority", """
        CASE WHEN public_authority OR initiated_by IN ('public_authority', 'mixed') THEN 'met'
             WHEN public_authority = false THEN 'not_met' ELSE 'unknown' END"""),
    Criterion("sortition", "Tirage au sort, mandat défini, indemnisation",
              "Sortition, set mandate, compensation", f"""
        CASE WHEN selection IN ('volunteers', 'appointed') OR compensated = false THEN 'not_met'
             WHEN list_contains({_SORTITION}, selection) AND mandate_months IS NOT NULL AND compensated THEN 'met'
             ELSE 'unknown' END"""),
    Criterion("hearings", "Temps d'information et de délibération", "Information and deliberation", """
        CASE WHEN hearings THEN 'met' WHEN hearings = false THEN 'not_met' ELSE 'unknown' END"""),
    Criterion("renewed", "Renouvelée, plusieurs sujets", "Renewed, several topics", """
        CASE WHEN renewed = false OR several_topics = false OR permanent = false THEN 'not_met'
             WHEN renewed AND several_topics THEN 'met' ELSE 'unknown' END"""),
    Criterion("impact", "Alimente la décision et l'action publique", "Feeds decisions and public action", """
        CASE WHEN len(functions) > 0 THEN 'met' ELSE 'unknown' END"""),
)

CRITERIA_SELECT = ", ".join(f"({c.sql.strip()}) AS criterion_{c.code}" for c in CRITERIA)
ALL_MET_SQL = " AND ".join(f"({c.sql.strip()}) = 'met'" for c in CRITERIA)
NONE_FAILED_SQL = " AND ".join(f"({c.sql.strip()}) <> 'not_met'" for c in CRITERIA)


def explain(code: str, state: str, fiche: dict, lang: str = "fr") -> str:
    """Why a criterion is met, not met or unknown, in a sentence."""
    fr = lang == "fr"
    if state == UNKNOWN:
        missing = {
            "public": ("qui porte l'assemblée n'est pas renseigné", "who carries the assembly is not recorded"),
            "sortition": ("mode de sélection, durée du mandat ou indemnisation non renseignés",
                          "selection method, mandate length or compensation not recorded"),
            "hearings": ("les auditions ne sont pas renseignées", "hearings are not recorded"),
            "renewed": ("renouvellement ou pluralité des sujets non renseignés",
                        "renewal or several topics not recorded"),
            "impact": ("les fonctions de l'assemblée ne sont pas renseignées", "the assembly's functions are not recorded"),
        }[code]
        return (missing[0] if fr else missing[1]).capitalize() + "."
    reasons = {
        ("public", MET): ("Portée par une autorité publique.", "Carried by a public authority."),
        ("public", NOT_MET): ("Pas portée par une autorité publique.", "Not carried by a public authority."),
        ("sortition", MET): ("Membres tirés au sort, mandat défini et indemnisés.",
                             "Members drawn by lot, set mandate, compensated."),
        ("sortition", NOT_MET): ("Pas de tirage au sort ou pas d'indemnisation.", "No sortition or no compensation."),
        ("hearings", MET): ("Auditions et délibération.", "Hearings and deliberation."),
        ("hearings", NOT_MET): ("Pas d'auditions.", "No hearings."),
        ("renewed", MET): ("Renouvelée et traite plusieurs sujets.", "Renewed and treats several topics."),
        ("renewed", NOT_MET): ("Ni renouvelée ni multi-sujets, ou non permanente.",
                               "Not renewed, single topic, or not permanent."),
        ("impact", MET): ("Produit des recommandations ou contributions à la décision publique.",
                          "Produces recommendations or contributions to public decisions."),
    }
    fr_text, en_text = reasons[(code, state)]
    return fr_text if fr else en_text
