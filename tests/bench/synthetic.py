"""Synthetic assemblies for benchmarks: realistic value mixes, deterministic for a seed."""
from __future__ import annotations

import csv
import io
import random
from contextlib import contextmanager

from acp.schema import ASSEMBLIES, FUNCTIONS, INITIATED_BY, LEVEL, SELECTION, SPECIALISATION, STATUS, TOPICS_FROM

COUNTRIES = {"FR": (46.5, 2.5), "BE": (50.6, 4.6), "DE": (51.0, 10.0), "IT": (43.0, 12.5), "ES": (40.3, -3.7),
             "DK": (56.0, 10.0), "AT": (47.5, 14.5), "GB": (52.5, -1.5), "NL": (52.2, 5.5), "PL": (52.0, 19.0)}
CITIES = ("Lyon", "Nantes", "Lille", "Köln", "München", "Genova", "Sevilla", "Århus", "Graz", "Leeds", "Utrecht",
          "Łódź", "Besançon", "Saint-Étienne", "Liège")


def rows(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        country = rng.choice(list(COUNTRIES))
        lat, lon = COUNTRIES[country]
        city = rng.choice(CITIES)
        out.append({
            "id": f"a{i:06d}", "name": f"Assemblée citoyenne n° {i} de {city}", "city": city, "country": country,
            "latitude": round(lat + rng.uniform(-2, 2), 4), "longitude": round(lon + rng.uniform(-3, 3), 4),
            "start_year": rng.randint(2006, 2026), "status": rng.choice(STATUS.codes),
            "level": rng.choice(LEVEL.codes), "initiated_by": rng.choice(INITIATED_BY.codes),
            "topics_from": rng.sample(TOPICS_FROM.codes, rng.randint(0, 2)),
            "functions": rng.sample(FUNCTIONS.codes, rng.randint(0, 3)),
            "selection": rng.choice(SELECTION.codes), "specialisation": rng.choice(SPECIALISATION.codes),
            "members": rng.randint(20, 150), "mandate_months": rng.choice([6, 12, 18, 24, 36]),
            "compensated": rng.choice([True, False, None]), "renewed": rng.choice([True, None]),
            "several_topics": rng.choice([True, None]), "hearings": rng.choice([True, None]),
            "description": "Assemblée tirée au sort qui formule des recommandations à la collectivité.",
        })
    return out


def csv_bytes(n: int, seed: int = 1) -> bytes:
    """The rows as a French Excel CSV the importer reads (codes are accepted for vocabularies)."""
    names = [c.name for c in ASSEMBLIES.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([ASSEMBLIES.column(n).fr for n in names])
    for row in rows(n, seed):
        cells = []
        for name in names:
            value = row.get(name)
            if value is None or value == []:
                cells.append("")
            elif isinstance(value, list):
                cells.append(" | ".join(value))
            elif isinstance(value, bool):
                cells.append("Oui" if value else "Non")
            elif isinstance(value, float):
                cells.append(str(value).replace(".", ","))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


@contextmanager
def size_limit_lifted(size: int):
    """The importer's upload limit (20 MB, ACP_MAX_UPLOAD_MB) raised to at least `size` bytes meanwhile:
    100,000 synthetic assemblies make a 28 MB file."""
    from acp.ingest import tabular

    before = tabular.MAX_BYTES
    tabular.MAX_BYTES = max(before, size + 1)
    try:
        yield
    finally:
        tabular.MAX_BYTES = before


def build_db(path, n: int, seed: int = 1) -> None:
    """A database with the embedded survey and sessions and n synthetic assemblies."""
    from acp import store
    from acp.ingest import read_upload

    store.build_if_missing(path)
    con = store.connect(path)
    try:
        data = csv_bytes(n, seed)
        with size_limit_lifted(len(data)):
            upload = read_upload("assemblies", f"synthetic-{n}.csv", data, {})
        assert upload.ok, upload.report()[:5]
        store.apply_upload(con, upload, by="bench")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    flush = getattr(store, "flush_exports", None)  # a CSV copy written in the background after a write
    if flush is not None:
        assert flush(300), "the background CSV copy did not finish"


RESPONSES = ("none_yet", "written", "debate", "council_vote", "referendum", "other", None)


def edition_rows(n: int, assemblies: int, seed: int = 1) -> list[dict]:
    """n editions spread over the synthetic assemblies a000000…: months or years, a response or none, counts
    known or unknown (acp.editions computes its figures over all of them)."""
    from acp.schema import TOPICS_FROM

    rng = random.Random(seed)
    out = []
    for i in range(n):
        year, month = rng.randint(2010, 2025), rng.randint(1, 12)
        length = rng.randint(1, 24)
        end_year, end_month = year + (month + length - 1) // 12, (month + length - 1) % 12 + 1
        recommendations = rng.choice([None, rng.randint(0, 60)])
        adopted = None if recommendations is None or rng.random() < 0.5 else rng.randint(0, recommendations)
        out.append({
            "id": f"e{i:07d}", "assembly": f"a{i % assemblies:06d}", "label": f"Édition {i // assemblies + 1}",
            "start": rng.choice([f"{year}-{month:02d}", str(year)]),
            "end": rng.choice([f"{end_year}-{end_month:02d}", str(end_year), None]),
            "topics": rng.choice(["Climat", "Logement", "Mobilité", "Alimentation", None]),
            "topics_from": rng.sample(TOPICS_FROM.codes, rng.randint(0, 2)) or None,
            "members": rng.choice([None, rng.randint(20, 150)]), "recommendations": recommendations,
            "response": rng.choice(RESPONSES),
            "response_date": rng.choice([None, f"{end_year + 1}-{rng.randint(1, 12):02d}"]),
            "adopted": adopted, "implemented": None if adopted is None else rng.randint(0, adopted),
            "follow_up": None, "report": None, "sources": ["https://example.org/rapport"], "notes": None,
        })
    return out


def add_editions(path, n: int, assemblies: int, seed: int = 1) -> None:
    """n synthetic editions written straight into the base's editions table (SQL, not the importer)."""
    import pandas as pd

    from acp import store

    frame = pd.DataFrame(edition_rows(n, assemblies, seed))
    con = store.connect(path)
    try:
        con.register("synthetic_editions", frame)
        con.execute("DELETE FROM editions")
        con.execute("INSERT INTO editions BY NAME SELECT * FROM synthetic_editions")
        con.execute("CHECKPOINT")
    finally:
        con.close()
