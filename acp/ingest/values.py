"""Parse one cell of text into a typed value, or explain why it cannot be (a Message, acp.messages).

Each parser returns the value (None when the cell is empty) or raises BadValue with a
message naming what is accepted.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache

from babel import Locale

from ..catalogs import LOCALES
from ..messages import M_, Message, Number, Refusal, quoted_list
from ..schema import BOOLEAN_FALSE, BOOLEAN_TRUE, Column, Vocabulary, fold


class BadValue(Refusal, ValueError):
    """Why a cell cannot be read, and what is accepted."""


_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f']")
_LIST_SPLIT = re.compile(r"\s*\|\s*|\s*\n\s*")
_URL = re.compile(r"^https?://[^\s<>\"']+\.[^\s<>\"']+$", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_FOREIGN_LINK = re.compile(r"^(?!https?://)[a-z][a-z0-9+.\-]*://|^(?:javascript|vbscript|data|file):", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")
_URL_IGNORED = re.compile(r"[\t\n\r\x00-\x1f\u200b-\u200d\u2060\ufeff]")  # what a browser drops from a link


def text(value: str, column: Column) -> str | None:
    value = _FORMULA_GUARD.sub("", value.strip())
    if not value:
        return None
    if len(value) > column.max_length:
        raise BadValue(_too_long(len(value), column))
    _refuse_control(value)
    return value


def _refuse_control(value: str) -> None:
    if _CONTROL.search(value):
        raise BadValue(M_("caractère de contrôle invisible dans le texte (fichier sans doute endommagé) : retapez la valeur."))


def number(value: str) -> float | None:
    raw = _NUMBER_SPACES.sub("", value.strip())
    if not raw:
        return None
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")
    elif re.fullmatch(r"[-−]?\d{1,3}(\.\d{3}){2,}", raw):  # "1.234.567": dots between groups of three digits
        raw = raw.replace(".", "")
    raw = raw.replace("−", "-")
    try:
        result = float(raw)
    except ValueError:
        raise BadValue(M_("nombre attendu (par exemple « 48,857 » ou « 12 »).")) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise BadValue(M_("nombre attendu (par exemple « 48,857 » ou « 12 »)."))
    return result


def _check_range(result: float, column: Column) -> None:
    if column.min is not None and result < column.min or column.max is not None and result > column.max:
        raise BadValue(M_("valeur hors limites : « {column} » accepte de {least} à {most}.", column=column,
                          least=_bound(column.min), most=_bound(column.max)))


def _bound(x: float | None):
    return "—" if x is None else Number(x)


def _too_long(n: int, column: Column) -> Message:
    return M_("texte trop long ({n} caractères, {most} au maximum).", n=Number(n), most=Number(column.max_length))


def floating(value: str, column: Column) -> float | None:
    result = number(value)
    if result is not None:
        _check_range(result, column)
    return result


def integer(value: str, column: Column) -> int | None:
    try:
        result = number(value)
    except BadValue:
        raise BadValue(M_("nombre entier attendu (par exemple « 12 » ou « 2021 »).")) from None
    if result is None:
        return None
    if not float(result).is_integer():
        raise BadValue(M_("nombre entier attendu, sans décimales (par exemple « 12 » ou « 2021 »)."))
    _check_range(result, column)
    return int(result)


def boolean(value: str, column: Column | None = None) -> bool | None:
    key = fold(value)
    if not key:
        return None
    if key in BOOLEAN_TRUE:
        return True
    if key in BOOLEAN_FALSE:
        return False
    raise BadValue(M_("« Oui » ou « Non » attendu (ou laisser vide si inconnu)."))


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%Y/%m/%d")
# A date followed by a time of day, as a spreadsheet writes a date cell formatted with hours ("25/04/2025 13:00").
_WITH_TIME = re.compile(r"^(\S+?)(?:T|\s+)\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm]|Z|[+-]\d{2}:?\d{2})?$")
# Excel's serial day numbers, when a date cell lost its date format ("45772" for 25/04/2025): 1990 to 2099 only.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_SERIAL_RANGE = ((dt.date(1990, 1, 1) - _EXCEL_EPOCH).days, (dt.date(2100, 1, 1) - _EXCEL_EPOCH).days)


def date(value: str, column: Column | None = None) -> dt.date | None:
    raw = value.strip()
    if not raw:
        return None
    with_time = _WITH_TIME.match(raw)
    if with_time:
        raw = with_time.group(1)
    if _SERIAL.match(raw) and _SERIAL_RANGE[0] <= float(raw.replace(",", ".")) < _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(raw.replace(",", "."))))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{4}-\d{1,2}-\d{1,2}$", raw):
        raise BadValue(M_("date impossible : ce jour n'existe pas (format jj/mm/aaaa, par exemple « 25/04/2025 »)."))
    raise BadValue(M_("date attendue au format jj/mm/aaaa (par exemple « 25/04/2025 »)."))


_MONTH_FORMS = (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{1,2})[-/.](\d{4})$"))


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names and abbreviations in French, English and German, folded: 'novembre', 'nov', 'marz' -> 11, 3."""
    names: dict[str, int] = {}
    for lang in ("fr", "en", "de"):
        months = Locale.parse(LOCALES[lang]).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                names.setdefault(fold(name), number)
    names.update({"sept": 9, "fevr": 2, "juil": 7, "mrz": 3})
    return names


