"""Supervision sessions: recorded per team, listed newest first, reopened for amendment."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt

from odesk.ui.supervisor import SupervisionPage
from odesk.ui.supervisor.supervision import SupervisionModel
from tests.reports.known_data import rid


def check(widget, value: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).data(Qt.ItemDataRole.UserRole) == value:
            widget.item(i).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{value} not offered")


def test_model_tester(qtbot, qtmodeltester, ctx):
    model = SupervisionModel(ctx)
    model.set_team("team-north")
    qtmodeltester.check(model)


def test_record_a_session_and_see_it_listed(qtbot, ctx, sup_store):
    page = SupervisionPage(ctx)
    qtbot.addWidget(page)
    assert page.team_box.currentData() == "team-north"
    assert page.model.rowCount() == 1  # the known data set's session

    form = page.new_session()
    form.at.setDateTime(QDateTime.fromString("2026-04-02T14:30:00Z", Qt.DateFormat.ISODate))
    assert form.facilitator.currentData() == "u-sue"
    check(form.attendees, "u-ana")
    check(form.attendees, "u-ben")  # podlet staff are part of the service
    check(form.networks, rid("N2"))
    assert all(
        form.networks.item(i).data(Qt.ItemDataRole.UserRole) != rid("N8")
        for i in range(form.networks.count())
    )  # another team's network is never offered
    form.inner.setPlainText("The practitioners reflected on the family's wish to meet at home.")
    form.outer.setPlainText("The team noticed the first meeting was late.")
    form.actions_edit.setPlainText("Offer an evening meeting\nAsk the peer worker to join")
    with qtbot.waitSignal(form.saved) as saved:
        form.save()
    record = sup_store.get(saved.args[0]["id"])
    assert record["team_id"] == "team-north"
    assert record["at"] == "2026-04-02T14:30:00+00:00"
    assert record["attendee_ids"] == ["u-ana", "u-ben"]
    assert record["network_ids"] == [rid("N2")]
    assert record["actions"].startswith("Offer an evening meeting")

    assert page.model.rowCount() == 2
    assert page.model.data(page.model.index(0, 4)) == "Offer an evening meeting"  # newest first
    assert page.model.data(page.model.index(0, 1)) == "Sue Supervisor"

    again = page.open_index(page.model.index(0, 0))
    assert again.inner.toPlainText().startswith("The practitioners reflected")
    assert again.at.dateTime() == QDateTime.fromString(
        "2026-04-02T14:30:00Z", Qt.DateFormat.ISODate
    )
    again.outer.setPlainText("Amended outer reflections.")
    again.save()
    assert page.model.rowCount() == 2
    assert sup_store.get(record["id"])["outer_reflections"] == "Amended outer reflections."
