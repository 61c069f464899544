"""Labels of the interface and babel formatting: French first, English available.

Vocabulary values and column headers come from acp.schema (one definition); the words of the
interface itself are here.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from .schema import NOT_RECORDED
from .texts_coordination import COORDINATION_TEXT

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
_LOCALE = {"fr": "fr_FR", "en": "en_GB"}

TEXT = {
    "app_title": ("Assemblées citoyennes permanentes", "Permanent citizens' assemblies"),
    "app_subtitle": ("Tableau de bord du groupe d'échanges de pratiques de l'ICPC",
                     "Dashboard of the ICPC practice-exchange group"),
    "home": ("Accueil", "Home"),
    "assemblies": ("Assemblées", "Assemblies"),
    "countries": ("Pays", "Countries"),
    "active": ("En activité", "Active"),
    "since_2019": ("Créées depuis 2019", "Created since 2019"),
    "next_session": ("Prochaine séance", "Next session"),
    "no_next_session": ("Aucune séance datée à venir pour l'instant.", "No upcoming dated session yet."),
    "to_schedule": ("Thèmes à programmer", "Topics to be scheduled"),
    "last_update": ("Dernière mise à jour des données", "Last data update"),
    "embedded_data": ("données embarquées", "embedded data"),
    "rolled_back": ("retour à l'état d'avant l'import n° {n}", "back to the state before import no. {n}"),
    "language": ("Langue", "Language"),
    "speakers": ("Intervenant·es", "Speakers"),
    "format": ("Format", "Format"),
    "link_or_place": ("Lien ou lieu", "Link or place"),
    "time_range": ("{start} – {end}", "{start} – {end}"),
    "filters": ("Filtres", "Filters"),
    "search": ("Rechercher", "Search"),
    "search_hint": ("nom, ville, région, description…", "name, city, region, description…"),
    "any": ("Toutes les valeurs", "Any value"),
    "start_years": ("Années de création", "Start years"),
    "criteria_filter": ("Cinq critères du groupe", "The group's five criteria"),
    "criteria_any": ("Peu importe", "Any"),
    "criteria_all_met": ("Les cinq critères remplis", "All five criteria met"),
    "criteria_none_failed": ("Aucun critère non rempli", "No criterion failed"),
    "criteria_help": ("Critères de la définition de travail du groupe, vérifiés à partir des champs de chaque fiche : "
                      "« remplis » demande que les cinq soient établis ; « aucun non rempli » admet les inconnus.",
                      "The group's working definition, checked from each fiche's fields: 'met' needs all five "
                      "established; 'none failed' accepts unknowns."),
    "reset_filters": ("Réinitialiser les filtres", "Reset filters"),
    "n_of_m": ("{n} assemblées sur {m}", "{n} assemblies of {m}"),
    "n_of_m_one": ("{n} assemblée sur {m}", "{n} assembly of {m}"),
    "created_in": ("créée en", "created in"),
    "to_complete": ("À compléter", "To be completed"),
    "still_running": ("— (toujours en cours)", "— (still running)"),
    "sources": ("Sources", "Sources"),
    "notes": ("Notes sur les sources", "Notes on the sources"),
    "criteria_title": ("Les cinq critères du groupe", "The group's five criteria"),
    "map": ("Carte", "Map"),
    "table": ("Assemblées", "Assemblies"),
    "fiche": ("Fiche", "Fiche"),
    "map_title": ("Carte des assemblées", "Map of the assemblies"),
    "table_title": ("Les assemblées", "The assemblies"),
    "colour_by": ("Couleur selon", "Colour by"),
    "legend": ("Légende", "Legend"),
    "map_caption": ("Fond de carte : contours des pays Natural Earth (domaine public), affichés même sans internet.",
                    "Base map: Natural Earth country outlines (public domain), shown even offline."),
    "unlocated": ("{n} assemblée(s) sans coordonnées ne figure(nt) pas sur la carte.",
                  "{n} assembly(ies) without coordinates not on the map."),
    "open_fiche": ("Ouvrir une fiche (ou cliquez un point de la carte)", "Open a fiche (or click a point on the map)"),
    "narrow_to_pick": ("Cliquez un point de la carte, ou affinez les filtres (au plus {n} assemblées) pour "
                       "choisir une fiche dans une liste.",
                       "Click a point on the map, or narrow the filters (at most {n} assemblies) to pick a fiche "
                       "from a list."),
    "fiche_link": ("Page de la fiche (lien à partager)", "Fiche page (link to share)"),
    "download_rows_csv": ("Télécharger en CSV (Excel)", "Download as CSV (Excel)"),
    "download_rows_xlsx": ("Télécharger en .xlsx", "Download as .xlsx"),
    "download_rows_ods": ("Télécharger en .ods (LibreOffice)", "Download as .ods (LibreOffice)"),
    "select_row_hint": ("Sélectionnez une ligne (case à gauche) pour ouvrir sa fiche.",
                        "Select a row (box on the left) to open its fiche."),
    "choose_assembly": ("Assemblée", "Assembly"),
    "choose_assembly_hint": ("Choisissez une assemblée", "Choose an assembly"),
    "unknown_fiche": ("Cette fiche n'existe pas (ou plus) : choisissez une assemblée dans la liste.",
                      "This fiche does not exist (any more): choose an assembly from the list."),
    "not_recorded": ("Non renseigné", "Not recorded"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    # participants' profile
    "participants_title": ("Profil des participant·es", "Participants' profile"),
    "participants_registrants": ("Inscrit·es", "Registrants"),
    "participants_n": ("{n} inscrit·es", "{n} registrants"),
    "participants_session": ("Séance", "Session"),
    "participants_intro": ("Effectifs par statut et par expérience des assemblées citoyennes permanentes, tirés de "
                           "l'export des inscriptions importé par la coordination : seuls les effectifs sont "
                           "conservés, jamais les noms ni les e-mails.",
                           "Counts by status and by experience with permanent citizens' assemblies, from the "
                           "registration export imported by the coordinators: only the counts are kept, never names "
                           "or e-mails."),
    "participants_report": ("Le compte rendu du {date} indique **{n} inscrit·es** au webinaire introductif, avec ces "
                            "statuts et ces expériences, mais **sans leur répartition** : elle s'affichera ici quand la "
                            "coordination aura importé l'export des inscriptions.",
                            "The report of {date} gives **{n} registrants** for the introductory webinar, with these "
                            "statuses and experiences, but **not their split**: it will be shown here once the "
                            "coordinators have imported the registration export."),
    "participants_statuses": ("Statuts des inscrit·es", "Registrants' statuses"),
    "participants_experiences": ("Expériences des assemblées citoyennes permanentes (« J'ai déjà… »)",
                                 "Experience with permanent citizens' assemblies (\"I have already…\")"),
    "participants_status_note": ("Part des inscrit·es", "Share of the registrants"),
    "participants_experience_note": ("Part des inscrit·es ; plusieurs réponses possibles, le total peut dépasser "
                                     "100 %", "Share of the registrants; several answers allowed, the total may "
                                     "exceed 100 %"),
    "participants_wording": ("Formulation complète", "Full wording"),
    "participants_dimension": ("Dimension", "Dimension"),
    "participants_value": ("Valeur", "Value"),
    "participants_table": ("Tableau des effectifs", "Table of counts"),
    "participants_download": ("Télécharger le profil (CSV pour Excel)", "Download the profile (CSV for Excel)"),
    "participants_none": ("Aucun profil de participant·es importé pour l'instant.",
                          "No participants' profile imported yet."),
    # survey and calendar
    "survey": ("Sondage", "Survey"),
    "survey_title": ("Sondage : les thématiques à prioriser", "Survey: the topics to prioritise"),
    "survey_intro": ("Chaque personne a classé les thèmes de 1 (priorité maximale) à 5 (priorité minimale).",
                     "Each respondent ranked the topics from 1 (highest priority) to 5 (lowest)."),
    "no_survey": ("Aucun sondage n'a encore été importé.", "No survey has been imported yet."),
    "wave": ("Vague du sondage", "Survey wave"),
    "respondents": ("{n} personnes ont répondu.", "{n} people answered."),
    "survey_results": ("Résultats", "Results"),
    "priority_level": ("Niveau de priorité (1 max - 5 min)", "Priority level (1 highest - 5 lowest)"),
    "download_csv": ("Télécharger le tableau (CSV pour Excel)", "Download the table (CSV for Excel)"),
    "survey_chart": ("Priorités par thème", "Priorities by topic"),
    "survey_chart_help": ("Thèmes classés par part des priorités 1 et 2 ; survolez une barre pour lire la question "
                          "complète.", "Topics ordered by share of priorities 1 and 2; hover a bar for the full "
                          "question."),
    "ranking": ("Classement des thèmes", "Topic ranking"),
    "ranking_help": ("Classés par part des priorités 1 et 2, puis par priorité moyenne (plus elle est basse, plus "
                     "le thème est prioritaire).", "Ordered by share of priorities 1 and 2, then by mean priority "
                     "(the lower, the higher the priority)."),
    "rank": ("Rang", "Rank"),
    "theme": ("Thème", "Topic"),
    "theme_code": ("Code thème", "Topic code"),
    "theme_short": ("Thème (court)", "Topic (short)"),
    "question": ("Question", "Question"),
    "priority": ("Priorité", "Priority"),
    "priority_legend": ("Priorité (1 = priorité maximale)", "Priority (1 = highest)"),
    "priority_max": ("{p} – priorité maximale", "{p} – highest"),
    "priority_min": ("{p} – priorité minimale", "{p} – lowest"),
    "priority_count": ("Priorité {p} (effectif)", "Priority {p} (count)"),
    "priority_percent": ("Priorité {p} (%)", "Priority {p} (%)"),
    "answers": ("Réponses", "Answers"),
    "share": ("Part", "Share"),
    "share_of_answers": ("Part des réponses", "Share of answers"),
    "top2_share": ("Priorités 1 et 2", "Priorities 1 and 2"),
    "mean_priority": ("Priorité moyenne", "Mean priority"),
    "other_proposals": ("Autres propositions thématiques", "Other topic proposals"),
    "no_other_proposals": ("Aucune autre proposition dans cette vague.", "No other proposal in this wave."),
    "compare_waves": ("Comparer deux vagues", "Compare two waves"),
    "wave_a": ("Première vague", "First wave"),
    "wave_b": ("Seconde vague", "Second wave"),
    "same_wave": ("Choisissez deux vagues différentes.", "Choose two different waves."),
    "change": ("Évolution (priorités 1 et 2)", "Change (priorities 1 and 2)"),
    "point": ("{n} pt", "{n} pt"),
    "points": ("{n} pts", "{n} pts"),
    "calendar": ("Calendrier", "Calendar"),
    "calendar_title": ("Calendrier du groupe d'échanges de pratiques", "The practice-exchange group's calendar"),
    "last_session": ("Dernière séance", "Last session"),
    "upcoming_sessions": ("Séances suivantes", "Later sessions"),
    "past_sessions": ("Séances passées", "Past sessions"),
    "no_past_sessions": ("Aucune séance passée.", "No past session."),
    "no_to_schedule": ("Aucun thème en attente de date.", "No topic waiting for a date."),
    "to_schedule_themes": ("Ce sont les thèmes que le sondage a mis en avant, en attente d'une date : pas des "
                           "séances programmées.", "These are the topics the survey put forward, awaiting a date: "
                           "not scheduled sessions."),
    "facilitators": ("Animation", "Facilitators"),
    "survey_theme": ("Thème du sondage", "Survey topic"),
    "survey_theme_n": ("thème {n} du sondage", "survey topic {n}"),
    "report": ("Compte rendu", "Report"),
    "no_report": ("compte rendu à venir", "report to come"),
    "month_view": ("Vue du mois", "Month view"),
    "month": ("Mois affiché", "Month shown"),
    "no_session_in_month": ("Aucune séance datée en {month}.", "No dated session in {month}."),
    "download_calendar_ics": ("Ajouter tout le calendrier à mon agenda (.ics)", "Add the whole calendar to my agenda (.ics)"),
    "download_session_ics": ("Ajouter à mon agenda (.ics)", "Add to my calendar (.ics)"),
    "ics_help": ("Importer de nouveau le fichier met à jour les séances déjà présentes dans l'agenda, sans les "
                 "dupliquer. Les thèmes sans date n'y figurent pas.", "Importing the file again updates the sessions "
                 "already in your agenda instead of duplicating them. Undated topics are not included."),
    "ics_link": ("Lien", "Link"),  # a session's join link, in its calendar event
    "ics_place": ("Lieu", "Place"),
    "ics_calendar_name": ("GEP Assemblées citoyennes permanentes (ICPC)", "ICPC practice-exchange group: permanent "
                          "citizens' assemblies"),
    "subscribe_title": ("S'abonner au calendrier", "Subscribe to the calendar"),
    "subscribe_help": ("Collez cette adresse dans votre agenda (Outlook : « Ajouter un calendrier » › « À partir "
                       "d'Internet » ; Google Agenda : « Autres agendas » › « À partir de l'URL » ; Thunderbird, "
                       "Apple Calendrier : « Nouvel abonnement ») : les nouvelles séances et les changements y "
                       "apparaîtront d'eux-mêmes.", "Paste this address into your calendar application (Outlook: "
                       "\"Add calendar\" › \"From Internet\"; Google Calendar: \"Other calendars\" › \"From URL\"; "
                       "Thunderbird, Apple Calendar: \"New subscription\"): new sessions and changes will show up "
                       "by themselves."),
    "feed_unavailable": ("Le calendrier est momentanément indisponible : la base de données ne peut pas être lue. "
                         "Réessayez plus tard ; le tableau de bord explique comment la reconstruire.",
                         "The calendar is temporarily unavailable: the database cannot be read. Try again later; "
                         "the dashboard explains how to rebuild it."),
    "label_value": ("{label} : {value}", "{label}: {value}"),
    "language_switch": ("Langue / Language", "Langue / Language"),
    "typology": ("Typologie", "Typology"),
    "typology_title": ("Typologie des assemblées", "Typology of the assemblies"),
    "typology_hint": ("Cliquez une barre ou une case pour filtrer : la carte, le tableau et les autres graphiques "
                      "suivent. Retirez un filtre dans le panneau de gauche.",
                      "Click a bar or a cell to filter: the map, the table and the other charts follow. Remove a "
                      "filter in the left panel."),
    "multi_note": ("Plusieurs valeurs par assemblée : chacune compte", "Several values per assembly: each counts"),
    "share_percent": ("Part (%)", "Share (%)"),
    "year": ("Année", "Year"),
    "creations": ("Créations", "Creations"),
    "timeline_title": ("Créations par année — {dimension}", "Creations per year — {dimension}"),
    "heatmap_title": ("{rows} × {cols}", "{rows} × {cols}"),
    "stack_by": ("Empiler la frise par", "Stack the timeline by"),
    "heatmap_rows": ("Croiser en lignes", "Cross: rows"),
    "heatmap_cols": ("… et en colonnes", "… and columns"),
    "chart_data": ("Données du graphique", "Chart data"),
    "download_chart_csv": ("Télécharger les données (CSV pour Excel)", "Download the data (CSV for Excel)"),
    "top_countries": ("Les {n} pays les plus représentés (tous dans le tableau des données).",
                      "The {n} most represented countries (all of them in the data table)."),
    "same_dimension": ("Choisissez deux dimensions différentes.", "Choose two different dimensions."),
    "no_start_year": ("{n} assemblée(s) sans année de création ne figure(nt) pas sur la frise.",
                      "{n} assembly(ies) without a start year not on the timeline."),
    "no_assembly": ("Aucune assemblée ne correspond aux filtres.", "No assembly matches the filters."),
    "key_figures": ("Chiffres clés", "Key figures"),
    "survey_top": ("Priorité n° 1 du sondage", "The survey's top priority"),
    "survey_top_detail": ("{share} des réponses le placent en priorité 1 ou 2 (sondage du {when}).",
                          "{share} of answers rank it priority 1 or 2 (survey of {when})."),
    "no_upcoming_then": ("Aucune séance datée à venir. Dernière séance : {when}.",
                         "No upcoming dated session. Last session: {when}."),
    "join_link": ("Rejoindre la séance", "Join the session"),
    "no_ics": ("L'ajout à l'agenda n'est pas disponible.", "Adding to a calendar is not available."),
    "overview_map": ("Les assemblées sur la carte", "The assemblies on the map"),
    "go_map": ("Carte", "Map"),
    "go_table": ("Tableau", "Table"),
    "go_typology": ("Graphiques", "Charts"),
    "go_survey": ("Sondage", "Survey"),
    "go_calendar": ("Calendrier", "Calendar"),
    "go_fiche": ("Fiches", "Fiches"),
    "go_propose": ("Proposer", "Propose"),
    "data_origin": ("{dataset} : {origin}", "{dataset}: {origin}"),
    # coordination and proposals
    **COORDINATION_TEXT,
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
    if column.kind == "bool":
        return t("yes", lang) if code else t("no", lang)
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
    """'5 assemblées sur 16', singular for 0 and 1 in French (1 in English)."""
    one = shown <= 1 if lang == "fr" else shown == 1
    return t("n_of_m_one" if one else "n_of_m", lang, n=fmt_int(shown, lang), m=fmt_int(total, lang))


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    fr, en = TEXT[key]
    text = en if lang == "en" else fr
    return text.format(**values) if values else text


def locale(lang: str) -> str:
    return _LOCALE.get(lang, _LOCALE[DEFAULT_LANG])


def fmt_date(value: dt.date, lang: str = DEFAULT_LANG, style: str = "full") -> str:
    """'vendredi 25 avril 2025' in French, 'Friday, 25 April 2025' in English."""
    return format_date(value, style, locale=locale(lang))


def fmt_time(value: dt.time, lang: str = DEFAULT_LANG) -> str:
    """'13 h' or '13 h 30' in French, '13:00' in English."""
    if lang == "fr":
        return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"
    return format_time(value, "HH:mm", locale=locale(lang))


def fmt_number(value: float, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    return format_decimal(round(value, digits), locale=locale(lang))


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
