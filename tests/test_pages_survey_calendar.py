"""AppTests of the Sondage and Calendrier pages: they render in French, from the database, without raw codes.

`app_env` (tests/conftest.py) sets ACP_DB to a seeded temporary database before any run and
clears Streamlit's caches around each test.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from support import EXAMPLES, open_app

RAW_CODES = re.compile(r"\b(to_schedule|in_person|visio|hybrid|confirmed|cancelled|planned|past)\b")


def _texts(at: AppTest) -> list[str]:
    """Every text the page shows: Markdown, HTML (its text only), tables, widget labels and options, charts."""
    out: list[str] = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if child.type == "html":
                body = re.sub(r"<style>.*?</style>", "", proto.body, flags=re.S)
                out.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
            elif child.type == "table":
                frame = child.value
                out.extend(str(c) for c in frame.columns)
                out.extend(str(v) for v in frame.to_numpy().ravel())
            elif child.type == "vega_lite_chart":
                out.append(proto.spec)
                out.extend(d.data.decode("utf-8", "replace") if isinstance(d.data, bytes) else "" for d in proto.datasets)
            elif child.type == "selectbox":
                out.append(child.label)
                out.extend(child.options)
            elif isinstance(getattr(child, "value", None), str):
                out.append(child.value)
            if proto is not None and hasattr(proto, "label") and isinstance(proto.label, str):
                out.append(proto.label)
            walk(child)

    walk(at._tree)
    return out


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _import(path: Path, dataset: str, data: bytes, name: str, **context) -> None:
    """Write through the app's own connection: the running app holds the database file."""
    from acp import store
    from acp.ingest import read_upload
    from acp.store import process

    con = process.connection(str(path))
    upload = read_upload(dataset, name, data, {**store.ingest_context(con), **context})
    assert upload.ok, upload.report()
    store.apply_upload(con, upload, by="test")


# ---------------------------------------------------------------- Sondage

def test_survey_page_reproduces_the_seed_table(app_env):
    at = open_app("sondage", from_home=True)
    assert at.title[0].value == "Sondage : les thématiques à prioriser"
    table = at.table[0].value
    assert list(table.columns) == ["Niveau de priorité (1 max - 5 min)", "1", "2", "3", "4", "5"]
    assert table.iloc[0, 1:].tolist() == ["2 (8\u00a0%)", "8 (33\u00a0%)", "6 (25\u00a0%)", "4 (17\u00a0%)", "4 (17\u00a0%)"]
    assert table.iloc[2, 5] == "3 (13\u00a0%)"
    assert table.iloc[4, 1:].tolist() == ["7 (29\u00a0%)", "7 (29\u00a0%)", "4 (17\u00a0%)", "0 (0\u00a0%)", "6 (25\u00a0%)"]
    text = "\n".join(_texts(at))
    assert "13\u00a0%" in text and "24 personnes ont répondu." in text
    assert "Budgétisation des assemblées citoyennes" in text
    assert [s.value for s in at.subheader] == ["Résultats", "Priorités par thème", "Classement des thèmes",
                                              "Autres propositions thématiques",
                                              # the participants' profile, before any registration export
                                              "Statuts des inscrit·es",
                                              "Expériences des assemblées citoyennes permanentes (« J'ai déjà… »)"]
    ranking = at.table[1].value
    assert ranking.iloc[0].tolist() == ["1", "Rendre des comptes et droits de suite", "58\u00a0%", "2,6", "24"]
    assert len(at.get("vega_lite_chart")) == 1
    assert "Télécharger le tableau (CSV pour Excel)" in text
    assert not RAW_CODES.search(text), RAW_CODES.search(text)
    assert [s.key for s in at.selectbox] == ["survey-wave"]  # one wave: no comparison


