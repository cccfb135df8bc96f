"""The Swedish a person needs for an occupation, and what is left for them (pure).

The rule (DEFAULT, data in ``validation.occupations``): each occupation names the SFI course to have passed
to start its vocational route (undersköterska: SFI D, the entry level of Komvux's vård- och omsorg package),
and the Swedish courses beyond SFI it needs (undersköterska: Svenska som andraspråk 1, SVASVA01, part of
the 1 500-point package). What is left:
- SFI passed up to a course: the courses after it, up to the entry level.
- No Swedish recorded: SFI from the first course of the study path the person's schooling points to (path 1
  from A for no or primary schooling, path 2 from B for lower-secondary, path 3 from C for longer), up to
  the entry level; the SFI school decides the start course by its own mapping (kartläggning).
- Svenska som andraspråk or Svenska: SFI is done; an SvA course is done when the level recorded reaches it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.validation.shortage.domain import Occupation
from services.validation.skills.domain import EDUCATION_LEVELS, Schooling

SFI_COURSES = ("A", "B", "C", "D")
PATH_START = {1: "A", 2: "B", 3: "C"}
SVA_LEVEL = {"SVASVA01": 1, "SVASVA02": 2, "SVASVA03": 3}  # Svenska som andraspråk 1-3
SVA_RECORDED = {"grund": 0, "1": 1, "2": 2, "3": 3}


@dataclass(frozen=True, slots=True)
class SwedishWay:
    """The entry level, whether the person has it, the SFI courses left, and the Swedish courses beyond SFI."""

    entry_level: str | None
    met: bool
    sfi_left: tuple[str, ...] = ()
    path: int | None = None
    start_known: bool = True
    courses: tuple[tuple[str, bool], ...] = ()


def expected_path(education: Iterable[Schooling]) -> int:
    """The SFI study path a person's schooling points to (the SFI school decides)."""
    highest = max((e.rank for e in education), default=0)
    if highest <= EDUCATION_LEVELS.index("primary"):
        return 1
    return 2 if highest == EDUCATION_LEVELS.index("lower_secondary") else 3


def _sva_done(code: str, kind: str, course: str | None) -> bool:
    if kind == "svenska":
        return True
    return kind == "sva" and SVA_RECORDED.get(course or "", -1) >= SVA_LEVEL.get(code, 99)


def swedish_way(
    occupation: Occupation | None, *, kind: str, course: str | None, education: Iterable[Schooling]
) -> SwedishWay:
    """What Swedish the occupation needs and what is left for the person."""
    entry = occupation.sfi_level if occupation else None
    courses = tuple((c, _sva_done(c, kind, course)) for c in (occupation.swedish_courses if occupation else ()))
    if entry is None or kind in ("sva", "svenska"):
        return SwedishWay(entry, True, courses=courses)
    target = SFI_COURSES.index(entry)
    if kind == "sfi" and course in SFI_COURSES:
        passed = SFI_COURSES.index(course)
        left = SFI_COURSES[passed + 1 : target + 1]
        return SwedishWay(entry, not left, left, courses=courses)
    path = expected_path(education)
    start = SFI_COURSES.index(PATH_START[path])
    return SwedishWay(entry, False, SFI_COURSES[start : max(start, target) + 1], path, False, courses)
