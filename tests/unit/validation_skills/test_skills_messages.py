"""Every skills-mapping and shortage-list text exists in Swedish and English (other languages read English)."""

from __future__ import annotations

import pytest

from services.validation.messages import MAIL_AND_SKILLS, text
from services.validation.shortage.domain import DEMAND_LEVELS
from services.validation.skills.domain import EDUCATION_FIELDS
from services.validation.skills.ranking import RELEVANCE_POINTS

KEYS = [
    *(f"demand.{level}" for level in DEMAND_LEVELS),
    *(f"field.{f}" for f in EDUCATION_FIELDS),
    *(f"skills.reason.{kind}" for kind in RELEVANCE_POINTS if kind != "none"),
    *(f"skills.reason.{k}" for k in ("short_experience", "no_experience", "unmapped", "education", "demand", "wish")),
    *(f"skills.swedish.{k}" for k in ("no_entry_level", "met", "sfi_left", "sfi_start", "course_needed",
                                      "course_done")),
    "skills.licence.missing", "skills.licence.held", "skills.validation.role", "skills.validation.none",
    "skills.ranking.rule", "skills.no_shortage_list",
]  # fmt: skip


def test_every_skills_text_is_a_message():
    assert [k for k in KEYS if k not in MAIL_AND_SKILLS.messages] == []


def test_every_skills_text_is_in_swedish():
    assert [k for k in KEYS if text(k, "sv") == MAIL_AND_SKILLS.messages[k].text] == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_ranking_rule_text_states_the_points_the_code_uses(lang):
    rule = text("skills.ranking.rule", lang)
    for points in (60, 45, 35, 15, 20, 10, 5):
        assert str(points) in rule
