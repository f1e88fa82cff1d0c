"""The network page keeps continuity and closure honest: key practitioners chosen from the team
directory, and closing a network asks why (the reason stays on the record and in the PDF)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from odesk.ui.forms import NetworkDialog
from odesk.ui.network_people import KeyPractitionersDialog
from odesk.ui.reason_dialog import ReasonDialog
from tests.ui.conftest import COLLEAGUE, USER, add_network, type_text


def shown(dialog_type: type) -> Any:
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, dialog_type) and w.isVisible()
    )


def person_value(page: Any, label: str) -> str:
    form = page.person_form
    for row in range(form.rowCount()):
        item = form.itemAt(row, form.ItemRole.LabelRole)
        if item is not None and item.widget().text() == label:
            return form.itemAt(row, form.ItemRole.FieldRole).widget().text()
    raise AssertionError(f"no row {label!r}")


def open_page(window: Any) -> Any:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    return window.network_page


def test_key_practitioners_are_chosen_from_the_team(qtbot: Any, window: Any) -> None:
    page = open_page(window)
    assert person_value(page, "Key practitioners") == USER["name"]

    def choose() -> None:
        dlg = shown(KeyPractitionersDialog)
        labels = [dlg.list.item(i).text() for i in range(dlg.list.count())]
        assert any(COLLEAGUE["name"] in label for label in labels)  # the team directory
        dlg.set_checked(COLLEAGUE["id"], True)
        dlg.set_checked(USER["id"], False)
        dlg.accept()

    QTimer.singleShot(0, choose)
    page.key_button.click()
    stored = window.store.get(page.network["id"])
    assert stored["key_practitioner_ids"] == [COLLEAGUE["id"]]
    assert person_value(page, "Key practitioners") == COLLEAGUE["name"]


def test_closing_asks_why_and_reopening_clears_it(qtbot: Any, window: Any) -> None:
    page = open_page(window)
    network_id = page.network["id"]

    def cancel_empty_then_give_reason() -> None:
        dlg = shown(ReasonDialog)
        dlg._ok()
        assert dlg.isVisible() and "reason" in dlg.error.text()
        type_text(dlg.reason, "Moved out of the area; care handed to the local team")
        dlg._ok()

    QTimer.singleShot(0, cancel_empty_then_give_reason)
    page.close_button.click()
    closed = window.store.get(network_id)
    assert closed["status"] == "closed" and closed["closed_at"]
    assert closed["closed_reason"] == "Moved out of the area; care handed to the local team"
    assert page.title.text().endswith("closed")
    assert person_value(page, "Reason for closing").startswith("Moved out")
    assert page.close_button.accessibleName() == "Reopen network"

    page.close_button.click()
    reopened = window.store.get(network_id)
    assert reopened["status"] == "open"
    assert "closed_reason" not in reopened and "closed_at" not in reopened


def test_the_referral_form_refuses_a_closure_without_reason(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    dlg = NetworkDialog([("team-podlet-a", "Podlet A")], network)
    qtbot.addWidget(dlg)
    assert not dlg.closed_reason.isEnabled()
    dlg.status.setCurrentIndex(dlg.status.findData("closed"))
    assert dlg.closed_reason.isEnabled()
    dlg._ok()
    assert dlg.result_record is None and "reason for closing" in dlg.error.text()
    dlg.closed_reason.setPlainText("Discharged to the GP")
    dlg._ok()
    assert dlg.result_record is not None
    assert dlg.result_record["closed_reason"] == "Discharged to the GP"
