"""A server worker (uvicorn's factory, app_from_env) leaves what it made to start out of the
cyclic collector's passes (gc.freeze): each pass during a push otherwise walked those ~100,000
long-lived objects, a tenth of the push's CPU (bench/README.md, "Server CPU a pushed change").
It also runs those passes less often (gc.set_threshold): a push's own short-lived objects
triggered one every 700, another tenth ("Pushes keep their pace")."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from odesk.server import admin, db
from odesk.server.app import DB_URL_ENV, WORKER_GC_THRESHOLDS, app_from_env


def test_a_worker_app_freezes_its_start_up_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = db.sqlite_url(tmp_path / "server")
    admin.connect(url)
    monkeypatch.setenv(DB_URL_ENV, url)
    monkeypatch.setattr(db, "application_name", db.application_name)
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        app = app_from_env()
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == WORKER_GC_THRESHOLDS
        assert WORKER_GC_THRESHOLDS[0] > thresholds[0]
        assert any(r.path == "/v1/sync/push" for r in app.routes)  # type: ignore[attr-defined]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
