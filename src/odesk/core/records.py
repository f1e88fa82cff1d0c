"""The record envelope and every kind's fields (DESIGN §3), with validation.

Each kind is declared as data (a tree of `Field`s), so validation, pseudonymisation and search
indexing all read the same declaration. Errors name the record and the dotted field path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from odesk.core.fastcheck import compile_check
from odesk.core.ids import parse_time
from odesk.core.revs import REV_RE

KINDS = (
    "network",
    "member",
    "meeting",
    "note",
    "addendum",
    "rating",
    "review",
    "supervision",
    "meeting_correction",
)

# A meeting's facts that a signed note of it vouches for: frozen once any note of the meeting is
# signed, changed after that only by a meeting_correction (odesk.core.integrity).
FROZEN_MEETING_FIELDS = ("status", "start", "end", "location", "location_detail", "attendees")

# Envelope fields in the order exports write them.
ENVELOPE_ORDER = (
    "id",
    "kind",
    "rev",
    "parent_revs",
    "deleted",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "device_id",
    "hlc",
)
ENVELOPE_FIELDS = frozenset(ENVELOPE_ORDER)

_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
# user, team and device ids are set by the server
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


# C0 control characters (NUL and the rest below space): refused in every string a record
# carries, except tab, line feed and carriage return in free text (a field marked text=True).
# They cannot be stored by PostgreSQL (NUL), break logs and terminals, and no clinician types them.
_CONTROL_RE = re.compile(r"[\x00-\x1f]")
_TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_MESSAGE = "must not contain control characters"


def has_control(value: str, *, free_text: bool = False) -> bool:
    """True when ``value`` holds a C0 control character (tab and newlines allowed in free text)."""
    return (_TEXT_CONTROL_RE if free_text else _CONTROL_RE).search(value) is not None


def printable(value: object, limit: int = 200) -> str:
    """``value`` as text safe for a log line or an error message: control characters (and DEL)
    shown as escapes, cut to ``limit`` characters."""
    text = str(value)[:limit]
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


class ValidationError(ValueError):
    def __init__(self, record_id: str | None, field_path: str, message: str) -> None:
        # Both may come from the input (an id, an unknown field's name): made printable, since
        # the message is answered to the client and written to the server's log.
        record_id = printable(record_id, 128) if record_id else None
        field_path = printable(field_path, 200)
        self.record_id = record_id or "?"
        self.field = field_path
        self.message = message
        super().__init__(f"record {self.record_id}: {field_path}: {message}")


@dataclass(frozen=True)
class Field:
    """One field of a kind.

    type: str | text | bool | date | time | uuid | id | number | enum | list | object
    pii: identifies a person (name, contact, NHS number, address, date of birth)
    text: clinical free text (indexed for search, removed by pseudonymisation)
    """

    type: str
    required: bool = False
    nullable: bool = True
    choices: tuple[str, ...] = ()
    item: Field | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    pii: bool = False
    text: bool = False


def F(type_: str, **kw: Any) -> Field:  # noqa: N802 - reads like a declaration
    return Field(type_, **kw)


def _obj(**fields: Field) -> dict[str, Field]:
    return fields


_ATTENDEE = F(
    "object",
    fields=_obj(
        member_id=F("uuid"),
        user_id=F("id"),
        name=F("str", pii=True),
        role=F(
            "enum",
            required=True,
            nullable=False,
            choices=("person", "network", "practitioner", "peer_worker", "other"),
        ),
        facilitator=F("bool"),
        present=F("bool"),
    ),
)

KIND_FIELDS: dict[str, dict[str, Field]] = {
    "network": _obj(
        team_id=F("id", required=True, nullable=False),
        person=F(
            "object",
            required=True,
            nullable=False,
            fields=_obj(
                name=F("str", required=True, nullable=False, pii=True),
                preferred_name=F("str", pii=True),
                date_of_birth=F("date", pii=True),
                nhs_number=F("nhs_number", pii=True),
                pronouns=F("str"),
                phone=F("str", pii=True),
                address=F("str", pii=True),
            ),
        ),
        referral=F(
            "object",
            required=True,
            nullable=False,
            fields=_obj(
                received_at=F("time", required=True, nullable=False),
                source=F("str"),
                reason=F("str", text=True),
                urgency=F("enum", choices=("very_urgent", "urgent", "routine")),
            ),
        ),
        status=F("enum", required=True, nullable=False, choices=("open", "closed")),
        closed_at=F("time"),
        closed_reason=F("str", text=True),
        key_practitioner_ids=F("list", item=F("id", nullable=False)),
        trial=F(
            "object",
            fields=_obj(
                participant_id=F("str"),
                consent=F("bool"),
                consented_at=F("time"),
                arm=F("enum", choices=("open_dialogue", "usual_care")),
            ),
        ),
        sharing_note=F("str", text=True),
    ),
    "member": _obj(
        network_id=F("uuid", required=True, nullable=False),
        name=F("str", required=True, nullable=False, pii=True),
        relationship=F("str"),
        category=F(
            "enum",
            required=True,
            nullable=False,
            choices=("family", "friend", "professional", "peer", "other"),
        ),
        phone=F("str", pii=True),
        email=F("str", pii=True),
        may_share=F("bool"),
        notes=F("str", text=True),
        active=F("bool"),
    ),
    "meeting": _obj(
        network_id=F("uuid", required=True, nullable=False),
        status=F(
            "enum",
            required=True,
            nullable=False,
            choices=("planned", "held", "cancelled", "did_not_attend"),
        ),
        planned_start=F("time"),
        start=F("time"),
        end=F("time"),
        location=F("enum", choices=("home", "clinic", "community", "phone", "video", "other")),
        location_detail=F("str", pii=True),
        attendees=F("list", item=_ATTENDEE),
        # Why a meeting was removed: set on its tombstone revision, kept in its history.
        deleted_reason=F("str", text=True),
    ),
    "note": _obj(
        meeting_id=F("uuid", required=True, nullable=False),
        network_id=F("uuid", required=True, nullable=False),
        author_id=F("id", required=True, nullable=False),
        state=F("enum", required=True, nullable=False, choices=("draft", "signed")),
        signed_at=F("time"),
        cosigned_by=F(
            "list",
            item=F(
                "object",
                fields=_obj(
                    user_id=F("id", required=True, nullable=False),
                    at=F("time", required=True, nullable=False),
                ),
            ),
        ),
        # Who the author asked to co-sign, set when signing (part of the signed content); each
        # adds her own entry to cosigned_by from her own device.
        cosign_requested=F("list", item=F("id", nullable=False)),
        summary=F("str", text=True),
        voices=F(
            "list",
            item=F(
                "object",
                fields=_obj(
                    attendee=F("str", required=True, nullable=False), text=F("str", text=True)
                ),
            ),
        ),
        reflections=F("str", text=True),
        options=F("list", item=F("str", nullable=False, text=True)),
        agreements=F("str", text=True),
        uncertainties=F("str", text=True),
        safety=F(
            "object",
            fields=_obj(
                discussed=F("bool"), text=F("str", text=True), safeguarding_concern=F("bool")
            ),
        ),
        next_meeting=F("object", fields=_obj(at=F("time"), location=F("str", pii=True))),
        late_entry=F("bool"),
        late_reason=F("str", text=True),
    ),
    "addendum": _obj(
        note_id=F("uuid", required=True, nullable=False),
        network_id=F("uuid"),
        author_id=F("id", required=True, nullable=False),
        reason=F(
            "enum",
            required=True,
            nullable=False,
            choices=("correction", "late_information", "clarification", "other"),
        ),
        text=F("str", required=True, nullable=False, text=True),
    ),
    "rating": _obj(
        meeting_id=F("uuid", required=True, nullable=False),
        network_id=F("uuid", required=True, nullable=False),
        instrument=F("id", required=True, nullable=False),
        rater_id=F("id", required=True, nullable=False),
        rater_role=F(
            "enum",
            required=True,
            nullable=False,
            choices=("self", "co_facilitator", "supervisor", "researcher"),
        ),
        scores=F("scores", required=True, nullable=False),
        comment=F("str", text=True),
    ),
    "review": _obj(
        note_id=F("uuid", required=True, nullable=False),
        network_id=F("uuid", required=True, nullable=False),
        reviewer_id=F("id", required=True, nullable=False),
        status=F(
            "enum",
            required=True,
            nullable=False,
            choices=("seen", "for_supervision", "discussed"),
        ),
        comment=F("str", text=True),
        # The reviewer has acted on the note's safeguarding concern; until a review says so,
        # the concern is flagged on the network, in the review queue and on the dashboard.
        safeguarding_addressed=F("bool"),
    ),
    "supervision": _obj(
        team_id=F("id", required=True, nullable=False),
        at=F("time", required=True, nullable=False),
        facilitator_id=F("id"),
        attendee_ids=F("list", item=F("id", nullable=False)),
        network_ids=F("list", item=F("uuid", nullable=False)),
        inner_reflections=F("str", text=True),
        outer_reflections=F("str", text=True),
        actions=F("str", text=True),
    ),
    # A correction of a meeting's frozen facts after a note of it was signed; never changes.
    "meeting_correction": _obj(
        meeting_id=F("uuid", required=True, nullable=False),
        network_id=F("uuid", required=True, nullable=False),
        fields=F(
            "list",
            required=True,
            nullable=False,
            item=F(
                "object",
                nullable=False,
                fields=_obj(
                    field=F("enum", required=True, nullable=False, choices=FROZEN_MEETING_FIELDS),
                    old=F("any", pii=True),
                    new=F("any", pii=True),
                ),
            ),
        ),
        reason=F("str", required=True, nullable=False, text=True),
        author_id=F("id", required=True, nullable=False),
    ),
}

# Fields naming who is responsible for a revision; the server checks them against the caller.
AUTHOR_FIELDS = {
    "note": "author_id",
    "meeting_correction": "author_id",
    "addendum": "author_id",
    "rating": "rater_id",
    "review": "reviewer_id",
}


def nhs_number_valid(value: str) -> bool:
    """NHS number: 10 digits, the last a modulus-11 check digit over the first nine."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_STRING_TYPES = frozenset(("str", "id", "uuid", "nhs_number", "date", "time", "enum"))


