"""The user's own library: bookmarks, notes, tags and history, and their export."""
