"""What the importer found wrong, as the coordinator will read it: file, row, column, value, message."""
from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True)
class Problem:
    severity: str          # ERROR blocks the import; WARNING is shown and the import goes on
    message: str           # in French, says what is wrong and what is accepted
    row: int | None = None     # the row as the user sees it in the file (header = row 1)
    column: str | None = None  # the column header as written in the file
    value: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def describe(self, file_name: str = "") -> str:
        """One French line naming the file, row, column and value."""
        where = []
        if file_name:
            where.append(file_name)
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        head = ", ".join(where)
        value = f" valeur « {_short(self.value)} » :" if self.value not in (None, "") else ""
        kind = "Erreur" if self.is_error else "Avertissement"
        return f"{kind} — {head} :{value} {self.message}" if head else f"{kind} :{value} {self.message}"

    def as_dict(self, file_name: str = "") -> dict:
        return {
            "fichier": file_name, "gravité": self.severity, "ligne": self.row,
            "colonne": self.column, "valeur": self.value, "message": self.message,
        }


def _short(value: str | None, limit: int = 80) -> str:
    text = _CONTROL.sub("\ufffd", str(value))  # shown, not sent to the terminal or the page
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Problems(list):
    """A list of Problem with helpers to add errors and warnings."""

    def error(self, message: str, row=None, column=None, value=None) -> None:
        self.append(Problem(ERROR, message, row, column, None if value is None else str(value)))

    def warn(self, message: str, row=None, column=None, value=None) -> None:
        self.append(Problem(WARNING, message, row, column, None if value is None else str(value)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]
