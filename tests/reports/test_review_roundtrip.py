"""The review round trip across laptops and a real trust server on 127.0.0.1.

A practitioner signs a note offline and syncs; her team's supervisor syncs, finds it in the
review queue and reviews it; after the next sync the practitioner's laptop shows the comment
under her note, offline. The supervisor of another team never sees the note or the review, and
the server refuses reviews from anyone who does not supervise the note's team.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from odesk import vault
from odesk.server import admin
from odesk.server.engines import forget_engine
from odesk.store import Store
from odesk.sync import RetryPolicy, enroll, sync_once
from odesk.ui.supervisor import ReviewCommentsWidget, ReviewQueuePage
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE
from tests.servers import run_server
from tests.ui.supervisor.loaded import loaded

COMMENT = "Thoughtful reflections; let us take the family's question to supervision."
RETRY = RetryPolicy(attempts=8, base_delay=0.005, max_delay=0.1, max_retry_after=0.2)


@contextlib.contextmanager
def server_db(folder: Path) -> Iterator[str]:
    # SQLite only: the server's own suite runs its access rules on PostgreSQL too.
    (folder / "server").mkdir(parents=True)
    url = f"sqlite:///{folder / 'server' / 'server.db'}"
    yield url
    forget_engine(url)


@dataclass
class Laptop:
    store: Store

    def sync(self):  # type: ignore[no-untyped-def]
        return sync_once(self.store, retry=RETRY)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict]:
    with server_db(tmp_path) as db, run_server(db, rate_limit=None) as url:
        north = admin.add_team(db, "Fictional North POD")
        south = admin.add_team(db, "Fictional South POD")
        users = {
            "ana": admin.add_user(db, "Ana Fictional", ["practitioner"], [north]),
            "sue": admin.add_user(db, "Sue Fictional", ["supervisor"], [], [north]),
            "tom": admin.add_user(db, "Tom Fictional", ["supervisor"], [], [south]),
        }
        laptops: dict[str, Laptop] = {}
        try:
            for name, user_id in users.items():
                store = Store.create(
                    tmp_path / name, "passphrase", kdf_params=vault.TEST_PARAMS, allow_weak_kdf=True
                )
                laptops[name] = Laptop(store)
                enroll(store, url, admin.make_code(db, user_id), device_name=name, retry=RETRY)
            yield {"north": north, "south": south, "users": users, **laptops}
        finally:
            for laptop in laptops.values():
                with contextlib.suppress(Exception):
                    laptop.store.close()


def write_signed_note(store: Store, team_id: str) -> dict:
    network = store.save(
        {
            "kind": "network",
            "team_id": team_id,
            "person": {"name": "Robin Fictional"},
            "referral": {"received_at": "2026-11-20T09:00:00+00:00", "urgency": "urgent"},
            "status": "open",
        }
    )
    meeting = store.save(
        {
            "kind": "meeting",
            "network_id": network["id"],
            "status": "held",
            "start": "2026-11-20T15:00:00+00:00",
            "location": "home",
        }
    )
    draft = store.save(
        {
            "kind": "note",
            "network_id": network["id"],
            "meeting_id": meeting["id"],
            "author_id": store.user_id,
            "state": "draft",
            "summary": "The family met at home; everyone spoke.",
            "reflections": "We wondered aloud about the sleepless nights.",
        }
    )
    return store.save(
        {**draft, "state": "signed", "signed_at": "2026-11-20T17:00:00+00:00", "rev": draft["rev"]}
    )


def test_review_reaches_the_author_and_no_other_team(qtbot, world):
    ana, sue, tom = world["ana"], world["sue"], world["tom"]
    note = write_signed_note(ana.store, world["north"])
    assert ana.sync().rejected == 0

    sue.sync()
    ctx = SupervisorContext.from_store(sue.store, scales={})
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    queued = [
        page.model.data(page.model.index(r, 0), NOTE_ID_ROLE) for r in range(page.model.rowCount())
    ]
    assert queued == [note["id"]]
    assert page.model.data(page.model.index(0, 2)) == "Ana Fictional"
    dialog = page.open_index(page.model.index(0, 0))
    assert "everyone spoke" in dialog.note_view.toPlainText()
    dialog.status_buttons["for_supervision"].setChecked(True)
    dialog.comment.setPlainText(COMMENT)
    review = dialog.save()
    assert review is not None
    assert page.model.rowCount() == 0
    report = sue.sync()
    assert (report.pushed, report.rejected) == (1, 0)

    # The author's laptop, after its next sync, shows the comment under her note, offline.
    ana.sync()
    widget = ReviewCommentsWidget(ana.store, note["id"])
    qtbot.addWidget(widget)
    assert widget.text().startswith("Sue Fictional · For supervision · ")
    assert widget.text().endswith(COMMENT)

    # Another team's supervisor sees neither the note nor the review, even by search.
    tom.sync()
    assert tom.store.get(note["id"]) is None
    assert tom.store.get(review["id"]) is None
    assert tom.store.records("review") == [] and tom.store.records("note") == []
    assert tom.store.search("supervision") == []


def test_server_refuses_reviews_from_outside_the_team(world):
    ana, tom = world["ana"], world["tom"]
    note = write_signed_note(ana.store, world["north"])
    ana.sync()
    for laptop in (tom, ana):  # another team's supervisor; the author, who is no supervisor
        laptop.store.save(
            {
                "kind": "review",
                "note_id": note["id"],
                "network_id": note["network_id"],
                "reviewer_id": laptop.store.user_id,
                "status": "seen",
                "comment": "should never be stored",
            }
        )
        report = laptop.sync()
        assert report.rejected == 1
        (rejected,) = laptop.store.rejected()
        assert "supervisor" in rejected["reason"]
    world["sue"].sync()
    assert world["sue"].store.records("review") == []
