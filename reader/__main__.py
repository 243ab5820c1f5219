"""`python -m reader` runs the archive-reader command."""

import sys

from reader.cli.main import main

sys.exit(main())
