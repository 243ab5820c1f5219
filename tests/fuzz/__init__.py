"""Time-bounded fuzzing (`make fuzz`); not part of `make test`."""
