"""Read-back shows the room exactly what the note says, except the safety section, which stays
hidden behind a warning until the practitioner confirms; addenda are read back too."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import hold, type_text
from tests.ui.test_meeting_note import open_editor, pick

SAFETY = "Dad shouted at the youngest last week"


def write_note(window: Any) -> Any:
    store = window.store
    editor = open_editor(window)
    [alex] = [m for m in editor.members.values() if m["name"] == "Alex Fictional"]
    store.save({**alex, "may_share": False})
    editor.members[alex["id"]] = store.get(alex["id"])
    pick(editor, "the person")
    hold(editor)
    type_text(editor.summary, "We met at the kitchen table")
    person_key = editor.attendees.attendees()[0]["name"]
    type_text(editor.voice_edits[person_key], "I want to sleep again")
    editor.option_text.setText("Try a walk each morning")
    editor.add_option()
    editor.safety_discussed.setChecked(True)
    type_text(editor.safety_text, SAFETY)
    editor.safeguarding.setChecked(True)
    return editor


def answer(qtbot: Any, dlg: Any, show: bool) -> None:
    box = dlg.confirm_box
    assert box is not None and box.isVisible()
    wanted = QMessageBox.ButtonRole.AcceptRole if show else QMessageBox.ButtonRole.RejectRole
    [button] = [b for b in box.buttons() if box.buttonRole(b) == wanted]
    button.click()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_safety_is_hidden_until_confirmed_and_the_rest_is_the_notes_text(
    qtbot: Any, window: Any
) -> None:
    editor = write_note(window)
    dlg = editor.read_back()
    text = dlg.text()
    for said in ("We met at the kitchen table", "I want to sleep again", "Try a walk each morning"):
        assert said in text
    assert SAFETY not in text and "safeguarding concern was raised" not in text
    assert "The safety section is hidden." in text
    assert dlg.warning.isVisible()
    assert "hidden" in dlg.warning_text.text() and dlg.warning.accessibleDescription()
    assert dlg.toggle_button.accessibleName() == "Show the safety section"

    # asking, then keeping it hidden, shows nothing more
    dlg.toggle_button.click()
    assert "Alex Fictional" in dlg.confirm_box.text()  # may share: no
    answer(qtbot, dlg, show=False)
    assert SAFETY not in dlg.text() and not dlg.safety_shown

    dlg.toggle_button.click()
    answer(qtbot, dlg, show=True)
    shown = dlg.text()
    assert SAFETY in shown and "A safeguarding concern was raised." in shown
    assert "shown to everyone" in dlg.warning_text.text()
    # showing adds the safety section in the note's own words and changes nothing else
    hidden_lines, shown_lines = set(text.splitlines()), set(shown.splitlines())
    assert shown_lines - hidden_lines == {
        "Safety was discussed openly.",
        SAFETY,
        "A safeguarding concern was raised.",
    }
    assert hidden_lines - shown_lines == {"The safety section is hidden."}

    dlg.toggle_button.click()  # hiding needs no question
    assert SAFETY not in dlg.text() and dlg.confirm_box.isHidden()
    dlg.close()


def test_addenda_are_read_back(qtbot: Any, window: Any) -> None:
    editor = write_note(window)
    assert editor.sign()
    editor.add_addendum("correction", "The walk is in the afternoon")
    dlg = editor.read_back()
    text = dlg.text()
    assert "The walk is in the afternoon" in text and "Addendum (correction)" in text
    assert SAFETY not in text
    dlg.close()


def test_a_note_without_a_safety_section_has_nothing_to_hide(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    type_text(editor.summary, "Only a summary")
    dlg = editor.read_back()
    assert "Only a summary" in dlg.text()
    assert not dlg.warning.isVisible() and "hidden" not in dlg.text()
    dlg.close()


def test_the_editor_behind_does_not_show_the_safety_text_around_the_read_back(
    qtbot: Any, window: Any
) -> None:
    """The room sees the whole screen: the editor's safety box and safeguarding tick must not
    show beside a smaller read-back window."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QScrollArea

    editor = write_note(window)
    editor.showMaximized()
    qtbot.waitExposed(editor)
    parent = editor.safety_text.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:  # where the practitioner just typed it
        parent.ensureWidgetVisible(editor.safety_text)
    assert not editor.safety_text.visibleRegion().isEmpty()  # on screen before the read-back
    dlg = editor.read_back()
    qtbot.waitExposed(dlg)
    qtbot.waitUntil(lambda: dlg.frameGeometry().width() > 0)
    covered = dlg.frameGeometry()
    for widget in (editor.safety_text, editor.safeguarding):
        visible = widget.visibleRegion().boundingRect()
        if visible.isEmpty():
            continue
        shown = QRect(widget.mapToGlobal(visible.topLeft()), visible.size())
        assert covered.contains(shown), (widget.accessibleName(), shown, covered)
    dlg.close()
