"""Dates and NHS numbers as UK clinicians read them: one short date-and-time form (07/12/2026
09:30) in the lists, editors, read-back and history, date pickers instead of typed YYYY-MM-DD,
and the NHS number shown 3 3 4 and accepted with spaces."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel

from odesk.ui.forms import NetworkDialog
from odesk.ui.times import format_date, format_datetime, local_time
from tests.ui.conftest import add_network

SHORT = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")
SRC_UI = Path(__file__).resolve().parents[2] / "src" / "odesk" / "ui"


@pytest.fixture
def c_locale() -> Any:
    """A bare session's C locale, which Qt writes as "7 12 2026 00:33"."""
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(QLocale("en_GB"))


def test_one_british_form_even_in_a_bare_c_locale(c_locale: Any) -> None:
    moment = datetime(2026, 12, 7, 0, 33, tzinfo=UTC).astimezone()
    shown = format_datetime(moment)
    assert SHORT.match(shown), shown
    assert shown == moment.strftime("%d/%m/%Y %H:%M")
    assert format_date("1926-03-04") == "04/03/1926"
    assert local_time(moment.isoformat(), seconds=True) == moment.strftime("%d/%m/%Y %H:%M:%S")


def test_a_locale_with_two_digit_years_still_shows_the_century() -> None:
    QLocale.setDefault(QLocale("en_US"))
    try:
        assert format_date("1926-03-04") == "3/4/1926"
    finally:
        QLocale.setDefault(QLocale("en_GB"))


def test_lists_pages_and_history_show_the_short_form(qtbot: Any, window: Any) -> None:
    network = add_network(window.store, received_at="2026-01-05T09:00:00.000+00:00")
    window.store.save(
        {**network, "person": {"name": "Robin Fictional", "nhs_number": "9434765919",
                               "date_of_birth": "1990-02-03"}}
    )  # fmt: skip
    window.refresh()
    model = window.network_model
    received = model.index(0, model.COLUMNS.index("received")).data()
    assert SHORT.match(received), received
    window.select_network(network["id"])
    page = window.network_page
    shown = [w.text() for w in page.person_box.findChildren(QLabel)]
    assert "943 476 5919" in shown and "03/02/1990" in shown
    assert any(SHORT.match(t) for t in shown)  # referral received
    when = page.history.index(0, 0).data()
    assert re.match(r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d$", when), when


def test_editor_inputs_are_pickers_in_the_short_form(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    editor = window.open_meeting(network["id"], None)
    for edit in (editor.start, editor.end, editor.next_at):
        assert edit.calendarPopup()
        assert edit.displayFormat() == "dd/MM/yyyy HH:mm"


def test_date_of_birth_is_picked_not_typed_and_nhs_number_spaced(qtbot: Any) -> None:
    dlg = NetworkDialog(
        [("team-podlet-a", "Podlet A")],
        {"kind": "network", "team_id": "team-podlet-a",
         "person": {"name": "Jo Madeup", "nhs_number": "9434765919"}},
    )  # fmt: skip
    qtbot.addWidget(dlg)
    assert isinstance(dlg.dob, QDateEdit) and dlg.dob.calendarPopup()
    assert dlg.dob.displayFormat() == "dd/MM/yyyy"
    assert dlg.dob.text() == "Not known"  # no date of birth recorded yet
    assert isinstance(dlg.received, QDateTimeEdit) and dlg.received.calendarPopup()
    assert dlg.received.displayFormat() == "dd/MM/yyyy HH:mm"
    assert dlg.nhs.text() == "943 476 5919"
    dlg._ok()
    assert dlg.result_record is not None
    assert "date_of_birth" not in dlg.result_record["person"]
    assert dlg.result_record["person"]["nhs_number"] == "9434765919"
    dlg.result_record = None
    dlg.dob.setDate(QDate(1990, 2, 3))
    assert dlg.dob.text() == "03/02/1990"
    dlg.nhs.setText(" 943-476 5919 ")
    dlg._ok()
    assert dlg.result_record is not None
    assert dlg.result_record["person"]["date_of_birth"] == "1990-02-03"
    assert dlg.result_record["person"]["nhs_number"] == "9434765919"
    assert dlg.dob.maximumDate() == QDate.currentDate()  # no birth in the future


def test_no_fixed_date_patterns_left_in_the_screens() -> None:
    """Every date on screen goes through odesk.ui.times: no strftime, no hard-coded formats."""
    offenders = []
    for path in SRC_UI.rglob("*.py"):
        if path.name == "times.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if "strftime(" in line or "setDisplayFormat(" in line:
                offenders.append(f"{path.relative_to(SRC_UI)}:{n}: {line.strip()}")
    assert offenders == []
