"""The words of the coordination area, the proposal form and the damaged-base page, as (French, English).

acp.i18n's TEXT includes them; they live apart only to keep each module readable (under 500 lines)."""

COORDINATION_TEXT = {
    "db_error_title": ("La base de données ne peut pas être ouverte", "The database cannot be opened"),
    # typology, home, language
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
    "coord_template_ods": ("Modèle à remplir (.ods)", "Template (.ods)"),
    "coord_current_csv": ("Données actuelles (CSV)", "Current data (CSV)"),
    "coord_current_xlsx": ("Données actuelles (.xlsx)", "Current data (.xlsx)"),
    "coord_current_ods": ("Données actuelles (.ods)", "Current data (.ods)"),
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
    "coord_upload": ("Fichier à importer : CSV, classeur .xlsx, .ods ou .xls, ou export JSON de GoGoCarto "
                     "({mb} Mo au plus)",
                     "File to import: CSV, .xlsx, .ods or .xls workbook, or GoGoCarto JSON export (at most {mb} MB)"),
    "coord_upload_too_big": ("Un fichier de plus de {mb} Mo est refusé dès le dépôt (pastille rouge ; rien n'est lu ni "
                             "écrit) : retirez les colonnes inutiles, ou enregistrez-le en .xlsx ou .ods, plus compacts.",
                             "A file over {mb} MB is refused as soon as it is dropped (red mark; nothing is read or "
                             "written): remove the columns you do not need, or save it as .xlsx or .ods, which are smaller."),
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
