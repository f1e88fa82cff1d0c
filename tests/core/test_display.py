"""Dates and NHS numbers in the text written without Qt (reports, exports): one British form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from odesk.core.display import nhs_number_digits, nhs_number_spaced, uk_date, uk_datetime
from odesk.reports.period import Period


def test_dates_are_day_month_year_with_four_digit_years() -> None:
    assert uk_date(date(2026, 12, 7)) == "07/12/2026"
    assert uk_date("1926-03-04") == "04/03/1926"
    assert uk_date(datetime(2026, 12, 7, 23, 59, tzinfo=UTC)) == "07/12/2026"
    assert uk_date(None) == "" and uk_date("") == ""
    assert uk_date("not a date") == "not a date"  # shown as stored, not hidden


def test_moments_are_local_24_hour_times() -> None:
    london_summer = timezone(timedelta(hours=1))
    moment = "2026-07-01T08:05:00.000+00:00"
    assert uk_datetime(moment, london_summer) == "01/07/2026 09:05"
    assert uk_datetime(datetime(2026, 12, 7, 0, 33, tzinfo=UTC), UTC) == "07/12/2026 00:33"
    assert uk_datetime(None) == ""


def test_nhs_number_is_spaced_3_3_4_and_typed_any_way() -> None:
    assert nhs_number_spaced("9434765919") == "943 476 5919"
    assert nhs_number_spaced("943 476 5919") == "943 476 5919"
    assert nhs_number_spaced("943-476-5919") == "943 476 5919"
    assert nhs_number_spaced("12345") == "12345"  # not a number's shape: left as it is
    assert nhs_number_spaced(None) == ""
    assert nhs_number_digits(" 943 476\u00a05919 ") == "9434765919"


def test_report_period_label_uses_the_same_form() -> None:
    assert Period(date(2026, 3, 1), date(2026, 4, 30)).label() == "01/03/2026 to 30/04/2026"
