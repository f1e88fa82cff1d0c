"""A rating form is generated from a scale file: a new JSON file gives a new form."""

from __future__ import annotations

import json

from odesk.reports import load_scales
from odesk.ui.supervisor import RatingForm
from odesk.ui.supervisor.context import SupervisorContext
from tests.reports.known_data import build, rid

NEW_SCALE = {
    "id": "trust-local-5",
    "name": "Local reflective practice (test)",
    "version": "2",
    "level": "meeting",
    "items": [
        {"id": "q1", "label": "Everyone present had a voice"},
        {"id": "q2", "label": "Practitioners reflected in front of the network"},
        {"id": "q3", "label": "Options were left open"},
    ],
    "score": {"min": 1, "max": 4, "labels": {"1": "rarely", "4": "throughout"}},
}


def test_form_from_a_new_scale_file_saves_a_rating(qtbot, tmp_path, sup_store):
    (tmp_path / "local.json").write_text(json.dumps(NEW_SCALE))
    ctx = SupervisorContext.from_store(sup_store, scales=load_scales(tmp_path))
    meeting = sup_store.get(rid("M1c"))
    form = RatingForm(ctx, meeting)
    qtbot.addWidget(form)

    assert form.scale_box.currentData() == "trust-local-5"
    assert list(form.item_boxes) == ["q1", "q2", "q3"]
    q1 = form.item_boxes["q1"]
    assert q1.accessibleName() == "Everyone present had a voice"
    assert [q1.itemData(i) for i in range(q1.count())] == [None, 1, 2, 3, 4]
    assert q1.itemText(4) == "4 – throughout"
    assert form.role_box.currentData() == "supervisor"

    form.set_score("q1", 4)
    form.set_score("q2", 2)  # q3 left "not rated"
    form.role_box.setCurrentIndex(form.role_box.findData("co_facilitator"))
    form.comment.setPlainText("Good reflecting team.")
    with qtbot.waitSignal(form.saved) as saved:
        form.save_button.click()
    rating = saved.args[0]
    stored = sup_store.get(rating["id"])
    assert stored["scores"] == {"q1": 4, "q2": 2, "q3": None}
    assert stored["instrument"] == "trust-local-5"
    assert stored["rater_role"] == "co_facilitator"
    assert stored["rater_id"] == "u-sue"
    assert (stored["meeting_id"], stored["network_id"]) == (rid("M1c"), rid("N1"))
    assert stored["comment"] == "Good reflecting team."


def test_switching_scale_rebuilds_the_items(qtbot, tmp_path, sup_store):
    (tmp_path / "a.json").write_text(json.dumps(NEW_SCALE))
    other = {**NEW_SCALE, "id": "b", "name": "Another", "items": [{"id": "x", "label": "X"}]}
    (tmp_path / "b.json").write_text(json.dumps(other))
    ctx = SupervisorContext.from_store(sup_store, scales=load_scales(tmp_path))
    form = RatingForm(ctx, sup_store.get(rid("M1a")))
    qtbot.addWidget(form)
    form.scale_box.setCurrentIndex(form.scale_box.findData("b"))
    assert list(form.item_boxes) == ["x"]
    form.scale_box.setCurrentIndex(form.scale_box.findData("trust-local-5"))
    assert list(form.item_boxes) == ["q1", "q2", "q3"]


def test_no_scales_means_no_save(qtbot, tmp_path, sup_store):
    ctx = SupervisorContext.from_store(sup_store, scales={})
    form = RatingForm(ctx, sup_store.get(rid("M1a")))
    qtbot.addWidget(form)
    assert not form.save_button.isEnabled()
    assert form.message.text() == "No rating scales are installed."
    assert form.save() is None


def test_rating_from_the_review_dialog(qtbot, tmp_path, ctx, sup_store):
    from odesk.ui.supervisor import ReviewDialog

    (tmp_path / "local.json").write_text(json.dumps(NEW_SCALE))
    ctx.scales = load_scales(tmp_path)
    dialog = ReviewDialog(ctx, rid("note-M2b"))
    qtbot.addWidget(dialog)
    assert dialog.rating_form is not None
    dialog.rating_form.set_score("q3", 1)
    stored = dialog.rating_form.save()
    assert stored is not None
    assert sup_store.get(stored["id"])["meeting_id"] == rid("M2b")


def test_practitioner_self_rating_dialog(qtbot, tmp_path):
    from odesk.ui.supervisor import RatingDialog
    from tests.ui.supervisor.people import USERS, open_store

    (tmp_path / "scales").mkdir()
    (tmp_path / "scales" / "local.json").write_text(json.dumps(NEW_SCALE))
    store = open_store(tmp_path / "cal", USERS[3], build())
    try:
        dialog = RatingDialog(store, store.get(rid("M1c")), scales=load_scales(tmp_path / "scales"))
        qtbot.addWidget(dialog)
        form = dialog.form
        assert form.role_box.currentData() == "self"  # not a supervisor
        form.set_score("q2", 3)
        with qtbot.waitSignal(dialog.saved) as saved:
            form.save_button.click()
        stored = store.get(saved.args[0]["id"])
        assert (stored["rater_id"], stored["rater_role"]) == ("u-cal", "self")
        assert stored["scores"] == {"q1": None, "q2": 3, "q3": None}
    finally:
        store.close()


def test_scales_sent_by_the_server_are_offered(qtbot, sup_store):
    broken = {"id": "broken", "name": "Broken", "items": []}
    sup_store.meta_set("scales", [NEW_SCALE, broken])
    ctx = SupervisorContext.from_store(sup_store)
    assert "trust-local-5" in ctx.scales
    assert ctx.scale_error is not None and "items: must be a non-empty list" in ctx.scale_error
    form = RatingForm(ctx, sup_store.get(rid("M1a")))
    qtbot.addWidget(form)
    assert form.scale_box.findData("trust-local-5") >= 0
    assert "could not be read" in form.message.text()


def _offered(form) -> list[str]:
    return [form.role_box.itemData(i) for i in range(form.role_box.count())]


def test_only_the_roles_the_server_accepts_are_offered(qtbot, sup_store):
    from tests.ui.supervisor.people import USERS

    meeting = sup_store.get(rid("M1a"))  # a meeting of a team-north network
    cases = [
        (USERS[0], ["self", "co_facilitator", "supervisor"]),  # works in and supervises it
        (
            {"id": "u-rae", "roles": ["supervisor"], "supervises_team_ids": ["team-north"]},
            ["supervisor", "researcher"],  # reads the team without working in it
        ),
        (USERS[3], ["self", "co_facilitator"]),
        (USERS[4], []),  # another team's practitioner
        ({}, ["self", "co_facilitator", "supervisor", "researcher"]),  # not enrolled yet
    ]
    for user, expected in cases:
        sup_store.meta_set("user", user)
        form = RatingForm(SupervisorContext.from_store(sup_store, scales=load_scales()), meeting)
        qtbot.addWidget(form)
        assert _offered(form) == expected, user.get("id")
        assert form.save_button.isEnabled() == bool(expected)
        if not expected:
            assert form.message.text() == "You do not rate meetings of this team."
            assert form.save() is None


def test_before_enrolment_the_form_starts_on_rating_as_self(qtbot, sup_store):
    """Every role is offered until the server says who I am; a practitioner rating their own
    meeting is the common case, so the form does not start on "supervisor"."""
    sup_store.meta_set("user", {})
    form = RatingForm(
        SupervisorContext.from_store(sup_store, scales=load_scales()), sup_store.get(rid("M1a"))
    )
    qtbot.addWidget(form)
    assert form.role_box.currentData() == "self"
