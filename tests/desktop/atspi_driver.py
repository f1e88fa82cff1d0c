"""Drives and inspects a running app from outside its process, through AT-SPI, as Orca does.

Runs under the system Python (/usr/bin/python3), which has pyatspi; the project's environment
does not. Reads one JSON command per line on stdin and answers one JSON line on stdout:

  {"op": "wait", "role": "push button", "name": "Unlock"}      -> {"ok": true}
      (with "enabled": true, until it is also enabled)
  {"op": "gone", "role": ..., "name": ...}                     (until no longer showing)
  {"op": "press", "role": ..., "name": ...}                    (the control's first action)
  {"op": "set_text", "role": ..., "name": ..., "text": ...}    (EditableText)
  {"op": "text", "role": ..., "name": ...}                     -> {"ok": true, "text": ...}
  {"op": "focus", "role": ..., "name": ...}                    (Component.grabFocus)
  {"op": "key", "keys": ["Down", "Return"]}                   (key presses, X keysym names)
  {"op": "names", "role": "page tab", "within": <name>}        -> {"ok": true, "names": [...]}
  {"op": "walk", "window": <frame or dialog name, optional>}   -> {"ok": true, "controls": N,
                                                                   "unnamed": [...], "roles": {...}}
  {"op": "screensaver", "active": true}   (plays the desktop's org.freedesktop.ScreenSaver)
  {"op": "said", "text": "Saved"}   -> {"ok": true, "said": [...]}  (announcements heard so far,
                                       waiting until one containing "text" is heard)

"name" matches the accessible name exactly; a command that finds nothing within "timeout"
seconds (default 60, for a loaded machine) answers {"ok": false, "error": ...}. Only showing objects count: what is
on screen is what a screen-reader user meets.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi
from gi.repository import Gio, GLib

APP_NAME = sys.argv[1] if len(sys.argv) > 1 else "odesk"

# Roles a person operates: each must have a name a screen reader can say.
INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "entry",
    "spin button",
    "slider",
    "table",
    "tree table",
    "list",
    "list box",
    "tree",
    "page tab",
    "page tab list",
    "menu item",
    "check menu item",
    "radio menu item",
    "link",
    "scroll pane",
    "canvas",
    "dial",
    "date editor",
}
# Parts Qt builds into a named control; a screen reader announces the control, not these.
SKIP_ROLES = {"scroll bar", "table column header", "table row header", "table cell", "list item"}


HEARD: list[str] = []  # announcements (object:announcement events), as a screen reader hears them


def heard(event) -> None:  # type: ignore[no-untyped-def]
    HEARD.append(str(event.any_data))


def pump() -> None:
    """Deliver the AT-SPI events that arrived (they come through GLib's main loop)."""
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def app_root(timeout: float = 30.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME:
                return app
        pump()
        time.sleep(0.1)
    raise LookupError(f"no application named {APP_NAME!r} on the AT-SPI bus")


def showing(obj) -> bool:  # type: ignore[no-untyped-def]
    try:
        state = obj.getState()
    except Exception:
        return False
    return state.contains(pyatspi.STATE_SHOWING) and state.contains(pyatspi.STATE_VISIBLE)


def children(obj):  # type: ignore[no-untyped-def]
    try:
        count = obj.childCount
        if obj.getRoleName() in ("table", "tree table") and count > 200:
            count = 200  # a long table's rows: the first screenful says enough
    except Exception:
        return []  # removed by the app while the tree was walked: it has no children now
    out = []
    for i in range(count):
        try:
            child = obj.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            out.append(child)
    return out


def descend(obj, depth: int = 0):  # type: ignore[no-untyped-def]
    """Showing objects under obj, depth first (a hidden object hides its subtree)."""
    if depth > 40:
        return
    for child in children(obj):
        if showing(child):
            yield child
            yield from descend(child, depth + 1)


def enabled(obj) -> bool:  # type: ignore[no-untyped-def]
    return obj.getState().contains(pyatspi.STATE_ENABLED)


def matches(obj, role, name, *, usable=False) -> bool:  # type: ignore[no-untyped-def]
    """Whether obj has this role and name (and is enabled, if usable). An object the app removed
    while the tree was being walked answers with an AT-SPI error: it matches nothing, and the
    caller's next poll walks the tree as it is now."""
    try:
        return (
            (role is None or obj.getRoleName() == role)
            and (name is None or obj.name == name)
            and (not usable or enabled(obj))
        )
    except Exception:
        return False


def scan(role, name, within, *, usable):  # type: ignore[no-untyped-def]
    """One walk of the tree as it is now: the first match, or None."""
    root = app_root()
    scopes = [root]
    if within is not None:
        scopes = [o for o in descend(root) if matches(o, None, within)]
    for scope in scopes:
        for obj in descend(scope):
            if matches(obj, role, name, usable=usable):
                return obj
    return None


def find(role, name, within=None, timeout=15.0, *, usable=False):  # type: ignore[no-untyped-def]
    """The first showing object with this role and name (enabled too if usable), waiting."""
    end = time.monotonic() + timeout
    while True:
        try:
            found = scan(role, name, within, usable=usable)
        except Exception:  # an object removed mid-walk (AT-SPI error): walk again next poll
            found = None
        if found is not None:
            return found
        if time.monotonic() > end:
            what = "enabled" if usable else "showing"
            raise LookupError(f"no {what} {role or 'object'} named {name!r}")
        pump()
        time.sleep(0.1)


def path_of(obj) -> str:  # type: ignore[no-untyped-def]
    parts = []
    while obj is not None and obj.getRoleName() != "application":
        parts.append(f"{obj.getRoleName()}[{obj.name}]")
        obj = obj.parent
    return " / ".join(reversed(parts))


def labels(obj) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the objects labelling obj (AT-SPI's labelled-by relation)."""
    out = []
    for relation in obj.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                out.append(relation.getTarget(i).name or "")
    return [name for name in out if name.strip()]


def spoken_name(obj) -> str:  # type: ignore[no-untyped-def]
    """What a screen reader says as the control's name.

    Qt on Linux gives a combo box its current text as its name (the value, not what it is for):
    what it is for comes from a label's labelled-by relation, as Orca reads it.
    """
    if obj.getRoleName() == "combo box":
        return " ".join(labels(obj))
    return (obj.name or "").strip() or " ".join(labels(obj))


def walk(window: str | None) -> dict:
    root = app_root()
    if window is not None:
        root = find(None, window, timeout=15.0)
    unnamed, roles, count = [], {}, 0
    for obj in descend(root):
        role = obj.getRoleName()
        if role in SKIP_ROLES:
            continue
        state = obj.getState()
        interactive = role in INTERACTIVE or state.contains(pyatspi.STATE_FOCUSABLE)
        if role == "menu item" and not state.contains(pyatspi.STATE_SHOWING):
            interactive = False
        if role == "text" and not state.contains(pyatspi.STATE_FOCUSABLE):
            interactive = False  # read-only label text Qt exposes as text
        if not interactive:
            continue
        count += 1
        roles[role] = roles.get(role, 0) + 1
        if not spoken_name(obj):
            unnamed.append(path_of(obj))
    return {"ok": True, "controls": count, "unnamed": unnamed, "roles": roles}


def press(obj) -> None:  # type: ignore[no-untyped-def]
    action = obj.queryAction()
    if action.nActions < 1:
        raise LookupError(f"{path_of(obj)} has no action")
    names = [action.getName(i) for i in range(action.nActions)]
    for preferred in ("Press", "press", "click", "Toggle", "toggle", "SetFocus"):
        if preferred in names:
            action.doAction(names.index(preferred))
            return
    action.doAction(0)


class ScreenSaver:
    """Owns org.freedesktop.ScreenSaver on the session bus and emits ActiveChanged."""

    def __init__(self) -> None:
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        self.bus.call_sync(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "RequestName",
            GLib.Variant("(su)", ("org.freedesktop.ScreenSaver", 4)),
            GLib.VariantType("(u)"),
            Gio.DBusCallFlags.NONE,
            5000,
            None,
        )

    def emit(self, active: bool) -> None:
        self.bus.emit_signal(
            None,
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            GLib.Variant("(b)", (active,)),
        )
        self.bus.flush_sync(None)


# X keysyms of the keys the tests press (names as in X11/keysymdef.h).
KEYSYMS = {
    "Down": 0xFF54,
    "Up": 0xFF52,
    "Return": 0xFF0D,
    "Escape": 0xFF1B,
    "Tab": 0xFF09,
    "space": 0x20,
    "Home": 0xFF50,
}


def handle(cmd: dict, saver: list) -> dict:
    op = cmd["op"]
    role, name, timeout = cmd.get("role"), cmd.get("name"), float(cmd.get("timeout", 60))
    within = cmd.get("within")
    if op == "wait":
        find(role, name, within, timeout, usable=bool(cmd.get("enabled")))
        return {"ok": True}
    if op == "gone":
        end = time.monotonic() + timeout
        while True:
            try:
                find(role, name, within, timeout=0)
            except LookupError:
                return {"ok": True}
            if time.monotonic() > end:
                return {"ok": False, "error": f"{role} {name!r} still showing"}
            pump()
            time.sleep(0.1)  # poll the bus again (it was dead code after the loop: a busy spin)
    if op == "press":
        press(find(role, name, within, timeout, usable=True))
        return {"ok": True}
    if op == "set_text":
        obj = find(role, name, within, timeout, usable=True)
        if not obj.queryEditableText().setTextContents(cmd["text"]):
            return {"ok": False, "error": f"{path_of(obj)} refused the text"}
        return {"ok": True}
    if op == "text":
        text = find(role, name, within, timeout).queryText()
        return {"ok": True, "text": text.getText(0, text.characterCount)}
    if op == "focus":
        return {"ok": bool(find(role, name, within, timeout).queryComponent().grabFocus())}
    if op == "key":
        # Through the AT-SPI registry's device event controller (XTest on X11), to the window
        # with the keyboard focus, as if typed.
        for key in cmd["keys"]:
            keysym = KEYSYMS[key]
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        return {"ok": True}
    if op == "focused":
        for obj in descend(app_root()):
            if obj.getState().contains(pyatspi.STATE_FOCUSED):
                return {"ok": True, "path": path_of(obj)}
        return {"ok": True, "path": None}
    if op == "actions":
        action = find(role, name, within, timeout).queryAction()
        return {"ok": True, "names": [action.getName(i) for i in range(action.nActions)]}
    if op == "names":
        scope = find(None, within, timeout=timeout) if within else app_root()
        return {"ok": True, "names": [o.name for o in descend(scope) if o.getRoleName() == role]}
    if op == "walk":
        return walk(cmd.get("window"))
    if op == "said":
        end = time.monotonic() + timeout
        while not any(cmd["text"] in text for text in HEARD):
            if time.monotonic() > end:
                return {"ok": False, "error": f"{cmd['text']!r} not announced; heard {HEARD}"}
            pump()
            time.sleep(0.05)
        return {"ok": True, "said": list(HEARD)}
    if op == "screensaver":
        if not saver:
            saver.append(ScreenSaver())
        saver[0].emit(bool(cmd.get("active", True)))
        return {"ok": True}
    return {"ok": False, "error": f"unknown op {op!r}"}


READS = {"walk", "names", "focused", "text", "actions"}


def main() -> None:
    saver: list = []
    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    for line in sys.stdin:
        if not line.strip():
            continue
        pump()
        cmd = json.loads(line)
        # A read walks the whole tree; an object the app removes meanwhile answers with an
        # AT-SPI error, so a read is tried again on the tree as it is then (acts are not).
        tries = 3 if cmd.get("op") in READS else 1
        for attempt in range(tries):
            try:
                answer = handle(cmd, saver)
                break
            except Exception as exc:  # the test reports it; the driver keeps serving
                answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
                if isinstance(exc, LookupError) or attempt == tries - 1:
                    break
                pump()
                time.sleep(0.2)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
