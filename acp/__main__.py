"""Command line: python -m acp import|export|history|rollback|seed.

Exit codes: 0 done; 1 refused (every problem on stderr, in French, the database untouched) or
the database is busy or damaged; 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import export, store
from .ingest import read_upload
from .ingest.values import BadValue, date as parse_date
from .schema import DATASETS

_NOUNS = {"assemblies": "assemblée(s)", "survey": "thème(s) de sondage", "sessions": "séance(s)"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # French usage errors, exit 2
        self.print_usage(sys.stderr)
        print(f"Erreur d'utilisation : {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m acp", description="Données du tableau de bord ACP.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    db = {"help": "base DuckDB (par défaut $ACP_DB ou data/acp.duckdb)"}

    imp = sub.add_parser("import", help="importer un fichier (CSV, .xlsx, JSON GoGoCarto)")
    imp.add_argument("dataset", choices=list(DATASETS))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", **db)
    imp.add_argument("--by", help="qui importe (pour l'historique)")
    imp.add_argument("--wave", help="sondage : code de la vague (par défaut celui du fichier, sinon 2025-04)")
    imp.add_argument("--wave-title", help="sondage : titre de la vague")
    imp.add_argument("--wave-date", help="sondage : date de la vague (jj/mm/aaaa)")
    imp.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")

    exp = sub.add_parser("export", help="exporter un jeu de données au format que l'import relit")
    exp.add_argument("dataset", choices=list(DATASETS))
    exp.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    exp.add_argument("--out", type=Path, help="fichier de sortie (par défaut la sortie standard, CSV seulement)")
    exp.add_argument("--db", **db)

    his = sub.add_parser("history", help="historique des imports")
    his.add_argument("--db", **db)

    rol = sub.add_parser("rollback", help="revenir à l'état d'avant un import")
    rol.add_argument("import_id", type=int)
    rol.add_argument("--db", **db)
    rol.add_argument("--by")

    seed = sub.add_parser("seed", help="construire la base depuis les données embarquées si elle manque")
    seed.add_argument("--db", **db)
    return parser


def _context(con, args) -> dict:
    context = store.ingest_context(con)
    if getattr(args, "wave", None):
        context["wave"] = args.wave
    if getattr(args, "wave_title", None):
        context["wave_title"] = args.wave_title
    if getattr(args, "wave_date", None):
        try:
            context["wave_date"] = parse_date(args.wave_date)
        except BadValue as exc:
            _parser().error(f"--wave-date : {exc}")
    return context


def _import(args) -> int:
    if not args.file.is_file():
        print(f"Fichier introuvable : {args.file}", file=sys.stderr)
        return 2
    data = args.file.read_bytes()
    con = store.connect(args.db)
    try:
        upload = read_upload(args.dataset, args.file.name, data, _context(con, args))
        for line in upload.report():
            print(line, file=sys.stderr)
        if not upload.ok:
            n = len(upload.problems.errors)
            print(f"Import refusé : {n} erreur(s) dans {upload.file_name} ; la base n'a pas été modifiée.", file=sys.stderr)
            return 1
        if args.dry_run:
            print(f"{upload.file_name} : {upload.rows} {_NOUNS[args.dataset]} valides ; rien n'a été écrit (--dry-run).")
            return 0
        import_id = store.apply_upload(con, upload, by=args.by)
    finally:
        con.close()
    warnings = len(upload.problems.warnings)
    extra = f", {warnings} avertissement(s)" if warnings else ""
    print(f"{upload.file_name} : {upload.rows} {_NOUNS[args.dataset]} importé(e)s (import n° {import_id}){extra}.")
    return 0


def _export(args) -> int:
    con = store.connect(args.db, read_only=True) if store.db_path(args.db).exists() else store.connect(args.db)
    try:
        frame = export.dataset_frame(con, args.dataset)
    finally:
        con.close()
    if args.format == "xlsx":
        if args.out is None:
            _parser().error("--format xlsx demande --out FICHIER")
        args.out.write_bytes(export.to_xlsx_bytes(frame, DATASETS[args.dataset].fr))
    elif args.out is None:
        sys.stdout.buffer.write(export.to_csv_bytes(frame))
        return 0
    else:
        args.out.write_bytes(export.to_csv_bytes(frame))
    print(f"{len(frame)} ligne(s) exportée(s) dans {args.out}.", file=sys.stderr)
    return 0


def _history(args) -> int:
    con = store.connect(args.db)
    try:
        frame = store.history(con)
    finally:
        con.close()
    if frame.empty:
        print("Aucun import.")
    for row in frame.itertuples():
        what = f"annule l'import n° {row.restores}" if row.outcome == "rollback" else (row.file_name or "")
        print(f"n° {row.id}\t{row.imported_at:%d/%m/%Y %H:%M}\t{row.dataset}\t{row.rows} ligne(s)\t"
              f"{row.imported_by}\t{what}")
    return 0


def _rollback(args) -> int:
    con = store.connect(args.db)
    try:
        new_id = store.rollback(con, args.import_id, by=args.by)
    finally:
        con.close()
    print(f"Données rétablies telles qu'avant l'import n° {args.import_id} (enregistré comme import n° {new_id}).")
    return 0


def _seed(args) -> int:
    built = store.build_if_missing(args.db)
    where = store.db_path(args.db)
    print(f"Base construite depuis les données embarquées : {where}." if built else f"La base existe déjà : {where}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"import": _import, "export": _export, "history": _history, "rollback": _rollback, "seed": _seed}
    try:
        return handler[args.command](args)
    except store.StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
