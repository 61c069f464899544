"""Backups: one .zip with every dataset's canonical CSV, the import history and the proposals; and their restore.

The archive holds `manifest.json` (format, version, when, the data version, each file's SHA-256 and rows),
`datasets/<dataset>.csv` (acp.export's canonical CSV, the one the importer reads back), `imports.csv` and
`proposals.csv`. Nothing else is read from an archive: an unexpected name, a path, a file over its size limit, a
checksum that differs, a manifest of another format refuse the whole archive before anything is written.

A restore first reads every dataset through the importer (acp.ingest.read_upload) into a scratch base in memory,
so a dataset is checked against the others of the backup (the sessions against its survey's themes), then replaces
them all in one transaction (acp.store.restore), each recorded in the history like an import and undoable by a
rollback. The backup's history is kept for reading (the restore starts no new numbering); its proposals that the
base lacks are added.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import pandas as pd

from . import coordination, export, store
from .ingest import Upload, read_upload
from .ingest.tabular import MAX_BYTES
from .messages import M_, joined
from .schema import DATASETS
from .store.restore import empty_tables, replace_datasets

FORMAT, VERSION = "acp-sauvegarde", 1
MAX_ARCHIVE = 200 * 1024 * 1024         # the .zip itself
MAX_MEMBER = max(MAX_BYTES, 50 * 1024 * 1024)  # one file once unpacked
MAX_TOTAL = 400 * 1024 * 1024           # every file once unpacked
MAX_MEMBERS = 64
_PROPOSAL_KINDS, _PROPOSAL_STATUSES = store.PROPOSAL_KINDS, store.PROPOSAL_STATUSES


def _ordered() -> list[str]:
    """Every dataset, in the order a base is built (the survey before the sessions, the assemblies before their
    editions)."""
    return [*store.BUILD_ORDER, *(d for d in DATASETS if d not in store.BUILD_ORDER)]


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def make(con) -> bytes:
    """The backup of the base as a .zip's bytes."""
    files, datasets = {}, {}
    for dataset in _ordered():
        frame = store.dataset_frame(con, dataset)
        name = f"datasets/{dataset}.csv"
        files[name] = export.to_csv_bytes(frame)
        datasets[dataset] = {"file": name, "rows": len(frame)}
    files["imports.csv"] = _csv(store.history(con))
    files["proposals.csv"] = _csv(store.proposals(con).sort_values("id"))
    manifest = {"format": FORMAT, "version": VERSION, "created": dt.datetime.now().isoformat(timespec="seconds"),
                "data_version": store.data_version(con), "datasets": datasets,
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def file_name(now: dt.datetime | None = None) -> str:
    return f"acp-sauvegarde-{(now or dt.datetime.now()):%Y%m%d-%H%M%S}.zip"


@dataclass
class Plan:
    """A backup read and checked whole, ready to be restored."""
    file_name: str
    manifest: dict
    uploads: dict[str, Upload | None] = field(default_factory=dict)   # None: the dataset was empty
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    history: pd.DataFrame | None = None
    proposals: pd.DataFrame | None = None

    @property
    def created(self) -> str:
        return str(self.manifest.get("created", ""))

    def rows(self) -> dict[str, int]:
        return {d: (u.rows if u is not None else 0) for d, u in self.uploads.items()}


def _refused(reason) -> store.StoreError:
    return store.StoreError(M_("Sauvegarde refusée : {reason} ; rien n'a été changé.", reason=reason))


def _members(data: bytes) -> dict[str, bytes]:
    """The archive's files, each read within its limit; StoreError for anything unexpected."""
    if len(data) > MAX_ARCHIVE:
        raise _refused(M_("le fichier dépasse {mb} Mo", mb=MAX_ARCHIVE // (1024 * 1024)))
    expected = {"manifest.json", "imports.csv", "proposals.csv", *(f"datasets/{d}.csv" for d in DATASETS)}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refused(M_("ce n'est pas une archive .zip lisible")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refused(M_("l'archive contient trop de fichiers"))
        names = [info.filename for info in infos]
        strange = [n for n in names if n not in expected and not n.endswith("/")]
        if strange or len(set(names)) != len(names):
            raise _refused(M_("l'archive contient des fichiers qu'une sauvegarde du tableau de bord n'a pas "
                              "({files})", files=joined(strange[:5] or names[:5])))
        members, total = {}, 0
        for info in infos:
            if info.filename.endswith("/"):
                continue
            if info.file_size > MAX_MEMBER or info.flag_bits & 0x1:  # too big, or encrypted
                raise _refused(M_("{file} est trop volumineux ou chiffré", file=info.filename))
            try:
                with archive.open(info) as member:
                    content = member.read(MAX_MEMBER + 1)  # never more than the limit, whatever the header says
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
                raise _refused(M_("{file} est endommagé dans l'archive", file=info.filename)) from None
            total += len(content)
            if len(content) > MAX_MEMBER or total > MAX_TOTAL:
                raise _refused(M_("{file} est trop volumineux une fois décompressé", file=info.filename))
            members[info.filename] = content
    return members


def _manifest(members: dict[str, bytes]) -> dict:
    try:
        manifest = json.loads(members["manifest.json"].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError):
        raise _refused(M_("l'archive n'a pas de manifeste lisible : ce n'est pas une sauvegarde du tableau de "
                          "bord")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise _refused(M_("l'archive n'est pas une sauvegarde du tableau de bord"))
    if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION:
        raise _refused(M_("sauvegarde d'une version plus récente du tableau de bord ({version})",
                          version=str(manifest.get("version"))))
    for name, content in members.items():
        if name != "manifest.json" and manifest["files"].get(name) != hashlib.sha256(content).hexdigest():
            raise _refused(M_("{file} ne correspond pas à sa somme de contrôle : l'archive est endommagée ou a été "
                              "modifiée", file=name))
    missing = [name for name in manifest["files"] if name not in members]
    if missing:
        raise _refused(M_("il manque des fichiers à l'archive ({files})", files=joined(missing[:5])))
    return manifest


def read(data: bytes, name: str = "sauvegarde.zip") -> Plan:
    """Read and check a backup whole, writing nothing; StoreError (French, with the reasons) when refused."""
    members = _members(data)
    plan = Plan(name, _manifest(members))
    scratch = store.connect(":memory:")  # the datasets checked against each other, as a new base would be
    try:
        for dataset in _ordered():
            content = members.get(f"datasets/{dataset}.csv")
            if content is None:
                continue
            if len([line for line in content.decode("utf-8-sig", "replace").splitlines() if line.strip()]) <= 1:
                plan.uploads[dataset], plan.tables[dataset] = None, empty_tables(dataset)
                continue
            upload = read_upload(dataset, f"{dataset}.csv", content, store.ingest_context(scratch))
            if not upload.ok:
                raise _refused(M_("{file} ne se relit pas ({errors})", file=f"datasets/{dataset}.csv",
                                  errors=joined(p.message for p in upload.problems.errors[:3])))
            store.apply_upload(scratch, upload, by="sauvegarde")
            plan.uploads[dataset] = upload
            plan.tables[dataset] = {t: store.read_table(scratch, t) for t in DATASETS[dataset].tables}
    finally:
        scratch.close()
    if not plan.tables:
        raise _refused(M_("l'archive ne contient aucun jeu de données"))
    plan.history = _table(members.get("imports.csv"), "imports.csv")
    plan.proposals = _proposals(_table(members.get("proposals.csv"), "proposals.csv"))
    return plan


def _table(content: bytes | None, name: str) -> pd.DataFrame | None:
    if content is None:
        return None
    try:
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        raise _refused(M_("{file} ne se relit pas", file=name)) from None
    return frame.astype(object).where(frame != "", None)


_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _proposals(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None or frame.empty:
        return None
    needed = {"kind", "changes", "submitted_at", "status"}
    if not needed <= set(frame.columns):
        raise _refused(M_("proposals.csv n'a pas les colonnes attendues"))
    for row in frame.itertuples(index=False):
        values = row._asdict()
        try:
            ok = isinstance(json.loads(values["changes"] or ""), dict)
        except ValueError:
            ok = False
        ok = ok and values["kind"] in _PROPOSAL_KINDS and values["status"] in _PROPOSAL_STATUSES
        ok = ok and all(values.get(c) is None or _TIME.match(str(values[c])) for c in ("submitted_at", "decided_at"))
        if not ok or values["submitted_at"] is None:
            raise _refused(M_("proposals.csv contient une proposition illisible"))
    return frame


def preview(con, plan: Plan, lang: str = "fr") -> dict[str, coordination.Diff]:
    """What the restore would change, dataset by dataset (each replaced whole)."""
    return {dataset: coordination.compare(dataset, coordination.stored_frames(con, dataset), tables, None, lang)
            for dataset, tables in plan.tables.items()}


def restore(con, plan: Plan, by: str | None = None) -> dict[str, int]:
    """Replace every dataset of the backup in one transaction; dataset -> the import number recorded for it."""
    note = f"restauration de la sauvegarde du {plan.created}"
    tables = {d: t for d, t in plan.tables.items()  # a dataset empty in both: nothing to record
              if plan.uploads.get(d) is not None or not all(f.empty for f in coordination.stored_frames(con, d).values())}
    return replace_datasets(con, tables, plan.file_name, note, plan.proposals, by)
