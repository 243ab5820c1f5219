"""The archive-reader command line."""
