"""The trust server as a trust's IT team installs it: the locked base install (what the container
image runs, `uv sync --no-dev`), built as a real wheel, in an environment of its own.

It must serve its rating scales from inside the package (a wheel used to carry no resources/ and
served none) and must not drag in Qt or SQLCipher (the desktop extra). Built offline from uv's
cache, which `make .venv` has just filled, so the test talks to no registry.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
# The suite points HOME and XDG_CACHE_HOME into a temp folder; uv's cache is the user's real one.
UV_CACHE = os.environ.get("UV_CACHE_DIR") or str(
    Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "uv"
)


@pytest.fixture(scope="module")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("server-install") / "venv"
    assert UV.exists(), "uv is part of the dev environment (uv.lock)"
    done = subprocess.run(
        [
            str(UV),
            "sync",
            "--locked",
            "--no-dev",
            "--no-editable",
            "--offline",
            "-q",
            "--python",
            sys.executable,
        ],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(env_dir), "UV_CACHE_DIR": UV_CACHE},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return env_dir


def _python(env_dir: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=env_dir.parent,  # not the source tree: only the installed package is importable
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ODESK_RESOURCES")},
    )


def test_the_server_install_has_no_qt_and_no_sqlcipher(server_env: Path) -> None:
    for module in ("PySide6", "shiboken6", "sqlcipher3"):
        assert _python(server_env, f"import {module}").returncode != 0, module
    ok = _python(server_env, "import odesk.server.app, odesk.server.cli; print('ok')")
    assert ok.stdout.strip() == "ok", ok.stderr


def test_the_server_install_ships_compiled_bytecode(server_env: Path) -> None:
    """Installed as the image installs it, the server's modules and its dependencies' are
    compiled already: with bytecode not written (the image sets PYTHONDONTWRITEBYTECODE) a start
    compiles none of them."""
    loaded = subprocess.run(
        [str(server_env / "bin" / "python"), "-c", "import odesk.server.app, odesk.server.cli"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=server_env.parent,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("PYTHONPATH", "PYTHONPYCACHEPREFIX")
            },
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONVERBOSE": "1",
        },
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    found = re.findall(r"^# code object from '?(.+?)'?$", loaded.stderr, re.M)
    installed = [f for f in found if Path(f).is_relative_to(server_env)]
    assert any(f.endswith(".pyc") and "odesk" in f for f in installed), installed[:5]
    from_source = [f for f in installed if not f.endswith(".pyc")]
    assert from_source == [], f"compiled at every start: {from_source[:10]}"


def test_the_installed_wheel_serves_its_rating_scales_from_inside_the_package(
    server_env: Path,
) -> None:
    found = _python(
        server_env,
        "import json, odesk.server.policy as p;"
        " print(json.dumps([str(p.scales_dir()), [s['id'] for s in p.scales()]]))",
    )
    assert found.returncode == 0, found.stderr
    folder, ids = json.loads(found.stdout)
    assert Path(folder).is_relative_to(server_env) and "site-packages" in folder
    shipped = sorted(p.name for p in (ROOT / "resources" / "scales").glob("*.json"))
    assert len(ids) == len(shipped) >= 2


def test_the_installed_odesk_server_serves(server_env: Path, tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODESK_")}
    server = subprocess.Popen(
        [
            str(server_env / "bin" / "odesk-server"),
            "serve",
            "--data",
            str(data),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    try:
        health: dict = {}
        deadline = time.monotonic() + 30  # bounded: a server that never answers fails the test
        while not health and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1) as r:
                    health = json.loads(r.read())
            except OSError:
                time.sleep(0.05)  # polling for readiness, not waiting for an outcome
        assert health.get("status") == "ok", server.stderr.read().decode() if server.poll() else ""
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(data, ignore_errors=True)
