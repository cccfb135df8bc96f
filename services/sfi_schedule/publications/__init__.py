"""Draft → publish: immutable snapshot versions with a readable diff, published now or at a set time."""
