#!/usr/bin/env bash
# Add Archive Reader to this user's desktop: the menu entry (.desktop), its icons, the
# AppStream metainfo, and the MIME association that offers it for .iso images.
# No root needed: everything goes under ${XDG_DATA_HOME:-~/.local/share}.
#
#   install-desktop.sh                  install, launching `archive-reader-gui` (found beside
#                                       this script in a bundle, else on PATH, e.g. from pipx)
#   install-desktop.sh --exec PATH      install, launching PATH
#   install-desktop.sh --uninstall      remove what install put there
#   --data-dir DIR                      use DIR instead of ${XDG_DATA_HOME:-~/.local/share}
set -euo pipefail
APP_ID=org.archivereader.ArchiveReader
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
exe=""
action=install

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --uninstall) action=uninstall ;;
    --exec) exe=${2:?--exec needs a path}; shift ;;
    --data-dir) data=${2:?--data-dir needs a folder}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

sizes=(16 32 48 64 128 256)
desktop=$data/applications/$APP_ID.desktop
metainfo=$data/metainfo/$APP_ID.metainfo.xml
icon_files=()
for s in "${sizes[@]}"; do icon_files+=("$data/icons/hicolor/${s}x${s}/apps/$APP_ID.png"); done
icon_files+=("$data/icons/hicolor/scalable/apps/$APP_ID.svg")

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
  fi
}

if [ "$action" = uninstall ]; then
  rm -f "$desktop" "$metainfo" "${icon_files[@]}"
  refresh
  echo "Removed Archive Reader's menu entry, icons and metainfo from $data"
  exit 0
fi

if [ -z "$exe" ]; then
  if [ -x "$here/../archive-reader-gui" ]; then   # inside a bundle: dist/archive-reader/desktop/
    exe=$here/../archive-reader-gui
  else
    exe=$(command -v archive-reader-gui || true)
  fi
fi
[ -n "$exe" ] && [ -x "$exe" ] || {
  echo "install-desktop.sh: archive-reader-gui not found; install the app first" \
    "(pipx install archive-reader) or pass --exec PATH" >&2
  exit 1
}
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
case $exe in
  *[\"\`\$\\%]*) echo "install-desktop.sh: cannot use a path with \" \` \$ \\ or %: $exe" >&2; exit 1 ;;
esac

install -d "$data/applications" "$data/metainfo"
# Launch this very executable: quoted, since the path may hold spaces. Only the program is
# replaced: the template's field code (%F, every selected file in one process) stays.
sed_exe=$(printf '%s' "$exe" | sed 's/[|&]/\\&/g')   # | and & mean something to sed
sed -e "s|^Exec=[^ ]*|Exec=\"$sed_exe\"|" -e "s|^TryExec=.*|TryExec=$sed_exe|" \
  "$here/$APP_ID.desktop" >"$desktop.tmp"
mv "$desktop.tmp" "$desktop"
chmod 644 "$desktop"
install -m 644 "$here/$APP_ID.metainfo.xml" "$metainfo"
for s in "${sizes[@]}"; do
  install -D -m 644 "$here/icons/hicolor/${s}x${s}/apps/$APP_ID.png" \
    "$data/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
done
install -D -m 644 "$here/icons/hicolor/scalable/apps/$APP_ID.svg" \
  "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
refresh
echo "Installed Archive Reader's menu entry ($desktop), launching $exe"
