"""Messages of the importer, the store and the command line, put into words in the reader's language.

A message is made where the problem is found, in French (the catalogs' source language), with its parameters
kept apart: `M_("texte trop long ({n} caractères, {most} au maximum).", n=812, most=500)`. It *is* the French
text (a `str`), so logs, exceptions and French readers need nothing more; `render(lang)` looks its French source
up in the gettext catalogs (acp/catalogs.py) and fills the parameters in the reader's language, so the coordination
page in English shows an English report and `python -m acp --lang de` a German one.

A parameter is rendered by its kind: a Message in the same language; anything with a `label(lang)` (a column, a
dataset) by its label; a function of the language (`lambda lang: …`) by its result; a list item by item; a
`Number` by the language's digits; anything else (a file's value, a column header as written) as it is.
`make messages` extracts `M_` and `MN_` (plural: the count is the parameter `n`).
"""
from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from .catalogs import LOCALES, SOURCE_LANG, gettext_, ngettext_


class Number(float):
    """A quantity written with the reader's digits (« 200 000 », « 200,000 », « 200.000 »); row and import numbers
    are plain ints, written as they are."""

    def __repr__(self) -> str:
        return f"Number({float(self)!r})"


class Message(str):
    """A French source text with its parameters; the French text itself as a `str`."""

    source: str
    plural: str | None
    params: dict[str, Any]

    def __new__(cls, source: str, plural: str | None = None, **params: Any) -> "Message":
        if plural is not None and "n" not in params:
            raise TypeError(f"a message with a plural needs its count n: {source!r}")
        words = _words(source, plural, params, SOURCE_LANG)
        self = super().__new__(cls, words)
        self.source, self.plural, self.params = source, plural, params
        return self

    def render(self, lang: str = SOURCE_LANG) -> str:
        """The message in `lang` (French when `lang` is French: the text itself)."""
        if lang == SOURCE_LANG:
            return str.__str__(self)
        return _words(self.source, self.plural, self.params, lang)

    def __repr__(self) -> str:
        return f"M_({self.source!r}, {self.params!r})"

    def __reduce__(self):  # pickled (a Streamlit cache, a process pool) with its parameters
        return (_rebuild, (self.source, self.plural, self.params))


def _rebuild(source: str, plural: str | None, params: dict) -> Message:
    return Message(source, plural, **params)


def M_(source: str, **params: Any) -> Message:  # noqa: N802 (a gettext marker, extracted by `make messages`)
    return Message(source, None, **params)


def MN_(singular: str, plural: str, n: int, **params: Any) -> Message:  # noqa: N802
    """A message with a plural, chosen by the reader's language's rule for `n`."""
    return Message(singular, plural, n=n, **params)


QUOTES = {"fr": ("« ", " »"), "en": ("“", "”"), "de": ("„", "“")}  # each language's quotation marks


def quoted_list(items, lang: str = SOURCE_LANG) -> str:
    """« a », « b » in French, “a”, “b” in English, „a“, „b“ in German."""
    left, right = QUOTES.get(lang, QUOTES[SOURCE_LANG])
    return ", ".join(f"{left}{item}{right}" for item in items)


def joined(texts, separator: str = " ; "):
    """Several messages as one parameter (« a ; b »), each in the reader's language."""
    texts = list(texts)
    return lambda lang: separator.join(render(text, lang) for text in texts)


def render(text: str, lang: str = SOURCE_LANG) -> str:
    """Any text in `lang`: a Message is translated, a plain string (a duckdb error, a name) stays as it is."""
    return text.render(lang) if isinstance(text, Message) else str(text)


def _words(source: str, plural: str | None, params: dict, lang: str) -> str:
    if plural is None:
        template = gettext_(source, lang)
    else:
        template = ngettext_(source, plural, int(params["n"]), lang)
    return template.format(**{name: _param(value, lang) for name, value in params.items()})


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Number):
        return format_decimal(float(value), locale=LOCALES[lang])
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_param(item, lang)) for item in value)
    if hasattr(value, "label") and callable(value.label):
        return value.label(lang)
    if callable(value):
        return _param(value(lang), lang)
    return value



class Refusal(Exception):
    """An exception whose words are a Message: `str(exc)` is French, `exc.render(lang)` the reader's language."""

    def __init__(self, message: Message):
        if not isinstance(message, Message):
            raise TypeError(f"{type(self).__name__} takes a Message (acp.messages.M_), not {message!r}")
        super().__init__(message)
        self.message = message

    def render(self, lang: str = SOURCE_LANG) -> str:
        return self.message.render(lang)
