"""The datasets and their columns: names, kinds, French headers (the import format, and the source of their
translations), aliases, limits; each dataset's tables in the store."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalogs import LANGS, N_, NN_, P_, SOURCE_LANG, Plural, pgettext_
from ..messages import MN_, Message, Number
from .vocabularies import (
    COMPLETENESS,
    EXPERIENCE,
    FUNCTIONS,
    INITIATED_BY,
    LEVEL,
    PARTICIPANT_STATUS,
    RESPONSE,
    SELECTION,
    SESSION_FORMAT,
    SESSION_STATUS,
    SPECIALISATION,
    STATUS,
    TOPICS_FROM,
    Vocabulary,
    fold,
)


@dataclass(frozen=True)
class Column:
    """One column of a dataset.

    kind: text, int, float, bool, date, month (a month "2021-11" or a year "2021", stored as that text), time, url,
    country, vocab, list (list of free text), vocab_list (list of vocabulary codes), urls (list of links).
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
        # accountability: what obliges the authority to answer, and who follows it up (acp.schema.EDITIONS: per cycle)
        C("legal_basis", "text", "Base juridique", ("fondement juridique", "texte fondateur", "legal basis",
                                                    "rechtsgrundlage"), max_length=1000),
        C("legal_basis_date", "month", "Date de la base juridique", ("date du texte fondateur", "legal basis date")),
        C("legal_basis_link", "url", "Lien de la base juridique", ("lien du texte fondateur", "legal basis link"),
          max_length=500),
        C("duty_to_respond", "bool", "Obligation de réponse", ("obligation de répondre", "devoir de réponse",
                                                               "duty to respond", "antwortpflicht")),
        C("response_delay_months", "float", "Délai de réponse (mois)", ("délai de réponse", "response delay",
                                                                         "antwortfrist"), min=0, max=120),
        C("follow_up_body", "text", "Instance de suivi", ("comité de suivi", "follow-up body", "begleitgremium"),
          max_length=1000),
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

# One row per edition (cycle, cohort) of an assembly: what it was asked, what it produced, how the authority
# answered and what became of it. Unknown stays empty, never 0; `start`, `end` and `response_date` are months
# ("2021-11") or years ("2021"), as precise as the sources.
EDITIONS = Dataset(
    "editions", P_("editions", "Éditions"), key="id",
    tables=("editions",), main_table="editions", rows_noun=NN_("{n} édition", "{n} éditions"),
    columns=(
        C("id", "text", "Identifiant", ("id", "code", "identifiant de l'édition"), max_length=120),
        C("assembly", "text", "Assemblée (identifiant)", ("assemblée", "assembly", "id assemblée",
                                                         "identifiant de l'assemblée", "assembly id"),
          required=True, max_length=80),
        C("label", "text", "Édition", ("nom de l'édition", "cycle", "cohorte", "promotion", "edition", "ausgabe"),
          required=True, max_length=200),
        C("start", "month", "Début", ("date de début", "mois de début", "from", "start", "beginn")),
        C("end", "month", "Fin", ("date de fin", "mois de fin", "to", "end", "ende")),
        C("topics", "text", "Sujet(s)", ("sujet", "sujets", "thème", "thèmes", "topic", "topics", "thema"),
          max_length=1000),
        C("topics_from", "vocab_list", "Sujet choisi par", ("choisi par", "sujet proposé par", "topic chosen by"),
          vocab=TOPICS_FROM),
        C("members", "int", "Membres", ("membres tirés au sort", "nombre de membres", "members", "mitglieder"),
          min=1, max=100000),
        C("recommendations", "int", "Recommandations", ("nombre de recommandations", "propositions",
                                                        "recommendations", "empfehlungen"), min=0, max=10000),
        C("response", "vocab", "Réponse de l'autorité", ("réponse", "response", "antwort"), vocab=RESPONSE),
        C("response_date", "month", "Date de la réponse", ("date réponse", "response date")),
        C("adopted", "int", "Recommandations adoptées", ("adoptées", "adopted", "angenommen"), min=0, max=10000),
        C("implemented", "int", "Recommandations mises en œuvre", ("mises en oeuvre", "mises en œuvre",
                                                                   "implemented", "umgesetzt"), min=0, max=10000),
        C("follow_up", "text", "Suivi", ("comité de suivi", "droit de suite", "follow-up", "follow up"),
          max_length=2000),
        C("report", "url", "Rapport", ("lien du rapport", "rapport final", "report", "bericht"), max_length=500),
        C("sources", "urls", "Sources", ("source", "références", "references", "quellen"), max_length=4000),
        C("notes", "text", "Notes", ("remarques", "commentaire", "commentaires", "anmerkungen"), max_length=4000),
    ),
)

DATASETS = {d.name: d for d in (ASSEMBLIES, SURVEY, SESSIONS, PARTICIPANTS, EDITIONS)}
VOCABULARIES = {v.name: v for v in (LEVEL, INITIATED_BY, TOPICS_FROM, FUNCTIONS, SELECTION,
                                     SPECIALISATION, STATUS, COMPLETENESS, SESSION_FORMAT, SESSION_STATUS,
                                     PARTICIPANT_STATUS, EXPERIENCE, RESPONSE)}

# GoGoCarto's technical columns and API fields that carry nothing for a fiche.
GOGOCARTO_IGNORED = (
    "categories_ids", "status", "moderationState", "source", "sourceKey", "images", "files",
    "streetAddress", "streetNumber", "postalCode", "createdAt", "openHours", "email",
    "categoriesFull", "stamps", "address.streetAddress", "address.postalCode",
    "address.customFormatedAddress", "licence", "ontology",
)
GOGOCARTO_STATUS = {  # what an unpublished element's status means (said in the import's report)
    -6: N_("doublon"), -5: N_("version modifiée en attente"), -4: N_("supprimée"), -3: N_("refusée par les votes"),
    -2: N_("refusée par l'administration"), -1: N_("modification en attente"), 0: N_("ajout en attente de validation"),
}
