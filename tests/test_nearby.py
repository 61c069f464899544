"""« Assemblées proches » on hand-made assemblies: the documented similarity (acp.nearby), its ranking and reasons."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from acp import nearby

BASE = {"id": "a", "name": "A", "level": "municipal", "initiated_by": "public_authority",
        "topics_from": ["executive"], "functions": ["policy_recommendations", "citizen_watch"],
        "selection": "stratified_sortition", "specialisation": "general", "members": 100,
        "mandate_months": 12.0, "compensated": True}
UNKNOWN = {"id": "z", "name": "Z", "level": None, "initiated_by": None, "topics_from": [], "functions": np.array([]),
           "selection": float("nan"), "specialisation": None, "members": pd.NA, "mandate_months": float("nan"),
           "compensated": pd.NA}


def frame(*records):
    return pd.DataFrame([dict(UNKNOWN, **r) for r in records])


def test_identical_comes_first_with_every_field_the_same():
    twin = dict(BASE, id="twin", name="Twin")
    other = dict(BASE, id="o", name="Other", level="national", selection="volunteers", members=20)
    ranked = nearby.rank(BASE, frame(BASE, other, twin, UNKNOWN))
    assert [n.id for n in ranked] == ["twin", "o", "z"]  # the target itself is never proposed
    assert ranked[0].score == 1.0 and ranked[0].compared == 9 and ranked[0].same == nearby.FIELDS
    assert ranked[0].reason("fr").startswith("Même échelon, même initiative, mêmes auteurs des sujets, mêmes fonctions")


def test_all_unknown_comes_last_and_is_not_proposed():
    weak = dict(UNKNOWN, id="w", name="Weak", level="national", selection="volunteers")  # known, different
    ranked = nearby.rank(BASE, frame(UNKNOWN, weak))
    assert [n.id for n in ranked] == ["w", "z"]
    assert ranked[-1].score == 0 and ranked[-1].compared == 0
    assert nearby.nearby(BASE, frame(UNKNOWN, weak)) == []


def test_unknown_values_neither_help_nor_hurt():
    """Two fields known and the same score 1, like nine known and the same; an unknown field is not a difference."""
    sparse = dict(UNKNOWN, id="s", name="Sparse", level="municipal", selection="stratified_sortition")
    score, compared, same, close = nearby.similarity(BASE, sparse)
    assert (score, compared, same, close) == (1.0, 2, ("level", "selection"), ())
    full = dict(BASE, id="f", name="Full")
    ranked = nearby.rank(BASE, frame(sparse, full))
    assert [n.id for n in ranked] == ["f", "s"]  # same score: more fields compared first


def test_partial_similarities_and_the_formula():
    near = dict(BASE, id="n", name="Near", level="intermunicipal", selection="sortition",
                functions=["policy_recommendations"], members=80, mandate_months=24.0, compensated=False)
    score, compared, same, close = nearby.similarity(BASE, near)
    # level .5, initiated 1, topics 1, functions 1/2, selection .5, specialisation 1, members .8, mandate .5, comp. 0
    assert compared == 9
    assert score == pytest.approx((0.5 + 1 + 1 + 0.5 + 0.5 + 1 + 0.8 + 0.5 + 0) / 9)
    assert same == ("initiated_by", "topics_from", "specialisation")
    assert close == ("level", "functions", "selection", "members")  # a mandate twice as long is not « proche »
    reason = nearby.Near("n", "Near", score, compared, same, close).reason("fr")
    assert reason == ("Échelons voisins, même initiative, mêmes auteurs des sujets, fonctions proches, "
                      "tirage au sort des deux côtés, même spécialisation, taille proche")


def test_reason_names_what_is_shared_in_the_readers_language():
    other = dict(UNKNOWN, id="o", name="O", level="municipal", selection="stratified_sortition",
                 functions=["citizen_watch"])
    near = nearby.nearby(BASE, frame(other))[0]
    assert near.reason("fr") == "Même échelon, fonctions proches, même mode de sélection"
    for lang in ("en", "de"):  # from the catalogs: an untranslated entry reads in French until translators fill it
        assert near.reason(lang)


def test_at_most_five_best_and_only_with_evidence():
    many = [dict(BASE, id=f"c{i}", name=f"C{i}", members=100 + 10 * i) for i in range(8)]
    one_field = dict(UNKNOWN, id="one", name="One", level="municipal")  # score 1 on a single field: too little
    found = nearby.nearby(BASE, frame(*many, one_field))
    assert [n.id for n in found] == ["c0", "c1", "c2", "c3", "c4"]


def test_on_the_embedded_data(seeded):
    from acp import fiche, store

    assemblies = store.read_table(seeded, "assemblies")
    found = nearby.nearby(fiche.read(seeded, "paris"), assemblies)
    assert 3 <= len(found) <= 5 and "paris" not in [n.id for n in found]
    assert all(n.score > 0 and n.reason("fr") for n in found)
    assert found == sorted(found, key=lambda n: (-n.score, -n.compared, n.name.casefold(), n.id))
