"""The words of the page « Éditions et suites », of the editions on a fiche and of their links from the home and
typology pages, as French source strings (translated by the gettext catalogs of acp/locale/, like acp.i18n's
TEXT, which includes them; apart only to keep each module under 500 lines)."""
from .catalogs import N_, NN_

EDITIONS_TEXT = {
    "editions_nav": N_("Éditions et suites"),
    "editions_title": N_("Éditions et suites"),
    "editions_intro": N_("Chaque édition (cycle) des assemblées filtrées : ses dates, son sujet, la réponse de "
                         "l'autorité et ce qu'il en est advenu."),
    "editions_count": NN_("{n} édition documentée pour ces assemblées", "{n} éditions documentées pour ces assemblées"),
    "no_edition": N_("Aucune édition documentée pour les assemblées filtrées."),
    "assembly": N_("Assemblée"),
    "edition_dates": N_("Dates"),
    "edition_no_dates": N_("dates non renseignées"),
    "start_unknown": N_("début non renseigné"),
    "end_unknown": N_("fin non renseignée"),
    "months": NN_("{n} mois", "{n} mois"),
    # the timeline
    "editions_timeline": N_("Les éditions dans le temps"),
    "editions_timeline_hint": N_("Une ligne par assemblée, une barre par édition, colorée selon la réponse de "
                                 "l'autorité ; une barre en pointillés n'a pas de fin renseignée (elle couvre le mois "
                                 "ou l'année de son début). Cliquez une barre pour ouvrir la fiche de l'assemblée."),
    "editions_left_off": NN_("La frise montre les {shown} premières assemblées (ordre alphabétique) : {n} autre "
                             "assemblée n'est que dans les tableaux.",
                             "La frise montre les {shown} premières assemblées (ordre alphabétique) : {n} autres "
                             "assemblées ne sont que dans les tableaux."),
    "editions_undated": NN_("{n} édition sans date de début ne figure pas sur la frise (elle est dans les tableaux).",
                            "{n} éditions sans date de début ne figurent pas sur la frise (elles sont dans les "
                            "tableaux)."),
    "editions_table": N_("Toutes les éditions"),
    "table_first_rows": NN_("Les {shown} premières lignes sur {n} ; le téléchargement les contient toutes.",
                            "Les {shown} premières lignes sur {n} ; le téléchargement les contient toutes."),
    "open_fiche_column": N_("Fiche"),
    "open_fiche_text": N_("ouvrir"),
    "download_editions_csv": N_("Télécharger les éditions (CSV pour Excel)"),
    # the topics
    "editions_topics": N_("Les sujets traités"),
    "download_topics_csv": N_("Télécharger les sujets (CSV pour Excel)"),
    # the follow-up figures
    "follow_up_title": N_("Les suites"),
    "follow_up_help": N_("Chaque chiffre dit combien d'éditions il compte (n) et pour combien l'information manque : "
                         "une valeur inconnue n'est jamais comptée comme 0."),
    "public_response_title": N_("Réponse publique"),
    "public_response_n": NN_("{part} édition(s) avec une réponse publique sur {n} dont la réponse est connue",
                             "{part} édition(s) avec une réponse publique sur {n} dont la réponse est connue"),
    "median_delay_title": N_("Délai médian de réponse"),
    "median_delay_n": NN_("de la fin de l'édition à la réponse publique, sur {n} édition datée au mois",
                          "de la fin de l'édition à la réponse publique, sur {n} éditions datées au mois"),
    "adopted_share_title": N_("Part adoptée"),
    "adopted_share_n": NN_("{part} recommandation(s) adoptée(s) sur {whole}, de {n} édition",
                           "{part} recommandation(s) adoptée(s) sur {whole}, de {n} éditions"),
    "implemented_share_title": N_("Part mise en œuvre"),
    "implemented_share_n": NN_("{part} recommandation(s) mise(s) en œuvre sur {whole}, de {n} édition",
                               "{part} recommandation(s) mise(s) en œuvre sur {whole}, de {n} éditions"),
    "figure_unknown_n": NN_("inconnu pour {n} édition", "inconnu pour {n} éditions"),
    "figure_detail": N_("{counted} ; {unknown}"),
    "figure_all_known": N_("aucune inconnue"),
    "figure_none": NN_("incalculable : l'information manque pour {n} édition",
                       "incalculable : l'information manque pour les {n} éditions"),
    "figure": N_("Chiffre"),
    "value": N_("Valeur"),
    "figure_n": N_("Éditions comptées (n)"),
    "figure_unknown": N_("Éditions où l'information manque"),
    "download_figures_csv": N_("Télécharger les chiffres (CSV pour Excel)"),
    "figures_data": N_("Les chiffres et ce qu'ils comptent, en tableau"),
    # the fiche, the home and typology pages
    "fiche_editions": N_("Éditions et suites"),
    "fiche_no_edition": N_("Aucune édition documentée pour cette assemblée."),
    "editions_documented": N_("Éditions documentées"),
    "go_editions": N_("Éditions et suites"),
    "typology_to_editions": N_("Éditions et suites : ce que chaque cycle a produit et la réponse de l'autorité"),
}
