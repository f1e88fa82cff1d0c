"""The `odesk-server` command (DESIGN §6): `serve` and `admin ...`.

Every command that creates something prints its id (or the code) alone on the last line of
standard output, and says on standard error which database it uses. Exit 0 on success, 1 with a
one-line message on failure, 2 on wrong usage. Options not given come from the environment
(ODESK_DB_URL, ODESK_DATA, ODESK_HOST, ...; see ENVIRONMENT), so the server and every admin
command reach the same database; options given win.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import ipaddress
import json
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

import odesk
from odesk.server import admin, admission, logs
from odesk.server.db import normalise_url, sqlite_url
from odesk.server.metrics import MULTIPROC_ENV
from odesk.server.serving import serving

DEFAULT_PORT = 8470
ENVIRONMENT = {
    "ODESK_DB_URL": "PostgreSQL database URL, as --db",
    "ODESK_DATA": "SQLite server folder, as --data (when ODESK_DB_URL is unset)",
    "ODESK_HOST": "serve: address to listen on, as --host",
    "ODESK_PORT": "serve: port, as --port",
    "ODESK_WORKERS": "serve: worker processes, as --workers",
    "ODESK_TLS_CERT": "serve: certificate chain (PEM), as --tls-cert",
    "ODESK_TLS_KEY": "serve: private key (PEM), as --tls-key",
    "ODESK_LOG_FORMAT": "serve: logfmt or json, as --log-format",
    "ODESK_LOG_LEVEL": "serve: debug, info, warning or error, as --log-level",
}


class UsageError(Exception):
    """Wrong usage: exit 2."""


def _db_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--data",
        metavar="DIR",
        default=default,
        help="folder of the embedded SQLite database (env ODESK_DATA; default: the user data"
        " folder)",
    )
    group.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="PostgreSQL database URL, postgresql://USER@HOST:5432/DB (env ODESK_DB_URL)",
    )
    if not top:  # an admin action's own options: --actor may be given after it too
        _actor_option(parser, top=False)


def _actor_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--actor",
        metavar="NAME",
        default=_default_actor() if top else argparse.SUPPRESS,
        help="who is acting, as the audit log records it (default: your login name)",
    )


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container's numeric user)
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "admin"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="odesk-server",
        description="The odesk trust server and its administration.",
        epilog="environment: "
        + "; ".join(f"{name}: {what}" for name, what in ENVIRONMENT.items())
        + ". Options given on the command line win.",
    )
    parser.add_argument("--version", action="version", version=f"odesk-server {odesk.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the server")
    _db_options(serve, top=True)
    serve.add_argument(
        "--host",
        default=_env("ODESK_HOST", "127.0.0.1"),
        help="address to listen on (env ODESK_HOST; default 127.0.0.1; any other needs TLS)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=_env("ODESK_PORT", str(DEFAULT_PORT)),
        help=f"port to listen on (env ODESK_PORT; default {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=_env("ODESK_WORKERS", "1"),
        help="worker processes, 1 to 64; more than 1 needs PostgreSQL (env ODESK_WORKERS)",
    )
    serve.add_argument(
        "--tls-cert",
        metavar="FILE",
        default=_env("ODESK_TLS_CERT"),
        help="PEM certificate chain, server certificate first (env ODESK_TLS_CERT)",
    )
    serve.add_argument(
        "--tls-key",
        metavar="FILE",
        default=_env("ODESK_TLS_KEY"),
        help="PEM private key of the certificate (env ODESK_TLS_KEY)",
    )
    serve.add_argument(
        "--log-format",
        choices=logs.FORMATS,
        default=_env("ODESK_LOG_FORMAT", "logfmt"),
        help="log lines on standard error as logfmt or JSON (env ODESK_LOG_FORMAT)",
    )
    serve.add_argument(
        "--log-level",
        choices=logs.LEVELS,
        default=_env("ODESK_LOG_LEVEL", "info"),
        help="least level logged; info logs every request (env ODESK_LOG_LEVEL)",
    )
    serve.add_argument(
        "--api-docs",
        action="store_true",
        help="serve /docs, /redoc and /openapi.json (off unless given)",
    )

    adm = sub.add_parser("admin", help="administer teams, users, devices, backups")
    _db_options(adm, top=True)
    _actor_option(adm, top=True)
    asub = adm.add_subparsers(dest="action", required=True, metavar="ACTION")

    team = asub.add_parser("team", help="teams")
    tsub = team.add_subparsers(dest="team_action", required=True, metavar="ACTION")
    team_add = tsub.add_parser("add", help="add a team; prints its id")
    _db_options(team_add, top=False)
    team_add.add_argument("name", help="the team's name")
    team_add.add_argument(
        "--kind", choices=("service", "podlet"), default="service", help="default service"
    )
    team_add.add_argument("--parent", metavar="TEAM_ID", help="the service a podlet belongs to")
    team_add.add_argument("--id", dest="team_id", metavar="TEAM_ID", help="a fixed id (demo)")
    team_list = tsub.add_parser("list", help="list teams")
    _db_options(team_list, top=False)
    team_rename = tsub.add_parser("rename", help="give a team a new name")
    _db_options(team_rename, top=False)
    team_rename.add_argument("team_id", metavar="TEAM_ID", help="as `team list` shows it")
    team_rename.add_argument("name", help="the new name")

    user = asub.add_parser("user", help="users")
    usub = user.add_subparsers(dest="user_action", required=True, metavar="ACTION")
    user_add = usub.add_parser("add", help="add a user; prints its id")
    _db_options(user_add, top=False)
    user_add.add_argument("name", help="the user's name as colleagues see it")
    user_add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=("practitioner", "supervisor", "admin"),
        help="a role (repeat for several)",
    )
    user_add.add_argument(
        "--team", action="append", default=[], metavar="TEAM_ID", help="a team they work in"
    )
    user_add.add_argument(
        "--supervises",
        action="append",
        default=[],
        nargs="+",
        metavar="TEAM_ID",
        help="a team they supervise (needs --role supervisor)",
    )
    user_add.add_argument("--profession", help="e.g. Mental health nurse")
    user_add.add_argument("--id", dest="user_id", metavar="USER_ID", help="a fixed id (demo)")
    user_list = usub.add_parser("list", help="list users and their state")
    _db_options(user_list, top=False)
    user_list.add_argument("--removed", action="store_true", help="also list removed users")
    for verb, what in (
        ("disable", "disable a user: revokes their devices, withdraws their codes"),
        ("enable", "enable a disabled user again (they need new codes for devices)"),
        ("remove", "remove a user for good; their records keep their name"),
    ):
        cmd = usub.add_parser(verb, help=what)
        _db_options(cmd, top=False)
        cmd.add_argument("user_id", metavar="USER_ID", help="as `user list` shows it")

    code = asub.add_parser("code", help="a one-time enrolment code for a user; prints the code")
    _db_options(code, top=False)
    code.add_argument("user_id", metavar="USER_ID", help="whose device it enrols")
    code.add_argument(
        "--expires-hours", type=float, default=72, help="hours it stays valid (default 72)"
    )

    codes = asub.add_parser("codes", help="list enrolment codes (never the codes themselves)")
    _db_options(codes, top=False)
    codes.add_argument("--user", metavar="USER_ID", help="only this user's codes")
    withdraw = asub.add_parser("withdraw", help="withdraw an unused enrolment code")
    _db_options(withdraw, top=False)
    withdraw.add_argument("code_id", metavar="CODE_ID", help="as `codes` lists it, or the code")

    devices = asub.add_parser("devices", help="list devices and their last contact")
    _db_options(devices, top=False)
    devices.add_argument("--user", metavar="USER_ID", help="only this user's devices")

    revoke = asub.add_parser("revoke", help="revoke a device (it wipes itself at next contact)")
    _db_options(revoke, top=False)
    revoke.add_argument("device_id", metavar="DEVICE_ID", help="as `devices` lists it")

    audit = asub.add_parser("audit", help="the server audit log, alerts first")
    _db_options(audit, top=False)
    audit.add_argument(
        "--since", metavar="ISO8601", help="only entries at or after, e.g. 2026-11-01T00:00:00Z"
    )

    check = asub.add_parser(
        "check",
        help="list records held that break a record rule (changes nothing; exit 1 if any)",
    )
    _db_options(check, top=False)

    backup = asub.add_parser("backup", help="write a backup of the database to FILE")
    _db_options(backup, top=False)
    backup.add_argument("file", metavar="FILE", help="a new file (never overwritten)")

    restore = asub.add_parser("restore", help="replace the database with a backup (new epoch)")
    _db_options(restore, top=False)
    restore.add_argument("file", metavar="FILE", help="a file `backup` wrote")
    restore.add_argument(
        "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
    )

    epoch = asub.add_parser("new-epoch", help="after restoring PostgreSQL by its own tools")
    _db_options(epoch, top=False)
    return parser


def database_url(args: argparse.Namespace) -> str:
    """--db, --data, then ODESK_DB_URL, ODESK_DATA, then the user data folder."""
    given_db, given_data = getattr(args, "db", None), getattr(args, "data", None)
    if not given_db and not given_data:
        given_db = _env("ODESK_DB_URL")
        given_data = None if given_db else _env("ODESK_DATA")
        where = "ODESK_DB_URL"
    else:
        where = "--db"
    if given_db:
        try:
            return normalise_url(given_db)
        except (ValueError, ArgumentError) as exc:
            raise UsageError(f"{where}: {exc}") from None
    return sqlite_url(given_data or platformdirs.user_data_dir("odesk-server"))


def describe_database(url: str) -> str:
    """The database for people: the SQLite file, or the PostgreSQL URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return "PostgreSQL " + parsed.set(drivername="postgresql").render_as_string(hide_password=True)


