"""The fictional demo data and the default rating scales that ship in resources/."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from odesk.core.records import nhs_number_valid, validate
from odesk.demo import data as demo_data
from odesk.reports import load_scales

from .conftest import DEMO_FILE, REPO


def test_committed_demo_file_is_the_generator_output_for_seed_1() -> None:
    assert DEMO_FILE.read_text(encoding="utf-8") == demo_data.dumps(demo_data.generate(20, 1))


def test_demo_records_validate_and_hold_a_whole_service() -> None:
    records = json.loads(DEMO_FILE.read_text())["records"]
    for record in records:
        validate(record)
    kinds = Counter(r["kind"] for r in records)
    assert kinds["network"] == 20
    for kind in ("member", "meeting", "note", "addendum", "rating", "review", "supervision"):
        assert kinds[kind] > 0, kind
    assert len({r["id"] for r in records}) == len(records)
    networks = [r for r in records if r["kind"] == "network"]
    assert {n["team_id"] for n in networks} == set(demo_data.PODLET_IDS)
    for n in networks:
        assert n["person"]["name"].endswith("(fictional)")
        assert n["person"]["nhs_number"].startswith("999")  # never issued to anyone
        assert nhs_number_valid(n["person"]["nhs_number"])
    notes = [r for r in records if r["kind"] == "note"]
    assert all(
        n["state"] == "signed" and n["author_id"] == demo_data.PRACTITIONER_ID for n in notes
    )
    reviews = [r for r in records if r["kind"] == "review"]
    assert all(r["reviewer_id"] == demo_data.SUPERVISOR_ID for r in reviews)
    teams = {t["id"]: t for t in demo_data.TEAMS}
    assert [t["kind"] for t in demo_data.TEAMS] == ["service", "podlet", "podlet"]
    assert all(teams[p]["parent_id"] == demo_data.SERVICE_TEAM_ID for p in demo_data.PODLET_IDS)
    readme = (REPO / "resources" / "demo" / "README.md").read_text()
    for fixed in (*teams, demo_data.PRACTITIONER_ID, demo_data.SUPERVISOR_ID):
        assert fixed in readme


def test_generator_is_deterministic_and_scales() -> None:
    assert demo_data.generate(5, 3) == demo_data.generate(5, 3)
    assert demo_data.generate(5, 3) != demo_data.generate(5, 4)
    big = demo_data.generate(300, 2)
    assert Counter(r["kind"] for r in big)["network"] == 300
    assert len({r["id"] for r in big}) == len(big)


def test_default_scales() -> None:
    scales = load_scales(REPO / "resources" / "scales")
    dialogic = scales["dialogic-practice-12"]
    principles = scales["open-dialogue-principles-7"]
    assert [i.id for i in dialogic.items] == [str(n) for n in range(1, 13)]
    assert [i.id for i in principles.items] == [str(n) for n in range(1, 8)]
    assert dialogic.items[0].label == "Two or more therapists in the meeting"
    assert principles.items[0].label == "Immediate help"
    assert principles.items[6].label == "Dialogism"


def test_demo_ratings_use_the_shipped_scales() -> None:
    scales = load_scales(REPO / "resources" / "scales")
    for r in json.loads(DEMO_FILE.read_text())["records"]:
        if r["kind"] == "rating":
            scale = scales[r["instrument"]]
            assert set(r["scores"]) <= {i.id for i in scale.items}
            assert all(scale.min <= v <= scale.max for v in r["scores"].values())


def test_text_demo_without_the_desktop_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`odesk demo` falls back to this when the UI is missing; it leaves nothing behind."""
    from odesk.cli import demo_without_ui

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert demo_without_ui() == 0
    out = capsys.readouterr().out
    assert "imported 235 fictional records" in out and "result: OK" in out
    assert list(temp.iterdir()) == []
