"""The "Insert disc LABEL" prompt: it waits for the disc and opens the document by itself."""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from reader.gui.background import Op, OpContext, Runner
from reader.gui.core_text import said
from reader.gui.session import MountSource
from reader.model import VolumeRecord
from reader.sources.registry import open_matching
from reader.sources.volume import Volume

WAIT_INTERVAL_MS = 1000  # how often the prompt looks for the disc


class InsertDiscDialog(QDialog):
    """Non-modal "Insert disc LABEL": looks for the disc every second, off the GUI thread.

    Looks at the disc's last place and at every mount point the mount source lists; the
    disc is recognised by its content (volume id / fingerprint), at any mount point or
    drive letter. Cancel stops looking.

    Signals:
        found(object): the disc's Volume, open and going by its known id.
    """

    found = Signal(object)

    def __init__(
        self,
        record: VolumeRecord | None,
        volume_id: str,
        what: str,
        mount_source: MountSource,
        *,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._looking = False
        self._closed = False
        self.volume_id = volume_id
        self.record = record
        self.mount_source = mount_source
        self.label = record.label if record else volume_id
        self.setModal(False)
        self.setWindowTitle(self.tr("Insert disc"))
        self.setAccessibleName(self.tr("Insert disc"))
        layout = QVBoxLayout(self)
        heading = self.tr("Insert disc “{disc}”").format(disc=html.escape(self.label))
        self.heading = QLabel(f"<h3>{heading}</h3>", self)
        layout.addWidget(self.heading)
        self.message = QLabel(self._message(record, what), self)
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(420)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        row.addWidget(self.busy, 1)
        self.status = QLabel(self.tr("Waiting for the disc…"), self)
        self.status.setEnabled(False)
        row.addWidget(self.status)
        layout.addLayout(row)
        buttons = QDialogButtonBox(self)
        self.browse_button = buttons.addButton(
            self.tr("Open ISO or Folder…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.browse_button.clicked.connect(self._browse)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._extra: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(WAIT_INTERVAL_MS)
        self._timer.timeout.connect(self.check_now)
        self.finished.connect(self._stop)

    def _message(self, record: VolumeRecord | None, what: str) -> str:
        which = ""
        if record is not None and record.disc_no and record.disc_count:
            if record.title:
                which = self.tr(", disc {number} of {count} of “{title}”")
            else:
                which = self.tr(", disc {number} of {count}")
            which = which.format(
                number=record.disc_no,
                count=record.disc_count,
                title=html.escape(record.title or ""),
            )
        return self.tr(
            "{document} is on the disc “{disc}”{which}, which is not inserted.<br><br>Insert "
            "it in any drive, or mount the disc or its ISO image anywhere: the document opens "
            "by itself as soon as the disc is there."
        ).format(document=html.escape(what), disc=html.escape(self.label), which=which)

    def start(self) -> None:
        self.show()
        self._timer.start()
        self.check_now()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def check_now(self) -> None:
        """Look for the disc once (in the background); quiet while a look is running, so
        a slow disc spinning up never piles up looks."""
        if self._looking:
            return
        self._looking = True
        vid, record, extra = self.volume_id, self.record, list(self._extra)
        places = [*extra, *self.mount_source()]

        def look(_ctx: OpContext) -> Volume | None:
            # Off the GUI thread: only its own inputs, no widget, no registry.
            return open_matching(vid, record, places)

        self._runner.run(Op(look, self._checked, self._look_failed, name="looking for a disc"))

    def _look_failed(self, exc: Exception) -> None:
        self._looking = False
        if self._closed:
            return
        text = self.tr("Could not look for the disc ({reason}); still trying…")
        self.status.setText(text.format(reason=said(exc)))

    def _checked(self, volume: Volume | None) -> None:
        self._looking = False
        if volume is None:
            return
        if self._closed or not self.waiting:
            volume.close()  # cancelled meanwhile
            return
        self._timer.stop()
        self.status.setText(self.tr("Found."))
        self.found.emit(volume)
        self.accept()

    def _browse(self) -> None:
        title = self.tr("Where is the disc “{disc}”?").format(disc=self.label)
        path = QFileDialog.getExistingDirectory(self, title)
        if path:
            self._extra.append(path)
            self.check_now()

    def _stop(self) -> None:
        self._timer.stop()

    def shutdown(self) -> None:
        """No more looks; a look under way that finds the disc closes it again."""
        self._closed = True
        self._timer.stop()
