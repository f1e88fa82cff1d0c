"""The FastAPI application: the endpoints of DESIGN §5 over one database URL.

`create_app(db_url)` builds an app; `app_from_env()` is the uvicorn factory used with
`--workers N` (each worker process reads the URL from ODESK_SERVER_DB_URL).
"""

import gc
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import anyio.to_thread
import orjson
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine, select

import odesk
from odesk.core.ids import new_id, parse_time, utc_now
from odesk.core.records import CONTROL_MESSAGE, has_control, printable
from odesk.server import admin
from odesk.server.admission import Admission, PushesFirst, settings_from_env, shared_from_env
from odesk.server.auditlog import accept_device_audit, raise_alert, record_audit
from odesk.server.db import is_sqlite, read_tx, write_tx
from odesk.server.directory import (
    Access,
    access_for,
    get_user,
    user_row,
    visible_teams_and_directory,
)
from odesk.server.errors import ApiError, install_handlers
from odesk.server.limits import BodyLimitMiddleware, TokenBucket, rate_from_env, retry_after
from odesk.server.logs import AccessLogMiddleware, note_device, security_event
from odesk.server.metrics import Metrics
from odesk.server.policy import MAX_OFFLINE_DAYS, policy
from odesk.server.pull import DEFAULT_LIMIT, pull_page
from odesk.server.push import Device, prevalidate, push_changes
from odesk.server.schema import devices, enrol_codes, get_epoch, revisions, users

DB_URL_ENV = "ODESK_SERVER_DB_URL"
API_DOCS_ENV = "ODESK_SERVER_API_DOCS"  # "1": serve /docs, /redoc and /openapi.json
MAX_CHANGES = 500
# Request handlers of one worker process running at once (anyio's default is 40); see ThreadLimit.
WORKER_THREADS = 8
# PostgreSQL connections of one worker's pushes (odesk.server.push_pg.AsyncPool). Pushes run on
# the event loop, so a few keep it busy while others wait on the database; each connection is a
# PostgreSQL backend, which costs memory and, when new, 10-20 ms of CPU to warm up. bench/
# server_bench.py with 2 workers: 2 to 16 gave the same steady rate, 4 the best first minute.
PUSH_CONNECTIONS = 4
_SEEN_EVERY = timedelta(seconds=60)
# A device token expires after the policy's maximum offline period without contact.
TOKEN_LIFETIME = timedelta(days=MAX_OFFLINE_DAYS)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _no_control(value: str | None) -> str | None:
    """Refuse C0 control characters (NUL, escapes) in a name or id a request carries: they
    cannot be stored on PostgreSQL and must never reach a log or an administrator's terminal."""
    if value is not None and has_control(value):
        raise ValueError(CONTROL_MESSAGE)
    return value


Plain = AfterValidator(_no_control)


