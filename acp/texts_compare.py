"""The interface's texts for comparing assemblies, nearby assemblies, a fiche's history and printing (French source
strings, marked N_; acp.i18n.TEXT holds them with the others)."""
from __future__ import annotations

from .catalogs import N_, NN_

COMPARE_TEXT = {
    # « Assemblées proches » (acp.nearby)
    "nearby_title": N_("Assemblées proches"),
    "nearby_help": N_("Les assemblées les plus semblables par leur typologie et leur fonctionnement (échelon, "
                      "initiative, origine des sujets, fonctions, sélection, spécialisation, taille, mandat, "
                      "indemnisation) ; un champ non renseigné d'un côté ou de l'autre ne compte pas."),
    "nearby_none": N_("Pas assez de champs renseignés pour proposer des assemblées proches."),
    "nearby_score": N_("ressemblance {percent} sur {n} champs"),
    "nearby_compare": N_("Comparer les deux"),
    "same_level": N_("même échelon"),
    "close_level": N_("échelons voisins"),
    "same_initiated_by": N_("même initiative"),
    "same_topics_from": N_("mêmes auteurs des sujets"),
    "close_topics_from": N_("auteurs des sujets proches"),
    "same_functions": N_("mêmes fonctions"),
    "close_functions": N_("fonctions proches"),
    "same_selection": N_("même mode de sélection"),
    "close_selection": N_("tirage au sort des deux côtés"),
    "same_specialisation": N_("même spécialisation"),
    "same_members": N_("même nombre de membres"),
    "close_members": N_("taille proche"),
    "same_mandate_months": N_("même durée de mandat"),
    "close_mandate_months": N_("durée de mandat proche"),
    "same_compensated": N_("même choix d'indemnisation"),
    # « Comparer » (acp.compare, acp.ui.compare_view)
    "compare_nav": N_("Comparer"),
    "compare_title": N_("Comparer des assemblées"),
    "compare_intro": N_("De deux à quatre assemblées côte à côte, avec chaque champ de leur fiche, les cinq critères du "
                        "groupe et les sources. Les valeurs qui diffèrent sont marquées « ≠ »."),
    "compare_pick": N_("Assemblées comparées (de 2 à 4)"),
    "compare_need_two": N_("Choisissez au moins deux assemblées à comparer."),
    "compare_unknown": N_("Identifiant inconnu, laissé de côté : {ids}."),
    "compare_repeated": N_("Identifiant répété, pris une seule fois : {ids}."),
    "compare_too_many": NN_("Au plus quatre assemblées : seules les quatre premières sont comparées, {ids} est laissée "
                            "de côté.", "Au plus quatre assemblées : seules les quatre premières sont comparées, {ids} "
                            "sont laissées de côté."),
    "compare_field": N_("Champ"),
    "compare_section": N_("Rubrique"),
    "compare_differs": N_("Diffère"),
    "compare_differs_mark": N_("≠ diffère"),
    "compare_same_mark": N_("= identique"),
    "compare_differs_label": N_("Les valeurs diffèrent"),
    "compare_criteria": N_("Critères du groupe"),
    "compare_editions": N_("Éditions et suites"),
    "compare_editions_listed": N_("Éditions enregistrées"),
    "compare_editions_responses": N_("Réponses de l'autorité"),
    "compare_editions_follow_up": N_("Suivi"),
    "compare_download_csv": N_("Télécharger la comparaison en CSV (Excel)"),
    "compare_download_xlsx": N_("Télécharger la comparaison en .xlsx"),
    "compare_link": N_("Comparer avec…"),
    "compare_selected": NN_("Comparer la ligne sélectionnée", "Comparer les {n} lignes sélectionnées"),
    "compare_select_hint": N_("Sélectionnez de deux à quatre lignes pour les comparer."),
    "compare_sheet": N_("Comparaison"),
    "compare_differs_count": NN_("{n} champ diffère.", "{n} champs diffèrent."),
    # the fiche's history (acp.fiche_history)
    "history_title": N_("Historique de la fiche"),
    "history_none": N_("Aucun changement publié pour cette fiche depuis les données embarquées."),
    "history_import": N_("Import n° {n} ({file})"),
    "history_rollback": N_("Retour à l'état d'avant l'import n° {n}"),
    "history_proposal": N_("Proposition validée ({file})"),
    "history_created": N_("Fiche ajoutée"),
    "history_removed": N_("Fiche retirée"),
    "history_before": N_("Avant"),
    "history_after": N_("Après"),
    "history_when": N_("Date"),
    "history_how": N_("Par"),
    "history_empty_value": N_("(vide)"),
    # printing
    "print_button": N_("Imprimer / PDF"),
    "print_data_date": N_("Données à jour du {date}."),
}
