"""Reading: the document pane, the viewer of each kind, history, hits and links."""