class EnrollRequest(_Strict):
    code: Annotated[str, Field(strict=True, min_length=1, max_length=64), Plain]
    device_name: Annotated[str, Field(strict=True, min_length=1, max_length=200), Plain]
    # Chosen at random by the device for this attempt: asking again with the same code and the
    # same attempt (its first answer was lost) gets a fresh token for the same device.
    enrolment_id: Annotated[
        str | None, Field(strict=True, min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    ] = None
    # A device coming back with a new code under the id it had (the server restored from a
    # backup older than its enrolment, or its token expired): the revisions it made carry that
    # id, so only under it can they be pushed again.
    device_id: Annotated[
        str | None,
        Field(strict=True, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"),
    ] = None


MAX_DEVICE_SEQ = 2**53
# The push body, for the OpenAPI document; push_body() checks it by hand, which costs a fraction
# of a pydantic model's validation and copy of every record on the busiest route.
PUSH_BODY_SCHEMA = {
    "type": "object",
    "required": ["changes"],
    "additionalProperties": False,
    "properties": {
        "changes": {
            "type": "array",
            "maxItems": MAX_CHANGES,
            "items": {
                "type": "object",
                "required": ["change_id", "device_seq", "record"],
                "additionalProperties": False,
                "properties": {
                    "change_id": {"type": "string", "minLength": 1, "maxLength": 128},
                    "device_seq": {"type": "integer", "minimum": 0, "maximum": MAX_DEVICE_SEQ},
                    "record": {"type": "object", "additionalProperties": True},
                },
            },
        }
    },
}
_CHANGE_KEYS = frozenset(("change_id", "device_seq", "record"))


def _same_attempt(conn: Connection, code: Any, claim: str | None) -> bool:
    """True when a used code is asked for again by the attempt that used it, for a device
    that is still enrolled (a revoked device never comes back this way)."""
    if claim is None or not code.used_at or code.claim_hash != claim or not code.device_id:
        return False
    revoked = conn.execute(
        select(devices.c.revoked_at).where(devices.c.id == code.device_id)
    ).first()
    return revoked is not None and not revoked.revoked_at


def returning_device(conn: Connection, device_id: str, user_id: str) -> tuple[str | None, bool]:
    """Whether a device may come back under ``device_id`` for ``user_id``: (problem, known).

    A known device must be the user's and not revoked (a revoked laptop never comes back); an
    unknown id must not be one another user's revisions name.
    """
    row = conn.execute(
        select(devices.c.user_id, devices.c.revoked_at).where(devices.c.id == device_id)
    ).first()
    if row is not None:
        if row.user_id != user_id:
            return "this device belongs to another user", True
        if row.revoked_at:
            return "this device has been revoked and cannot be enrolled again", True
        return None, True
    other = conn.execute(
        select(revisions.c.user_id)
        .where(revisions.c.device_id == device_id, revisions.c.user_id != user_id)
        .limit(1)
    ).first()
    return ("this device id is another user's" if other is not None else None), False


def token_hash_of(authorization: str | None) -> str:
    """The stored hash of a Bearer token, or ApiError 401."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "this call needs a device token (Bearer)")
    return admin.hash_secret(token.strip())


def token_expired(row: Any, now: datetime | None = None) -> bool:
    """A device that has not called for longer than the policy's maximum offline period (or,
    never having called, since it enrolled) has an expired token: a laptop left in a drawer for
    months cannot come back without the trust knowing. Each authenticated call renews it."""
    last = row.last_seen_at or getattr(row, "device_created_at", None)
    if not last:
        return False
    return parse_time(last) < (now or datetime.now(UTC)) - TOKEN_LIFETIME


def seen_long_ago(row: Any) -> bool:
    """Whether the device's last-seen time is due for an update."""
    last = row.last_seen_at
    return last is None or parse_time(last) < datetime.now(UTC) - _SEEN_EVERY


def _invalid(where: str, message: str) -> ApiError:
    return ApiError(422, "invalid_request", f"{where}: {message}")


def parse_push(raw: bytes) -> list[dict[str, Any]]:
    """The changes of a push body (PUSH_BODY_SCHEMA), or ApiError 400/413/422."""
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:  # also invalid UTF-8, lone surrogates, NaN, nesting > 1024
        raise ApiError(400, "bad_json", "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise _invalid("body", "must be an object")
    if set(body) != {"changes"}:
        extra = sorted(set(body) - {"changes"})
        raise _invalid(extra[0] if extra else "changes", "unknown field" if extra else "required")
    changes = body["changes"]
    if not isinstance(changes, list):
        raise _invalid("changes", "must be a list")
    if len(changes) > MAX_CHANGES:
        raise ApiError(413, "too_many_changes", f"at most {MAX_CHANGES} changes a push")
    for i, change in enumerate(changes):
        where = f"changes.{i}"
        if not isinstance(change, dict):
            raise _invalid(where, "must be an object")
        if change.keys() != _CHANGE_KEYS:
            extra = sorted(set(change) - _CHANGE_KEYS)
            missing = sorted(_CHANGE_KEYS - set(change))
            raise _invalid(
                f"{where}.{(extra or missing)[0]}", "unknown field" if extra else "required"
            )
        change_id, seq = change["change_id"], change["device_seq"]
        if not isinstance(change_id, str) or not 1 <= len(change_id) <= 128:
            raise _invalid(f"{where}.change_id", "must be a string of 1 to 128 characters")
        if has_control(change_id):
            raise _invalid(f"{where}.change_id", CONTROL_MESSAGE)
        if type(seq) is not int or not 0 <= seq <= MAX_DEVICE_SEQ:
            raise _invalid(f"{where}.device_seq", f"must be an integer from 0 to {MAX_DEVICE_SEQ}")
        if not isinstance(change["record"], dict):
            raise _invalid(f"{where}.record", "must be an object")
    return changes


# The push route's Authorization header, for the OpenAPI document (the route reads it itself).
_AUTHORIZATION_PARAMETER = {
    "name": "authorization",
    "in": "header",
    "required": False,
    "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Authorization"},
}


class AuditEntry(_Strict):
    seq: Annotated[int, Field(strict=True, ge=1, le=2**53)]
    at: Annotated[str, Field(strict=True, max_length=64), Plain] | None = None
    action: Annotated[str, Field(strict=True, max_length=64), Plain] | None = None
    record_id: Annotated[str, Field(strict=True, max_length=128), Plain] | None = None
    prev_hash: Annotated[str, Field(strict=True, max_length=256), Plain] | None = None
    hash: Annotated[str, Field(strict=True, min_length=1, max_length=256), Plain]


class AuditRequest(_Strict):
    entries: Annotated[list[AuditEntry], Field(max_length=10_000)]


class ThreadLimit:
    """ASGI wrapper: at most `threads` synchronous handlers of this worker run at once.

    The handlers are mostly Python holding the GIL between short database calls; forty threads
    of one process contending for it slow every request down, while with a few the other
    requests wait their turn on the event loop. With 50 devices pushing to two workers
    (bench/server_bench.py, when pushes still ran in threads) 4 to 8 threads gave about a
    quarter more changes a second than 40, for the same CPU time. Pushes on PostgreSQL now run
    on the event loop itself (odesk.server.push_pg).
    """

    def __init__(self, app: Any, threads: int) -> None:
        self.app = app
        self.threads = threads

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        limiter = anyio.to_thread.current_default_thread_limiter()  # one per event loop
        if limiter.total_tokens != self.threads:
            limiter.total_tokens = self.threads
        await self.app(scope, receive, send)


@dataclass
class Caller:
    access: Access
    device: Device


def create_app(
    db_url: str | None = None,
    *,
    engine: Engine | None = None,
    rate_limit: tuple[float, float] | None | str = "env",
    api_docs: bool | None = None,
) -> FastAPI:
    """The application; ``api_docs`` (default: the environment's ODESK_SERVER_API_DOCS) serves
    the interactive API pages and the OpenAPI document, which are off in production."""
    if api_docs is None:
        api_docs = os.environ.get(API_DOCS_ENV) == "1"
    if engine is None:
        if db_url is None:
            raise ValueError("create_app needs a database URL")
        engine = admin.connect(db_url)
    db: Engine = engine
    limits = rate_from_env() if rate_limit == "env" else rate_limit
    bucket = TokenBucket(*limits) if isinstance(limits, tuple) else None

    app = FastAPI(
        title="odesk trust server",
        version=odesk.__version__,
        description="Sync, enrolment and audit for odesk devices (DESIGN §5).",
        docs_url="/docs" if api_docs else None,
        redoc_url="/redoc" if api_docs else None,
        openapi_url="/openapi.json" if api_docs else None,
    )
    install_handlers(app)
    pg_pool = None
    if not is_sqlite(db):
        # Imported here: psycopg is only installed where PostgreSQL is used.
        from odesk.server.push_pg import AsyncPool, conninfo, serve_push

        pg_pool = AsyncPool(conninfo(db), PUSH_CONNECTIONS)
    app.state.pg_pool = pg_pool  # closed by whoever stops the server (odesk.server.embedded)
    # Pushes first, pull pages in turn: a clinician's save never waits behind a rush of pulls.
    admission = Admission(*settings_from_env(), shared=shared_from_env())
    app.add_middleware(PushesFirst, admission=admission)  # inside the body limit: body read
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ThreadLimit, threads=WORKER_THREADS)
    metrics = Metrics(db)
    # Outermost: it times, logs and counts every answer.
    app.add_middleware(AccessLogMiddleware, on_done=metrics.request_done)

    def throttle(key: str) -> None:
        if bucket is None:
            return
        wait = bucket.take(key)
        if wait:
            security_event("rate_limited", "rate limit reached", key=key)
            raise ApiError(
                429,
                "rate_limited",
                "too many requests; slow down",
                {"Retry-After": retry_after(wait)},
            )

    def caller(authorization: Annotated[str | None, Header()] = None) -> Caller:
        token_hash = token_hash_of(authorization)
        row: Any = None
        access: Access | None = None
        if is_sqlite(db):
            with read_tx(db) as conn:
                # The device and its user in one query: this runs before every authenticated call.
                row = conn.execute(
                    select(
                        devices.c.id.label("device_id"),
                        devices.c.name.label("device_name"),
                        devices.c.revoked_at,
                        devices.c.last_seen_at,
                        devices.c.created_at.label("device_created_at"),
                        users,
                    )
                    .join_from(devices, users, users.c.id == devices.c.user_id)
                    .where(devices.c.token_hash == token_hash)
                ).first()
                access = access_for(conn, user_row(row)) if row is not None else None
        else:
            from odesk.server.auth_pg import lookup_device

            found = lookup_device(db, token_hash)
            if found is not None:
                row, access = found
        return admit(row, access)

    async def admit_on_loop(found: Any) -> tuple[Access, Device]:
        """admit, for a push on the event loop: a database write it may need (a revoked
        device's alert, the device's last-seen time) goes to a thread."""
        row, access = found if found is not None else (None, None)
        if row is not None and (row.revoked_at or seen_long_ago(row)):
            who = await anyio.to_thread.run_sync(admit, row, access)
        else:
            who = admit(row, access)
        return who.access, who.device

    def admit(row: Any, access: Access | None) -> Caller:
        """The caller of a looked-up token, or the 401 / 429 it gets."""
        if row is None or access is None:
            raise ApiError(
                401,
                "unauthorized",
                "this device is not known to the server (a server restored from a backup made"
                " before it enrolled does not know it): ask the trust for a new enrolment code",
            )
        note_device(row.device_id, row.id)
        if row.revoked_at:
            security_event(
                "revoked_device_call",
                "a revoked device called the server",
                device=row.device_id,
                user=row.id,
            )
            with write_tx(db) as conn:
                raise_alert(
                    conn,
                    "revoked_device_call",
                    f"revoked device {row.device_id} ({admin.printable(row.device_name)})"
                    f" of user {row.id}"
                    " called the server",
                    device_id=row.device_id,
                    user_id=row.id,
                )
            raise ApiError(401, "device_revoked", "this device has been revoked by the trust")
        if token_expired(row):
            security_event(
                "token_expired",
                "a device called with a token expired after too long without contact",
                device=row.device_id,
                user=row.id,
            )
            raise ApiError(
                401,
                "token_expired",
                f"this laptop has not contacted the trust server for more than {MAX_OFFLINE_DAYS}"
                " days, so its token has expired: ask the trust for a new enrolment code and enrol"
                " again with it (odesk enroll --again, or Connect in the app); nothing on the"
                " laptop is lost",
            )
        throttle(f"device:{row.device_id}")
        if seen_long_ago(row):
            # A plain transaction: this assigns no server_seq, so it need not wait for pushes.
            with db.begin() as conn:
                conn.execute(
                    devices.update()
                    .where(devices.c.id == row.device_id)
                    .values(last_seen_at=utc_now())
                )
        return Caller(access, Device(row.device_id, row.id))

    Auth = Annotated[Caller, Depends(caller)]

    def push_in_thread(
        authorization: str | None, body: bytes
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        who = caller(authorization)
        changes = parse_push(body)
        return push_changes(db, who.access, who.device, changes), changes

    @app.get("/v1/health", summary="Liveness and the server's epoch (no auth)")
    @app.head("/v1/health", include_in_schema=False)  # for load balancers: the status alone
    def health() -> dict:
        with read_tx(db) as conn:
            epoch = get_epoch(conn)
        return {"status": "ok", "version": odesk.__version__, "epoch": epoch}

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    @app.post("/v1/devices/enroll", summary="Exchange a one-time code for a device token")
    def enroll(body: EnrollRequest, request: Request) -> dict:
        throttle(f"ip:{request.client.host if request.client else '?'}")
        code_hash = admin.hash_secret(admin.normalise_code(body.code))
        token = new_id() + "." + admin.secrets.token_urlsafe(32)
        device_id = new_id()
        with write_tx(db) as conn:
            row = conn.execute(
                select(enrol_codes).where(enrol_codes.c.code_hash == code_hash)
            ).first()
            problem = None
            claim = admin.hash_secret(body.enrolment_id) if body.enrolment_id else None
            repeat = row is not None and _same_attempt(conn, row, claim)
            if repeat and row is not None:
                device_id = row.device_id
            if row is None:
                problem = "the enrolment code is not known"
            elif row.used_at and not repeat:
                problem = "the enrolment code has already been used"
            elif row.withdrawn_at:
                problem = "the enrolment code has been withdrawn"
            elif parse_time(row.expires_at) < datetime.now(UTC):
                problem = "the enrolment code has expired"
            user = get_user(conn, row.user_id) if row is not None and problem is None else None
            if problem is None and user is None:
                problem = "the enrolment code's user no longer exists"
            elif (
                problem is None
                and user is not None
                and conn.execute(
                    select(users.c.disabled_at).where(users.c.id == user["id"])
                ).scalar()
            ):
                problem = "the enrolment code's user is disabled"
            known = False
            if problem is None and user is not None and body.device_id and not repeat:
                problem, known = returning_device(conn, body.device_id, user["id"])
                if problem is not None:
                    security_event("enrol_refused", problem, device=body.device_id, user=user["id"])
                    # A revoked or another user's laptop trying to come back: the trust looks.
                    raise_alert(
                        conn,
                        "device_enrol_refused",
                        f"a code of user {user['id']} tried to enrol device"
                        f" {admin.printable(body.device_id)} again: {problem}",
                        device_id=body.device_id,
                        user_id=user["id"],
                    )
            if problem is not None or user is None:
                record_audit(
                    conn, "enroll_refused", actor=row.user_id if row else "?", reason=problem
                )
                if row is not None and row.used_at and not repeat:
                    security_event(
                        "code_reuse", "a used enrolment code was tried again", user=row.user_id
                    )
                    raise_alert(
                        conn,
                        "code_reuse",
                        f"a used enrolment code of user {row.user_id} was tried again",
                        user_id=row.user_id,
                    )
            elif repeat:
                # The first answer never reached the device: its token was never seen, so
                # replacing it gives nothing away and leaves one working token.
                conn.execute(
                    devices.update()
                    .where(devices.c.id == device_id)
                    .values(token_hash=admin.hash_secret(token))
                )
                record_audit(conn, "enroll_repeated", actor=user["id"], device_id=device_id)
            else:
                device_id = body.device_id or device_id
                if known:  # its old token is replaced: only the new one works from now on
                    conn.execute(
                        devices.update()
                        .where(devices.c.id == device_id)
                        .values(
                            token_hash=admin.hash_secret(token),
                            name=body.device_name,
                            last_seen_at=utc_now(),  # a new token starts a new offline period
                        )
                    )
                else:
                    conn.execute(
                        devices.insert().values(
                            id=device_id,
                            user_id=user["id"],
                            name=body.device_name,
                            token_hash=admin.hash_secret(token),
                            created_at=utc_now(),
                            audit_seq=0,
                        )
                    )
                conn.execute(
                    enrol_codes.update()
                    .where(enrol_codes.c.code_hash == code_hash)
                    .values(used_at=utc_now(), device_id=device_id, claim_hash=claim)
                )
                record_audit(
                    conn,
                    "enroll_again" if body.device_id else "enroll",
                    actor=user["id"],
                    device_id=device_id,
                    name=body.device_name,
                )
            if problem is None and user is not None:
                team_list, _ = visible_teams_and_directory(conn, access_for(conn, user))
        if problem is not None or user is None:
            raise ApiError(401, "invalid_code", problem or "invalid code")
        return {
            "device_id": device_id,
            "token": token,
            "user": user,
            "teams": team_list,
            "policy": policy(),
        }

    @app.get("/v1/me", summary="The user, their teams, the directory of team users, the policy")
    def me(who: Auth) -> dict:
        with write_tx(db) as conn:
            team_list, directory = visible_teams_and_directory(conn, who.access)
            epoch = get_epoch(conn)
            name = conn.execute(
                select(devices.c.name).where(devices.c.id == who.device.id)
            ).scalar()
            record_audit(conn, "me", actor=who.access.user_id, device_id=who.device.id)
        return {
            "user": who.access.user,
            "device": {"id": who.device.id, "name": name},
            "teams": team_list,
            "directory": directory,
            "policy": policy(),
            "epoch": epoch,
        }

    @app.post(
        "/v1/sync/push",
        summary="Send revisions; each is applied, duplicate, conflict or rejected",
        responses={422: {"description": "The body is not a push: invalid_request, its field"}},
        openapi_extra={
            "parameters": [_AUTHORIZATION_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": PUSH_BODY_SCHEMA}},
            },
        },
    )
    async def push(request: Request) -> Response:
        # The caller is checked here rather than as a dependency. A bad token is answered
        # before a bad body. On PostgreSQL the push runs on this event loop, its caller's
        # lookup in the same statement as the plan's read (odesk.server.push_pg.serve_push).
        # The body and the header are read from the request itself: FastAPI's dependency
        # machinery for them cost a push's worker as much as planning five changes.
        body = await request.body()
        authorization = request.headers.get("authorization")
        answer: dict[str, Any] | None  # None only for a caller-only check, never here
        if pg_pool is None:
            answer, changes = await anyio.to_thread.run_sync(push_in_thread, authorization, body)
        else:
            token_hash = token_hash_of(authorization)
            try:
                changes = parse_push(body)
            except ApiError:
                await serve_push(pg_pool, db, token_hash, None, admit_on_loop)
                raise
            prepared = [prevalidate(change) for change in changes]
            answer = await serve_push(pg_pool, db, token_hash, prepared, admit_on_loop)
        if answer is not None:
            log_refused(answer, changes)
            metrics.pushed(answer)
        # Answered directly: the result is plain JSON data, no encoder pass needed.
        return Response(orjson.dumps(answer), media_type="application/json")

    @app.get(
        "/v1/sync/pull",
        summary="Revisions after the cursor, in server_seq order",
        responses={200: {"description": '{"changes": [...], "cursor", "more", "epoch"}'}},
    )
    async def pull(
        who: Auth,
        cursor: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1)] = DEFAULT_LIMIT,
        own: Annotated[Literal["record", "ref"], Query()] = "record",
    ) -> Response:
        # own=ref: this device's own revisions come as references (odesk.server.pull).
        own_refs = own == "ref"
        async with admission.pull():  # in turn, after the server's running pushes
            body = await anyio.to_thread.run_sync(
                lambda: pull_page(db, who.access, who.device.id, cursor, limit, own_refs=own_refs)
            )
        return Response(body, media_type="application/json")

    @app.post("/v1/audit", summary="The device's local audit chain, continued")
    def device_audit(body: AuditRequest, who: Auth) -> dict:
        with write_tx(db) as conn:
            through = accept_device_audit(
                conn,
                who.device.id,
                who.access.user_id,
                [e.model_dump() for e in body.entries],
            )
        return {"accepted_through": through}

    return app


