"""The server's log: one structured line per event on standard error, JSON or logfmt.

Every request gets an access line (time, level, request id, device, method, route, status,
duration); security events (a revoked device calling, a used code tried again, a rate limit,
a refused write) are warnings; an unexpected error is an error line with its traceback. Lines
carry ids, counts and reasons only, never record content: the database engines hide statement
parameters (odesk.server.db), and nothing here logs a request or response body.
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

FORMATS = ("logfmt", "json")
LEVELS = ("debug", "info", "warning", "error")
log = logging.getLogger("odesk.server")
access_log = logging.getLogger("odesk.server.access")
security_log = logging.getLogger("odesk.server.security")

# The request being answered: a dict the access middleware makes and the handlers fill in (the
# device), shared by the threads the handlers run in (they get a copy of the context, holding
# the same dict).
current_request: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "odesk_request", default=None
)
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@+,")


def _clean(value: str) -> str:
    """Without control characters: a device's name or a path cannot forge a second line."""
    return "".join(ch if ch.isprintable() else "?" for ch in value)


def _logfmt_value(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    if text and all(ch in _PLAIN for ch in text):
        return text
    return orjson.dumps(text).decode()  # quoted, with \n, \" and control characters escaped


class StructuredFormatter(logging.Formatter):
    def __init__(self, kind: str = "logfmt") -> None:
        super().__init__()
        self.kind = kind

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request = current_request.get()
        if request is not None and "request_id" in request:
            data["request_id"] = request["request_id"]
        data.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            data["traceback"] = self.formatException(record.exc_info)
        if self.kind == "json":
            return orjson.dumps(data, default=str).decode()
        return " ".join(
            f"{key}={_logfmt_value(_clean(v) if isinstance(v, str) and key != 'traceback' else v)}"
            for key, v in data.items()
            if v is not None
        )


def configure(kind: str = "logfmt", level: str = "info") -> None:
    """Send the server's and uvicorn's log lines to standard error in ``kind``'s format."""
    if kind not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {kind!r}")
    if level not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(StructuredFormatter(kind))
    for name in ("odesk", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # ours has the device and duration


def uvicorn_log_config(kind: str, level: str) -> dict[str, Any]:
    """uvicorn's logging configuration: the same lines, in every worker process."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": StructuredFormatter, "kind": kind}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "structured",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            name: {"handlers": ["stderr"], "level": level.upper(), "propagate": False}
            for name in ("odesk", "uvicorn", "uvicorn.error")
        }
        | {"uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False}},
    }


def security_event(event: str, message: str, **fields: Any) -> None:
    """A warning line for the trust's security monitoring (the same event is in the audit)."""
    security_log.warning(message, extra={"fields": {"event": event, **fields}})


def note_device(device_id: str, user_id: str) -> None:
    request = current_request.get()
    if request is not None:
        request["device"] = device_id
        request["user"] = user_id


class AccessLogMiddleware:
    """ASGI wrapper: a request id (also answered as X-Request-ID), and one access line."""

    def __init__(self, app: Any, on_done: Any = None) -> None:
        self.app = app
        self.on_done = on_done  # (method, route, status, seconds) -> None: the metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request: dict[str, Any] = {"request_id": uuid.uuid4().hex[:16], "status": 500}
        # Not reset afterwards: each request runs in its own task and context, and the error
        # handler outside this wrapper (a 500's traceback) still logs the request id.
        current_request.set(request)
        started = time.perf_counter()

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                request["status"] = message["status"]
                request["started"] = True
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", request["request_id"].encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Caught here rather than by the framework's last-resort handler, which answers
            # outside this wrapper: the line and the answer both carry the request id.
            log.error("unexpected error", exc_info=True)
            if not request.get("started"):
                body = b'{"error":"internal","message":"the server failed; the trust\'s IT team can see why"}'
                await send_with_id(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("route")
            path = getattr(route, "path", None) or scope.get("path", "")[:200]
            status = request["status"]
            level = logging.INFO if status < 500 else logging.ERROR
            access_log.log(
                level,
                "request",
                extra={
                    "fields": {
                        "device": request.get("device"),
                        "user": request.get("user"),
                        "method": scope.get("method"),
                        "route": path,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    }
                },
            )
            if self.on_done is not None:
                self.on_done(scope.get("method", ""), path if route else "other", status, seconds)