def say_database(url: str) -> None:
    print(f"odesk-server: database: {describe_database(url)}", file=sys.stderr, flush=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace, url: str) -> int:

    from odesk.server import db

    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    if not args.tls_cert and not _is_loopback(args.host):
        raise UsageError(
            f"refusing to serve plain HTTP on {args.host}: give --tls-cert and --tls-key, "
            "or serve on 127.0.0.1 behind a TLS proxy"
        )
    for name in ("tls_cert", "tls_key"):
        path = getattr(args, name)
        if path and not Path(path).is_file():
            raise admin.AdminError(f"no such file: {path}")
    if not 0 < args.port < 65536:
        raise UsageError("--port must be 1 to 65535")
    if not 1 <= args.workers <= 64:
        raise UsageError("--workers must be 1 to 64")
    try:
        admission.settings_from_env()  # each worker reads them again; refused here, in one line
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    logs.configure(args.log_format, args.log_level)
    logs.log.info("database", extra={"fields": {"database": describe_database(url)}})
    db.application_name = db.SERVE_APPLICATION_NAME  # what `admin restore` looks for
    with serving(url):  # held until the server stops: `admin restore` refuses meanwhile
        return _serve_locked(args, url)


def _serve_locked(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    from odesk.server.app import API_DOCS_ENV, DB_URL_ENV

    admin.connect(url)  # migrate once, before the workers start
    os.environ[DB_URL_ENV] = url
    os.environ[API_DOCS_ENV] = "1" if args.api_docs else "0"
    scheme = "https" if args.tls_cert else "http"
    print(f"odesk-server serving on {scheme}://{args.host}:{args.port}", flush=True)
    logs.log.info(
        "serving",
        extra={
            "fields": {
                "url": f"{scheme}://{args.host}:{args.port}",
                "workers": args.workers,
                "version": odesk.__version__,
            }
        },
    )
    options: dict = dict(
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        log_config=logs.uvicorn_log_config(args.log_format, args.log_level),
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=10,
    )
    if args.workers == 1:
        uvicorn.run("odesk.server.app:app_from_env", **options)
        return 0
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("odesk.server.app:app_from_env", **options)
    with contextlib.ExitStack() as stack:
        if not os.environ.get(MULTIPROC_ENV):
            # Every worker counts into one private folder; any worker's /metrics reads them all.
            os.environ[MULTIPROC_ENV] = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="odesk-metrics-")
            )
        # The workers count their running pushes in one file: a push holds back every
        # worker's pulls (odesk.server.admission).
        os.environ[admission.SHARED_ENV] = admission.make_shared_file(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="odesk-serve-"))
        )
        with contextlib.suppress(KeyboardInterrupt):
            Multiprocess(config, sockets=[tcp_socket(config.bind_socket())]).run()
    return 0


