"""What indexing keeps: the SQLite catalogue, the full-text index, banners, published layouts."""
