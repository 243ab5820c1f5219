"""The main window: a shell that builds the controllers and wires them together."""
