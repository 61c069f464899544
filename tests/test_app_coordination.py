"""The coordination area and the proposal form, as AppTests; and the pure helpers behind them
(templates, the preview of a change, the validation report, the history)."""
import functools
import html
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from acp import auth, coordination, export, i18n, proposals, store
from acp.ingest import read_upload, tabular
from acp.ui import coordination_view, data
from acp.ui.proposal_form import SENT

from support import FIXTURES, open_app

PASSWORD = "mot-de-passe-de-test"
CHANGED = ("Identifiant", "Assemblée", "Champ", "Avant", "Après")
ADDED = ("Identifiant", "Assemblée", "Contenu")
REMOVED = ("Identifiant", "Assemblée")
HISTORY = ("N°", "Date", "Jeu de données", "Nature", "Fichier", "Lignes", "Par", "Remarque")
DECIDED = ("N°", "Nature", "Assemblée", "Décision", "Date", "Par", "Motif", "Import n°")
PAGES = ("home", "carte", "assemblees", "typologie", "sondage", "calendrier", "fiche", "proposer", "coordination")


@pytest.fixture
def env(app_env, monkeypatch):
    """A seeded base, a configured password, no slowdown left over from another test."""
    monkeypatch.setenv(auth.ENV_VAR, PASSWORD)
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    auth.reset_throttles()
    yield app_env
    auth.reset_throttles()


def login(at: AppTest, password: str = PASSWORD, name: str = "Camille") -> AppTest:
    at.text_input(key="coord-login-name").input(name)
    at.text_input(key="coord-login-password").input(password)
    submit = next(b for b in at.button if b.key.startswith("FormSubmitter:coord-login-"))
    return submit.click().run()


def coordinator(**kwargs) -> AppTest:
    at = login(open_app("coordination", from_home=True, **kwargs))
    assert not at.exception and len(at.file_uploader) == 1
    return at


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [e.value for e in (*at.error, *at.warning, *at.info, *at.success)])


def _plain(cell):
    """A static table's cell as read (acp.i18n.md escapes Markdown and HTML)."""
    if not isinstance(cell, str):
        return cell
    return html.unescape(cell)


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The shown table (static or grid) with exactly these columns (AppTest gives tables no key)."""
    frames = [d.value for d in at.dataframe] + [t.value.map(_plain) for t in at.table]
    found = [f for f in frames if list(f.columns) == list(columns)]
    assert found, [list(f.columns) for f in frames]
    return found[0]


def con():

    return data.cursor()


def version() -> int:
    return store.data_version(con())


def coordination_keys(at: AppTest) -> list[str]:
    widgets = [*at.button, *at.text_input, *at.selectbox, *at.radio, *at.file_uploader, *at.get("download_button")]
    return [w.key for w in widgets if w.key and w.key.startswith("coord-") and not w.key.startswith("coord-login")]


# ---------------------------------------------------------------- access

def test_closed_without_a_password(env, monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR)
    at = open_app("coordination", from_home=True)
    assert not at.exception
    assert "aucun mot de passe" in at.warning[0].value
    assert "ACP_COORDINATOR_PASSWORD" in texts(at) and "hash-password" in texts(at)
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0 and len(at.button) == 0


@pytest.mark.parametrize("page", PAGES)
def test_no_coordination_control_anywhere_before_login(env, page):
    at = open_app(page, from_home=True)
    assert not at.exception
    assert len(at.file_uploader) == 0
    assert coordination_keys(at) == []
    if page == "coordination":
        assert [t.label for t in at.text_input] == ["Votre nom", "Mot de passe de coordination"]


def test_query_parameters_open_nothing(env):
    """Session state is never read from the URL: names of the area's keys in it change nothing."""
    at = open_app("coordination", from_home=True, acp_coordinator="Camille", **{"coord-section": "history"},
                   section="proposals", acp_auth_session="x", id="paris")
    assert not at.exception and coordination_keys(at) == [] and len(at.file_uploader) == 0
    assert [t.label for t in at.text_input] == ["Votre nom", "Mot de passe de coordination"]


def test_wrong_password_is_refused(env):
    at = login(open_app("coordination", from_home=True), password="pas-le-bon")
    assert at.error[0].value == "Mot de passe incorrect."
    assert len(at.file_uploader) == 0 and coordination_keys(at) == []
    at = login(at)
    assert not at.error and len(at.file_uploader) == 1
    assert "Connecté·e : **Camille**" in texts(at)


