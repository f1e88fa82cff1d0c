"""Merge rules (DESIGN §5) and the order-independence property of heads."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from odesk.core.merge import RevisionTree, resolve

from .factories import child, envelope, merge_of, network


def test_single_line_of_history_is_the_latest() -> None:
    a = network()
    b = child(a, status="closed")
    res = resolve([b, a])
    assert res.record is not None
    assert res.record["status"] == "closed"
    assert res.leaves == [b["rev"]]
    assert not res.conflict


def test_edits_to_different_fields_merge() -> None:
    a = network()
    b = child(a, person={**a["person"], "pronouns": "they/them"})
    c = child(a, sharing_note="mother may hear about appointments")
    res = resolve([a, b, c])
    assert not res.conflict
    assert res.record is not None
    assert res.record["person"]["pronouns"] == "they/them"
    assert res.record["person"]["name"] == a["person"]["name"]
    assert res.record["sharing_note"] == "mother may hear about appointments"
    assert sorted(res.leaves) == sorted([b["rev"], c["rev"]])


def test_same_field_to_different_values_stays_in_conflict() -> None:
    a = network()
    b = child(a, person={**a["person"], "phone": "01632 960001"})
    c = child(a, person={**a["person"], "phone": "01632 960002"})
    res = resolve([a, b, c])
    assert res.conflict
    assert res.conflict_fields == ["person.phone"]
    # a person's merge revision with both leaves as parents ends the conflict
    m = merge_of(b, c, person={**a["person"], "phone": "01632 960002"})
    res2 = resolve([a, b, c, m])
    assert not res2.conflict and res2.leaves == [m["rev"]]


def test_urgency_and_consent_combine_safely() -> None:
    a = network()
    b = child(a, referral={**a["referral"], "urgency": "very_urgent"})
    c = child(a, referral={**a["referral"], "urgency": "routine"})
    res = resolve([a, b, c])
    assert res.record is not None and res.record["referral"]["urgency"] == "very_urgent"
    assert not res.conflict

    m = envelope("member")
    m.update(network_id=a["id"], name="Sam Example", category="family", may_share=False)
    m1 = child(m, may_share=True)
    m2 = child(m, may_share=None)
    res = resolve([m, m1, m2])
    assert res.record is not None and res.record["may_share"] is False


def test_key_practitioners_merge_as_a_set() -> None:
    a = network(key_practitioner_ids=["u1", "u2"])
    b = child(a, key_practitioner_ids=["u1", "u2", "u3"])
    c = child(a, key_practitioner_ids=["u2"])
    res = resolve([a, b, c])
    assert res.record is not None and res.record["key_practitioner_ids"] == ["u2", "u3"]


def test_edit_beats_concurrent_delete_and_is_flagged() -> None:
    a = network()
    edited = child(a, status="closed")
    deleted = child(a, deleted=True)
    res = resolve([a, deleted, edited])
    assert res.record is not None and res.record["status"] == "closed"
    assert "delete_conflict" in res.flags
    assert resolve([a, child(a, deleted=True)]).record is None


def _note(**fields: object) -> dict:
    note = envelope("note")
    note.update(
        meeting_id=envelope("meeting")["id"],
        network_id=envelope("network")["id"],
        author_id="user-ana",
        state="draft",
        summary="first words",
    )
    note.update(fields)
    return note


def test_notes_are_never_merged() -> None:
    a = _note()
    b = child(a, summary="written on the laptop")
    c = child(a, reflections="written on the office PC")
    res = resolve([a, b, c])
    assert res.conflict
    assert set(res.leaves) == {b["rev"], c["rev"]}
    assert set(res.conflict_fields) == {"summary", "reflections"}


def test_concurrent_cosignatures_combine() -> None:
    a = _note(state="signed", signed_at="2026-11-02T10:00:00+00:00", cosigned_by=[])
    b = child(a, cosigned_by=[{"user_id": "u-b", "at": "2026-11-02T11:00:00+00:00"}])
    c = child(a, cosigned_by=[{"user_id": "u-c", "at": "2026-11-02T12:00:00+00:00"}])
    res = resolve([a, b, c])
    assert not res.conflict
    assert res.record is not None
    assert [c["user_id"] for c in res.record["cosigned_by"]] == ["u-b", "u-c"]


# --- property: any order, any repetition, same heads, nothing lost ---------------------------


@st.composite
def histories(draw: st.DrawFn) -> list[dict]:
    root = network(key_practitioner_ids=["u1"])
    revs = [root]
    steps = draw(st.integers(min_value=0, max_value=12))
    for _ in range(steps):
        op = draw(st.sampled_from(["edit", "edit", "merge", "delete"]))
        base = revs[draw(st.integers(0, len(revs) - 1))]
        if op == "merge" and len(revs) > 1:
            other = revs[draw(st.integers(0, len(revs) - 1))]
            if other["rev"] != base["rev"]:
                revs.append(merge_of(base, other, deleted=False))
                continue
        if op == "delete":
            revs.append(child(base, deleted=True))
            continue
        field = draw(st.sampled_from(["status", "pronouns", "urgency", "keys", "note"]))
        if field == "status":
            revs.append(child(base, status=draw(st.sampled_from(["open", "closed"]))))
        elif field == "pronouns":
            pron = draw(st.sampled_from(["she/her", "he/him", "they/them"]))
            revs.append(child(base, person={**base["person"], "pronouns": pron}))
        elif field == "urgency":
            urg = draw(st.sampled_from(["routine", "urgent", "very_urgent"]))
            revs.append(child(base, referral={**base["referral"], "urgency": urg}))
        elif field == "keys":
            keys = draw(st.lists(st.sampled_from(["u1", "u2", "u3"]), unique=True))
            revs.append(child(base, key_practitioner_ids=sorted(keys)))
        else:
            revs.append(child(base, sharing_note=draw(st.text(max_size=8))))
    return revs


def _summary(revisions: list[dict]) -> str:
    tree = RevisionTree(revisions)
    res = resolve(tree)
    return json.dumps(
        {
            "record": res.record,
            "leaves": res.leaves,
            "conflict": res.conflict,
            "fields": res.conflict_fields,
            "flags": res.flags,
            "all": sorted(tree.revisions),
        },
        sort_keys=True,
    )


@settings(max_examples=150, deadline=None)
@given(histories(), st.data())
def test_any_order_any_repetition_gives_same_heads(revs: list[dict], data: st.DataObject) -> None:
    expected = _summary(revs)
    shuffled = data.draw(st.permutations(revs))
    repeats = data.draw(st.lists(st.sampled_from(revs), max_size=6))
    assert _summary(list(shuffled) + repeats) == expected
    tree = RevisionTree(list(shuffled) + repeats)
    assert set(tree.revisions) == {r["rev"] for r in revs}  # no revision lost


@settings(max_examples=100, deadline=None)
@given(histories())
def test_leaves_are_exactly_the_unreferenced_revisions(revs: list[dict]) -> None:
    named = {p for r in revs for p in r["parent_revs"]}
    assert set(RevisionTree(revs).leaves()) == {r["rev"] for r in revs} - named
