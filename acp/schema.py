"""Datasets, columns, types, controlled vocabularies and header aliases, defined once.

Everything that names a column or a vocabulary value (the importer, the store, filters,
charts, exports, translations) reads it from here. A vocabulary value has a stable code
(stored in the database) and a French and an English label; the importer also accepts a few
aliases (the words users actually type, GoGoCarto's categories).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from .catalogs import LANGS, NN_, P_, SOURCE_LANG, Plural, pgettext_
from .messages import MN_, Message, Number


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
BOOLEAN_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
BOOLEAN_FALSE = {"non", "n", "no", "faux", "false", "0"}

# GoGoCarto category names (folded) and what they mean for a fiche.
GOGOCARTO_NON_PERMANENT = "assemblee non permanente"


@dataclass(frozen=True)
class Column:
    """One column of a dataset.

    kind: text, int, float, bool, date, time, url, country, vocab, list (list of free text),
    vocab_list (list of vocabulary codes), urls (list of links).
    """

    name: str
    kind: str
    fr: str                      # the French header: the import format's, and the source of its translations
    aliases: tuple[str, ...] = ()
    required: bool = False
    vocab: Vocabulary | None = None
    min: float | None = None
    max: float | None = None
    max_length: int = 500

    def label(self, lang: str = SOURCE_LANG) -> str:
        return pgettext_(self.name, self.fr, lang)

    @property
    def is_list(self) -> bool:
        return self.kind in ("list", "vocab_list", "urls")

    @property
    def sql_type(self) -> str:
        return {
            "int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE",
            "time": "TIME", "list": "VARCHAR[]", "vocab_list": "VARCHAR[]", "urls": "VARCHAR[]",
        }.get(self.kind, "VARCHAR")


@dataclass(frozen=True)
class Dataset:
    name: str
    fr: str                      # the French name, source of its translations (context: name)
    columns: tuple[Column, ...]
    key: str | None = None
    extra: dict = field(default_factory=dict)
    tables: tuple[str, ...] = ()      # the DuckDB tables that hold it (acp.store), written together
    main_table: str = ""              # the one whose rows an import counts and compares by key
    rows_noun: Plural = Plural("{n}", "{n}")  # what its rows are: NN_("{n} assemblée", "{n} assemblées")

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def header_map(self) -> dict[str, str]:
        """Folded header -> column name, from names, labels in every language and aliases."""
        out: dict[str, str] = {}
        for c in self.columns:
            for h in (c.name, *(c.label(lang) for lang in LANGS), *c.aliases):
                out.setdefault(fold(h), c.name)
        return out

    def label(self, lang: str = SOURCE_LANG) -> str:
        return pgettext_(self.name, self.fr, lang)

    def count(self, n: int) -> Message:
        """« 12 assemblées », in the reader's language when rendered (a message's parameter)."""
        return MN_(*self.rows_noun, n=Number(n))


C = Column
ASSEMBLIES = Dataset(
    "assemblies", P_("assemblies", "Assemblées"), key="id",
    tables=("assemblies",), main_table="assemblies", rows_noun=NN_("{n} assemblée", "{n} assemblées"),
    columns=(
        C("id", "text", "Identifiant", ("id", "slug", "code", "identifiant gogocarto"), max_length=80),
        C("name", "text", "Nom", ("nom", "titre", "title", "assemblée", "nom de l'assemblée"), required=True, max_length=200),
        C("city", "text", "Ville", ("commune", "localité", "addresslocality", "address addresslocality", "city", "ville", "lieu"), max_length=120),
        C("region", "text", "Région", ("region", "province", "état fédéré"), max_length=120),
        C("country", "country", "Pays", ("pays", "addresscountry", "address addresscountry", "country code", "code pays"), required=True),
        C("latitude", "float", "Latitude", ("lat", "geo latitude"), min=-90, max=90),
        C("longitude", "float", "Longitude", ("lon", "lng", "long", "geo longitude"), min=-180, max=180),
        C("start_year", "int", "Année de création", ("année de création", "annee creation", "annee_creation", "année de début", "début", "start", "year", "année", "created"), min=1950, max=2100),
        C("end_year", "int", "Année de fin", ("fin", "end", "année fin"), min=1950, max=2100),
        C("status", "vocab", "Statut", ("état", "statut de l'assemblée"), vocab=STATUS),
        C("permanent", "bool", "Permanente", ("assemblée permanente", "is permanent")),
        C("level", "vocab", "Échelon", ("niveau", "niveau de gouvernance", "échelle", "scope", "scope of influence", "echelon"), vocab=LEVEL),
        C("initiated_by", "vocab", "Initiée par", ("initiative", "initiateur", "initiation", "initiated"), vocab=INITIATED_BY),
        C("topics_from", "vocab_list", "Sujets proposés par", ("proposition des sujets", "sujets", "topics", "saisine"), vocab=TOPICS_FROM),
        C("functions", "vocab_list", "Fonctions", ("fonction", "usages", "fonctions et usages", "purposes"), vocab=FUNCTIONS),
        C("selection", "vocab", "Mode de sélection", ("mode de selection", "mode_de_selection", "sélection", "recrutement", "recruitment method", "tirage"), vocab=SELECTION),
        C("specialisation", "vocab", "Spécialisation", ("specialisation", "specialization", "spécialité", "thématique"), vocab=SPECIALISATION),
        C("commissioner", "text", "Commanditaire", ("porteur", "autorité", "organizer", "organisateur"), max_length=200),
        C("public_authority", "bool", "Portée par une autorité publique", ("autorité publique", "portage public")),
        C("members", "int", "Nombre de membres", ("membres", "nombre_membres", "taille", "participants", "number of participants"), min=1, max=100000),
        C("mandate_months", "float", "Durée du mandat (mois)", ("mandat", "durée du mandat", "mandat mois"), min=0, max=240),
        C("compensated", "bool", "Indemnisation", ("indemnisé", "indemnisation des membres", "rémunération", "paid")),
        C("compensation", "text", "Montant de l'indemnisation", ("montant", "indemnité"), max_length=200),
        C("editions", "int", "Éditions à ce jour", ("éditions", "cycles", "cohortes", "nombre d'éditions"), min=0, max=1000),
        C("hearings", "bool", "Auditions et délibération", ("auditions", "temps d'information", "hearings")),
        C("several_topics", "bool", "Plusieurs sujets", ("plusieurs thèmes", "multi sujets", "several topics")),
        C("renewed", "bool", "Renouvelée", ("renouvellement", "renouvelable", "recurrent", "récurrente")),
        C("secretariat", "bool", "Secrétariat permanent", ("secrétariat", "structure administrative")),
        C("description", "text", "Description", ("résumé", "presentation", "présentation"), max_length=4000),
        C("website", "url", "Site web", ("site", "site_web", "site internet", "url", "lien", "web"), max_length=500),
        C("sources", "urls", "Sources", ("source", "références", "references"), max_length=2000),
        C("notes", "text", "Notes", ("remarques", "commentaire", "commentaires"), max_length=4000),
        C("updated", "date", "Mise à jour", ("updatedat", "date de mise à jour", "dernière mise à jour", "modifié le"), min=None),
        C("completeness", "vocab", "Complétude de la fiche", ("complétude", "completude"), vocab=COMPLETENESS),
    ),
)

SURVEY = Dataset(
    "survey", P_("survey", "Sondage"), key=None,
    tables=("survey_waves", "survey_themes", "survey_counts", "survey_other"), main_table="survey_themes",
    rows_noun=NN_("{n} thème de sondage", "{n} thèmes de sondage"),
    columns=(
        C("wave", "text", "Vague", ("vague id", "wave id", "sondage"), max_length=60),
        C("wave_title", "text", "Titre de la vague", ("titre vague",), max_length=200),
        C("wave_date", "date", "Date de la vague", ("date vague",)),
        C("theme_id", "text", "Code thème", ("code", "id thème", "numéro"), max_length=40),
        C("short_label", "text", "Thème (court)", ("libellé court", "short"), max_length=80),
        C("theme", "text", "Thème", ("question", "thématique", "theme"), max_length=500),
        C("p1", "int", "1", ("priorité 1", "priority 1"), min=0, max=1000000),
        C("p2", "int", "2", ("priorité 2", "priority 2"), min=0, max=1000000),
        C("p3", "int", "3", ("priorité 3", "priority 3"), min=0, max=1000000),
        C("p4", "int", "4", ("priorité 4", "priority 4"), min=0, max=1000000),
        C("p5", "int", "5", ("priorité 5", "priority 5"), min=0, max=1000000),
        C("respondents", "int", "Nombre de répondants", ("répondants", "respondents", "participants"), min=0, max=10000000),
        C("other", "text", "Autre proposition thématique", ("autre proposition", "autres propositions", "other proposal"), max_length=1000),
    ),
)
PRIORITIES = (1, 2, 3, 4, 5)
DEFAULT_WAVE = "2025-04"

SESSIONS = Dataset(
    "sessions", P_("sessions", "Calendrier"), key="id",
    tables=("sessions",), main_table="sessions", rows_noun=NN_("{n} séance", "{n} séances"),
    columns=(
        C("id", "text", "Identifiant", ("uid", "code"), max_length=80),
        C("date", "date", "Date", ("jour", "day")),
        C("start", "time", "Début", ("heure de début", "debut", "de", "start time")),
        C("end", "time", "Fin", ("heure de fin", "à", "end time")),
        C("title", "text", "Titre", ("intitulé", "sujet", "objet"), required=True, max_length=300),
        C("theme", "text", "Thème", ("thème du sondage", "code thème", "theme id"), max_length=40),
        C("format", "vocab", "Format", ("modalité", "mode"), vocab=SESSION_FORMAT),
        C("place", "text", "Lien ou lieu", ("lieu", "lien", "link", "place", "adresse", "url"), max_length=500),
        C("speakers", "list", "Intervenant·es", ("intervenants", "intervenantes", "speaker", "orateurs"), max_length=1000),
        C("facilitators", "list", "Animation", ("animateurs", "animatrices", "animé par", "facilitation"), max_length=1000),
        C("status", "vocab", "Statut", ("état",), vocab=SESSION_STATUS),
        C("report", "url", "Compte rendu", ("compte-rendu", "lien du compte rendu", "report link", "cr"), max_length=500),
    ),
)

# A registration export (one row per registrant, any other columns: names, e-mails, organisations…): only the
# status and experience columns are read, and only their counts per session are stored (acp.ingest.participants).
PARTICIPANTS = Dataset(
    "participants", P_("participants", "Participant·es"), key=None,
    tables=("participant_profiles", "participant_counts"), main_table="participant_profiles",
    rows_noun=NN_("{n} inscrit·e compté·e", "{n} inscrit·es compté·es"),
    columns=(
        C("status", "vocab_list", "Statut",
          ("statut", "statuts", "votre statut", "vous êtes", "vous etes", "vous êtes :", "profil", "votre profil",
           "catégorie", "catégorie de participant", "qualité", "statut professionnel", "status", "profile",
           "you are", "statut du participant", "statut de la personne inscrite"), vocab=PARTICIPANT_STATUS,
          max_length=1000),
        C("experience", "vocab_list", "Expérience(s)",
          ("expérience", "expériences", "expérience s", "votre expérience", "vos expériences",
           "expérience des assemblées citoyennes permanentes", "expérience avec les assemblées citoyennes permanentes",
           "expérience des acp", "expérience acp", "j'ai déjà", "vous avez déjà", "avez vous déjà",
           "experience", "experiences", "your experience"), vocab=EXPERIENCE, max_length=4000),
    ),
    extra={
        # Form tools name a column by its question: a header starting with these is that column.
        "header_starts": (("vous etes", "status"), ("votre statut", "status"), ("quel est votre statut", "status"),
                          ("j ai deja", "experience"), ("avez vous deja", "experience"),
                          ("vous avez deja", "experience"), ("votre experience", "experience"),
                          ("experience", "experience")),
    },
)
PARTICIPANT_DIMENSIONS = ("status", "experience")
REGISTRANTS = "registrants"  # the dimension of the row that holds a session's number of registrants

DATASETS = {d.name: d for d in (ASSEMBLIES, SURVEY, SESSIONS, PARTICIPANTS)}
VOCABULARIES = {v.name: v for v in (LEVEL, INITIATED_BY, TOPICS_FROM, FUNCTIONS, SELECTION,
                                     SPECIALISATION, STATUS, COMPLETENESS, SESSION_FORMAT, SESSION_STATUS,
                                     PARTICIPANT_STATUS, EXPERIENCE)}

# GoGoCarto's technical columns and API fields that carry nothing for a fiche.
GOGOCARTO_IGNORED = (
    "categories_ids", "status", "moderationState", "source", "sourceKey", "images", "files",
    "streetAddress", "streetNumber", "postalCode", "createdAt", "openHours", "email",
    "categoriesFull", "stamps", "address.streetAddress", "address.postalCode",
    "address.customFormatedAddress", "licence", "ontology",
)
GOGOCARTO_STATUS = {
    -6: "doublon", -5: "version modifiée en attente", -4: "supprimée", -3: "refusée par les votes",
    -2: "refusée par l'administration", -1: "modification en attente", 0: "ajout en attente de validation",
}
