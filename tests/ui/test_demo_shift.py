"""The demo records are moved to end just before today so recent-period views show them."""

from __future__ import annotations

from datetime import date, datetime

from odesk.demo.data import generate, shift_to


def test_shift_to_moves_every_stamp_by_whole_days_but_not_birth_dates() -> None:
    records = generate(3, 1)
    today = date(2026, 11, 25)
    moved = shift_to(records, today)
    ends = [
        datetime.fromisoformat(r["end"]) for r in moved if r["kind"] == "meeting" and r.get("end")
    ]
    assert max(ends).date() == date(2026, 11, 22)
    days = (
        max(ends).date()
        - max(
            datetime.fromisoformat(r["end"])
            for r in records
            if r["kind"] == "meeting" and r.get("end")
        ).date()
    ).days
    for old, new in zip(records, moved, strict=True):
        for key in ("created_at", "updated_at"):
            diff = datetime.fromisoformat(new[key]) - datetime.fromisoformat(old[key])
            assert diff.days == days and diff.seconds == 0
        old_ms, new_ms = int(old["hlc"][:13]), int(new["hlc"][:13])
        assert new_ms - old_ms == days * 86_400_000
        if old["kind"] == "network":
            assert new["person"]["date_of_birth"] == old["person"]["date_of_birth"]
            assert new["referral"]["received_at"] != old["referral"]["received_at"]
        if old["kind"] == "note" and old.get("cosigned_by"):
            assert new["cosigned_by"][0]["at"] != old["cosigned_by"][0]["at"]
    assert records == generate(3, 1), "input left untouched"
    assert shift_to(records, today) == moved, "deterministic"
