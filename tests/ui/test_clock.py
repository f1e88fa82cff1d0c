"""The 24-hour clock from referral to first meeting: counting, red when missed, 4 h when very urgent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from odesk.ui.network_page import ReferralClock
from odesk.ui.referral_clock import clock_state

RECEIVED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def network(urgency: str = "urgent") -> dict:
    return {"id": "n", "referral": {"received_at": RECEIVED.isoformat(), "urgency": urgency}}


def held(at: datetime) -> dict:
    return {"status": "held", "start": at.isoformat()}


def test_clock_counts_down_then_turns_red(qtbot: Any) -> None:
    clock = ReferralClock()
    qtbot.addWidget(clock)
    clock.now = lambda: RECEIVED + timedelta(hours=20)
    clock.show_for(network(), [])
    assert not clock.missed
    assert clock.property("missed") is False
    assert "4 h 00 min" in clock.text()
    assert clock.timer.isActive()  # keeps counting every second
    clock.now = lambda: RECEIVED + timedelta(hours=25)
    qtbot.waitUntil(lambda: clock.missed, timeout=3000)  # the timer itself notices
    assert clock.property("missed") is True
    assert "missed" in clock.text()


def test_first_meeting_in_time_stops_the_clock(qtbot: Any) -> None:
    clock = ReferralClock()
    qtbot.addWidget(clock)
    clock.now = lambda: RECEIVED + timedelta(days=3)
    clock.show_for(
        network(),
        [
            held(RECEIVED + timedelta(hours=6)),
            {"status": "planned", "planned_start": RECEIVED.isoformat()},
        ],
    )
    assert clock.state is not None and clock.state.met
    assert not clock.missed and clock.property("met") is True
    assert not clock.timer.isActive()
    assert "within" in clock.text()


def test_very_urgent_has_four_hours() -> None:
    late = clock_state(network("very_urgent"), [held(RECEIVED + timedelta(hours=5))])
    assert late is not None and late.target_hours == 4 and late.missed
    waiting = clock_state(network("very_urgent"), [], RECEIVED + timedelta(hours=3))
    assert waiting is not None and not waiting.missed and waiting.remaining == timedelta(hours=1)


def test_a_first_meeting_recorded_before_the_referral_is_never_within_target(qtbot: Any) -> None:
    clock = ReferralClock()
    qtbot.addWidget(clock)
    clock.now = lambda: RECEIVED + timedelta(days=3)
    clock.show_for(network(), [held(RECEIVED - timedelta(hours=2))])
    assert clock.state is not None and clock.state.before_referral
    assert not clock.state.met and clock.property("met") is False
    assert "recorded before the referral" in clock.text()
    assert not clock.timer.isActive()
