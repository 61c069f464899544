"""Members' proposals: checks with the importer's rules, likely duplicates, limits, and the
coordinator's decisions (validated like an import and reversible; rejected with a reason)."""
import datetime as dt
import json

import pytest

from acp import proposals, store
from acp.schema import ASSEMBLIES

PARIS = (48.857, 2.352)


@pytest.fixture
def con(seeded_db):
    c = store.connect(seeded_db)
    yield c
    c.close()


def new_texts(**fields) -> dict:
    base = {"name": "Assemblée citoyenne de Nantes", "city": "Nantes", "country": "FR", "latitude": "47,218",
            "longitude": "-1,553", "start_year": "2024", "level": "municipal", "selection": "Tirage au sort",
            "functions": "policy_recommendations | citizen_watch", "hearings": "Oui",
            "sources": "https://www.nantes.fr/assemblee\nCompte rendu du conseil, 2024"}
    base.update(fields)
    return base


def assemblies(con):
    return store.read_table(con, "assemblies").set_index("id")


# ---------------------------------------------------------------- checking

def test_a_new_assembly_is_read_with_the_importers_rules(con):
    checked = proposals.check(con, new_texts())
    assert checked.ok, checked.problems
    record = checked.record
    assert record["id"] == "assemblee-citoyenne-de-nantes"
    assert record["latitude"] == 47.218 and record["longitude"] == -1.553  # decimal commas
    assert record["selection"] == "sortition" and record["level"] == "municipal"  # labels -> codes
    assert record["functions"] == ["policy_recommendations", "citizen_watch"]
    assert record["hearings"] is True and record["start_year"] == 2024
    assert record["sources"] == ["https://www.nantes.fr/assemblee", "Compte rendu du conseil, 2024"]
    assert set(checked.changes) == {"name", "city", "country", "latitude", "longitude", "start_year", "level",
                                    "selection", "functions", "hearings", "sources"}
    assert checked.duplicates == []


@pytest.mark.parametrize("fields, column, words", [
    ({"name": ""}, "Nom", "obligatoire"),
    ({"country": "Atlantide"}, "Pays", "pays inconnu"),
    ({"latitude": "abc"}, "Latitude", "nombre attendu"),
    ({"latitude": "95"}, "Latitude", "hors limites"),
    ({"longitude": ""}, "Longitude", "incomplètes"),
    ({"start_year": "2024", "end_year": "2020"}, "Année de fin", "précède"),
    ({"website": "javascript:alert(1)"}, "Site web", "http"),
    ({"sources": "data:text/html,<script>alert(1)</script>"}, "Sources", "http"),
    ({"name": "x" * 201}, "Nom", "trop long"),
    ({"description": "y" * 4001}, "Description", "trop long"),
    ({"city": "Nan\x07tes"}, "Ville", "contrôle"),
    ({"selection": "tirage o sort"}, "Mode de sélection", "Vouliez-vous dire"),
])
def test_every_field_is_checked(con, fields, column, words):
    checked = proposals.check(con, new_texts(**fields))
    assert not checked.ok
    assert any(p.column == column and words in p.message for p in checked.problems.errors), checked.problems


def test_every_form_field_has_a_length_limit():
    for name in proposals.FORM_FIELDS:
        column = ASSEMBLIES.column(name)
        assert column.max_length <= 4000
    assert {n for n in proposals.REQUIRED} == {"name", "country"}
    assert [m.max_length for m in proposals._META.values()] == [100, 200, 1000]
    assert proposals.meta_problems("a" * 101, "", "") and proposals.meta_problems("", "", "m" * 1001)
    assert proposals.meta_problems("", "javascript:alert(1)", "")
    assert proposals.meta_problems("Camille", "camille@example.org", "Bonjour") == []


def test_a_correction_keeps_only_the_changed_fields(con):
    current = proposals.record_texts(proposals.read_fiche(con, "paris"))
    checked = proposals.check(con, {**current, "members": "120", "website": "https://www.paris.fr/acp"}, "paris")
    assert checked.ok, checked.problems
    assert checked.changes == {"members": "120", "website": "https://www.paris.fr/acp"}
    labels = [c[0] for c in checked.field_changes()]
    assert labels == ["Site web", "Nombre de membres"]
    assert checked.duplicates == []  # the fiche itself is not its own duplicate


def test_a_correction_that_changes_nothing_is_refused(con):
    current = proposals.record_texts(proposals.read_fiche(con, "paris"))
    checked = proposals.check(con, current, "paris")
    assert not checked.ok and "aucune modification" in checked.problems.errors[0].message


