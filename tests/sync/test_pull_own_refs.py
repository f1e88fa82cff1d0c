"""A laptop's pull after its own push: its own revisions come back as references, not records
(issue 19), yet a laptop restored from an older copy of its store still gets every record.

Over a real server on SQLite and PostgreSQL, with real encrypted stores."""

from __future__ import annotations

import shutil

import httpx

from odesk.sync import sync_once
from tests.sync.conftest import Trust
from tests.sync.devices import fast_retry, member, network, unique_text


def _pull_bodies(device_sync) -> list[bytes]:  # type: ignore[no-untyped-def]
    """The pull answers a sync round received, as bytes."""
    bodies: list[bytes] = []

    def keep(response: httpx.Response) -> None:
        if response.request.url.path == "/v1/sync/pull":
            response.read()
            bodies.append(response.content)

    device_sync(keep)
    return bodies


def test_own_revisions_come_back_as_references_and_others_as_records(trust: Trust) -> None:
    ana, ben = trust.device("ana"), trust.device("ben")
    secret = unique_text("ana's own words")
    shared = ana.store.save(network(trust.team_a))
    ana.store.save(member(shared["id"], "Sam Fictional", secret))
    ana.sync()
    ben_words = unique_text("ben's words")
    ben.sync()
    ben.store.save(member(shared["id"], "Jo Fictional", ben_words))
    ben.sync()

    with ana.store._db.tx() as conn:  # as before the push's answers were recorded
        conn.execute("UPDATE revisions SET server_seq = NULL")
        ana.store._db.meta_put("cursor", "")  # pull everything again, as after a first push

    def run(hook):  # type: ignore[no-untyped-def]
        with httpx.Client(base_url=trust.url, event_hooks={"response": [hook]}) as client:
            sync_once(ana.store, client=client, retry=fast_retry())

    bodies = b"".join(_pull_bodies(run))
    assert secret.encode() not in bodies  # ana's own record did not travel back
    assert ben_words.encode() in bodies  # a colleague's record did
    assert all(ana.store.get(i) is not None for i in ana.store.record_ids())
    held = ana.store.db.execute("SELECT count(*) FROM revisions WHERE server_seq IS NULL")
    assert held.fetchone()[0] == 0  # every revision knows its server_seq


def test_a_laptop_restored_from_an_older_copy_gets_its_own_later_records(trust: Trust) -> None:
    ana = trust.device("ana")
    shared = ana.store.save(network(trust.team_a))
    ana.sync()
    ana.store.close()
    older = ana.dir.with_name("ana-copy")
    shutil.copytree(ana.dir, older)  # last week's copy of the laptop's store
    ana.restart()
    later = unique_text("written after the copy")
    written = ana.store.save(member(shared["id"], "Kit Fictional", later))
    ana.sync()
    ana.store.close()
    shutil.rmtree(ana.dir)
    shutil.copytree(older, ana.dir)  # the laptop is restored from the copy
    ana.restart()
    assert ana.store.get(written["id"]) is None

    ana.sync()

    assert ana.store.get(written["id"])["notes"] == later
    assert ana.store.quarantined() == []
