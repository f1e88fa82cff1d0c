"""Whether a server is serving a database, so that `admin restore` refuses to run under it.

SQLite: `odesk-server serve` holds a shared lock on `server.lock` beside the database for as long
as it runs (the kernel drops it when the process ends, even by kill -9); a restore takes it
exclusively, so neither starts while the other runs. PostgreSQL: every connection of a serving
process is named `odesk-server serve` (odesk.server.db.SERVE_APPLICATION_NAME), and a restore
looks for such connections to its database in pg_stat_activity.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from odesk.server.db import SERVE_APPLICATION_NAME

LOCK_NAME = "server.lock"

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the restore then relies on its question
    fcntl = None  # type: ignore[assignment]


class Busy(RuntimeError):
    """The database is in use by a server (or a restore); str(e) is one line."""


def _lock_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).parent / LOCK_NAME


def _open_lock(path: Path) -> IO[bytes]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    return os.fdopen(fd, "r+b")


@contextmanager
def serving(url: str) -> Iterator[None]:
    """Held by `serve` while it runs: a restore of this database refuses meanwhile."""
    path = _lock_path(url)
    if path is None or fcntl is None:
        yield
        return
    with _open_lock(path) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(
                f"a restore of {path.parent} is running; start the server after it"
            ) from None
        yield


@contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """Held by a restore: refuses (Busy) while a server serves this database."""
    url = engine.url.render_as_string(hide_password=False)
    path = _lock_path(url)
    if path is not None and fcntl is not None:
        with _open_lock(path) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(
                    f"a server is running on {path.parent}: stop it before restoring"
                ) from None
            yield
        return
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            count = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": SERVE_APPLICATION_NAME},
            ).scalar()
        if count:
            raise Busy(
                f"a server is running on this database ({count} connection(s) named"
                f" {SERVE_APPLICATION_NAME!r} in pg_stat_activity): stop every server first"
            )
    yield
