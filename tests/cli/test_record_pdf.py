"""`odesk export --format pdf --network ID -o FILE`: one person's whole record as one PDF, as a
trust produces it for a subject access request, read back page by page."""

from __future__ import annotations

from pathlib import Path

from odesk.core.revs import new_rev
from odesk.store import Store
from odesk.ui.meeting_correction import save_correction
from odesk.ui.meeting_removal import remove_meeting
from odesk.vault import TEST_PARAMS
from tests.pdfcheck import read_pdf, size_of

from .conftest import PASSPHRASE, Cli

ME = {"id": "u-pat", "name": "Pat Example", "roles": ["practitioner"], "team_ids": ["t"]}
SAM = {"id": "u-sam", "name": "Sam Sample", "roles": ["practitioner"], "team_ids": ["t"]}
SUP = {"id": "u-sup", "name": "Jo Supervisor", "roles": ["supervisor"], "team_ids": ["t"]}


def make_record(folder: Path) -> str:
    store = Store.create(folder, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    store.meta_set("user", ME)
    store.meta_set("directory", [ME, SAM, SUP])
    network = store.save(
        {
            "kind": "network",
            "team_id": "t",
            "person": {
                "name": "Robin Fictional",
                "nhs_number": "9434765919",
                "date_of_birth": "1990-02-01",
                "address": "1 Imaginary Road",
            },
            "referral": {
                "received_at": "2026-01-05T09:00:00+00:00",
                "source": "Single Point of Access",
                "reason": "not sleeping for a week",
                "urgency": "urgent",
            },
            "status": "open",
            "key_practitioner_ids": [ME["id"]],
        }
    )
    nid = network["id"]
    mother = store.save(
        {
            "kind": "member",
            "network_id": nid,
            "name": "Alex Fictional",
            "category": "family",
            "relationship": "mother",
            "may_share": True,
        }
    )
    for day in range(1, 7):
        meeting = store.save(
            {
                "kind": "meeting",
                "network_id": nid,
                "status": "held",
                "start": f"2026-01-{5 + day:02d}T10:00:00+00:00",
                "end": f"2026-01-{5 + day:02d}T11:00:00+00:00",
                "attendees": [
                    {"member_id": mother["id"], "role": "network"},
                    {"user_id": ME["id"], "role": "practitioner", "facilitator": True},
                ],
            }
        )
        note = store.save(
            {
                "kind": "note",
                "meeting_id": meeting["id"],
                "network_id": nid,
                "author_id": ME["id"],
                "state": "draft",
                "summary": f"Meeting {day} summary",
                "voices": [{"attendee": mother["id"], "text": f"Mother's words on day {day}"}],
                "reflections": "\n".join(f"Reflection {day}.{i} on the week" for i in range(8)),
            }
        )
        asked = [SAM["id"]] if day == 1 else []  # the note asks Sam's co-signature
        signed = store.save(
            {
                **note,
                "state": "signed",
                "signed_at": "2026-01-12T12:00:00+00:00",
                "cosign_requested": asked,
            }
        )
        if day == 1:
            # Sam's co-signature, made on Sam's own laptop, arrives by sync
            cosigned = {
                **signed,
                "rev": new_rev([signed["rev"]]),
                "parent_revs": [signed["rev"]],
                "updated_by": SAM["id"],
                "device_id": "device-sam",
                "cosigned_by": [{"user_id": SAM["id"], "at": "2026-01-12T13:00:00+00:00"}],
            }
            store.apply_remote([{"server_seq": 100, "record": cosigned}], "cursor-1")
            assert store.get(note["id"])["cosigned_by"] == cosigned["cosigned_by"]
            # the meeting ran longer than written: corrected after signing, with a reason
            save_correction(
                store,
                store.get(meeting["id"]),
                [{"field": "end", "old": meeting["end"], "new": "2026-01-06T12:30:00+00:00"}],
                "the meeting ran on after the GP arrived",
                ME["id"],
            )
            store.save(
                {
                    "kind": "addendum",
                    "note_id": note["id"],
                    "network_id": nid,
                    "author_id": ME["id"],
                    "reason": "correction",
                    "text": "The GP called later",
                }
            )
            store.save(
                {
                    "kind": "review",
                    "note_id": note["id"],
                    "network_id": nid,
                    "reviewer_id": SUP["id"],
                    "status": "for_supervision",
                    "comment": "Good use of the family's words",
                }
            )
    # a note the server refused, taken back: off the record's tree, still in the subject access
    refused = store.save(
        {
            "kind": "note",
            "meeting_id": meeting["id"],
            "network_id": nid,
            "author_id": ME["id"],
            "state": "draft",
            "summary": "Words the server refused",
        }
    )
    store.mark_inflight([refused["rev"]])
    store.mark_acknowledged(
        [
            {
                "change_id": refused["rev"],
                "status": "rejected",
                "reason": "only the note's author edits it",
            }
        ]
    )
    store.withdraw_refused(refused["id"])
    assert store.get(refused["id"]) is None
    mistaken = store.save({"kind": "meeting", "network_id": nid, "status": "planned"})
    remove_meeting(store, mistaken["id"], "opened for the wrong person", ME["id"])
    store.close()
    return nid


def test_the_whole_record_as_one_pdf(cli: Cli, tmp_path: Path) -> None:
    network_id = make_record(cli.data)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "record.pdf"
    result = cli.ok("export", "--format", "pdf", "--network", network_id, "-o", str(out))
    assert str(out) in result.err
    assert out.stat().st_mode & 0o777 == 0o600
    pages = read_pdf(out)
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert "Robin Fictional" in page.text and "NHS number 943 476 5919" in page.text
        assert "born 01/02/1990" in page.text
        assert f"Page {n} of {len(pages)}" in page.text
    text = " ".join(p.text for p in pages)
    for expected in (
        "not sleeping for a week",  # referral
        "Single Point of Access",
        "1 Imaginary Road",
        "Alex Fictional",  # members
        "mother",
        *(f"Meeting {d} summary" for d in range(1, 7)),  # every meeting and note
        "Mother's words on day 6",
        "Reflection 6.7 on the week",
        "Co-signed by Sam Sample",
        "The GP called later",  # addendum
        "Review by Jo Supervisor",  # review
        "Good use of the family's words",
        "opened for the wrong person",  # removed meeting, with its reason
        "because the meeting ran on after the GP arrived",  # meeting correction
        "Words the server refused",  # a refused change taken back
        "Only the practitioner who wrote this note can change it",
    ):
        assert expected in text, expected
    assert size_of(pages, "Meeting 6 summary") >= 10
    assert size_of(pages, "Reflection 3.2 on the week") >= 10
    assert [p.name for p in out.parent.iterdir()] == ["record.pdf"]  # no part file left

    store = Store.open(cli.data, PASSPHRASE, allow_weak_kdf=True)
    try:
        exports = [e for e in store.audit_entries() if e["action"] == "export_pdf"]
    finally:
        store.close()
    assert [e.get("record_id") for e in exports] == [network_id]


def test_pdf_export_usage_errors_are_one_line(cli: Cli, tmp_path: Path) -> None:
    network_id = make_record(cli.data)
    assert (
        "--network"
        in cli.run("export", "--format", "pdf", "-o", str(tmp_path / "x.pdf")).error_line()
    )
    assert "-o FILE" in cli.run("export", "--format", "pdf", "--network", network_id).error_line()
    unknown = cli.run(
        "export", "--format", "pdf", "--network", "no-such-id", "-o", str(tmp_path / "x.pdf")
    )
    assert unknown.code == 1 and "no network no-such-id" in unknown.error_line()
    missing = cli.run(
        "export", "--format", "pdf", "--network", network_id, "-o", str(tmp_path / "nope" / "x.pdf")
    )
    assert missing.code == 1 and "folder does not exist" in missing.error_line()
    assert [p.name for p in tmp_path.iterdir()] == ["cli"]  # nothing written
