"""Names, never ids: every screen a practitioner or supervisor opens is walked (item models,
labels, text views, buttons, combo boxes, accessible names) and no UUID-shaped text may appear;
a person the laptop does not know is "unknown person" with a short reference. The note PDF's
and the subject-access record's HTML are read the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from odesk.ui.main_window import MainWindow
from odesk.ui.people import UUID_TEXT, attendee_name, unknown_person, user_name
from tests.reports.known_data import _record, build, extra_notes, rid
from tests.ui.supervisor.people import USERS, open_store

GHOST = "7d1c6f0e-3b7a-4c55-9a51-2f4b8e0c9d11"  # a user no directory on this laptop holds
GONE_MEMBER = "5e2b9a44-0c1d-4f7e-8a3b-6d9c0e1f2a3b"  # a member record this laptop never got
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


def records() -> list[dict]:
    out = build() + extra_notes()
    for r in out:
        if r["id"] == rid("M1c"):
            r["attendees"] = [
                *r["attendees"],
                {"user_id": GHOST, "role": "practitioner"},
                {"member_id": GONE_MEMBER, "role": "network"},
                {"name": "Grandma Quillfeather", "role": "network"},
            ]
        if r["id"] == rid("note-M1c"):
            r["voices"] = [
                {"attendee": rid("mother"), "text": "I worry at night"},
                {"attendee": "u-cal", "text": "We heard that"},
                {"attendee": GHOST, "text": "Someone we do not know"},
                {"attendee": GONE_MEMBER, "text": "A member not on this laptop"},
                {"attendee": "Grandma Quillfeather", "text": "Typed by name"},
            ]
            r["cosign_requested"] = [GHOST, "u-ana"]  # "awaiting co-signature by" a name
        if r["id"] == rid("N1"):
            r["key_practitioner_ids"] = ["u-ana", GHOST]
    ghostly = {"created_by": GHOST, "updated_by": GHOST}
    out += [
        _record(
            "addendum",
            "add-ghost",
            note_id=rid("note-M1c"),
            network_id=rid("N1"),
            author_id=GHOST,
            reason="clarification",
            text="Added by someone unknown here",
            **ghostly,
        ),
        _record(
            "review",
            "review-ghost",
            note_id=rid("note-M1c"),
            network_id=rid("N1"),
            reviewer_id=GHOST,
            status="seen",
            comment="A comment from an unknown reviewer",
            **ghostly,
        ),
        _record(
            "supervision",
            "sup-ghost",
            team_id="team-north",
            at="2026-03-21T14:00:00+00:00",
            facilitator_id=GHOST,
            attendee_ids=["u-ana", GHOST],
            network_ids=[rid("N1")],
            **ghostly,
        ),
    ]
    return out


def _columns(model: Any, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def model_texts(model: Any, parent: QModelIndex = QModelIndex()) -> Iterator[str]:  # noqa: B008
    if model is None:
        return
    columns = _columns(model, parent)
    for column in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            yield str(model.headerData(column, Qt.Orientation.Horizontal, role) or "")
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value
            if column == 0 and columns > 1 and model.rowCount(index) > 0:
                yield from model_texts(model, index)


def texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """Everything a person (or their screen reader) can be shown, widget by widget."""
    for w in [top, *top.findChildren(QWidget)]:
        where = f"{type(w).__name__} '{w.accessibleName() or w.objectName()}'"
        for text in (w.windowTitle(), w.accessibleName(), w.accessibleDescription(), w.toolTip()):
            yield where, text
        if isinstance(w, QLabel | QAbstractButton):
            yield where, w.text()
        if isinstance(w, QTextEdit | QPlainTextEdit):
            yield where, w.toPlainText()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield where, w.itemText(i)
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield where, w.tabText(i)
        if isinstance(w, QAbstractItemView):
            for text in model_texts(w.model()):
                yield where, text
        if isinstance(w, QGraphicsView) and w.scene() is not None:  # the network map's drawing
            for item in w.scene().items():
                yield where, item.toolTip()
                if isinstance(item, QGraphicsSimpleTextItem):
                    yield where, item.text()
                elif isinstance(item, QGraphicsTextItem):
                    yield where, item.toPlainText()


def ids_shown(top: QWidget) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in texts(top) if UUID_TEXT.search(text)})


def all_text(top: QWidget) -> str:
    return "\n".join(text for _where, text in texts(top))


def test_the_resolver() -> None:
    directory = {"u-cal": {"id": "u-cal", "name": "Cal Social Worker"}}
    members = {GONE_MEMBER: {"name": "Mum"}}
    assert user_name(directory, "u-cal") == "Cal Social Worker"
    assert user_name(directory, GHOST) == "unknown person (7d1c6f0e)" == unknown_person(GHOST)
    assert user_name(directory, "") == ""
    assert attendee_name(directory, members, GONE_MEMBER) == "Mum"
    assert attendee_name(directory, {}, GONE_MEMBER) == "unknown person (5e2b9a44)"
    assert attendee_name(directory, members, "Grandma") == "Grandma"  # a name typed at the visit


def test_no_screen_shows_an_id_where_a_person_belongs(qtbot: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "sue", USERS[0], records())
    # the ghost's co-signature, made on the ghost's own device, arrives by sync
    from odesk.core.revs import new_rev

    signed = store.get(rid("note-M1c"))
    assert signed is not None
    cosigned = {
        **{k: v for k, v in signed.items() if not k.startswith("_")},
        "rev": new_rev([signed["rev"]]),
        "parent_revs": [signed["rev"]],
        "updated_by": GHOST,
        "device_id": "device-ghost",
        "cosigned_by": [{"user_id": GHOST, "at": "2026-03-09T13:00:00+00:00"}],
    }
    store.apply_remote([{"server_seq": 1, "record": cosigned}], "c1")
    assert store.get(rid("note-M1c"))["cosigned_by"] == cosigned["cosigned_by"]
    # a change the server refused (shown in the conflicts view with its record named)
    refused = store.save({**store.get(rid("friend")), "phone": "01234 567890"})
    pending = [p for p in store.outbox_pending(500) if p["record"]["id"] == refused["id"]]
    store.mark_inflight([p["change_id"] for p in pending])
    store.mark_acknowledged(
        [{"change_id": p["change_id"], "status": "rejected", "reason": "no"} for p in pending]
    )
    # two laptops changed a meeting's attendance offline: a conflict shown side by side
    from odesk.core.revs import new_rev

    base = store.get(rid("M1b"))
    assert base is not None
    store.import_revisions(
        [
            {
                **base,
                "rev": new_rev([base["rev"]]),
                "parent_revs": [base["rev"]],
                "updated_at": stamp,
                "attendees": attendees,
            }
            for stamp, attendees in (
                ("2026-03-05T11:00:00.000+00:00", [{"user_id": GHOST, "role": "practitioner"}]),
                ("2026-03-05T11:01:00.000+00:00", [{"member_id": GONE_MEMBER, "role": "network"}]),
            )
        ]
    )
    assert rid("M1b") in store.conflicts()
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    try:
        seen: dict[str, list[str]] = {}
        shown: list[str] = []

        def walk(name: str, top: QWidget) -> None:
            seen[name] = ids_shown(top)
            shown.append(all_text(top))

        walk("network list", window)
        assert window.select_network(rid("N1"))
        page = window.network_page
        for i in range(page.tabs.count()):
            page.tabs.setCurrentIndex(i)
            walk(f"network page, tab {page.tabs.tabText(i)}", page)

        map_views = page.findChildren(QGraphicsView)
        assert map_views and any(
            "Marigold Quillfeather" in text for view in map_views for _where, text in texts(view)
        ), "the network map's drawing was not walked"

        # the key-practitioner dialog (a known unknown practitioner among the chosen)
        def walk_key_dialog() -> None:
            try:
                walk("key practitioners", page.key_dialog)
            finally:
                page.key_dialog.reject()  # never leave exec() waiting

        QTimer.singleShot(0, walk_key_dialog)
        page.edit_key_practitioners()
        assert "unknown person (7d1c6f0e)" in shown[-1] and "Ana Nurse" in shown[-1]
        assert "key practitioners" in seen

        # search: what it finds is named, never an id
        search = window.show_search()
        assert search is not None
        for query in ("Quillfeather", "worry", "unknown", "comment"):
            search.query.setText(query)
            search.run()
            assert search.model.rowCount() > 0, query
            walk(f"search {query!r}", search)
        search.close()

        editor = window.open_meeting(rid("N1"), rid("M1c"))
        assert editor is not None
        walk("meeting editor", editor)
        readback = editor.read_back()
        walk("read-back", readback)
        readback.close()

        pages = window.supervisor_pages
        assert pages is not None
        for sub in pages.pages:
            window.tabs.setCurrentWidget(sub)
            if hasattr(sub, "loading"):  # the queue and the dashboard read on a pool thread
                qtbot.waitUntil(lambda sub=sub: not sub.loading, timeout=15_000)
            walk(f"supervisor {sub.accessibleName()}", sub)
        queue = pages.queue
        queue.show_reviewed.setChecked(True)
        from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE

        proxy = queue.model
        [row] = [
            r
            for r in range(proxy.rowCount())
            if proxy.data(proxy.index(r, 0), NOTE_ID_ROLE) == rid("note-M1c")
        ]
        dialog = queue.open_index(proxy.index(row, 0))
        walk("review dialog", dialog)
        dialog.discard()

        window.show_conflicts()
        view = window.conflicts_view
        row = next(r for r, info in enumerate(view.items) if info.record_id == rid("M1b"))
        view.open_conflict(row)
        walk("sync and conflicts", window.conflicts_page)

        from odesk.ui.record_document import record_html, store_names

        record = record_html(store, rid("N1"), store_names(store))
        seen["subject access record"] = sorted(set(UUID_TEXT.findall(record)))
        shown.append(record)

        assert {name: ids for name, ids in seen.items() if ids} == {}
        everything = "\n".join(shown)
        for name in ("Cal Social Worker", "Marigold Quillfeather", "Grandma Quillfeather"):
            assert name in everything
        for unknown in ("unknown person (7d1c6f0e)", "unknown person (5e2b9a44)"):
            assert unknown in everything
    finally:
        window.lock()
