"""How a CSV file's bytes were written, when they do not say it: where UTF-8 accents are, how French each
single-byte reading looks (Windows-1252, Mac Roman, Latin-1), and the letters a one-byte code page lost ("Gy?r").

acp.ingest.tabular decodes with these and refuses what cannot be read.
"""
from __future__ import annotations

import re

from ..messages import MN_, Number
from .problems import Problems

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SMALL_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüÿœæß"
_CAPITAL_ACCENTED = "ÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜŸŒÆ"
_USUAL_PUNCTUATION = "«»’‘“”…–—€·°\u00a0\u202f"
_FRENCH_NON_ASCII = set(_SMALL_ACCENTED + _CAPITAL_ACCENTED + _USUAL_PUNCTUATION)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Excel writes "?" for a letter its code page lacks ("ő", "ł", "č") when it saves in Windows-1252 or Mac Roman.
_LOST_LETTER = re.compile(r"\?[^\W\d_]")  # "Gy?r", "?ód?": a "?" right before a letter


def utf8_accent(data: bytes) -> int | None:
    """Where an accented letter or French punctuation is written in UTF-8, if anywhere ("é" as C3 A9)."""
    for match in _UTF8_SEQUENCE.finditer(data):
        try:
            if match.group().decode("utf-8") in _FRENCH_NON_ASCII:
                return match.start()
        except UnicodeDecodeError:
            continue
    return None


def line_of(data: bytes, offset: int) -> int:
    newline = b"\n" if b"\n" in data else b"\r"
    return data.count(newline, 0, offset) + 1


def single_byte_readings(data: bytes) -> list[tuple[str, str]]:
    """Windows-1252 first (Excel on Windows), then Mac Roman (Excel's "CSV Macintosh"), Latin-1 last (reads anything)."""
    readings = []
    for codec in ("cp1252", "mac_roman"):
        try:
            readings.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    return readings + [(data.decode("latin-1"), "latin-1")]


def plausibility(reading: tuple[str, str]) -> int:
    """How French the non-ASCII characters of a reading look: an accented small letter, an accented capital that
    does not sit inside a small-letter word, or usual punctuation (« » ’ … € ·) count for; anything else (the "Ž"
    of "AnnŽe", the "È" of "AnnÈe") counts against. max() keeps the first reading (Windows-1252) on a tie."""
    text, score = reading[0], 0
    for match in _NON_ASCII.finditer(text):
        char, at = match.group(), match.start()
        if char in _SMALL_ACCENTED or char in _USUAL_PUNCTUATION:
            score += 1
        elif char in _CAPITAL_ACCENTED:
            inside_word = text[at - 1:at].islower() and text[at + 1:at + 2].islower()
            score += -1 if inside_word else 1
        else:
            score -= 1
    return score


def warn_lost_letters(text: str, problems: Problems) -> None:
    """« Gy?r » in a file saved in a one-byte code page: a letter the code page lacks became "?" (links aside)."""
    lost = [(number, word) for number, line in enumerate(text.splitlines(), start=1)
            for word in re.split(r'[\s;,"]+', line)
            if _LOST_LETTER.search(word) and "://" not in word and not word.lower().startswith("www.")]
    if lost:
        number, word = lost[0]
        problems.warn(MN_("{n} mot où un « ? » remplace sans doute une lettre (« ő », « ł », « č »…) que "
                          "l'enregistrement en « CSV (séparateur: point-virgule) » ne sait pas écrire ; pour la "
                          "garder, enregistrez en « CSV UTF-8 ».",
                          "{n} mots où un « ? » remplace sans doute une lettre (« ő », « ł », « č »…) que "
                          "l'enregistrement en « CSV (séparateur: point-virgule) » ne sait pas écrire ; pour la "
                          "garder, enregistrez en « CSV UTF-8 ».", n=Number(len(lost))),
                      row=number, value=word)
