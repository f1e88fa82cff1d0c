"""The pipelined push (odesk.sync.push): the next batch is read while the server applies one, yet
the server receives the outbox in order, one batch at a time; batches are cut by bytes; and a
batch whose answer never came back (an error, a crash while it is on the wire) stays unsent on
the laptop and goes again, answered ``duplicate`` by a server that already applied it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from odesk.sync import SyncError, sync_once
from odesk.sync.transport import Api
from tests.sync.conftest import Trust
from tests.sync.devices import Device, fast_retry, member, network


class Recorder(httpx.HTTPTransport):
    """The laptop's HTTP, watched: each push body and when it left and when its answer came;
    ``lose`` (the number of a push request, 1 = the first with changes) has its answer lost
    after the server applied it."""

    def __init__(self, lose: int | None = None) -> None:
        super().__init__()
        self.lose = lose
        self.bodies: list[bytes] = []
        self.spans: list[tuple[float, float]] = []
        self.threads: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        pushing = request.url.path == "/v1/sync/push" and body != b'{"changes":[]}'
        began = time.monotonic()
        response = super().handle_request(request)
        if not pushing:
            return response
        response.read()
        self.bodies.append(body)
        self.spans.append((began, time.monotonic()))
        self.threads.add(threading.current_thread().name)
        if len(self.bodies) == self.lose:
            raise httpx.ReadError("the answer was lost on the way back")
        return response

    def change_ids(self) -> list[list[str]]:
        return [[c["change_id"] for c in json.loads(b)["changes"]] for b in self.bodies]


def _client(device: Device, transport: httpx.BaseTransport) -> httpx.Client:
    return httpx.Client(base_url=device.store.meta_get("server_url"), transport=transport)


def _sync(
    device: Device, transport: httpx.BaseTransport, attempts: int = 12, **kwargs: int
) -> object:
    with _client(device, transport) as client:
        return sync_once(device.store, client=client, retry=fast_retry(attempts), **kwargs)


def _outbox_order(device: Device) -> list[str]:
    return [c["change_id"] for c in device.store.outbox_pending(10_000, for_sending=False)]


def test_one_batch_on_the_wire_at_a_time_in_outbox_order_even_for_one_records_revisions(
    trust: Trust,
) -> None:
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    first = ana.store.save(member(net["id"], "Robin Fictional", "first words"))
    ana.store.outbox_pending(10)  # handed to a sync: the next edit is a new revision
    for i in range(6):
        ana.store.save(member(net["id"], f"Fictional Member {i}", "x" * 300))
    second = ana.store.save({**first, "notes": "second words, built on the first"})
    assert second["parent_revs"] == [first["rev"]]
    order = _outbox_order(ana)
    recorder = Recorder()

    report = _sync(ana, recorder, batch=2)

    assert report.pushed == 9 and report.rejected == 0  # type: ignore[attr-defined]
    sent = recorder.change_ids()
    assert [i for batch in sent for i in batch] == order  # the outbox's order, nothing twice
    assert len(sent) == 5 and all(len(batch) <= 2 for batch in sent)
    assert order.index(first["rev"]) < order.index(second["rev"])
    for (_, answered), (left, _) in zip(recorder.spans, recorder.spans[1:], strict=False):
        assert left >= answered  # a batch leaves only once the one before is answered
    assert recorder.threads and threading.current_thread().name not in recorder.threads
    reader = trust.device("ana", "ana-second-laptop")
    reader.sync()
    assert reader.store.get(first["id"])["notes"] == "second words, built on the first"
    assert ana.store.pending_count() == 0


def test_batches_are_cut_by_bytes_and_a_record_bigger_than_the_budget_goes_alone(
    trust: Trust,
) -> None:
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    small = [ana.store.save(member(net["id"], f"Fictional {i}", "y" * 500)) for i in range(12)]
    big = ana.store.save(member(net["id"], "Fictional Big", "z" * 20_000))
    after = [ana.store.save(member(net["id"], f"Fictional late {i}", "w" * 500)) for i in range(4)]
    recorder = Recorder()
    budget = 4 * 1024

    report = _sync(ana, recorder, batch_bytes=budget)

    assert report.pushed == 18 and report.rejected == 0  # type: ignore[attr-defined]
    sizes = [len(b) for b in recorder.bodies]
    alone = [i for i, ids in enumerate(recorder.change_ids()) if big["rev"] in ids]
    assert len(alone) == 1 and recorder.change_ids()[alone[0]] == [big["rev"]]
    assert sizes[alone[0]] > budget
    assert all(size <= budget for i, size in enumerate(sizes) if i != alone[0])
    assert len(recorder.bodies) >= 5  # 17 records of ~0.9 KiB do not fit in few 4 KiB bodies
    assert {r["rev"] for r in small + after} <= {i for ids in recorder.change_ids() for i in ids}


def _n_members(device: Device, network_id: str, n: int) -> list[dict]:
    with device.store.transaction():
        return [
            device.store.save(member(network_id, f"Fictional {i}", "v" * 400)) for i in range(n)
        ]


def _answered(device: Device) -> set[str]:
    counts = device.store.outbox_counts()
    waiting = {c["change_id"] for c in device.store.outbox_pending(10_000, for_sending=False)}
    assert counts["pending"] + counts["inflight"] == len(waiting)
    return waiting


@pytest.mark.parametrize("where", ["answer lost", "laptop fails while recording"])
def test_a_batch_in_flight_when_the_round_stops_stays_unsent_and_goes_again(
    trust: Trust, where: str
) -> None:
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    _n_members(ana, net["id"], 11)
    order = _outbox_order(ana)  # 12 changes, batches of 3
    if where == "answer lost":
        # The server applies batch 2, its answer never arrives; no retry this round.
        recorder = Recorder(lose=2)
        with pytest.raises(SyncError):
            _sync(ana, recorder, attempts=1, batch=3)
    else:
        # Batch 1 answered and recorded; while batch 2 is on the wire the laptop fails.
        recorder = Recorder()
        steps: list[int] = []

        def failing(phase: str, done: int, total: int | None) -> None:
            if phase == "push" and done:
                steps.append(done)
                raise RuntimeError("the laptop failed while batch 2 was on the wire")

        with pytest.raises(RuntimeError), _client(ana, recorder) as client:
            sync_once(ana.store, client=client, retry=fast_retry(), progress=failing, batch=3)
        assert steps == [3]
    sent = recorder.change_ids()
    assert sent[0] == order[:3] and sent[1] == order[3:6]  # batch 2 reached the server
    assert _answered(ana) == set(order[3:])  # only batch 1 is marked sent

    again = Recorder()
    report = _sync(ana, again, batch=3)

    assert [i for ids in again.change_ids() for i in ids] == order[3:]
    assert report.duplicates == 3 and report.pushed == 6  # type: ignore[attr-defined]
    assert ana.store.pending_count() == 0 and ana.store.rejected() == []
    reader = trust.device("ana", "ana-reader")
    reader.sync()
    assert len(reader.store.records("member")) == 11


def test_a_new_epoch_seen_mid_push_sends_nothing_more_to_it_before_queueing_again(
    trust: Trust, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer to batch 1 comes from a server in a new epoch (restored from a backup): batch
    2, already read, does not leave; every own revision is queued again and sent in order."""
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    _n_members(ana, net["id"], 5)
    order = _outbox_order(ana)
    recorder = Recorder()
    answers = [0]
    real: Callable[..., dict] = Api.call

    def new_epoch_from_the_first_answer(
        self: object, method: str, path: str, **kwargs: object
    ) -> dict:
        answer = real(self, method, path, **kwargs)
        if path == "/v1/sync/push" and kwargs.get("content") not in (None, b'{"changes":[]}'):
            answers[0] += 1
        if answers[0] and "epoch" in answer:
            return {**answer, "epoch": "a-restored-server"}
        return answer

    monkeypatch.setattr("odesk.sync.transport.Api.call", new_epoch_from_the_first_answer)
    report = _sync(ana, recorder, batch=3)

    sent = recorder.change_ids()
    assert sent[0] == order[:3]
    assert [i for ids in sent[1:] for i in ids] == order  # all again, from the start, in order
    assert report.requeued and report.duplicates == 3  # type: ignore[attr-defined]
    assert ana.store.pending_count() == 0


def test_an_edit_saved_while_the_push_runs_goes_in_the_same_round(trust: Trust) -> None:
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    _n_members(ana, net["id"], 5)
    late: list[dict] = []

    def autosave_meanwhile(phase: str, done: int, total: int | None) -> None:
        if phase == "push" and done and not late:
            late.append(ana.store.save(member(net["id"], "Fictional Late", "saved mid-push")))

    recorder = Recorder()
    with _client(ana, recorder) as client:
        report = sync_once(
            ana.store, client=client, retry=fast_retry(), progress=autosave_meanwhile, batch=2
        )

    assert late and late[0]["rev"] in recorder.change_ids()[-1]
    assert report.pushed == 7 and ana.store.pending_count() == 0
