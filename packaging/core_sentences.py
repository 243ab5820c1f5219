"""Write the table the window says the core's sentences from (reader/gui/core_text.py).

    python packaging/core_sentences.py resources/translations/archive_reader_fr.ts OUT.json

OUT.json maps each finished translation of the .ts's "Core" context (the sentences the core
marks in reader/sentences.py's way) from its English template. `make qm` builds it beside
the .qm files, from the same .ts, so the two never disagree.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

CONTEXT = "Core"


def core_table(ts_path: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if source is None or translation is None or translation.get("type"):
                continue  # unfinished or vanished: the sentence stays English
            if translation.text:
                table[source] = translation.text
    return table


if __name__ == "__main__":
    source, out = sys.argv[1:3]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(core_table(source), fh, ensure_ascii=False, indent=0, sort_keys=True)
        fh.write("\n")
