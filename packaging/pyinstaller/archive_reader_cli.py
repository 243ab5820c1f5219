"""Frozen entry point of `archive-reader` (console): the command line, or the window."""

import sys

from reader.cli.main import main

sys.exit(main())
