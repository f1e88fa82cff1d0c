"""A signed note as read-only HTML, for the supervisor reading it (nothing is written to disk)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from odesk.reports.period import parse
from odesk.ui.i18n import Context
from odesk.ui.meeting_facts import meeting_facts
from odesk.ui.note_text import correction_html
from odesk.ui.people import attendee_name, unknown_person
from odesk.ui.record_models import location_label
from odesk.ui.times import format_datetime

NoteView = Context("NoteView")


def when(value: Any) -> str:
    moment = parse(value)
    return format_datetime(moment)


def _para(title: str, text: Any) -> str:
    if not text:
        return ""
    body = escape(str(text)).replace("\n", "<br>")
    return f"<h3>{escape(title)}</h3><p>{body}</p>"


_ROLES = {
    "person": QT_TRANSLATE_NOOP("NoteView", "the person"),
    "network": QT_TRANSLATE_NOOP("NoteView", "network"),
    "practitioner": QT_TRANSLATE_NOOP("NoteView", "practitioner"),
    "peer_worker": QT_TRANSLATE_NOOP("NoteView", "peer worker"),
    "other": QT_TRANSLATE_NOOP("NoteView", "other"),
}


def _attendee_text(ctx: Any, attendee: dict) -> str:
    if attendee.get("user_id"):
        name = ctx.user_name(attendee["user_id"])
    elif attendee.get("member_id"):
        member = ctx.store.get(attendee["member_id"]) or {}
        name = member.get("name") or unknown_person(attendee["member_id"])
        if member.get("relationship"):
            name += f" ({member['relationship']})"
    else:
        name = attendee.get("name") or ""
    role = NoteView.tr(str(_ROLES.get(attendee.get("role") or "", attendee.get("role") or "")))
    text = f"{name} – {role}" if name else role
    if attendee.get("facilitator"):
        text += ", " + NoteView.tr("facilitating")
    if attendee.get("present") is False:
        text += ", " + NoteView.tr("invited, absent")
    return text


def note_html(ctx: Any, note: dict, addenda: list[dict] | None = None) -> str:
    """The note's sections in reading order; every piece of text is escaped."""
    facts, corrections = meeting_facts(ctx.store, note.get("meeting_id") or "")
    meeting = facts or {}  # as corrected, each correction said below
    parts = _heading(ctx, note, meeting)
    who = [_attendee_text(ctx, a) for a in meeting.get("attendees") or [] if isinstance(a, dict)]
    if who:
        items = "".join(f"<li>{escape(w)}</li>" for w in who)
        parts.append("<h3>" + escape(NoteView.tr("Who came")) + "</h3><ul>" + items + "</ul>")
    parts.extend(correction_html(c, ctx.user_name, ctx.user_name) for c in corrections)
    parts.append(_para(NoteView.tr("Summary"), note.get("summary")))
    parts.append(_voices(ctx, note))
    parts.append(_para(NoteView.tr("Reflections"), note.get("reflections")))
    options = note.get("options") or []
    if options:
        items = "".join(f"<li>{escape(str(o))}</li>" for o in options)
        parts.append(
            "<h3>" + escape(NoteView.tr("Options discussed")) + "</h3><ul>" + items + "</ul>"
        )
    parts.append(_para(NoteView.tr("Agreements"), note.get("agreements")))
    parts.append(_para(NoteView.tr("Uncertainties"), note.get("uncertainties")))
    parts.append(_safety(note.get("safety") or {}))
    nxt = note.get("next_meeting") or {}
    if nxt.get("at"):
        parts.append(
            _para(NoteView.tr("Next meeting"), f"{when(nxt.get('at'))} {nxt.get('location') or ''}")
        )
    for addendum in addenda or []:
        parts.append(
            _para(
                NoteView.tr("Addendum")
                + f" ({addendum.get('reason')}, {ctx.user_name(addendum.get('author_id'))},"
                + f" {when(addendum.get('created_at'))})",
                addendum.get("text"),
            )
        )
    return "".join(p for p in parts if p)


def _heading(ctx: Any, note: dict, meeting: dict) -> list[str]:
    """Whose network, when and where, who wrote it and when it was signed."""
    network = ctx.store.get(note.get("network_id")) or {}
    person = (network.get("person") or {}).get("preferred_name") or (
        network.get("person") or {}
    ).get("name")
    return [
        ("<h2>" + escape(NoteView.tr("Network meeting")) + ": " + escape(person or "") + "</h2>"),
        "<p>"
        + escape(NoteView.tr("Meeting"))
        + f": {escape(when(meeting.get('start') or meeting.get('planned_start')))}"
        + f" · {escape(location_label(meeting.get('location')))}<br>"
        + escape(NoteView.tr("Written by"))
        + f": {escape(ctx.user_name(note.get('author_id')))}"
        + (" · " + escape(NoteView.tr("signed")) + " " + escape(when(note.get("signed_at"))))
        + (
            (" · <b>" + escape(NoteView.tr("late entry")) + "</b>")
            if note.get("late_entry")
            else ""
        )
        + "</p>",
    ]


def _voices(ctx: Any, note: dict) -> str:
    voices = note.get("voices") or []
    if not voices:
        return ""
    members = {m["id"]: m for m in ctx.store.records("member", network_id=note.get("network_id"))}
    items = "".join(
        f"<li><b>{escape(attendee_name(ctx.directory, members, v.get('attendee')))}</b>: "
        f"{escape(str(v.get('text') or ''))}</li>"
        for v in voices
        if isinstance(v, dict)
    )
    return "<h3>" + escape(NoteView.tr("Voices")) + "</h3><ul>" + items + "</ul>"


def _safety(safety: dict) -> str:
    if not safety:
        return ""
    flags = []
    if safety.get("discussed"):
        flags.append(NoteView.tr("safety discussed"))
    if safety.get("safeguarding_concern"):
        flags.append(NoteView.tr("SAFEGUARDING CONCERN"))
    return (
        "<h3>" + escape(NoteView.tr("Safety")) + "</h3><p>" + escape(", ".join(flags)) + "</p>"
    ) + _para("", safety.get("text")).removeprefix("<h3></h3>")
