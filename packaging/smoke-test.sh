#!/usr/bin/env bash
# Build the Linux bundle (make bundle) and check that the frozen app works as a user would
# run it: --version, indexing with worker processes, search --json, the bundled sample
# archive and the window (offscreen), every library resolved, licences present.
# Run by .ci/run after `make test`; prints the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
app=$root/dist/archive-reader
t0=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$1" $(($(date +%s) - t0)); }
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

step "build the bundle"
make --no-print-directory bundle
build_seconds=$(($(date +%s) - t0))

work=$(mktemp -d /tmp/archive-reader-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The frozen app must not lean on the checkout or the venv: run it from elsewhere, with
# its data under $work.
export ARCHIVE_READER_BASEDIR=$work/home
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
cd "$work"

step "--version"
version=$("$root/.venv/bin/python" -c 'import reader; print(reader.__version__)')
out=$("$app/archive-reader" --version)
echo "$out"
[ "$out" = "archive-reader $version" ] || fail "--version printed '$out'"

step "every bundled library resolves"
# Except the graphics stack that a desktop session itself provides (Wayland client side
# libraries for the wayland plugin, GL/EGL/Vulkan, which PyInstaller never bundles).
missing=$(find "$app/_internal" -name '*.so*' -type f -print0 \
  | xargs -0 -n 50 ldd 2>/dev/null | grep 'not found' \
  | grep -v 'libwayland-\|libEGL\|libGL\|libOpenGL\|libvulkan' | sort -u || true)
[ -z "$missing" ] || fail "unresolved libraries: $missing"
echo ok

step "licences"
for f in AGPL-3.0.txt LGPL-3.0.txt GPL-3.0.txt; do
  [ -s "$app/licenses/$f" ] || fail "licenses/$f missing"
done
grep -q "GNU AFFERO GENERAL PUBLIC LICENSE" "$app/licenses/AGPL-3.0.txt" || fail "AGPL text"
ls "$app/licenses" "$app/licenses/third-party" | tr '\n' ' '; echo

step "the source of this version is in the bundle (the AGPL's offer)"
tarball=$app/source/archive-reader-$version-source.tar.gz
[ -s "$tarball" ] || fail "no source archive at $tarball"
listing=$(tar -tzf "$tarball")
for want in pyproject.toml LICENSE reader/cli/main.py reader/gui/window/main_window.py packaging/smoke-test.sh; do
  grep -qx "archive-reader-$version/$want" <<<"$listing" || fail "source archive lacks $want"
done
echo "$(wc -l <<<"$listing") files, $(du -k "$tarball" | cut -f1) KB"

step "index a generated archive (worker processes re-run the frozen executable)"
(cd "$root" && .venv/bin/python -m tests.archive_factory --files 60 --out "$work/archive/CRYPTOME_1")
timeout 300 "$app/archive-reader" index --quiet --workers 2 "$work/archive/CRYPTOME_1" | tee "$work/index.txt"
indexed=$(sed -n 's/^Indexed \([0-9,]*\) files.*/\1/p' "$work/index.txt" | tr -d ,)
[ "${indexed:-0}" -ge 50 ] || fail "indexed only '${indexed:-0}' of 60 files"

step "search --json"
"$app/archive-reader" search surveillance --json --limit 5 >"$work/search.json"
"$root/.venv/bin/python" - "$work/search.json" "$work/archive/CRYPTOME_1" <<'PY'
import json, pathlib, sys
result = json.loads(pathlib.Path(sys.argv[1]).read_text())
assert result["total"] > 0 and result["hits"], f"no hits: {result}"
hit = result["hits"][0]
assert (pathlib.Path(sys.argv[2]) / hit["path"]).is_file(), hit
snippet = hit["snippet"] or {}
marked = [snippet["text"][a:b].lower() for a, b in snippet.get("marks", [])]
assert marked and all(m.startswith("surveil") for m in marked), hit
print(f"{result['total']} hits; first: {hit['path']} ({hit['kind']})")
PY

step "index and search the bundled sample archive (PDF, HTML, images)"
sample=$app/_internal/reader/resources/sample/SAMPLE_ARCHIVE
timeout 300 "$app/archive-reader" --archive sample index --quiet "$sample"
"$app/archive-reader" --archive sample search 'type:pdf' --json >"$work/sample.json"
"$root/.venv/bin/python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["total"] > 0, r
print(r["total"], "PDF documents")' "$work/sample.json"

step "OCR: a scanned PDF read by the bundled engine and language data, then found"
(cd "$root" && .venv/bin/python -c '
import sys, pathlib
from tests.scans import scan_pdf
out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True)
(out / "scan.pdf").write_bytes(scan_pdf([["The harbourmaster signed the quarantine order"]]))
' "$work/scans/SCANS_1/1990")
[ -d "$app/_internal/tessdata" ] || fail "no tessdata/ in the bundle"
timeout 300 "$app/archive-reader" --archive scans index --quiet "$work/scans/SCANS_1"
timeout 300 "$app/archive-reader" --archive scans ocr --quiet | tee "$work/ocr.txt"
grep -q '^Read 1 pages' "$work/ocr.txt" || fail "OCR did not read the scan"
"$app/archive-reader" --archive scans search quarantine --json >"$work/ocr.json"
"$root/.venv/bin/python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["total"] == 1 and r["hits"][0]["path"].endswith("scan.pdf"), r
print("the scan is found by a word OCR read")' "$work/ocr.json"

step "window: starts offscreen, finds its resources and Qt plugins, quits cleanly"
rc=0
QT_QPA_PLATFORM=offscreen ARCHIVE_READER_QUIT_AFTER_MS=1500 timeout 60 \
  "$app/archive-reader-gui" >"$work/gui.txt" 2>"$work/gui-err.txt" || rc=$?
if [ "$rc" -ne 0 ]; then cat "$work/gui.txt" "$work/gui-err.txt"; fail "the window exited with status $rc"; fi
cat "$work/gui.txt"
line=$(grep '^window shown:' "$work/gui.txt") || fail "the window never showed"
for want in "platform=offscreen" "icon=True" "sample=$sample" "source=bundled"; do
  [[ $line == *"$want"* ]] || fail "window report lacks '$want'"
done
for fmt in svg jpeg gif png; do
  [[ $line == *"formats="*"$fmt"* ]] || fail "no Qt image format plugin for $fmt"
done
if grep -v 'propagateSizeHints' "$work/gui-err.txt" | grep -qi 'error\|traceback\|could not'; then
  cat "$work/gui-err.txt"; fail "the window wrote errors"
fi

step "window in French: its menus, Qt's own buttons and the core's sentences"
rc=0
LANGUAGE=fr LANG=fr_FR.UTF-8 QT_QPA_PLATFORM=offscreen ARCHIVE_READER_QUIT_AFTER_MS=1500 \
  timeout 60 "$app/archive-reader-gui" >"$work/gui-fr.txt" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/gui-fr.txt"; fail "the French window exited with status $rc"; }
line=$(grep '^window language:' "$work/gui-fr.txt") || { cat "$work/gui-fr.txt"; fail "no language report"; }
echo "$line"
for want in "window language: fr" "menus=Fichier,Édition" "cancel=Annuler" "core=Rien à chercher."; do
  [[ $line == *"$want"* ]] || fail "the French window lacks '$want' (its .qm, qtbase_fr.qm or core table)"
done

"$root/.venv/bin/python" - "$app/_internal/PySide6/Qt/plugins" <<'PY'
import pathlib, sys
plugins = pathlib.Path(sys.argv[1])
for need in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
             "imageformats/libqsvg.so", "imageformats/libqjpeg.so", "imageformats/libqgif.so",
             "iconengines/libqsvgicon.so"):
    assert (plugins / need).is_file(), f"missing Qt plugin {need}"
