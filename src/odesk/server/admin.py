"""What the trust's administrator does, as Python functions: the `odesk-server admin` command
wraps them, and tests, the sync suite and the demo use them to set up teams, users and devices.

`db` is a database URL (`sqlite:///DIR/server.db`, `postgresql://...`) or an SQLAlchemy Engine.
Bad input raises AdminError with a one-line message and changes nothing. Every action is audited.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from odesk.core.ids import new_id, parse_time, utc_now
from odesk.server.auditlog import record_audit
from odesk.server.db import engine_for, read_tx, write_tx
from odesk.server.directory import ROLES, TEAM_KINDS, all_teams, user_row
from odesk.server.schema import alerts, audit, devices, enrol_codes, get_epoch, teams, users

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")  # as odesk.core.records' "id" fields
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed
CODE_LENGTH = 16  # 80 bits


class AdminError(ValueError):
    """An administrative action refused; str(e) is one line."""


def connect(db: str | Engine) -> Engine:
    return db if isinstance(db, Engine) else engine_for(db)


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in " -")


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise AdminError(f"not a valid {what} id: {value!r} (letters, digits, _ . : -)")
    return value


def _check_name(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 200 or any(ord(ch) < 32 for ch in name):
        raise AdminError(f"a {what} needs a name of 1 to 200 printable characters")
    return name


def add_team(
    db: str | Engine,
    name: str,
    kind: str = "service",
    parent_id: str | None = None,
    *,
    team_id: str | None = None,
) -> str:
    name = _check_name(name, "team")
    if kind not in TEAM_KINDS:
        raise AdminError(f"team kind must be one of {', '.join(TEAM_KINDS)}, not {kind!r}")
    team_id = _check_id(team_id, "team") if team_id else new_id()
    with write_tx(connect(db)) as conn:
        known = all_teams(conn)
        if team_id in known:
            raise AdminError(f"team {team_id} already exists")
        if parent_id is not None and parent_id not in known:
            raise AdminError(f"no such parent team: {parent_id}")
        conn.execute(
            teams.insert().values(
                id=team_id, name=name, kind=kind, parent_id=parent_id, created_at=utc_now()
            )
        )
        record_audit(conn, "team_add", team_id=team_id, kind=kind, parent_id=parent_id)
    return team_id


def add_user(
    db: str | Engine,
    name: str,
    roles: Iterable[str],
    team_ids: Iterable[str],
    supervises_team_ids: Iterable[str] = (),
    profession: str | None = None,
    *,
    user_id: str | None = None,
) -> str:
    name = _check_name(name, "user")
    roles_ = sorted(set(roles))
    teams_ = list(dict.fromkeys(team_ids))
    supervises = list(dict.fromkeys(supervises_team_ids))
    if not roles_:
        raise AdminError("a user needs at least one --role")
    for role in roles_:
        if role not in ROLES:
            raise AdminError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if supervises and "supervisor" not in roles_:
        raise AdminError("--supervises needs --role supervisor")
    if not teams_ and not supervises and roles_ != ["admin"]:
        raise AdminError("a user needs at least one --team")
    if profession is not None and (len(profession) > 200 or "\n" in profession):
        raise AdminError("profession must be one line of at most 200 characters")
    user_id = _check_id(user_id, "user") if user_id else new_id()
    with write_tx(connect(db)) as conn:
        known = all_teams(conn)
        for team_id in teams_ + supervises:
            if team_id not in known:
                raise AdminError(f"no such team: {team_id}")
        if conn.execute(select(users.c.id).where(users.c.id == user_id)).first():
            raise AdminError(f"user {user_id} already exists")
        conn.execute(
            users.insert().values(
                id=user_id,
                name=name,
                profession=profession,
                roles=json.dumps(roles_),
                team_ids=json.dumps(teams_),
                supervises_team_ids=json.dumps(supervises),
                created_at=utc_now(),
            )
        )
        record_audit(conn, "user_add", user_id=user_id, roles=roles_, team_ids=teams_)
    return user_id


def make_code(db: str | Engine, user_id: str, expires_hours: float = 72) -> str:
    """A one-time enrolment code for a user's next device; only its hash is kept."""
    if not 0 < expires_hours <= 24 * 90:
        raise AdminError("--expires-hours must be more than 0 and at most 2160 (90 days)")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = datetime.now(UTC)
    with write_tx(connect(db)) as conn:
        if not conn.execute(select(users.c.id).where(users.c.id == user_id)).first():
            raise AdminError(f"no such user: {user_id}")
        conn.execute(
            enrol_codes.insert().values(
                code_hash=hash_secret(raw),
                user_id=user_id,
                created_at=now.isoformat(timespec="milliseconds"),
                expires_at=(now + timedelta(hours=expires_hours)).isoformat(
                    timespec="milliseconds"
                ),
            )
        )
        record_audit(conn, "code_make", user_id=user_id, expires_hours=expires_hours)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _device_row(row) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": row.id,
        "user_id": row.user_id,
        "name": row.name,
        "created_at": row.created_at,
        "last_seen_at": row.last_seen_at,
        "revoked_at": row.revoked_at,
    }


