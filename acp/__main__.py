"""Command line: python -m acp import|export|history|rollback|seed|rebuild|backup|restore|hash-password.

Every command takes `--lang fr|en|de` (French by default): its messages, help and usage errors (argparse's own
words included, acp.cli_language) are in that language.

Exit codes: 0 done; 1 refused (every problem on stderr, the database untouched) or
the database is busy or damaged; 2 usage error. A missing database is first built from the
embedded data (as `make run` does), never left empty: an empty base would stay empty.
"""
from __future__ import annotations

import argparse
import errno
import functools
import getpass
import os
import sys
from pathlib import Path

import duckdb

from . import auth, backup, export, store
from .catalogs import LANGS, SOURCE_LANG, gettext_
from .cli_language import lang_of, speaking
from .ingest import read_upload
from .ingest.values import BadValue
from .ingest.values import date as parse_date
from .messages import M_, MN_, Message, render
from .schema import DATASETS

# pandas, DuckDB and the importer are imported by the commands that use them, so that a usage
# error is answered at once.

_OS_ERRORS = {errno.ENOENT: M_("fichier ou dossier introuvable"), errno.EACCES: M_("permission refusée"),
              errno.EPERM: M_("opération non permise"), errno.ENOSPC: M_("disque plein"),
              errno.EISDIR: M_("c'est un dossier"), errno.EROFS: M_("disque en lecture seule"),
              errno.EFBIG: M_("fichier trop grand : taille maximale atteinte")}


class _Parser(argparse.ArgumentParser):
    lang = SOURCE_LANG

    def error(self, message: str):  # usage errors in the reader's language, exit 2
        print(self.format_usage().rstrip(), file=sys.stderr)
        print(M_("Erreur d'utilisation : {message}", message=message).render(self.lang), file=sys.stderr)
        sys.exit(2)


def _parser(lang: str = SOURCE_LANG) -> argparse.ArgumentParser:
    def _(text: str) -> str:
        return gettext_(text, lang)

    _Parser.lang = lang
    language = _Parser(add_help=False)
    language.add_argument("--lang", choices=LANGS, default=SOURCE_LANG,
                          help=_("langue des messages : fr (par défaut), en ou de"))
    parser = _Parser(prog="python -m acp", description=_("Données du tableau de bord ACP."), parents=[language])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title=_("commandes"))
    db = {"help": _("base DuckDB (par défaut $ACP_DB ou data/acp.duckdb)")}

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, parents=[language])

    imp = command("import", _("importer un fichier (CSV, .xlsx, .ods, .xls, JSON GoGoCarto)"))
    imp.add_argument("dataset", choices=list(DATASETS), help=_("jeu de données"))
    imp.add_argument("file", type=Path, help=_("fichier à importer"))
    imp.add_argument("--db", **db)
    imp.add_argument("--by", help=_("qui importe (pour l'historique)"))
    imp.add_argument("--wave", help=_("sondage : code de la vague (par défaut celui du fichier, sinon 2025-04)"))
    imp.add_argument("--wave-title", help=_("sondage : titre de la vague"))
    imp.add_argument("--wave-date", help=_("sondage : date de la vague (jj/mm/aaaa)"))
    imp.add_argument("--session", help=_("participants : identifiant de la séance du profil (par défaut la dernière "
                                         "séance datée, passée ou du jour)"))
    imp.add_argument("--dry-run", action="store_true", help=_("vérifier sans rien écrire"))

    exp = command("export", _("exporter un jeu de données au format que l'import relit"))
    exp.add_argument("dataset", choices=list(DATASETS), help=_("jeu de données"))
    exp.add_argument("--format", choices=("csv", "xlsx", "ods"), default="csv", help=_("format du fichier"))
    exp.add_argument("--out", type=Path, help=_("fichier de sortie (par défaut la sortie standard, CSV seulement)"))
    exp.add_argument("--db", **db)

    his = command("history", _("historique des imports"))
    his.add_argument("--db", **db)

    rol = command("rollback", _("revenir à l'état d'avant un import"))
    rol.add_argument("import_id", type=int, help=_("numéro de l'import"))
    rol.add_argument("--db", **db)
    rol.add_argument("--by", help=_("qui revient en arrière (pour l'historique)"))

    seed = command("seed", _("construire la base depuis les données embarquées si elle manque"))
    seed.add_argument("--db", **db)

    reb = command("rebuild", _("reconstruire une base endommagée (mise de côté, jamais effacée)"))
    reb.add_argument("--from", dest="source", choices=("seed", "exports"),
                     help=_("données embarquées (seed) ou dernier export (exports) ; par défaut le dernier export "
                            "s'il existe, sinon les données embarquées"))
    reb.add_argument("--db", **db)

    bak = command("backup", _("sauvegarder toutes les données, l'historique et les propositions dans un .zip"))
    bak.add_argument("--out", type=Path, required=True, help=_("fichier .zip de sortie"))
    bak.add_argument("--db", **db)

    res = command("restore", _("restaurer une sauvegarde .zip (vérifiée, en une fois, annulable comme un import)"))
    res.add_argument("file", type=Path, help=_("fichier .zip de la sauvegarde"))
    res.add_argument("--db", **db)
    res.add_argument("--by", help=_("qui restaure (pour l'historique)"))
    res.add_argument("--dry-run", action="store_true", help=_("vérifier et montrer ce qui changerait, sans rien écrire"))

    hp = command("hash-password", _("empreinte salée d'un mot de passe de coordination (pour "
                                    "ACP_COORDINATOR_PASSWORD ou .streamlit/secrets.toml)"))
    hp.add_argument("--iterations", type=int, default=None, help=_("itérations PBKDF2 (600 000 par défaut)"))
    return parser


