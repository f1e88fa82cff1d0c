"""The container's entrypoint and health check, run for real on this machine.

The entrypoint must hand `serve` and every `admin` command the same storage and TLS options from
the environment; the health check must pass against a real `odesk-server serve` over TLS and fail
when nothing answers.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "packaging" / "server" / "entrypoint.sh"
HEALTHCHECK = ROOT / "packaging" / "server" / "healthcheck.py"
ODESK_SERVER = Path(sys.executable).parent / "odesk-server"

# A stand-in for odesk-server that prints the arguments and the password libpq would see.
ECHO_ARGS = "import json, os, sys; print(json.dumps([sys.argv[1:], os.environ.get('PGPASSWORD')]))"

BASE_ENV = {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"]}


@pytest.fixture(scope="module")
def fake_server(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bin") / "odesk-server"
    path.write_text(f"#!{sys.executable}\n{ECHO_ARGS}\n")
    path.chmod(0o755)
    return path


def run_entrypoint(fake: Path, *args: str, **env: str) -> tuple[list[str], str | None]:
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), str(fake), *args],
        capture_output=True,
        text=True,
        env={**BASE_ENV, **env},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    argv, password = json.loads(result.stdout)
    return argv, password


def test_default_serve_uses_the_data_volume_on_all_interfaces(fake_server: Path) -> None:
    argv, _ = run_entrypoint(fake_server)
    assert argv == [
        "serve",
        "--data",
        "/var/lib/odesk-server",
        "--host",
        "0.0.0.0",
        "--port",
        "8470",
    ]


def test_admin_commands_reach_the_same_postgresql_database_as_serve(fake_server: Path) -> None:
    env = {"ODESK_DB_URL": "postgresql://odesk@db:5432/odesk"}
    serve, _ = run_entrypoint(fake_server, "serve", **env)
    admin, _ = run_entrypoint(fake_server, "admin", "team", "add", "Crisis team (fictional)", **env)
    assert serve[:3] == ["serve", "--db", "postgresql://odesk@db:5432/odesk"]
    assert admin == [
        "admin",
        "--db",
        "postgresql://odesk@db:5432/odesk",
        "team",
        "add",
        "Crisis team (fictional)",
    ]


def test_password_comes_from_a_secret_file_never_the_command_line(
    fake_server: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "db_password"
    secret.write_text("fictional-secret-7731\n")
    argv, password = run_entrypoint(
        fake_server,
        "admin",
        "devices",
        ODESK_DB_URL="postgresql://odesk@db/odesk",
        ODESK_DB_PASSWORD_FILE=str(secret),
    )
    assert password == "fictional-secret-7731"
    assert not any("fictional-secret" in a for a in argv)


def test_tls_workers_and_explicit_options_win(fake_server: Path) -> None:
    argv, _ = run_entrypoint(
        fake_server,
        "serve",
        "--port",
        "9000",
        "--data",
        "/srv/odesk",
        ODESK_TLS_CERT="/run/secrets/tls_cert",
        ODESK_TLS_KEY="/run/secrets/tls_key",
        ODESK_WORKERS="4",
        ODESK_DB_URL="postgresql://odesk@db/odesk",
    )
    assert argv.count("--port") == 1 and argv[argv.index("--port") + 1] == "9000"
    assert "--db" not in argv and argv[argv.index("--data") + 1] == "/srv/odesk"
    assert argv[argv.index("--tls-cert") + 1] == "/run/secrets/tls_cert"
    assert argv[argv.index("--tls-key") + 1] == "/run/secrets/tls_key"
    assert argv[argv.index("--workers") + 1] == "4"


def test_other_arguments_pass_through_untouched(fake_server: Path) -> None:
    argv, _ = run_entrypoint(fake_server, "--help")
    assert argv == ["--help"]


def test_tls_cert_without_key_is_refused() -> None:
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "true", "serve"],
        capture_output=True,
        text=True,
        env={**BASE_ENV, "ODESK_TLS_CERT": "/x.pem"},
        timeout=30,
    )
    assert result.returncode != 0
    assert "ODESK_TLS_KEY" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll until predicate() holds or the deadline passes (each probe is a subprocess, which
    paces the loop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
    return False


@pytest.fixture
def tls_files(tmp_path: Path) -> dict[str, str]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(str(tmp_path / "server.key"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "server.crt"))
    return {
        "ODESK_TLS_CERT": str(tmp_path / "server.crt"),
        "ODESK_TLS_KEY": str(tmp_path / "server.key"),
    }


@pytest.fixture
def served(tmp_path: Path, tls_files: dict[str, str]) -> Iterator[dict[str, str]]:
    env = {
        **BASE_ENV,
        **tls_files,
        "ODESK_DATA": str(tmp_path / "server-data"),
        "ODESK_HOST": "127.0.0.1",
        "ODESK_PORT": str(free_port()),
    }
    proc = subprocess.Popen(
        ["sh", str(ENTRYPOINT), str(ODESK_SERVER), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def health(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK)], env=env, capture_output=True, text=True, timeout=30
    )


def test_health_check_passes_against_the_real_server_over_tls(served: dict[str, str]) -> None:
    assert wait_until(lambda: health(served).returncode == 0, timeout=60), health(served).stderr
    # The admin command run through the same entrypoint sees the served database.
    team = subprocess.run(
        ["sh", str(ENTRYPOINT), str(ODESK_SERVER), "admin", "team", "add", "Podlet (fictional)"],
        env=served,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert team.returncode == 0, team.stderr
    listed = subprocess.run(
        ["sh", str(ENTRYPOINT), str(ODESK_SERVER), "admin", "team", "list"],
        env=served,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert team.stdout.strip().splitlines()[-1] in listed.stdout


def test_health_check_fails_when_nothing_answers(tls_files: dict[str, str]) -> None:
    result = health({**BASE_ENV, **tls_files, "ODESK_PORT": str(free_port())})
    assert result.returncode == 1
    assert "odesk-server health:" in result.stderr
