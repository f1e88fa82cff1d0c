"""After a GUI session no clinical text is anywhere on disk outside the encrypted store: not in
QSettings, caches, the home or temp folders, nor the store's own files in clear."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from tests.ui.conftest import add_network, hold, type_text


def files_written_since(roots: list[Path], since: float, skip: set[Path]) -> list[Path]:
    out = []
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                try:
                    if path.resolve() in skip or not path.is_file():
                        continue
                    st = path.stat()
                    if st.st_mtime >= since - 1 and st.st_size < 64 * 1024 * 1024:
                        out.append(path)
                except OSError:
                    continue
    return out


def test_no_clinical_text_outside_the_store(qtbot: Any, window: Any, tmp_path: Path) -> None:
    started = time.time()
    canary = f"CANARY{uuid.uuid4().hex}"
    store = window.store
    network = add_network(store, name=f"Name {canary}")
    window.refresh()
    window.select_network(network["id"])
    editor = window.open_meeting(network["id"], None)
    type_text(editor.summary, f"summary {canary}")
    type_text(editor.reflections, f"reflection {canary}")
    qtbot.waitUntil(
        lambda: any(canary in (n.get("reflections") or "") for n in store.records("note")),
        timeout=10_000,
    )
    editor.read_back().close()
    dlg = window.show_search()
    dlg.query.setText(canary.lower()[:12])
    dlg.run()
    hold(editor)
    assert editor.sign()
    editor.add_addendum("other", f"addendum {canary}")
    chosen = tmp_path / "chosen.pdf"
    assert editor.save_pdf(str(chosen))
    window.network_page.tabs.setCurrentIndex(2)  # the map draws names
    window.grab()
    data_dir = window.data_dir
    window.close()  # saves geometry to QSettings, locks
    QSettings().sync()
    assert store.closed

    roots = [Path(os.environ["HOME"]), Path(tempfile.gettempdir()), data_dir]
    for var in (
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
    ):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]))
    written = files_written_since(roots, started, {chosen.resolve()})
    assert any(p.name == "odesk.db" for p in written)  # the scan does see the store's files
    needles = (canary.encode(), canary.encode("utf-16-le"))
    leaks = []
    for path in written:
        try:
            data = path.read_bytes()
        except OSError:  # another process's temp file, gone since the walk
            continue
        if any(n in data for n in needles):
            leaks.append(str(path))
    assert leaks == []
