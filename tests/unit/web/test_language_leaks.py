"""The language walk's check can fail: one leaked English or Swedish text, or a word outside the script, is found.

The texts are what the walk collects from a page (``tests/browser/language_leaks.py``); the browser half, that
the collector skips ``<bdi>`` and ``data-i18n-ignore`` and finds a leaked text node, is checked in the walk.
"""

from __future__ import annotations

from tests.browser.language_leaks import leaks

ARABIC_PAGE = ["ابحث عن SFI", "المقرر A، المسار الدراسي 2", "SFI", "2026-01-12"]


def test_an_arabic_page_in_arabic_passes():
    assert leaks("ar", ARABIC_PAGE, ["المقرر A، المسار الدراسي 2"]) == []


def test_one_leaked_english_string_fails():
    assert leaks("ar", [*ARABIC_PAGE, "Find SFI"]) == [
        "English: 'Find SFI'",
        "not in the ar script: 'Find SFI'",
    ]


def test_a_leaked_english_message_is_found_with_its_placeholders_filled():
    assert leaks("sv", ["Hitta SFI"], ["Course B, study path 3"]) == ["English: 'Course B, study path 3'"]


def test_swedish_showing_through_on_an_english_page_fails():
    assert leaks("en", ["Find SFI", "Hitta SFI"]) == ["Swedish: 'Hitta SFI'"]


def test_a_latin_word_on_a_ukrainian_page_fails_but_codes_do_not():
    assert leaks("uk", ["Знайти SFI", "SFI", "VAL-DEMO-0001"]) == []
    assert leaks("uk", ["Знайти SFI", "Sorry"]) == ["not in the uk script: 'Sorry'"]


def test_a_language_without_its_catalogue_reads_as_leaking_english():
    """Before its catalogue exists (or with a message left empty), English on a Tigrinya page is a leak."""
    assert leaks("ti", ["Find SFI"]) == ["English: 'Find SFI'", "not in the ti script: 'Find SFI'"]
