"""What the importer found wrong, as the coordinator will read it: file, row, column, value, message (in the
reader's language, acp.messages)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalogs import N_, gettext_
from ..messages import M_, Message, render

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True)
class Problem:
    severity: str          # ERROR blocks the import; WARNING is shown and the import goes on
    message: Message       # what is wrong and what is accepted (French; `render(lang)` in the reader's language)
    row: int | None = None     # the row as the user sees it in the file (header = row 1)
    column: str | None = None  # the column header as written in the file
    value: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def text(self, lang: str = "fr") -> str:
        """The message alone, in `lang`."""
        return render(self.message, lang)

    def describe(self, file_name: str = "", lang: str = "fr") -> str:
        """One line naming the file, row, column and value, in `lang`."""
        return self.line(file_name).render(lang)

    def line(self, file_name: str = "") -> Message:
        """The problem as one line naming the file, row, column and value."""
        where = []
        if file_name:
            where.append(file_name)
        if self.row is not None:
            where.append(M_("ligne {row}", row=self.row))
        if self.column:
            where.append(M_("colonne « {column} »", column=self.column))
        kind = N_("Erreur") if self.is_error else N_("Avertissement")
        params = {"kind": lambda lang: gettext_(kind, lang), "where": where, "message": self.message}
        if self.value not in (None, ""):
            line = (M_("{kind} — {where} : valeur « {value} » : {message}", value=_short(self.value), **params) if where
                    else M_("{kind} : valeur « {value} » : {message}", value=_short(self.value), **params))
        else:
            line = M_("{kind} — {where} : {message}", **params) if where else M_("{kind} : {message}", **params)
        return line


def _short(value: str | None, limit: int = 80) -> str:
    text = _CONTROL.sub("\ufffd", str(value))  # shown, not sent to the terminal or the page
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Problems(list):
    """A list of Problem with helpers to add errors and warnings."""

    def error(self, message: Message, row=None, column=None, value=None) -> None:
        self.append(Problem(ERROR, _checked(message), row, column, None if value is None else str(value)))

    def warn(self, message: Message, row=None, column=None, value=None) -> None:
        self.append(Problem(WARNING, _checked(message), row, column, None if value is None else str(value)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]


def _checked(message) -> Message:
    """A problem's message must be a Message: a plain string could not be put into the reader's language."""
    if not isinstance(message, Message):
        raise TypeError(f"a problem's message is a Message (acp.messages.M_), not {type(message).__name__}: {message!r}")
    return message