def tcp_socket(sock: socket.socket) -> socket.socket:
    """The same listening socket, its protocol (TCP) read back from the system.

    uvicorn binds the socket it shares between workers without naming the protocol, and asyncio
    sets TCP_NODELAY only on connections of sockets that say TCP: without it every answer waited
    for the client's delayed ACK, about 40 ms a request.
    """
    return socket.socket(fileno=sock.detach())


def _flat(values: list) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


def run_admin(args: argparse.Namespace, url: str) -> int:
    actor = admin.check_actor(args.actor)
    return ADMIN_ACTIONS[args.action](args, url, actor)


def _admin_team(args: argparse.Namespace, url: str, actor: str) -> int:
    if args.team_action == "add":
        print(
            admin.add_team(
                url, args.name, args.kind, args.parent, team_id=args.team_id, actor=actor
            )
        )
    elif args.team_action == "rename":
        admin.rename_team(url, args.team_id, args.name, actor=actor)
        print(f"team {args.team_id} renamed")
    else:
        for team in admin.list_teams(url, actor=actor):
            print(f"{team['id']}\t{team['kind']}\t{team['parent_id'] or '-'}\t{team['name']}")
    return 0


def _admin_user(args: argparse.Namespace, url: str, actor: str) -> int:
    run_user(args, url, actor)
    return 0


