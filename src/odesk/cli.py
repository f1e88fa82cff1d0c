"""The `odesk` command (DESIGN §8): the desktop app, the demo, and the store's command line.

Exit status: 0 success; 1 failure, with one line "odesk: error: ..." on standard error; 2 wrong
usage (argparse). Nothing here prints a traceback: every expected failure (store, vault, record
validation, files, JSON) is turned into that one line at the top.

Passphrases: `--passphrase-file FILE` (first line), else the ODESK_PASSPHRASE environment
variable, else a prompt (a new passphrase is asked twice). `init` takes the new store's
passphrase the same way; `passwd` takes the new one from ODESK_NEW_PASSPHRASE or a prompt.

Test hook: ODESK_TEST_WEAK_KDF=1 (or the hidden option --test-weak-kdf) makes `init` use the
cheap test key-derivation parameters and lets every command open such a store. It exists only so
tests run fast; the shipped default (256 MiB, 3 passes, 4 lanes) and floor (64 MiB) are unchanged
without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager

from odesk import __version__

# pathlib, json, getpass, typing, the store and everything else are imported where they are used:
# `odesk --version` and `odesk --help` load argparse and this module only (P16 in bench/).
# TYPE_CHECKING is False at run time (mypy and ruff read the block): importing typing alone
# would cost `odesk --version` about a tenth of its time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from typing import Any, TextIO

    from odesk.store import Store

PROG = "odesk"


class CliError(Exception):
    """A failure reported as one line with exit status 1."""


# --- arguments -----------------------------------------------------------------------------------


def _common(weak_hidden: bool = True) -> argparse.ArgumentParser:
    """Options accepted both before and after the subcommand (`odesk --data-dir D check` and
    `odesk check --data-dir D`). SUPPRESS keeps a sub-parser from resetting the global value."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help='the store\'s folder (default: platformdirs.user_data_dir("odesk"))',
    )
    parent.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of FILE (else ODESK_PASSPHRASE, else a prompt)",
    )
    parent.add_argument(
        "--test-weak-kdf", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Offline-first records for Open Dialogue network meetings. With no command,"
        " the desktop app opens on the data folder.",
        epilog="Passphrases: --passphrase-file, else ODESK_PASSPHRASE, else a prompt (one line"
        " a question when standard input is not a terminal); passwd takes the new one from"
        " ODESK_NEW_PASSPHRASE or asks twice. Exit status: 0 success, 1 failure (one line on"
        " standard error), 2 wrong usage.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"odesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser(
        "demo",
        parents=[common],
        help="the app on a throwaway store, with an embedded trust server and fictional data",
    )
    sub.add_parser("init", parents=[common], help="create an encrypted store")
    p_import = sub.add_parser(
        "import", parents=[common], help="import an odesk-records file (all or nothing)"
    )
    p_import.add_argument("file", metavar="FILE", help="an odesk-records JSON file")
    p_export = sub.add_parser(
        "export",
        parents=[common],
        help="export records as JSON (odesk-records) or CSV, or one person's record as PDF",
        description="JSON goes to standard output, or to FILE with -o (written atomically). CSV"
        " writes one table per kind (network.csv, note.csv, ...) into a new folder given by -o,"
        " or one kind's table to standard output with --kind. PDF writes one person's whole"
        " record (--network ID: referral, members, every meeting, note, addendum and review),"
        " as for a subject access request, to FILE given by -o, readable by its owner only.",
    )
    p_export.add_argument("--format", choices=("json", "csv", "pdf"), default="json")
    p_export.add_argument(
        "--network", metavar="ID", help="the network (person) whose record a PDF export holds"
    )
    p_export.add_argument(
        "--pseudonymise",
        "--pseudonymize",
        action="store_true",
        help="replace ids and names by pseudonyms for this export only; remove contact details,"
        " NHS numbers and free text; keep only the year of birth",
    )
    p_export.add_argument(
        "--exact-times",
        action="store_true",
        help="with --pseudonymise: keep times to the millisecond (default: the day only, so two"
        " exports cannot be joined on their timestamps)",
    )
    p_export.add_argument(
        "--history", action="store_true", help="every revision, not only the current views"
    )
    p_export.add_argument(
        "--kind", help="only records of this kind (required for CSV to standard output)"
    )
    p_export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (JSON) or a new folder (CSV)"
    )
    p_enroll = sub.add_parser("enroll", parents=[common], help="connect to the trust server")
    p_enroll.add_argument("--server", required=True, metavar="URL")
    p_enroll.add_argument("--code", required=True, metavar="CODE", help="one-time enrolment code")
    p_enroll.add_argument("--ca-file", metavar="FILE", help="CA bundle for the server certificate")
    p_enroll.add_argument(
        "--again",
        action="store_true",
        help="enrol this store again with a new code, keeping its records and changes (the"
        " server no longer knows the device)",
    )
    sub.add_parser("sync", parents=[common], help="one sync round; prints what moved")
    sub.add_parser(
        "check",
        parents=[common],
        help="integrity, audit chain, pending, refused and quarantined changes, conflicts",
        description="Exit 0 when all is well; 1 when the store has a problem or needs attention"
        " (changes the server refused, received revisions kept aside).",
    )
    sub.add_parser(
        "rejected",
        parents=[common],
        help="list the changes the trust server refused, with its reasons",
        description="Refused changes stay on this laptop (nothing is lost); fix and send them"
        " again, or discard them, in the app (Sync, Refused changes).",
    )
    sub.add_parser("passwd", parents=[common], help="change the store's passphrase")
    return parser


