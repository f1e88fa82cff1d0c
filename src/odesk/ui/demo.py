"""`odesk demo`: the whole app on a throwaway store with an embedded trust server and fictional
data, with a practitioner and a supervisor profile to switch between (File → Switch user).

Everything lives in one temp folder that is deleted, and the server stopped, when the app quits.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from PySide6.QtGui import QAction

from odesk.demo.world import DEMO_PASSPHRASE, DemoWorld
from odesk.ui.app import make_app, quit_on_signals, unblock_quit_signals
from odesk.ui.i18n import Context
from odesk.ui.main_window import MainWindow

Demo = Context("Demo")


def switch_to(window: MainWindow, world: DemoWorld, key: str) -> None:
    if window.session is not None:
        window.lock()
    profile = world.profiles[key]
    window.data_dir = profile.data_dir
    window.unlock_widget.data_dir = profile.data_dir
    window.unlock_widget.set_notice(
        Demo.tr("Demo: {name}. The demo passphrase is “{p}”.").format(
            name=profile.user.get("name"), p=DEMO_PASSPHRASE
        )
    )
    window.open_store(world.open(key))


def build_window(world: DemoWorld) -> MainWindow:
    window = MainWindow(
        world.profiles["practitioner"].data_dir
        if "practitioner" in world.profiles
        else next(iter(world.profiles.values())).data_dir,
        opener=world.opener,
        title_note=Demo.tr("DEMO: fictional data, throwaway store with weak key derivation"),
    )
    menu = window.switch_user_menu
    menu.menuAction().setVisible(True)
    for profile in world.main_profiles():
        role = {"practitioner": Demo.tr("practitioner"), "supervisor": Demo.tr("supervisor")}
        label = Demo.tr("{name} ({role})").format(
            name=profile.user.get("name") or profile.key, role=role.get(profile.key, profile.key)
        )
        act = QAction(label, window)
        act.setData(profile.key)
        act.triggered.connect(lambda _c=False, k=profile.key: switch_to(window, world, k))
        menu.addAction(act)
    first = "practitioner" if "practitioner" in world.profiles else next(iter(world.profiles))
    switch_to(window, world, first)
    return window


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def run_demo() -> int:
    app = make_app()
    print("odesk demo: starting an embedded trust server with fictional data…", file=sys.stderr)
    # While the world is being built a TERM is an interruption, so its folder is still removed.
    signal.signal(signal.SIGTERM, _interrupt)
    unblock_quit_signals()
    try:
        with DemoWorld.running() as world:
            window: Any = build_window(world)
            window.show()
            quit_on_signals(app)
            print("odesk demo: ready", file=sys.stderr, flush=True)
            code = app.exec()
            if window.session is not None:
                window.lock()
            window.deleteLater()
    except KeyboardInterrupt:
        print("odesk demo: stopped", file=sys.stderr)
        return 1
    return int(code)
