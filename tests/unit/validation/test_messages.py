"""Every message key the service uses exists, in all seven languages."""

from __future__ import annotations

import pytest

from services.validation.messages import CORE, language, text
from services.validation.precheck.domain import ROUTE_ORDER
from services.validation.workflow.domain import STATES
from shared.i18n import LANGUAGES

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


def test_every_key_is_a_message():
    assert [k for k in KEYS if k not in CORE.messages] == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_key_is_translated(lang):
    untranslated = [k for k in KEYS if text(k, lang) == CORE.messages[k].text]
    assert untranslated == []


@pytest.mark.parametrize(
    ("prefs", "lang"),
    [
        (("en-GB",), "en"),
        (("ar", "en"), "ar"),
        (("de", "so"), "so"),
        (("prs",), "fa"),
        (("de",), "sv"),
        ((None,), "sv"),
    ],
)
def test_language_falls_back_to_swedish(prefs, lang):
    assert language(*prefs) == lang


def test_parameters_are_filled_in():
    assert text("certificate.points", "en", validated=300, remaining=1200).startswith("Points validated: 300")
