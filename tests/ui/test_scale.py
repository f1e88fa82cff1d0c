"""200 % (WCAG 1.4.4, 1.4.10): at a scale factor of 2 every window fits a 1920x1080 screen,
its key buttons are on screen and no label is cut short.

Qt reads QT_SCALE_FACTOR once, when the application starts, and the test session shares one
QApplication: the screens are built in a child process (tests/ui/scale_child.py) started with
the factor set, which reports each screen as a JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {
    "setup wizard",
    *(f"main window, network page tab {i}" for i in range(5)),
    "meeting editor, new",
    "meeting editor, signed",
    "read back",
    "sync and conflicts",
    "search",
    "referral form",
    "member form",
    "unlock",
    "supervisor page Review queue",
    "supervisor page Supervision sessions",
    "supervisor page Team dashboard",
    "review dialog",
    "supervision form",
    "rating dialog",
}


def test_every_window_fits_1920x1080_at_200_percent(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    child = subprocess.run(
        [sys.executable, "-m", "tests.ui.scale_child", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    screens = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    assert {s["screen"] for s in screens} == SCREENS
    for s in screens:
        assert s["dpr"] == 2.0, s  # really drawn at 200 %
        width, height = s["minimum"]
        assert width <= 960 and height <= 540, s  # 1920x1080 physical pixels
        assert s["size"] == [960, 540], s
        assert s["hidden"] == [], s  # every key button wholly on screen
        assert s["clipped"] == [], s  # every label as large as its text