def test_name_is_required(env):
    at = login(open_app("coordination", from_home=True), name="")
    assert "Indiquez votre nom" in at.error[0].value and len(at.file_uploader) == 0


def test_password_from_secrets_as_a_salted_hash(env, monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR)
    hashed = auth.hash_password("autre-secret", iterations=1000)
    at = login(open_app("coordination", from_home=True, secrets={"coordinator_password": hashed}),
               password="autre-secret")
    assert not at.exception and len(at.file_uploader) == 1


def test_hash_in_the_environment(env, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, auth.hash_password(PASSWORD, iterations=1000))
    assert len(login(open_app("coordination", from_home=True)).file_uploader) == 1
    monkeypatch.setenv(auth.ENV_VAR, auth.hash_password(PASSWORD, iterations=1000))  # another salt: same password
    assert len(login(open_app("coordination", from_home=True)).file_uploader) == 1


def test_unreadable_hash_keeps_the_area_closed(env, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "pbkdf2_sha256$abc$def")
    at = open_app("coordination", from_home=True)
    assert "hash-password" in at.error[0].value and len(at.text_input) == 0


def test_unreadable_trusted_proxies_keep_the_area_closed(env, monkeypatch):
    monkeypatch.setenv(auth.TRUSTED_PROXIES_ENV, "caddy")
    at = open_app("coordination", from_home=True)
    assert "ACP_TRUSTED_PROXIES" in at.error[0].value and len(at.text_input) == 0


def test_login_behind_a_trusted_proxy_counts_per_address(env, monkeypatch):
    """A configured proxy list is read at login; AppTest's session comes from this machine (no address,
    no X-Forwarded-For): its failures are counted under auth.LOCAL."""
    monkeypatch.setenv(auth.TRUSTED_PROXIES_ENV, "127.0.0.1, 172.16.0.0/12")
    at = login(open_app("coordination", from_home=True), password="faux")
    assert "Mot de passe incorrect." in texts(at)
    assert auth.ADDRESS_THROTTLE.failures(auth.LOCAL) == 1 and auth.ADDRESS_THROTTLE.keys() == 1
    at = login(at)
    assert not at.exception and len(at.file_uploader) == 1


def test_repeated_failures_are_slowed_down(env):
    at = open_app("coordination", from_home=True)
    for _ in range(3):
        at = login(at, password="faux")
    at = login(at)  # the right password, but too soon
    assert "réessayez dans" in at.error[0].value and len(at.file_uploader) == 0


def test_logout_and_password_change(env, monkeypatch):
    at = coordinator()
    at.button(key="coord-logout").click().run()
    assert len(at.file_uploader) == 0 and len(at.text_input) == 2
    at = login(at)
    assert len(at.file_uploader) == 1
    monkeypatch.setenv(auth.ENV_VAR, "un-nouveau-mot-de-passe")
    at.run()
    assert len(at.file_uploader) == 0 and len(at.text_input) == 2  # logged out by the change


# ---------------------------------------------------------------- uploads

def current_csv() -> str:
    return export.to_csv_bytes(store.dataset_frame(con(), "assemblies")).decode("utf-8-sig")


