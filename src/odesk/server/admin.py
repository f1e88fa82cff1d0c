"""What the trust's administrator does, as Python functions: the `odesk-server admin` command
wraps them, and tests, the sync suite and the demo use them to set up teams, users and devices.

`db` is a database URL (`sqlite:///DIR/server.db`, `postgresql://...`) or an SQLAlchemy Engine.
Bad input raises AdminError with a one-line message and changes nothing. Every action, listings
included, is audited under the acting administrator's name (`actor`, the command's `--actor`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select

from odesk.core.ids import new_id, parse_time, utc_now
from odesk.server.admin_error import AdminError
from odesk.server.auditlog import record_audit
from odesk.server.backup import backup_to, restore_from, set_new_epoch
from odesk.server.db import read_tx, write_tx
from odesk.server.directory import ROLES, TEAM_KINDS, all_teams, user_row
from odesk.server.engines import engine_for
from odesk.server.schema import alerts, audit, devices, enrol_codes, get_epoch, teams, users

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")  # as odesk.core.records' "id" fields
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed
CODE_LENGTH = 16  # 80 bits
CODE_ID_LENGTH = 12  # hex digits of a code's hash that name it in `codes` and `withdraw`


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


def printable(value: object) -> str:
    """A device-chosen text (its name) made safe to print: control characters (escape
    sequences, a forged second line) become "?"."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(value))


def check_actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor or len(actor) > 128 or not actor.isprintable():
        raise AdminError("--actor must be 1 to 128 printable characters")
    return actor


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
    actor: str = "admin",
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
        record_audit(conn, "team_add", actor=actor, team_id=team_id, kind=kind, parent_id=parent_id)
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
    actor: str = "admin",
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
        record_audit(conn, "user_add", actor=actor, user_id=user_id, roles=roles_, team_ids=teams_)
    return user_id


def make_code(
    db: str | Engine, user_id: str, expires_hours: float = 72, *, actor: str = "admin"
) -> str:
    """A one-time enrolment code for a user's next device; only its hash is kept."""
    if not 0 < expires_hours <= 24 * 90:
        raise AdminError("--expires-hours must be more than 0 and at most 2160 (90 days)")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = datetime.now(UTC)
    with write_tx(connect(db)) as conn:
        _active_user(conn, user_id)
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
        record_audit(conn, "code_make", actor=actor, user_id=user_id, expires_hours=expires_hours)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _device_row(row) -> dict:
    return {
        "id": row.id,
        "user_id": row.user_id,
        "name": row.name,
        "created_at": row.created_at,
        "last_seen_at": row.last_seen_at,
        "revoked_at": row.revoked_at,
    }


def list_devices(
    db: str | Engine, user_id: str | None = None, *, actor: str = "admin"
) -> list[dict]:
    query = select(devices).order_by(devices.c.created_at, devices.c.id)
    if user_id is not None:
        query = query.where(devices.c.user_id == user_id)
    with write_tx(connect(db)) as conn:
        rows = [_device_row(r) for r in conn.execute(query)]
        record_audit(conn, "devices_list", actor=actor, user_id=user_id)
    return rows


def list_users(db: str | Engine, *, actor: str = "admin", removed: bool = False) -> list[dict]:
    """Users (with their state: active, disabled, removed); removed ones only if asked."""
    with write_tx(connect(db)) as conn:
        found = []
        for r in conn.execute(select(users).order_by(users.c.id)):
            if r.removed_at and not removed:
                continue
            state = "removed" if r.removed_at else "disabled" if r.disabled_at else "active"
            found.append({**user_row(r), "state": state})
        record_audit(conn, "users_list", actor=actor)
    return found


def list_teams(db: str | Engine, *, actor: str = "admin") -> list[dict]:
    with write_tx(connect(db)) as conn:
        found = sorted(all_teams(conn).values(), key=lambda t: t["id"])
        record_audit(conn, "teams_list", actor=actor)
    return found


