"""Work off the UI thread: results and errors come back on the UI thread; writes keep their order."""

from __future__ import annotations

import threading
from typing import Any

from odesk.ui.workers import OrderedWriter, run_task


def test_results_and_errors_return_on_the_ui_thread(qtbot: Any) -> None:
    seen: list[tuple[str, str, Any]] = []

    def boom() -> None:
        raise ValueError("record x: name: is required")

    run_task(
        lambda: threading.current_thread().name,
        lambda r: seen.append(("done", threading.current_thread().name, r)),
    )
    run_task(boom, None, lambda e: seen.append(("failed", threading.current_thread().name, str(e))))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    by_kind = {kind: (thread, value) for kind, thread, value in seen}
    assert by_kind["done"][0] == "MainThread" and by_kind["done"][1] != "MainThread"
    assert by_kind["failed"] == ("MainThread", "record x: name: is required")


def test_ordered_writer_keeps_submission_order(qtbot: Any) -> None:
    writer = OrderedWriter()
    order: list[int] = []
    threads: set[str] = set()

    def job(i: int) -> Any:
        def run() -> int:
            threads.add(threading.current_thread().name)
            order.append(i)
            return i

        return run

    for i in range(50):
        writer.submit(job(i))
    assert writer.wait(10_000)
    assert order == list(range(50))
    assert len(threads) == 1 and "MainThread" not in threads
