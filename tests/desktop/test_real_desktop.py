"""odesk on a real desktop session, used and read the way a screen-reader user meets it.

One app start (a child process on Xvfb through the xcb platform, with a D-Bus session bus and the
AT-SPI bus) and one AT-SPI driver: the person sets up a first store in the wizard, unlocks their
store, opens a network, writes and signs a note, searches, looks at sync and conflicts, reviews a
note and rates the meeting, opens supervision and the dashboard; the desktop's screen saver then
locks the session (over D-Bus, as GNOME or KDE would) and the app locks with it; they quit.
Every action goes through AT-SPI (the control's action, its editable text, key presses), as
assistive technology does, and each screen is walked as Orca reads it: every control a person
operates must have a name and a role. Any exception in the app or critical Qt message fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.desktop.conftest import App, Driver
from tests.reports.known_data import build, extra_notes
from tests.ui.supervisor.people import USERS, open_store
from tests.ui.test_pseudo_locale import conflict_and_refusal

pytestmark = pytest.mark.desktop

PASSPHRASE = "correct horse"  # tests.ui.supervisor.people.open_store's
NEW_PASSPHRASE = "four calm river stones"

SCREENS = {
    "wizard: passphrase",
    "wizard: recovery key",
    "wizard: connect",
    "unlock",
    "network list",
    "network: Person",
    "network: Members",
    "network: Map",
    "network: Meetings",
    "network: History",
    "meeting editor: new",
    "sign question",
    "meeting editor: signed",
    "search",
    "sync and conflicts",
    "review queue",
    "review dialog",
    "rating form",
    "supervision",
    "supervision session",
    "dashboard",
    "locked",
}


def test_a_day_on_the_desktop(session_env: dict[str, str], tmp_path: Path) -> None:
    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    conflict_and_refusal(store)  # so the conflicts view has something to show
    store.close()
    app = App(session_env, str(tmp_path / "first-run"), str(tmp_path / "sue"))
    drive = Driver(session_env)
    walks: dict[str, dict] = {}

    def screen(name: str, window: str | None = None) -> None:
        walks[name] = drive.do("walk", window=window)

    try:
        # First run: the setup wizard.
        drive.do("wait", role="password text", name="Passphrase", timeout=60)
        screen("wizard: passphrase")
        drive.do("set_text", role="password text", name="Passphrase", text=NEW_PASSPHRASE)
        drive.do("set_text", role="password text", name="Passphrase again", text=NEW_PASSPHRASE)
        drive.do("press", role="push button", name="Next >")
        drive.do("press", role="push button", name="Make a recovery key")
        drive.do("wait", role="text", name="Recovery key")
        screen("wizard: recovery key")
        drive.do("press", role="push button", name="Next >")
        drive.do("press", role="radio button", name="Connect now")
        screen("wizard: connect")
        drive.do("press", role="radio button", name="Work offline")
        drive.do("press", role="push button", name="Finish")

        # Unlock, the network list, a network's sections.
        drive.do("wait", role="password text", name="Passphrase", timeout=30)
        screen("unlock")
        drive.do("set_text", role="password text", name="Passphrase", text=PASSPHRASE)
        drive.do("press", role="push button", name="Unlock")
        drive.do("wait", role="table", name="Networks", timeout=30)
        screen("network list")
        drive.do("focus", role="table", name="Networks")
        drive.do("key", keys=["Home"])  # the first network, as a keyboard user opens it
        drive.do("wait", role="filler", name="Network sections")
        tabs = drive.do("names", role="page tab", within="Network sections")["names"]
        for tab in tabs:
            drive.do("press", role="page tab", name=tab)
            screen(f"network: {tab}")

        # A new meeting note, written and signed.
        drive.do("press", role="page tab", name="Meetings")
        drive.do("press", role="push button", name="New meeting")
        drive.do("wait", role="push button", name="Sign note")
        screen("meeting editor: new")
        drive.do("press", role="combo box", name="Planned")  # its list opens
        drive.do("key", keys=["Down", "Return"])  # Held: a note is signed for a held meeting
        drive.do("wait", role="combo box", name="Held")
        drive.do("set_text", role="text", name="Summary", text="The network met; all voices heard.")
        drive.do("said", text="Saved")  # announced over AT-SPI, the focus left where it is
        drive.do("press", role="push button", name="Sign note")
        drive.do("wait", role=None, name="Sign this note?")
        screen("sign question", window="Sign this note?")
        drive.do("press", role="push button", name="Yes")
        drive.do("wait", role="push button", name="Add addendum", enabled=True)  # signed
        screen("meeting editor: signed")

        # Search, through the menu.
        drive.do("press", role="menu item", name="Go")
        drive.do("press", role="menu item", name="Search…")
        drive.do("wait", role="dialog", name="Search")
        drive.do("set_text", role="text", name="Search text", text="voices")
        drive.do("said", text="1 found")
        screen("search", window="Search")
        drive.do("press", role="push button", name="Close", within="Search")
        drive.do("gone", role="dialog", name="Search")
        drive.do("press", role="page tab", name="Sync and conflicts")
        drive.do("focus", role="table", name="Records in conflict")
        drive.do("key", keys=["Home", "Return"])  # opens the conflict, versions side by side
        drive.do("wait", role="push button", name="Save merged version", enabled=True)
        screen("sync and conflicts")

        # The supervisor's screens.
        drive.do("press", role="page tab", name="Review queue")
        # it reads on a pool thread, saying so meanwhile (to the screen reader too)
        drive.do("said", text="Loading the review queue")
        drive.do("gone", role="progress bar", name="Loading the review queue…")
        drive.do("said", text="notes shown")
        screen("review queue")
        drive.do("focus", role="table", name="Signed notes waiting for review")
        drive.do("key", keys=["Home"])
        drive.do("press", role="push button", name="Open the selected note")
        drive.do("wait", role="dialog", name="Review note")
        screen("review dialog", window="Review note")
        drive.do("press", role="page tab", name="Rate the meeting")
        screen("rating form", window="Review note")
        drive.do("press", role="push button", name="Close", within="Review note")
        drive.do("gone", role="dialog", name="Review note")
        drive.do("press", role="page tab", name="Supervision")
        screen("supervision")
        drive.do("press", role="push button", name="Record a new supervision session")
        drive.do("wait", role="dialog", name="Supervision session")
        screen("supervision session", window="Supervision session")
        drive.do("press", role="push button", name="Cancel", within="Supervision session")
        drive.do("gone", role="dialog", name="Supervision session")
        drive.do("press", role="page tab", name="Team dashboard")
        drive.do("said", text="Loading the team's figures")
        drive.do("gone", role="progress bar", name="Loading the team's figures…")
        screen("dashboard")

        # The desktop locks the session (its screen saver, over D-Bus): odesk locks as well.
        drive.do("screensaver", active=True)
        drive.do("wait", role="password text", name="Passphrase")
        screen("locked")
        drive.do("press", role="menu item", name="File")
        drive.do("press", role="menu item", name="Quit")
        assert app.wait(30) == 0
    finally:
        drive.close()
        app.stop()
        print("app stderr:", *app.err[-40:], sep="\n")  # shown when the test fails
    assert app.failures() == []
    assert set(walks) == SCREENS
    unnamed = {name: walk["unnamed"] for name, walk in walks.items() if walk["unnamed"]}
    assert unnamed == {}
    # Each walk met the controls of its screen (a walk that sees nothing proves nothing).
    assert all(walk["controls"] >= 2 for walk in walks.values()), walks
    assert walks["meeting editor: new"]["roles"].get("push button", 0) >= 5
    assert walks["network list"]["roles"].get("table") == 1
    assert walks["sync and conflicts"]["roles"].get("text", 0) >= 1  # the merged version's fields
    assert walks["network: Map"]["roles"].get("table") == 2  # the networks, the map's members
    assert walks["dashboard"]["roles"].get("table") == 1  # a chart's figures


def test_the_walk_fails_on_controls_a_screen_reader_cannot_name(
    session_env: dict[str, str],
) -> None:
    """The walk above can fail: an icon-only button and a combo box with no label are reported
    (Qt on Linux names a combo box by its value; what it is for comes from its label)."""
    app = App(session_env, module="tests.desktop.unnamed_child")
    drive = Driver(session_env, app_name="odesk-probe")
    try:
        drive.do("wait", role="push button", name="Named", timeout=60)
        walk = drive.do("walk", window="Probe")
    finally:
        drive.close()
        app.stop()
    assert walk["roles"] == {"push button": 2, "combo box": 2}
    assert sorted(path.rsplit(" / ", 1)[-1] for path in walk["unnamed"]) == [
        "combo box[First choice]",
        "push button[]",
    ]
