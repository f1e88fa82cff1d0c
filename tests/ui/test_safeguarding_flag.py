"""A safeguarding concern in any note shows on its network in the list and on the network page,
as an icon and words a screen reader reads too, until a supervisor's review marks it addressed."""

from __future__ import annotations

from typing import Any

from odesk.ui.network_list import ACCESSIBLE_TEXT_ROLE, DECORATION_ROLE, NetworkTableModel
from tests.ui.conftest import USER, add_network

COLUMN = NetworkTableModel.COLUMNS.index("safeguarding")


def note_with_concern(
    store: Any, network: dict, *, concern: bool = True, state: str = "signed"
) -> dict:
    meeting = store.save(
        {
            "kind": "meeting",
            "network_id": network["id"],
            "status": "held",
            "start": "2026-01-05T12:00:00+00:00",
        }
    )
    return store.save(
        {
            "kind": "note",
            "meeting_id": meeting["id"],
            "network_id": network["id"],
            "author_id": USER["id"],
            "state": state,
            "signed_at": "2026-01-05T14:00:00+00:00" if state == "signed" else None,
            "summary": "We met",
            "safety": {"discussed": True, "text": "Worry", "safeguarding_concern": concern},
        }
    )


def row_flag(window: Any, name: str) -> dict:
    model = window.network_model
    model.fetch_all()
    for r in range(model.rowCount()):
        if model.row_at(r).name == name:
            index = model.index(r, COLUMN)
            return {
                "text": model.data(index),
                "icon": model.data(index, DECORATION_ROLE),
                "spoken": model.data(index, ACCESSIBLE_TEXT_ROLE),
            }
    raise AssertionError(f"{name} not listed")


def test_list_and_page_flag_a_concern_until_a_review_addresses_it(qtbot: Any, window: Any) -> None:
    store = window.store
    flagged = add_network(store, name="Flagged Fictional")
    quiet = add_network(store, name="Quiet Fictional")
    note = note_with_concern(store, flagged)
    note_with_concern(store, quiet, concern=False)
    window.refresh()

    assert window.network_model.header_labels()[COLUMN] == "Safeguarding"
    flag = row_flag(window, "Flagged Fictional")
    assert flag["text"] == "Concern"  # under the column title "Safeguarding"
    assert COLUMN == 1  # beside the name, not past the edge of a narrow list
    assert flag["icon"] is not None and not flag["icon"].isNull()
    assert "1 note" in flag["spoken"]
    assert row_flag(window, "Quiet Fictional")["text"] == ""

    combo = window.filter_combo
    combo.setCurrentIndex(combo.findData("safeguarding"))
    model = window.network_model
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["Flagged Fictional"]

    window.select_network(flagged["id"])
    page = window.network_page
    qtbot.waitUntil(lambda: page.network is not None and page.network["id"] == flagged["id"])
    banner = page.safeguarding
    assert banner.isVisible()
    assert "Safeguarding concern" in banner.text.text()
    assert banner.accessibleName() == "Safeguarding concern"
    assert "1 note" in banner.accessibleDescription()
    assert not banner.icon.pixmap().isNull()

    # the supervisor's review, arrived by sync, marks it addressed: every flag goes
    store.save(
        {
            "kind": "review",
            "note_id": note["id"],
            "network_id": flagged["id"],
            "reviewer_id": "u-supervisor",
            "status": "seen",
            "safeguarding_addressed": True,
        }
    )
    window.refresh()
    assert [model.row_at(r).name for r in range(model.rowCount())] == []
    combo.setCurrentIndex(combo.findData("all"))
    assert row_flag(window, "Flagged Fictional")["text"] == ""
    assert not banner.isVisible()


def test_a_concern_ticked_on_one_side_of_a_conflicting_note_keeps_the_flag(
    qtbot: Any, window: Any
) -> None:
    """The author wrote the draft on two laptops, ticking the concern on one only: until the
    author merges, the note shows one side, but the concern is not lowered without a person."""
    from odesk.ui.safeguarding import open_concerns
    from tests.store.test_sync_support import pushed, remote

    store = window.store
    for ticked_here in (True, False):
        network = add_network(store, name=f"Split {ticked_here} Fictional")
        draft = note_with_concern(store, network, concern=False, state="draft")
        pushed(store)
        mine = {**draft, "summary": "Here"}
        mine["safety"] = {**draft["safety"], "safeguarding_concern": ticked_here}
        store.save(mine)
        theirs = remote(draft, summary="There")
        theirs["safety"] = {**draft["safety"], "safeguarding_concern": not ticked_here}
        store.apply_remote([{"server_seq": 1, "record": theirs}], 1)
        assert draft["id"] in store.conflicts()
        assert open_concerns(store).get(network["id"]) == [draft["id"]]
        window.refresh()
        assert row_flag(window, f"Split {ticked_here} Fictional")["text"] == "Concern"
        window.select_network(network["id"])
        page = window.network_page
        qtbot.waitUntil(
            lambda n=network, p=page: p.network is not None and p.network["id"] == n["id"]
        )
        assert page.safeguarding.isVisible() and page.safeguarding.count == 1
