"""Files that could not be read: one count everywhere, and the reasons in the window.

The command line's summary, `info`, the status bar and the Failures view name the same files;
a click on the status bar's count opens the view, whose list can be copied.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.cli.main import main as cli
from reader.gui.indexing.failures import FailuresDialog
from tests.gui.conftest import show_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def damaged_disc(tmp_path: Path) -> Path:
    root = tmp_path / "DAMAGED_1"
    (root / "1999").mkdir(parents=True)
    (root / "1999" / "report.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage, no xref")
    (root / "1999" / "bundle.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    (root / "1999" / "fine.htm").write_text("<p>A page that reads well.</p>", encoding="utf-8")
    # A link to outside the disc is never followed: marked failed when the disc is scanned.
    (root / "1999" / "outside.txt").symlink_to("/etc/hostname")
    return root


def test_every_count_of_failed_files_agrees_and_the_window_lists_their_reasons(
    qtbot: QtBot, damaged_disc: Path, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["index", str(damaged_disc)]) == 0
    said = capsys.readouterr().out
    assert cli(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    failed_paths = sorted(f["path"] for f in info["failures"])
    assert failed_paths == ["1999/bundle.zip", "1999/outside.txt", "1999/report.pdf"]
    assert f"{len(failed_paths)} failed" in said
    assert all(f"failed: {p}:" in said for p in failed_paths)

    win = show_window(qtbot)
    status = win.status_counts
    assert status.text().endswith(f">{len(failed_paths)} failed</a>")
    shown: list[FailuresDialog] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FailuresDialog):
            shown.append(dialog)
            dialog.copy_button.click()
            dialog.reject()
        else:
            QTimer.singleShot(30, look)

    QTimer.singleShot(30, look)
    # The count ends the line: a click on its last letters is a click on it.
    plain = re.sub(r"<[^>]+>", "", status.text())
    left = status.contentsRect().left() + status.fontMetrics().horizontalAdvance(plain)
    end = QPoint(left - 4, status.height() // 2)
    qtbot.mouseClick(status, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    tree = shown[0].tree
    rows = [
        [tree.topLevelItem(i).text(c) for c in range(3)]  # type: ignore[union-attr]
        for i in range(tree.topLevelItemCount())
    ]
    assert [r[1] for r in rows] == failed_paths
    assert all(r[0] == "DAMAGED_1" and r[2] for r in rows)  # each with its disc and reason
    reasons = {f["path"]: f["error"] for f in info["failures"]}
    assert [r[2] for r in rows] == [reasons[p] for p in failed_paths]
    copied = QApplication.clipboard().text().splitlines()
    assert copied == ["\t".join(r) for r in rows]