def rename_team(db: str | Engine, team_id: str, name: str, *, actor: str = "admin") -> None:
    name = _check_name(name, "team")
    with write_tx(connect(db)) as conn:
        old = conn.execute(select(teams.c.name).where(teams.c.id == team_id)).scalar()
        if old is None:
            raise AdminError(f"no such team: {team_id}")
        conn.execute(teams.update().where(teams.c.id == team_id).values(name=name))
        record_audit(conn, "team_rename", actor=actor, team_id=team_id)


def _active_user(conn: Connection, user_id: str) -> Any:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise AdminError(f"no such user: {user_id}")
    if row.removed_at:
        raise AdminError(f"user {user_id} has been removed")
    if row.disabled_at:
        raise AdminError(f"user {user_id} is disabled; enable them first")
    return row


def _revoke_all(conn: Connection, user_id: str, actor: str) -> list[str]:
    """Revoke every active device of a user and withdraw their unused codes."""
    now = utc_now()
    ids = list(
        conn.execute(
            select(devices.c.id).where(devices.c.user_id == user_id, devices.c.revoked_at.is_(None))
        ).scalars()
    )
    if ids:
        conn.execute(devices.update().where(devices.c.id.in_(ids)).values(revoked_at=now))
    for device_id in ids:
        record_audit(conn, "device_revoke", actor=actor, device_id=device_id, user_id=user_id)
    conn.execute(
        enrol_codes.update()
        .where(
            enrol_codes.c.user_id == user_id,
            enrol_codes.c.used_at.is_(None),
            enrol_codes.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now)
    )
    return ids


def disable_user(db: str | Engine, user_id: str, *, actor: str = "admin") -> list[str]:
    """Disable a user: their devices are revoked (each wipes itself at its next contact) and
    their unused codes withdrawn. Returns the revoked device ids."""
    with write_tx(connect(db)) as conn:
        _active_user(conn, user_id)
        conn.execute(users.update().where(users.c.id == user_id).values(disabled_at=utc_now()))
        revoked = _revoke_all(conn, user_id, actor)
        record_audit(conn, "user_disable", actor=actor, user_id=user_id, devices=revoked)
    return revoked


def enable_user(db: str | Engine, user_id: str, *, actor: str = "admin") -> None:
    """Enable a disabled user: they may be given codes again (revoked devices stay revoked)."""
    with write_tx(connect(db)) as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise AdminError(f"no such user: {user_id}")
        if row.removed_at:
            raise AdminError(f"user {user_id} has been removed and cannot be enabled")
        if not row.disabled_at:
            raise AdminError(f"user {user_id} is not disabled")
        conn.execute(users.update().where(users.c.id == user_id).values(disabled_at=None))
        record_audit(conn, "user_enable", actor=actor, user_id=user_id)


def remove_user(db: str | Engine, user_id: str, *, actor: str = "admin") -> list[str]:
    """Remove a user for good: disabled, devices revoked, off the user list; the row stays so
    records keep their author's name. Returns the revoked device ids."""
    with write_tx(connect(db)) as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise AdminError(f"no such user: {user_id}")
        if row.removed_at:
            raise AdminError(f"user {user_id} has already been removed")
        now = utc_now()
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(removed_at=now, disabled_at=row.disabled_at or now)
        )
        revoked = _revoke_all(conn, user_id, actor)
        record_audit(conn, "user_remove", actor=actor, user_id=user_id, devices=revoked)
    return revoked


def code_state(row: Any, now: str) -> str:
    if row.used_at:
        return "used"
    if row.withdrawn_at:
        return "withdrawn"
    return "expired" if row.expires_at < now else "active"


def list_codes(db: str | Engine, user_id: str | None = None, *, actor: str = "admin") -> list[dict]:
    """Enrolment codes (never the code itself: only its hash is kept; `id` is its start)."""
    query = select(enrol_codes).order_by(enrol_codes.c.created_at)
    if user_id is not None:
        query = query.where(enrol_codes.c.user_id == user_id)
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    with write_tx(connect(db)) as conn:
        found = [
            {
                "id": r.code_hash[:CODE_ID_LENGTH],
                "user_id": r.user_id,
                "created_at": r.created_at,
                "expires_at": r.expires_at,
                "state": code_state(r, now),
                "device_id": r.device_id,
            }
            for r in conn.execute(query)
        ]
        record_audit(conn, "codes_list", actor=actor, user_id=user_id)
    return found


