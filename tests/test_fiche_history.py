"""A fiche's history from the store's snapshots: an import, a validated proposal and a rollback, field by field,
newest first; a pending proposal is never shown."""
from __future__ import annotations

import pytest

from acp import export, fiche_history, proposals, store
from acp.ingest import read_upload


@pytest.fixture
def con(seeded_db):
    c = store.connect(seeded_db)
    yield c
    c.close()


def import_with(con, changes: dict[str, dict[str, str]]) -> int:
    """Import the assemblies as they are, with `changes` (id → {French header: text}) made in the file."""
    frame = store.dataset_frame(con, "assemblies")
    for assembly_id, values in changes.items():
        for header, text in values.items():
            frame.loc[frame["Identifiant"] == assembly_id, header] = text
    upload = read_upload("assemblies", "corrections.csv", export.to_csv_bytes(frame), store.ingest_context(con))
    assert upload.ok, upload.report()
    return store.apply_upload(con, upload, by="Coordination")


def test_seeded_fiche_was_added_by_the_embedded_data(con):
    changes = fiche_history.history(con, "paris")
    assert [(c.kind, c.outcome, c.file_name) for c in changes] == [("created", "import", "assemblies.csv")]
    assert changes[0].rows("fr") == [("Fiche ajoutée", "", "")]


def test_import_proposal_and_rollback_field_by_field_newest_first(con):
    first = import_with(con, {"paris": {"Nombre de membres": "120", "Ville": "Paris (75)"}, "rouen": {"Ville": "Rouen"}})
    current = proposals.record_texts(proposals.read_fiche(con, "paris"))
    pending = proposals.submit(con, proposals.check(con, {**current, "mandate_months": "24"}, "paris"),
                               "Camille", "camille@example.org", "Texte privé de la proposition")
    assert [c.import_id for c in fiche_history.history(con, "paris")][0] == first  # pending: not in the history
    number = proposals.submit(con, proposals.check(con, {**current, "members": "150"}, "paris"))
    validated = proposals.validate(con, number, by="Coordination")
    back = store.rollback(con, first, by="Coordination")

    changes = fiche_history.history(con, "paris")
    assert [c.import_id for c in changes][:3] == [back, validated, first]
    assert changes[-1].kind == "created"

    rollback, proposal, imported = changes[:3]
    assert rollback.outcome == "rollback" and rollback.how("fr") == f"Retour à l'état d'avant l'import n° {first}"
    assert dict((n, (b, a)) for n, b, a in rollback.fields)["members"] == (150, 100)
    assert ("Ville", "Paris (75)", "Paris") in rollback.rows("fr")
    assert proposal.outcome == "proposal" and proposal.how("fr") == f"Proposition validée (proposition n° {number})"
    assert ("Nombre de membres", "120", "150") in proposal.rows("fr")
    assert imported.how("fr") == f"Import n° {first} (corrections.csv)"
    assert ("Nombre de membres", "100", "120") in imported.rows("fr") and ("Ville", "Paris", "Paris (75)") in imported.rows("fr")
    names = {n for c in changes for n, _, _ in c.fields}
    assert "id" not in names and "mandate_months" not in names  # the pending proposal's value is nowhere
    shown = repr([c.rows("fr") for c in changes]) + repr([c.how("fr") for c in changes])
    assert "Texte privé" not in shown and "Camille" not in shown and "Coordination" not in shown
    assert pending  # still pending
    assert [c.kind for c in fiche_history.history(con, "rouen")] == ["created"]  # its value was the same: no change


def test_a_removed_and_a_missing_snapshot(con):
    frame = store.dataset_frame(con, "assemblies")
    frame = frame[frame["Identifiant"] != "nancy"]
    upload = read_upload("assemblies", "sans-nancy.csv", export.to_csv_bytes(frame), store.ingest_context(con))
    removed = store.apply_upload(con, upload)
    assert [(c.import_id, c.kind) for c in fiche_history.history(con, "nancy")][0] == (removed, "removed")
    assert fiche_history.history(con, "nancy")[0].rows("fr") == [("Fiche retirée", "", "")]
    con.execute(f"DROP TABLE snap_{removed}_assemblies")  # a snapshot no longer kept: that write is left out
    assert removed not in [c.import_id for c in fiche_history.history(con, "nancy")]


def test_data_date_is_the_last_write_to_the_assemblies(con):
    seeded = fiche_history.data_date(con)
    assert seeded is not None
    import_with(con, {"paris": {"Nombre de membres": "101"}})
    assert fiche_history.data_date(con) >= seeded
    assert fiche_history.history(con, "no-such-id") == []
