"""Publishing: a disc set's catalogue and index written into its disc masters."""