def test_the_size_limit_is_told_in_french(env):
    at = coordinator()
    assert at.file_uploader[0].proto.max_upload_size_mb == coordination_view.MAX_UPLOAD_MB  # the browser refuses beyond
    assert f"plus de {coordination_view.MAX_UPLOAD_MB} Mo est refusé dès le dépôt" in " ".join(c.value for c in at.caption)
    big = b"Nom;Pays\n" + b"x;FR\n" * (tabular.MAX_BYTES // 5 + 1)  # sent without the browser: refused, in French
    at.file_uploader[0].upload("gros.csv", big, "text/csv").run()
    assert "au-delà de la limite de 20 Mo" in " ".join(table(at, "Gravité", "Ligne", "Colonne", "Valeur", "Problème")["Problème"])
    assert not any(b.key == "coord-confirm-import" for b in at.button)


def test_broken_file_lists_every_problem_and_writes_nothing(env):
    at = coordinator()
    before = version()
    broken = "Nom;Pays;Latitude;Longitude\nA;FR;abc;2\n;Atlantide;12;3\n".encode()
    at.file_uploader(key="coord-upload-assemblies-0").upload("../../etc/passwd.csv", broken, "text/csv").run()
    assert not at.exception
    assert "Import impossible" in at.error[0].value
    report = table(at, "Gravité", "Ligne", "Colonne", "Valeur", "Problème")
    rows = {(r["Ligne"], r["Colonne"], r["Valeur"]) for _, r in report.iterrows()}
    assert {("2", "Latitude", "abc"), ("3", "Nom", ""), ("3", "Pays", "Atlantide")} <= rows
    assert i18n.md("passwd.csv") in texts(at) and "etc" not in texts(at)  # the bare name, never a path
    assert any(b.key == "coord-report-csv" for b in at.get("download_button"))
    assert not any(b.key == "coord-confirm-import" for b in at.button)
    assert version() == before


def test_report_csv_is_downloadable_and_neutralised():
    upload = read_upload("assemblies", "x.csv", "Nom;Pays;Latitude;Longitude\nA;Atlantide;=1+1;2\n".encode())
    text = coordination.report_csv(upload).decode("utf-8-sig")
    assert text.splitlines()[0] == "Fichier;Gravité;Ligne;Colonne;Valeur;Problème"
    assert "'=1+1" in text and "Atlantide" in text  # a formula from the file is neutralised for Excel


def test_good_file_preview_then_confirm_then_every_session_sees_it(env):
    other_session = open_app("carte", from_home=True)
    assert "**19 assemblées sur 19**" in texts(other_session)
    at = coordinator()
    lines = current_csv().splitlines()
    edited = [lines[0]] + [line.replace("Assemblée citoyenne de Paris;", "Assemblée citoyenne de Paris (ACP);")
                           for line in lines[1:] if not line.startswith("rouen;")]
    edited += ["nantes;Assemblée de Nantes;Nantes;;FR;47,218;-1,553" + ";" * (lines[0].count(";") - 6)]
    before = version()
    at.file_uploader(key="coord-upload-assemblies-0").upload("assemblees.csv", "\n".join(edited).encode(),
                                                             "text/csv").run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Ajoutées": "1", "Modifiées": "1", "Supprimées": "1", "Inchangées": "17"}
    changed = table(at, *CHANGED)
    assert changed.iloc[0].tolist() == ["paris", "Assemblée citoyenne de Paris (ACP)", "Nom",
                                        "Assemblée citoyenne de Paris", "Assemblée citoyenne de Paris (ACP)"]
    assert table(at, *REMOVED).iloc[0].tolist() == ["rouen", "Assemblée citoyenne de Rouen"]
    assert "1 ligne actuelle absente du fichier sera supprimée" in texts(at)
    assert version() == before  # nothing written before the confirmation

    at.button(key="coord-confirm-import").click().run()
    assert not at.exception
    assert "Import n°" in at.success[0].value and i18n.md("assemblees.csv") in at.success[0].value
    assert version() == before + 1
    assert at.file_uploader[0].key == "coord-upload-assemblies-1"  # a fresh uploader
    other_session.run()  # another open session, on its next run
    assert "**19 assemblées sur 19**" in texts(other_session)
    spec = json.loads(other_session.get("deck_gl_json_chart")[0].proto.json)
    points = str(next(layer["data"] for layer in spec["layers"] if layer["id"] == "assemblies"))
    assert "Assemblée de Nantes" in points and "Assemblée citoyenne de Rouen" not in points
    history = store.history(con())
    assert history.iloc[0]["imported_by"] == "Camille" and history.iloc[0]["file_name"] == "assemblees.csv"


def test_a_file_that_changes_nothing_cannot_be_confirmed(env):
    at = coordinator()
    at.file_uploader(key="coord-upload-assemblies-0").upload("export.csv", current_csv().encode(), "text/csv").run()
    assert "rien à importer" in texts(at)
    assert not any(b.key == "coord-confirm-import" for b in at.button)


def test_a_file_without_some_columns_keeps_them_says_so_and_changes_nothing(env):
    """Description and Commanditaire deleted from the export in a spreadsheet: nothing to import, and said why."""
    frame = store.dataset_frame(con(), "assemblies").drop(columns=["Description", "Commanditaire"])
    at = coordinator()
    at.file_uploader(key="coord-upload-assemblies-0").upload("deux_colonnes_en_moins.csv", export.to_csv_bytes(frame),
                                                             "text/csv").run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric} == {"Ajoutées": "0", "Modifiées": "0", "Supprimées": "0",
                                                      "Inchangées": "19"}
    assert "rien à importer" in texts(at)
    assert not any(b.key == "coord-confirm-import" for b in at.button)
    report = table(at, "Gravité", "Ligne", "Colonne", "Valeur", "Problème")
    said = [m for m in report["Problème"] if "colonnes absentes du fichier, valeurs conservées" in m]
    assert len(said) == 1 and "« Description »" in said[0] and "« Commanditaire »" in said[0]


