"""The words of the interface through gettext catalogs, and Babel's formats: French first.

TEXT names each text of the interface by a key and gives its French source string (marked N_, or NN_ with
a plural); the catalogs acp/locale/<lang>/LC_MESSAGES/messages.po translate them (`make messages` extracts
and updates, `make compile` compiles; README « Langues »). Vocabulary values and column headers come from
acp.schema (one definition).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal, format_percent

from .catalogs import DEFAULT_LANG, LANGS, LANGUAGE_NAMES, LOCALES, N_, NN_, SOURCE_LANG, Plural, gettext_, ngettext_  # noqa: F401 (the languages, for the pages: part of acp.i18n)
from .schema import NOT_RECORDED
from .texts_compare import COMPARE_TEXT
from .texts_coordination import COORDINATION_TEXT
from .texts_editions import EDITIONS_TEXT

_LOCALE = LOCALES

TEXT = {
    "app_title": N_("Assemblées citoyennes permanentes"),
    "app_subtitle": N_("Tableau de bord du groupe d'échanges de pratiques de l'ICPC"),
    "home": N_("Accueil"),
    "assemblies": N_("Assemblées"),
    "countries": N_("Pays"),
    "active": N_("En activité"),
    "since_2019": N_("Créées depuis 2019"),
    "next_session": N_("Prochaine séance"),
    "no_next_session": N_("Aucune séance datée à venir pour l'instant."),
    "to_schedule": N_("Thèmes à programmer"),
    "last_update": N_("Dernière mise à jour des données"),
    "embedded_data": N_("données embarquées"),
    "rolled_back": N_("retour à l'état d'avant l'import n° {n}"),
    "language": N_("Langue"),
    "speakers": N_("Intervenant·es"),
    "format": N_("Format"),
    "link_or_place": N_("Lien ou lieu"),
    "time_range": N_("{start} – {end}"),
    "filters": N_("Filtres"),
    "search": N_("Rechercher"),
    "search_hint": N_("nom, ville, région, description…"),
    "any": N_("Toutes les valeurs"),
    "start_years": N_("Années de création"),
    "criteria_filter": N_("Cinq critères du groupe"),
    "criteria_any": N_("Peu importe"),
    "criteria_all_met": N_("Les cinq critères remplis"),
    "criteria_none_failed": N_("Aucun critère non rempli"),
    "criteria_help": N_("Critères de la définition de travail du groupe, vérifiés à partir des champs de chaque fiche : "
                      "« remplis » demande que les cinq soient établis ; « aucun non rempli » admet les inconnus."),
    "reset_filters": N_("Réinitialiser les filtres"),
    "n_of_m": NN_("{n} assemblée sur {m}", "{n} assemblées sur {m}"),
    "created_in": N_("créée en"),
    "to_complete": N_("À compléter"),
    "still_running": N_("— (toujours en cours)"),
    "sources": N_("Sources"),
    "notes": N_("Notes sur les sources"),
    "criteria_title": N_("Les cinq critères du groupe"),
    "map": N_("Carte"),
    "table": N_("Assemblées"),
    "fiche": N_("Fiche"),
    "map_title": N_("Carte des assemblées"),
    "table_title": N_("Les assemblées"),
    "colour_by": N_("Couleur selon"),
    "legend": N_("Légende"),
    "map_caption": N_("Fond de carte : contours des pays Natural Earth (domaine public), affichés même sans internet."),
    "unlocated": NN_("{n} assemblée sans coordonnées ne figure pas sur la carte.", "{n} assemblées sans coordonnées ne figurent pas sur la carte."),
    "open_fiche": N_("Ouvrir une fiche (ou cliquez un point de la carte)"),
    "narrow_to_pick": N_("Cliquez un point de la carte, ou affinez les filtres (au plus {n} assemblées) pour "
                       "choisir une fiche dans une liste."),
    "fiche_link": N_("Page de la fiche (lien à partager)"),
    "download_rows_csv": N_("Télécharger en CSV (Excel)"),
    "download_rows_xlsx": N_("Télécharger en .xlsx"),
    "download_rows_ods": N_("Télécharger en .ods (LibreOffice)"),
    "select_row_hint": N_("Sélectionnez une ligne (case à gauche) pour ouvrir sa fiche."),
    "choose_assembly": N_("Assemblée"),
    "choose_assembly_hint": N_("Choisissez une assemblée"),
    "unknown_fiche": N_("Cette fiche n'existe pas (ou plus) : choisissez une assemblée dans la liste."),
    "not_recorded": N_("Non renseigné"),
    "yes": N_("Oui"),
    "no": N_("Non"),
    # participants' profile
    "participants_title": N_("Profil des participant·es"),
    "participants_registrants": N_("Inscrit·es"),
    "participants_n": N_("{n} inscrit·es"),
    "participants_session": N_("Séance"),
    "participants_intro": N_("Effectifs par statut et par expérience des assemblées citoyennes permanentes, tirés de "
                           "l'export des inscriptions importé par la coordination : seuls les effectifs sont "
                           "conservés, jamais les noms ni les e-mails."),
    "participants_report": N_("Le compte rendu du {date} indique **{n} inscrit·es** au webinaire introductif, avec ces "
                            "statuts et ces expériences, mais **sans leur répartition** : elle s'affichera ici quand la "
                            "coordination aura importé l'export des inscriptions."),
    "participants_statuses": N_("Statuts des inscrit·es"),
    "participants_experiences": N_("Expériences des assemblées citoyennes permanentes (« J'ai déjà… »)"),
    "participants_status_note": N_("Part des inscrit·es"),
    "participants_experience_note": N_("Part des inscrit·es ; plusieurs réponses possibles, le total peut dépasser "
                                     "100 %"),
    "participants_wording": N_("Formulation complète"),
    "participants_dimension": N_("Dimension"),
    "participants_value": N_("Valeur"),
    "participants_table": N_("Tableau des effectifs"),
    "participants_download": N_("Télécharger le profil (CSV pour Excel)"),
    "participants_none": N_("Aucun profil de participant·es importé pour l'instant."),
    # survey and calendar
    "survey": N_("Sondage"),
    "survey_title": N_("Sondage : les thématiques à prioriser"),
    "survey_intro": N_("Chaque personne a classé les thèmes de 1 (priorité maximale) à 5 (priorité minimale)."),
    "no_survey": N_("Aucun sondage n'a encore été importé."),
    "wave": N_("Vague du sondage"),
    "respondents": N_("{n} personnes ont répondu."),
    "survey_results": N_("Résultats"),
    "priority_level": N_("Niveau de priorité (1 max - 5 min)"),
    "download_csv": N_("Télécharger le tableau (CSV pour Excel)"),
    "survey_chart": N_("Priorités par thème"),
    "survey_chart_help": N_("Thèmes classés par part des priorités 1 et 2 ; survolez une barre pour lire la question "
                          "complète."),
    "ranking": N_("Classement des thèmes"),
    "ranking_help": N_("Classés par part des priorités 1 et 2, puis par priorité moyenne (plus elle est basse, plus "
                     "le thème est prioritaire)."),
    "rank": N_("Rang"),
    "theme": N_("Thème"),
    "theme_code": N_("Code thème"),
    "theme_short": N_("Thème (court)"),
    "question": N_("Question"),
    "priority": N_("Priorité"),
    "priority_legend": N_("Priorité (1 = priorité maximale)"),
    "priority_max": N_("{p} – priorité maximale"),
    "priority_min": N_("{p} – priorité minimale"),
    "priority_count": N_("Priorité {p} (effectif)"),
    "priority_percent": N_("Priorité {p} (%)"),
    "answers": N_("Réponses"),
    "share": N_("Part"),
    "share_of_answers": N_("Part des réponses"),
    "top2_share": N_("Priorités 1 et 2"),
    "mean_priority": N_("Priorité moyenne"),
    "other_proposals": N_("Autres propositions thématiques"),
    "no_other_proposals": N_("Aucune autre proposition dans cette vague."),
    "compare_waves": N_("Comparer deux vagues"),
    "wave_a": N_("Première vague"),
    "wave_b": N_("Seconde vague"),
    "same_wave": N_("Choisissez deux vagues différentes."),
    "change": N_("Évolution (priorités 1 et 2)"),
    "point": N_("{n} pt"),
    "points": N_("{n} pts"),
    "calendar": N_("Calendrier"),
    "calendar_title": N_("Calendrier du groupe d'échanges de pratiques"),
    "last_session": N_("Dernière séance"),
    "upcoming_sessions": N_("Séances suivantes"),
    "past_sessions": N_("Séances passées"),
    "no_past_sessions": N_("Aucune séance passée."),
    "no_to_schedule": N_("Aucun thème en attente de date."),
    "to_schedule_themes": N_("Ce sont les thèmes que le sondage a mis en avant, en attente d'une date : pas des "
                           "séances programmées."),
    "facilitators": N_("Animation"),
    "survey_theme": N_("Thème du sondage"),
    "survey_theme_n": N_("thème {n} du sondage"),
    "report": N_("Compte rendu"),
    "no_report": N_("compte rendu à venir"),
    "month_view": N_("Vue du mois"),
    "month": N_("Mois affiché"),
    "no_session_in_month": N_("Aucune séance datée en {month}."),
    "download_calendar_ics": N_("Ajouter tout le calendrier à mon agenda (.ics)"),
    "download_session_ics": N_("Ajouter à mon agenda (.ics)"),
    "ics_help": N_("Importer de nouveau le fichier met à jour les séances déjà présentes dans l'agenda, sans les "
                 "dupliquer. Les thèmes sans date n'y figurent pas."),
    "ics_link": N_("Lien"),  # a session's join link, in its calendar event
    "ics_place": N_("Lieu"),
    "ics_calendar_name": N_("GEP Assemblées citoyennes permanentes (ICPC)"),
    "subscribe_title": N_("S'abonner au calendrier"),
    "subscribe_help": N_("Collez cette adresse dans votre agenda (Outlook : « Ajouter un calendrier » › « À partir "
                       "d'Internet » ; Google Agenda : « Autres agendas » › « À partir de l'URL » ; Thunderbird, "
                       "Apple Calendrier : « Nouvel abonnement ») : les nouvelles séances et les changements y "
                       "apparaîtront d'eux-mêmes."),
    "feed_unavailable": N_("Le calendrier est momentanément indisponible : la base de données ne peut pas être lue. "
                         "Réessayez plus tard ; le tableau de bord explique comment la reconstruire."),
    "label_value": N_("{label} : {value}"),
    "language_switch": N_("Langue / Language"),
    "typology": N_("Typologie"),
    "typology_title": N_("Typologie des assemblées"),
    "typology_hint": N_("Cliquez une barre ou une case pour filtrer : la carte, le tableau et les autres graphiques "
                      "suivent. Retirez un filtre dans le panneau de gauche."),
    "typology_hint_present": N_("Cliquez une barre ou une case pour filtrer ; cliquez un filtre actif ci-dessus pour "
                              "le retirer."),
    "multi_note": N_("Plusieurs valeurs par assemblée : chacune compte"),
    "share_percent": N_("Part (%)"),
    "year": N_("Année"),
    "creations": N_("Créations"),
    "timeline_title": N_("Créations par année — {dimension}"),
    "heatmap_title": N_("{rows} × {cols}"),
    "stack_by": N_("Empiler la frise par"),
    "heatmap_rows": N_("Croiser en lignes"),
    "heatmap_cols": N_("… et en colonnes"),
    "chart_data": N_("Données du graphique"),
    "download_chart_csv": N_("Télécharger les données (CSV pour Excel)"),
    "top_countries": N_("Les {n} pays les plus représentés (tous dans le tableau des données)."),
    "same_dimension": N_("Choisissez deux dimensions différentes."),
    "no_start_year": NN_("{n} assemblée sans année de création ne figure pas sur la frise.", "{n} assemblées sans année de création ne figurent pas sur la frise."),
    "no_assembly": N_("Aucune assemblée ne correspond aux filtres."),
    "key_figures": N_("Chiffres clés"),
    "survey_top": N_("Priorité n° 1 du sondage"),
    "survey_top_detail": N_("{share} des réponses le placent en priorité 1 ou 2 (sondage du {when})."),
    "no_upcoming_then": N_("Aucune séance datée à venir. Dernière séance : {when}."),
    "join_link": N_("Rejoindre la séance"),
    "no_ics": N_("L'ajout à l'agenda n'est pas disponible."),
    "overview_map": N_("Les assemblées sur la carte"),
    "go_map": N_("Carte"),
    "go_table": N_("Tableau"),
    "go_typology": N_("Graphiques"),
    "go_survey": N_("Sondage"),
    "go_calendar": N_("Calendrier"),
    "go_fiche": N_("Fiches"),
    "go_propose": N_("Proposer"),
    "data_origin": N_("{dataset} : {origin}"),
    # presentation mode and « Partager cette vue » (acp.ui.present, acp.web.short_links)
    "present_on": N_("Mode présentation"),
    "present_off": N_("Quitter (Échap)"),
    "no_active_filter": N_("Aucun filtre : toutes les assemblées."),
    "chip_search": N_("« {q} »"),
    "chip_years": N_("{lo}–{hi}"),
    "chip_from": N_("depuis {lo}"),
    "chip_to": N_("jusqu'à {hi}"),
    "dropped_values": NN_("Ce lien demandait une valeur qui n'existe plus dans les données ; elle est laissée de "
                          "côté : {values}.",
                          "Ce lien demandait des valeurs qui n'existent plus dans les données ; elles sont laissées "
                          "de côté : {values}."),
    "share_view": N_("Partager cette vue"),
    "share_help": N_("Ce lien court ouvre exactement cette vue (filtres, couleurs, langue, mode) ; le bouton à "
                   "droite du lien le copie."),
    "share_failed": N_("Le lien court n'a pas pu être créé pour l'instant : copiez l'adresse de la page, elle "
                     "donne la même vue."),
    "share_qr_alt": N_("Code QR du lien {url}"),
    "share_qr_caption": N_("Scannez ce code pour ouvrir la vue sur votre appareil."),
    "short_link_unknown_title": N_("Lien introuvable"),
    "short_link_unknown": N_("Ce lien court n'existe pas (ou plus). Vérifiez l'adresse, ou ouvrez le tableau de "
                           "bord."),
    "short_link_unavailable_title": N_("Lien momentanément indisponible"),
    "short_link_unavailable": N_("La base de données ne peut pas être lue pour l'instant : réessayez plus tard."),
    "short_link_home": N_("Ouvrir le tableau de bord"),
    # open data: the API, the changes feed, the embeddable map, the page « Données ouvertes »
    "licence_unset": N_("à préciser"),
    "api_unavailable": N_("Les données sont momentanément indisponibles : la base de données ne peut pas être lue. "
                        "Réessayez plus tard."),
    "api_unknown_assembly": N_("Aucune assemblée n'a cet identifiant."),
    "api_not_found": N_("Adresse inconnue : la liste des adresses de l'API est à /api/."),
    "api_bad_encoding": N_("L'adresse n'est pas en UTF-8 (encodez-la en pourcentages)."),
    "api_method": N_("Seules les méthodes GET et HEAD sont acceptées."),
    "feed_changes_title": N_("Assemblées citoyennes permanentes : changements des données"),
    "feed_changes_subtitle": N_("Imports, retours en arrière et propositions validées du tableau de bord du groupe "
                              "d'échanges de pratiques de l'ICPC."),
    "feed_changes_author": N_("Groupe d'échanges de pratiques de l'ICPC"),
    "change_import": N_("{dataset} : import de données"),
    "change_rollback": N_("{dataset} : retour à l'état d'avant l'import n° {n}"),
    "change_proposal": N_("{dataset} : proposition d'un membre validée"),
    "change_added": NN_("{n} ligne ajoutée", "{n} lignes ajoutées"),
    "change_changed": NN_("{n} ligne modifiée", "{n} lignes modifiées"),
    "change_removed": NN_("{n} ligne retirée", "{n} lignes retirées"),
    "change_none": N_("Aucun changement dans les données."),
    "change_line_added": N_("Ajoutée : {name}"),
    "change_line_changed": N_("Modifiée : {name}"),
    "change_line_removed": N_("Retirée : {name}"),
    "change_more": NN_("… et {n} autre", "… et {n} autres"),
    "embed_title": N_("Carte des assemblées citoyennes permanentes"),
    "embed_map_label": N_("Carte des assemblées : chaque point est un bouton, Entrée ouvre son résumé"),
    "embed_open_fiche": N_("Ouvrir la fiche (nouvel onglet)"),
    "embed_source": N_("Source : tableau de bord des assemblées citoyennes permanentes (ICPC)"),
    "embed_failed": N_("Les données de la carte n'ont pas pu être chargées."),
    "embed_close": N_("Fermer"),
    "embed_noscript": N_("Cette carte a besoin de JavaScript. La liste des assemblées :"),
    "embed_this_map": N_("Intégrer cette carte"),
    "embed_help": N_("Copiez ce code dans une page de votre site : la carte y montre les assemblées des filtres "
                   "choisis ici, avec les couleurs choisies, et suit les mises à jour des données. Elle ne charge "
                   "rien depuis un autre site."),
    "open_data_nav": N_("Données ouvertes"),
    "open_data_title": N_("Données ouvertes"),
    "open_data_intro": N_("Les données publiées du tableau de bord se lisent aussi par programme, sans compte : en "
                        "JSON, GeoJSON ou CSV, avec les mêmes paramètres de filtre que les pages (copiez les "
                        "paramètres de l'adresse de la carte ou du tableau)."),
    "open_data_current": N_("Les exemples ci-dessous suivent les filtres en cours : {filters}."),
    "open_data_no_filter": N_("aucun filtre (toutes les assemblées)"),
    "open_data_endpoints": N_("Adresses"),
    "open_data_address": N_("Adresse"),
    "open_data_what": N_("Contenu"),
    "od_assemblies_json": N_("Les assemblées filtrées : champs stables, codes des vocabulaires, nombre et total"),
    "od_assemblies_geojson": N_("Les assemblées filtrées situées, pour un SIG ou une carte (GeoJSON)"),
    "od_assemblies_csv": N_("Les assemblées filtrées en CSV pour Excel, comme le téléchargement du tableau"),
    "od_assembly": N_("Une assemblée, par son identifiant"),
    "od_facets": N_("Pour chaque filtre, le nombre d'assemblées par valeur, comme dans le panneau des filtres"),
    "od_survey": N_("Le sondage thématique, toutes ses vagues"),
    "od_sessions": N_("Les séances du groupe"),
    "od_editions": N_("Les éditions des assemblées (cycles, réponses, suites)"),
    "od_changes": N_("Le fil Atom des changements des données"),
    "od_embed": N_("La carte à intégrer dans un autre site (iframe)"),
    "od_calendar": N_("Le calendrier des séances, pour s'y abonner"),
    "open_data_licence_title": N_("Licence"),
    "open_data_licence": N_("Licence des données : {licence}"),
    "open_data_licence_unset": N_("La licence n'est pas encore choisie : la personne qui héberge le tableau de bord "
                                "la configure (variable d'environnement `ACP_DATA_LICENCE`, ou `data_licence` dans "
                                "`.streamlit/secrets.toml`, avec son adresse dans `ACP_DATA_LICENCE_URL` ou "
                                "`data_licence_url`)."),
    "open_data_feed": N_("Suivre les changements"),
    "open_data_feed_help": N_("Ajoutez cette adresse à votre lecteur de flux (Thunderbird, Feedly, NetNewsWire…) : "
                            "chaque import, retour en arrière ou proposition validée y paraît, avec ce qui a changé."),
    "open_data_rules": N_("Pour les programmes : CORS ouvert à tous les sites, ETag et réponse 304, un paramètre "
                        "inconnu ou une valeur invalide donne une erreur 400 en JSON. `lang=en` ou `lang=de` "
                        "traduit les libellés ; `fields=id,name,…` choisit les champs du JSON et du GeoJSON."),
    "open_data_unserved": N_("Ces adresses sont servies par `make run` (serve.py) ; cette instance de l'application "
                           "a été lancée sans elles."),
    # coordination and proposals
    **COORDINATION_TEXT,
    # editions and their follow-up
    **EDITIONS_TEXT,
    # comparing, nearby assemblies, a fiche's history, printing
    **COMPARE_TEXT,
}


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict:
    return Locale.parse(locale(lang)).territories


def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    return _territories(lang).get(code, code)


def value_label(column, code, lang: str = DEFAULT_LANG) -> str:
    """How a stored value reads: vocabulary label, country name, 'Non renseigné' for unknown."""
    if code is None or code == NOT_RECORDED:
        return t("not_recorded", lang)
    if column.vocab is not None:
        return column.vocab.label(code, lang) if code in column.vocab.codes else str(code)
    if column.kind == "country":
        return country_name(code, lang)
    if column.kind == "bool":  # a stored boolean, or a yes/no facet's code ('yes', 'no')
        return t("yes", lang) if (code == "yes" if isinstance(code, str) else bool(code)) else t("no", lang)
    return str(code)


# Numeric character references, not backslashes: a backslash escape inside a bare web address
# (which Streamlit's Markdown still turns into a link) shows as a stray backslash, and ":" also stops
# emoji and icon shortcodes (":smile:", ":material/home:").
_MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~<>&$:"})


def md(text) -> str:
    """Text from data, made inert for st.markdown: no markup, no HTML, no icon; shown exactly as written.
    A bare http(s) address or e-mail may still be underlined as a link (http(s) and mailto only)."""
    return str(text).translate(_MARKDOWN_SPECIAL).replace("\n", " ")


def count_of(shown: int, total: int, lang: str = DEFAULT_LANG) -> str:
    """'5 assemblées sur 16': singular or plural by the language's own rule (0 and 1 singular in French)."""
    return t("n_of_m", lang, count=shown, n=fmt_int(shown, lang), m=fmt_int(total, lang))


