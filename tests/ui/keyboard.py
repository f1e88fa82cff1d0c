"""Keyboard-only checks shared by the GUI tests: a Tab walker and a mnemonic (Alt-letter) census.

`tab_cycle` presses Tab from a window's first control, the way a person does, and returns the
controls focus visited until it came back; `focusable` lists the controls a person can reach
with Tab (visible, enabled, accepting Tab focus); `mnemonics` maps each Alt-letter of a window to
what it triggers, so a test can fail on a letter taken twice.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)


def press(widget: QWidget, key: Qt.Key, modifiers: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press and release sent to a widget through the event system (no shortcuts).

    With the text a keyboard sends ("\t" for Tab): a text box types it unless told not to.
    """
    text = {Qt.Key.Key_Tab: "\t", Qt.Key.Key_Return: "\r", Qt.Key.Key_Space: " "}.get(key, "")
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def key_click(widget: QWidget, key: Qt.Key) -> None:
    """A key as the platform delivers it: shortcuts first, then the focused widget.

    (QTest, which leaks a reference per call in PySide6 6.12: for the few keys of a test, not a
    walk of hundreds.)
    """
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key)


def focusable(window: QWidget) -> list[QWidget]:
    """The controls of `window` that Tab can reach now."""
    out = []
    for w in window.findChildren(QWidget):
        if w.window() is not window or not w.isVisible() or not w.isEnabled():
            continue
        if w.focusProxy() is not None:
            continue  # reached through the widget it stands for
        if not w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
            continue
        out.append(w)
    return out


def describe(w: QWidget | None) -> str:
    if w is None:
        return "None"
    name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
    return f"{type(w).__name__}({name.replace('&', '')!r})"


def focus_widget() -> QWidget | None:
    w = QApplication.focusWidget()
    # A widget with a focus proxy hands focus on; count what a person sees as the control.
    while w is not None and w.focusProxy() is not None:
        w = w.focusProxy()
    return w


def give_focus(qtbot: Any, widget: QWidget) -> None:
    """Activate the widget's window and put the keyboard focus on the widget, as a click would."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focus_widget() is widget, timeout=5000)


def tab_cycle(qtbot: Any, window: QWidget, first: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab from `first` until focus is back on it; the controls visited, `first` first.

    Fails if focus leaves the window, or stays on one control after a Tab (a trap).
    """
    give_focus(qtbot, first)
    seen = [first]
    sections = 0
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None, f"focus lost after {describe(seen[-1])}"
        press(current, Qt.Key.Key_Tab)
        now = focus_widget()
        assert now is not None and now.window() is window, (
            f"Tab from {describe(seen[-1])} left the window"
        )
        if now is seen[-1] and isinstance(now, QDateTimeEdit) and sections < now.sectionCount():
            sections += 1  # Qt's date fields: Tab goes through day, month, … then on
            continue
        assert now is not seen[-1], f"Tab is trapped in {describe(now)}"
        sections = 0
        if now is first:
            return seen
        seen.append(now)
    raise AssertionError(f"Tab never came back to {describe(first)}: {[describe(w) for w in seen]}")


def check_tab_cycle(qtbot: Any, window: QWidget, first: QWidget) -> list[QWidget]:
    """Tab from `first` visits every reachable control of the window exactly once and comes back."""
    seen = tab_cycle(qtbot, window, first)
    twice = {describe(w) for w in seen if seen.count(w) > 1}
    assert not twice, f"visited more than once: {sorted(twice)}"
    missed = [describe(w) for w in focusable(window) if w not in seen]
    assert not missed, f"never reached by Tab: {missed}"
    return seen


MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    m = MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each Alt-letter the visible parts of `window` answer to, with what answers to it."""
    found: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        letter = _letter(text)
        if letter:
            found.setdefault(letter, []).append(f"{what} {text.replace('&', '')!r}")

    for w in [window, *window.findChildren(QWidget)]:
        if w.window() is not window or not w.isVisible():
            continue
        if isinstance(w, QAbstractButton):
            add(w.text(), type(w).__name__)
        elif isinstance(w, QLabel) and w.buddy() is not None:
            add(w.text(), "label")
        elif isinstance(w, QGroupBox):
            add(w.title(), "group")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    add(w.tabText(i), "tab")
        elif isinstance(w, QMenuBar):
            for act in w.actions():
                if act.isVisible():
                    add(act.text(), "menu")
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}