# One function a scalar type: the message when the value is wrong, None when it is right. A table
# rather than a chain of tests, since every field of every pulled or pushed revision comes here.
MAX_STR = 200_000


def _bad_str(value: str, spec: Field) -> str | None:
    if len(value) > MAX_STR:
        return "is too long"
    # Nearly every string is printable, which str.isprintable says fastest; the rest (free
    # text with line breaks, other separators) is asked of the pattern.
    if value.isprintable() or not has_control(value, free_text=spec.text):
        return None
    return CONTROL_MESSAGE


def _bad_id(value: str, spec: Field) -> str | None:
    return None if _ID_RE.match(value) else "is not a valid id"


def _bad_uuid(value: str, spec: Field) -> str | None:
    return None if _UUID_RE.match(value) else "is not a UUID"


def _bad_nhs_number(value: str, spec: Field) -> str | None:
    if nhs_number_valid(value):
        return None
    return "is not a valid NHS number (10 digits with a modulus-11 check digit)"


def _bad_date(value: str, spec: Field) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a date (YYYY-MM-DD)"
    return None if len(value) == 10 else "is not a date (YYYY-MM-DD)"


def _bad_time(value: str, spec: Field) -> str | None:
    try:
        parse_time(value)
    except ValueError:
        return "is not an ISO 8601 time with a UTC offset"
    return None


