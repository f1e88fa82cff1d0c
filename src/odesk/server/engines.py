"""One engine per database URL in a process, migrated to the current schema on first use.

Above both `db` (engines, transactions) and `schema` (tables, migrations), so neither imports the
other back: the admin functions, the demo world and the tests get their engine here.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from odesk.server.db import make_engine, normalise_url
from odesk.server.schema import migrate

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """A shared engine per URL, migrated to the current schema on first use."""
    url = normalise_url(url)
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            migrate(engine)
            _engines[url] = engine
        return engine


def forget_engine(url: str) -> None:
    """Drop and dispose of the engine of ``url`` (a database about to be deleted or replaced)."""
    with _engines_lock:
        engine = _engines.pop(normalise_url(url), None)
    if engine is not None:
        engine.dispose()