def test_a_correction_of_a_missing_fiche_is_refused(con):
    checked = proposals.check(con, {"name": "X"}, "nope")
    assert not checked.ok and "n'existe plus" in checked.problems.errors[0].message


# ---------------------------------------------------------------- duplicates

def test_duplicate_by_folded_name(con):
    checked = proposals.check(con, new_texts(name="  ASSEMBLEE citoyenne de   paris ", latitude="", longitude=""))
    assert [(d.source, d.ref, d.reason) for d in checked.duplicates] == [("assembly", "paris", "name")]


def test_duplicate_by_distance(con):
    near = proposals.check(con, new_texts(name="Conseil citoyen parisien", latitude="48,8705", longitude="2,352"))
    assert [(d.ref, d.reason) for d in near.duplicates] == [("paris", "distance")]
    assert 1.4 < near.duplicates[0].km < 1.6
    far = proposals.check(con, new_texts(name="Conseil citoyen parisien", latitude="48,884", longitude="2,352"))
    assert far.duplicates == []  # 3 km away


def test_distance_km():
    assert proposals.distance_km(*PARIS, *PARIS) == 0
    assert 390 < proposals.distance_km(*PARIS, 45.764, 4.835) < 395  # Paris - Lyon


def test_duplicate_of_a_waiting_proposal(con):
    first = proposals.check(con, new_texts())
    number = proposals.submit(con, first)
    again = proposals.check(con, new_texts(name="Autre nom", latitude="47,22", longitude="-1,55"))
    assert [(d.source, d.ref, d.reason) for d in again.duplicates] == [("proposal", str(number), "distance")]
    same = proposals.check(con, new_texts())
    assert [(d.source, d.reason) for d in same.duplicates] == [("proposal", "name")]
    # the coordinator's review does not flag the proposal as its own duplicate
    assert proposals.review(con, store.proposal(con, number)).duplicates == []


def test_two_corrections_of_one_fiche_are_flagged(con):
    current = proposals.record_texts(proposals.read_fiche(con, "rouen"))
    number = proposals.submit(con, proposals.check(con, {**current, "members": "33"}, "rouen"))
    second = proposals.check(con, {**current, "members": "34"}, "rouen")
    assert [(d.ref, d.reason) for d in second.duplicates] == [(str(number), "same_fiche")]


def test_duplicates_are_stored_for_the_coordinator(con):
    checked = proposals.check(con, new_texts(name="Assemblée citoyenne de Paris"))
    number = proposals.submit(con, checked)
    stored = proposals.stored_duplicates(store.proposal(con, number))
    assert [(d.ref, d.reason) for d in stored] == [("paris", "name")]
    assert "Assemblée citoyenne de Paris" in proposals.duplicate_text(stored[0])


# ---------------------------------------------------------------- deciding

def test_a_proposal_is_invisible_until_validated_then_reversible(con):
    before_version, before = store.data_version(con), assemblies(con)
    number = proposals.submit(con, proposals.check(con, new_texts()), "Camille", "camille@example.org", "Merci")
    assert store.data_version(con) == before_version  # the map, table and charts read nothing new
    assert len(assemblies(con)) == len(before) and store.pending_count(con) == 1

    import_id = proposals.validate(con, number, by="Coordination")
    after = assemblies(con)
    assert len(after) == len(before) + 1
    row = after.loc["assemblee-citoyenne-de-nantes"]
    assert row["name"] == "Assemblée citoyenne de Nantes" and row["latitude"] == 47.218
    assert list(row["functions"]) == ["policy_recommendations", "citizen_watch"]
    assert row["updated"].date() == dt.date.today()
    assert store.data_version(con) == import_id > before_version
    logged = store.history(con).set_index("id").loc[import_id]
    assert logged["outcome"] == "proposal" and logged["dataset"] == "assemblies"
    assert logged["file_name"] == f"proposition n° {number}" and logged["imported_by"] == "Coordination"
    decided = store.proposal(con, number)
    assert decided["status"] == "validated" and decided["import_id"] == import_id

    store.rollback(con, import_id, by="Coordination")
    assert "assemblee-citoyenne-de-nantes" not in assemblies(con).index
    assert len(assemblies(con)) == len(before)