def _bad_enum(value: str, spec: Field) -> str | None:
    return None if value in spec.choices else f"must be one of {', '.join(spec.choices)}"


def _bad_bool(value: Any, spec: Field) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


# Numbers JSON carries exactly everywhere (RFC 7493): a larger one would be rounded by some
# reader on the way (the server's JSON parser reads a longer integer as a float), so it is
# refused rather than stored as something else. NaN and infinities fail the same test.
MAX_NUMBER = 2**53 - 1


def _bad_number(value: Any, spec: Field) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        return f"must be a number from -{MAX_NUMBER} to {MAX_NUMBER}"
    return None


_SCALAR_CHECKS: dict[str, Callable[[Any, Field], str | None]] = {
    "str": _bad_str,
    "id": _bad_id,
    "uuid": _bad_uuid,
    "nhs_number": _bad_nhs_number,
    "date": _bad_date,
    "time": _bad_time,
    "enum": _bad_enum,
    "bool": _bad_bool,
    "number": _bad_number,
}


def _scores_fault(value: Any, spec: Field) -> tuple[str, str] | None:
    """What is wrong with a rating's scores: (the path below the field, the message), or None."""
    if not isinstance(value, dict):
        return "", "must be an object of item id to number or null"
    for item_id, score in value.items():
        if not isinstance(item_id, str) or not _ID_RE.match(item_id):
            return f".{item_id}", "is not a valid item id"
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
            return f".{item_id}", "must be a number or null"
        if score is not None and (message := _bad_number(score, spec)) is not None:
            return f".{item_id}", message
    return None


