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
    "to_schedule_help": ("Thèmes retenus à partir du sondage, sans date pour l'instant.",
                         "Topics chosen from the survey, not dated yet."),
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
    "db_error_title": ("La base de données ne peut pas être ouverte", "The database cannot be opened"),
    # typology, home, language
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
    "coord_nav": ("Coordination", "Coordination"),
    "coord_title": ("Espace coordination", "Coordination area"),
    "coord_not_configured": ("L'espace coordination est fermé : aucun mot de passe de coordination n'est configuré.",
                             "The coordination area is closed: no coordinator password is configured."),
    "coord_how_to_configure": (
        "Pour l'ouvrir, la personne qui héberge le tableau de bord définit un mot de passe, au choix :\n\n"
        "- dans le fichier `.streamlit/secrets.toml` : `coordinator_password = \"…\"` ;\n"
        "- ou dans la variable d'environnement `ACP_COORDINATOR_PASSWORD`.\n\n"
        "Plutôt que le mot de passe lui-même, on peut y mettre son empreinte salée, produite par "
        "`python -m acp hash-password`. Redémarrez ensuite l'application.",
        "To open it, whoever hosts the dashboard sets a password, either:\n\n"
        "- in the file `.streamlit/secrets.toml`: `coordinator_password = \"…\"`;\n"
        "- or in the environment variable `ACP_COORDINATOR_PASSWORD`.\n\n"
        "Instead of the password itself, its salted hash printed by `python -m acp hash-password` can be used. "
        "Then restart the app."),
    "coord_login_intro": ("Réservé à la coordination du groupe : import des données, relecture des propositions, "
                          "historique.", "For the group's coordination only: data imports, proposals review, history."),
    "coord_your_name": ("Votre nom", "Your name"),
    "coord_your_name_help": ("Il figure dans l'historique des imports et des décisions.",
                             "It is shown in the history of imports and decisions."),
    "coord_password": ("Mot de passe de coordination", "Coordinator password"),
    "coord_login": ("Se connecter", "Log in"),
    "coord_name_missing": ("Indiquez votre nom : il figure dans l'historique.", "Enter your name: it goes in the history."),
    "coord_wrong_password": ("Mot de passe incorrect.", "Wrong password."),
    "coord_wait": ("Trop d'essais infructueux : réessayez dans {s} s.", "Too many failed attempts: try again in {s} s."),
    "coord_logged_in": ("Connecté·e : **{name}**", "Logged in: **{name}**"),
    "coord_logout": ("Se déconnecter", "Log out"),
    "coord_section": ("Rubrique", "Section"),
    "coord_section_import": ("Importer des données", "Import data"),
    "coord_section_proposals": ("Propositions en attente ({n})", "Pending proposals ({n})"),
    "coord_section_history": ("Historique et retour en arrière", "History and rollback"),
    "coord_dataset": ("Jeu de données", "Dataset"),
    "coord_replaces_assemblies": (
        "Un import remplace toute la liste des assemblées : partez des données actuelles, modifiez-les, puis "
        "déposez le fichier. L'aperçu montre ce qui change avant toute écriture.",
        "An import replaces the whole list of assemblies: start from the current data, edit it, then drop the "
        "file. The preview shows what changes before anything is written."),
    "coord_replaces_survey": (
        "Un import remplit une vague du sondage (nouvelle, ou à remplacer) ; les autres vagues sont conservées. "
        "Réponses brutes (une ligne par personne) ou tableau des effectifs (une ligne par thème).",
        "An import fills one survey wave (a new one, or one to replace); the other waves are kept. Raw answers "
        "(a row per person) or a counts table (a row per theme)."),
    "coord_replaces_participants": (
        "Déposez l'export des inscriptions (CSV ou Excel de l'outil de formulaire) : seules les colonnes de statut et "
        "d'expérience sont lues, et seuls les effectifs sont enregistrés, jamais les noms, e-mails ni aucune autre "
        "colonne. L'import remplace le profil de la séance choisie ; les autres séances sont conservées.",
        "Drop the registration export (CSV or Excel from the form tool): only the status and experience columns are "
        "read, and only the counts are stored, never names, e-mails or any other column. The import replaces the "
        "chosen session's profile; the other sessions are kept."),
    "coord_session_pick": ("Séance du profil", "Session of the profile"),
    "coord_session_help": ("Par défaut, la dernière séance datée, passée ou du jour.",
                           "By default, the latest dated session, past or today."),
    "coord_no_session": ("Aucune séance dans le calendrier : importez d'abord le calendrier.",
                         "No session in the calendar: import the calendar first."),
    "coord_col_count": ("Effectif", "Count"),
    "coord_profile_entry": ("Séance {session}", "Session {session}"),
    "coord_col_row_participants": ("Séance ou effectif", "Session or count"),
    "coord_replaces_sessions": (
        "Un import remplace tout le calendrier : partez des données actuelles, modifiez-les, puis déposez le fichier.",
        "An import replaces the whole calendar: start from the current data, edit it, then drop the file."),
    "coord_template_csv": ("Modèle à remplir (CSV)", "Template (CSV)"),
    "coord_template_xlsx": ("Modèle à remplir (.xlsx)", "Template (.xlsx)"),
    "coord_current_csv": ("Données actuelles (CSV)", "Current data (CSV)"),
    "coord_current_xlsx": ("Données actuelles (.xlsx)", "Current data (.xlsx)"),
    "coord_wave_mode": ("Vague du sondage", "Survey wave"),
    "coord_wave_new": ("Nouvelle vague", "New wave"),
    "coord_wave_replace": ("Remplacer une vague existante", "Replace an existing wave"),
    "coord_wave_pick": ("Vague à remplacer", "Wave to replace"),
    "coord_wave_code": ("Code de la vague", "Wave code"),
    "coord_wave_code_help": ("Court et unique, par exemple « 2026-01 » (lettres sans accents, chiffres, - et _).",
                             "Short and unique, e.g. '2026-01' (letters, digits, - and _)."),
    "coord_wave_title": ("Titre de la vague", "Wave title"),
    "coord_wave_date": ("Date de la vague", "Wave date"),
    "coord_wave_missing": ("Indiquez le code de la nouvelle vague.", "Enter the new wave's code."),
    "coord_wave_invalid": ("Code de vague invalide : lettres sans accents, chiffres, « - » et « _ », sans espaces "
                           "(40 caractères au plus).", "Invalid wave code: letters, digits, '-' and '_', no spaces "
                           "(at most 40 characters)."),
    "coord_wave_exists": ("La vague « {wave} » existe déjà : choisissez « Remplacer une vague existante » ou un "
                          "autre code.", "Wave '{wave}' already exists: choose 'Replace an existing wave' or "
                          "another code."),
    "coord_upload": ("Fichier à importer : CSV, .xlsx ou export JSON de GoGoCarto ({mb} Mo au plus)",
                     "File to import: CSV, .xlsx or GoGoCarto JSON export (at most {mb} MB)"),
    "coord_upload_too_big": ("Un fichier de plus de {mb} Mo est refusé dès le dépôt (pastille rouge ; rien n'est lu ni "
                             "écrit) : retirez les colonnes inutiles, ou enregistrez-le en .xlsx, plus compact.",
                             "A file over {mb} MB is refused as soon as it is dropped (red mark; nothing is read or "
                             "written): remove the columns you do not need, or save it as .xlsx, which is smaller."),
    "coord_upload_help": ("Le fichier est d'abord vérifié en entier ; rien n'est écrit avant votre confirmation.",
                          "The whole file is checked first; nothing is written before you confirm."),
    "coord_report_title": ("Rapport de vérification", "Validation report"),
    "coord_report_summary": ("Fichier « {file} » : {rows} ligne(s) lue(s), **{errors} erreur(s)**, "
                             "{warnings} avertissement(s).", "File '{file}': {rows} row(s) read, "
                             "**{errors} error(s)**, {warnings} warning(s)."),
    "coord_refused": ("Import impossible : corrigez les erreurs listées ci-dessous, puis déposez le fichier à "
                      "nouveau. Rien n'a été écrit.", "Import refused: fix the errors listed below, then drop the "
                      "file again. Nothing was written."),
    "coord_no_problem": ("Aucun problème détecté.", "No problem found."),
    "coord_report_download": ("Télécharger le rapport (CSV)", "Download the report (CSV)"),
    "coord_error": ("Erreur", "Error"),
    "coord_warning": ("Avertissement", "Warning"),
    "coord_col_severity": ("Gravité", "Severity"),
    "coord_col_line": ("Ligne", "Row"),
    "coord_col_column": ("Colonne", "Column"),
    "coord_col_value": ("Valeur", "Value"),
    "coord_col_message": ("Problème", "Problem"),
    "coord_preview_title": ("Aperçu des changements", "Preview of the changes"),
    "coord_added": ("Ajoutées", "Added"),
    "coord_changed": ("Modifiées", "Changed"),
    "coord_removed": ("Supprimées", "Removed"),
    "coord_unchanged": ("Inchangées", "Unchanged"),
    "coord_new_wave": ("Nouvelle vague « {wave} » : les vagues existantes sont conservées.",
                       "New wave '{wave}': the existing waves are kept."),
    "coord_removed_warning": ("{n} ligne(s) actuelle(s) absente(s) du fichier seront supprimée(s).",
                              "{n} current row(s) missing from the file will be removed."),
    "coord_col_key": ("Identifiant", "Identifier"),
    "coord_col_row_assemblies": ("Assemblée", "Assembly"),
    "coord_col_row_sessions": ("Séance", "Session"),
    "coord_col_row_survey": ("Vague ou thème", "Wave or topic"),
    "coord_more_rows": ("{n} lignes : faites défiler le tableau, ou téléchargez le rapport pour tout lire.",
                        "{n} rows: scroll the table, or download the report to read everything."),
    "coord_col_field": ("Champ", "Field"),
    "coord_col_before": ("Avant", "Before"),
    "coord_col_after": ("Après", "After"),
    "coord_col_summary": ("Contenu", "Content"),
    "coord_wave_entry": ("Vague {wave}", "Wave {wave}"),
    "coord_theme_entry": ("Vague {wave}, thème {theme} : {label}", "Wave {wave}, topic {theme}: {label}"),
    "coord_nothing_to_import": ("Le fichier ne change rien aux données actuelles : il n'y a rien à importer.",
                                "The file changes nothing in the current data: there is nothing to import."),
    "coord_confirm_import": ("Confirmer l'import et remplacer les données ({dataset})",
                             "Confirm the import and replace the data ({dataset})"),
    "coord_stale": ("Les données ont changé depuis l'aperçu (un autre import) : relisez l'aperçu mis à jour, puis "
                    "confirmez de nouveau.", "The data changed since the preview (another import): read the "
                    "updated preview, then confirm again."),
    "coord_imported": ("Import n° {n} enregistré : {rows} ligne(s) de « {file} ». Toutes les pages affichent "
                       "désormais ces données.", "Import no. {n} saved: {rows} row(s) from '{file}'. Every page "
                       "now shows this data."),
    "coord_history_title": ("Historique des imports", "Import history"),
    "coord_no_history": ("Aucun import pour l'instant.", "No import yet."),
    "coord_col_number": ("N°", "No."),
    "coord_col_when": ("Date", "Date"),
    "coord_col_dataset": ("Jeu de données", "Dataset"),
    "coord_col_what": ("Nature", "Kind"),
    "coord_col_file": ("Fichier", "File"),
    "coord_col_rows": ("Lignes", "Rows"),
    "coord_col_by": ("Par", "By"),
    "coord_col_note": ("Remarque", "Note"),
    "coord_kind_import": ("Import de fichier", "File import"),
    "coord_kind_rollback": ("Retour à l'état d'avant l'import n° {n}", "Back to the state before import no. {n}"),
    "coord_kind_proposal": ("Proposition validée", "Validated proposal"),
    "coord_rollback_title": ("Revenir en arrière", "Roll back"),
    "coord_rollback_help": ("Choisissez un import : ses données et celles de tous les imports suivants du même jeu "
                            "sont remplacées par l'état d'avant cet import. Le retour est lui-même enregistré dans "
                            "l'historique et peut être annulé.", "Choose an import: its data and that of every "
                            "later import of the same dataset are replaced by the state before it. The rollback is "
                            "itself recorded in the history and can be undone."),
    "coord_rollback_pick": ("Import à annuler", "Import to undo"),
    "coord_rollback_placeholder": ("Choisissez un import", "Choose an import"),
    "coord_rollback_option": ("n° {n} — {dataset} — {what} — {when}", "no. {n} — {dataset} — {what} — {when}"),
    "coord_rollback_unavailable": ("La version d'avant l'import n° {n} n'a pas été conservée : retour impossible.",
                                   "The version before import no. {n} was not kept: no rollback possible."),
    "coord_rollback_explain": ("Retour à l'état d'avant l'import n° {n} ({dataset}) : voici ce qui changera.",
                               "Back to the state before import no. {n} ({dataset}): here is what will change."),
    "coord_rollback_nothing": ("Les données actuelles sont déjà dans cet état.", "The current data is already in "
                               "that state."),
    "coord_confirm_rollback": ("Confirmer le retour à l'état d'avant l'import n° {n}",
                               "Confirm going back to the state before import no. {n}"),
    "coord_rolled_back": ("Données rétablies telles qu'avant l'import n° {n} (enregistré comme import n° {new}).",
                          "Data restored as before import no. {n} (recorded as import no. {new})."),
    "coord_queue_title": ("Propositions des membres", "Members' proposals"),
    "coord_no_pending": ("Aucune proposition en attente.", "No pending proposal."),
    "coord_prop_new": ("N° {n} — nouvelle assemblée : {name}", "No. {n} — new assembly: {name}"),
    "coord_prop_correction": ("N° {n} — correction de la fiche « {name} »", "No. {n} — correction of '{name}'"),
    "coord_anonymous": ("une personne anonyme", "an anonymous member"),
    "coord_submitted": ("Proposée le {when} par {who}", "Proposed on {when} by {who}"),
    "coord_contact": ("contact : {contact}", "contact: {contact}"),
    "coord_duplicates": ("Doublon probable :", "Likely duplicate:"),
    "coord_col_now": ("Actuellement", "Now"),
    "coord_col_proposed": ("Proposé", "Proposed"),
    "coord_prop_invalid": ("Cette proposition ne peut pas être validée en l'état :",
                           "This proposal cannot be validated as it is:"),
    "coord_validate": ("Valider et publier", "Validate and publish"),
    "coord_reason": ("Motif du refus", "Reason for refusal"),
    "coord_reason_hint": ("Obligatoire pour refuser", "Required to reject"),
    "coord_reject": ("Refuser", "Reject"),
    "coord_validated": ("Proposition n° {n} validée et publiée (import n° {imp}, réversible depuis l'historique).",
                        "Proposal no. {n} validated and published (import no. {imp}, reversible from the history)."),
    "coord_rejected": ("Proposition n° {n} refusée.", "Proposal no. {n} rejected."),
    "coord_decided_title": ("Propositions traitées ({n})", "Decided proposals ({n})"),
    "coord_kind_new": ("Nouvelle assemblée", "New assembly"),
    "coord_kind_correction": ("Correction", "Correction"),
    "coord_col_subject": ("Assemblée", "Assembly"),
    "coord_col_status": ("Décision", "Decision"),
    "coord_col_reason": ("Motif", "Reason"),
    "coord_col_import": ("Import n°", "Import no."),
    "coord_status_pending": ("En attente", "Pending"),
    "coord_status_validated": ("Validée", "Validated"),
    "coord_status_rejected": ("Refusée", "Rejected"),
    "dup_assembly_name": ("même nom que la fiche publiée « {name} »", "same name as the published fiche '{name}'"),
    "dup_assembly_distance": ("à {km} km de la fiche publiée « {name} »", "{km} km from the published fiche '{name}'"),
    "dup_proposal_name": ("même nom que la proposition n° {ref}, en attente", "same name as pending proposal no. {ref}"),
    "dup_proposal_distance": ("à {km} km de la proposition n° {ref} (« {name} »), en attente",
                              "{km} km from pending proposal no. {ref} ('{name}')"),
    "dup_proposal_distance_member": ("à {km} km d'une autre proposition, en attente (n° {ref})",
                                     "{km} km from another pending proposal (no. {ref})"),
    "dup_same_fiche": ("une autre correction de cette fiche attend déjà (proposition n° {ref})",
                       "another correction of this fiche is already pending (proposal no. {ref})"),
    "prop_nav": ("Proposer une fiche", "Propose a fiche"),
    "prop_link": ("Proposer une correction / une nouvelle assemblée", "Propose a correction / a new assembly"),
    "prop_link_new": ("Proposer une nouvelle assemblée", "Propose a new assembly"),
    "prop_title": ("Proposer une assemblée ou une correction", "Propose an assembly or a correction"),
    "prop_intro": ("Votre proposition est relue par la coordination du groupe avant d'apparaître sur la carte, "
                   "dans le tableau et les graphiques. Les champs marqués d'un astérisque (*) sont obligatoires ; "
                   "laissez vide ce que vous ne savez pas.", "Your proposal is reviewed by the group's coordination "
                   "before it shows on the map, in the table and the charts. Fields marked with an asterisk (*) "
                   "are required; leave empty what you do not know."),
    "prop_target": ("Que proposez-vous ?", "What do you propose?"),
    "prop_target_new": ("Une nouvelle assemblée", "A new assembly"),
    "prop_new_hint": ("Pour corriger une fiche existante, choisissez-la dans la liste ci-dessus.",
                      "To correct an existing fiche, choose it in the list above."),
    "prop_correction_hint": ("Le formulaire reprend la fiche actuelle : modifiez ce qui est faux ou complétez ce "
                             "qui manque.", "The form shows the current fiche: change what is wrong or fill in what "
                             "is missing."),
    "prop_choose": ("Choisissez", "Choose"),
    "prop_help_latitude": ("En degrés décimaux (par exemple 48,857). Sur openstreetmap.org : clic droit sur le lieu, "
                           "« Afficher l'adresse ».", "In decimal degrees (e.g. 48.857). On openstreetmap.org: right "
                           "click on the place, 'Show address'."),
    "prop_help_longitude": ("En degrés décimaux (par exemple 2,352 ; négatif à l'ouest de Greenwich).",
                            "In decimal degrees (e.g. 2.352; negative west of Greenwich)."),
    "prop_help_sources": ("Un lien (https://…) ou une référence par ligne.", "One link (https://…) or reference per line."),
    "prop_help_website": ("Adresse complète, commençant par https://", "Full address, starting with https://"),
    "prop_you": ("Vous", "You"),
    "prop_your_name": ("Votre nom (facultatif)", "Your name (optional)"),
    "prop_contact": ("Votre e-mail (facultatif)", "Your e-mail (optional)"),
    "prop_contact_help": ("Seule la coordination le voit, pour vous répondre si besoin.",
                          "Only the coordination sees it, to answer you if needed."),
    "prop_message": ("Message à la coordination (facultatif)", "Message to the coordination (optional)"),
    "prop_required_note": ("* champ obligatoire", "* required field"),
    "prop_send": ("Envoyer la proposition", "Send the proposal"),
    "prop_fix": ("La proposition n'est pas envoyée ; corrigez :", "The proposal was not sent; please fix:"),
    "prop_duplicates": ("Cette assemblée existe peut-être déjà :", "This assembly may already exist:"),
    "prop_open_fiche": ("Voir la fiche « {name} »", "See the fiche '{name}'"),
    "prop_send_anyway": ("Ce n'est pas un doublon : envoyer quand même", "Not a duplicate: send anyway"),
    "prop_edit_again": ("Modifier ma proposition", "Edit my proposal"),
    "prop_sent": ("Merci ! Votre proposition n° {n} est enregistrée. Elle apparaîtra après relecture par la "
                  "coordination.", "Thank you! Your proposal no. {n} is saved. It will show once the coordination "
                  "has reviewed it."),
    "prop_another": ("Faire une autre proposition", "Make another proposal"),
    "prop_limit": ("Vous avez envoyé {n} propositions pendant cette visite, le maximum : merci ! Pour en proposer "
                   "davantage, écrivez à la coordination du groupe.", "You have sent {n} proposals during this "
                   "visit, the maximum: thank you! To propose more, write to the group's coordination."),
    # damaged database (acp.ui.damaged_page; the kinds are acp.store.DAMAGE_KINDS)
    "db_damaged_title": ("La base de données est endommagée", "The database is damaged"),
    "db_damaged_intro": ("Le fichier de la base, `{path}`, ne peut pas être lu : {reason}. Le tableau de bord ne "
                         "peut rien afficher tant qu'elle n'est pas reconstruite.",
                         "The database file, `{path}`, cannot be read: {reason}. The dashboard cannot show anything "
                         "until it is rebuilt."),
    "db_damaged_invalid": ("ce n'est pas un fichier DuckDB valide (vide, écrasé ou d'un autre format)",
                           "it is not a valid DuckDB file (empty, overwritten or of another format)"),
    "db_damaged_truncated": ("le fichier est tronqué, sa fin manque", "the file is truncated, its end is missing"),
    "db_damaged_corrupt": ("un bloc de données ne correspond plus à sa somme de contrôle",
                           "a data block no longer matches its checksum"),
    "db_damaged_wal": ("son journal .wal ne correspond pas à la base", "its .wal journal does not match the database"),
    "db_damaged_unreadable": ("son contenu ne peut pas être relu", "its content cannot be read back"),
    "db_damaged_choose": ("Reconstruisez-la : le fichier endommagé sera mis de côté (renommé "
                          "`{name}.endommagee-<date>`, jamais effacé) et une nouvelle base construite à partir :",
                          "Rebuild it: the damaged file will be set aside (renamed `{name}.endommagee-<date>`, never "
                          "deleted) and a new database built from:"),
    "db_rebuild_seed": ("Reconstruire depuis les données embarquées", "Rebuild from the embedded data"),
    "db_rebuild_seed_help": ("Les données livrées avec l'application (rapport du webinaire du 25 avril 2025) : les "
                             "imports faits depuis seront à refaire.", "The data shipped with the application (webinar "
                             "report of 25 April 2025): the imports made since will have to be made again."),
    "db_rebuild_exports": ("Reconstruire depuis le dernier export", "Rebuild from the last export"),
    "db_rebuild_exports_help": ("La copie CSV des données écrite après chaque import : {items}.",
                                "The CSV copy of the data written after every import: {items}."),
    "db_rebuild_exports_item": ("{dataset} du {date} à {time}", "{dataset} of {date} at {time}"),
    "db_rebuild_no_exports": ("Aucun export n'existe à côté de cette base : seules les données embarquées peuvent "
                              "servir.", "No export exists next to this database: only the embedded data can be used."),
    "db_rebuild_password": ("Mot de passe de coordination (demandé pour reconstruire)",
                            "Coordination password (required to rebuild)"),
    "db_rebuilding": ("Reconstruction de la base…", "Rebuilding the database…"),
    "db_damaged_details": ("Détail technique (message de DuckDB)", "Technical detail (DuckDB's message)"),
    "db_rebuilt": ("La base a été reconstruite.", "The database has been rebuilt."),
}


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict:
    return Locale.parse(locale(lang)).territories


def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    return _territories(lang).get(code, code)


def value_label(column, code, lang: str = DEFAULT_LANG) -> str:
    """How a stored value reads: vocabulary label, country name, 'Non renseigné' for unknown."""
    from .schema import NOT_RECORDED

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
