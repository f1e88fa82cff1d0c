"""`odesk-server` as a trust's IT team runs it for years: configuration from the environment,
private files, and a structured log that an administrator can ship and search, which never
carries record content."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import odesk
from odesk.server import admin
from odesk.server.app import create_app
from odesk.server.cli import build_parser
from odesk.server.db import make_engine
from odesk.server.logs import StructuredFormatter
from tests.server.helpers import Device, make_world
from tests.servers import run_server

CANARY = "CANARY-7f3a9c-Wren"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ODESK_")}
    return subprocess.run(
        [sys.executable, "-m", "odesk.server", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **(env or {})},
    )


def test_the_environment_chooses_the_database_and_flags_win(tmp_path: Path) -> None:
    from_env, from_flag = tmp_path / "env-srv", tmp_path / "flag-srv"
    made = cli("admin", "team", "add", "North", env={"ODESK_DATA": str(from_env)})
    assert made.returncode == 0, made.stderr
    assert f"database: SQLite {from_env / 'server.db'}" in made.stderr
    listed = cli("admin", "team", "list", env={"ODESK_DATA": str(from_env)})
    assert "North" in listed.stdout
    flagged = cli("admin", "--data", str(from_flag), "team", "list", env={"ODESK_DATA": "x"})
    assert flagged.returncode == 0 and "North" not in flagged.stdout
    assert f"database: SQLite {from_flag / 'server.db'}" in flagged.stderr
    bad = cli("admin", "team", "list", env={"ODESK_DB_URL": "mysql://x@y/z"})
    assert bad.returncode == 2 and "ODESK_DB_URL" in bad.stderr
    port = cli("serve", "--data", str(tmp_path), env={"ODESK_PORT": "eighty"})
    assert port.returncode == 2 and "--port" in port.stderr and "Traceback" not in port.stderr


def test_version_and_help_for_every_option() -> None:
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"odesk-server {odesk.__version__}"
    missing = []

    def walk(parser: argparse.ArgumentParser, where: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{where} {name}")
            elif action.help in (None, "") and action.dest != "help":
                missing.append(f"{where} {action.dest}")

    walk(build_parser(), "odesk-server")
    assert missing == []


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_server_files_are_private_on_every_start(tmp_path: Path) -> None:
    data = tmp_path / "srv"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "server.db").touch()
    (data / "server.db").chmod(0o644)
    made = cli("admin", "--data", str(data), "team", "add", "North")
    assert made.returncode == 0, made.stderr
    assert _mode(data) == 0o700
    for name in ("server.db", "server.db-wal", "server.db-shm"):
        if (data / name).exists():
            assert _mode(data / name) == 0o600, name
    fresh = tmp_path / "fresh"
    assert cli("admin", "--data", str(fresh), "team", "list").returncode == 0
    assert _mode(fresh) == 0o700 and _mode(fresh / "server.db") == 0o600
    backup = tmp_path / "backup.db"
    assert cli("admin", "--data", str(data), "backup", str(backup)).returncode == 0
    assert _mode(backup) == 0o600


def test_statement_parameters_never_reach_an_error_text(db_url: str) -> None:
    engine = make_engine(db_url)
    admin.add_team(db_url, "North", team_id="north")
    try:
        with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO teams (id, name, kind, created_at) VALUES ('north', :n, 's', 'x')"
                ),
                {"n": CANARY},
            )
        assert CANARY not in str(caught.value)
    finally:
        engine.dispose()


def test_a_500_logs_its_traceback_and_request_id(tmp_path: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(StructuredFormatter("json"))
    logging.getLogger("odesk.server").addHandler(handler)
    app = create_app(f"sqlite:///{tmp_path / 'srv' / 'server.db'}", rate_limit=None)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a fictional failure")

    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            answer = client.get("/boom")
    finally:
        logging.getLogger("odesk.server").removeHandler(handler)
    assert answer.status_code == 500 and answer.json()["error"] == "internal"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    line = next(line for line in lines if line["msg"] == "unexpected error")
    assert line["level"] == "error"
    assert "RuntimeError: a fictional failure" in line["traceback"]
    assert line["request_id"] == answer.headers["x-request-id"]


def test_log_lines_are_structured_and_carry_no_record_content(db_url: str, tmp_path: Path) -> None:
    log_file = tmp_path / "server.log"
    with run_server(
        db_url,
        subprocess=True,
        rate_limit=(1.0, 40.0),
        log_file=log_file,
        args=("--log-format", "json"),
    ) as base:
        world = make_world(db_url, base)
        ana = world.enrol("ana", name="ana-laptop")
        network = ana.network(world.teams["a"], name=CANARY)
        ana.push_ok(network)
        outside = ana.network(world.teams["b"], name=CANARY)
        bad = ana.network(world.teams["a"], name=CANARY)
        bad["referral"] = {**bad["referral"], "urgency": CANARY}
        statuses = [r["status"] for r in ana.push(outside, bad)]
        assert statuses == ["rejected", "rejected"]
        assert ana.pull_all()
        assert httpx.head(f"{base}/v1/health").status_code == 200

        code = admin.make_code(db_url, world.users["ben"])
        first = httpx.post(f"{base}/v1/devices/enroll", json={"code": code, "device_name": "b"})
        assert first.status_code == 200
        again = httpx.post(f"{base}/v1/devices/enroll", json={"code": code, "device_name": "c"})
        assert again.status_code == 401

        lost = world.enrol("ben", name="lost")
        admin.revoke(db_url, lost.device_id)
        assert lost.http.get("/v1/me").json()["error"] == "device_revoked"
        busy = Device(base, ana.enrolment, ana.user_id)
        limited = [busy.http.get("/v1/me").status_code for _ in range(60)]
        assert 429 in limited
        busy.close()
        world.close()
    raw = log_file.read_text()
    assert CANARY not in raw, [line for line in raw.splitlines() if CANARY in line]
    lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
    requests = [line for line in lines if line["msg"] == "request"]
    pushes = [line for line in requests if line["route"] == "/v1/sync/push"]
    assert len(pushes) == 2
    for line in pushes:
        assert line["device"] == ana.device_id and line["status"] == 200
        assert {"time", "level", "request_id", "duration_ms", "method"} <= set(line)
    assert any(line["method"] == "HEAD" and line["route"] == "/v1/health" for line in requests)
    warnings = {line.get("event"): line for line in lines if line["level"] == "warning"}
    assert {"write_refused", "code_reuse", "revoked_device_call", "rate_limited"} <= set(warnings)
    refused = [line for line in lines if line.get("event") == "write_refused"]
    assert {line["record_id"] for line in refused} == {outside["id"], bad["id"]}
    assert all(line["reason"] for line in refused)
    assert warnings["revoked_device_call"]["device"] == lost.device_id
