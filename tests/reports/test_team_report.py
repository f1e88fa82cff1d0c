"""Team figures on the hand-built data set, whose answers were worked out by hand."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from odesk.reports import team_report
from odesk.reports.period import Period
from tests.reports.known_data import TEAMS, build, rid

AS_OF = datetime.fromisoformat("2026-05-01T10:00:00+01:00")


@pytest.fixture(scope="module")
def report():
    return team_report(
        build(), "team-north", date(2026, 3, 1), date(2026, 4, 30), teams=TEAMS, as_of=AS_OF
    )


def test_referral_to_first_meeting(report):
    t = report.timings
    outcomes = {i.network_id: i.outcome for i in t.items}
    assert outcomes == {
        rid("N1"): "met",
        rid("N2"): "missed",  # very urgent: 6 h against 4 h, after a did-not-attend
        rid("N3"): "met",  # referral 23:59 on the last day, met 9 h 01 min later in May
        rid("N4"): "overdue",
        rid("N5"): "waiting",
        rid("N6"): "closed_without_meeting",
    }
    assert rid("N7") not in outcomes  # 23:30 UTC on 30 April is 1 May in London
    assert (t.referrals, t.with_first_meeting, t.met, t.missed) == (6, 3, 2, 1)
    assert (t.waiting, t.overdue, t.closed_without_meeting) == (1, 1, 1)
    assert t.share_met == pytest.approx(2 / 3)
    hours = {i.network_id: i.hours for i in t.items}
    assert hours[rid("N1")] == pytest.approx(10.0)
    assert hours[rid("N2")] == pytest.approx(6.0)
    assert hours[rid("N3")] == pytest.approx(9 + 1 / 60)
    assert t.median_hours == pytest.approx(9 + 1 / 60)
    first = {i.network_id: i.first_meeting_id for i in t.items}
    assert first[rid("N2")] == rid("M2b")


def test_podlets_are_part_of_their_service_only_when_the_team_list_is_given():
    without = team_report(build(), "team-north", date(2026, 3, 1), date(2026, 4, 30), as_of=AS_OF)
    assert rid("N2") not in {i.network_id for i in without.timings.items}
    assert without.timings.referrals == 5
    podlet = team_report(build(), "pod-a", date(2026, 3, 1), date(2026, 4, 30), teams=TEAMS)
    assert [i.network_id for i in podlet.timings.items] == [rid("N2")]


def test_meetings_per_network_per_month_intervals_and_venues(report):
    m = report.meetings
    assert (m.held, m.cancelled, m.did_not_attend, m.networks_met) == (5, 2, 1, 3)
    months = {f.month: (f.meetings, f.networks_met) for f in m.by_month}
    assert months == {"2026-03": (4, 3), "2026-04": (1, 1)}
    assert m.by_month[0].per_network == pytest.approx(4 / 3)
    assert m.per_network == {rid("N1"): 3, rid("N2"): 1, rid("N9"): 1}
    assert m.per_network_month[rid("N1")] == {"2026-03": 2, "2026-04": 1}
    # Mar 2 20:00 -> Mar 9 10:00; Mar 9 10:00Z -> Apr 6 09:00Z; N9: Feb 25 -> Mar 4 (previous
    # meeting before the period still gives this period's wait).
    assert sorted(m.interval_days) == pytest.approx(sorted([6 + 14 / 24, 27 + 23 / 24, 7.0]))
    assert m.median_interval_days == pytest.approx(7.0)
    assert m.venues == {"home": 3, "clinic": 1, "video": 1}
    assert m.venue_shares["home"] == pytest.approx(0.6)
    assert m.with_reflection == 1  # only M1a's signed note records reflections
    assert m.share_with_reflection == pytest.approx(0.2)


def test_continuity(report):
    c = report.continuity
    assert (c.with_key_practitioner, c.meetings, c.without_key_named) == (3, 4, 1)
    assert c.share_with_key_practitioner == pytest.approx(0.75)
    assert c.by_month == {"2026-03": (2, 3), "2026-04": (1, 1)}
    assert c.staff_per_network == {rid("N1"): 4, rid("N2"): 2, rid("N9"): 2}
    assert c.mean_staff_per_network == pytest.approx(8 / 3)


def test_attendance(report):
    a = report.attendance
    assert a.meetings == 5
    # mother (M1a), friend + mother (M1d), a name-only aunt (M9b); the GP is a professional
    # and the mother was absent from M1c.
    assert a.network_attendees == 4
    assert a.network_attendees_per_meeting == pytest.approx(0.8)
    assert a.share_with_network == pytest.approx(0.6)
    assert a.share_with_person == pytest.approx(0.8)
    assert a.share_with_two_practitioners == pytest.approx(0.6)
    assert a.share_with_peer_worker == pytest.approx(0.4)
    assert a.by_category == {"family": 2, "friend": 1, "professional": 1, "unknown": 1}
    assert a.by_month == {"2026-03": (2, 4), "2026-04": (2, 1)}


def test_fidelity_over_time(report):
    f = report.fidelity
    assert (f.ratings, f.empty) == (5, 1)  # R5 belongs to another team
    dialogic = [(p.month, p.ratings, p.mean) for p in f.by_instrument["dialogic-practice-12"]]
    assert dialogic == [("2026-03", 2, pytest.approx(2.75)), ("2026-04", 1, pytest.approx(4.0))]
    assert [(p.month, p.mean) for p in f.by_instrument["principles-7"]] == [("2026-03", 1.0)]
    assert f.per_rating[rid("R1")] == pytest.approx(3.5)  # the null item is left out
    assert f.by_rater_role == {"supervisor": 3, "self": 1, "co_facilitator": 1}


def test_network_counts_ignore_deleted_records(report):
    assert report.networks == 8  # N1-N7 and N9; N10 is deleted, N8 is another team's
    assert report.open_networks == 7


def test_report_as_json_and_lines(report):
    data = json.loads(json.dumps(report.to_dict()))
    assert data["timings"]["share_met"] == pytest.approx(2 / 3)
    assert data["period"] == {"start": "2026-03-01", "end": "2026-04-30"}
    lines = report.summary_lines()
    assert lines[0] == "Period: 01/03/2026 to 30/04/2026"
    assert any("2 of 3 (67%)" in line for line in lines)


def test_empty_team_gives_no_shares_not_errors():
    empty = team_report([], "nobody", date(2026, 3, 1), date(2026, 3, 31))
    assert empty.timings.share_met is None
    assert empty.continuity.share_with_key_practitioner is None
    assert empty.attendance.network_attendees_per_meeting is None
    assert "n/a" in "\n".join(empty.summary_lines())


def test_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 4, 1), date(2026, 3, 1))
