"""The Swedish an occupation needs and what is left: SFI entry level, study path, Svenska som andraspråk."""

from __future__ import annotations

import pytest

from services.validation.shortage.domain import Occupation
from services.validation.skills.domain import Schooling
from services.validation.skills.swedish import expected_path, swedish_way

NURSE = Occupation("5321", "Undersköterskor", "Assistant nurses", "underskoterska", ("care",), "D", ("SVASVA01",))
CLEANER = Occupation("9111", "Städare", "Cleaners", None, ("cleaning",), "B")
ANYONE = Occupation("0000", "Okänt", "Unknown")


def school(level: str) -> tuple[Schooling, ...]:
    return (Schooling(level, "other", "SY", 6),)


@pytest.mark.parametrize(
    ("education", "path"),
    [((), 1), (school("none"), 1), (school("primary"), 1), (school("lower_secondary"), 2),
     (school("upper_secondary"), 3), (school("university"), 3)],
)  # fmt: skip
def test_the_study_path_follows_the_schooling(education, path):
    assert expected_path(education) == path


@pytest.mark.parametrize(
    ("occupation", "kind", "course", "education", "met", "left", "path"),
    [
        (NURSE, "sfi", "D", (), True, (), None),
        (NURSE, "sfi", "B", (), False, ("C", "D"), None),
        (NURSE, "none", None, school("primary"), False, ("A", "B", "C", "D"), 1),
        (NURSE, "none", None, school("upper_secondary"), False, ("C", "D"), 3),
        (CLEANER, "none", None, school("upper_secondary"), False, ("C",), 3),  # path 3 starts above B
        (CLEANER, "sfi", "A", (), False, ("B",), None),
        (CLEANER, "sfi", "C", (), True, (), None),
        (NURSE, "sva", "grund", (), True, (), None),
        (ANYONE, "none", None, (), True, (), None),
    ],
)
def test_what_sfi_is_left_for_the_entry_level(occupation, kind, course, education, met, left, path):
    way = swedish_way(occupation, kind=kind, course=course, education=education)
    assert (way.met, way.sfi_left, way.path) == (met, left, path)
    assert way.start_known == (path is None)


@pytest.mark.parametrize(
    ("kind", "course", "done"),
    [("sfi", "D", False), ("sva", "grund", False), ("sva", "1", True), ("sva", "3", True), ("svenska", None, True)],
)
def test_svenska_som_andrasprak_1_is_done_from_sva_1_or_svenska(kind, course, done):
    way = swedish_way(NURSE, kind=kind, course=course, education=())
    assert way.courses == (("SVASVA01", done),)
