"""A real unlocked store holding the known data set, signed in as supervisor Sue of team North."""

from __future__ import annotations

import pytest

from odesk.ui.supervisor.context import SupervisorContext
from tests.reports.known_data import build, extra_notes
from tests.ui.supervisor.people import USERS, open_store


@pytest.fixture
def sup_store(tmp_path):
    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    yield store
    store.close()


@pytest.fixture
def ctx(sup_store):
    return SupervisorContext.from_store(sup_store)
