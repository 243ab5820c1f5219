"""Archive Reader: offline reading and full-text search of document archives."""

__version__ = "0.1.0"