def _admin_code(args: argparse.Namespace, url: str, actor: str) -> int:
    print(admin.make_code(url, args.user_id, args.expires_hours, actor=actor))
    return 0


def _admin_codes(args: argparse.Namespace, url: str, actor: str) -> int:
    rows = admin.list_codes(url, args.user, actor=actor)
    for code in rows:
        print(
            f"{code['id']}\t{code['user_id']}\t{code['state']}\tmade {code['created_at']}"
            f"\texpires {code['expires_at']}\t{code['device_id'] or '-'}"
        )
    if not rows:
        print("no codes")
    return 0


def _admin_withdraw(args: argparse.Namespace, url: str, actor: str) -> int:
    admin.withdraw_code(url, args.code_id, actor=actor)
    print(f"code {args.code_id} withdrawn")
    return 0


def _admin_devices(args: argparse.Namespace, url: str, actor: str) -> int:
    rows = admin.list_devices(url, args.user, actor=actor)
    for dev in rows:
        state = f"revoked {dev['revoked_at']}" if dev["revoked_at"] else "active"
        print(
            f"{dev['id']}\t{dev['user_id']}\t{admin.printable(dev['name'])}"
            f"\tenrolled {dev['created_at']}"
            f"\tlast contact {dev['last_seen_at'] or 'never'}\t{state}"
        )
    if not rows:
        print("no devices")
    return 0


def _admin_revoke(args: argparse.Namespace, url: str, actor: str) -> int:
    if admin.revoke(url, args.device_id, actor=actor):
        print(f"device {args.device_id} revoked; it wipes its records at its next contact")
    else:
        print(f"device {args.device_id} was already revoked")
    return 0


def _admin_audit(args: argparse.Namespace, url: str, actor: str) -> int:
    log = admin.audit_log(url, args.since, actor=actor)
    print(f"alerts: {len(log['alerts'])}")
    for alert in log["alerts"]:
        print(f"ALERT {alert['at']} {alert['kind']}: {admin.printable(alert['message'])}")
    print(f"audit entries: {len(log['entries'])}")
    for entry in log["entries"]:
        detail = admin.printable(json.dumps(entry["detail"], sort_keys=True))
        print(
            f"{entry['at']} {admin.printable(entry['actor'])} {entry['device_id'] or '-'} "
            f"{entry['action']} {detail}"
        )
    return 0


def _admin_check(args: argparse.Namespace, url: str, actor: str) -> int:
    from odesk.server.integrity_check import check_database

    findings = check_database(admin.connect(url))
    for line in findings:
        print(admin.printable(line))
    if findings:
        print(f"{len(findings)} findings: records break a rule (kept as they are)")
        return 1
    print("no record breaks a rule")
    return 0


def _admin_backup(args: argparse.Namespace, url: str, actor: str) -> int:
    admin.backup(url, args.file, actor=actor)
    print(f"backup written to {args.file}")
    return 0


def _admin_new_epoch(args: argparse.Namespace, url: str, actor: str) -> int:
    print(admin.new_epoch(url, actor=actor))
    return 0


