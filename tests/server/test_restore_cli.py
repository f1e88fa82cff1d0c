"""`admin backup` never overwrites (least of all the live database); `admin restore` asks first
(`--yes` for scripts) and refuses while a server runs on the database. Both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from odesk.server import admin
from tests.servers import run_server


def cli(db_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODESK_")}
    return subprocess.run(
        [sys.executable, "-m", "odesk.server", "admin", "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        input=stdin,
    )


def test_backup_never_overwrites(db_url: str, tmp_path: Path) -> None:
    admin.add_team(db_url, "North", team_id="north")
    taken = tmp_path / "taken.backup"
    taken.write_text("something precious")
    result = cli(db_url, "backup", str(taken))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert taken.read_text() == "something precious"
    if db_url.startswith("sqlite"):
        live = db_url.removeprefix("sqlite:///")
        result = cli(db_url, "backup", live)
        assert result.returncode == 1 and "live database" in result.stderr
        assert [t["id"] for t in admin.list_teams(db_url)] == ["north"]
    fresh = tmp_path / "fresh.backup"
    assert cli(db_url, "backup", str(fresh)).returncode == 0 and fresh.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".odesk")) == []


def test_restore_asks_and_refuses_under_a_running_server(db_url: str, tmp_path: Path) -> None:
    admin.add_team(db_url, "North", team_id="north")
    backup = tmp_path / "server.backup"
    admin.backup(db_url, str(backup))
    epoch = admin.epoch(db_url)
    unasked = cli(db_url, "restore", str(backup))
    assert unasked.returncode == 2 and "--yes" in unasked.stderr
    assert admin.epoch(db_url) == epoch
    with run_server(db_url, subprocess=True, rate_limit=None):
        running = cli(db_url, "restore", "--yes", str(backup))
        assert running.returncode == 1, running.stderr
        assert "server is running" in running.stderr and "Traceback" not in running.stderr
        assert admin.epoch(db_url) == epoch
    from odesk.server.engines import forget_engine

    forget_engine(db_url)  # the server process's connections are gone; so are this one's
    done = cli(db_url, "--actor", "Jo IT", "restore", "--yes", str(backup))
    assert done.returncode == 0, done.stderr
    new_epoch = done.stdout.strip().splitlines()[-1]
    assert new_epoch != epoch and admin.epoch(db_url) == new_epoch
    restores = [e for e in admin.audit_log(db_url)["entries"] if e["action"] == "restore"]
    assert [e["actor"] for e in restores] == ["Jo IT"]


def test_a_damaged_live_database_is_named_and_the_way_out_works(tmp_path: Path) -> None:
    """A restore merges into the live database, so a damaged one is refused with what to do;
    doing it (move it aside, restore into the empty folder) brings the backup back with the
    warning to revoke again what was revoked since. (A damaged file is SQLite's case.)"""
    folder = tmp_path / "srv"
    url = f"sqlite:///{folder / 'server.db'}"
    code_user = admin.add_user(url, "Ana Fictional", ["admin"], [], user_id="ana")
    for number in range(60):
        admin.add_team(url, f"Team {number}")
    admin.make_code(url, code_user)
    backup = tmp_path / "server.backup"
    admin.backup(url, str(backup))
    from odesk.server.engines import forget_engine

    forget_engine(url)
    with open(folder / "server.db", "r+b") as db_file:
        db_file.seek(8192)
        db_file.write(b"\xff" * 8192)
    damaged = cli(url, "restore", "--yes", str(backup))
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "cannot be read" in damaged.stderr and "move it aside" in damaged.stderr
    aside = tmp_path / "damaged"
    aside.mkdir()
    for name in folder.glob("server.db*"):
        name.rename(aside / name.name)
    done = cli(url, "restore", "--yes", str(backup))
    assert done.returncode == 0, done.stderr
    assert "revoke again" in done.stderr and "1 unused code(s) were withdrawn" in done.stderr
    assert len(admin.list_teams(url)) == 60
    assert [c["state"] for c in admin.list_codes(url)] == ["withdrawn"]
