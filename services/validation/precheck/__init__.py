"""The automated pre-check: route, missing documents, course coverage and advice."""
