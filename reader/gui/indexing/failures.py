"""The files that could not be read, with the reason of each: a list the user can copy."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.gui.core_text import said


class FailuresDialog(QDialog):
    """Disc, path and reason of each failed file; "Copy List" puts them on the clipboard."""

    def __init__(
        self, failures: Sequence[tuple[str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Files that could not be read"))
        self.setAccessibleName(self.tr("Failed files"))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        n = len(failures)
        self.summary = QLabel(
            self.tr(
                "%Ln files could not be read. Their names are still searchable. File → Retry "
                "Failed Files reads them again (a disc cleaned, a newer version of the app).",
                "",
                n,
            ),
            self,
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Disc"), self.tr("File"), self.tr("Why")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for disc, path, stored in failures:
            reason = said(stored)
            item = QTreeWidgetItem([disc, path, reason])
            item.setToolTip(1, path)
            item.setToolTip(2, reason)
            self.tree.addTopLevelItem(item)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(1, 380)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            self.tr("Copy List"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._failures = list(failures)

    def copy(self) -> None:
        """The list as tab-separated lines (disc, path, reason), for a mail or a sheet."""
        lines = ["\t".join(row) for row in self._failures]
        QApplication.clipboard().setText("\n".join(lines))
