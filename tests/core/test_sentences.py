"""Every sentence the core says to a person is marked for the window's translation.

The window says the core's sentences in its language by recognising their templates
(reader/sentences.py, reader/gui/core_text.py). A sentence written as a bare string or an
f-string would reach a French window in English: this scan of the core's source finds the
ones that can reach it (the errors a user is shown, the search warnings, the notes of an
indexing run, why a file failed) and fails on any not marked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reader"
# The command line and publishing speak to a terminal only, in English.
NOT_SHOWN_IN_THE_WINDOW = {"gui", "cli", "publish"}
# Errors whose text the window shows (reasons of failed files, of discs that cannot be
# opened, of runs that stopped). Others (ValueError of a bad argument, RuntimeError of a
# closed writer) are a programmer's, and go to the log.
SHOWN_ERRORS = {
    "ArchiveDamaged", "CatalogueError", "DiscGone", "DiscTomlError", "EngineUnavailable",
    "ExtractError", "IndexDamagedError", "IndexLockedError", "Interrupted", "InterruptedError",
    "LibraryError",
    "OcrCacheError", "OcrUnavailable", "SampleMissingError", "VolumeError",
}  # fmt: skip
# Calls whose last argument is shown: a search warning, an indexing run's note.
SHOWN_CALLS = {"warnings.append", "self.warnings.append", "self.note"}
# Results whose second argument is shown: why a disc's ready-made index is not used.
SHOWN_REASONS = {"Adoption", "Inspection"}


def _core_files() -> list[Path]:
    return [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).parts[0] not in NOT_SHOWN_IN_THE_WINDOW
    ]


def _marked(node: ast.expr) -> bool:
    """QT_TRANSLATE_NOOP("Core", ...), with .format(...) after it, or counted(...)."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("QT_TRANSLATE_NOOP", "counted"):
            return True
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _marked(func.value)
    return False


def _words(node: ast.expr) -> str:
    """The text of a literal string or f-string; "" for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    return ""


def _unmarked(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        texts: list[ast.expr] = []
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in SHOWN_ERRORS:
                texts = list(node.exc.args[:2])
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in SHOWN_CALLS:
            texts = list(node.args[-1:])
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in SHOWN_REASONS:
            texts = list(node.args[1:2])
        elif isinstance(node, ast.keyword) and node.arg == "error":
            texts = [node.value]
        for text in texts:
            if len(re.findall(r"[A-Za-z]{2,}", _words(text))) >= 2 and not _marked(text):
                found.append(f"{path.relative_to(root)}:{text.lineno}: {ast.unparse(text)[:80]}")
    return found


def test_every_sentence_the_window_can_show_is_marked_for_translation() -> None:
    files = _core_files()
    assert any(p.name == "pipeline.py" for p in files)
    left = [line for path in files for line in _unmarked(path)]
    assert not left, (
        'write these as QT_TRANSLATE_NOOP("Core", "...{name}...").format(name=...) '
        "(reader/sentences.py):\n" + "\n".join(left)
    )


def test_the_scan_finds_an_unmarked_sentence(tmp_path: Path) -> None:
    sample = tmp_path / "reader" / "sample_module.py"
    sample.parent.mkdir()
    sample.write_text(
        "def f(path):\n"
        "    raise VolumeError(f'Cannot read {path} at all')\n"
        "def g(path):\n"
        "    raise VolumeError(\n"
        "        QT_TRANSLATE_NOOP('Core', 'Cannot read {path}').format(path=path)\n"
        "    )\n",
        encoding="utf-8",
    )
    found = _unmarked(sample, tmp_path)
    assert len(found) == 1 and ":2:" in found[0]