def t(key: str, lang: str = DEFAULT_LANG, count: int | None = None, **values) -> str:
    """The interface's text `key` in `lang`, with its {placeholders} filled; `count` chooses a plural form."""
    entry = TEXT[key]
    if isinstance(entry, Plural):
        if count is None:
            raise TypeError(f"{key!r} has a plural: give its count")
        text = ngettext_(entry.singular, entry.plural, count, lang)
    else:
        text = gettext_(entry, lang)
    return text.format(**values) if values else text


def locale(lang: str) -> str:
    return _LOCALE.get(lang, _LOCALE[DEFAULT_LANG])


def fmt_date(value: dt.date, lang: str = DEFAULT_LANG, style: str = "full") -> str:
    """'vendredi 25 avril 2025' in French, 'Friday, 25 April 2025' in English."""
    return format_date(value, style, locale=locale(lang))


def fmt_month(value, lang: str = DEFAULT_LANG) -> str:
    """A stored month ('2021-11') as 'novembre 2021', 'November 2021'; a year alone ('2021') as is; '' when unknown.
    Any other text (not a stored month) is returned as it is."""
    text = "" if value is None or value != value else str(value).strip()  # value != value: NaN
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return format_skeleton("yMMMM", dt.date(int(text[:4]), int(text[5:]), 1), locale=locale(lang))
    return text