def _check_usage(parser: argparse.ArgumentParser, args) -> None:
    """What argparse cannot check alone, before anything is opened."""
    if args.command == "export" and args.format in ("xlsx", "ods") and args.out is None:
        parser.error(M_("--format {format} demande --out FICHIER", format=args.format).render(args.lang))
    if args.command in ("import", "restore") and not args.file.is_file():
        print(M_("Fichier introuvable : {file}", file=str(args.file)).render(args.lang), file=sys.stderr)
        sys.exit(2)
    if args.command == "import" and args.session is not None and args.dataset != "participants":
        parser.error(M_("--session ne s'emploie qu'avec le jeu de données participants").render(args.lang))
    if args.command == "import" and args.wave_date:
        try:
            args.wave_date = parse_date(args.wave_date)
        except BadValue as exc:
            parser.error(M_("--wave-date : {problem}", problem=exc.message).render(args.lang))
    if args.command == "hash-password" and args.iterations is not None and args.iterations < 1000:
        parser.error(M_("--iterations : 1000 au moins").render(args.lang))


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
    """Connect, building a missing database from the data repository or the embedded data first (said on stderr)."""
    built, where = store.build_source(args.db), str(store.db_path(args.db))
    if built:
        _tell(M_("Base absente, construite depuis le dépôt de données : {path}.", path=where) if built == "repo" else
              M_("Base absente, construite depuis les données embarquées : {path}.", path=where), args.lang)
    if not read_only:
        store.datarepo.resume_later(args.db)  # commits a killed command left unpushed (ACP_DATA_REPO)
    return store.connect(args.db, read_only=read_only)


