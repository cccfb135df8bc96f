"""Decisions: outcome per course, the gap list in prerequisite order, points, and the certificate."""
