"""Indexing in the window: the run in the background, its progress panel and report."""
