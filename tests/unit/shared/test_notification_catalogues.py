"""The notification catalogues (gettext, read with Babel): complete in every language, placeholders intact.

The seven languages are offered as their catalogues appear; a language without one reads Swedish.
"""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.pofile import read_po

from services.sfi_schedule import config as sfi_config
from services.sfi_schedule.notifications import texts as sfi_texts
from services.sfi_schedule.notifications.domain import OFFER_REMINDER, PUBLICATION_RESULT, SEAT_OFFER
from services.sfi_schedule.notifications.domain import TOPICS as SFI_TOPICS
from services.validation.outbox import texts as validation_texts
from services.validation.outbox.domain import TOPICS as VALIDATION_TOPICS
from shared.i18n import LANGUAGES
from shared.settings import SettingsError

MODULES = {"sfi": sfi_texts, "validation": validation_texts}


def message_ids(module) -> set[str]:
    """Every English text the module renders: its upper-case string constants, and the TEXTS table."""
    topics = {*SFI_TOPICS, *VALIDATION_TOPICS}  # imported names, not texts
    ids = {v for k, v in vars(module).items() if k.isupper() and isinstance(v, str) and v not in topics}
    for entry in getattr(module, "TEXTS", {}).values():
        ids.update(entry)
    ids.update(getattr(module, "OUTCOMES", {}).values())
    return ids


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("service", MODULES)
def test_every_message_has_a_translation_with_the_same_placeholders(service, lang):
    module = MODULES[service]
    path = module.CATALOGUES.po_path(lang)
    assert path.exists(), f"no {lang} catalogue: {lang} would read Swedish"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    translated = {m.id: m.string for m in catalog if m.id and not m.fuzzy}
    expected = message_ids(module)
    assert expected <= set(translated), sorted(expected - set(translated))
    assert set(translated) <= expected, f"unused entries: {sorted(set(translated) - expected)}"
    for msgid, msgstr in translated.items():
        assert msgstr, f"{lang}: no translation of {msgid!r}"
        assert fields(msgstr) == fields(msgid), (lang, msgid)


def test_english_is_the_message_id_and_every_language_renders_every_topic():
    payloads = {
        SEAT_OFFER: {"group": "SFI B", "course": "B", "startsOn": "2027-01-11",
                     "answerBy": "2027-01-04T15:00:00+00:00"},
        OFFER_REMINDER: {"group": "SFI B", "course": "B", "answerBy": "2027-01-04T15:00:00+00:00"},
        PUBLICATION_RESULT: {"outcome": "published", "version": 3, "publishAt": "2027-01-04T15:00:00+00:00",
                             "at": "2027-01-04T15:00:05+00:00", "summary": ["1 group added"]},
    }  # fmt: skip
    for lang in LANGUAGES:
        for topic, payload in payloads.items():
            text = sfi_texts.render(topic, payload, lang)
            assert text.subject and text.body and text.short and "{" not in text.body + text.subject
        for topic in VALIDATION_TOPICS:
            text = validation_texts.render(topic, {"reference": "VAL-2027-00012", "outcome": "full"}, lang)
            assert "VAL-2027-00012" in text.subject + text.body and "{" not in text.body
    offer = sfi_texts.render(SEAT_OFFER, payloads[SEAT_OFFER], "en")
    assert offer.subject == "A seat in SFI B is yours if you want it"
    assert "4 January 2027 16:00" in offer.body  # 15:00 UTC is 16:00 in Sweden in winter
    assert "4 januari 2027 16:00" in sfi_texts.render(SEAT_OFFER, payloads[SEAT_OFFER], "sv").body


@pytest.mark.parametrize("service", MODULES)
def test_the_preferred_language_falls_back_to_swedish(service):
    language = MODULES[service].CATALOGUES.language
    assert [language(p) for p in ("ar", "ar-SY", "EN", "en_GB", "fi", "", None)] == [
        "ar", "ar", "en", "en", "sv", "sv", "sv",
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("service", MODULES)
def test_each_of_the_seven_languages_is_offered_once_its_catalogue_is_written(service, lang):
    catalogues = MODULES[service].CATALOGUES
    written = lang == "en" or catalogues.po_path(lang).exists()
    assert catalogues.language(lang) == (lang if written else "sv")


def test_a_language_is_offered_the_moment_its_catalogue_appears(tmp_path):
    from shared.i18n import Catalogues

    (tmp_path / "so" / "LC_MESSAGES").mkdir(parents=True)
    before = Catalogues(tmp_path, domain="notifications", written_only=True)
    assert before.language("so") == "sv" and before.gettext("so", "Changes:") == "Changes:"
    (tmp_path / "so" / "LC_MESSAGES" / "notifications.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Changes:"\nmsgstr "Isbeddello:"\n',
        encoding="utf-8",
    )
    after = Catalogues(tmp_path, domain="notifications", written_only=True)
    assert after.language("so-SO") == "so" and after.gettext("so", "Changes:") == "Isbeddello:"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOTSEN_SFI_ADMIN_EMAILS", "admins"),
        ("LOTSEN_SFI_ADMIN_EMAILS", "a@kommun.example.se,,b"),
        ("LOTSEN_SFI_ADMIN_LANGUAGE", "fi"),
        ("LOTSEN_SFI_OFFER_REMINDER_HOURS", "soon"),
    ],
)
def test_a_bad_notification_setting_is_one_line_naming_it(name, value):
    with pytest.raises(SettingsError, match=re.escape(name)):
        sfi_config.SfiConfig.from_env({name: value})


def test_the_administrators_addresses_are_a_comma_separated_list():
    config = sfi_config.SfiConfig.from_env({"LOTSEN_SFI_ADMIN_EMAILS": " a@kommun.example.se, b@kommun.example.se "})
    assert config.admin_emails == ("a@kommun.example.se", "b@kommun.example.se") and config.admin_language == "sv"
    assert sfi_config.SfiConfig.from_env({}).admin_emails == ()