@pytest.mark.parametrize("name", ["assemblies.ods", "assemblies.xls"])
def test_a_libreoffice_workbook_goes_through_the_uploader(env, name):
    # Streamlit refuses a file whose extension is not in UPLOAD_TYPES; these LibreOffice files hold the seeded data
    at = coordinator()
    assert {f"coord-{what}-{fmt}-assemblies" for what in ("template", "current") for fmt in ("csv", "xlsx", "ods")} <= {
        b.key for b in at.get("download_button")}
    data = (FIXTURES / "libreoffice" / name).read_bytes()
    at.file_uploader(key="coord-upload-assemblies-0").upload(name, data, "application/octet-stream").run()
    assert not at.exception and not at.error
    assert "rien à importer" in texts(at) and i18n.md(name) in texts(at)


def test_survey_upload_asks_for_the_wave(env):
    at = coordinator()
    at.radio(key="coord-dataset").set_value("survey").run()
    assert at.radio(key="coord-wave-mode").value == "new"
    at.text_input(key="coord-wave-code").input("2025-04").run()
    assert "existe déjà" in at.error[0].value and len(at.file_uploader) == 0
    at.text_input(key="coord-wave-code").input("2026-01").run()
    at.file_uploader(key="coord-upload-survey-0").upload("vague.csv", coordination.template_csv("survey"),
                                                         "text/csv").run()
    assert not at.exception and not at.error
    assert f"Nouvelle vague « {i18n.md('2026-01')} »" in texts(at)
    at.button(key="coord-confirm-import").click().run()
    waves = store.read_table(con(), "survey_waves")
    assert sorted(waves["wave"]) == ["2025-04", "2026-01"]


def test_survey_replace_an_existing_wave(env):
    at = coordinator()
    at.radio(key="coord-dataset").set_value("survey").run()
    at.radio(key="coord-wave-mode").set_value("replace").run()
    assert at.selectbox(key="coord-wave-pick").value == "2025-04"
    at.file_uploader(key="coord-upload-survey-0").upload("vague.csv", coordination.template_csv("survey"),
                                                         "text/csv").run()
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Supprimées"] != "0"  # the wave's old themes go
    at.button(key="coord-confirm-import").click().run()
    assert list(store.read_table(con(), "survey_waves")["wave"]) == ["2025-04"]


def test_participants_upload_keeps_counts_only(env):
    fixture = FIXTURES / "participants" / "inscriptions_webinaire.csv"
    at = coordinator()
    at.radio(key="coord-dataset").set_value("participants").run()
    assert at.selectbox(key="coord-session-pick").value == "webinaire-introductif"
    assert any(b.key == "coord-template-csv-participants" for b in at.get("download_button"))
    at.file_uploader(key="coord-upload-participants-0").upload(fixture.name, fixture.read_bytes(), "text/csv").run()
    assert not at.exception and not at.error
    shown = texts(at) + "\n".join(str(v) for t in at.table for v in t.value.to_numpy().ravel())
    assert "colonnes ignorées et non conservées" in shown and i18n.md("Adresse e-mail") in shown
    assert "exemple-fictif" not in shown and "Quillebeuf" not in shown
    assert {m.label: m.value for m in at.metric}["Ajoutées"] == "17"  # the profile and its 16 counts
    before = version()
    at.button(key="coord-confirm-import").click().run()
    assert not at.exception and version() == before + 1
    profiles = store.read_table(con(), "participant_profiles")
    assert profiles.to_dict("records") == [{"session": "webinaire-introductif", "registrants": 20}]
    page = open_app("sondage", from_home=True)
    assert [m.value for m in page.metric] == ["20"]


