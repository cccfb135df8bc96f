"""Unit tests of the lotsen command."""
