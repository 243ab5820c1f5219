"""Frozen entry point of `archive-reader-gui` (windowed): the window, on the paths given."""

import sys

from reader.cli.main import gui_main

sys.exit(gui_main())