def test_history_and_rollback_after_confirmation(env):
    at = coordinator()
    lines = current_csv().splitlines()
    at.file_uploader(key="coord-upload-assemblies-0").upload(
        "moins.csv", "\n".join(line for line in lines if not line.startswith("paris;")).encode(), "text/csv").run()
    at.button(key="coord-confirm-import").click().run()
    imported = version()
    assert "paris" not in set(store.read_table(con(), "assemblies")["id"])

    at.segmented_control(key="coord-section").set_value("history").run()
    history = table(at, *HISTORY)
    assert history.iloc[0]["N°"] == imported and history.iloc[0]["Fichier"] == "moins.csv"
    assert history.iloc[0]["Par"] == "Camille" and history.iloc[0]["Nature"] == "Import de fichier"
    picker = next(s for s in at.selectbox if s.key.startswith("coord-rollback-pick"))
    picker.set_value(imported).run()
    assert version() == imported  # choosing is not confirming
    assert table(at, *ADDED).iloc[0].tolist()[:2] == [
        "paris", "Assemblée citoyenne de Paris"]
    at.button(key="coord-confirm-rollback").click().run()
    assert not at.exception and "Données rétablies" in at.success[0].value
    assert "paris" in set(store.read_table(con(), "assemblies")["id"])
    assert store.history(con()).iloc[0]["outcome"] == "rollback"


# ---------------------------------------------------------------- proposals

FORM = "prop-form-new-0"


def fill(at: AppTest, form: str = FORM, **values) -> AppTest:
    for name, value in values.items():
        key = f"{form}-{name}"
        widget = next((w for w in (*at.text_input, *at.text_area, *at.selectbox, *at.radio, *at.multiselect)
                       if w.key == key), None)
        assert widget is not None, key
        widget.set_value(value)
    return at


def send(at: AppTest, form: str = FORM) -> AppTest:
    return at.button(key=f"FormSubmitter:{form}-Envoyer la proposition").click().run()


def test_the_form_has_the_fiche_fields_with_required_ones_marked(env):
    at = open_app("proposer", from_home=True)
    assert not at.exception
    labels = [w.label for w in (*at.text_input, *at.text_area, *at.selectbox, *at.radio, *at.multiselect)]
    assert "Nom *" in labels and "Pays *" in labels and "Ville" in labels and "Mode de sélection" in labels
    assert "Latitude" in labels and "Sources" in labels and "Nombre de membres" in labels
    assert at.text_input(key=f"{FORM}-name").proto.max_chars == 200
    assert at.text_area(key=f"{FORM}-description").proto.max_chars == 4000


def test_a_proposal_waits_then_validated_shows_then_rolls_back(env):
    before = version()
    at = open_app("proposer", from_home=True)
    send(fill(at, name="Assemblée citoyenne de Nantes", city="Nantes", country="FR", latitude="47,218",
              longitude="-1,553", level="municipal", hearings=True, by="Dominique"))
    assert not at.exception and "proposition n° 1 est enregistrée" in at.success[0].value
    assert version() == before
    table = open_app("assemblees", from_home=True)
    assert "Assemblée citoyenne de Nantes" not in set(table.dataframe[0].value["Nom"])

    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    assert "nouvelle assemblée : Assemblée citoyenne de Nantes" in texts(coord)
    assert "par Dominique" in " ".join(c.value for c in coord.caption)
    coord.button(key="coord-validate-1").click().run()
    assert not coord.exception and "validée et publiée" in coord.success[0].value
    assert version() == before + 1
    table.run()
    assert "Assemblée citoyenne de Nantes" in set(table.dataframe[0].value["Nom"])
    assert "**20 assemblées sur 20**" in texts(table)

    store.rollback(con(), before + 1, by="test")
    table.run()
    assert "Assemblée citoyenne de Nantes" not in set(table.dataframe[0].value["Nom"])


def test_form_errors_are_shown_and_nothing_is_sent(env):
    at = open_app("proposer", from_home=True)
    send(fill(at, name="", latitude="abc", website="javascript:alert(1)"))
    message = at.error[0].value
    assert "n'est pas envoyée" in message and "Nom" in message and "Latitude" in message and "Site web" in message
    assert store.pending_count(con()) == 0