def list_devices(db: str | Engine, user_id: str | None = None) -> list[dict]:
    query = select(devices).order_by(devices.c.created_at, devices.c.id)
    if user_id is not None:
        query = query.where(devices.c.user_id == user_id)
    with write_tx(connect(db)) as conn:
        rows = [_device_row(r) for r in conn.execute(query)]
        record_audit(conn, "devices_list", user_id=user_id)
    return rows


def list_users(db: str | Engine) -> list[dict]:
    with read_tx(connect(db)) as conn:
        return [user_row(r) for r in conn.execute(select(users).order_by(users.c.id))]


def list_teams(db: str | Engine) -> list[dict]:
    with read_tx(connect(db)) as conn:
        return sorted(all_teams(conn).values(), key=lambda t: t["id"])


def revoke(db: str | Engine, device_id: str) -> bool:
    """Revoke a device; it gets 401 device_revoked from now on and wipes itself. False if it
    was already revoked."""
    with write_tx(connect(db)) as conn:
        row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
        if row is None:
            raise AdminError(f"no such device: {device_id}")
        if row.revoked_at:
            return False
        conn.execute(devices.update().where(devices.c.id == device_id).values(revoked_at=utc_now()))
        record_audit(conn, "device_revoke", device_id=device_id, user_id=row.user_id)
    return True


def audit_log(db: str | Engine, since: str | None = None) -> dict[str, list[dict]]:
    """Alerts and audit entries (oldest first) at or after ``since`` (ISO 8601)."""
    since_utc = None
    if since:
        try:
            since_utc = parse_time(since).astimezone(UTC).isoformat(timespec="milliseconds")
        except ValueError:
            raise AdminError(
                f"--since must be an ISO 8601 time with offset, not {since!r}"
            ) from None
    alert_q = select(alerts).order_by(alerts.c.id)
    audit_q = select(audit).order_by(audit.c.id)
    if since_utc:
        alert_q = alert_q.where(alerts.c.at >= since_utc)
        audit_q = audit_q.where(audit.c.at >= since_utc)
    with write_tx(connect(db)) as conn:
        found_alerts = [
            {
                "at": r.at,
                "kind": r.kind,
                "device_id": r.device_id,
                "user_id": r.user_id,
                "message": r.message,
            }
            for r in conn.execute(alert_q)
        ]
        entries = [
            {
                "at": r.at,
                "actor": r.actor,
                "device_id": r.device_id,
                "action": r.action,
                "detail": json.loads(r.detail),
            }
            for r in conn.execute(audit_q)
        ]
        record_audit(conn, "audit_read", since=since_utc)
    return {"alerts": found_alerts, "entries": entries}


def epoch(db: str | Engine) -> str:
    with read_tx(connect(db)) as conn:
        return get_epoch(conn)


def new_epoch(db: str | Engine) -> str:
    """Give the server a new epoch (after restoring its database by other tools): every device
    then pushes again what it made and pulls from the start."""
    from odesk.server.backup import set_new_epoch

    with write_tx(connect(db)) as conn:
        value = set_new_epoch(conn)
        record_audit(conn, "new_epoch", epoch=value)
    return value


def backup(db: str | Engine, file: str) -> None:
    from odesk.server.backup import backup_to

    backup_to(connect(db), file)


def restore(db: str | Engine, file: str) -> str:
    from odesk.server.backup import restore_from

    return restore_from(connect(db), file)
