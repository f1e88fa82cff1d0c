"""Pushes first at 9 a.m. (odesk.server.admission), through a real uvicorn on SQLite and
PostgreSQL: a clinician's push is answered while many pull pages are held up, and while a push
runs on any worker of the server, pull pages go one at a time, first come first served, and
all of them complete.

Pull pages are held in their handler threads (the database slow to answer) by wrapping
`pull_page`; what is asserted are counts of pages in progress, never a duration."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from odesk.server import admission
from odesk.server import app as app_module
from tests.server.helpers import World, make_world
from tests.servers import run_server

WAIT = 30.0  # seconds any awaited state may take to appear on a loaded machine


def wait_for(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT} s: {what}")
        time.sleep(0.01)


class HeldPages:
    """pull_page, each page held in its handler thread until a permit is given."""

    def __init__(self) -> None:
        self.real = app_module.pull_page
        self.lock = threading.Lock()
        self.permits = threading.Semaphore(0)
        self.running = 0
        self.started = 0
        self.most = 0

    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        with self.lock:
            self.running += 1
            self.started += 1
            self.most = max(self.most, self.running)
        try:
            if not self.permits.acquire(timeout=WAIT * 2):
                raise TimeoutError("a held pull page was never let go")
            return self.real(*args, **kwargs)
        finally:
            with self.lock:
                self.running -= 1

    def let_all_go(self) -> None:
        for _ in range(1000):
            self.permits.release()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldPages]:
    pages = HeldPages()
    monkeypatch.setattr(app_module, "pull_page", pages)
    yield pages
    pages.let_all_go()  # a failed test leaves no handler thread waiting


@pytest.fixture
def gates(monkeypatch: pytest.MonkeyPatch) -> list[admission.Admission]:
    """The Admission of each app made during the test (one: the server runs in-process)."""
    made: list[admission.Admission] = []

    class Seen(admission.Admission):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_module, "Admission", Seen)
    return made


@pytest.fixture
def world(db_url: str, gates: list[admission.Admission]) -> Iterator[World]:
    with run_server(db_url, rate_limit=None) as base:
        w = make_world(db_url, base)
        yield w
        w.close()


def test_a_push_is_answered_while_many_pull_pages_are_held(
    world: World, held: HeldPages, gates: list[admission.Admission]
) -> None:
    # More pulls than a worker has handler threads (app.WORKER_THREADS): before pull pages
    # took turns, they occupied every thread and the push waited for one.
    pulls = app_module.WORKER_THREADS + 4
    ana = world.enrol("ana", "clinic laptop")
    readers = [world.enrol("ben", f"laptop {i}") for i in range(pulls)]
    with ThreadPoolExecutor(pulls) as pool:
        pulled = [pool.submit(reader.pull_all) for reader in readers]
        gate = gates[0]
        wait_for(lambda: gate.pulls + len(gate._waiting) == pulls, "every pull at the gate")
        wait_for(lambda: held.running == admission.PULL_PAGES, "pages in their threads")
        assert gate.pulls == admission.PULL_PAGES  # the others wait their turn

        network = ana.network(world.teams["a"])
        ana.push_ok(network)  # answered while every pull is held up

        assert held.running == admission.PULL_PAGES
        assert not any(p.done() for p in pulled)
        held.let_all_go()
        seen = [{c["record"]["id"] for c in p.result(timeout=WAIT)} for p in pulled]
    assert all(network["id"] in ids for ids in seen)  # every device got the new record


OTHER_WORKER = """
import sys
from odesk.server.admission import SharedPushes
shared = SharedPushes(sys.argv[1])
shared.set(1)
print("pushing", flush=True)
sys.stdin.readline()
shared.set(0)
print("done", flush=True)
sys.stdin.readline()
"""


def test_while_another_worker_pushes_pull_pages_go_one_at_a_time(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    held: HeldPages,
    gates: list[admission.Admission],
) -> None:
    # `serve --workers N` shares this file between its workers; here the other worker is a
    # second process counting one push of its own as running.
    shared = admission.make_shared_file(tmp_path)
    monkeypatch.setenv(admission.SHARED_ENV, shared)
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_WORKER, shared],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "pushing"
        with run_server(db_url, rate_limit=None) as base:
            world = make_world(db_url, base)
            writer = world.enrol("ana", "clinic laptop")
            writer.push_ok(writer.network(world.teams["a"]))
            readers = [world.enrol("ben", f"laptop {i}") for i in range(4)]
            with ThreadPoolExecutor(len(readers)) as pool:
                pulled = [pool.submit(reader.pull_all) for reader in readers]
                gate = gates[0]
                wait_for(lambda: gate.pulls + len(gate._waiting) == 4, "every pull at the gate")
                wait_for(lambda: held.running == 1, "a page in its thread")
                assert gate.pulls == 1  # one page; the others wait

                held.permits.release()  # the first page ends: the next one, alone
                wait_for(lambda: held.started == 2, "a second page")
                assert held.most == 1

                other.stdin.write("\n")  # the other worker's push has ended
                other.stdin.flush()
                assert other.stdout.readline().strip() == "done"
                wait_for(lambda: held.running == admission.PULL_PAGES, "pages side by side")
                held.let_all_go()
                results = [p.result(timeout=WAIT) for p in pulled]
            world.close()
        assert all(len(changes) == 1 for changes in results)  # every device, the whole pull
    finally:
        other.kill()
        other.wait(timeout=10)


def test_serve_refuses_a_bad_pull_setting_in_one_line(tmp_path: Path) -> None:
    for name, value in ((admission.PULL_SHARE_ENV, "lots"), (admission.PULL_PAGES_ENV, "0")):
        result = subprocess.run(
            [sys.executable, "-m", "odesk.server", "serve", "--data", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, name: value},
        )
        assert result.returncode == 2, result.stderr
        assert name in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_the_pull_share_setting_takes_a_twentieth_by_default_and_a_hundredth_at_least(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(admission.PULL_SHARE_ENV, raising=False)
    assert admission.settings_from_env()[1] == 0.05
    monkeypatch.setenv(admission.PULL_SHARE_ENV, "0.01")
    assert admission.settings_from_env()[1] == 0.01
    for value in ("0.005", "0", "1.5"):
        monkeypatch.setenv(admission.PULL_SHARE_ENV, value)
        with pytest.raises(ValueError, match="from 0.01 to 1"):
            admission.settings_from_env()
