"""The server's refusals in words: what a one-line reason means for the person who made the
change (`plain_reason`) and what kind of record it was (`kind_words`). Shared by the refused
changes panel, the record tables (a change taken back) and the subject-access record.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from odesk.ui.i18n import Context

Refused = Context("Refused")


def _field_words(path: str) -> str:
    return path.replace("_", " ").replace(".", " › ")


# The server's one-line reasons (a pattern each) and what each means for the person who made
# the change, first match wins; the words are looked up when said, in the language the app runs in.
_REASONS: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (
        r"a signed note (never changes|is never deleted)",
        lambda m: Refused.tr(
            "This note was already signed, and a signed note never changes. Add an addendum"
            " to correct it or add to it."
        ),
    ),
    (
        r"only the note's author edits it",
        lambda m: Refused.tr("Only the practitioner who wrote this note can change it."),
    ),
    (
        r"an addendum never changes",
        lambda m: Refused.tr("An addendum cannot change once written; add another one."),
    ),
    (
        r"a note of this meeting is signed, so its (.+) can no longer be edited",
        lambda m: Refused.tr(
            "A colleague signed a note of this meeting before your change reached the"
            " server, so the meeting's {facts} are part of what was signed. Turn your"
            " change into a meeting correction to record it, with the reason."
        ).format(facts=m.group(1)),
    ),
    (
        r"this meeting has a signed note, so it is never deleted",
        lambda m: Refused.tr(
            "A note of this meeting is signed, so the meeting stays. Record a meeting"
            " correction if it did not take place as written."
        ),
    ),
    (
        r"a meeting correction never changes",
        lambda m: Refused.tr(
            "A meeting correction cannot change once written; add another correction."
        ),
    ),
    (
        r"a co-signature is added only by the co-signer",
        lambda m: Refused.tr(
            "A colleague co-signs from their own laptop; a co-signature cannot be added for"
            " someone else."
        ),
    ),
    (
        r"a co-signature's time",
        lambda m: Refused.tr(
            "The co-signature's time is wrong (in the future, or before the note was"
            " signed). Check this laptop's clock and co-sign again."
        ),
    ),
    (
        r"the author does not co-sign",
        lambda m: Refused.tr("The author of a note cannot co-sign it."),
    ),
    (
        r"only their own co-signature",
        lambda m: Refused.tr(
            "A colleague co-signs from their own laptop; a co-signature cannot be added for"
            " someone else."
        ),
    ),
    (
        r"a co-signature cannot be removed",
        lambda m: Refused.tr("A co-signature cannot be taken off a note."),
    ),
    (
        r"you may not write (\w+) records for team",
        lambda m: Refused.tr(
            "You are not a practitioner of the team this record belongs to. Check the"
            " network's team, or ask the service manager to add you to that team."
        ),
    ),
    (
        r"only supervisors of team",
        lambda m: Refused.tr("Only a supervisor of the team can write this."),
    ),
    (
        r"\brates? (as|meetings)",
        lambda m: Refused.tr("Your role in the team does not allow this kind of rating."),
    ),
    (
        r"is not known to the server",
        lambda m: Refused.tr(
            "It belongs to a record the server does not have yet (its network or note)."
            " Send it again once that record has been sent."
        ),
    ),
    (
        r"is not a network of team",
        lambda m: Refused.tr("It refers to a network of another team."),
    ),
    (
        r"a review is of a signed note",
        lambda m: Refused.tr("A note can be reviewed only once it is signed."),
    ),
    (
        r"(updated_by|created_by) must",
        lambda m: Refused.tr(
            "It was made under another person's name on this laptop. Ask the trust's IT"
            " team before sending it again."
        ),
    ),
    (
        r"already exists with other content",
        lambda m: Refused.tr(
            "The server holds a different version under the same name. Send it again to"
            " make a new version."
        ),
    ),
    (
        r"([\w.\[\]]+) cannot change",
        lambda m: Refused.tr("“{field}” cannot change once it is set.").format(
            field=_field_words(m.group(1))
        ),
    ),
    (
        r"^record \S+: ([\w.\[\]]+): (.+)$",
        lambda m: Refused.tr("“{field}” {problem}.").format(
            field=_field_words(m.group(1)), problem=m.group(2).rstrip(".")
        ),
    ),
]


def plain_reason(reason: str | None) -> str:
    """What the server's one-line reason means for the person who made the change."""
    text = (reason or "").strip()
    for pattern, say in _REASONS:
        match = re.search(pattern, text)
        if match:
            return say(match)
    return Refused.tr("The server did not accept this change: {reason}").format(
        reason=text or Refused.tr("no reason given")
    )


def kind_words(kind: str) -> str:
    return {
        "network": Refused.tr("Referral and person"),
        "member": Refused.tr("Network member"),
        "meeting": Refused.tr("Meeting"),
        "note": Refused.tr("Note"),
        "addendum": Refused.tr("Addendum"),
        "rating": Refused.tr("Fidelity rating"),
        "review": Refused.tr("Review"),
        "supervision": Refused.tr("Supervision session"),
        "meeting_correction": Refused.tr("Meeting correction"),
    }.get(kind, Refused.tr("Record"))