def fmt_time(value: dt.time, lang: str = DEFAULT_LANG) -> str:
    """'13 h' or '13 h 30' in French, '13:00' in English."""
    if lang == "fr":
        return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"
    return format_time(value, "HH:mm", locale=locale(lang))


def fmt_number(value: float, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    return format_decimal(round(value, digits), locale=locale(lang))


def decimal_symbol(lang: str = DEFAULT_LANG) -> str:
    """',' in French and German, '.' in English."""
    return Locale.parse(locale(lang)).number_symbols["latn"]["decimal"]


def fmt_int(value: int, lang: str = DEFAULT_LANG) -> str:
    return format_decimal(int(value), locale=locale(lang))


def fmt_percent(share: float, lang: str = DEFAULT_LANG) -> str:
    """A share in 0..1 as a whole percentage in the locale's own pattern: '33\u00a0%' (a no-break
    space, never cut from its number) in French, '33%' in English."""
    return format_percent(share, locale=locale(lang))


def percent_suffix(lang: str = DEFAULT_LANG) -> str:
    """What follows the number in a percentage ('\u00a0%' or '%'), for a chart axis that formats it itself."""
    return fmt_percent(0, lang).removeprefix("0")


def colon(lang: str = DEFAULT_LANG) -> str:
    """Between a label and its value: ' : ' in French, ': ' in English."""
    return " : " if lang == "fr" else ": "
