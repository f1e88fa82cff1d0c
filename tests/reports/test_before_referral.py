"""A first meeting dated before the referral is counted as "recorded before the referral", never
within target, the same way in the team figures, the research export and the clock
(odesk.core.first_meeting)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from odesk.core.first_meeting import first_meeting_timing
from odesk.reports.dataset import Dataset
from odesk.reports.period import Period
from odesk.reports.timings import first_meetings

RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_one_function() -> None:
    before = first_meeting_timing(RECEIVED, [RECEIVED - timedelta(hours=1)], 24)
    assert before.outcome == "before_referral" and before.met is False and before.hours is None
    after = first_meeting_timing(RECEIVED, [RECEIVED + timedelta(hours=30)], 24)
    assert after.outcome == "missed" and after.hours == 30
    assert first_meeting_timing(RECEIVED, [], 24).outcome is None


def _records() -> list[dict]:
    def net(i: str) -> dict:
        return {
            "id": i,
            "kind": "network",
            "team_id": "t",
            "status": "open",
            "referral": {"received_at": RECEIVED.isoformat(), "urgency": "routine"},
        }

    def meeting(i: str, network_id: str, at: datetime) -> dict:
        return {
            "id": i,
            "kind": "meeting",
            "network_id": network_id,
            "status": "held",
            "start": at.isoformat(),
        }

    return [
        net("early"),
        meeting("m-early", "early", RECEIVED - timedelta(hours=3)),
        meeting("m-early-2", "early", RECEIVED + timedelta(hours=2)),
        net("quick"),
        meeting("m-quick", "quick", RECEIVED + timedelta(hours=5)),
    ]


def test_team_figures_count_it_apart_and_never_within_target() -> None:
    data = Dataset.of(_records())
    summary = first_meetings(data, Period(date(2026, 3, 1), date(2026, 3, 31)), RECEIVED)
    by_id = {item.network_id: item for item in summary.items}
    assert by_id["early"].outcome == "before_referral"
    assert by_id["early"].met is False and by_id["early"].hours is None
    assert by_id["quick"].outcome == "met"
    assert summary.before_referral == 1 and summary.met == 1
    assert summary.with_first_meeting == 1 and summary.share_met == 1.0
