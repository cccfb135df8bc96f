"""Load and scale benchmarks for Lotsen (``make bench`` = ``python -m bench``); not part of ``make test``."""
