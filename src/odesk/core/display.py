"""Dates, times and NHS numbers as UK clinicians read them, for text written without Qt.

Reports, exports and the command line use these; the desktop app formats through QLocale
(odesk.ui.times), whose British English forms are the same: 07/12/2026, 07/12/2026 09:30.
One function per kind of value, so every list, note, PDF and report shows a value one way.

- a date: ``dd/MM/yyyy`` (07/12/2026), never the ambiguous US order, never month names that
  need translating;
- a moment: the date and the 24-hour time in the local time zone, ``dd/MM/yyyy HH:mm``;
- an NHS number: three, three and four digits with single spaces (943 476 5919), as on NHS
  letters and cards; typed with or without spaces.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def uk_date(value: date | str | None) -> str:
    """07/12/2026 for a date, a datetime (its calendar day) or an ISO text; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)  # shown as stored rather than hidden
    return value.strftime(DATE_FORMAT)


def uk_datetime(value: datetime | str | None, tz: tzinfo | None = None) -> str:
    """07/12/2026 09:30 in ``tz`` (default: the computer's zone); "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if value.tzinfo is not None:
        value = value.astimezone(tz)
    return value.strftime(DATETIME_FORMAT)


def nhs_number_digits(text: str) -> str:
    """The digits of a typed NHS number: spaces and hyphens dropped (943 476 5919 -> 9434765919)."""
    return "".join(ch for ch in text if ch not in " -\u00a0\t")


def nhs_number_spaced(value: str | None) -> str:
    """943 476 5919: an NHS number in 3 3 4 groups; anything not of 10 digits as it is."""
    digits = nhs_number_digits(value or "")
    if len(digits) != 10 or not digits.isdigit():
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
