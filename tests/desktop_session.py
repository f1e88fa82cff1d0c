"""A desktop session of our own for tests: a D-Bus bus, an X server (Xvfb), the AT-SPI bus.

Real desktops have these and the offscreen platform has none, so code that talks to them is
tested against private instances started here (never the developer's own session). Where a tool
is missing the test is skipped with the reason, except in CI or with ODESK_REQUIRE_DESKTOP=1,
where a missing tool fails the test so this tier can never silently vanish.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"


def desktop_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("ODESK_REQUIRE_DESKTOP") == "1"


def unavailable(reason: str) -> None:
    """Skip (on a developer machine) or fail (in CI) for a missing part of the desktop."""
    if desktop_required():
        pytest.fail(f"desktop tier required (CI/ODESK_REQUIRE_DESKTOP) but {reason}")
    pytest.skip(reason)


def need_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (apt package {package})")
    assert path is not None
    return path


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextlib.contextmanager
def dbus_bus(env: dict[str, str] | None = None) -> Iterator[str]:
    """A private D-Bus bus with the session configuration; yields its address.

    `env` is what the services it starts on demand (the AT-SPI bus launcher) see.
    """
    daemon = need_tool("dbus-daemon", "dbus")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            pytest.fail("dbus-daemon printed no address")
        yield address
    finally:
        _stop(proc)


@contextlib.contextmanager
def xvfb(tmp: Path) -> Iterator[str]:
    """An Xvfb server on a free display number; yields DISPLAY (":N")."""
    server = need_tool("Xvfb", "xvfb")
    read_fd, write_fd = os.pipe()
    # -displayfd: Xvfb picks a free display and writes its number when ready for clients.
    proc = subprocess.Popen(
        [server, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "xvfb.log").open("w"),
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as fh:
            number = fh.readline().strip()
        if not number:
            pytest.fail(f"Xvfb did not start: {(tmp / 'xvfb.log').read_text()[-500:]}")
        yield f":{number}"
    finally:
        _stop(proc)
