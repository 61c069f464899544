"""The controlled vocabularies: each value's stable code (stored in the database), its French label (the
source of its translations, with its code as context) and the aliases the importer also accepts (the words users
actually type, GoGoCarto's categories); and the folding that makes headers and values match."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from ..catalogs import LANGS, P_, SOURCE_LANG, pgettext_


def is_missing(value) -> bool:
    """Unknown, as stored or read back: None, NaN, NA, NaT or an empty list. Unknown is never 0 or ""."""
    if value is None:
        return True
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive key: 'Région ' -> 'region', 'Œuvre' -> 'oeuvre'."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s\u00a0\u202f_·.\-–—'’()\[\]:/]+", " ", text.casefold())
    return text.strip()


@dataclass(frozen=True)
class Term:
    code: str
    fr: str                      # the French label: the source string its translations come from (context: code)
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = SOURCE_LANG) -> str:
        return pgettext_(self.code, self.fr, lang)

    def labels(self) -> tuple[str, ...]:
        """Its label in every language of the interface (the importer accepts each)."""
        return tuple(self.label(lang) for lang in LANGS)


T = Term  # the term's marker for `make messages` (babel.cfg: T:1c,2)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        raise KeyError(code)

    def label(self, code: str, lang: str = "fr") -> str:
        return self.term(code).label(lang)

    @cached_property
    def _keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for t in self.terms:
            for name in (t.code, *t.labels(), *t.aliases):
                keys.setdefault(fold(name), t.code)
        return keys

    def lookup(self, value: str) -> str | None:
        """The code for a code, a label in any language of the interface or an alias; None if unknown."""
        return self._keys.get(fold(value))

    def accepted(self, lang: str = "fr") -> list[str]:
        return [t.label(lang) for t in self.terms]


def _vocab(name: str, *terms: Term) -> Vocabulary:
    return Vocabulary(name, terms)


LEVEL = _vocab(
    "level",
    T("municipal", "Commune", ("municipal", "ville", "city", "arrondissement", "borough")),
    T("intermunicipal", "Intercommunalité", ("métropole", "metropole", "agglomération", "metropolitan")),
    T("departmental", "Département", ("county", "departement", "province")),
    T("regional", "Région", ("regional", "land", "communauté", "community", "state")),
    T("national", "National", ("pays", "country", "état")),
    T("transnational", "International", ("international", "européen", "european")),
)
INITIATED_BY = _vocab(
    "initiated_by",
    T("public_authority", "Autorité publique", ("collectivité", "exécutif", "conseil municipal", "government", "council")),
    T("citizens", "Citoyen·nes", ("citoyens", "citoyennes", "pétition", "petition", "habitants", "residents")),
    T("mixed", "Mixte", ("autorité publique et citoyens",)),
)
TOPICS_FROM = _vocab(
    "topics_from",
    T("executive", "Exécutif", ("maire", "mayor", "government", "gouvernement")),
    T("citizens", "Citoyen·nes", ("citoyens", "citoyennes", "habitants", "residents", "pétition")),
    T("administration_elected", "Administration ou élu·es", ("administration", "élus", "elus", "elected officials", "conseil", "council")),
    T("assembly", "L'assemblée elle-même", ("assemblée", "assembly")),
)
FUNCTIONS = _vocab(
    "functions",
    T("policy_recommendations", "Recommandations sur une politique publique", ("recommandations", "recommendations", "développer des recommandations")),
    T("plan_contribution", "Contribution à un plan", ("contribuer à un plan", "plan")),
    T("implementation_measures", "Mesures de mise en œuvre", ("mise en oeuvre", "implementation", "recommander des mesures d implementation")),
    T("citizen_watch", "Veille citoyenne", ("veille", "watch", "évaluation de la participation")),
    T("vision_directive", "Vision ou directive", ("vision", "directive", "donner une vision")),
    T("participatory_budget", "Budget participatif", ("budget",)),
    T("policy_evaluation", "Évaluation des politiques publiques", ("évaluation", "evaluation", "suivi")),
)
SELECTION = _vocab(
    "selection",
    T("sortition", "Tirage au sort", ("tirage au sort simple", "random selection", "lottery")),
    T("stratified_sortition", "Tirage au sort stratifié", ("tirage au sort stratifie", "stratified random sample", "stratified")),
    T("partial_sortition", "Tirage au sort partiel", ("tirage au sort et volontaires", "tirage au sort + volontaires", "mixte", "mixed")),
    T("sortition_open", "Tirage au sort et ouverture à tous", ("tirage au sort + ouverture à tous", "tirage au sort et participation ouverte")),
    T("volunteers", "Volontariat", ("appel à volontaires", "volontaires", "appel a volontariat")),
    T("appointed", "Désignation", ("nomination", "designation", "appointed")),
)
SORTITION_CODES = ("sortition", "stratified_sortition", "partial_sortition", "sortition_open")
SPECIALISATION = _vocab(
    "specialisation",
    T("general", "Généraliste", ("généraliste", "aucune", "none", "non spécialisée")),
    T("climate", "Climat", ("assemblée citoyenne spécialisée climat", "climat", "assemblee citoyenne specialisee clim")),
    T("youth", "Jeunesse", ("assemblée citoyenne de jeunesse", "jeunes")),
    T("international", "International", ("assemblée à l'international",)),
    T("other", "Autre", ("autre spécialisation",)),
)
STATUS = _vocab(
    "status",
    T("active", "En activité", ("active", "actif", "en cours", "running", "permanente")),
    T("ended", "Terminée", ("terminé", "fin", "closed", "dissoute")),
    T("planned", "En projet", ("prévue", "planifiée", "projet", "à venir")),
)
COMPLETENESS = _vocab(
    "completeness",
    T("complete", "Complète", ("fiche complète",)),
    T("partial", "Partielle", ("le cadre structurel", "cadre structurel")),
    T("to_complete", "À compléter", ("a completer", "à compléter")),
)
SESSION_FORMAT = _vocab(
    "format",
    T("visio", "Visio", ("visioconférence", "en ligne", "webinaire", "online", "video")),
    T("in_person", "Présentiel", ("présentiel", "sur place", "in person")),
    T("hybrid", "Hybride", ("hybride",)),
)
SESSION_STATUS = _vocab(
    "session_status",
    T("to_schedule", "À programmer", ("a programmer", "à planifier", "tbc")),
    T("planned", "Prévue", ("prévu", "planifiée")),
    T("confirmed", "Confirmée", ("confirmé",)),
    T("past", "Passée", ("passé", "terminée", "done")),
    T("cancelled", "Annulée", ("annulé", "canceled")),
)
# How the authority answered an edition's recommendations (acp.schema.EDITIONS); an unknown answer stays empty.
RESPONSE = _vocab(
    "response",
    T("none_yet", "Pas encore de réponse", ("aucune réponse", "pas de réponse", "en attente", "none yet", "no response",
                                             "noch keine antwort")),
    T("written", "Réponse écrite", ("écrite", "réponse motivée", "written", "written answer", "written response",
                                    "schriftliche antwort", "stellungnahme")),
    T("debate", "Débat", ("débat public", "débat au conseil", "debate", "debatte", "aussprache")),
    T("council_vote", "Délibération ou vote du conseil", ("délibération", "vote", "vœu", "voeu", "vote du conseil",
                                                         "council vote", "deliberation", "ratsbeschluss", "beschluss")),
    T("referendum", "Référendum", ("votation", "consultation", "referendum", "volksabstimmung", "bürgerentscheid")),
    T("other", "Autre réponse", ("autre", "other", "andere")),
)
# Participants' profile (the seed report's "profil des 45 inscrit.es"): who registered, by status and by
# experience with permanent citizens' assemblies. The French labels are the report's own words in inclusive
# writing; the aliases are what registration forms and people actually write.
PARTICIPANT_STATUS = _vocab(
    "participant_status",
    T("consultant", "Consultant·e",
     ("consultant e", "consultante", "consultants", "consultantes", "consultant es", "consultant ou consultante",
      "consultante ou consultant", "consultant conseil", "consultante consultant", "cabinet de conseil",
      "bureau d études")),
    T("agent", "Agent·e",
     ("agent e", "agente", "agents", "agentes", "agent es", "agent de collectivité", "agente de collectivité",
      "agent e de collectivité", "agent de la collectivité", "agent territorial", "agente territoriale",
      "agent e territorial e", "agent public", "agente publique", "agent e public que", "fonctionnaire",
      "fonctionnaire territorial", "fonctionnaire territoriale", "agent de l état", "agente de l état",
      "public servant", "civil servant", "local government officer")),
    T("citizen", "Citoyen·ne",
     ("citoyen e", "citoyen ne", "citoyen", "citoyenne", "citoyens", "citoyennes", "citoyen nes",
      "citoyen ou citoyenne", "citoyenne ou citoyen", "habitant", "habitante", "habitant e", "resident", "citizen")),
    T("researcher", "Chercheur·se",
     ("chercheur se", "chercheur euse", "chercheur", "chercheuse", "chercheurs", "chercheuses", "chercheur ou chercheuse",
      "chercheuse ou chercheur", "enseignant chercheur", "enseignante chercheuse", "enseignant e chercheur se",
      "universitaire", "doctorant", "doctorante", "doctorant e", "researcher", "academic")),
    T("elected", "Élu·e",
     ("élu e", "élu", "élue", "élus", "élues", "élu ou élue", "élue ou élu", "élu local", "élue locale", "élu e local e",
      "conseiller municipal", "conseillère municipale", "conseiller ère municipal e", "adjoint au maire",
      "adjointe au maire", "maire", "elected official", "elected representative", "councillor")),
    T("student_intern", "Étudiant·e stagiaire",
     ("étudiant stagiaire", "étudiante stagiaire", "étudiant e stagiaire", "étudiant", "étudiante", "étudiant e",
      "étudiants", "étudiantes", "stagiaire", "stagiaires", "étudiant ou stagiaire", "étudiant e ou stagiaire",
      "alternant", "alternante", "alternant e", "student", "intern", "student intern")),
    T("nonprofit_employee", "Salarié·e associatif·ve",
     ("salarié e associatif", "salarié e associatif ve", "salarié e associatif ive", "salarié associatif",
      "salariée associative", "salarié associative", "salarié d association", "salariée d association",
      "salarié e d association", "salarié e d une association", "salarié d une association",
      "salariée d une association", "salarié e associatif·ve", "salarié de l ess", "associatif", "associative",
      "non profit employee", "ngo employee", "charity employee")),
)
EXPERIENCE = _vocab(
    "experience",
    T("supported_setup", "Accompagné la structuration d'une assemblée",
     ("accompagné la structuration d'une assemblée citoyenne permanente",
      "j'ai accompagné la structuration d'une assemblée citoyenne permanente", "accompagnement", "accompagné")),
    T("facilitated", "Animé une assemblée",
     ("animé une assemblée citoyenne permanente", "j'ai animé une assemblée citoyenne permanente", "animation",
      "animé")),
    T("studied", "Étudié les assemblées (formation ou travail)",
     ("étudié les assemblées (formation ou exercice professionnel)", "étudié les assemblées citoyennes permanentes dans le cadre de ma formation professionnelle ou d'un exercice "
      "professionnel pour lequel cela a", "étudié les assemblées citoyennes permanentes", "étudié")),
    T("intervened", "Déjà intervenu·e dans une assemblée",
     ("je suis déjà intervenu.e dans une assemblée citoyenne", "je suis déjà intervenu dans une assemblée citoyenne",
      "je suis déjà intervenue dans une assemblée citoyenne", "je suis déjà intervenu·e dans une assemblée citoyenne",
      "déjà intervenu dans une assemblée citoyenne", "déjà intervenue dans une assemblée citoyenne", "intervenu e",
      "intervenu", "intervenue", "intervention")),
    T("political_mandate", "Reçu une commande politique de structuration",
     ("reçu une commande politique concernant la structuration d'une assemblée citoyenne permanente",
      "j'ai reçu une commande politique concernant la structuration d'une assemblée citoyenne permanente",
      "commande politique", "reçu une commande politique")),
    T("set_up_in_institution", "Structuré une assemblée dans mon institution",
     ("structuré dans mon institution une assemblée citoyenne permanente",
      "j'ai structuré dans mon institution une assemblée citoyenne permanente", "structuré dans mon institution",
      "structuré")),
    T("none", "Aucune de ces expériences",
     ("aucune", "aucun", "aucune expérience", "aucune de ces propositions", "aucune de ces réponses", "rien de tout cela",
      "pas encore", "pas d'expérience", "none", "none of the above", "no experience")),
)
# The seed's full wording of each experience (the checkbox text of the registration form), in its order.
# The third is cut short in the report ("… pour lequel cela a"): an answer starting with it is that item.
EXPERIENCE_WORDING = {
    "supported_setup": P_("report wording", "accompagné la structuration d'une assemblée citoyenne permanente"),
    "facilitated": P_("report wording", "animé une assemblée citoyenne permanente"),
    "studied": P_("report wording", "étudié les assemblées citoyennes permanentes dans le cadre de ma formation professionnelle ou d'un "
               "exercice professionnel pour lequel cela a"),
    "intervened": P_("report wording", "je suis déjà intervenu.e dans une assemblée citoyenne"),
    "political_mandate": P_("report wording", "reçu une commande politique concernant la structuration d'une assemblée citoyenne permanente"),
    "set_up_in_institution": P_("report wording", "structuré dans mon institution une assemblée citoyenne permanente"),
}
EXPERIENCE_TRUNCATED = ("studied",)  # wordings the report cuts short: matched as the start of an answer
NOT_RECORDED = "nr"  # the code shown for an unknown value in facets, charts and legends
BOOLEAN_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1", "x", "ja", "j", "wahr"}
BOOLEAN_FALSE = {"non", "n", "no", "faux", "false", "0", "nein", "falsch"}

# GoGoCarto category names (folded) and what they mean for a fiche.
GOGOCARTO_NON_PERMANENT = "assemblee non permanente"
