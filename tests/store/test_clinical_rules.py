"""The store refuses clinically impossible data at once, offline, with the same one-line reason
as the server (odesk.core.clinical_rules); nothing is kept of the refused save."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from odesk.core.ids import new_id
from odesk.core.records import ValidationError
from odesk.store import Store

from .conftest import meeting, network, note

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="seconds")


def test_network_rules(store: Store) -> None:
    with pytest.raises(ValidationError, match="referral cannot be received in the future"):
        store.save(network(referral={"received_at": SOON, "urgency": "routine"}))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match="date of birth cannot be in the future"):
        store.save(network(person={"name": "Robin Fictional", "date_of_birth": tomorrow}))
    with pytest.raises(ValidationError, match="more than 120 years ago"):
        store.save(network(person={"name": "Robin Fictional", "date_of_birth": "1899-12-31"}))
    net = store.save(network())
    with pytest.raises(ValidationError, match="closed_reason: closing a network needs a reason"):
        store.save({**net, "status": "closed"})
    closed = store.save({**net, "status": "closed", "closed_reason": "Moved away."})
    assert store.get(net["id"]) == closed
    assert len(store.records("network")) == 1


def test_meeting_rules(store: Store) -> None:
    net = store.save(network())
    with pytest.raises(ValidationError, match="end: a meeting cannot end before it starts"):
        store.save(meeting(net["id"], end="2026-11-02T09:59:00+00:00"))
    with pytest.raises(ValidationError, match="start: a meeting marked held cannot start"):
        store.save(meeting(net["id"], start=SOON, end=None))
    planned = store.save(meeting(net["id"], status="planned", start=SOON, end=None))
    assert store.records("meeting") == [planned]


def test_signing_rules(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    draft = store.save(note(net["id"], meet["id"], store.user_id, summary=" "))
    signed = {**draft, "state": "signed", "signed_at": "2026-11-02T12:00:00+00:00"}
    with pytest.raises(ValidationError, match="nothing written cannot be signed"):
        store.save(signed)
    late = {**signed, "summary": "The network met.", "late_entry": True}
    with pytest.raises(ValidationError, match="late_reason: a late entry needs the reason"):
        store.save(late)
    assert store.get(draft["id"])["state"] == "draft"
    done = store.save({**late, "late_reason": "The laptop was away for repair."})
    assert done["state"] == "signed"


def test_a_note_of_another_networks_meeting_is_refused(store: Store) -> None:
    mine, other = store.save(network()), store.save(network("Other Fictional"))
    theirs = store.save(meeting(other["id"]))
    with pytest.raises(ValidationError, match="meeting_id: the meeting belongs to another"):
        store.save(note(mine["id"], theirs["id"], store.user_id))
    with pytest.raises(ValidationError, match="meeting_id: meeting .* is not known"):
        store.save(note(mine["id"], new_id(), store.user_id))  # a meeting nobody made
    assert store.records("note") == []
    own = store.save(meeting(mine["id"]))
    assert store.save(note(mine["id"], own["id"], store.user_id))["meeting_id"] == own["id"]


def test_check_lists_held_records_that_break_a_rule_and_keeps_them(store: Store) -> None:
    from .test_sync_support import remote

    old = remote(None, **network("Old Fictional", status="closed"))  # closed before the rule
    meet = remote(None, **meeting(old["id"], end="2026-11-02T09:00:00+00:00"))
    store.apply_remote([{"server_seq": 1, "record": old}, {"server_seq": 2, "record": meet}], "c2")
    report = store.check()
    assert report.ok and report.needs_attention
    text = "\n".join(report.lines())
    assert f"record {old['id']} (network): closed_reason: closing a network needs a reason" in text
    assert f"record {meet['id']} (meeting): end: a meeting cannot end before it starts" in text
    assert "ATTENTION NEEDED" in text
    assert store.get(old["id"]) == old and store.get(meet["id"]) == meet


def test_a_rating_names_a_scale_the_server_serves(store: Store) -> None:
    scale = {
        "id": "trust-local-3",
        "name": "Local",
        "items": [{"id": "a", "label": "A"}],
        "score": {"min": 0, "max": 3},
    }
    store.meta_set("scales", [scale, "not a scale"])
    net = store.save(network())
    meet = store.save(meeting(net["id"]))

    def rating(**extra: object) -> dict:
        return {
            "kind": "rating",
            "meeting_id": meet["id"],
            "network_id": net["id"],
            "instrument": "trust-local-3",
            "rater_id": store.user_id,
            "rater_role": "self",
            "scores": {"a": 2},
            **extra,
        }

    with pytest.raises(ValidationError, match="instrument: other is not a rating scale"):
        store.save(rating(instrument="other"))
    with pytest.raises(ValidationError, match="scores.b: is not an item of scale trust-local-3"):
        store.save(rating(scores={"b": 1}))
    with pytest.raises(ValidationError, match="scores.a: is above the scale's maximum 3"):
        store.save(rating(scores={"a": 4}))
    assert store.save(rating())["scores"] == {"a": 2}