# --- passphrases ---------------------------------------------------------------------------------


def _weak(args: argparse.Namespace) -> bool:
    return (
        bool(getattr(args, "test_weak_kdf", False)) or os.environ.get("ODESK_TEST_WEAK_KDF") == "1"
    )


def _read_passphrase_file(name: str) -> str:
    try:
        with open(name, encoding="utf-8") as handle:
            line = handle.readline()
    except OSError as exc:
        raise CliError(f"cannot read passphrase file {name}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"passphrase file {name} is not UTF-8 text") from None
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise CliError(f"passphrase file {name} is empty")
    return passphrase


def _prompt(prompt: str) -> str:
    try:
        if not sys.stdin.isatty():
            # Piped in (`... | odesk check`): one line per question, no prompt noise on stderr.
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line.rstrip("\r\n")
        import getpass

        return getpass.getpass(prompt)
    except EOFError:
        raise CliError(
            "no passphrase given (set ODESK_PASSPHRASE, use --passphrase-file, or run in a terminal)"
        ) from None


def _prompt_new(what: str) -> str:
    first = _prompt(f"{what}: ")
    if not first:
        raise CliError("the passphrase must not be empty")
    if _prompt(f"{what} again: ") != first:
        raise CliError("the two passphrases differ; nothing was changed")
    return first


def _acceptable(new: str) -> str:
    """A new passphrase passes the same policy as the setup wizard's, or the command stops here."""
    from odesk.vault.passphrase_policy import refusal

    reason = refusal(new)
    if reason:
        raise CliError(f"{reason}; nothing was changed")
    return new


def passphrase(args: argparse.Namespace, *, new: bool = False) -> str:
    """The store's passphrase (for init: the new store's, held to the passphrase policy)."""
    name = getattr(args, "passphrase_file", None)
    if name:
        value = _read_passphrase_file(name)
        return _acceptable(value) if new else value
    env = os.environ.get("ODESK_PASSPHRASE")
    if env:
        return _acceptable(env) if new else env
    if new:
        return _acceptable(_prompt_new("New passphrase for the store"))
    value = _prompt("Passphrase: ")
    if not value:
        raise CliError("the passphrase must not be empty")
    return value


def new_passphrase() -> str:
    env = os.environ.get("ODESK_NEW_PASSPHRASE")
    return _acceptable(env if env else _prompt_new("New passphrase"))


# --- store helpers -------------------------------------------------------------------------------


def data_dir(args: argparse.Namespace) -> Path:
    from pathlib import Path

    given = getattr(args, "data_dir", None)
    if given:
        return Path(given)
    from platformdirs import user_data_dir

    return Path(user_data_dir("odesk"))


@contextmanager
def opened(args: argparse.Namespace, secret: str | None = None) -> Iterator[Any]:
    from odesk.store import Store

    folder = data_dir(args)
    if not Store.exists(folder):
        raise CliError(f"there is no odesk store in {folder} (create one with: odesk init)")
    store = Store.open(folder, secret or passphrase(args), allow_weak_kdf=_weak(args))
    try:
        yield store
    finally:
        store.close()


# --- commands ------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from odesk import vault
    from odesk.store import Store

    folder = data_dir(args)
    if Store.exists(folder):
        raise CliError(f"a store already exists in {folder}; refusing to replace it")
    weak = _weak(args)
    store = Store.create(
        folder,
        passphrase(args, new=True),
        kdf_params=vault.TEST_PARAMS if weak else None,
        allow_weak_kdf=weak,
    )
    store_id = store.store_id
    store.close()
    print(f"created an encrypted store in {folder}")
    print(store_id)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from odesk.exchange import read_records
    from odesk.store import InvalidEdit

    # The whole file is checked before the store is opened: a bad file changes nothing.
    records = read_records(Path(args.file))
    with opened(args) as store:
        try:
            added = store.import_revisions(records)
        except InvalidEdit as exc:
            raise CliError(_name_the_record(str(exc), records)) from None
    known = len(records) - added
    print(
        f"imported {added} revisions from {args.file}"
        + (f" ({known} already here)" if known else "")
    )
    return 0


def _name_the_record(message: str, records: list[dict]) -> str:
    """The store names a refused record by id; say where it is in the file too."""
    for index, record in enumerate(records, start=1):
        prefix = f"record {record['id']}: "
        if message.startswith(prefix):
            return f"record {index} (id {record['id']}): {message[len(prefix) :]}; nothing was imported"
    return f"{message}; nothing was imported"


def _export_records(store: Store, history: bool, kind: str | None) -> list[dict]:
    from odesk.core.records import KINDS

    kinds = [kind] if kind else list(KINDS)
    out: list[dict] = []
    for k in kinds:
        if history:
            for record_id in store.record_ids(k, include_deleted=True):
                out.extend(store.history(record_id))
        else:
            out.extend(store.records(k))
    return out


def _refuse_when_offline_locked(store: Store) -> None:
    """Past the trust's max_offline_days the store unlocks but shows no records, here as in the app."""
    try:
        from odesk.sync import offline_lock_message
    except ImportError:  # a build without sync has never been enrolled, so has no such policy
        return
    message = offline_lock_message(store)
    if message:
        raise CliError(message)


def _export_pdf(args: argparse.Namespace) -> int:
    """One person's whole record as PDF, drawn by the app's own renderer on Qt's offscreen
    platform (no display needed); the UI package is imported only here."""
    from pathlib import Path

    if not args.network:
        raise CliError("a PDF export is of one person's record: give --network ID")
    if not args.output:
        raise CliError("a PDF export needs -o FILE (it is never written to standard output)")
    if args.pseudonymise or args.history or args.kind or args.exact_times:
        raise CliError(
            "--pseudonymise, --exact-times, --history and --kind do not apply to a PDF export"
        )
    target = Path(args.output)
    if target.is_dir():
        raise CliError(f"{target} is a folder; give a file name")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from odesk.ui.pdf_export import PdfError
        from odesk.ui.record_document import UnknownNetwork, export_record_pdf, offscreen_app
    except ImportError as exc:
        raise CliError(f"PDF export is not available in this build ({exc})") from None
    with opened(args) as store:
        _refuse_when_offline_locked(store)
        app = offscreen_app()
        try:
            written = export_record_pdf(store, args.network, target)
        except (UnknownNetwork, PdfError) as exc:
            raise CliError(str(exc)) from None
        finally:
            del app
    print(f"exported the record of network {args.network} to {written}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from odesk import exchange
    from odesk.core.records import KINDS

    if args.format == "pdf":
        return _export_pdf(args)
    if args.network:
        raise CliError("--network is for --format pdf")
    if args.exact_times and not args.pseudonymise:
        raise CliError("--exact-times is for --pseudonymise (a plain export keeps every time)")
    kind = exchange.kind_or_error(args.kind) if args.kind else None
    target = Path(args.output) if args.output else None
    if args.format == "csv" and target is None and kind is None:
        raise CliError("CSV to standard output needs --kind KIND (or -o FOLDER for every kind)")
    if target is not None and args.format == "csv" and target.exists():
        raise CliError(f"{target} already exists; give a new folder name for a CSV export")
    if target is not None and args.format == "json" and target.is_dir():
        raise CliError(f"{target} is a folder; give a file name")
    with opened(args) as store:
        _refuse_when_offline_locked(store)
        records = exchange.transform(
            _export_records(store, args.history, kind),
            args.pseudonymise,
            scale_items=_scale_items(store) if args.pseudonymise else None,
            exact_times=args.exact_times,
        )
        if args.format == "json":
            text = exchange.to_json(records)
            if target is None:
                sys.stdout.write(text)
            else:
                exchange.write_file_atomic(target, text)
        elif target is None:
            assert kind is not None
            sys.stdout.write(exchange.to_csv(kind, records))
        else:
            files = {f"{k}.csv": exchange.to_csv(k, records) for k in ([kind] if kind else KINDS)}
            exchange.write_dir_atomic(target, files)
        store.audit("export")
    if target is not None:
        print(f"exported {len(records)} records to {target}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with opened(args) as store:
        report = store.check()
    for line in report.lines():
        print(line)
    return 0 if report.ok and not report.needs_attention else 1


def _scale_items(store: Store) -> dict[str, set[str]]:
    """Item ids of every scale this laptop knows (shipped, and sent by the server's policy)."""
    from odesk.reports.scales import load_scales, scales_from_policy

    scales = load_scales()
    scales.update(scales_from_policy({"scales": store.meta_get("scales") or []}, errors=[]))
    return {scale.id: {item.id for item in scale.items} for scale in scales.values()}


def cmd_rejected(args: argparse.Namespace) -> int:
    from odesk.store.checkreport import REJECTED_ADVICE, describe_rejected

    with opened(args) as store:
        refused = store.rejected()
    for item in refused:
        print(describe_rejected(item))
    print(f"{len(refused)} change{'' if len(refused) == 1 else 's'} refused by the server")
    if refused:
        print(REJECTED_ADVICE)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    old = passphrase(args)
    if os.environ.get("ODESK_NEW_PASSPHRASE"):
        new_passphrase()  # a scripted new passphrase is checked before the store is even opened
    with opened(args, old) as store:
        new = new_passphrase()
        if new == old:
            raise CliError("the new passphrase is the same as the old one; nothing was changed")
        weak = _weak(args)
        from odesk import vault

        store.change_passphrase(
            old, new, kdf_params=vault.TEST_PARAMS if weak else None, allow_weak_kdf=weak
        )
    print("passphrase changed (the data key was re-wrapped; the database is unchanged)")
    return 0


def _sync_module() -> Any:
    try:
        import odesk.sync as sync
    except ImportError as exc:
        raise CliError(f"sync is not available in this build ({exc})") from None
    return sync


REJECTED_SHOWN = 20  # refused changes named after a round; `odesk rejected` lists them all


def _print_error(text: str, err: TextIO) -> None:
    print(f"{PROG}: error: {text}", file=err)


def enroll_and_print(
    store: Store,
    server: str,
    code: str,
    ca_file: str | None = None,
    *,
    again: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Enrol an open store; print who it is enrolled as and the device id alone on the last line."""
    sync = _sync_module()
    out, err = out or sys.stdout, err or sys.stderr
    try:
        result = sync.enroll(store, server, code, ca_file=ca_file, again=again)
    except sync.SyncError as exc:
        _print_error(_one_line(exc), err)
        return 1
    name = result.user.get("name") or result.user.get("id")
    print(f"enrolled with {result.server_url} as {name}", file=out)
    print(result.device_id, file=out)
    return 0


def sync_and_print(
    store: Store, *, retry: Any = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """One sync round of an open store: what moved on stdout; 1 with a one-line error when the
    round failed or changes stay refused by the server."""
    sync = _sync_module()
    from odesk.store.checkreport import describe_rejected

    out, err = out or sys.stdout, err or sys.stderr
    try:
        report = sync.sync_once(store, retry=retry)
    except sync.SyncError as exc:
        _print_error(_one_line(exc), err)
        locked = sync.offline_lock_message(store) if _store_usable(store) else None
        if locked:
            _print_error(locked, err)
        return 1
    print(report.summary(), file=out)
    if report.requeued:
        print(
            "the server had lost some changes (restored from backup); they were sent again",
            file=out,
        )
    for line in report.errors:
        print(f"warning: {line}", file=out)
    refused = _rejected(store)
    for item in refused[:REJECTED_SHOWN]:
        print(f"rejected {describe_rejected(item)}", file=out)
    if refused:
        # Not a success: the work is kept on this laptop but has not reached the record.
        _print_error(
            f"{len(refused)} change{'' if len(refused) == 1 else 's'} refused by the server"
            " (`odesk rejected` lists them with reasons; fix or discard them in the app)",
            err,
        )
        return 1
    return 0


def _store_usable(store: Store) -> bool:
    try:
        store.meta_get("server_url")
    except Exception:  # noqa: BLE001 - a wiped store cannot answer; there is nothing to say
        return False
    return True


def _rejected(store: Store) -> list[dict]:
    try:
        return list(store.rejected())
    except Exception:  # noqa: BLE001 - listing rejections is advice, never a reason to fail
        return []


def cmd_enroll(args: argparse.Namespace) -> int:
    _sync_module()
    with opened(args) as store:
        return enroll_and_print(store, args.server, args.code, args.ca_file, again=args.again)


def cmd_sync(args: argparse.Namespace) -> int:
    _sync_module()
    with opened(args) as store:
        return sync_and_print(store)


def demo_without_ui() -> int:
    """The demo where the desktop app is missing: a throwaway store, the demo data imported,
    the check report printed, and everything deleted again."""
    import tempfile
    from pathlib import Path

    from odesk import vault
    from odesk.demo import data as demo_data
    from odesk.store import Store

    with tempfile.TemporaryDirectory(prefix="odesk-demo-") as temp:
        store = Store.create(
            Path(temp) / "store",
            "demo passphrase",
            kdf_params=vault.TEST_PARAMS,
            allow_weak_kdf=True,
        )
        try:
            added = store.import_revisions(demo_data.generate(20, 1))
            print(f"demo: imported {added} fictional records into a throwaway encrypted store")
            report = store.check()
        finally:
            store.close()
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _no_display() -> bool:
    """Linux without X11, Wayland or a chosen Qt platform: Qt would abort the process."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_demo(args: argparse.Namespace) -> int:
    if _no_display():
        print("odesk: no graphical display; running the text demo", file=sys.stderr)
        return demo_without_ui()
    try:
        from odesk.ui.demo import run_demo
    except ImportError as exc:
        print(
            f"odesk: the desktop app is not available ({exc}); running the text demo",
            file=sys.stderr,
        )
        return demo_without_ui()
    return int(run_demo())


def cmd_app(args: argparse.Namespace) -> int:
    if _no_display():
        raise CliError(
            "no graphical display for the desktop app (DISPLAY and WAYLAND_DISPLAY are unset);"
            " the commands work without one: odesk --help"
        )
    try:
        from odesk.ui.app import run_app
    except ImportError as exc:
        raise CliError(f"the desktop app is not available in this build ({exc})") from None
    return int(run_app(data_dir(args)))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_app,
    "demo": cmd_demo,
    "init": cmd_init,
    "import": cmd_import,
    "export": cmd_export,
    "enroll": cmd_enroll,
    "sync": cmd_sync,
    "check": cmd_check,
    "rejected": cmd_rejected,
    "passwd": cmd_passwd,
}


# --- entry point ---------------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    # Arguments first: `--version`, `--help` and wrong usage end here, before the store, the
    # vault and the record model are imported (bench/startup_bench.py, P16).
    args = build_parser().parse_args(argv)

    import json

    from odesk.core.records import ValidationError
    from odesk.exchange import ExchangeError
    from odesk.store import StoreError
    from odesk.vault import VaultError

    try:
        return COMMANDS[args.command](args)
    except (CliError, ExchangeError, StoreError, VaultError) as exc:
        message = _one_line(exc)
    except ValidationError as exc:
        message = _one_line(exc)
    except BrokenPipeError:
        # `odesk export | head`: the reader left; say nothing more into a closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except json.JSONDecodeError as exc:
        message = f"bad JSON: {_one_line(exc)}"
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        message = f"{exc.strerror or _one_line(exc)}{where}"
    except KeyboardInterrupt:
        message = "interrupted"
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
