"""`odesk --version` starts at once (issue 19, P16): it loads argparse and odesk.cli only, the
set-up's compile step leaves odesk's modules as bytecode a read-only start uses without writing
anything, and bench/startup_bench.py prints its figure. No timing is asserted: the ratio depends
on the machine (the bench prints it)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

HEAVY = (
    "PySide6",
    "sqlcipher3",
    "cryptography",
    "httpx",
    "fastapi",
    "platformdirs",
    "odesk.store",
    "odesk.vault",
    "odesk.sync",
    "odesk.core.records",
    "odesk.exchange",
    "odesk.ui",
)


def run_version(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`odesk --version` as the console script runs it, in a new process."""
    code = (
        "import sys\nfrom odesk.cli import main\ntry:\n    main(['--version'])\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\nsys.exit(code)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONVERBOSE", "PYTHONPYCACHEPREFIX")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def test_version_loads_neither_the_store_nor_qt_nor_the_server() -> None:
    result = run_version(base_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("odesk "), result.stdout
    loaded = set(result.stderr.split())
    heavy = sorted(m for m in loaded if m.startswith(HEAVY))
    assert heavy == [], f"`odesk --version` imported {heavy}"


def _from_source_and_bytecode(stderr: str) -> tuple[set[str], set[str]]:
    """odesk's module files loaded from source and from bytecode (PYTHONVERBOSE lines)."""
    found = re.findall(r"^# code object from '?(.+?)'?$", stderr, re.M)
    ours = [f for f in found if f"{os.sep}odesk{os.sep}" in f or f"{os.sep}odesk." in f]
    return {f for f in ours if not f.endswith(".pyc")}, {f for f in ours if f.endswith(".pyc")}


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_the_setups_bytecode_is_used_and_nothing_is_written(tmp_path: Path) -> None:
    # The Makefile's `bytecode` step (what `make .venv` runs), into a private cache folder so the
    # checkout is left alone; the start then reads bytecode from there only.
    recipe = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "$(VENV)/bin/python -m compileall -q src" in recipe
    assert "uv sync --locked --compile-bytecode" in recipe
    cache = tmp_path / "pycache"
    cache.mkdir()
    env = base_env(PYTHONPYCACHEPREFIX=str(cache), PYTHONVERBOSE="1")

    # Before compiling, odesk's modules are compiled from source at start (the check can fail).
    before = run_version(env)
    assert before.returncode == 0, before.stderr[-2000:]
    from_source, _ = _from_source_and_bytecode(before.stderr)
    assert any(f.endswith(os.path.join("odesk", "cli.py")) for f in from_source), from_source
    assert _files(cache) == set(), "a start with PYTHONDONTWRITEBYTECODE wrote bytecode"

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "src"],
        cwd=REPO,
        env={**os.environ, "PYTHONPYCACHEPREFIX": str(cache)},
        check=True,
        timeout=120,
    )
    compiled = _files(cache)
    after = run_version(env)
    assert after.returncode == 0, after.stderr[-2000:]
    from_source, from_bytecode = _from_source_and_bytecode(after.stderr)
    assert from_source == set(), f"compiled at start despite the set-up's bytecode: {from_source}"
    assert {Path(f) for f in from_bytecode} <= compiled
    assert any(f.endswith(".pyc") and "cli." in f for f in from_bytecode), from_bytecode
    assert _files(cache) == compiled, "the start wrote bytecode"


def test_startup_bench_prints_p16(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "startup_bench", REPO / "bench" / "startup_bench.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^P16 odesk --version: \d+\.\d\dx python -c pass ", out, re.M), out
    assert re.search(r"odesk --version loads \d+ of \d+ modules from compiled bytecode", out), out
