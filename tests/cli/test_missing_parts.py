"""The commands that lean on other parts (the desktop app, the demo, sync) stay usable when a part
is missing from a build: a clear line, never a traceback; `odesk demo` falls back to the text demo
(a throwaway encrypted store, the fictional data imported, the check report, all deleted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli

BLOCKER = """
import importlib.abc, os, sys

class _Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        for blocked in os.environ.get("ODESK_TEST_BLOCK", "").split(","):
            if blocked and name == blocked or name.startswith(blocked + "."):
                raise ImportError(f"{name} is not part of this build")
        return None

sys.meta_path.insert(0, _Block())
"""


@pytest.fixture
def without(cli: Cli, tmp_path: Path) -> Cli:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER)
    cli.env = {**cli.env, "PYTHONPATH": f"{site}:{cli.env['PYTHONPATH']}"}
    return cli


def test_demo_without_the_desktop_app_runs_the_text_demo(without: Cli) -> None:
    result = without.run("demo", env={"ODESK_TEST_BLOCK": "odesk.ui,PySide6"}, data_dir=False)
    assert result.code == 0, result.err
    assert "imported 235 fictional records" in result.out and "result: OK" in result.out
    assert list((without.root / "tmp").iterdir()) == []


def test_app_without_the_desktop_app_is_one_line(without: Cli) -> None:
    result = without.run(env={"ODESK_TEST_BLOCK": "odesk.ui,PySide6"})
    assert result.code == 1
    assert "desktop app is not available" in result.error_line()
    assert not without.data.exists()


def test_sync_and_enroll_without_sync_are_one_line(without: Cli) -> None:
    without.init()
    block = {"ODESK_TEST_BLOCK": "odesk.sync,httpx"}
    for args in (("sync",), ("enroll", "--server", "https://odesk.example.org", "--code", "X")):
        result = without.run(*args, env=block)
        assert result.code == 1
        assert "sync is not available" in result.error_line()


def test_no_display_gives_a_line_or_the_text_demo(cli: Cli) -> None:
    headless = {k: v for k, v in cli.env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    headless.pop("QT_QPA_PLATFORM", None)
    plain = Cli(cli.root, headless)
    app = plain.run()
    assert app.code == 1 and "no graphical display" in app.error_line()
    demo = plain.run("demo", data_dir=False)
    assert demo.code == 0 and "result: OK" in demo.out


def test_pdf_export_without_the_desktop_part_is_one_line(without: Cli, tmp_path: Path) -> None:
    without.init()
    out = tmp_path / "record.pdf"
    result = without.run(
        "export", "--format", "pdf", "--network", "any", "-o", str(out),
        env={"ODESK_TEST_BLOCK": "odesk.ui,PySide6"},
    )  # fmt: skip
    assert result.code == 1
    assert "PDF export is not available in this build" in result.error_line()
    assert not out.exists()