def _check(record_id: str | None, prefix: str, name: str, spec: Field, value: Any) -> None:
    """Check one value; its path (prefix + name) is only spelled out for an error or a nested
    value, since most values are fine and most fields are not nested."""
    if value is None:
        if not spec.nullable:
            raise ValidationError(record_id, prefix + name, "must not be empty")
        return
    kind = spec.type
    if kind in _STRING_TYPES and not isinstance(value, str):
        raise ValidationError(
            record_id, prefix + name, f"must be a string, not {type(value).__name__}"
        )
    scalar = _SCALAR_CHECKS.get(kind)
    if scalar is not None:
        message = scalar(value, spec)
        if message is not None:
            raise ValidationError(record_id, prefix + name, message)
        return
    path = prefix + name
    if kind == "scores":
        fault = _scores_fault(value, spec)
        if fault is not None:
            raise ValidationError(record_id, path + fault[0], fault[1])
    elif kind == "list":
        if not isinstance(value, list):
            raise ValidationError(record_id, path, "must be a list")
        assert spec.item is not None
        for i, item in enumerate(value):
            _check(record_id, path, f"[{i}]", spec.item, item)
    elif kind == "object":
        if not isinstance(value, dict):
            raise ValidationError(record_id, path, "must be an object")
        _check_fields(record_id, path + ".", spec.fields, value)


_MISSING = object()


def _check_fields(
    record_id: str | None,
    prefix: str,
    specs: dict[str, Field],
    value: dict,
    extra: frozenset[str] = frozenset(),
) -> None:
    """Check an object's fields in declaration order; names in ``extra`` are allowed unchecked."""
    known = specs.keys() | extra if extra else specs.keys()
    if not value.keys() <= known:
        for name in value:
            if name not in known:
                raise ValidationError(record_id, prefix + str(name), "is not a known field")
    for name, spec in specs.items():
        item = value.get(name, _MISSING)
        if item is _MISSING or (item is None and spec.required):
            if spec.required:
                raise ValidationError(record_id, prefix + name, "is required")
            continue
        _check(record_id, prefix, name, spec, item)


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return record["id"]
    return None


def validate_content(record: dict) -> None:
    """Check a record's kind and the kind's fields, ignoring the envelope (drafts being built)."""
    rid = _record_id(record)
    if not isinstance(record, dict):
        raise ValidationError(rid, "record", "must be an object")
    kind = record.get("kind")
    if kind not in KINDS:
        raise ValidationError(rid, "kind", f"must be one of {', '.join(KINDS)}")
    # The envelope's fields are allowed beside the kind's and checked by validate(), if at all.
    if record.get("deleted") is True:
        # A tombstone carries no content worth checking beyond what it may still hold.
        relaxed = {k: replace(s, required=False) for k, s in KIND_FIELDS[kind].items()}
        _check_fields(rid, "", relaxed, record, ENVELOPE_FIELDS)
        return
    _check_fields(rid, "", KIND_FIELDS[kind], record, ENVELOPE_FIELDS)


_ENVELOPE_SPEC: dict[str, Field] = {
    "id": F("uuid", required=True, nullable=False),
    "created_at": F("time", required=True, nullable=False),
    "created_by": F("id", required=True, nullable=False),
    "updated_at": F("time", required=True, nullable=False),
    "updated_by": F("id", required=True, nullable=False),
    "device_id": F("id", required=True, nullable=False),
    "hlc": F("str", required=True, nullable=False),
}


def validate(record: dict) -> None:
    """Check a full revision: envelope and the kind's fields. Raises ValidationError."""
    if type(record) is dict:
        kind = record.get("kind")
        accept = _ACCEPT.get(kind) if type(kind) is str else None
        if accept is not None and accept(record):
            return
    _validate_precisely(record)


