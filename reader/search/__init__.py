"""Finding documents: the query language, its compilation, ranked results, suggestions, export."""
