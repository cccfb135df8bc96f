"""Draft SFI groups: weekly patterns, per-occurrence exceptions, rules and double-booking on every save."""
