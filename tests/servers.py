"""A real odesk-server on loopback for the tests and benchmarks, and pytest-postgresql's pg_ctl.

`run_server(db_url)` serves in a thread of this process (odesk.server.embedded, as the demo does)
and yields the base URL; `subprocess=True` runs `odesk-server serve` as a child process instead
(needed for `workers > 1` and for kill -9 tests). Both stop cleanly on exit. Kept under tests/ so
the product does not ship it.
"""

from __future__ import annotations

import os
import ssl
import subprocess as sp
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from odesk.server.embedded import START_TIMEOUT as _START_TIMEOUT
from odesk.server.embedded import free_port, run_in_thread

__all__ = ["free_port", "pg_ctl_path", "run_server", "wait_for_health"]


def wait_for_health(
    base_url: str, *, verify: object = True, timeout: float = _START_TIMEOUT
) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/v1/health", timeout=2, verify=verify).status_code == 200:  # type: ignore[arg-type]
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"odesk-server at {base_url} did not become healthy: {last}")


def server_command(
    db_url: str, host: str, port: int, workers: int, tls_cert: str | None, tls_key: str | None
) -> list[str]:
    cmd = [sys.executable, "-m", "odesk.server", "serve", "--db", db_url]
    cmd += ["--host", host, "--port", str(port), "--workers", str(workers)]
    if tls_cert and tls_key:
        cmd += ["--tls-cert", tls_cert, "--tls-key", tls_key]
    return cmd


@contextmanager
def run_server(
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    subprocess: bool = False,
    workers: int = 1,
    tls_cert: str | os.PathLike[str] | None = None,
    tls_key: str | os.PathLike[str] | None = None,
    ca_file: str | os.PathLike[str] | None = None,
    rate_limit: tuple[float, float] | None | str = "env",
    env: dict[str, str] | None = None,
    api_docs: bool = False,
    log_file: str | os.PathLike[str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[str]:
    """Serve ``db_url`` on ``host`` and yield the base URL (``http://127.0.0.1:PORT``).

    With TLS, pass ``ca_file`` (the CA that signed the certificate) so readiness can be checked.
    A child process writes its log to ``log_file`` (a temporary file by default: a pipe nobody
    reads would fill up and stop the server); ``args`` are more `serve` options for it.
    """
    scheme = "https" if tls_cert else "http"
    cert = str(tls_cert) if tls_cert else None
    key = str(tls_key) if tls_key else None
    verify: object = ssl.create_default_context(cafile=str(ca_file)) if ca_file else (not tls_cert)
    if subprocess or workers > 1:
        port = port or free_port(host)
        base = f"{scheme}://{host}:{port}"
        child_env = {**os.environ, **(env or {})}
        if rate_limit != "env":
            child_env["ODESK_SERVER_RATE_LIMIT"] = (
                "0" if rate_limit is None else f"{rate_limit[0]}/{rate_limit[1]}"  # type: ignore[index]
            )
        src = str(Path(__file__).resolve().parents[1] / "src")
        child_env["PYTHONPATH"] = src + os.pathsep + child_env.get("PYTHONPATH", "")
        command = server_command(db_url, host, port, workers, cert, key) + list(args)
        if api_docs:
            command.append("--api-docs")
        log_path = Path(log_file) if log_file else None
        log_out = (
            open(log_path, "wb") if log_path else tempfile.TemporaryFile()  # noqa: SIM115
        )
        proc = sp.Popen(
            command, env=child_env, stdout=sp.DEVNULL, stderr=log_out, start_new_session=True
        )
        try:
            try:
                wait_for_health(base, verify=verify)
            except RuntimeError:
                proc.kill()
                proc.wait(timeout=10)
                log_out.seek(0)
                err = log_out.read()
                raise RuntimeError(
                    f"odesk-server did not start: {err.decode(errors='replace')[-2000:]}"
                ) from None
            yield base
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except sp.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            log_out.close()
        return

    with run_in_thread(
        db_url, host, port, tls_cert=cert, tls_key=key, rate_limit=rate_limit, api_docs=api_docs
    ) as base:
        yield base


PG_BIN_DIRS = (
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
)

_WRAPPER = r"""#!/bin/bash
# pg_ctl refuses to run as root. As root, run it as the postgres user, with the data folder and
# log moved under {base} (concurrent pytest runs keep re-closing /tmp/pytest-of-root to 0700,
# which the postgres user could then no longer traverse). The original folder is still made,
# empty, because pytest-postgresql checks that it exists. Written by tests/servers.py.
REAL="{real}"
if [ "$(id -u)" != 0 ]; then exec "$REAL" "$@"; fi
BASE="{base}"
mkdir -p "$BASE"; chmod 755 "$BASE"
map() {{ echo "$BASE/$(printf %s "$1" | md5sum | cut -c1-20)$2"; }}
args=(); prev=""; data=""
for arg in "$@"; do
  case "$prev" in
    -D|--pgdata) mkdir -p "$arg"; data=$(map "$arg" ""); mkdir -p "$data"; chown {user} "$data"; chmod 700 "$data"; arg="$data" ;;
    -l|--log) log=$(map "$arg" .log); touch "$log"; chown {user} "$log"; arg="$log" ;;
  esac
  args+=("$arg"); prev="$arg"
done
cd /
runuser -u {user} -- "$REAL" "${{args[@]}}"
rc=$?
if [ "$1" = stop ] && [ $rc = 0 ] && [ -n "$data" ]; then rm -rf "$data"; fi
exit $rc
"""


def pg_ctl_path() -> str:
    """pg_ctl for pytest-postgresql: the real one, or (when running as root, where pg_ctl refuses
    to start) a wrapper that runs it as the `postgres` user."""
    real = next((f"{d}/pg_ctl" for d in PG_BIN_DIRS if Path(f"{d}/pg_ctl").exists()), "pg_ctl")
    if os.name != "posix" or os.geteuid() != 0:
        return real
    import pwd
    import tempfile

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return real
    # One wrapper per test run: runs of other checkouts must not rewrite it under a live server.
    folder = Path(tempfile.gettempdir()) / f"odesk-pg-ctl-{os.getpid()}"
    folder.mkdir(mode=0o755, exist_ok=True)
    wrapper = folder / "pg_ctl"
    text = _WRAPPER.format(real=real, user="postgres", base=str(folder / "data"))
    if not wrapper.exists() or wrapper.read_text() != text:
        tmp = folder / f".pg_ctl.{os.getpid()}"
        tmp.write_text(text)
        tmp.chmod(0o755)
        os.replace(tmp, wrapper)
    return str(wrapper)
