"""Supervisor screens: review queue, fidelity ratings, supervision sessions, team dashboard.

``install(main_window, store)`` adds them as pages (``main_window.add_page(title, widget)``) when
the signed-in user has the supervisor role; ``ReviewCommentsWidget(store, note_id)`` shows an
author the reviews of their own note; ``RatingDialog(store, meeting)`` lets a practitioner rate a
meeting (self or co-facilitator rating).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from odesk.ui.i18n import Context
from odesk.ui.identity import Identity
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.dashboard import DashboardPage
from odesk.ui.supervisor.queue_page import ReviewQueuePage
from odesk.ui.supervisor.rating_form import RatingDialog, RatingForm
from odesk.ui.supervisor.review_comments import ReviewCommentsWidget
from odesk.ui.supervisor.review_dialog import ReviewDialog
from odesk.ui.supervisor.supervision import SupervisionForm, SupervisionPage

if TYPE_CHECKING:
    from odesk.store import Store

__all__ = [
    "DashboardPage",
    "RatingDialog",
    "RatingForm",
    "ReviewCommentsWidget",
    "ReviewDialog",
    "ReviewQueuePage",
    "SupervisionForm",
    "SupervisionPage",
    "SupervisorPages",
    "install",
]


class SupervisorPages:
    """The pages added to the main window, so it can refresh or clear them (e.g. on lock).

    Each page reads the store when it is shown (its tab becomes current), not when built: on a
    big caseload the queue and the dashboard go over every note, and unlocking must show the
    network list without waiting for screens the supervisor may not open. The queue and the
    dashboard read on a pool thread (odesk.ui.supervisor.loading), so opening them never
    freezes the window either.
    """

    def __init__(self, ctx: SupervisorContext) -> None:
        self.ctx = ctx
        self.queue = ReviewQueuePage(ctx, lazy=True)
        self.supervision = SupervisionPage(ctx, lazy=True)
        self.dashboard = DashboardPage(ctx, lazy=True)

    @property
    def pages(self) -> list[Any]:
        return [self.queue, self.supervision, self.dashboard]

    def refresh(self) -> None:
        """After a sync or an edit: the page on screen re-reads now, the others when shown."""
        closed = getattr(self.ctx.store, "closed", False)  # then each page empties itself
        for page in self.pages:
            if closed or page.isVisible():
                page.refresh()

    def clear(self) -> None:
        for page in self.pages:
            page.clear()


Supervisor = Context("Supervisor")


def install(main_window: Any, store: Store, **_: Any) -> SupervisorPages | None:
    """Add the supervisor pages to ``main_window`` if the user is a supervisor; else do nothing."""
    if not Identity.of(store).has_role("supervisor"):
        return None
    pages = SupervisorPages(SupervisorContext.from_store(store))

    main_window.add_page(Supervisor.tr("Review queue"), pages.queue)
    main_window.add_page(Supervisor.tr("Supervision"), pages.supervision)
    main_window.add_page(Supervisor.tr("Team dashboard"), pages.dashboard)
    return pages
