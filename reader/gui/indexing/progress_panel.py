"""The indexing panel: files, MB/s, ETA, current file, failures, Cancel."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.core_text import said
from reader.indexing.progress import Phase, Progress, RunSummary
from reader.units import human_bytes, human_seconds


class ProgressPanel(QFrame):
    """Shown above the results while an indexing job runs, and after it with its report.

    Signals:
        cancel_requested(): the user pressed Cancel.
        retry_requested(): the user asked to read the failed files again.
    """

    cancel_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Indexing progress"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("Indexing…"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop indexing; opening the disc again resumes it"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        top.addWidget(self.cancel_button)
        self.retry_button = QPushButton(self.tr("Retry failed files"), self)
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()
        top.addWidget(self.retry_button)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.hide)
        self.close_button.hide()
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Files indexed"))
        layout.addWidget(self.bar)
        self.details = QLabel(self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.current = QLabel(self)
        self.current.setEnabled(False)
        layout.addWidget(self.current)
        self.failures = QListWidget(self)
        self.failures.setAccessibleName(self.tr("Failed files"))
        self.failures.setMaximumHeight(120)
        self.failures.hide()
        layout.addWidget(self.failures)

    def start(self, what: str) -> None:
        self.title.setText(self.tr("Indexing {what}…").format(what=what))
        self.bar.setRange(0, 0)  # busy until the scan knows the total
        self.details.setText(self.tr("Looking for files…"))
        self.current.setText("")
        self.failures.clear()
        self.failures.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.retry_button.hide()
        self.close_button.hide()
        self.show()

    def update_progress(self, p: Progress) -> None:
        if p.phase is Phase.SCANNING:
            self.details.setText(
                self.tr("Scanning {disc}: %Ln files found", "", p.scanned).format(disc=p.volume)
            )
            self.current.setText(p.current)
            return
        if p.phase is Phase.COPYING:
            # Bytes of the disc's ready-made index; in KB so that the bar's int holds them.
            self.bar.setRange(0, max(p.bytes_total // 1024, 1))
            self.bar.setValue(p.bytes_done // 1024)
            copied = self.tr("{done} of {total}").format(
                done=human_bytes(p.bytes_done), total=human_bytes(p.bytes_total)
            )
            speed = self.tr("{bytes}/s").format(bytes=human_bytes(p.bytes_per_second))
            eta = self.tr("ETA {time}").format(time=human_seconds(p.eta_seconds))
            self.details.setText("  ·  ".join((copied, speed, eta)))
            self.current.setText(
                self.tr("Copying the ready-made index of {disc}").format(disc=p.volume)
            )
            return
        self.bar.setRange(0, max(p.files_total, 1))
        self.bar.setValue(p.files_done if p.files_total else 1)
        parts = [
            self.tr("{done} of %Ln files", "", p.files_total).format(
                done=QLocale().toString(p.files_done)
            ),
            self.tr("{bytes}/s").format(bytes=human_bytes(p.bytes_per_second)),
            self.tr("ETA {time}").format(time=human_seconds(p.eta_seconds)),
        ]
        if p.failed:
            parts.append(self.tr("%Ln failed", "", p.failed))
        self.details.setText("  ·  ".join(parts))
        finishing = self.tr("Finishing the index…")
        self.current.setText(finishing if p.phase is Phase.FINISHING else p.current)

    def show_summary(self, summary: RunSummary) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.title.setText(self.tr("Indexing finished"))
        self.details.setText(
            self.tr("{indexed}, {failed}, {skipped}, {unchanged}, in {time}").format(
                indexed=self.tr("%Ln indexed", "", summary.indexed),
                failed=self.tr("%Ln failed", "", summary.failed),
                skipped=self.tr("%Ln skipped", "", summary.skipped),
                unchanged=self.tr("%Ln unchanged", "", summary.unchanged),
                time=human_seconds(summary.seconds),
            )
        )
        self.current.setText("")
        self.failures.clear()
        for path, reason in summary.failures:
            self.failures.addItem(f"{path}: {said(reason)}")
        self.failures.setVisible(bool(summary.failures))
        self.cancel_button.hide()
        self.retry_button.setVisible(bool(summary.failures))
        self.close_button.show()

    def show_stopped(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.title.setText(message)
        self.current.setText("")
        self.cancel_button.hide()
        self.close_button.show()
