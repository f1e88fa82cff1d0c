"""Clinically impossible data is refused by the server on SQLite and PostgreSQL (issue 15 item
6), pushed over HTTP by an enrolled device: `rejected` with a one-line reason, nothing stored,
and a colleague's device still pulls everything else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.server.helpers import Device, World

_SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="seconds")
_TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def _future_referral(ana: Device, net: dict, meeting: dict) -> dict:
    fresh = ana.network(net["team_id"])
    return {**fresh, "referral": {"received_at": _SOON, "urgency": "routine"}}


def _born_tomorrow(ana: Device, net: dict, meeting: dict) -> dict:
    return ana.edit(net, person={"name": "Robin Fictional", "date_of_birth": _TOMORROW})


def _born_long_ago(ana: Device, net: dict, meeting: dict) -> dict:
    return ana.edit(net, person={"name": "Robin Fictional", "date_of_birth": "1890-01-01"})


def _closed_without_reason(ana: Device, net: dict, meeting: dict) -> dict:
    return ana.edit(net, status="closed", closed_at="2026-11-20T10:00:00+00:00")


def _ends_before_it_starts(ana: Device, net: dict, meeting: dict) -> dict:
    return ana.edit(meeting, start="2026-11-02T10:00:00+00:00", end="2026-11-02T09:00:00+00:00")


def _held_in_the_future(ana: Device, net: dict, meeting: dict) -> dict:
    return {**ana.meeting(net), "start": _SOON}


def _signed_empty(ana: Device, net: dict, meeting: dict) -> dict:
    return {**ana.note(meeting, state="signed"), "summary": "  "}


def _late_without_reason(ana: Device, net: dict, meeting: dict) -> dict:
    return {**ana.note(meeting, state="signed"), "late_entry": True}


CASES: dict[str, tuple[Callable[[Device, dict, dict], dict], str]] = {
    "referral in the future": (_future_referral, "referral.received_at: a referral cannot"),
    "date of birth in the future": (_born_tomorrow, "person.date_of_birth: a date of birth"),
    "date of birth over 120 years ago": (_born_long_ago, "more than 120 years ago"),
    "closed without a reason": (_closed_without_reason, "closing a network needs a reason"),
    "meeting ends before it starts": (_ends_before_it_starts, "cannot end before it starts"),
    "held meeting in the future": (_held_in_the_future, "marked held cannot start in the future"),
    "signed with nothing written": (_signed_empty, "nothing written cannot be signed"),
    "late entry signed without a reason": (_late_without_reason, "late entry needs the reason"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_impossible_data_is_rejected_with_a_reason(world: World, case: str) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    ana.push_ok(net, meeting)
    make, reason = CASES[case]
    bad = make(ana, net, meeting)
    [result] = ana.push(bad)
    assert result["status"] == "rejected", result
    assert reason in result["reason"] and "\n" not in result["reason"]
    assert [c["record"] for c in ben.pull_all()] == [net, meeting]


def test_possible_data_of_the_same_kinds_is_applied(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    net["person"] = {"name": "Robin Fictional", "date_of_birth": "1950-02-28"}
    meeting = {**ana.meeting(net), "end": "2026-11-02T11:00:00+00:00"}
    planned = {**ana.meeting(net), "status": "planned", "planned_start": _SOON, "start": None}
    late = {**ana.note(meeting, state="signed"), "late_entry": True, "late_reason": "sick leave"}
    voices_only = {
        **ana.note(meeting, state="signed"),
        "summary": None,
        "voices": [{"attendee": "Jo", "text": "Jo spoke first."}],
    }
    ana.push_ok(net, meeting, planned, late, voices_only)
    closed = ana.edit(net, status="closed", closed_reason="The network agreed to stop.")
    ana.push_ok(closed)
    # Editing a network closed earlier is not closing it again.
    ana.push_ok(ana.edit(closed, sharing_note="GP may be told."))


def test_a_merge_with_a_closed_branch_is_not_a_new_closing(world: World) -> None:
    """The closing rule asks every parent of a merge, in one push or two: a merge whose other
    parent is the closed branch does not close the network again (no reason needed), while a
    merge of two open branches that closes it does need one."""
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    renamed = ana.edit(net, person={"name": "Robin Renamed"})
    closed = ana.edit(net, status="closed", closed_reason="The network agreed to stop.")
    merged = {**ana.edit(renamed, closed, status="closed"), "closed_reason": None}
    ana.push_ok(net, renamed, closed, merged)
    other = ana.edit(renamed, sharing_note="GP may be told.")
    ana.push_ok(other)
    open_merge = {**ana.edit(other, renamed, status="closed"), "closed_reason": None}
    (result,) = ana.push(open_merge)
    assert result["status"] == "rejected"
    assert "closing a network needs a reason" in result["reason"]
