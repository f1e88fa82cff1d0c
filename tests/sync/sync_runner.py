"""`odesk sync` as a child process for kill -9 tests: opens the store and runs one round,
printing a line at every progress step so the test can kill it at a chosen moment."""

from __future__ import annotations

import sys

from odesk.store import Store
from odesk.sync import sync_once
from tests.sync.devices import PASSPHRASE, fast_retry


def main() -> int:
    data_dir, batch, page = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = Store.open(data_dir, PASSPHRASE, allow_weak_kdf=True)

    def progress(phase: str, done: int, total: int | None) -> None:
        print(f"{phase} {done}", flush=True)

    report = sync_once(store, progress=progress, retry=fast_retry(), batch=batch, page=page)
    store.close()
    print("done", report.summary(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
