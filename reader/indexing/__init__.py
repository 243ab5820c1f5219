"""From a disc to the store: scan, extract in worker processes, write catalogue and index."""