def _import(args) -> int:
    data = args.file.read_bytes()  # missing: a usage error (exit 2); unreadable: reported by main()
    con = _open(args)
    try:
        # the columns the file lacks keep their stored values on the rows it matches (acp.ingest.keep)
        upload = read_upload(args.dataset, args.file.name, data, _context(con, args),
                             current=functools.partial(store.read_table, con))
        for line in upload.report():
            _tell(line, args.lang)
        if not upload.ok:
            _tell(MN_("Import refusé : {n} erreur dans {file} ; la base n'a pas été modifiée.",
                      "Import refusé : {n} erreurs dans {file} ; la base n'a pas été modifiée.",
                      n=len(upload.problems.errors), file=upload.file_name), args.lang)
            return 1
        if args.dry_run:
            _say(M_("{file} : {rows} valides ; rien n'a été écrit (--dry-run).", file=upload.file_name,
                    rows=DATASETS[args.dataset].count(upload.rows)), args.lang)
            return 0
        import_id = store.apply_upload(con, upload, by=args.by)
        changes = store.import_changes(con, import_id)
    finally:
        con.close()
    warnings = len(upload.problems.warnings)
    extra = MN_(", {n} avertissement", ", {n} avertissements", n=warnings) if warnings else ""
    if args.dataset == "participants":
        _say(M_("{file} : profil de {rows} enregistré pour la séance « {sessions} » (import n° {number}){warnings} ; "
                "seuls les effectifs sont conservés, aucun nom ni e-mail.", file=upload.file_name,
                rows=DATASETS[args.dataset].count(upload.rows), number=import_id, warnings=extra,
                sessions=", ".join(upload.frames["participant_profiles"]["session"])), args.lang)
        return 0
    _say(M_("{file} importé : {rows} (import n° {number}){warnings}{changes}.", file=upload.file_name, number=import_id,
            rows=DATASETS[args.dataset].count(upload.rows), warnings=extra, changes=_changes(changes)), args.lang)
    return 0


def _changes(changes: dict | None):
    if changes is None:
        return ""
    if changes["same"]:
        return M_(" ; aucune différence avec les données en place")
    return M_(" ; par rapport aux données en place : {added}, {changed}, {removed}",
              added=MN_("{n} ajoutée", "{n} ajoutées", n=changes["added"]),
              changed=MN_("{n} modifiée", "{n} modifiées", n=changes["changed"]),
              removed=MN_("{n} retirée", "{n} retirées", n=changes["removed"]))


def _say(message: Message, lang: str) -> None:
    """A result, on stdout, in the reader's language."""
    print(message.render(lang))


def _tell(message: Message, lang: str) -> None:
    """A line of the report on stderr; a reader gone (`2>&1 | head`) must not stop the import half-way."""
    try:
        print(render(message, lang), file=sys.stderr)
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
    _tell(MN_("{n} ligne exportée dans {file}.", "{n} lignes exportées dans {file}.", n=len(frame), file=str(args.out)),
          args.lang)
    return 0


def _history(args) -> int:
    con = _open(args, read_only=True)
    try:
        frame = store.history(con)
    finally:
        con.close()
    if frame.empty:
        _say(M_("Aucun import."), args.lang)
    for row in frame.itertuples():
        what = (M_("annule l'import n° {number}", number=_int(row.restores)).render(args.lang)
                if row.outcome == "rollback" else (row.file_name or ""))
        rows = MN_("{n} ligne", "{n} lignes", n=int(row.rows)).render(args.lang) if _int(row.rows) != "?" else "?"
        print(M_("n° {number}", number=row.id).render(args.lang),
              f"{row.imported_at:%d/%m/%Y %H:%M}", row.dataset, rows, row.imported_by or "", what, sep="\t")
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
    _say(M_("Données rétablies telles qu'avant l'import n° {number} (enregistré comme import n° {new}).",
            number=args.import_id, new=new_id), args.lang)
    return 0


def _seed(args) -> int:
    built = store.build_source(args.db)
    where = str(store.db_path(args.db))
    _say(M_("Base construite depuis le dépôt de données : {path}.", path=where) if built == "repo"
         else M_("Base construite depuis les données embarquées : {path}.", path=where) if built
         else M_("La base existe déjà : {path}.", path=where), args.lang)
    return 0


def _rebuild(args) -> int:
    source = args.source or ("exports" if store.export_info(args.db) else "seed")
    print(store.rebuild(args.db, source=source).summary(args.lang))
    return 0


