"""`python -m reader` runs the archive-reader command."""

import sys

from reader.cli import main

sys.exit(main())