def month(value: str, column: Column | None = None) -> str | None:
    """A month ('2021-11') or a year alone ('2021'), as precise as the source: '11/2021', 'nov. 2021',
    'November 2021', '2021-11', a full date (its month) or '2021'."""
    raw = value.strip()
    if not raw:
        return None
    if re.fullmatch(r"\d{4}", raw):
        year, number = int(raw), None
    else:
        year = number = None
        for form in _MONTH_FORMS:
            found = form.match(raw)
            if found:
                a, b = (int(g) for g in found.groups())
                year, number = (a, b) if form is _MONTH_FORMS[0] else (b, a)
                break
        words = re.fullmatch(r"([^\d\s]+)\.?\s+(\d{4})", raw)
        if year is None and words:
            number, year = _month_names().get(fold(words.group(1))), int(words.group(2))
            if number is None:
                raise BadValue(M_("mois non reconnu (par exemple « 11/2021 », « novembre 2021 » ou « 2021 »)."))
        if year is None:
            try:
                day = date(raw)
            except BadValue:
                raise BadValue(M_("mois attendu, au format mm/aaaa (par exemple « 11/2021 »), ou l'année seule "
                                  "(« 2021 »).")) from None
            year, number = day.year, day.month
    if not 1900 <= year <= 2100 or number is not None and not 1 <= number <= 12:
        raise BadValue(M_("mois impossible : de 01 à 12, années de 1900 à 2100 (par exemple « 11/2021 »)."))
    return f"{year:04d}" if number is None else f"{year:04d}-{number:02d}"


def time(value: str, column: Column | None = None) -> dt.time | None:
    raw = re.sub(r"[\s\u00a0\u202f]", "", value).lower()
    if not raw:
        return None
    fraction = re.fullmatch(r"0?[.,]\d+|0", raw)  # Excel's fraction of a day, when a time cell lost its format
    if fraction:
        minutes = round(float(raw.replace(",", ".")) * 24 * 60)
        return dt.time(*divmod(minutes, 60)) if minutes < 24 * 60 else dt.time(23, 59)
    m = re.match(r"^(\d{1,2})(?:[:h.](\d{2})?)?(?::(\d{2}))?(am|pm)?$", raw)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(4) and 1 <= hour <= 12:  # "1:00 PM", as an English spreadsheet writes it
            hour = hour % 12 + (12 if m.group(4) == "pm" else 0)
        elif m.group(4):
            raise BadValue(M_("heure impossible : de 1:00 à 12:59 avant « AM » ou « PM » (ou « 13:00 » sur 24 heures)."))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
        raise BadValue(M_("heure impossible : de 00:00 à 23:59 (par exemple « 13:00 » ou « 13h30 »)."))
    raise BadValue(M_("heure attendue au format hh:mm (par exemple « 13:00 » ou « 13h »)."))


def url(value: str, column: Column | None = None) -> str | None:
    raw = value.strip()
    if not raw:
        return None
    if _URL_IGNORED.search(raw):
        raise BadValue(M_("caractère invisible ou de contrôle dans le lien."))
    if raw.lower().startswith("www."):
        raw = "https://" + raw
    if not _URL.match(raw):
        if _SCHEME.match(raw) and not raw.lower().startswith(("http://", "https://")):
            raise BadValue(M_("seuls les liens « http:// » ou « https:// » sont acceptés."))
        raise BadValue(M_("lien attendu, commençant par « https:// »."))
    if column is not None and len(raw) > column.max_length:
        raise BadValue(M_("lien trop long ({n} caractères, {most} au maximum).", n=Number(len(raw)),
                          most=Number(column.max_length)))
    return raw


def foreign_link(value: str) -> bool:
    """A link that is not http(s): « javascript:… », « data:… », « ftp://… » (spaces ignored, as browsers do)."""
    return bool(_FOREIGN_LINK.match(re.sub(r"\s+", "", value)))


