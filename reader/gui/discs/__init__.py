"""Discs in the window: archives, discs inserted and asked for, disc sets."""