def test_a_validated_correction_changes_only_its_fields(con):
    current = proposals.record_texts(proposals.read_fiche(con, "paris"))
    number = proposals.submit(con, proposals.check(con, {**current, "members": "120"}, "paris"))
    # meanwhile, an import changes another field of the fiche
    con.execute("UPDATE assemblies SET city = 'Paris (75)' WHERE id = 'paris'")
    before = assemblies(con).loc["paris"]
    proposals.validate(con, number)
    after = assemblies(con).loc["paris"]
    assert after["members"] == 120 and after["city"] == "Paris (75)"
    for name in ("name", "latitude", "description", "level"):
        assert after[name] == before[name]


def test_a_new_assembly_never_replaces_an_existing_id(con):
    number = proposals.submit(con, proposals.check(con, new_texts(name="Paris", latitude="", longitude="")))
    assert proposals.check(con, new_texts(name="Paris")).record["id"] == "paris"
    proposals.validate(con, number)
    table = assemblies(con)
    assert table.loc["paris", "name"] == "Assemblée citoyenne de Paris"
    assert table.loc["paris-2", "name"] == "Paris"


def test_reject_needs_a_reason_and_touches_no_data(con):
    version, before = store.data_version(con), assemblies(con)
    number = proposals.submit(con, proposals.check(con, new_texts()))
    with pytest.raises(store.StoreError, match="motif"):
        proposals.reject(con, number, "   ")
    with pytest.raises(store.StoreError, match="trop long"):
        proposals.reject(con, number, "r" * 501)
    proposals.reject(con, number, "Déjà sur la carte sous un autre nom.", by="Coordination")
    decided = store.proposal(con, number)
    assert decided["status"] == "rejected" and decided["reason"] == "Déjà sur la carte sous un autre nom."
    assert store.data_version(con) == version and len(assemblies(con)) == len(before)
    with pytest.raises(store.StoreError, match="déjà été traitée"):
        proposals.validate(con, number)
    with pytest.raises(store.StoreError, match="déjà été traitée"):
        proposals.reject(con, number, "encore")


def test_a_proposal_that_became_invalid_cannot_be_validated(con):
    current = proposals.record_texts(proposals.read_fiche(con, "rouen"))
    number = proposals.submit(con, proposals.check(con, {**current, "members": "33"}, "rouen"))
    con.execute("DELETE FROM assemblies WHERE id = 'rouen'")
    with pytest.raises(store.StoreError, match="n'existe plus"):
        proposals.validate(con, number)
    assert store.proposal(con, number)["status"] == "pending"


def test_a_full_queue_refuses_new_proposals(con):
    checked = proposals.check(con, new_texts())
    store.add_proposal(con, "new", None, checked.changes, max_pending=1)
    with pytest.raises(store.StoreError, match="pleine"):
        store.add_proposal(con, "new", None, checked.changes, max_pending=1)


def test_proposals_from_everyone_are_limited_per_hour(con):
    """New browser sessions reset the per-session limit: the hourly limit holds across them."""
    checked = proposals.check(con, new_texts())
    for _ in range(2):
        store.add_proposal(con, "new", None, checked.changes, max_per_hour=2)
    before = len(store.proposals(con, "pending"))
    with pytest.raises(store.StoreError, match="dernière heure"):
        store.add_proposal(con, "new", None, checked.changes, max_per_hour=2)
    assert len(store.proposals(con, "pending")) == before
    con.execute("UPDATE proposals SET submitted_at = submitted_at - INTERVAL 2 HOUR")
    assert store.add_proposal(con, "new", None, checked.changes, max_per_hour=2)


def test_a_proposal_with_errors_cannot_be_sent(con):
    with pytest.raises(ValueError):
        proposals.submit(con, proposals.check(con, new_texts(latitude="abc")))
    with pytest.raises(store.StoreError, match="101 caractères") as refused:  # said to the member, in their language
        proposals.submit(con, proposals.check(con, new_texts()), submitted_by="n" * 101)
    assert "101" in refused.value.render("en") and "Votre nom" not in refused.value.render("en")
    assert store.pending_count(con) == 0


def test_the_queue_keeps_what_was_typed(con):
    number = proposals.submit(con, proposals.check(con, new_texts(name="<img src=x onerror=alert(1)>")))
    stored = store.proposal(con, number)
    assert json.loads(stored["changes"])["name"] == "<img src=x onerror=alert(1)>"
    assert stored["status"] == "pending" and stored["kind"] == "new" and stored["target_id"] is None


def test_existing_store_functions_keep_their_behaviour(con):
    # proposals live in their own table: the datasets' tables, history and rollback are as before
    assert "proposals" not in store.TABLE_COLUMNS
    assert set(store.history(con)["outcome"]) == {"import"}
