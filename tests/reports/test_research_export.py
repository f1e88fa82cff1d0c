"""The pseudonymised research export: what it holds, and what it must never hold."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime

import pytest

from odesk.reports import research_export
from odesk.reports.research_export import DICTIONARY, birth_year_band
from tests.reports.known_data import CANARIES, TEAMS, build, rid

AS_OF = datetime.fromisoformat("2026-05-01T10:00:00+01:00")
FILES = {
    "meetings.csv",
    "attendance.csv",
    "timings.csv",
    "ratings.csv",
    "records.json",
    "data_dictionary.csv",
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("research")
    result = research_export(build(), out, as_of=AS_OF)
    return out, result


def test_writes_every_file_and_nothing_else(export):
    out, result = export
    assert {p.name for p in out.iterdir()} == FILES
    assert {p.name for p in result.files} == FILES


def test_no_canary_id_or_exact_date_leaves(export):
    out, _ = export
    records = build()
    forbidden = list(CANARIES)
    forbidden += [r["id"] for r in records]
    forbidden += ["u-ana", "u-ben", "u-cal", "u-dee", "u-eve", "u-fay", "u-sue", "u-zed"]
    forbidden += ["team-north", "team-south", "pod-a", "dev-test"]
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        for canary in forbidden:
            assert canary.lower() not in text.lower(), f"{canary!r} leaked into {path.name}"
        # Dates leave as months only: no YYYY-MM-DD anywhere in the data files.
        if path.name != "data_dictionary.csv":
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text), path.name


def test_columns_match_the_dictionary(export):
    out, _ = export
    dictionary = read_csv(out / "data_dictionary.csv")
    described = {(row["file"], row["column"]) for row in dictionary}
    assert all(row["meaning"] and row["type"] for row in dictionary)
    for name in FILES - {"records.json", "data_dictionary.csv"}:
        with open(out / name, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [c for c, _, _ in DICTIONARY[name]]
        assert all((name, column) in described for column in header)
    assert any("month" in row["meaning"] for row in dictionary if row["column"] == "month")


def test_figures_survive_pseudonymisation(export):
    out, result = export
    timings = read_csv(out / "timings.csv")
    assert len(timings) == 9  # every live network (N10 is deleted), all periods
    outcomes = sorted(row["outcome"] for row in timings)
    # met: N1, N3, N8; missed: N2, N9 (7 weeks); waiting: N5, N7; overdue: N4; closed: N6
    assert outcomes == sorted(
        ["met"] * 3 + ["missed"] * 2 + ["waiting"] * 2 + ["overdue", "closed_without_meeting"]
    )
    n1 = next(row for row in timings if row["birth_year_band"])
    assert n1["birth_year_band"] == "1985-1989"
    assert n1["hours_to_first_meeting"] == "10.0"
    assert n1["met_target"] == "true"
    assert n1["referral_month"] == "2026-03"
    assert n1["trial_arm"] == "open_dialogue"

    meetings = read_csv(out / "meetings.csv")
    assert len(meetings) == result.rows["meetings.csv"] == 11
    m1a = next(row for row in meetings if row["duration_minutes"] == "90")
    assert m1a["network_attendees"] == "1"
    assert m1a["professional_network_attendees"] == "1"
    assert m1a["practitioners"] == "2"
    assert m1a["peer_workers"] == "1"
    assert m1a["key_practitioner_present"] == "true"
    assert m1a["has_reflections"] == "true"
    assert m1a["safety_discussed"] == "true"
    assert m1a["ratings"] == "2"
    assert m1a["meeting_number"] == "1"
    # The same meeting has the same pseudonym in every file; networks link too.
    attendance = [
        r for r in read_csv(out / "attendance.csv") if r["meeting_pid"] == m1a["meeting_pid"]
    ]
    assert len(attendance) == 6
    assert {r["network_pid"] for r in attendance} == {m1a["network_pid"]}
    ratings = read_csv(out / "ratings.csv")
    assert {r["network_pid"] for r in ratings if r["meeting_pid"] == m1a["meeting_pid"]} == {
        m1a["network_pid"]
    }
    assert m1a["network_pid"] == n1["network_pid"]

    document = json.loads((out / "records.json").read_text(encoding="utf-8"))
    assert document["format"] == "odesk-research"
    assert document["date_precision"] == "month"
    assert len(document["tables"]["meetings"]) == 11


def test_two_exports_cannot_be_linked(tmp_path):
    a = research_export(build(), tmp_path / "a", as_of=AS_OF)
    b = research_export(build(), tmp_path / "b", as_of=AS_OF)
    pids_a = {r["network_pid"] for r in read_csv(a.directory / "timings.csv")}
    pids_b = {r["network_pid"] for r in read_csv(b.directory / "timings.csv")}
    assert pids_a.isdisjoint(pids_b)


def test_team_and_period_filters(tmp_path):
    result = research_export(
        build(),
        tmp_path,
        team_id="team-north",
        teams=TEAMS,
        start=date(2026, 3, 1),
        end=date(2026, 4, 30),
        as_of=AS_OF,
    )
    assert result.rows["timings.csv"] == 6
    assert result.rows["meetings.csv"] == 8  # 5 held, 2 cancelled, 1 did not attend
    assert {r["month"] for r in read_csv(tmp_path / "ratings.csv")} == {"2026-03", "2026-04"}


def test_bad_target_is_refused_and_writes_nothing(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(ValueError, match="is not a folder"):
        research_export(build(), target)
    with pytest.raises(ValueError, match="both the start and the end"):
        research_export(build(), tmp_path / "new", start=date(2026, 3, 1))
    assert not (tmp_path / "new").exists()


def test_birth_year_band():
    assert birth_year_band("1990-02-03") == "1990-1994"
    assert birth_year_band(None) == ""
    assert birth_year_band("garbage") == ""
    assert rid("N1")  # ids are stable between builds


def test_unknown_instruments_and_score_keys_leave_only_as_pseudonyms(tmp_path):
    # A score key or instrument nobody declared may carry anything, even a person's name: only
    # the published vocabulary of the scales leaves verbatim.
    records = build()
    rating = next(r for r in records if r["kind"] == "rating" and r["scores"].get("a") == 3)
    crafted = {
        **rating,
        "id": rid("R-crafted"),
        "scores": {"1": 2, "Robin Canary-Surname said no": 1},
    }
    odd_scale = {**rating, "id": rid("R-odd"), "instrument": "CANARY-INSTRUMENT"}
    out = research_export([*records, crafted, odd_scale], tmp_path / "x", as_of=AS_OF)
    text = "".join(p.read_text(encoding="utf-8") for p in out.directory.iterdir())
    assert "Robin Canary-Surname" not in text and "CANARY-INSTRUMENT" not in text
    rows = read_csv(out.directory / "ratings.csv")
    instruments = {r["instrument"] for r in rows}
    assert "dialogic-practice-12" in instruments  # a shipped scale stays readable
    assert "principles-7" not in instruments  # not a scale this export knows
    real = [r for r in rows if r["instrument"] == "dialogic-practice-12"]
    assert "1" in {r["item_id"] for r in real}  # a real item of the scale stays readable
    assert "a" not in {r["item_id"] for r in real}  # "a" is no item of it
    dictionary = read_csv(out.directory / "data_dictionary.csv")
    meaning = next(d["meaning"] for d in dictionary if d["column"] == "item_id")
    assert "pseudonym" in meaning
