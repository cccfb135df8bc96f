"""The published schedule as readers see it: groups, occurrences, sync with tombstones."""
