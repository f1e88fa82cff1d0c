"""What a trust's administrator does over the years, through `odesk-server admin` on both
backends: disable, enable and remove users, rename teams, list and withdraw codes, see each
device's last contact; every action is audited under the administrator's own name, and a
device's chosen name cannot forge what the administrator reads."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys

import httpx
import pytest

from odesk.server import admin
from odesk.server.db import write_tx
from odesk.server.schema import devices
from tests.server.helpers import World


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODESK_")}
    return subprocess.run(
        [sys.executable, "-m", "odesk.server", "admin", "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def ok(db_url: str, *args: str) -> str:
    result = cli(db_url, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def enrol_with(world: World, code: str, name: str = "laptop") -> httpx.Response:
    return httpx.post(
        f"{world.base_url}/v1/devices/enroll", json={"code": code, "device_name": name}
    )


def test_disable_revokes_devices_and_codes_enable_allows_new_ones(world: World) -> None:
    url = world.db_url
    ana = world.enrol("ana")
    spare = admin.make_code(url, world.users["ana"])
    out = ok(url, "--actor", "Jo IT", "user", "disable", "ana")
    assert ana.device_id in out
    assert ana.http.get("/v1/me").json()["error"] == "device_revoked"
    refused = enrol_with(world, spare)
    assert refused.status_code == 401 and "withdrawn" in refused.json()["message"]
    made = cli(url, "code", "ana")
    assert made.returncode == 1 and "disabled" in made.stderr
    assert "\tdisabled\t" in ok(url, "user", "list")

    ok(url, "user", "enable", "ana")
    assert enrol_with(world, ok(url, "code", "ana").splitlines()[-1]).status_code == 200
    assert ana.http.get("/v1/me").json()["error"] == "device_revoked"  # revoked stays revoked
    actions = {(e["actor"], e["action"]) for e in admin.audit_log(url)["entries"]}
    assert {("Jo IT", "user_disable"), ("Jo IT", "device_revoke")} <= actions


def test_removed_user_leaves_the_list_and_keeps_attribution(world: World) -> None:
    url = world.db_url
    ben = world.enrol("ben")
    network = ben.network(world.teams["a"])
    ben.push_ok(network)
    ok(url, "user", "remove", "ben")
    assert ben.http.get("/v1/me").json()["error"] == "device_revoked"
    assert "\tben\t" not in "\t" + ok(url, "user", "list").replace("\n", "\t")
    assert "removed" in ok(url, "user", "list", "--removed")
    again = cli(url, "user", "enable", "ben")
    assert again.returncode == 1 and "removed" in again.stderr
    ana = world.enrol("ana")
    pulled = [c["record"] for c in ana.pull_all()]
    assert [(r["id"], r["created_by"]) for r in pulled] == [(network["id"], "ben")]
    directory = ana.http.get("/v1/me").json()["directory"]
    assert any(u["id"] == "ben" and u["name"] == "Ben Fictional" for u in directory)


def test_team_rename_codes_list_and_withdraw(world: World) -> None:
    url = world.db_url
    ok(url, "team", "rename", "team-a", "North Crisis Service")
    ana = world.enrol("ana")
    teams = {t["id"]: t["name"] for t in ana.http.get("/v1/me").json()["teams"]}
    assert teams["team-a"] == "North Crisis Service"

    code = ok(url, "code", "cara").splitlines()[-1]
    listed = [line.split("\t") for line in ok(url, "codes", "--user", "cara").splitlines()]
    assert [(row[1], row[2]) for row in listed] == [("cara", "active")]
    assert code.replace("-", "") not in ok(url, "codes")  # only a hash is kept
    ok(url, "withdraw", listed[0][0])
    assert enrol_with(world, code).status_code == 401
    assert "\twithdrawn\t" in ok(url, "codes", "--user", "cara")
    again = cli(url, "withdraw", listed[0][0])
    assert again.returncode == 1 and "already withdrawn" in again.stderr
    used = world.enrol("cara")
    used_id = next(
        line.split("\t")[0]
        for line in ok(url, "codes", "--user", "cara").splitlines()
        if used.device_id in line
    )
    refused = cli(url, "withdraw", used_id)
    assert refused.returncode == 1 and "already been used" in refused.stderr
    for bad in (("team", "rename", "nope", "X"), ("withdraw", "zz"), ("user", "disable", "nope")):
        result = cli(url, *bad)
        assert result.returncode == 1 and "Traceback" not in result.stderr, bad


def test_every_action_names_its_actor_and_listings_are_audited(world: World) -> None:
    url = world.db_url
    ok(url, "team", "list")
    ok(url, "user", "list")
    ok(url, "--actor", "Priya Admin", "devices")
    ok(url, "codes", "--actor", "Priya Admin")
    bad = cli(url, "--actor", "two\nlines", "team", "list")
    assert bad.returncode == 1 and "--actor" in bad.stderr
    entries = admin.audit_log(url)["entries"]
    seen = [(e["actor"], e["action"]) for e in entries]
    me = getpass.getuser()
    assert (me, "teams_list") in seen and (me, "users_list") in seen
    assert ("Priya Admin", "devices_list") in seen and ("Priya Admin", "codes_list") in seen


@pytest.mark.parametrize("name", ["evil\x1b[2J\x1b[31mname", "laptop\nforged\tactive line"])
def test_a_device_name_cannot_forge_what_is_printed(world: World, name: str) -> None:
    url = world.db_url
    code = admin.make_code(url, world.users["ana"])
    assert enrol_with(world, code, name).status_code == 422  # refused at enrolment
    device = world.enrol("ana")
    # A name stored before enrolment refused control characters is still printed harmless.
    with write_tx(admin.connect(url)) as conn:
        conn.execute(devices.update().where(devices.c.id == device.device_id).values(name=name))
    listing = ok(url, "devices")
    lines = listing.strip().split("\n")
    assert len(lines) == 1 and "last contact" in lines[0]
    assert len(lines[0].split("\t")) == 6  # a tab in the name made no column of its own
    assert all(ch.isprintable() or ch == "\t" for ch in lines[0])