def test_a_correction_is_prefilled_from_the_fiche(env):
    at = open_app("proposer", from_home=True, id="paris")
    form = "prop-form-paris-0"
    assert at.text_input(key=f"{form}-name").value == "Assemblée citoyenne de Paris"
    assert at.selectbox(key=f"{form}-country").value == "FR"
    assert at.text_input(key=f"{form}-latitude").value == "48,857"
    send(fill(at, form, members="120"), form)
    assert "enregistrée" in at.success[0].value
    p = store.proposal(con(), 1)
    assert p["kind"] == "correction" and p["target_id"] == "paris" and '"members": "120"' in p["changes"]


def test_a_waiting_proposal_is_never_named_to_a_member(env):
    checked = proposals.check(con(), {"name": "Nom à ne pas montrer", "country": "FR", "latitude": "47,5",
                                      "longitude": "1,5"})
    proposals.submit(con(), checked)
    at = open_app("proposer", from_home=True)
    send(fill(at, name="Conseil citoyen voisin", country="FR", latitude="47,505", longitude="1,5"))
    assert "existe peut-être déjà" in at.warning[0].value and "proposition, en attente (n° 1)" in at.warning[0].value
    assert "ne pas montrer" not in texts(at)
    at.button(key="prop-send-anyway").click().run()  # the member may still send it
    assert "enregistrée" in at.success[0].value
    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    assert any("« Nom à ne pas montrer »" in w.value for w in coord.warning)  # the coordinator sees the name


def test_a_likely_duplicate_is_flagged_before_sending(env):
    at = open_app("proposer", from_home=True)
    send(fill(at, name="assemblee citoyenne de PARIS", country="FR"))
    assert "existe peut-être déjà" in at.warning[0].value and "Assemblée citoyenne de Paris" in at.warning[0].value
    assert store.pending_count(con()) == 0
    assert at.get("page_link")[-1].proto.page.endswith("fiche") or any(
        "paris" in str(p.proto.query_string) for p in at.get("page_link"))
    at.button(key="prop-send-anyway").click().run()
    assert "enregistrée" in at.success[0].value and store.pending_count(con()) == 1
    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    assert "Doublon probable" in texts(coord) and "même nom que la fiche publiée" in texts(coord)


def test_reject_needs_a_reason_and_shows_nowhere(env):
    at = open_app("proposer", from_home=True)
    send(fill(at, name="Assemblée fantôme", country="FR", latitude="44", longitude="1"))
    before = version()
    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    coord.button(key="coord-reject-1").click().run()
    assert "motif" in coord.error[0].value and store.proposal(con(), 1)["status"] == "pending"
    coord.text_input(key="coord-reason-1").input("Inconnue des sources.")
    coord.button(key="coord-reject-1").click().run()
    assert "refusée" in coord.info[0].value
    assert store.proposal(con(), 1)["status"] == "rejected" and version() == before
    assert table(coord, *DECIDED).iloc[0]["Motif"] == "Inconnue des sources."
    for page in ("carte", "assemblees", "typologie"):
        assert "Assemblée fantôme" not in str(open_app(page, from_home=True).main)


def test_hostile_values_are_escaped_in_the_queue(env):
    hostile = "<img src=x onerror=alert(1)> **gras** [lien](javascript:alert(2))"
    checked = proposals.check(con(), {"name": hostile[:200], "country": "FR"})
    proposals.submit(con(), checked, submitted_by="<b>moi</b>", message="[clic](javascript:alert(3))")
    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    shown = texts(coord) + " ".join(c.value for c in coord.caption)
    assert i18n.md(hostile) in shown and "<img" not in shown and "**gras**" not in shown
    assert "](javascript" not in shown and "<b>" not in shown


def test_per_session_limit(env):
    at = open_app()
    at.session_state[SENT] = proposals.SESSION_LIMIT
    at.switch_page("pages/proposer.py")
    at.run()
    assert "le maximum" in at.info[0].value and not at.get("form")


def test_links_to_the_proposal_form(env):
    fiche = open_app("fiche", from_home=True, id="paris")
    links = [(p.proto.label, p.proto.page, p.proto.query_string) for p in fiche.get("page_link")]
    assert any("Proposer une correction / une nouvelle assemblée" in label and "id=paris" in query
               for label, _, query in links), links
    carte = open_app("carte", from_home=True)
    assert any("Proposer une nouvelle assemblée" in p.proto.label for p in carte.get("page_link"))
    table = open_app("assemblees", from_home=True)
    assert any("Proposer une nouvelle assemblée" in p.proto.label for p in table.get("page_link"))


