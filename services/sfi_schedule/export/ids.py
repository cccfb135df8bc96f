"""Stable SS 12000 ids for what Lotsen keeps no row of its own for (uuid5: the same on every replica, forever)."""

from __future__ import annotations

from uuid import UUID, uuid5

NAMESPACE = UUID("3c1d8f5e-6a2b-5f47-9e08-55a1200c0de1")


def huvudman_id(name: str) -> UUID:
    """The municipality as huvudman, derived from its configured name."""
    return uuid5(NAMESPACE, f"huvudman/{name}")


def duty_id(teacher_id: UUID | str) -> UUID:
    """A teacher's one duty (tjänstgöring) as SFI teacher; the teacher is the Person."""
    return uuid5(NAMESPACE, f"duty/{teacher_id}")


def syllabus_id(course: str) -> UUID:
    """The syllabus of SFI course A–D (SS 12000 needs a uuid, the course code is kept in ``courseCode``)."""
    return uuid5(NAMESPACE, f"syllabus/VUXSFI/{course}")
