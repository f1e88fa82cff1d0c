"""Fixtures for `odesk` command tests: the real command run as a child process
(`python -m odesk`), with its own HOME, XDG dirs and TMPDIR so tests can scan all it wrote.

Stores are made with the documented test hook ODESK_TEST_WEAK_KDF=1 (cheap Argon2id); the
shipped default and floor are untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from odesk.demo import data as demo_data

PASSPHRASE = "fictional passphrase one"
REPO = Path(__file__).resolve().parents[2]
DEMO_FILE = REPO / "resources" / "demo" / "demo-records.json"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def error_line(self) -> str:
        """The single error line; fails the test if there is not exactly one or it is a traceback."""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, f"expected one error line, got: {self.err!r}"
        assert lines[0].startswith("odesk: error: "), lines[0]
        assert "Traceback" not in self.err
        return lines[0]


@dataclass
class Cli:
    root: Path
    env: dict[str, str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        data_dir: bool = True,
        stdin: str | None = None,
    ) -> Result:
        argv = [sys.executable, "-m", "odesk", *args]
        if data_dir:
            argv += ["--data-dir", str(self.data)]
        proc = subprocess.run(
            argv,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            input=stdin if stdin is not None else "",
            timeout=120,
            cwd=self.root,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, **kw: object) -> Result:
        result = self.run(*args, **kw)  # type: ignore[arg-type]
        assert result.code == 0, (result.out, result.err)
        return result

    def init(self) -> Result:
        return self.ok("init")

    def snapshot(self) -> dict[str, str]:
        """sha256 of every file in the data dir: to show a failure changed nothing."""
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.data.iterdir())
            if p.is_file()
        }

    def counts(self) -> str:
        lines = [ln for ln in self.ok("check").out.splitlines() if ln.startswith("records:")]
        return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    root = tmp_path / "cli"
    home = root / "home"
    for sub in ("", ".config", ".cache", ".local/share", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (root / "tmp").mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ODESK_") and k not in ("PYTHONSTARTUP",)
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        TMPDIR=str(root / "tmp"),
        ODESK_TEST_WEAK_KDF="1",
        ODESK_PASSPHRASE=PASSPHRASE,
        PYTHONPATH=str(REPO / "src"),
        QT_QPA_PLATFORM="offscreen",
    )
    return Cli(root, env)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, object], Path]:
    def write(name: str, content: object) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content), encoding="utf-8")
        return path

    return write


def records_file(records: list[dict]) -> dict:
    return demo_data.document(records)