print("Qt plugins: xcb, wayland, offscreen; svg, jpeg, gif; svg icons")
PY

step "a disc that carries its reader: publish --with-app, then start it from the read-only disc"
# The frozen app puts its own bundle on the master (a bare --with-app), beside the index.
disc=$work/burn/CRYPTOME_1
(cd "$root" && .venv/bin/python -m tests.archive_factory --files 60 --no-awkward --out "$disc" >/dev/null)
timeout 300 "$app/archive-reader" publish --quiet "$disc" --with-app | tee "$work/with-app.txt"
grep -q '^With the reader for linux-' "$work/with-app.txt" || fail "publish --with-app said no reader"
platform=$(cd "$disc/ArchiveReader" && ls -d linux-*) || fail "no ArchiveReader/linux-* on the master"
for f in ArchiveReader-start.sh ArchiveReader.desktop ArchiveReader-README.txt autorun.inf; do
  [ -s "$disc/$f" ] || fail "no $f on the master"
done
digest() { (cd "$root" && .venv/bin/python -c 'import sys, pathlib
from tests.archive_factory import tree_digest
print(tree_digest(pathlib.Path(sys.argv[1])))' "$1"); }
chmod -R a-w "$disc"
before=$(digest "$disc")
# The CLI from inside the disc, its data on a "stick": it runs there and adopts the index.
"$disc/ArchiveReader/$platform/archive-reader" --portable "$work/stick" index --quiet "$disc" \
  | tee "$work/from-disc.txt"
grep -q '^Used the ready-made index on CRYPTOME_1' "$work/from-disc.txt" || fail "not adopted"
grep -q '^Indexed 0 files' "$work/from-disc.txt" || fail "files were read again, or the reader was"
# The window started by the disc's own script opens that disc by itself.
rc=0
QT_QPA_PLATFORM=offscreen ARCHIVE_READER_QUIT_AFTER_MS=3000 timeout 60 \
  sh "$disc/ArchiveReader-start.sh" --portable "$work/stick2" >"$work/disc-gui.txt" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/disc-gui.txt"; fail "the window from the disc exited with $rc"; }
"$disc/ArchiveReader/$platform/archive-reader" --portable "$work/stick2" info --json >"$work/disc-info.json"
"$root/.venv/bin/python" - "$work/disc-info.json" "$disc" <<'PY'
import json, sys
volumes = json.load(open(sys.argv[1]))["volumes"]
assert [v["location"] for v in volumes] == [sys.argv[2]], volumes
assert volumes[0]["files"] == 60, volumes
print(f"the window opened the disc it was started from: {volumes[0]['label']}, 60 files")
PY
[ "$(digest "$disc")" = "$before" ] || fail "something was written to the disc"
chmod -R u+w "$disc"
echo "nothing was written to the disc"

step "done"
size=$(du -sm "$app" | cut -f1)
echo "smoke test passed: bundle ${size} MB, built in ${build_seconds} s, all in $(($(date +%s) - t0)) s"
