"""Command line: python -m acp import|export|history|rollback|seed|rebuild|hash-password.

Exit codes: 0 done; 1 refused (every problem on stderr, in French, the database untouched) or
the database is busy or damaged; 2 usage error. A missing database is first built from the
embedded data (as `make run` does), never left empty: an empty base would stay empty.
"""
from __future__ import annotations

import argparse
import errno
import functools
import getpass
import os
import re
import sys
from pathlib import Path

import duckdb

from . import auth, export, store
from .ingest import read_upload
from .ingest.values import BadValue
from .ingest.values import date as parse_date
from .schema import DATASETS

# pandas, DuckDB and the importer are imported by the commands that use them, so that a usage
# error is answered at once.

_OS_ERRORS = {errno.ENOENT: "fichier ou dossier introuvable", errno.EACCES: "permission refusée",
              errno.EPERM: "opération non permise", errno.ENOSPC: "disque plein",
              errno.EISDIR: "c'est un dossier", errno.EROFS: "disque en lecture seule",
              errno.EFBIG: "fichier trop grand : taille maximale atteinte"}

_ARGPARSE_FR = (  # argparse speaks English; its usual complaints, in French
    (re.compile(r"the following arguments are required: (.+)"), r"argument(s) obligatoire(s) manquant(s) : \1"),
    (re.compile(r"argument (\S+): invalid choice: '?([^']*?)'? \(choose from (.+)\)"),
     r"argument \1 : « \2 » n'est pas un choix possible (choix : \3)"),
    (re.compile(r"argument (\S+): invalid int value: '?([^']*?)'?$"), r"argument \1 : nombre entier attendu, pas « \2 »"),
    (re.compile(r"argument (\S+): expected one argument"), r"argument \1 : une valeur est attendue"),
    (re.compile(r"unrecognized arguments: (.+)"), r"argument(s) non reconnu(s) : \1"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # French usage errors, exit 2
        for pattern, french in _ARGPARSE_FR:
            message = pattern.sub(french, message)
        print(self.format_usage().replace("usage:", "Utilisation :", 1).rstrip(), file=sys.stderr)
        print(f"Erreur d'utilisation : {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m acp", description="Données du tableau de bord ACP.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    db = {"help": "base DuckDB (par défaut $ACP_DB ou data/acp.duckdb)"}

    imp = sub.add_parser("import", help="importer un fichier (CSV, .xlsx, .ods, .xls, JSON GoGoCarto)")
    imp.add_argument("dataset", choices=list(DATASETS))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", **db)
    imp.add_argument("--by", help="qui importe (pour l'historique)")
    imp.add_argument("--wave", help="sondage : code de la vague (par défaut celui du fichier, sinon 2025-04)")
    imp.add_argument("--wave-title", help="sondage : titre de la vague")
    imp.add_argument("--wave-date", help="sondage : date de la vague (jj/mm/aaaa)")
    imp.add_argument("--session", help="participants : identifiant de la séance du profil (par défaut la dernière "
                                       "séance datée, passée ou du jour)")
    imp.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")

    exp = sub.add_parser("export", help="exporter un jeu de données au format que l'import relit")
    exp.add_argument("dataset", choices=list(DATASETS))
    exp.add_argument("--format", choices=("csv", "xlsx", "ods"), default="csv")
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

    reb = sub.add_parser("rebuild", help="reconstruire une base endommagée (mise de côté, jamais effacée)")
    reb.add_argument("--from", dest="source", choices=("seed", "exports"),
                     help="données embarquées (seed) ou dernier export (exports) ; par défaut le dernier export s'il "
                          "existe, sinon les données embarquées")
    reb.add_argument("--db", **db)

    hp = sub.add_parser("hash-password", help="empreinte salée d'un mot de passe de coordination "
                                              "(pour ACP_COORDINATOR_PASSWORD ou .streamlit/secrets.toml)")
    hp.add_argument("--iterations", type=int, default=None, help="itérations PBKDF2 (600 000 par défaut)")
    return parser


def _check_usage(parser: argparse.ArgumentParser, args) -> None:
    """What argparse cannot check alone, before anything is opened."""
    if args.command == "export" and args.format in ("xlsx", "ods") and args.out is None:
        parser.error(f"--format {args.format} demande --out FICHIER")
    if args.command == "import" and not args.file.is_file():
        print(f"Fichier introuvable : {args.file}", file=sys.stderr)
        sys.exit(2)
    if args.command == "import" and args.session is not None and args.dataset != "participants":
        parser.error("--session ne s'emploie qu'avec le jeu de données participants")
    if args.command == "import" and args.wave_date:
        try:
            args.wave_date = parse_date(args.wave_date)
        except BadValue as exc:
            parser.error(f"--wave-date : {exc}")


def _context(con, args) -> dict:
    context = store.ingest_context(con)
    if getattr(args, "wave", None):
        context["wave"] = args.wave
    if getattr(args, "wave_title", None):
        context["wave_title"] = args.wave_title
    if getattr(args, "wave_date", None):
        context["wave_date"] = args.wave_date
    if getattr(args, "session", None):
        context["session"] = args.session.strip()
    return context


def _open(args, read_only: bool = False):
    """Connect, building a missing database from the embedded data first (said on stderr)."""
    if store.build_if_missing(args.db):
        print(f"Base absente, construite depuis les données embarquées : {store.db_path(args.db)}.", file=sys.stderr)
    return store.connect(args.db, read_only=read_only)


def _import(args) -> int:
    data = args.file.read_bytes()  # missing: a usage error (exit 2); unreadable: reported by main()
    con = _open(args)
    try:
        # the columns the file lacks keep their stored values on the rows it matches (acp.ingest.keep)
        upload = read_upload(args.dataset, args.file.name, data, _context(con, args),
                             current=functools.partial(store.read_table, con))
        for line in upload.report():
            _tell(line)
        if not upload.ok:
            n = len(upload.problems.errors)
            _tell(f"Import refusé : {n} erreur(s) dans {upload.file_name} ; la base n'a pas été modifiée.")
            return 1
        if args.dry_run:
            print(f"{upload.file_name} : {upload.rows} {DATASETS[args.dataset].rows_noun} valides ; rien n'a été écrit (--dry-run).")
            return 0
        import_id = store.apply_upload(con, upload, by=args.by)
        changes = store.import_changes(con, import_id)
    finally:
        con.close()
    warnings = len(upload.problems.warnings)
    extra = f", {warnings} avertissement(s)" if warnings else ""
    if args.dataset == "participants":
        sessions = ", ".join(upload.frames["participant_profiles"]["session"])
        print(f"{upload.file_name} : profil de {upload.rows} inscrit·e(s) enregistré pour la séance « {sessions} » "
              f"(import n° {import_id}){extra} ; seuls les effectifs sont conservés, aucun nom ni e-mail.")
        return 0
    print(f"{upload.file_name} : {upload.rows} {DATASETS[args.dataset].rows_noun} importé(e)s (import n° {import_id}){extra}"
          f"{_changes(changes)}.")
    return 0


def _changes(changes: dict | None) -> str:
    if changes is None:
        return ""
    if changes["same"]:
        return " ; aucune différence avec les données en place"
    return (f" ; par rapport aux données en place : {changes['added']} ajoutée(s), {changes['changed']} modifiée(s), "
            f"{changes['removed']} retirée(s)")


def _tell(line: str) -> None:
    """A line of the report on stderr; a reader gone (`2>&1 | head`) must not stop the import half-way."""
    try:
        print(line, file=sys.stderr)
    except BrokenPipeError:
        pass


def _export(args) -> int:
    con = _open(args, read_only=True)
    try:
        frame = store.dataset_frame(con, args.dataset)
    finally:
        con.close()
    if args.format == "xlsx":
        args.out.write_bytes(export.to_xlsx_bytes(frame, DATASETS[args.dataset].fr))
    elif args.format == "ods":
        args.out.write_bytes(export.to_ods_bytes(frame, DATASETS[args.dataset].fr))
    elif args.out is None:
        sys.stdout.buffer.write(export.to_csv_bytes(frame))
        return 0
    else:
        args.out.write_bytes(export.to_csv_bytes(frame))
    print(f"{len(frame)} ligne(s) exportée(s) dans {args.out}.", file=sys.stderr)
    return 0


def _history(args) -> int:
    con = _open(args, read_only=True)
    try:
        frame = store.history(con)
    finally:
        con.close()
    if frame.empty:
        print("Aucun import.")
    for row in frame.itertuples():
        what = f"annule l'import n° {_int(row.restores)}" if row.outcome == "rollback" else (row.file_name or "")
        print(f"n° {row.id}\t{row.imported_at:%d/%m/%Y %H:%M}\t{row.dataset}\t{_int(row.rows)} ligne(s)\t"
              f"{row.imported_by or ''}\t{what}")
    return 0


def _int(value) -> str:
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return "?"


def _rollback(args) -> int:
    con = _open(args)
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


def _rebuild(args) -> int:
    source = args.source or ("exports" if store.export_info(args.db) else "seed")
    print(store.rebuild(args.db, source=source).summary())
    return 0


def _hash_password(args) -> int:
    """Asks for the password (twice on a terminal; the first line of standard input otherwise)."""
    if sys.stdin.isatty():
        password = getpass.getpass("Mot de passe de coordination : ")
        if getpass.getpass("Le même, une seconde fois : ") != password:
            print("Les deux saisies diffèrent ; rien n'a été produit.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password.strip():
        print("Mot de passe vide ; rien n'a été produit.", file=sys.stderr)
        return 1
    if len(password) < 10:
        print("Attention : moins de 10 caractères, c'est un mot de passe faible.", file=sys.stderr)
    print(auth.hash_password(password, args.iterations or auth.DEFAULT_ITERATIONS))
    print("À mettre dans ACP_COORDINATOR_PASSWORD, ou dans .streamlit/secrets.toml : coordinator_password = \"…\"",
          file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _check_usage(parser, args)
    if args.command == "hash-password":
        if args.iterations is not None and args.iterations < 1000:
            parser.error("--iterations : 1000 au moins")
        return _hash_password(args)
    handler = {"import": _import, "export": _export, "history": _history, "rollback": _rollback, "seed": _seed,
               "rebuild": _rebuild}

    try:
        return handler[args.command](args)
    except store.StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"Erreur de la base de données : {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into a command that stopped reading (head, less)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # e.g. --out in a folder that does not exist
        where = f" : {exc.filename}" if exc.filename else ""
        print(f"Lecture ou écriture impossible{where} ({_OS_ERRORS.get(exc.errno, exc.strerror or exc)}).",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
