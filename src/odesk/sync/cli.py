"""The sync side of the `odesk enroll` and `odesk sync` commands: one-line output, exit 0 or 1."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from odesk.store.checkreport import describe_rejected
from odesk.sync.enrollment import enroll
from odesk.sync.errors import SyncError
from odesk.sync.offline import offline_lock_message
from odesk.sync.report import SyncReport
from odesk.sync.sync_round import sync_once
from odesk.sync.transport import RetryPolicy

SHOWN = 20  # refused changes named after a round; `odesk rejected` lists them all


def cli_enroll(
    store: Any,
    server: str,
    code: str,
    ca_file: str | None = None,
    *,
    device_name: str | None = None,
    again: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        result = enroll(store, server, code, ca_file=ca_file, device_name=device_name, again=again)
    except SyncError as exc:
        print(f"odesk enroll: {exc}", file=err)
        return 1
    name = result.user.get("name") or result.user.get("id")
    print(f"enrolled with {result.server_url} as {name}", file=out)
    print(result.device_id, file=out)
    return 0


def print_report(report: SyncReport, out: TextIO) -> None:
    print(report.summary(), file=out)
    if report.requeued:
        print(
            "the server had lost some changes (restored from backup); they were sent again",
            file=out,
        )
    for line in report.errors:
        print(f"warning: {line}", file=out)


def cli_sync(
    store: Any,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    retry: RetryPolicy | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        report = sync_once(store, retry=retry)
    except SyncError as exc:
        print(f"odesk sync: {exc}", file=err)
        locked = offline_lock_message(store) if store_usable(store) else None
        if locked:
            print(f"odesk sync: {locked}", file=err)
        return 1
    print_report(report, out)
    refused = _rejected(store)
    for item in refused[:SHOWN]:
        print(f"rejected {describe_rejected(item)}", file=out)
    if refused:
        # Not a success: the work is kept on this laptop but has not reached the record.
        print(
            f"odesk sync: {len(refused)} change{'' if len(refused) == 1 else 's'} refused by the"
            " server (`odesk rejected` lists them with reasons; fix or discard them in the app)",
            file=err,
        )
        return 1
    return 0


def store_usable(store: Any) -> bool:
    try:
        store.meta_get("server_url")
    except Exception:  # noqa: BLE001 - a wiped store cannot answer; there is nothing to say
        return False
    return True


def _rejected(store: Any) -> list[dict]:
    try:
        return list(store.rejected())
    except Exception:  # noqa: BLE001 - listing rejections is advice, never a reason to fail
        return []
