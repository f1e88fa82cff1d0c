"""Validation of the record envelope and every kind's fields (DESIGN §3)."""

from __future__ import annotations

import pytest

from odesk.core.ids import new_id
from odesk.core.records import KINDS, ValidationError, field_paths, nhs_number_valid, validate

from .factories import envelope, network


def test_valid_network_passes() -> None:
    validate(network())


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("9434765918", False),
        ("123", False),
        ("abcdefghij", False),
    ],
)
def test_nhs_number_modulus_11(number: str, ok: bool) -> None:
    assert nhs_number_valid(number) is ok


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"status": "maybe"}, "status", "one of"),
        ({"team_id": None}, "team_id", "required"),
        ({"person": {"name": "X", "nhs_number": "9434765918"}}, "person.nhs_number", "modulus-11"),
        ({"person": {"name": "X", "date_of_birth": "03/02/1990"}}, "person.date_of_birth", "date"),
        ({"referral": {"received_at": "2026-11-01T09:00:00"}}, "referral.received_at", "offset"),
        ({"person": {"preferred_name": "X"}}, "person.name", "required"),
        ({"colour": "blue"}, "colour", "not a known field"),
        ({"key_practitioner_ids": "user-ana"}, "key_practitioner_ids", "list"),
        ({"rev": "1-xyz"}, "rev", "generation"),
        ({"id": "not-a-uuid"}, "id", "UUID"),
    ],
)
def test_errors_name_record_and_field(change: dict, field: str, words: str) -> None:
    record = network()
    record.update(change)
    with pytest.raises(ValidationError) as err:
        validate(record)
    assert err.value.field == field
    assert words in str(err.value)
    assert str(err.value).startswith(f"record {record['id']}: {field}: ")


def test_unknown_kind_rejected() -> None:
    record = envelope("diary")
    with pytest.raises(ValidationError) as err:
        validate(record)
    assert err.value.field == "kind"


def test_generation_must_follow_parents() -> None:
    record = network()
    record["parent_revs"] = ["3-" + "a" * 32]
    record["rev"] = "2-" + "b" * 32
    with pytest.raises(ValidationError, match="generation must be 4"):
        validate(record)


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("1-" + "b" * 32, None),
        ("2-" + "b" * 32, "generation must be 1 for these parents"),
        ("10-" + "b" * 32, "generation must be 1 for these parents"),
        ("01-" + "b" * 32, "must be"),  # no leading zero: the pattern refuses it
        ("1-" + "B" * 32, "must be"),
    ],
)
def test_a_first_revisions_generation_is_one(rev: str, message: str | None) -> None:
    """A revision without parents is generation 1 (answered without the parents' walk)."""
    for deleted in (False, True):  # the fast check and the walk alike
        record = {**network(), "rev": rev, "deleted": deleted}
        if message is None:
            validate(record)
            continue
        with pytest.raises(ValidationError, match=message) as err:
            validate(record)
        assert err.value.field == "rev"


def test_every_kind_has_required_fields_declared() -> None:
    for kind in KINDS:
        record = envelope(kind)
        with pytest.raises(ValidationError, match="is required"):
            validate(record)


def test_note_with_every_field_validates() -> None:
    note = envelope("note")
    note.update(
        meeting_id=envelope("meeting")["id"],
        network_id=envelope("network")["id"],
        author_id="user-ana",
        state="signed",
        signed_at="2026-11-02T10:00:00+00:00",
        cosigned_by=[{"user_id": "user-ben", "at": "2026-11-02T11:00:00+00:00"}],
        summary="s",
        voices=[{"attendee": "mother", "text": "t"}],
        reflections="r",
        options=["a", "b"],
        agreements="g",
        uncertainties="u",
        safety={"discussed": True, "text": "x", "safeguarding_concern": False},
        next_meeting={"at": "2026-11-09T10:00:00+00:00", "location": "home"},
        late_entry=False,
    )
    validate(note)
    note["options"] = ["a", 3]
    with pytest.raises(ValidationError) as err:
        validate(note)
    assert err.value.field == "options[1]"


def test_field_paths_mark_identifying_and_free_text() -> None:
    assert "person.nhs_number" in field_paths("network", pii=True)
    assert "voices[].text" in field_paths("note", text=True)
    assert "status" not in field_paths("network", pii=True, text=True)


def _rating(scores: dict) -> dict:
    record = envelope("rating")
    record.update(
        meeting_id=new_id(),
        network_id=new_id(),
        instrument="key-elements",
        rater_id="ana",
        rater_role="self",
        scores=scores,
    )
    return record


@pytest.mark.parametrize("score", [0, 3, 2.5, None, -1, 2**53 - 1])
def test_a_score_json_carries_exactly_passes(score: object) -> None:
    validate(_rating({"e1": score}))


@pytest.mark.parametrize("score", [2**53, 10**30, -(10**30), 1e300, float("nan"), float("inf")])
def test_a_score_some_reader_would_round_is_refused(score: object) -> None:
    # A 30-digit integer reaches the server as a float; storing that would change the value.
    with pytest.raises(ValidationError, match=r"scores\.e1: must be a number from"):
        validate(_rating({"e1": score}))