def test_survey_page_compares_two_waves(app_env):
    _import(app_env, "survey", (EXAMPLES / "survey_responses.csv").read_bytes(), "survey_responses.csv",
            wave="2025-10", wave_title="Second sondage", wave_date=dt.date(2025, 10, 10))
    at = open_app("sondage", from_home=True)
    assert at.selectbox(key="survey-wave").value == "2025-10"
    assert at.selectbox(key="survey-wave-a").value == "2025-04"
    assert at.selectbox(key="survey-wave-b").value == "2025-10"
    compared = at.table[2].value
    assert compared["Évolution (priorités 1 et 2)"].tolist() == ["0 pt"] * 5
    at.selectbox(key="survey-wave").select("2025-04").run()
    assert not at.exception
    assert at.table[0].value.iloc[2, 5] == "3 (13\u00a0%)"
    at.selectbox(key="survey-wave-a").select("2025-10").run()
    assert "Choisissez deux vagues différentes." in [i.value for i in at.info]


def test_survey_page_in_english(app_env):
    at = open_app("sondage", from_home=True, lang="en")
    assert at.title[0].value == "Survey: the topics to prioritise"
    assert at.table[0].value.columns[0] == "Priority level (1 highest - 5 lowest)"
    assert at.table[0].value.iloc[0, 1] == "2 (8%)"  # English: no space before the sign


# ---------------------------------------------------------------- Calendrier

def test_calendar_page_without_upcoming_session(app_env):
    at = open_app("calendrier", from_home=True)
    assert at.title[0].value == "Calendrier du groupe d'échanges de pratiques"
    texts = _texts(at)
    text = "\n".join(texts)
    assert "Aucune séance datée à venir pour l'instant." in text
    assert "Dernière séance" in [s.value for s in at.subheader]
    assert "vendredi 25 avril 2025, 13 h – 14 h" in text
    assert "Héloïse Legris, Nabila Abbas" in text
    assert "<dd>Visio</dd>" in _html(at)
    assert "Thèmes à programmer" in text and text.count("(thème ") == 5
    # the undated rows are the survey's themes, not sessions (their format was never decided)
    assert "Ce sont les thèmes que le sondage a mis en avant, en attente d'une date : pas des séances programmées." in text
    assert "compte rendu à venir" in text
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Ajouter tout le calendrier à mon agenda (.ics)") == 1
    assert "Ajouter à mon agenda (.ics)" in labels
    today = dt.date.today()
    from acp.agenda import month_label
    assert at.selectbox(key="mois").value == today.strftime("%Y-%m")
    assert f"Aucune séance datée en {month_label(today.strftime('%Y-%m'))}." in text
    assert not RAW_CODES.search(text), RAW_CODES.search(text)


def test_calendar_page_highlights_an_upcoming_session(app_env):
    day = dt.date.today() + dt.timedelta(days=40)
    csv = ("Date;Début;Fin;Titre;Thème;Format;Lien ou lieu;Intervenant·es;Statut\r\n"
           "25/04/2025;13:00;14:00;Webinaire introductif;;Visio;;Héloïse Legris | Nabila Abbas;Passée\r\n"
           f"{day:%d/%m/%Y};13:00;14:30;Articuler l'assemblée et les élu·es;3;Présentiel;"
           "https://example.org/salle;Élue invitée;Confirmée\r\n"
           ";;;Rendre des comptes;5;Visio;;;À programmer\r\n").encode("utf-8")
    _import(app_env, "sessions", csv, "sessions.csv")
    at = open_app("calendrier", from_home=True)
    text = "\n".join(_texts(at))
    from acp import i18n
    assert f"{i18n.fmt_date(day)}, 13 h – 14 h 30" in text
    assert "Dernière séance" not in [s.value for s in at.subheader]
    assert "Présentiel" in text and 'href="https://example.org/salle"' in _html(at)
    assert "Articulation avec élu·es, agent·es et autres espaces" in text  # its survey theme's short label
    assert at.selectbox(key="mois").value == day.strftime("%Y-%m")
    assert not RAW_CODES.search(text), RAW_CODES.search(text)


def test_calendar_page_in_english(app_env):
    at = open_app("calendrier", from_home=True, lang="en")
    text = "\n".join(_texts(at))
    assert "Next session" in [s.value for s in at.subheader]
    assert "Friday, 25 April 2025, 13:00 – 14:00" in text
    assert "Online" in text
    assert "These are the topics the survey put forward, awaiting a date: not scheduled sessions." in text
