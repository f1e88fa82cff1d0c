"""`odesk enroll` and `odesk sync` against a real odesk-server (uvicorn on 127.0.0.1, SQLite):
imported records are the device's own changes and reach a supervisor's laptop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from odesk.demo import data as demo_data
from odesk.server import admin
from odesk.server.engines import forget_engine
from tests.servers import free_port, run_server

from .conftest import DEMO_FILE, Cli


@dataclass
class Trust:
    db: str
    url: str


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[Trust]:
    folder = tmp_path / "server"
    folder.mkdir()
    db = f"sqlite:///{folder / 'server.db'}"
    with run_server(db, rate_limit=None) as url:
        for team in demo_data.TEAMS:
            admin.add_team(db, team["name"], team["kind"], team["parent_id"], team_id=team["id"])
        for user in demo_data.USERS:
            admin.add_user(
                db,
                user["name"],
                user["roles"],
                user["team_ids"],
                user["supervises_team_ids"],
                user["profession"],
                user_id=user["id"],
            )
        yield Trust(db, url)
    forget_engine(db)


def _practitioner_file(tmp_path: Path) -> Path:
    records = json.loads(DEMO_FILE.read_text())["records"]
    mine = [r for r in records if r["kind"] in ("network", "member", "meeting", "note", "addendum")]
    path = tmp_path / "practitioner.json"
    path.write_text(json.dumps(demo_data.document(mine)))
    return path


def test_imported_records_sync_to_the_supervisor(cli: Cli, trust: Trust, tmp_path: Path) -> None:
    cli.init()
    not_enrolled = cli.run("sync")
    assert not_enrolled.code == 1
    not_enrolled.error_line()

    bad = cli.run("enroll", "--server", trust.url, "--code", "NOT-A-CODE")
    assert bad.code == 1
    bad.error_line()

    cli.ok("import", str(_practitioner_file(tmp_path)))
    code = admin.make_code(trust.db, demo_data.PRACTITIONER_ID)
    enrolled = cli.ok("enroll", "--server", trust.url, "--code", code)
    device_id = enrolled.out.strip().splitlines()[-1]
    assert device_id in {d["id"] for d in admin.list_devices(trust.db)}
    first = cli.ok("sync")
    assert "pushed 188," in first.out and "rejected 0," in first.out
    assert "changes waiting to sync: 0" in cli.ok("check").out

    supervisor = Cli(tmp_path / "supervisor", cli.env)
    supervisor.root.mkdir()
    supervisor.init()
    supervisor.ok(
        "enroll",
        "--server",
        trust.url,
        "--code",
        admin.make_code(trust.db, demo_data.SUPERVISOR_ID),
    )
    supervisor.ok("sync")
    notes = json.loads(supervisor.ok("export", "--kind", "note").out)["records"]
    assert len(notes) == 42


def test_unreachable_server_is_one_line(cli: Cli) -> None:
    cli.init()
    port = free_port()
    result = cli.run("enroll", "--server", f"http://127.0.0.1:{port}", "--code", "ABCD-EFGH")
    assert result.code == 1
    result.error_line()


def test_refused_changes_fail_sync_and_check_and_are_listed(
    cli: Cli, trust: Trust, tmp_path: Path
) -> None:
    # A network of the practitioner's, moved into a team that is not hers: the server refuses it.
    records = json.loads(_practitioner_file(tmp_path).read_text())["records"]
    network = next(r for r in records if r["kind"] == "network")
    stray = {**network, "team_id": "team-that-is-not-hers"}
    stray_file = tmp_path / "stray.json"
    stray_file.write_text(json.dumps(demo_data.document([stray])))
    cli.init()
    cli.ok("import", str(stray_file))
    cli.ok(
        "enroll",
        "--server",
        trust.url,
        "--code",
        admin.make_code(trust.db, demo_data.PRACTITIONER_ID),
    )

    synced = cli.run("sync")
    assert synced.code == 1
    assert "rejected 1," in synced.out and f"rejected network {network['id']}: " in synced.out
    assert "1 change refused by the server" in synced.error_line()

    listed = cli.ok("rejected")
    assert listed.out.splitlines()[0].startswith(f"network {network['id']}: ")
    assert "1 change refused by the server" in listed.out

    check = cli.run("check")
    assert check.code == 1
    assert "changes rejected by the server: 1" in check.out
    assert "result: ATTENTION NEEDED" in check.out and "result: OK" not in check.out