def log_refused(answer: dict[str, Any], changes: list[dict[str, Any]]) -> None:
    """A security warning for each refused change: its record id and the reason (never its
    content: reasons name fields and ids)."""
    refused = [r for r in answer.get("results", ()) if r.get("status") == "rejected"]
    if not refused:
        return
    record_ids = {c["change_id"]: c["record"].get("id") for c in changes}
    for result in refused[:50]:
        record_id = record_ids.get(result.get("change_id"))
        security_event(
            "write_refused",
            "a change was refused",
            change_id=result.get("change_id"),
            record_id=printable(record_id, 64) if isinstance(record_id, str) else None,
            reason=printable(result.get("reason"), 300),
        )


# gc.set_threshold of a server worker (app_from_env): young, middle, old generation.
WORKER_GC_THRESHOLDS = (20_000, 20, 100)


def app_from_env() -> FastAPI:
    """uvicorn factory for `--workers N`: each worker builds its app from ODESK_SERVER_DB_URL."""
    from odesk.server import db

    url = os.environ.get(DB_URL_ENV)
    if not url:
        raise RuntimeError(f"{DB_URL_ENV} is not set")
    db.application_name = db.SERVE_APPLICATION_NAME
    app = create_app(url)
    # What the worker made to start (modules, the app, SQLAlchemy's tables and caches, some
    # 100,000 objects, all kept for its life) is left out of the cyclic collector's passes:
    # a push of 500 notes makes enough objects to start several, and each walked all of
    # them, a tenth of the push's CPU (bench/push_cpu.py; gc.freeze, as the docs advise).
    gc.collect()
    gc.freeze()
    # A young-generation pass every WORKER_GC_THRESHOLDS[0] new objects rather than 700: a push of 50
    # records makes some 2,000, nearly all freed by reference counting when its answer goes,
    # and each pass (with the middle generation's every tenth) cost the push route about a
    # tenth of its CPU (bench/README.md, "Pushes keep their pace"). Cycles are still collected.
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    return app
