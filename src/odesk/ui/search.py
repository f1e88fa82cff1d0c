"""Global search (Ctrl+F): the store's full-text index, matching words highlighted.

The store marks matches with private characters that cannot occur in typed text; the model
turns them into <b> tags after escaping everything else, and a delegate paints that HTML.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.a11y import LiveLabel, name_clear_button
from odesk.ui.i18n import Context
from odesk.ui.keys import open_rows

if TYPE_CHECKING:
    from odesk.store import Store

ModelIndex = QModelIndex | QPersistentModelIndex
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_ROLE = Qt.ItemDataRole.UserRole + 2
_START, _END = "\ue000", "\ue001"
KIND_LABEL = {
    "network": QT_TRANSLATE_NOOP("Search", "Person"),
    "member": QT_TRANSLATE_NOOP("Search", "Network member"),
    "meeting": QT_TRANSLATE_NOOP("Search", "Meeting"),
    "note": QT_TRANSLATE_NOOP("Search", "Note"),
    "addendum": QT_TRANSLATE_NOOP("Search", "Addendum"),
    "review": QT_TRANSLATE_NOOP("Search", "Review"),
    "rating": QT_TRANSLATE_NOOP("Search", "Rating"),
    "supervision": QT_TRANSLATE_NOOP("Search", "Supervision"),
}


Search = Context("Search")


def highlight(snippet: str) -> str:
    return escape(snippet).replace(_START, "<b>").replace(_END, "</b>")


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []

    def set_results(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    def result(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        label = Search.tr(KIND_LABEL.get(r["kind"], r["kind"]))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{label}: {r['snippet'].replace(_START, '').replace(_END, '')}"
        if role == HTML_ROLE:
            return f"<small>{escape(label)}</small><br>{highlight(r['snippet'])}"
        if role == RESULT_ROLE:
            return r
        return None


class HtmlDelegate(QStyledItemDelegate):
    def _doc(self, option: QStyleOptionViewItem, index: ModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(option.rect.width(), 200))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class SearchDialog(QDialog):
    open_record = Signal(dict)  # a search result {record_id, kind, network_id, snippet}

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(Search.tr("Search"))
        self.query = QLineEdit()
        self.query.setAccessibleName(Search.tr("Search text"))
        self.query.setPlaceholderText(Search.tr("Names and note text…"))
        self.query.setClearButtonEnabled(True)
        name_clear_button(self.query)
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.setAccessibleName(Search.tr("Search results"))
        self.view.setWordWrap(True)
        open_rows(self.view, self._open)
        self.count = LiveLabel()
        self.count.setAccessibleName(Search.tr("Number of results"))
        label = QLabel(Search.tr("&Find"))
        label.setBuddy(self.query)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.query)
        lay.addWidget(self.count)
        lay.addWidget(self.view, 1)
        # A visible way out besides Escape and the title bar (which a window manager may not give).
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:  # Return opens the current result, never closes the dialog
            close.setAutoDefault(False)
            close.setDefault(False)
        lay.addWidget(buttons)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(150)
        self.debounce.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self.debounce.start())
        self.query.returnPressed.connect(self._first)
        self.resize(640, 480)

    def run(self) -> None:
        self.debounce.stop()
        text = self.query.text().strip()
        if not text or self.store.closed:
            self.model.clear()
            self.count.clear()
            return
        rows = self.store.search(text, limit=100, start=_START, end=_END)
        self.model.set_results(rows)
        self.count.setText(
            Search.tr("%n found", "", len(rows)) if rows else Search.tr("Nothing found")
        )

    def _first(self) -> None:
        self.run()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0))
            self.view.setFocus()

    def _open(self, index: ModelIndex) -> None:
        result = self.model.result(index.row())
        if result:
            self.open_record.emit(result)

    def clear(self) -> None:
        self.query.clear()
        self.model.clear()
        self.count.clear()
