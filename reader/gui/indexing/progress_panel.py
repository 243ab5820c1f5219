"""The indexing panel: files, MB/s, ETA, current file, failures, Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
        self.setAccessibleName("Indexing progress")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel("Indexing…", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop indexing; opening the disc again resumes it")
        self.cancel_button.clicked.connect(self.cancel_requested)
        top.addWidget(self.cancel_button)
        self.retry_button = QPushButton("Retry failed files", self)
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()
        top.addWidget(self.retry_button)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.hide)
        self.close_button.hide()
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Files indexed")
        layout.addWidget(self.bar)
        self.details = QLabel(self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.current = QLabel(self)
        self.current.setEnabled(False)
        layout.addWidget(self.current)
        self.failures = QListWidget(self)
        self.failures.setAccessibleName("Failed files")
        self.failures.setMaximumHeight(120)
        self.failures.hide()
        layout.addWidget(self.failures)

    def start(self, what: str) -> None:
        self.title.setText(f"Indexing {what}…")
        self.bar.setRange(0, 0)  # busy until the scan knows the total
        self.details.setText("Looking for files…")
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
            self.details.setText(f"Scanning {p.volume}: {p.scanned:,} files found")
            self.current.setText(p.current)
            return
        if p.phase is Phase.COPYING:
            # Bytes of the disc's ready-made index; in KB so that the bar's int holds them.
            self.bar.setRange(0, max(p.bytes_total // 1024, 1))
            self.bar.setValue(p.bytes_done // 1024)
            self.details.setText(
                f"{human_bytes(p.bytes_done)} of {human_bytes(p.bytes_total)}  ·  "
                f"{human_bytes(p.bytes_per_second)}/s  ·  ETA {human_seconds(p.eta_seconds)}"
            )
            self.current.setText(f"Copying the ready-made index of {p.volume}")
            return
        self.bar.setRange(0, max(p.files_total, 1))
        self.bar.setValue(p.files_done if p.files_total else 1)
        parts = [
            f"{p.files_done:,} of {p.files_total:,} files",
            f"{human_bytes(p.bytes_per_second)}/s",
            f"ETA {human_seconds(p.eta_seconds)}",
        ]
        if p.failed:
            parts.append(f"{p.failed:,} failed")
        self.details.setText("  ·  ".join(parts))
        self.current.setText("Finishing the index…" if p.phase is Phase.FINISHING else p.current)

    def show_summary(self, summary: RunSummary) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.title.setText("Indexing finished")
        self.details.setText(
            f"{summary.indexed:,} indexed, {summary.failed:,} failed, {summary.skipped:,} "
            f"skipped, {summary.unchanged:,} unchanged, in {human_seconds(summary.seconds)}"
        )
        self.current.setText("")
        self.failures.clear()
        for path, reason in summary.failures:
            self.failures.addItem(f"{path}: {reason}")
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
