"""AppTest of the home page: key figures from the database, French labels, no raw codes."""
from acp import i18n

from support import EXAMPLES, open_app


def test_home_shows_key_figures_from_the_database(app_env):
    at = open_app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Assemblées"] == "19"
    assert metrics["Pays"] == "8"
    assert "Prochaine séance" in [h.value for h in at.subheader]


def test_home_follows_an_import(app_env):
    from acp import store
    from acp.ingest import read_upload
    from acp.store import process

    at = open_app()
    assert {m.label: m.value for m in at.metric}["Assemblées"] == "19"
    data = (EXAMPLES / "assemblies_excel_fr.csv").read_bytes()
    upload = read_upload("assemblies", "assemblies_excel_fr.csv", data, {})
    # The app's process-wide connection is the only writer, as on the coordination page.
    store.apply_upload(process.connection(str(app_env)), upload, by="test")
    at.run()
    assert {m.label: m.value for m in at.metric}["Assemblées"] == "6"


def test_home_in_english(app_env):
    at = open_app(lang="en")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Assemblies", "Countries", "Active", "Created since 2019", i18n.t("editions_documented", "en")]
