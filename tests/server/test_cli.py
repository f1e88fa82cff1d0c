"""`odesk-server` as the trust's IT team runs it: ids on the last line, exit 0/1/2, no traceback;
backup and restore give a new epoch; serve refuses plain HTTP off loopback and serves TLS."""

from __future__ import annotations

import json
import sqlite3
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import psycopg
import pytest
import trustme

from odesk.server import admin
from tests.server.helpers import Device, World, make_world
from tests.server.test_upgrade import OLD_HEAD_ROW, OLD_HEADS
from tests.servers import run_server


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "odesk.server", *args], capture_output=True, text=True, timeout=60
    )


def test_admin_commands_print_ids_and_exit_codes(tmp_path: Path) -> None:
    data = ["--data", str(tmp_path / "srv")]
    team = cli("admin", *data, "team", "add", "North POD")
    assert team.returncode == 0, team.stderr
    team_id = team.stdout.strip().splitlines()[-1]
    pod = cli("admin", *data, "team", "add", "Podlet 1", "--kind", "podlet", "--parent", team_id)
    pod_id = pod.stdout.strip().splitlines()[-1]
    user = cli(
        "admin",
        *data,
        "user",
        "add",
        "Ana Fictional",
        "--role",
        "practitioner",
        "--role",
        "supervisor",
        "--team",
        team_id,
        "--supervises",
        pod_id,
        "--profession",
        "nurse",
    )
    assert user.returncode == 0, user.stderr
    user_id = user.stdout.strip().splitlines()[-1]
    code = cli("admin", *data, "code", user_id, "--expires-hours", "2")
    assert code.returncode == 0
    assert len(admin.normalise_code(code.stdout.strip().splitlines()[-1])) == 16
    assert cli("admin", *data, "devices").stdout.strip() == "no devices"
    for bad, status in (
        (("team", "add", "X", "--parent", "nope"), 1),
        (("user", "add", "Y", "--role", "practitioner", "--team", "nope"), 1),
        (("code", "nobody"), 1),
        (("revoke", "no-device"), 1),
        (("audit", "--since", "yesterday"), 1),
        (("restore", str(tmp_path / "missing.db")), 1),
        (("team", "add", "X", "--kind", "galaxy"), 2),
        (("frobnicate",), 2),
    ):
        result = cli("admin", *data, *bad)
        assert result.returncode == status, (bad, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip()
    audit = cli("admin", *data, "audit")
    assert audit.returncode == 0 and audit.stdout.startswith("alerts: 0")
    assert "team_add" in audit.stdout and "code_make" in audit.stdout


def _backed_up(world: World, backup: Path) -> tuple[Device, dict]:
    """ana's device and a network it pushed before the backup was made."""
    ana = world.enrol("ana")
    kept = ana.network(world.teams["a"])
    ana.push_ok(kept)
    admin.backup(world.db_url, str(backup))
    return ana, kept


def test_backup_restore_and_new_epoch(db_url: str, tmp_path: Path) -> None:
    with run_server(db_url, rate_limit=None) as base:
        world = make_world(db_url, base)
        backup = tmp_path / "server.backup"
        ana, kept = _backed_up(world, backup)
        lost = ana.network(world.teams["a"])
        ana.push_ok(lost)
        epoch_before = admin.epoch(db_url)
        new_epoch = admin.restore(db_url, str(backup))
        assert new_epoch != epoch_before
        assert httpx.get(f"{base}/v1/health").json()["epoch"] == new_epoch
        # Nothing the live database held is rolled back: what came after the backup stays.
        assert ana.visible_ids() == {kept["id"], lost["id"]}
        # The device sees the new epoch and pushes again; the server holds it all.
        answer = ana.http.post("/v1/sync/push", json={"changes": []}).json()
        assert answer["epoch"] == new_epoch and answer["device_high_water"] == 0
        assert [r["status"] for r in ana.push(kept, lost)] == ["duplicate", "duplicate"]
        assert ana.visible_ids() == {kept["id"], lost["id"]}
        assert admin.new_epoch(db_url) not in (new_epoch, epoch_before)
        world.close()
    if db_url.startswith("postgresql"):
        # The refilled tables got fresh planner statistics at restore, not whenever autovacuum runs.
        with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            analysed = conn.execute(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'revisions'"
            ).fetchone()
        assert analysed is not None and analysed[0] is not None


def _as_made_before_schema_7(backup: Path) -> None:
    """Make a backup look as a server before schema 7 made it: with a `heads` table and row."""
    with open(backup, "rb") as probe:
        is_sqlite = probe.read(16) == b"SQLite format 3\x00"
    if is_sqlite:
        with sqlite3.connect(backup) as conn:
            conn.execute(OLD_HEADS)
            conn.execute(OLD_HEAD_ROW)
            conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
        conn.close()
        return
    header, *rows = backup.read_text(encoding="utf-8").splitlines()
    head = {"record_id": "r1", "kind": "network", "team_id": "team-x", "network_id": "r1"}
    head |= {"view": "{}", "leaves": '["1-a"]', "conflict": False, "deleted": False}
    old = [json.dumps({**json.loads(header), "schema": 6})]
    old.append(json.dumps({"t": "heads", "r": {**head, "updated_seq": 1}}))
    backup.write_text("\n".join(old + rows) + "\n", encoding="utf-8")


def test_a_backup_made_before_schema_7_restores(db_url: str, tmp_path: Path) -> None:
    """The heads an earlier server kept are left out (they came from the revisions)."""
    with run_server(db_url, rate_limit=None) as base:
        world = make_world(db_url, base)
        backup = tmp_path / "server.backup"
        ana, kept = _backed_up(world, backup)
        _as_made_before_schema_7(backup)

        admin.restore(db_url, str(backup))

        assert ana.visible_ids() == {kept["id"]}
        closed = ana.edit(kept, status="closed", closed_reason="Fictional ending.")
        assert [r["status"] for r in ana.push(closed)] == ["applied"]
        world.close()


def test_serve_refuses_plain_http_off_loopback(tmp_path: Path) -> None:
    result = cli("serve", "--data", str(tmp_path), "--host", "0.0.0.0", "--port", "18470")
    assert result.returncode == 2
    assert "refusing to serve plain HTTP" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_over_tls_with_a_throwaway_ca(tmp_path: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    for blob in cert.cert_chain_pems[1:]:
        blob.write_to_path(str(cert_file), append=True)
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    url = f"sqlite:///{tmp_path / 'srv' / 'server.db'}"
    with run_server(
        url, subprocess=True, tls_cert=cert_file, tls_key=key_file, ca_file=ca_file
    ) as base:
        assert base.startswith("https://")
        assert (
            httpx.get(
                f"{base}/v1/health", verify=ssl.create_default_context(cafile=str(ca_file))
            ).json()["status"]
            == "ok"
        )
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base}/v1/health")  # the throwaway CA is not in the system trust
