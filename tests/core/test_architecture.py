"""The house rules a command can check: imports flow one way, heavy dependencies have one
home each, nobody sets another object's private attributes, modules stay readable."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

READER = Path(__file__).resolve().parents[2] / "reader"
MAX_MODULE_LINES = 650
MAX_FUNCTION_LINES = 90

# Each heavy dependency and the modules allowed to import it.
HOMES = {
    "tantivy": {"reader.store.fulltext"},
    "pycdlib": {"reader.sources.iso"},
    "pymupdf": {
        "reader.indexing.extract.pdf",
        "reader.gui.viewers.pdf_doc",
        "reader.gui.viewers.pdf_render",
        "reader.indexing.ocr.pages",
    },
    "fitz": set(),
    "selectolax": {"reader.indexing.extract.html", "reader.indexing.extract.html_display"},
    "sqlite_utils": {"reader.store.catalogue", "reader.store.sqlite", "reader.library.schema"},
    "tesserocr": {"reader.indexing.ocr.engine"},
}
# The flow, bottom up: a package may import those before it, never those after.
# cli comes last: `archive-reader gui` starts the window.
LAYERS = ["sources", "store", "indexing", "search", "library", "publish", "gui", "cli"]
BESIDE = {"library": {"search"}, "search": {"library"}}  # neither imports the other


def _modules() -> dict[str, Path]:
    out = {}
    for path in READER.rglob("*.py"):
        parts = path.relative_to(READER.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[str]:
    """Every module `name` imports (TYPE_CHECKING blocks and functions included)."""
    found = []
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.append(base)
            # `from reader.store import fulltext` imports the module reader.store.fulltext
            found += [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for target in _imports(name, path):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def test_no_import_cycle_anywhere() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cycles: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            walk(module, [module])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_flow_runs_one_way_between_packages() -> None:
    wrong = []
    for name, targets in _graph().items():
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in LAYERS:
            continue
        here = LAYERS.index(parts[1])
        for target in targets:
            tparts = target.split(".")
            if len(tparts) < 3 or tparts[1] not in LAYERS or tparts[1] == parts[1]:
                continue
            if LAYERS.index(tparts[1]) > here or tparts[1] in BESIDE.get(parts[1], set()):
                wrong.append(f"{name} -> {target}")
    assert wrong == [], "imports against the flow: " + ", ".join(sorted(wrong))


def test_qt_only_under_gui_and_each_heavy_dependency_in_its_home() -> None:
    outside_gui, misplaced = [], []
    for name, path in MODULES.items():
        for target in _imports(name, path):
            top = target.split(".")[0]
            if top == "PySide6" and not name.startswith("reader.gui"):
                outside_gui.append(name)
            if top in HOMES and name not in HOMES[top]:
                misplaced.append(f"{name} imports {top}")
    assert outside_gui == []
    assert misplaced == []


def test_no_module_assigns_another_objects_private_attributes() -> None:
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.stmt):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for t in targets:
                if (
                    isinstance(t, ast.Attribute)
                    and t.attr.startswith("_")
                    and not t.attr.startswith("__")
                    and not (isinstance(t.value, ast.Name) and t.value.id in ("self", "cls"))
                ):
                    found.append(f"{name}:{node.lineno} sets .{t.attr}")
    assert found == []


def test_modules_and_functions_stay_readable() -> None:
    long_modules, long_functions = [], []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{name} ({text.count(chr(10))} lines)")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}.{node.name} ({length} lines)")
    assert long_modules == []
    assert long_functions == []