def _validate_precisely(record: dict) -> None:
    """validate's walk value by value, which names the field at fault."""
    rid = _record_id(record)
    if not isinstance(record, dict):
        raise ValidationError(rid, "record", "must be an object")
    for name, spec in _ENVELOPE_SPEC.items():
        if record.get(name) is None:
            raise ValidationError(rid, name, "is required")
        _check(rid, "", name, spec, record[name])
    fault = _revs_fault(record)
    if fault is not None:
        raise ValidationError(rid, *fault)
    if not isinstance(record.get("deleted", False), bool):
        raise ValidationError(rid, "deleted", "must be true or false")
    validate_content(record)
    if kind_of(record) == "meeting_correction" and not record.get("deleted"):
        _check_correction(rid, record)


def kind_of(record: dict) -> str | None:
    kind = record.get("kind")
    return kind if isinstance(kind, str) else None


def _check_correction(rid: str | None, record: dict) -> None:
    """A correction names each frozen field once, changes it, and gives it a value the meeting
    itself could hold, with a reason."""
    fields = record["fields"]
    if not fields:
        raise ValidationError(rid, "fields", "must name at least one corrected field")
    if not str(record.get("reason") or "").strip():
        raise ValidationError(rid, "reason", "must say why the meeting is corrected")
    seen: set[str] = set()
    meeting_fields = KIND_FIELDS["meeting"]
    for i, item in enumerate(fields):
        name = item["field"]
        if name in seen:
            raise ValidationError(rid, f"fields[{i}].field", "names a field twice")
        seen.add(name)
        if _canonical_value(item.get("old")) == _canonical_value(item.get("new")):
            raise ValidationError(rid, f"fields[{i}].new", "is the same as the old value")
        _check(rid, f"fields[{i}].", "new", meeting_fields[name], item.get("new"))
        _check(rid, f"fields[{i}].", "old", meeting_fields[name], item.get("old"))


def _canonical_value(value: Any) -> Any:
    """Empty text and no value say the same about a meeting's fact."""
    return None if value == "" else value


def _revs_fault(record: dict) -> tuple[str, str] | None:
    """What is wrong with a revision's rev and parent_revs: (the field, the message), or None."""
    rev = record.get("rev")
    match = REV_RE.match(rev) if isinstance(rev, str) else None
    if match is None:
        return "rev", 'must be "<generation>-<32 hex>"'
    parents = record.get("parent_revs")
    if not isinstance(parents, list):
        return "parent_revs", "must be a list of revision ids"
    if not parents:
        # A first revision (most of those checked), as the lines below answer it: generation 1,
        # which the pattern (no leading zero) spells only "1".
        return None if match.group(1) == "1" else ("rev", "generation must be 1 for these parents")
    top = 0
    for parent in parents:
        found = REV_RE.match(parent) if isinstance(parent, str) else None
        if found is None:
            return "parent_revs", "must be a list of revision ids"
        top = max(top, int(found.group(1)))
    if parents and (len(set(parents)) != len(parents) or rev in parents):
        return "parent_revs", "must not repeat a revision"
    if int(match.group(1)) != top + 1:
        return "rev", f"generation must be {top + 1} for these parents"
    return None


def _revs_ok(record: dict) -> bool:
    """The envelope's revision fields, for odesk.core.fastcheck; False for a tombstone too (its
    content is checked relaxed, by the precise walk)."""
    return record.get("deleted", False) is False and _revs_fault(record) is None


# The precise walk's own tests of a scalar value, for odesk.core.fastcheck (None = right).
# "any" (a correction's old and new values) takes any value in the walk too; what those values
# may be is _check_correction's, which the correction's fast check runs first.
_FAST_CHECKS: dict[str, Callable[[Any, Any], object]] = {
    **_SCALAR_CHECKS,
    "scores": _scores_fault,
    "any": lambda value, spec: None,
}
assert not _ENVELOPE_SPEC.keys() & {n for fields in KIND_FIELDS.values() for n in fields}

