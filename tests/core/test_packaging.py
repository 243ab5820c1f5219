"""Packaging: one app id everywhere, valid desktop files, icons, licences, installable metadata."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from reader.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.archivereader.ArchiveReader"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SIZES = (16, 32, 48, 64, 128, 256)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ISO_TYPES = {"application/x-cd-image", "application/vnd.efi.iso"}
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
FLOOR_CONSTRAINTS = ROOT / "packaging" / "constraints-floor.txt"


def _desktop_entry(path: Path = DESKTOP) -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        debian = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}
        pytest.skip(f"{name} is not installed (Debian package {debian[name]}; .ci/run installs it)")
    return found


def test_one_app_id_in_the_window_the_desktop_file_and_the_metainfo() -> None:
    app_py = (ROOT / "reader" / "gui" / "app.py").read_text(encoding="utf-8")
    assert re.search(rf'setDesktopFileName\("{re.escape(APP_ID)}"\)', app_py)
    assert _desktop_entry()["Icon"] == APP_ID
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    assert meta.findtext("icon") == APP_ID


def test_desktop_file_offers_the_app_for_iso_images_not_for_every_folder() -> None:
    entry = _desktop_entry()
    mime = entry["MimeType"].rstrip(";").split(";")
    # inode/directory would let the app become the handler of every folder a user opens.
    assert set(mime) == ISO_TYPES
    meta = ET.parse(METAINFO).getroot()
    assert {m.text for m in meta.iterfind("provides/mediatype")} == ISO_TYPES


def test_desktop_file_hands_every_selected_file_to_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = _desktop_entry()
    # %F: two ISOs opened together start one window with both, not two processes (%f).
    assert entry["Exec"].split() == ["archive-reader-gui", "%F"]
    assert "archive-reader-gui" in PYPROJECT["project"]["gui-scripts"]
    # ... and the launcher takes them all.
    opened: list[list[str]] = []

    def open_window(args: argparse.Namespace) -> int:
        opened.append(args.paths)
        return 0

    monkeypatch.setattr(cli_main, "cmd_gui", open_window)
    monkeypatch.setattr(sys, "argv", ["archive-reader-gui", "/media/a.iso", "/tmp/my disc.iso"])
    assert cli_main.gui_main() == 0
    assert opened == [["/media/a.iso", "/tmp/my disc.iso"]]


def test_desktop_file_validates() -> None:
    tool = _tool("desktop-file-validate")
    proc = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_metainfo_validates() -> None:
    tool = _tool("appstreamcli")
    proc = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_metainfo_licences_and_source_match_the_project() -> None:
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("project_license") == PYPROJECT["project"]["license"]
    assert meta.findtext("metadata_license") == "CC0-1.0"
    source = PYPROJECT["project"]["urls"]["Source"]
    assert meta.findtext("url[@type='vcs-browser']") == source
    assert meta.find("content_rating") is not None
    release = meta.find("releases/release")
    assert release is not None
    assert release.get("version") == _version()
    for image in meta.iterfind("screenshots/screenshot/image"):
        name = (image.text or "").rsplit("/docs/screenshots/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), image.text


def _version() -> str:
    text = (ROOT / "reader" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match
    return match.group(1)


@pytest.mark.parametrize("size", SIZES)
def test_icon_is_rendered_at_every_size(size: int) -> None:
    png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (size, size)


def test_install_desktop_script_installs_and_uninstalls_per_user(tmp_path: Path) -> None:
    exe = tmp_path / "my apps & tools" / "archive-reader-gui"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    data = tmp_path / "share"
    script = LINUX / "install-desktop.sh"
    env = {**os.environ, "HOME": str(tmp_path)}
    args = ["bash", str(script), "--data-dir", str(data)]
    subprocess.run([*args, "--exec", str(exe)], check=True, env=env, capture_output=True)
    installed = data / "applications" / f"{APP_ID}.desktop"
    assert _desktop_entry(installed)["Exec"] == f'"{exe}" %F'
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(installed)], check=True)
    subprocess.run([*args, "--uninstall"], check=True, env=env, capture_output=True)
    assert not installed.exists()
    assert not list(data.rglob(f"{APP_ID}*"))


def test_licence_texts_are_complete() -> None:
    agpl = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert agpl.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in agpl
    assert "13. Remote Network Interaction" in agpl and "END OF TERMS AND CONDITIONS" in agpl
    assert len(agpl) > 30_000
    lgpl = (ROOT / "packaging" / "licenses" / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3, 29 June 2007" in lgpl
    gpl = (ROOT / "packaging" / "licenses" / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "END OF TERMS AND CONDITIONS" in gpl


def test_install_metadata_gives_both_commands_and_ships_the_resources() -> None:
    project = PYPROJECT["project"]
    assert project["scripts"]["archive-reader"] == "reader.cli.main:main"
    assert project["gui-scripts"]["archive-reader-gui"] == "reader.cli.main:gui_main"
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"]["reader.resources"] == "resources"
    data = setuptools["package-data"]
    assert "*.svg" in data["reader.resources.icons"]
    assert "**/*" in data["reader.resources.sample.SAMPLE_ARCHIVE"]
    # Every package the resources need is listed, so setuptools neither skips nor warns.
    for folder in (ROOT / "resources").rglob("*"):
        if folder.is_dir() and folder.name.isidentifier() and any(folder.iterdir()):
            name = "reader.resources." + ".".join(folder.relative_to(ROOT / "resources").parts)
            assert name in setuptools["packages"], name


def test_dependency_ranges_keep_the_bundle_lean_and_the_gui_stable() -> None:
    deps = PYPROJECT["project"]["dependencies"]
    assert any(re.fullmatch(r"PyMuPDF>=1\.\d+,<2", d) for d in deps), deps  # 2.x: onnxruntime
    gui = PYPROJECT["project"]["optional-dependencies"]["gui"]
    assert any(d.startswith("PySide6-Essentials") and "<6.12" in d for d in gui), gui


def _pins(path: Path) -> dict[str, Version]:
    """Canonical name -> version of a constraints file's `name==version` lines."""
    pins: dict[str, Version] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: not a pin: {line}"
        name = canonicalize_name(requirement.name)
        assert requirement.name == name, f"{path.name}: write {name}, not {requirement.name}"
        assert name not in pins, f"{path.name}: {name} pinned twice"
        pins[name] = Version(specs[0].version)
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    """pyproject.toml's requirements: the core, or those of the named extras (without the
    project's own "archive-reader[...]")."""
    project = PYPROJECT["project"]
    lines = project["dependencies"] if not extras else []
    for extra in extras:
        lines = [*lines, *project["optional-dependencies"][extra]]
    found = [Requirement(line) for line in lines]
    return [r for r in found if canonicalize_name(r.name) != project["name"]]


