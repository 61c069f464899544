"""Datasets, columns, types, controlled vocabularies and header aliases, defined once.

Everything that names a column or a vocabulary value (the importer, the store, filters, charts, exports,
translations) reads it from here: `from acp.schema import ASSEMBLIES, LEVEL`. The vocabularies are in
`vocabularies`, the datasets and their columns in `datasets`.
"""
from __future__ import annotations

from .datasets import (  # noqa: F401 (re-exported: the schema's interface)
    ASSEMBLIES,
    DATASETS,
    DEFAULT_WAVE,
    EDITIONS,
    GOGOCARTO_IGNORED,
    GOGOCARTO_STATUS,
    PARTICIPANT_DIMENSIONS,
    PARTICIPANTS,
    PRIORITIES,
    REGISTRANTS,
    SESSIONS,
    SURVEY,
    VOCABULARIES,
    C,
    Column,
    Dataset,
)
from .vocabularies import (  # noqa: F401 (re-exported: the schema's interface)
    BOOLEAN_FALSE,
    BOOLEAN_TRUE,
    COMPLETENESS,
    EXPERIENCE,
    EXPERIENCE_TRUNCATED,
    EXPERIENCE_WORDING,
    FUNCTIONS,
    GOGOCARTO_NON_PERMANENT,
    INITIATED_BY,
    LEVEL,
    NOT_RECORDED,
    PARTICIPANT_STATUS,
    RESPONSE,
    SELECTION,
    SESSION_FORMAT,
    SESSION_STATUS,
    SORTITION_CODES,
    SPECIALISATION,
    STATUS,
    TOPICS_FROM,
    T,
    Term,
    Vocabulary,
    fold,
    is_missing,
)
