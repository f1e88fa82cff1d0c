"""The keyboard walks on a real desktop session: the same Tab walks as tests/ui/test_keyboard.py
and tests/ui/supervisor/test_keyboard.py (every screen, Tab visits each control once and comes
back, Return/Enter/Space open rows, unique Alt-letters), run on the xcb platform under Xvfb with a
D-Bus session and the AT-SPI bus, where focus, key events and accessibility go through X and
D-Bus as on a user's desktop rather than through the offscreen plugin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WALKS = ["tests/ui/test_keyboard.py", "tests/ui/supervisor/test_keyboard.py"]


@pytest.mark.desktop
def test_the_keyboard_walks_pass_on_a_real_x_and_dbus_session(
    session_env: dict[str, str],
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *WALKS],
        cwd=ROOT,
        env={**session_env, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]