def run_user(args: argparse.Namespace, url: str, actor: str) -> None:
    verb = args.user_action
    if verb == "add":
        print(
            admin.add_user(
                url,
                args.name,
                args.role,
                args.team,
                _flat(args.supervises),
                args.profession,
                user_id=args.user_id,
                actor=actor,
            )
        )
    elif verb == "list":
        for user in admin.list_users(url, actor=actor, removed=args.removed):
            print(
                f"{user['id']}\t{','.join(user['roles'])}\t{','.join(user['team_ids'])}"
                f"\t{user['state']}\t{user['name']}"
            )
    elif verb in ("disable", "remove"):
        act = admin.disable_user if verb == "disable" else admin.remove_user
        revoked = act(url, args.user_id, actor=actor)
        print(
            f"user {args.user_id} {verb}d; {len(revoked)} device(s) revoked"
            + (f": {', '.join(revoked)}" if revoked else "")
        )
    else:
        admin.enable_user(url, args.user_id, actor=actor)
        print(f"user {args.user_id} enabled; give them a new code for each device")


def run_restore(args: argparse.Namespace, url: str, actor: str) -> int:
    from odesk.server import serving

    if not Path(args.file).expanduser().is_file():
        raise admin.AdminError(f"no such backup file: {args.file}")
    from odesk.server.backup import UNREADABLE, first_line

    try:
        engine = admin.connect(url)
    except DBAPIError as exc:  # the live database is damaged: say what to do
        raise admin.AdminError(UNREADABLE.format(reason=first_line(exc))) from None
    with serving.exclusive(engine):
        pass  # a server running on it: refuse before asking anything
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("restore asks for confirmation: give --yes to run it from a script")
        print(
            f"Restore {args.file} into {describe_database(url)}? What the database lacks is"
            " added back from the backup; nothing it holds is removed. Every device then"
            " pushes again what it made.",
            file=sys.stderr,
        )
        if input("Type yes to restore: ").strip().lower() != "yes":
            print("odesk-server: nothing restored", file=sys.stderr)
            return 1
    report: dict = {}
    epoch = admin.restore(url, args.file, actor=actor, report=report)
    added = ", ".join(f"{n} {t}" for t, n in sorted(report["added"].items())) or "nothing"
    print(f"restored: added back {added}")
    if report["into_empty"]:
        print(
            "WARNING: restored into an empty database, so nothing after the backup is known:"
            " revoke again any device lost or revoked since the backup, and disable any user"
            f" disabled since. {report['codes_withdrawn']} unused code(s) were withdrawn."
            " Devices the backup holds as active:",
            file=sys.stderr,
        )
        for dev in report["active_devices"]:
            print(
                f"  {dev['id']}\t{dev['user_id']}\t{admin.printable(dev['name'])}"
                f"\tlast contact {dev['last_seen_at'] or 'never'}",
                file=sys.stderr,
            )
    print("devices push again what the server lacks at their next sync. new epoch:")
    print(epoch)
    return 0


# `odesk-server admin ACTION`: what each action runs (its arguments, the database URL, the actor).
ADMIN_ACTIONS: dict[str, Callable[[argparse.Namespace, str, str], int]] = {
    "team": _admin_team,
    "user": _admin_user,
    "code": _admin_code,
    "codes": _admin_codes,
    "withdraw": _admin_withdraw,
    "devices": _admin_devices,
    "revoke": _admin_revoke,
    "audit": _admin_audit,
    "check": _admin_check,
    "backup": _admin_backup,
    "restore": run_restore,
    "new-epoch": _admin_new_epoch,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Whatever this process creates (the SQLite database, its WAL, backups) is the service
    # user's alone; existing files are set so too (odesk.server.db.secure_sqlite_files).
    os.umask(0o077)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        url = database_url(args)
        if args.command == "serve":
            return serve(args, url)
        say_database(url)
        return run_admin(args, url)
    except UsageError as exc:
        print(f"odesk-server: error: {exc}", file=sys.stderr)
        return 2
    except admin.AdminError as exc:
        print(f"odesk-server: error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        print(
            f"odesk-server: database error: {reason[0] if reason else type(exc).__name__}",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # `odesk-server admin audit | head`: the reader left; write nothing more to the pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (OSError, RuntimeError) as exc:
        print(f"odesk-server: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
