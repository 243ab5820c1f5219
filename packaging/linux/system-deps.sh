#!/usr/bin/env bash
# Install (as root) or name (otherwise) the Debian/Ubuntu packages the app needs beyond
# Python's: the libraries Qt needs to run, offscreen in tests or on a desktop, and
# Tesseract's language data for OCR of scanned pages (English, French, German, Spanish;
# the tesserocr wheel brings the engine but no data). Idempotent: does nothing when all
# are present.
set -euo pipefail
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 fonts-dejavu-core
      tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-spa)
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian-like: nothing we can do here
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages for Qt and OCR: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Qt and OCR need these system packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
