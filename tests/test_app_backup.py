"""The coordination area's « Sauvegarde et dépôt » as AppTests: the repository's state, a backup to download, a
restore previewed then confirmed."""
import html

import pytest

from acp import auth, backup, export, store
from acp.ingest import read_upload
from acp.store import datarepo
from acp.ui import data

from support import open_app

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def env(app_env, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, PASSWORD)
    monkeypatch.delenv("ACP_DATA_REPO", raising=False)
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    auth.reset_throttles()
    yield app_env
    auth.reset_throttles()
    store.flush_exports(60)
    datarepo.forget()


def section():
    at = open_app("coordination", from_home=True)
    at.text_input(key="coord-login-name").input("Camille")
    at.text_input(key="coord-login-password").input(PASSWORD)
    next(b for b in at.button if b.key.startswith("FormSubmitter:coord-login-")).click().run()
    at.segmented_control(key="coord-section").set_value("backup").run()
    assert not at.exception
    return at


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [e.value for e in (*at.error, *at.warning, *at.info, *at.success)])


def test_the_backup_and_a_restore_previewed_then_confirmed(env):
    cur = data.cursor()
    archive = backup.make(cur)
    frame = store.dataset_frame(cur, "assemblies")
    frame.loc[0, "Nom"] = "Assemblée renommée"
    store.apply_upload(cur, read_upload("assemblies", "renommee.csv", export.to_csv_bytes(frame),
                                        store.ingest_context(cur)))
    at = section()
    assert "Aucun dépôt de données n'est configuré" in texts(at)
    assert [b.key for b in at.get("download_button")] == ["coord-backup-download"]
    before = store.data_version(cur)
    at.file_uploader(key="coord-restore-file-0").upload("sauvegarde.zip", archive, "application/zip").run()
    assert not at.exception and not at.error
    assert "Sauvegarde du" in texts(at) and "Assemblées : remplacé en entier" in texts(at)
    assert "1" in [m.value for m in at.metric if m.label == "Modifiées"]
    assert store.data_version(cur) == before  # nothing written before the confirmation
    at.button(key="coord-restore-confirm").click().run()
    assert not at.exception and "Sauvegarde restaurée" in at.success[0].value
    assert store.data_version(cur) > before
    assert store.history(cur).iloc[0]["imported_by"] == "Camille"


def test_a_foreign_zip_is_refused_in_the_page(env):
    at = section()
    at.file_uploader(key="coord-restore-file-0").upload("autre.zip", b"PK\x05\x06" + b"\0" * 18, "application/zip").run()
    assert not at.exception and "Sauvegarde refusée" in at.error[0].value
    assert not [b for b in at.button if b.key == "coord-restore-confirm"]


def test_the_repository_state_is_shown_without_credentials(env, monkeypatch, tmp_path):
    monkeypatch.setattr(datarepo, "resume_later", lambda base=None: None)  # no clone, no push: only the state
    monkeypatch.setenv("ACP_DATA_REPO", "https://x-access-token:s3cr3t-t0ken@example.invalid/acp/data.git")
    at = section()
    shown = html.unescape(texts(at))
    assert "example.invalid/acp/data.git" in shown and "s3cr3t" not in shown
    assert "Aucun commit n'a encore été envoyé" in shown
