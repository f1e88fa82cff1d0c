"""The network map (an ecomap): the person in the centre, members around them in sectors by group.

Family, friends, professionals, peers and others each get a sector of the circle; a legend names
them. Inactive members are drawn with a thinner tie. Colours come from the palette so the map
reads in light and dark mode alike.

A picture says nothing to a screen reader: `members_model` holds the same people as a table
(name, relationship, group, tie), shown beside the map by `members_table` and read cell by cell by
assistive technology (WCAG 1.1.1 text alternative, 1.3.1 info and relationships).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHeaderView,
    QTableView,
)

from odesk.ui.i18n import Context
from odesk.ui.keys import tab_leaves

GROUPS = ("family", "friend", "professional", "peer", "other")
# Line styles tell the groups apart without relying on colour alone.
_STYLES = {
    "family": Qt.PenStyle.SolidLine,
    "friend": Qt.PenStyle.DashLine,
    "professional": Qt.PenStyle.DotLine,
    "peer": Qt.PenStyle.DashDotLine,
    "other": Qt.PenStyle.DashDotDotLine,
}


NetworkMap = Context("NetworkMap")


def group_label(group: str) -> str:
    return {
        "family": NetworkMap.tr("Family"),
        "friend": NetworkMap.tr("Friends"),
        "professional": NetworkMap.tr("Professionals"),
        "peer": NetworkMap.tr("Peers"),
        "other": NetworkMap.tr("Other"),
    }[group]


def layout(members: list[dict], radius: float = 200.0) -> dict[str, tuple[str, QPointF]]:
    """Member id -> (group, position): one sector per group that has members, evenly spaced."""
    groups = {g: [m for m in members if (m.get("category") or "other") == g] for g in GROUPS}
    used = [g for g in GROUPS if groups[g]]
    out: dict[str, tuple[str, QPointF]] = {}
    if not used:
        return out
    sector = 2 * math.pi / len(used)
    for i, g in enumerate(used):
        people = groups[g]
        for j, m in enumerate(people):
            angle = -math.pi / 2 + sector * i + sector * (j + 1) / (len(people) + 1)
            out[m["id"]] = (g, QPointF(radius * math.cos(angle), radius * math.sin(angle)))
    return out


class NetworkMapView(QGraphicsView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(NetworkMap.tr("Network map"))
        # A graphics view's viewport takes the focus too (AT-SPI lists it focusable): named alike.
        self.viewport().setAccessibleName(NetworkMap.tr("Network map"))
        self.setAccessibleDescription(
            NetworkMap.tr("The person in the centre, their network around them by group")
        )
        self.labels: list[str] = []
        self.members_model = QStandardItemModel(0, 4, self)
        self.members_model.setHorizontalHeaderLabels(
            [
                NetworkMap.tr("Name"),
                NetworkMap.tr("Relationship"),
                NetworkMap.tr("Group"),
                NetworkMap.tr("Tie"),
            ]
        )

    def clear(self) -> None:
        self.scene().clear()
        self.labels = []
        self.members_model.setRowCount(0)

    def _list_members(self, person_name: str, rows: list[tuple[dict, str]]) -> None:
        model = self.members_model
        model.setRowCount(0)
        model.appendRow(
            [
                QStandardItem(person_name),
                QStandardItem(NetworkMap.tr("the person (centre)")),
                QStandardItem(""),
                QStandardItem(""),
            ]
        )
        for member, group in rows:
            tie = (
                NetworkMap.tr("inactive")
                if member.get("active") is False
                else NetworkMap.tr("active")
            )
            cells = [
                member.get("name") or "",
                member.get("relationship") or "",
                group_label(group),
                tie,
            ]
            model.appendRow([QStandardItem(text) for text in cells])
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                item = model.item(row, column)
                if item is not None:
                    item.setEditable(False)

    def show_network(self, person_name: str, members: list[dict]) -> None:
        scene = self.scene()
        scene.clear()
        self.labels = []
        pal = QApplication.palette()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        base = QBrush(pal.color(QPalette.ColorRole.Base))
        accent = QBrush(pal.color(QPalette.ColorRole.Highlight))
        positions = layout([m for m in members if m.get("id")], radius=260.0)
        by_id = {m["id"]: m for m in members if m.get("id")}
        for member_id, (group, pos) in positions.items():
            member = by_id[member_id]
            pen = QPen(text_color, 2, _STYLES[group])
            if member.get("active") is False:
                pen.setWidthF(1)
            scene.addLine(0, 0, pos.x(), pos.y(), pen)
        bold = QFont()
        bold.setBold(True)
        self._node(
            0,
            0,
            person_name,
            bold,
            QPen(text_color, 2),
            accent,
            pal.color(QPalette.ColorRole.HighlightedText),
            person_name,
        )
        self.labels.append(person_name)
        for member_id, (group, pos) in positions.items():
            member = by_id[member_id]
            text = member.get("name") or ""
            if member.get("relationship"):
                text += f"\n{member['relationship']}"
            tip = f"{member.get('name')} — {member.get('relationship') or group_label(group)}"
            self._node(pos.x(), pos.y(), text, QFont(), QPen(text_color, 1), base, text_color, tip)
            self.labels.append(member.get("name") or "")
        self._legend(text_color, [g for g in GROUPS if any(v[0] == g for v in positions.values())])
        self._list_members(person_name, [(by_id[i], g) for i, (g, _pos) in positions.items()])
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def _node(
        self, x: float, y: float, text: str, font: QFont, pen: QPen, fill: QBrush, color, tip: str
    ) -> None:
        """A rounded box sized to its text, centred on (x, y), drawn above the ties."""
        label = QGraphicsSimpleTextItem(text)
        label.setFont(font)
        label.setBrush(QBrush(color))
        r = label.boundingRect()
        path = QPainterPath()
        path.addRoundedRect(
            QRectF(x - r.width() / 2 - 10, y - r.height() / 2 - 6, r.width() + 20, r.height() + 12),
            12,
            12,
        )
        box = self.scene().addPath(path, pen, fill)
        box.setToolTip(tip)
        box.setZValue(1)
        label.setPos(x - r.width() / 2, y - r.height() / 2)
        label.setZValue(2)
        self.scene().addItem(label)

    def _legend(self, color, groups: list[str]) -> None:
        scene = self.scene()
        x, y = 420.0, -260.0
        title = scene.addSimpleText(NetworkMap.tr("Legend"))
        title.setBrush(QBrush(color))
        title.setPos(x, y)
        for i, g in enumerate(groups):
            yy = y + 24 + i * 20
            scene.addLine(x, yy + 8, x + 40, yy + 8, QPen(color, 2, _STYLES[g]))
            t = scene.addSimpleText(group_label(g))
            t.setBrush(QBrush(color))
            t.setPos(x + 48, yy)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def members_table(view: NetworkMapView) -> QTableView:
    """The map's people as a table, for reading beside the map (and by screen readers)."""
    table = QTableView()
    table.setModel(view.members_model)
    table.setAccessibleName(NetworkMap.tr("Members on the map"))
    table.setAccessibleDescription(
        NetworkMap.tr("The people on the network map: name, relationship, group")
    )
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setMaximumHeight(180)
    tab_leaves(table)  # arrows move in the table, Tab goes on
    return table
