"""One person's whole record as one document: what a trust produces for a subject access request.

The referral and the person's details, the network's members, then every meeting in time order
as corrected, with its meeting corrections, each practitioner's note (signature,
co-signatures), its addenda and the supervisors'
reviews, the fidelity ratings, supervision sessions that discussed the network, meetings
removed with the reason given, and changes the server refused that were taken back (kept on
this laptop only). Rendered by the same PDF renderer as a single note, with the
person's identifiers and "Page x of y" on every page; `odesk export --format pdf --network ID`
writes it from the command line (Qt's offscreen platform, no display needed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from odesk.core.display import nhs_number_spaced
from odesk.ui.i18n import Context
from odesk.ui.meeting_facts import meeting_facts
from odesk.ui.note_text import note_html
from odesk.ui.pdf_export import identity_line, write_pdf
from odesk.ui.people import typed_or_user_name, unknown_person
from odesk.ui.record_models import CATEGORY, MEETING_STATUS, Records, meeting_time
from odesk.ui.times import format_date, local_time

if TYPE_CHECKING:
    from odesk.store import Store

RecordDocument = Context("RecordDocument")


class UnknownNetwork(Exception):
    pass


def _row(label: str, value: Any) -> str:
    shown = "" if value is None else str(value)
    return f"<tr><td><b>{escape(label)}</b></td><td>{escape(shown) or '—'}</td></tr>"


def _table(rows: list[str]) -> str:
    return f"<table cellspacing='0' cellpadding='3'>{''.join(rows)}</table>"


def _para(text: str | None) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in (text or "").split("\n") if line.strip())


def record_html(store: Store, network_id: str, name_of: Callable[[str], str]) -> str:
    network = store.get(network_id)
    if network is None:
        raise UnknownNetwork(f"there is no network {network_id} in this store")
    return "\n".join(_Record(store, network, name_of).parts())


class _Record:
    """The document's sections in order, each a list of HTML parts (joined by newlines)."""

    def __init__(self, store: Store, network: dict, name_of: Callable[[str], str]) -> None:
        self.store = store
        self.network = network
        self.network_id = network["id"]
        self.name_of = name_of
        self.members = {m["id"]: m for m in store.records("member", network_id=self.network_id)}
        self.meetings = sorted(
            store.records("meeting", network_id=self.network_id), key=meeting_time
        )

    def parts(self) -> list[str]:
        return [
            *self.person(),
            *self.network_members(),
            *self.all_meetings(),
            *self.supervision(),
            *self.removed(),
            *self.refused(),
        ]

    def attendee_name(self, key: str) -> str:
        if key in self.members:
            return str(self.members[key].get("name") or unknown_person(key))
        return typed_or_user_name(self.name_of, key)

    def person(self) -> list[str]:
        """Title, who produced it and when, the person and the referral."""
        person = self.network.get("person") or {}
        produced = RecordDocument.tr(
            "Everything odesk holds on this device about this person and their network,"
            " produced {when} by {who}."
        ).format(
            when=local_time(datetime.now(UTC).isoformat()),
            who=self.name_of(self.store.user_id) or self.store.user_id,
        )
        return [
            (
                "<h1>"
                + escape(
                    RecordDocument.tr("Record of {name}").format(name=person.get("name") or "")
                )
                + "</h1>"
            ),
            "<p>" + escape(produced) + "</p>",
            ("<h2>" + RecordDocument.tr("Person") + "</h2>"),
            _table(
                [
                    _row(RecordDocument.tr("Name"), person.get("name")),
                    _row(RecordDocument.tr("Preferred name"), person.get("preferred_name")),
                    _row(RecordDocument.tr("Pronouns"), person.get("pronouns")),
                    _row(
                        RecordDocument.tr("Date of birth"), format_date(person.get("date_of_birth"))
                    ),
                    _row(
                        RecordDocument.tr("NHS number"), nhs_number_spaced(person.get("nhs_number"))
                    ),
                    _row(RecordDocument.tr("Phone"), person.get("phone")),
                    _row(RecordDocument.tr("Address"), person.get("address")),
                ]
            ),
            ("<h2>" + RecordDocument.tr("Referral") + "</h2>"),
            self.referral(),
        ]

    def referral(self) -> str:
        network, name_of = self.network, self.name_of
        referral = network.get("referral") or {}
        return _table(
            [
                _row(RecordDocument.tr("Received"), local_time(referral.get("received_at"))),
                _row(RecordDocument.tr("Source"), referral.get("source")),
                _row(
                    RecordDocument.tr("Urgency"), (referral.get("urgency") or "").replace("_", " ")
                ),
                _row(RecordDocument.tr("Reason"), referral.get("reason")),
                _row(RecordDocument.tr("Status"), network.get("status")),
                _row(RecordDocument.tr("Closed"), local_time(network.get("closed_at"))),
                _row(RecordDocument.tr("Reason for closing"), network.get("closed_reason")),
                _row(
                    RecordDocument.tr("Key practitioners"),
                    ", ".join(name_of(u) for u in network.get("key_practitioner_ids") or []),
                ),
                _row(RecordDocument.tr("What may be shared"), network.get("sharing_note")),
            ]
        )

    def network_members(self) -> list[str]:
        parts = ["<h2>" + RecordDocument.tr("The network") + "</h2>"]
        if not self.members:
            return [*parts, "<p>" + RecordDocument.tr("No members recorded.") + "</p>"]
        for m in sorted(self.members.values(), key=lambda m: m.get("name") or ""):
            parts.append(f"<h3>{escape(m.get('name') or '')}</h3>")
            parts.append(_member_table(m) + _para(m.get("notes")))
        return parts

    def all_meetings(self) -> list[str]:
        store, network_id = self.store, self.network_id
        self.notes = store.records("note", network_id=network_id)
        self.addenda = store.records("addendum", network_id=network_id)
        self.reviews = store.records("review", network_id=network_id)
        self.ratings = store.records("rating", network_id=network_id)
        parts = ["<h2>" + RecordDocument.tr("Meetings") + "</h2>"]
        if not self.meetings:
            parts.append("<p>" + RecordDocument.tr("No meetings recorded.") + "</p>")
        for recorded in self.meetings:
            parts.extend(self.meeting(recorded))
        return parts

    def meeting(self, recorded: dict) -> list[str]:
        """A meeting as corrected, each of its notes with their reviews, and its ratings."""
        # The facts as corrected, and below them each meeting correction in words.
        facts, corrections = meeting_facts(self.store, recorded["id"])
        meeting = facts or recorded
        status = MEETING_STATUS.get(meeting.get("status") or "", meeting.get("status") or "")
        heading = RecordDocument.tr("Meeting of {when} ({status})").format(
            when=local_time(meeting_time(meeting)), status=Records.tr(status)
        )
        parts = ["<h2>" + escape(heading) + "</h2>"]
        of_meeting = [n for n in self.notes if n.get("meeting_id") == meeting["id"]]
        if not of_meeting:
            parts.append(
                note_html(
                    {},
                    meeting,
                    self.attendee_name,
                    user_name=self.name_of,
                    include_signature=False,
                    corrections=corrections,
                )
            )
            parts.append("<p><i>" + RecordDocument.tr("No note of this meeting.") + "</i></p>")
        for n, note in enumerate(sorted(of_meeting, key=lambda n: n.get("created_at") or "")):
            parts.extend(self.note(note, meeting if n == 0 else None, corrections))
        for rating in (r for r in self.ratings if r.get("meeting_id") == meeting["id"]):
            parts.append(self.rating(rating))
        return parts

    def note(self, note: dict, meeting: dict | None, corrections: list[dict]) -> list[str]:
        """A note (the first of a meeting with the meeting's facts), then its reviews."""
        who = self.name_of(note.get("author_id") or "")
        parts = ["<h3>" + escape(RecordDocument.tr("Note by {who}").format(who=who)) + "</h3>"]
        if note.get("state") != "signed":
            parts.append("<p><i>" + RecordDocument.tr("Draft, not signed.") + "</i></p>")
        parts.append(
            note_html(
                note,
                meeting,
                self.attendee_name,
                corrections=corrections if meeting is not None else None,
                addenda=sorted(
                    (a for a in self.addenda if a.get("note_id") == note["id"]),
                    key=lambda a: a.get("created_at") or "",
                ),
                user_name=self.name_of,
            )
            .replace("<h1>", "<h3>")
            .replace("</h1>", "</h3>")
        )
        for review in sorted(
            (r for r in self.reviews if r.get("note_id") == note["id"]),
            key=lambda r: r.get("updated_at") or "",
        ):
            parts.append(self.review(review))
        return parts

    def review(self, review: dict) -> str:
        heading = RecordDocument.tr("Review by {who}, {when}: {status}").format(
            who=self.name_of(review.get("reviewer_id") or ""),
            when=local_time(review.get("updated_at")),
            status=(review.get("status") or "").replace("_", " "),
        )
        return "<p><b>" + escape(heading) + "</b></p>" + _para(review.get("comment"))

    def rating(self, rating: dict) -> str:
        scores = rating.get("scores") or {}
        given = [v for v in scores.values() if isinstance(v, int | float)]
        heading = RecordDocument.tr(
            "Fidelity rating by {who} ({role}), %n item(s) scored", "", len(given)
        ).format(
            who=self.name_of(rating.get("rater_id") or ""),
            role=(rating.get("rater_role") or "").replace("_", " "),
        )
        return "<p><b>" + escape(heading) + "</b></p>" + _para(rating.get("comment"))

    def supervision(self) -> list[str]:
        sessions = [
            s
            for s in self.store.records("supervision")
            if self.network_id in (s.get("network_ids") or [])
        ]
        if not sessions:
            return []
        parts = [
            "<h2>" + RecordDocument.tr("Supervision sessions that discussed this network") + "</h2>"
        ]
        for s in sorted(sessions, key=lambda s: s.get("at") or ""):
            parts.append(f"<h3>{escape(local_time(s.get('at')))}</h3>")
            for label, key in (
                (RecordDocument.tr("Inner reflections"), "inner_reflections"),
                (RecordDocument.tr("Outer reflections"), "outer_reflections"),
                (RecordDocument.tr("Actions"), "actions"),
            ):
                if s.get(key):
                    parts.append(f"<p><b>{label}</b></p>{_para(s.get(key))}")
        return parts

    def removed(self) -> list[str]:
        """Meetings removed, with the reason given (their tombstones)."""
        removed = []
        live = {m["id"] for m in self.meetings}
        for rid in self.store.record_ids(
            "meeting", include_deleted=True, network_id=self.network_id
        ):
            if rid in live:
                continue
            history = self.store.history(rid)
            if history and history[-1].get("deleted"):
                removed.append(history[-1])
        if not removed:
            return []
        parts = ["<h2>" + RecordDocument.tr("Meetings removed") + "</h2>"]
        for tomb in removed:
            said = RecordDocument.tr("Meeting of {when}, removed {at} by {who}: {reason}").format(
                when=local_time(meeting_time(tomb)) or RecordDocument.tr("no time"),
                at=local_time(tomb.get("updated_at")),
                who=self.name_of(tomb.get("updated_by") or ""),
                reason=tomb.get("deleted_reason") or RecordDocument.tr("no reason recorded"),
            )
            parts.append("<p>" + escape(said) + "</p>")
        return parts

    def refused(self) -> list[str]:
        """Changes the server refused and this laptop took back (kept here only)."""
        refused = [
            r
            for r in self.store.withdrawn()
            if r.get("network_id") == self.network_id or r.get("id") == self.network_id
        ]
        if not refused:
            return []
        from odesk.ui.refusal_words import kind_words, plain_reason

        parts = [
            "<h2>" + RecordDocument.tr("Changes the server refused, kept on this laptop") + "</h2>"
        ]
        for r in refused:
            said = RecordDocument.tr("{what}, written {when} by {who}: {reason}").format(
                what=kind_words(r.get("kind") or ""),
                when=local_time(r.get("updated_at")),
                who=self.name_of(r.get("updated_by") or ""),
                reason=plain_reason(r.get("_withdrawn_reason")),
            )
            parts.append("<p><b>" + escape(said) + "</b></p>")
            if r.get("kind") == "note":
                parts.append(
                    note_html(r, None, self.attendee_name, user_name=self.name_of)
                    .replace("<h1>", "<h3>")
                    .replace("</h1>", "</h3>")
                )
        return parts