# The same tests written inline for odesk.core.fastcheck, each true only where the function
# above answers None (tests/core/test_fastcheck.py draws values to hold them to it): a string
# short enough and printable, an id or UUID its pattern matches, one of an enum's choices, a
# boolean. Anything else (free text with line breaks, a time) goes through the function.
# A long ASCII string (a note's sections run to hundreds of characters) is asked whether all
# its bytes are ones has_control allows by bytes.translate: about twice as fast as
# str.isprintable at a note section's length, and it lets the line breaks of free text through
# without the pattern's search.
_ASCII_ALLOWED = {
    text: bytes(b for b in range(128) if not has_control(chr(b), free_text=text))
    for text in (False, True)
}
_LONG = 160  # characters from which translate is the quicker way


def _quick_str(name: Callable[[Any], str], v: str, spec: Any) -> str:
    allowed = name(_ASCII_ALLOWED[bool(spec.text)])
    ascii_ok = f"({v}.isascii() and not {v}.encode().translate(None, {allowed}))"
    size = f"{v}_len"  # len() asked once: a note has a dozen strings
    return (
        f"({v}.isprintable() if ({size} := len({v})) < {_LONG}"
        f" else ({size} <= {MAX_STR} and ({ascii_ok} or {v}.isprintable())))"
    )


_QUICK: dict[str, Callable[[Callable[[Any], str], str, Any], str]] = {
    "str": _quick_str,
    "id": lambda name, v, spec: f"{name(_ID_RE.match)}({v}) is not None",
    "uuid": lambda name, v, spec: f"{name(_UUID_RE.match)}({v}) is not None",
    "enum": lambda name, v, spec: f"{v} in {name(frozenset(spec.choices))}",
    "bool": lambda name, v, spec: f"({v} is True or {v} is False)",
}


# One generated check a kind: envelope, revision fields and the kind's fields in one pass.
def _correction_ok(record: dict) -> bool:
    """A meeting correction's own rules (_check_correction), for odesk.core.fastcheck: False
    for anything the walk would refuse, whatever shape it has."""
    if not _revs_ok(record):
        return False
    try:
        _check_correction(None, record)
    except (ValidationError, LookupError, TypeError, AttributeError):
        return False
    return True


class _Checks(dict[str, Callable[[dict], bool]]):
    """Each kind's generated check, compiled the first time a record of that kind is checked:
    compiling all nine at import cost every process that loads this module (the desktop app's
    start-up among them, which checks no record before its list is on screen) about 6 ms."""

    def __missing__(self, kind: str) -> Callable[[dict], bool]:
        fields = KIND_FIELDS[kind]  # KeyError for a kind that is not one
        check = compile_check(
            f"accept_{kind}",
            {**_ENVELOPE_SPEC, **fields},
            ENVELOPE_FIELDS,
            _FAST_CHECKS,
            _STRING_TYPES,
            _correction_ok if kind == "meeting_correction" else _revs_ok,
            _QUICK,
        )
        # Two threads compiling the same kind at once make the same function; either is kept.
        self[kind] = check
        return check

    def get(self, kind: str, default: Any = None) -> Any:
        try:
            return self[kind]
        except KeyError:
            return default


_ACCEPT = _Checks()


def content_of(record: dict) -> dict:
    """The kind's fields of a record, without the envelope."""
    return {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS}


def network_id_of(record: dict) -> str | None:
    """The network a record belongs to (None for supervision and for addenda without network_id)."""
    if record.get("kind") == "network":
        return record.get("id")
    value = record.get("network_id")
    return value if isinstance(value, str) else None


def field_paths(kind: str, *, pii: bool = False, text: bool = False) -> list[str]:
    """Dotted paths of a kind's fields flagged pii and/or text ("voices[].text" for list items)."""
    out: list[str] = []

    def walk(prefix: str, specs: dict[str, Field]) -> None:
        for name, spec in specs.items():
            path = prefix + name
            if (pii and spec.pii) or (text and spec.text):
                out.append(path)
            if spec.type == "object":
                walk(path + ".", spec.fields)
            elif spec.type == "list" and spec.item is not None:
                if (pii and spec.item.pii) or (text and spec.item.text):
                    out.append(path + "[]")
                if spec.item.type == "object":
                    walk(path + "[].", spec.item.fields)

    walk("", KIND_FIELDS[kind])
    return out
