"""DuckDB: the base and everything written to it, one module a concern.

- connection: the base's path, its tables, opening it, telling a damaged file from a busy one
- process: the process's one shared connection (the app's sessions and the web routes)
- reads: tables, history, the data version, key figures, a dataset in the canonical format
- writes: one write at a time, one transaction, snapshots (what imports and proposals share)
- imports: apply an upload, the history, rollback, what an import changed
- proposal_queue: members' proposals and their decisions
- copies: the CSV copies next to the base, written in the background after each write
- datarepo, gitcli: the datasets committed into a git repository and pushed (optional, ACP_DATA_REPO)
- short_links: the codes of « Partager cette vue »
- build: building a base from the embedded data, and again when it is damaged

The names below are the store's interface; callers use `from acp import store` and `store.<name>`.
"""
from . import datarepo
from .build import (
                         BUILD_ORDER,
                         REBUILD_SOURCES,
                         SEED_DIR,
                         SEED_FILES,
                         Rebuilt,
                         build_if_missing,
                         build_source,
                         rebuild,
                         seed,
)
from .connection import (
                         DAMAGE_KINDS,
                         TABLE_COLUMNS,
                         DatabaseBusy,
                         DatabaseDamaged,
                         NotDamaged,
                         StoreError,
                         as_damaged,
                         check,
                         connect,
                         damage_kind,
                         db_path,
)
from .copies import EXPORT_VERSIONS, export_info, export_versions, exports_dir, flush_exports, refresh_exports
from .imports import apply_upload, before_import, import_changes, rollback
from .proposal_queue import (
                         MAX_PENDING_PROPOSALS,
                         MAX_PROPOSALS_PER_HOUR,
                         PROPOSAL_KINDS,
                         PROPOSAL_STATUSES,
                         add_proposal,
                         pending_count,
                         proposal,
                         proposals,
                         reject_proposal,
                         validate_proposal,
)
from .reads import data_version, dataset_frame, history, ingest_context, key_figures, last_import, read_table
from .short_links import short_code, target_of

__all__ = [
    "DAMAGE_KINDS", "TABLE_COLUMNS", "DatabaseBusy", "DatabaseDamaged", "NotDamaged", "StoreError", "as_damaged",
    "check", "connect", "damage_kind", "db_path",
    "EXPORT_VERSIONS", "export_info", "export_versions", "exports_dir", "flush_exports", "refresh_exports",
    "apply_upload", "before_import", "import_changes", "rollback",
    "MAX_PENDING_PROPOSALS", "MAX_PROPOSALS_PER_HOUR", "PROPOSAL_KINDS", "PROPOSAL_STATUSES", "add_proposal",
    "pending_count", "proposal", "proposals", "reject_proposal", "validate_proposal",
    "data_version", "dataset_frame", "history", "ingest_context", "key_figures", "last_import", "read_table",
    "short_code", "target_of",
    "BUILD_ORDER", "REBUILD_SOURCES", "SEED_DIR", "SEED_FILES", "Rebuilt", "build_if_missing", "build_source",
    "rebuild", "seed", "datarepo",
]