def test_english_labels(env):
    at = login(open_app("coordination", from_home=True, lang="en"))
    assert "Logged in: **Camille**" in texts(at)
    assert list(at.segmented_control(key="coord-section").options) == [
        "Import data", "Pending proposals (0)", "History and rollback",
        i18n.t("coord_section_backup", "en")]  # its English is left to the translators (tests/test_catalogs.py)
    assert at.radio(key="coord-dataset").options == ["Assemblies", "Survey", "Calendar", "Participants", "Editions"]
    form = open_app("proposer", from_home=True, lang="en")
    assert "Propose an assembly or a correction" == form.title[0].value


@pytest.mark.parametrize(("lang", "columns", "said"), [
    ("en", ("Severity", "Row", "Column", "Value", "Problem"), "unknown country"),
    ("de", ("Schweregrad", "Zeile", "Spalte", "Wert", "Problem"), "Unbekanntes Land"),
])
def test_the_report_is_in_the_readers_language(env, lang, columns, said):
    """A coordinator reading the page in English or German reads the import's problems in that language."""
    at = coordinator(lang=lang)
    broken = "Nom;Pays;Latitude;Longitude;Échelon\nA;Atlantide;48,8;2,3;Comune\n".encode()
    at.file_uploader(key="coord-upload-assemblies-0").upload("casse.csv", broken, "text/csv").run()
    assert not at.exception
    report = table(at, *columns)
    assert report[columns[2]].tolist() == ["Pays", "Échelon"]  # the file's headers, as written in the file
    messages = report[columns[4]].tolist()
    assert said.lower() in messages[0].lower(), messages
    assert {"en": "Level", "de": "Ebene"}[lang] in messages[1], messages
    for text in messages:
        assert not re.search(r"\b(valeur|attendu|pays inconnu|Vouliez-vous)\b", text), text


# ---------------------------------------------------------------- the helpers

@pytest.mark.parametrize("dataset", ["assemblies", "survey", "sessions", "participants"])
def test_templates_have_french_headers_and_import_cleanly(dataset, seeded_db):
    data = coordination.template_csv(dataset)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith({"assemblies": "Identifiant;Nom;Ville", "survey": "Vague;Titre de la vague",
                              "sessions": "Identifiant;Date;Début", "participants": "Statut;Expérience(s)"}[dataset])
    c = store.connect(seeded_db)
    try:
        context = {**store.ingest_context(c), "wave": "2026-01"}
        for name, payload in (("modele.csv", data), ("modele.xlsx", coordination.template_xlsx(dataset)),
                              ("modele.ods", coordination.template_ods(dataset))):
            upload = read_upload(dataset, name, payload, context)
            assert upload.ok, upload.report()
            assert upload.rows == 2
    finally:
        c.close()


@pytest.mark.parametrize("dataset", ["assemblies", "sessions", "survey"])
def test_reimporting_an_export_previews_no_change(dataset, seeded_db):
    c = store.connect(seeded_db)
    try:
        frame = store.dataset_frame(c, dataset)
        upload = read_upload(dataset, "export.csv", export.to_csv_bytes(frame), store.ingest_context(c))
        assert upload.ok, upload.report()
        diff = coordination.upload_diff(c, upload)
        assert diff.empty and diff.unchanged > 0
    finally:
        c.close()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_preview_of_a_file_without_some_columns_counts_only_real_changes(seeded_db, kind):
    c = store.connect(seeded_db)
    try:
        frame = store.dataset_frame(c, "assemblies").drop(columns=["Description", "Commanditaire"])
        frame.loc[frame["Identifiant"] == "paris", "Nom"] = "Assemblée citoyenne de Paris (ACP)"
        data = export.to_csv_bytes(frame) if kind == "csv" else export.to_xlsx_bytes(frame)
        upload = read_upload("assemblies", f"export.{kind}", data, store.ingest_context(c),
                             current=functools.partial(store.read_table, c))
        assert upload.ok, upload.report()
        diff = coordination.upload_diff(c, upload)
        assert [(ch.key, [f for f, _, _ in ch.fields]) for ch in diff.changed] == [("paris", ["Nom"])]
        assert diff.unchanged == 18 and diff.added == [] and diff.removed == []
    finally:
        c.close()


