"""Write .ts translation files back in the style they are kept in git (4-space indent).

pyside6-lupdate re-indents a whole .ts and escapes quotes and no-break spaces, which makes a
diff of every line; `make translations` runs this after it so that the diff holds only the
messages that changed.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def restyle(path: str) -> None:
    tree = ET.parse(path)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        restyle(name)
