"""A note as the people in the room would read it: HTML for the read-back view and the PDF.

Only what the note says, in the order it was said; every value is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from odesk.core.integrity import FIELD_WORDS, awaiting_cosigners
from odesk.ui.i18n import Context
from odesk.ui.record_models import location_label
from odesk.ui.times import local_time

NoteText = Context("NoteText")


def _para(text: str | None) -> str:
    if not text:
        return ""
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())


def note_html(
    note: dict,
    meeting: dict | None,
    attendee_name: Callable[[str], str],
    *,
    person_name: str = "",
    addenda: list[dict] | None = None,
    user_name: Callable[[str], str] = str,
    include_signature: bool = True,
    hide_safety: bool = False,
    corrections: list[dict] | None = None,
) -> str:
    """The note as HTML. With ``hide_safety`` the safety section (its text and any safeguarding
    concern) is left out and a line says that it is hidden, never what it holds. ``meeting`` is
    the meeting's facts as corrected (ui.meeting_facts); ``corrections`` are the meeting
    corrections that made them, each said in words below the facts ("Corrected on … by …
    because …"), so a reader sees what was signed and what changed."""
    title = NoteText.tr("Network meeting")
    if person_name:
        title += f" — {escape(person_name)}"
    parts = [f"<h1>{title}</h1>"]
    if meeting:
        parts.extend(_meeting_html(meeting, attendee_name))
    for correction in corrections or []:
        parts.append(correction_html(correction, attendee_name, user_name))
    parts.extend(_body_html(note, attendee_name))
    parts.extend(_safety_html(note.get("safety") or {}, hide_safety))
    nxt = note.get("next_meeting") or {}
    if nxt.get("at") or nxt.get("location"):
        parts.append(
            "<h2>"
            + NoteText.tr("Next meeting")
            + "</h2><p>"
            + escape(local_time(nxt.get("at")))
            + " "
            + escape(nxt.get("location") or "")
            + "</p>"
        )
    if include_signature and note.get("state") == "signed":
        parts.append(_signature_html(note, user_name))
    parts.extend(_addendum_html(a, user_name) for a in addenda or [])
    return "\n".join(parts)


def _meeting_html(meeting: dict, attendee_name: Callable[[str], str]) -> list[str]:
    """When, where and who came (those present, facilitators said so)."""
    when = local_time(meeting.get("start") or meeting.get("planned_start"))
    where = location_label(meeting.get("location"))
    if meeting.get("location_detail"):
        where += f" ({meeting['location_detail']})"
    parts = [
        "<p><b>"
        + NoteText.tr("When")
        + ":</b> "
        + escape(when)
        + " &nbsp; <b>"
        + NoteText.tr("Where")
        + ":</b> "
        + escape(where)
        + "</p>"
    ]
    present = [a for a in meeting.get("attendees") or [] if a.get("present", True)]
    if present:
        people = ", ".join(
            escape(
                attendee_name(str(a.get("member_id") or a.get("user_id") or a.get("name") or ""))
            )
            + ((" (" + NoteText.tr("facilitator") + ")") if a.get("facilitator") else "")
            for a in present
        )
        parts.append("<p><b>" + NoteText.tr("Who came") + ":</b> " + people + "</p>")
    return parts


def _body_html(note: dict, attendee_name: Callable[[str], str]) -> list[str]:
    """Late entry, summary, voices, reflections, options, agreements and uncertainties."""
    parts = []
    if note.get("late_entry"):
        parts.append(
            "<p><i>"
            + NoteText.tr("Late entry")
            + ": "
            + escape(note.get("late_reason") or "")
            + "</i></p>"
        )
    if note.get("summary"):
        parts.append("<h2>" + NoteText.tr("Summary") + "</h2>" + _para(note["summary"]))
    voices = [v for v in note.get("voices") or [] if (v.get("text") or "").strip()]
    if voices:
        parts.append("<h2>" + NoteText.tr("Voices") + "</h2>")
        for v in voices:
            parts.append(
                f"<h3>{escape(attendee_name(v.get('attendee') or ''))}</h3>{_para(v.get('text'))}"
            )
    if note.get("reflections"):
        parts.append("<h2>" + NoteText.tr("Reflections") + "</h2>" + _para(note["reflections"]))
    options = [o for o in note.get("options") or [] if o.strip()]
    if options:
        items = "".join(f"<li>{escape(o)}</li>" for o in options)
        parts.append("<h2>" + NoteText.tr("Options discussed") + "</h2><ul>" + items + "</ul>")
    if note.get("agreements"):
        parts.append("<h2>" + NoteText.tr("Agreements") + "</h2>" + _para(note["agreements"]))
    if note.get("uncertainties"):
        parts.append(
            "<h2>"
            + NoteText.tr("Uncertainties carried forward")
            + "</h2>"
            + _para(note["uncertainties"])
        )
    return parts


def _safety_html(safety: dict, hide_safety: bool) -> list[str]:
    """The safety section, or with `hide_safety` only a line saying it is hidden."""
    if not (safety.get("discussed") or safety.get("text") or safety.get("safeguarding_concern")):
        return []
    parts = ["<h2>" + NoteText.tr("Safety") + "</h2>"]
    if hide_safety:
        parts.append("<p><i>" + NoteText.tr("The safety section is hidden.") + "</i></p>")
        return parts
    if safety.get("discussed"):
        parts.append("<p>" + NoteText.tr("Safety was discussed openly.") + "</p>")
    parts.append(_para(safety.get("text")))
    if safety.get("safeguarding_concern"):
        parts.append("<p><b>" + NoteText.tr("A safeguarding concern was raised.") + "</b></p>")
    return parts


def _signature_html(note: dict, user_name: Callable[[str], str]) -> str:
    """Who signed and when, each co-signature, and who is still awaited."""
    line = NoteText.tr("Signed by {who} at {when}").format(
        who=escape(user_name(note.get("author_id") or "")),
        when=escape(local_time(note.get("signed_at"))),
    )
    for c in note.get("cosigned_by") or []:
        line += "<br>" + NoteText.tr("Co-signed by {who} at {when}").format(
            who=escape(user_name(c.get("user_id") or "")), when=escape(local_time(c.get("at")))
        )
    awaited = awaiting_cosigners(note)
    if awaited:
        line += "<br>" + NoteText.tr("Awaiting co-signature by {who}").format(
            who=escape(", ".join(user_name(u) for u in awaited))
        )
    return f"<p><i>{line}</i></p>"


def _addendum_html(addendum: dict, user_name: Callable[[str], str]) -> str:
    return (
        "<h2>"
        + NoteText.tr("Addendum")
        + " ("
        + escape((addendum.get("reason") or "").replace("_", " "))
        + ")</h2><p><i>"
        + escape(user_name(addendum.get("author_id") or ""))
        + ", "
        + escape(local_time(addendum.get("created_at")))
        + "</i></p>"
        + _para(addendum.get("text"))
    )


def fact_text(field: str, value: object, attendee_name: Callable[[str], str]) -> str:
    """One meeting fact in words (a time as local time, attendance as names)."""
    if value is None or value == "":
        return NoteText.tr("(none)")
    if field in ("start", "end") and isinstance(value, str):
        return local_time(value)
    if field == "attendees" and isinstance(value, list):
        return ", ".join(
            attendee_name(str(a.get("member_id") or a.get("user_id") or a.get("name") or ""))
            for a in value
            if isinstance(a, dict) and a.get("present", True)
        )
    return str(value).replace("_", " ")


def correction_text(
    correction: dict, attendee_name: Callable[[str], str], user_name: Callable[[str], str]
) -> str:
    """'Corrected on … by … because …: start time 10:00 → 11:00' in plain text."""
    changes = "; ".join(
        NoteText.tr("{field} {old} → {new}").format(
            field=NoteText.tr(FIELD_WORDS.get(str(item.get("field")), str(item.get("field")))),
            old=fact_text(str(item.get("field")), item.get("old"), attendee_name),
            new=fact_text(str(item.get("field")), item.get("new"), attendee_name),
        )
        for item in correction.get("fields") or []
        if isinstance(item, dict)
    )
    return NoteText.tr("Corrected on {when} by {who} because {reason}: {changes}").format(
        when=local_time(correction.get("created_at")),
        who=user_name(correction.get("author_id") or ""),
        reason=str(correction.get("reason") or "").strip(),
        changes=changes,
    )


def correction_html(
    correction: dict, attendee_name: Callable[[str], str], user_name: Callable[[str], str]
) -> str:
    return f"<p><i>{escape(correction_text(correction, attendee_name, user_name))}</i></p>"
