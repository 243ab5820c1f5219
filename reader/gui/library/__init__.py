"""The user's library in the window: the side panel, bookmarks, citations, export."""
