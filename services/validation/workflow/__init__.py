"""The case workflow: states, allowed transitions, who may take them, and the event log."""