def test_every_dependency_is_pinned_inside_its_range() -> None:
    pins = _pins(CONSTRAINTS)
    extras = PYPROJECT["project"]["optional-dependencies"]
    for requirement in [*_requirements(), *_requirements(*extras)]:
        name = canonicalize_name(requirement.name)
        specs = list(requirement.specifier)
        if name not in pins and len(specs) == 1 and specs[0].operator == "==":
            continue  # pinned in pyproject.toml itself (the benchmark's whoosh-reloaded)
        assert name in pins, f"{requirement} has no pin in {CONSTRAINTS.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{CONSTRAINTS.name} pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )
    # The bundle's tools, PyInstaller's hooks included, are what `make bundle` was tried with.
    assert {"pyinstaller", "pyinstaller-hooks-contrib"} <= set(pins)


def test_floor_constraints_are_the_lower_bounds_of_the_core_dependencies() -> None:
    floors = _pins(FLOOR_CONSTRAINTS)
    lower: dict[str, Version] = {}
    for requirement in _requirements():
        bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert len(bounds) == 1, f"{requirement}: a core dependency needs one >= floor"
        lower[canonicalize_name(requirement.name)] = bounds[0]
    assert floors == lower


def test_every_install_takes_the_pins_and_ci_tests_the_floors() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "CONSTRAINTS := packaging/constraints.txt" in makefile
    for stamp in ("run", "test", "bench", "bundle"):
        rule = re.search(rf"^\$\(VENV\)/\.{stamp}-installed:(.*)\n((?:\t.*\n)+)", makefile, re.M)
        assert rule, stamp
        assert "$(CONSTRAINTS)" in rule.group(1), f".{stamp}-installed does not depend on the pins"
        assert "-c $(CONSTRAINTS)" in rule.group(2), f".{stamp}-installed ignores the pins"
    assert "FLOOR_CONSTRAINTS := packaging/constraints-floor.txt" in makefile
    assert re.search(r"^test-floor:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\s*make test-floor$", ci, re.M)


def test_bundle_spec_names_both_entry_points_and_the_resources() -> None:
    spec_dir = ROOT / "packaging" / "pyinstaller"
    spec = (spec_dir / "archive-reader.spec").read_text(encoding="utf-8")
    for script in ("archive_reader_cli", "archive_reader_gui"):
        assert (spec_dir / f"{script}.py").is_file()
        assert script in spec
    assert 'name="archive-reader"' in spec and 'name="archive-reader-gui"' in spec
    assert "reader/resources" in spec and 'copy_metadata("archive-reader")' in spec
    cli = (ROOT / "reader" / "cli" / "main.py").read_text(encoding="utf-8")
    # Both entry points (main and gui_main) divert a frozen worker process first thing.
    assert cli.count("    _freeze_support()\n") == 2
    assert "multiprocessing.freeze_support()" in cli


def test_macos_and_windows_recipes_use_the_same_id() -> None:
    plist = (ROOT / "packaging" / "macos" / "Info.plist").read_text(encoding="utf-8")
    assert f"<string>{APP_ID}</string>" in plist
    iss = (ROOT / "packaging" / "windows" / "archive-reader.iss").read_text(encoding="utf-8")
    assert "archive-reader-gui.exe" in iss and "licenses" in iss


def test_an_installed_app_gets_every_package_of_the_source() -> None:
    # A wheel holds only the listed packages: reader.gui.window once went unlisted, which an
    # editable install (the tests') never shows, and `pip install .` made a window-less app.
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reader").rglob("__init__.py")
    }
    assert found - listed == set()
