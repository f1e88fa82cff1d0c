"""Dates and times as the person reads them, in one format everywhere: the user's locale's short
date and 24-hour or 12-hour time (for en_GB 07/12/2026 09:30), in the laptop's time zone.

Every list, editor, read-back and PDF of the app goes through these, and every date or date-time
input is set up by `date_input`/`datetime_input` (a calendar pop-up, the locale's order of day,
month and year). Qt-free text (reports, exports) uses odesk.core.display, which writes the same
British forms.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from odesk.core.ids import parse_time

if TYPE_CHECKING:
    # Named for the inputs only: the lists that show times (the network list at start-up)
    # load this module without making the input widgets' Python types and enums.
    from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

_SHORT = QLocale.FormatType.ShortFormat


def _locale() -> QLocale:
    """The user's locale; British English where there is none (the C locale of a bare session
    would write "7 12 2026 00:33")."""
    locale = QLocale()
    return QLocale("en_GB") if locale.language() == QLocale.Language.C else locale


def _date_format(locale: QLocale) -> str:
    # Four-digit years: a date of birth in 1926 and one in 2026 must not look alike.
    fmt = locale.dateFormat(_SHORT)
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy", 1)


def _datetime_format(locale: QLocale) -> str:
    return _date_format(locale) + " " + locale.timeFormat(_SHORT)


def _with_seconds(time_format: str) -> str:
    # The locale's short time has no seconds; the history needs them to order quick edits.
    return time_format.replace("mm", "mm:ss", 1) if ":ss" not in time_format else time_format


def _qdatetime(value: datetime) -> QDateTime:
    moment = value.astimezone()  # the laptop's zone, as the person lives it
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
        QTimeZone.systemTimeZone(),
    )


def format_datetime(value: datetime | str | None, seconds: bool = False) -> str:
    """A moment (aware datetime or stored ISO text) in local time; "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = parse_time(value)
        except ValueError:
            return str(value)  # shown as stored rather than hidden
    locale = _locale()
    fmt = _datetime_format(locale)
    return locale.toString(_qdatetime(value), _with_seconds(fmt) if seconds else fmt)


def format_date(value: date | str | None) -> str:
    """A calendar day (date, or ISO text such as a date of birth) in the locale's short form."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    locale = _locale()
    return locale.toString(QDate(value.year, value.month, value.day), _date_format(locale))


def format_time(value: datetime) -> str:
    """Only the local time of day, with seconds (an autosave's "Saved 09:30:12")."""
    locale = _locale()
    return locale.toString(_qdatetime(value).time(), _with_seconds(locale.timeFormat(_SHORT)))


def local_time(value: str | None, seconds: bool = False) -> str:
    """A stored UTC time in the laptop's local time (kept name: used across the screens)."""
    return format_datetime(value, seconds)


def date_input(edit: QDateEdit) -> QDateEdit:
    """A date input in the locale's order with a calendar pop-up (no typing of YYYY-MM-DD)."""
    edit.setDisplayFormat(_date_format(_locale()))
    edit.setCalendarPopup(True)
    from odesk.ui.keys import date_tab_leaves  # with the first input (see TYPE_CHECKING above)

    date_tab_leaves(edit)  # Tab moves on even from "not set"
    return edit


def datetime_input(edit: QDateTimeEdit) -> QDateTimeEdit:
    """A date-and-time input in the locale's short form with a calendar pop-up."""
    edit.setDisplayFormat(_datetime_format(_locale()))
    edit.setCalendarPopup(True)
    from odesk.ui.keys import date_tab_leaves  # with the first input (see TYPE_CHECKING above)

    date_tab_leaves(edit)  # Tab moves on even from "not set"
    return edit