def _split(value: str, separators: str) -> list[str]:
    """The items of a list cell; the export's formula guard (a leading apostrophe) is removed as for text."""
    value = _FORMULA_GUARD.sub("", value.strip())
    if not value:
        return []
    if "|" in value or "\n" in value:
        parts = _LIST_SPLIT.split(value)
    else:
        parts = [value]
        for sep in separators:
            if sep in value:
                parts = value.split(sep)
                break
    return [p.strip() for p in parts if p.strip()]


def free_list(value: str, column: Column) -> list[str] | None:
    if len(value) > column.max_length:
        raise BadValue(_too_long(len(value), column))
    items = _split(value, ";,")
    return items or None


def sources(value: str, column: Column) -> list[str] | None:
    """Links or short citations; anything that looks like a link must be http(s)."""
    if len(value) > column.max_length:
        raise BadValue(_too_long(len(value), column))
    items = []
    for item in _split(value, ";"):
        if item.lower().startswith("www."):
            item = "https://" + item
        as_link = _URL_IGNORED.sub("", item)  # "java<tab>script:" is "javascript:" to a browser
        if _SCHEME.match(as_link) and not as_link.lower().startswith(("http://", "https://")):
            raise BadValue(M_("« {link} » : seuls les liens « http:// » ou « https:// » sont acceptés.", link=as_link[:60]))
        items.append(item)
    return items or None


def _suggestion(value: str, choices: dict) -> Message | str:
    """« Vouliez-vous dire … ? » with the closest of `choices` (folded name -> something with a label), or ''."""
    close = difflib.get_close_matches(fold(value), list(choices), n=1, cutoff=0.6)
    return M_(" Vouliez-vous dire « {choice} » ?", choice=choices[close[0]]) if close else ""


def vocabulary_value(value: str, vocab: Vocabulary, column: Column) -> str | None:
    raw = value.strip()
    if not raw:
        return None
    code = vocab.lookup(raw)
    if code is not None:
        return code
    choices = {}
    for t in vocab.terms:
        for name in (*t.labels(), t.code, *t.aliases):
            choices.setdefault(fold(name), t)
    raise BadValue(M_("valeur non reconnue pour « {column} ».{suggestion} Valeurs acceptées : {accepted}.",
                      column=column, suggestion=_suggestion(raw, choices),
                      accepted=lambda lang: quoted_list(vocab.accepted(lang), lang)))


def vocabulary_list(value: str, column: Column) -> list[str] | None:
    codes: list[str] = []
    for item in _split(value, ";,"):
        code = vocabulary_value(item, column.vocab, column)
        if code and code not in codes:
            codes.append(code)
    return codes or None


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for lang in ("fr", "en", "de", "it", "es", "nl"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    for code in Locale("en").territories:
        if len(code) == 2 and code.isalpha():
            names.setdefault(fold(code), code)
    names.update({"uk": "GB", "angleterre": "GB", "england": "GB", "ecosse": "GB", "scotland": "GB",
                  "pays de galles": "GB", "wales": "GB", "hollande": "NL", "allemagne": "DE", "el": "GR"})
    return names


def country(value: str, column: Column | None = None) -> str | None:
    raw = value.strip()
    if not raw:
        return None
    code = _countries().get(fold(raw))
    if code:
        return code
    names = {fold(n): _Country(c) for c, n in Locale("fr").territories.items() if len(c) == 2 and c.isalpha()}
    raise BadValue(M_("pays inconnu.{suggestion} Écrivez le nom du pays (« France ») ou son code ISO (« FR »).",
                      suggestion=_suggestion(raw, names)))


class _Country(str):
    """A country code that says its name in the reader's language (a message's parameter)."""

    def label(self, lang: str) -> str:
        return Locale.parse(LOCALES[lang]).territories.get(str(self), str(self))


def parse(value: str, column: Column):
    """Dispatch on the column's kind; a control character (NUL…) is refused in any column."""
    _refuse_control(value)
    kind = column.kind
    if kind == "text":
        return text(value, column)
    if kind == "int":
        return integer(value, column)
    if kind == "float":
        return floating(value, column)
    if kind == "bool":
        return boolean(value, column)
    if kind == "month":
        return month(value, column)
    if kind == "date":
        return date(value, column)
    if kind == "time":
        return time(value, column)
    if kind == "url":
        return url(value, column)
    if kind == "country":
        return country(value, column)
    if kind == "vocab":
        return vocabulary_value(value, column.vocab, column)
    if kind == "vocab_list":
        return vocabulary_list(value, column)
    if kind == "list":
        return free_list(value, column)
    if kind == "urls":
        return sources(value, column)
    raise AssertionError(f"unknown column kind {kind}")
