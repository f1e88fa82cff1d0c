"""Figures count a meeting as corrected: a meeting correction's new values replace the signed
facts in every report (odesk.reports.dataset, used by the team report and the research export)."""

from __future__ import annotations

from odesk.reports.dataset import Dataset


def test_reports_see_meetings_with_their_corrections_applied() -> None:
    meeting = {
        "id": "m1",
        "kind": "meeting",
        "network_id": "n1",
        "status": "held",
        "start": "2026-01-05T10:00:00+00:00",
        "end": "2026-01-05T11:00:00+00:00",
    }
    correction = {
        "id": "c1",
        "kind": "meeting_correction",
        "meeting_id": "m1",
        "network_id": "n1",
        "created_at": "2026-01-06T09:00:00+00:00",
        "fields": [{"field": "end", "old": meeting["end"], "new": "2026-01-05T11:30:00+00:00"}],
        "reason": "It ran longer.",
    }
    data = Dataset.of([meeting, correction])
    assert data.get("meeting", "m1")["end"] == "2026-01-05T11:30:00+00:00"
    assert Dataset.of([meeting]).get("meeting", "m1")["end"] == "2026-01-05T11:00:00+00:00"