def _member_table(m: dict) -> str:
    return _table(
        [
            _row(RecordDocument.tr("Relationship"), m.get("relationship")),
            _row(
                RecordDocument.tr("Group"),
                Records.tr(CATEGORY.get(m.get("category") or "other", "")),
            ),
            _row(
                RecordDocument.tr("May share"),
                RecordDocument.tr("yes") if m.get("may_share") else RecordDocument.tr("no"),
            ),
            _row(RecordDocument.tr("Phone"), m.get("phone")),
            _row(RecordDocument.tr("Email"), m.get("email")),
            _row(
                RecordDocument.tr("Active"),
                RecordDocument.tr("no") if m.get("active") is False else RecordDocument.tr("yes"),
            ),
        ]
    )


def offscreen_app() -> Any:
    """The Qt application the renderer needs, for the command line (offscreen, no window)."""
    from PySide6.QtGui import QGuiApplication

    from odesk.ui.i18n import install_translator

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["odesk"])
        install_translator(app)  # the user's language and date format, as in the app
    return app


def store_names(store: Store) -> Callable[[str], str]:
    """User names as the app shows them, from the directory the store keeps."""
    from odesk.ui.session import Session

    return Session.from_store(store, cast(Any, None)).name_of


def suggested_record_name(store: Store, network_id: str) -> str:
    from odesk.ui.pdf_export import suggested_name

    network = store.get(network_id) or {}
    return suggested_name("record", network.get("person") or {}, None)


def export_record_pdf(
    store: Store, network_id: str, path: Path | str, name_of: Callable[[str], str] | None = None
) -> Path:
    network = store.get(network_id)
    if network is None:
        raise UnknownNetwork(f"there is no network {network_id} in this store")
    html = record_html(store, network_id, name_of or store_names(store))
    written = write_pdf(
        html,
        path,
        title=RecordDocument.tr("Record of {name}").format(
            name=(network.get("person") or {}).get("name") or ""
        ),
        identity=identity_line(network.get("person") or {}),
    )
    store.audit("export_pdf", network_id)
    return written