def _hash_password(args) -> int:
    """Asks for the password (twice on a terminal; the first line of standard input otherwise)."""
    if sys.stdin.isatty():
        password = getpass.getpass(M_("Mot de passe de coordination : ").render(args.lang))
        if getpass.getpass(M_("Le même, une seconde fois : ").render(args.lang)) != password:
            _tell(M_("Les deux saisies diffèrent ; rien n'a été produit."), args.lang)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password.strip():
        _tell(M_("Mot de passe vide ; rien n'a été produit."), args.lang)
        return 1
    if len(password) < 10:
        _tell(M_("Attention : moins de 10 caractères, c'est un mot de passe faible."), args.lang)
    print(auth.hash_password(password, args.iterations or auth.DEFAULT_ITERATIONS))
    _tell(M_("À mettre dans ACP_COORDINATOR_PASSWORD, ou dans .streamlit/secrets.toml : coordinator_password = \"…\""),
          args.lang)
    return 0


def _backup(args) -> int:
    con = _open(args, read_only=True)
    try:
        data = backup.make(con)
    finally:
        con.close()
    args.out.write_bytes(data)
    _say(M_("Sauvegarde écrite : {file} ({kb} Ko).", file=str(args.out), kb=max(1, len(data) // 1024)), args.lang)
    return 0


def _restore(args) -> int:
    plan = backup.read(args.file.read_bytes(), args.file.name)  # refused whole (exit 1) before the base is opened
    con = _open(args)
    try:
        for dataset, diff in backup.preview(con, plan).items():
            _tell(M_("  {dataset} : {added}, {changed}, {removed}.", dataset=DATASETS[dataset],
                     added=MN_("{n} ajoutée", "{n} ajoutées", n=len(diff.added)),
                     changed=MN_("{n} modifiée", "{n} modifiées", n=len(diff.changed)),
                     removed=MN_("{n} retirée", "{n} retirées", n=len(diff.removed))), args.lang)
        if args.dry_run:
            _say(M_("{file} : sauvegarde valide ; rien n'a été écrit (--dry-run).", file=plan.file_name), args.lang)
            return 0
        numbers = backup.restore(con, plan, by=args.by)
    finally:
        con.close()
    _say(M_("Sauvegarde du {date} restaurée (imports n° {numbers} ; chacun s'annule avec « rollback »).",
            date=plan.created, numbers=", ".join(str(n) for n in numbers.values())), args.lang)
    return 0


_COMMANDS = {"import": _import, "backup": _backup, "restore": _restore, "export": _export, "history": _history, "rollback": _rollback, "seed": _seed,
             "rebuild": _rebuild, "hash-password": _hash_password}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = lang_of(argv)
    with speaking(lang):
        parser = _parser(lang)
        args = parser.parse_args(argv)
        args.lang = lang  # wherever --lang stands: before the command or after it (a subcommand's default is fr)
        _check_usage(parser, args)
    return _run(args)


_WRITES = ("import", "rollback", "seed", "rebuild", "restore")


def _run(args) -> int:
    try:
        code = _COMMANDS[args.command](args)
        if args.command in _WRITES and not getattr(args, "dry_run", False):
            store.flush_exports(120)  # the copies, then their commit into the data repository and its push
            said = store.datarepo.settle(args.db)
            if said is not None:
                _tell(said, args.lang)
        return code
    except store.StoreError as exc:
        _tell(exc.message, args.lang)
        return 1
    except duckdb.Error as exc:
        _tell(M_("Erreur de la base de données : {detail}", detail=str(exc)), args.lang)
        return 1
    except BrokenPipeError:  # output piped into a command that stopped reading (head, less)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # e.g. --out in a folder that does not exist
        where = M_(" : {file}", file=str(exc.filename)) if exc.filename else ""
        reason = _OS_ERRORS.get(exc.errno, exc.strerror or str(exc))
        _tell(M_("Lecture ou écriture impossible{where} ({reason}).", where=where, reason=reason), args.lang)
        return 1


if __name__ == "__main__":
    sys.exit(main())