def test_survey_preview_compares_by_wave_and_theme(seeded_db):
    c = store.connect(seeded_db)
    try:
        frame = store.dataset_frame(c, "survey")
        frame.loc[frame["1"].notna(), "1"] = frame.loc[frame["1"].notna(), "1"].astype(int) + 1
        upload = read_upload("survey", "vague.csv", export.to_csv_bytes(frame), store.ingest_context(c))
        assert upload.ok, upload.report()
        diff = coordination.upload_diff(c, upload)
        themes = [ch for ch in diff.changed if "\x1f" in ch.key]
        assert len(themes) == 5 and all(f == "Priorité 1 (effectif)" for ch in themes for f, _, _ in ch.fields)
        assert [ch.key for ch in diff.changed if "\x1f" not in ch.key] == ["2025-04"]  # respondents changed
        assert diff.added == [] and diff.removed == [] and diff.new_waves == []
    finally:
        c.close()


def test_history_frame_reads_in_french(seeded_db):
    c = store.connect(seeded_db)
    try:
        frame = coordination.history_frame(store.history(c))
    finally:
        c.close()
    assert list(frame.columns) == ["N°", "Date", "Jeu de données", "Nature", "Fichier", "Lignes", "Par", "Remarque"]
    assert set(frame["Jeu de données"]) == {"Assemblées", "Sondage", "Calendrier"}
    assert set(frame["Nature"]) == {"Import de fichier"}


def test_wave_codes():
    assert coordination.wave_problem("2026-01", {"2025-04"}, False) is None
    assert "existe déjà" in coordination.wave_problem("2025-04", {"2025-04"}, False)
    assert coordination.wave_problem("2025-04", {"2025-04"}, True) is None
    assert "invalide" in coordination.wave_problem("../x", set(), False)
    assert coordination.wave_problem(" ", set(), False)


def test_shown_values():
    from acp.schema import ASSEMBLIES

    assert coordination.shown(48.857, ASSEMBLIES.column("latitude")) == "48,857"
    assert coordination.shown(pd.NA, ASSEMBLIES.column("members")) == ""
    assert coordination.shown(["citizens", "executive"], ASSEMBLIES.column("topics_from")) == "Citoyen·nes | Exécutif"
    assert coordination.shown(True, ASSEMBLIES.column("hearings")) == "Oui"


def test_a_member_proposes_an_edition_the_coordination_validates_it(env):
    at = open_app("proposer", from_home=True, kind="edition", id="paris")
    assert not at.exception and at.radio(key="prop-kind").value == "edition"
    form = "prop-edition-paris-0"
    labels = [w.label for w in (*at.text_input, *at.text_area, *at.selectbox, *at.multiselect)]
    assert "Édition *" in labels and "Début" in labels and "Réponse de l'autorité" in labels
    send(fill(at, form, label="Deuxième cohorte", start="11/2021", end="06/2021"), form)
    assert "n'est pas envoyée" in at.error[0].value and "Fin" in at.error[0].value
    send(fill(at, form, end="06/2022", recommendations="20", adopted="12", response="council_vote"), form)
    assert not at.exception and "enregistrée" in at.success[0].value
    p = store.proposal(con(), 1)
    assert p["kind"] == "edition" and p["target_id"] == "paris"
    coord = coordinator()
    coord.segmented_control(key="coord-section").set_value("proposals").run()
    assert "nouvelle édition de « paris » : Deuxième cohorte" in texts(coord)
    coord.button(key="coord-validate-1").click().run()
    assert not coord.exception
    assert con().execute("SELECT label, start, \"end\", adopted FROM editions").fetchall() == [
        ("Deuxième cohorte", "2021-11", "2022-06", 12)]


def test_a_correction_can_give_the_accountability_of_an_assembly(env):
    at = open_app("proposer", from_home=True, id="paris")
    form = "prop-form-paris-0"
    send(fill(at, form, legal_basis="Délibération du Conseil de Paris", legal_basis_date="novembre 2021",
              duty_to_respond=True, response_delay_months="6"), form)
    assert not at.exception and "enregistrée" in at.success[0].value
    checked = proposals.review(con(), store.proposal(con(), 1))
    assert checked.ok and checked.record["legal_basis_date"] == "2021-11" and checked.record["duty_to_respond"] is True
    proposals.validate(con(), 1, by="test")
    assert con().execute("SELECT legal_basis_date, duty_to_respond, response_delay_months FROM assemblies "
                         "WHERE id = 'paris'").fetchone() == ("2021-11", True, 6.0)
