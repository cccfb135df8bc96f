"""Every message key the service uses exists in Swedish and English."""

from __future__ import annotations

import pytest

from services.validation.applications.states import STATES
from services.validation.messages import catalogue, language, text
from services.validation.precheck.domain import ROUTE_ORDER

DOCUMENT_KINDS = ("diploma", "transcript", "translation", "course_description", "employment_certificate")
KEYS = [
    *(f"state.{s}" for s in STATES),
    *(f"next_step.{s}" for s in STATES),
    *(f"route.{r}" for r in ROUTE_ORDER),
    *(f"document.{k}" for k in (*DOCUMENT_KINDS, "language_proof", "id")),
    *(f"outcome.{o}" for o in ("full", "partial", "none")),
    "advice.swedish_first",
    "advice.uhr_statement",
    "advice.transition_rule",
    "advice.experience_counts",
    "advice.regulated_title",
]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_key_is_translated(lang):
    assert [k for k in KEYS if k not in catalogue(lang)] == []


def test_both_catalogues_have_the_same_keys():
    assert set(catalogue("sv")) == set(catalogue("en"))


@pytest.mark.parametrize(
    ("prefs", "lang"), [(("en-GB",), "en"), (("ar", "en"), "en"), (("ar",), "sv"), ((None,), "sv")]
)
def test_language_falls_back_to_swedish(prefs, lang):
    assert language(*prefs) == lang


def test_parameters_are_filled_in():
    assert text("certificate.points", "en", validated=300, remaining=1200).startswith("Points validated: 300")
