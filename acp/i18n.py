"""Labels of the interface and babel formatting: French first, English available.

Vocabulary values and column headers come from acp.schema (one definition); the words of the
interface itself are here.
"""
from __future__ import annotations

import datetime as dt

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
    "db_error_title": ("La base de données ne peut pas être ouverte", "The database cannot be opened"),
}


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
    """A share in 0..1 as a whole percentage ('33 %' in French)."""
    return format_percent(share, "#,##0 %", locale=locale(lang))
