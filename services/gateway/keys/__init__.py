"""API keys for municipal systems: random, shown once, stored as a hash, scoped, limited, revocable."""
