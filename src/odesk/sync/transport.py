"""HTTP transport for sync: TLS trust, loopback-only plain HTTP, and retries with back-off.

Certificates are checked against the OS trust store (truststore) or against a CA bundle given at
enrolment. Timeouts, dropped connections, 5xx and 429 are retried with exponential back-off and
jitter, honouring ``Retry-After``; every push is idempotent (change ids), so a retry after a lost
answer is safe.
"""

from __future__ import annotations

import ipaddress
import json
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import truststore

from odesk.sync.errors import ApiError, DeviceRevoked, SyncError

USER_AGENT = "odesk-sync/1"


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The server's base URL without a trailing slash; refuses http:// except on loopback."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise SyncError(f"not a server address: {url!r}") from exc
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise SyncError(f"not a server address (use https://host[:port]): {url!r}")
    if parsed.scheme == "http" and not _is_loopback(parsed.host):
        raise SyncError(f"refusing unencrypted http:// to {parsed.host}; use https://")
    return str(parsed.copy_with(query=None, fragment=None)).rstrip("/")


def read_ca_file(path: str) -> str:
    """The PEM text of a CA bundle, checked to load, so it can be kept inside the store."""
    try:
        with open(path, encoding="ascii") as handle:
            pem = handle.read()
        ssl.create_default_context(cadata=pem)
    except (OSError, UnicodeDecodeError, ssl.SSLError, ValueError) as exc:
        raise SyncError(f"cannot use CA file {path}: {exc}") from exc
    return pem


def ssl_context(ca_pem: str | None) -> ssl.SSLContext:
    if ca_pem:
        return ssl.create_default_context(cadata=ca_pem)
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_client(
    server_url: str, *, ca_pem: str | None = None, timeout: float = 30.0
) -> httpx.Client:
    base = check_server_url(server_url)
    verify: ssl.SSLContext | bool = ssl_context(ca_pem) if base.startswith("https:") else True
    return httpx.Client(
        base_url=base,
        verify=verify,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": USER_AGENT},
    )


@dataclass
class RetryPolicy:
    """How hard to try before giving up; tests pass small delays."""

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self.max_delay, self.base_delay * (2**attempt))
        wait = backoff * (0.5 + self.rand() / 2)  # jitter spreads laptops reconnecting together
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_body(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = str(body.get("error") or f"http_{response.status_code}")
        message = str(body.get("message") or body.get("detail") or code)
        return code, message
    return f"http_{response.status_code}", response.reason_phrase or "error"


def _cert_problem(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError | ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def _refusal(status: int, code: str, message: str, path: str, auth: bool) -> SyncError:
    """The error for an answer not worth retrying (4xx other than 429), in words for the user."""
    if status == 401 and code == "device_revoked":
        return DeviceRevoked("this device has been revoked by the trust")
    if status == 401 and code == "token_expired":
        return ApiError(status, code, _one_line(message))  # says what to do
    if status == 401 and auth:
        return ApiError(
            status,
            code,
            "the trust server no longer accepts this device's token"
            f" ({_one_line(message)}); enrol it again with a new code"
            " from the trust (odesk enroll --again keeps everything on it)",
        )
    return ApiError(status, code, _one_line(f"server refused {path}: {message}"))


class Api:
    """Calls to one trust server, with auth and retries."""

    def __init__(
        self,
        client: httpx.Client,
        token: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.client = client
        self.token = token
        self.retry = retry or RetryPolicy()
        self.last_size = 0  # bytes of the last answer read, to size the next pull page

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
    ) -> dict:
        headers: dict[str, str] = {}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if json_body is not None:
            content = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False).encode()
        if content is not None:
            headers["Content-Type"] = "application/json"
        last = "no answer"
        for attempt in range(self.retry.attempts):
            retry_after: float | None = None
            try:
                response = self.client.request(
                    method, path, content=content, params=params, headers=headers
                )
            except httpx.HTTPError as exc:  # transport faults, and answers that cannot be decoded
                cert = _cert_problem(exc)
                if cert is not None:
                    raise SyncError(
                        f"cannot trust the server's certificate: {_one_line(str(cert))}"
                    ) from exc
                last = _one_line(f"{type(exc).__name__}: {exc}") or type(exc).__name__
            else:
                status = response.status_code
                if status < 400:
                    self.last_size = len(response.content)
                    try:
                        body = response.json()
                    except ValueError:
                        last = "the server's answer was cut short"
                    else:
                        if isinstance(body, dict):
                            return body
                        last = "the server's answer was not a JSON object"
                elif status == 429 or status >= 500:
                    retry_after = _retry_after(response)
                    code, message = _error_body(response)
                    last = _one_line(f"{status} {message}")
                else:
                    code, message = _error_body(response)
                    raise _refusal(status, code, message, path, auth)
            if attempt + 1 < self.retry.attempts:
                self.retry.sleep(self.retry.delay(attempt, retry_after))
        raise SyncError(
            f"gave up on {self.client.base_url} after {self.retry.attempts} attempts: {last}"
        )
