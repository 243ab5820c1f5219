"""Write reader/search/fold_table.py, the one-for-one fold that rough_fold uses.

    python packaging/fold_table.py > reader/search/fold_table.py

The table is a function of Python's Unicode database (reader.search.analysis.one_to_one_fold
computes it); it is written out because computing it costs a few milliseconds of every
start of the command line, where `archive-reader search` has 150 ms in all.
tests/core/test_fold_table.py fails when the written table and the computed one differ
(a Python with another Unicode version): run this again then.
"""

from __future__ import annotations

import sys

from reader.search.analysis import one_to_one_fold

HEAD = '''"""Lower case and accents off, one character for one (reader.search.analysis.rough_fold).

Written by packaging/fold_table.py from Python's Unicode database: do not edit.
"""

# fmt: off
FOLD = {
'''


def main() -> None:
    table = one_to_one_fold()
    out = [HEAD]
    items = [f"{k}: {v}," for k, v in sorted(table.items())]
    line = "   "
    for item in items:
        if len(line) + 1 + len(item) > 100:
            out.append(line + "\n")
            line = "   "
        line += " " + item
    out.append(line + "\n")
    out.append("}\n# fmt: on\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