def withdraw_code(db: str | Engine, code_id: str, *, actor: str = "admin") -> None:
    """Withdraw an unused code, named by the id `codes` lists (or the code itself)."""
    wanted = code_id.strip().lower()
    if "-" in code_id or not re.fullmatch(r"[0-9a-f]*", wanted):  # the code itself
        wanted = hash_secret(normalise_code(code_id))[:CODE_ID_LENGTH]
    if not re.fullmatch(r"[0-9a-f]{8,64}", wanted):
        raise AdminError(f"not a code id: {code_id!r} (as `codes` lists it)")
    with write_tx(connect(db)) as conn:
        rows = conn.execute(
            select(enrol_codes).where(enrol_codes.c.code_hash.startswith(wanted))
        ).all()
        if not rows:
            raise AdminError(f"no such code: {code_id}")
        if len(rows) > 1:
            raise AdminError(f"{code_id} names several codes; give more of its id")
        row = rows[0]
        if row.used_at:
            raise AdminError(f"code {code_id} has already been used (revoke its device instead)")
        if row.withdrawn_at:
            raise AdminError(f"code {code_id} was already withdrawn")
        conn.execute(
            enrol_codes.update()
            .where(enrol_codes.c.code_hash == row.code_hash)
            .values(withdrawn_at=utc_now())
        )
        record_audit(
            conn,
            "code_withdraw",
            actor=actor,
            code=row.code_hash[:CODE_ID_LENGTH],
            user_id=row.user_id,
        )


def revoke(db: str | Engine, device_id: str, *, actor: str = "admin") -> bool:
    """Revoke a device; it gets 401 device_revoked from now on and wipes itself. False if it
    was already revoked."""
    with write_tx(connect(db)) as conn:
        row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
        if row is None:
            raise AdminError(f"no such device: {device_id}")
        if row.revoked_at:
            return False
        conn.execute(devices.update().where(devices.c.id == device_id).values(revoked_at=utc_now()))
        record_audit(conn, "device_revoke", actor=actor, device_id=device_id, user_id=row.user_id)
    return True


def audit_log(
    db: str | Engine, since: str | None = None, *, actor: str = "admin"
) -> dict[str, list[dict]]:
    """Alerts and audit entries (oldest first) at or after ``since`` (ISO 8601)."""
    since_utc = None
    if since:
        try:
            since_utc = parse_time(since).astimezone(UTC).isoformat(timespec="milliseconds")
        except ValueError:
            raise AdminError(
                f"--since must be an ISO 8601 time with offset, not {since!r}"
            ) from None
    # By time, then as written: entries a restore adds back keep their place in the trail.
    alert_q = select(alerts).order_by(alerts.c.at, alerts.c.id)
    audit_q = select(audit).order_by(audit.c.at, audit.c.id)
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
        record_audit(conn, "audit_read", actor=actor, since=since_utc)
    return {"alerts": found_alerts, "entries": entries}


def epoch(db: str | Engine) -> str:
    with read_tx(connect(db)) as conn:
        return get_epoch(conn)


def new_epoch(db: str | Engine, *, actor: str = "admin") -> str:
    """Give the server a new epoch (after restoring its database by other tools): every device
    then pushes again what it made and pulls from the start."""
    with write_tx(connect(db)) as conn:
        value = set_new_epoch(conn)
        record_audit(conn, "new_epoch", actor=actor, epoch=value)
    return value


def backup(db: str | Engine, file: str, *, actor: str = "admin") -> None:
    backup_to(connect(db), file, actor=actor)


def restore(
    db: str | Engine, file: str, *, actor: str = "admin", report: dict | None = None
) -> str:
    """Bring back what the database lacks from a backup (odesk.server.backup.restore_from);
    returns the new epoch."""
    return restore_from(connect(db), file, actor=actor, report=report)
