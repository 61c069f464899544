"""The import pipeline: bytes -> table -> validated frames + every problem (Messages, in the reader's language).

`read_upload` never writes anything; `acp.store.apply_upload` writes an Upload only when it
has no error.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Callable

import pandas as pd

from ..messages import M_, Message
from ..schema import DATASETS
from . import datasets, editions, participants, survey
from .problems import ERROR, WARNING, Problem, Problems
from .records import rows_of_header_width
from .tabular import FileRefused, read_table

__all__ = ["Upload", "read_upload", "Problem", "Problems", "ERROR", "WARNING"]

_READERS = {"assemblies": datasets.assemblies, "sessions": datasets.sessions, "survey": survey.read,
            "participants": participants.read, "editions": editions.read}


@dataclass
class Upload:
    dataset: str
    file_name: str
    sha256: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    @property
    def rows(self) -> int:
        """Rows imported; for the participants' profile, the registrants counted (nothing else of them is kept)."""
        frame = self.frames.get(DATASETS[self.dataset].main_table)
        if self.dataset == "participants":
            return 0 if frame is None or frame.empty else int(sum(int(n) for n in frame["registrants"]))
        return 0 if frame is None else len(frame)

    def report(self) -> list[Message]:
        """Every problem, a line each, naming the file (`render(lang)` in the reader's language)."""
        return [p.line(self.file_name) for p in self.problems]


def display_name(file_name: str) -> str:
    """The bare file name, for messages and the history; never used as a path."""
    name = PurePath(str(file_name).replace("\\", "/")).name
    return "".join(c for c in name if c.isprintable())[:120] or M_("fichier")


def read_upload(dataset: str, file_name: str, data: bytes, context: dict | None = None,
                current: Callable[[str], pd.DataFrame] | None = None) -> Upload:
    """Read and validate a file for `dataset`; collects every problem instead of stopping.

    `current` gives a stored table by name (acp.store.read_table bound to the connection): with it, the columns
    the file lacks keep their stored values on the assemblies, sessions and editions it matches by id, and a warning names
    them (acp.ingest.keep). Without it (the embedded data, a rebuild: whole files), nothing is kept.
    """
    if dataset not in _READERS:
        raise ValueError(f"unknown dataset {dataset!r}")
    upload = Upload(dataset, display_name(file_name), hashlib.sha256(data).hexdigest())
    try:
        table = read_table(upload.file_name, data, upload.problems)
    except FileRefused as exc:
        upload.problems.error(exc.message, row=exc.row, column=exc.column)
        return upload
    if table.kind == "json" and dataset != "assemblies":
        upload.problems.error(M_("fichier JSON (export GoGoCarto) : seules les assemblées s'importent ainsi ; pour "
                                 "« {dataset} », importez un fichier CSV ou un classeur (.xlsx, .ods ou .xls).",
                                 dataset=DATASETS[dataset]))
        return upload
    if not table.rows:
        upload.problems.error(M_("aucune ligne de données sous l'en-tête : l'import viderait le jeu de données, "
                                 "il est refusé."))
        return upload
    table.rows = rows_of_header_width(table, upload.problems)  # the others are errors: the file will be refused
    context = {**(context or {}), "current": current} if current is not None else context or {}
    upload.frames = _READERS[dataset](table, upload.problems, context)
    if upload.ok and upload.rows == 0:
        upload.problems.error(M_("aucune ligne à importer : l'import viderait le jeu de données, il est refusé."))
    return upload
