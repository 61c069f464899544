"""A short glossary for new members: the group's five criteria and FIDE's traits of a permanent
assembly, as stated in the seed report (section III.1.B and III.2.A/B), in French and English.

Pure text (Markdown); the pages show it in an expander or a popover.
"""
from __future__ import annotations

from .i18n import DEFAULT_LANG

# (French, English) pairs; kept short enough to read on a projector.
SHORT_TITLE = ("Glossaire", "Glossary")
TITLE = ("Glossaire : qu'est-ce qu'une assemblée citoyenne permanente ?",
         "Glossary: what is a permanent citizens' assembly?")

CRITERIA_HEAD = ("Les cinq critères du groupe d'échanges de pratiques",
                 "The practice-exchange group's five criteria")
CRITERIA = (
    ("**Portée par une autorité publique**, le plus souvent une collectivité territoriale.",
     "**Carried by a public authority**, mostly a local government."),
    ("**Des citoyen·nes tiré·es au sort** (pour tout ou partie), avec un mandat sur une période donnée "
     "(en général 1 ou 2 ans) et indemnisé·es, ou dont le travail est reconnu.",
     "**Citizens drawn by lot** (all or part), with a mandate over a set period (usually 1 or 2 years), "
     "compensated or otherwise recognised."),
    ("**Des temps d'information** (surtout des auditions) **et de délibération**.",
     "**Information time** (mostly hearings) **and deliberation**."),
    ("**Vocation à être renouvelée et à traiter plusieurs sujets**, à la différence des conventions ponctuelles "
     "dédiées à un sujet.",
     "**Meant to be renewed and to treat several topics**, unlike one-off conventions on a single topic."),
    ("**Alimenter ou influencer la décision et l'action publiques.**",
     "**Feeds or affects decision-making and public action.**"),
)

FIDE_HEAD = ("Les traits d'une assemblée permanente selon FIDE (Nabila Abbas)",
             "FIDE's traits of a permanent assembly (Nabila Abbas)")
FIDE = (
    ("**Récurrence** : elle se réunit à intervalles réguliers, selon un cycle renouvelé.",
     "**Recurrence**: it meets at regular intervals, in a recurring cycle."),
    ("**Nouveau tirage au sort à chaque édition** : les membres changent, le dispositif reste.",
     "**A new draw for each edition**: members rotate, the body stays."),
    ("**Structure administrative** : un secrétariat assure la continuité et la mémoire.",
     "**Administrative structure**: a secretariat ensures continuity and memory."),
    ("**Permanence du processus** : règles et structure durent au-delà des cohortes.",
     "**Permanence of the process**: rules and structure outlast each cohort."),
)
FIDE_TRAITS = ("Traits distinctifs : échantillon représentatif, délibération facilitée, apport d'expert·es, "
               "recommandations par (quasi-)consensus. Institutionnalisée ne veut pas dire permanente : en Irlande, "
               "les assemblées sont prévues par les institutions mais convoquées au cas par cas.",
               "Distinctive traits: a representative sample, facilitated deliberation, input from experts, "
               "recommendations by (near-)consensus. Institutionalised does not mean permanent: Ireland's assemblies "
               "are provided for by its institutions but convened case by case.")

TYPOLOGY_HEAD = ("La typologie des graphiques", "The typology in the charts")
TYPOLOGY = ("**Échelon** : commune, intercommunalité, région… · **Initiée par** : autorité publique, citoyen·nes "
            "ou les deux · **Sujets proposés par** : exécutif, citoyen·nes, administration ou élu·es, l'assemblée "
            "elle-même · **Fonctions** : recommandations, contribution à un plan, mesures de mise en œuvre, veille "
            "citoyenne, vision ou directive (une assemblée peut en avoir plusieurs).",
            "**Level**: municipality, inter-municipal, region… · **Initiated by**: a public authority, citizens or "
            "both · **Topics proposed by**: the executive, citizens, administration or elected officials, the "
            "assembly itself · **Functions**: recommendations, contribution to a plan, implementation measures, "
            "citizen watch, vision or directive (an assembly may have several).")
SOURCE = ("Source : compte rendu du webinaire introductif du 25 avril 2025, parties III.1.B et III.2.",
          "Source: report of the introductory webinar of 25 April 2025, sections III.1.B and III.2.")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def short_title(lang: str = DEFAULT_LANG) -> str:
    return _pick(SHORT_TITLE, lang)


def title(lang: str = DEFAULT_LANG) -> str:
    return _pick(TITLE, lang)


def markdown(lang: str = DEFAULT_LANG, typology: bool = True) -> str:
    """The glossary as Markdown: the five criteria, FIDE's traits, and (optionally) the typology."""
    parts = [f"**{_pick(CRITERIA_HEAD, lang)}**", ""]
    parts += [f"{i}. {_pick(c, lang)}" for i, c in enumerate(CRITERIA, start=1)]
    parts += ["", f"**{_pick(FIDE_HEAD, lang)}**", ""]
    parts += [f"- {_pick(t, lang)}" for t in FIDE]
    parts += ["", _pick(FIDE_TRAITS, lang)]
    if typology:
        parts += ["", f"**{_pick(TYPOLOGY_HEAD, lang)}**", "", _pick(TYPOLOGY, lang)]
    parts += ["", f"*{_pick(SOURCE, lang)}*"]
    return "\n".join(parts)
